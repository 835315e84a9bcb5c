"""Open-web discovery end to end: real crawls of the fixture site's GDELT- and Google-News-style services.

What the services list is derived from the fixture itself (its search over the articles of the outlets
each service indexes), never written down here.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

from crawlers.urls import canonicalize, outlet_id
from pipeline.core.config import CrawlConfig, DiscoveryConfig, GdeltConfig, GoogleNewsConfig, Settings
from pipeline.crawl.run import CrawlReport, run_crawl
from pipeline.fixture_site import FixtureSite
from pipeline.fixture_site.services import GDELT, GOOGLE_NEWS
from pipeline.jobs.nightly import ensure_database

pytestmark = pytest.mark.slow

# seconds between two requests to a service (5 in production). The crawler spaces the requests it
# *sends*; the site records when each *arrives*, and on a loaded machine one arrival can lag the send
# by a tenth of a second or more and shorten the next gap: one gap may fall to three quarters of the
# pace, the average stays within a tenth of it.
PACE = 1.0
GROUPS = DiscoveryConfig().query_groups


def _settings(site: FixtureSite, data_dir: Path, **discovery: Any) -> Settings:
    base = Settings(
        data_dir=data_dir,
        crawl=CrawlConfig(download_delay=0, autothrottle=False, retry_times=1, timeout=10),
    )
    settings = site.with_discovery(base, pace=PACE)
    if discovery:
        gdelt = settings.discovery.gdelt.model_copy(update=discovery.pop("gdelt", {}))
        d = settings.discovery.model_copy(update={**discovery, "gdelt": gdelt})
        settings = settings.model_copy(update={"discovery": d})
    ensure_database(settings)
    return settings


def _q(settings: Settings, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@dataclass
class OpenWeb:
    site: FixtureSite
    settings: Settings
    first: CrawlReport
    second: CrawlReport
    gdelt_times: list[float]
    google_times: list[float]
    first_log: list[Any]
    second_log: list[Any]


@pytest.fixture(scope="module")
def open_web(fixture_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory) -> OpenWeb:
    # four articles a GDELT answer: every query group is paged by time window
    settings = _settings(
        fixture_site, tmp_path_factory.mktemp("openweb"), gdelt={"max_records": 4, "max_pages": 50}
    )
    fixture_site.reset()
    first = run_crawl(settings, sources=fixture_site.sources(), open_web=True)
    times = fixture_site.request_times(GDELT)
    google_times = fixture_site.request_times(GOOGLE_NEWS)
    first_log = fixture_site.request_log()
    fixture_site.reset()
    second = run_crawl(settings, sources=fixture_site.sources(), open_web=True)
    return OpenWeb(
        fixture_site, settings, first, second, times, google_times, first_log, fixture_site.request_log()
    )


def _listed(site: FixtureSite, service: str) -> dict[str, Any]:
    """What the service lists for the configured query groups: URL -> index entry."""
    assert site.services is not None
    return {e.url: e for group in GROUPS for e in site.services.search(service, group)}


def test_unregistered_outlets_become_discovered_outlets_with_their_found_articles(open_web: OpenWeb) -> None:
    site, settings = open_web.site, open_web.settings
    expected = {
        url: e
        for service in (GDELT, GOOGLE_NEWS)
        for url, e in _listed(site, service).items()
        if e.outlet_id in {o.id for o in site.unregistered} and e.key != "offsite_redirect"
    }
    assert expected  # the fixture lists articles of both outlets of no registry
    fetched = dict(
        _q(settings, "select canonical_url, source_id from fetches where kind = 'article' and status = 200")
    )
    for url, _entry in expected.items():
        netloc = urlsplit(url).netloc
        assert fetched.get(canonicalize(url)) == outlet_id(netloc), url
    rows = _q(
        settings, "select source_id, host, found_by, name, enabled from sources where origin = 'discovered'"
    )
    by_id = {r[0]: r for r in rows}
    assert set(by_id) == {outlet_id(urlsplit(u).netloc) for u in expected}
    pemda = next(o for o in site.unregistered if o.kind == "government")
    pemda_id = outlet_id(urlsplit(pemda.base_url).netloc)
    # only Google News lists the pemda portal: it is found by google_news and named by its <source>
    assert by_id[pemda_id][2] == "google_news" and by_id[pemda_id][3] == pemda.name
    assert open_web.first.outlets_discovered == len(by_id)
    # nothing else of the outlets was asked for: robots.txt and the found URLs only
    for outlet in site.unregistered:
        paths = {p for o, _m, p, _s, _h in open_web.first_log if o == outlet.id}
        found = {urlsplit(u).path for u, e in expected.items() if e.outlet_id == outlet.id}
        trap = site.model.outlet(outlet.id).traps.get("offsite_redirect")
        assert paths == {"/robots.txt", *found, *([trap] if trap else [])}, outlet.id


def test_gdelt_pages_a_full_answer_by_time_window_and_misses_nothing(open_web: OpenWeb) -> None:
    searches = [p for o, _m, p, _s, _h in open_web.first_log if o == GDELT and p.startswith("/api/")]
    windows = [parse_qs(urlsplit(p).query) for p in searches]
    assert len(searches) > len(GROUPS)  # paged
    assert any("enddatetime" in w for w in windows) and all(w["maxrecords"] == ["4"] for w in windows)
    recorded = {
        u for (u,) in _q(open_web.settings, "select found_url from open_web_finds where channel = 'gdelt'")
    }
    assert set(_listed(open_web.site, GDELT)) <= recorded


def test_gdelt_is_asked_no_faster_than_its_pace(open_web: OpenWeb) -> None:
    times = open_web.gdelt_times
    assert len(times) >= 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= PACE * 0.75 and sum(gaps) / len(gaps) >= PACE * 0.9, gaps


def test_google_news_searches_are_asked_no_faster_than_its_pace(open_web: OpenWeb) -> None:
    assert open_web.site.services is not None
    search = open_web.site.services.path(GOOGLE_NEWS)
    requests = [p for o, _m, p, _s, _h in open_web.first_log if o == GOOGLE_NEWS]
    # the service's log and its times are kept in one order; its links (decoded, not crawled) are left out
    times = [t for p, t in zip(requests, open_web.google_times, strict=True) if urlsplit(p).path == search]
    assert len(times) >= len(GROUPS)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= PACE * 0.75 and sum(gaps) / len(gaps) >= PACE * 0.9, gaps


def test_an_undecodable_google_news_link_is_recorded_not_lost(open_web: OpenWeb) -> None:
    rows = _q(
        open_web.settings,
        "select title, url, error, detail, outlet_name from open_web_finds where channel = 'google_news' and url is null",
    )
    assert rows and all(r[2] == "decode_failed" and "404" in r[3] for r in rows)
    assert all(r[0].startswith("Berita Ini Sudah Tidak Tersedia") and r[4] for r in rows)
    assert open_web.first.errors.get("decode_failed", 0) >= 1


def test_a_discovered_url_that_redirects_off_its_host_is_refused(open_web: OpenWeb) -> None:
    site = open_web.site
    outlet = next(o for o in site.model.outlets if "offsite_redirect" in o.traps)
    trap = site.url(outlet.id, outlet.traps["offsite_redirect"])
    rows = _q(open_web.settings, "select source_id, error from fetches where error = 'offsite'")
    assert rows and {r[0] for r in rows} == {outlet_id(urlsplit(trap).netloc)}
    elsewhere = {o for o, _m, p, _s, _h in open_web.first_log if p == "/" and o != outlet.id}
    # the redirect target's home page was never requested by the discovered outlet's crawl
    assert not [o for o in elsewhere if o not in {s["id"] for s in site.sources()}]


def test_an_article_found_by_both_channels_is_fetched_and_stored_once(open_web: OpenWeb) -> None:
    both = set(_listed(open_web.site, GDELT)) & set(_listed(open_web.site, GOOGLE_NEWS))
    assert both
    for url in both:
        canonical = canonicalize(url)
        channels = {
            c
            for (c,) in _q(open_web.settings, "select channel from open_web_finds where url = ?", [canonical])
        }
        assert channels == {"gdelt", "google_news"}, url
        fetches = _q(
            open_web.settings,
            "select count(*) from fetches where canonical_url = ? and kind = 'article' and status = 200",
            [canonical],
        )
        assert fetches == [(1,)], url


def test_services_have_their_own_health_and_a_rerun_fetches_nothing_again(open_web: OpenWeb) -> None:
    health = dict(
        _q(
            open_web.settings,
            "select source_id || '/' || channel, state from source_channel_health where channel in ('gdelt', 'google_news')",
        )
    )
    assert health["gdelt/gdelt"] == "stable" and health["google-news/google_news"] == "stable"
    assert open_web.second.new_articles == 0
    again = [p for o, _m, p, _s, _h in open_web.second_log if o in {u.id for u in open_web.site.unregistered}]
    assert again == []  # decoded links and fetched articles are in the seen set: nothing asked twice
    firsts = {
        parse_qs(urlsplit(p).query)["startdatetime"][0]
        for log in (open_web.first_log, open_web.second_log)
        for o, _m, p, _s, _h in log
        if o == GDELT and p.startswith("/api/")
    }
    assert len(firsts) == 2  # the second run starts at the first one's start less a day, not as far back


def test_gdelt_errors_empty_and_malformed_answers(fixture_site: FixtureSite, tmp_path: Path) -> None:
    """A too-short term gets GDELT's text error, a cut answer is a parse error, no match is `{}`: each is
    logged with its kind, the channel's other queries still run, and nothing is fetched from them."""
    settings = _settings(
        fixture_site,
        tmp_path,
        query_groups=[["RB"], ["galatjson", "reformasi birokrasi"], ["katatakdikenal"]],
    )
    google = settings.discovery.google_news.model_copy(update={"enabled": False})
    settings = settings.model_copy(
        update={"discovery": settings.discovery.model_copy(update={"google_news": google})}
    )
    report = run_crawl(settings, sources=[], open_web=True)
    rows = _q(
        settings, "select url, status, error from fetches where source_id = 'gdelt' and kind = 'search'"
    )
    errors = {parse_qs(urlsplit(u).query)["query"][0].strip('("').split()[0]: e for u, _s, e in rows}
    assert errors == {"RB": "api_error", "galatjson": "parse_error", "katatakdikenal": None}
    assert report.status == "ok" and report.new_articles == 0
    assert _q(settings, "select count(*) from open_web_finds") == [(0,)]
    # one query answered: the channel worked this run
    assert _q(
        settings, "select state from source_channel_health where source_id = 'gdelt' and channel = 'gdelt'"
    ) == [("stable",)]


OUTLET = "www.kabarpesisir.com"  # a host of no registry, served on 127.0.0.1 through crawl.resolve
_PAGE = (
    "<!DOCTYPE html><html lang='id'><head><title>{t}</title></head><body><article><h1>{t}</h1><p>BENGKULU – "
    "Pemerintah Kota Bengkulu menggelar evaluasi reformasi birokrasi bersama perangkat daerah.</p></article>"
    "</body></html>"
)


class _OpenWebSite:
    """One local server: a GDELT-style artlist API on 127.0.0.1, and OUTLET (by Host header) whose
    robots.txt disallows /private/ and asks for a Crawl-delay, and whose /berita/dua answers 429 once."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, float]] = []  # (host, path, monotonic time)
        self.limited = False
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                site.asked.append((host, self.path, time.monotonic()))
                status, headers, body = site.answer(host, urlsplit(self.path).path)
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def outlet_url(self, path: str) -> str:
        return f"http://{OUTLET}:{self.port}{path}"

    def answer(self, host: str, path: str) -> tuple[int, dict[str, str], bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if host != OUTLET:
            if path != "/api/v2/doc/doc":
                return 404, html, b"<html>tidak ada</html>"
            seen = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            articles = [
                {
                    "url": self.outlet_url(p),
                    "seendate": seen,
                    "title": f"Berita {p}",
                    "domain": "kabarpesisir.com",
                }
                for p in ("/berita/satu", "/berita/dua", "/private/tiga")
            ]
            return 200, {"Content-Type": "application/json"}, json.dumps({"articles": articles}).encode()
        if path == "/robots.txt":
            return (
                200,
                {"Content-Type": "text/plain"},
                b"User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n",
            )
        if path == "/berita/dua" and not self.limited:
            self.limited = True
            return 429, {**html, "Retry-After": "1"}, b"<html>terlalu banyak permintaan</html>"
        return 200, html, _PAGE.format(t=f"Evaluasi Reformasi Birokrasi {path}").encode()


def test_a_discovered_outlet_gets_the_same_politeness_robots_crawl_delay_and_429_backoff(
    tmp_path: Path,
) -> None:
    site = _OpenWebSite()
    try:
        discovery = DiscoveryConfig(
            query_groups=[["reformasi birokrasi"]],
            gdelt=GdeltConfig(
                enabled=True, api_url=f"http://127.0.0.1:{site.port}/api/v2/doc/doc", min_interval=0
            ),
            google_news=GoogleNewsConfig(enabled=False),
        )
        crawl = CrawlConfig(
            download_delay=0, autothrottle=False, retry_times=2, timeout=10, resolve={OUTLET: "127.0.0.1"}
        )
        settings = Settings(data_dir=tmp_path, crawl=crawl, discovery=discovery)
        ensure_database(settings)
        report = run_crawl(settings, sources=[], open_web=True)
    finally:
        site.server.shutdown()
    assert report.status == "ok" and report.outlets_discovered == 1
    outlet = [(p, t) for h, p, t in site.asked if h == OUTLET]
    # robots.txt first; the disallowed find is never asked for, and is logged as refused by robots.txt
    assert outlet[0][0] == "/robots.txt"
    assert [p for p, _t in outlet[1:]] and not [p for p, _t in outlet if p.startswith("/private/")]
    refused = _q(settings, "select error from fetches where url like '%/private/tiga'")
    assert refused == [("robots",)]
    # the 429 is retried after its Retry-After, and every request keeps robots.txt's Crawl-delay
    assert sorted(p for p, _t in outlet[1:]) == ["/berita/dua", "/berita/dua", "/berita/satu"]
    gaps = [b - a for (_p, a), (_q, b) in itertools.pairwise(outlet[1:])]
    assert min(gaps) >= 0.9, gaps
    stored = _q(
        settings,
        "select f.url, f.source_id, s.origin, s.found_by from fetches f join sources s using (source_id)"
        " where f.kind = 'article' and f.status = 200 order by 1",
    )
    oid = outlet_id(f"{OUTLET}:{site.port}")
    assert stored == [
        (site.outlet_url(p), oid, "discovered", "gdelt") for p in ("/berita/dua", "/berita/satu")
    ]
