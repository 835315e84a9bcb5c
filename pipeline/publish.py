"""Publish a read-only snapshot of the database for analysts.

DuckDB lets one process write a file and refuses every other process while it does
("Conflicting lock is held"). So analysts and notebooks never open the working database:
after each run the pipeline checkpoints it, copies it next to the published path and
renames the copy into place. A rename is atomic, so a reader sees the old snapshot or the
new one, never a half-written file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline import store

__all__ = ["publish_snapshot"]


def publish_snapshot(db_path: Path, published_path: Path) -> Path:
    con = store.connect(db_path)
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    published_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    shutil.copyfile(db_path, tmp)
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    tmp.replace(published_path)
    return published_path
