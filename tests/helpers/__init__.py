"""Helpers shared by rbmon's tests: system programs, time limits, and rows for hand-built databases."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["kendari_dateline", "kendari_province", "time_limit"]


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
