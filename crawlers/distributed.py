"""Several crawl workers, one frontier: scrapy-redis's scheduler queue and duplicate filter, shared in Redis.

Used only when the plan has a ``distributed`` block (``redis_url`` set); without it nothing here loads.

How the work is split (why each choice):

* **Discovery is local, articles are shared.** Every worker fetches robots.txt, feeds, sitemaps and search
  results of every source itself (cheap: a few requests per source, mostly 304s), so each worker knows
  each source's robots rules and hosts. Article requests (``kind`` article / article_page) go through the
  shared duplicate filter and into the shared priority queue, so an article found by two workers is
  fetched once, by whichever worker pops it first. Retries and redirects stay with the worker that got
  the 500/429/3xx: the request is already accounted for in the filter.
* **The filter is the seen set.** Its keys are SHA-1s of canonical URLs (the spider's canonical form, not
  w3lib's), and each worker seeds it with the canonical URLs its database already holds, so an
  incremental night stays incremental across workers even when they keep separate databases.
* **One namespace per night.** Keys live under ``rbmon:crawl:<YYYYMMDD>`` (UTC day of the start) unless
  the caller names another: the same night's workers share state, the next night starts clean, and every
  key expires after two days so a crashed fleet leaves nothing behind for good. scrapy-redis's own
  "flush on close" is off (``SCHEDULER_PERSIST``): the first worker to finish must not wipe the queue of
  the others.
* **Stopping.** A worker whose own discovery is done and whose queue part is empty stops once the shared
  queue is empty and no other worker is busy (a worker refreshes ``<ns>:busy:<worker>`` every second
  while it has anything to do; the key expires after ten seconds, so a killed worker holds nobody up),
  after ``idle_close_seconds`` of quiet. A busy worker can still find articles, so the others wait for it.
* **robots.txt travels with the article.** A worker that fetched a source's robots.txt stores the body in
  ``<ns>:robots:<source>``; a worker that pops that source's article before its own robots.txt arrived
  reads the rules from there, so no article is fetched unchecked.

What a worker keeps to itself: its WARC files (named with the worker id), its fetch log and stats, which
its parent loads into the database (see ``pipeline/crawl/``). Politeness across workers is in
:mod:`crawlers.politeness`.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from protego import Protego
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from crawlers.middlewares import RefusedRequest
from crawlers.urls import canonicalize

__all__ = [
    "KEY_TTL_SECONDS",
    "SHARED_KINDS",
    "FrontierKeys",
    "SharedFrontierScheduler",
    "SharedRobotsMiddleware",
    "SharedSeenFilter",
    "WorkerIdleClose",
    "default_namespace",
    "redis_client",
    "url_fingerprint",
]

log = logging.getLogger(__name__)

SHARED_KINDS = frozenset({"article", "article_page"})
KEY_TTL_SECONDS = 2 * 24 * 3600
BUSY_TTL_MS = 10_000
HEARTBEAT_SECONDS = 1.0
_SEED_BATCH = 10_000
# Meta keys that mark a request as a second attempt at something the filter already admitted.
_SECOND_ATTEMPT = ("retry_times", "retry_after_times", "redirect_times")
# The spider's article priorities are 40 and 45; only robots.txt (50) goes before the shared queue.
_SHARED_MAX_PRIORITY = 45


def default_namespace(day: Any) -> str:
    """The key prefix of one night's crawl (``day`` is a date or datetime).

    >>> from datetime import date
    >>> default_namespace(date(2026, 11, 22))
    'rbmon:crawl:20261122'
    """
    return f"rbmon:crawl:{day:%Y%m%d}"


def url_fingerprint(canonical_url: str) -> str:
    """The duplicate-filter key of a canonical URL (what the spider fetches, what the database stores).

    >>> url_fingerprint("https://example.id/a")[:12]
    '0464a4727700'
    """
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FrontierKeys:
    """The Redis keys of one namespace."""

    namespace: str

    @property
    def requests(self) -> str:
        return f"{self.namespace}:requests"

    @property
    def seen(self) -> str:
        return f"{self.namespace}:seen"

    def robots(self, source_id: str) -> str:
        return f"{self.namespace}:robots:{source_id}"

    def busy(self, worker_id: str) -> str:
        return f"{self.namespace}:busy:{worker_id}"

    @property
    def busy_pattern(self) -> str:
        return f"{self.namespace}:busy:*"


def redis_client(url: str) -> Any:
    """A bytes-mode client (scrapy-redis pickles requests) with scrapy-redis's timeouts."""
    from scrapy_redis.connection import get_redis

    return get_redis(url=url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)


class SharedSeenFilter(RFPDupeFilter):
    """scrapy-redis's Redis-set duplicate filter, keyed on the spider's canonical URL.

    w3lib's canonical form (which scrapy-redis uses) keeps tracking parameters and ignores source
    aliases; the spider's form drops both, and it is what the database's seen set holds.
    """

    def __init__(self, server: Any, key: str, spider: Any) -> None:
        super().__init__(server, key)
        self.spider = spider

    def canonical(self, request: Request) -> str:
        scope = self.spider.scopes.get(request.meta.get("source_id"))
        return canonicalize(request.url, aliases=scope.aliases if scope is not None else None)

    def request_fingerprint(self, request: Request) -> str:
        return url_fingerprint(self.canonical(request))

    def seed(self, canonical_urls: Iterable[str]) -> int:
        """Mark URLs the database already holds as seen (idempotent; batched)."""
        n = 0
        batch: list[str] = []
        pipe = self.server.pipeline(transaction=False)
        for url in canonical_urls:
            batch.append(url_fingerprint(url))
            if len(batch) >= _SEED_BATCH:
                pipe.sadd(self.key, *batch)
                n += len(batch)
                batch = []
        if batch:
            pipe.sadd(self.key, *batch)
            n += len(batch)
        pipe.expire(self.key, KEY_TTL_SECONDS)
        pipe.execute()
        return n


class SharedFrontierScheduler(RedisScheduler):
    """scrapy-redis's scheduler for article requests, a local priority queue for everything else.

    Settings: ``REDIS_URL``, ``RBMON_REDIS_NAMESPACE``; scrapy-redis's ``SCHEDULER_PERSIST`` is forced on.
    """

    def __init__(self, server: Any, keys: FrontierKeys, crawler: Crawler) -> None:
        super().__init__(server, persist=True, queue_key=keys.requests, queue_cls=PriorityQueue,
                         idle_before_close=0)  # fmt: skip
        self.keys = keys
        self.stats = crawler.stats
        self._local: list[tuple[int, int, Request]] = []
        self._seq = itertools.count()
        self.shared_pushed = 0
        self.shared_popped = 0
        self.duplicates = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontierScheduler:
        s = crawler.settings
        url, namespace = s.get("REDIS_URL"), s.get("RBMON_REDIS_NAMESPACE")
        if not url or not namespace:
            raise NotConfigured("REDIS_URL and RBMON_REDIS_NAMESPACE are required")
        server = redis_client(url)
        server.ping()
        return cls(server, FrontierKeys(namespace), crawler)

    def open(self, spider: Any) -> None:
        self.spider = spider
        self.queue = PriorityQueue(server=self.server, spider=spider, key=self.keys.requests)
        self.df = SharedSeenFilter(self.server, self.keys.seen, spider)
        seeded = self.df.seed(getattr(spider, "seen", ()) or ())
        self.server.expire(self.keys.requests, KEY_TTL_SECONDS)
        waiting = len(self.queue)
        log.info("shared frontier %s: seeded %d seen URLs; %d requests already queued by other workers",
                 self.keys.namespace, seeded, waiting)  # fmt: skip

    def close(self, reason: str) -> None:
        # persist: the queue and the filter belong to every worker of the night, not to this one
        self.server.expire(self.keys.requests, KEY_TTL_SECONDS)
        self.server.expire(self.keys.seen, KEY_TTL_SECONDS)
        if self._local:
            log.warning("%d local requests were still queued when the worker closed (%s)", len(self._local),
                        reason)  # fmt: skip

    def _is_shared(self, request: Request) -> bool:
        meta = request.meta
        return meta.get("kind") in SHARED_KINDS and not any(k in meta for k in _SECOND_ATTEMPT)

    def enqueue_request(self, request: Request) -> bool:
        if self._is_shared(request):
            # The spider marks its requests dont_filter (to see redirect loops through); the shared
            # filter is applied to first attempts at articles regardless.
            if self.df.request_seen(request):
                self.duplicates += 1
                if self.stats:
                    self.stats.inc_value("rbmon/shared/duplicates")
                return False
            self.queue.push(request)
            self.shared_pushed += 1
            if self.stats:
                self.stats.inc_value("rbmon/shared/pushed")
            return True
        heapq.heappush(self._local, (-request.priority, next(self._seq), request))
        return True

    def next_request(self) -> Request | None:
        if self._local and -self._local[0][0] > _SHARED_MAX_PRIORITY:
            return heapq.heappop(self._local)[2]
        request = self.queue.pop()
        if request is not None:
            self.shared_popped += 1
            if self.stats:
                self.stats.inc_value("rbmon/shared/popped")
            return request
        if self._local:
            return heapq.heappop(self._local)[2]
        return None

    def has_pending_requests(self) -> bool:
        return bool(self._local) or len(self.queue) > 0

    def __len__(self) -> int:
        return len(self._local) + len(self.queue)


class SharedRobotsMiddleware:
    """Publishes each robots.txt this worker fetched; lends it to articles of sources not yet ruled here.

    Order 105: before ``SourceScopeMiddleware`` (110) on the way out, so the rules are in place when it
    checks; after HTTP decompression on the way back, so the stored body is text.
    """

    def __init__(self, crawler: Crawler, server: Any, keys: FrontierKeys) -> None:
        self.crawler = crawler
        self.server = server
        self.keys = keys

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedRobotsMiddleware:
        s = crawler.settings
        if not s.get("REDIS_URL") or not s.get("RBMON_REDIS_NAMESPACE"):
            raise NotConfigured("not a distributed crawl")
        return cls(crawler, redis_client(s.get("REDIS_URL")), FrontierKeys(s.get("RBMON_REDIS_NAMESPACE")))

    def process_request(self, request: Request) -> None:
        spider: Any = self.crawler.spider
        source_id = request.meta.get("source_id")
        if spider is None or source_id is None or not hasattr(spider, "scopes"):
            return None
        scope = spider.scopes.get(source_id)
        if scope is None:
            # another worker crawls a source this one does not know: every worker needs the same registry
            raise RefusedRequest("unknown_source", f"refused {request.url}: source {source_id} is not in this "
                                 "worker's plan")  # fmt: skip
        if scope.robots is None and request.meta.get("kind") in SHARED_KINDS:
            body = self.server.get(self.keys.robots(source_id))
            if body is not None:
                scope.robots = Protego.parse(body.decode("utf-8", "replace"))
                log.info("source %s: robots.txt rules taken from the shared frontier", source_id)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("kind") != "robots":
            return response
        key = self.keys.robots(str(request.meta.get("source_id")))
        if response.status == 200:
            self.server.set(key, response.body, ex=KEY_TTL_SECONDS)
        elif 400 <= response.status < 500 and response.status != 429:
            self.server.set(key, b"", ex=KEY_TTL_SECONDS)  # RFC 9309 "unavailable": no rules
        return response


class WorkerIdleClose:
    """Keeps an idle worker open while the shared frontier may still grow; closes it once it cannot.

    The frontier is done for this worker when it is idle itself, the shared queue is empty and no other
    worker is busy, and has stayed so for ``RBMON_IDLE_CLOSE_SECONDS``. Scrapy re-checks an idle spider only
    every five seconds, so the one-second heartbeat closes the worker itself once that holds.

    Settings: ``RBMON_WORKER_ID``, ``RBMON_IDLE_CLOSE_SECONDS`` (default 10).
    """

    def __init__(
        self, crawler: Crawler, server: Any, keys: FrontierKeys, worker_id: str, grace: float
    ) -> None:
        self.crawler = crawler
        self.server = server
        self.keys = keys
        self.worker_id = worker_id
        self.grace = grace
        self.done_since: float | None = None
        self.closing = False
        self._beat: task.LoopingCall | None = None
        self._ticks = 0
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerIdleClose:
        s = crawler.settings
        if not s.get("REDIS_URL") or not s.get("RBMON_REDIS_NAMESPACE"):
            raise NotConfigured("not a distributed crawl")
        return cls(crawler, redis_client(s.get("REDIS_URL")), FrontierKeys(s.get("RBMON_REDIS_NAMESPACE")),
                   s.get("RBMON_WORKER_ID") or "worker", s.getfloat("RBMON_IDLE_CLOSE_SECONDS", 10.0))  # fmt: skip

    def spider_opened(self) -> None:
        self._mark_busy()
        self._beat = task.LoopingCall(self._heartbeat)
        self._beat.start(HEARTBEAT_SECONDS, now=False)

    def _mark_busy(self) -> None:
        self.server.set(self.keys.busy(self.worker_id), b"1", px=BUSY_TTL_MS)

    def _idle(self) -> bool:
        engine = self.crawler.engine
        try:
            return engine is None or engine.spider_is_idle()
        except RuntimeError:  # the engine slot is gone: closing
            return False

    def _others_busy(self) -> list[str]:
        mine = self.keys.busy(self.worker_id).encode()
        return [
            k.decode() for k in self.server.scan_iter(match=self.keys.busy_pattern, count=100) if k != mine
        ]

    def _frontier_done(self) -> bool:
        """Idle here, nothing queued, nobody busy: True once that has lasted the grace period."""
        self.server.delete(self.keys.busy(self.worker_id))
        if self.server.zcard(self.keys.requests) > 0 or self._others_busy():
            self.done_since = None
            return False
        now = time.monotonic()
        if self.done_since is None:
            self.done_since = now
        return now - self.done_since >= self.grace

    def _heartbeat(self) -> None:
        if self.closing:
            return
        if not self._idle():
            self.done_since = None
            self._mark_busy()
        elif self._frontier_done():
            self.closing = True
            log.info("shared frontier %s is exhausted and no other worker is busy: closing",
                     self.keys.namespace)  # fmt: skip
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="finished"))
        self._ticks += 1
        if self._ticks % 60 == 0:
            self.server.expire(self.keys.requests, KEY_TTL_SECONDS)
            self.server.expire(self.keys.seen, KEY_TTL_SECONDS)

    def spider_idle(self) -> None:
        if self.closing:
            return
        if not self._frontier_done():
            raise DontCloseSpider
        self.closing = True
        log.info("shared frontier %s is exhausted and no other worker is busy: closing", self.keys.namespace)

    def spider_closed(self) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        self.server.delete(self.keys.busy(self.worker_id))
