"""Canonical URLs: the identity of an article across feeds, sitemaps, AMP pages and tracking links.

The same article reaches the crawler as ``/slug/?utm_source=rss``, ``/slug/amp/``, ``/slug/#comments``
and, on sites with mobile mirrors, ``m.example.com/slug/``. All of them must map to one string, or the
seen set lets the article be fetched again every night. courlan does the general normalisation
(lower-case host, default ports, tracking parameters such as ``fbclid``); this module adds what courlan
leaves alone: fragments, ``utm_*`` in any case, AMP variants and a source's alias hosts.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

__all__ = [
    "NON_HTML_EXTENSIONS",
    "canonicalize",
    "host_of",
    "is_http_url",
    "looks_non_html",
    "netloc_of",
    "outlet_id",
    "public_host",
    "unique_canonical",
    "www_variants",
]

# Links to documents and media are not articles: skipping them by name saves a download.
NON_HTML_EXTENSIONS = frozenset(
    [
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".zip",
        ".rar",
        ".7z",
        ".gz",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".svg",
        ".mp3",
        ".mp4",
        ".avi",
        ".mov",
        ".webm",
        ".apk",
        ".exe",
        ".csv",
        ".json",
        ".xml",
        ".rss",
    ]
)

_AMP_PATH = re.compile(r"/amp/?$", re.IGNORECASE)
_AMP_PARAMS = {"amp", "outputtype", "amp_js_v", "usqp"}
_TRACKING_PREFIXES = ("utm_", "fb_", "ga_", "mc_", "_hs")
_TRACKING_NAMES = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref_src", "_ga", "mkt_tok"}


def is_http_url(url: str) -> bool:
    """True for absolute http(s) URLs with a host; file://, data:, javascript: and relative links are not."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def netloc_of(url: str) -> str:
    """Lower-case ``host[:port]`` (default ports dropped): the unit of "the same site" in rbmon."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443):
        return host
    return f"{host}:{port}"


def outlet_id(netloc: str) -> str:
    """The source id of a discovered outlet: its ``host[:port]`` without ``www.``.

    Registry ids never hold a dot, so a discovered outlet's id can never clash with one.

    >>> outlet_id("WWW.Kompas.com")
    'kompas.com'
    """
    return netloc.strip().lower().removeprefix("www.")


def www_variants(netloc: str) -> tuple[str, str]:
    """The netloc with and without ``www.``, bare form first: one outlet answers on both."""
    bare = netloc.lower().removeprefix("www.")
    return bare, f"www.{bare}"


_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def public_host(netloc: str) -> bool:
    """Whether a host an open-web service named may become a discovered outlet: a DNS name with a dot.

    IP literals and names of private networks (``localhost``, ``*.local``, ``*.internal``) are
    refused: a search result must not send the crawler to this machine or its network. (The tests and
    the demo reach their fixture outlets by name, mapped to 127.0.0.1 by ``crawl.resolve``.)

    >>> public_host("portal.tabalongkab.go.id:8080"), public_host("127.0.0.1:6379"), public_host("localhost")
    (True, False, False)
    """
    host = urlsplit(f"//{netloc}").hostname or ""
    if not host or "." not in host or host.endswith(_PRIVATE_SUFFIXES):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False


def host_of(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower()


def looks_non_html(url: str) -> bool:
    """True when the path names a document or media file (``.pdf``, ``.jpg``, ...)."""
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot:] in NON_HTML_EXTENSIONS


def _keep_param(name: str) -> bool:
    low = name.lower()
    if low in _TRACKING_NAMES or low in _AMP_PARAMS:
        return False
    return not low.startswith(_TRACKING_PREFIXES)


def canonicalize(url: str, *, aliases: Mapping[str, str] | None = None) -> str:
    """The canonical form of ``url``: article identity in the seen set and in ``fetches``.

    Args:
        url: an absolute http(s) URL.
        aliases: alias netloc -> primary netloc of the same source (``m.x.id`` -> ``x.id``).

    Returns:
        The URL with a lower-case host, no fragment, no tracking or AMP parameters, no ``/amp/`` path
        suffix, sorted query parameters and the primary host of its source.

    >>> canonicalize("https://X.id/2025/07/01/slug/amp/?utm_source=rss&utm_medium=feed#komentar")
    'https://x.id/2025/07/01/slug/'
    >>> canonicalize("https://m.x.id/berita/1?page=2&fbclid=abc", aliases={"m.x.id": "x.id"})
    'https://x.id/berita/1?page=2'
    """
    url = url.strip()
    try:
        normal = courlan.normalize_url(url)
    except (ValueError, AttributeError):  # courlan raises on hosts it cannot parse
        normal = url
    parts = urlsplit(normal)
    netloc = parts.netloc.lower()
    if aliases:
        netloc = aliases.get(netloc, netloc)
    path = parts.path or "/"
    if _AMP_PATH.search(path):
        path = _AMP_PATH.sub("/", path)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k))
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def unique_canonical(urls: Iterable[str], *, aliases: Mapping[str, str] | None = None) -> list[str]:
    """Canonical forms of ``urls`` in first-seen order, without repeats."""
    seen: dict[str, None] = {}
    for u in urls:
        seen.setdefault(canonicalize(u, aliases=aliases), None)
    return list(seen)
