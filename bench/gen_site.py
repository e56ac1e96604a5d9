#!/usr/bin/env python3
"""Deterministic shop-site generator for pricecrawl's benchmarks.

Writes N pages over H hosts, one folder per host, for nginx to serve host h on
http://127.0.0.(h+2):PORT/. Pages are 10-30 KB shop pages: a front page, listing pages and
product pages (price in JSON-LD, in microdata, or only as visible text), each with 20-60 links:
relative, root-relative, `../`, fragments, tracking parameters (utm_*, fbclid), duplicates,
links to the other hosts, to assets (.jpg, .css) and to hosts that do not exist
(http://127.0.0.250:1/, *.invalid). Each host also gets robots.txt and sitemap.xml.

The ground truth (ground-truth.json) is computed by walking the generated link graph from the
seeds exactly as a crawler limited to the site's hosts would: every reachable HTML page URL,
normalised (fragment and tracking parameters dropped), and for each product page its price and
currency. Same arguments, same bytes.
"""
import argparse
import json
import os
import posixpath
import random
from collections import deque

WORDS = ("espresso grinder kettle walnut oak steel ceramic matte brushed compact wireless "
         "premium classic modern vintage portable quiet burr conical thermal carafe pour over "
         "barista milk frother scale timer filter paper glass copper handle spout lid base "
         "warranty shipping returns review stars delivery colour size weight capacity").split()
CATEGORIES = ("grinders kettles machines scales filters cups frothers tampers beans "
              "accessories").split()
CURRENCIES = ("EUR", "EUR", "EUR", "USD", "GBP")
SYMBOL = {"EUR": "&euro;", "USD": "$", "GBP": "&pound;"}
ASSETS_PER_HOST = 20
# JSON-LD, microdata or visible text only: the product pages' price sources, by share.
PRICE_STYLES = (("json-ld", 0.6), ("microdata", 0.25), ("text", 0.15))


def origin_of(h, port):
    return f"http://127.0.0.{h + 2}:{port}"


def relative(from_path, to_path):
    """A relative reference from the page at from_path to to_path (both root-relative)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or "/")


def normalise(url):
    """Drops the fragment and utm_* / fbclid parameters: the ground truth's URL form."""
    url = url.split("#", 1)[0]
    if "?" not in url:
        return url
    base, query = url.split("?", 1)
    kept = [p for p in query.split("&")
            if p and not p.startswith("utm_") and not p.startswith("fbclid=")]
    return base + ("?" + "&".join(kept) if kept else "")


class Host:
    def __init__(self, h, count, rng, port):
        self.h = h
        self.origin = origin_of(h, port)
        self.cats = CATEGORIES[:max(1, min(len(CATEGORIES), count // 50))]
        self.paths = ["/"]
        self.kinds = ["front"]
        for i in range(1, count):
            cat = self.cats[i % len(self.cats)]
            if i % 10 == 1:
                self.paths.append(f"/c/{cat}/page-{i}.html")
                self.kinds.append("listing")
            else:
                slug = "-".join(rng.choice(WORDS) for _ in range(2))
                self.paths.append(f"/p/{cat}/{slug}-{h}-{i}.html")
                self.kinds.append("product")


def link_forms(rng, page_path, target_origin, target_path, own_origin, plain=False):
    """One way of writing a link from page_path to target_path, chosen at random; `plain`
    leaves out tracking parameters, so that a crawler that skips such links still reaches
    every page."""
    if target_origin != own_origin:
        return target_origin + target_path
    r = rng.random() * (0.75 if plain else 1.0)
    if r < 0.3:
        return target_path  # root-relative
    if r < 0.55:
        return relative(page_path, target_path) if target_path != "/" else "/"  # ./x, ../x
    if r < 0.65:
        return own_origin + target_path  # absolute
    if r < 0.7:
        return target_path + "#reviews"
    if r < 0.75:
        return relative(page_path, target_path) + "#top" if target_path != "/" else "/#top"
    if r < 0.85:
        return (target_path + "?utm_source=newsletter&utm_medium=email"
                f"&utm_campaign=c{rng.randrange(9)}")
    return target_path + f"?fbclid=IwAR{rng.randrange(10**8):08d}"


def page_html(rng, host, i, hosts, price_info):
    path = host.paths[i]
    kind = host.kinds[i]
    links = []  # (href, text)
    # A tree keeps every page reachable: page i links to pages 2i+1 and 2i+2 of its host.
    for child in (2 * i + 1, 2 * i + 2):
        if child < len(host.paths):
            links.append(
                link_forms(rng, path, host.origin, host.paths[child], host.origin, plain=True))
    n_links = rng.randrange(20, 61)
    while len(links) < n_links:
        r = rng.random()
        if r < 0.62:
            j = rng.randrange(len(host.paths))
            links.append(link_forms(rng, path, host.origin, host.paths[j], host.origin))
        elif r < 0.72:
            other = hosts[rng.randrange(len(hosts))]
            links.append(other.origin + other.paths[rng.randrange(len(other.paths))])
        elif r < 0.78 and links:
            links.append(links[rng.randrange(len(links))])  # a duplicate
        elif r < 0.86:
            asset = f"/assets/img/{rng.randrange(ASSETS_PER_HOST)}.jpg"
            links.append(asset if rng.random() < 0.5 else relative(path, asset))
        elif r < 0.89:
            links.append("/assets/site.css")
        elif r < 0.94:
            links.append(f"http://127.0.0.250:1/shop/{rng.randrange(100)}")
        else:
            links.append(f"http://shop{rng.randrange(5)}.invalid/item/{rng.randrange(100)}")
    title_words = " ".join(rng.choice(WORDS) for _ in range(3)).title()
    nav = "".join(f'<li><a href="{href}">{rng.choice(WORDS)} {rng.choice(WORDS)}</a></li>\n'
                  for href in links)
    if kind == "product":
        price = price_info["price"]
        cur = price_info["currency"]
        style = price_info["style"]
        sku = f"SKU-{host.h}-{i}"
        if style == "json-ld":
            body = (f'<script type="application/ld+json">{{"@context":"https://schema.org",'
                    f'"@type":"Product","name":"{title_words}","sku":"{sku}",'
                    f'"brand":{{"@type":"Brand","name":"Bench"}},"offers":{{"@type":"Offer",'
                    f'"price":"{price}","priceCurrency":"{cur}",'
                    f'"availability":"https://schema.org/InStock"}}}}</script>\n'
                    f'<h1 class="product-title">{title_words}</h1>\n'
                    f'<p class="price">{SYMBOL[cur]}{price}</p>\n')
        elif style == "microdata":
            body = (f'<div itemscope itemtype="https://schema.org/Product">'
                    f'<h1 itemprop="name">{title_words}</h1><meta itemprop="sku" content="{sku}">'
                    f'<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
                    f'<span itemprop="priceCurrency" content="{cur}">{SYMBOL[cur]}</span>'
                    f'<span itemprop="price" content="{price}">{price}</span>'
                    f'<link itemprop="availability" href="https://schema.org/InStock">'
                    f'In stock</div></div>\n')
        else:
            body = (f'<h1>{title_words}</h1>\n<div class="buy-box"><span class="price-now">'
                    f'{SYMBOL[cur]}{price}</span> <span class="stock">In stock</span>'
                    f'<button>Add to basket</button></div>\n')
    elif kind == "listing":
        body = f"<h1>{title_words} &mdash; page {i}</h1>\n"
    else:
        body = "<h1>Bench Coffee Gear</h1>\n"
    # Descriptions and reviews bring the page to 10-30 KB.
    target = rng.randrange(10_000, 30_000)
    size = len(nav) + len(body) + 600
    paras = []
    while size < target:
        para = " ".join(rng.choices(WORDS, k=rng.randrange(40, 120)))
        paras.append(f"<p>{para}.</p>\n")
        size += len(paras[-1])
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f"<title>{title_words} | Bench Shop {host.h}</title>\n"
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="stylesheet" href="/assets/site.css">\n'
            f'<link rel="canonical" href="{host.origin}{path}">\n</head>\n<body>\n'
            f'<header><a href="/"><img src="/assets/img/0.jpg" alt="logo"></a></header>\n'
            f"<nav><ul>\n{nav}</ul></nav>\n<main>\n{body}"
            f'<section class="description">\n{"".join(paras)}</section>\n</main>\n'
            f"<footer><p>&copy; Bench Shop</p></footer>\n</body></html>\n"), links


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    if not 1 <= args.hosts <= 200 or args.pages < args.hosts:
        ap.error("need 1 <= hosts <= 200 and pages >= hosts")
    rng = random.Random(args.seed)
    hosts = []
    for h in range(args.hosts):
        count = args.pages // args.hosts + (1 if h < args.pages % args.hosts else 0)
        hosts.append(Host(h, count, rng, args.port))

    prices = {}  # absolute URL -> {price, currency, style}
    graph = {}  # absolute URL -> list of absolute, normalised link targets
    for host in hosts:
        root = os.path.join(args.out, f"host{host.h}")
        for sub in ("assets/img",):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        for i, path in enumerate(host.paths):
            url = host.origin + path
            info = None
            if host.kinds[i] == "product":
                r = rng.random()
                style = "json-ld" if r < 0.6 else ("microdata" if r < 0.85 else "text")
                info = {"price": f"{rng.randrange(3, 2500)}.{rng.randrange(100):02d}",
                        "currency": rng.choice(CURRENCIES), "style": style}
                prices[url] = info
            html, links = page_html(rng, host, i, hosts, info)
            file_path = os.path.join(root, "index.html" if path == "/" else path.lstrip("/"))
            os.makedirs(os.path.dirname(file_path), exist_ok=True)
            with open(file_path, "w") as f:
                f.write(html)
            resolved = []
            for href in links:
                if href.startswith("http://"):
                    absolute = href
                elif href.startswith("/"):
                    absolute = host.origin + href
                else:
                    absolute = host.origin + posixpath.normpath(
                        posixpath.join(posixpath.dirname(path), href.split("#")[0].split("?")[0]))
                    rest = href[len(href.split("#")[0].split("?")[0]):]
                    absolute += rest
                resolved.append(normalise(absolute))
            graph[url] = resolved
        with open(os.path.join(root, "assets", "site.css"), "w") as f:
            f.write("body{font-family:sans-serif}.price{font-weight:bold}\n")
        for k in range(ASSETS_PER_HOST):
            with open(os.path.join(root, "assets", "img", f"{k}.jpg"), "wb") as f:
                f.write(b"\xff\xd8\xff\xe0" + rng.randbytes(512))
        with open(os.path.join(root, "robots.txt"), "w") as f:
            f.write(f"User-agent: *\nDisallow: /private/\nSitemap: {host.origin}/sitemap.xml\n")
        with open(os.path.join(root, "sitemap.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
            for path in host.paths:
                f.write(f"<url><loc>{host.origin}{path}</loc></url>\n")
            f.write("</urlset>\n")

    # Ground truth: breadth-first from the seeds over links to the site's HTML pages.
    seeds = [host.origin + "/" for host in hosts]
    seen = set(seeds)
    queue = deque(seeds)
    while queue:
        for target in graph[queue.popleft()]:
            if target in seen or target not in graph:
                continue  # assets, other hosts and unknown targets are not pages of the site
            seen.add(target)
            queue.append(target)
    pages = sorted(seen)
    truth = {
        "origins": [h.origin for h in hosts],
        "pages": pages,
        "products": {u: {"price": prices[u]["price"], "currency": prices[u]["currency"],
                         "source": prices[u]["style"]} for u in pages if u in prices},
    }
    with open(os.path.join(args.out, "ground-truth.json"), "w") as f:
        json.dump(truth, f, indent=0, sort_keys=True)
    with open(os.path.join(args.out, "seeds.txt"), "w") as f:
        f.write("".join(s + "\n" for s in seeds))
    print(f"generated {len(graph)} pages ({len(truth['products'])} products) over {len(hosts)} "
          f"hosts; {len(pages)} reachable from the seeds")


if __name__ == "__main__":
    main()
