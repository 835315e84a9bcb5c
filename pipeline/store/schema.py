"""The schema: versioned migrations (table changes, ``migrations/NNNN_name.sql``), applied once each."""

from __future__ import annotations

import logging
import re
from importlib import resources

import duckdb

from pipeline.core.errors import DatabaseError
from pipeline.store.connection import transaction

__all__ = ["current_version", "migrate", "migrations"]

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """The ordered migration files shipped in ``pipeline/migrations``: (version, name, sql)."""
    found = []
    for entry in resources.files("pipeline.store").joinpath("migrations").iterdir():
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
