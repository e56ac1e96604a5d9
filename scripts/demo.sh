#!/usr/bin/env bash
# Installs the dependencies, builds pricecrawl and crawls the bundled demo shop (local files,
# no network), then shows what the crawl stored.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/install-deps.sh
cmake -S . -B build
cmake --build build -j"$(nproc)" --target pricecrawl
mkdir -p build/demo
printf 'file://%s/demo/shop/index.html\n' "$top" > build/demo/seeds.txt
rm -f build/demo/demo.db build/demo/demo.db-wal build/demo/demo.db-shm
build/pricecrawl crawl --seeds build/demo/seeds.txt --db build/demo/demo.db --config demo/demo.toml
build/pricecrawl status --db build/demo/demo.db
build/pricecrawl prices --db build/demo/demo.db
sqlite3 build/demo/demo.db "SELECT state, COUNT(*) FROM urls GROUP BY state"
build/pricecrawl report --html build/demo/report.html --db build/demo/demo.db
echo "open build/demo/report.html in a browser for the price charts"
