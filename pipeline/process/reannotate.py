"""Rerun nlp/ on the stored text of articles: new rules in minutes, not a re-extraction of every WARC.

An article's text, title and publisher province are stored exactly as the NLP first read them, so
annotating them again gives what processing would give today. Only what nlp/ decides is replaced
(``articles``' level, score, evidence and NLP version, and the rows of ``ANNOTATION_TABLES``); the
text, its hash, its MinHash signature and its story never change here, so stories stay as they are.

Which articles: those whose ``nlp_version`` is not today's fingerprint (``nlp.annotate.nlp_version``:
the nlp/ code and its lexicons), or every article with ``everything=True``. Work is streamed: ids
are read in batches, workers annotate a bounded window of articles, and each batch is written in one
transaction, so a kill loses at most the batch in flight and a rerun finds what is left by version.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from nlp.annotate import Annotation, annotate, load_resources, nlp_version
from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.runstate import stop_requested
from pipeline.process.forkserver_guard import arm_worker, pool_context
from pipeline.process.load import ANNOTATION_TABLES, annotation_rows, drop_unreferenced_officials
from pipeline.process.officials import OfficialsRegistry

__all__ = ["ReannotateReport", "reannotate", "refresh_official_dates", "stale_articles"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]
#: (article id, text, title, publisher province code, published at)
Stored = tuple[str, str, str | None, str | None, datetime | None]

_CHUNK = 8  # articles per worker call
_WINDOW_PER_WORKER = 4  # chunks in flight per worker


@dataclass
class ReannotateReport:
    run_id: str
    version: str
    articles: int = 0
    level_changed: int = 0
    core_before: int = 0
    core_after: int = 0
    interrupted: bool = False

    def as_stats(self) -> dict[str, Any]:
        return {
            "nlp_version": self.version,
            "articles": self.articles,
            "level_changed": self.level_changed,
            "core_before": self.core_before,
            "core_after": self.core_after,
        }


def stale_articles(con: duckdb.DuckDBPyConnection, *, everything: bool = False) -> int:
    """How many articles a reannotation would touch (all of them with ``everything``)."""
    if everything:
        row = con.execute("select count(*) from articles").fetchone()
    else:
        row = con.execute(
            "select count(*) from articles where nlp_version is distinct from ?", [nlp_version()]
        ).fetchone()
    return int(row[0]) if row else 0


def _annotate_many(items: Sequence[Stored]) -> list[tuple[str, Annotation]]:
    res = load_resources()
    return [
        (aid, annotate(text, title=title or "", home_province_code=home, resources=res))
        for aid, text, title, home, _ in items
    ]


def _init_worker() -> None:
    """Workers leave SIGINT to the parent, stop on SIGTERM and die with it (``arm_worker``)."""
    arm_worker()
    load_resources()


def _chunks(rows: Iterator[Stored], size: int) -> Iterator[list[Stored]]:
    chunk: list[Stored] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _annotated(rows: Iterator[Stored], workers: int) -> Generator[tuple[str, Annotation, datetime | None]]:
    """Annotations in input order; with workers > 1 in a process pool holding a bounded window."""
    if workers <= 1:
        res = load_resources()
        for aid, text, title, home, when in rows:
            yield aid, annotate(text, title=title or "", home_province_code=home, resources=res), when
        return
    ctx = pool_context(["nlp.annotate"])
    window = workers * _WINDOW_PER_WORKER
    inflight: deque[tuple[Future[list[tuple[str, Annotation]]], list[Stored]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker) as pool:
        try:
            for chunk in _chunks(rows, _CHUNK):
                inflight.append((pool.submit(_annotate_many, chunk), chunk))
                while len(inflight) >= window:
                    fut, sent = inflight.popleft()
                    yield from ((aid, ann, s[4]) for (aid, ann), s in zip(fut.result(), sent, strict=True))
            while inflight:
                fut, sent = inflight.popleft()
                yield from ((aid, ann, s[4]) for (aid, ann), s in zip(fut.result(), sent, strict=True))
        finally:
            for fut, _ in inflight:
                fut.cancel()


def _stored(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Iterator[Stored]:
    """The stored inputs of nlp/ for ``ids``, a few hundred rows at a time."""
    for start in range(0, len(ids), 256):
        part = pa.table({"article_id": pa.array(ids[start : start + 256], pa.string())})  # noqa: F841
        rows = con.execute(
            "select article_id, text, title, publisher_province_code, published_at from articles"
            " where article_id in (select article_id from part) order by article_id"
        ).fetchall()
        yield from rows


def _write(
    con: duckdb.DuckDBPyConnection,
    batch: list[tuple[str, dict[str, Any], dict[str, list[dict[str, Any]]]]],
    registry: OfficialsRegistry,
) -> int:
    """Replace the batch's annotations in one transaction; returns how many changed level."""
    ids = [aid for aid, _, _ in batch]
    cols = list(batch[0][1])
    columns = pa.table(  # noqa: F841 - used in SQL
        {"article_id": pa.array(ids, pa.string()), **{c: [row[c] for _, row, _ in batch] for c in cols}}
    )
    batch_ids = pa.table({"article_id": pa.array(ids, pa.string())})  # noqa: F841 - used in SQL
    with store.transaction(con):
        row = con.execute(
            "select count(*) from articles join columns using (article_id)"
            " where articles.rb_level is distinct from columns.rb_level"
        ).fetchone()
        changed = int(row[0]) if row else 0
        sets = ", ".join(f"{c} = columns.{c}" for c in cols)
        con.execute(f"update articles set {sets} from columns where articles.article_id = columns.article_id")
        for table in ANNOTATION_TABLES:
            con.execute(f"delete from {table} where article_id in (select article_id from batch_ids)")
            store.append_rows(con, table, [r for _, _, children in batch for r in children[table]])
        registry.flush(con)
    return changed


def _record(
    report: ReannotateReport,
    batch: list[tuple[str, dict[str, Any], dict[str, list[dict[str, Any]]]]],
    changed: int,
) -> None:
    report.articles += len(batch)
    report.level_changed += changed
    report.core_after += sum(1 for _, columns, _ in batch if columns["rb_relevant"])


def refresh_official_dates(con: duckdb.DuckDBPyConnection) -> None:
    """First and last seen of each person from the articles that name them now.

    Reannotation can take a person off an article: the registry only ever widens the dates, so they
    are computed again from what is stored (and people no article names are dropped).
    """
    drop_unreferenced_officials(con)
    with store.transaction(con):
        con.execute(
            """
            update officials set first_seen = d.first_seen, last_seen = d.last_seen
            from (select ao.official_id, min(a.published_at) as first_seen, max(a.published_at) as last_seen
                  from article_officials ao join articles a using (article_id) group by ao.official_id) d
            where officials.official_id = d.official_id
            """
        )


def reannotate(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    *,
    everything: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ReannotateReport:
    """Annotate stale articles (or all of them) again from their stored text, batch by batch.

    A stop request (SIGTERM) is honoured between batches: what was written stays, the rest keeps
    its old version and is found by the next run.
    """
    version = nlp_version()
    report = ReannotateReport(run_id=f"reannotate-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}",
                              version=version)  # fmt: skip
    where = "" if everything else " where nlp_version is distinct from ?"
    params = [] if everything else [version]
    ids = [
        aid
        for (aid,) in con.execute(
            f"select article_id from articles{where} order by article_id", params
        ).fetchall()
    ]
    if not ids:
        return report
    before = con.execute(
        f"select count(*) filter (where rb_relevant) from articles{where}", params
    ).fetchone()
    report.core_before = int(before[0]) if before else 0
    n_workers = workers if workers is not None else (settings.process.workers or max(1, os.cpu_count() or 1))
    log.info("reannotating %d article(s) with NLP %s", len(ids), version)
    registry = OfficialsRegistry(con)
    now = datetime.now(UTC)
    batch: list[tuple[str, dict[str, Any], dict[str, list[dict[str, Any]]]]] = []
    stream = _annotated(_stored(con, ids), n_workers)
    try:
        for aid, ann, when in stream:
            columns, children = annotation_rows(aid, ann, when, now, registry)
            batch.append((aid, columns, children))
            if len(batch) >= settings.process.batch_size:
                _record(report, batch, _write(con, batch, registry))
                batch = []
                if progress:
                    progress(report.articles, len(ids))
                if stop_requested():
                    report.interrupted = True
                    break
    finally:
        stream.close()
    if batch:
        _record(report, batch, _write(con, batch, registry))
        if progress:
            progress(report.articles, len(ids))
    refresh_official_dates(con)
    return report
