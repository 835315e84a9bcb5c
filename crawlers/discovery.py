"""Pure parsers for the discovery channels: robots.txt, home pages, feeds, sitemaps, WordPress REST.

No network and no Scrapy here: each function takes bytes or text and returns what it found, so each
channel is testable on its own and the spider stays a thin router.

XML safety: feeds and sitemaps come from servers rbmon does not control. A document that declares
entities (``<!ENTITY``), the carrier of "billion laughs" expansion bombs and external-entity reads, is
refused outright (:class:`XmlRefused`); no legitimate feed or sitemap needs one. Everything else is
parsed by lxml with entity resolution, network access and ``huge_tree`` off. A truncated document is
salvaged in recover mode (what was readable is kept) and reported as such.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from crawlers.urls import is_http_url

__all__ = [
    "Entry",
    "ParsedXml",
    "XmlError",
    "XmlRefused",
    "feeds_from_html",
    "is_wordpress_html",
    "next_page_url",
    "page_canonical",
    "parse_date",
    "parse_feed",
    "parse_sitemap",
    "parse_wp_posts",
    "section_links",
    "sitemaps_from_robots",
    "xml_root",
]

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"}


class XmlError(ValueError):
    """The document is not XML at all (HTML error page, JSON, empty body)."""


class XmlRefused(XmlError):
    """The document declares entities: refused, never expanded."""


@dataclass(frozen=True)
class Entry:
    """One URL found by a channel, with the date the channel gave for it (tz-aware UTC) if any.

    Open-web channels also say what they know of the article and its outlet: a title, the outlet's
    name (GDELT's ``domain``, Google News's ``<source>``) and the outlet's home page.
    """

    url: str
    date: datetime | None = None
    title: str | None = None
    outlet: str | None = None
    outlet_url: str | None = None


@dataclass
class ParsedXml:
    """What a feed or sitemap yielded. ``kind``: rss, atom, urlset, sitemapindex or empty."""

    kind: str
    entries: list[Entry] = field(default_factory=list)
    truncated: bool = False
    problem: str | None = None


def parse_date(value: str | None) -> datetime | None:
    """ISO 8601 (sitemaps, wp-json) or RFC 822 (RSS) to tz-aware UTC; naive values are taken as UTC."""
    if not value:
        return None
    value = value.strip()
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt, absolute, in order, without repeats."""
    out: dict[str, None] = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = urljoin(base_url, value.strip())
            if is_http_url(url):
                out.setdefault(url, None)
    return list(out)


def _html_tree(body: bytes | str, base_url: str) -> etree._Element | None:
    if not body or not (body.strip() if isinstance(body, bytes | str) else body):
        return None
    try:
        tree = lxml_html.fromstring(body, base_url=base_url)
    except (etree.ParserError, ValueError):
        return None
    return tree


def feeds_from_html(body: bytes | str, base_url: str) -> list[str]:
    """Feed URLs announced by ``<link rel="alternate" type="application/rss+xml">`` (and Atom)."""
    tree = _html_tree(body, base_url)
    if tree is None:
        return []
    out: dict[str, None] = {}
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES and link.get("href"):
            url = urljoin(base_url, (link.get("href") or "").strip())
            if is_http_url(url) and "/comments/" not in url:  # WordPress comment feeds carry no articles
                out.setdefault(url, None)
    return list(out)


def is_wordpress_html(body: bytes | str) -> bool:
    """True when the page shows WordPress's fingerprints (REST link, wp-content assets)."""
    sample = body[:200_000] if isinstance(body, bytes) else body[:200_000].encode("utf-8", "ignore")
    return b"api.w.org" in sample or b"/wp-content/" in sample or b"/wp-includes/" in sample


def page_canonical(body: bytes | str, base_url: str) -> str | None:
    """The page's ``<link rel="canonical">`` (AMP pages point to their article), absolute, or None."""
    tree = _html_tree(body, base_url)
    if tree is None:
        return None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = urljoin(base_url, (link.get("href") or "").strip())
            return url if is_http_url(url) else None
    return None


_PAGE_PARAM = re.compile(r"([?&])(page|halaman|hal|p)=(\d+)", re.IGNORECASE)
_PAGE_PATH = re.compile(r"/(\d{1,3})/?$")
_HALAMAN = re.compile(r"^\s*(halaman|hal\.?|page)?\s*(\d{1,3})\s*$|^\s*(selanjutnya|berikutnya|next)\b", re.I)


def next_page_url(body: bytes | str, url: str, *, first_url: str, page: int) -> str | None:
    """URL of page ``page + 1`` of a multi-page article, or None.

    Takes ``rel=next`` first, then a pager link whose text is the next number ("2", "Halaman 2") or
    "Selanjutnya". Only URLs that are the article's own URL plus a page marker (``/2/``, ``?page=2``)
    count, so a "next article" link is never mistaken for page 2.
    """
    tree = _html_tree(body, url)
    if tree is None:
        return None
    want = page + 1
    candidates: list[str] = []
    for el in tree.iter("link", "a"):
        if "next" in (el.get("rel") or "").lower().split() and el.get("href"):
            candidates.append(urljoin(url, (el.get("href") or "").strip()))
    for a in tree.iter("a"):
        text = a.text_content() if a.get("href") else ""  # type: ignore[attr-defined]  # an lxml.html element
        m = _HALAMAN.match(text or "")
        if m and (m.group(3) or int(m.group(2)) == want):
            candidates.append(urljoin(url, (a.get("href") or "").strip()))
    base = first_url.split("#")[0]
    stem = base.split("?")[0].rstrip("/")
    for cand in candidates:
        cand = cand.split("#")[0]
        m = _PAGE_PARAM.search(cand)
        if m and int(m.group(3)) == want and cand.split("?")[0].rstrip("/") == stem:
            return cand
        path = cand.split("?")[0]
        m2 = _PAGE_PATH.search(path)
        if m2 and int(m2.group(1)) == want and path[: m2.start()].rstrip("/") == stem:
            return cand
    return None


def section_links(body: bytes | str, url: str, *, netlocs: frozenset[str], sections: list[str]) -> list[str]:
    """Same-site links under the source's sections (all same-site links when it lists none)."""
    from crawlers.urls import looks_non_html, netloc_of

    tree = _html_tree(body, url)
    if tree is None:
        return []
    out: dict[str, None] = {}
    for a in tree.iter("a"):
        href = a.get("href")
        if not href:
            continue
        link = urljoin(url, href.strip()).split("#")[0]
        if not is_http_url(link) or netloc_of(link) not in netlocs or looks_non_html(link):
            continue
        path = link.split("://", 1)[1].partition("/")[2]
        path = "/" + path
        if sections and not any(path.startswith(s) for s in sections):
            continue
        out.setdefault(link, None)
    return list(out)


# -- XML: feeds and sitemaps ---------------------------------------------------------------------


def xml_root(body: bytes) -> tuple[etree._Element, bool]:
    """The root element and whether the document had to be salvaged; refuses entity declarations."""
    if body is None or not body.strip():
        raise XmlError("empty body")
    if _ENTITY_DECL.search(body):
        raise XmlRefused("the document declares XML entities (possible entity-expansion bomb)")
    head = body.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html", b"{", b"[")):
        raise XmlError("not XML (looks like HTML or JSON)")
    strict = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(body, parser=strict), False
    except etree.XMLSyntaxError as exc:
        lenient = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=True
        )
        try:
            root = etree.fromstring(body, parser=lenient)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise XmlError(f"not well-formed XML: {exc}") from None
        return root, True


def _complete(entries: list[Entry], body: bytes, closing: bytes) -> list[Entry]:
    """In a salvaged document, only entries whose URL is followed by its closing tag were read whole."""
    from xml.sax.saxutils import escape

    return [
        e
        for e in entries
        if escape(e.url).encode("utf-8") + closing in body or e.url.encode() + closing in body
    ]


def _local(tag: object) -> str:
    # by hand, not etree.QName: a salvaged document can hold a prefixed name without its namespace
    # (`<rdf:RDF>` undeclared), which QName refuses with a ValueError
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_feed(body: bytes, base_url: str) -> ParsedXml:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed: link and publication date.

    Raises:
        XmlRefused: entity declarations. XmlError: not XML, or a root that is no feed.
    """
    root, truncated = xml_root(body)
    kind = _local(root.tag)
    entries: list[Entry] = []
    if kind in {"rss", "rdf"}:
        items = [el for el in root.iter() if _local(el.tag) == "item"]
        for item in items:
            link = _child_text(item, "link") or _child_text(item, "guid")
            date = parse_date(_child_text(item, "pubdate", "date", "published", "updated"))
            if link:
                url = urljoin(base_url, link)
                if is_http_url(url):
                    entries.append(Entry(url, date))
        kind = "rss"
    elif kind == "feed":
        for item in (el for el in root if _local(el.tag) == "entry"):
            href = None
            for anchor in (el for el in item if _local(el.tag) == "link"):
                if anchor.get("rel", "alternate") == "alternate" and anchor.get("href"):
                    href = anchor.get("href")
                    break
            date = parse_date(_child_text(item, "published", "updated"))
            if href:
                url = urljoin(base_url, href)
                if is_http_url(url):
                    entries.append(Entry(url, date))
        kind = "atom"
    else:
        raise XmlError(f"not a feed (root element <{kind}>)")
    if truncated:
        entries = [
            e
            for e in entries
            if e in _complete(entries, body, b"</link>") or e in _complete(entries, body, b'"')
        ]
    return ParsedXml(kind if entries else "empty", entries, truncated)


def parse_sitemap(body: bytes, base_url: str) -> ParsedXml:
    """Entries of a sitemap index (child sitemaps) or urlset (pages), with lastmod or news date.

    For Google News sitemaps the ``news:publication_date`` is the entry's date (it is the article's
    publication, while ``lastmod`` may be a later edit); otherwise ``lastmod``.

    Raises:
        XmlRefused: entity declarations. XmlError: not XML, or a root that is no sitemap.
    """
    root, truncated = xml_root(body)
    kind = _local(root.tag)
    if kind not in {"urlset", "sitemapindex"}:
        raise XmlError(f"not a sitemap (root element <{kind}>)")
    child = "url" if kind == "urlset" else "sitemap"
    entries = []
    for el in root:
        if _local(el.tag) != child:
            continue
        loc = _child_text(el, "loc")
        if not loc:
            continue
        date = None
        for sub in el.iter():
            if _local(sub.tag) == "publication_date" and sub.text:
                date = parse_date(sub.text)
        if date is None:
            date = parse_date(_child_text(el, "lastmod"))
        url = urljoin(base_url, loc)
        if is_http_url(url):
            entries.append(Entry(url, date))
    if truncated:
        entries = _complete(entries, body, b"</loc>")
    return ParsedXml(kind, entries, truncated)


def parse_wp_posts(body: bytes) -> list[Entry]:
    """Links and dates of a ``/wp-json/wp/v2/posts`` answer.

    Raises:
        XmlError: the body is not a JSON list of posts (a WAF page, a JSON error object).
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise XmlError(f"wp-json answer is not JSON: {exc}") from None
    if not isinstance(data, list):
        raise XmlError("wp-json answer is not a list of posts")
    out = []
    for post in data:
        if not isinstance(post, dict) or not isinstance(post.get("link"), str):
            continue
        date = parse_date(post.get("date_gmt") or post.get("date"))
        if post.get("date_gmt") and date is not None:
            date = date.replace(tzinfo=UTC)
        if is_http_url(post["link"]):
            out.append(Entry(post["link"], date))
    return out
