#!/usr/bin/env bash
# Rebuilds docs/report.png: crawls a temporary copy of the demo shop four times, editing prices
# and stock between passes so the charts have steps and out-of-stock spans, writes the report
# and screenshots it with headless Chromium. Needs build/pricecrawl (scripts/demo.sh builds it).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/build/pricecrawl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$top/demo" "$work/"
shop="$work/demo/shop/product"
printf 'file://%s/demo/shop/index.html\n' "$work" > "$work/seeds.txt"
# The demo settings, with every page due again at the next pass.
{ cat "$top/demo/demo.toml"; echo 'recrawl_after = "1s"'; } > "$work/demo.toml"

# set_price FILE OLD NEW: the JSON-LD price and the visible one.
set_price() {
  sed -i -e "s/\"price\": \"$2\"/\"price\": \"$3\"/" -e "s/€$2/€$3/" "$shop/$1"
}
in_stock() {
  sed -i -e 's/OutOfStock/InStock/' -e 's/>Sold out</>In stock</' "$shop/$1"
}
out_of_stock() {
  sed -i -e 's/schema.org\/InStock/schema.org\/OutOfStock/' -e 's/>In stock</>Sold out</' "$shop/$1"
}
pass() {
  "$bin" crawl --seeds "$work/seeds.txt" --db "$work/demo.db" --config "$work/demo.toml" -q
  sleep 1.2  # recrawl_after is 1s: the next pass refetches every page
}

pass
set_price kettle.html 79.50 69.90; in_stock kettle.html
set_price headphones.html 299.00 279.00
set_price espresso-machine.html 549.00 499.00
pass
out_of_stock espresso-machine.html
set_price coffee-grinder.html 129.90 119.90
set_price headphones.html 279.00 249.00
pass
set_price kettle.html 69.90 74.90
in_stock espresso-machine.html; set_price espresso-machine.html 499.00 529.00
set_price headphones.html 249.00 289.00
pass

(cd "$work" && "$bin" report --html report.html --db demo.db)
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$work/chromium" --screenshot="$top/docs/report.png" \
  --window-size=1200,1500 "file://$work/report.html"
echo "wrote $top/docs/report.png"
