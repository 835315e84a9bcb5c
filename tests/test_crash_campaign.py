"""A crash campaign (issue 17): ``rbmon crawl``, ``process`` and ``publish`` SIGKILLed at random moments,
then run to the end, and the result must be what an uninterrupted run gives.

Each round kills either the whole process group (a power cut, the OOM killer taking the group) or the
rbmon process alone (``kill -9`` of the main pid: its crawler, fork server and workers must follow it).
After the campaign: every article of the fixture's registered outlets stored once, nothing fetched OK twice, ``rbmon db check
--all-warc`` clean (every WARC record readable at its offset), no process left over, no temporary
publish copy and no ``.part`` file. The seed and the number of kills per command come from
``RBMON_CRASH_SEED`` and ``RBMON_CRASH_KILLS`` (default 3: the CI size; the figures in the README are
from larger runs of the same test).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline.core.config import load_settings
from pipeline.fixture_site import FixtureSite, load_articles
from tests.test_hostile_processes import descendants

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")]

KILLS = int(os.environ.get("RBMON_CRASH_KILLS", "3"))
SEED = int(os.environ.get("RBMON_CRASH_SEED", "17"))


def _rbmon(cfg: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def _kill(proc: subprocess.Popen[str], rng: random.Random, at: float) -> str:
    """Wait ``at`` seconds (or for the end), then SIGKILL the group or the rbmon process alone."""
    deadline = time.monotonic() + at
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if proc.poll() is not None:
        proc.communicate()
        return "finished first"
    family = descendants(proc.pid)
    how = rng.choice(["group", "parent"])
    if how == "group":
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    end = time.monotonic() + 30  # the crawler stops gracefully (SIGTERM); workers die at once
    while descendants_alive(family) and time.monotonic() < end:
        time.sleep(0.1)
    assert not descendants_alive(family), (
        f"processes outlived a SIGKILL of the {how}: {descendants_alive(family)}"
    )
    return f"killed ({how})"


def descendants_alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_crash_campaign(fixture_site: FixtureSite, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    fixture_site.reset()
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        yaml.safe_dump({"sources": fixture_site.sources()}, allow_unicode=True), encoding="utf-8"
    )
    cfg = tmp_path / "rbmon.toml"

    def config(delay: float) -> None:
        cfg.write_text(
            f'data_dir = "{tmp_path / "data"}"\n[crawl]\ndownload_delay = {delay}\nautothrottle = false\n'
            f'retry_times = 2\ntimeout = 10\nsources_file = "{sources}"\n[process]\nworkers = 2\nbatch_size = 4\n',
            encoding="utf-8",
        )

    log: list[str] = []
    config(0.15)  # slow enough that a kill lands in the middle of the crawl
    for i in range(KILLS):
        log.append(f"crawl {i}: " + _kill(_rbmon(cfg, "crawl"), rng, rng.uniform(3.0, 12.0)))
    config(0)
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), "crawl"],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for i in range(KILLS):
        log.append(f"process {i}: " + _kill(_rbmon(cfg, "process"), rng, rng.uniform(4.0, 20.0)))
    # a publish of the fixture's database takes about a second, most of it start-up: a fixed window
    # of 1.5-4 s let every publish finish first. Kill within the time an uninterrupted one takes.
    started = time.monotonic()
    timed = subprocess.run([sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), "publish"],
                           capture_output=True, text=True, timeout=600)  # fmt: skip
    assert timed.returncode == 0, timed.stderr
    took = time.monotonic() - started
    for i in range(KILLS):
        log.append(f"publish {i}: " + _kill(_rbmon(cfg, "publish"), rng, rng.uniform(0.3, 0.97) * took))
    for args in (["process"], ["publish"]):
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), *args],
                              capture_output=True, text=True, timeout=900)  # fmt: skip
        assert done.returncode == 0, (args, done.stderr)

    settings = load_settings(cfg)
    db = settings.db_path
    # every article of the registered outlets (the fixture's unregistered ones are found by open-web
    # discovery alone, which a crawl of the registry does not run)
    registered = {o.id for o in fixture_site.outlets}
    expected = {a.title for a in load_articles() if a.outlet in registered}
    assert {t for (t,) in _rows(db, "select title from articles")} == expected, log
    assert _rows(db, "select count(*) = count(distinct canonical_url) from articles") == [(True,)]
    assert _rows(db, "select canonical_url from fetches where kind = 'article' and status = 200"
                     " group by 1 having count(*) > 1") == []  # fmt: skip
    check = subprocess.run([sys.executable, "-m", "pipeline.cli", "--config", str(cfg), "db", "check", "--all-warc"],
                           capture_output=True, text=True, timeout=600)  # fmt: skip
    assert check.returncode == 0, (check.stderr, log)
    assert list(settings.published_db_path.parent.glob(".*.tmp")) == []
    assert list(tmp_path.rglob("*.part")) == []
    published = _rows(settings.published_db_path, "select count(*) from articles")
    assert published == _rows(db, "select count(*) from articles")
    print("\n".join(log))
