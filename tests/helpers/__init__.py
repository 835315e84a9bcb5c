"""Helpers shared by rbmon's tests: system programs, time limits, and rows for hand-built databases."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

__all__ = ["kendari_dateline", "kendari_province", "require_program", "time_limit"]


def require_program(name: str, why: str) -> str:
    """Path of a system program a test needs: skipped where it is missing, but a failure in CI.

    ``.ci/setup`` installs chromium and redis-server; in CI (``CI`` set) a missing one means the
    set-up broke, and a skip would hide that the digest render or the distributed crawl went untested.
    """
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not on PATH ({why}; .ci/setup installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Abort a call that runs far past its budget (``re`` checks signals while it backtracks), so a
    regression fails its test instead of hanging the suite."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def kendari_dateline(article_id: str) -> dict[str, object]:
    """An ``article_regions`` row: the article's dateline is Kota Kendari (Sulawesi Tenggara), primary."""
    return {
        "article_id": article_id,
        "level": "regency",
        "code": "74.71",
        "name": "Kota Kendari",
        "province_code": "74",
        "role": "dateline",
        "is_primary": True,
    }


def kendari_province(article_id: str) -> dict[str, object]:
    """The ``article_provinces`` row the loader writes for :func:`kendari_dateline`: Sulawesi Tenggara."""
    return {"article_id": article_id, "province_code": "74", "province": "Sulawesi Tenggara"}
