"""A processing test's data directory: registered sources, fetches logged as a crawl would, queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pipeline import store
from pipeline.core.config import Settings
from tests.helpers.warc import Rec, write_warc

__all__ = ["SOURCES", "T0", "crawl", "log_fetches", "make_settings", "q"]


SOURCES = {  # host -> (source_id, home province)
    "warta.example": ("warta", "74"),
    "kabar.example": ("kabar", "75"),
}


T0 = datetime(2025, 7, 7, 3, 0, tzinfo=UTC)


def make_settings(tmp_path: Path, **process: Any) -> Settings:
    base = Settings(data_dir=tmp_path / "data")
    cfg = base.process.model_copy(update={"workers": 1, **process})
    settings = base.model_copy(update={"process": cfg})
    con = store.connect(settings.db_path)
    try:
        store.migrate(con)
        with store.transaction(con):
            store.append_rows(
                con,
                "sources",
                [
                    {
                        "source_id": sid,
                        "name": sid.title(),
                        "base_url": f"https://{host}/",
                        "province_code": prov,
                        "kind": "regional_media",
                    }
                    for host, (sid, prov) in SOURCES.items()
                ],
            )
    finally:
        con.close()
    return settings


def q(settings: Settings, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def log_fetches(settings: Settings, warc: str, recs: list[Rec], offsets: list[int], **extra: Any) -> None:
    """What pipeline/crawl/ does after a crawl: one fetches row per archived response."""
    rows = []
    for i, (rec, off) in enumerate(zip(recs, offsets, strict=True)):
        host = rec.url.split("/")[2]
        row = {
            "url": rec.url,
            "canonical_url": rec.url,
            "source_id": SOURCES[host][0] if host in SOURCES else None,
            "run_id": "crawl-test",
            "fetched_at": rec.date or T0 + timedelta(minutes=i),
            "status": rec.status,
            "content_type": rec.content_type,
            "warc_file": warc,
            "warc_offset": off,
            "kind": "article",
            "page": 1,
        }
        row.update(extra.get(rec.url, {}))
        rows.append(row)
    con = store.connect(settings.db_path)
    try:
        with store.transaction(con):
            store.append_rows(con, "fetches", rows)
    finally:
        con.close()


def crawl(settings: Settings, name: str, recs: list[Rec], **extra: Any) -> list[int]:
    offsets = write_warc(settings.data_dir / "warc" / name, recs)
    log_fetches(settings, f"warc/{name}", recs, offsets, **extra)
    return offsets
