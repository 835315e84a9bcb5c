"""Reading responses back out of WARC files (the builders live in tests/helpers/warc.py)."""

from __future__ import annotations

import gzip
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.core.errors import WarcReadError
from pipeline.extract.warc_reader import iter_responses, read_response_at
from tests.helpers.warc import Rec, story_page, write_warc

# --------------------------------------------------------------------------- reader tests


def _three(tmp_path: Path, *, gz: bool = True) -> tuple[Path, list[int]]:
    path = tmp_path / "t.warc.gz" if gz else tmp_path / "t.warc"
    recs = [story_page(k, f"https://warta.example/{k}") for k in ("sakip", "zona", "spbe")]
    return path, write_warc(path, recs, gzip_records=gz)


@pytest.mark.parametrize("gz", [True, False])
def test_iter_responses_yields_every_response_with_its_offset(tmp_path: Path, gz: bool) -> None:
    path, offsets = _three(tmp_path, gz=gz)
    got = list(iter_responses(path))
    assert [r.url for r in got] == [f"https://warta.example/{k}" for k in ("sakip", "zona", "spbe")]
    assert [r.offset for r in got] == offsets
    assert all(r.status == 200 and r.content_type == "text/html; charset=utf-8" for r in got)
    assert got[1].payload.decode("utf-8").count("Baubau") >= 2
    assert got[0].fetched_at == datetime(2025, 7, 7, 5, 0, tzinfo=UTC)


def test_read_response_at_an_offset(tmp_path: Path) -> None:
    path, offsets = _three(tmp_path)
    resp = read_response_at(path, offsets[2])
    assert resp.url == "https://warta.example/spbe" and b"Gorontalo" in resp.payload
    with pytest.raises(WarcReadError, match=str(path)):
        read_response_at(path, offsets[2] + 7)


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("into", [10, 200, 0.3, 0.6])  # bytes or a share into the third response
def test_truncated_file_yields_records_before_the_break_then_names_file_and_offset(
    tmp_path: Path, gz: bool, into: float
) -> None:
    path, offsets = _three(tmp_path, gz=gz)
    data = path.read_bytes()
    step = int(into) if into >= 1 else int((offsets[2] - offsets[1]) * into)
    cut = offsets[2] + step
    path.write_bytes(data[:cut])
    got = []
    with pytest.raises(WarcReadError) as info:
        for r in iter_responses(path):
            got.append(r.url)
    assert got == ["https://warta.example/sakip", "https://warta.example/zona"]
    assert str(path) in str(info.value) and str(offsets[2]) in str(info.value)


def test_garbage_after_a_good_record_is_an_error_not_silence(tmp_path: Path) -> None:
    path, _ = _three(tmp_path)
    with path.open("ab") as fh:
        fh.write(gzip.compress(b"this is not a WARC record at all\r\n\r\n"))
    got = []
    with pytest.raises(WarcReadError, match="offset"):
        for r in iter_responses(path):
            got.append(r.url)
    assert len(got) == 3


def test_large_payload_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    write_warc(path, [Rec("https://warta.example/big", b"<html>" + b"a" * 5000 + b"</html>")])
    (resp,) = iter_responses(path, max_bytes=1000)
    assert len(resp.payload) == 1001  # one byte over the cap tells the caller it was cut


def test_reading_streams_one_record_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    filler = "<p>" + "Data kinerja perangkat daerah dilaporkan setiap bulan. " * 2000 + "</p>"  # ~110 kB
    n = 150
    write_warc(
        path, [Rec(f"https://warta.example/{i}", f"<html>{i}{filler}</html>".encode()) for i in range(n)]
    )
    tracemalloc.start()
    try:
        total = sum(len(r.payload) for r in iter_responses(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 15_000_000
    assert peak < total / 10  # a few records' worth, never the whole file
