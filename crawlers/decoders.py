"""From a news aggregator's item link to the article URL behind it: one small interface, two implementations.

Google News RSS items link to ``news.google.com/rss/articles/CBMi…``, not to the article. Since 2024 the
article URL is no longer inside that token: it takes a request for the link's signature and a POST to
Google's ``batchexecute`` endpoint. The maintained ``googlenewsdecoder`` package does exactly that and is
the production implementation (:class:`GoogleNewsDecoder`). It talks to news.google.com itself and
nowhere else, so it cannot be pointed at a local server; tests and ``rbmon demo`` use
:class:`RedirectDecoder` instead, which resolves links that answer with an HTTP redirect to the article,
as the fixture site's Google-News-style links do.

Decoding runs in a worker thread (``twisted.internet.threads``), one batch of links at a time, so the
crawl's reactor never waits on it; the decoders pace themselves (``decode_interval`` seconds after each
link). A link that cannot be decoded is a :class:`DecodeError` in the result list, never an exception:
the spider records the item with the reason, and the next run tries again.
"""

from __future__ import annotations

import http.client
import logging
import time
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from crawlers.urls import is_http_url, netloc_of
from pipeline.core.config import GoogleNewsConfig
from pipeline.core.errors import CrawlError

__all__ = ["DecodeError", "GoogleNewsDecoder", "LinkDecoder", "RedirectDecoder", "make_decoder"]

log = logging.getLogger(__name__)

_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_READ = 64 * 1024


class DecodeError(Exception):
    """A link that could not be turned into an article URL; the message says why, in one line."""


class LinkDecoder(Protocol):
    """Turns aggregator links into article URLs, one result per link, in order."""

    def decode(self, links: Sequence[str]) -> list[str | DecodeError]: ...

    def close(self) -> None: ...


def _checked(url: object) -> str | DecodeError:
    if isinstance(url, str) and len(url) <= 2048 and is_http_url(url):
        return url.strip()
    return DecodeError(f"the decoded URL is not an http(s) URL: {str(url)[:120]!r}")


class GoogleNewsDecoder:
    """``googlenewsdecoder``'s ``GoogleDecoder``: one signature request per link, one POST per batch.

    Raises:
        CrawlError: the package is not installed (``pip install 'rbmon[google-news]'``).
    """

    def __init__(self, *, interval: float, timeout: float, user_agent: str) -> None:
        try:
            from googlenewsdecoder import GoogleDecoder
        except ImportError as exc:
            raise CrawlError(
                f"the google_news channel needs the googlenewsdecoder package ({exc.name} is missing)",
                hint="pip install 'rbmon[google-news]', or set discovery.google_news.enabled = false",
            ) from None
        self.interval = interval
        self._decoder: Any = GoogleDecoder(timeout=timeout, user_agent=user_agent)

    def decode(self, links: Sequence[str]) -> list[str | DecodeError]:
        try:
            results = self._decoder.decode_google_news_urls(list(links), interval=self.interval or None)
        except Exception as exc:  # a library bug must not end the crawl: every link is recorded as failed
            log.warning("googlenewsdecoder failed on %d link(s): %s", len(links), exc)
            return [DecodeError(f"decoder failed: {str(exc)[:200]}") for _ in links]
        out: list[str | DecodeError] = []
        for result in results:
            if isinstance(result, dict) and result.get("success"):
                out.append(_checked(result.get("decoded_url")))
            else:
                message = result.get("message") if isinstance(result, dict) else result
                out.append(DecodeError(str(message)[:200] or "not decoded"))
        return out

    def close(self) -> None:
        self._decoder.close()


class RedirectDecoder:
    """Links that answer with a redirect to the article: one GET each, the ``Location`` read, never followed.

    Only links on ``hosts`` (the news service's own netlocs) are asked: an item linking elsewhere is
    not the service's to resolve.
    """

    def __init__(self, *, hosts: frozenset[str], interval: float, timeout: float, user_agent: str) -> None:
        self.hosts = hosts
        self.interval = interval
        self.timeout = timeout
        self.user_agent = user_agent

    def decode(self, links: Sequence[str]) -> list[str | DecodeError]:
        out: list[str | DecodeError] = []
        for n, link in enumerate(links):
            if n and self.interval:
                time.sleep(self.interval)
            out.append(self._one(link))
        return out

    def _one(self, link: str) -> str | DecodeError:
        if not is_http_url(link) or netloc_of(link) not in self.hosts:
            return DecodeError("not a link of the news service")
        parts = urlsplit(link)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = kind(parts.hostname or "", parts.port, timeout=self.timeout)
        try:
            conn.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                         headers={"User-Agent": self.user_agent})  # fmt: skip
            response = conn.getresponse()
            response.read(_MAX_READ)
            location = response.getheader("Location")
        except (OSError, http.client.HTTPException) as exc:
            return DecodeError(f"the link could not be asked: {exc}")
        finally:
            conn.close()
        if response.status not in _REDIRECTS or not location:
            return DecodeError(f"the link answered HTTP {response.status}, not a redirect to the article")
        return _checked(urljoin(link, location))

    def close(self) -> None:
        return None


def make_decoder(
    config: GoogleNewsConfig, *, hosts: frozenset[str], timeout: float, user_agent: str
) -> LinkDecoder:
    """The decoder ``discovery.google_news.decoder`` names."""
    if config.decoder == "redirect":
        return RedirectDecoder(hosts=hosts, interval=config.decode_interval, timeout=timeout,
                               user_agent=user_agent)  # fmt: skip
    return GoogleNewsDecoder(interval=config.decode_interval, timeout=timeout, user_agent=user_agent)
