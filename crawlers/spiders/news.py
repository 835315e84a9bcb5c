"""The rbmon spider: every discovery channel of every source, in one crawl with one seen set.

Per source the crawl starts with robots.txt (rules + ``Sitemap:`` lines), then runs each channel the
source offers, found automatically where the registry is silent:

* ``feed``        configured feeds, ``<link rel=alternate>`` feeds of the home page, ``/feed/`` on WordPress;
                  conditional GET, so an unchanged feed costs one 304;
* ``sitemap``     configured sitemaps, robots.txt ``Sitemap:`` lines, else ``/sitemap_index.xml`` or
                  ``/sitemap.xml``; index children and URLs older than ``since`` are skipped;
* ``wp_json``     ``/wp-json/wp/v2/posts?search=Q&after=SINCE`` for each RB query (WordPress only);
* ``search_feed`` ``/?s=Q&feed=rss2`` for each RB query (WordPress only);
* ``links``       bounded link following inside the source's sections, only with ``follow_links`` and
                  only for sources where no feed was found.

Article URLs from every channel meet in one place (:meth:`NewsSpider._article`): canonical form, the
seen set (never fetch twice, across runs), the source's hosts, the per-source page budget. Pages 2..n of
a multi-page article follow ``rel=next`` or the pager. Parsing lives in :mod:`crawlers.discovery`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urljoin

import scrapy
from protego import Protego
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers import discovery
from crawlers.discovery import Entry, XmlError, XmlRefused
from crawlers.items import FetchItem
from crawlers.middlewares import RefusedRequest
from crawlers.urls import canonicalize, looks_non_html, netloc_of

__all__ = ["NewsSpider", "classify_failure"]

log = logging.getLogger(__name__)

MAX_ARTICLE_PAGES = 30
MAX_WP_JSON_PAGES = 5
MAX_CHILD_SITEMAPS = 10  # per sitemap index and run: the newest ones; the archive is never re-walked
# Article URLs beyond a source's page budget handed to the frontier per run (the rest of a huge
# backlog is found again by later runs' discovery).
OVERFLOW_KEPT = 5000
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped (and logged)
_HTML_TYPES = ("text/html", "application/xhtml")
# AMP markers in a URL (host amp.x.id, path /amp/..., ?amp=1), but not "amp" inside a word like "lampung"
_AMP_MARK = re.compile(r"(?:^|[/.?&=])amp(?:[/.?&=]|$)", re.IGNORECASE)

# Priorities: finish what was found before discovering more, and page 2 right after page 1.
_PRIO = {"robots": 50, "page": 20, "feed": 30, "search": 25, "sitemap": 10, "article": 40, "article_page": 45}


@dataclass
class SourceScope:
    """What the crawl knows about one source while it runs."""

    source: dict[str, Any]
    netlocs: frozenset[str]
    aliases: dict[str, str]
    since: datetime | None
    robots: Protego | None = None
    wordpress: bool = False
    feeds_found: set[str] = field(default_factory=set)
    sitemaps_found: set[str] = field(default_factory=set)
    crawl_delay: float | None = None
    articles_scheduled: int = 0
    budget_warned: bool = False
    #: article URLs found beyond the page budget, with their channel: the frontier keeps them
    overflow: list[tuple[str, str]] = field(default_factory=list)
    wp_started: bool = False

    @property
    def id(self) -> str:
        return str(self.source["id"])

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


def _newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first, then undated ones last-listed first (WordPress numbers its sitemaps
    and lists its URLs oldest first), so the page budget and the child-sitemap cap keep the news."""
    dated = sorted((e for e in entries if e.date is not None), key=lambda e: e.date, reverse=True)  # type: ignore[arg-type,return-value]
    undated = [e for e in entries if e.date is None][::-1]
    return dated + undated


def _now() -> str:
    return datetime.now(UTC).isoformat()


class NewsSpider(scrapy.Spider):
    """Crawls the plan's sources; see the module docstring for the channels."""

    name = "rbmon"

    def __init__(self, plan: dict[str, Any], seen: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.seen: set[str] = seen if seen is not None else set()
        self.scheduled: set[str] = set()
        #: article first pages asked for this run -> (source id, channel), and those that got an
        #: answer or a failure; the difference is the work a stopped run leaves to the next one
        self.asked: dict[str, tuple[str, str]] = {}
        self.settled: set[str] = set()
        #: the frontier the parent kept: source id -> [(url, channel)] found earlier, not yet fetched
        self.retry: dict[str, list[tuple[str, str]]] = {
            sid: [(str(u), str(ch or "retry")) for u, ch in rows]
            for sid, rows in (plan.get("retry") or {}).items()
        }
        self.queries: list[str] = list(plan.get("queries") or [])
        self.conditional_in: dict[str, dict[str, str | None]] = dict(plan.get("conditional") or {})
        self.conditional_out: dict[str, dict[str, str | None]] = {}
        self.errors: Counter[str] = Counter()
        self.new_articles = 0
        self.per_source: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        cfg = plan.get("settings") or {}
        self.follow_links = bool(cfg.get("follow_links", False))
        self.max_pages = int(cfg.get("max_pages_per_source", 500))
        self.obey_robots = bool(cfg.get("obey_robots", True))
        self.scopes: dict[str, SourceScope] = {}
        since = plan.get("since") or {}
        for src in plan.get("sources") or []:
            if not src.get("enabled", True):
                continue
            primary = netloc_of(src["url"])
            aliases = {a: primary for a in src.get("aliases") or []}
            self.scopes[src["id"]] = SourceScope(
                source=src,
                netlocs=frozenset({primary, *aliases}),
                aliases=aliases,
                since=discovery.parse_date(since.get(src["id"])) if since.get(src["id"]) else None,
                wordpress=bool(src.get("wordpress")),
            )

    def scope(self, source_id: str) -> SourceScope:
        return self.scopes[source_id]

    # -- plumbing ---------------------------------------------------------------------------------

    def _request(self, url: str, scope: SourceScope, kind: str, channel: str, callback: Any,
                 *, conditional: bool = False, **meta: Any) -> scrapy.Request:  # fmt: skip
        headers = {}
        if conditional:
            state = self.conditional_in.get(url) or {}
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        return scrapy.Request(
            url,
            callback=callback,
            errback=self._failed,
            headers=headers,
            priority=_PRIO.get(kind, 0),
            # rbmon dedupes by canonical URL itself; Scrapy's filter would also swallow the second visit
            # of a redirect loop, silently, instead of letting it end in a logged redirect_loop.
            dont_filter=True,
            meta={
                # a robots.txt Crawl-delay is a floor AutoThrottle must not lower
                **({"autothrottle_dont_adjust_delay": True} if scope.crawl_delay else {}),
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
            kind=meta["kind"],
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

    def _count(self, source_id: str, channel: str, key: str, n: int = 1) -> None:
        self.per_source[source_id][channel][key] += n

    @staticmethod
    def _health_channel(meta: Any) -> str:
        """Article fetches count for the ``article`` channel; the channel that found them gets the find."""
        return "article" if meta.get("kind") in {"article", "article_page"} else str(meta.get("channel", "?"))

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
                self.conditional_out[asked] = {
                    "etag": etag.decode("latin-1") if etag else None,
                    "last_modified": lm.decode("latin-1") if lm else None,
                }
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
            kind=meta.get("kind", "page"),
            channel=meta.get("channel", "?"),
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
                yield from self._discover(scope, [])

    # -- start: robots.txt, then every channel ---------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for scope in self.scopes.values():
            yield self._request(urljoin(scope.source["url"], "/robots.txt"), scope, "robots", "robots",
                                self.parse_robots, conditional=False)  # fmt: skip

    def parse_robots(self, response: Response) -> Iterator[Any]:
        scope = self.scopes[response.meta["source_id"]]
        sitemaps: list[str] = []
        if response.status == 200:
            yield self._archive(response)
            text = response.body.decode("utf-8", "replace")
            scope.robots = Protego.parse(text)
            sitemaps = discovery.sitemaps_from_robots(text, response.url)
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
        yield from self._discover(scope, sitemaps)

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

    def _discover(self, scope: SourceScope, robots_sitemaps: list[str]) -> Iterator[Any]:
        # first what earlier runs found but did not fetch: discovery below will not list it again
        for url, channel in self.retry.get(scope.id, []):
            yield from self._article(scope, url, channel, None, count=False)
        src = scope.source
        base = src["url"]
        skip = set(src.get("skip_channels") or [])
        if skip:
            log.info(
                "source %s: skipping quarantined channels %s this run", scope.id, ", ".join(sorted(skip))
            )
        feeds = [u for u in src.get("feeds") or []]
        if scope.wordpress and not feeds:
            feeds.append(urljoin(base, "/feed/"))
        if "feed" not in skip:
            for url in feeds:
                yield from self._feed_request(scope, url, "feed")
        sitemaps = [*(src.get("sitemaps") or []), *robots_sitemaps]
        if not sitemaps:
            sitemaps = [urljoin(base, "/sitemap_index.xml" if scope.wordpress else "/sitemap.xml")]
        if "sitemap" not in skip:
            for url in sitemaps:
                yield from self._sitemap_request(scope, url)
        if (not src.get("feeds") or self.follow_links) and "home" not in skip:
            yield self._request(base, scope, "page", "home", self.parse_home, conditional=False)
        if scope.wordpress:
            yield from self._wordpress_requests(scope)

    def _feed_request(self, scope: SourceScope, url: str, channel: str) -> Iterator[scrapy.Request]:
        if netloc_of(url) not in scope.netlocs or url in scope.feeds_found:
            return
        scope.feeds_found.add(url)
        kind = "search" if channel == "search_feed" else "feed"
        yield self._request(url, scope, kind, channel, self.parse_feed, conditional=True)

    def _sitemap_request(self, scope: SourceScope, url: str) -> Iterator[scrapy.Request]:
        if netloc_of(url) not in scope.netlocs or url in scope.sitemaps_found:
            return
        scope.sitemaps_found.add(url)
        yield self._request(url, scope, "sitemap", "sitemap", self.parse_sitemap, conditional=True)

    def _wordpress_requests(self, scope: SourceScope) -> Iterator[scrapy.Request]:
        if scope.wp_started:
            return
        scope.wp_started = True
        base = scope.source["url"]
        skip = set(scope.source.get("skip_channels") or [])
        for q in self.queries:
            params = {"search": q, "per_page": "100", "orderby": "date"}
            if scope.since is not None:
                params["after"] = scope.since.strftime("%Y-%m-%dT%H:%M:%S")
            url = urljoin(base, "/wp-json/wp/v2/posts") + "?" + urlencode(params)
            if "wp_json" not in skip:
                yield self._request(url, scope, "search", "wp_json", self.parse_wp_json, wp_page=1)
            if "search_feed" in skip:
                continue
            yield from self._feed_request(scope, urljoin(base, "/") + "?" + urlencode({"s": q, "feed": "rss2"}),
                                          "search_feed")  # fmt: skip

    # -- channels ---------------------------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[Any]:
        scope = self.scopes[response.meta["source_id"]]
        yield self._archive(response)
        if response.status != 200:
            return
        found = discovery.feeds_from_html(response.body, response.url)
        for url in found:
            yield from self._feed_request(scope, url, "feed")
        if not scope.wordpress and discovery.is_wordpress_html(response.body):
            log.info("source %s looks like WordPress: adding its REST and search-feed channels", scope.id)
            scope.wordpress = True
            yield from self._feed_request(scope, urljoin(scope.source["url"], "/feed/"), "feed")
            yield from self._wordpress_requests(scope)
        if self.follow_links and not scope.feeds_found:
            yield from self._follow(scope, response, depth=0)

    def _follow(self, scope: SourceScope, response: Response, *, depth: int) -> Iterator[Any]:
        sections = list(scope.source.get("sections") or [])
        links = discovery.section_links(response.body, response.url, netlocs=scope.netlocs, sections=sections)
        for link in links:
            path = "/" + link.split("://", 1)[1].partition("/")[2]
            is_section = any(path.rstrip("/") == s.rstrip("/") for s in sections)
            if is_section and depth == 0:
                yield self._request(link, scope, "page", "links", self.parse_section, depth=1)
            elif not is_section:
                yield from self._article(scope, link, "links", None)

    def parse_section(self, response: Response) -> Iterator[Any]:
        scope = self.scopes[response.meta["source_id"]]
        yield self._archive(response)
        if response.status == 200:
            yield from self._follow(scope, response, depth=int(response.meta.get("depth", 1)))

    def parse_feed(self, response: Response) -> Iterator[Any]:
        scope = self.scopes[response.meta["source_id"]]
        channel = response.meta["channel"]
        if response.status == 304:
            log.info("feed %s (source %s) unchanged: 304", response.url, scope.id)
            yield self._archive(response)
            return
        if response.status != 200:
            yield self._archive(response)
            return
        try:
            parsed = discovery.parse_feed(response.body, response.url)
        except XmlRefused as exc:
            yield self._archive(response, error="xml_refused")
            log.warning("feed %s (source %s) refused: %s", response.url, scope.id, exc)
            return
        except XmlError as exc:
            yield self._archive(response, error="not_xml")
            log.warning("feed %s (source %s) is not a feed: %s", response.url, scope.id, exc)
            return
        except Exception:  # a parser bug must not cost the archived response
            yield self._archive(response, error="parse_error")
            log.exception("feed %s (source %s) could not be parsed [parse_error]", response.url, scope.id)
            return
        yield self._archive(response, error="truncated" if parsed.truncated else None)
        if not parsed.entries:
            log.info("feed %s (source %s) has no items", response.url, scope.id)
        yield from self._articles(scope, parsed.entries, channel)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        scope = self.scopes[response.meta["source_id"]]
        if response.status != 200:
            yield self._archive(response)
            return
        try:
            parsed = discovery.parse_sitemap(response.body, response.url)
        except XmlRefused as exc:
            yield self._archive(response, error="xml_refused")
            log.warning("sitemap %s (source %s) refused: %s", response.url, scope.id, exc)
            return
        except XmlError as exc:
            yield self._archive(response, error="not_xml")
            log.warning("sitemap %s (source %s) is not a sitemap: %s", response.url, scope.id, exc)
            return
        except Exception:  # a parser bug must not cost the archived response
            yield self._archive(response, error="parse_error")
            log.exception("sitemap %s (source %s) could not be parsed [parse_error]", response.url, scope.id)
            return
        if parsed.truncated:
            log.warning("sitemap %s (source %s) is truncated or malformed: kept the %d readable entries",
                        response.url, scope.id, len(parsed.entries))  # fmt: skip
        yield self._archive(response, error="truncated" if parsed.truncated else None)
        fresh = [e for e in parsed.entries if not self._older(scope, e)]
        skipped = len(parsed.entries) - len(fresh)
        if skipped:
            log.info("sitemap %s (source %s): %d of %d entries older than the last crawl, skipped",
                     response.url, scope.id, skipped, len(parsed.entries))  # fmt: skip
        fresh = _newest_first(fresh)
        if parsed.kind == "sitemapindex":
            if len(fresh) > MAX_CHILD_SITEMAPS:
                log.info("sitemap index %s (source %s): reading the %d newest of %d child sitemaps",
                         response.url, scope.id, MAX_CHILD_SITEMAPS, len(fresh))  # fmt: skip
            for e in fresh[:MAX_CHILD_SITEMAPS]:
                yield from self._sitemap_request(scope, e.url)
        else:
            yield from self._articles(scope, fresh, "sitemap")

    def parse_wp_json(self, response: Response) -> Iterator[Any]:
        scope = self.scopes[response.meta["source_id"]]
        if response.status != 200:
            yield self._archive(response)
            return
        try:
            entries = discovery.parse_wp_posts(response.body)
        except XmlError as exc:
            yield self._archive(response, error="parse_error")
            log.warning("wp-json %s (source %s): %s", response.url, scope.id, exc)
            return
        yield self._archive(response)
        yield from self._articles(scope, entries, "wp_json")
        page = int(response.meta.get("wp_page", 1))
        total = response.headers.get("X-WP-TotalPages")
        if total and total.isdigit() and page < min(int(total), MAX_WP_JSON_PAGES):
            sep = "&" if "?" in response.url else "?"
            url = response.url.split("&page=")[0] + f"{sep}page={page + 1}"
            yield self._request(url, scope, "search", "wp_json", self.parse_wp_json, wp_page=page + 1)

    def _older(self, scope: SourceScope, entry: Entry) -> bool:
        # Only dated entries can be skipped: an undated one may be new.
        return scope.since is not None and entry.date is not None and entry.date < scope.since

    # -- articles ---------------------------------------------------------------------------------

    def _articles(
        self, scope: SourceScope, entries: Iterable[Entry], channel: str
    ) -> Iterator[scrapy.Request]:
        # Feed and search items are not filtered by date: the seen set already skips old ones, and an
        # article that failed last night must get its second chance.
        for e in entries:
            yield from self._article(scope, e.url, channel, e.date)

    def _article(
        self, scope: SourceScope, url: str, channel: str, date: datetime | None, *, count: bool = True
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
        if canonical == canonicalize(scope.source["url"], aliases=scope.aliases):
            return  # the home page, listed in page sitemaps: fetched as a page, never an article
        if scope.articles_scheduled >= self.max_pages:
            if len(scope.overflow) < OVERFLOW_KEPT:
                scope.overflow.append((canonical, channel))
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
            canonical, scope, "article", channel, self.parse_article, page=1, first_url=canonical
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
        yield self._request(nxt, scope, "article_page", meta["channel"], self.parse_article, page=page + 1,
                            first_url=first_url, part_of=meta.get("part_of") or canonical)  # fmt: skip

    # -- the stats the parent loads ---------------------------------------------------------------

    @staticmethod
    def _shared_stats(stats: dict[str, Any]) -> dict[str, Any]:
        """Distributed crawl only: article requests this worker queued, took, and found already queued."""
        prefix = "rbmon/shared/"
        shared = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
        return {"shared": shared} if shared else {}

    def pending(self) -> dict[str, list[list[str]]]:
        """Article URLs found but left unfetched (stopped run, page budget), per source, with channel."""
        out: dict[str, list[list[str]]] = {}
        for url, (sid, channel) in self.asked.items():
            if url not in self.settled:
                out.setdefault(sid, []).append([url, channel])
        for scope in self.scopes.values():
            if scope.overflow:
                out.setdefault(scope.id, []).extend([url, channel] for url, channel in scope.overflow)
        return out

    def run_stats(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        return {
            "requests": int(stats.get("downloader/request_count", 0)),
            "bytes": int(stats.get("downloader/response_bytes", 0)),
            "errors": dict(self.errors),
            "new_articles": self.new_articles,
            "per_source": {
                sid: {
                    ch: {k: int(c.get(k, 0)) for k in ("ok", "failed", "articles_found")}
                    for ch, c in chans.items()
                }
                for sid, chans in self.per_source.items()
            },
            "conditional": self.conditional_out,
            "pending": self.pending(),
            **self._shared_stats(stats),
            "finish_reason": stats.get("finish_reason"),
            "write_error": stats.get("rbmon/write_error"),
            "elapsed_seconds": stats.get("elapsed_time_seconds"),
        }
