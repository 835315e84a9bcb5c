"""Pure parsers and URL builders for the open-web channels: the GDELT DOC 2.0 API and Google News RSS.

No network and no Scrapy here, as in :mod:`crawlers.discovery`: each function takes bytes or values and
returns what it found, so each can be tested on hostile input on its own.

Both services answer third-party text, so parsing is bounded: the body is capped before it is parsed,
the number of items kept is capped (with a log line), every string is cut to a sane length, a URL must
be absolute http(s), and anything that is not the expected shape is one :class:`OpenWebError` naming
what was wrong, never an exception from deep inside a parser.

GDELT's answers are not always JSON: an invalid query, a rate limit or an overload is a line of plain
text (with HTTP 200 or 429). Its JSON sometimes carries raw control characters inside titles, which
``json.loads(strict=False)`` accepts; anything else that does not parse is ``parse_error``. An empty
result is ``{}``. JSON can also spell what no text should hold: ``\\u0000`` and other control characters
are dropped from titles and outlet names, a lone surrogate (``\\ud800``, which no UTF-8 file or database
row can hold, and which used to cost every other article of the answer when the find was logged)
becomes U+FFFD, and a URL holding either is not a URL. A UTF-8 byte order mark is ignored.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

from crawlers.discovery import Entry, XmlError, XmlRefused, parse_date, xml_root
from crawlers.urls import is_http_url
from pipeline.core.untrusted import strip_controls

__all__ = [
    "GDELT_TIME",
    "MAX_BODY_BYTES",
    "GdeltAnswer",
    "OpenWebError",
    "gdelt_query",
    "gdelt_time",
    "gdelt_url",
    "google_news_query",
    "google_news_url",
    "parse_gdelt",
    "parse_google_news",
]

log = logging.getLogger(__name__)

#: GDELT's compact UTC timestamps: ``seendate`` is ``20250701T083000Z``, the query takes ``20250701083000``
GDELT_TIME = "%Y%m%d%H%M%S"
_SEEN_TIME = "%Y%m%dT%H%M%SZ"
#: a body larger than this is not parsed (a full 250-article answer is about 100 KB)
MAX_BODY_BYTES = 4 * 1024 * 1024
_MAX_URL = 2048
_MAX_TEXT = 500


class OpenWebError(ValueError):
    """An answer the channel cannot read; ``kind`` is the fetch-log error (api_error, parse_error, ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _term(phrase: str) -> str:
    return f'"{phrase}"' if " " in phrase else phrase


def gdelt_query(group: list[str], filters: str) -> str:
    """One GDELT query for a group of phrases: quoted phrases, ORed in parentheses, then the filters.

    GDELT refuses parentheses around a single term, so a group of one is left bare.

    >>> gdelt_query(["reformasi birokrasi", "SPBE"], "sourcecountry:indonesia sourcelang:indonesian")
    '("reformasi birokrasi" OR SPBE) sourcecountry:indonesia sourcelang:indonesian'
    """
    terms = [_term(p) for p in group]
    core = terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"
    return f"{core} {filters}".strip()


def gdelt_time(when: datetime) -> str:
    """A datetime as GDELT's ``startdatetime``/``enddatetime`` (UTC)."""
    return when.astimezone(UTC).strftime(GDELT_TIME)


def gdelt_url(api_url: str, query: str, *, start: datetime, end: datetime | None, max_records: int) -> str:
    """The ``artlist`` request for ``query`` between ``start`` and ``end`` (None: until now), newest first."""
    params = {
        "query": query,
        "mode": "artlist",
        "format": "json",
        "maxrecords": str(max_records),
        "sort": "datedesc",
        "startdatetime": gdelt_time(start),
    }
    if end is not None:
        params["enddatetime"] = gdelt_time(end)
    return f"{api_url}?{urlencode(params)}"


def _encodable(value: str) -> str:
    """``value`` with each lone surrogate (JSON's ``\\ud800``) as U+FFFD: text UTF-8 can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(strip_controls(_encodable(value[: _MAX_TEXT * 4])).split())
    return value[:_MAX_TEXT] or None


def _url(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > _MAX_URL:
        return None
    value = value.strip()
    if strip_controls(value) != value or _encodable(value) != value:
        return None  # a NUL or a lone surrogate: nothing that can be fetched, logged or stored
    return value if is_http_url(value) else None


@dataclass
class GdeltAnswer:
    """What one ``artlist`` answer listed: its articles and how many the answer held in all."""

    entries: list[Entry] = field(default_factory=list)
    #: articles in the answer, readable or not (a full answer, ``maxrecords`` of them, is paged)
    listed: int = 0
    #: the oldest ``seendate`` in the answer: the end of the next time window
    oldest: datetime | None = None


def _text_error(body: bytes) -> OpenWebError:
    first = body.decode("utf-8", "replace").strip().splitlines()
    line = " ".join(first[0].split())[:200] if first else "empty answer"
    return OpenWebError("api_error", f"GDELT answered: {line}")


def parse_gdelt(body: bytes, *, max_records: int) -> GdeltAnswer:
    """The articles of a GDELT DOC 2.0 ``artlist`` JSON answer.

    Args:
        body: the answer as received.
        max_records: the ``maxrecords`` asked for; more articles than that are not read.

    Returns:
        The articles (url, seendate as the date, title, domain as the outlet name), in answer order.

    Raises:
        OpenWebError: ``api_error`` for GDELT's plain-text errors (bad query, rate limit),
            ``parse_error`` for JSON that does not parse or is not an article list, ``too_large``.
    """
    if len(body) > MAX_BODY_BYTES:
        raise OpenWebError("too_large", f"answer of {len(body)} bytes, more than {MAX_BODY_BYTES}")
    body = body.removeprefix(b"\xef\xbb\xbf")
    head = body.lstrip()[:1]
    if head != b"{":
        raise _text_error(body)
    try:
        data = json.loads(body, strict=False)
    except (ValueError, RecursionError) as exc:
        raise OpenWebError("parse_error", f"the answer is not valid JSON: {str(exc)[:200]}") from None
    if not isinstance(data, dict):
        raise OpenWebError("parse_error", "the answer is not a JSON object")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        raise OpenWebError("parse_error", "'articles' is not a list")
    answer = GdeltAnswer(listed=len(articles))
    if len(articles) > max_records:
        log.warning("GDELT listed %d articles, more than the %d asked for: reading the first %d",
                    len(articles), max_records, max_records)  # fmt: skip
    for item in articles[:max_records]:
        if not isinstance(item, dict):
            continue
        seen = item.get("seendate")
        date = None
        if isinstance(seen, str):
            try:
                date = datetime.strptime(seen.strip(), _SEEN_TIME).replace(tzinfo=UTC)
            except ValueError:
                date = None
        if date is not None and (answer.oldest is None or date < answer.oldest):
            answer.oldest = date
        url = _url(item.get("url"))
        if url is None:
            continue
        answer.entries.append(
            Entry(url, date, title=_text(item.get("title")), outlet=_text(item.get("domain")))
        )
    return answer


def google_news_query(group: list[str], *, after: datetime) -> str:
    """One Google News search for a group of phrases, published on or after ``after``'s day.

    >>> from datetime import datetime, UTC
    >>> google_news_query(["reformasi birokrasi", "SPBE"], after=datetime(2025, 7, 1, tzinfo=UTC))
    '"reformasi birokrasi" OR SPBE after:2025-07-01'
    """
    return " OR ".join(_term(p) for p in group) + f" after:{after.astimezone(UTC):%Y-%m-%d}"


def google_news_url(rss_url: str, query: str, *, hl: str, gl: str, ceid: str) -> str:
    """The RSS search request: ``?q=QUERY&hl=id&gl=ID&ceid=ID:id``."""
    return f"{rss_url}?{urlencode({'q': query, 'hl': hl, 'gl': gl, 'ceid': ceid})}"


def parse_google_news(body: bytes, base_url: str, *, max_items: int) -> list[Entry]:
    """The items of a Google News RSS answer: link (to decode), date, title and ``<source url=…>``.

    Raises:
        OpenWebError: ``xml_refused`` (entity declarations), ``not_xml``, ``too_large``.
    """
    if len(body) > MAX_BODY_BYTES:
        raise OpenWebError("too_large", f"answer of {len(body)} bytes, more than {MAX_BODY_BYTES}")
    try:
        root, truncated = xml_root(body)
    except XmlError as exc:
        kind = "xml_refused" if isinstance(exc, XmlRefused) else "not_xml"
        raise OpenWebError(kind, f"is not an RSS feed: {exc}") from None
    if truncated:
        log.warning("Google News answer %s is truncated: reading what parsed", base_url)
    items = [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower().endswith("item")]
    if len(items) > max_items:
        log.warning("Google News listed %d items: reading the first %d", len(items), max_items)
    out = []
    for item in items[:max_items]:
        fields: dict[str, str] = {}
        outlet_url = None
        for child in item:
            if not isinstance(child.tag, str):
                continue
            name = child.tag.rsplit("}", 1)[-1].lower()
            if name == "source":
                outlet_url = _url(child.get("url"))
            if child.text and name not in fields:
                fields[name] = child.text.strip()
        link = _url(fields.get("link"))
        if link is None:
            continue
        out.append(
            Entry(
                link,
                parse_date(fields.get("pubdate")),
                title=_text(fields.get("title")),
                outlet=_text(fields.get("source")),
                outlet_url=outlet_url,
            )
        )
    return out
