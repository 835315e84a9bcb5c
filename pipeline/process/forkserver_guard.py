"""Imported in the multiprocessing fork server only (its preload list): the server dies with rbmon.

``rbmon process`` forks its workers from a fork server, a process the parent starts once. Killed
outright, the parent used to leave the server and its workers (about 620 MB) running for good: they
ignored SIGTERM and nothing told them their parent was gone. Importing this module in the server asks
the kernel for SIGKILL when the server's parent, the rbmon process named in ``RBMON_POOL_PARENT_PID``,
dies; each worker asks the same about the server (``pipeline.process.run``), so the whole tree goes
with the parent. Imported anywhere else it does nothing.
"""

from __future__ import annotations

import os
import signal

from pipeline.core.runstate import die_with_parent

__all__ = ["POOL_PARENT_ENV", "server_pid"]

POOL_PARENT_ENV = "RBMON_POOL_PARENT_PID"

#: The fork server's pid, set when this module is imported there; workers forked from the server inherit
#: it, and check it when they arm their own signal: a server that died before they did is found out.
_SERVER_PID: int | None = None

_parent = os.environ.get(POOL_PARENT_ENV, "")
if _parent.isdigit() and int(_parent) != os.getpid():
    _SERVER_PID = os.getpid()
    die_with_parent(signal.SIGKILL, expected_parent=int(_parent))


def server_pid() -> int | None:
    """The pid of the fork server this process was forked from (None outside a pool worker)."""
    return _SERVER_PID
