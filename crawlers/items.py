"""What the spider hands to the item pipeline: one ``FetchItem`` per response or failed request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["FetchItem"]


@dataclass
class FetchItem:
    """One fetch, successful or not; ``response`` is None when no response arrived.

    The pipeline writes the response to the WARC first and only then appends the fetch-log line, so a
    line in the log always points at bytes that are on disk.
    """

    url: str
    canonical_url: str
    source_id: str
    kind: str  # article | article_page | feed | sitemap | search | robots | page
    channel: str
    fetched_at: str  # ISO 8601, tz-aware
    response: Any = None  # scrapy.http.Response
    status: int | None = None
    content_type: str | None = None
    elapsed_ms: float | None = None
    error: str | None = None
    part_of: str | None = None
    page: int = 1
