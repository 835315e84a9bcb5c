"""The analyst snapshot: readable by other processes while the pipeline writes, replaced atomically.

Readers run in real child processes, because DuckDB's file lock only bites between processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.core.errors import DatabaseError, DatabaseLockedError
from pipeline.store.publish import publish_snapshot

# A reader process: counts provinces, then waits for a line on stdin and counts again.
READER = textwrap.dedent(
    """
    import sys
    from pipeline import store
    con = store.connect(sys.argv[1], read_only=True)
    count = "select count(*) from provinces"
    print(con.execute(count).fetchall()[0][0], flush=True)
    sys.stdin.readline()
    print(con.execute(count).fetchall()[0][0], flush=True)
    """
)

# Opens a database read-only in a fresh process; prints the row count or the error class.
PROBE = textwrap.dedent(
    """
    import sys
    from pipeline import store
    try:
        con = store.connect(sys.argv[1], read_only=True)
        print(con.execute("select count(*) from provinces").fetchall()[0][0])
    except Exception as exc:
        print(type(exc).__name__)
    """
)


def _probe(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.strip()


def _add_province(db: Path, code: str, name: str) -> None:
    con = store.connect(db)
    try:
        con.execute("insert into provinces (code, name) values (?, ?)", [code, name])
    finally:
        con.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "work" / "rbmon.duckdb"
    con = store.connect(path)
    store.migrate(con)
    con.close()
    _add_province(path, "74", "Sulawesi Tenggara")
    return path


def test_snapshot_readable_by_another_process_while_the_writer_holds_the_database(
    db: Path, tmp_path: Path
) -> None:
    published = publish_snapshot(db, tmp_path / "published" / "rbmon.duckdb")
    writer = store.connect(db)
    try:
        writer.execute("begin transaction")
        writer.execute("insert into provinces (code, name) values ('51', 'Bali')")
        # the working database is locked for everyone else ...
        assert _probe(db) == DatabaseLockedError.__name__
        # ... but the snapshot opens, and shows only what was published
        assert _probe(published) == "1"
        writer.execute("commit")
    finally:
        writer.close()
    publish_snapshot(db, published)
    assert _probe(published) == "2"


def test_snapshot_is_replaced_by_rename_and_old_readers_keep_working(db: Path, tmp_path: Path) -> None:
    published = publish_snapshot(db, tmp_path / "published" / "rbmon.duckdb")
    old_inode = published.stat().st_ino
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdin is not None
        assert reader.stdout.readline().strip() == "1"
        _add_province(db, "51", "Bali")
        publish_snapshot(db, published)  # while the reader holds the old snapshot open
        # a new file took the name (rename), rather than the old one being rewritten in place
        assert published.stat().st_ino != old_inode
        assert _probe(published) == "2"
        reader.stdin.write("again\n")
        reader.stdin.flush()
        # the reader still sees its consistent old snapshot, without an error
        assert reader.stdout.readline().strip() == "1"
        assert reader.wait(timeout=30) == 0
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    # no temp file left; the publishers' lock file stays (filelock never deletes it)
    assert sorted(p.name for p in published.parent.iterdir()) == [".rbmon.duckdb.lock", "rbmon.duckdb"]


def test_unpublished_changes_in_the_wal_are_published(db: Path, tmp_path: Path) -> None:
    """The copy is taken after a checkpoint, so rows still in the write-ahead log are not lost."""
    con = store.connect(db)
    con.execute("insert into provinces (code, name) values ('11', 'Aceh')")
    con.close()
    published = publish_snapshot(db, tmp_path / "pub.duckdb")
    reader = duckdb.connect(str(published), read_only=True)
    assert reader.execute("select count(*) from provinces").fetchall()[0][0] == 2
    reader.close()


def test_failed_publish_keeps_the_previous_snapshot(db: Path, tmp_path: Path) -> None:
    published = publish_snapshot(db, tmp_path / "published" / "rbmon.duckdb")
    before = published.read_bytes()
    with pytest.raises(DatabaseError, match="no database"):
        publish_snapshot(tmp_path / "missing.duckdb", published)
    assert not (tmp_path / "missing.duckdb").exists()  # it did not create an empty database either
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"this is not a database" * 1000)
    with pytest.raises(DatabaseError):
        publish_snapshot(broken, published)
    assert published.read_bytes() == before
    assert sorted(p.name for p in published.parent.iterdir()) == [".rbmon.duckdb.lock", "rbmon.duckdb"]
    assert os.access(published, os.R_OK)
