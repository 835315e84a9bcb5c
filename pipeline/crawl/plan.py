"""What the next crawl asks for, read from the database: sources, seen set, since, validators, frontier.

``build_plan`` puts it together as the ``CrawlPlan`` the crawler subprocess runs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from crawlers.sources import Source
from crawlers.urls import netloc_of, www_variants
from pipeline import store
from pipeline.core.config import CrawlConfig, Settings
from pipeline.core.contract import (
    Channel,
    CrawlPlan,
    DistributedPlan,
    FrontierEntry,
    KnownHost,
    PlannedSource,
    Validators,
)
from pipeline.crawl.state import FETCHED_OK, FRONTIER_MAX_ATTEMPTS
from pipeline.store.outlets import DISCOVERED

__all__ = [
    "QUARANTINE_RETRY",
    "SINCE_MARGIN",
    "build_plan",
    "discovered_to_retry",
    "frontier_plan",
    "known_hosts",
    "open_web_services",
    "planned",
    "quarantine",
    "since_per_source",
    "upsert_sources",
    "user_agent",
    "validators",
    "write_seen",
]

log = logging.getLogger(__name__)


# Sitemap lastmod values are often in local time without an offset, and feeds lag: look a day further
# back than the last success. Re-reading a day of sitemap entries costs nothing, the seen set skips them.
SINCE_MARGIN = timedelta(days=1)


QUARANTINE_RETRY = timedelta(days=7)


def user_agent(settings: Settings, sources: Sequence[PlannedSource | Source]) -> str:
    """The User-Agent with the operator's contact; warns while it still names rbmon's own project page.

    Site owners who see rbmon in their logs must be able to reach whoever runs it, not its authors
    (no warning when every source is on this machine, as in the demo and the tests).
    """
    remote = any(netloc_of(s.url).split(":")[0] not in {"127.0.0.1", "localhost", "::1"} for s in sources)
    if remote and settings.crawl.contact_url == CrawlConfig.model_fields["contact_url"].default:
        log.warning(
            "crawl.contact_url is still rbmon's default (%s): set it to a page or mailto: of your own so "
            "the sites you crawl can reach you",
            settings.crawl.contact_url,
        )
    ua = settings.crawl.user_agent
    return ua.format(contact_url=settings.crawl.contact_url) if "{contact_url}" in ua else ua


def write_seen(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Every canonical URL already fetched OK, in one query, written to a file one URL a line.

    "OK" includes a definitive non-article answer (a PDF behind an HTML-looking link, a page over the size
    cap): fetching those again every night would cost the same bytes for the same refusal.
    """
    # and every open-web link decoded before (a Google News link is decoded once, ever)
    table = con.sql(
        f"{FETCHED_OK} union select found_url from open_web_finds where url is not null"
    ).to_arrow_table()
    urls = table.column(0).to_pylist()
    with path.open("w", encoding="utf-8") as fh:
        for u in urls:
            if u and "\n" not in u:
                fh.write(u + "\n")
    return len(urls)


def since_per_source(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, datetime | None]:
    """Per source, the start of its last crawl whose discovery worked, less ``SINCE_MARGIN`` (None: never)."""
    rows = dict(con.execute("select source_id, last_success_at from source_crawl_state").fetchall())
    out: dict[str, datetime | None] = {}
    for sid in ids:
        when = rows.get(sid)
        out[sid] = when.astimezone(UTC) - SINCE_MARGIN if when is not None else None
    return out


def quarantine(con: duckdb.DuckDBPyConnection, now: datetime) -> tuple[set[str], dict[str, list[Channel]]]:
    """Sources to leave out of this run and channels to skip, per source.

    A quarantined channel (or a source whose discovery channels are all quarantined) is tried again once
    its last failure is ``QUARANTINE_RETRY`` old, so a site that comes back is noticed within a week.
    robots.txt is never skipped on its own: without it the rules would be unknown.
    """
    cutoff = now - QUARANTINE_RETRY
    skip: dict[str, list[Channel]] = {}
    for sid, ch in con.execute(
        "select source_id, channel from source_channel_health"
        " where state = 'quarantined' and last_failure_at > ? and channel not in ('robots', 'article')",
        [cutoff],
    ).fetchall():
        if (channel := Channel.of(ch)) is not None:
            skip.setdefault(sid, []).append(channel)
    resting = {
        sid
        for (sid,) in con.execute(
            "select source_id from source_health where state = 'quarantined' and last_failure_at > ?",
            [cutoff],
        ).fetchall()
    }
    return resting, skip


def validators(con: duckdb.DuckDBPyConnection) -> dict[str, Validators]:
    """ETag and Last-Modified of every feed and sitemap that answered 200 before, for conditional GET."""
    return {
        url: Validators(etag=etag, last_modified=lm)
        for url, etag, lm in con.execute("select url, etag, last_modified from http_validators").fetchall()
    }


def upsert_sources(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> None:
    """The registry into ``sources`` in one statement (disabled entries too, marked so)."""
    if not sources:
        return
    batch = pa.table(  # noqa: F841 - used in SQL
        {
            "source_id": pa.array([s.id for s in sources], pa.string()),
            "name": pa.array([s.name for s in sources], pa.string()),
            "base_url": pa.array([s.url for s in sources], pa.string()),
            "province_code": pa.array([s.province_code for s in sources], pa.string()),
            "kind": pa.array([s.kind for s in sources], pa.string()),
            "wordpress": pa.array([s.wordpress for s in sources], pa.bool_()),
            "enabled": pa.array([s.enabled for s in sources], pa.bool_()),
        }
    )
    with store.transaction(con):
        con.execute(
            """
            insert into sources (source_id, name, base_url, province_code, kind, wordpress, enabled, updated_at)
            select *, current_timestamp from batch
            on conflict (source_id) do update set name = excluded.name, base_url = excluded.base_url,
                province_code = excluded.province_code, kind = excluded.kind, wordpress = excluded.wordpress,
                enabled = excluded.enabled, updated_at = excluded.updated_at
            """
        )


def frontier_plan(
    con: duckdb.DuckDBPyConnection, ids: list[str], per_source: int
) -> dict[str, list[FrontierEntry]]:
    """What earlier runs found but did not fetch, per source, oldest first: the next run asks for it first.

    Entries fetched since (by any run or worker) and entries that failed too often are dropped here.
    """
    with store.transaction(con):
        con.execute(f"delete from crawl_frontier where canonical_url in ({FETCHED_OK})")
        given_up = con.execute(
            "delete from crawl_frontier where attempts >= ? returning source_id", [FRONTIER_MAX_ATTEMPTS]
        ).fetchall()
    if given_up:
        log.warning("gave up %d article URL(s) after %d failed attempts each (see fetches)", len(given_up),
                    FRONTIER_MAX_ATTEMPTS)  # fmt: skip
    rows = con.execute(
        """
        select source_id, canonical_url, channel from (
            select *, row_number() over (partition by source_id order by first_found_at, canonical_url) as n
            from crawl_frontier where list_contains(?, source_id)
        ) where n <= ? order by source_id, n
        """,
        [ids, per_source],
    ).fetchall()
    out: dict[str, list[FrontierEntry]] = {}
    for sid, url, channel in rows:
        out.setdefault(sid, []).append(FrontierEntry(url=url, channel=Channel.of(channel)))
    return out


def planned(source: Source, skip: list[Channel]) -> PlannedSource:
    """What the crawler needs of a registry entry, with the channels quarantined for this run."""
    fields = source.model_dump(include=set(PlannedSource.model_fields) - {"skip_channels"})
    return PlannedSource(**fields, skip_channels=skip)


#: source ids of the open-web services (rows of ``sources`` with origin open_web)
GDELT_ID = "gdelt"
GOOGLE_NEWS_ID = "google-news"


def open_web_services(settings: Settings, skip: dict[str, list[Channel]]) -> list[PlannedSource]:
    """The enabled open-web channels as planned sources of their own (the endpoint is the source's URL).

    A service whose channel is quarantined rests like any source (tried again once a week).
    """
    d = settings.discovery
    out = []
    for sid, channel, cfg_enabled, url, pace in (
        (GDELT_ID, Channel.GDELT, d.gdelt.enabled, d.gdelt.api_url, d.gdelt.min_interval),
        (
            GOOGLE_NEWS_ID,
            Channel.GOOGLE_NEWS,
            d.google_news.enabled,
            d.google_news.rss_url,
            d.google_news.min_interval,
        ),
    ):
        if not cfg_enabled:
            continue
        if channel in skip.get(sid, []):
            log.warning(
                "open-web channel %s is quarantined (it failed repeatedly): next try within a week", channel
            )
            continue
        out.append(PlannedSource(id=sid, url=url, channels=[channel], min_interval=pace))
    return out


def known_hosts(
    con: duckdb.DuckDBPyConnection, registry: list[Source], planned_ids: set[str]
) -> dict[str, KnownHost]:
    """Netloc -> source, for every source an open-web find may land on that this run does not plan.

    Registry sources (disabled ones marked so: their finds are never fetched) and the outlets
    discovered by earlier runs, so a find is credited to its source and never makes a second outlet.
    """
    out: dict[str, KnownHost] = {}
    for sid, host, enabled in con.execute(
        "select source_id, host, enabled from sources where origin = ? and host is not null", [DISCOVERED]
    ).fetchall():
        if sid not in planned_ids:
            for netloc in www_variants(host):
                out[netloc] = KnownHost(source_id=sid, enabled=bool(enabled))
    for src in registry:
        if src.id in planned_ids:
            continue
        for netloc in src.netlocs:
            out[netloc] = KnownHost(source_id=src.id, enabled=src.enabled)
    return out


def discovered_to_retry(con: duckdb.DuckDBPyConnection) -> list[PlannedSource]:
    """Discovered outlets with URLs waiting in the frontier: planned with no channels, only to fetch them."""
    rows = con.execute(
        """
        select s.source_id, s.base_url from sources s
        where s.origin = ? and s.enabled and s.source_id in (select source_id from crawl_frontier)
        order by 1
        """,
        [DISCOVERED],
    ).fetchall()
    out = []
    for sid, url in rows:
        bare, www = www_variants(netloc_of(url))
        out.append(
            PlannedSource(
                id=sid, url=url, aliases=[h for h in (bare, www) if h != netloc_of(url)], channels=[]
            )
        )
    return out


def build_plan(
    settings: Settings,
    *,
    run_id: str,
    run_dir: Path,
    sources: list[PlannedSource],
    since: dict[str, datetime | None],
    conditional: dict[str, Validators],
    retry: dict[str, list[FrontierEntry]],
    distributed: DistributedPlan | None,
    hosts: dict[str, KnownHost] | None = None,
    open_web: bool = False,
) -> CrawlPlan:
    """The plan the crawler subprocess runs; its files live in ``run_dir``."""
    return CrawlPlan(
        run_id=run_id,
        data_dir=settings.data_dir.resolve(),
        warc_dir=settings.warc_dir.resolve(),
        fetch_log=run_dir / "fetch.jsonl",
        stats_out=run_dir / "stats.json",
        seen_urls_file=run_dir / "seen.txt",
        sources=sources,
        since=since,
        conditional=conditional,
        retry=retry,
        user_agent=user_agent(settings, sources),
        crawl=settings.crawl,
        distributed=distributed,
        finds_log=run_dir / "finds.jsonl" if open_web else None,
        known_hosts=hosts or {},
        discovery=settings.discovery,
    )
