"""Imported in the multiprocessing fork server only (its preload list): the server dies with rbmon.

``rbmon process`` forks its workers from a fork server, a process the parent starts once. Killed
outright, the parent used to leave the server and its workers (about 620 MB) running for good: they
ignored SIGTERM and nothing told them their parent was gone. Importing this module in the server asks
the kernel for SIGKILL when the server's parent, the rbmon process named in ``RBMON_POOL_PARENT_PID``,
dies; each worker asks the same about the server (``pipeline.process.run``), so the whole tree goes
with the parent. Imported anywhere else it does nothing.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from multiprocessing.context import BaseContext

from pipeline.core.runstate import die_with_parent

__all__ = ["POOL_PARENT_ENV", "arm_worker", "pool_context", "server_pid"]

POOL_PARENT_ENV = "RBMON_POOL_PARENT_PID"

#: The fork server's pid, set when this module is imported there; workers forked from the server inherit
#: it, and check it when they arm their own signal: a server that died before they did is found out.
_SERVER_PID: int | None = None

_parent = os.environ.get(POOL_PARENT_ENV, "")
# Only in the fork server itself: started as `python -c ...` by the pool's owner. An rbmon started by a
# process that owns a pool inherits the variable too, and must not arm itself.
if _parent.isdigit() and sys.argv[:1] == ["-c"] and os.getppid() == int(_parent):
    _SERVER_PID = os.getpid()
    die_with_parent(signal.SIGKILL, expected_parent=int(_parent))


def server_pid() -> int | None:
    """The pid of the fork server this process was forked from (None outside a pool worker)."""
    return _SERVER_PID


def pool_context(preload: list[str]) -> BaseContext:
    """The multiprocessing context every rbmon process pool uses: a fork server that has ``preload``
    imported (heavy imports done once) and dies with this process, or ``spawn`` where there is none.

    Every pool of rbmon (``rbmon process``, ``--reannotate``) must come from here and its workers call
    :func:`arm_worker` first: the fork server is shared by all pools of a process, and whichever pool
    starts it decides its preload list.
    """
    if os.name != "posix":
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    os.environ[POOL_PARENT_ENV] = str(os.getpid())
    ctx.set_forkserver_preload([__name__, *preload])
    return ctx


def arm_worker() -> None:
    """In a pool worker: leave Ctrl-C to the parent (the terminal sends it to the whole group; the
    parent finishes its batch and shuts the pool down), stop at once on SIGTERM (sent to the worker
    alone, or by systemd to the whole unit: the parent keeps what it loaded, the rest stays pending),
    and die with the fork server, which dies with rbmon. A server that died between our fork and this
    call is noticed: then the worker exits at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if os.name == "posix":
        die_with_parent(signal.SIGKILL, expected_parent=server_pid())
