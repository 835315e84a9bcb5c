"""Loading what the crawler wrote: the fetch log into ``fetches``, and logs a killed run left behind.

Idempotent: archived fetches are keyed on (WARC file, offset), failures without a response on
(run, URL, time), so loading a log twice, or a log a killed run left, adds nothing twice.
"""

from __future__ import annotations

import logging
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb
from filelock import FileLock, Timeout
from pydantic import BaseModel, ValidationError

from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.contract import Channel, DiscoveryFind, FetchKind, FetchRecord
from pipeline.crawl.state import update_frontier
from pipeline.store.outlets import record_finds

log = logging.getLogger(__name__)


RUN_LOCK = "running.lock"


_Record = TypeVar("_Record", bound=BaseModel)


def runs_dir(settings: Settings) -> Path:
    return settings.data_dir / "jobs" / "crawl"


def _read_log(path: Path, model: type[_Record], what: str) -> list[_Record]:
    """The records of a JSON-lines log the crawler wrote; a last line cut short by a killed process,
    or a bad line, is skipped with a warning, so one torn write never loses the rest of a run."""
    records: list[_Record] = []
    if not path.exists():
        return records
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.endswith("\n"):
                log.warning(
                    "%s line %d is incomplete (the crawler was killed while writing it): skipped", path, n
                )
                continue
            try:
                records.append(model.model_validate_json(line))
            except ValidationError as exc:
                log.warning("%s line %d is not %s: skipped (%s)", path, n, what, str(exc).splitlines()[0])
    return records


def read_fetch_log(path: Path) -> list[FetchRecord]:
    """The records of a fetch log (see ``_read_log`` for torn and bad lines)."""
    return _read_log(path, FetchRecord, "a fetch record")


FINDS_LOG = "finds.jsonl"


def read_finds_log(path: Path) -> list[DiscoveryFind]:
    """The open-web finds a crawl logged, read like the fetch log."""
    return _read_log(path, DiscoveryFind, "a find")


def load_fetch_log(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Append the lines of a fetch log to ``fetches``; lines already loaded are skipped. Returns the rows added."""
    return load_records(con, read_fetch_log(path))


def load_records(con: duckdb.DuckDBPyConnection, records: list[FetchRecord]) -> int:
    """Append fetch records to ``fetches``, skipping those already there; returns the rows added.

    Idempotent: archived fetches are keyed on (warc_file, warc_offset), failures without a response on
    (run_id, url, fetched_at).
    """
    if not records:
        return 0
    run_ids = sorted({r.run_id for r in records if r.run_id})
    have_warc: set[tuple[str, int]] = set()
    have_failed: set[tuple[str | None, str, datetime]] = set()
    for warc_file, offset, run_id, url, fetched_at in con.execute(
        "select warc_file, warc_offset, run_id, url, fetched_at from fetches where list_contains(?, run_id)",
        [run_ids],
    ).fetchall():
        if warc_file is not None:
            have_warc.add((warc_file, int(offset)))
        else:
            have_failed.add((run_id, url, fetched_at.astimezone(UTC)))
    fresh = []
    for r in records:
        if r.warc_file is not None:
            key = (r.warc_file, int(r.warc_offset or 0))
            if key in have_warc:
                continue
            have_warc.add(key)
        else:
            fkey = (r.run_id, r.url, r.fetched_at.astimezone(UTC))
            if fkey in have_failed:
                continue
            have_failed.add(fkey)
        fresh.append(
            {**r.model_dump(), "kind": str(r.kind), "channel": str(r.channel) if r.channel else None}
        )
    with store.transaction(con):
        store.append_rows(con, "fetches", fresh)
    return len(fresh)


def errors_by_channel(records: list[FetchRecord]) -> dict[tuple[str | None, Channel | None], Counter[str]]:
    """Error kinds per (source, channel rated), for ``source_channel_health.last_error``."""
    out: dict[tuple[str | None, Channel | None], Counter[str]] = {}
    for r in records:
        if r.error:
            out.setdefault((r.source_id, r.health_channel), Counter())[r.error] += 1
    return out


def count_log(records: list[FetchRecord]) -> tuple[int, int]:
    """(records, new first pages) of a fetch log, for runs that died before writing stats."""
    new = sum(1 for r in records if r.kind == FetchKind.ARTICLE and r.status == 200 and not r.error)
    return len(records), new


def recover(con: duckdb.DuckDBPyConnection, runs_dir: Path) -> list[str]:
    """Load fetch logs that a killed or crashed earlier run left unloaded; mark those runs interrupted."""
    recovered: list[str] = []
    if not runs_dir.exists():
        return recovered
    for run_dir in sorted(p for p in runs_dir.iterdir() if p.is_dir()):
        fetch_log = run_dir / "fetch.jsonl"
        if (run_dir / "loaded").exists() or not fetch_log.exists():
            continue
        if is_running(run_dir):  # a worker of a distributed crawl, still at work: its parent loads it
            continue
        run_id = run_dir.name
        records = read_fetch_log(fetch_log)
        added = load_records(con, records)
        with store.transaction(con):
            record_finds(con, read_finds_log(run_dir / FINDS_LOG))
        lines, new = count_log(records)
        con.execute(
            "update crawl_runs set status = 'interrupted', finished_at = coalesce(finished_at, ?),"
            " new_articles = ? where run_id = ? and status = 'running'",
            [datetime.now(UTC), new, run_id],
        )
        update_frontier(con, run_id, datetime.now(UTC), {})
        (run_dir / "loaded").write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
        log.warning("loaded %d fetches (of %d logged) left by the interrupted crawl %s", added, lines, run_id)
        recovered.append(run_id)
    return recovered


def is_running(run_dir: Path) -> bool:
    lock = FileLock(str(run_dir / RUN_LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def prune_runs(runs_dir: Path, keep_days: int, *, now: datetime | None = None) -> tuple[int, int]:
    """Delete the folders of crawl runs loaded more than ``keep_days`` ago: the rotation of job logs.

    A run folder keeps its plan, fetch log, stats and ``crawler.log`` for inspection; once its fetch log
    is in ``fetches`` (the ``loaded`` marker) nothing else needs it, and a nightly crawl adds one folder
    a night (a few MB each). Folders not yet loaded, or still running, are never touched.

    Returns:
        (folders removed, bytes freed).
    """
    if not runs_dir.is_dir():
        return 0, 0
    cutoff = (now or datetime.now(UTC)).timestamp() - keep_days * 86400
    removed = freed = 0
    for run_dir in sorted(p for p in runs_dir.iterdir() if p.is_dir()):
        marker = run_dir / "loaded"
        try:
            if not marker.exists() or marker.stat().st_mtime > cutoff or is_running(run_dir):
                continue
            size = sum(f.stat().st_size for f in run_dir.rglob("*") if f.is_file())
            shutil.rmtree(run_dir)
        except OSError as exc:  # a folder we may not delete stays; the next run tries again
            log.warning("could not remove the old run folder %s: %s", run_dir, exc)
            continue
        removed += 1
        freed += size
    if removed:
        log.info("removed %d crawl run folder(s) older than %d days (%.1f MB; crawl.keep_run_days)",
                 removed, keep_days, freed / 1e6)  # fmt: skip
    return removed, freed
