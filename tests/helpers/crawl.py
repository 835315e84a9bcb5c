"""Crawl plans for tests that drive the spider or the Scrapy settings without a whole crawl."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.core.config import CrawlConfig
from pipeline.core.contract import CrawlPlan, PlannedSource

__all__ = ["plan_for"]


def plan_for(
    sources: list[dict[str, Any]],
    *,
    since: dict[str, datetime | None] | None = None,
    crawl: CrawlConfig | None = None,
    folder: Path = Path("unused"),
) -> CrawlPlan:
    """A plan for registry-shaped ``sources`` (e.g. ``FixtureSite.sources()``), files under ``folder``."""
    fields = set(PlannedSource.model_fields)
    return CrawlPlan(
        run_id="test",
        data_dir=folder,
        warc_dir=folder / "warc",
        fetch_log=folder / "fetch.jsonl",
        stats_out=folder / "stats.json",
        sources=[PlannedSource(**{k: v for k, v in s.items() if k in fields}) for s in sources],
        since=since or {},
        user_agent="rbmon-test",
        crawl=crawl or CrawlConfig(),
    )
