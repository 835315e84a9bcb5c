"""`rbmon db check`: a crawled and processed database passes; each kind of damage is reported."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline import store
from pipeline.core.config import CrawlConfig, Settings, load_settings
from pipeline.crawl import run_crawl
from pipeline.fixture_site import FixtureSite
from pipeline.process import run_process
from pipeline.store.integrity import check_database


@pytest.fixture(scope="module")
def crawled(fixture_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a crawl of the fixture site, processed: the state to copy and damage."""
    base = tmp_path_factory.mktemp("integrity")
    sources = base / "sources.yaml"
    sources.write_text(
        yaml.safe_dump({"sources": fixture_site.sources()}, allow_unicode=True), encoding="utf-8"
    )
    fixture_site.reset()
    settings = _settings(base / "data", sources)
    run_crawl(settings)
    run_process(settings, workers=1)
    return base / "data"


def _settings(data_dir: Path, sources: Path | None = None) -> Settings:
    data_dir.mkdir(parents=True, exist_ok=True)
    cfg = data_dir.parent / "rbmon.toml"
    cfg.write_text(f'data_dir = "{data_dir}"\n', encoding="utf-8")
    s = load_settings(cfg)
    crawl = {"download_delay": 0, "autothrottle": False, "timeout": 10}
    if sources:
        crawl["sources_file"] = str(sources)
    return s.model_copy(update={"crawl": CrawlConfig(**crawl)})


@pytest.fixture
def data_dir(crawled: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(crawled, copy)
    return copy


def _check(data_dir: Path) -> list[str]:
    con = store.connect(data_dir / "rbmon.duckdb", read_only=True)
    try:
        return [str(p) for p in check_database(con, data_dir, warc_sample=None)]
    finally:
        con.close()


def _write(data_dir: Path, sql: str) -> None:
    con = duckdb.connect(str(data_dir / "rbmon.duckdb"))
    con.execute(sql)
    con.close()


@pytest.mark.slow  # uses a crawled and processed data directory
def test_a_crawled_and_processed_database_passes(data_dir: Path) -> None:
    assert _check(data_dir) == []
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "db", "check", "--all-warc"],
        capture_output=True, text=True, timeout=300, cwd=data_dir.parent,
    )  # fmt: skip
    assert proc.returncode == 0 and "no problems found" in proc.stdout, proc.stderr


@pytest.mark.slow  # uses a crawled and processed data directory
def test_orphaned_rows_are_reported(data_dir: Path) -> None:
    _write(
        data_dir, "delete from articles where article_id in (select article_id from article_regions limit 1)"
    )
    problems = _check(data_dir)
    assert problems and all(p.startswith("references: ") for p in problems)
    assert any("article_regions row(s) whose article_id is not in articles" in p for p in problems)


@pytest.mark.slow  # uses a crawled and processed data directory
def test_a_record_logged_twice_is_reported(data_dir: Path) -> None:
    _write(data_dir, "insert into fetches select * from fetches where warc_file is not null limit 1")
    assert any(p.startswith("duplicates: 1 WARC record(s) logged more than once") for p in _check(data_dir))


@pytest.mark.slow  # uses a crawled and processed data directory
def test_a_damaged_or_missing_warc_is_reported(data_dir: Path) -> None:
    warcs = sorted((data_dir / "warc").glob("*.warc.gz"))
    raw = warcs[0].read_bytes()
    warcs[0].write_bytes(raw[: len(raw) // 2])  # the disk lost the second half of the file
    [problem] = _check(data_dir)
    assert problem.startswith("warc: ") and "records read back failed" in problem
    warcs[0].unlink()
    [problem] = _check(data_dir)
    assert "WARC file(s) named in fetches are missing" in problem and warcs[0].name in problem
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "db", "check"],
        capture_output=True, text=True, timeout=300, cwd=data_dir.parent,
    )  # fmt: skip
    assert proc.returncode == 1 and "problem: warc:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow  # uses a crawled and processed data directory
def test_an_old_schema_is_reported(data_dir: Path) -> None:
    _write(data_dir, "delete from schema_version where version = (select max(version) from schema_version)")
    assert any(p.startswith("schema: version") for p in _check(data_dir))
