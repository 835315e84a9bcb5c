"""Hostile pages and page files (issue 17, cases 7, 8, 11 and 14): a NUL byte costs nothing, a page
built to make the extractor slow is refused or timed out with its reason, and ``rbmon extract`` reports
a file it cannot read (a folder, a broken link, a pipe, a device) in one line and extracts the rest.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pipeline.core.config import LimitsConfig
from pipeline.extract.article import extract_checked
from pipeline.extract.enrich import RawInput, enrich_article
from pipeline.extract.limits import ExtractTimeout, cpu_limit
from tests.helpers.cli import rbmon_main

PARAGRAPH = (
    "<p>KENDARI – Wali Kota Kendari, Dr. H. Imran Ismail, membuka rapat evaluasi reformasi birokrasi di "
    "Balai Kota, Selasa (1/7/2025). Kepala BKPSDM Kota Kendari Sri Yusnita menegaskan penerapan sistem "
    "merit dalam seleksi terbuka jabatan pimpinan tinggi.</p>\n"
)


def page(body: str = PARAGRAPH * 3, head: str = "") -> str:
    return f"<!doctype html><html><head><title>Rapat RB Kendari</title>{head}</head><body><article>{body}</article></body></html>"


def test_a_nul_byte_no_longer_loses_the_article() -> None:
    for dirt in ("\x00", "\x00\x01\x0b\x0c\x1b", "\x7f\x85"):
        art, reason = extract_checked(page(PARAGRAPH.replace("Balai Kota", f"Balai{dirt} Kota") * 3).encode())
        assert reason is None and art is not None, dirt
        assert art.title == "Rapat RB Kendari" and "sistem merit" in art.text
        assert not any(c in art.text for c in dirt)
    # a NUL at the very start, where the binary sniffer looks
    art, reason = extract_checked(b"\x00" + page().encode())
    assert art is not None and reason is None


LONG = page("".join(PARAGRAPH.replace("rapat evaluasi", f"rapat evaluasi ke-{i}") for i in range(1500)))


def _attributes(n: int) -> str:
    return page(f"<div {' '.join(f'a{i}=x' for i in range(n))}>{PARAGRAPH * 3}</div>")


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (_attributes(40_000), "too_complex"),  # took 39 s
        (_attributes(80_000), "too_complex"),  # took 197 s
        (page('<span class="x">k</span>' * 60_000 + PARAGRAPH * 3), "too_complex"),
        (page(PARAGRAPH * 3 + " " * 9_000_000), "too_large"),
    ],
    ids=["40k-attributes", "80k-attributes", "60k-elements", "9MB"],
)
def test_pages_built_to_be_slow_are_refused_in_bounded_time(html: str, reason: str) -> None:
    start = time.process_time()
    art, why = extract_checked(html.encode())
    assert art is None and why == reason
    assert time.process_time() - start < 10  # it used to take minutes; the cap costs a parse at most


def test_the_cpu_limit_stops_a_page_and_the_next_one_is_extracted() -> None:
    with pytest.raises(ExtractTimeout), cpu_limit(0.2):
        while True:
            sum(range(1000))
    good = LONG.encode()  # about a second of work: the 0.05 s timer must fire in it
    limits = LimitsConfig(extract_cpu_seconds=0.05)
    art, why = extract_checked(good, limits=limits)
    assert art is None and why == "extract_timeout"
    art, why = extract_checked(good)  # the timer is gone: the same page extracts
    assert art is not None and why is None


def test_process_records_the_reason_and_goes_on() -> None:
    def raw(n: int, body: bytes) -> RawInput:
        return RawInput(url=f"https://berita.example.id/{n}", payload=body, content_type="text/html",
                        warc_file="x.warc.gz", warc_offset=n, fetched_at=None)  # fmt: skip

    slow = enrich_article([raw(1, LONG.encode())], limits=LimitsConfig(extract_cpu_seconds=0.05))
    assert slow.skip_reason == "extract_timeout"
    complex_ = enrich_article([raw(2, _attributes(40_000).encode())])
    assert complex_.skip_reason == "too_complex"
    fine = enrich_article([raw(3, page().encode())])
    assert fine.skip_reason is None and fine.annotation is not None


def test_extract_reports_bad_files_and_extracts_the_rest(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-good.html").write_text(page(), encoding="utf-8")
    (pages / "b-folder.html").mkdir()
    (pages / "c-broken.html").symlink_to(tmp_path / "nowhere")
    os.mkfifo(pages / "d-fifo.html")
    (pages / "e-zero.html").symlink_to("/dev/zero")
    (pages / "f-huge.html").write_bytes(page().encode() + b" " * 9_000_000)
    (pages / "g-attributes.html").write_text(_attributes(40_000), encoding="utf-8")
    (pages / "h-nul.html").write_bytes(b"\x00" + page().encode())
    (pages / "i-good.html").write_text(page(), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    ran = rbmon_main(capfd, "--quiet", "extract", "--input-dir", str(pages), "--output", str(out))
    assert ran.code == 1 and "Traceback" not in ran.stderr
    bad = [line for line in ran.error_lines if line.startswith("bad file:")]
    assert bad == [
        f"bad file: {pages / 'b-folder.html'}: a folder, not a file",
        f"bad file: {pages / 'c-broken.html'}: a broken symbolic link",
        f"bad file: {pages / 'd-fifo.html'}: not a regular file (a pipe or a device)",
        f"bad file: {pages / 'e-zero.html'}: not a regular file (a pipe or a device)",
    ]
    rows = {r["file"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert len(rows) == 9 and not (tmp_path / "out.jsonl.part").exists()
    assert {f: r["skipped"] for f, r in rows.items()} == {
        "a-good.html": None, "b-folder.html": "unreadable", "c-broken.html": "unreadable",
        "d-fifo.html": "unreadable", "e-zero.html": "unreadable", "f-huge.html": "too_large",
        "g-attributes.html": "too_complex", "h-nul.html": None, "i-good.html": None,
    }  # fmt: skip
    assert all("sistem merit" in rows[f]["text"] for f in ("a-good.html", "h-nul.html", "i-good.html"))


def test_extract_prints_bad_files_up_to_the_cap_then_their_count(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-good.html").write_text(page(), encoding="utf-8")
    for name in ("b", "c", "d"):
        (pages / f"{name}-folder.html").mkdir()
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text("[limits]\nmax_bad_lines_shown = 2\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    ran = rbmon_main(
        capfd, "--quiet", "--config", str(cfg), "extract", "--input-dir", str(pages), "--output", str(out)
    )
    assert ran.code == 1 and "Traceback" not in ran.stderr
    assert ran.error_lines == [
        f"bad file: {pages / 'b-folder.html'}: a folder, not a file",
        f"bad file: {pages / 'c-folder.html'}: a folder, not a file",
        "bad files: 1 more not shown, 3 in all (limits.max_bad_lines_shown)",
    ]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
