"""The place for the RB scorecard on a province page (issue 16 fills it; this module only finds it).

The facts issue adds the view ``pemda_scorecard``. Until that view exists in the database the site is
built from, :func:`province_scorecard` returns ``None`` and the template include
``templates/_scorecard.html.j2`` renders nothing, so the province page looks as if the block was never
there. Once the view exists, this returns its rows for the province (the view is expected to have a
``province_code`` column) and the include shows them as a table; the scorecard issue replaces the
include with its own layout and, if it wants, this function with its own query.
"""

from __future__ import annotations

from typing import Any

import duckdb

__all__ = ["SCORECARD_VIEW", "province_scorecard"]

SCORECARD_VIEW = "pemda_scorecard"


def _has_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_views() where view_name = ? and not internal", [name]
        ).fetchall()[0][0]
    )


def province_scorecard(con: duckdb.DuckDBPyConnection, province_code: str) -> list[dict[str, Any]] | None:
    """The scorecard rows of one province, or ``None`` when the database has no scorecard view."""
    if not _has_view(con, SCORECARD_VIEW):
        return None
    cursor = con.execute(f"select * from {SCORECARD_VIEW} where province_code = ?", [province_code])
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
