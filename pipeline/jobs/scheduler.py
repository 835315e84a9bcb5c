"""``rbmon schedule`` and ``rbmon run``: the unattended nightly and weekly jobs, locked and recorded.

APScheduler 3.x in the foreground (systemd supervises it), cron triggers in Asia/Jakarta,
``coalesce`` so a machine that slept runs a missed job once, ``max_instances=1`` and a
file lock so two schedulers (or a manual ``rbmon run`` during the scheduled one) never
overlap. Every run is recorded in ``job_runs``. SIGTERM lets the current batch finish.
"""

from __future__ import annotations

import logging
import signal
import time
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from filelock import FileLock, Timeout

from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.runstate import request_stop, stop_requested
from pipeline.jobs.nightly import nightly
from pipeline.jobs.status import write_status_file
from pipeline.jobs.weekly import weekly_digest

__all__ = ["build_scheduler", "nightly_job", "record_job", "run_scheduler", "weekly_digest_job"]

log = logging.getLogger(__name__)


def _lock(settings: Settings) -> FileLock:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(settings.data_dir / "rbmon.lock"))


def record_job(
    settings: Settings,
    job: str,
    fn: Callable[[], dict[str, Any]],
    *,
    trigger: str = "manual",
    wait_seconds: float = 0,
) -> dict[str, Any]:
    """Run ``fn`` under the run lock and record it in ``job_runs`` whatever happens.

    ``wait_seconds``: how long to wait for a run holding the lock before recording
    ``skipped_locked``; a stop request ends the wait early.
    """
    run_id = f"{job}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    started = datetime.now(UTC)
    lock = _lock(settings)
    if not _acquire(lock, wait_seconds):
        log.warning("%s skipped: another rbmon run holds %s", job, lock.lock_file)
        _write_job(settings, run_id, job, trigger, started, "skipped_locked", None, {})
        return {"job": job, "outcome": "skipped_locked"}
    try:
        _write_job(settings, run_id, job, trigger, started, "running", None, None)
        try:
            details = fn()
        except Exception as exc:
            log.error("%s failed: %s", job, exc)
            _write_job(
                settings, run_id, job, trigger, started, "failed", f"{exc}\n{traceback.format_exc()}", None
            )
            raise
        outcome = "interrupted" if details.get("interrupted") else "ok"
        _write_job(settings, run_id, job, trigger, started, outcome, None, details)
        return {"job": job, "outcome": outcome, **details}
    finally:
        lock.release()


def _acquire(lock: FileLock, wait_seconds: float) -> bool:
    """Take ``lock``, polling for up to ``wait_seconds``; False if it stayed held or a stop came."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            lock.acquire(timeout=0)
            return True
        except Timeout:
            if stop_requested() or time.monotonic() >= deadline:
                return False
            time.sleep(min(5.0, max(0.05, deadline - time.monotonic())))


def _write_job(
    settings: Settings,
    run_id: str,
    job: str,
    trigger: str,
    started: datetime,
    outcome: str,
    error: str | None,
    details: dict[str, Any] | None,
) -> None:
    import json

    row = {
        "job_run_id": run_id,
        "job": job,
        "trigger": trigger,
        "started_at": started,
        "finished_at": None if outcome == "running" else datetime.now(UTC),
        "outcome": outcome,
        "error": error,
    }
    # first the state file `rbmon status` reads while a run holds the database
    write_status_file(settings, row)
    con = store.connect(settings.db_path)
    try:
        store.migrate(con)
        with store.transaction(con):
            con.execute("delete from job_runs where job_run_id = ?", [run_id])
            store.append_rows(
                con,
                "job_runs",
                [
                    {
                        "job_run_id": run_id,
                        "job": job,
                        "trigger": trigger,
                        "started_at": started,
                        "finished_at": None if outcome == "running" else datetime.now(UTC),
                        "outcome": outcome,
                        "error": error,
                        "details": json.dumps(details, default=str) if details is not None else None,
                    }
                ],
            )
    finally:
        con.close()


def nightly_job(settings: Settings, *, trigger: str = "manual") -> dict[str, Any]:
    """Crawl, process and publish once, recorded in ``job_runs``."""
    return record_job(settings, "nightly", lambda: nightly(settings).details(), trigger=trigger)


def weekly_digest_job(settings: Settings, *, trigger: str = "manual") -> dict[str, Any]:
    """Write (and mail) last week's digest, after waiting for a nightly run that is still going."""
    wait = settings.schedule.digest_wait_minutes * 60
    return record_job(
        settings, "weekly_digest", lambda: weekly_digest(settings), trigger=trigger, wait_seconds=wait
    )


def build_scheduler(settings: Settings, *, scheduler: Any | None = None) -> Any:
    """A scheduler with the two jobs; ``scheduler`` lets tests pass a BackgroundScheduler."""
    sched = scheduler or BlockingScheduler(timezone=settings.schedule.timezone)
    defaults = {
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": settings.schedule.misfire_grace_seconds,
    }
    sched.add_job(
        nightly_job,
        CronTrigger.from_crontab(settings.schedule.nightly, timezone=settings.schedule.timezone),
        kwargs={"settings": settings, "trigger": "schedule"},
        id="nightly",
        name="nightly crawl + process + publish",
        replace_existing=True,
        **defaults,
    )
    sched.add_job(
        weekly_digest_job,
        CronTrigger.from_crontab(settings.schedule.weekly_digest, timezone=settings.schedule.timezone),
        kwargs={"settings": settings, "trigger": "schedule"},
        id="weekly_digest",
        name="weekly digest",
        replace_existing=True,
        **defaults,
    )
    return sched


def run_scheduler(settings: Settings) -> None:
    from apscheduler.events import EVENT_SCHEDULER_STARTED

    sched = build_scheduler(settings)

    def _shutdown_if_asked(_event: Any = None) -> None:
        if stop_requested() and sched.running:
            sched.shutdown(wait=False)

    def _stop(signum: int, _frame: Any) -> None:
        log.info("signal %s: finishing the current batch, then exiting", signum)
        request_stop()
        _shutdown_if_asked()

    def _started(_event: Any) -> None:
        log.info("scheduler started (timezone %s)", settings.schedule.timezone)
        for job in sched.get_jobs():
            log.info("next %s: %s", job.name, job.next_run_time)
        _shutdown_if_asked()  # a signal that came before start() must still stop us

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    sched.add_listener(_started, EVENT_SCHEDULER_STARTED)
    if stop_requested():
        return
    sched.start()
    log.info("scheduler stopped")


def next_runs(settings: Settings, *, count: int = 3) -> dict[str, list[datetime]]:
    """The next fire times of each job, for `rbmon schedule --dry-run` style output and tests."""
    out: dict[str, list[datetime]] = {}
    now = datetime.now(UTC)
    for name, expr in (
        ("nightly", settings.schedule.nightly),
        ("weekly_digest", settings.schedule.weekly_digest),
    ):
        trig = CronTrigger.from_crontab(expr, timezone=settings.schedule.timezone)
        times: list[datetime] = []
        prev = None
        t = now
        for _ in range(count):
            nxt = trig.get_next_fire_time(prev, t)
            if nxt is None:
                break
            times.append(nxt)
            prev, t = nxt, nxt + timedelta(seconds=1)
        out[name] = times
    return out
