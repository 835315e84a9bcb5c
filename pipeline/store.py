"""The DuckDB store: connections, versioned migrations, batched Arrow appends.

DuckDB allows one writer process at a time. rbmon's pipeline is that writer; analysts read
the published copy (see ``pipeline.publish``). Writes go through ``append_rows`` which hands
DuckDB an Arrow table: row-by-row ``executemany`` is about 60x slower for the same rows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.errors import DatabaseError, DatabaseLockedError

__all__ = [
    "append_rows",
    "connect",
    "current_version",
    "migrate",
    "migrations",
    "transaction",
]

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


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
        raise DatabaseError(f"cannot open {path}: {exc}") from exc
    con.execute("set timezone = 'Asia/Jakarta'")
    return con


def migrations() -> list[tuple[int, str, str]]:
    """The ordered migration files shipped in ``pipeline/migrations``: (version, name, sql)."""
    found = []
    for entry in resources.files("pipeline.migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise DatabaseError(f"two migrations share a version number: {versions}")
    return found


_SCHEMA_VERSION_COMMENTS = (
    "comment on table schema_version is 'Applied schema migrations, one row per migration file.'",
    "comment on column schema_version.version is 'Migration number (the 4-digit prefix of its file).'",
    "comment on column schema_version.name is 'Migration file name.'",
    "comment on column schema_version.applied_at is 'When the migration was applied.'",
)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration, 0 for an empty database."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("select coalesce(max(version), 0) from schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(
    con: duckdb.DuckDBPyConnection, *, available: list[tuple[int, str, str]] | None = None
) -> list[str]:
    """Apply every migration newer than the database, each in its own transaction.

    Idempotent: a second call applies nothing. Returns the names applied, in order.
    """
    con.execute(
        "create table if not exists schema_version ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamptz not null default current_timestamp)"
    )
    for stmt in _SCHEMA_VERSION_COMMENTS:
        con.execute(stmt)
    # Applied by set, not by "newer than the highest": a migration merged from a parallel branch
    # with a lower number than one already applied is still applied, once.
    have = {int(v) for (v,) in con.execute("select version from schema_version").fetchall()}
    applied = []
    for version, name, sql in available if available is not None else migrations():
        if version in have:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("insert into schema_version (version, name) values (?, ?)", [version, name])
        log.debug("applied migration %s", name)
        applied.append(name)
    return applied


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
