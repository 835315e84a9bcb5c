"""End to end against the fixture site: real Scrapy over HTTP, WARC + fetch log, DuckDB, incremental.

One module-scoped pair of crawls (first, then incremental) feeds every assertion; each test checks one
behaviour of the spec against the fixture site's request log, the fetch log, the WARC files and DuckDB.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline import store
from pipeline.core.config import CrawlConfig, Settings
from pipeline.core.contract import Channel
from pipeline.crawl import CrawlReport, run_crawl
from pipeline.crawl.sources import check_sources
from pipeline.fixture_site import FixtureSite, load_articles

pytestmark = pytest.mark.slow


@dataclass
class Crawled:
    site: FixtureSite
    settings: Settings
    first: CrawlReport
    second: CrawlReport
    first_log: list[tuple[str, str, str, int, dict[str, str]]]
    second_log: list[tuple[str, str, str, int, dict[str, str]]]
    first_seconds: float
    fetches: list[dict[str, Any]]


def _fetch_rows(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    cur = con.execute("select * from fetches where run_id = ? order by fetched_at", [run_id])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


@pytest.fixture(scope="module")
def crawled(fixture_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    data_dir = tmp_path_factory.mktemp("crawl")
    settings = Settings(
        data_dir=data_dir,
        crawl=CrawlConfig(download_delay=0, autothrottle=True, retry_times=2, timeout=10,
                          queries=["reformasi birokrasi", "SPBE", "zona integritas"]),
    )  # fmt: skip
    fixture_site.reset()
    t0 = time.monotonic()
    progress: list[int] = []
    first = run_crawl(settings, sources=fixture_site.sources(), progress=progress.append)
    first_seconds = time.monotonic() - t0
    first_log = fixture_site.request_log()
    fixture_site.reset()
    second = run_crawl(settings, sources=fixture_site.sources())
    second_log = fixture_site.request_log()
    con = store.connect(settings.db_path, read_only=True)
    try:
        fetches = _fetch_rows(con, first.run_id)
    finally:
        con.close()
    assert progress and progress[-1] >= len(fetches) - 1
    return Crawled(fixture_site, settings, first, second, first_log, second_log, first_seconds, fetches)


def _paths(log: list[Any], outlet: str | None = None) -> list[str]:
    return [path for o, _m, path, _s, _h in log if outlet is None or o == outlet]


def _crawler_log(c: Crawled, report: CrawlReport) -> str:
    assert report.run_dir is not None
    return (report.run_dir / "crawler.log").read_text(encoding="utf-8")


def _rows(c: Crawled, **where: Any) -> list[dict[str, Any]]:
    return [r for r in c.fetches if all(r.get(k) == v for k, v in where.items())]


def _path_of(url: str) -> str:
    p = urlsplit(url)
    return p.path + (f"?{p.query}" if p.query else "")


# -- the run ----------------------------------------------------------------------------------------


def test_first_crawl_is_fast_and_recorded(crawled: Crawled) -> None:
    assert crawled.first_seconds < 60
    assert crawled.first.status == "ok"
    assert crawled.first.new_articles >= 30
    con = store.connect(crawled.settings.db_path, read_only=True)
    try:
        run = con.execute(
            "select status, requests, bytes, new_articles, errors, finished_at > started_at from crawl_runs"
            " where run_id = ?",
            [crawled.first.run_id],
        ).fetchone()
    finally:
        con.close()
    assert run is not None
    status, requests, nbytes, new, errors, ordered = run
    assert status == "ok" and requests == crawled.first.requests and nbytes > 100_000 and ordered
    assert new == crawled.first.new_articles
    assert json.loads(errors) == crawled.first.errors


def test_every_fetch_logged_is_in_its_warc_at_the_logged_offset(crawled: Crawled) -> None:
    archived = [r for r in crawled.fetches if r["warc_file"] is not None]
    assert len(archived) > 40
    for row in archived:
        path = crawled.settings.data_dir / row["warc_file"]
        with path.open("rb") as fh:
            fh.seek(row["warc_offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]
            assert int(record.http_headers.get_statuscode()) == row["status"]
            assert len(record.content_stream().read()) > 0 or row["status"] == 304
        assert row["warc_length"] > 0
    # failures without a response are logged without a WARC location
    for row in crawled.fetches:
        if row["status"] is None:
            assert row["warc_file"] is None and row["error"]


def test_warc_holds_request_and_response_pairs_for_feeds_and_sitemaps_too(crawled: Crawled) -> None:
    kinds = {r["kind"] for r in crawled.fetches if r["warc_file"]}
    assert {"robots", "feed", "sitemap", "search", "article", "article_page"} <= kinds
    warc = crawled.settings.data_dir / crawled.fetches[0]["warc_file"]
    types = [rec.rec_type for rec in ArchiveIterator(warc.open("rb"))]
    assert types[0] == "warcinfo"
    assert types.count("request") == types.count("response")


def test_politeness_user_agent_names_a_contact(crawled: Crawled) -> None:
    agents = {h.get("User-Agent") for *_rest, h in crawled.first_log}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("rbmon/") and "https://github.com/rbmon/rbmon" in agent


# -- discovery channels -----------------------------------------------------------------------------


def test_robots_sitemap_lines_and_home_page_feed_links_are_discovered(crawled: Crawled) -> None:
    ntb = _paths(crawled.first_log, "pemprov-ntb")
    assert "/robots.txt" in ntb and "/sitemap.xml" in ntb  # only announced in robots.txt
    assert "/rss.xml" in ntb  # only announced by <link rel="alternate"> on the home page
    assert ntb.index("/robots.txt") == 0


def test_wordpress_feed_search_feed_rest_api_and_sitemap_index(crawled: Crawled) -> None:
    sb = _paths(crawled.first_log, "suarabumi")
    assert "/feed/" in sb
    assert "/?s=reformasi+birokrasi&feed=rss2" in sb
    assert any(p.startswith("/wp-json/wp/v2/posts?search=reformasi+birokrasi") for p in sb)
    assert "/sitemap_index.xml" in sb and "/post-sitemap.xml" in sb and "/news-sitemap.xml" in sb
    channels = crawled.first.per_source["suarabumi"]
    for ch in ("feed", "sitemap", "wp_json", "search_feed"):
        assert channels[Channel(ch)].ok >= 1 and channels[Channel(ch)].failed == 0


def test_configured_feeds_and_google_news_sitemap(crawled: Crawled) -> None:
    np = _paths(crawled.first_log, "nusantarapos")
    assert "/rss/" in np and "/sitemap-news.xml" in np and "/sitemap-articles.xml" in np
    assert "/" not in np  # its feeds are configured, so no home-page discovery is needed


def test_every_fixture_article_is_fetched_with_canonical_urls(crawled: Crawled) -> None:
    fetched = {r["canonical_url"] for r in _rows(crawled, kind="article", status=200)}
    for article in crawled.site.model.registered():  # the outlets of no registry: only discovery finds them
        assert crawled.site.article_url(article.id) in fetched, article.id
    assert not any("utm_" in p for p in _paths(crawled.first_log))
    assert all("utm_" not in r["canonical_url"] for r in crawled.fetches)


def test_no_article_is_fetched_twice_in_one_run(crawled: Crawled) -> None:
    article_paths = [p for o, _m, p, s, _h in crawled.first_log if s == 200 and p.count("/") >= 3
                     and not p.endswith(".xml") and "wp-json" not in p and "feed" not in p]  # fmt: skip
    assert len(article_paths) == len(set(article_paths))


def test_multi_page_articles_are_fetched_whole(crawled: Crawled) -> None:
    for article_id in ("fx-a-01", "fx-a-02"):
        page1 = crawled.site.article_url(article_id)
        page2 = crawled.site.article_url(article_id, 2)
        [row] = _rows(crawled, kind="article_page", canonical_url=page2)
        assert row["part_of"] == page1 and row["page"] == 2 and row["status"] == 200
        assert _rows(crawled, kind="article", canonical_url=page1)


# -- traps ----------------------------------------------------------------------------------------


def test_robots_disallow_is_obeyed_with_a_log_line(crawled: Crawled) -> None:
    assert not any(p.startswith("/private/") for p in _paths(crawled.first_log))
    refused = [r for r in crawled.fetches if r["error"] == "robots"]
    assert refused and all("/private/" in r["url"] and r["warc_file"] is None for r in refused)
    assert "disallowed by robots.txt" in _crawler_log(crawled, crawled.first)


def test_404_in_sitemap_is_archived_and_logged(crawled: Crawled) -> None:
    [row] = [r for r in crawled.fetches if r["url"].endswith("/berita-ini-sudah-dihapus/")]
    assert row["status"] == 404 and row["error"] == "http_404" and row["warc_file"]
    assert "HTTP 404 [http_404]" in _crawler_log(crawled, crawled.first)


def test_500_then_success_on_retry(crawled: Crawled) -> None:
    url = crawled.site.article_url("fx-a-06")
    statuses = [s for o, _m, p, s, _h in crawled.first_log if o == "pemprov-ntb" and p == _path_of(url)]
    assert statuses == [500, 200]
    [row] = _rows(crawled, canonical_url=url, kind="article")
    assert row["status"] == 200 and row["error"] is None
    assert f"retrying {url}" in _crawler_log(crawled, crawled.first)


def test_429_waits_for_retry_after_then_succeeds(crawled: Crawled) -> None:
    url = crawled.site.article_url("fx-a-04")
    statuses = [s for o, _m, p, s, _h in crawled.first_log if o == "nusantarapos" and p == _path_of(url)]
    assert statuses == [429, 200]
    [row] = _rows(crawled, canonical_url=url, kind="article")
    assert row["status"] == 200
    assert f"HTTP 429 for {url}: waiting 1.0 s as Retry-After asks" in _crawler_log(crawled, crawled.first)


def test_slow_page_is_waited_for(crawled: Crawled) -> None:
    [row] = _rows(crawled, canonical_url=crawled.site.article_url("fx-a-03"), kind="article")
    assert row["status"] == 200 and row["elapsed_ms"] >= 400


def test_oversized_page_is_refused(crawled: Crawled) -> None:
    [row] = [r for r in crawled.fetches if r["url"].endswith("/indeks/arsip-lengkap")]
    assert row["error"] == "too_large" and row["warc_file"] is None
    assert "[too_large]" in _crawler_log(crawled, crawled.first)


def test_pdf_link_is_not_downloaded(crawled: Crawled) -> None:
    assert not any(p.endswith(".pdf") for p in _paths(crawled.first_log))
    assert crawled.first.errors.get("skipped_not_html", 0) >= 1
    assert "not an HTML page [not_html]" in _crawler_log(crawled, crawled.first)


def test_windows_1252_page_is_archived_byte_for_byte(crawled: Crawled) -> None:
    url = crawled.site.article_url("fx-a-05")
    [row] = _rows(crawled, canonical_url=url, kind="article")
    assert row["status"] == 200
    with (crawled.settings.data_dir / row["warc_file"]).open("rb") as fh:
        fh.seek(row["warc_offset"])
        payload = next(iter(ArchiveIterator(fh))).content_stream().read()
    with __import__("urllib.request").request.urlopen(url) as resp:  # the server's own bytes
        assert payload == resp.read()
    assert b"windows-1252" in payload.lower()


def test_syndicated_copy_is_fetched_from_both_outlets(crawled: Crawled) -> None:
    for article_id in ("fx-a-03", "fx-a-04"):
        assert _rows(crawled, canonical_url=crawled.site.article_url(article_id), status=200)


# -- incremental --------------------------------------------------------------------------------------


def test_second_run_fetches_no_article_page(crawled: Crawled) -> None:
    article_paths = {_path_of(r["url"]) for r in crawled.fetches if r["kind"] in {"article", "article_page"}}
    again = [p for p in _paths(crawled.second_log) if p in article_paths]
    assert again == []
    assert crawled.second.new_articles == 0
    assert len(crawled.second_log) < len(crawled.first_log) / 2


def test_second_run_uses_conditional_get_and_skips_old_sitemaps(crawled: Crawled) -> None:
    feeds = [(o, p, s) for o, _m, p, s, _h in crawled.second_log if p in {"/feed/", "/rss/", "/rss.xml"}]
    assert feeds and all(s == 304 for _o, _p, s in feeds)
    assert all(("If-None-Match" in h or "If-Modified-Since" in h) for o, _m, p, _s, h in crawled.second_log
               if p == "/feed/")  # fmt: skip
    # sitemap index children are older than the last crawl: not fetched again
    assert "/post-sitemap.xml" not in _paths(crawled.second_log, "suarabumi")
    assert any(p.startswith("/wp-json/") and "after=" in p for p in _paths(crawled.second_log, "suarabumi"))


def test_source_health_is_stored_and_shown(crawled: Crawled) -> None:
    con = store.connect(crawled.settings.db_path, read_only=True)
    try:
        rows = con.execute(
            "select source_id, channel, state, runs from source_channel_health order by 1, 2"
        ).fetchall()
        since = dict(con.execute("select source_id, last_run_id from source_crawl_state").fetchall())
    finally:
        con.close()
    states = {(s, ch): (st, runs) for s, ch, st, runs in rows}
    assert states[("suarabumi", "feed")] == ("stable", 2)
    assert states[("pemprov-ntb", "sitemap")] == ("stable", 2)
    assert since == {s: crawled.second.run_id for s in ("suarabumi", "pemprov-ntb", "nusantarapos")}
    shown = check_sources(crawled.settings.model_copy(update={"crawl": CrawlConfig()}))
    by_id = {r["id"]: r for r in shown}
    assert len(shown) >= 83  # the packaged registry (never crawled here) and the three fixture outlets
    assert by_id["suarabumi"]["state"] == "stable" and by_id["suarabumi"]["found_total"] >= 10
    assert "wp_json:stable" in by_id["suarabumi"]["channels"]
    assert by_id["menpan"]["state"] == "never crawled"


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
    out.pop("processed_version", None)
    return out


def test_a_killed_run_is_loaded_by_the_next(crawled: Crawled, tmp_path: Path) -> None:
    settings = crawled.settings.model_copy(update={"data_dir": tmp_path})
    run_dir = tmp_path / "jobs" / "crawl" / "crawl-killed"
    run_dir.mkdir(parents=True)
    # a fetch log as a killed crawler leaves it: two complete lines and a half-written one
    lines = [json.dumps({**_jsonable(r), "run_id": "crawl-killed"}) for r in crawled.fetches[:2]]
    (run_dir / "fetch.jsonl").write_text("\n".join(lines) + "\n" + lines[0][:30], encoding="utf-8")
    report = run_crawl(settings, sources=[])
    assert report.recovered_runs == ["crawl-killed"]
    con = store.connect(settings.db_path, read_only=True)
    try:
        n = con.execute("select count(*) from fetches where run_id = 'crawl-killed'").fetchone()
    finally:
        con.close()
    assert n == (2,)
    assert (run_dir / "loaded").exists()


def test_wordpress_is_detected_when_the_registry_does_not_say_so(
    fixture_site: FixtureSite, tmp_path: Path
) -> None:
    [suarabumi] = [{**s, "wordpress": False} for s in fixture_site.sources() if s["id"] == "suarabumi"]
    settings = Settings(
        data_dir=tmp_path, crawl=CrawlConfig(download_delay=0, autothrottle=False, queries=["SPBE"])
    )
    fixture_site.reset()
    report = run_crawl(settings, sources=[suarabumi])
    paths = _paths(fixture_site.request_log(), "suarabumi")
    assert "/feed/" in paths and "/?s=SPBE&feed=rss2" in paths
    assert any(p.startswith("/wp-json/wp/v2/posts?search=SPBE") for p in paths)
    assert report.run_dir is not None
    assert "source suarabumi looks like WordPress" in (report.run_dir / "crawler.log").read_text(
        encoding="utf-8"
    )


def test_a_stop_request_ends_the_crawl_gracefully(fixture_site: FixtureSite, tmp_path: Path) -> None:
    from pipeline.core.runstate import clear_stop, request_stop

    settings = Settings(data_dir=tmp_path, crawl=CrawlConfig(download_delay=0.2, autothrottle=False))
    fixture_site.reset()

    def progress(n: int) -> None:
        if n >= 5:
            request_stop()

    try:
        report = run_crawl(settings, sources=fixture_site.sources(), progress=progress)
    finally:
        clear_stop()
    assert report.status == "interrupted"
    assert 5 <= report.fetches < 60
    con = store.connect(settings.db_path, read_only=True)
    try:
        status = con.execute("select status from crawl_runs where run_id = ?", [report.run_id]).fetchone()
        rows = con.execute(
            "select url, warc_file, warc_offset from fetches where warc_file is not null"
        ).fetchall()
    finally:
        con.close()
    assert status == ("interrupted",)
    for url, warc_file, offset in rows:  # the WARC was closed cleanly: every logged record is readable
        with (tmp_path / warc_file).open("rb") as fh:
            fh.seek(offset)
            assert next(iter(ArchiveIterator(fh))).rec_headers.get_header("WARC-Target-URI") == url


def test_only_wordpress_sources_are_asked_through_the_wordpress_channels(crawled: Crawled) -> None:
    """wp_json and search_feed start for WordPress sources only (configured, or found from the home page)."""
    for outlet in ("pemprov-ntb", "nusantarapos"):
        paths = _paths(crawled.first_log, outlet)
        assert paths, outlet
        assert not [p for p in paths if "/wp-json/" in p or "feed=rss2" in p], outlet
    # one request per article of the registered outlets, their robots.txt, feeds, sitemaps and searches,
    # a few retries: nothing beyond (the bound grows with the fixture's articles, it is not a constant)
    registered = {o.id for o in crawled.site.outlets}
    articles = sum(1 for a in load_articles() if a.outlet in registered)
    assert articles < crawled.first.requests <= articles + 40
