#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format makes of it with the project's
# .clang-format; prints the files and the command that fixes them. CI runs it before the build.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h')
mapfile -t dirty < <(clang-format --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning:.*/\1/p' | sort -u)
if [ "${#dirty[@]}" -gt 0 ]; then
  printf '%s\n' "${dirty[@]}"
  echo "check-format: ${#dirty[@]} of ${#files[@]} C++ files are not clang-format clean; run: clang-format -i ${dirty[*]}"
  exit 1
fi
echo "check-format: ${#files[@]} C++ files are clang-format clean ($(clang-format --version | sed 's/.*version //'))"
