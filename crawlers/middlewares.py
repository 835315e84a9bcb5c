"""Downloader middlewares: keep every request inside its source and obey robots.txt; honour Retry-After.

Order numbers (Scrapy's defaults for reference: RobotsTxt 100, Retry 550, Redirect 600, HttpCompression
590, DownloadTimeout 350):

* ``SourceScopeMiddleware`` at 110: right where Scrapy's own robots.txt middleware sits (which rbmon
  turns off, because it needs the robots.txt body for ``Sitemap:`` lines anyway and must archive it).
  Redirects re-enter the scheduler, so a redirect to another host is caught here too.
* ``RetryAfterMiddleware`` at 560: its ``process_response`` runs before RetryMiddleware's (higher numbers
  see responses first), and rbmon removes 429/503 from ``RETRY_HTTP_CODES`` so only it handles them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawlers.urls import is_http_url, netloc_of

__all__ = [
    "LoggingRetryMiddleware",
    "RefusedRequest",
    "RetryAfterMiddleware",
    "SourceScopeMiddleware",
    "retry_after_seconds",
]

log = logging.getLogger(__name__)


class RefusedRequest(IgnoreRequest):
    """A request rbmon refused to send; ``kind`` is the fetch-log error (robots, offsite, bad_scheme)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class SourceScopeMiddleware:
    """Refuses requests outside the source's own hosts and paths disallowed by its robots.txt.

    Only the exact ``host[:port]`` of the source and its aliases are allowed: that also rules out
    redirects to private addresses or to ``file://`` for real sources, while the fixture site (on
    127.0.0.1) still works because 127.0.0.1:PORT is the fixture source's own netloc.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.obey_robots = crawler.settings.getbool("RBMON_OBEY_ROBOTS", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider: Any = self.crawler.spider
        source_id = request.meta.get("source_id")
        if source_id is None or spider is None or not hasattr(spider, "scope"):
            return None
        scope = spider.scope(source_id)
        if not is_http_url(request.url):
            raise RefusedRequest("bad_scheme", f"refused {request.url}: not an http(s) URL")
        host = netloc_of(request.url)
        if host not in scope.netlocs:
            via = request.meta.get("redirect_urls")
            how = f" (redirected from {via[0]})" if via else ""
            raise RefusedRequest(
                "offsite", f"refused {request.url}{how}: host {host} is not part of source {source_id}"
            )
        if self.obey_robots and request.meta.get("kind") != "robots" and not scope.robots_allows(request.url):
            raise RefusedRequest("robots", f"refused {request.url}: disallowed by robots.txt of {source_id}")
        return None


def retry_after_seconds(value: str | bytes | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None when absent/bad.

    >>> retry_after_seconds("3")
    3.0
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """429 and 503: wait as long as the server asks (capped), then retry; give up after the retry budget.

    Without a ``Retry-After`` header the wait is a backoff of ``RBMON_BACKOFF_SECONDS * attempt``. A
    server asking for more than ``RBMON_MAX_RETRY_AFTER`` seconds gets no retry this run: the response is
    passed on and logged as an error, and the source is tried again next night.
    """

    codes = (429, 503)

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.max_wait = s.getfloat("RBMON_MAX_RETRY_AFTER", 120.0)
        self.backoff = s.getfloat("RBMON_BACKOFF_SECONDS", 5.0)
        self.max_times = s.getint("RETRY_TIMES", 2)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.codes or request.meta.get("dont_retry"):
            return response
        attempt = int(request.meta.get("retry_after_times", 0)) + 1
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = self.backoff * attempt
        if attempt > self.max_times or wait > self.max_wait:
            log.warning(
                "giving up on %s: HTTP %d after %d attempt(s), server asks to wait %.0f s",
                request.url, response.status, attempt, wait,
            )  # fmt: skip
            return response
        log.info("HTTP %d for %s: waiting %.1f s as Retry-After asks, then retry %d", response.status,
                 request.url, wait, attempt)  # fmt: skip
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"rbmon/retry_after/{response.status}")
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = attempt
        return retry


class LoggingRetryMiddleware(RetryMiddleware):
    """Scrapy's retry (500, 502, 504, timeouts) with the retry announced at INFO, not DEBUG.

    An operator reading the night's log should see "HTTP 500, retrying" next to the later success.
    """

    def _retry(self, request: Request, reason: Any) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            log.info("retrying %s (retry %d of %d): %s", request.url, retry.meta.get("retry_times", 1),
                     self.max_retry_times, reason)  # fmt: skip
        return retry
