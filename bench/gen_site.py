#!/usr/bin/env python3
"""Deterministic shop-site generator for pricecrawl's benchmarks.

Writes N pages spread over H hosts (one folder per host) of 10-30 KB each: listing pages and
product pages with 20-60 links (relative, root-relative, ../, fragments, tracking parameters,
duplicates, links to other hosts, to assets and to hosts that do not exist), a robots.txt and a
sitemap per host, and ground-truth.json listing every page that a crawler starting from the
seeds must reach. Same arguments, same bytes.
"""
import argparse
import json
import os
import random


def host_dir(root, h):
    return os.path.join(root, f"host{h}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--base-port", type=int, default=18080)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    per_host = args.pages // args.hosts
    origins = [f"http://127.0.0.1:{args.base_port + h}" for h in range(args.hosts)]
    filler_words = ("espresso grinder kettle walnut oak steel ceramic matte brushed compact "
                    "wireless premium classic modern vintage portable quiet").split()
    truth = []
    for h in range(args.hosts):
        root = host_dir(args.out, h)
        os.makedirs(os.path.join(root, "c"), exist_ok=True)
        os.makedirs(os.path.join(root, "p"), exist_ok=True)
        with open(os.path.join(root, "robots.txt"), "w") as f:
            f.write(f"User-agent: *\nDisallow: /private/\nSitemap: {origins[h]}/sitemap.xml\n")
        urls = []
        for i in range(per_host):
            # Page 0 is the front page; every 10th page is a listing, the rest products.
            kind = "index" if i == 0 else ("c" if i % 10 == 0 else "p")
            path = "/index.html" if kind == "index" else f"/{kind}/{i}.html"
            urls.append(path)
        for i, path in enumerate(urls):
            links = []
            # A chain keeps every page reachable: i links to 2i+1 and 2i+2 (a binary tree).
            for child in (2 * i + 1, 2 * i + 2):
                if child < per_host:
                    target = urls[child]
                    style = rng.randrange(4)
                    if style == 0:
                        links.append(target)  # root-relative
                    elif style == 1:
                        links.append(origins[h] + target)  # absolute
                    elif style == 2:
                        links.append(".." + target if path.count("/") > 1 else target[1:])
                    else:
                        links.append(target + "?utm_source=bench#reviews")
            for _ in range(rng.randrange(18, 56)):
                r = rng.random()
                j = rng.randrange(per_host)
                if r < 0.70:
                    links.append(urls[j] + ("#top" if rng.random() < 0.2 else ""))
                elif r < 0.80:
                    other = rng.randrange(args.hosts)
                    links.append(origins[other] + urls[rng.randrange(per_host)])
                elif r < 0.88:
                    links.append(f"/assets/img{j}.jpg")
                elif r < 0.94:
                    links.append(f"http://nonexistent{j % 7}.invalid/x")
                else:
                    links.append(urls[j] + "?fbclid=abc" + str(j))
            price = f"{rng.randrange(5, 2000)}.{rng.randrange(100):02d}"
            name = " ".join(rng.choice(filler_words) for _ in range(3)).title()
            filler = " ".join(rng.choice(filler_words) for _ in range(rng.randrange(900, 3200)))
            anchors = "\n".join(f'<li><a href="{l}">{rng.choice(filler_words)}</a></li>' for l in links)
            if path.startswith("/p/"):
                product = (f'<script type="application/ld+json">{{"@context":"https://schema.org",'
                           f'"@type":"Product","name":"{name}","sku":"SKU{h}-{i}","offers":'
                           f'{{"@type":"Offer","price":"{price}","priceCurrency":"EUR",'
                           f'"availability":"https://schema.org/InStock"}}}}</script>'
                           f'<h1>{name}</h1><p class="price">&euro;{price}</p>')
            else:
                product = f"<h1>{name} collection</h1>"
            html = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{name}</title>"
                    f"</head><body><nav><ul>{anchors}</ul></nav><main>{product}<p>{filler}</p>"
                    f"</main></body></html>\n")
            with open(os.path.join(root, path.lstrip("/")), "w") as f:
                f.write(html)
            truth.append(origins[h] + path)
        with open(os.path.join(root, "sitemap.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
            for path in urls:
                f.write(f"<url><loc>{origins[h]}{path}</loc></url>\n")
            f.write("</urlset>\n")
    with open(os.path.join(args.out, "ground-truth.json"), "w") as f:
        json.dump({"pages": truth, "origins": origins}, f)
    with open(os.path.join(args.out, "seeds.txt"), "w") as f:
        for o in origins:
            f.write(o + "/index.html\n")


if __name__ == "__main__":
    main()
