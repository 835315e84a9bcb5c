"""Bounds on the work one page may cause: size, shape and CPU time (``[limits]`` in rbmon.toml).

Extraction's cost does not grow with a page's size alone. libxml2 checks each attribute of a start tag
against all earlier ones, and htmldate and trafilatura walk every attribute again: 40,000 attributes
(578 KB) took 39 s, 80,000 (1.2 MB) 197 s, far under any byte cap. So a page is refused before parsing
when it holds more ``=`` signs than twice ``max_attributes_per_page`` (every attribute with a value
needs one; the 30 real pages of the eval set have 1.1 to 2.3 per attribute, and at most 4,553
attributes and 2,158 elements), and after parsing when it has more elements or
attributes than the caps; and every page gets ``extract_cpu_seconds`` of CPU time, after which
:class:`ExtractTimeout` is raised in the middle of whatever Python code is running.

The timer is ``ITIMER_PROF`` (CPU time, not wall time: a loaded machine does not time a page out) and
``SIGPROF``; it works in the main thread of a process only — a worker process's, or the CLI's — and is a
no-op elsewhere. :class:`ExtractTimeout` derives from ``BaseException`` so that no ``except Exception``
in trafilatura, htmldate or rbmon can swallow it.

>>> check_size(b"<p>" * 10, LimitsConfig()) is None
True
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.core.config import LimitsConfig

__all__ = ["ExtractTimeout", "PageRejected", "check_size", "check_tree", "cpu_limit"]


class ExtractTimeout(BaseException):
    """The page used up its CPU time (``limits.extract_cpu_seconds``)."""


class PageRejected(Exception):
    """A page beyond a cap; ``reason`` is the skip reason (``too_large``, ``too_complex``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def check_size(data: bytes | str, limits: LimitsConfig) -> PageRejected | None:
    """A page too large or with too many attributes to parse at all, before any parser sees it."""
    size = len(data)
    if size > limits.max_page_bytes:
        return PageRejected(
            "too_large", f"{size:,} bytes, more than limits.max_page_bytes = {limits.max_page_bytes:,}"
        )
    equals = data.count(b"=") if isinstance(data, bytes) else data.count("=")
    if equals > limits.max_attributes_per_page:
        return PageRejected(
            "too_complex",
            f"{equals:,} '=' signs, more than limits.max_attributes_per_page = {limits.max_attributes_per_page:,}",
        )
    return None


def check_tree(tree: Any, limits: LimitsConfig) -> PageRejected | None:
    """A parsed page with more elements or attributes than the caps (one pass over the tree)."""
    elements = attributes = 0
    for el in tree.iter():
        elements += 1
        attributes += len(el.attrib)
    if elements > limits.max_elements_per_page:
        return PageRejected(
            "too_complex",
            f"{elements:,} elements, more than limits.max_elements_per_page = {limits.max_elements_per_page:,}",
        )
    if attributes > limits.max_attributes_per_page:
        return PageRejected(
            "too_complex",
            f"{attributes:,} attributes, more than limits.max_attributes_per_page = {limits.max_attributes_per_page:,}",
        )
    return None


def _expire(signum: int, frame: Any) -> None:
    raise ExtractTimeout("CPU time limit reached")


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`ExtractTimeout` in this block after ``seconds`` of the process's CPU time.

    Nested use is not supported (the inner block would replace the outer timer); rbmon times one page
    at a time.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGPROF, _expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
