"""The weekly digest: which provinces reported RB activity, which went quiet, and what about.

``build_digest`` reads the database and returns plain data; the renderers turn it into
Markdown, a self-contained HTML page (tile-grid map as inline SVG, everything scraped
escaped by Jinja2's autoescape) and JSON. Quiet provinces are split honestly: a province
whose own sources were healthy but reported no RB story is not the same as one we could
not observe (no sources, or all failing).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import duckdb
import yaml

from pipeline.core.config import Settings
from pipeline.core.i18n import DEFAULT_LANGUAGE, get_lang
from pipeline.digest.model import WIB, Digest, ProvinceActivity, ReportedResult, Story, resolve_week
from pipeline.digest.trends import load_trends

#: The outlet readers see for an article ``a``: the name its page gives itself or, when the page gave
#: none and extraction fell back to the URL's host (``ntbprov.go.id``, ``127.0.0.1:8080``), its
#: source's reviewed name in ``sources``. The digest, the archive site and the watchlist alerts name
#: outlets with it.
OUTLET_NAME_SQL = """coalesce(
    case when a.outlet is null
              or a.outlet = regexp_extract(a.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]+)', 1)
              or a.outlet = regexp_extract(a.canonical_url, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]+)', 1)
         then (select s.name from sources s where s.source_id = a.source_id) end,
    a.outlet, a.source_id, '')"""


@lru_cache(maxsize=1)
def province_tiles() -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load(resources.files("rbmon_data").joinpath("tilemap.yaml").read_text(encoding="utf-8"))
    return {str(k): v for k, v in raw["tiles"].items()}


_ACTIVITY_SQL = """
with art as (
    select article_id, story_id, source_id from articles
    where rb_relevant and published_at >= $start and published_at < $end
), prov as (
    -- only the week's articles: a semi join instead of every province row of the archive
    select ap.article_id, ap.province_code from article_provinces ap semi join art using (article_id)
)
select p.province_code, count(distinct art.story_id) as stories, count(distinct art.article_id) as articles,
       count(distinct art.source_id) as outlets
from art join prov p using (article_id)
group by 1
"""


_PROVINCE_THEMES_SQL = """
with art as (
    select article_id, story_id from articles
    where rb_relevant and published_at >= $start and published_at < $end
), prov as (
    -- only the week's articles: a semi join instead of every province row of the archive
    select ap.article_id, ap.province_code from article_provinces ap semi join art using (article_id)
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


_STORIES_SQL = f"""
with art as (
    select a.*, {OUTLET_NAME_SQL} as outlet_name from articles a
    where rb_relevant and published_at >= $start and published_at < $end
)
select story_id,
       arg_min(title, coalesce(published_at, fetched_at)) as title,
       min(published_at) as published_at,
       count(distinct source_id) as outlets,
       max(rb_score) as score,
       list(distinct {{'outlet': outlet_name, 'url': url}}) as copies,
       list(distinct article_id) as ids
from art group by story_id
order by outlets desc, score desc, published_at desc
limit $limit
"""


_RESULTS_SQL = f"""
select p.name as province, f.pemda, f.subject, f.metric, f.value, f.year,
       {OUTLET_NAME_SQL} as outlet, a.url, a.published_at
from article_facts f
join articles a using (article_id)
left join provinces p on p.code = left(f.pemda_code, 2)
where f.status = 'announced' and a.rb_relevant and a.published_at >= $start and a.published_at < $end
order by province nulls last, f.pemda nulls last, f.subject, f.metric, f.year nulls last, f.value, a.published_at
"""


def reported_results(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> list[ReportedResult]:
    """The RB results announced in [start, end): one entry per holder, metric, year and value.

    Targets, self-assessments and previous values are not results and stay out. A holder, metric and
    year that the week's reports give different values for is marked ``conflict`` on every value.
    A database an older rbmon made has no ``article_facts`` table: no results, no error.
    """
    exists = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'article_facts' and not internal"
    ).fetchall()[0][0]
    if not exists:
        return []
    grouped: dict[tuple[Any, ...], ReportedResult] = {}
    for province, pemda, subject, metric, value, year, outlet, url, _when in con.execute(
        _RESULTS_SQL, {"start": start, "end": end}
    ).fetchall():
        key = (province, pemda, subject, metric, year, value)
        result = grouped.get(key)
        if result is None:
            result = grouped[key] = ReportedResult(province, pemda, subject, metric, value, year, [])
        report = {"outlet": str(outlet), "url": str(url or "")}
        if report not in result.reports:
            result.reports.append(report)
    values: dict[tuple[Any, ...], set[str]] = {}
    for r in grouped.values():
        values.setdefault((r.pemda, r.subject, r.metric, r.year), set()).add(r.value)
    for r in grouped.values():
        r.conflict = len(values[(r.pemda, r.subject, r.metric, r.year)]) > 1
    return list(grouped.values())


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
        f"{mapping} select m.story_id, ap.province_code from article_provinces ap join m using (article_id)",
        params,
    ).fetchall():
        if code:
            provs.setdefault(sid, set()).add(code)
    for sid, theme in con.execute(
        f"{mapping} select m.story_id, t.theme from article_themes t join m using (article_id)", params
    ).fetchall():
        themes.setdefault(sid, set()).add(theme)
    return provs, themes


def rank_provinces(active: Iterable[ProvinceActivity]) -> list[ProvinceActivity]:
    """The digest's ranking of provinces: most RB stories first, then most articles, then by name.

    Stories, not articles, lead: a press release carried by ten outlets is one story. This is the one
    place the order of the digest's province table (and so of the map's shading scale) is decided.
    """
    return sorted(active, key=lambda a: (-a.stories, -a.articles, a.name))


def province_activity(
    con: duckdb.DuckDBPyConnection, names: dict[str, str], start: datetime, end: datetime
) -> list[ProvinceActivity]:
    """Every province with an RB story in [start, end), with last week's stories and its top themes."""
    params = {"start": start, "end": end}
    this_week = {r[0]: r[1:] for r in con.execute(_ACTIVITY_SQL, params).fetchall()}
    last_week = {
        r[0]: r[1:]
        for r in con.execute(_ACTIVITY_SQL, {"start": start - timedelta(days=7), "end": start}).fetchall()
    }
    themes_by_prov: dict[str, list[str]] = {}
    for code, theme, _n in con.execute(_PROVINCE_THEMES_SQL, params).fetchall():
        themes_by_prov.setdefault(code, []).append(theme)
    return [
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


def biggest_stories(
    con: duckdb.DuckDBPyConnection, names: dict[str, str], start: datetime, end: datetime, limit: int
) -> list[Story]:
    """The week's biggest RB stories (most outlets, then score), each with every outlet that carried it."""
    top = con.execute(_STORIES_SQL, {"start": start, "end": end, "limit": limit}).fetchall()
    story_provs, story_themes = _story_places_and_themes(con, [(row[0], row[-1]) for row in top])
    return [
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
        for story_id, title, published, _outlets, _score, copies, _ids in top
    ]


def source_counts(con: duckdb.DuckDBPyConnection, start: datetime) -> dict[str, int]:
    """Sources configured, healthy, failing and not crawled, for the week starting at ``start``."""
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
    return {
        "configured": int(src_total),
        "healthy": int(src_ok or 0),
        "failing": int(src_failing or 0),
        "not_crawled": max(0, int(src_total) - int(src_ok or 0) - int(src_failing or 0)),
    }


def map_tiles(active: list[ProvinceActivity], quiet_observed: list[str]) -> list[dict[str, Any]]:
    """The tile map: each province's tile shaded by its stories (four levels), quiet, or no data."""
    max_stories = max((a.stories for a in active), default=0)
    by_code = {a.code: a for a in active}
    tiles = []
    for code, tile in province_tiles().items():
        a = by_code.get(code)
        if a:
            level = 1 + min(3, int(3 * (a.stories - 1) / max(1, max_stories - 1))) if max_stories > 1 else 4
            state = f"active-{level}"
        elif tile["name"] in quiet_observed:
            state = "quiet"
        else:
            state = "nodata"
        tiles.append({**tile, "code": code, "stories": a.stories if a else 0, "state": state})
    return tiles


def build_digest(
    con: duckdb.DuckDBPyConnection,
    week: str | None = None,
    *,
    top_stories: int = 10,
    top_officials: int = 10,
    today: date | None = None,
    language: str = DEFAULT_LANGUAGE,
    trend_weeks: int = 12,
    quiet_weeks: int = 4,
) -> Digest:
    """The digest of ``week`` (ISO, e.g. ``2025-W27``; default: the last complete week) from ``con``.

    Args:
        language: what the renderers will write (``id`` or ``en``); checked here, so a bad value fails
            before any query runs.
        trend_weeks: weeks in the sparklines and trend charts, this week included.
        quiet_weeks: weeks without a story that make a province "quiet for N+ weeks".
    """
    get_lang(language)  # raises ConfigError for a language rbmon does not write
    label, start, end = resolve_week(week, today=today)
    names = dict(con.execute("select code, name from provinces").fetchall())
    if not names:
        names = {code: tile["name"] for code, tile in province_tiles().items()}
    params = {"start": start, "end": end}
    active = rank_provinces(province_activity(con, names, start, end))
    trends = load_trends(con, start, end, names, weeks=trend_weeks, quiet_weeks=quiet_weeks)
    for a in active:
        a.trend = trends.provinces.get(a.code, [0] * trend_weeks)
    stories_of = {a.code: a.stories for a in active}

    configured, healthy = _coverage(con, start, end)
    quiet_observed: list[str] = []
    quiet_no_data: list[str] = []
    for code in sorted(names, key=lambda c: names[c]):
        if code in stories_of:
            continue
        (quiet_observed if healthy.get(code) else quiet_no_data).append(names[code])

    themes = [(t, int(n)) for t, n in con.execute(_THEMES_SQL, params).fetchall()]
    officials = [
        {"official_id": oid, "name": name, "position": pos, "stories": int(n)}
        for oid, name, pos, n in con.execute(_OFFICIALS_SQL, {**params, "limit": top_officials}).fetchall()
    ]
    totals_row = con.execute(
        "select count(*), count(*) filter (where rb_relevant), count(distinct story_id) filter (where rb_relevant)"
        " from articles where published_at >= $start and published_at < $end",
        params,
    ).fetchall()[0]
    coverage = {
        names[code]: {
            "regional_sources": int(configured.get(code, 0)),
            "healthy_sources": int(healthy.get(code, 0)),
            "rb_stories": stories_of.get(code, 0),
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
        stories=biggest_stories(con, names, start, end, top_stories),
        sources=source_counts(con, start),
        tiles=map_tiles(active, quiet_observed),
        language=language,
        trends=trends,
        totals={
            "articles": int(totals_row[0]),
            "rb_articles": int(totals_row[1]),
            "rb_stories": int(totals_row[2]),
        },
        results=reported_results(con, start, end),
    )


def configured_digest(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    week: str | None = None,
    *,
    language: str | None = None,
) -> Digest:
    """``build_digest`` with the ``[digest]`` settings and the reader language of ``settings``.

    The weekly job, ``rbmon digest`` and the demo all build the digest the operator configured; this
    is the one place that reads those settings, so a new ``[digest]`` key reaches all three.
    """
    return build_digest(
        con,
        week,
        top_stories=settings.digest.top_stories,
        top_officials=settings.digest.top_officials,
        language=language or settings.language,
        trend_weeks=settings.digest.trend_weeks,
        quiet_weeks=settings.digest.quiet_weeks,
    )
