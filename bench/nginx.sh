#!/usr/bin/env bash
# Starts (or stops) nginx serving a site from bench/gen_site.py: host folder hostH on
# 127.0.0.(H+2):PORT, loopback only. One worker process, access log off, ETag and
# Last-Modified on (the recrawl's conditional GETs answer 304).
# Usage: bench/nginx.sh start SITE_DIR PORT HOSTS | bench/nginx.sh stop SITE_DIR
set -euo pipefail
cmd=$1 site=$(cd "$2" && pwd)
conf="$site/nginx.conf"
if [ "$cmd" = stop ]; then
  if [ -f "$site/nginx.pid" ]; then nginx -c "$conf" -s stop 2>/dev/null || true; fi
  exit 0
fi
port=$3 hosts=$4
{
  echo "worker_processes 1; pid $site/nginx.pid; error_log $site/nginx-error.log warn;"
  echo "events { worker_connections 8192; }"
  echo "http { access_log off; keepalive_requests 1000000;"
  echo "  keepalive_timeout 120s; etag on; open_file_cache max=50000 inactive=120s;"
  echo "  types { text/html html; application/xml xml; text/plain txt; image/jpeg jpg;"
  echo "          text/css css; }"
  echo "  default_type application/octet-stream;"
  echo "  client_body_temp_path $site/tmp; proxy_temp_path $site/tmp; fastcgi_temp_path $site/tmp;"
  echo "  uwsgi_temp_path $site/tmp; scgi_temp_path $site/tmp;"
  for ((h = 0; h < hosts; h++)); do
    echo "  server { listen 127.0.0.$((h + 2)):$port; root $site/host$h; }"
  done
  echo "}"
} > "$conf"
mkdir -p "$site/tmp"
nginx -c "$conf" -e "$site/nginx-error.log" 2>/dev/null || nginx -c "$conf"
for ((h = 0; h < hosts; h++)); do
  ok=0
  for _ in $(seq 1 50); do
    if curl -sf --noproxy '*' -o /dev/null "http://127.0.0.$((h + 2)):$port/robots.txt"; then
      ok=1; break
    fi
    sleep 0.1
  done
  if [ $ok = 0 ]; then echo "nginx.sh: 127.0.0.$((h + 2)):$port does not answer" >&2; exit 1; fi
done
