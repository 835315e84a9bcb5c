"""Benchmark: rbmon's crawl of the fixture site against a bare Scrapy spider fetching the same URLs.

    python benchmarks/bench_crawl.py [--repeat 3]

rbmon side: the real ``pipeline.crawl.run_crawl`` (subprocess, discovery from robots.txt/feeds/sitemaps/
wp-json, seen set, WARC writing, fetch log, DuckDB load) with politeness off (delay 0, no AutoThrottle),
a fresh (initialised, empty) database each repetition. Bare side: a minimal Scrapy spider (same reactor and per-site
concurrency, no middlewares of rbmon's, no archive) given the list of URLs the rbmon run requested, in
its own subprocess too. Both pay the fixture's traps (slow page, 500 then 200, 429 + Retry-After) since
the site is reset before every run. Prints pages/s of both, their ratio (target >= 0.8), and the
requests of a second, incremental rbmon run (target: no article page fetched again).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BARE_SPIDER = r"""
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from urllib.parse import urlsplit

urls = json.load(open(sys.argv[1]))

class Bare(scrapy.Spider):
    name = "bare"
    async def start(self):
        for u in urls:
            yield scrapy.Request(u, dont_filter=True, meta={"download_slot": urlsplit(u).netloc})
    def parse(self, response):
        return None

process = CrawlerProcess({
    "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False, "HTTPERROR_ALLOW_ALL": True, "TELNETCONSOLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "CONCURRENT_REQUESTS": 16, "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_MAXSIZE": 3 * 1024 * 1024,
    "TWISTED_REACTOR": "twisted.internet.epollreactor.EPollReactor",
})
crawler = process.create_crawler(Bare)
process.crawl(crawler)
process.start()
print(json.dumps({"responses": crawler.stats.get_value("response_received_count", 0),
                  "elapsed": crawler.stats.get_value("elapsed_time_seconds", 0)}))
"""


def _rbmon_run(data_dir: Path, site: Any) -> tuple[float, Any, list[str]]:
    from pipeline.config import CrawlConfig, Settings
    from pipeline.crawl import run_crawl

    settings = Settings(
        data_dir=data_dir, crawl=CrawlConfig(download_delay=0, autothrottle=False, retry_times=2, timeout=10)
    )
    from pipeline import store

    con = store.connect(settings.db_path)  # an initialised database, as after `rbmon db init`
    store.migrate(con)
    con.close()
    site.reset()
    t0 = time.perf_counter()
    report = run_crawl(settings, sources=site.sources())
    seconds = time.perf_counter() - t0
    assert report.run_dir is not None
    urls = []
    for line in (report.run_dir / "fetch.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["status"] is not None or row["error"] == "too_large":
            urls.append(row["url"])
    return seconds, report, urls


def _bare_run(urls: list[str], site: Any, workdir: Path) -> tuple[float, int, float]:
    url_file = workdir / "urls.json"
    url_file.write_text(json.dumps(urls), encoding="utf-8")
    script = workdir / "bare_spider.py"
    script.write_text(BARE_SPIDER, encoding="utf-8")
    site.reset()
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(script), str(url_file)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - t0
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, int(result["responses"]), float(result["elapsed"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slow-seconds", type=float, default=0.5, help="delay of the fixture's slow page")
    args = parser.parse_args()

    from pipeline.fixture_site import FixtureSite

    work = Path(tempfile.mkdtemp(prefix="rbmon-bench-"))
    rbmon_rates, bare_rates, rbmon_inner, bare_inner = [], [], [], []
    try:
        with FixtureSite.start(slow_seconds=args.slow_seconds) as site:
            last_dir = None
            for i in range(args.repeat):
                data_dir = work / f"run{i}"
                seconds, report, urls = _rbmon_run(data_dir, site)
                bare_seconds, bare_responses, bare_elapsed = _bare_run(urls, site, work)
                rbmon_rates.append(report.requests / seconds)
                bare_rates.append(bare_responses / bare_seconds)
                assert report.run_dir is not None
                inner = json.loads((report.run_dir / "stats.json").read_text(encoding="utf-8"))[
                    "elapsed_seconds"
                ]
                rbmon_inner.append(report.requests / inner)
                bare_inner.append(bare_responses / bare_elapsed)
                print(
                    f"rep {i + 1}: rbmon {report.requests} requests in {seconds:.2f} s"
                    f" ({rbmon_rates[-1]:.1f} pages/s, {report.new_articles} articles);"
                    f" bare scrapy {bare_responses} responses in {bare_seconds:.2f} s ({bare_rates[-1]:.1f} pages/s)"
                )
                last_dir = data_dir
            assert last_dir is not None
            # incremental: same database, unchanged site
            from pipeline.config import CrawlConfig, Settings
            from pipeline.crawl import run_crawl

            settings = Settings(data_dir=last_dir, crawl=CrawlConfig(download_delay=0, autothrottle=False))
            site.reset()
            t0 = time.perf_counter()
            again = run_crawl(settings, sources=site.sources())
            inc_seconds = time.perf_counter() - t0
            log = site.request_log()
            con_articles = _article_paths(last_dir)
            refetched = [p for _o, _m, p, _s, _h in log if p in con_articles]
            statuses: dict[int, int] = {}
            for *_x, s, _h in log:
                statuses[s] = statuses.get(s, 0) + 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rb, bare = statistics.median(rbmon_rates), statistics.median(bare_rates)
    print(
        f"\nmedian pages/s, whole run: rbmon {rb:.1f}, bare scrapy {bare:.1f}, ratio {rb / bare:.2f} (target >= 0.8)"
    )
    rb_in, bare_in = statistics.median(rbmon_inner), statistics.median(bare_inner)
    print(
        f"median pages/s, spider open to close (no process start, no DuckDB): rbmon {rb_in:.1f},"
        f" bare scrapy {bare_in:.1f}, ratio {rb_in / bare_in:.2f}"
    )
    print(
        f"incremental run: {again.requests} requests in {inc_seconds:.2f} s, statuses {dict(sorted(statuses.items()))},"
        f" article pages fetched again: {len(refetched)} (target 0), new articles {again.new_articles}"
    )
    return 0


def _article_paths(data_dir: Path) -> set[str]:
    from urllib.parse import urlsplit

    from pipeline import store
    from pipeline.config import Settings

    con = store.connect(Settings(data_dir=data_dir).db_path, read_only=True)
    try:
        rows = con.execute("select url from fetches where kind in ('article', 'article_page')").fetchall()
    finally:
        con.close()
    out = set()
    for (url,) in rows:
        p = urlsplit(url)
        out.add(p.path + (f"?{p.query}" if p.query else ""))
    return out


if __name__ == "__main__":
    sys.exit(main())
