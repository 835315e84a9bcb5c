"""The contract between ``pipeline.crawl`` and the crawler subprocess, and the channel vocabulary.

``Channel`` names where a fetch belongs in source health. The crawler tags every request with one
(``crawlers/channels.py`` has one class per discovery channel), the fetch log carries it, the loader
rates each channel's health from it, and the ``source_overview`` view has one column per member.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Channel"]


class Channel(StrEnum):
    """A discovery channel, or one of the two fetch kinds whose health is rated alongside them."""

    ROBOTS = "robots"
    HOME = "home"
    FEED = "feed"
    SITEMAP = "sitemap"
    WP_JSON = "wp_json"
    SEARCH_FEED = "search_feed"
    LINKS = "links"
    ARTICLE = "article"

    @property
    def description(self) -> str:
        """What the channel is, in a few words (the view comments use it)."""
        return _DESCRIPTIONS[self]

    @property
    def discovers(self) -> bool:
        """Whether the channel lists articles: a source whose discovery worked moves its ``since`` mark."""
        return self not in (Channel.ROBOTS, Channel.ARTICLE)


_DESCRIPTIONS = {
    Channel.ROBOTS: "robots.txt fetching",
    Channel.HOME: "the home page channel (feeds it announces, links)",
    Channel.FEED: "the RSS/Atom feed channel",
    Channel.SITEMAP: "the sitemap channel",
    Channel.WP_JSON: "the WordPress REST search channel",
    Channel.SEARCH_FEED: "the WordPress search feed channel",
    Channel.LINKS: "section link following",
    Channel.ARTICLE: "the article fetches themselves",
}
