"""Running the crawler subprocess (``python -m crawlers.run PLAN.json``) and watching its fetch log grow.

Scrapy's reactor starts once per process and the scheduler crawls every night, so every crawl is a
child process. It stops by itself if this process dies (``crawlers/run.py`` asks for
``PR_SET_PDEATHSIG``), and a stop request here is forwarded as SIGINT, Scrapy's graceful shutdown.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from crawlers.run import PARENT_PID_ENV
from pipeline.core.runstate import stop_requested

log = logging.getLogger(__name__)


_POLL_SECONDS = 0.5


def watch(proc: subprocess.Popen[bytes], fetch_log: Path, progress: Callable[[int], None] | None) -> int:
    """Wait for the crawler, reporting the fetch-log line count as it grows; forward a stop request."""
    lines = 0
    pos = 0
    stopping = False
    while True:
        rc = proc.poll()
        if progress is not None and fetch_log.exists():
            with fetch_log.open("rb") as fh:
                fh.seek(pos)
                chunk = fh.read()
            pos += len(chunk)
            added = chunk.count(b"\n")
            if added:
                lines += added
                progress(lines)
        if rc is not None:
            return rc
        if stop_requested() and not stopping:
            stopping = True
            log.warning("stop requested: asking the crawler to finish the requests in flight")
            proc.send_signal(signal.SIGINT)  # Scrapy's graceful shutdown: close the spider, flush the WARC
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=_POLL_SECONDS)  # returns as soon as the crawler exits


def run_crawler(
    plan_path: Path, fetch_log: Path, crawler_log: Path, progress: Callable[[int], None] | None
) -> int:
    """Run ``python -m crawlers.run PLAN`` to its end and return its exit code; its output goes to ``crawler_log``.

    Any exception here (KeyboardInterrupt included) first asks the crawler to stop gracefully, so it
    closes its WARC file, and kills it if it has not stopped within 30 s.
    """
    # the crawler stops by itself if this process dies (crawlers/run.py asks for PR_SET_PDEATHSIG)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", PARENT_PID_ENV: str(os.getpid())}
    with crawler_log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawlers.run", str(plan_path)],
            stdout=err,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            return watch(proc, fetch_log, progress)
        except BaseException:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            raise
