"""A process-wide "please stop" flag for graceful shutdown.

SIGTERM from systemd (or Ctrl-C in ``rbmon schedule``) sets it; long loops check it between
batches, commit what they have and return, so nothing is half-written and the next run
picks up exactly where this one stopped.
"""

from __future__ import annotations

import threading

__all__ = ["clear_stop", "die_with_parent", "request_stop", "stop_requested"]

_STOP = threading.Event()


def request_stop() -> None:
    _STOP.set()


def clear_stop() -> None:
    _STOP.clear()


def stop_requested() -> bool:
    return _STOP.is_set()


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(signum: int, *, expected_parent: int | None = None) -> bool:
    """Ask the kernel to send ``signum`` to this process when its parent dies (Linux; else a no-op).

    A child that outlives a parent killed outright (``kill -9``, the OOM killer) holds memory and locks
    for nothing, and a crawler would even go on fetching. ``expected_parent`` closes the race of a parent
    that died before this call: then this process exits at once.

    Returns:
        Whether the kernel will deliver the signal.
    """
    import ctypes
    import os
    import sys

    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
        except (OSError, AttributeError):  # an unusual libc
            armed = False
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)  # the parent is already gone: nothing to do for it
    return armed
