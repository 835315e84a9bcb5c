"""The WARC writer: gzip per record, offsets that point at the response, rotation by size."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawlers.warc import RotatingWarcWriter


def _write(writer: RotatingWarcWriter, n: int) -> list:
    locations = []
    for i in range(n):
        body = (
            f"<html><body><p>Berita ke-{i}: Pemprov Sultra evaluasi SAKIP.</p></body></html>" * 40
        ).encode()
        locations.append(
            writer.write(
                url=f"https://sultra.example.id/berita/{i}?a=1",
                method="GET",
                request_headers=[("User-Agent", "rbmon/0.1"), ("Accept-Encoding", "gzip")],
                status=200,
                response_headers=[
                    ("Content-Type", "text/html; charset=UTF-8"),
                    ("Content-Encoding", "gzip"),
                    ("Content-Length", "123"),
                ],
                body=body,
            )
        )
    return locations


def test_records_are_readable_at_their_offsets_and_files_rotate(tmp_path: Path) -> None:
    writer = RotatingWarcWriter(tmp_path, "rbmon-run1", max_bytes=400)
    locations = _write(writer, 6)
    writer.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) >= 3 and files[0] == "rbmon-run1-00000.warc.gz"
    for i, loc in enumerate(locations):
        with loc.warc_file.open("rb") as fh:
            fh.seek(loc.offset)
            raw = fh.read(loc.length)
        record = next(iter(ArchiveIterator(io.BytesIO(raw))))  # the record alone, from its own bytes
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == f"https://sultra.example.id/berita/{i}?a=1"
        body = record.content_stream().read()
        assert body.startswith(b"<html><body><p>Berita ke-")
        # headers describe the archived (decoded) body, not the wire encoding
        assert record.http_headers.get_header("Content-Encoding") is None
        assert record.http_headers.get_header("Content-Length") == str(len(body))


def test_every_response_has_its_request_and_each_file_a_warcinfo(tmp_path: Path) -> None:
    writer = RotatingWarcWriter(tmp_path, "rbmon-run2", max_bytes=10**9)
    _write(writer, 3)
    writer.close()
    [path] = list(tmp_path.iterdir())
    records = list(ArchiveIterator(path.open("rb")))
    assert [r.rec_type for r in records] == ["warcinfo"] + ["response", "request"] * 3
    for resp, req in zip(records[1::2], records[2::2], strict=True):
        assert req.rec_headers.get_header("WARC-Concurrent-To") == resp.rec_headers.get_header(
            "WARC-Record-ID"
        )
        assert req.http_headers.protocol == "GET" or req.http_headers.statusline.startswith("GET /berita/")


def test_a_resumed_run_never_overwrites_its_earlier_files(tmp_path: Path) -> None:
    first = RotatingWarcWriter(tmp_path, "rbmon-run3", max_bytes=10**9)
    _write(first, 1)
    first.close()
    before = (tmp_path / "rbmon-run3-00000.warc.gz").read_bytes()
    second = RotatingWarcWriter(tmp_path, "rbmon-run3", max_bytes=10**9)
    [loc] = _write(second, 1)
    second.close()
    assert loc.warc_file.name == "rbmon-run3-00001.warc.gz"
    assert (tmp_path / "rbmon-run3-00000.warc.gz").read_bytes() == before
