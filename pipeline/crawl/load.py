"""Loading what the crawler wrote: the fetch log into ``fetches``, and logs a killed run left behind.

Idempotent: archived fetches are keyed on (WARC file, offset), failures without a response on
(run, URL, time), so loading a log twice, or a log a killed run left, adds nothing twice.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock, Timeout

from pipeline import store
from pipeline.core.config import Settings
from pipeline.crawl.state import update_frontier

log = logging.getLogger(__name__)


RUN_LOCK = "running.lock"


def runs_dir(settings: Settings) -> Path:
    return settings.data_dir / "jobs" / "crawl"


def parse_time(value: Any) -> datetime | None:
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
            row["fetched_at"] = parse_time(row["fetched_at"])
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


def errors_by_channel(path: Path) -> dict[tuple[str, str], Counter[str]]:
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


def count_log(path: Path) -> tuple[int, int]:
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


def recover(con: duckdb.DuckDBPyConnection, runs_dir: Path) -> list[str]:
    """Load fetch logs that a killed or crashed earlier run left unloaded; mark those runs interrupted."""
    recovered = []
    if not runs_dir.exists():
        return recovered
    for run_dir in sorted(p for p in runs_dir.iterdir() if p.is_dir()):
        fetch_log = run_dir / "fetch.jsonl"
        if (run_dir / "loaded").exists() or not fetch_log.exists():
            continue
        if is_running(run_dir):  # a worker of a distributed crawl, still at work: its parent loads it
            continue
        run_id = run_dir.name
        added = load_fetch_log(con, fetch_log)
        lines, new = count_log(fetch_log)
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
