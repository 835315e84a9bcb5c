"""Read-only SQL for analysts: ``rbmon sql``.

The database is opened read-only and, on top of that, with external access off and the
configuration locked, so a query can neither change the database nor write files
(``COPY ... TO``) nor attach other databases. Results come back as Arrow and are written
by pyarrow (CSV, JSON lines, Parquet) or XlsxWriter (Excel), so no format needs a second query.
Each format has its own writer function in ``_WRITERS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pipeline import store
from pipeline.core.errors import InputError
from pipeline.store.xlsx import write_workbook

__all__ = ["FORMATS", "run_query", "write_result"]

FORMATS = ("table", "csv", "json", "parquet", "xlsx")
#: Formats that are files, not text: they need ``--output``.
BINARY_FORMATS = ("parquet", "xlsx")


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
    """Write ``table`` as CSV, JSON lines, Parquet or Excel to ``output``, or to ``stdout`` (text formats)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in BINARY_FORMATS:
        if output is None:
            raise InputError(f"--format {fmt} needs --output FILE")
        _WRITERS[fmt](table, output)
        return
    text = _TEXT[fmt](table)
    if output is None:
        stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _csv(table: pa.Table) -> str:
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink)
    return sink.getvalue().to_pybytes().decode("utf-8")


def _json_lines(table: pa.Table) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in table.to_pylist())


def _parquet(table: pa.Table, output: Path) -> None:
    pq.write_table(table, output)


def _xlsx(table: pa.Table, output: Path) -> None:
    """One sheet, named after the file (``rb_stories.xlsx`` has the sheet ``rb_stories``)."""
    write_workbook({output.stem or "result": table}, output)


#: Text formats (stdout or a file), a renderer each; "table" on a file is written as JSON lines.
_TEXT: dict[str, Callable[[pa.Table], str]] = {"csv": _csv, "json": _json_lines, "table": _json_lines}
#: File formats, a writer each.
_WRITERS: dict[str, Callable[[pa.Table, Path], None]] = {"parquet": _parquet, "xlsx": _xlsx}
