"""The DuckDB store: versioned migrations, documentation in COMMENTs, batched appends."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.core.errors import DatabaseError, DatabaseLockedError


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    c = store.connect(tmp_path / "t.duckdb")
    yield c
    c.close()


def test_migrations_are_ordered_and_unique() -> None:
    versions = [v for v, _, _ in store.migrations()]
    assert versions == sorted(versions)
    assert versions[0] == 1
    assert len(set(versions)) == len(versions)


def test_migrate_is_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    first = store.migrate(con)
    assert first, "a new database gets every migration"
    tables = con.execute("select table_name from duckdb_tables() where not internal order by 1").fetchall()
    assert store.migrate(con) == []
    assert store.current_version(con) == store.migrations()[-1][0]
    assert (
        con.execute("select table_name from duckdb_tables() where not internal order by 1").fetchall()
        == tables
    )
    assert con.execute("select count(*) from schema_version").fetchone()[0] == len(first)


def test_required_tables_exist(con: duckdb.DuckDBPyConnection) -> None:
    store.migrate(con)
    names = {
        r[0] for r in con.execute("select table_name from duckdb_tables() where not internal").fetchall()
    }
    required = {
        "schema_version",
        "sources",
        "crawl_runs",
        "fetches",
        "articles",
        "article_regions",
        "officials",
        "article_officials",
        "article_themes",
        "provinces",
        "regencies",
    }
    assert required <= names


def test_every_table_and_column_is_documented(con: duckdb.DuckDBPyConnection) -> None:
    store.migrate(con)
    bare_tables = con.execute(
        "select table_name from duckdb_tables() where not internal and (comment is null or comment = '')"
    ).fetchall()
    bare_columns = con.execute(
        "select table_name, column_name from duckdb_columns() c join duckdb_tables() t using (table_name)"
        " where not c.internal and not t.internal and (c.comment is null or c.comment = '')"
    ).fetchall()
    assert bare_tables == []
    assert bare_columns == []


def test_append_rows_and_rollback(con: duckdb.DuckDBPyConnection) -> None:
    store.migrate(con)
    row = {"run_id": "r1", "kind": "crawl", "started_at": "2025-07-01T01:00:00+07:00", "status": "ok"}
    with store.transaction(con):
        assert store.append_rows(con, "crawl_runs", [row]) == 1
    with pytest.raises(RuntimeError), store.transaction(con):
        store.append_rows(con, "crawl_runs", [{**row, "run_id": "r2"}])
        raise RuntimeError("boom")
    assert [r[0] for r in con.execute("select run_id from crawl_runs").fetchall()] == ["r1"]
    with pytest.raises(DatabaseError, match="unknown columns"):
        store.append_rows(con, "crawl_runs", [{**row, "run_id": "r3", "colour": "blue"}])


def test_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    """DuckDB's lock is per process: a second process trying to write is told why."""
    import subprocess
    import sys

    path = tmp_path / "locked.duckdb"
    holder = store.connect(path)
    try:
        code = (
            "from pipeline import store\n"
            "from pipeline.core.errors import DatabaseLockedError\n"
            f"try:\n    store.connect({str(path)!r})\nexcept DatabaseLockedError as e:\n    print('LOCKED', e)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert "LOCKED" in proc.stdout, proc.stderr
    finally:
        holder.close()
    assert DatabaseLockedError.__mro__[1] is DatabaseError


def test_read_only_missing_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database"):
        store.connect(tmp_path / "absent.duckdb", read_only=True)


def test_a_migration_missed_earlier_is_applied_later(con: duckdb.DuckDBPyConnection) -> None:
    """A lower-numbered migration that arrives after a higher one (parallel branches) still runs."""
    one = (1, "0001_a.sql", "create table a (x int); comment on table a is 'a';")
    two = (2, "0002_b.sql", "create table b (x int); comment on table b is 'b';")
    three = (3, "0003_c.sql", "create table c (x int); comment on table c is 'c';")
    assert store.migrate(con, available=[one, three]) == ["0001_a.sql", "0003_c.sql"]
    assert store.migrate(con, available=[one, two, three]) == ["0002_b.sql"]
    assert store.migrate(con, available=[one, two, three]) == []
    assert {
        r[0] for r in con.execute("select table_name from duckdb_tables() where not internal").fetchall()
    } >= {"a", "b", "c"}
