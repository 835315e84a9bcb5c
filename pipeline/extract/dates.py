"""Publication dates of Indonesian news pages, as timezone-aware timestamps.

Indonesian pages write dates day-first (``Selasa (1/7/2025)`` is 1 July), name months in Indonesian
(``Agustus``, ``Mei``, ``Des``, old spellings ``Pebruari``, ``Nopember``) and give times in WIB (+07),
WITA (+08) or WIT (+09); a time without a zone is the newsroom's wall-clock time, so callers pass the
source's zone as ``default_tz`` (Jakarta's unless the source says otherwise, see pipeline/core/timezones.py):
a Makassar outlet's "10:00" is 10:00 WITA. Machine-readable dates are often wrong in a way a reader
would notice: a "Z" on what is really local wall-clock time, or a flipped offset sign. So the structured
value is cross-checked against the date a reader sees on the page: when both show the same wall-clock
time, the visible one (with its zone, or the default one) is the truth. A date that gives its zone or
offset keeps it whatever the default.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree

from pipeline.extract.html import parse_html

__all__ = ["find_published", "parse_indonesian_date"]

logger = logging.getLogger(__name__)

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "januari jan january",
        "februari feb pebruari peb february",
        "maret mar march",
        "april apr",
        "mei may",
        "juni jun june",
        "juli jul july",
        "agustus agu agt ags aug august",
        "september sep sept",
        "oktober okt oct october",
        "november nov nopember nop",
        "desember des dec december",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _num
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAYS = r"senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|mon|tue|wed|thu|fri|sat|sun"
_ZONES = {"wib": 7, "wita": 8, "wit": 9}
# Regex hygiene (pages are hostile input): no two adjacent quantifiers may match the same characters
# (``\s*,?\s*`` is written ``\s*(?:,\s*)?``), and the letters after a day name are bounded (a
# "monmonmon..." run would otherwise rescan to the end of the word from every "mon").
_TZ_RX = r"(?P<tz>wita|wib|wit|z\b|utc|gmt\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})"
_TIME_RX = (
    r"(?:(?:\s|[,|\-–—/@]|pukul|jam|at|t)*(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?"
    rf"(?:\.\d+)?\s*(?:{_TZ_RX})?)?"
)
# Order matters: the first pattern that matches a value wins.
_PATTERNS = [
    # JavaScript Date.toString(): "Mon Nov 01 2021 07:08:56 GMT+0000 (Coordinated Universal Time)"
    re.compile(
        rf"(?:{_DAYS})\w{{0,9}}\s+(?P<mon>{_MONTH_RX})\s+(?P<d>\d{{1,2}})\s+(?P<y>\d{{4}})\s+"
        r"(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<tz>gmt\s*[+-]\d{4})",
        re.I,
    ),
    # ISO 8601 and its broken variants: "2022-12-10T13-19-56Z", "2015-11-05 T10:08:58Z", "2017-02-17 13:30:08"
    re.compile(
        r"(?<!\d)(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:\s*(?:T\s*)?(?P<H>\d{2})[:\-.](?P<M>\d{2})"
        rf"(?:[:\-.](?P<S>\d{{2}}))?(?:\.\d+)?\s*(?:{_TZ_RX})?)?",
        re.I,
    ),
    # "Rabu, 02 Jul 2025 10:15 WIB", "1 Juli 2025", "Kamis, 5 November 2015 - 15:56 wib", "16 Nov 21 | 16:05"
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?P<mon>{_MONTH_RX})\.?\s*(?:,\s*)?(?P<y>\d{{4}}|\d{{2}})(?!\d)"
        + _TIME_RX,
        re.I,
    ),
    # "Selasa (1/7/2025)", "Jumat(02/12/2022)", "Kamis, 05/11/2015 10:08 WIB": always day/month/year
    re.compile(
        r"(?<![\d/])(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?![\d/])" + _TIME_RX, re.I
    ),
    # English month first: "November 1, 2021 14:08"
    re.compile(
        rf"\b(?P<mon>{_MONTH_RX})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)" + _TIME_RX,
        re.I,
    ),
]
_MIN_YEAR = 1995
_MAX_DATE_VALUE = 200  # characters of a structured date value that are parsed
_INDONESIAN_OFFSETS = frozenset(timedelta(hours=h) for h in _ZONES.values())

# Where pages put the publication date in machine-readable form, most trusted first.
_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "content_publisheddate",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "date",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,80})"')
# A visible date a reader would see: a day or month name, or d/m/yyyy, with a time next to it.
_VISIBLE = re.compile(
    rf"(?:(?:{_DAYS})\w{{0,9}}\s*(?:,\s*)?(?:\(\s*)?)?\d{{1,2}}(?:\s*(?:{_MONTH_RX})\.?\s*(?:,\s*)?|[/.-]\d{{1,2}}[/.-])\d{{2,4}}"
    r"(?:\s*(?:[,|\-–—]\s*)?(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:wita|wib|wit))?)?"
    r"|(?<!\d)\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?(?:\s*(?:wita|wib|wit))?",
    re.I,
)


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def _offset(tz: str | None, default: tzinfo) -> tzinfo:
    if not tz:
        return default
    tz = tz.lower().replace(" ", "")
    if tz in _ZONES:
        return timezone(timedelta(hours=_ZONES[tz]))
    if tz in ("z", "utc"):
        return UTC
    m = re.fullmatch(r"(?:gmt)?([+-])(\d{1,2}):?(\d{2})?", tz)
    if not m:
        return default
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
    return timezone(-delta if m.group(1) == "-" else delta)


def _build(m: re.Match[str], default: tzinfo) -> datetime | None:
    parts = m.groupdict()
    try:
        month = _MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
        year = int(parts["y"])
        if year < 100:
            year += 2000
        hour, minute = int(parts.get("H") or 0), int(parts.get("M") or 0)
        dt = datetime(year, month, int(parts["d"]), hour, minute, int(parts.get("S") or 0))
    except (ValueError, KeyError, TypeError):
        return None
    if not _MIN_YEAR <= dt.year <= datetime.now().year + 1:
        return None
    return dt.replace(tzinfo=_offset(parts.get("tz"), default))


def parse_indonesian_date(value: str, *, default_tz: str = "Asia/Jakarta") -> datetime | None:
    """Parse the first date in ``value`` (ISO, Indonesian or English forms) into an aware datetime.

    Numeric dates are day/month/year. A value without a zone is in ``default_tz``; WIB, WITA and
    WIT are +07, +08 and +09. Years before 1995 or after next year are refused as typos.

    >>> parse_indonesian_date("Selasa (1/7/2025)").isoformat()
    '2025-07-01T00:00:00+07:00'
    >>> parse_indonesian_date("Rabu, 02 Jul 2025 10:15 WITA").isoformat()
    '2025-07-02T10:15:00+08:00'
    """
    if not value:
        return None
    default = _zone(default_tz)
    for pattern in _PATTERNS:
        for m in pattern.finditer(value):
            dt = _build(m, default)
            if dt is not None:
                return dt
    return None


def _as_tree(html: Any) -> Any | None:
    return parse_html(html) if isinstance(html, (str, bytes)) else html


def _structured(tree: Any) -> list[str]:
    """Machine-readable publication dates, most trusted first."""
    found: list[str] = []
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and script.text:
            found.extend(m.group(1) for m in _JSONLD_DATE.finditer(script.text))
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, content)
    found.extend(metas[k] for k in _META_KEYS if k in metas)
    for el in tree.iter("time"):
        value = el.get("datetime")
        if value and (el.get("itemprop") == "datePublished" or el.get("pubdate") is not None):
            found.append(value)
    # A machine-readable date is a short value; a hostile page's megabyte attribute is cut, not parsed
    # whole three times over.
    return [value[:_MAX_DATE_VALUE] for value in found]


_TEXT_NODES = etree.XPath(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]",
    smart_strings=False,
)


def _visible(tree: Any, limit: int = 40) -> list[str]:
    """Dates a reader sees in the page text, in document order."""
    texts: list[str] = list(_TEXT_NODES(tree) or tree.xpath("//text()", smart_strings=False))  # type: ignore[arg-type]
    out: list[str] = []
    for chunk in texts:
        if len(chunk) < 6 or not any(c.isdigit() for c in chunk):
            continue
        for m in _VISIBLE.finditer(chunk):
            out.append(m.group(0).strip())
            if len(out) >= limit:
                return out
    return out


def _local(dt: datetime, default: tzinfo) -> datetime:
    """UTC instants are shown in the default zone (same instant); a page's own WITA/WIT offset stays."""
    return dt.astimezone(default) if dt.utcoffset() == timedelta(0) else dt


def _wall(dt: datetime) -> tuple[int, int, int, int, int]:
    return (dt.year, dt.month, dt.day, dt.hour, dt.minute)


def _htmldate_day(tree: Any, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        return find_date(tree, url=url, original_date=True, extensive_search=True)
    except Exception:  # htmldate is a best-effort fallback; a failure there must not lose the page
        logger.debug("htmldate failed", exc_info=True)
        return None


def find_published(
    html_tree_or_str: Any, *, url: str | None = None, default_tz: str = "Asia/Jakarta"
) -> tuple[datetime | None, str | None]:
    """Publication time of a news page and the raw string it came from.

    Structured values (JSON-LD ``datePublished``, ``article:published_time`` and friends) come
    first. A structured value whose wall-clock time matches a visible date but whose zone differs
    (a wrong "Z", a flipped sign) takes the visible zone (``default_tz`` when none is shown). Without
    any structured value, the first visible date with a time wins (the first on htmldate's publication
    day when several are shown), then htmldate's day itself at midnight in ``default_tz``.
    ``default_tz`` is the source's zone: the clock of dates the page prints without one.

    Returns:
        ``(when, raw)``; ``(None, None)`` when the page shows no publication date.
    """
    tree = _as_tree(html_tree_or_str)
    if tree is None:
        return None, None
    default = _zone(default_tz)
    visible_cache: list[tuple[datetime, str]] | None = None

    def visible() -> list[tuple[datetime, str]]:
        nonlocal visible_cache
        if visible_cache is None:
            visible_cache = []
            for raw in _visible(tree):
                dt = parse_indonesian_date(raw, default_tz=default_tz)
                if dt is not None:
                    visible_cache.append((dt, raw))
        return visible_cache

    for raw in _structured(tree):
        dt = parse_indonesian_date(raw, default_tz=default_tz)
        if dt is None:
            continue
        explicit = parse_indonesian_date(raw, default_tz="UTC") == dt  # same instant whatever the default
        if explicit and dt.utcoffset() in _INDONESIAN_OFFSETS:
            return dt, raw  # an Indonesian zone given explicitly: nothing to second-guess
        for seen, _seen_raw in visible():
            if _wall(seen) == _wall(dt) and seen.utcoffset() != dt.utcoffset():
                return dt.replace(tzinfo=seen.tzinfo), raw
        return _local(dt, default), raw

    # No machine-readable date. A visible date with a time is a publication stamp (dates inside the
    # story, "Jumat (4/7/2025)", carry none); htmldate's day picks among several stamps (a header
    # clock showing today, related-story stamps), and stands alone when no stamp has a time.
    day = _htmldate_day(tree, url)
    timed = [(dt, raw) for dt, raw in visible() if dt.hour or dt.minute]
    if timed:
        on_day = [(dt, raw) for dt, raw in timed if dt.astimezone(default).date().isoformat() == day]
        return (on_day or timed)[0]
    if day:
        for dt, raw in visible():
            if dt.astimezone(default).date().isoformat() == day:
                return dt, raw
        dt = parse_indonesian_date(day, default_tz=default_tz)
        if dt is not None:
            return dt, day
    if visible():
        return visible()[0]
    return None, None
