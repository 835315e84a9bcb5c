"""Trends for the digest: weekly RB story counts over the last weeks, per province, nationally and per theme.

Everything counts ``core`` RB stories (``articles.rb_relevant``), syndicated copies once, in ISO weeks of
Jakarta time, as ``province_week_activity`` does. Three queries over the window cover every province
and theme at once, so a digest costs the same whether 3 or 38 provinces were active.

"Newly active" and "quiet for N weeks" need history: on an archive younger than the quiet window every
active province would look new, so both are left empty (and the digest says why) until the archive
reaches back far enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb

__all__ = ["Trends", "iso_week", "load_trends", "week_labels"]

_WEEK_SQL = "strftime(timezone('Asia/Jakarta', a.published_at), '%G-W%V')"

_PROVINCE_WEEKS_SQL = f"""
with a as (
    select article_id, story_id, published_at from articles
    where rb_relevant and published_at >= $from and published_at < $end
)
select ap.province_code, {_WEEK_SQL} as week, count(distinct a.story_id) as stories
from a join article_provinces ap using (article_id)
group by all
"""

_NATIONAL_WEEKS_SQL = f"""
select {_WEEK_SQL} as week, count(distinct a.story_id) as stories
from articles a
where a.rb_relevant and a.published_at >= $from and a.published_at < $end
group by all
"""

_THEME_WEEKS_SQL = f"""
with a as (
    select article_id, story_id, published_at from articles
    where rb_relevant and published_at >= $from and published_at < $end
)
select t.theme, {_WEEK_SQL} as week, count(distinct a.story_id) as stories
from a join article_themes t using (article_id)
group by all
"""

# The latest week with an RB story before the window, per province: how long a quiet province has been quiet.
_LAST_ACTIVE_SQL = f"""
with a as (
    select article_id, published_at from articles where rb_relevant and published_at < $end
)
select ap.province_code, max({_WEEK_SQL}) as week
from a join article_provinces ap using (article_id)
group by 1
"""


def iso_week(moment: datetime) -> str:
    """The ISO week label (``2025-W27``) of a moment, in the moment's own time zone."""
    iso = moment.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def week_labels(end_start: datetime, count: int) -> list[str]:
    """The ``count`` ISO weeks ending with the week that starts at ``end_start``, oldest first."""
    return [iso_week(end_start - timedelta(weeks=count - 1 - i)) for i in range(count)]


@dataclass
class Trends:
    """Weekly RB story counts over ``weeks`` (oldest first, the digest's week last)."""

    weeks: list[str]
    national: list[int]
    provinces: dict[str, list[int]]  # province code -> stories per week
    themes: dict[str, list[int]]  # theme key -> stories per week; themes with a story in the window
    newly_active: list[str] = field(default_factory=list)  # province names
    quiet_long: list[tuple[str, str | None]] = field(default_factory=list)  # (name, last week or None)
    history_weeks: int = 0  # weeks from the first RB story in the archive to the digest's week
    quiet_weeks: int = 4

    @property
    def has_history(self) -> bool:
        """Whether the archive reaches back far enough to call a province new or long quiet."""
        return self.history_weeks > self.quiet_weeks


def load_trends(
    con: duckdb.DuckDBPyConnection,
    start: datetime,
    end: datetime,
    names: dict[str, str],
    *,
    weeks: int = 12,
    quiet_weeks: int = 4,
) -> Trends:
    """Story counts per week over the ``weeks`` weeks ending with [start, end), and who is new or quiet.

    Args:
        con: an open database.
        start, end: the digest's week (Jakarta time).
        names: province code -> name, for every province; lists of provinces are sorted by name.
        weeks: how many weeks the trend lines show.
        quiet_weeks: a province with no story in this many weeks (the digest's included) is long quiet;
            one active now after so many silent weeks before is newly active.
    """
    if weeks <= quiet_weeks:
        raise ValueError(f"the trend ({weeks} weeks) must be longer than the quiet window ({quiet_weeks})")
    labels = week_labels(start, weeks)
    index = {w: i for i, w in enumerate(labels)}
    params = {"from": start - timedelta(weeks=weeks - 1), "end": end}

    def series(rows: list[tuple[str, str, int]]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for key, week, n in rows:
            if week in index:
                out.setdefault(key, [0] * weeks)[index[week]] = int(n)
        return out

    provinces = series(con.execute(_PROVINCE_WEEKS_SQL, params).fetchall())
    themes = series(con.execute(_THEME_WEEKS_SQL, params).fetchall())
    national = [0] * weeks
    for week, n in con.execute(_NATIONAL_WEEKS_SQL, params).fetchall():
        if week in index:
            national[index[week]] = int(n)

    first = con.execute("select min(published_at) from articles where rb_relevant").fetchall()[0][0]
    # weeks from the Monday of the first story's week to the digest's week, both included
    first_monday = (
        None
        if first is None
        else first.astimezone(start.tzinfo).date() - timedelta(days=first.astimezone(start.tzinfo).weekday())
    )
    history = 0 if first_monday is None else max(0, (start.date() - first_monday).days // 7 + 1)
    trends = Trends(
        weeks=labels,
        national=national,
        provinces=provinces,
        themes=dict(sorted(themes.items(), key=lambda kv: (-sum(kv[1]), kv[0]))),
        history_weeks=history,
        quiet_weeks=quiet_weeks,
    )
    if not trends.has_history:
        return trends
    last_active = dict(con.execute(_LAST_ACTIVE_SQL, {"end": end}).fetchall())
    recent = slice(weeks - quiet_weeks, weeks)  # the last quiet_weeks weeks, the digest's included
    before = slice(weeks - 1 - quiet_weeks, weeks - 1)  # the quiet_weeks weeks before the digest's
    for code in sorted(names, key=lambda c: names[c]):
        counts = provinces.get(code, [0] * weeks)
        if counts[-1] and not any(counts[before]):
            trends.newly_active.append(names[code])
        if not any(counts[recent]):
            trends.quiet_long.append((names[code], last_active.get(code)))
    return trends
