#!/usr/bin/env python3
"""Turns one bench/run's scores (RUN/*.json) into the markdown table, the ratios and the targets
of issue 5; prints them, writes them to --out, exits 1 when a crawler fetched fewer pages than
the ground truth holds (or a score is missing)."""
import argparse
import datetime
import json
import os
import platform

ROWS = (("pricecrawl", "pricecrawl, first crawl"),
        ("recrawl", "pricecrawl, recrawl (conditional GET)"),
        ("wget2", "wget2 (recursive, links only)"),
        ("scrapy", "Scrapy (CrawlSpider)"))


def fmt(x, digits=1):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def main():
    ap = argparse.ArgumentParser()
    for name in ("run", "pages", "hosts", "wrk", "gumbo", "load", "out"):
        ap.add_argument("--" + name, required=True)
    args = ap.parse_args()
    scores = {}
    for key, _ in ROWS:
        path = os.path.join(args.run, key + ".json")
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path) as f:
                scores[key] = json.load(f)
    with open(args.gumbo) as f:
        gumbo = dict(kv.split("=", 1) for kv in f.read().split())
    ms_page = float(gumbo["ms_per_page"])
    ceiling2 = float(gumbo["pages_per_s_2cores"])
    lines = [f"### bench/run, {args.pages} pages over {args.hosts} hosts "
             f"({datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {platform.node()}, "
             f"{os.cpu_count()} cores, load average before / after: {args.load})", "",
             "| crawler | pages / expected | requests | wall s | pages/s | CPU s / 1000 pages "
             "| peak RSS MB | notes |",
             "|---|---|---|---|---|---|---|---|"]
    failed = []
    for key, label in ROWS:
        s = scores.get(key)
        if s is None:
            lines.append(f"| {label} | not run | | | | | | |")
            continue
        notes = []
        if key == "pricecrawl":
            notes.append(f"{s['prices_ok']}/{s['products']} product prices right")
        if key == "recrawl":
            notes.append(f"{s['not_modified']} answered 304")
        if s["extra"]:
            notes.append(f"{s['extra']} requests outside the truth")
        lines.append(f"| {label} | {s['pages']:,} / {s['expected']:,} | {s['requests']:,} | "
                     f"{fmt(s['wall_s'], 2)} | {fmt(s['pages_per_s'])} | "
                     f"{fmt(s['cpu_per_1000'], 2)} | {fmt(s['rss_mb'])} | {'; '.join(notes)} |")
        if s["pages"] < s["expected"]:
            failed.append(f"{key} fetched {s['pages']} of {s['expected']} pages")
    lines += ["", f"Ceilings: nginx serves one product page at {fmt(float(args.wrk), 0)} req/s "
              f"(wrk, 1 thread, 32 connections); Gumbo parses the site's pages in "
              f"{ms_page:.3f} ms each on one core (thread CPU time) = "
              f"{fmt(float(gumbo['pages_per_s_1core']), 0)} pages/s, {fmt(ceiling2, 0)} pages/s "
              f"on 2 cores.", ""]
    pc, rc, wg, sc = (scores.get(k) for k in ("pricecrawl", "recrawl", "wget2", "scrapy"))
    targets = []
    if pc:
        rate = pc["pages_per_s"]
        targets.append(("first crawl >= 1,000 pages/s", f"{fmt(rate)} pages/s", rate >= 1000))
        share = 100.0 * rate / ceiling2
        targets.append(("first crawl >= 75 % of the Gumbo ceiling (2 cores)",
                        f"{share:.0f} %", share >= 75))
        if sc and sc["pages_per_s"]:
            x = rate / sc["pages_per_s"]
            targets.append(("first crawl >= 30x Scrapy", f"{x:.1f}x", x >= 30))
        targets.append(("<= 2.0 CPU-s per 1,000 pages", fmt(pc["cpu_per_1000"], 2),
                        pc["cpu_per_1000"] is not None and pc["cpu_per_1000"] <= 2.0))
        targets.append(("peak RSS <= 64 MB", f"{fmt(pc['rss_mb'])} MB", pc["rss_mb"] <= 64))
    if rc and wg and wg["pages_per_s"]:
        x = rc["pages_per_s"] / wg["pages_per_s"]
        targets.append(("recrawl faster than wget2's first crawl", f"{x:.2f}x wget2's pages/s",
                        x > 1.0))
    lines += ["| target | measured | |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {'pass' if ok else 'FAIL'} |" for t, m, ok in targets]
    if failed:
        lines += ["", "Incomplete: " + "; ".join(failed)]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w") as f:
        f.write(text)
    return 1 if failed or len(scores) < 2 else 0


if __name__ == "__main__":
    raise SystemExit(main())
