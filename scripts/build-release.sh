#!/usr/bin/env bash
# Builds the optimised pricecrawl binary (no tests) and gathers it with the shared libraries it
# needs into one folder: bin/pricecrawl and lib/*.so*, everything but the C library itself.
# docker/Dockerfile ships that folder; .ci/run builds and checks it the same way.
# Usage: scripts/build-release.sh [OUT_DIR]   (default build-release/dist)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${1:-build-release/dist}
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DPRICECRAWL_BUILD_TESTS=OFF
cmake --build build-release -j"$(nproc)" --target pricecrawl
rm -rf "$out" && mkdir -p "$out/bin" "$out/lib"
cp build-release/pricecrawl "$out/bin/"
strip "$out/bin/pricecrawl"
# The C library, the dynamic loader and the kernel's vDSO come from the runtime image itself.
is_base() {
  case "$(basename "$1")" in
    ld-linux*|libc.so*|libm.so*|libpthread.so*|libdl.so*|librt.so*|libresolv.so*|linux-vdso*) return 0 ;;
  esac
  return 1
}
ldd "$out/bin/pricecrawl" | awk '/=> \// {print $3}' | while read -r lib; do
  is_base "$lib" || cp -L "$lib" "$out/lib/"
done
# Check: with only the bundle on the library path, every library outside the C library
# resolves inside the bundle, and the binary runs.
missing=$(LD_LIBRARY_PATH="$out/lib" ldd "$out/bin/pricecrawl" |
  awk -v lib="$out/lib/" '/=>/ && $3 !~ "^"lib {print $1}' |
  while read -r name; do is_base "$name" || echo "$name"; done)
if [ -n "$missing" ]; then
  echo "build-release: libraries not bundled: $missing" >&2
  exit 1
fi
LD_LIBRARY_PATH="$out/lib" "$out/bin/pricecrawl" --help > /dev/null
echo "build-release: $out/bin/pricecrawl with $(ls "$out/lib" | wc -l) libraries ($(du -sh "$out" | cut -f1))"
