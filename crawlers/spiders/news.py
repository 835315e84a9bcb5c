"""The rbmon spider: every discovery channel of every source, in one crawl with one seen set.

Per source the crawl starts with robots.txt (rules + ``Sitemap:`` lines), then starts every channel of
:data:`crawlers.channels.CHANNELS` the run has not quarantined for it: feeds, sitemaps, the home page,
and on WordPress the REST search and the search feed; link following is the fallback for sources
without a feed (``follow_links``). Each channel says where it starts and what a page of it lists; this
spider is the one router, and every listing page goes through :meth:`NewsSpider.parse_listing`.

Article URLs from every channel meet in one place (:meth:`NewsSpider._article`): canonical form, the
seen set (never fetch twice, across runs), the source's hosts, the per-source page budget. Pages 2..n of
a multi-page article follow ``rel=next`` or the pager. Every request carries its channel, and so does
every fetch-log record (``pipeline.core.contract.FetchRecord``).

Open-web channels (GDELT, Google News) run for their own planned source, the service's endpoint. What
they list lives on any host (:meth:`NewsSpider._open_web`): a find on a registry source's host is that
source's article; a find on a host of no source makes a *discovered outlet*, a scope created on the fly
with no channels of its own, whose robots.txt is read before the found URLs are fetched, and which the
crawl never leaves (its only netlocs are its host, with and without ``www.``). Google News links are
decoded first (``crawlers.decoders``, in a thread). Every find is one line of the finds log.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from protego import Protego
from scrapy.http import Response
from twisted.internet.defer import DeferredLock
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from crawlers import discovery
from crawlers.channels import CHANNELS, Context, DiscoveryChannel, Found, ListingError, Page
from crawlers.decoders import DecodeError, LinkDecoder, make_decoder
from crawlers.discovery import Entry
from crawlers.items import FetchItem
from crawlers.middlewares import RefusedRequest
from crawlers.urls import canonicalize, looks_non_html, netloc_of, outlet_id, public_host, www_variants
from pipeline.core.contract import (
    Channel,
    ChannelCounts,
    CrawlPlan,
    CrawlStats,
    DiscoveryFind,
    FetchKind,
    FrontierEntry,
    PlannedSource,
    Validators,
    health_channel,
)
from pipeline.core.errors import CrawlError

__all__ = ["NewsSpider", "classify_failure"]

log = logging.getLogger(__name__)

MAX_ARTICLE_PAGES = 30
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped (and logged)
# Links decoded per worker-thread call: a stop request waits for at most one batch.
DECODE_BATCH = 10
_HTML_TYPES = ("text/html", "application/xhtml")
# AMP markers in a URL (host amp.x.id, path /amp/..., ?amp=1), but not "amp" inside a word like "lampung"
_AMP_MARK = re.compile(r"(?:^|[/.?&=])amp(?:[/.?&=]|$)", re.IGNORECASE)

# Priorities: finish what was found before discovering more, and page 2 right after page 1.
_PRIO = {
    FetchKind.ROBOTS: 50,
    FetchKind.PAGE: 20,
    FetchKind.FEED: 30,
    FetchKind.SEARCH: 25,
    FetchKind.SITEMAP: 10,
    FetchKind.ARTICLE: 40,
    FetchKind.ARTICLE_PAGE: 45,
}


@dataclass
class SourceScope:
    """What the crawl knows about one source while it runs."""

    source: PlannedSource
    netlocs: frozenset[str]
    aliases: dict[str, str]
    since: datetime | None
    robots: Protego | None = None
    wordpress: bool = False
    #: listing URLs asked for (any channel), so none is asked twice; and whether a feed was among them
    listed: set[str] = field(default_factory=set)
    feeds_asked: bool = False
    robots_sitemaps: tuple[str, ...] = ()
    crawl_delay: float | None = None
    articles_scheduled: int = 0
    budget_warned: bool = False
    #: article URLs beyond the frontier's cap (``crawl.max_frontier_per_source``), dropped and counted
    dropped: int = 0
    listing_capped: bool = False
    #: article URLs found beyond the page budget, with their channel: the frontier keeps them
    overflow: list[tuple[str, Channel | None]] = field(default_factory=list)
    #: robots.txt asked for, and read (or given up): the source's own channels have started
    robots_asked: bool = False
    ready: bool = False
    #: open-web finds that arrived before the source's robots.txt was read: fetched once it is
    waiting: list[tuple[str, Channel, datetime | None]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.source.id

    def robots_allows(self, url: str) -> bool:
        if self.robots is None:
            return True
        return bool(self.robots.can_fetch(url, "rbmon"))


def classify_failure(failure: Failure) -> str:
    """The fetch-log error kind of a request that got no response."""
    exc = failure.value
    if isinstance(exc, RefusedRequest):
        return exc.kind
    name = type(exc).__name__
    text = str(exc).lower()
    if "max redirections" in text:
        return "redirect_loop"
    if "timeout" in name.lower() or "timed out" in text or "took longer than" in text:
        return "timeout"
    if "dns" in name.lower() or "resolve" in name.lower():
        return "dns"
    if "refused" in name.lower():
        return "connection_refused"
    if "cancel" in name.lower() or "maxsize" in text or "max size" in text:
        return "too_large"
    if "dataloss" in name.lower().replace("_", ""):
        return "data_loss"
    if name == "IgnoreRequest":
        return "ignored"
    return name.lower()


def _now() -> datetime:
    return datetime.now(UTC)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class NewsSpider(scrapy.Spider):
    """Crawls the plan's sources; see the module docstring for the channels."""

    name = "rbmon"

    def __init__(self, plan: CrawlPlan | dict[str, Any], seen: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan = plan if isinstance(plan, CrawlPlan) else CrawlPlan.model_validate(plan)
        self.seen: set[str] = seen if seen is not None else set()
        self.scheduled: set[str] = set()
        #: article first pages asked for this run -> (source id, channel), and those that got an
        #: answer or a failure; the difference is the work a stopped run leaves to the next one
        self.asked: dict[str, tuple[str, Channel | None]] = {}
        self.settled: set[str] = set()
        #: the frontier the parent kept: source id -> entries found earlier, not yet fetched
        self.retry: dict[str, list[FrontierEntry]] = dict(self.plan.retry)
        self.queries: tuple[str, ...] = tuple(self.plan.crawl.queries)
        self.conditional_in: dict[str, Validators] = dict(self.plan.conditional)
        self.conditional_out: dict[str, Validators] = {}
        self.errors: Counter[str] = Counter()
        self.new_articles = 0
        self.per_source: dict[str, dict[Channel, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        cfg = self.plan.crawl
        self.follow_links = cfg.follow_links
        self.max_pages = cfg.max_pages_per_source
        self.max_frontier = cfg.max_frontier_per_source
        self.max_listing = cfg.max_listing_pages_per_source
        self.obey_robots = cfg.obey_robots
        self.scopes: dict[str, SourceScope] = {}
        #: netloc -> id of the scope that owns it (plan sources, then outlets met on the way)
        self.owners: dict[str, str] = {}
        for src in self.plan.sources:
            self._add_scope(src, self.plan.since.get(src.id))
        self.known_hosts = dict(self.plan.known_hosts)
        self.finds: list[DiscoveryFind] = []
        self._finds_log: IO[str] | None = None
        self._decoder: LinkDecoder | None = None
        self._decoder_error: str | None = None
        self._decode_lock = DeferredLock()
        self.outlets_discovered = 0

    def _add_scope(self, src: PlannedSource, since: datetime | None) -> SourceScope:
        primary = netloc_of(src.url)
        aliases = {a: primary for a in src.aliases}
        scope = SourceScope(
            source=src,
            netlocs=frozenset({primary, *aliases}),
            aliases=aliases,
            since=since,
            wordpress=src.wordpress,
        )
        self.scopes[src.id] = scope
        for netloc in scope.netlocs:
            self.owners.setdefault(netloc, src.id)
        return scope

    def scope(self, source_id: str) -> SourceScope:
        return self.scopes[source_id]

    # -- plumbing ---------------------------------------------------------------------------------

    def _request(self, url: str, scope: SourceScope, kind: FetchKind, channel: Channel | None, callback: Any,
                 *, conditional: bool = False, **meta: Any) -> scrapy.Request:  # fmt: skip
        headers = {}
        if conditional:
            state = self.conditional_in.get(url) or Validators()
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
        return scrapy.Request(
            url,
            callback=callback,
            errback=self._failed,
            headers=headers,
            priority=_PRIO[kind],
            # rbmon dedupes by canonical URL itself; Scrapy's filter would also swallow the second visit
            # of a redirect loop, silently, instead of letting it end in a logged redirect_loop.
            dont_filter=True,
            meta={
                # a robots.txt Crawl-delay, or the pace a service asks for, is a floor AutoThrottle must
                # not lower
                **(
                    {"autothrottle_dont_adjust_delay": True}
                    if scope.crawl_delay or scope.source.min_interval
                    else {}
                ),
                "source_id": scope.id,
                "kind": kind,
                "channel": channel,
                "download_slot": scope.id,  # politeness per source, not per IP (fixture outlets share one)
                "conditional": conditional,
                **meta,
            },
        )

    def _item(
        self, response: Response, *, error: str | None = None, canonical: str | None = None
    ) -> FetchItem:
        meta = response.meta
        ctype = response.headers.get("Content-Type")
        latency = meta.get("download_latency")
        scope = self.scopes[meta["source_id"]]
        return FetchItem(
            url=response.url,
            canonical_url=canonical or canonicalize(response.url, aliases=scope.aliases),
            source_id=meta["source_id"],
            kind=FetchKind(meta["kind"]),
            channel=meta["channel"],
            fetched_at=_now(),
            response=response,
            status=response.status,
            content_type=ctype.decode("latin-1") if ctype else None,
            elapsed_ms=round(latency * 1000, 1) if latency is not None else None,
            error=error,
            part_of=meta.get("part_of"),
            page=int(meta.get("page", 1)),
        )

    def _count(self, source_id: str, channel: Channel | None, key: str, n: int = 1) -> None:
        if channel is not None:
            self.per_source[source_id][channel][key] += n

    @staticmethod
    def _health_channel(meta: Any) -> Channel | None:
        """Article fetches count for the ``article`` channel; the channel that found them gets the find."""
        return health_channel(FetchKind(meta.get("kind", FetchKind.PAGE)), meta.get("channel"))

    def _http_error(self, response: Response) -> str | None:
        if response.status == 304:
            return None
        if response.status == 404 or response.status == 410:
            return f"http_{response.status}"
        if response.status >= 500:
            return "http_5xx"
        if response.status >= 400:
            return f"http_{response.status}" if response.status == 429 else "http_4xx"
        if response.status >= 300:  # a redirect Scrapy did not follow: no Location, or not http(s)
            return "redirect_refused"
        return None

    def _archive(self, response: Response, *, error: str | None = None, canonical: str | None = None,
                 check_status: bool = True) -> FetchItem:  # fmt: skip
        """The item for ``response`` with error bookkeeping: counted, and one clear log line."""
        meta = response.meta
        if check_status:
            error = error or self._http_error(response)
        if error:
            self.errors[error] += 1
            self._count(meta["source_id"], self._health_channel(meta), "failed")
            where = response.headers.get("Location") if 300 <= response.status < 400 else None
            log.warning("%s %s (source %s, %s): HTTP %d [%s]%s", meta["kind"], response.url, meta["source_id"],
                        meta["channel"], response.status, error,
                        f" to {where.decode('latin-1')}" if where else "")  # fmt: skip
        else:
            self._count(meta["source_id"], self._health_channel(meta), "ok")
        if response.status == 200 and meta.get("conditional"):
            etag = response.headers.get("ETag")
            lm = response.headers.get("Last-Modified")
            if etag or lm:
                asked = (meta.get("redirect_urls") or [response.url])[0]  # the URL the next run will ask for
                self.conditional_out[asked] = Validators(
                    etag=etag.decode("latin-1") if etag else None,
                    last_modified=lm.decode("latin-1") if lm else None,
                )
        return self._item(response, error=error, canonical=canonical)

    def _failed(self, failure: Failure) -> Iterator[FetchItem]:
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        kind = classify_failure(failure)
        if meta.get("kind") == "article" and meta.get("first_url"):
            self.settled.add(meta["first_url"])
        self.errors[kind] += 1
        source_id = meta.get("source_id", "?")
        self._count(source_id, self._health_channel(meta), "failed")
        level = logging.INFO if kind == "robots" else logging.WARNING
        log.log(level, "%s %s (source %s, %s) not fetched [%s]: %s", meta.get("kind"), request.url, source_id,
                meta.get("channel"), kind, failure.getErrorMessage())  # fmt: skip
        scope = self.scopes.get(source_id)
        yield FetchItem(
            url=request.url,
            canonical_url=canonicalize(request.url, aliases=scope.aliases if scope else None),
            source_id=source_id,
            kind=FetchKind(meta.get("kind", FetchKind.PAGE)),
            channel=meta.get("channel"),
            fetched_at=_now(),
            error=kind,
            part_of=meta.get("part_of"),
            page=int(meta.get("page", 1)),
        )
        if meta.get("kind") == "robots" and scope is not None:
            if self.obey_robots:  # unreachable robots.txt: assume complete disallow (RFC 9309)
                log.warning(
                    "robots.txt of %s is unreachable [%s]: nothing is crawled this run", source_id, kind
                )
            else:
                yield from self._discover(scope)

    # -- start: robots.txt, then every channel ---------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for scope in list(self.scopes.values()):
            yield self._robots(scope)

    def _robots(self, scope: SourceScope) -> scrapy.Request:
        scope.robots_asked = True
        return self._request(urljoin(scope.source.url, "/robots.txt"), scope, FetchKind.ROBOTS, Channel.ROBOTS,
                             self.parse_robots, conditional=False)  # fmt: skip

    def parse_robots(self, response: Response) -> Iterator[Any]:
        scope = self.scopes[response.meta["source_id"]]
        sitemaps: list[str] = []
        if response.status == 200:
            yield self._archive(response)
            text = response.body.decode("utf-8", "replace")
            scope.robots = Protego.parse(text)
            sitemaps = discovery.sitemaps_from_robots(text, response.url)
            cap = self.plan.crawl.max_robots_sitemaps
            if len(sitemaps) > cap:
                log.warning("robots.txt of %s lists %d sitemaps: reading the first %d (crawl.max_robots_sitemaps)",
                            scope.id, len(sitemaps), cap)  # fmt: skip
                self.errors["capped_robots_sitemaps"] += len(sitemaps) - cap
                sitemaps = sitemaps[:cap]
            self._apply_crawl_delay(scope)
        elif 400 <= response.status < 500 and response.status != 429:
            # RFC 9309: robots.txt "unavailable" (4xx) means no rules, everything is allowed
            yield self._archive(response, check_status=False)
        else:
            # RFC 9309: robots.txt "unreachable" (5xx, 429) means assume complete disallow
            yield self._archive(response)
            if self.obey_robots:
                log.warning("robots.txt of %s is unreachable (HTTP %d): nothing is crawled this run (RFC 9309)",
                            scope.id, response.status)  # fmt: skip
                return
        scope.robots_sitemaps = tuple(sitemaps)
        yield from self._discover(scope)

    def _apply_crawl_delay(self, scope: SourceScope) -> None:
        """Honour ``Crawl-delay`` when it asks for more than the configured delay."""
        assert scope.robots is not None
        asked = scope.robots.crawl_delay("rbmon")
        if not asked:
            return
        delay = min(float(asked), MAX_CRAWL_DELAY)
        settings = self.crawler.settings
        configured = settings.getfloat("RBMON_SHARED_DELAY", settings.getfloat("DOWNLOAD_DELAY", 0.0))
        if delay <= configured:
            return
        scope.crawl_delay = delay
        if self.crawler.settings.getbool("RBMON_SHARED_POLITENESS"):
            # distributed: the shared limiter (crawlers.politeness) applies it for every worker
            log.info("source %s: robots.txt asks for Crawl-delay %s s, using %.1f s", scope.id, asked, delay)
            return
        slot = self.crawler.engine.downloader.slots.get(scope.id) if self.crawler.engine else None
        if slot is not None:
            slot.delay = delay
        log.info("source %s: robots.txt asks for Crawl-delay %s s, using %.1f s", scope.id, asked, delay)

    def _discover(self, scope: SourceScope) -> Iterator[Any]:
        scope.ready = True
        # first what earlier runs found but did not fetch: discovery below will not list it again
        for entry in self.retry.get(scope.id, []):
            yield from self._article(scope, entry.url, entry.channel, None, count=False)
        # then what open-web channels found on the source while its robots.txt was being read
        waiting, scope.waiting = scope.waiting, []
        for url, channel, date in waiting:
            yield from self._article(scope, url, channel, date)
        skip = set(scope.source.skip_channels)
        if skip:
            log.info(
                "source %s: skipping quarantined channels %s this run", scope.id, ", ".join(sorted(skip))
            )
        yield from self._start(scope, [c for c in self._offered(scope) if c.channel not in skip])

    def _offered(self, scope: SourceScope) -> list[DiscoveryChannel]:
        """The channels a source starts: its plan's list, else every registry channel it qualifies for."""
        if scope.source.channels is not None:
            return [CHANNELS[c] for c in scope.source.channels]
        return [
            c
            for c in CHANNELS.values()
            if not c.channel.open_web and (scope.wordpress or not c.needs_wordpress)
        ]

    def _context(self, scope: SourceScope) -> Context:
        return Context(
            source=scope.source,
            netlocs=scope.netlocs,
            wordpress=scope.wordpress,
            since=scope.since,
            queries=self.queries,
            follow_links=self.follow_links,
            robots_sitemaps=scope.robots_sitemaps,
            feeds_asked=scope.feeds_asked,
            discovery=self.plan.discovery,
            max_feed_items=self.plan.crawl.max_feed_items,
            max_child_sitemaps=self.plan.crawl.max_child_sitemaps,
            max_xml_bytes=self.plan.crawl.max_page_bytes,
        )

    def _start(self, scope: SourceScope, channels: list[DiscoveryChannel]) -> Iterator[scrapy.Request]:
        """The channels' first requests, taken in turn (one of each, then the next of each, ...)."""
        ctx = self._context(scope)
        starts = [[(ch, url) for url in ch.start(ctx)] for ch in channels]
        for round_ in itertools.zip_longest(*starts):
            for pair in round_:
                if pair is not None:
                    yield from self._listing(scope, *pair)

    def _listing(
        self, scope: SourceScope, channel: DiscoveryChannel, url: str, depth: int = 0
    ) -> Iterator[scrapy.Request]:
        """A request for a page of ``channel``: on the source's hosts, and never twice in a run."""
        if netloc_of(url) not in scope.netlocs or url in scope.listed:
            return
        if len(scope.listed) >= self.max_listing:
            self.errors["capped_listing_pages"] += 1
            if not scope.listing_capped:
                scope.listing_capped = True
                log.warning("source %s: %d discovery requests reached (crawl.max_listing_pages_per_source);"
                            " its other feeds, sitemaps and searches wait for the next run", scope.id,
                            self.max_listing)  # fmt: skip
            return
        scope.listed.add(url)
        scope.feeds_asked |= channel.channel in (Channel.FEED, Channel.SEARCH_FEED)
        callback = self.parse_decoded_listing if channel.decodes else self.parse_listing
        yield self._request(url, scope, channel.kind, channel.channel, callback,
                            conditional=channel.conditional, depth_in_channel=depth)  # fmt: skip

    def _read_listing(self, response: Response) -> tuple[list[FetchItem], Found | None]:
        """The archived response and what its channel read in it (None: nothing to read, or unreadable)."""
        scope = self.scopes[response.meta["source_id"]]
        channel = CHANNELS[Channel(response.meta["channel"])]
        what = f"{channel.channel} {response.url} (source {scope.id})"
        if response.status == 304:
            log.info("%s unchanged: 304", what)
        if response.status != 200:
            return [self._archive(response)], None
        page = Page(response.url, response.body, lambda name: _header(response, name),
                    depth=int(response.meta.get("depth_in_channel", 0)))  # fmt: skip
        try:
            found = channel.read(page, self._context(scope))
        except ListingError as exc:
            item = self._archive(response, error=exc.kind)
            log.warning("%s %s [%s]", what, exc, exc.kind)
            return [item], None
        except Exception:  # a parser bug must not cost the archived response
            item = self._archive(response, error="parse_error")
            log.exception("%s could not be read [parse_error]", what)
            return [item], None
        item = self._archive(response, error="truncated" if found.truncated else None)
        if not found.articles and not found.follow and channel.channel in (
            Channel.FEED, Channel.SEARCH_FEED, Channel.GDELT, Channel.GOOGLE_NEWS
        ):  # fmt: skip
            log.info("%s has no items", what)
        return [item], found

    def _follow(self, response: Response, found: Found) -> Iterator[scrapy.Request]:
        scope = self.scopes[response.meta["source_id"]]
        depth = int(response.meta.get("depth_in_channel", 0)) + 1
        for follow, url in found.follow:
            yield from self._listing(scope, CHANNELS[follow], url, depth)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """A page of a discovery channel: archived, then read by its channel for articles and more pages."""
        items, found = self._read_listing(response)
        yield from items
        if found is None:
            return
        scope = self.scopes[response.meta["source_id"]]
        channel = CHANNELS[Channel(response.meta["channel"])]
        yield from self._follow(response, found)
        if channel.channel.open_web:
            yield from self._open_web(scope, channel.channel, found, None)
            return
        if found.wordpress and not scope.wordpress:
            scope.wordpress = True
            skip = set(scope.source.skip_channels)
            yield from self._start(
                scope, [c for c in CHANNELS.values() if c.needs_wordpress and c.channel not in skip]
            )
        yield from self._articles(scope, found.articles, found.credit or channel.channel)

    # -- articles ---------------------------------------------------------------------------------

    def _articles(
        self, scope: SourceScope, entries: Iterable[Entry], channel: Channel
    ) -> Iterator[scrapy.Request]:
        for e in entries:
            yield from self._article(scope, e.url, channel, e.date)

    # -- open-web finds ---------------------------------------------------------------------------

    async def parse_decoded_listing(self, response: Response) -> AsyncIterator[Any]:
        """A page of a channel whose links must be decoded (Google News): read, decoded, then routed."""
        items, found = self._read_listing(response)
        for item in items:
            yield item
        if found is None:
            return
        for request in self._follow(response, found):
            yield request
        scope = self.scopes[response.meta["source_id"]]
        # a link decoded by an earlier run is in the seen set: its article was handled then
        links = list(dict.fromkeys(e.url for e in found.articles if canonicalize(e.url) not in self.seen))
        decoded = await self._decode(scope, links)
        for request in self._open_web(scope, Channel(response.meta["channel"]), found, decoded):
            yield request

    async def _decode(self, scope: SourceScope, links: Sequence[str]) -> dict[str, str | DecodeError]:
        """Each link's article URL (or why not), decoded in a worker thread, one batch at a time."""
        if not links:
            return {}
        decoder = self._decoder_for(scope)
        if decoder is None:
            return {link: DecodeError(self._decoder_error or "no decoder") for link in links}
        out: dict[str, str | DecodeError] = {}
        await self._decode_lock.acquire()
        try:
            for start in range(0, len(links), DECODE_BATCH):
                batch = list(links[start : start + DECODE_BATCH])
                if self.crawler.engine is not None and not self.crawler.engine.running:
                    out.update(
                        (link, DecodeError("the crawl stopped before the link was decoded")) for link in batch
                    )
                    continue
                results = await deferToThread(decoder.decode, batch)
                out.update(zip(batch, results, strict=True))
        finally:
            self._decode_lock.release()
        return out

    def _decoder_for(self, scope: SourceScope) -> LinkDecoder | None:
        if self._decoder is None and self._decoder_error is None:
            try:
                self._decoder = make_decoder(self.plan.discovery.google_news, hosts=scope.netlocs,
                                             timeout=self.plan.crawl.timeout, user_agent=self.plan.user_agent)  # fmt: skip
            except CrawlError as exc:
                self._decoder_error = str(exc)
                log.error("Google News links cannot be decoded: %s", exc)
        return self._decoder

    def _open_web(
        self,
        service: SourceScope,
        channel: Channel,
        found: Found,
        decoded: dict[str, str | DecodeError] | None,
    ) -> Iterator[Any]:
        """Each find of an open-web page: recorded, then fetched as an article of the source of its host."""
        for entry in found.articles:
            url = entry.url
            find = DiscoveryFind(channel=channel, query=found.query or "", found_url=url, outlet_name=entry.outlet,
                                 outlet_url=entry.outlet_url, title=entry.title, published_at=entry.date,
                                 found_at=_now(), run_id=self.plan.run_id)  # fmt: skip
            if decoded is not None:
                result = decoded.get(url)
                if result is None:  # decoded by an earlier run (the seen set holds the link)
                    continue
                if isinstance(result, DecodeError):
                    self.errors["decode_failed"] += 1
                    log.warning("%s link %s not decoded [decode_failed]: %s", channel, url, result)
                    self._record(find.model_copy(update={"error": "decode_failed", "detail": str(result)}))
                    continue
                url = result
            scope, new, why = self._owner(url)
            if scope is None:
                self.errors[f"skipped_{why}"] += 1
                self._record(find.model_copy(update={"error": why}))
                continue
            canonical = canonicalize(url, aliases=scope.aliases)
            self._record(find.model_copy(update={"url": canonical, "source_id": scope.id, "new_outlet": new}))
            if canonical not in self.seen and canonical not in self.scheduled:
                self._count(service.id, channel, "articles_found")
            if scope.ready:
                yield from self._article(scope, url, channel, entry.date)
            else:
                scope.waiting.append((url, channel, entry.date))
                if not scope.robots_asked:
                    yield self._robots(scope)

    def _owner(self, url: str) -> tuple[SourceScope | None, bool, str | None]:
        """The scope a found article belongs to, whether it is a new discovered outlet, or why none.

        Plan sources first, then sources known but not planned (disabled ones are never fetched), then
        a discovered outlet for the host, refused for hosts that are no public DNS name.
        """
        netloc = netloc_of(url)
        candidates = (netloc, *www_variants(netloc))
        for candidate in candidates:
            if candidate in self.owners:
                return self.scopes[self.owners[candidate]], False, None
        for candidate in candidates:
            known = self.known_hosts.get(candidate)
            if known is None:
                continue
            if not known.enabled:
                return None, False, "disabled_source"
            scheme = urlsplit(url).scheme
            return self._outlet_scope(known.source_id, netloc, scheme), False, None
        if not public_host(netloc):
            log.warning("open-web find %s: host %s is no public DNS name [refused_host]", url, netloc)
            return None, False, "refused_host"
        self.outlets_discovered += 1
        scope = self._outlet_scope(outlet_id(netloc), netloc, urlsplit(url).scheme)
        log.info("discovered outlet %s (%s)", scope.id, netloc)
        return scope, True, None

    def _outlet_scope(self, source_id: str, netloc: str, scheme: str) -> SourceScope:
        """A scope with no channels of its own: crawled only for what discovery found, never off its host."""
        bare, www = www_variants(netloc)
        source = PlannedSource(id=source_id, url=f"{scheme}://{netloc}/", aliases=[h for h in (bare, www) if h != netloc],
                               channels=[])  # fmt: skip
        return self._add_scope(source, None)

    def _record(self, find: DiscoveryFind) -> None:
        """One line of the finds log, flushed: a find survives a killed crawl."""
        self.finds.append(find)
        if self.plan.finds_log is None:
            return
        try:
            if self._finds_log is None:
                self._finds_log = self.plan.finds_log.open("a", encoding="utf-8")
            self._finds_log.write(find.model_dump_json() + "\n")
            self._finds_log.flush()
        except OSError as exc:
            log.error("cannot write the finds log %s: %s", self.plan.finds_log, exc)

    def closed(self, reason: str) -> None:
        """Close the finds log; one line per source whose URLs the frontier could not keep."""
        if self._finds_log is not None:
            self._finds_log.close()
        for scope in self.scopes.values():
            if scope.dropped:
                log.warning("source %s: %d article URL(s) beyond the page budget and the frontier were dropped",
                            scope.id, scope.dropped)  # fmt: skip
        if self._decoder is not None:
            self._decoder.close()

    def _article(
        self,
        scope: SourceScope,
        url: str,
        channel: Channel | None,
        date: datetime | None,
        *,
        count: bool = True,
    ) -> Iterator[Any]:
        if netloc_of(url) not in scope.netlocs:
            self.errors["skipped_offsite_link"] += 1
            log.debug("skip %s: not on source %s", url, scope.id)
            return
        if looks_non_html(url):
            self.errors["skipped_not_html"] += 1
            log.info("skip %s (source %s, %s): not an HTML page [not_html]", url, scope.id, channel)
            return
        canonical = canonicalize(url, aliases=scope.aliases)
        if canonical in self.seen or canonical in self.scheduled:
            return
        if canonical == canonicalize(scope.source.url, aliases=scope.aliases):
            return  # the home page, listed in page sitemaps: fetched as a page, never an article
        if scope.articles_scheduled >= self.max_pages:
            if len(scope.overflow) < self.max_frontier:
                scope.overflow.append((canonical, channel))
            else:
                scope.dropped += 1
                self.errors["dropped_beyond_frontier"] += 1
                if scope.dropped == 1:
                    log.warning("source %s: %d article URLs wait in the frontier (crawl.max_frontier_per_source);"
                                " further ones found this run are dropped, and later runs' discovery finds"
                                " what is still listed", scope.id, self.max_frontier)  # fmt: skip
            if not scope.budget_warned:
                scope.budget_warned = True
                log.warning("source %s: page budget of %d reached, the rest waits for the next run", scope.id,
                            self.max_pages)  # fmt: skip
            return
        self.scheduled.add(canonical)
        self.asked[canonical] = (scope.id, channel)
        scope.articles_scheduled += 1
        if count:  # a frontier URL was counted by the run that found it
            self._count(scope.id, channel, "articles_found")
        yield self._request(
            canonical, scope, FetchKind.ARTICLE, channel, self.parse_article, page=1, first_url=canonical
        )

    def parse_article(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        scope = self.scopes[meta["source_id"]]
        page = int(meta.get("page", 1))
        if page == 1 and meta.get("first_url"):
            self.settled.add(meta["first_url"])
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        is_html = not ctype or ctype.startswith(_HTML_TYPES)
        if response.status != 200 or not is_html:
            error = None if response.status != 200 else "not_html"
            item = self._archive(response, error=error)
            if error:
                log.warning(
                    "article %s (source %s) is %s, not HTML [not_html]", response.url, scope.id, ctype
                )
            yield item
            return
        canonical = canonicalize(response.url, aliases=scope.aliases)
        if page == 1:
            declared = discovery.page_canonical(response.body, response.url)
            if (
                declared
                and netloc_of(declared) in scope.netlocs
                and _AMP_MARK.search(response.url.split("://", 1)[-1])
            ):
                canonical = canonicalize(declared, aliases=scope.aliases)
        yield self._archive(response, canonical=canonical)
        if page == 1:
            self.new_articles += 1
            self.seen.add(canonical)
        first_url = meta.get("first_url") or response.url
        if page >= MAX_ARTICLE_PAGES:
            return
        nxt = discovery.next_page_url(response.body, response.url, first_url=first_url, page=page)
        if nxt is None or netloc_of(nxt) not in scope.netlocs:
            return
        nxt_canonical = canonicalize(nxt, aliases=scope.aliases)
        if nxt_canonical in self.seen or nxt_canonical in self.scheduled:
            return
        self.scheduled.add(nxt_canonical)
        yield self._request(nxt, scope, FetchKind.ARTICLE_PAGE, meta["channel"], self.parse_article, page=page + 1,
                            first_url=first_url, part_of=meta.get("part_of") or canonical)  # fmt: skip

    # -- the stats the parent loads ---------------------------------------------------------------

    def pending(self) -> dict[str, list[FrontierEntry]]:
        """Article URLs found but left unfetched (stopped run, page budget), per source, with channel."""
        out: dict[str, list[FrontierEntry]] = {}
        for url, (sid, channel) in self.asked.items():
            if url not in self.settled:
                out.setdefault(sid, []).append(FrontierEntry(url=url, channel=channel))
        for scope in self.scopes.values():
            out.setdefault(scope.id, []).extend(FrontierEntry(url=u, channel=c) for u, c in scope.overflow)
            # found by an open-web channel, but the source's robots.txt never let the crawl start it
            out[scope.id].extend(FrontierEntry(url=canonicalize(u, aliases=scope.aliases), channel=c)
                                 for u, c, _ in scope.waiting)  # fmt: skip
        return {sid: entries for sid, entries in out.items() if entries}

    def run_stats(self) -> CrawlStats:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        prefix = "rbmon/shared/"  # distributed crawl only: article requests queued, taken, found queued
        return CrawlStats(
            requests=int(stats.get("downloader/request_count", 0)),
            bytes=int(stats.get("downloader/response_bytes", 0)),
            errors=dict(self.errors),
            new_articles=self.new_articles,
            per_source={
                sid: {
                    ch: ChannelCounts(**{k: int(c.get(k, 0)) for k in ("ok", "failed", "articles_found")})
                    for ch, c in chans.items()
                }
                for sid, chans in self.per_source.items()
            },
            conditional=self.conditional_out,
            pending=self.pending(),
            shared={k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)},
            finish_reason=stats.get("finish_reason"),
            write_error=stats.get("rbmon/write_error"),
            elapsed_seconds=stats.get("elapsed_time_seconds"),
            finds=len(self.finds),
            outlets_discovered=self.outlets_discovered,
        )
