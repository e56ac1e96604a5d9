#!/usr/bin/env bash
# Installs the dependencies and runs the whole test suite, built with AddressSanitizer and
# UndefinedBehaviorSanitizer. This is what .ci/run calls.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/install-deps.sh
cmake -S . -B build-asan -DPRICECRAWL_SANITIZE=address,undefined
cmake --build build-asan -j"$(nproc)"
ctest --test-dir build-asan -j"$(nproc)" --output-on-failure --timeout 300
