#!/usr/bin/env bash
# Starts (or stops) nginx on 127.0.0.1 serving a generated site: one port per host folder.
# Usage: bench/nginx.sh start SITE_DIR BASE_PORT HOSTS | bench/nginx.sh stop SITE_DIR
set -euo pipefail
cmd=$1 site=$(cd "$2" && pwd)
conf="$site/nginx.conf"
if [ "$cmd" = stop ]; then
  [ -f "$site/nginx.pid" ] && nginx -c "$conf" -s stop 2>/dev/null || true
  exit 0
fi
base=$3 hosts=$4
{
  echo "worker_processes 1; pid $site/nginx.pid; error_log $site/nginx-error.log warn;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;"
  echo "  types { text/html html; application/xml xml; text/plain txt; }"
  echo "  client_body_temp_path $site/tmp; proxy_temp_path $site/tmp; fastcgi_temp_path $site/tmp;"
  echo "  uwsgi_temp_path $site/tmp; scgi_temp_path $site/tmp;"
  for ((h = 0; h < hosts; h++)); do
    echo "  server { listen 127.0.0.1:$((base + h)); root $site/host$h; etag on; }"
  done
  echo "}"
} > "$conf"
mkdir -p "$site/tmp"
nginx -c "$conf"
for ((h = 0; h < hosts; h++)); do
  for _ in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$((base + h))/robots.txt" && break
    sleep 0.1
  done
done
