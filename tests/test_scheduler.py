"""The scheduler: real APScheduler jobs, the run lock, job records, clean SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from pipeline import store
from pipeline.config import Settings
from pipeline.scheduler import build_scheduler, next_runs, record_job


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def _runs(settings: Settings) -> list[tuple]:
    con = store.connect(settings.db_path, read_only=True)
    try:
        return con.execute(
            "select job, trigger, outcome, error, finished_at from job_runs order by started_at"
        ).fetchall()
    finally:
        con.close()


def test_jobs_are_configured_for_unattended_use(settings: Settings) -> None:
    sched = build_scheduler(settings, scheduler=BackgroundScheduler(timezone="Asia/Jakarta"))
    sched.start(paused=True)
    try:
        jobs = {j.id: j for j in sched.get_jobs()}
        assert set(jobs) == {"nightly", "weekly_digest"}
        for job in jobs.values():
            assert job.coalesce is True and job.max_instances == 1
            assert job.misfire_grace_time == settings.schedule.misfire_grace_seconds
        nightly = jobs["nightly"].next_run_time
        assert (nightly.hour, nightly.minute) == (1, 0) and nightly.utcoffset().total_seconds() == 7 * 3600
        weekly = jobs["weekly_digest"].next_run_time
        assert weekly.weekday() == 0 and weekly.hour == 7
    finally:
        sched.shutdown(wait=False)
    upcoming = next_runs(settings, count=3)
    assert len(upcoming["nightly"]) == 3 and upcoming["nightly"][0] < upcoming["nightly"][1]


def test_real_interval_jobs_run_and_are_recorded(settings: Settings) -> None:
    calls: list[datetime] = []

    def work() -> dict:
        calls.append(datetime.now())
        return {"n": len(calls)}

    sched = BackgroundScheduler(timezone="Asia/Jakarta")
    sched.add_job(
        record_job,
        IntervalTrigger(seconds=1),
        args=[settings, "nightly", work],
        kwargs={"trigger": "test"},
        max_instances=1,
        coalesce=True,
    )
    sched.start()
    try:
        deadline = time.monotonic() + 20
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        sched.shutdown(wait=True)
    assert len(calls) >= 2
    runs = _runs(settings)
    assert len(runs) >= 2
    assert all(r[0] == "nightly" and r[1] == "test" and r[2] == "ok" and r[4] is not None for r in runs)


def test_overlapping_runs_are_refused_and_failures_recorded(settings: Settings) -> None:
    started = threading.Event()
    release = threading.Event()

    def slow() -> dict:
        started.set()
        release.wait(20)
        return {}

    t = threading.Thread(target=record_job, args=(settings, "nightly", slow))
    t.start()
    assert started.wait(20)
    second = record_job(settings, "nightly", lambda: {"ran": True})
    release.set()
    t.join(20)
    assert second["outcome"] == "skipped_locked"

    def broken() -> dict:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        record_job(settings, "weekly_digest", broken)
    outcomes = [(r[0], r[2]) for r in _runs(settings)]
    assert ("nightly", "ok") in outcomes and ("nightly", "skipped_locked") in outcomes
    failed = [r for r in _runs(settings) if r[2] == "failed"]
    assert failed and "disk on fire" in failed[0][3]


def test_schedule_command_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text(f'data_dir = "{tmp_path / "data"}"\n[schedule]\nnightly = "0 1 * * *"\n')
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--config", str(cfg), "schedule"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        seen = ""
        deadline = time.monotonic() + 60
        while "scheduler started" not in seen and time.monotonic() < deadline:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            seen += line
        assert "scheduler started" in seen, seen
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
