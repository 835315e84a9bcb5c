"""WARC -> articles in DuckDB: the processing stage.

Flow: a stream of raw responses (from the fetches the crawler logged, or from any WARC file
such as CC-NEWS) is grouped into articles (page 1 with its pages 2..n) and sent to worker
processes that extract, clean and annotate; the parent is the single DuckDB writer. It
deduplicates in three layers (canonical URL, content hash, MinHash near-duplicates into
stories) and loads each batch in one transaction, so a crash loses at most the batch in
flight and a rerun redoes exactly that.

Memory stays bounded: records are read one at a time, at most a small window of articles is
in flight in the pool, and a batch is written as soon as it is full.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from crawlers.sources import Source, load_sources
from pipeline import store
from pipeline.core.config import LimitsConfig, Settings
from pipeline.core.runstate import stop_requested
from pipeline.extract.enrich import (
    EnrichedArticle,
    enrich_article,
    enrich_many,
    init_worker,
)
from pipeline.process.forkserver_guard import arm_worker, pool_context
from pipeline.process.inputs import (
    Group,
    Progress,
    groups_from_fetches,
    groups_from_warcs,
    pending_fetches,
    record_warcs,
    sources_by_host,
    unprocessed_warcs,
)
from pipeline.process.load import Loader, drop_unreferenced_officials, register_used_sources
from pipeline.process.outlets import place_by_domain, place_by_stories, register_backfilled
from pipeline.process.reannotate import reannotate
from pipeline.process.report import ProcessReport
from pipeline.store.outlets import adopt_promoted

__all__ = ["ProcessReport", "run_process"]

log = logging.getLogger(__name__)


#: Articles per worker call, and chunks in flight per worker: enough to keep every worker
#: busy while the parent writes a batch, small enough to keep memory flat.
_CHUNK = 4


_WINDOW_PER_WORKER = 4


def _init_pool_worker() -> None:
    """A worker leaves Ctrl-C to the parent (the terminal sends it to the whole group; the parent finishes
    its batch and shuts the pool down), stops at once on SIGTERM (sent to it alone, or by systemd to the
    whole unit: the parent then keeps what it loaded and leaves the rest pending), and dies with the fork
    server it was forked from, which dies with rbmon (``forkserver_guard``)."""
    arm_worker()
    init_worker()


def _chunks(groups: Iterator[Group], size: int) -> Iterator[list[Group]]:
    chunk: list[Group] = []
    for g in groups:
        chunk.append(g)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _enriched(
    groups: Iterator[Group], *, workers: int, any_language: bool, limits: LimitsConfig
) -> Generator[EnrichedArticle]:
    """Enrich in input order; with workers > 1 in a process pool with a bounded window.

    ``Pool.imap`` would read the whole input ahead of the workers and queue every result the
    parent has not consumed yet; submitting chunk by chunk keeps at most ``window`` chunks
    (and so a few dozen pages) in memory, and a worker that dies is reported, not waited for.
    """
    if workers <= 1:
        init_worker()
        for g in groups:
            yield enrich_article(g, any_language=any_language, limits=limits)
        return
    window = workers * _WINDOW_PER_WORKER
    # workers fork from a server that has the heavy imports done already and dies with this process
    ctx = pool_context(["pipeline.extract.enrich"])
    inflight: deque[Future[list[EnrichedArticle]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_pool_worker) as pool:
        try:
            for chunk in _chunks(groups, _CHUNK):
                inflight.append(pool.submit(enrich_many, chunk, any_language, limits))
                while len(inflight) >= window:
                    yield from inflight.popleft().result()
            while inflight:
                yield from inflight.popleft().result()
        finally:
            for fut in inflight:
                fut.cancel()


def _default_workers(settings: Settings) -> int:
    return settings.process.workers or max(1, os.cpu_count() or 1)


def _finish_run(con: duckdb.DuckDBPyConnection, report: ProcessReport, status: str) -> None:
    con.execute(
        "update crawl_runs set finished_at = ?, status = ?, requests = ?, bytes = ?, new_articles = ?,"
        " errors = ?, stats = ? where run_id = ?",
        [
            datetime.now(UTC),
            status,
            report.records,
            report.bytes,
            report.articles_new,
            json.dumps(dict(report.skipped)),
            json.dumps(report.as_stats(), ensure_ascii=False),
            report.run_id,
        ],
    )


def run_process(
    settings: Settings,
    *,
    warcs: list[Path] | None = None,
    reprocess: bool = False,
    any_outlet: bool | None = None,
    any_indonesian: bool | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    reannotate_all: bool = False,
    reannotate_progress: Progress | None = None,
) -> ProcessReport:
    """Process pending fetches (default) or the given WARC files into the database.

    Idempotent: an article already stored by this processing version is rewritten with the
    same values, never duplicated (identity is the canonical URL). A stop request (SIGTERM)
    is honoured between batches: what was loaded stays committed, the rest stays pending.
    A truncated WARC is processed up to the break and reported in ``errors``; the run ends
    with status ``partial``.

    ``any_outlet`` (default: ``process.any_outlet``) keeps the Indonesian news articles of WARC files
    from any host, each host a discovered outlet; ``any_indonesian`` is its deprecated older name.
    Discovered outlets get their home province: from a pemda domain before their articles are
    annotated, from their stories after.

    Afterwards, stored articles that other NLP rules annotated are annotated again from their
    stored text (``process.reannotate_stale``). ``reannotate_all`` does only that, for every
    article: new rules in minutes, with no WARC read.
    """
    cfg = settings.process
    any_id = bool(any_outlet or any_indonesian) or (
        any_outlet is None and any_indonesian is None and (cfg.any_outlet or cfg.any_indonesian)
    )
    n_workers = workers if workers is not None else _default_workers(settings)
    report = ProcessReport(run_id=f"process-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}")
    # read once (host matching, time zones, the sources table); a reannotation reads no WARC
    sources = [] if reannotate_all else load_sources(settings.crawl.sources_path)
    con = store.connect(settings.db_path)
    try:
        store.migrate(con)
        adopt_promoted(con, {host: s.id for s in sources for host in s.netlocs})
        place_by_domain(con)  # before annotation: a pemda portal's articles carry their publisher province
        with store.transaction(con):
            store.append_rows(
                con,
                "crawl_runs",
                [
                    {
                        "run_id": report.run_id,
                        "kind": "process",
                        "started_at": datetime.now(UTC),
                        "status": "running",
                    }
                ],
            )
        try:
            if reannotate_all:
                _reannotate(
                    con, settings, report, everything=True, workers=n_workers, progress=reannotate_progress
                )
                _finish_run(con, report, "interrupted" if report.interrupted else "ok")
                con.execute("checkpoint")
                return report
            _run(con, settings, sources, report, warcs=warcs, reprocess=reprocess, any_id=any_id,
                 workers=n_workers, progress=progress)  # fmt: skip
            # A plain `rbmon process` also takes WARC files dropped into the data directory that
            # rbmon did not crawl (CC-NEWS backfill): every WARC there ends up processed.
            foreign = (
                [] if warcs or report.interrupted else unprocessed_warcs(con, settings, reprocess=reprocess)
            )
            if foreign:
                log.info("processing %d WARC file(s) that rbmon did not crawl", len(foreign))
                _run(con, settings, sources, report, warcs=foreign, reprocess=reprocess, any_id=any_id,
                     workers=n_workers, progress=progress)  # fmt: skip
            if not report.interrupted:
                record_warcs(con, settings, warcs or foreign)
            if warcs or foreign:
                register_used_sources(con, sources)
                register_backfilled(con)
                place_by_domain(con)
            place_by_stories(con, min_stories=settings.discovery.home_province_min_stories)
            if not report.interrupted:
                drop_unreferenced_officials(con)
            if not report.interrupted and settings.process.reannotate_stale:
                _reannotate(
                    con, settings, report, everything=False, workers=n_workers, progress=reannotate_progress
                )
        except BaseException as exc:
            report.errors.append(f"{exc.__class__.__name__}: {exc}")
            _finish_run(con, report, "failed")
            raise
        status = "interrupted" if report.interrupted else ("ok" if not report.errors else "partial")
        _finish_run(con, report, status)
        con.execute("checkpoint")
    finally:
        con.close()
    return report


def _reannotate(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    report: ProcessReport,
    *,
    everything: bool,
    workers: int,
    progress: Progress | None,
) -> None:
    done = reannotate(con, settings, everything=everything, workers=workers, progress=progress)
    report.reannotated += done.articles
    report.reannotated_level_changed += done.level_changed
    report.interrupted |= done.interrupted
    if done.articles:
        log.info(
            "reannotated %d article(s) with NLP %s: %d changed level, core %d -> %d",
            done.articles, done.version, done.level_changed, done.core_before, done.core_after,
        )  # fmt: skip


def _run(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    sources: list[Source],
    report: ProcessReport,
    *,
    warcs: list[Path] | None,
    reprocess: bool,
    any_id: bool,
    workers: int,
    progress: Progress | None,
) -> None:
    zones = {s.id: s.timezone for s in sources if s.timezone}
    if warcs:
        total = None
        groups = groups_from_warcs(
            warcs,
            sources_by_host(con, sources, zones),
            any_outlet=any_id,
            min_words=settings.process.any_outlet_min_words,
            data_dir=settings.data_dir,
            report=report,
        )
    else:
        table = pending_fetches(con, reprocess=reprocess)
        total = table.num_rows
        groups = groups_from_fetches(table, settings.data_dir, report, zones)
    loader = Loader(con, settings, report)
    done = 0
    stream = _enriched(groups, workers=workers, any_language=False, limits=settings.limits)
    try:
        for item in stream:
            loader.add(item)
            done += len(item.records)
            if progress:
                progress(done, total)
            if loader.full:
                loader.flush()
                if stop_requested():  # SIGTERM: this batch is committed, the rest stays pending
                    report.interrupted = True
                    break
    except BrokenProcessPool as exc:
        # A worker was killed (out of memory, or a signal to the whole process group): keep what
        # is loaded; the records in flight were not marked processed and come back next run.
        report.interrupted = stop_requested()
        if report.interrupted:  # SIGTERM to the whole unit: the workers stopped with us, as asked
            log.warning(
                "stopped: the workers ended with the stop request; the unfinished records stay pending"
            )
        else:
            report.errors.append(f"a worker process died ({exc}); the unfinished records stay pending")
            log.error("%s", report.errors[-1])
    finally:
        stream.close()
    loader.flush()
