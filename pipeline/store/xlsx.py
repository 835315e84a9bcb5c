"""Excel workbooks from Arrow tables: one sheet per table, typed cells, frozen header, filters.

The writer is XlsxWriter (maintained, streaming, no Excel needed). What each Arrow type becomes:
integers and floats are numbers, booleans are TRUE/FALSE, dates and timestamps are Excel date-times
(timestamps in Jakarta time, WIB, since Excel has no time zones), lists and structs are JSON text, and
every string is written as a string, never as a formula or a link: a scraped title that starts with
``=`` or ``@`` stays text when the analyst opens it (no formula injection).

Excel's limits are checked, not met by surprise: a sheet holds at most 1,048,575 data rows (more is one
clear error), a cell at most 32,767 characters (longer text, e.g. an article body, is cut and ends
with "…"), a sheet name at most 31 characters.

The workbook is built in a temporary file and copied to its path at the end, so a path that cannot
take it (a folder, a missing folder, ``/proc``, a full disk) is the ``OSError`` of that path — one line
in the CLI — and never XlsxWriter's error from inside its zip writer, whose half-closed file then
printed a second traceback when it was garbage-collected. The copy writes into the path (``/dev/stdout``
works, ``/dev/null`` stays a device).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import xlsxwriter

from pipeline.core.errors import InputError

__all__ = ["MAX_CELL_CHARS", "MAX_ROWS", "sheet_name", "write_workbook"]

WIB = ZoneInfo("Asia/Jakarta")
MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
MAX_CELL_CHARS = 32_767
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 200  # rows looked at to size a column


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name for ``name``: no ``[]:*?/\\``, at most 31 characters.

    >>> sheet_name("province_week_activity/2025")
    'province_week_activity_2025'
    """
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    taken = taken if taken is not None else set()
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _cell_text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _kind(field_type: pa.DataType) -> str:
    """How a column's cells are written: number, bool, datetime, date or text."""
    if pa.types.is_integer(field_type) or pa.types.is_floating(field_type) or pa.types.is_decimal(field_type):
        return "number"
    if pa.types.is_boolean(field_type):
        return "bool"
    if pa.types.is_timestamp(field_type):
        return "datetime"
    if pa.types.is_date(field_type):
        return "date"
    return "text"


def _width(header: str, values: list[Any]) -> float:
    longest = max([len(header)] + [len(str(v)) for v in values if v is not None])
    return float(min(60, max(8, longest + 2)))


def write_workbook(sheets: Mapping[str, pa.Table], path: Path) -> dict[str, int]:
    """Write each Arrow table as a sheet of ``path``; returns the rows written per sheet name.

    Raises:
        InputError: a table has more rows than an Excel sheet holds.
    """
    for name, table in sheets.items():
        if table.num_rows > MAX_ROWS:
            raise InputError(
                f"{name}: {table.num_rows:,} rows do not fit in an Excel sheet (at most {MAX_ROWS:,})",
                hint="narrow the query, or write --format parquet or csv",
            )
    if path.is_dir():  # before the work, not after it
        raise IsADirectoryError(21, "Is a directory", str(path))
    fd, built = tempfile.mkstemp(prefix="rbmon-", suffix=".xlsx")
    os.close(fd)
    try:
        written = _build(sheets, built)
        shutil.copyfile(built, path)
    finally:
        os.unlink(built)
    return written


def _build(sheets: Mapping[str, pa.Table], path: str) -> dict[str, int]:
    workbook = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,  # rows stream to disk: a large result does not sit in memory
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
        },
    )
    header_fmt = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1})
    formats = {
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "text": workbook.add_format({"text_wrap": False}),
    }
    written: dict[str, int] = {}
    taken: set[str] = set()
    try:
        for name, table in sheets.items():
            title = sheet_name(name, taken)
            ws = workbook.add_worksheet(title)
            kinds = [_kind(f.type) for f in table.schema]
            sample = table.slice(0, _WIDTH_SAMPLE).to_pylist()
            for col, field in enumerate(table.schema):
                width = (
                    18.0 if kinds[col] == "datetime" else _width(field.name, [r[field.name] for r in sample])
                )
                ws.set_column(col, col, width)
            for col, field in enumerate(table.schema):
                ws.write_string(0, col, field.name, header_fmt)
            row_no = 0
            for batch in table.to_batches(max_chunksize=10_000):
                columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                for values in zip(*columns, strict=True):
                    row_no += 1
                    for col, value in enumerate(values):
                        _write(ws, row_no, col, value, kinds[col], formats)
            ws.freeze_panes(1, 0)
            if table.num_columns:
                ws.autofilter(0, 0, max(row_no, 1), table.num_columns - 1)
            written[title] = row_no
    finally:
        workbook.close()
    return written


def _write(ws: Any, row: int, col: int, value: Any, kind: str, formats: dict[str, Any]) -> None:
    """One typed cell; ``None`` stays an empty cell."""
    if value is None:
        return
    if kind == "number":
        ws.write_number(row, col, float(value))
    elif kind == "bool":
        ws.write_boolean(row, col, bool(value))
    elif kind == "datetime" and isinstance(value, datetime):
        local = value.astimezone(WIB) if value.tzinfo else value
        ws.write_datetime(row, col, local.replace(tzinfo=None), formats["datetime"])
    elif kind == "date" and isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), formats["date"])
    else:
        ws.write_string(row, col, _cell_text(value), formats["text"])
