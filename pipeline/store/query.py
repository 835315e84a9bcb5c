"""Read-only SQL for analysts: ``rbmon sql``.

The database is opened read-only and, on top of that, with external access off and the
configuration locked, so a query can neither change the database nor write files
(``COPY ... TO``) nor attach other databases. Results come back as Arrow and are written
by pyarrow (CSV, JSON lines, Parquet) or XlsxWriter (Excel), so no format needs a second query.
Each format has its own writer function in ``_WRITERS``.

Values CSV has no form for — lists and structs (``rb_stories.urls``), maps, unions, blobs, intervals —
are written as JSON text in their cell (blobs as hex), the same text the terminal table shows, so any
query the README shows can be exported.

Dates and timestamps Python cannot hold — DuckDB's ``'infinity'``, year 294247 — become text
(``infinity``, ``-infinity``, ``out of range: <raw value>``) when the result is fetched, so every format
(table, JSON, Excel) shows them instead of tracing back.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pipeline import store
from pipeline.core.errors import InputError
from pipeline.store.xlsx import write_workbook

__all__ = ["FORMATS", "cell_text", "jsonable", "pythonable", "run_query", "write_result"]

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
            return pythonable(fetch())
        except duckdb.Error as exc:
            raise InputError(f"query failed: {exc}".splitlines()[0]) from None
    finally:
        con.close()


# Python's date range (0001-01-01 .. 9999-12-31) less a day each side, so a timestamp with a time zone
# converted to local time stays inside it too: in days and in seconds from 1970-01-01.
_MIN_DAY, _MAX_DAY = dt.date(1, 1, 2).toordinal() - 719163, dt.date(9999, 12, 30).toordinal() - 719163
_UNIT = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _temporal_in_range(column: pa.ChunkedArray) -> bool:
    """Whether every value of a date or timestamp column is surely one Python can hold."""
    kind = column.type
    if pa.types.is_timestamp(kind):
        per_day = 86_400 * _UNIT[kind.unit]
        raw = column.cast(pa.int64())
    elif pa.types.is_date32(kind):
        per_day, raw = 1, column.cast(pa.int32()).cast(pa.int64())
    else:  # date64: milliseconds
        per_day, raw = 86_400_000, column.cast(pa.int64())
    # DuckDB's infinities are the type's largest magnitudes (a nanosecond timestamp's fit Python's range)
    biggest = 2**31 - 1 if pa.types.is_date32(kind) else 2**63 - 1
    low, high = max(_MIN_DAY * per_day, 1 - biggest), min(_MAX_DAY * per_day, biggest - 1)
    bounds = pc.min_max(raw)
    lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
    return lo is None or (lo >= low and hi <= high)


def _temporal_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A date or timestamp column as text: ISO 8601 where Python can hold it, else what it is."""
    raw = (
        column.cast(pa.int32()).cast(pa.int64())
        if pa.types.is_date32(column.type)
        else column.cast(pa.int64())
    )
    biggest = 2**31 - 1 if pa.types.is_date32(column.type) else 2**63 - 1
    texts: list[str | None] = []
    for value, number in zip(column, raw.to_pylist(), strict=True):
        if number is None:
            texts.append(None)
        elif abs(number) == biggest:
            texts.append("infinity" if number > 0 else "-infinity")
        else:
            try:
                texts.append(value.as_py().isoformat())
            except (OverflowError, ValueError):
                texts.append(f"out of range: {number}")
    return pa.chunked_array([pa.array(texts, pa.string())])


def pythonable(table: pa.Table) -> pa.Table:
    """``table`` with each date or timestamp column holding a value Python cannot (DuckDB's
    ``'infinity'``, years past 9999) turned into text, so ``to_pylist`` and every writer can read it;
    other columns are untouched. Nested columns with such values are turned into their JSON text.

    >>> t = duckdb.sql("select 'infinity'::date as d, date '2025-07-01' as ok").to_arrow_table()
    >>> pythonable(t).to_pylist()
    [{'d': 'infinity', 'ok': datetime.date(2025, 7, 1)}]
    """
    columns, changed = [], False
    for column in table.columns:
        kind = column.type
        if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
            if not _temporal_in_range(column):
                column, changed = _temporal_text(column), True
        elif pa.types.is_nested(kind):
            try:
                column.to_pylist()
            except (OverflowError, ValueError):
                texts = []
                for i in range(len(column)):
                    try:
                        texts.append(cell_text(column[i].as_py()))
                    except (OverflowError, ValueError):
                        texts.append("out of range")
                column, changed = pa.chunked_array([pa.array(texts, pa.string())]), True
        columns.append(column)
    return pa.table(columns, names=table.column_names) if changed else table


def jsonable(value: Any) -> Any:
    """A query result value as JSON can hold it: bytes as hex, times as ISO 8601, NaN as null.

    >>> jsonable({"urls": ["https://a.id/1"], "at": dt.date(2025, 7, 1), "raw": b"\\x00\\xff"})
    {'urls': ['https://a.id/1'], 'at': '2025-07-01', 'raw': '00ff'}
    """
    if isinstance(value, pa.MonthDayNano):  # an INTERVAL, before the tuple it also is
        return f"{value.months} months {value.days} days {value.nanoseconds} ns"
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        # a DuckDB MAP arrives as a list of (key, value) pairs
        return [jsonable(v) for v in value]
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, decimal.Decimal | uuid.UUID | dt.timedelta):
        return str(value)
    return str(value)  # an interval (MonthDayNano), an extension type: its text form


def cell_text(value: Any) -> str:
    """One value as text for a table cell or a CSV field: nested values as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, pa.MonthDayNano):
        return str(jsonable(value))
    if isinstance(value, dict | list | tuple):
        return json.dumps(jsonable(value), ensure_ascii=False)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(jsonable(value))


def _csv_ready(table: pa.Table) -> pa.Table:
    """``table`` with every column CSV cannot write as such turned into text (JSON for nested values)."""
    columns = []
    for column in table.columns:
        kind = column.type
        if pa.types.is_dictionary(kind):
            column = column.cast(kind.value_type)
            kind = column.type
        plain = not isinstance(kind, pa.BaseExtensionType)
        plain = plain and not pa.types.is_nested(kind) and not pa.types.is_binary(kind)
        plain = plain and not pa.types.is_large_binary(kind) and not pa.types.is_fixed_size_binary(kind)
        if plain:
            try:
                pc.cast(column.slice(0, 0), pa.string())  # CSV writes through this cast
                columns.append(column)
                continue
            except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
                pass
        texts = [None if v is None else cell_text(v) for v in column.to_pylist()]
        columns.append(pa.chunked_array([pa.array(texts, pa.string())]))
    return pa.table(columns, names=table.column_names)


def write_result(table: pa.Table, fmt: str, output: Path | None, *, stdout: IO[str]) -> None:
    """Write ``table`` as CSV, JSON lines, Parquet or Excel to ``output``, or to ``stdout`` (text formats).

    Raises:
        InputError: an unknown format, a file format without a file, or a value the format cannot hold.
    """
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
    try:
        pa_csv.write_csv(_csv_ready(table), sink)
    except pa.ArrowException as exc:
        raise InputError(
            f"CSV cannot hold this result: {exc}".splitlines()[0],
            hint="cast the column in the query (e.g. ::varchar) or use --format json",
        ) from None
    return sink.getvalue().to_pybytes().decode("utf-8")


def _json_lines(table: pa.Table) -> str:
    return "".join(json.dumps(jsonable(row), ensure_ascii=False) + "\n" for row in table.to_pylist())


def _parquet(table: pa.Table, output: Path) -> None:
    try:
        pq.write_table(table, output)
    except OSError as exc:
        if exc.errno is None or exc.filename is not None:
            raise
        # pyarrow's OSError has the errno but not the path: the one line would not say which file
        raise OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(output)) from None
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        output.unlink(missing_ok=True)
        raise InputError(
            f"Parquet cannot hold this result: {exc}".splitlines()[0],
            hint="cast the column in the query (e.g. ::varchar) or use --format csv or json",
        ) from None


def _xlsx(table: pa.Table, output: Path) -> None:
    """One sheet, named after the file (``rb_stories.xlsx`` has the sheet ``rb_stories``)."""
    write_workbook({output.stem or "result": table}, output)


#: Text formats (stdout or a file), a renderer each; "table" on a file is written as JSON lines.
_TEXT: dict[str, Callable[[pa.Table], str]] = {"csv": _csv, "json": _json_lines, "table": _json_lines}
#: File formats, a writer each.
_WRITERS: dict[str, Callable[[pa.Table, Path], None]] = {"parquet": _parquet, "xlsx": _xlsx}
