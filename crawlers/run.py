"""Subprocess entry point: ``python -m crawlers.run PLAN.json``.

Scrapy's Twisted reactor can start only once per process, and the scheduler crawls every night, so each
crawl runs in its own process. The parent (``pipeline/crawl/``) writes the plan, watches the fetch log
grow, and loads it into DuckDB afterwards; this side knows nothing of DuckDB. The plan, each fetch-log
line and the stats are the models of ``pipeline.core.contract``.

Exit codes: 0 crawl finished (individual fetch errors are in the log), 2 bad plan, 1 crawler crashed.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from pathlib import Path

from pydantic import ValidationError

from pipeline.core.contract import CrawlPlan, CrawlStats

__all__ = ["PARENT_PID_ENV", "load_seen", "main", "run_plan"]

PARENT_PID_ENV = "RBMON_CRAWL_PARENT_PID"
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

log = logging.getLogger(__name__)


def load_seen(path: str | Path | None) -> set[str]:
    """The seen set: one canonical URL per line (written by the parent in one query)."""
    if not path:
        return set()
    p = Path(path)
    if not p.exists():
        return set()
    with p.open(encoding="utf-8") as fh:
        return {line.rstrip("\n") for line in fh if line.strip()}


def run_plan(plan: CrawlPlan) -> CrawlStats:
    """Run one crawl in this process (once per process: the reactor cannot restart) and write its stats."""
    from scrapy.crawler import CrawlerProcess

    from crawlers.settings import scrapy_settings
    from crawlers.spiders.news import NewsSpider

    seen = load_seen(plan.seen_urls_file)
    process = CrawlerProcess(scrapy_settings(plan))
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, plan=plan, seen=seen)
    log.info("crawl %s: %d sources, %d URLs already seen", plan.run_id, len(plan.sources), len(seen))
    if plan.distributed is not None:
        log.info(
            "worker %s of the distributed crawl %s", plan.distributed.worker_id, plan.distributed.namespace
        )
    process.start()
    spider = crawler.spider
    stats = spider.run_stats() if isinstance(spider, NewsSpider) else CrawlStats(errors={"no_spider": 1})
    tmp = Path(str(plan.stats_out) + ".tmp")
    tmp.write_text(stats.model_dump_json(indent=1), encoding="utf-8")
    tmp.replace(plan.stats_out)
    return stats


def _stop_with_parent() -> None:
    """Ask the kernel for SIGTERM (Scrapy's graceful stop) when the parent dies, on Linux.

    A parent killed outright (OOM killer, ``kill -9``) releases the job lock with it; an orphaned
    crawler would go on fetching into a run the next run is already recovering and re-crawling.
    ``RBMON_CRAWL_PARENT_PID`` closes the race of a parent that died before this call.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # an unusual libc: the parent still stops us with SIGINT
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable")
    expected = os.environ.get(PARENT_PID_ENV)
    if expected and expected.isdigit() and os.getppid() != int(expected):
        sys.stderr.write("the rbmon process that started this crawl is gone: not crawling\n")
        sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write("usage: python -m crawlers.run PLAN.json\n")
        return 2
    try:
        plan = CrawlPlan.model_validate_json(Path(argv[0]).read_bytes())
    except (OSError, ValidationError) as exc:
        sys.stderr.write(f"bad crawl plan {argv[0]}: {exc}\n")
        return 2
    _stop_with_parent()
    run_plan(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
