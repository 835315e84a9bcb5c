"""The DuckDB store: versioned migrations, views as code, documentation in COMMENTs, batched appends."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.core.errors import DatabaseError, DatabaseLockedError
from pipeline.store import schema


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
    assert store.migrate(con, available=[one, three], with_views=False) == ["0001_a.sql", "0003_c.sql"]
    assert store.migrate(con, available=[one, two, three], with_views=False) == ["0002_b.sql"]
    assert store.migrate(con, available=[one, two, three], with_views=False) == []
    assert {
        r[0] for r in con.execute("select table_name from duckdb_tables() where not internal").fetchall()
    } >= {"a", "b", "c"}


def _views(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(con.execute("select view_name, comment from duckdb_views() where not internal").fetchall())


def test_migrations_hold_table_changes_and_each_view_is_one_file() -> None:
    for _, name, sql in store.migrations():
        assert "create view" not in sql.lower() and "replace view" not in sql.lower(), name
    for name, sql in schema.views():
        assert f"create or replace view {name} as" in sql
        assert f"comment on view {name} is" in sql


def test_every_migrate_applies_the_views_again(con: duckdb.DuckDBPyConnection) -> None:
    store.migrate(con)
    con.execute("create or replace view rb_stories as select 1 as stale")
    assert store.migrate(con) == []
    columns = [r[0] for r in con.execute("describe rb_stories").fetchall()]
    assert columns[:3] == ["story_id", "title", "first_published"]
    assert _views(con)["rb_stories"], "the comments are set again with the view"


def test_a_database_at_version_11_migrates_to_the_current_views(con: duckdb.DuckDBPyConnection) -> None:
    """A database an older rbmon left: views of migrations 5 and 8 (article_provinces was a view)."""
    store.migrate(con, available=[m for m in store.migrations() if m[0] <= 11], with_views=False)
    con.execute(
        """
        create view article_provinces as
        select distinct r.article_id,
               case when r.level = 'province' then r.code else r.province_code end as province_code,
               p.name as province
        from article_regions r
        join provinces p on p.code = case when r.level = 'province' then r.code else r.province_code end
        where r.is_primary;
        create view rb_articles as select a.article_id, 1 as old_definition from articles a;
        comment on view rb_articles is 'the version 5 comment';
        insert into provinces values ('74', 'Sulawesi Tenggara', 'Sultra', 'Kendari'), ('51', 'Bali', null, null);
        insert into articles (article_id, canonical_url, rb_relevant) values
            ('a1', 'https://x.id/1', true), ('a2', 'https://x.id/2', true);
        insert into article_regions (article_id, level, code, name, province_code, role, is_primary) values
            ('a1', 'regency', '74.71', 'Kota Kendari', '74', 'dateline', true),
            ('a1', 'province', '74', 'Sulawesi Tenggara', '74', 'subject', true),
            ('a2', 'regency', '51.03', 'Kabupaten Badung', '51', 'dateline', true),
            ('a2', 'province', '74', 'Sulawesi Tenggara', '74', 'mention', false);
        """
    )
    assert store.current_version(con) == 11

    assert store.migrate(con) == [
        "0012_article_provinces_and_fetch_channels.sql",
        "0013_rb_level_and_nlp_version.sql",
        "0017_crawl_unreachable_status.sql",
    ]

    kinds = dict(con.execute("select table_name, 'table' from duckdb_tables() where not internal").fetchall())
    assert kinds.get("article_provinces") == "table", "the old view became a table"
    assert con.execute("select * from article_provinces order by 1, 2").fetchall() == [
        ("a1", "74", "Sulawesi Tenggara"),
        ("a2", "51", "Bali"),
    ]
    assert con.execute("select article_id, provinces from rb_articles order by 1").fetchall() == [
        ("a1", ["Sulawesi Tenggara"]),
        ("a2", ["Bali"]),
    ]
    views = _views(con)
    assert set(views) == {name for name, _ in schema.views()}
    assert views["rb_articles"] != "the version 5 comment"
    assert "channel" in [r[0] for r in con.execute("describe fetches").fetchall()]
    # one bit becomes a level (related is told apart by the reannotation of the next run)
    assert con.execute("select article_id, rb_level, nlp_version from articles order by 1").fetchall() == [
        ("a1", "core", None),
        ("a2", "core", None),
    ]
