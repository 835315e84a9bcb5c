"""Publish a read-only snapshot of the database for analysts.

DuckDB lets one process write a file and refuses every other process while it does
("Conflicting lock is held"). So analysts and notebooks never open the working database:
after each run the pipeline checkpoints it, copies it next to the published path and
renames the copy into place. A rename is atomic, so a reader sees the old snapshot or the
new one, never a half-written file; a reader that has the old snapshot open keeps reading
it (the old file lives on until its last reader closes it).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import duckdb

from pipeline import store
from pipeline.core.errors import DatabaseError

__all__ = ["publish_snapshot"]

log = logging.getLogger(__name__)


def publish_snapshot(db_path: Path, published_path: Path) -> Path:
    """Checkpoint ``db_path`` and atomically replace ``published_path`` with a copy of it.

    Args:
        db_path: the working database (the pipeline's, which it writes).
        published_path: the file analysts open read-only.

    Returns:
        ``published_path``.

    Raises:
        DatabaseError: no working database, or the copy does not open as a database; the
            previous snapshot is then left untouched.
        DatabaseLockedError: another process holds the working database.
    """
    if not db_path.exists():
        raise DatabaseError(
            f"no database at {db_path} to publish", hint="run `rbmon db init` or `rbmon demo` first"
        )
    con = store.connect(db_path)
    try:
        # folds the write-ahead log into the main file, so the file alone is the whole database
        con.execute("checkpoint")
    finally:
        con.close()
    published_path.parent.mkdir(parents=True, exist_ok=True)
    # same folder, so the rename below stays on one file system and is atomic
    tmp = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(db_path, tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        _check_opens(tmp)
        tmp.replace(published_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(published_path.parent)
    log.debug("published %s", published_path)
    return published_path


def _check_opens(path: Path) -> None:
    """Open the copy read-only before it replaces the snapshot analysts rely on."""
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            con.execute("select count(*) from schema_version").fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        raise DatabaseError(
            f"the snapshot copy of the database does not open: {exc}".splitlines()[0]
        ) from exc


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
