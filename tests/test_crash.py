"""Crash safety: SIGKILL mid-crawl and mid-processing, and a failed write, lose and duplicate nothing.

These tests kill real processes (the whole process group, as the OOM killer or a power cut would)
and then run again, checking the database against the fixture site's articles.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline import store
from pipeline.core.config import CrawlConfig, Settings
from pipeline.crawl import run_crawl
from pipeline.fixture_site import FixtureSite, registered_articles
from pipeline.process import run_process
from pipeline.store.reference import load_reference

pytestmark = pytest.mark.slow


def _config(tmp: Path, site: FixtureSite, *, delay: float, batch_size: int = 200) -> Path:
    sources = tmp / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": site.sources()}, allow_unicode=True), encoding="utf-8")
    cfg = tmp / "rbmon.toml"
    cfg.write_text(
        f'data_dir = "{tmp / "data"}"\n'
        f"[crawl]\ndownload_delay = {delay}\nautothrottle = false\nretry_times = 2\ntimeout = 10\n"
        f'sources_file = "{sources}"\n'
        f"[process]\nworkers = 1\nbatch_size = {batch_size}\n"
        # open-web discovery is tested in test_open_web.py; never the real GDELT from a test
        "[discovery.gdelt]\nenabled = false\n",
        encoding="utf-8",
    )
    return cfg


def _settings(cfg: Path) -> Settings:
    from pipeline.core.config import load_settings

    return load_settings(cfg)


def _start(cfg: Path, *args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: we kill the crawler child with it
        **kwargs,  # type: ignore[arg-type]
    )


def _kill_group(proc: subprocess.Popen[str]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _without_delay(settings: Settings) -> Settings:
    """The same crawl, run at full speed: for the rerun that completes what the killed run began."""
    return settings.with_overrides(
        crawl=CrawlConfig(
            download_delay=0, retry_times=2, timeout=10, sources_file=settings.crawl.sources_file
        )
    )


def _integrity(settings: Settings) -> list[str]:
    from pipeline.store.integrity import check_database

    con = store.connect(settings.db_path, read_only=True)
    try:
        return [str(p) for p in check_database(con, settings.data_dir, warc_sample=None)]
    finally:
        con.close()


def _fetch_log_lines(data_dir: Path) -> int:
    return sum(
        len(p.read_text(encoding="utf-8").splitlines()) for p in data_dir.glob("jobs/crawl/*/fetch.jsonl")
    )


def _crawl_until_logged(cfg: Path, settings: Settings, lines: int) -> subprocess.Popen[str]:
    """Start `rbmon crawl` in its own process group and return once its fetch log has ``lines`` lines
    (or it ended, or two minutes passed: the caller checks that it is still running)."""
    proc = _start(cfg, "crawl")
    deadline = time.monotonic() + 120
    while _fetch_log_lines(settings.data_dir) < lines and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    return proc


def test_sigkill_during_crawl_then_rerun(fixture_site: FixtureSite, tmp_path: Path) -> None:
    fixture_site.reset()
    cfg = _config(tmp_path, fixture_site, delay=0.4)
    settings = _settings(cfg)
    proc = _crawl_until_logged(cfg, settings, 20)
    assert proc.poll() is None, "the crawl finished before it could be killed: raise download_delay"
    _kill_group(proc)
    logged_before_kill = _fetch_log_lines(settings.data_dir)
    assert logged_before_kill >= 20

    # the rerun loads what the killed run archived and fetches only the rest
    report = run_crawl(_without_delay(settings))
    assert report.recovered_runs, "the killed run's fetch log was not recovered"
    articles = {a.title for a in registered_articles()}
    db = settings.db_path
    dupes = _rows(
        db,
        "select canonical_url, count(*) from fetches where kind = 'article' and status = 200 group by 1 having count(*) > 1",
    )
    assert dupes == []
    # every WARC offset the database points at holds a complete, readable record
    from pipeline.extract.warc_reader import read_response_at

    for warc_file, offset in _rows(
        db, "select warc_file, warc_offset from fetches where status = 200 and warc_file is not null"
    ):
        assert read_response_at(settings.data_dir / warc_file, int(offset)).status == 200
    run_process(settings)
    stored = {t for (t,) in _rows(db, "select title from articles")}
    assert stored == articles
    assert _rows(db, "select count(*) = count(distinct canonical_url) from articles") == [(True,)]
    assert _integrity(settings) == []  # opens, reads back whole, no orphans, WARC offsets good


def test_sigkill_during_processing_then_rerun(fixture_site: FixtureSite, tmp_path: Path) -> None:
    fixture_site.reset()
    cfg = _config(tmp_path, fixture_site, delay=0, batch_size=3)
    settings = _settings(cfg)
    run_crawl(settings)
    proc = _start(cfg, "process")
    # Kill once a batch is committed (the write-ahead log grows; the database itself is locked) and
    # the next one is under way, rather than after a fixed sleep that a slow machine may not fill.
    wal = settings.db_path.with_name(settings.db_path.name + ".wal")
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 64 * 1024:
            break
        time.sleep(0.05)
    time.sleep(0.3)
    if proc.poll() is not None:
        pytest.skip("processing finished before it could be killed (machine very fast)")
    _kill_group(proc)
    db = settings.db_path
    # DuckDB replays its WAL: the file opens and the committed batches are there, nothing half-written
    partial = _rows(db, "select count(*), count(distinct canonical_url) from articles")[0]
    assert partial[0] == partial[1]
    run_process(settings)
    articles = {a.title for a in registered_articles()}
    assert {t for (t,) in _rows(db, "select title from articles")} == articles
    assert _rows(db, "select count(*) = count(distinct canonical_url) from articles") == [(True,)]
    assert _integrity(settings) == []  # opens, reads back whole, no orphans, WARC offsets good
    children = _rows(
        db,
        "select count(*) from article_signatures s left join articles a using (article_id) where a.article_id is null",
    )
    assert children == [(0,)]
    pending = _rows(
        db,
        "select count(*) from fetches where kind in ('article', 'article_page') and status = 200 and error is null and processed_version is null",
    )
    assert pending == [(0,)]


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_failed_write_is_a_clear_error_and_no_corruption(fixture_site: FixtureSite, tmp_path: Path) -> None:
    cfg = _config(tmp_path, fixture_site, delay=0)
    settings = _settings(cfg)
    run_crawl(settings)
    con = store.connect(settings.db_path)
    load_reference(con)
    con.execute("checkpoint")
    con.close()
    size = settings.db_path.stat().st_size
    before = _rows(settings.db_path, "select count(*) from fetches")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--config", str(cfg), "process"],
        capture_output=True, text=True, timeout=300,
        preexec_fn=lambda: _limit_file_size(size + 64 * 1024),  # the disk is "full" just past today's file
    )  # fmt: skip
    assert proc.returncode != 0
    assert "Error:" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "write failed" in proc.stderr  # the user is told what happened, not shown a bug
    # the database still opens, holds what it held, and a run with disk space completes the work
    assert _rows(settings.db_path, "select count(*) from fetches") == before
    run_process(settings)
    assert {t for (t,) in _rows(settings.db_path, "select title from articles")} == {
        a.title for a in registered_articles()
    }
    assert json.loads(
        _rows(
            settings.db_path, "select stats from crawl_runs where kind = 'process' and status = 'ok' limit 1"
        )[0][0]
    )
    assert _integrity(settings) == []


def _crawler_pids(plan_root: Path) -> list[int]:
    """Live crawler subprocesses (``python -m crawlers.run PLAN``) whose plan lies under ``plan_root``."""
    pids = []
    for proc_dir in Path("/proc").iterdir():
        if not proc_dir.name.isdigit():
            continue
        try:
            cmd = (proc_dir / "cmdline").read_bytes().split(b"\0")
            state = (proc_dir / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if b"crawlers.run" in cmd and any(str(plan_root).encode() in part for part in cmd) and state != "Z":
            pids.append(int(proc_dir.name))
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_crawler_stops_when_its_parent_is_killed(fixture_site: FixtureSite, tmp_path: Path) -> None:
    # Only the rbmon process dies (kill -9, the OOM killer), not its process group: the crawler it
    # started must not go on fetching into a run the next run recovers and crawls again.
    fixture_site.reset()
    cfg = _config(tmp_path, fixture_site, delay=1.0)  # ~80 s to crawl it all
    settings = _settings(cfg)
    proc = _crawl_until_logged(cfg, settings, 3)
    children = _crawler_pids(settings.data_dir)
    assert proc.poll() is None and children, "no crawler running to orphan: raise download_delay"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30  # a graceful stop takes seconds; the whole crawl would take ~80
    while _crawler_pids(settings.data_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _crawler_pids(settings.data_dir) == [], "the orphaned crawler kept running"
    # and what it fetched before stopping is recovered by the next run, not lost
    report = run_crawl(_without_delay(settings))
    assert report.recovered_runs
    dupes = _rows(
        settings.db_path,
        "select canonical_url, count(*) from fetches where kind = 'article' and status = 200"
        " group by 1 having count(*) > 1",
    )
    assert dupes == []


def test_a_failed_warc_write_stops_the_crawl_cleanly(fixture_site: FixtureSite, tmp_path: Path) -> None:
    # The disk fills up under the crawler: its next WARC write fails (RLIMIT_FSIZE set on the running
    # crawler alone, so the parent's database writes are unaffected).
    from warcio.archiveiterator import ArchiveIterator

    from pipeline.extract.warc_reader import read_response_at

    fixture_site.reset()
    cfg = _config(tmp_path, fixture_site, delay=0.4)
    settings = _settings(cfg)
    proc = _crawl_until_logged(cfg, settings, 15)
    [child] = _crawler_pids(settings.data_dir)
    [warc] = list(settings.warc_dir.glob("*.warc.gz"))
    limit = warc.stat().st_size + 512  # too little for another exchange
    resource.prlimit(child, resource.RLIMIT_FSIZE, (limit, limit))
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "the crawl stopped because a write failed" in stderr and "Traceback" not in stderr, stderr[-2000:]

    # every record in the archive is whole (the broken one was cut off), and so is every logged offset
    with warc.open("rb") as fh:
        records = sum(1 for _ in ArchiveIterator(fh))
    assert records > 1 and warc.stat().st_size <= limit
    for warc_file, offset in _rows(
        settings.db_path, "select warc_file, warc_offset from fetches where warc_file is not null"
    ):
        assert read_response_at(settings.data_dir / warc_file, int(offset)).status
    assert _rows(settings.db_path, "select status from crawl_runs where kind = 'crawl'") == [("failed",)]

    # with space again the next run fetches the rest, and nothing twice
    report = run_crawl(_without_delay(settings))
    assert report.status == "ok"
    dupes = _rows(
        settings.db_path,
        "select canonical_url from fetches where kind = 'article' and status = 200 group by 1 having count(*) > 1",
    )
    assert dupes == []
    run_process(settings)
    assert {t for (t,) in _rows(settings.db_path, "select title from articles")} == {
        a.title for a in registered_articles()
    }
    assert _integrity(settings) == []
