"""``rbmon status``: is the unattended job healthy? For an operator, a monitoring check or node-exporter.

Unhealthy (a problem each, and a non-zero exit) when the last nightly run failed, did not finish
(interrupted, or killed: still ``running`` in ``job_runs`` while nobody holds the run lock), or its crawl
reached no source (``crawl_runs.status = 'unreachable'``); and when the nightly job is overdue: the
schedule (``[schedule] nightly`` in its time zone) says a run was due more than
``status_grace_minutes`` ago and none has started since. A run in progress is healthy.

The working database is read read-only; while a run holds it (DuckDB allows no reader then), the
state file ``<data_dir>/jobs/status.json`` that every job writes at each step is read instead.
``--format prometheus`` prints the same as metrics for node-exporter's textfile collector, and
``--output FILE`` writes them atomically (prometheus_client's ``write_to_textfile``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock, Timeout

from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.errors import DatabaseError, DatabaseLockedError

__all__ = ["JobState", "Status", "prometheus_text", "read_status", "status_file", "write_status_file"]


@dataclass(frozen=True)
class JobState:
    """The newest run of one job (``skipped_locked`` runs aside: they did no work)."""

    job: str
    outcome: str
    started_at: datetime
    finished_at: datetime | None
    error: str | None = None
    last_success: datetime | None = None


@dataclass
class Status:
    """What ``rbmon status`` shows; ``problems`` empty means healthy."""

    checked_at: datetime
    source: str  # "database" or "state file"
    nightly: JobState | None = None
    weekly_digest: JobState | None = None
    crawl_status: str | None = None
    crawl_requests: int | None = None
    crawl_new_articles: int | None = None
    due: datetime | None = None
    running: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def status_file(settings: Settings) -> Path:
    return settings.data_dir / "jobs" / "status.json"


def write_status_file(settings: Settings, row: dict[str, Any]) -> None:
    """Record one job's latest state in the state file (atomically: write, then rename)."""
    path = status_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(state, dict):
            state = {}
    except (OSError, ValueError):
        state = {}
    job = str(row["job"])
    previous = state.get(job) or {}
    entry = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
    entry["last_success"] = (
        entry["finished_at"] if row.get("outcome") == "ok" else previous.get("last_success")
    )
    if row.get("outcome") == "skipped_locked":
        return  # did no work: the state of the run holding the lock stands
    state[job] = entry
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)


def _when(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _from_database(settings: Settings, status: Status) -> bool:
    try:
        con = store.connect(settings.db_path, read_only=True)
    except (DatabaseLockedError, DatabaseError, duckdb.Error):  # held by a run (in this process: Connection)
        return False
    try:
        for job in ("nightly", "weekly_digest"):
            row = con.execute(
                "select outcome, started_at, finished_at, error from job_runs where job = ?"
                " and outcome <> 'skipped_locked' order by started_at desc limit 1",
                [job],
            ).fetchone()
            success = con.execute(
                "select max(finished_at) from job_runs where job = ? and outcome = 'ok'", [job]
            ).fetchone()
            if row is not None:
                state = JobState(job, row[0], _when(row[1]) or status.checked_at, _when(row[2]), row[3],
                                 _when(success[0]) if success else None)  # fmt: skip
                setattr(status, job, state)
        crawl = con.execute(
            "select status, requests, new_articles from crawl_runs where kind = 'crawl'"
            " order by started_at desc limit 1"
        ).fetchone()
        if crawl is not None:
            status.crawl_status, status.crawl_requests, status.crawl_new_articles = crawl
    finally:
        con.close()
    status.source = "database"
    return True


def _from_state_file(settings: Settings, status: Status) -> None:
    status.source = "state file"
    try:
        state = json.loads(status_file(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for job in ("nightly", "weekly_digest"):
        entry = state.get(job) if isinstance(state, dict) else None
        if isinstance(entry, dict) and _when(entry.get("started_at")):
            setattr(status, job, JobState(job, str(entry.get("outcome")), _when(entry["started_at"]) or status.checked_at,
                                          _when(entry.get("finished_at")), entry.get("error"),
                                          _when(entry.get("last_success"))))  # fmt: skip


def _run_in_progress(settings: Settings) -> bool:
    """Whether a job holds the data directory's run lock now (``rbmon run`` and the scheduler take it)."""
    lock_path = settings.data_dir / "rbmon.lock"
    if not lock_path.exists():
        return False
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False


def _last_due(settings: Settings, now: datetime) -> datetime | None:
    """The newest time the nightly cron fired that lies at least ``status_grace_minutes`` in the past."""
    from apscheduler.triggers.cron import CronTrigger

    cutoff = now - timedelta(minutes=settings.schedule.status_grace_minutes)
    trigger = CronTrigger.from_crontab(settings.schedule.nightly, timezone=settings.schedule.timezone)
    due = None
    t = cutoff - timedelta(days=32)  # every cron fires within a month or so
    prev = None
    while True:
        nxt = trigger.get_next_fire_time(prev, t)
        if nxt is None or nxt > cutoff:
            return due
        due, prev, t = nxt, nxt, nxt + timedelta(seconds=1)


def read_status(settings: Settings, *, now: datetime | None = None) -> Status:
    """The health of the unattended job (see the module docstring for what counts as a problem)."""
    now = now or datetime.now(UTC)
    status = Status(checked_at=now, source="database")
    status.running = _run_in_progress(settings)
    if not _from_database(settings, status):
        _from_state_file(settings, status)
    status.due = _last_due(settings, now)
    nightly = status.nightly
    if nightly is None:
        status.problems.append("no nightly run is recorded yet")
    elif nightly.outcome == "failed":
        first = (nightly.error or "").strip().splitlines()[0:1]
        status.problems.append(f"the last nightly run (started {nightly.started_at:%Y-%m-%d %H:%M} UTC) failed"
                               + (f": {first[0]}" if first else ""))  # fmt: skip
    elif nightly.outcome == "interrupted":
        status.problems.append(
            f"the last nightly run (started {nightly.started_at:%Y-%m-%d %H:%M} UTC) was interrupted"
        )
    elif nightly.outcome == "running" and not status.running:
        status.problems.append(
            f"the last nightly run (started {nightly.started_at:%Y-%m-%d %H:%M} UTC) never finished: it was killed"
        )
    if status.crawl_status == "unreachable":
        status.problems.append("the last crawl reached no source (network or DNS down?)")
    if (
        status.due is not None
        and not status.running
        and (nightly is None or nightly.started_at < status.due - timedelta(minutes=1))
    ):
        status.problems.append(
            f"the nightly job is overdue: it was due at {status.due.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
            f" ({settings.schedule.nightly!r} in {settings.schedule.timezone}) and no run started since"
        )
    weekly = status.weekly_digest
    if weekly is not None and weekly.outcome == "failed":
        status.problems.append(
            f"the last weekly digest (started {weekly.started_at:%Y-%m-%d %H:%M} UTC) failed"
        )
    return status


def _registry(status: Status) -> Any:
    from prometheus_client import CollectorRegistry, Gauge

    reg = CollectorRegistry()

    def gauge(name: str, doc: str, value: float | None, **labels: str) -> None:
        if value is None:
            return
        g = Gauge(name, doc, list(labels), registry=reg)
        (g.labels(**labels) if labels else g).set(value)

    gauge(
        "rbmon_status_ok",
        "1 when the unattended job is healthy (rbmon status exits 0), else 0",
        float(status.ok),
    )
    gauge("rbmon_status_problems", "Problems rbmon status found", float(len(status.problems)))
    gauge("rbmon_run_in_progress", "1 while a job holds the data directory's run lock", float(status.running))
    for state in (status.nightly, status.weekly_digest):
        if state is None:
            continue
        prefix = f"rbmon_{state.job}"
        gauge(
            f"{prefix}_last_start_timestamp_seconds",
            f"Start of the last {state.job} run",
            state.started_at.timestamp(),
        )
        if state.finished_at is not None:
            gauge(f"{prefix}_last_duration_seconds", f"Duration of the last {state.job} run",
                  (state.finished_at - state.started_at).total_seconds())  # fmt: skip
        if state.last_success is not None:
            gauge(f"{prefix}_last_success_timestamp_seconds", f"End of the last successful {state.job} run",
                  state.last_success.timestamp())  # fmt: skip
        gauge(
            f"{prefix}_last_outcome",
            f"Outcome of the last {state.job} run (label)",
            1.0,
            outcome=state.outcome,
        )
    if status.due is not None:
        gauge(
            "rbmon_nightly_due_timestamp_seconds",
            "When the schedule last said a nightly run was due",
            status.due.timestamp(),
        )
    if status.crawl_status is not None:
        gauge("rbmon_crawl_last_reached_a_source", "0 when the last crawl got no HTTP answer at all",
              float(status.crawl_status != "unreachable"))  # fmt: skip
        gauge("rbmon_crawl_last_requests", "Requests of the last crawl", float(status.crawl_requests or 0))
        gauge(
            "rbmon_crawl_last_new_articles",
            "New articles of the last crawl",
            float(status.crawl_new_articles or 0),
        )
    return reg


def prometheus_text(status: Status, output: Path | None = None) -> str:
    """The status as Prometheus text exposition; with ``output``, also written there atomically."""
    from prometheus_client import generate_latest, write_to_textfile

    reg = _registry(status)
    if output is not None:
        write_to_textfile(str(output), reg)
    return generate_latest(reg).decode("utf-8")
