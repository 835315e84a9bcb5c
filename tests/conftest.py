"""Fixtures shared by rbmon's tests: the fixture news site, a migrated database, and the markers
``requires_chromium`` / ``requires_redis`` for tests that need a system program."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.core.config import Settings
from pipeline.fixture_site import FixtureSite
from pipeline.jobs.demo import DemoResult, run_demo
from pipeline.store.reference import load_reference

# The slow trap page waits this long in tests (3 s by default in the demo).
FIXTURE_SLOW_SECONDS = 0.5

#: marker -> (program, how to install it)
_PROGRAMS = {
    "requires_chromium": ("chromium", "Debian: apt-get install chromium"),
    "requires_redis": ("redis-server", "Debian: apt-get install redis-server"),
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked ``requires_chromium`` or ``requires_redis`` is skipped where the program is missing,
    but fails in CI (``CI`` set): ``.ci/setup`` installs both, and a skip would hide a broken set-up."""
    for marker, (program, how) in _PROGRAMS.items():
        if item.get_closest_marker(marker) and shutil.which(program) is None:
            message = f"{program} is not on PATH ({how}; .ci/setup installs it)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[FixtureSite]:
    """The local fixture news site (three outlets on 127.0.0.1), started once per test session.

    Fault traps fire once per server instance: a test that needs them fresh calls ``site.reset()``.
    """
    with FixtureSite.start(slow_seconds=FIXTURE_SLOW_SECONDS) as site:
        yield site


@pytest.fixture
def migrated_db(tmp_path: Path) -> Path:
    """A database file at the current schema, with the province and regency tables loaded (closed)."""
    path = tmp_path / "rbmon.duckdb"
    con = store.connect(path)
    try:
        store.migrate(con)
        load_reference(con)
    finally:
        con.close()
    return path


@pytest.fixture
def migrated_con(migrated_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open connection to :func:`migrated_db`, closed after the test."""
    con = store.connect(migrated_db)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    """``rbmon demo`` once per test session (crawl, process, publish, digest, archive site), shared.

    Tests read its published database, digest and site; a test that writes copies what it changes
    (``demo_copy``). One demo instead of one per test module keeps CI within its time.
    """
    return run_demo(Settings(), tmp_path_factory.mktemp("demo") / "demo")


@pytest.fixture
def demo_copy(demo_run: DemoResult, tmp_path: Path) -> Path:
    """A private copy of the demo's working database, for a test that writes (watchlists, alerts)."""
    path = tmp_path / "rbmon.duckdb"
    shutil.copy(demo_run.database, path)
    return path
