"""What the spider hands to the item pipeline: one ``FetchItem`` per response or failed request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.core.contract import Channel, FetchKind

__all__ = ["FetchItem"]


@dataclass
class FetchItem:
    """One fetch, successful or not; ``response`` is None when no response arrived.

    The pipeline writes the response to the WARC first and only then appends the fetch-log line (a
    ``FetchRecord``, with this item's channel), so a line in the log always points at bytes on disk.
    """

    url: str
    canonical_url: str
    source_id: str
    kind: FetchKind
    channel: Channel | None  # for an article, the channel that found it
    fetched_at: datetime  # tz-aware
    response: Any = None  # scrapy.http.Response
    status: int | None = None
    content_type: str | None = None
    elapsed_ms: float | None = None
    error: str | None = None
    part_of: str | None = None
    page: int = 1
