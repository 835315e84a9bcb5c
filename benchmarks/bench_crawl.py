"""Benchmark: rbmon's crawl of the fixture site against a bare Scrapy spider fetching the same URLs.

    python benchmarks/bench_crawl.py [--repeat 3]

rbmon side: the real ``pipeline.crawl.run_crawl`` (subprocess, discovery from robots.txt/feeds/sitemaps/
wp-json, seen set, WARC writing, fetch log, DuckDB load) with politeness off (delay 0, no AutoThrottle),
a fresh (initialised, empty) database each repetition. Bare side: a minimal Scrapy spider (same reactor and per-site
concurrency, no middlewares of rbmon's, no archive) given the list of URLs the rbmon run requested, in
its own subprocess too. Both pay the fixture's traps (slow page, 500 then 200, the oversized page) since
the site is reset before every run; for its 429 (Retry-After: 1) see the two series below.

Like for like: both sides are measured in final HTTP responses per second, the same quantity and the
same set of pages. rbmon's count is the fetch-log rows with an HTTP status (one per response its spider
got; a retried 500/429 or a followed redirect is not a row), the bare spider's is Scrapy's
``response_received_count`` (which likewise leaves out retried and redirected responses). The bare
spider is given exactly those URLs plus the oversized page (aborted on both sides, no response), so it
should receive the same number of responses; the output says if it did not. rbmon's request count
(retries, redirects, robots-refused and aborted requests included) is printed for information only.

Two series of ``--repeat`` pairs each. A: every trap armed; after the fixture's one 429 rbmon holds the
whole source for the Retry-After and then paces it at >= 1 s a request for the rest of the run (on
purpose: ``crawlers.middlewares.RetryAfterMiddleware``), which the bare spider does not, so A's ratio
mostly measures that politeness. B: the 429 is answered before each run (both sides), so the ratio is
rbmon's overhead (target >= 0.8). Prints responses/s of both sides and their ratio for each series, and
the requests of a second, incremental rbmon run (target: no article page fetched again).
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


def _reset(site: Any, *, spend_429: bool) -> None:
    """Re-arm the fixture's traps; with ``spend_429`` answer its one 429 now, so the run meets none."""
    site.reset()
    if spend_429:
        import urllib.error
        import urllib.request

        try:
            urllib.request.urlopen(site.traps()["nusantarapos"]["rate_limited_then_ok"], timeout=10).close()
        except urllib.error.HTTPError as exc:
            assert exc.code == 429, exc
        else:
            raise AssertionError("the fixture's 429 trap did not answer 429")


def _rbmon_run(data_dir: Path, site: Any, *, spend_429: bool) -> tuple[float, Any, list[str], int]:
    """Seconds, report, the URLs for the bare spider, and the responses rbmon's spider received."""
    from pipeline.core.config import CrawlConfig, Settings
    from pipeline.crawl import run_crawl

    settings = Settings(
        data_dir=data_dir, crawl=CrawlConfig(download_delay=0, autothrottle=False, retry_times=2, timeout=10)
    )
    from pipeline import store

    con = store.connect(settings.db_path)  # an initialised database, as after `rbmon db init`
    store.migrate(con)
    con.close()
    _reset(site, spend_429=spend_429)
    t0 = time.perf_counter()
    report = run_crawl(settings, sources=site.sources())
    seconds = time.perf_counter() - t0
    assert report.run_dir is not None
    urls, responses = [], 0
    for line in (report.run_dir / "fetch.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["status"] is not None:
            responses += 1
        if row["status"] is not None or row["error"] == "too_large":
            urls.append(row["url"])
    return seconds, report, urls, responses


def _bare_run(urls: list[str], site: Any, workdir: Path, *, spend_429: bool) -> tuple[float, int, float]:
    url_file = workdir / "urls.json"
    url_file.write_text(json.dumps(urls), encoding="utf-8")
    script = workdir / "bare_spider.py"
    script.write_text(BARE_SPIDER, encoding="utf-8")
    _reset(site, spend_429=spend_429)
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(script), str(url_file)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - t0
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, int(result["responses"]), float(result["elapsed"])


def _series(site: Any, work: Path, repeat: int, *, spend_429: bool) -> tuple[dict[str, float], Path]:
    """``repeat`` pairs of runs; median responses/s of both sides, whole run and spider open to close."""
    rates: dict[str, list[float]] = {"rbmon": [], "bare": [], "rbmon_inner": [], "bare_inner": []}
    data_dir = work
    for i in range(repeat):
        data_dir = work / f"{'no429' if spend_429 else 'traps'}-run{i}"
        seconds, report, urls, responses = _rbmon_run(data_dir, site, spend_429=spend_429)
        bare_seconds, bare_responses, bare_elapsed = _bare_run(urls, site, work, spend_429=spend_429)
        assert report.run_dir is not None
        inner = json.loads((report.run_dir / "stats.json").read_text(encoding="utf-8"))["elapsed_seconds"]
        rates["rbmon"].append(responses / seconds)
        rates["bare"].append(bare_responses / bare_seconds)
        rates["rbmon_inner"].append(responses / inner)
        rates["bare_inner"].append(bare_responses / bare_elapsed)
        same = "same pages" if bare_responses == responses else "NOT the same number of responses"
        print(
            f"  rep {i + 1}: rbmon {responses} responses in {seconds:.2f} s ({rates['rbmon'][-1]:.1f}/s;"
            f" {report.requests} requests incl. retries, redirects and refused ones;"
            f" {report.new_articles} articles); bare scrapy {bare_responses} responses of"
            f" {len(urls)} URLs in {bare_seconds:.2f} s ({rates['bare'][-1]:.1f}/s) [{same}]"
        )
    return {k: statistics.median(v) for k, v in rates.items()}, data_dir


def _print_medians(m: dict[str, float]) -> None:
    rb, bare, rb_in, bare_in = m["rbmon"], m["bare"], m["rbmon_inner"], m["bare_inner"]
    print(
        f"  median responses/s, whole run (wall clock, process start to DuckDB load): rbmon {rb:.1f},"
        f" bare scrapy {bare:.1f}, ratio {rb / bare:.2f}"
    )
    print(
        f"  median responses/s, spider open to close (no process start, no DuckDB): rbmon {rb_in:.1f},"
        f" bare scrapy {bare_in:.1f}, ratio {rb_in / bare_in:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slow-seconds", type=float, default=0.5, help="delay of the fixture's slow page")
    args = parser.parse_args()

    from pipeline.fixture_site import FixtureSite

    work = Path(tempfile.mkdtemp(prefix="rbmon-bench-"))
    print(
        "compared: final HTTP responses received per second, the same URLs on both sides"
        " (rbmon: fetch-log rows with an HTTP status; bare scrapy: response_received_count)"
    )
    try:
        with FixtureSite.start(slow_seconds=args.slow_seconds) as site:
            print("\nA. every trap armed, the 429 included (rbmon holds the source for its Retry-After, then paces"
                  " it at >= 1 s a request for the rest of the run; bare scrapy retries at once):")  # fmt: skip
            with_429, last_dir = _series(site, work, args.repeat, spend_429=False)
            print(
                "\nB. the 429 answered before each run, so neither side meets it (overhead, not politeness):"
            )
            no_429, _ = _series(site, work, args.repeat, spend_429=True)
            # incremental: same database, unchanged site
            from pipeline.core.config import CrawlConfig, Settings
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
    print("\nA. with the 429 trap:")
    _print_medians(with_429)
    print("B. without a 429 (target: whole-run ratio >= 0.8):")
    _print_medians(no_429)
    print(
        f"\nincremental run: {again.requests} requests in {inc_seconds:.2f} s, statuses {dict(sorted(statuses.items()))},"
        f" article pages fetched again: {len(refetched)} (target 0), new articles {again.new_articles}"
    )
    return 0


def _article_paths(data_dir: Path) -> set[str]:
    from urllib.parse import urlsplit

    from pipeline import store
    from pipeline.core.config import Settings

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
