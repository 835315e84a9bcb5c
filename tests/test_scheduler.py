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
from pipeline.core.config import Settings
from pipeline.jobs.scheduler import build_scheduler, next_runs, record_job


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


# ------------------------------------------------------------------ the nightly job, for real


def _site_config(tmp_path: Path, site, *, delay: float) -> Path:  # type: ignore[no-untyped-def]
    import yaml

    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": site.sources()}, allow_unicode=True), encoding="utf-8")
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path / "data"}"\n'
        f'[crawl]\ndownload_delay = {delay}\nautothrottle = false\nretry_times = 2\ntimeout = 10\nsources_file = "{sources}"\n'
        "[process]\nworkers = 1\n"
        # open-web discovery is tested in test_open_web.py; never the real GDELT from a test
        "[discovery.gdelt]\nenabled = false\n",
        encoding="utf-8",
    )
    return cfg


def _rbmon_run(cfg: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _rows(db: Path, sql: str) -> list[tuple]:
    con = store.connect(db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow  # crawls the fixture site through `rbmon run` subprocesses
def test_rbmon_run_crawls_processes_and_publishes(fixture_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from pipeline.fixture_site import registered_articles

    fixture_site.reset()
    cfg = _site_config(tmp_path, fixture_site, delay=0)
    proc = _rbmon_run(cfg)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    result = json.loads(stdout)
    assert result["outcome"] == "ok" and result["new_articles"] == len(registered_articles())
    published = tmp_path / "data" / "published" / "rbmon.duckdb"
    assert _rows(published, "select count(*) from articles") == [(len(registered_articles()),)]
    assert _rows(published, "select job, outcome from job_runs") == [
        ("nightly", "running")
    ]  # published mid-job
    assert _rows(tmp_path / "data" / "rbmon.duckdb", "select job, outcome from job_runs") == [
        ("nightly", "ok")
    ]


@pytest.mark.slow  # crawls the fixture site through `rbmon run` subprocesses
def test_sigterm_stops_rbmon_run_cleanly_and_the_next_run_finishes(fixture_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from pipeline.fixture_site import registered_articles

    fixture_site.reset()
    cfg = _site_config(tmp_path, fixture_site, delay=1.0)  # ~80 s for the whole site
    proc = _rbmon_run(cfg)
    logs = tmp_path / "data" / "jobs" / "crawl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(len(p.read_text().splitlines()) for p in logs.glob("*/fetch.jsonl")) >= 3:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)  # far less than the ~80 s the crawl would take
    assert proc.returncode == 0, stderr
    assert json.loads(stdout)["outcome"] == "interrupted"
    db = tmp_path / "data" / "rbmon.duckdb"
    assert _rows(db, "select outcome from job_runs") == [("interrupted",)]
    fetched = _rows(db, "select count(*) from fetches")[0][0]
    assert fetched >= 3  # what the stopped crawl fetched was loaded, not lost

    cfg.write_text(cfg.read_text().replace("download_delay = 1.0", "download_delay = 0"), encoding="utf-8")
    again = _rbmon_run(cfg)
    stdout, stderr = again.communicate(timeout=600)
    assert again.returncode == 0, stderr
    assert _rows(db, "select count(*) from articles") == [(len(registered_articles()),)]
    dupes = _rows(
        db,
        "select canonical_url from fetches where kind = 'article' and status = 200 group by 1 having count(*) > 1",
    )
    assert dupes == []


def test_weekly_digest_waits_for_a_nightly_run_that_is_still_going(tmp_path: Path) -> None:
    from filelock import FileLock

    from pipeline.core.config import ScheduleConfig
    from pipeline.jobs.scheduler import weekly_digest_job

    base = Settings(data_dir=tmp_path / "data")
    con = store.connect(base.db_path)
    store.migrate(con)
    con.close()
    nightly = FileLock(str(base.data_dir / "rbmon.lock"))

    no_wait = base.model_copy(update={"schedule": ScheduleConfig(digest_wait_minutes=0)})
    with nightly:
        assert weekly_digest_job(no_wait)["outcome"] == "skipped_locked"

    waits = base.model_copy(update={"schedule": ScheduleConfig(digest_wait_minutes=1)})
    results: list[dict] = []
    nightly.acquire()
    worker = threading.Thread(target=lambda: results.append(weekly_digest_job(waits)))
    worker.start()
    time.sleep(1.5)
    assert worker.is_alive() and not results  # still waiting for the "nightly run"
    nightly.release()
    worker.join(timeout=60)
    assert results and results[0]["outcome"] == "ok"
    assert list(base.digest_dir.glob("digest-*.html"))
