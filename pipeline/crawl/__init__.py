"""A crawl, seen from the database: plan it, run the crawler subprocess, load what it fetched.

Owns: ``plan`` (sources, seen set, ``since``, validators and frontier read from DuckDB), ``runner``
(``python -m crawlers.run PLAN.json`` and its progress), ``load`` (the fetch log into ``fetches``, and
logs a killed run left), ``state`` (source and channel health, validators, the frontier), ``run``
(``run_crawl``, locks, distributed workers) and ``sources`` (``rbmon sources list/check``).
May import: ``pipeline.core``, ``pipeline.store``, ``crawlers`` (the registry, URLs, the entry point).
"""

from pipeline.crawl.load import load_fetch_log
from pipeline.crawl.run import DB_WAIT, CrawlReport, default_worker_id, run_crawl
from pipeline.crawl.sources import append_entry, check_sources, list_discovered, list_sources, promotion_entry

__all__ = [
    "DB_WAIT",
    "CrawlReport",
    "append_entry",
    "check_sources",
    "default_worker_id",
    "list_discovered",
    "list_sources",
    "load_fetch_log",
    "promotion_entry",
    "run_crawl",
]
