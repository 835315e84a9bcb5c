"""Excel: `rbmon sql --format xlsx` and `rbmon digest --format xlsx`, read back with openpyxl as Excel
would: typed cells, frozen header, filters, and scraped text that stays text (no formula injection)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from pipeline.core.errors import InputError
from pipeline.jobs.demo import DemoResult
from pipeline.store.xlsx import MAX_CELL_CHARS, sheet_name, write_workbook

QUERY = """
select 1234::integer as n, 2.5::double as x, true as ok,
       timestamptz '2025-07-02 03:00:00+00' as published_at, date '2025-07-02' as day,
       '=HYPERLINK("http://evil.example/", "klik")' as title, ['spbe', 'merit_system'] as themes,
       null::varchar as nothing
"""


def _rbmon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


def test_sql_to_xlsx_keeps_types_and_text(migrated_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "hasil.xlsx"
    proc = _rbmon(
        "sql", "--db", str(migrated_db), "--format", "xlsx", "--output", str(out), QUERY, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["hasil"]
    ws = wb["hasil"]
    assert [c.value for c in ws[1]] == ["n", "x", "ok", "published_at", "day", "title", "themes", "nothing"]
    n, x, ok, published, day, title, themes, nothing = (c for c in ws[2])
    assert (n.value, n.data_type) == (1234, "n") and (x.value, x.data_type) == (2.5, "n")
    assert ok.value is True
    assert published.value == datetime(2025, 7, 2, 10, 0) and published.is_date  # 03:00 UTC is 10:00 WIB
    assert day.value == datetime(2025, 7, 2) and day.is_date
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")  # text, never a formula
    assert themes.value == '["spbe", "merit_system"]' and nothing.value is None
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:H2"


def test_sql_xlsx_needs_an_output_file(migrated_db: Path, tmp_path: Path) -> None:
    proc = _rbmon("sql", "--db", str(migrated_db), "--format", "xlsx", "select 1", cwd=tmp_path)
    assert proc.returncode == 1 and "--format xlsx needs --output FILE" in proc.stderr


def test_excel_limits_are_met_not_hit(tmp_path: Path) -> None:
    long = "x" * (MAX_CELL_CHARS + 10)
    write_workbook({"a/b:c": pa.table({"text": [long]}), "a_b_c": pa.table({"n": [1]})}, tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert wb.sheetnames == ["a_b_c", "a_b_c (2)"]  # valid, unique names
    cell = wb["a_b_c"]["A2"].value
    assert len(cell) == MAX_CELL_CHARS and cell.endswith("…")
    assert sheet_name("x" * 40) == "x" * 31
    too_many = pa.table({"n": pa.array(range(1_048_576), pa.int32())})
    with pytest.raises(InputError, match="do not fit in an Excel sheet"):
        write_workbook({"big": too_many}, tmp_path / "big.xlsx")


def test_digest_as_a_workbook(demo_run: DemoResult, tmp_path: Path) -> None:
    proc = _rbmon(
        "digest", "--db", str(demo_run.published), "--week", demo_run.week, "--format", "xlsx",
        "--out-dir", str(tmp_path), cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / f"digest-{demo_run.week}.xlsx"
    assert proc.stdout.strip() == str(path) and not list(tmp_path.glob("*.md"))  # only what was asked
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Provinsi",
        "Provinsi yang sepi",
        "Tema",
        "Pejabat",
        "Hasil yang dilaporkan",
        "Berita",
        "Kesehatan sumber",
    ]
    ranking = wb["Provinsi"]
    header = [c.value for c in ranking[1]]
    assert header[:6] == ["Provinsi", "Berita", "vs minggu lalu", "Artikel", "Media", "Tema utama"]
    assert header[-1] == "Minggu ke-27 2025" and len(header) == 6 + 12  # the 12-week trend as columns
    first = [c.value for c in ranking[2]]
    assert isinstance(first[1], int) and first[1] >= 1 and first[-1] == first[1]  # this week's stories
    results = wb["Hasil yang dilaporkan"]  # the scorecard's results of the week, one row per outlet
    assert [c.value for c in results[1]] == [
        "Provinsi", "Pemda", "Pemegang", "Hasil", "Nilai", "Tahun", "laporan berbeda", "Media", "URL",
    ]  # fmt: skip
    rows = [[c.value for c in r] for r in results.iter_rows(min_row=2)]
    assert rows and results.freeze_panes == "A2" and results.auto_filter.ref
    assert all(isinstance(r[6], bool) and (r[5] is None or isinstance(r[5], int)) for r in rows)
    assert "Indeks Reformasi Birokrasi" in {r[3] for r in rows}
    assert any("," in r[4] for r in rows) and not any(re.fullmatch(r"\d+\.\d+", r[4]) for r in rows)
    stories = wb["Berita"]
    assert [c.value for c in stories[1]][:2] == ["Judul", "Terbit"]
    assert all(isinstance(r[1].value, datetime) for r in stories.iter_rows(min_row=2) if r[1].value)
    assert stories.max_row > 1 and stories.freeze_panes == "A2" and stories.auto_filter.ref
