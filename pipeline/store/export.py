"""``rbmon export --parquet DIR``: the main tables as Parquet, partitioned by month.

For other engines (Spark, Polars, pandas, BigQuery loads) and for the day one DuckDB file is
no longer the right shape. Articles and their child rows are partitioned by the month of
publication in Jakarta time (``articles/month=2025-07/``; ``month=unknown`` when the date is
unknown), fetches by the month they were fetched, so a reader scanning one month touches one
folder. The small reference and bookkeeping tables are one file each (``sources.parquet``).

Each table is written to a temporary folder next to its target and then swapped in, so a
failed export leaves the previous one of that table in place rather than half a table.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb

from pipeline import store

__all__ = ["PARTITIONED", "PLAIN", "export_parquet"]

log = logging.getLogger(__name__)


def _month(column: str) -> str:
    return f"coalesce(strftime(timezone('Asia/Jakarta', {column}), '%Y-%m'), 'unknown')"


# table -> query adding the partition column ``month``
PARTITIONED = {
    "articles": f"select a.*, {_month('a.published_at')} as month from articles a",
    "article_regions": (
        f"select r.*, {_month('a.published_at')} as month from article_regions r join articles a using (article_id)"
    ),
    "article_provinces": (
        f"select p.*, {_month('a.published_at')} as month"
        " from article_provinces p join articles a using (article_id)"
    ),
    "article_themes": (
        f"select t.*, {_month('a.published_at')} as month from article_themes t join articles a using (article_id)"
    ),
    "article_facts": (
        f"select f.*, {_month('a.published_at')} as month from article_facts f join articles a using (article_id)"
    ),
    "article_officials": (
        f"select o.*, {_month('a.published_at')} as month"
        " from article_officials o join articles a using (article_id)"
    ),
    "fetches": f"select f.*, {_month('f.fetched_at')} as month from fetches f",
}
# small tables, one file each; those a database may not have yet (older schema) are skipped
PLAIN = (
    "provinces",
    "regencies",
    "sources",
    "officials",
    "crawl_runs",
    "source_channel_health",
    "job_runs",
)


def _literal(path: Path) -> str:
    """A SQL string literal for a path (COPY takes no bound parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' and database_name = current_database()"
    ).fetchall()
    return {str(r[0]) for r in rows}


def _swap_in(tmp: Path, target: Path) -> None:
    if target.is_dir():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
    tmp.rename(target)


def export_parquet(db: Path, out_dir: Path) -> dict[str, int]:
    """Write the main tables under ``out_dir``; returns the rows written per table.

    Args:
        db: database to read (opened read-only, so the published snapshot serves).
        out_dir: folder to write into; created if missing. Tables already there are replaced.

    Returns:
        Rows written per table, partitioned tables first.
    """
    con = store.connect(db, read_only=True)
    counts: dict[str, int] = {}
    try:
        present = _tables(con)
        out_dir.mkdir(parents=True, exist_ok=True)
        for table, query in PARTITIONED.items():
            if table not in present:
                continue
            target = out_dir / table
            tmp = out_dir / f".{table}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            # COPY answers with the number of rows it wrote
            written = con.execute(f"copy ({query}) to {_literal(tmp)} (format parquet, partition_by (month))")
            counts[table] = int(written.fetchall()[0][0])
            if counts[table] == 0:  # DuckDB writes no folder for an empty partitioned table
                tmp.mkdir(exist_ok=True)
            _swap_in(tmp, target)
        for table in PLAIN:
            if table not in present:
                continue
            target = out_dir / f"{table}.parquet"
            tmp = out_dir / f".{table}.parquet.tmp"
            written = con.execute(f'copy "{table}" to {_literal(tmp)} (format parquet)')
            counts[table] = int(written.fetchall()[0][0])
            _swap_in(tmp, target)
    finally:
        con.close()
    log.debug("exported %d tables to %s", len(counts), out_dir)
    return counts
