"""Read HTTP responses back out of WARC files, ours or anyone's (CC-NEWS).

Streaming only: records are yielded one at a time, so memory stays flat however large the
archive. A truncated or corrupt file yields every record before the break and then raises
``WarcReadError`` naming the file and the offset, so the caller can count what it got and
report the rest instead of losing the whole file.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.core.errors import WarcReadError

__all__ = ["WarcResponse", "iter_responses", "read_response_at", "read_response_from"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WarcResponse:
    url: str
    warc_file: str
    offset: int
    length: int
    status: int | None
    content_type: str | None
    fetched_at: datetime | None
    payload: bytes


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _cut_short(record) -> bool:  # type: ignore[no-untyped-def]
    """True when the file ends before the record's declared length (a truncated WARC).

    warcio hands out such a record without complaint, with a short payload: reading the
    rest of the record's block, and finding it missing, is the only sure sign.
    """
    raw = record.raw_stream
    while getattr(raw, "limit", 0) > 0:
        if not raw.read(min(raw.limit, 1 << 16)):
            return True
    return False


def _to_response(record, warc_file: str, offset: int, length: int, max_bytes: int) -> WarcResponse:  # type: ignore[no-untyped-def]
    http = record.http_headers
    status = None
    content_type = None
    if http is not None:
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
        content_type = http.get_header("Content-Type")
    payload = record.content_stream().read(max_bytes + 1)
    if _cut_short(record):
        raise EOFError(f"the record at offset {offset} is cut short")
    return WarcResponse(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        warc_file=warc_file,
        offset=offset,
        length=length,
        status=status,
        content_type=content_type,
        fetched_at=_parse_date(record.rec_headers.get_header("WARC-Date")),
        payload=payload[: max_bytes + 1],
    )


def iter_responses(
    path: Path, *, name: str | None = None, max_bytes: int = 8 * 1024 * 1024
) -> Iterator[WarcResponse]:
    """Every ``response`` record of a WARC file, in file order.

    Raises:
        WarcReadError: at the first unreadable byte, after yielding everything before it.
    """
    name = name or path.name
    offset = 0
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        it = ArchiveIterator(fh)
        try:
            for record in it:
                # ``it.offset`` is where this record starts until it is read to the end;
                # get_record_offset() would read it to the end first and lose the payload.
                offset = it.offset
                if not record.rec_type:  # a header cut short: warcio yields a record without a type
                    raise EOFError("a record header without WARC-Type")
                if record.rec_type != "response":
                    continue
                yield _to_response(record, name, offset, 0, max_bytes)
            offset = it.offset
            if offset < size:  # warcio stops quietly at a cut gzip member or a broken header
                raise EOFError(f"{size - offset} bytes at the end are not a readable record")
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, zlib.error) as exc:
            raise WarcReadError(
                f"{path}: unreadable WARC data at offset {offset} ({exc.__class__.__name__}: {exc})",
                hint="the records before that offset were read; the file is probably truncated",
            ) from exc


def read_response_at(
    path: Path, offset: int, *, name: str | None = None, max_bytes: int = 8 * 1024 * 1024
) -> WarcResponse:
    """The response record starting at ``offset`` (as logged by the crawler)."""
    with path.open("rb") as fh:
        return read_response_from(fh, path, offset, name=name, max_bytes=max_bytes)


def read_response_from(
    fh: BinaryIO, path: Path, offset: int, *, name: str | None = None, max_bytes: int = 8 * 1024 * 1024
) -> WarcResponse:
    """Like ``read_response_at`` on an already open file: one open per WARC, not per record."""
    fh.seek(offset)
    try:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                return _to_response(record, name or path.name, offset, 0, max_bytes)
            break
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, zlib.error) as exc:
        raise WarcReadError(f"{path}: cannot read the record at offset {offset}: {exc}") from exc
    raise WarcReadError(f"{path}: no response record at offset {offset}")
