#!/bin/sh
# One scheduled crawl: cron starts jobs with an empty environment, so the variables the
# container was given (webhook secrets and PRICECRAWL_* settings) are read back from the file
# the entrypoint wrote. After the crawl the HTML report is refreshed.
set -u
[ -f /run/pricecrawl.env ] && . /run/pricecrawl.env
pricecrawl crawl --seeds /config/seeds.txt --config /config/pricecrawl.toml \
  --db /data/pricecrawl.db --max-duration "${PRICECRAWL_MAX_DURATION:-5h30m}" \
  --log-file /data/crawl.log -q
status=$?
case $status in
  0) echo "pricecrawl: crawl finished" ;;
  3) echo "pricecrawl: crawl stopped at --max-duration; the next run resumes it" ;;
  75) echo "pricecrawl: previous crawl still running; skipped" ;;
  *) echo "pricecrawl: crawl failed with exit $status (see /data/crawl.log)" >&2 ;;
esac
pricecrawl report --html /data/report.html --db /data/pricecrawl.db
exit $status
