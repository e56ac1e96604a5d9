#!/usr/bin/env bash
# Installs every Debian package pricecrawl's build, tests, demo and benchmarks need.
# The one apt-get list of the project: used by the README, .ci/run and docker/Dockerfile.
# Usage: scripts/install-deps.sh [--bench]   (--bench adds the peers and tools bench/ runs)
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
packages=(
  build-essential cmake pkg-config ca-certificates git clang-format clang-tidy
  libcurl4-openssl-dev libgumbo-dev libsqlite3-dev sqlite3 libtbb-dev
  libgtest-dev libgmock-dev googletest
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libspdlog-dev libcpp-httplib-dev
  zlib1g-dev procps python3 curl nginx-light time chromium
)
if [ "${1:-}" = "--bench" ]; then
  # Peers crawled side by side, the load generator, profilers and the fuzzing compiler.
  packages+=(wget2 python3-scrapy wrk iproute2 valgrind linux-perf hyperfine clang libclang-rt-14-dev)
fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${packages[@]}"
