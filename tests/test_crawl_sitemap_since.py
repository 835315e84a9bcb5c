"""Sitemap entries older than the source's last good crawl (``since``) are not fetched.

On a normal second run every old entry is also in the seen set, so a broken date filter would go
unnoticed. Here the seen set is empty: the database knows when each source was last crawled
(``source_crawl_state.last_success_at``) but holds no fetched article, and every discovery channel but
the sitemaps is quarantined, so nothing else can fetch (or hide) an old article. ``since`` sits between
two neighbouring fixture articles of each outlet, in the outlet's own time zone, so a filter that is
off by a time zone, compares the wrong way or is skipped fails here.

The end-to-end run sees the union of all sitemaps of a source (an article is fetched when any sitemap
lists it as new), so a second test feeds the fixture's plain sitemap and its Google News sitemap to the
spider one at a time: the plain one is judged by ``lastmod``, the news one by ``news:publication_date``.
"""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import scrapy
from scrapy.http import XmlResponse

from crawlers.spiders.news import NewsSpider
from pipeline import store
from pipeline.core.config import CrawlConfig, Settings
from pipeline.crawl import run_crawl
from pipeline.crawl.plan import SINCE_MARGIN
from pipeline.fixture_site import FixtureSite
from tests.helpers.crawl import plan_for

# Per outlet, a ``since`` between two neighbouring articles (UTC; the outlets print +07:00 and +08:00).
SINCE = {
    # fx-a-01: published 2025-06-24 13:40 +07:00 (06:40Z), edited 16:05 +07:00 (09:05Z): its plain-sitemap
    # lastmod is newer than since, its news-sitemap publication date older
    "suarabumi": datetime(2025, 6, 24, 8, 0, tzinfo=UTC),
    # fx-b-20 at 2025-06-30 14:00 +08:00 (06:00Z) is older, fx-a-06 at 14:20 +08:00 (06:20Z) newer
    "pemprov-ntb": datetime(2025, 6, 30, 6, 10, tzinfo=UTC),
    # fx-a-02 at 2025-07-02 10:15 +07:00 (03:15Z) is older, fx-c-17 at 11:20 +08:00 (03:20Z) newer
    "nusantarapos": datetime(2025, 7, 2, 3, 17, tzinfo=UTC),
}
OTHER_CHANNELS = ("feed", "home", "wp_json", "search_feed")


def _split(site: FixtureSite, outlet: str) -> tuple[set[str], set[str]]:
    """Article paths of ``outlet`` whose sitemap date is newer / older than its ``since``.

    An article's plain-sitemap ``lastmod`` is its last edit, its news-sitemap date its publication (never
    later), so the article is new for some sitemap exactly when its last edit is not older than ``since``.
    """
    new, old = set(), set()
    for article in site.model.by_outlet(outlet):
        (new if article.updated >= SINCE[outlet] else old).add(site.model.article_path(article))
    return new, old


def _prepare(settings: Settings, source_ids: list[str]) -> None:
    """A database that saw each source crawled (``since`` + margin ago) but holds no fetch at all; every
    discovery channel but the sitemaps is quarantined."""
    now = datetime.now(UTC)
    con = store.connect(settings.db_path)
    try:
        store.migrate(con)
        for sid in source_ids:
            con.execute(
                "insert into source_crawl_state (source_id, last_success_at, last_run_id) values (?, ?, ?)",
                [sid, SINCE[sid] + SINCE_MARGIN, "earlier-run"],
            )
            for channel in OTHER_CHANNELS:
                con.execute(
                    "insert into source_channel_health (source_id, channel, state, consecutive_failures,"
                    " last_failure_at, runs) values (?, ?, 'quarantined', 5, ?, 5)",
                    [sid, channel, now],
                )
            # the sitemaps worked last time (a source whose every channel is quarantined is left out)
            con.execute(
                "insert into source_channel_health (source_id, channel, state, last_success_at, runs)"
                " values (?, 'sitemap', 'stable', ?, 5)",
                [sid, SINCE[sid] + SINCE_MARGIN],
            )
        assert con.execute("select count(*) from fetches").fetchone() == (0,)
    finally:
        con.close()


@pytest.fixture(scope="module")
def crawled(fixture_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("since"),
        crawl=CrawlConfig(download_delay=0, autothrottle=False, retry_times=2, timeout=10),
    )
    sources = fixture_site.sources()
    _prepare(settings, [s["id"] for s in sources])
    fixture_site.reset()
    report = run_crawl(settings, sources=sources)
    assert report.run_dir is not None
    plan = json.loads((report.run_dir / "plan.json").read_text(encoding="utf-8"))
    return {"site": fixture_site, "report": report, "plan": plan, "log": fixture_site.request_log()}


def _requested(crawled: dict[str, Any], outlet: str) -> set[str]:
    """Paths (query left off) the crawl asked ``outlet`` for."""
    return {path.split("?", 1)[0] for o, _m, path, _s, _h in crawled["log"] if o == outlet}


@pytest.mark.slow
def test_the_plan_carries_since_and_only_the_sitemaps_run(crawled: dict[str, Any]) -> None:
    assert crawled["report"].status == "ok"
    plan = crawled["plan"]
    assert {sid: datetime.fromisoformat(v) for sid, v in plan["since"].items()} == SINCE
    assert all(sorted(s["skip_channels"]) == sorted(OTHER_CHANNELS) for s in plan["sources"])
    requested = {path for _o, _m, path, _s, _h in crawled["log"]}
    # no feed, home page or WordPress search could have found (or hidden) an article
    assert not requested & {"/", "/feed/", "/rss/", "/rss.xml"}
    assert not [p for p in requested if p.startswith(("/wp-json", "/?s="))]
    sitemaps = {
        "/post-sitemap.xml",
        "/news-sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/sitemap.xml",
    }
    assert sitemaps <= requested


@pytest.mark.slow
@pytest.mark.parametrize("outlet", sorted(SINCE))
def test_sitemap_entries_older_than_since_are_not_requested(crawled: dict[str, Any], outlet: str) -> None:
    new, old = _split(crawled["site"], outlet)
    assert new and old  # since really splits the outlet's articles
    requested = _requested(crawled, outlet)
    # nor their page 2, AMP copy or any other URL under them
    fetched_old = sorted(p for p in requested if p.startswith(tuple(old)))
    assert fetched_old == [], "sitemap entries older than since were fetched"
    assert sorted(new - requested) == [], "sitemap entries newer than since were not fetched"


@pytest.mark.slow
def test_since_is_compared_as_an_instant_with_the_sitemap_dates(crawled: dict[str, Any]) -> None:
    site = crawled["site"]
    path = {a.id: site.model.article_path(a) for a in site.model.articles}
    # minutes either side of since, in the outlet's own offset
    assert path["fx-a-06"] in _requested(crawled, "pemprov-ntb")
    assert path["fx-b-20"] not in _requested(crawled, "pemprov-ntb")
    assert path["fx-c-17"] in _requested(crawled, "nusantarapos")
    assert path["fx-a-02"] not in _requested(crawled, "nusantarapos")
    # published before since but edited after: the plain sitemap's lastmod says it changed
    assert path["fx-a-01"] in _requested(crawled, "suarabumi")
    # a dated non-article entry (lastmod 2025-06-24 08:00 +07:00) is skipped by date as well
    assert site.model.outlet("suarabumi").traps["missing_in_sitemap"] not in _requested(crawled, "suarabumi")


# -- one sitemap at a time: which date each kind of sitemap is judged by ----------------------------------


def _articles_from_sitemap(site: FixtureSite, path: str, since: datetime | None) -> set[str]:
    """Article URLs the spider asks for when given the fixture's ``path`` sitemap of suarabumi."""
    [source] = [s for s in site.sources() if s["id"] == "suarabumi"]
    spider = NewsSpider(plan=plan_for([source], since={"suarabumi": since}))
    url = site.url("suarabumi", path)
    with urllib.request.urlopen(url, timeout=10) as fh:
        body = fh.read()
    meta = {"source_id": "suarabumi", "kind": "sitemap", "channel": "sitemap"}
    response = XmlResponse(url, body=body, status=200, request=scrapy.Request(url, meta=meta))
    out = list(spider.parse_listing(response))
    return {r.url for r in out if isinstance(r, scrapy.Request) and r.meta.get("kind") == "article"}


def _sitemap_paths(site: FixtureSite, name: re.Pattern[str]) -> list[str]:
    """Paths of the children of suarabumi's sitemap index whose path matches ``name``."""
    with urllib.request.urlopen(site.url("suarabumi", "/sitemap_index.xml"), timeout=10) as fh:
        index = fh.read().decode("utf-8")
    paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    return [p for p in paths if name.fullmatch(p)]


@pytest.mark.parametrize(
    ("name", "date_of"),
    [(r"/post-sitemap\d*\.xml", "updated"), (r"/news-sitemap\.xml", "published")],
    ids=["plain-lastmod", "google-news-publication-date"],
)
def test_each_sitemap_is_filtered_by_its_own_date(fixture_site: FixtureSite, name: str, date_of: str) -> None:
    since = SINCE["suarabumi"]
    articles = fixture_site.model.by_outlet("suarabumi")
    url_of = {a.id: fixture_site.article_url(a.id) for a in articles}
    # the plain post sitemap is split every 25 posts (post-sitemap.xml, post-sitemap2.xml, ...)
    paths = _sitemap_paths(fixture_site, re.compile(name))
    assert paths
    everything = {u for p in paths for u in _articles_from_sitemap(fixture_site, p, None)}
    assert set(url_of.values()) <= everything  # without a last crawl every entry is asked for
    asked = {u for p in paths for u in _articles_from_sitemap(fixture_site, p, since)}
    expected = {url_of[a.id] for a in articles if getattr(a, date_of) >= since}
    assert asked & set(url_of.values()) == expected
    assert {url_of[a.id] for a in articles} - expected  # some entries really were older
    # fx-a-01 was published before since and edited after: new by lastmod, old by publication date
    assert (url_of["fx-a-01"] in asked) is (date_of == "updated")
