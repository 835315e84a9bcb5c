"""The DuckDB store: connections, versioned migrations, batched Arrow appends.

DuckDB allows one writer process at a time. rbmon's pipeline is that writer; analysts read
the published copy (see ``pipeline.store.publish``). Writes go through ``append_rows`` which hands
DuckDB an Arrow table: row-by-row ``executemany`` is about 60x slower for the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.core.errors import DatabaseError, DatabaseLockedError, from_message

__all__ = ["append_rows", "connect", "transaction"]


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database, turning DuckDB's lock conflict into a clear, actionable error."""
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(f"no database at {path}", hint="run `rbmon db init` or `rbmon demo` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLockedError(
                f"the database {path} is locked by another process",
                hint="a crawl or processing run is writing; analysts should open the published copy",
            ) from exc
        raise from_message(str(exc), doing=f"cannot open {path}") or DatabaseError(
            f"cannot open {path}: {exc}".splitlines()[0]
        ) from exc
    con.execute("set timezone = 'Asia/Jakarta'")
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, rolled back on any exception so a failed batch leaves nothing behind."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    else:
        con.execute("commit")


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "select column_name, data_type from duckdb_columns()"
        " where table_name = ? and schema_name = 'main' and database_name = current_database()"
        " order by column_index",
        [table],
    ).fetchall()
    if not rows:
        raise DatabaseError(f"no table {table!r} in the database", hint="run `rbmon db migrate`")
    return [(str(name), str(kind)) for name, kind in rows]


def append_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[Mapping[str, Any]] | Iterable[Mapping[str, Any]],
) -> int:
    """Append dict rows to ``table`` through one Arrow batch; missing keys become NULL.

    Unknown keys are an error (they are always a bug in the caller). The caller decides the
    transaction; this function never commits on its own.
    """
    rows = list(rows)
    if not rows:
        return 0
    columns = _table_columns(con, table)
    names = [name for name, _ in columns]
    unknown = {k for r in rows for k in r} - set(names)
    if unknown:
        raise DatabaseError(f"unknown columns for {table}: {sorted(unknown)}")
    used = [n for n in names if any(n in r for r in rows)]
    data = {n: [r.get(n) for r in rows] for n in used}
    batch = pa.table(data)  # noqa: F841 - referenced by name in the SQL below
    cols = ", ".join(f'"{n}"' for n in used)
    # DuckDB casts Arrow columns to the table's types (json columns take str values).
    con.execute(f'insert into "{table}" ({cols}) select {cols} from batch')
    return len(rows)
