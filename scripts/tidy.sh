#!/usr/bin/env bash
# Runs clang-tidy with the checks in .clang-tidy over the project's sources (crawler/, storage/,
# config/ and the headers they include), using the compile commands of an existing build folder.
# Usage: scripts/tidy.sh BUILD_DIR [FILE...]. Any finding fails (WarningsAsErrors in .clang-tidy).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/tidy.sh BUILD_DIR [FILE...]}
shift
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'crawler/*.cc' 'storage/*.cc' 'config/*.cc')
fi
# The build uses g++; clang-tidy reads its flags and does not know g++-only warning options.
run-clang-tidy -p "$build" -quiet -j"$(nproc)" -extra-arg=-Wno-unknown-warning-option \
  "${files[@]/#/$PWD/}" > "$build/clang-tidy.log" 2>&1 && status=0 || status=$?
sed "s/\x1b\[[0-9;]*m//g" "$build/clang-tidy.log" | grep -E "(warning|error):" | sort -u || true
if [ "$status" -ne 0 ]; then
  echo "clang-tidy: findings in the files above (full log: $build/clang-tidy.log)"
  exit 1
fi
echo "clang-tidy: ${#files[@]} files clean ($(clang-tidy --version | sed -n 's/.*LLVM version //p'))"
