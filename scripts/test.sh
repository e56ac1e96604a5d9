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
# Each stage's wall time, printed at the end (also when a stage fails), so a slow stage shows.
timings=()
stage_name=""
# CPU seconds used so far by this script's finished children (user + system), read from
# `times` into $cpu_used. No pipe or $(...): in a subshell `times` would not see them.
times_file=$(mktemp)
children_cpu() {
  times > "$times_file"
  local user system
  { read -r _ _; read -r user system; } < "$times_file"
  cpu_used=0
  for t in "$user" "$system"; do
    local minutes=${t%%m*} rest=${t#*m}
    cpu_used=$((cpu_used + 10#$minutes * 60 + 10#${rest%%.*}))
  done
}
stage() {
  end_stage
  stage_name=$1
  stage_started=$SECONDS
  children_cpu
  stage_cpu=$cpu_used
  echo "== $1"
}
end_stage() {
  if [ -n "$stage_name" ]; then
    children_cpu
    timings+=("$(printf '%5d s wall %6d s CPU  %s' $((SECONDS - stage_started)) \
      $((cpu_used - stage_cpu)) "$stage_name")")
  fi
  stage_name=""
}
print_timings() {
  end_stage
  echo "== Stage times ($jobs CPUs)"
  printf '%s\n' "${timings[@]}"
  echo "$(printf '%5d s wall' "$SECONDS")  in all"
  rm -f "$times_file"
}
trap print_timings EXIT
stage "Dependency rule between folders (README \"Code map\")"
bash scripts/check-layers.sh
stage "Dependencies (scripts/install-deps.sh)"
bash scripts/install-deps.sh

stage "clang-format"
bash scripts/check-format.sh

stage "AddressSanitizer + UndefinedBehaviorSanitizer: build"
# -O0 (Debug, asserts on): compiles in a third of the time -O2 takes under the sanitizers, and
# the sanitizers see every access; optimiser-only warnings are the release build's (-Werror there too).
cmake -S . -B build-asan -DPRICECRAWL_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug
cmake --build build-asan -j"$jobs"
stage "AddressSanitizer + UndefinedBehaviorSanitizer: the whole suite"
ctest --test-dir build-asan -j"$jobs" --output-on-failure --timeout 300

stage "clang-tidy (.clang-tidy) over crawler/, storage/, config/"
bash scripts/tidy.sh build-asan

stage "ThreadSanitizer: the tests that do not run oneTBB"
tsan_tests=(token_bucket_test host_scheduler_test fetcher_test frontier_store_test
            run_store_test price_store_test crawl_store_test outbox_delivery_test webhook_test
            command_channel_test http_get_test stored_queue_test alert_store_test progress_test)
# -O1, as ThreadSanitizer's documentation advises: its runtime is slow at -O0, -O2 compiles slowly.
cmake -S . -B build-tsan -DPRICECRAWL_SANITIZE=thread -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"
cmake --build build-tsan -j"$jobs" --target "${tsan_tests[@]}"
stage "ThreadSanitizer: run"
for test in "${tsan_tests[@]}"; do
  echo "-- $test"
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    timeout 600 "build-tsan/tests/$test" --gtest_brief=1
done

stage "Release build and runtime bundle (docker/Dockerfile's build stage)"
bash scripts/build-release.sh
