"""The weekly digest: which provinces reported RB activity, which went quiet, and what about.

``build_digest`` reads the database and returns plain data; the renderers turn it into
Markdown, a self-contained HTML page (tile-grid map as inline SVG, everything scraped
escaped by Jinja2's autoescape) and JSON. Quiet provinces are split honestly: a province
whose own sources were healthy but reported no RB story is not the same as one we could
not observe (no sources, or all failing).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import duckdb
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline.errors import RbmonError

__all__ = ["Digest", "build_digest", "render_html", "render_markdown", "resolve_week", "write_digest"]

WIB = ZoneInfo("Asia/Jakarta")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

THEME_LABELS = {
    "spbe": "SPBE (e-government)",
    "merit_system": "Sistem merit",
    "public_service": "Pelayanan publik",
    "integrity_zone": "Zona Integritas",
    "performance_accountability": "Akuntabilitas kinerja (SAKIP)",
    "organisational_simplification": "Penyederhanaan birokrasi",
    "rb_evaluation": "Evaluasi RB",
    "rb_action_plan": "Rencana aksi RB",
    "rb_tematik": "RB Tematik",
    "anti_corruption": "Pencegahan korupsi",
    "asn_management": "Manajemen ASN",
}


@dataclass
class ProvinceActivity:
    code: str
    name: str
    stories: int
    articles: int
    outlets: int
    previous_stories: int
    top_themes: list[str]

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


@lru_cache(maxsize=1)
def _tiles() -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load(resources.files("rbmon_data").joinpath("tilemap.yaml").read_text(encoding="utf-8"))
    return {str(k): v for k, v in raw["tiles"].items()}


_ACTIVITY_SQL = """
with art as (
    select article_id, story_id, source_id from articles
    where rb_relevant and published_at >= $start and published_at < $end
), prov as (
    -- only the week's articles: a semi join instead of every region row of the archive
    select distinct r.article_id,
           case when r.level = 'province' then r.code else r.province_code end as province_code
    from article_regions r semi join art using (article_id)
    where r.is_primary
)
select p.province_code, count(distinct art.story_id) as stories, count(distinct art.article_id) as articles,
       count(distinct art.source_id) as outlets
from art join prov p using (article_id)
where p.province_code is not null
group by 1
"""

_PROVINCE_THEMES_SQL = """
with art as (
    select article_id, story_id from articles
    where rb_relevant and published_at >= $start and published_at < $end
), prov as (
    -- only the week's articles: a semi join instead of every region row of the archive
    select distinct r.article_id,
           case when r.level = 'province' then r.code else r.province_code end as province_code
    from article_regions r semi join art using (article_id)
    where r.is_primary
)
select p.province_code, t.theme, count(distinct art.story_id) as n
from art join prov p using (article_id) join article_themes t using (article_id)
group by 1, 2 order by 1, n desc, t.theme
"""

_THEMES_SQL = """
select t.theme, count(distinct a.story_id) as n
from articles a join article_themes t using (article_id)
where a.rb_relevant and a.published_at >= $start and a.published_at < $end
group by 1 order by n desc, t.theme
"""

_OFFICIALS_SQL = """
select o.official_id, any_value(o.name) as name,
       arg_max(o.position, a.published_at) as position,
       count(distinct a.story_id) as stories
from article_officials o join articles a using (article_id)
where a.rb_relevant and a.published_at >= $start and a.published_at < $end
group by 1 order by stories desc, name limit $limit
"""

_STORIES_SQL = """
with art as (
    select * from articles where rb_relevant and published_at >= $start and published_at < $end
)
select story_id,
       arg_min(title, coalesce(published_at, fetched_at)) as title,
       min(published_at) as published_at,
       count(distinct source_id) as outlets,
       max(rb_score) as score,
       list(distinct {'outlet': coalesce(outlet, source_id, ''), 'url': url}) as copies,
       list(distinct article_id) as ids
from art group by story_id
order by outlets desc, score desc, published_at desc
limit $limit
"""


def _health_window_start(week_start: datetime) -> datetime:
    """From when a successful fetch (200, or 304 for an unchanged feed) shows a source could report the week.

    No upper bound: discovery asks sitemaps and feeds for everything since a source's last good crawl,
    so a source that answered after the week (a digest written late, a backfill) still found the
    week's articles. A week before the start covers a nightly crawl that just missed the week.
    """
    return week_start - timedelta(days=7)


def _coverage(
    con: duckdb.DuckDBPyConnection, start: datetime, end: datetime
) -> tuple[dict[str, int], dict[str, int]]:
    """Per province: regional sources configured, and those with a successful fetch for the week.

    A source answered for the week when it answered any time from a week before it onwards (see
    :func:`_health_window_start`).
    """
    configured = dict(
        con.execute(
            "select province_code, count(*) from sources where enabled and province_code is not null group by 1"
        ).fetchall()
    )
    healthy = dict(
        con.execute(
            """
            select s.province_code, count(distinct s.source_id)
            from sources s join fetches f using (source_id)
            where s.enabled and s.province_code is not null
              and f.status in (200, 304)  -- 304: an unchanged feed, the source is alive
              and f.fetched_at >= $from
            group by 1
            """,
            {"from": _health_window_start(start)},
        ).fetchall()
    )
    return configured, healthy


def _story_places_and_themes(
    con: duckdb.DuckDBPyConnection, stories: list[tuple[str, list[str]]]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Province codes and themes of each top story (over all its copies), in one query each.

    One join for all stories rather than two queries per story: each of those scanned every
    region and theme row of the archive.
    """
    pairs = [(sid, aid) for sid, ids in stories for aid in ids]
    provs: dict[str, set[str]] = {}
    themes: dict[str, set[str]] = {}
    if not pairs:
        return provs, themes
    params = {"sids": [p[0] for p in pairs], "aids": [p[1] for p in pairs]}
    mapping = "with m as (select unnest($sids) as story_id, unnest($aids) as article_id)"
    for sid, code in con.execute(
        f"{mapping} select m.story_id, case when r.level = 'province' then r.code else r.province_code end"
        " from article_regions r join m using (article_id) where r.is_primary",
        params,
    ).fetchall():
        if code:
            provs.setdefault(sid, set()).add(code)
    for sid, theme in con.execute(
        f"{mapping} select m.story_id, t.theme from article_themes t join m using (article_id)", params
    ).fetchall():
        themes.setdefault(sid, set()).add(theme)
    return provs, themes


def build_digest(
    con: duckdb.DuckDBPyConnection,
    week: str | None = None,
    *,
    top_stories: int = 10,
    top_officials: int = 10,
    today: date | None = None,
) -> Digest:
    label, start, end = resolve_week(week, today=today)
    prev_start = start - timedelta(days=7)
    names = dict(con.execute("select code, name from provinces").fetchall())
    if not names:
        names = {code: tile["name"] for code, tile in _tiles().items()}
    params = {"start": start, "end": end}
    this_week = {r[0]: r[1:] for r in con.execute(_ACTIVITY_SQL, params).fetchall()}
    last_week = {
        r[0]: r[1:] for r in con.execute(_ACTIVITY_SQL, {"start": prev_start, "end": start}).fetchall()
    }
    themes_by_prov: dict[str, list[str]] = {}
    for code, theme, _n in con.execute(_PROVINCE_THEMES_SQL, params).fetchall():
        themes_by_prov.setdefault(code, []).append(theme)

    active = [
        ProvinceActivity(
            code=code,
            name=names.get(code, code),
            stories=int(stories),
            articles=int(articles),
            outlets=int(outlets),
            previous_stories=int(last_week.get(code, (0,))[0]),
            top_themes=themes_by_prov.get(code, [])[:3],
        )
        for code, (stories, articles, outlets) in this_week.items()
    ]
    active.sort(key=lambda a: (-a.stories, -a.articles, a.name))

    configured, healthy = _coverage(con, start, end)
    quiet_observed, quiet_no_data = [], []
    for code in sorted(names, key=lambda c: names[c]):
        if code in this_week:
            continue
        (quiet_observed if healthy.get(code) else quiet_no_data).append(names[code])

    themes = [(t, int(n)) for t, n in con.execute(_THEMES_SQL, params).fetchall()]
    officials = [
        {"official_id": oid, "name": name, "position": pos, "stories": int(n)}
        for oid, name, pos, n in con.execute(_OFFICIALS_SQL, {**params, "limit": top_officials}).fetchall()
    ]
    top = con.execute(_STORIES_SQL, {**params, "limit": top_stories}).fetchall()
    story_provs, story_themes = _story_places_and_themes(con, [(row[0], row[-1]) for row in top])
    stories = []
    for story_id, title, published, _outlets, _score, copies, _ids in top:
        stories.append(
            Story(
                story_id=story_id,
                title=title or "(tanpa judul)",
                published_at=published.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB") if published else None,
                provinces=[names.get(c, c) for c in sorted(story_provs.get(story_id, ()))],
                themes=sorted(story_themes.get(story_id, ())),
                outlets=sorted(
                    ({"outlet": c["outlet"], "url": c["url"]} for c in copies), key=lambda c: c["outlet"]
                ),
            )
        )

    # fetchall, not fetchone: DuckDB 2 keeps a half-read result open and then refuses con.sql() on
    # the caller's connection ("connection has an unfinished result from execute()").
    src_total = con.execute("select count(*) from sources where enabled").fetchall()[0][0]
    src_ok, src_failing = con.execute(
        """
        select count(distinct source_id) filter (where ok), count(distinct source_id) filter (where not ok)
        from (select source_id, bool_or(status in (200, 304)) as ok from fetches
              where fetched_at >= $from and source_id is not null group by 1)
        """,
        {"from": _health_window_start(start)},
    ).fetchall()[0]
    sources = {
        "configured": int(src_total),
        "healthy": int(src_ok or 0),
        "failing": int(src_failing or 0),
        "not_crawled": max(0, int(src_total) - int(src_ok or 0) - int(src_failing or 0)),
    }
    totals_row = con.execute(
        "select count(*), count(*) filter (where rb_relevant), count(distinct story_id) filter (where rb_relevant)"
        " from articles where published_at >= $start and published_at < $end",
        params,
    ).fetchall()[0]
    totals = {
        "articles": int(totals_row[0]),
        "rb_articles": int(totals_row[1]),
        "rb_stories": int(totals_row[2]),
    }
    max_stories = max((a.stories for a in active), default=0)
    by_code = {a.code: a for a in active}
    tiles = []
    for code, tile in _tiles().items():
        a = by_code.get(code)
        if a:
            level = 1 + min(3, int(3 * (a.stories - 1) / max(1, max_stories - 1))) if max_stories > 1 else 4
            state = f"active-{level}"
        elif tile["name"] in quiet_observed:
            state = "quiet"
        else:
            state = "nodata"
        tiles.append({**tile, "code": code, "stories": a.stories if a else 0, "state": state})
    coverage = {
        names[code]: {
            "regional_sources": int(configured.get(code, 0)),
            "healthy_sources": int(healthy.get(code, 0)),
            "rb_stories": int(this_week.get(code, (0,))[0]),
        }
        for code in sorted(names)
    }
    return Digest(
        coverage=coverage,
        week=label,
        start=start.date().isoformat(),
        end=(end - timedelta(days=1)).date().isoformat(),
        generated_at=datetime.now(UTC).astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB"),
        active=active,
        quiet_observed=quiet_observed,
        quiet_no_data=quiet_no_data,
        themes=themes,
        officials=officials,
        stories=stories,
        sources=sources,
        tiles=tiles,
        totals=totals,
    )


# Markdown punctuation that can start markup (links, images, emphasis, code, raw HTML, entities,
# tables, headings, strikethrough); each is backslash-escaped, which CommonMark renders as the character.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>|#!~&])")
# What GFM and markdown-it's linkify turn into links without any markup: bare URLs, www. and e-mail.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9+.-])(:)(?=//)|(?<=\bwww)(\.)|(?<=\w)(@)(?=\w)")
# URL characters kept as they are; all others (spaces, quotes, brackets, parentheses, backslash, controls)
# are percent-encoded, so a URL cannot end a Markdown link destination or start a title in it.
_MD_URL_SAFE = "/:?#@!$&*+,;=%~-._"


def _md_escape(text: str) -> str:
    """Scraped text must not become Markdown (or HTML, for renderers that allow it).

    Every line break (``\\r``, U+2028 too) becomes a space: a new line could start a block.
    """
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), text)


def _safe_url(url: str) -> str:
    """An http(s) URL with every character that could leave a Markdown ``(...)`` or an HTML attribute
    percent-encoded, else ``#`` (``javascript:``, ``data:`` and every other scheme are never linked)."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return "#"
    return quote(url, safe=_MD_URL_SAFE)


def n_of(n: int, one: str, many: str) -> str:
    """``1 story``, ``2 stories``: a digest read by people should not say "1 stories"."""
    return f"{n} {one if n == 1 else many}"


def render_markdown(d: Digest) -> str:
    lines = [
        f"# Reformasi Birokrasi — weekly digest {d.week}",
        "",
        f"{d.start} to {d.end} · {n_of(d.totals.get('rb_stories', 0), 'RB story', 'RB stories')} in "
        f"{n_of(d.totals.get('rb_articles', 0), 'article', 'articles')} "
        f"({n_of(d.totals.get('articles', 0), 'article', 'articles')} crawled)",
        "",
        "## Provinces reporting RB activity",
        "",
    ]
    if d.active:
        lines += [
            "| Province | Stories | Change | Articles | Outlets | Top themes |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for a in d.active:
            themes = ", ".join(THEME_LABELS.get(t, t) for t in a.top_themes)
            lines.append(
                f"| {a.name} | {a.stories} | {a.change:+d} | {a.articles} | {a.outlets} | {themes} |"
            )
    else:
        lines.append("No province reported RB activity this week.")
    lines += [
        "",
        "## Quiet provinces",
        "",
        f"**Sources healthy, no RB coverage ({len(d.quiet_observed)}):** "
        + (", ".join(d.quiet_observed) or "none"),
        "",
        f"**No data — no or failing sources ({len(d.quiet_no_data)}):** "
        + (", ".join(d.quiet_no_data) or "none"),
        "",
        "## Themes",
        "",
    ]
    lines += [f"- {THEME_LABELS.get(t, t)}: {n_of(n, 'story', 'stories')}" for t, n in d.themes] or ["- none"]
    lines += ["", "## Officials most active", ""]
    lines += [
        f"- {_md_escape(o['name'])} — {_md_escape(o['position'] or '')} ({n_of(o['stories'], 'story', 'stories')})"
        for o in d.officials
    ] or ["- none"]
    lines += ["", "## Top stories", ""]
    for s in d.stories:
        where = _md_escape(", ".join(s.provinces)) or "region unknown"
        lines.append(f"- **{_md_escape(s.title)}** ({where}; {s.published_at or 'date unknown'})")
        for c in s.outlets:
            lines.append(f"  - [{_md_escape(c['outlet'])}]({_safe_url(c['url'])})")
    if not d.stories:
        lines.append("- none")
    src = d.sources
    lines += [
        "",
        "## Source health",
        "",
        f"{src['configured']} sources configured: {src['healthy']} healthy, {src['failing']} failing, "
        f"{src['not_crawled']} not crawled this week.",
        "",
    ]
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
    )
    env.filters["theme"] = lambda key: THEME_LABELS.get(key, key)
    env.filters["safe_url"] = lambda url: _safe_url(str(url))
    env.filters["n_of"] = n_of
    return env


def render_html(d: Digest) -> str:
    return _env().get_template("digest.html.j2").render(d=d, tile=46, gap=4)


def write_digest(d: Digest, out_dir: Path) -> dict[str, Path]:
    """Write ``digest-<week>.{md,html,json}`` atomically (temp file, then rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for ext, content in (("md", render_markdown(d)), ("html", render_html(d)), ("json", d.to_json())):
        path = out_dir / f"digest-{d.week}.{ext}"
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
        paths[ext] = path
    return paths
