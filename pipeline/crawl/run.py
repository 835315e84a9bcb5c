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

import json
import logging
import os
import re
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock, Timeout

from crawlers.sources import Source, load_sources, parse_sources
from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.contract import Channel, ChannelCounts, CrawlStats, DistributedPlan
from pipeline.core.errors import CrawlError, DatabaseLockedError
from pipeline.core.runstate import stop_requested
from pipeline.crawl.load import (
    FINDS_LOG,
    RUN_LOCK,
    count_log,
    errors_by_channel,
    load_records,
    prune_runs,
    read_fetch_log,
    read_finds_log,
    recover,
    runs_dir,
)
from pipeline.crawl.plan import (
    GDELT_ID,
    GOOGLE_NEWS_ID,
    build_plan,
    discovered_to_retry,
    frontier_plan,
    known_hosts,
    open_web_services,
    planned,
    quarantine,
    since_per_source,
    upsert_sources,
    validators,
    write_seen,
)
from pipeline.crawl.runner import run_crawler
from pipeline.crawl.state import store_validators, update_frontier, update_health
from pipeline.store.outlets import adopt_promoted, record_finds, upsert_services

__all__ = ["DB_WAIT", "CrawlReport", "default_worker_id", "run_crawl"]

log = logging.getLogger(__name__)


# How long a distributed worker waits for the shared DuckDB file before giving up (see the docstring).
DB_WAIT = timedelta(minutes=10)


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
    per_source: dict[str, dict[Channel, ChannelCounts]] = field(default_factory=dict)
    warc_files: list[str] = field(default_factory=list)
    run_dir: Path | None = None
    recovered_runs: list[str] = field(default_factory=list)
    worker_id: str | None = None  # distributed crawls only
    namespace: str | None = None  # distributed crawls only: the Redis key prefix the workers shared
    finds: int = 0  # items the open-web channels listed
    outlets_discovered: int = 0  # outlets of no source this run met first

    @property
    def duration_seconds(self) -> float | None:
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None


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


def _resolve_sources(settings: Settings, sources: list[dict[str, Any]] | None) -> list[Source]:
    if sources is None:
        return load_sources(settings.crawl.sources_path)
    return parse_sources([dict(s) for s in sources], origin="sources given to run_crawl")


@dataclass(frozen=True)
class _Worker:
    """This process's place in a distributed crawl."""

    redis_url: str
    worker_id: str
    namespace: str
    idle_close_seconds: float

    def plan(self) -> DistributedPlan:
        return DistributedPlan(redis_url=self.redis_url, namespace=self.namespace, worker_id=self.worker_id,
                               idle_close_seconds=self.idle_close_seconds)  # fmt: skip


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
    open_web: bool | None = None,
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
        open_web: run the open-web channels of ``settings.discovery`` (GDELT, Google News). Default: with
            the full crawl of the registry (``sources`` None) and not in a distributed crawl, whose other
            workers could not fetch the outlets this one discovers.

    Returns:
        The run's report (also stored in ``crawl_runs``).

    Raises:
        SourceConfigError: a bad source entry. CrawlError: another crawl runs on the same data directory,
            the crawler process failed (what it fetched before failing is loaded first), or Redis cannot
            be reached. DatabaseLockedError: distributed, and the database stayed busy for ``DB_WAIT``.
    """
    runs_dir(settings).mkdir(parents=True, exist_ok=True)
    if settings.redis_url:
        _check_redis(settings.redis_url)
        worker = _Worker(
            redis_url=settings.redis_url,
            worker_id=re.sub(r"[^A-Za-z0-9_.-]+", "_", worker_id or default_worker_id()),
            namespace=namespace or _default_namespace(),
            idle_close_seconds=float(idle_close_seconds),
        )
        if open_web:
            log.warning(
                "open-web discovery does not run in a distributed crawl: run it from one `rbmon crawl`"
            )
        return _run_crawl(settings, sources, progress, worker, False)
    lock = FileLock(str(runs_dir(settings) / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise CrawlError(
            f"another crawl is running on {settings.data_dir}",
            hint="wait for it to finish; two crawls would fetch the same pages twice",
        ) from None
    try:
        return _run_crawl(
            settings, sources, progress, None, sources is None if open_web is None else open_web
        )
    finally:
        lock.release()


_SERVICE_NAMES = {GDELT_ID: "GDELT DOC 2.0 API", GOOGLE_NEWS_ID: "Google News"}


def _check_decoder(settings: Settings) -> None:
    """Fail before crawling when Google News is on but its decoder cannot be had (one clear line)."""
    cfg = settings.discovery.google_news
    if not cfg.enabled or cfg.decoder != "googlenewsdecoder":
        return
    import importlib.util

    if importlib.util.find_spec("googlenewsdecoder") is None:
        raise CrawlError(
            "discovery.google_news is enabled but the googlenewsdecoder package is not installed",
            hint="pip install 'rbmon[google-news]', or set discovery.google_news.enabled = false",
        )


def _default_namespace() -> str:
    from crawlers.distributed import default_namespace

    return default_namespace(datetime.now(UTC))


def _run_crawl(
    settings: Settings,
    sources: list[dict[str, Any]] | None,
    progress: Callable[[int], None] | None,
    worker: _Worker | None,
    open_web: bool,
) -> CrawlReport:
    registry = _resolve_sources(settings, sources)
    if open_web:
        _check_decoder(settings)
    plan_sources = [s for s in registry if s.enabled]
    started = datetime.now(UTC)
    run_id = _new_run_id(started)
    run_dir = runs_dir(settings) / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    run_lock = FileLock(str(run_dir / RUN_LOCK))
    run_lock.acquire(timeout=0)  # a new directory: nobody else can hold it
    try:
        return _run_locked(
            settings, registry, plan_sources, started, run_id, run_dir, progress, worker, open_web
        )
    finally:
        run_lock.release()


def _run_locked(
    settings: Settings,
    registry: list[Source],
    enabled: list[Source],
    started: datetime,
    run_id: str,
    run_dir: Path,
    progress: Callable[[int], None] | None,
    worker: _Worker | None,
    open_web: bool,
) -> CrawlReport:
    settings.warc_dir.mkdir(parents=True, exist_ok=True)
    con = _connect(settings, wait=worker is not None)
    try:
        store.migrate(con)
        recovered = recover(con, runs_dir(settings))
        upsert_sources(con, registry)  # disabled ones too, so the table says they are disabled
        adopt_promoted(con, {host: s.id for s in registry for host in s.netlocs})
        n_seen = write_seen(con, run_dir / "seen.txt")
        resting, skip = quarantine(con, started)
        for sid in sorted(resting & {s.id for s in enabled}):
            log.warning(
                "source %s is quarantined (every channel failed repeatedly): next try within a week", sid
            )
        sources = [planned(s, skip.get(s.id, [])) for s in enabled if s.id not in resting]
        if open_web:
            services = open_web_services(settings, skip)
            with store.transaction(con):
                upsert_services(con, [(s.id, _SERVICE_NAMES[s.id], s.url) for s in services])
            sources += services + discovered_to_retry(con)
        ids = [s.id for s in sources]
        plan = build_plan(
            settings,
            run_id=run_id,
            run_dir=run_dir,
            sources=sources,
            since=since_per_source(con, ids),
            conditional=validators(con),
            retry=frontier_plan(con, ids, settings.crawl.max_pages_per_source),
            distributed=worker.plan() if worker is not None else None,
            hosts=known_hosts(con, registry, set(ids)) if open_web else None,
            open_web=open_web,
        )
        store.append_rows(
            con,
            "crawl_runs",
            [{"run_id": run_id, "kind": "crawl", "started_at": started, "status": "running"}],
        )
    finally:
        con.close()  # the crawl can take hours; the database stays free for readers meanwhile

    if worker is not None:
        log.info("crawl %s is worker %s of the distributed crawl %s", run_id, worker.worker_id,
                 worker.namespace)  # fmt: skip
    plan_path = run_dir / "plan.json"
    plan_path.write_text(plan.model_dump_json(indent=1), encoding="utf-8")
    log.info("crawl %s: %d sources, %d URLs already seen", run_id, len(sources), n_seen)

    crawler_log = run_dir / "crawler.log"
    rc = run_crawler(plan_path, plan.fetch_log, crawler_log, progress)
    finished = datetime.now(UTC)
    if plan.seen_urls_file is not None:
        plan.seen_urls_file.unlink(missing_ok=True)

    stats = CrawlStats.model_validate_json(plan.stats_out.read_bytes()) if plan.stats_out.exists() else None
    # stopped on request: what was fetched is loaded, the rest waits for the next run
    status = "interrupted" if stop_requested() else ("ok" if rc == 0 and stats else "failed")
    write_error = stats.write_error if stats else None
    if write_error:
        status = "failed"  # stopped itself: it could not archive what it fetched
    records = read_fetch_log(plan.fetch_log)
    # Requests went out and not one came back with an HTTP answer (DNS errors, refused connections,
    # timeouts everywhere): the network or the resolver is down, not every source at once. Such a run
    # is recorded as `unreachable`, not `ok`, so an operator watching run statuses sees it.
    unreachable = bool(records) and status == "ok" and all(r.status is None for r in records)
    if unreachable:
        status = "unreachable"
    lines, new_first_pages = count_log(records)
    requests = stats.requests if stats else lines
    new_articles = stats.new_articles if stats else new_first_pages

    finds = read_finds_log(run_dir / FINDS_LOG)
    con = _connect(settings, wait=worker is not None)
    try:
        added = load_records(con, records)
        with store.transaction(con):
            record_finds(con, finds)
            if stats:
                # A run that did not finish (stopped, crashed) may not have walked every feed and sitemap:
                # it must not move the "since" mark nor store validators that would hide what it missed.
                finished_ok = status == "ok"
                update_health(con, run_id, started, stats.per_source, errors_by_channel(records),
                              settings.crawl.quarantine_after, advance_since=finished_ok)  # fmt: skip
                if finished_ok:
                    store_validators(con, stats.conditional)
            update_frontier(con, run_id, started, stats.pending if stats else {})
            con.execute(
                "update crawl_runs set finished_at = ?, status = ?, requests = ?, bytes = ?, new_articles = ?,"
                " errors = ?, stats = ? where run_id = ?",
                [finished, status, requests, stats.bytes if stats else 0, new_articles,
                 json.dumps(stats.errors if stats else {}), stats.model_dump_json() if stats else "{}", run_id],
            )  # fmt: skip
        (run_dir / "loaded").write_text(finished.isoformat(), encoding="utf-8")
        prune_runs(runs_dir(settings), settings.crawl.keep_run_days)
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
        requests=requests,
        bytes=stats.bytes if stats else 0,
        new_articles=new_articles,
        fetches=added,
        errors=dict(stats.errors) if stats else {},
        per_source=stats.per_source if stats else {},
        warc_files=warcs,
        run_dir=run_dir,
        recovered_runs=recovered,
        worker_id=worker.worker_id if worker is not None else None,
        namespace=worker.namespace if worker is not None else None,
        finds=len(finds),
        outlets_discovered=stats.outlets_discovered if stats else 0,
    )
    if open_web:
        log.info("open-web discovery: %d items listed, %d outlets discovered", report.finds,
                 report.outlets_discovered)  # fmt: skip
    log.info("crawl %s %s: %d requests, %d new articles, %d fetches loaded", run_id, status, report.requests,
             report.new_articles, added)  # fmt: skip
    if write_error:
        raise CrawlError(
            f"the crawl stopped because a write failed: {write_error}; the {added} fetches archived before"
            " it were loaded, the rest is fetched by the next run",
            hint="free disk space (or raise the file size limit) and run again",
        )
    if unreachable:
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(report.errors.items()) if n) or "no answer"
        raise CrawlError(
            f"no source answered: all {len(records)} requests of crawl {run_id} failed without an HTTP answer"
            f" ({kinds})",
            hint="check the network, DNS and any proxy of this machine; the run is recorded as `unreachable`",
        )
    if status == "failed":
        raise CrawlError(
            f"the crawler process exited with code {rc}; {added} fetches it made were loaded",
            hint=f"see {crawler_log}",
        )
    return report
