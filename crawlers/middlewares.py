"""Downloader middlewares: keep every request inside its source and obey robots.txt; honour Retry-After.

Order numbers (Scrapy's defaults for reference: RobotsTxt 100, Retry 550, Redirect 600, HttpCompression
590, DownloadTimeout 350):

* ``SourceScopeMiddleware`` at 110: right where Scrapy's own robots.txt middleware sits (which rbmon
  turns off, because it needs the robots.txt body for ``Sitemap:`` lines anyway and must archive it).
  Redirects re-enter the scheduler, so a redirect to another host is caught here too.
* ``RetryAfterMiddleware`` at 560: its ``process_response`` runs before RetryMiddleware's (higher numbers
  see responses first), and rbmon removes 429/503 from ``RETRY_HTTP_CODES`` so only it handles them. Its
  ``process_request`` (holding a source that was told to wait) runs before the shared politeness slot
  (900) of a distributed crawl is taken, so a held request does not sit on a shared lease.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
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


@dataclass
class _Backoff:
    """What one source (one downloader slot) was told by its 429/503 answers so far this run."""

    not_before: float = 0.0  # monotonic time before which none of its requests may start
    delay: float = 0.0  # the raised delay between its requests (0: never raised)


class RetryAfterMiddleware:
    """429 and 503 slow the whole source down: it is held off as long as the server asks, then slower.

    The wait is ``Retry-After`` (seconds or an HTTP date) capped at ``RBMON_MAX_RETRY_AFTER``, or without
    the header a backoff of ``RBMON_BACKOFF_SECONDS * attempt``. For that long no request of the source
    (its ``download_slot``) starts, not only the retry: the server's answer is about the site, not the
    URL, and a queue of 50 articles fetched at full pace while one waits would earn the next 429. After
    the wait the source's delay between requests is doubled (at least ``RBMON_BACKOFF_SECONDS``, at most
    ``RBMON_MAX_BACKOFF_DELAY``) for the rest of the run, and AutoThrottle no longer adjusts it: after a
    few fast answers it would lower the delay back to where the server complained.

    The backoff starts in the ``response_downloaded`` signal, not in ``process_response``: the downloader
    hands the freed transfer slot to the source's next queued request right after that signal, before any
    middleware sees the answer. It blocks the downloader slot itself (``Slot.latercall``, as Scrapy does
    for ``DOWNLOAD_DELAY``) because requests already queued in the slot have passed ``process_request``;
    ``process_request`` holds those still to come (also when the downloader dropped the idle slot).

    A server asking for more than ``RBMON_MAX_RETRY_AFTER`` seconds gets no retry this run: the response
    is passed on and logged as an error, and the source is tried again next night. In a distributed
    crawl the shared limiter (``crawlers/politeness.py``) paces the source for every worker; here only
    this worker's requests are held, the downloader slot is left alone (a wait after the shared lease
    was granted would hold the lease) and the delay is not raised.
    """

    codes = (429, 503)

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.max_wait = s.getfloat("RBMON_MAX_RETRY_AFTER", 120.0)
        self.backoff = s.getfloat("RBMON_BACKOFF_SECONDS", 5.0)
        self.max_delay = s.getfloat("RBMON_MAX_BACKOFF_DELAY", 60.0)
        self.max_times = s.getint("RETRY_TIMES", 2)
        self.local_slots = not s.getbool("RBMON_SHARED_POLITENESS")
        self.crawler = crawler
        self.backoffs: dict[str, _Backoff] = {}
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def _slot(self, key: str) -> Any:
        engine = self.crawler.engine
        return engine.downloader.slots.get(key) if engine is not None and self.local_slots else None

    async def process_request(self, request: Request) -> None:
        request.meta.pop(_SENT_BEFORE_BACKOFF, None)  # a retry starts out under the current pace
        key = _slot_key(request)
        state = self.backoffs.get(key)
        if state is None:
            return None
        from twisted.internet import reactor

        while (left := state.not_before - monotonic()) > 0:  # a later 429 may push it out while waiting
            await maybe_deferred_to_future(deferLater(reactor, left, lambda: None))
        slot = self._slot(key)
        if state.delay and slot is not None:
            slot.delay = max(slot.delay, state.delay)
        if state.delay:
            request.meta["autothrottle_dont_adjust_delay"] = True
        return None

    def _response_downloaded(self, response: Response, request: Request) -> None:
        if response.status in self.codes:
            request.meta["rbmon_backoff_asked"] = self._back_off(request, response)

    def _back_off(self, request: Request, response: Response) -> float:
        """Hold the request's source and slow it down; returns the wait the server asked for, uncapped."""
        now = monotonic()
        key = _slot_key(request)
        attempt = int(request.meta.get("retry_after_times", 0)) + 1
        header = retry_after_seconds(response.headers.get("Retry-After"))
        asked = self.backoff * attempt if header is None else header
        hold = min(asked, self.max_wait)
        state = self.backoffs.setdefault(key, _Backoff())
        state.not_before = max(state.not_before, now + hold)
        delay = self._raise_delay(key, state, request)
        self._block_slot(key, state.not_before)
        if header is None:
            why = "(no Retry-After: backoff)"
        elif header > self.max_wait:
            why = f"(Retry-After asks {header:.0f} s, capped)"
        else:
            why = "as Retry-After asks"
        retrying = not request.meta.get("dont_retry") and attempt <= self.max_times and asked <= self.max_wait
        then = [f"then retry {attempt}"] if retrying else []
        if delay:
            then.append(f"{delay:.1f} s between the source's requests for the rest of the run")
        log.info("HTTP %d for %s: waiting %.1f s %s, and so does every other request of source %s%s",
                 response.status, request.url, hold, why, key, "".join(f"; {t}" for t in then))  # fmt: skip
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"rbmon/retry_after/{response.status}")
            self.crawler.stats.inc_value("rbmon/backoff/held_ms", int(hold * 1000))
        return asked

    def _raise_delay(self, key: str, state: _Backoff, request: Request) -> float:
        """Double the slot's delay, bounded; 0.0 when there is no local slot to slow (distributed)."""
        slot = self._slot(key)
        if slot is None:
            return 0.0
        # A request already on its way at the last raise complained about the old pace: with two in
        # flight, one burst of 429s raises the delay once.
        if not request.meta.get(_SENT_BEFORE_BACKOFF):
            state.delay = max(slot.delay, min(self.max_delay, max(2 * slot.delay, self.backoff)))
        slot.delay = max(slot.delay, state.delay)
        # and a slot the downloader drops after a minute idle comes back with it (DOWNLOAD_SLOTS)
        self.crawler.engine.downloader.per_slot_settings.setdefault(key, {})["delay"] = state.delay
        queued = {id(r) for r, _d in slot.queue}
        for active in slot.active:  # past process_request: their answers must not lower the delay either
            active.meta["autothrottle_dont_adjust_delay"] = True
            if id(active) not in queued:
                active.meta[_SENT_BEFORE_BACKOFF] = True
        return slot.delay

    def _block_slot(self, key: str, until: float) -> None:
        """Stop the downloader slot from starting requests until ``until`` (replaces its own delay wait)."""
        slot = self._slot(key)
        wait = until - monotonic()
        if slot is None or wait <= 0:
            return
        if slot.latercall is not None:
            slot.latercall.cancel()
        slot.latercall = call_later(wait, self._unblock, slot)

    def _unblock(self, slot: Any) -> None:
        slot.latercall = None
        if self.crawler.engine is not None:
            self.crawler.engine.downloader._process_queue(slot)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.codes:
            return response
        request.meta.pop(_SENT_BEFORE_BACKOFF, None)
        asked = request.meta.pop("rbmon_backoff_asked", None)
        if asked is None:  # an answer the downloader signal did not announce
            asked = self._back_off(request, response)
        if request.meta.get("dont_retry"):
            return response
        attempt = int(request.meta.get("retry_after_times", 0)) + 1
        if attempt > self.max_times or asked > self.max_wait:
            log.warning(
                "giving up on %s: HTTP %d after %d attempt(s), server asks to wait %.0f s",
                request.url, response.status, attempt, asked,
            )  # fmt: skip
            return response
        retry = request.replace(dont_filter=True)  # process_request holds it until the wait is over
        retry.meta["retry_after_times"] = attempt
        return retry


_SENT_BEFORE_BACKOFF = "rbmon_sent_before_backoff"


def _slot_key(request: Request) -> str:
    """The request's downloader slot, as Scrapy's downloader names it: rbmon sets one per source."""
    return str(request.meta.get("download_slot") or urlparse_cached(request).hostname or "")


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
