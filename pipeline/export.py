"""``rbmon export --parquet DIR``: the main tables as Parquet, partitioned by month.

For other engines (Spark, Polars, pandas, BigQuery loads) and for the day one DuckDB file is
no longer the right shape. Articles and their child rows are partitioned by the month of
publication (``month=2025-07``), so a reader scanning one month touches one folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline import store

__all__ = ["export_parquet"]

_MONTH = "coalesce(strftime(timezone('Asia/Jakarta', a.published_at), '%Y-%m'), 'unknown')"

_QUERIES = {
    "articles": f"select a.*, {_MONTH} as month from articles a",
    "article_regions": f"select r.*, {_MONTH} as month from article_regions r join articles a using (article_id)",
    "article_themes": f"select t.*, {_MONTH} as month from article_themes t join articles a using (article_id)",
    "article_officials": f"select o.*, {_MONTH} as month from article_officials o join articles a using (article_id)",
}
_PLAIN = ("officials", "sources", "provinces", "regencies", "crawl_runs")


def _literal(path: Path) -> str:
    """A SQL string literal for a path (COPY takes no bound parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(db: Path, out_dir: Path) -> dict[str, int]:
    """Write every exported table under ``out_dir/<table>/``; returns rows per table."""
    con = store.connect(db, read_only=True)
    counts: dict[str, int] = {}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for table, query in _QUERIES.items():
            target = out_dir / table
            if target.exists():
                shutil.rmtree(target)
            counts[table] = int(con.execute(f"select count(*) from ({query})").fetchone()[0])  # type: ignore[index]
            con.execute(f"copy ({query}) to {_literal(target)} (format parquet, partition_by (month), overwrite_or_ignore)")
        for table in _PLAIN:
            target = out_dir / f"{table}.parquet"
            counts[table] = int(con.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]
            con.execute(f"copy {table} to {_literal(target)} (format parquet)")
    finally:
        con.close()
    return counts
