"""Fixture articles: the Markdown-with-front-matter files under ``rbmon_data/fixture_site/articles``.

Several people write these files in parallel, so the loader is strict and says which file and which
key is wrong: a typo in a gold province must fail loudly here, not silently lower an evaluation score.
The body holds only the article text; the server adds the boilerplate, and :func:`gold_records`
reproduces that boilerplate as text lines so the annotator is measured on what a crawl really yields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "NEXTPAGE",
    "OUTLET_IDS",
    "RB_LEVELS",
    "Block",
    "FixtureArticle",
    "FixtureArticleError",
    "Gold",
    "GoldFact",
    "GoldOfficial",
    "articles_dir",
    "gold_records",
    "gold_vocabulary",
    "load_articles",
    "parse_article",
    "registered_articles",
]

NEXTPAGE = "<!-- nextpage -->"
#: the registered outlets, then the two of no registry that only open-web discovery finds
OUTLET_IDS = ("suarabumi", "pemprov-ntb", "nusantarapos", "pemkab-tabalong", "wartakhatulistiwa")
_REQUIRED = ("id", "outlet", "slug", "section", "title", "published", "author", "tags", "gold")
_OPTIONAL = ("modified", "editor", "photo_caption", "encoding", "syndicated_from")
_GOLD_REQUIRED = ("rb_relevant", "rb_level", "provinces", "regencies", "officials", "themes")
RB_LEVELS = ("core", "related", "none")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REGENCY = re.compile(r"^(Kabupaten|Kota) [A-Z]")


class FixtureArticleError(ValueError):
    """A fixture article file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class GoldOfficial:
    name: str
    position: str


@dataclass(frozen=True)
class GoldFact:
    """A reported RB result as the text states it (LABELLING.md, "Facts (scorecard)")."""

    subject: str
    metric: str
    value: str
    year: int | None
    status: str


@dataclass(frozen=True)
class Gold:
    """One article's gold labels, as ``../shared/eval/LABELLING.md`` defines them.

    ``rb_level`` is ``core`` (RB activity), ``related`` (governance news near RB: ASN discipline,
    pelantikan and open selection, recruitment, complaint handling, audits, service delivery,
    innovation without RB framing) or ``none``; ``rb_relevant`` is ``rb_level == "core"``, and only
    core articles carry themes and facts (reported results: every core article lists them, maybe
    none, so a missing list is a mistake, not an article without results).
    """

    rb_relevant: bool
    rb_level: str
    provinces: tuple[str, ...]
    regencies: tuple[str, ...]
    officials: tuple[GoldOfficial, ...]
    themes: tuple[str, ...]
    notes: str | None = field(default=None, compare=False)  # commentary, not an annotation
    facts: tuple[GoldFact, ...] = ()


@dataclass(frozen=True)
class Block:
    """One block of an article body: a paragraph (``p``) or a sub-heading (``h2``)."""

    kind: str
    text: str


@dataclass(frozen=True)
class FixtureArticle:
    id: str
    outlet: str
    slug: str
    section: str
    title: str
    published: datetime
    author: str
    tags: tuple[str, ...]
    gold: Gold
    body: str
    modified: datetime | None = None
    editor: str | None = None
    photo_caption: str | None = None
    encoding: str | None = None
    syndicated_from: str | None = None
    source_file: str = field(default="", compare=False)

    @property
    def pages(self) -> list[list[Block]]:
        """The body split at WordPress's ``<!-- nextpage -->`` marker, each page as blocks."""
        return [_blocks(chunk) for chunk in re.split(r"^\s*<!-- nextpage -->\s*$", self.body, flags=re.M)]

    @property
    def updated(self) -> datetime:
        return self.modified or self.published

    def plain_body(self) -> str:
        """All pages' paragraphs and sub-headings as text, paragraphs separated by blank lines."""
        return "\n\n".join(b.text for page in self.pages for b in page)


def _blocks(chunk: str) -> list[Block]:
    """Paragraphs are separated by blank lines; a ``## `` line is a heading even without blank lines."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(Block("p", " ".join(lines)))
            lines.clear()

    for raw in chunk.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Block("h2", line[3:].strip()))
        else:
            lines.append(line)
    flush()
    return blocks


def articles_dir() -> Traversable:
    """The packaged articles directory (works from a checkout and from an installed wheel)."""
    return files("rbmon_data") / "fixture_site" / "articles"


def gold_vocabulary() -> dict[str, list[str]]:
    """Valid gold theme keys, the 38 canonical province names, the metric keys and fact statuses."""
    raw = yaml.safe_load((files("rbmon_data") / "fixture_site" / "gold_vocabulary.yaml").read_text("utf-8"))
    return {
        "theme_keys": list(raw["theme_keys"]),
        "provinces": list(raw["provinces"]),
        "metric_keys": list(raw["metric_keys"]),
        "fact_statuses": list(raw["fact_statuses"]),
    }


def _err(name: str, key: str, problem: str) -> FixtureArticleError:
    return FixtureArticleError(f"{name}: key '{key}': {problem}")


def _datetime(name: str, key: str, value: Any) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise _err(name, key, f"not an ISO 8601 date-time: {value!r}") from None
    else:
        raise _err(name, key, f"expected an ISO 8601 date-time with offset, got {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _err(name, key, f"needs a UTC offset such as +07:00: {value!r}")
    return parsed


def _str(name: str, meta: Mapping[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = meta.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _err(name, key, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _str_list(name: str, container: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = container.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _err(name, key, f"expected a list of strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _gold(name: str, raw: Any, vocab: Mapping[str, list[str]]) -> Gold:
    if not isinstance(raw, dict):
        raise _err(name, "gold", "expected a mapping")
    for key in _GOLD_REQUIRED:
        if key not in raw:
            raise _err(name, f"gold.{key}", "missing")
    if not isinstance(raw["rb_relevant"], bool):
        raise _err(name, "gold.rb_relevant", f"expected true/false, got {raw['rb_relevant']!r}")
    level = raw["rb_level"]
    if level not in RB_LEVELS:
        raise _err(name, "gold.rb_level", f"expected one of {', '.join(RB_LEVELS)}, got {level!r}")
    if raw["rb_relevant"] != (level == "core"):
        expected = "true" if level == "core" else "false"
        raise _err(name, "gold.rb_relevant", f"must be {expected} when rb_level is {level}")
    provinces = _str_list(name, raw, "provinces")
    for p in provinces:
        if p not in vocab["provinces"]:
            raise _err(name, "gold.provinces", f"{p!r} is not one of the 38 canonical province names")
    regencies = _str_list(name, raw, "regencies")
    for r in regencies:
        if not _REGENCY.match(r):
            raise _err(name, "gold.regencies", f"{r!r} must read 'Kabupaten X' or 'Kota X'")
    themes = _str_list(name, raw, "themes")
    for t in themes:
        if t not in vocab["theme_keys"]:
            raise _err(name, "gold.themes", f"unknown theme key {t!r}")
    if themes and level != "core":
        raise _err(name, "gold.themes", f"must be empty when rb_level is {level} (only core has themes)")
    officials_raw = raw["officials"]
    if not isinstance(officials_raw, list):
        raise _err(name, "gold.officials", "expected a list of {name, position}")
    officials = []
    for o in officials_raw:
        if not (
            isinstance(o, dict) and isinstance(o.get("name"), str) and isinstance(o.get("position"), str)
        ):
            raise _err(name, "gold.officials", f"each entry needs string name and position, got {o!r}")
        officials.append(GoldOfficial(o["name"].strip(), o["position"].strip()))
    notes = raw.get("notes")
    facts = _facts(name, raw, level, vocab)
    return Gold(raw["rb_relevant"], level, provinces, regencies, tuple(officials), themes, notes, facts)


def _facts(
    name: str, raw: Mapping[str, Any], level: str, vocab: Mapping[str, list[str]]
) -> tuple[GoldFact, ...]:
    """The gold facts: required on core articles (possibly empty), absent or empty on the others."""
    if "facts" not in raw:
        if level == "core":
            raise _err(
                name, "gold.facts", "missing: a core article lists its reported results (facts: [] if none)"
            )
        return ()
    items = raw["facts"]
    if not isinstance(items, list):
        raise _err(name, "gold.facts", "expected a list of {subject, metric, value, year, status}")
    if items and level != "core":
        raise _err(
            name, "gold.facts", f"must be empty when rb_level is {level} (facts come from core articles)"
        )
    facts = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"subject", "metric", "value", "year", "status"}:
            raise _err(
                name, "gold.facts", f"each entry needs exactly subject, metric, value, year, status: {item!r}"
            )
        subject, metric, value, year, status = (
            item[k] for k in ("subject", "metric", "value", "year", "status")
        )
        if not (isinstance(subject, str) and subject.strip() and isinstance(value, str) and value.strip()):
            raise _err(
                name, "gold.facts", f"subject and value must be non-empty strings (quote numbers): {item!r}"
            )
        if metric not in vocab["metric_keys"]:
            raise _err(name, "gold.facts", f"unknown metric {metric!r}")
        if status not in vocab["fact_statuses"]:
            raise _err(
                name, "gold.facts", f"status must be one of {', '.join(vocab['fact_statuses'])}: {status!r}"
            )
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise _err(name, "gold.facts", f"year must be an integer or null: {item!r}")
        facts.append(GoldFact(subject.strip(), metric, value.strip(), year, status))
    return tuple(facts)


def parse_article(
    text: str, *, name: str = "<string>", vocab: Mapping[str, list[str]] | None = None
) -> FixtureArticle:
    """Parse one article file's text; ``name`` (the file name) prefixes every error message.

    Raises:
        FixtureArticleError: front matter missing, a required key absent or of the wrong type,
            an unknown outlet, theme key or province name.
    """
    vocab = vocab or gold_vocabulary()
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n(.*)\Z", text.replace("\r\n", "\n"), re.S)
    if not match:
        raise FixtureArticleError(f"{name}: no YAML front matter between '---' lines at the top")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise FixtureArticleError(f"{name}: front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise FixtureArticleError(f"{name}: front matter must be a mapping")
    for key in _REQUIRED:
        if key not in meta:
            raise _err(name, key, "missing")
    unknown = set(meta) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise _err(name, sorted(unknown)[0], "unknown key")
    article_id = _str(name, meta, "id")
    outlet = _str(name, meta, "outlet")
    if outlet not in OUTLET_IDS:
        raise _err(name, "outlet", f"{outlet!r} is not one of {', '.join(OUTLET_IDS)}")
    slug = _str(name, meta, "slug")
    assert slug is not None and article_id is not None
    if not _SLUG.match(slug):
        raise _err(name, "slug", f"{slug!r} must be lowercase words joined by '-'")
    section = _str(name, meta, "section")
    assert section is not None
    if not _SLUG.match(section):
        raise _err(name, "section", f"{section!r} must be a lowercase slug")
    encoding = _str(name, meta, "encoding", optional=True)
    if encoding:
        try:
            "x".encode(encoding)
        except LookupError:
            raise _err(name, "encoding", f"unknown encoding {encoding!r}") from None
    body = match.group(2).strip()
    if not body:
        raise _err(name, "body", "the article has no text")
    modified = meta.get("modified")
    return FixtureArticle(
        id=article_id,
        outlet=outlet,
        slug=slug,
        section=section,
        title=_str(name, meta, "title") or "",
        published=_datetime(name, "published", meta["published"]),
        modified=_datetime(name, "modified", modified) if modified is not None else None,
        author=_str(name, meta, "author") or "",
        editor=_str(name, meta, "editor", optional=True),
        photo_caption=_str(name, meta, "photo_caption", optional=True),
        tags=_str_list(name, meta, "tags"),
        encoding=encoding,
        syndicated_from=_str(name, meta, "syndicated_from", optional=True),
        gold=_gold(name, meta["gold"], vocab),
        body=body,
        source_file=name,
    )


def load_articles(directory: Path | Traversable | None = None) -> list[FixtureArticle]:
    """Load and validate every ``*.md`` article, sorted by id.

    Args:
        directory: where the files are; the packaged ``fixture_site/articles`` by default.

    Raises:
        FixtureArticleError: a file is malformed, an id differs from its file name or repeats, or
            ``syndicated_from`` names an article that does not exist.
    """
    base = directory if directory is not None else articles_dir()
    vocab = gold_vocabulary()
    articles: dict[str, FixtureArticle] = {}
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".md") or entry.name.startswith("."):
            continue
        article = parse_article(entry.read_text(encoding="utf-8"), name=entry.name, vocab=vocab)
        if article.id != entry.name[:-3]:
            raise _err(entry.name, "id", f"{article.id!r} differs from the file name")
        if article.id in articles:
            raise _err(entry.name, "id", f"{article.id!r} is used twice")
        articles[article.id] = article
    seen_urls: dict[tuple[str, str], str] = {}
    for article in articles.values():
        if article.syndicated_from and article.syndicated_from not in articles:
            raise _err(article.source_file, "syndicated_from", f"no article {article.syndicated_from!r}")
        key = (article.outlet, article.slug)
        if key in seen_urls:
            raise _err(article.source_file, "slug", f"{article.slug!r} also used by {seen_urls[key]}")
        seen_urls[key] = article.id
    return list(articles.values())


def gold_records(
    *,
    with_boilerplate: bool = True,
    base_urls: Mapping[str, str] | None = None,
    articles: Iterable[FixtureArticle] | None = None,
) -> list[dict[str, Any]]:
    """One ``rbmon annotate`` input+gold record per article.

    Args:
        with_boilerplate: add the in-body junk lines the served page shows (related-article line,
            "Bacaan Lainnya", author lines, share prompt, comment form), as a crawl would yield.
        base_urls: outlet id -> base URL (``FixtureSite.base_url``); URLs are path-only without it.
        articles: the articles to use; :func:`load_articles` by default.
    """
    from pipeline.fixture_site.model import SiteModel

    model = SiteModel.build(list(articles) if articles is not None else load_articles())
    records = []
    for article in model.articles:
        base = (base_urls or {}).get(article.outlet, "").rstrip("/")
        gold = article.gold
        records.append(
            {
                "id": article.id,
                "title": article.title,
                "url": base + model.article_path(article),
                "outlet": article.outlet,
                "text": model.article_text(article, with_boilerplate=with_boilerplate),
                "rb_relevant": gold.rb_relevant,
                "rb_level": gold.rb_level,
                "provinces": list(gold.provinces),
                "regencies": list(gold.regencies),
                "officials": [{"name": o.name, "position": o.position} for o in gold.officials],
                "themes": list(gold.themes),
                "facts": [
                    {
                        "subject": f.subject,
                        "metric": f.metric,
                        "value": f.value,
                        "year": f.year,
                        "status": f.status,
                    }
                    for f in gold.facts
                ],
            }
        )
    return records


def registered_articles() -> list[FixtureArticle]:
    """The articles of the outlets ``FixtureSite.sources()`` lists (the others only discovery finds)."""
    from pipeline.fixture_site.model import SiteModel

    return SiteModel.build(load_articles()).registered()
