"""The nightly job: crawl, process, publish, then watchlist alerts. One assembly for ``rbmon run``, the
scheduler and the demo.

Alerts go out after the publish, so a mail server that fails cannot cost the analysts their data; the
alerts it could not send go out after the next run (``pipeline.watch.notify``).

A stop request (SIGTERM) during the crawl ends the job after it: what the crawl fetched is in the
database and the next run processes it; publishing would only copy an unchanged analyst view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.runstate import stop_requested
from pipeline.crawl.run import CrawlReport, run_crawl
from pipeline.process.report import ProcessReport
from pipeline.process.run import run_process
from pipeline.store.publish import publish_snapshot
from pipeline.store.reference import load_reference
from pipeline.watch.notify import WatchReport, notify_watchlists

__all__ = ["NightlyReport", "ensure_database", "nightly"]


@dataclass
class NightlyReport:
    """What one nightly job did; ``process`` and ``published`` are None when it stopped after the crawl."""

    crawl: CrawlReport
    process: ProcessReport | None = None
    published: Path | None = None
    watch: WatchReport | None = None  # None when alerts are off ([watch] enabled = false)

    @property
    def interrupted(self) -> bool:
        return self.process is None or self.process.interrupted

    def details(self) -> dict[str, Any]:
        """The summary kept in ``job_runs.details``."""
        if self.process is None:
            return {"crawl_requests": self.crawl.requests, "interrupted": True}
        return {
            "crawl_requests": self.crawl.requests,
            "new_articles": self.process.articles_new,
            "rb_relevant": self.process.rb_relevant,
            "skipped": dict(self.process.skipped),
            "interrupted": self.process.interrupted,
            **({"watch": self.watch.details()} if self.watch is not None else {}),
        }


def ensure_database(settings: Settings) -> None:
    """Migrate the working database and load the province and regency tables if it has none yet."""
    con = store.connect(settings.db_path)
    try:
        store.migrate(con)
        if not con.execute("select count(*) from provinces").fetchall()[0][0]:
            load_reference(con)
    finally:
        con.close()


def nightly(
    settings: Settings,
    *,
    sources: list[dict[str, Any]] | None = None,
    step: Callable[[str], None] | None = None,
    crawl_progress: Callable[[int], None] | None = None,
    process_progress: Callable[[int, int | None], None] | None = None,
    open_web: bool | None = None,
) -> NightlyReport:
    """Crawl ``sources`` (default: the registry's), process what is pending, publish the analysts' copy.

    Args:
        settings: rbmon settings.
        sources: source dicts in the registry shape, e.g. the fixture site's in ``rbmon demo``.
        step: told what happens next, in a few words, between the stages.
        crawl_progress: fetches logged so far, about twice a second.
        process_progress: records done and the total (None when unknown).
        open_web: run open-web discovery (default: with the registry's full crawl, see ``run_crawl``).
    """
    say = step or (lambda _message: None)
    ensure_database(settings)
    crawl = run_crawl(settings, sources=sources, progress=crawl_progress, open_web=open_web)
    if stop_requested():
        return NightlyReport(crawl)
    say("processing the WARC files")
    processed = run_process(settings, progress=process_progress)
    published = publish_snapshot(settings.db_path, settings.published_db_path)
    watch = None
    if settings.watch.enabled:
        say("watchlist alerts")
        watch = notify_watchlists(settings)
    return NightlyReport(crawl, processed, published, watch)
