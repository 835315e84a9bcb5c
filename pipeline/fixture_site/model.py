"""What the fixture site publishes, independent of HTTP: outlets, URLs, related links, page text.

The server renders from this model and :func:`pipeline.fixture_site.articles.gold_records` derives
the gold text from it, so the boilerplate lines in the gold text are exactly the ones the pages show.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from importlib.resources import files
from typing import Any

import yaml

from pipeline.fixture_site.articles import FixtureArticle

__all__ = [
    "OutletSpec",
    "SiteModel",
    "fmt_indonesian_date",
    "load_outlet_specs",
    "tz_label",
]

_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@dataclass(frozen=True)
class OutletSpec:
    """One outlet as described in ``outlets.yaml`` (the raw mapping keeps the less common keys)."""

    id: str
    name: str
    kind: str
    province_code: str | None
    wordpress: bool
    template: str
    tz: timezone
    raw: dict[str, Any] = field(compare=False, repr=False)

    @property
    def traps(self) -> dict[str, Any]:
        return dict(self.raw.get("traps") or {})

    @property
    def boilerplate(self) -> dict[str, str]:
        return dict(self.raw.get("boilerplate") or {})

    @property
    def registered(self) -> bool:
        """False for an outlet of no source registry: rbmon meets it only through open-web discovery."""
        return bool(self.raw.get("registered", True))

    @property
    def host(self) -> str:
        """The host name it is served under (crawls map a name to 127.0.0.1 with ``crawl.resolve``)."""
        return str(self.raw.get("host") or "127.0.0.1")

    @property
    def indexed_by(self) -> tuple[str, ...]:
        """The fixture services that list its articles (``gdelt``, ``google_news``)."""
        return tuple(self.raw.get("indexed_by") or ("gdelt", "google_news"))


def _outlets_yaml() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(
        (files("rbmon_data") / "fixture_site" / "outlets.yaml").read_text("utf-8")
    )
    return raw


def load_services() -> dict[str, dict[str, Any]]:
    """The open-web services of ``outlets.yaml`` (``gdelt``, ``google_news``): paths and traps."""
    return dict(_outlets_yaml().get("services") or {})


def load_outlet_specs() -> list[OutletSpec]:
    raw = _outlets_yaml()
    specs = []
    for o in raw["outlets"]:
        sign = 1 if o["timezone"][0] == "+" else -1
        hours, minutes = o["timezone"][1:].split(":")
        tz = timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
        code = o.get("province_code")
        specs.append(
            OutletSpec(o["id"], o["name"], o["kind"], str(code) if code else None, bool(o["wordpress"]),
                       o["template"], tz, o)
        )  # fmt: skip
    return specs


def tz_label(dt: datetime) -> str:
    offset = dt.utcoffset() or timedelta(0)
    return {7: "WIB", 8: "WITA", 9: "WIT"}.get(int(offset.total_seconds() // 3600), "UTC")


def fmt_indonesian_date(dt: datetime, *, short_month: bool = False, zero_pad: bool = False) -> str:
    """``Selasa, 1 Juli 2025 10:15 WITA`` or, short, ``Rabu, 02 Jul 2025 10:15 WIB``."""
    month = (_MONTHS_SHORT if short_month else _MONTHS)[dt.month - 1]
    day = f"{dt.day:02d}" if zero_pad else str(dt.day)
    return f"{_DAYS[dt.weekday()]}, {day} {month} {dt.year} {dt:%H:%M} {tz_label(dt)}"


def stable_number(key: str, taken: set[int]) -> int:
    """A five-digit id derived from the article id, so it survives other articles being added."""
    n = 10000 + zlib.crc32(key.encode("utf-8")) % 90000
    while n in taken:
        n += 1
    taken.add(n)
    return n


@dataclass
class SiteModel:
    """Articles grouped by outlet (newest first) with their URLs and related links."""

    outlets: list[OutletSpec]
    articles: list[FixtureArticle]
    numbers: dict[str, int]

    @classmethod
    def build(cls, articles: list[FixtureArticle]) -> SiteModel:
        taken: set[int] = set()
        numbers = {a.id: stable_number(a.id, taken) for a in sorted(articles, key=lambda a: a.id)}
        ordered = sorted(articles, key=lambda a: (a.published, a.id), reverse=True)
        return cls(load_outlet_specs(), ordered, numbers)

    def outlet(self, outlet_id: str) -> OutletSpec:
        return next(o for o in self.outlets if o.id == outlet_id)

    def by_outlet(self, outlet_id: str) -> list[FixtureArticle]:
        return [a for a in self.articles if a.outlet == outlet_id]

    def registered(self) -> list[FixtureArticle]:
        """The articles of the registered outlets: what a crawl of ``FixtureSite.sources()`` stores."""
        return [a for a in self.articles if self.outlet(a.outlet).registered]

    def by_id(self, article_id: str) -> FixtureArticle | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def local_time(self, article: FixtureArticle, dt: datetime | None = None) -> datetime:
        return (dt or article.published).astimezone(self.outlet(article.outlet).tz)

    # -- URLs (paths only; the server prefixes its base URL) --------------------------------------

    def article_path(self, article: FixtureArticle) -> str:
        """The outlet's ``article_url`` scheme filled in (``{yyyy}/{mm}/{dd}``, ``{yyyymmdd}``, ``{number}``, ...)."""
        d = self.local_time(article)
        return str(self.outlet(article.outlet).raw["article_url"]).format(
            yyyy=f"{d:%Y}", mm=f"{d:%m}", dd=f"{d:%d}", yyyymmdd=f"{d:%Y%m%d}", slug=article.slug,
            number=self.numbers[article.id], section=article.section,
        )  # fmt: skip

    def page_path(self, article: FixtureArticle, page: int) -> str:
        """URL of page ``page`` (1-based) of a multi-page article."""
        base = self.article_path(article)
        if page == 1:
            return base
        if article.outlet == "suarabumi":
            return f"{base}{page}/"
        return f"{base}?page={page}"

    def amp_path(self, article: FixtureArticle) -> str | None:
        return self.article_path(article) + "amp/" if article.outlet == "suarabumi" else None

    def section_path(self, outlet_id: str, section: str) -> str:
        return str(self.outlet(outlet_id).raw["section_url"]).format(section=section)

    # -- related links and the text lines the page shows -------------------------------------------

    def related(self, article: FixtureArticle) -> FixtureArticle | None:
        """The "Baca Juga" target: the next older article of the same outlet (or the newest)."""
        same = self.by_outlet(article.outlet)
        others = [a for a in same if a.id != article.id]
        if not others:
            return None
        older = [a for a in others if (a.published, a.id) < (article.published, article.id)]
        return older[0] if older else others[0]

    def body_pages(self, article: FixtureArticle) -> list[list[tuple[str, str, str | None]]]:
        """Each page as (kind, text, href) items, the in-body boilerplate inserted where the page shows it.

        kinds: ``p``, ``h2``, ``marker`` (a plain boilerplate line), ``related`` (label + linked title).
        """
        outlet = self.outlet(article.outlet)
        related = self.related(article)
        pages: list[list[tuple[str, str, str | None]]] = []
        for number, blocks in enumerate(article.pages, start=1):
            items: list[tuple[str, str, str | None]] = []
            paragraphs = 0
            for block in blocks:
                items.append((block.kind, block.text, None))
                if block.kind != "p" or number != 1:
                    continue
                paragraphs += 1
                if paragraphs == 1 and outlet.boilerplate.get("after_first_paragraph"):
                    items.append(("marker", outlet.boilerplate["after_first_paragraph"], None))
                if paragraphs == 2 and related is not None:
                    label = outlet.raw["related_label"]
                    items.append(("related", f"{label} {related.title}", self.article_path(related)))
            pages.append(items)
        pages[-1].append(("marker", outlet.boilerplate["end_marker"], None))
        return pages

    def trailer_lines(self, article: FixtureArticle) -> list[str]:
        """Text lines shown after the body: credits, tags, share prompt, follow prompt, comment form."""
        outlet = self.outlet(article.outlet)
        bp = outlet.boilerplate
        lines = []
        if outlet.raw.get("credit"):
            lines.append(str(outlet.raw["credit"]).format(author=article.author))
        elif article.outlet == "suarabumi":
            lines.append(f"Penulis: {article.author}")
            if article.editor:
                lines.append(f"Editor: {article.editor}")
        elif article.outlet == "nusantarapos":
            lines.append(
                f"Pewarta: {article.author}" + (f" Editor: {article.editor}" if article.editor else "")
            )
        else:
            lines.append(f"(Humas/{article.author})")
        if article.tags:
            lines.append("Tags: " + ", ".join(article.tags))
        for key in ("follow", "share", "comment_heading", "comment_note"):
            if bp.get(key):
                lines.append(bp[key])
        return lines

    def article_text(self, article: FixtureArticle, *, with_boilerplate: bool = True) -> str:
        """Title line, blank line, the body (and, with boilerplate, the junk lines the page shows)."""
        if not with_boilerplate:
            return f"{article.title}\n\n{article.plain_body()}"
        lines = [text for page in self.body_pages(article) for _kind, text, _href in page]
        lines += self.trailer_lines(article)
        return article.title + "\n\n" + "\n\n".join(lines)

    def excerpt(self, article: FixtureArticle, words: int = 40) -> str:
        first = next(b.text for page in article.pages for b in page if b.kind == "p")
        tokens = first.split()
        return " ".join(tokens[:words]) + (" […]" if len(tokens) > words else "")
