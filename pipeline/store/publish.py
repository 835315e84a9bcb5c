"""Publish a read-only snapshot of the database for analysts.

DuckDB lets one process write a file and refuses every other process while it does
("Conflicting lock is held"). So analysts and notebooks never open the working database:
after each run the pipeline checkpoints it, copies it next to the published path and
renames the copy into place. A rename is atomic, so a reader sees the old snapshot or the
new one, never a half-written file; a reader that has the old snapshot open keeps reading
it (the old file lives on until its last reader closes it).

A publish killed while copying leaves its temporary copy (``published/.rbmon.duckdb.<pid>.tmp``, as
large as the database: twelve kills left 2.2 GB). Publishing holds a lock file next to the snapshot, so
the next publish knows every temporary copy it finds is such a leftover and removes it, and
``rbmon db check`` reports them (:func:`stale_temp_files`).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from pipeline import store
from pipeline.core.errors import DatabaseError

__all__ = ["publish_snapshot", "stale_temp_files"]

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
    with FileLock(str(_lock_path(published_path))):  # one publisher at a time: the others wait
        removed = [(p, _size(p)) for p in _temp_files(published_path)]
        for p, _ in removed:
            p.unlink(missing_ok=True)
        if removed:
            log.warning("removed %d temporary cop%s left by killed publishes (%s)", len(removed),
                        "y" if len(removed) == 1 else "ies", _human(sum(n for _, n in removed)))  # fmt: skip
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


def _lock_path(published_path: Path) -> Path:
    return published_path.with_name(f".{published_path.name}.lock")


def _temp_files(published_path: Path) -> list[Path]:
    return sorted(published_path.parent.glob(f".{published_path.name}.*.tmp"))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def stale_temp_files(published_path: Path) -> tuple[list[Path], int] | None:
    """Temporary copies left by killed publishes, with their total size; None while a publish runs.

    A publish in progress holds the lock, and its own temporary copy is no leftover: then nothing can
    be said, and None is returned.
    """
    if not published_path.parent.is_dir():
        return [], 0
    lock = FileLock(str(_lock_path(published_path)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return None
    except OSError:  # a read-only published folder: no lock, but no publish can run there either
        files = _temp_files(published_path)
        return files, sum(_size(p) for p in files)
    try:
        files = _temp_files(published_path)
        return files, sum(_size(p) for p in files)
    finally:
        lock.release()


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
