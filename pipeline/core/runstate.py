"""A process-wide "please stop" flag for graceful shutdown.

SIGTERM from systemd (or Ctrl-C in ``rbmon schedule``) sets it; long loops check it between
batches, commit what they have and return, so nothing is half-written and the next run
picks up exactly where this one stopped.
"""

from __future__ import annotations

import threading

__all__ = ["clear_stop", "request_stop", "stop_requested"]

_STOP = threading.Event()


def request_stop() -> None:
    _STOP.set()


def clear_stop() -> None:
    _STOP.clear()


def stop_requested() -> bool:
    return _STOP.is_set()
