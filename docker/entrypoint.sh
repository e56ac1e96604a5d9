#!/bin/sh
# Container entry: `cron` (the default) saves the container's environment for the cron job,
# runs one crawl at start-up in the background, and keeps cron in the foreground; anything else
# is run as a pricecrawl command, e.g. `docker compose run pricecrawl status --db /data/pricecrawl.db`.
set -eu
if [ "${1:-cron}" = "cron" ]; then
  export -p > /run/pricecrawl.env
  chmod 0600 /run/pricecrawl.env
  /opt/pricecrawl/crawl-job.sh &
  exec cron -f
fi
exec pricecrawl "$@"
