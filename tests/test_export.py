"""`rbmon export --parquet`: tables as Parquet, article rows partitioned by month in Jakarta time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from pipeline import store
from pipeline.store.export import export_parquet
from tests.helpers import kendari_dateline, kendari_province

WIB = ZoneInfo("Asia/Jakarta")

PUBLISHED = {
    "jun": datetime(2025, 6, 12, 8, 0, tzinfo=WIB),
    # 30 June 17:30 UTC is 1 July 00:30 in Jakarta: a July article
    "jul1": datetime(2025, 6, 30, 17, 30, tzinfo=UTC),
    "jul2": datetime(2025, 7, 21, 14, 0, tzinfo=WIB),
    "nodate": None,
}


@pytest.fixture
def db(migrated_db: Path) -> Path:
    path = migrated_db
    con = store.connect(path)
    with store.transaction(con):
        store.append_rows(
            con,
            "sources",
            [
                {
                    "source_id": "kendari",
                    "name": "Kendari Pos",
                    "base_url": "https://kendari.example.id/",
                    "kind": "regional_media",
                }
            ],
        )
        store.append_rows(
            con,
            "articles",
            [
                {
                    "article_id": aid,
                    "canonical_url": f"https://kendari.example.id/berita/{aid}",
                    "source_id": "kendari",
                    "title": "Inspektorat Kota Kendari dorong zona integritas",
                    "published_at": when,
                    "story_id": aid,
                    "rb_relevant": True,
                }
                for aid, when in PUBLISHED.items()
            ],
        )
        store.append_rows(
            con,
            "article_regions",
            [kendari_dateline(aid) for aid in PUBLISHED],
        )
        store.append_rows(con, "article_provinces", [kendari_province(aid) for aid in PUBLISHED])
        store.append_rows(
            con,
            "article_themes",
            [
                {"article_id": a, "theme": t}
                for a, t in [("jun", "spbe"), ("jul1", "integrity_zone"), ("jul1", "spbe")]
            ],
        )
        store.append_rows(con, "officials", [{"official_id": "o1", "name": "Laode Harun Effendi"}])
        store.append_rows(
            con,
            "article_officials",
            [
                {
                    "article_id": "jul2",
                    "official_id": "o1",
                    "name": "Laode Harun Effendi",
                    "position": "Inspektur",
                }
            ],
        )
        store.append_rows(
            con,
            "fetches",
            [
                {
                    "url": f"https://kendari.example.id/berita/{aid}",
                    "canonical_url": f"https://kendari.example.id/berita/{aid}",
                    "source_id": "kendari",
                    "fetched_at": datetime(2025, 7, 22, 1, 0, tzinfo=WIB),
                    "status": 200,
                }
                for aid in PUBLISHED
            ],
        )
    con.close()
    return path


def _months(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def test_export_partitions_by_month_and_reads_back(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "analyst's export"  # a quote in the path must not break the COPY statement
    counts = export_parquet(db, out)
    assert counts["articles"] == 4
    assert counts["article_regions"] == 4
    assert counts["article_themes"] == 3
    assert counts["article_officials"] == 1
    assert counts["fetches"] == 4
    assert counts["provinces"] == 38
    assert counts["sources"] == 1
    assert counts["officials"] == 1

    assert _months(out / "articles") == ["month=2025-06", "month=2025-07", "month=unknown"]
    assert _months(out / "article_themes") == ["month=2025-06", "month=2025-07"]
    assert _months(out / "fetches") == ["month=2025-07"]

    # pyarrow: the partition column comes back from the folder names
    articles = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table()
    assert articles.num_rows == 4
    month_of = dict(zip(articles["article_id"].to_pylist(), articles["month"].to_pylist(), strict=True))
    assert month_of == {"jun": "2025-06", "jul1": "2025-07", "jul2": "2025-07", "nodate": "unknown"}
    assert pq.read_table(out / "provinces.parquet").num_rows == 38

    # DuckDB (or any engine with hive partitioning) reads one month without the others
    con = duckdb.connect()
    pattern = str(out / "articles" / "*" / "*.parquet").replace("'", "''")
    july = con.execute(
        f"select count(*) from read_parquet('{pattern}', hive_partitioning = true) where month = '2025-07'"
    ).fetchall()[0][0]
    assert july == 2
    themes = str(out / "article_themes" / "*" / "*.parquet").replace("'", "''")
    rows = con.execute(
        f"select article_id, theme, month from read_parquet('{themes}', hive_partitioning = true) order by 1, 2"
    ).fetchall()
    assert rows == [
        ("jul1", "integrity_zone", "2025-07"),
        ("jul1", "spbe", "2025-07"),
        ("jun", "spbe", "2025-06"),
    ]


def test_export_again_replaces_rather_than_appends(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_parquet(db, out)
    con = store.connect(db)
    con.execute("delete from article_themes where article_id = 'jun'")
    con.close()
    counts = export_parquet(db, out)
    assert counts["article_themes"] == 2
    assert ds.dataset(out / "article_themes", format="parquet", partitioning="hive").count_rows() == 2
    assert _months(out / "article_themes") == ["month=2025-07"]  # the June folder is gone with its rows
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_export_reads_the_database_read_only(db: Path, tmp_path: Path) -> None:
    """It opens the published snapshot read-only, so it runs beside a writer of the working file."""
    published = tmp_path / "published.duckdb"
    published.write_bytes(db.read_bytes())
    published.chmod(0o444)
    counts = export_parquet(published, tmp_path / "out")
    assert counts["articles"] == 4
