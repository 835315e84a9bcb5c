"""A DNS resolver for the crawl that answers configured names itself (``crawl.resolve``).

The demo and the tests serve fixture outlets under names such as ``tabalongkab.go.id`` on 127.0.0.1, so
that discovery meets a pemda portal's real-looking host name. Those names are mapped here, inside the
crawler process only: nothing on the machine (``/etc/hosts``) changes, and every other name goes to the
system resolver as usual, through Scrapy's caching resolver.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.crawler import Crawler
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer

__all__ = ["MappedResolver"]


class MappedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, with ``RBMON_RESOLVE`` (host -> IP address) answered first."""

    def __init__(self, reactor: Any, cache_size: int, timeout: float, mapping: dict[str, str]) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.mapping = {k.lower(): v for k, v in mapping.items()}

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> MappedResolver:
        settings = crawler.settings
        cache = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache, settings.getfloat("DNS_TIMEOUT"), dict(settings.getdict("RBMON_RESOLVE")))

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Any:
        address = self.mapping.get(name.lower())
        if address is not None:
            return defer.succeed(address)
        return super().getHostByName(name, timeout)
