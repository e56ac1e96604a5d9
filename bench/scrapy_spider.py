"""The Scrapy peer of bench/run: a generic CrawlSpider over the generated site.

Run as `scrapy runspider bench/scrapy_spider.py -a origins=http://127.0.0.2:8080,... -o FILE`.
It follows every link a LinkExtractor finds on the site's origins only (allow regex on the
origin, allowed_domains on the host), drops tracking parameters (utm_*, fbclid) as a Scrapy user
would with process_value, and yields one item {url, status} per HTML page it received.
Politeness off: 64 concurrent requests, all allowed on one host, no delay, robots.txt ignored,
no AutoThrottle.
"""
import re
from urllib.parse import urlsplit, urlunsplit

from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


def drop_tracking(url):
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [p for p in parts.query.split("&")
            if p and not p.startswith("utm_") and not p.startswith("fbclid=")]
    return urlunsplit(parts._replace(query="&".join(kept)))


class BenchSpider(CrawlSpider):
    name = "bench"
    custom_settings = {
        "CONCURRENT_REQUESTS": 64,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DEPTH_LIMIT": 0,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "FEED_EXPORT_ENCODING": "utf-8",
    }

    def __init__(self, origins="", *args, **kwargs):
        origin_list = [o.rstrip("/") for o in origins.split(",") if o]
        if not origin_list:
            raise ValueError("give -a origins=http://host:port,...")
        self.start_urls = [o + "/" for o in origin_list]
        self.allowed_domains = sorted({urlsplit(o).hostname for o in origin_list})
        allow = "^(?:" + "|".join(re.escape(o) for o in origin_list) + ")/"
        self.rules = (Rule(LinkExtractor(allow=allow, process_value=drop_tracking),
                           callback="parse_item", follow=True),)
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response):
        return self.parse_item(response)

    def parse_item(self, response):
        yield {"url": response.url, "status": response.status}
