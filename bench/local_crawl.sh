#!/usr/bin/env bash
# Crawls a generated site of N pages over H hosts, served by nginx on 127.0.0.1, with
# politeness raised high (no rate limit, many transfers per host), and prints pages/s, CPU time
# and peak RSS. Usage: bench/local_crawl.sh [PAGES] [HOSTS]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-4000} hosts=${2:-4} base=18080
out="$top/bench/out/site-$pages-$hosts"
rm -rf "$out" && mkdir -p "$out"
python3 "$top/bench/gen_site.py" --out "$out" --pages "$pages" --hosts "$hosts" --base-port $base
bash "$top/bench/nginx.sh" start "$out" $base "$hosts"
trap 'bash "$top/bench/nginx.sh" stop "$out"' EXIT
cat > "$out/bench.toml" <<TOML
max_in_flight = 256
[defaults]
rate = 0
max_concurrent = 32
max_depth = 100
obey_robots = false
TOML
/usr/bin/time -v -o "$out/time.txt" "$top/build/pricecrawl" crawl --seeds "$out/seeds.txt" \
  --db "$out/crawl.db" --config "$out/bench.toml" --progress never -q | tee "$out/crawl.txt"
done=$(sqlite3 "$out/crawl.db" "SELECT COUNT(*) FROM urls WHERE state = 'done'")
expected=$(python3 -c "import json,sys; print(len(json.load(open('$out/ground-truth.json'))['pages']))")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time.txt")
user=$(awk -F': ' '/User time/ {print $2}' "$out/time.txt")
sys=$(awk -F': ' '/System time/ {print $2}' "$out/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
python3 - "$done" "$expected" "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
done, expected, wall, user, sys_t, rss = sys.argv[1:]
parts = [float(p) for p in wall.split(":")]
secs = parts[-1] + 60 * (parts[-2] if len(parts) > 1 else 0) + 3600 * (parts[-3] if len(parts) > 2 else 0)
cpu = float(user) + float(sys_t)
print("| pages done / expected | wall s | pages/s | CPU s per 1000 pages | peak RSS MB |")
print("|---|---|---|---|---|")
print(f"| {done} / {expected} | {secs:.2f} | {int(done)/secs:.0f} | {cpu*1000/int(done):.2f} | {int(rss)/1024:.1f} |")
PY
