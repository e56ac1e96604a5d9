#!/usr/bin/env bash
# Checks the dependency rule between folders (before anything is installed or built), installs
# the dependencies and checks formatting; runs the whole test suite built with AddressSanitizer
# and UndefinedBehaviorSanitizer, then clang-tidy over the sources; then the tests of the parts
# that share state between threads without oneTBB (scheduler, token bucket, fetcher loop,
# storage writer, alert delivery thread, HTTP client) under ThreadSanitizer; then the release
# build and runtime bundle docker/Dockerfile ships. This is what .ci/run calls.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
echo "== Dependency rule between folders (README \"Code map\")"
bash scripts/check-layers.sh
bash scripts/install-deps.sh

echo "== clang-format"
bash scripts/check-format.sh

echo "== AddressSanitizer + UndefinedBehaviorSanitizer: the whole suite"
cmake -S . -B build-asan -DPRICECRAWL_SANITIZE=address,undefined
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan -j"$jobs" --output-on-failure --timeout 300

echo "== clang-tidy (.clang-tidy) over crawler/, storage/, config/"
bash scripts/tidy.sh build-asan

echo "== ThreadSanitizer: the tests that do not run oneTBB"
tsan_tests=(token_bucket_test host_scheduler_test fetcher_test frontier_store_test
            run_store_test price_store_test crawl_store_test outbox_delivery_test webhook_test
            command_channel_test http_get_test stored_queue_test alert_store_test progress_test)
cmake -S . -B build-tsan -DPRICECRAWL_SANITIZE=thread
cmake --build build-tsan -j"$jobs" --target "${tsan_tests[@]}"
for test in "${tsan_tests[@]}"; do
  echo "-- $test"
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    timeout 600 "build-tsan/tests/$test" --gtest_brief=1
done

echo "== Release build and runtime bundle (docker/Dockerfile's build stage)"
bash scripts/build-release.sh
