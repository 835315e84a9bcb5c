"""The fixture site's open-web services: a GDELT-DOC-2.0-style ``artlist`` API and a Google-News-style RSS search.

They list the fixture outlets' articles the way the real services list the web's: GDELT by its
``query`` (phrases, OR-groups, ``sourcecountry:``/``sourcelang:`` filters), a time window and
``maxrecords``, newest first, ``{}`` when nothing matches; Google News as RSS items whose links point
back at the service (``/rss/articles/<token>``), each link answering a redirect to the article, with the
outlet in ``<source url=…>``. Which service lists which outlet is ``indexed_by`` in ``outlets.yaml``:
GDELT, like the real one, does not see the small pemda portal.

Their traps (``services:`` in ``outlets.yaml``): a query term shorter than three letters gets GDELT's
plain-text error, a chosen term gets JSON cut short, an outlet URL that now redirects off-site is still
listed, and every non-empty Google News answer lists one item whose link cannot be decoded (404).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from pipeline.fixture_site.content import Response, SiteContent
from pipeline.fixture_site.model import SiteModel, load_services

__all__ = ["GDELT", "GOOGLE_NEWS", "IndexEntry", "Services", "query_terms"]

GDELT = "gdelt"
GOOGLE_NEWS = "google_news"
_TERM = re.compile(r'"([^"]+)"|(\S+)')
_TIME = "%Y%m%d%H%M%S"


@dataclass(frozen=True)
class IndexEntry:
    """One URL a service knows: an article of an outlet it indexes, or a trap URL."""

    key: str  # article id, or the trap's name
    url: str
    title: str
    text: str
    published: datetime
    outlet_id: str
    outlet_name: str
    outlet_base: str


def query_terms(query: str) -> tuple[list[str], dict[str, str]]:
    """The search terms (phrases and words) and the ``name:value`` operators of a query.

    >>> query_terms('("reformasi birokrasi" OR SPBE) sourcecountry:indonesia')
    (['reformasi birokrasi', 'SPBE'], {'sourcecountry': 'indonesia'})
    """
    terms: list[str] = []
    operators: dict[str, str] = {}
    for phrase, word in _TERM.findall(query.replace("(", " ").replace(")", " ")):
        if phrase:
            terms.append(phrase)
            continue
        if word == "OR":
            continue
        name, sep, value = word.partition(":")
        if sep and name.isalpha():
            operators[name.lower()] = value
        else:
            terms.append(word)
    return terms, operators


def _token(key: str) -> str:
    """A Google-News-looking article token that the fixture can map back."""
    return "CBMi" + base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii").rstrip("=")


class Services:
    """The two services' answers, computed per request from the site model (they are cheap)."""

    def __init__(self, model: SiteModel, content: SiteContent, service_bases: Mapping[str, str]) -> None:
        self.model = model
        self.content = content
        self.config = load_services()
        self.bases = {k: v.rstrip("/") + "/" for k, v in service_bases.items()}
        self.links: dict[str, str] = {}
        self.indexes = {service: self._index(service) for service in (GDELT, GOOGLE_NEWS)}
        for entry in self.indexes[GOOGLE_NEWS]:
            self.links[_token(entry.key)] = entry.url

    def path(self, service: str) -> str:
        return str(self.config[service]["path"])

    def _index(self, service: str) -> list[IndexEntry]:
        out = []
        for article in self.model.articles:
            outlet = self.model.outlet(article.outlet)
            if service not in outlet.indexed_by:
                continue
            out.append(
                IndexEntry(
                    article.id,
                    self.content.abs_url(outlet.id, self.model.article_path(article)),
                    article.title,
                    article.plain_body(),
                    article.published,
                    outlet.id,
                    outlet.name,
                    self.content.base_urls[outlet.id],
                )
            )
        if service == GDELT:  # GDELT keeps listing a URL that has moved since
            for outlet in self.model.outlets:
                path = outlet.traps.get("offsite_redirect")
                if path and GDELT in outlet.indexed_by:
                    newest = max(a.published for a in self.model.by_outlet(outlet.id))
                    title = str(outlet.traps["offsite_redirect_title"])
                    out.append(IndexEntry("offsite_redirect", self.content.abs_url(outlet.id, path), title, title,
                                          newest, outlet.id, outlet.name, self.content.base_urls[outlet.id]))  # fmt: skip
        return sorted(out, key=lambda e: (e.published, e.key), reverse=True)

    def search(self, service: str, terms: list[str]) -> list[IndexEntry]:
        """Entries holding any of the terms (case-insensitive), newest first."""
        wanted = [t.lower() for t in terms]
        return [e for e in self.indexes[service] if any(t in f"{e.title}\n{e.text}".lower() for t in wanted)]

    # -- GDELT ---------------------------------------------------------------------------------------

    def gdelt(self, params: Mapping[str, str]) -> Response:
        """``mode=artlist&format=json`` as GDELT answers it, errors as lines of text."""
        traps = self.config[GDELT]["traps"]
        if params.get("mode", "").lower() != "artlist" or params.get("format", "").lower() != "json":
            return Response(200, b"Invalid mode or format.\n", "text/html; charset=utf-8")
        terms, _operators = query_terms(params.get("query", ""))
        if not terms or any(len(t) < 3 for t in terms):
            return Response(200, (traps["short_term_error"] + "\n").encode(), "text/html; charset=utf-8")
        try:
            start = datetime.strptime(params["startdatetime"], _TIME).replace(tzinfo=UTC)
            end = (
                datetime.strptime(params["enddatetime"], _TIME).replace(tzinfo=UTC)
                if params.get("enddatetime")
                else datetime.now(UTC)
            )
            limit = min(int(params.get("maxrecords", "75")), 250)
        except (KeyError, ValueError):
            return Response(200, b"Invalid query start date.\n", "text/html; charset=utf-8")
        hits = [e for e in self.search(GDELT, terms) if start <= e.published.astimezone(UTC) <= end][:limit]
        if not hits:
            return Response(200, b"{}", "application/json; charset=utf-8")
        body = json.dumps({"articles": [self._gdelt_article(e) for e in hits]}, ensure_ascii=False).encode()
        if traps["malformed_term"] in terms:
            body = body[: len(body) // 2]
        return Response(200, body, "application/json; charset=utf-8")

    @staticmethod
    def _gdelt_article(entry: IndexEntry) -> dict[str, str]:
        host = (urlsplit(entry.url).hostname or "").removeprefix("www.")
        return {
            "url": entry.url,
            "url_mobile": "",
            "title": entry.title,
            "seendate": f"{entry.published.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            "socialimage": "",
            "domain": host,
            "language": "Indonesian",
            "sourcecountry": "Indonesia",
        }

    # -- Google News ---------------------------------------------------------------------------------

    def google_news(self, params: Mapping[str, str]) -> Response:
        """The RSS search: items newest first, each link to ``/rss/articles/<token>`` on this service."""
        terms, operators = query_terms(params.get("q", ""))
        after = None
        if "after" in operators:
            try:
                after = datetime.strptime(operators["after"], "%Y-%m-%d").date()
            except ValueError:
                after = None
        hits = [
            e
            for e in self.search(GOOGLE_NEWS, terms)
            if after is None or e.published.astimezone(UTC).date() >= after
        ]
        items = [
            self._item(e.title, _token(e.key), e.published, e.outlet_name, e.outlet_base) for e in hits[:100]
        ]
        if hits:
            gone = self.config[GOOGLE_NEWS]["traps"]["undecodable_title"]
            items.append(self._item(gone, "CBMiSudahDihapus", hits[0].published, hits[0].outlet_name,
                                    hits[0].outlet_base))  # fmt: skip
        title = escape(f"{params.get('q', '')} - Google Berita")
        body = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
            f"<generator>NFE/5.0</generator><title>{title}</title><link>{escape(self.bases[GOOGLE_NEWS])}</link>"
            f"<language>{escape(params.get('hl', 'id'))}</language>"
            "<description>Google Berita</description>" + "".join(items) + "</channel></rss>"
        )
        return Response(200, body.encode("utf-8"), "application/rss+xml; charset=utf-8")

    def _item(self, title: str, token: str, published: datetime, outlet_name: str, outlet_base: str) -> str:
        link = f"{self.bases[GOOGLE_NEWS]}{self.config[GOOGLE_NEWS]['links'].strip('/')}/{token}?oc=5"
        return (
            f"<item><title>{escape(f'{title} - {outlet_name}')}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{escape(token)}</guid>'
            f"<pubDate>{format_datetime(published.astimezone(UTC), usegmt=True)}</pubDate>"
            f"<description>{escape(f'<a href={quoteattr(link)}>{escape(title)}</a>')}</description>"
            f"<source url={quoteattr(outlet_base.rstrip('/'))}>{escape(outlet_name)}</source></item>"
        )

    def google_link(self, path: str) -> Response:
        """A Google News link: a redirect to the article it stands for, or 404 for one it never issued."""
        token = path.rstrip("/").rsplit("/", 1)[-1]
        target = self.links.get(token)
        if target is None:
            return Response(404, b"Not Found\n", "text/plain; charset=utf-8")
        return Response(302, b"", "text/html; charset=utf-8", {"Location": target})

    def respond(self, service: str, path: str, params: Mapping[str, str]) -> Response:
        if service == GDELT and path == self.path(GDELT):
            return self.gdelt(params)
        if service == GOOGLE_NEWS and path == self.path(GOOGLE_NEWS):
            return self.google_news(params)
        if service == GOOGLE_NEWS and path.startswith(str(self.config[GOOGLE_NEWS]["links"])):
            return self.google_link(path)
        return Response(404, b"Not Found\n", "text/plain; charset=utf-8")
