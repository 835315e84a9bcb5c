"""One class per discovery channel: where it starts for a source, and what a page of it lists.

Like Fundus's one ``URLSource`` per channel, each class answers two questions: ``start`` (the URLs it
asks first, for one source) and ``read`` (the article URLs one of its pages lists, and any further
pages of it to read). Neither knows of Scrapy's scheduler, the seen set, the page budget or the
fetch log: :class:`crawlers.spiders.news.NewsSpider` applies those to every channel alike. Parsing is
in :mod:`crawlers.discovery`. robots.txt is not a channel here: it gates every other one.

Open-web channels (:class:`Gdelt`, :class:`GoogleNews`) are started only for their own planned source
(the API itself); the articles they list live on any host, and the spider credits each to the registry
source of its host or to a discovered outlet.

Adding a channel: a :class:`~pipeline.core.contract.Channel` member and a class here in ``CHANNELS``.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from urllib.parse import parse_qs, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy.utils.gz import gunzip

from crawlers import discovery, openweb
from crawlers.discovery import Entry, XmlError, XmlRefused
from crawlers.urls import netloc_of
from pipeline.core.config import DiscoveryConfig
from pipeline.core.contract import Channel, FetchKind, PlannedSource

__all__ = [
    "CHANNELS",
    "Context",
    "DiscoveryChannel",
    "Feed",
    "Found",
    "Gdelt",
    "GoogleNews",
    "Home",
    "Links",
    "ListingError",
    "Page",
    "SearchFeed",
    "Sitemap",
    "WpJson",
]

log = logging.getLogger(__name__)

MAX_WP_JSON_PAGES = 5
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Context:
    """What a channel may know about its source when it starts or reads a page."""

    source: PlannedSource
    netlocs: frozenset[str]
    wordpress: bool
    since: datetime | None
    queries: tuple[str, ...]
    follow_links: bool
    robots_sitemaps: tuple[str, ...] = ()
    #: whether a feed or search feed of the source has been asked for (link following is the fallback)
    feeds_asked: bool = False
    #: query groups and options of the open-web channels
    discovery: DiscoveryConfig = field(default_factory=DiscoveryConfig)
    #: caps (``crawl.*`` in rbmon.toml): items read per feed, child sitemaps per index, bytes of a
    #: gunzipped sitemap or feed (the crawler's cap on a decompressed response)
    max_feed_items: int = 1000
    max_child_sitemaps: int = 10
    max_xml_bytes: int = 3 * 1024 * 1024

    def search_since(self) -> datetime:
        """Where an open-web search starts: the last good run less the margin, else ``first_run_days`` ago."""
        return self.since or datetime.now(UTC) - timedelta(days=self.discovery.first_run_days)

    @property
    def base(self) -> str:
        return self.source.url


@dataclass(frozen=True)
class Page:
    """One answered request of a channel (HTTP 200)."""

    url: str
    body: bytes
    header: Callable[[str], str | None] = lambda _name: None
    #: how many follow hops led here (0: a page ``start`` asked for)
    depth: int = 0


@dataclass
class Found:
    """What one page of a channel lists."""

    #: article URLs with the date the channel gave them
    articles: list[Entry] = field(default_factory=list)
    #: further pages to read, each by its channel (child sitemaps, the next wp-json page, feeds on a home page)
    follow: list[tuple[Channel, str]] = field(default_factory=list)
    #: the channel credited with the articles, when not the one that read the page
    credit: Channel | None = None
    #: the document was cut short; what was readable is listed
    truncated: bool = False
    #: the page shows that the source runs WordPress (its REST search and search feed can start)
    wordpress: bool = False
    #: open-web channels: the search the page answered, as sent
    query: str | None = None


class ListingError(Exception):
    """A page the channel cannot read; ``kind`` is the fetch-log error (``not_xml``, ``xml_refused``, ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class DiscoveryChannel:
    """One way a source lists its articles."""

    channel: ClassVar[Channel]
    #: what its requests are logged as (``fetches.kind``)
    kind: ClassVar[FetchKind]
    #: asked with the validators of its last 200 answer, so an unchanged page costs one 304
    conditional: ClassVar[bool] = False
    #: started only for sources that run WordPress (configured, or found out from the home page)
    needs_wordpress: ClassVar[bool] = False
    #: its article links point at the service, not the article: they are decoded first (Google News)
    decodes: ClassVar[bool] = False

    def start(self, ctx: Context) -> list[str]:
        """The URLs the channel asks first for the source (none: it is reached from another channel)."""
        return []

    def read(self, page: Page, ctx: Context) -> Found:
        """The article URLs (and further pages) one page of this channel lists.

        Raises:
            ListingError: the page is not what the channel reads (not XML, entity declarations, ...).
        """
        raise NotImplementedError


def _xml(
    read: Callable[[bytes, str], discovery.ParsedXml], page: Page, what: str, ctx: Context
) -> discovery.ParsedXml:
    body = page.body
    if body.startswith(_GZIP_MAGIC):
        # sitemap.xml.gz (large outlets use them) arrives gzipped without Content-Encoding: gunzip it
        # here, under the same cap as any decompressed response (a gzip bomb stops at the cap)
        try:
            body = gunzip(body, max_size=ctx.max_xml_bytes)
        except ValueError:
            raise ListingError(
                "too_large",
                f"is a gzipped {what} of more than {ctx.max_xml_bytes:,} bytes (crawl.max_page_bytes)",
            ) from None
        except (OSError, EOFError, zlib.error) as exc:
            raise ListingError("not_xml", f"is not a {what}: broken gzip ({exc})") from None
    try:
        return read(body, page.url)
    except XmlRefused as exc:
        raise ListingError("xml_refused", f"refused: {exc}") from None
    except XmlError as exc:
        raise ListingError("not_xml", f"is not a {what}: {exc}") from None


class Feed(DiscoveryChannel):
    """RSS/Atom feeds: configured ones, those a home page announces, ``/feed/`` on WordPress."""

    channel = Channel.FEED
    kind = FetchKind.FEED
    conditional = True

    def start(self, ctx: Context) -> list[str]:
        feeds = list(ctx.source.feeds)
        if ctx.wordpress and not feeds:
            feeds.append(urljoin(ctx.base, "/feed/"))
        return feeds

    def read(self, page: Page, ctx: Context) -> Found:
        # Items are not filtered by date: the seen set skips old ones, and an article that failed
        # last night must get its second chance.
        parsed = _xml(discovery.parse_feed, page, "feed", ctx)
        entries = parsed.entries
        if len(entries) > ctx.max_feed_items:
            log.warning("feed %s (source %s) lists %d items: reading the first %d (crawl.max_feed_items)",
                        page.url, ctx.source.id, len(entries), ctx.max_feed_items)  # fmt: skip
            entries = entries[: ctx.max_feed_items]
        return Found(articles=entries, truncated=parsed.truncated)


class SearchFeed(Feed):
    """WordPress search feeds, ``/?s=QUERY&feed=rss2``, one per RB query."""

    channel = Channel.SEARCH_FEED
    kind = FetchKind.SEARCH
    needs_wordpress = True

    def start(self, ctx: Context) -> list[str]:
        return [urljoin(ctx.base, "/") + "?" + urlencode({"s": q, "feed": "rss2"}) for q in ctx.queries]


def _newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first, then undated ones last-listed first (WordPress numbers its sitemaps
    and lists its URLs oldest first), so the page budget and the child-sitemap cap keep the news."""
    dated = sorted((e for e in entries if e.date is not None), key=lambda e: e.date, reverse=True)  # type: ignore[arg-type,return-value]
    undated = [e for e in entries if e.date is None][::-1]
    return dated + undated


class Sitemap(DiscoveryChannel):
    """Sitemaps: configured ones and robots.txt's, else ``/sitemap_index.xml`` (WordPress) or ``/sitemap.xml``.

    Entries older than ``since`` (their ``news:publication_date``, else ``lastmod``) are skipped: only
    dated ones, as an undated entry may be new. Of an index, the newest child sitemaps are read.
    """

    channel = Channel.SITEMAP
    kind = FetchKind.SITEMAP
    conditional = True

    def start(self, ctx: Context) -> list[str]:
        sitemaps = [*ctx.source.sitemaps, *ctx.robots_sitemaps]
        return sitemaps or [urljoin(ctx.base, "/sitemap_index.xml" if ctx.wordpress else "/sitemap.xml")]

    def read(self, page: Page, ctx: Context) -> Found:
        parsed = _xml(discovery.parse_sitemap, page, "sitemap", ctx)
        if parsed.truncated:
            log.warning("sitemap %s (source %s) is truncated or malformed: kept the %d readable entries",
                        page.url, ctx.source.id, len(parsed.entries))  # fmt: skip
        fresh = [e for e in parsed.entries if not (ctx.since and e.date and e.date < ctx.since)]
        if len(fresh) < len(parsed.entries):
            log.info("sitemap %s (source %s): %d of %d entries older than the last crawl, skipped",
                     page.url, ctx.source.id, len(parsed.entries) - len(fresh), len(parsed.entries))  # fmt: skip
        fresh = _newest_first(fresh)
        if parsed.kind != "sitemapindex":
            return Found(articles=fresh, truncated=parsed.truncated)
        if len(fresh) > ctx.max_child_sitemaps:
            log.info("sitemap index %s (source %s): reading the %d newest of %d child sitemaps (crawl.max_child_sitemaps)",
                     page.url, ctx.source.id, ctx.max_child_sitemaps, len(fresh))  # fmt: skip
        children = [(Channel.SITEMAP, e.url) for e in fresh[: ctx.max_child_sitemaps]]
        return Found(follow=children, truncated=parsed.truncated)


class WpJson(DiscoveryChannel):
    """WordPress REST search, ``/wp-json/wp/v2/posts?search=QUERY&after=SINCE``, a few pages per query."""

    channel = Channel.WP_JSON
    kind = FetchKind.SEARCH
    needs_wordpress = True

    def start(self, ctx: Context) -> list[str]:
        urls = []
        for q in ctx.queries:
            params = {"search": q, "per_page": "100", "orderby": "date"}
            if ctx.since is not None:
                params["after"] = ctx.since.strftime("%Y-%m-%dT%H:%M:%S")
            urls.append(urljoin(ctx.base, "/wp-json/wp/v2/posts") + "?" + urlencode(params))
        return urls

    def read(self, page: Page, ctx: Context) -> Found:
        try:
            entries = discovery.parse_wp_posts(page.body)
        except XmlError as exc:
            raise ListingError("parse_error", str(exc)) from None
        found = Found(articles=entries)
        number = int((parse_qs(urlsplit(page.url).query).get("page") or ["1"])[0])
        total = page.header("X-WP-TotalPages") or ""
        if total.isdigit() and number < min(int(total), MAX_WP_JSON_PAGES):
            sep = "&" if "?" in page.url else "?"
            found.follow.append((Channel.WP_JSON, page.url.split("&page=")[0] + f"{sep}page={number + 1}"))
        return found


class Links(DiscoveryChannel):
    """Bounded link following (``crawl.follow_links``, sources without a feed): links inside the source's
    ``sections`` on the home page, and on those section pages, one level deep."""

    channel = Channel.LINKS
    kind = FetchKind.PAGE

    def read(self, page: Page, ctx: Context) -> Found:
        return self.scan(page, ctx, follow_sections=False)

    def scan(self, page: Page, ctx: Context, *, follow_sections: bool) -> Found:
        sections = list(ctx.source.sections)
        found = Found(credit=Channel.LINKS)
        for link in discovery.section_links(page.body, page.url, netlocs=ctx.netlocs, sections=sections):
            path = "/" + link.split("://", 1)[1].partition("/")[2]
            if not any(path.rstrip("/") == s.rstrip("/") for s in sections):
                found.articles.append(Entry(link))
            elif follow_sections:
                found.follow.append((Channel.LINKS, link))
        return found


class Home(DiscoveryChannel):
    """The home page, read for the feeds it announces, for WordPress's fingerprints and, as a last resort
    (``follow_links`` and no feed), for links. Asked when the registry lists no feed, or to follow links."""

    channel = Channel.HOME
    kind = FetchKind.PAGE

    def start(self, ctx: Context) -> list[str]:
        return [ctx.base] if not ctx.source.feeds or ctx.follow_links else []

    def read(self, page: Page, ctx: Context) -> Found:
        feeds = [u for u in discovery.feeds_from_html(page.body, page.url) if netloc_of(u) in ctx.netlocs]
        found = Found(follow=[(Channel.FEED, u) for u in feeds])
        if not ctx.wordpress and discovery.is_wordpress_html(page.body):
            log.info(
                "source %s looks like WordPress: adding its REST and search-feed channels", ctx.source.id
            )
            found.wordpress = True
            found.follow.append((Channel.FEED, urljoin(ctx.base, "/feed/")))
        if ctx.follow_links and not (ctx.feeds_asked or found.follow):
            links = Links().scan(page, ctx, follow_sections=True)
            found.articles, found.credit, found.follow = links.articles, links.credit, links.follow
        return found


def _open_web(read: Callable[[], openweb.GdeltAnswer | list[Entry]]) -> openweb.GdeltAnswer | list[Entry]:
    try:
        return read()
    except openweb.OpenWebError as exc:
        raise ListingError(exc.kind, str(exc)) from None


def _with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name] + [(name, value)]
    return urlunsplit(parts._replace(query=urlencode(query)))


class Gdelt(DiscoveryChannel):
    """The GDELT DOC 2.0 API (``mode=artlist&format=json``): one query per RB query group, newest first.

    The source's URL is the API endpoint. A query starts at the last good run less the margin (else
    ``first_run_days`` ago). An answer holding ``max_records`` articles is paged by time window: the
    next request ends where its oldest article was seen, up to ``max_pages`` windows per query.
    """

    channel = Channel.GDELT
    kind = FetchKind.SEARCH

    def start(self, ctx: Context) -> list[str]:
        cfg = ctx.discovery.gdelt
        since = ctx.search_since()
        return [
            openweb.gdelt_url(
                ctx.source.url,
                openweb.gdelt_query(group, cfg.filters),
                start=since,
                end=None,
                max_records=cfg.max_records,
            )
            for group in ctx.discovery.query_groups
        ]

    def read(self, page: Page, ctx: Context) -> Found:
        cfg = ctx.discovery.gdelt
        answer = _open_web(lambda: openweb.parse_gdelt(page.body, max_records=cfg.max_records))
        assert isinstance(answer, openweb.GdeltAnswer)
        params = dict(parse_qsl(urlsplit(page.url).query))
        found = Found(articles=answer.entries, query=params.get("query"))
        if answer.listed < cfg.max_records or answer.oldest is None:
            return found
        if page.depth + 1 >= cfg.max_pages:
            log.warning("GDELT query %r: %d time windows read, each full; older articles of the window wait "
                        "(raise discovery.gdelt.max_pages)", found.query, cfg.max_pages)  # fmt: skip
            return found
        end = params.get("enddatetime")
        current_end = datetime.strptime(end, openweb.GDELT_TIME).replace(tzinfo=UTC) if end else None
        oldest = answer.oldest
        if current_end is not None and oldest >= current_end:  # a full second of articles: step past it
            oldest = current_end - timedelta(seconds=1)
        found.follow.append((Channel.GDELT, _with_param(page.url, "enddatetime", openweb.gdelt_time(oldest))))
        return found


class GoogleNews(DiscoveryChannel):
    """The Google News RSS search (``hl=id&gl=ID&ceid=ID:id``): one search per query group.

    The source's URL is the RSS search endpoint. Item links point at Google News, not at the article:
    the spider decodes them (``crawlers.decoders``) before it fetches anything. ``<source url=…>`` names
    the outlet.
    """

    channel = Channel.GOOGLE_NEWS
    kind = FetchKind.SEARCH
    decodes = True

    def start(self, ctx: Context) -> list[str]:
        cfg = ctx.discovery.google_news
        since = ctx.search_since()
        return [
            openweb.google_news_url(
                ctx.source.url,
                openweb.google_news_query(group, after=since),
                hl=cfg.hl,
                gl=cfg.gl,
                ceid=cfg.ceid,
            )
            for group in ctx.discovery.query_groups
        ]

    def read(self, page: Page, ctx: Context) -> Found:
        cfg = ctx.discovery.google_news
        entries = _open_web(lambda: openweb.parse_google_news(page.body, page.url, max_items=cfg.max_items))
        assert isinstance(entries, list)
        query = dict(parse_qsl(urlsplit(page.url).query)).get("q")
        return Found(articles=entries, query=query)


#: Every discovery channel, in the order the crawl starts them.
CHANNELS: dict[Channel, DiscoveryChannel] = {
    c.channel: c for c in (Feed(), Sitemap(), Home(), WpJson(), SearchFeed(), Links(), Gdelt(), GoogleNews())
}
