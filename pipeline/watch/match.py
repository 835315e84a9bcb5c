"""The new articles matching a watchlist: core RB, fetched since the watchlist's ``since``, not sent yet.

One query per watchlist, every value bound as a parameter (the criteria are typed by people; the SQL
never is). Words match the title or text with case and accents ignored (``strip_accents``), each word
as a substring, all words required; an official matches on the names the articles give them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from pipeline.digest.queries import OUTLET_NAME_SQL
from pipeline.watch.lists import Watchlist

__all__ = ["Match", "new_matches"]


@dataclass(frozen=True)
class Match:
    """One matching article, with the story it belongs to (syndicated copies share it)."""

    article_id: str
    story_id: str
    title: str
    outlet: str
    url: str
    published_at: datetime | None
    provinces: list[str]


_BASE = f"""
select a.article_id, a.story_id, coalesce(a.title, '') as title, {OUTLET_NAME_SQL} as outlet,
       coalesce(a.url, a.canonical_url) as url, a.published_at,
       coalesce((select list(distinct ap.province order by ap.province) from article_provinces ap
                 where ap.article_id = a.article_id), []) as provinces
from articles a
where a.rb_relevant
  and a.fetched_at >= $since
  and not exists (select 1 from watch_notifications n where n.watchlist = $name and n.article_id = a.article_id)
"""

_TEXT = "lower(strip_accents(coalesce(a.title, '') || ' ' || coalesce(a.text, '')))"


def new_matches(con: duckdb.DuckDBPyConnection, w: Watchlist, *, limit: int | None = None) -> list[Match]:
    """The articles ``w`` has not alerted yet, oldest first (so an overflow goes out next time)."""
    sql = [_BASE]
    params: dict[str, Any] = {"since": w.since, "name": w.name}
    if w.province_code:
        sql.append(
            "and exists (select 1 from article_provinces ap where ap.article_id = a.article_id"
            " and ap.province_code = $province)"
        )
        params["province"] = w.province_code
    if w.theme:
        sql.append(
            "and exists (select 1 from article_themes t where t.article_id = a.article_id and t.theme = $theme)"
        )
        params["theme"] = w.theme
    if w.official:
        sql.append(
            "and exists (select 1 from article_officials o where o.article_id = a.article_id"
            " and contains(lower(strip_accents(o.name)), lower(strip_accents($official))))"
        )
        params["official"] = w.official
    for i, word in enumerate((w.query or "").split()):
        sql.append(f"and contains({_TEXT}, lower(strip_accents($w{i})))")
        params[f"w{i}"] = word
    sql.append("order by a.published_at nulls last, a.article_id")
    if limit is not None:
        sql.append("limit $limit")
        params["limit"] = limit
    return [Match(*row) for row in con.execute("\n".join(sql), params).fetchall()]
