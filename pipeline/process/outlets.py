"""Discovered outlets seen from processing: their home province, and the outlets a backfill met.

A discovered outlet's home province comes from its host when it follows a pemda domain convention
(``nlp.hosts``: ``tabalongkab.go.id`` is in Kalimantan Selatan), decided before its articles are
annotated, so they carry it as their publisher province. Otherwise it comes from its stories once
enough are stored: the province where more than half of its stored articles with a place happen, with
at least ``discovery.home_province_min_stories`` of them; a national outlet, whose stories are spread,
keeps none. The evidence is kept in ``sources.province_evidence`` either way.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime

import duckdb

from crawlers.urls import netloc_of
from nlp.hosts import pemda_home
from pipeline import store
from pipeline.store.outlets import DISCOVERED, Outlet, register_outlets, set_home_province

__all__ = ["place_by_domain", "place_by_stories", "register_backfilled"]

log = logging.getLogger(__name__)

_BY_STORIES = "stories:"


def place_by_domain(con: duckdb.DuckDBPyConnection) -> int:
    """Home provinces of discovered outlets whose host follows a pemda convention; returns how many."""
    rows = con.execute(
        "select source_id, host from sources where origin = ? and province_evidence is null", [DISCOVERED]
    ).fetchall()
    placed = 0
    with store.transaction(con):
        for sid, host in rows:
            home = pemda_home(host or sid)
            if home is not None:
                set_home_province(con, sid, home.province_code, home.evidence)
                log.info("discovered outlet %s is based in %s (%s)", sid, home.name, home.evidence)
                placed += 1
    return placed


def place_by_stories(con: duckdb.DuckDBPyConnection, *, min_stories: int) -> int:
    """Home provinces of the other discovered outlets from where their stored stories happen."""
    candidates = {
        sid
        for (sid,) in con.execute(
            "select source_id from sources where origin = ? and"
            " (province_evidence is null or starts_with(province_evidence, ?))",
            [DISCOVERED, _BY_STORIES],
        ).fetchall()
    }
    if not candidates:
        return 0
    per_source: dict[str, Counter[str]] = {sid: Counter() for sid in candidates}
    placed_articles: Counter[str] = Counter()
    names: dict[str, str] = {}
    for sid, code, name in con.execute(
        """
        select a.source_id, ap.province_code, ap.province
        from articles a join article_provinces ap using (article_id)
        where list_contains(?, a.source_id)
        """,
        [sorted(candidates)],
    ).fetchall():
        per_source[sid][code] += 1
        names[code] = name
    for sid, article_count in con.execute(
        """
        select a.source_id, count(distinct a.article_id) from articles a
        where list_contains(?, a.source_id) and a.article_id in (select article_id from article_provinces)
        group by 1
        """,
        [sorted(candidates)],
    ).fetchall():
        placed_articles[sid] = article_count
    changed = 0
    with store.transaction(con):
        for sid in sorted(candidates):
            counts, total = per_source[sid], placed_articles[sid]
            code, n = counts.most_common(1)[0] if counts else (None, 0)
            if code is not None and n >= min_stories and n * 2 > total:
                evidence = (
                    f"{_BY_STORIES} {n} of {total} stored articles with a place happen in {names[code]}"
                )
                set_home_province(con, sid, code, evidence)
                changed += 1
            else:
                set_home_province(con, sid, None, None)
    return changed


def register_backfilled(con: duckdb.DuckDBPyConnection) -> int:
    """Register as discovered outlets the hosts whose articles an any-outlet backfill stored.

    Their articles name them by outlet id (``host[:port]`` without ``www.``); the outlet's name is the
    site name its pages give most often, else the host.
    """
    rows = con.execute(
        """
        select source_id, any_value(url), mode(outlet), min(fetched_at) from articles
        where source_id is not null and source_id not in (select source_id from sources)
        group by 1
        """
    ).fetchall()
    outlets = []
    for sid, url, name, first in rows:
        host = netloc_of(url)
        outlets.append(
            Outlet(
                source_id=sid,
                host=host,
                url=f"{url.split('://', 1)[0]}://{host}/",
                name=name or host,
                found_by="any_outlet",
                first_seen_at=first or datetime.now(UTC),
            )
        )
    with store.transaction(con):
        return register_outlets(con, outlets)
