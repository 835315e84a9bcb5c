"""What the archive site shows, read from the database in a few queries and kept as plain data.

The site needs, for every province, theme and official, its weekly story counts over the whole archive
and its latest stories with every outlet that carried them. Rather than a query per page (hundreds of
officials), the RB articles and their provinces, themes, officials and regencies are read once and
grouped here: one pass, the same counts the digest makes (distinct stories among the week's articles,
weeks in Jakarta time, ``core`` RB articles only).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb

from pipeline.digest.model import WIB
from pipeline.digest.queries import OUTLET_NAME_SQL
from pipeline.digest.trends import iso_week

__all__ = ["Archive", "ArchiveStory", "load_archive"]


@dataclass
class ArchiveStory:
    """One RB story (syndicated copies together) with where, what and who, and every copy's outlet."""

    story_id: str
    title: str
    first_published: datetime | None
    copies: list[dict[str, str]] = field(default_factory=list)  # {"outlet", "url"}, sorted by outlet
    provinces: set[str] = field(default_factory=set)  # province codes
    themes: set[str] = field(default_factory=set)
    officials: set[str] = field(default_factory=set)  # official ids

    @property
    def published_label(self) -> str | None:
        """``YYYY-MM-DD HH:MM WIB``, as the digest's stories carry it."""
        if self.first_published is None:
            return None
        return self.first_published.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


@dataclass
class Archive:
    """Everything the site renders; counts are distinct stories per ISO week (Jakarta time)."""

    weeks: list[str]  # every week from the first to the last RB article, oldest first
    provinces: dict[str, str]  # code -> name, all 38
    stories: list[ArchiveStory]  # newest first
    national: dict[str, set[str]]  # week -> story ids
    by_province: dict[str, dict[str, set[str]]]  # code -> week -> story ids
    by_theme: dict[str, dict[str, set[str]]]
    by_official: dict[str, dict[str, set[str]]]
    regencies: dict[str, list[tuple[str, int]]]  # province code -> (regency, stories), most first
    officials: dict[str, dict[str, Any]]  # id -> name, jurisdiction, positions (list of dicts)
    sources: dict[str, list[dict[str, Any]]]  # province code -> its regional sources with health

    def series(self, weekly: dict[str, set[str]]) -> list[int]:
        """Stories per week over :attr:`weeks` for one ``by_*`` entry."""
        return [len(weekly.get(w, ())) for w in self.weeks]

    def total(self, weekly: dict[str, set[str]]) -> int:
        return len(set().union(*weekly.values())) if weekly else 0


_ARTICLES_SQL = f"""
select article_id, story_id, title, {OUTLET_NAME_SQL} as outlet, url, published_at, fetched_at
from articles a where rb_relevant
"""


def _rb(table: str, columns: str, where: str = "") -> str:
    """Rows of ``table`` for RB articles only (a semi join, not the whole table into Python)."""
    return (
        f"select {columns} from {table} t semi join (select article_id from articles where rb_relevant) a"
        f" using (article_id) {where}"
    )


def _weeks_between(first: str, last: str) -> list[str]:
    year, week = first.split("-W")
    monday = datetime.fromisocalendar(int(year), int(week), 1)
    out = []
    while True:
        label = iso_week(monday)
        out.append(label)
        if label >= last:
            return out
        monday += timedelta(weeks=1)


def load_archive(con: duckdb.DuckDBPyConnection) -> Archive:
    """Read the archive's RB stories, their places, themes, officials and the sources, in nine queries."""
    provinces = dict(con.execute("select code, name from provinces order by name").fetchall())
    week_of: dict[str, str] = {}
    story_of: dict[str, str] = {}
    stories: dict[str, ArchiveStory] = {}
    national: dict[str, set[str]] = defaultdict(set)
    for aid, sid, title, outlet, url, published, _fetched in con.execute(_ARTICLES_SQL).fetchall():
        story_of[aid] = sid
        s = stories.get(sid)
        if s is None:
            s = stories[sid] = ArchiveStory(sid, title or "", published)
        elif published is not None and (s.first_published is None or published < s.first_published):
            s.first_published, s.title = published, title or s.title
        s.copies.append({"outlet": outlet, "url": url or ""})
        if published is not None:
            week = iso_week(published.astimezone(WIB))
            week_of[aid] = week
            national[week].add(sid)

    def group(rows: list[tuple[str, str]], attr: str) -> dict[str, dict[str, set[str]]]:
        out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for aid, key in rows:
            sid = story_of[aid]
            getattr(stories[sid], attr).add(key)
            if aid in week_of:
                out[key][week_of[aid]].add(sid)
        return out

    by_province = group(
        con.execute(_rb("article_provinces", "t.article_id, t.province_code")).fetchall(), "provinces"
    )
    by_theme = group(con.execute(_rb("article_themes", "t.article_id, t.theme")).fetchall(), "themes")
    by_official = group(
        con.execute(_rb("article_officials", "t.article_id, t.official_id")).fetchall(), "officials"
    )

    regency_stories: dict[tuple[str, str], set[str]] = defaultdict(set)
    for aid, name, prov in con.execute(
        _rb(
            "article_regions",
            "t.article_id, t.name, t.province_code",
            "where t.level = 'regency' and t.is_primary",
        )
    ).fetchall():
        if prov:
            regency_stories[(prov, name)].add(story_of[aid])
    regencies: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (prov, name), sids in sorted(regency_stories.items(), key=lambda kv: (-len(kv[1]), kv[0][1])):
        regencies[prov].append((name, len(sids)))

    officials: dict[str, dict[str, Any]] = {}
    for oid, name, jurisdiction, position, acting, first, last, n in con.execute(
        """
        select official_id, name, jurisdiction, position, acting, first_seen, last_seen, rb_stories
        from official_positions where rb_stories > 0
        order by official_id, first_seen nulls last, position
        """
    ).fetchall():
        entry = officials.setdefault(oid, {"name": name, "jurisdiction": jurisdiction, "positions": []})
        entry["positions"].append(
            {
                "position": position,
                "acting": bool(acting),
                "first_seen": first,
                "last_seen": last,
                "stories": n,
            }
        )

    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in con.execute(
        """
        select source_id, source, kind, province_code, state, last_success_at, articles_stored, rb_articles
        from source_overview where enabled and province_code is not null order by source
        """
    ).fetchall():
        keys = (
            "source_id",
            "name",
            "kind",
            "province_code",
            "state",
            "last_success_at",
            "articles",
            "rb_articles",
        )
        entry = dict(zip(keys, row, strict=True))
        sources[entry["province_code"]].append(entry)

    for s in stories.values():
        s.copies.sort(key=lambda c: (c["outlet"], c["url"]))
    ordered = sorted(
        stories.values(),
        key=lambda s: (s.first_published is not None, s.first_published or datetime.min.replace(tzinfo=WIB)),
        reverse=True,
    )
    weeks = _weeks_between(min(national), max(national)) if national else []
    return Archive(
        weeks=weeks,
        provinces=provinces,
        stories=ordered,
        national=dict(national),
        by_province=dict(by_province),
        by_theme=dict(by_theme),
        by_official=dict(by_official),
        regencies=dict(regencies),
        officials=officials,
        sources=dict(sources),
    )
