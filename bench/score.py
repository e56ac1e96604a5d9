#!/usr/bin/env python3
"""Scores one crawler's run of bench/run against the site's ground truth.

  score.py TRUTH_JSON pricecrawl DB TIME_FILE
  score.py TRUTH_JSON scrapy ITEMS_JSONL TIME_FILE
  score.py TRUTH_JSON wget2 STATS_CSV TIME_FILE

Prints one JSON object: pages (distinct ground-truth pages fetched with 200 or 304), expected,
requests (every request the crawler's record shows), extra (fetched URLs that are not pages of
the truth), wall_s, pages_per_s, cpu_s (user + sys), cpu_per_1000, rss_mb, and for pricecrawl
prices_ok (products whose latest price and currency match the truth) and products.
"""
import csv
from decimal import Decimal
import json
import sqlite3
import sys

from gen_site import normalise  # the ground truth's URL form


def parse_time(path):
    """Wall seconds, user+sys CPU seconds and peak RSS in MB from `/usr/bin/time -v`."""
    fields = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            fields[key] = value
    wall = 0.0
    for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        wall = wall * 60 + float(part)
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    return wall, cpu, int(fields["Maximum resident set size (kbytes)"]) / 1024.0


def main():
    truth_path, crawler, record, time_path = sys.argv[1:5]
    with open(truth_path) as f:
        truth = json.load(f)
    pages = set(truth["pages"])
    fetched = []  # (url, status)
    extra = {}
    if crawler == "pricecrawl":
        db = sqlite3.connect(f"file:{record}?mode=ro", uri=True)
        # The last pass only: a recrawl's rows carry its own fetched_at.
        fetched = db.execute(
            "SELECT url, http_status FROM urls WHERE http_status IS NOT NULL"
            " AND fetched_at >= (SELECT MAX(started_at) FROM runs)").fetchall()
        ok = 0
        rows = db.execute("SELECT url, price, currency FROM latest_prices").fetchall()
        for url, price, currency in rows:
            want = truth["products"].get(url)
            if (want and Decimal(want["price"]) == Decimal(str(price))
                    and want["currency"] == currency):
                ok += 1
        extra = {"products": len(truth["products"]), "prices_ok": ok,
                 "not_modified": sum(1 for _, status in fetched if status == 304)}
    elif crawler == "scrapy":
        with open(record) as f:
            fetched = [(item["url"], item["status"]) for item in map(json.loads, f)]
    elif crawler == "wget2":
        with open(record, newline="") as f:
            fetched = [(row["URL"], int(row["Status"] or 0)) for row in csv.DictReader(f)]
    else:
        sys.exit(f"score.py: unknown crawler {crawler}")
    good = {normalise(u) for u, status in fetched if status in (200, 304)} & pages
    outside = [u for u, _ in fetched if normalise(u) not in pages]
    wall, cpu, rss = parse_time(time_path)
    result = {
        "crawler": crawler, "pages": len(good), "expected": len(pages),
        "requests": len(fetched), "extra": len(outside), "wall_s": round(wall, 2),
        "pages_per_s": round(len(good) / wall, 1) if wall else 0.0, "cpu_s": round(cpu, 2),
        "cpu_per_1000": round(cpu * 1000 / len(good), 2) if good else None,
        "rss_mb": round(rss, 1),
    }
    result.update(extra)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
