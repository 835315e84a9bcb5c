"""Scrapy settings for rbmon, built from the crawl plan (its ``crawl`` block is rbmon's ``CrawlConfig``).

Politeness is the default: robots.txt obeyed (by ``SourceScopeMiddleware``), an honest User-Agent with a
contact URL, at most two concurrent requests per source, a delay of several seconds with AutoThrottle,
Retry-After honoured, a size cap and timeouts. The fixture site and the benchmark set the delay to 0.
"""

from __future__ import annotations

import sys
from typing import Any

from pipeline.core.contract import CrawlPlan, DistributedPlan

__all__ = ["distributed_settings", "scrapy_settings"]

BOT_NAME = "rbmon"


def scrapy_settings(plan: CrawlPlan) -> dict[str, Any]:
    """Scrapy's settings dict for one crawl plan; every politeness value comes from ``plan.crawl``."""
    cfg = plan.crawl
    delay = cfg.download_delay
    per_domain = cfg.concurrency_per_domain  # CrawlConfig allows 1 or 2: never more per source
    settings: dict[str, Any] = {
        "BOT_NAME": BOT_NAME,
        "USER_AGENT": plan.user_agent,
        "DEFAULT_REQUEST_HEADERS": {
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "id,en;q=0.5",
        },
        # robots.txt: rbmon fetches and archives it itself (it needs the Sitemap: lines too) and
        # SourceScopeMiddleware enforces it; Scrapy's middleware would fetch it a second time.
        "ROBOTSTXT_OBEY": False,
        "RBMON_OBEY_ROBOTS": cfg.obey_robots,
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0.0,
        "CONCURRENT_REQUESTS": cfg.concurrency_total,
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_domain,
        "AUTOTHROTTLE_ENABLED": cfg.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.0),
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, delay * 4),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": cfg.timeout,
        "DNS_TIMEOUT": min(20.0, cfg.timeout),
        "DOWNLOAD_MAXSIZE": cfg.max_page_bytes,
        "DOWNLOAD_WARNSIZE": cfg.max_page_bytes // 2,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": cfg.retry_times,
        # 429 and 503 go to RetryAfterMiddleware, which holds the whole source as the server asks, then
        # doubles its delay (at least RBMON_BACKOFF_SECONDS, at most RBMON_MAX_BACKOFF_DELAY).
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
        "RBMON_MAX_RETRY_AFTER": 120.0,
        "RBMON_BACKOFF_SECONDS": max(delay, 1.0),
        "RBMON_MAX_BACKOFF_DELAY": max(60.0, delay),
        "REDIRECT_MAX_TIMES": 5,
        "METAREFRESH_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,  # 404s and 500s reach the spider, are archived and logged
        "LOG_LEVEL": "INFO",
        # Not the asyncio reactor: under it Scrapy 2.19's downloader schedules a slot's queued requests as
        # tasks before any of them counts as "transferring", so with DOWNLOAD_DELAY = 0 a source receives
        # every queued request at once and CONCURRENT_REQUESTS_PER_DOMAIN is not enforced.
        "TWISTED_REACTOR": (
            "twisted.internet.epollreactor.EPollReactor"
            if sys.platform.startswith("linux")
            else "twisted.internet.selectreactor.SelectReactor"
        ),
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawlers.middlewares.SourceScopeMiddleware": 110,
            "crawlers.middlewares.LoggingRetryMiddleware": 550,  # where Scrapy's RetryMiddleware sits
            "crawlers.middlewares.RetryAfterMiddleware": 560,
        },
        "ITEM_PIPELINES": {"crawlers.pipelines.WarcWriterPipeline": 100},
        "RBMON_RUN_ID": plan.run_id,
        "RBMON_DATA_DIR": str(plan.data_dir),
        "RBMON_WARC_DIR": str(plan.warc_dir),
        "RBMON_WARC_MAX_BYTES": cfg.warc_max_bytes,
        "RBMON_FETCH_LOG": str(plan.fetch_log),
        "RBMON_FOLLOW_LINKS": cfg.follow_links,
        "RBMON_MAX_PAGES_PER_SOURCE": cfg.max_pages_per_source,
        # A source that asks for a pace of its own (GDELT: one request every 5 s) gets its own slot
        # settings: that delay exactly (no jitter, which could halve it) and one request at a time.
        "DOWNLOAD_SLOTS": {
            s.id: {"delay": max(s.min_interval, delay), "concurrency": 1, "jitter": 0.0}
            for s in plan.sources
            if s.min_interval is not None
        },
    }
    if cfg.resolve:  # fixture host names mapped to 127.0.0.1 inside this process only
        settings["TWISTED_DNS_RESOLVER"] = "crawlers.resolver.MappedResolver"
        settings["RBMON_RESOLVE"] = dict(cfg.resolve)
    if plan.distributed is not None:
        extra = distributed_settings(plan.distributed, delay=delay)
        middlewares = {
            **settings["DOWNLOADER_MIDDLEWARES"],
            **extra.pop("RBMON_EXTRA_DOWNLOADER_MIDDLEWARES"),
        }
        settings.update(extra, DOWNLOADER_MIDDLEWARES=middlewares)
    return settings


def distributed_settings(block: DistributedPlan, *, delay: float) -> dict[str, Any]:
    """What a worker of a distributed crawl changes (``crawlers/distributed.py``, ``crawlers/politeness.py``).

    The download delay moves from this worker's downloader to the shared limiter, and AutoThrottle is off:
    both act on one worker's requests only, and a local wait after the shared slot was granted would let
    another worker's request overtake it. JOBDIR is not used: the shared queue in Redis is the frontier.
    """
    return {
        "SCHEDULER": "crawlers.distributed.SharedFrontierScheduler",
        "REDIS_URL": block.redis_url,
        "RBMON_REDIS_NAMESPACE": block.namespace,
        "RBMON_WORKER_ID": block.worker_id,
        "RBMON_IDLE_CLOSE_SECONDS": block.idle_close_seconds,
        "RBMON_SHARED_POLITENESS": True,
        "RBMON_SHARED_DELAY": delay,
        "DOWNLOAD_DELAY": 0.0,
        "DOWNLOAD_DELAY_JITTER": 0.0,
        "AUTOTHROTTLE_ENABLED": False,
        "JOBDIR": None,
        "RBMON_EXTRA_DOWNLOADER_MIDDLEWARES": {
            # before SourceScopeMiddleware: lends robots.txt rules fetched by another worker
            "crawlers.distributed.SharedRobotsMiddleware": 105,
            # after every built-in one (DownloaderStats is 850): the shared slot is taken last
            "crawlers.politeness.SharedPolitenessMiddleware": 900,
        },
        "EXTENSIONS": {"crawlers.distributed.WorkerIdleClose": 500},
    }
