"""`rbmon sql`: read-only whatever the query, and the output formats."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import store
from pipeline.core.errors import InputError
from pipeline.store.query import run_query, write_result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.duckdb"
    con = store.connect(path)
    store.migrate(con)
    con.execute("insert into provinces values ('74', 'Sulawesi Tenggara', 'Sultra', 'Kendari')")
    con.close()
    return path


@pytest.mark.parametrize(
    "statement",
    [
        "insert into provinces values ('11', 'Aceh', null, null)",
        "delete from provinces",
        "drop table provinces",
        "copy provinces to '{tmp}/leak.csv'",
        "set enable_external_access = true",
        "attach '{tmp}/other.duckdb' as other",
        "select * from read_csv('/etc/hostname')",
    ],
)
def test_sql_cannot_write(db: Path, tmp_path: Path, statement: str) -> None:
    with pytest.raises(InputError):
        run_query(statement.format(tmp=tmp_path), db)
    assert run_query("select count(*) as n from provinces", db).to_pylist() == [{"n": 1}]
    assert not (tmp_path / "leak.csv").exists()


def test_formats(db: Path, tmp_path: Path) -> None:
    table = run_query("select code, name from provinces", db)
    buf = io.StringIO()
    write_result(table, "csv", None, stdout=buf)
    assert buf.getvalue().splitlines()[1] == '"74","Sulawesi Tenggara"'
    buf = io.StringIO()
    write_result(table, "json", None, stdout=buf)
    assert json.loads(buf.getvalue()) == {"code": "74", "name": "Sulawesi Tenggara"}
    write_result(table, "parquet", tmp_path / "p.parquet", stdout=buf)
    assert pq.read_table(tmp_path / "p.parquet").to_pylist() == [{"code": "74", "name": "Sulawesi Tenggara"}]
    with pytest.raises(InputError, match="needs --output"):
        write_result(table, "parquet", None, stdout=buf)
    with pytest.raises(InputError, match="unknown format"):
        write_result(table, "xml", None, stdout=buf)


def test_bad_sql_is_one_clear_line(db: Path) -> None:
    with pytest.raises(InputError, match="query failed") as info:
        run_query("select nope from provinces", db)
    assert "\n" not in str(info.value)
