"""The schema: migrations for tables, applied once each, and views as code, applied on every migrate.

Tables change through numbered files in ``migrations/`` (``NNNN_name.sql``), recorded in
``schema_version`` so each runs once. Views are derived, so they are not versioned: each one is a
file ``views/<view>.sql`` holding its ``create or replace view`` and its comments, and every
``migrate`` applies all of them again, in dependency order, after the migrations. Changing a view is
one edit; a database of any age gets the current definitions (DuckDB drops a view's comments when
it is replaced, so each file sets them again). View files are Jinja templates over ``channels``
(``pipeline.core.contract.Channel``), so a view can have a column per discovery channel.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from graphlib import TopologicalSorter
from importlib import resources

import duckdb
from jinja2 import Environment, StrictUndefined

from pipeline.core.contract import Channel
from pipeline.core.errors import DatabaseError
from pipeline.store.connection import transaction

__all__ = ["apply_views", "current_version", "migrate", "migrations", "views"]

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
    con: duckdb.DuckDBPyConnection,
    *,
    available: list[tuple[int, str, str]] | None = None,
    with_views: bool = True,
) -> list[str]:
    """Apply every migration the database lacks, each in its own transaction, then every view.

    Idempotent: a second call applies no migration (and the same views again). Returns the names of
    the migrations applied, in order. ``with_views=False`` leaves the views alone (a test that builds
    a database as an older rbmon left it).
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
    if with_views:
        apply_views(con)
    return applied


_VIEW_NAME = re.compile(r"^([a-z][a-z0-9_]*)\.sql$")


@lru_cache(maxsize=1)
def views() -> tuple[tuple[str, str], ...]:
    """The views shipped in ``views/``, rendered, in dependency order: (name, SQL with its comments).

    A view that names another (as a whole word) comes after it; otherwise alphabetical.
    """
    env = Environment(autoescape=False, keep_trailing_newline=True, undefined=StrictUndefined)
    found: dict[str, str] = {}
    for entry in resources.files("pipeline.store").joinpath("views").iterdir():
        m = _VIEW_NAME.match(entry.name)
        if m:
            template = env.from_string(entry.read_text(encoding="utf-8"))
            found[m.group(1)] = template.render(channels=list(Channel))
    graph = TopologicalSorter(
        {
            name: {other for other in found if other != name and re.search(rf"\b{other}\b", _code(sql))}
            for name, sql in sorted(found.items())
        }
    )
    return tuple((name, found[name]) for name in graph.static_order())


def _code(sql: str) -> str:
    """The SQL without its ``--`` comment lines and comment statements (they name other views in prose)."""
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith(("--", "comment on")))


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create or replace every view with its comments, in one transaction; returns their names in order."""
    shipped = views()
    with transaction(con):
        for _name, sql in shipped:
            con.execute(sql)
    return [name for name, _ in shipped]
