"""Kills and leftovers around a real crawl of the fixture site (issue 17, cases 4, 5 and 12).

* SIGKILL of the ``rbmon process`` parent alone takes its fork server, workers and resource tracker
  with it (they used to live on, ~620 MB, ignoring SIGTERM), whether they process WARCs or reannotate
  stored articles (``--reannotate``); SIGTERM stops a worker.
* A publish killed mid-copy leaves a temporary copy: ``rbmon db check`` reports it, the next publish
  removes it.
* ``rbmon db check --db X`` looks for X's WARC files next to X, not in the configured data dir.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline.core.config import load_settings
from pipeline.crawl import run_crawl
from pipeline.fixture_site import FixtureSite
from tests.helpers.cli import rbmon_main

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")]


@pytest.fixture(scope="module")
def crawled(fixture_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config whose data dir holds one finished crawl of the fixture site (nothing processed yet)."""
    tmp = tmp_path_factory.mktemp("crawled")
    sources = tmp / "sources.yaml"
    sources.write_text(
        yaml.safe_dump({"sources": fixture_site.sources()}, allow_unicode=True), encoding="utf-8"
    )
    cfg = tmp / "rbmon.toml"
    cfg.write_text(
        f'data_dir = "{tmp / "data"}"\n[crawl]\ndownload_delay = 0\nautothrottle = false\nretry_times = 1\n'
        f'timeout = 10\nsources_file = "{sources}"\n[process]\nbatch_size = 2\n',
        encoding="utf-8",
    )
    fixture_site.reset()
    run_crawl(load_settings(cfg))
    return cfg


def _children() -> dict[int, int]:
    """pid -> parent pid of every live, non-zombie process."""
    out = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                out[int(d.name)] = int(fields[1])
    return out


def descendants(pid: int) -> set[int]:
    tree = _children()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in tree.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    tree = _children()
    return {p for p in pids if p in tree}


def _process_with_workers(cfg: Path, data_copy: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """`rbmon process --workers 2` on a copy of the crawl, once its fork server and both workers run."""
    if data_copy.exists():
        shutil.rmtree(data_copy)
    shutil.copytree(cfg.parent / "data", data_copy)
    env = {**os.environ, "RBMON_DATA_DIR": str(data_copy)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), "process", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    kids: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        kids = descendants(proc.pid)
        if len(kids) >= 4:  # resource tracker, fork server, two workers
            break
        time.sleep(0.1)
    assert proc.poll() is None and len(kids) >= 4, f"workers never started: {kids}"
    return proc, kids


def test_killing_the_parent_takes_every_worker_with_it(crawled: Path, tmp_path: Path) -> None:
    proc, kids = _process_with_workers(crawled, tmp_path / "data")
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone, as the OOM killer would
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while _alive(kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive(kids) == set(), "workers, fork server or resource tracker outlived their parent"
    # and the next run does everything the killed one did not
    env = {**os.environ, "RBMON_DATA_DIR": str(tmp_path / "data")}
    rerun = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(crawled), "process", "--workers", "1"],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    check = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--config", str(crawled), "db", "check", "--all-warc"],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr


def test_killing_the_parent_of_a_reannotation_takes_its_pool_with_it(crawled: Path, tmp_path: Path) -> None:
    """``--reannotate`` has a process pool of its own (``pool_context`` too): the same guarantee."""
    data = tmp_path / "data"
    shutil.copytree(crawled.parent / "data", data)
    env = {**os.environ, "RBMON_DATA_DIR": str(data)}
    base = [sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(crawled), "process"]
    first = subprocess.run([*base, "--workers", "1"], capture_output=True, text=True, timeout=600, env=env)
    assert first.returncode == 0, first.stderr
    con = duckdb.connect(str(data / "rbmon.duckdb"))
    try:  # every stored article annotated by an older NLP: all of them are reannotated
        con.execute("update articles set nlp_version = 'before-issue-17'")
        stale = con.execute("select count(*) from articles").fetchone()
    finally:
        con.close()
    assert stale is not None and stale[0] > 10
    proc = subprocess.Popen([*base, "--reannotate", "--workers", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)  # fmt: skip
    deadline, kids = time.monotonic() + 120, set()
    while time.monotonic() < deadline and proc.poll() is None and len(kids) < 4:
        kids = descendants(proc.pid)
        time.sleep(0.05)
    assert proc.poll() is None and len(kids) >= 4, f"the reannotation pool never started: {kids}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while _alive(kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive(kids) == set(), "the reannotation's workers or fork server outlived their parent"
    rerun = subprocess.run([*base, "--reannotate", "--workers", "1"], capture_output=True, text=True,
                           timeout=600, env=env)  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    con = duckdb.connect(str(data / "rbmon.duckdb"), read_only=True)
    try:
        left = con.execute("select count(*) from articles where nlp_version = 'before-issue-17'").fetchone()
    finally:
        con.close()
    assert left == (0,)


def test_a_worker_stops_on_sigterm_and_the_run_says_so(crawled: Path, tmp_path: Path) -> None:
    proc, kids = _process_with_workers(crawled, tmp_path / "data")
    tree = _children()
    server = next(p for p in kids if tree.get(p) == proc.pid and any(tree.get(w) == p for w in kids))
    worker = next(p for p in kids if tree.get(p) == server)
    os.kill(worker, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while _alive({worker}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _alive({worker}) == set(), "a worker ignored SIGTERM"
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1 and "Traceback" not in stderr, stderr
    assert "a worker process died" in stderr and "stay pending" in stderr


def test_publish_leftovers_are_reported_then_removed(
    crawled: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(crawled)
    assert rbmon_main(capfd, "--quiet", "--config", str(crawled), "publish").code == 0
    published = settings.published_db_path
    leftover = published.with_name(f".{published.name}.4242.tmp")
    shutil.copyfile(published, leftover)  # what a publish SIGKILLed mid-copy leaves
    ran = rbmon_main(capfd, "--config", str(crawled), "db", "check")
    assert ran.code == 1
    assert [line for line in ran.error_lines if line.startswith("problem: publish:")] == [
        f"problem: publish: 1 temporary copy ({leftover.stat().st_size:,} bytes) left in {published.parent} by"
        f" killed publishes: {leftover.name}; the next `rbmon publish` removes them"
    ]
    assert rbmon_main(capfd, "--config", str(crawled), "publish").code == 0
    assert not leftover.exists()
    assert rbmon_main(capfd, "--config", str(crawled), "db", "check").code == 0


def test_db_check_of_another_database_reads_its_own_warcs(
    crawled: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(crawled.parent / "data", moved, ignore=shutil.ignore_patterns("published", "*.lock"))
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(f'data_dir = "{tmp_path / "empty"}"\n', encoding="utf-8")
    ran = rbmon_main(capfd, "--config", str(elsewhere), "db", "check", "--db", str(moved / "rbmon.duckdb"))
    assert ran.code == 0, ran.stderr  # it used to look under the configured data dir: "missing"
    shutil.rmtree(moved / "warc")
    ran = rbmon_main(capfd, "--config", str(elsewhere), "db", "check", "--db", str(moved / "rbmon.duckdb"))
    assert ran.code == 1 and f"missing under {moved}" in ran.stderr
