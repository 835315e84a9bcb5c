"""The weekly digest as plain data: provinces active and quiet, themes, officials, top stories."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.core.errors import RbmonError
from pipeline.core.i18n import DEFAULT_LANGUAGE
from pipeline.digest.trends import Trends

WIB = ZoneInfo("Asia/Jakarta")


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass
class ProvinceActivity:
    code: str
    name: str
    stories: int
    articles: int
    outlets: int
    previous_stories: int
    top_themes: list[str]
    trend: list[int] = field(default_factory=list)  # stories per week over the trend window, this week last

    @property
    def change(self) -> int:
        return self.stories - self.previous_stories


@dataclass
class Story:
    story_id: str
    title: str
    published_at: str | None
    provinces: list[str]
    themes: list[str]
    outlets: list[dict[str, str]]


@dataclass
class ReportedResult:
    """One RB result announced in the week's articles (a row of "results reported this week").

    ``subject`` is the holder as stored (a pemda's canonical name, or a unit as the article writes it:
    scraped text); ``reports`` are the outlets and URLs that carried it; ``conflict`` marks a holder,
    metric and year that the week's reports give different values for.
    """

    province: str | None
    pemda: str | None
    subject: str
    metric: str
    value: str
    year: int | None
    reports: list[dict[str, str]]
    conflict: bool = False


@dataclass
class Digest:
    week: str
    start: str
    end: str
    generated_at: str
    active: list[ProvinceActivity]
    quiet_observed: list[str]
    quiet_no_data: list[str]
    themes: list[tuple[str, int]]
    officials: list[dict[str, Any]]
    stories: list[Story]
    sources: dict[str, int]
    tiles: list[dict[str, Any]] = field(default_factory=list)
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    results: list[ReportedResult] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE  # what the renderers write: "id" (default) or "en"
    trends: Trends | None = None  # the weeks before this one; None for a digest built without them

    def to_json(self) -> str:
        data = asdict(self)
        for a, obj in zip(data["active"], self.active, strict=True):
            a["change"] = obj.change
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def resolve_week(value: str | None, *, today: date | None = None) -> tuple[str, datetime, datetime]:
    """ISO week label and its [start, end) in Jakarta time; default: the last complete week."""
    if value:
        m = _WEEK.match(value.strip())
        if not m:
            raise RbmonError(f"bad week {value!r}", hint="use the ISO form YYYY-Www, e.g. 2025-W27")
        year, week = int(m.group(1)), int(m.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise RbmonError(f"week {value!r} does not exist") from None
    else:
        today = today or datetime.now(WIB).date()
        monday = today - timedelta(days=today.weekday() + 7)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=WIB)
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}", start, start + timedelta(days=7)
