"""Read-only SQL for analysts: ``rbmon sql``.

The database is opened read-only and, on top of that, with external access off and the
configuration locked, so a query can neither change the database nor write files
(``COPY ... TO``) nor attach other databases. Results come back as Arrow and are written
by pyarrow, so CSV, JSON lines and Parquet need no second query.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pipeline import store
from pipeline.core.errors import InputError

__all__ = ["FORMATS", "run_query", "write_result"]

FORMATS = ("table", "csv", "json", "parquet")


def run_query(query: str, db: Path) -> pa.Table:
    """Run one analyst query on ``db`` opened read-only, with no file or network access.

    Raises:
        InputError: the query failed or tried to write (one line, DuckDB's own message).
        DatabaseLockedError: ``db`` is the working database and a run is writing it.
    """
    con = store.connect(db, read_only=True)
    try:
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
        try:
            relation = con.sql(query)
            if relation is None:  # a statement without a result (e.g. SET on a read-only copy)
                return pa.table({})
            # duckdb 2.x: to_arrow_table; 1.x: arrow
            fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
            return fetch()
        except duckdb.Error as exc:
            raise InputError(f"query failed: {exc}".splitlines()[0]) from None
    finally:
        con.close()


def write_result(table: pa.Table, fmt: str, output: Path | None, *, stdout: IO[str]) -> None:
    """Write ``table`` as CSV, JSON lines or Parquet to ``output``, or to ``stdout`` (not Parquet)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if output is None:
            raise InputError("--format parquet needs --output FILE")
        pq.write_table(table, output)
        return
    if fmt == "csv":
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(table, sink)
        text = sink.getvalue().to_pybytes().decode("utf-8")
    else:  # json lines, or a table rendered as json lines when written to a file
        text = "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in table.to_pylist())
    if output is None:
        stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
