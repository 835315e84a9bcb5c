"""A size-rotated, gzip-per-record WARC writer that reports where each record landed.

Each response is written as a ``request`` + ``response`` pair (``WARC-Concurrent-To`` links them), each
record its own gzip member, so any record can be read alone from its offset. The file is flushed after
every pair: a fetch-log line pointing at a record is written only once the record is in the file.
"""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["RecordLocation", "RotatingWarcWriter"]

log = logging.getLogger(__name__)

# The body Scrapy hands over is already de-chunked and decompressed: headers that describe the wire
# encoding would make the archived message lie about its payload.
_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class RecordLocation:
    warc_file: Path
    offset: int
    length: int


class RotatingWarcWriter:
    """Writes ``<prefix>-NNNNN.warc.gz`` files in ``directory``, opening the next at ``max_bytes``."""

    def __init__(self, directory: Path, prefix: str, *, max_bytes: int, software: str = "rbmon") -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.software = software
        self._index = self._first_free_index()
        self._fh: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self.path: Path | None = None
        self.files: list[Path] = []

    def _first_free_index(self) -> int:
        """A resumed run (same run id) continues with a new file and never overwrites an old one."""
        taken = [
            int(p.name[len(self.prefix) + 1 : -8]) for p in self.directory.glob(f"{self.prefix}-*.warc.gz")
        ]
        return max(taken) + 1 if taken else 0

    def _open(self) -> None:
        self.path = self.directory / f"{self.prefix}-{self._index:05d}.warc.gz"
        self._index += 1
        self._fh = open(self.path, "xb", buffering=0)  # type: ignore[assignment]  # noqa: SIM115 - closed in close()/_rotate()
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": self.software, "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)
        self.files.append(self.path)
        log.info("writing WARC %s", self.path)

    def _rotate_if_needed(self) -> None:
        if self._fh is None:
            self._open()
        elif self._fh.tell() >= self.max_bytes:
            self.close()
            self._open()

    def write(
        self,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        status: int,
        response_headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: datetime | None = None,
        ip: str | None = None,
    ) -> RecordLocation:
        """Archive one exchange; returns where the response record starts and how long it is."""
        self._rotate_if_needed()
        assert self._fh is not None and self._writer is not None and self.path is not None
        when = (fetched_at or datetime.now(UTC)).astimezone(UTC)
        warc_date = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = [(k, v) for k, v in request_headers if k.lower() != "host"]
        req_http = StatusAndHeaders(
            f"{method} {target} HTTP/1.1", [("Host", parts.netloc), *req_headers], is_http_request=True
        )
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        resp_headers = [(k, v) for k, v in response_headers if k.lower() not in _DROP_HEADERS]
        resp_headers.append(("Content-Length", str(len(body))))
        resp_http = StatusAndHeaders(f"{status} {reason}", resp_headers, protocol="HTTP/1.1")
        extra = {"WARC-Date": warc_date}
        if ip:
            extra["WARC-IP-Address"] = ip
        response = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=resp_http, warc_headers_dict=dict(extra)
        )
        request = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=req_http, warc_headers_dict=dict(extra)
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        offset = self._fh.tell()
        try:
            self._writer.write_record(response)
            length = self._fh.tell() - offset
            self._writer.write_record(request)
            self._fh.flush()
        except OSError:
            self._discard_from(offset)
            raise
        return RecordLocation(self.path, offset, length)

    def _discard_from(self, offset: int) -> None:
        """Cut a half-written exchange off the file (disk full, file too large) and stop using it.

        Every record before ``offset`` stays readable, and no later record can land behind the broken
        one; the next write, if any, opens a new file. The file is opened unbuffered so that what
        reached the disk is exactly what ``tell`` counted.
        """
        fh, self._fh, self._writer = self._fh, None, None
        if fh is None:
            return
        try:
            os.ftruncate(fh.fileno(), offset)
        except OSError as exc:
            log.error("could not cut the broken record off %s at offset %d: %s", self.path, offset, exc)
        finally:
            fh.close()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            self._fh.close()
            self._fh = None
            self._writer = None
