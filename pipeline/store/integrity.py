"""``rbmon db check``: does the database read back whole, agree with itself, and point into real WARCs?

DuckDB has no ``PRAGMA integrity_check``; what an operator needs after a crash, a full disk or a
restore is to know that every row reads back, that no article row lost its children or gained
orphans, and that the raw archive the database points at is there. Each check returns readable
problems, never raises on bad data, so one run lists everything that is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline import store
from pipeline.core.errors import WarcReadError
from pipeline.extract.warc_reader import read_response_from
from pipeline.store.publish import stale_temp_files

__all__ = ["Problem", "check_database"]

#: (child table, column, parent table, parent column): rows that must point at an existing parent
_REFERENCES = (
    ("article_regions", "article_id", "articles", "article_id"),
    ("article_provinces", "article_id", "articles", "article_id"),
    ("article_themes", "article_id", "articles", "article_id"),
    ("article_facts", "article_id", "articles", "article_id"),
    ("article_officials", "article_id", "articles", "article_id"),
    ("article_officials", "official_id", "officials", "official_id"),
    ("article_signatures", "article_id", "articles", "article_id"),
    ("articles", "story_id", "articles", "article_id"),
)


@dataclass(frozen=True)
class Problem:
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


def check_database(
    con: duckdb.DuckDBPyConnection,
    data_dir: Path,
    *,
    warc_sample: int | None = 1000,
    published_path: Path | None = None,
) -> list[Problem]:
    """Every problem found; an empty list means the database passed.

    Args:
        con: an open connection (read-only is enough).
        data_dir: where the WARC paths in ``fetches`` are relative to.
        warc_sample: how many archived responses to read back from their WARC offsets (spread over
            all files); None reads every one.
        published_path: the analysts' snapshot, whose folder is searched for temporary copies left by
            killed publishes (default: ``data_dir/published/rbmon.duckdb``).
    """
    problems = _schema(con)
    problems += _readable(con)
    problems += _references(con)
    problems += _duplicates(con)
    problems += _warc_pointers(con, data_dir, warc_sample)
    problems += _publish_leftovers(published_path or data_dir / "published" / "rbmon.duckdb")
    return problems


def _publish_leftovers(published_path: Path) -> list[Problem]:
    found = stale_temp_files(published_path)
    if not found or not found[0]:
        return []
    files, size = found
    names = ", ".join(p.name for p in files[:3]) + (" …" if len(files) > 3 else "")
    return [
        Problem(
            "publish",
            f"{len(files)} temporary cop{'y' if len(files) == 1 else 'ies'} ({size:,} bytes) left in"
            f" {published_path.parent} by killed publishes: {names}; the next `rbmon publish` removes them",
        )
    ]


def _schema(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    have = store.current_version(con)
    latest = max(v for v, _, _ in store.migrations())
    if have < latest:
        return [Problem("schema", f"version {have}, this rbmon expects {latest}: run `rbmon db migrate`")]
    return []


def _readable(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """Read every row of every table (streamed), so a damaged block shows up here and not in a query."""
    problems = []
    tables = [
        t for (t,) in con.execute("select table_name from duckdb_tables() where not internal").fetchall()
    ]
    for table in tables:
        try:
            reader = con.sql(f'select * from "{table}"').to_arrow_reader(50_000)
            for _ in reader:
                pass
        except duckdb.Error as exc:
            problems.append(Problem("readable", f"table {table}: {str(exc).splitlines()[0]}"))
    return problems


def _references(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    problems = []
    for child, col, parent, pcol in _REFERENCES:
        n = con.execute(
            f'select count(*) from "{child}" c where c."{col}" is not null'
            f' and not exists (select 1 from "{parent}" p where p."{pcol}" = c."{col}")'
        ).fetchall()[0][0]
        if n:
            problems.append(Problem("references", f"{n} {child} row(s) whose {col} is not in {parent}"))
    return problems


def _duplicates(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """What "nothing counted twice" means in rows: one record per WARC offset, one article per URL."""
    problems = []
    n = con.execute(
        "select count(*) from (select warc_file, warc_offset from fetches where warc_file is not null"
        " group by all having count(*) > 1)"
    ).fetchall()[0][0]
    if n:
        problems.append(Problem("duplicates", f"{n} WARC record(s) logged more than once in fetches"))
    n = con.execute(
        "select count(*) from (select canonical_url from fetches where kind = 'article' and status = 200"
        " and error is null group by 1 having count(distinct run_id) > 1)"
    ).fetchall()[0][0]
    if n:
        problems.append(Problem("duplicates", f"{n} article URL(s) fetched OK by more than one crawl run"))
    return problems


def _warc_pointers(con: duckdb.DuckDBPyConnection, data_dir: Path, sample: int | None) -> list[Problem]:
    problems = []
    files = [
        f
        for (f,) in con.execute(
            "select distinct warc_file from fetches where warc_file is not null"
        ).fetchall()
    ]
    missing = [f for f in files if not _resolve(data_dir, f).exists()]
    if missing:
        shown = ", ".join(sorted(missing)[:5]) + (" …" if len(missing) > 5 else "")
        problems.append(
            Problem(
                "warc",
                f"{len(missing)} WARC file(s) named in fetches are missing under {data_dir}: {shown}"
                " (--data-dir says where they are)",
            )
        )
    wanted = "" if sample is None else f" using sample {int(sample)} rows"
    rows = con.execute(
        "select warc_file, warc_offset from (select warc_file, warc_offset from fetches"
        f" where warc_file is not null and warc_offset is not null and status is not null{wanted})"
        " order by warc_file, warc_offset"
    ).fetchall()
    by_file: dict[str, list[int]] = {}
    for warc_file, offset in rows:
        if warc_file not in missing:
            by_file.setdefault(warc_file, []).append(int(offset))
    bad = 0
    first: str | None = None
    for warc_file, offsets in by_file.items():
        path = _resolve(data_dir, warc_file)
        with path.open("rb") as fh:  # one open per file, not per record
            for offset in offsets:
                try:
                    read_response_from(fh, path, offset)
                except (WarcReadError, OSError, ValueError) as exc:
                    bad += 1
                    first = first or f"{warc_file} at offset {offset}: {exc}"
    if bad:
        problems.append(Problem("warc", f"{bad} of {len(rows)} records read back failed, e.g. {first}"))
    return problems


def _resolve(data_dir: Path, name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else data_dir / path
