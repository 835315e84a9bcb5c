"""The RB scorecard on a province page: the latest announced result of each pemda and unit, per metric.

Rows come from the view ``pemda_scorecard`` (``pipeline/store/views/pemda_scorecard.sql``), the one
place that decides which report is "the latest" and when reports disagree; the page shows them and
never recomputes. A database made before the scorecard has no such view: :func:`province_scorecard`
then returns ``None`` and the province page has no scorecard block, rather than failing to build.
"""

from __future__ import annotations

from typing import Any

import duckdb

__all__ = ["SCORECARD_VIEW", "province_scorecard"]

SCORECARD_VIEW = "pemda_scorecard"

#: What a province page shows of each scorecard row, in the view's own column names.
_COLUMNS = (
    "pemda",
    "subject",
    "subject_kind",
    "metric",
    "value",
    "year",
    "conflict",
    "reported_values",
    "articles",
    "outlets",
    "last_reported",
    "evidence",
    "url",
)


def _has_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_views() where view_name = ? and not internal", [name]
        ).fetchall()[0][0]
    )


def province_scorecard(con: duckdb.DuckDBPyConnection, province_code: str) -> list[dict[str, Any]] | None:
    """The scorecard rows of one province, pemda by pemda, or ``None`` when the database has no scorecard.

    The province's own results come first, then its regencies and cities by name; within a pemda,
    the pemda's results before its units', metric by metric.
    """
    if not _has_view(con, SCORECARD_VIEW):
        return None
    cursor = con.execute(
        f"""
        select {", ".join(_COLUMNS)} from {SCORECARD_VIEW}
        where province_code = ?
        order by length(pemda_code), pemda, subject_kind <> 'pemda', subject, metric
        """,
        [province_code],
    )
    return [dict(zip(_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
