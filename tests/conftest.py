"""Session-wide fixtures shared by rbmon's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.fixture_site import FixtureSite

# The slow trap page waits this long in tests (3 s by default in the demo).
FIXTURE_SLOW_SECONDS = 0.5


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[FixtureSite]:
    """The local fixture news site (three outlets on 127.0.0.1), started once per test session.

    Fault traps fire once per server instance: a test that needs them fresh calls ``site.reset()``.
    """
    with FixtureSite.start(slow_seconds=FIXTURE_SLOW_SECONDS) as site:
        yield site
