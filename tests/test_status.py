"""``rbmon status``: non-zero when the last nightly run failed, was killed, reached no source or is
overdue by its schedule; Prometheus text for node-exporter; readable while a run holds the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock

from pipeline.core.config import load_settings
from pipeline.jobs.scheduler import record_job
from pipeline.jobs.status import read_status
from tests.helpers.cli import rbmon_main


@pytest.fixture
def cfg(tmp_path: Path, migrated_db: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    migrated_db.rename(data / "rbmon.duckdb")
    path = tmp_path / "rbmon.toml"
    path.write_text(
        f'data_dir = "{data}"\n[schedule]\nnightly = "0 1 * * *"\nstatus_grace_minutes = 120\n',
        encoding="utf-8",
    )
    return path


def _job(
    cfg: Path, outcome: str, started: datetime, *, job: str = "nightly", error: str | None = None
) -> None:
    con = duckdb.connect(str(load_settings(cfg).db_path))
    try:
        con.execute(
            "insert into job_runs values (?, ?, 'schedule', ?, ?, ?, ?, null)",
            [f"{job}-{started.isoformat()}", job, started,
             None if outcome == "running" else started + timedelta(minutes=30), outcome, error],
        )  # fmt: skip
    finally:
        con.close()


def _crawl(cfg: Path, status: str, started: datetime) -> None:
    con = duckdb.connect(str(load_settings(cfg).db_path))
    try:
        con.execute("insert into crawl_runs (run_id, kind, started_at, status, requests, new_articles)"
                    " values ('c1', 'crawl', ?, ?, 12, 0)", [started, status])  # fmt: skip
    finally:
        con.close()


def _last_night() -> datetime:
    """Today's (or yesterday's) 01:00 WIB, the last time the default schedule was due, plus a minute.

    "Was due" as ``rbmon status`` reads it: the fire at 18:00 UTC counts once the default
    ``status_grace_minutes`` (120) have passed, so from 20:00 UTC, not from 20:01 (a run at 20:00
    UTC took yesterday's night and was called overdue).
    """
    now = datetime.now(UTC)
    fired = now.replace(hour=18, minute=0, second=0, microsecond=0)  # 01:00 WIB is 18:00 UTC the day before
    if fired > now - timedelta(hours=2):
        fired -= timedelta(days=1)
    return fired + timedelta(minutes=1)


def test_healthy_after_a_good_night(cfg: Path, capfd: pytest.CaptureFixture[str]) -> None:
    _job(cfg, "ok", _last_night())
    _crawl(cfg, "ok", _last_night())
    ran = rbmon_main(capfd, "--config", str(cfg), "status")
    assert ran.code == 0, ran.stderr
    assert "health" in ran.stdout and "ok" in ran.stdout and ran.error_lines == []
    prom = rbmon_main(capfd, "--config", str(cfg), "status", "--format", "prometheus")
    assert prom.code == 0
    lines = prom.stdout.splitlines()
    assert "rbmon_status_ok 1.0" in lines and 'rbmon_nightly_last_outcome{outcome="ok"} 1.0' in lines
    assert "rbmon_crawl_last_reached_a_source 1.0" in lines


@pytest.mark.parametrize(
    ("outcome", "crawl", "says"),
    [
        ("failed", "failed", "failed: CrawlError: the crawler process exited"),
        ("interrupted", "interrupted", "was interrupted"),
        ("running", "running", "never finished: it was killed"),
        ("ok", "unreachable", "the last crawl reached no source"),
    ],
)
def test_a_bad_night_is_a_problem(
    cfg: Path, capfd: pytest.CaptureFixture[str], outcome: str, crawl: str, says: str
) -> None:
    _job(cfg, outcome, _last_night(), error="CrawlError: the crawler process exited with code 1\ntraceback…")
    _crawl(cfg, crawl, _last_night())
    ran = rbmon_main(capfd, "--config", str(cfg), "status")
    assert ran.code == 1
    assert any(says in line for line in ran.error_lines if line.startswith("problem: ")), ran.stderr
    out = Path(cfg.parent / "rbmon.prom")
    prom = rbmon_main(capfd, "--config", str(cfg), "status", "--format", "prometheus", "--output", str(out))
    assert prom.code == 1 and "rbmon_status_ok 0.0" in out.read_text(encoding="utf-8").splitlines()


def test_overdue_by_the_schedule(cfg: Path) -> None:
    _job(cfg, "ok", _last_night() - timedelta(days=2))
    status = read_status(load_settings(cfg))
    assert [p for p in status.problems if "overdue" in p], status.problems
    assert status.due is not None and status.due > _last_night() - timedelta(days=1)


def test_nothing_ever_ran(cfg: Path) -> None:
    assert "no nightly run is recorded yet" in read_status(load_settings(cfg)).problems


def test_a_run_in_progress_is_healthy_and_read_from_the_state_file(
    cfg: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(cfg)
    record_job(settings, "nightly", lambda: {"crawl_requests": 3})  # writes job_runs and the state file
    seen: dict[str, object] = {}

    def night() -> dict[str, object]:
        writer = duckdb.connect(str(settings.db_path))  # the run holds the database, as a crawl does
        try:
            status = read_status(settings, now=datetime.now(UTC))
            seen.update(source=status.source, running=status.running, problems=status.problems,
                        outcome=status.nightly.outcome if status.nightly else None)  # fmt: skip
        finally:
            writer.close()
        return {}

    record_job(settings, "nightly", night)
    assert seen["source"] == "state file" and seen["running"] is True and seen["outcome"] == "running"
    assert not [p for p in seen["problems"] if "killed" in p]  # type: ignore[attr-defined]
    with FileLock(str(settings.data_dir / "rbmon.lock")):
        assert read_status(settings).running
