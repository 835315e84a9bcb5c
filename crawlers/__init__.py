"""rbmon's Scrapy project: discovery, polite fetching and the WARC archive.

Runs in its own process (``python -m crawlers.run PLAN.json``, started by ``pipeline.crawl``) and knows
nothing of DuckDB or NLP: its outputs are WARC files, a JSONL fetch log and a stats file, in the shapes
of ``pipeline.core.contract``. May import: ``pipeline.core`` only.

Modules: ``sources`` (the registry), ``urls`` (canonical URLs), ``discovery`` (pure parsers for robots.txt,
feeds, sitemaps, wp-json and pagers), ``channels`` (one class per discovery channel), ``spiders.news`` (the spider), ``middlewares`` (scope, robots,
Retry-After), ``pipelines`` (``WarcWriterPipeline``), ``warc`` (the rotating writer), ``settings``, ``run``;
for a distributed crawl (``redis_url`` set) ``distributed`` (the shared frontier on scrapy-redis) and
``politeness`` (per-source limits shared by all workers in Redis).
"""

__all__ = [
    "channels",
    "discovery",
    "distributed",
    "items",
    "middlewares",
    "pipelines",
    "politeness",
    "run",
    "settings",
    "sources",
    "spiders",
    "urls",
    "warc",
]
