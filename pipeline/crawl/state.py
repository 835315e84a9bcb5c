"""The crawl's state in DuckDB after a run: per-source/channel health, validators, the frontier.

Everything here runs inside the caller's transaction; nothing talks to the crawler.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.core.contract import Channel, ChannelCounts, FrontierEntry, Validators

log = logging.getLogger(__name__)


# Transient failures of one article before the frontier gives it up (it stays in `fetches`).
FRONTIER_MAX_ATTEMPTS = 5


# Article errors that are an answer, not bad luck: fetching again would get the same.
DEFINITIVE_ERRORS = (
    "http_404", "http_410", "http_4xx", "too_large", "not_html", "redirect_loop", "redirect_refused",
    "offsite", "bad_scheme", "unknown_source", "robots", "ignored", "xml_refused",
)  # fmt: skip


# An article fetch that settles its URL: fetched, or a definitive non-article answer worth no refetch.
OK_ARTICLE_FETCH = (
    "kind in ('article', 'article_page')"
    " and ((status = 200 and (error is null or error = 'not_html')) or error = 'too_large')"
)


FETCHED_OK = (
    f"select canonical_url from fetches where {OK_ARTICLE_FETCH} union select canonical_url from articles"
)


#: Channels whose success shows the source's discovery worked (and moves its ``since`` mark).
DISCOVERY_CHANNELS = frozenset(c for c in Channel if c.discovers)


def update_health(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    started: datetime,
    per_source: dict[str, dict[Channel, ChannelCounts]],
    errors_by_channel: dict[tuple[str | None, Channel | None], Counter[str]],
    quarantine_after: int,
    *,
    advance_since: bool = True,
) -> None:
    current = {
        (sid, ch): (fails, total, runs)
        for sid, ch, fails, total, runs in con.execute(
            "select source_id, channel, consecutive_failures, articles_found_total, runs from source_channel_health"
        ).fetchall()
    }
    for sid, channels in per_source.items():
        robots = channels.get(Channel.ROBOTS) or ChannelCounts()
        if set(channels) == {Channel.ROBOTS} and robots.failed and not robots.ok:
            # robots.txt unreachable stops the crawl of the source: its channels could not run either
            for known_sid, known in current:
                channel = Channel.of(known)
                if known_sid == sid and channel in DISCOVERY_CHANNELS:
                    channels = {**channels, channel: ChannelCounts(failed=1)}
        discovery_ok = False
        for ch, c in channels.items():
            ok, failed, found = c.ok, c.failed, c.articles_found
            if not ok and not failed:
                if found:  # found articles through a channel with no request of its own (never happens today)
                    ok = 1
                else:
                    continue
            fails, total, runs = current.get((sid, ch), (0, 0, 0))
            success = ok > 0
            fails = 0 if success else fails + 1
            if success and ch in DISCOVERY_CHANNELS:
                discovery_ok = True
            state = "stable" if success else ("quarantined" if fails >= quarantine_after else "failing")
            top = errors_by_channel.get((sid, ch))
            last_error = top.most_common(1)[0][0] if top and not success else None
            con.execute(
                """
                insert into source_channel_health as h (source_id, channel, state, consecutive_failures,
                    last_success_at, last_failure_at, last_error, articles_found_last, articles_found_total,
                    runs, last_run_id, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp)
                on conflict (source_id, channel) do update set state = excluded.state,
                    consecutive_failures = excluded.consecutive_failures,
                    last_success_at = coalesce(excluded.last_success_at, h.last_success_at),
                    last_failure_at = coalesce(excluded.last_failure_at, h.last_failure_at),
                    last_error = excluded.last_error, articles_found_last = excluded.articles_found_last,
                    articles_found_total = excluded.articles_found_total, runs = excluded.runs,
                    last_run_id = excluded.last_run_id, updated_at = excluded.updated_at
                """,
                [sid, ch, state, fails, started if success else None, None if success else started, last_error,
                 found, total + found, runs + 1, run_id],
            )  # fmt: skip
            if state == "quarantined" and fails == quarantine_after:
                log.warning("source %s: channel %s quarantined after %d failed runs", sid, ch, fails)
        if discovery_ok and advance_since:
            con.execute(
                """
                insert into source_crawl_state (source_id, last_success_at, last_run_id) values (?, ?, ?)
                on conflict (source_id) do update set last_success_at = excluded.last_success_at,
                    last_run_id = excluded.last_run_id
                """,
                [sid, started, run_id],
            )


def store_validators(con: duckdb.DuckDBPyConnection, conditional: dict[str, Validators]) -> None:
    for url, v in conditional.items():
        con.execute(
            """
            insert into http_validators (url, etag, last_modified, updated_at) values (?, ?, ?, current_timestamp)
            on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified,
                updated_at = excluded.updated_at
            """,
            [url, v.etag, v.last_modified],
        )


def update_frontier(
    con: duckdb.DuckDBPyConnection, run_id: str, started: datetime, pending: dict[str, list[FrontierEntry]]
) -> None:
    """Keep the run's unfinished work: URLs it found but never asked for, and transient failures.

    A failed article is counted once per run (its retries inside the run are Scrapy's); a URL
    fetched OK by this run leaves the frontier.
    """
    rows: dict[str, dict[str, Any]] = {}
    for sid, entries in pending.items():
        for entry in entries:
            url, channel = entry.url, str(entry.channel) if entry.channel else None
            rows.setdefault(url, {"canonical_url": url, "source_id": sid, "channel": channel,
                                  "first_found_at": started, "attempts": 0, "last_error": None,
                                  "last_run_id": run_id})  # fmt: skip
    # Only this run's fetches are looked at: what other runs fetched is pruned when the next plan is made.
    failed = con.execute(
        f"""
        select canonical_url, any_value(source_id), any_value(error), any_value(channel) from fetches
        where run_id = $run and kind = 'article' and error is not null and source_id is not null
          and not list_contains($definitive, error)
          and canonical_url not in (select canonical_url from fetches where run_id = $run and {OK_ARTICLE_FETCH})
        group by 1
        """,
        {"run": run_id, "definitive": list(DEFINITIVE_ERRORS)},
    ).fetchall()
    for url, sid, error, channel in failed:  # the fetch log says which channel found it
        rows[url] = {"canonical_url": url, "source_id": sid, "channel": channel, "first_found_at": started,
                     "attempts": 1, "last_error": error, "last_run_id": run_id}  # fmt: skip
    if rows:
        batch = pa.Table.from_pylist(  # noqa: F841 - used in SQL
            list(rows.values()),
            schema=pa.schema([("canonical_url", pa.string()), ("source_id", pa.string()), ("channel", pa.string()),
                              ("first_found_at", pa.timestamp("us", tz="UTC")), ("attempts", pa.int32()),
                              ("last_error", pa.string()), ("last_run_id", pa.string())]),
        )  # fmt: skip
        con.execute(
            """
            insert into crawl_frontier as f select * from batch
            on conflict (canonical_url) do update set
                attempts = f.attempts + excluded.attempts,
                last_error = coalesce(excluded.last_error, f.last_error),
                channel = coalesce(f.channel, excluded.channel),
                last_run_id = excluded.last_run_id
            """
        )
    # fetched by this run, or answered in a way that will not change (404, robots.txt disallow, not HTML)
    con.execute(
        f"""
        delete from crawl_frontier where canonical_url in (
            select canonical_url from fetches
            where run_id = $run and ({OK_ARTICLE_FETCH} or (kind = 'article' and list_contains($definitive, error))))
        """,
        {"run": run_id, "definitive": list(DEFINITIVE_ERRORS)},
    )
    log.info("frontier: %d article URL(s) left for the next run (%d failed transiently)", len(rows),
             len(failed))  # fmt: skip
