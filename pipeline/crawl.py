"""Run a crawl: build the plan from the database, run the crawler subprocess, load what it fetched.

The crawler runs in a subprocess (``python -m crawlers.run PLAN.json``) because Scrapy's reactor starts
once per process and the scheduler crawls every night. This side owns everything DuckDB: the seen set,
``since`` per source, conditional-GET validators, then loading the fetch log into ``fetches``, the run
into ``crawl_runs``, and per-source/channel health.

Nothing fetched is lost: the crawler appends a fetch-log line only after its WARC record is on disk,
this side loads the log idempotently (keyed on WARC file and offset), and a log left behind by a killed
run is loaded at the start of the next one.

Distributed crawl (``redis_url`` set): this process is one worker of several, possibly on several
machines, that share one frontier in Redis (``crawlers/distributed.py``: scrapy-redis's queue and
duplicate filter; ``crawlers/politeness.py``: a per-source slot shared by all workers). Each worker has
its own run id, run directory, fetch log and WARC files (named with its worker id) and loads its own log
into its own database at the end. Workers that share a machine may share one data directory and one
DuckDB file: DuckDB allows one writer process, so a worker waits for the file with a growing backoff
(up to ``DB_WAIT`` in all) instead of failing, and holds it only for the seconds its plan and its load
take; the crawl in between runs with the database closed. A worker that still cannot get the file leaves
its fetch log on disk, and the next crawl on that data directory loads it (as after a kill). Workers do
not take the data directory's crawl lock (they are meant to run side by side); each holds a lock on its
own run directory instead, so a starting worker never loads the log of one that is still running.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from filelock import FileLock, Timeout

from crawlers.run import PARENT_PID_ENV
from crawlers.sources import load_sources, parse_sources
from crawlers.urls import netloc_of
from pipeline import store
from pipeline.config import CrawlConfig, Settings
from pipeline.errors import CrawlError, DatabaseLockedError
from pipeline.runstate import stop_requested

__all__ = ["DB_WAIT", "SINCE_MARGIN", "CrawlReport", "default_worker_id", "load_fetch_log", "run_crawl"]

log = logging.getLogger(__name__)

# Sitemap lastmod values are often in local time without an offset, and feeds lag: look a day further
# back than the last success. Re-reading a day of sitemap entries costs nothing, the seen set skips them.
SINCE_MARGIN = timedelta(days=1)
QUARANTINE_RETRY = timedelta(days=7)
# Transient failures of one article before the frontier gives it up (it stays in `fetches`).
FRONTIER_MAX_ATTEMPTS = 5
# Article errors that are an answer, not bad luck: fetching again would get the same.
DEFINITIVE_ERRORS = (
    "http_404", "http_410", "http_4xx", "too_large", "not_html", "redirect_loop", "redirect_refused",
    "offsite", "bad_scheme", "unknown_source", "robots", "ignored", "xml_refused",
)  # fmt: skip
# An article fetch that settles its URL: fetched, or a definitive non-article answer worth no refetch.
_OK_ARTICLE_FETCH = (
    "kind in ('article', 'article_page')"
    " and ((status = 200 and (error is null or error = 'not_html')) or error = 'too_large')"
)
_FETCHED_OK = (
    f"select canonical_url from fetches where {_OK_ARTICLE_FETCH} union select canonical_url from articles"
)
DISCOVERY_CHANNELS = ("feed", "sitemap", "wp_json", "search_feed", "links", "home")
_POLL_SECONDS = 0.5
# How long a distributed worker waits for the shared DuckDB file before giving up (see the docstring).
DB_WAIT = timedelta(minutes=10)
_RUN_LOCK = "running.lock"


@dataclass
class CrawlReport:
    """What one crawl did; ``status`` is ok, failed or interrupted."""

    run_id: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    requests: int = 0
    bytes: int = 0
    new_articles: int = 0
    fetches: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    per_source: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    warc_files: list[str] = field(default_factory=list)
    run_dir: Path | None = None
    recovered_runs: list[str] = field(default_factory=list)
    worker_id: str | None = None  # distributed crawls only
    namespace: str | None = None  # distributed crawls only: the Redis key prefix the workers shared

    @property
    def duration_seconds(self) -> float | None:
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None


def _runs_dir(settings: Settings) -> Path:
    return settings.data_dir / "jobs" / "crawl"


def _new_run_id(now: datetime) -> str:
    return f"crawl-{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


def default_worker_id() -> str:
    """``<host>-<pid>``: unique among the workers of one night, and readable in a WARC file name."""
    host = re.sub(r"[^A-Za-z0-9_.]+", "_", socket.gethostname()).strip("_.") or "host"
    return f"{host}-{os.getpid()}"


def _connect(settings: Settings, *, wait: bool) -> duckdb.DuckDBPyConnection:
    """Open the database; a distributed worker waits (with backoff) while another process writes."""
    if not wait:
        return store.connect(settings.db_path)
    deadline = time.monotonic() + DB_WAIT.total_seconds()
    pause = 0.05
    while True:
        try:
            return store.connect(settings.db_path)
        except DatabaseLockedError:
            if time.monotonic() + pause > deadline:
                raise
            log.info("database %s is busy (another worker or run writes): retrying in %.2f s",
                     settings.db_path, pause)  # fmt: skip
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def _user_agent(settings: Settings, sources: list[dict[str, Any]]) -> str:
    """The User-Agent with the operator's contact; warns while it still names rbmon's own project page.

    Site owners who see rbmon in their logs must be able to reach whoever runs it, not its authors
    (no warning when every source is on this machine, as in the demo and the tests).
    """
    remote = any(netloc_of(s["url"]).split(":")[0] not in {"127.0.0.1", "localhost", "::1"} for s in sources)
    if remote and settings.crawl.contact_url == CrawlConfig.model_fields["contact_url"].default:
        log.warning(
            "crawl.contact_url is still rbmon's default (%s): set it to a page or mailto: of your own so "
            "the sites you crawl can reach you",
            settings.crawl.contact_url,
        )
    ua = settings.crawl.user_agent
    return ua.format(contact_url=settings.crawl.contact_url) if "{contact_url}" in ua else ua


# -- plan --------------------------------------------------------------------------------------------


def _write_seen(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Every canonical URL already fetched OK, in one query, written to a file one URL a line.

    "OK" includes a definitive non-article answer (a PDF behind an HTML-looking link, a page over the size
    cap): fetching those again every night would cost the same bytes for the same refusal.
    """
    table = con.sql(_FETCHED_OK).to_arrow_table()
    urls = table.column(0).to_pylist()
    with path.open("w", encoding="utf-8") as fh:
        for u in urls:
            if u and "\n" not in u:
                fh.write(u + "\n")
    return len(urls)


def _since(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str | None]:
    rows = dict(con.execute("select source_id, last_success_at from source_crawl_state").fetchall())
    out: dict[str, str | None] = {}
    for sid in ids:
        when = rows.get(sid)
        out[sid] = (when.astimezone(UTC) - SINCE_MARGIN).isoformat() if when is not None else None
    return out


def _quarantine(con: duckdb.DuckDBPyConnection, now: datetime) -> tuple[set[str], dict[str, list[str]]]:
    """Sources to leave out of this run and channels to skip, per source.

    A quarantined channel (or a source whose discovery channels are all quarantined) is tried again once
    its last failure is ``QUARANTINE_RETRY`` old, so a site that comes back is noticed within a week.
    robots.txt is never skipped on its own: without it the rules would be unknown.
    """
    cutoff = now - QUARANTINE_RETRY
    skip: dict[str, list[str]] = {}
    for sid, ch in con.execute(
        "select source_id, channel from source_channel_health"
        " where state = 'quarantined' and last_failure_at > ? and channel not in ('robots', 'article')",
        [cutoff],
    ).fetchall():
        skip.setdefault(sid, []).append(ch)
    resting = {
        sid
        for (sid,) in con.execute(
            "select source_id from source_health where state = 'quarantined' and last_failure_at > ?",
            [cutoff],
        ).fetchall()
    }
    return resting, skip


def _conditional(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str | None]]:
    return {
        url: {"etag": etag, "last_modified": lm}
        for url, etag, lm in con.execute("select url, etag, last_modified from http_validators").fetchall()
    }


def _upsert_sources(con: duckdb.DuckDBPyConnection, sources: list[dict[str, Any]]) -> None:
    """The registry into ``sources`` in one statement (disabled entries too, marked so)."""
    if not sources:
        return
    batch = pa.table(  # noqa: F841 - used in SQL
        {
            "source_id": pa.array([s["id"] for s in sources], pa.string()),
            "name": pa.array([s["name"] for s in sources], pa.string()),
            "base_url": pa.array([s["url"] for s in sources], pa.string()),
            "province_code": pa.array([s.get("province_code") for s in sources], pa.string()),
            "kind": pa.array([s["kind"] for s in sources], pa.string()),
            "wordpress": pa.array([bool(s.get("wordpress")) for s in sources], pa.bool_()),
            "enabled": pa.array([bool(s.get("enabled", True)) for s in sources], pa.bool_()),
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


# -- loading the crawler's output -------------------------------------------------------------------


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


_FETCH_KEYS = (
    "url", "canonical_url", "source_id", "run_id", "fetched_at", "status", "content_type", "warc_file",
    "warc_offset", "warc_length", "elapsed_ms", "kind", "error", "part_of", "page",
)  # fmt: skip


def load_fetch_log(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Append the lines of a fetch log to ``fetches``; lines already loaded are skipped.

    Idempotent: archived fetches are keyed on (warc_file, warc_offset), failures without a response on
    (run_id, url, fetched_at). A last line cut short by a killed process is ignored. Returns the rows added.
    """
    if not path.exists():
        return 0
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.endswith("\n"):
                log.warning(
                    "%s line %d is incomplete (the crawler was killed while writing it): skipped", path, n
                )
                continue
            try:
                raw = json.loads(line)
            except ValueError:
                log.warning("%s line %d is not JSON: skipped", path, n)
                continue
            row = {k: raw.get(k) for k in _FETCH_KEYS}
            row["fetched_at"] = _parse_time(row["fetched_at"])
            if not row["canonical_url"] or row["fetched_at"] is None:
                continue
            rows.append(row)
    if not rows:
        return 0
    run_ids = sorted({r["run_id"] for r in rows if r["run_id"]})
    have_warc: set[tuple[str, int]] = set()
    have_failed: set[tuple[str, str, datetime]] = set()
    for warc_file, offset, run_id, url, fetched_at in con.execute(
        "select warc_file, warc_offset, run_id, url, fetched_at from fetches where list_contains(?, run_id)",
        [run_ids],
    ).fetchall():
        if warc_file is not None:
            have_warc.add((warc_file, int(offset)))
        else:
            have_failed.add((run_id, url, fetched_at.astimezone(UTC)))
    fresh = []
    for r in rows:
        if r["warc_file"] is not None:
            key = (r["warc_file"], int(r["warc_offset"]))
            if key in have_warc:
                continue
            have_warc.add(key)
        else:
            fkey = (r["run_id"], r["url"], r["fetched_at"].astimezone(UTC))
            if fkey in have_failed:
                continue
            have_failed.add(fkey)
        fresh.append(r)
    with store.transaction(con):
        store.append_rows(con, "fetches", fresh)
    return len(fresh)


def _update_health(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    started: datetime,
    per_source: dict[str, dict[str, dict[str, int]]],
    errors_by_channel: dict[tuple[str, str], Counter[str]],
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
        robots = channels.get("robots") or {}
        if set(channels) == {"robots"} and robots.get("failed") and not robots.get("ok"):
            # robots.txt unreachable stops the crawl of the source: its channels could not run either
            for known_sid, ch in current:
                if known_sid == sid and ch in DISCOVERY_CHANNELS:
                    channels = {**channels, ch: {"ok": 0, "failed": 1, "articles_found": 0}}
        discovery_ok = False
        for ch, c in channels.items():
            ok, failed, found = int(c.get("ok", 0)), int(c.get("failed", 0)), int(c.get("articles_found", 0))
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


def _errors_by_channel(path: Path) -> dict[tuple[str, str], Counter[str]]:
    """Error kinds per (source, kind-as-channel) from the fetch log, for ``last_error``."""
    out: dict[tuple[str, str], Counter[str]] = {}
    if not path.exists():
        return out
    kind_to_channel = {"feed": "feed", "sitemap": "sitemap", "robots": "robots", "article": "article",
                       "article_page": "article", "page": "home"}  # fmt: skip
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("error"):
                ch = kind_to_channel.get(r.get("kind"), r.get("kind") or "?")
                if r.get("kind") == "search":
                    ch = "wp_json" if "/wp-json/" in (r.get("url") or "") else "search_feed"
                out.setdefault((r.get("source_id"), ch), Counter())[r["error"]] += 1
    return out


def _store_validators(con: duckdb.DuckDBPyConnection, conditional: dict[str, dict[str, str | None]]) -> None:
    for url, v in conditional.items():
        con.execute(
            """
            insert into http_validators (url, etag, last_modified, updated_at) values (?, ?, ?, current_timestamp)
            on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified,
                updated_at = excluded.updated_at
            """,
            [url, v.get("etag"), v.get("last_modified")],
        )


def _count_log(path: Path) -> tuple[int, int]:
    """(lines, new first pages) of a fetch log, for runs that died before writing stats."""
    lines = new = 0
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                lines += 1
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                new += r.get("kind") == "article" and r.get("status") == 200 and not r.get("error")
    return lines, new


def _recover(con: duckdb.DuckDBPyConnection, runs_dir: Path) -> list[str]:
    """Load fetch logs that a killed or crashed earlier run left unloaded; mark those runs interrupted."""
    recovered = []
    if not runs_dir.exists():
        return recovered
    for run_dir in sorted(p for p in runs_dir.iterdir() if p.is_dir()):
        fetch_log = run_dir / "fetch.jsonl"
        if (run_dir / "loaded").exists() or not fetch_log.exists():
            continue
        if _is_running(run_dir):  # a worker of a distributed crawl, still at work: its parent loads it
            continue
        run_id = run_dir.name
        added = load_fetch_log(con, fetch_log)
        lines, new = _count_log(fetch_log)
        con.execute(
            "update crawl_runs set status = 'interrupted', finished_at = coalesce(finished_at, ?),"
            " new_articles = ? where run_id = ? and status = 'running'",
            [datetime.now(UTC), new, run_id],
        )
        _update_frontier(con, run_id, datetime.now(UTC), {})
        (run_dir / "loaded").write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
        log.warning("loaded %d fetches (of %d logged) left by the interrupted crawl %s", added, lines, run_id)
        recovered.append(run_id)
    return recovered


def _frontier_plan(
    con: duckdb.DuckDBPyConnection, ids: list[str], per_source: int
) -> dict[str, list[list[str]]]:
    """What earlier runs found but did not fetch, per source, oldest first: the next run asks for it first.

    Entries fetched since (by any run or worker) and entries that failed too often are dropped here.
    """
    with store.transaction(con):
        con.execute(f"delete from crawl_frontier where canonical_url in ({_FETCHED_OK})")
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
    out: dict[str, list[list[str]]] = {}
    for sid, url, channel in rows:
        out.setdefault(sid, []).append([url, channel])
    return out


def _update_frontier(
    con: duckdb.DuckDBPyConnection, run_id: str, started: datetime, pending: dict[str, list[list[str]]]
) -> None:
    """Keep the run's unfinished work: URLs it found but never asked for, and transient failures.

    A failed article is counted once per run (its retries inside the run are Scrapy's); a URL
    fetched OK by this run leaves the frontier.
    """
    rows: dict[str, dict[str, Any]] = {}
    for sid, entries in (pending or {}).items():
        for url, channel in entries:
            rows.setdefault(url, {"canonical_url": url, "source_id": sid, "channel": channel,
                                  "first_found_at": started, "attempts": 0, "last_error": None,
                                  "last_run_id": run_id})  # fmt: skip
    # Only this run's fetches are looked at: what other runs fetched is pruned when the next plan is made.
    failed = con.execute(
        f"""
        select canonical_url, any_value(source_id), any_value(error) from fetches
        where run_id = $run and kind = 'article' and error is not null and source_id is not null
          and not list_contains($definitive, error)
          and canonical_url not in (select canonical_url from fetches where run_id = $run and {_OK_ARTICLE_FETCH})
        group by 1
        """,
        {"run": run_id, "definitive": list(DEFINITIVE_ERRORS)},
    ).fetchall()
    for url, sid, error in failed:
        rows[url] = {"canonical_url": url, "source_id": sid, "channel": None, "first_found_at": started,
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
            where run_id = $run and ({_OK_ARTICLE_FETCH} or (kind = 'article' and list_contains($definitive, error))))
        """,
        {"run": run_id, "definitive": list(DEFINITIVE_ERRORS)},
    )
    log.info("frontier: %d article URL(s) left for the next run (%d failed transiently)", len(rows),
             len(failed))  # fmt: skip


def _is_running(run_dir: Path) -> bool:
    lock = FileLock(str(run_dir / _RUN_LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


# -- the run ----------------------------------------------------------------------------------------


def _resolve_sources(settings: Settings, sources: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    if sources is None:
        path = Path(settings.crawl.sources_file) if settings.crawl.sources_file else None
        parsed = load_sources(path)
    else:
        parsed = parse_sources([dict(s) for s in sources], origin="sources given to run_crawl")
    return [s.plan_dict() for s in parsed]


def _watch(proc: subprocess.Popen[bytes], fetch_log: Path, progress: Callable[[int], None] | None) -> int:
    """Wait for the crawler, reporting the fetch-log line count as it grows; forward a stop request."""
    lines = 0
    pos = 0
    stopping = False
    while True:
        rc = proc.poll()
        if progress is not None and fetch_log.exists():
            with fetch_log.open("rb") as fh:
                fh.seek(pos)
                chunk = fh.read()
            pos += len(chunk)
            added = chunk.count(b"\n")
            if added:
                lines += added
                progress(lines)
        if rc is not None:
            return rc
        if stop_requested() and not stopping:
            stopping = True
            log.warning("stop requested: asking the crawler to finish the requests in flight")
            proc.send_signal(signal.SIGINT)  # Scrapy's graceful shutdown: close the spider, flush the WARC
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=_POLL_SECONDS)  # returns as soon as the crawler exits


@dataclass(frozen=True)
class _Worker:
    """This process's place in a distributed crawl."""

    redis_url: str
    worker_id: str
    namespace: str
    idle_close_seconds: float


def _check_redis(url: str) -> None:
    try:
        from crawlers.distributed import redis_client
    except ImportError as exc:
        raise CrawlError(
            f"redis_url is set but scrapy-redis is not installed ({exc.name})",
            hint="pip install 'rbmon[distributed]', or unset redis_url / RBMON_REDIS_URL for a single crawler",
        ) from None
    try:
        redis_client(url).ping()
    except Exception as exc:  # redis-py raises several kinds; all mean the same thing here
        raise CrawlError(
            f"cannot reach Redis at {url}: {exc}",
            hint="start redis-server or fix redis_url / RBMON_REDIS_URL (unset it to crawl alone)",
        ) from None


def run_crawl(
    settings: Settings,
    *,
    sources: list[dict[str, Any]] | None = None,
    progress: Callable[[int], None] | None = None,
    worker_id: str | None = None,
    namespace: str | None = None,
    idle_close_seconds: float = 10.0,
) -> CrawlReport:
    """Crawl ``sources`` (default: the enabled sources of the registry) and load the result.

    With ``settings.redis_url`` set this process is one worker of a distributed crawl (see the module
    docstring); without it, the only crawler on its data directory.

    Args:
        settings: rbmon settings; ``settings.crawl`` holds politeness and discovery options.
        sources: source dicts in the registry shape (e.g. ``FixtureSite.sources()``); validated.
        progress: called with the number of fetches logged so far, about twice a second.
        worker_id: distributed only: this worker's name in Redis and in its WARC file names
            (default ``<host>-<pid>``).
        namespace: distributed only: the Redis key prefix the workers of one crawl share (default
            ``rbmon:crawl:<UTC day of the start>``, so one night's workers meet and the next night starts
            clean).
        idle_close_seconds: distributed only: how long the frontier must stay empty, with no other worker
            busy, before this worker stops.

    Returns:
        The run's report (also stored in ``crawl_runs``).

    Raises:
        SourceConfigError: a bad source entry. CrawlError: another crawl runs on the same data directory,
            the crawler process failed (what it fetched before failing is loaded first), or Redis cannot
            be reached. DatabaseLockedError: distributed, and the database stayed busy for ``DB_WAIT``.
    """
    _runs_dir(settings).mkdir(parents=True, exist_ok=True)
    if settings.redis_url:
        _check_redis(settings.redis_url)
        worker = _Worker(
            redis_url=settings.redis_url,
            worker_id=re.sub(r"[^A-Za-z0-9_.-]+", "_", worker_id or default_worker_id()),
            namespace=namespace or _default_namespace(),
            idle_close_seconds=float(idle_close_seconds),
        )
        return _run_crawl(settings, sources, progress, worker)
    lock = FileLock(str(_runs_dir(settings) / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise CrawlError(
            f"another crawl is running on {settings.data_dir}",
            hint="wait for it to finish; two crawls would fetch the same pages twice",
        ) from None
    try:
        return _run_crawl(settings, sources, progress, None)
    finally:
        lock.release()


def _default_namespace() -> str:
    from crawlers.distributed import default_namespace

    return default_namespace(datetime.now(UTC))


def _run_crawl(
    settings: Settings,
    sources: list[dict[str, Any]] | None,
    progress: Callable[[int], None] | None,
    worker: _Worker | None,
) -> CrawlReport:
    registry = _resolve_sources(settings, sources)
    plan_sources = [s for s in registry if s.get("enabled", True)]
    started = datetime.now(UTC)
    run_id = _new_run_id(started)
    run_dir = _runs_dir(settings) / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    run_lock = FileLock(str(run_dir / _RUN_LOCK))
    run_lock.acquire(timeout=0)  # a new directory: nobody else can hold it
    try:
        return _run_locked(settings, registry, plan_sources, started, run_id, run_dir, progress, worker)
    finally:
        run_lock.release()


def _run_locked(
    settings: Settings,
    registry: list[dict[str, Any]],
    plan_sources: list[dict[str, Any]],
    started: datetime,
    run_id: str,
    run_dir: Path,
    progress: Callable[[int], None] | None,
    worker: _Worker | None,
) -> CrawlReport:
    settings.warc_dir.mkdir(parents=True, exist_ok=True)
    fetch_log, stats_out = run_dir / "fetch.jsonl", run_dir / "stats.json"
    seen_file = run_dir / "seen.txt"

    con = _connect(settings, wait=worker is not None)
    try:
        store.migrate(con)
        recovered = _recover(con, _runs_dir(settings))
        _upsert_sources(con, registry)  # disabled ones too, so the table says they are disabled
        n_seen = _write_seen(con, seen_file)
        resting, skip = _quarantine(con, started)
        for sid in sorted(resting & {s["id"] for s in plan_sources}):
            log.warning(
                "source %s is quarantined (every channel failed repeatedly): next try within a week", sid
            )
        plan_sources = [
            {**s, "skip_channels": skip.get(s["id"], [])} for s in plan_sources if s["id"] not in resting
        ]
        ids = [s["id"] for s in plan_sources]
        since = _since(con, ids)
        conditional = _conditional(con)
        retry = _frontier_plan(con, ids, settings.crawl.max_pages_per_source)
        store.append_rows(
            con,
            "crawl_runs",
            [{"run_id": run_id, "kind": "crawl", "started_at": started, "status": "running"}],
        )
    finally:
        con.close()  # the crawl can take hours; the database stays free for readers meanwhile

    c = settings.crawl
    plan = {
        "run_id": run_id,
        "data_dir": str(settings.data_dir.resolve()),
        "warc_dir": str(settings.warc_dir.resolve()),
        "sources": plan_sources,
        "seen_urls_file": str(seen_file),
        "since": since,
        "conditional": conditional,
        "retry": retry,
        "queries": list(c.queries),
        "settings": {
            "user_agent": _user_agent(settings, plan_sources),
            "download_delay": c.download_delay,
            "concurrency_per_domain": c.concurrency_per_domain,
            "concurrency_total": c.concurrency_total,
            "autothrottle": c.autothrottle,
            "obey_robots": c.obey_robots,
            "timeout": c.timeout,
            "max_page_bytes": c.max_page_bytes,
            "retry_times": c.retry_times,
            "warc_max_bytes": c.warc_max_bytes,
            "follow_links": c.follow_links,
            "max_pages_per_source": c.max_pages_per_source,
        },
        "fetch_log": str(fetch_log),
        "stats_out": str(stats_out),
        "jobdir": None,
    }
    if worker is not None:
        plan["distributed"] = {
            "redis_url": worker.redis_url,
            "namespace": worker.namespace,
            "worker_id": worker.worker_id,
            "idle_close_seconds": worker.idle_close_seconds,
        }
        log.info("crawl %s is worker %s of the distributed crawl %s", run_id, worker.worker_id,
                 worker.namespace)  # fmt: skip
    plan_path = run_dir / "plan.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    log.info("crawl %s: %d sources, %d URLs already seen", run_id, len(plan_sources), n_seen)

    crawler_log = run_dir / "crawler.log"
    # the crawler stops by itself if this process dies (crawlers/run.py asks for PR_SET_PDEATHSIG)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", PARENT_PID_ENV: str(os.getpid())}
    with crawler_log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawlers.run", str(plan_path)],
            stdout=err,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            rc = _watch(proc, fetch_log, progress)
        except BaseException:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            raise
    finished = datetime.now(UTC)
    seen_file.unlink(missing_ok=True)

    stats: dict[str, Any] = {}
    if stats_out.exists():
        stats = json.loads(stats_out.read_text(encoding="utf-8"))
    # stopped on request: what was fetched is loaded, the rest waits for the next run
    status = "interrupted" if stop_requested() else ("ok" if rc == 0 and stats else "failed")
    write_error = stats.get("write_error")
    if write_error:
        status = "failed"  # stopped itself: it could not archive what it fetched
    lines, new_first_pages = _count_log(fetch_log)

    con = _connect(settings, wait=worker is not None)
    try:
        added = load_fetch_log(con, fetch_log)
        with store.transaction(con):
            if stats:
                # A run that did not finish (stopped, crashed) may not have walked every feed and sitemap:
                # it must not move the "since" mark nor store validators that would hide what it missed.
                finished_ok = status == "ok"
                _update_health(con, run_id, started, stats.get("per_source") or {}, _errors_by_channel(fetch_log),
                               c.quarantine_after, advance_since=finished_ok)  # fmt: skip
                if finished_ok:
                    _store_validators(con, stats.get("conditional") or {})
            _update_frontier(con, run_id, started, stats.get("pending") or {})
            con.execute(
                "update crawl_runs set finished_at = ?, status = ?, requests = ?, bytes = ?, new_articles = ?,"
                " errors = ?, stats = ? where run_id = ?",
                [finished, status, int(stats.get("requests", lines)), int(stats.get("bytes", 0)),
                 int(stats.get("new_articles", new_first_pages)), json.dumps(stats.get("errors") or {}),
                 json.dumps(stats, default=str), run_id],
            )  # fmt: skip
        (run_dir / "loaded").write_text(finished.isoformat(), encoding="utf-8")
        warcs = [
            r[0]
            for r in con.execute(
                "select distinct warc_file from fetches where run_id = ? and warc_file is not null order by 1",
                [run_id],
            ).fetchall()
        ]
    finally:
        con.close()

    report = CrawlReport(
        run_id=run_id,
        status=status,
        started_at=started,
        finished_at=finished,
        requests=int(stats.get("requests", lines)),
        bytes=int(stats.get("bytes", 0)),
        new_articles=int(stats.get("new_articles", new_first_pages)),
        fetches=added,
        errors=dict(stats.get("errors") or {}),
        per_source=stats.get("per_source") or {},
        warc_files=warcs,
        run_dir=run_dir,
        recovered_runs=recovered,
        worker_id=worker.worker_id if worker is not None else None,
        namespace=worker.namespace if worker is not None else None,
    )
    log.info("crawl %s %s: %d requests, %d new articles, %d fetches loaded", run_id, status, report.requests,
             report.new_articles, added)  # fmt: skip
    if write_error:
        raise CrawlError(
            f"the crawl stopped because a write failed: {write_error}; the {added} fetches archived before"
            " it were loaded, the rest is fetched by the next run",
            hint="free disk space (or raise the file size limit) and run again",
        )
    if status == "failed":
        raise CrawlError(
            f"the crawler process exited with code {rc}; {added} fetches it made were loaded",
            hint=f"see {crawler_log}",
        )
    return report
