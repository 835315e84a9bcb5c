"""Politeness across workers: a per-source slot in Redis taken before every request, by every worker.

One worker's Scrapy enforces ``CONCURRENT_REQUESTS_PER_DOMAIN`` and ``DOWNLOAD_DELAY`` only for its own
requests: two workers would double both. So in a distributed crawl the limits move to Redis, where one
Lua script (atomic, on Redis's own clock, so the workers' clocks need not agree) grants a request the
right to go only when

* fewer than ``max_concurrency`` (≤ 2) requests of the source are in flight across all workers (each
  holds a lease, a sorted-set member that expires by itself if its worker dies), and
* at least the delay has passed since the source's previous request started, whichever worker sent it.

The delay is the configured ``download_delay`` (or the source's robots.txt ``Crawl-delay`` when larger,
capped at 60 s), stretched by a random 0–50 % like Scrapy's jitter, and never shortened. A 429 or 503
with ``Retry-After`` pushes the source's next slot out for every worker, not just the one that was told.
The worker's own download delay and AutoThrottle are turned off in this mode (``crawlers/settings.py``):
a local wait after the shared slot was granted would reorder requests behind the limiter's back.

Keys (outside the nightly namespace, so two different crawls of the same source also share them):
``rbmon:politeness:<source>:leases`` and ``rbmon:politeness:<source>:next``.
"""

from __future__ import annotations

import logging
import random
import uuid
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawlers.distributed import redis_client
from crawlers.middlewares import retry_after_seconds

__all__ = ["POLITENESS_PREFIX", "HostSlots", "SharedPolitenessMiddleware"]

log = logging.getLogger(__name__)

POLITENESS_PREFIX = "rbmon:politeness"
MAX_CRAWL_DELAY = 60.0
_MIN_POLL, _MAX_POLL = 0.01, 0.25

# KEYS: leases zset, next-start key. ARGV: token, max concurrency, delay ms, lease ms.
# Returns 0 when the slot was granted, else the milliseconds worth waiting before asking again.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nxt > now then return nxt - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(first[2]) - now)
end
local lease = tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease * 2)
local delay = tonumber(ARGV[3])
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay + 60000) end
return 0
"""

# KEYS: next-start key. ARGV: ms to hold off. Only ever moves the next start later.
_HOLD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local want = now + tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if want > nxt then redis.call('SET', KEYS[1], want, 'PX', tonumber(ARGV[1]) + 60000) end
return 0
"""


class HostSlots:
    """The shared per-source limiter (see the module docstring); one instance per worker."""

    def __init__(self, server: Any, *, prefix: str = POLITENESS_PREFIX) -> None:
        self.server = server
        self.prefix = prefix
        self._acquire = server.register_script(_ACQUIRE)
        self._hold = server.register_script(_HOLD)

    def _keys(self, slot: str) -> list[str]:
        return [f"{self.prefix}:{slot}:leases", f"{self.prefix}:{slot}:next"]

    def try_acquire(
        self, slot: str, token: str, *, max_concurrency: int, delay: float, lease: float
    ) -> float:
        """Take a lease for ``token`` if the source allows it now: 0.0, else seconds to wait first."""
        wait_ms = self._acquire(
            keys=self._keys(slot), args=[token, max_concurrency, int(delay * 1000), int(lease * 1000)]
        )
        return int(wait_ms) / 1000.0

    def release(self, slot: str, token: str) -> None:
        self.server.zrem(self._keys(slot)[0], token)

    def hold_off(self, slot: str, seconds: float) -> None:
        """No worker starts a request to ``slot`` for ``seconds`` (a server's Retry-After)."""
        self._hold(keys=self._keys(slot)[1:], args=[int(seconds * 1000)])

    def in_flight(self, slot: str) -> int:
        return int(self.server.zcard(self._keys(slot)[0]))


class SharedPolitenessMiddleware:
    """Waits for the source's shared slot before each request and gives it back when the answer is in.

    Order 900, after every built-in downloader middleware: the slot is taken last on the way out and given
    back first on the way back, before RetryMiddleware (550) or RetryAfterMiddleware (560) turn the answer
    into a new request, so a retry waits for a fresh slot like any other request.

    Settings: ``REDIS_URL``, ``RBMON_SHARED_DELAY``, ``CONCURRENT_REQUESTS_PER_DOMAIN``, ``DOWNLOAD_TIMEOUT``,
    ``RBMON_WORKER_ID``, ``RBMON_MAX_RETRY_AFTER``.
    """

    def __init__(self, crawler: Crawler, slots: HostSlots) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.slots = slots
        self.delay = s.getfloat("RBMON_SHARED_DELAY", 0.0)
        self.max_concurrency = max(1, min(2, s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2)))
        # a lease outlives the longest possible download; a dead worker's lease frees itself after that
        self.lease = s.getfloat("DOWNLOAD_TIMEOUT", 30.0) + 30.0
        self.max_retry_after = s.getfloat("RBMON_MAX_RETRY_AFTER", 120.0)
        self.worker_id = s.get("RBMON_WORKER_ID") or "worker"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPolitenessMiddleware:
        url = crawler.settings.get("REDIS_URL")
        if not url or not crawler.settings.getbool("RBMON_SHARED_POLITENESS"):
            raise NotConfigured("no shared politeness")
        return cls(crawler, HostSlots(redis_client(url)))

    def _delay_for(self, source_id: Any) -> float:
        delay = self.delay
        spider: Any = self.crawler.spider
        scope = spider.scopes.get(source_id) if spider is not None and hasattr(spider, "scopes") else None
        if scope is not None and scope.robots is not None:
            asked = scope.robots.crawl_delay("rbmon")
            if asked:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        return delay

    async def process_request(self, request: Request) -> None:
        from twisted.internet import reactor

        slot = str(request.meta.get("download_slot") or request.meta.get("source_id") or "?")
        delay = self._delay_for(request.meta.get("source_id"))
        if delay > 0:
            delay *= 1.0 + random.random() * 0.5
        token = f"{self.worker_id}:{uuid.uuid4().hex}"
        waited = 0.0
        while True:
            wait = self.slots.try_acquire(slot, token, max_concurrency=self.max_concurrency, delay=delay,
                                          lease=self.lease)  # fmt: skip
            if wait <= 0:
                break
            pause = min(max(wait, _MIN_POLL), _MAX_POLL) * (1.0 + random.random() * 0.2)
            waited += pause
            await maybe_deferred_to_future(deferLater(reactor, pause, lambda: None))
        if waited and self.crawler.stats is not None:
            self.crawler.stats.inc_value("rbmon/politeness/waited_ms", int(waited * 1000))
        request.meta["rbmon_slot_lease"] = (slot, token)

    def _release(self, request: Request) -> None:
        lease = request.meta.pop("rbmon_slot_lease", None)
        if lease is not None:
            self.slots.release(*lease)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait:
                slot = str(request.meta.get("download_slot") or request.meta.get("source_id") or "?")
                self.slots.hold_off(slot, min(wait, self.max_retry_after))
                log.info("source %s asked to wait %.1f s (HTTP %d): every worker holds off", slot, wait,
                         response.status)  # fmt: skip
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        self._release(request)
        return None
