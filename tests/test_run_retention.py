"""The rotation of job logs: a crawl run's folder goes once it has been loaded for ``keep_run_days``."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pipeline.core.config import CrawlConfig, Settings
from pipeline.crawl import run_crawl
from pipeline.crawl.load import prune_runs


def _run_dir(root: Path, name: str, *, loaded_days_ago: float | None) -> Path:
    run = root / name
    run.mkdir(parents=True)
    (run / "crawler.log").write_text("x" * 1000)
    (run / "fetch.jsonl").write_text("{}\n")
    if loaded_days_ago is not None:
        marker = run / "loaded"
        marker.write_text("done")
        when = time.time() - loaded_days_ago * 86400
        os.utime(marker, (when, when))
    return run


def test_only_old_loaded_runs_are_removed(tmp_path: Path) -> None:
    old = _run_dir(tmp_path, "crawl-old", loaded_days_ago=40)
    recent = _run_dir(tmp_path, "crawl-recent", loaded_days_ago=3)
    unloaded = _run_dir(tmp_path, "crawl-killed", loaded_days_ago=None)  # its log waits for recovery
    removed, freed = prune_runs(tmp_path, 30)
    assert (removed, freed) == (1, 1000 + 3 + 4)  # crawler.log, fetch.jsonl, the marker
    assert not old.exists() and recent.exists() and unloaded.exists()


def test_every_crawl_rotates(tmp_path: Path) -> None:
    runs = tmp_path / "jobs" / "crawl"
    old = _run_dir(runs, "crawl-20250101T010000Z-abcd", loaded_days_ago=10)
    settings = Settings(data_dir=tmp_path, crawl=CrawlConfig(keep_run_days=7, queries=[]))
    report = run_crawl(settings, sources=[])
    assert not old.exists() and report.run_dir is not None and report.run_dir.exists()
