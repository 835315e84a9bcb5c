"""The crawl contract: what ``pipeline.crawl`` and the crawler subprocess exchange, typed once.

The parent writes a :class:`CrawlPlan` (``PLAN.json``); the crawler (``python -m crawlers.run``)
appends one :class:`FetchRecord` per response or failed request to the fetch log, then writes its
:class:`CrawlStats`. Both sides import these models, so a field renamed on one side is an error on
the other, not a silently missing key. :class:`Channel` names where a fetch belongs in source
health: the crawler tags every request with one (``crawlers/channels.py`` has one class per
discovery channel), the fetch log carries it, the loader rates each channel's health from it, and
the ``source_overview`` view has one column per member.

Open-web channels (GDELT, Google News) are sources of their own in the plan (``PlannedSource`` with
``channels``); what they find on other hosts is routed to the registry source of that host or to a
*discovered outlet*, and every find is one :class:`DiscoveryFind` line of the finds log.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from pipeline.core.config import CrawlConfig, DiscoveryConfig

__all__ = [
    "Channel",
    "ChannelCounts",
    "CrawlPlan",
    "CrawlStats",
    "DiscoveryFind",
    "DistributedPlan",
    "FetchKind",
    "FetchRecord",
    "FrontierEntry",
    "KnownHost",
    "PlannedSource",
    "Validators",
    "health_channel",
]


class Channel(StrEnum):
    """A discovery channel, or one of the two fetch kinds whose health is rated alongside them.

    Adding a discovery channel: a member here (with its description below) and its class in
    ``crawlers/channels.py``; the loader and the ``source_overview`` view follow from this enum.
    """

    ROBOTS = "robots"
    HOME = "home"
    FEED = "feed"
    SITEMAP = "sitemap"
    WP_JSON = "wp_json"
    SEARCH_FEED = "search_feed"
    LINKS = "links"
    GDELT = "gdelt"
    GOOGLE_NEWS = "google_news"
    ARTICLE = "article"

    @classmethod
    def of(cls, value: str | None) -> Channel | None:
        """The member a stored value names; None for null or a value no longer used (an older rbmon
        stored ``retry`` for frontier URLs whose channel it had not recorded)."""
        return cls(value) if value is not None and value in cls._value2member_map_ else None

    @property
    def description(self) -> str:
        """What the channel is, in a few words (the view comments use it)."""
        return _DESCRIPTIONS[self]

    @property
    def discovers(self) -> bool:
        """Whether the channel lists articles: a source whose discovery worked moves its ``since`` mark."""
        return self not in (Channel.ROBOTS, Channel.ARTICLE)

    @property
    def open_web(self) -> bool:
        """Whether the channel searches the whole web (its finds live on other hosts than its own)."""
        return self in (Channel.GDELT, Channel.GOOGLE_NEWS)


_DESCRIPTIONS = {
    Channel.ROBOTS: "robots.txt fetching",
    Channel.HOME: "the home page channel (feeds it announces, links)",
    Channel.FEED: "the RSS/Atom feed channel",
    Channel.SITEMAP: "the sitemap channel",
    Channel.WP_JSON: "the WordPress REST search channel",
    Channel.SEARCH_FEED: "the WordPress search feed channel",
    Channel.LINKS: "section link following",
    Channel.GDELT: "the GDELT DOC 2.0 API (open web; for an outlet: GDELT listed its articles)",
    Channel.GOOGLE_NEWS: "the Google News RSS search (open web; for an outlet: Google News listed its articles)",
    Channel.ARTICLE: "the article fetches themselves",
}


class FetchKind(StrEnum):
    """What a fetch was for; ``fetches.kind``."""

    ARTICLE = "article"
    ARTICLE_PAGE = "article_page"  # page 2..n of a multi-page article
    FEED = "feed"
    SITEMAP = "sitemap"
    SEARCH = "search"  # WordPress REST search or search feed, GDELT or Google News search
    ROBOTS = "robots"
    PAGE = "page"  # home and section pages

    @property
    def is_article(self) -> bool:
        return self in (FetchKind.ARTICLE, FetchKind.ARTICLE_PAGE)


def health_channel(kind: FetchKind, channel: Channel | None) -> Channel | None:
    """The channel whose health a fetch counts for: an article fetch counts for ``article`` (the channel
    that found the article is credited with the find, not with the fetch)."""
    return Channel.ARTICLE if kind.is_article else channel


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Validators(_Contract):
    """ETag and Last-Modified of a feed or sitemap, sent back as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None


class FrontierEntry(_Contract):
    """An article URL found but not fetched, and the channel that found it (None: not recorded)."""

    url: str
    channel: Channel | None = None


class PlannedSource(_Contract):
    """What the crawler needs to know about one source (the registry entry has more)."""

    id: str
    url: str
    wordpress: bool = False
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list)
    #: channels quarantined for this run (retried once a week)
    skip_channels: list[Channel] = Field(default_factory=list)
    #: the only channels to start (None: every registry channel). ``[]``: a discovered outlet, crawled
    #: only for the URLs discovery found; ``[gdelt]``: the GDELT API itself
    channels: list[Channel] | None = None
    #: seconds between two requests to this source at least, whatever ``download_delay`` says, and one
    #: request at a time (GDELT asks for one request every 5 seconds)
    min_interval: float | None = None


class KnownHost(_Contract):
    """A host of a source that is not in this run's plan: where an open-web find on it belongs."""

    source_id: str
    #: False: the operator disabled the source; finds on it are recorded, never fetched
    enabled: bool = True


class DistributedPlan(_Contract):
    """This worker's place in a distributed crawl (``redis_url`` set)."""

    redis_url: str
    namespace: str
    worker_id: str
    idle_close_seconds: float = 10.0


class CrawlPlan(_Contract):
    """Everything one crawl needs, written by the parent as ``PLAN.json``."""

    run_id: str
    data_dir: Path
    warc_dir: Path
    fetch_log: Path
    stats_out: Path
    #: every canonical URL already fetched, one a line (written by the parent in one query)
    seen_urls_file: Path | None = None
    sources: list[PlannedSource]
    #: per source: sitemap entries and REST results older than this are skipped (None: read everything)
    since: dict[str, datetime | None] = Field(default_factory=dict)
    conditional: dict[str, Validators] = Field(default_factory=dict)
    #: per source: what earlier runs found but did not fetch; asked for first
    retry: dict[str, list[FrontierEntry]] = Field(default_factory=dict)
    user_agent: str
    #: politeness and discovery options: the crawler's only defaults are CrawlConfig's
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    distributed: DistributedPlan | None = None
    #: open-web finds, one DiscoveryFind a line (None: no open-web channel in this run)
    finds_log: Path | None = None
    #: netloc -> source, for every source not in ``sources`` (disabled, resting, discovered earlier):
    #: an open-web find on one of them is credited to it, never to a new discovered outlet
    known_hosts: dict[str, KnownHost] = Field(default_factory=dict)
    #: query groups and the open-web channels' options
    discovery: DiscoveryConfig = Field(default_factory=DiscoveryConfig)


class DiscoveryFind(_Contract):
    """One item an open-web channel listed: kept whether or not it became an article fetch."""

    channel: Channel
    #: the query group as sent
    query: str
    #: the URL as the channel listed it (a Google News link before decoding)
    found_url: str
    #: the article URL in canonical form; None when it could not be had (decoding failed)
    url: str | None = None
    #: the source the article was credited to (a registry source or a discovered outlet)
    source_id: str | None = None
    #: True when this run created the discovered outlet ``source_id`` for it
    new_outlet: bool = False
    outlet_name: str | None = None
    outlet_url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    found_at: datetime
    run_id: str | None = None
    #: why no article fetch came of it: decode_failed, disabled_source, refused_host, not_html, ...
    error: str | None = None
    detail: str | None = None


class FetchRecord(_Contract):
    """One line of the fetch log: one response (archived at ``warc_file``/``warc_offset``) or failure."""

    url: str
    canonical_url: str
    source_id: str | None
    run_id: str | None
    fetched_at: datetime
    kind: FetchKind
    #: the channel that asked for it; for an article, the channel that found it (None: not recorded)
    channel: Channel | None = None
    status: int | None = None
    content_type: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    elapsed_ms: float | None = None
    error: str | None = None
    part_of: str | None = None
    page: int = 1

    @property
    def health_channel(self) -> Channel | None:
        return health_channel(self.kind, self.channel)


class ChannelCounts(_Contract):
    """One channel of one source in one run: requests that worked or failed, new article URLs it found."""

    ok: int = 0
    failed: int = 0
    articles_found: int = 0


class CrawlStats(_Contract):
    """What the crawler reports when it stops; kept whole in ``crawl_runs.stats``."""

    requests: int = 0
    bytes: int = 0
    errors: dict[str, int] = Field(default_factory=dict)
    new_articles: int = 0
    per_source: dict[str, dict[Channel, ChannelCounts]] = Field(default_factory=dict)
    #: validators of the feeds and sitemaps that answered 200, for the next run's conditional GET
    conditional: dict[str, Validators] = Field(default_factory=dict)
    #: article URLs found but left unfetched (stopped run, page budget), per source
    pending: dict[str, list[FrontierEntry]] = Field(default_factory=dict)
    #: distributed crawl only: article requests this worker queued, took, and found already queued
    shared: dict[str, int] = Field(default_factory=dict)
    finish_reason: str | None = None
    write_error: str | None = None
    elapsed_seconds: float | None = None
    #: open-web channels: items they listed, and outlets of no source that this run met first
    finds: int = 0
    outlets_discovered: int = 0
