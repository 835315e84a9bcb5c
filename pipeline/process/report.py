"""What one processing run did: the counters ``rbmon process`` prints and ``crawl_runs`` keeps."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class ProcessReport:
    run_id: str
    records: int = 0
    bytes: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    rb_relevant: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False
    #: articles whose annotations nlp/ wrote again from their stored text, and how many changed level
    reannotated: int = 0
    reannotated_level_changed: int = 0

    def as_stats(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "bytes": self.bytes,
            "articles_new": self.articles_new,
            "articles_updated": self.articles_updated,
            "rb_relevant": self.rb_relevant,
            "skipped": dict(self.skipped),
            "errors": self.errors,
            "interrupted": self.interrupted,
            "reannotated": self.reannotated,
            "reannotated_level_changed": self.reannotated_level_changed,
        }
