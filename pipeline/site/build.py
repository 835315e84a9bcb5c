"""``rbmon site``: the static archive, built from the published database into one folder.

Pages: ``index.html`` (every weekly digest, the national trend, provinces, themes, officials),
``digests/<week>.html`` (each week's digest as ``rbmon digest`` writes it, with a link home),
``provinces/<code>-<name>.html``, ``themes/<key>.html``, ``officials/<id>.html``, ``officials.html``
and ``search.html`` with its index in ``assets/``. Links are relative, so the folder works from
``file://``, from any web server and under any path. Charts are inline SVG drawn at build time.

The folder is built beside the target and swapped in by two renames, so a web server serving the
old site never sees half of the new one; an existing folder is replaced only when it is empty or an
earlier rbmon site (it holds the marker file ``.rbmon-site``), never a folder of other files.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from nlp.metrics import metric_labels
from nlp.themes import theme_labels
from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.errors import InputError
from pipeline.core.i18n import Lang, get_lang
from pipeline.digest.charts import sparkline, weekly_bars
from pipeline.digest.model import WIB
from pipeline.digest.queries import build_digest
from pipeline.digest.render import render_html, safe_url, series_alt, when_label
from pipeline.site.archive import Archive, ArchiveStory, load_archive
from pipeline.site.scorecard import province_scorecard
from pipeline.site.search import Entry, write_index

__all__ = ["MARKER", "SiteReport", "build_site", "build_site_from"]

MARKER = ".rbmon-site"
Progress = Callable[[int, int], None]


@dataclass
class SiteReport:
    """What ``build_site`` wrote."""

    root: Path
    pages: int
    digests: int
    provinces: int
    themes: int
    officials: int
    search_entries: int

    @property
    def index(self) -> Path:
        return self.root / "index.html"


def slug(text: str) -> str:
    """A file-name-safe form of a name rbmon knows (a province): ``Sulawesi Tenggara`` -> ``sulawesi-tenggara``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def province_page(code: str, name: str) -> str:
    return f"provinces/{code}-{slug(name)}.html"


def official_page(official_id: str) -> str:
    return f"officials/{slug(official_id)}.html"


@lru_cache(maxsize=4)
def _env(language: str) -> Environment:
    lang = get_lang(language)
    labels = theme_labels(language)
    metrics = metric_labels(language)
    env = Environment(
        loader=PackageLoader("pipeline.site", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
    )
    env.globals.update(_=lang.gettext, n_=lang.ngettext, lang=lang)
    env.filters["theme"] = lambda key: labels.get(key, key)
    env.filters["metric"] = lambda key: metrics.get(key, key)
    env.filters["safe_url"] = lambda url: safe_url(str(url))
    env.filters["num"] = lang.number
    env.filters["value"] = lang.value
    env.filters["week"] = lang.week_label
    env.filters["when"] = lambda published: when_label(published, lang)
    env.filters["day"] = lambda moment: lang.short_date(moment.astimezone(WIB).date()) if moment else ""
    env.filters["fromiso"] = date.fromisoformat
    return env


def build_site(
    settings: Settings,
    out_dir: Path,
    *,
    db: Path | None = None,
    language: str | None = None,
    progress: Progress | None = None,
) -> SiteReport:
    """Build the archive from ``db`` (default: the published analysts' copy) into ``out_dir``."""
    con = store.connect(db or settings.analyst_db_path, read_only=True)
    try:
        return build_site_from(
            con,
            out_dir,
            language=language or settings.language,
            trend_weeks=settings.digest.trend_weeks,
            quiet_weeks=settings.digest.quiet_weeks,
            top_stories=settings.digest.top_stories,
            top_officials=settings.digest.top_officials,
            stories_per_page=settings.site.stories_per_page,
            progress=progress,
        )
    finally:
        con.close()


def build_site_from(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    language: str = "id",
    trend_weeks: int = 12,
    quiet_weeks: int = 4,
    top_stories: int = 10,
    top_officials: int = 10,
    stories_per_page: int = 30,
    progress: Progress | None = None,
) -> SiteReport:
    """Build the site from an open connection; see the module docstring for what it writes.

    Raises:
        InputError: ``out_dir`` exists and holds files that are not an rbmon site.
    """
    lang = get_lang(language)
    _check_target(out_dir)
    archive = load_archive(con)
    labels = theme_labels(lang.code)
    tmp = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    for sub in ("digests", "provinces", "themes", "officials", "assets"):
        (tmp / sub).mkdir(parents=True)
    writer = _Writer(tmp, _env(lang.code), lang)
    total = len(archive.weeks) + len(archive.provinces) + len(labels) + len(archive.officials) + 3
    tick = progress or (lambda _done, _total: None)
    try:
        digests = []
        for week in archive.weeks:
            d = build_digest(
                con,
                week,
                top_stories=top_stories,
                top_officials=top_officials,
                language=lang.code,
                trend_weeks=trend_weeks,
                quiet_weeks=quiet_weeks,
            )
            writer.raw(f"digests/{week}.html", render_html(d, home="../index.html"))
            digests.append(d)
            tick(writer.pages, total)
        ctx = _Context(archive, lang, labels, stories_per_page)
        for code, name in archive.provinces.items():
            writer.page(
                province_page(code, name),
                "province.html.j2",
                **ctx.province(code, name),
                scorecard=province_scorecard(con, code),
            )
            tick(writer.pages, total)
        for key in labels:
            writer.page(f"themes/{key}.html", "theme.html.j2", **ctx.theme(key))
            tick(writer.pages, total)
        for oid in archive.officials:
            writer.page(official_page(oid), "official.html.j2", **ctx.official(oid))
            tick(writer.pages, total)
        writer.page("officials.html", "officials.html.j2", officials=ctx.all_officials())
        writer.page("index.html", "index.html.j2", **ctx.index(digests[::-1], trend_weeks))
        writer.page("search.html", "search.html.j2")
        tick(writer.pages, total)
        for asset in resources.files("pipeline.site").joinpath("assets").iterdir():
            if asset.is_file():
                (tmp / "assets" / asset.name).write_bytes(asset.read_bytes())
        entries = ctx.search_entries()
        write_index(entries, tmp / "assets")
        (tmp / MARKER).write_text(
            "built by rbmon site; this folder is replaced at every build\n", encoding="utf-8"
        )
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteReport(
        root=out_dir,
        pages=writer.pages,
        digests=len(digests),
        provinces=len(archive.provinces),
        themes=len(labels),
        officials=len(archive.officials),
        search_entries=len(entries),
    )


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and (
        not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).exists())
    ):
        raise InputError(
            f"{out_dir} exists and is not an rbmon site: it would be replaced",
            hint="give --output a new or empty folder (or one an earlier `rbmon site` built)",
        )


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, in two renames (the old site stays whole until the second)."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class _Writer:
    """Renders templates into the site folder and counts pages."""

    def __init__(self, root: Path, env: Environment, lang: Lang) -> None:
        self.root, self.env, self.lang, self.pages = root, env, lang, 0

    def raw(self, rel: str, html: str) -> None:
        (self.root / rel).write_text(html, encoding="utf-8")
        self.pages += 1

    def page(self, rel: str, template: str, **context: Any) -> None:
        depth = rel.count("/")
        html = self.env.get_template(template).render(root="../" * depth, page=rel, **context)
        self.raw(rel, html)


class _Context:
    """The data of each page, computed from the archive (no queries here)."""

    def __init__(self, archive: Archive, lang: Lang, labels: dict[str, str], per_page: int) -> None:
        self.a, self.lang, self.labels, self.per_page = archive, lang, labels, per_page
        self.short = [lang.short_week(w) for w in archive.weeks]

    # -- shared pieces

    def _chart(self, what: str, weekly: dict[str, set[str]]) -> dict[str, Any]:
        values = self.a.series(weekly)
        alt = series_alt(what, self.a.weeks, values, self.lang)
        busiest = max(range(len(values)), key=lambda i: values[i]) if values else None
        return {
            "svg": weekly_bars(self.short, values, alt=alt, highlight_last=False) if values else None,
            "alt": alt,
            "total": self.a.total(weekly),
            "busiest": self.a.weeks[busiest] if busiest is not None and values[busiest] else None,
            "weeks": [(w, n) for w, n in zip(self.a.weeks, values, strict=True) if n],
        }

    def _story(self, s: ArchiveStory) -> dict[str, Any]:
        return {
            "id": s.story_id,
            "title": s.title,
            "when": s.published_label,
            "copies": s.copies,
            "provinces": sorted(
                (self.a.provinces.get(c, c), province_page(c, self.a.provinces.get(c, c)))
                for c in s.provinces
            ),
            "themes": sorted(s.themes),
        }

    def _officials_among(self, story_ids: set[str], limit: int = 20) -> list[dict[str, Any]]:
        counts: Counter[str] = Counter()
        for oid, weekly in self.a.by_official.items():
            n = len(story_ids & set().union(*weekly.values())) if weekly else 0
            if n and oid in self.a.officials:
                counts[oid] = n
        return [
            self._official_row(oid, n)
            for oid, n in sorted(counts.items(), key=lambda kv: (-kv[1], self.a.officials[kv[0]]["name"]))[
                :limit
            ]
        ]

    def _official_row(self, oid: str, stories: int) -> dict[str, Any]:
        o = self.a.officials[oid]
        return {
            "name": o["name"],
            "position": o["positions"][-1]["position"] if o["positions"] else "",
            "jurisdiction": o["jurisdiction"],
            "stories": stories,
            "url": official_page(oid),
        }

    # -- pages

    def province(self, code: str, name: str) -> dict[str, Any]:
        weekly = self.a.by_province.get(code, {})
        ids = set().union(*weekly.values()) if weekly else set()
        stories = [s for s in self.a.stories if code in s.provinces]
        themes = Counter(t for s in stories for t in s.themes)
        return {
            "name": name,
            "code": code,
            "chart": self._chart(
                self.lang.gettext("RB stories about %(name)s per week") % {"name": name}, weekly
            ),
            "regencies": self.a.regencies.get(code, []),
            "stories": [self._story(s) for s in stories[: self.per_page]],
            "officials": self._officials_among(ids),
            "themes": sorted(themes.items(), key=lambda kv: (-kv[1], kv[0])),
            "sources": self.a.sources.get(code, []),
        }

    def theme(self, key: str) -> dict[str, Any]:
        weekly = self.a.by_theme.get(key, {})
        ids = set().union(*weekly.values()) if weekly else set()
        stories = [s for s in self.a.stories if key in s.themes]
        provinces = Counter(c for s in stories for c in s.provinces)
        what = self.lang.gettext("%(theme)s: RB stories per week") % {"theme": self.labels[key]}
        return {
            "key": key,
            "label": self.labels[key],
            "chart": self._chart(what, weekly),
            "stories": [self._story(s) for s in stories[: self.per_page]],
            "provinces": [
                (self.a.provinces.get(c, c), province_page(c, self.a.provinces.get(c, c)), n)
                for c, n in sorted(
                    provinces.items(), key=lambda kv: (-kv[1], self.a.provinces.get(kv[0], kv[0]))
                )
            ],
            "officials": self._officials_among(ids),
        }

    def official(self, oid: str) -> dict[str, Any]:
        o = self.a.officials[oid]
        weekly = self.a.by_official.get(oid, {})
        stories = [s for s in self.a.stories if oid in s.officials]
        provinces = Counter(c for s in stories for c in s.provinces)
        what = self.lang.gettext("RB stories naming %(name)s per week") % {"name": o["name"]}
        return {
            "name": o["name"],
            "jurisdiction": o["jurisdiction"],
            "positions": o["positions"],
            "chart": self._chart(what, weekly),
            "stories": [self._story(s) for s in stories[: self.per_page]],
            "provinces": [
                (self.a.provinces.get(c, c), province_page(c, self.a.provinces.get(c, c)), n)
                for c, n in sorted(provinces.items(), key=lambda kv: -kv[1])
            ],
        }

    def all_officials(self) -> list[dict[str, Any]]:
        rows = [
            self._official_row(oid, self.a.total(self.a.by_official.get(oid, {}))) for oid in self.a.officials
        ]
        return sorted(rows, key=lambda r: (-r["stories"], r["name"]))

    def index(self, digests: list[Any], trend_weeks: int) -> dict[str, Any]:
        recent = self.a.weeks[-trend_weeks:]
        provinces = []
        for code, name in self.a.provinces.items():
            weekly = self.a.by_province.get(code, {})
            values = [len(weekly.get(w, ())) for w in recent]
            last = max((w for w, ids in weekly.items() if ids), default=None)
            alt = series_alt(
                self.lang.gettext("RB stories about %(name)s per week") % {"name": name},
                recent,
                values,
                self.lang,
            )
            provinces.append(
                {
                    "name": name,
                    "url": province_page(code, name),
                    "total": self.a.total(weekly),
                    "last": last,
                    "spark": sparkline(values, alt=alt) if recent else None,
                }
            )
        return {
            "chart": self._chart(self.lang.gettext("RB stories per week"), self.a.national),
            "digests": [
                {
                    "week": d.week,
                    "start": d.start,
                    "end": d.end,
                    "stories": d.totals.get("rb_stories", 0),
                    "active": len(d.active),
                }
                for d in digests
            ],
            "provinces": provinces,
            "themes": [
                (key, label, self.a.total(self.a.by_theme.get(key, {}))) for key, label in self.labels.items()
            ],
            "officials": self.all_officials()[:20],
            "officials_total": len(self.a.officials),
        }

    def search_entries(self) -> list[Entry]:
        _ = self.lang.gettext
        entries: list[Entry] = []
        for code, name in self.a.provinces.items():
            entries.append({"k": "province", "t": name, "s": _("Province"), "u": province_page(code, name)})
            for regency, _n in self.a.regencies.get(code, []):
                entries.append({"k": "regency", "t": regency, "s": name, "u": province_page(code, name)})
        for key, label in self.labels.items():
            entries.append({"k": "theme", "t": label, "s": _("Theme"), "u": f"themes/{key}.html"})
        for oid, o in self.a.officials.items():
            position = o["positions"][-1]["position"] if o["positions"] else ""
            entries.append({"k": "official", "t": o["name"], "s": position or "", "u": official_page(oid)})
        for s in self.a.stories:
            where = ", ".join(sorted(self.a.provinces.get(c, c) for c in s.provinces))
            url = safe_url(s.copies[0]["url"]) if s.copies else "#"
            entries.append({"k": "story", "t": s.title, "s": where, "u": url})
        return entries
