"""`rbmon annotate`: the JSONL contract (architecture.md) through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from nlp.themes import THEME_KEYS

RB_TEXT = (
    "KENDARI – Pemerintah Kota Kendari memperkuat penerapan Sistem Pemerintahan Berbasis Elektronik "
    "(SPBE) di seluruh organisasi perangkat daerah. Sekretaris Daerah Kota Kendari, Arman Saputra, "
    "mengatakan evaluasi SPBE tahun ini menjadi dasar perbaikan layanan digital.\n"
    '"Semua OPD wajib mengintegrasikan aplikasinya ke satu portal layanan," ujar Arman di Kendari, '
    "Selasa.\n"
    "Baca Juga: Bupati Konawe Selatan Resmikan Pasar Baru\n"
    "Ia menambahkan, indeks SPBE Kota Kendari naik dari 2,9 menjadi 3,4 sehingga masuk kategori baik."
)
NOT_RB_TEXT = (
    "MATARAM – Harga cabai rawit di sejumlah pasar tradisional di Kota Mataram naik menjelang akhir pekan. "
    "Pedagang menyebut pasokan dari Lombok Timur berkurang karena hujan deras."
)


def _annotate(tmp_path: Path, lines: list[str]) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "--quiet",
            "annotate",
            "--input",
            str(src),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return proc, rows


def test_output_follows_the_contract(tmp_path: Path) -> None:
    proc, rows = _annotate(
        tmp_path,
        [
            json.dumps({"id": "a1", "title": "Kendari Perkuat SPBE di Semua OPD", "text": RB_TEXT}),
            json.dumps({"id": 7, "text": NOT_RB_TEXT, "url": "https://x.example/y", "outlet": "X"}),
        ],
    )
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in rows] == ["a1", "7"]
    for r in rows:
        assert set(r) >= {"id", "rb_relevant", "rb_score", "provinces", "regencies", "officials", "themes"}
        assert isinstance(r["rb_relevant"], bool) and isinstance(r["rb_score"], float)
        assert all(set(o) >= {"name", "position"} for o in r["officials"])
        assert set(r["themes"]) <= set(THEME_KEYS)
    rb, other = rows
    assert rb["rb_relevant"] and not other["rb_relevant"]
    assert rb["provinces"] == ["Sulawesi Tenggara"] and rb["regencies"] == ["Kota Kendari"]
    assert "spbe" in rb["themes"]
    assert {"name": "Arman Saputra"}.items() <= rb["officials"][0].items()
    assert "Sekretaris Daerah" in rb["officials"][0]["position"]
    # the related-article link is boilerplate: Konawe Selatan and its Bupati are not in the story
    assert "Kabupaten Konawe Selatan" not in rb["regencies"]
    assert all("Bupati" not in (o["position"] or "") for o in rb["officials"])
    assert other["provinces"] == ["Nusa Tenggara Barat"]


def test_bad_lines_are_reported_once_with_their_number_and_the_rest_is_annotated(tmp_path: Path) -> None:
    proc, rows = _annotate(
        tmp_path,
        [
            json.dumps({"id": "ok1", "text": RB_TEXT}),
            "{not json",
            json.dumps({"id": "no-text", "title": "judul saja"}),
            "",  # blank lines are not records
            json.dumps(["a", "list"]),
            json.dumps({"text": "tanpa id"}),
            json.dumps({"id": "ok2", "text": NOT_RB_TEXT}),
        ],
    )
    assert proc.returncode == 1
    assert [r["id"] for r in rows] == ["ok1", "ok2"]
    bad = [line for line in proc.stderr.splitlines() if line.startswith("bad line:")]
    assert len(bad) == 4, proc.stderr
    assert "in.jsonl:2: not JSON" in bad[0]
    assert "in.jsonl:3: no 'text' string" in bad[1]
    assert "in.jsonl:5: not a JSON object" in bad[2]
    assert "in.jsonl:6: no 'id'" in bad[3]
    assert "Traceback" not in proc.stderr


def test_missing_input_is_one_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "annotate", "--input", "in.jsonl", "--output", "out.jsonl"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 1 and "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_a_place_inside_an_officials_name_is_not_a_place() -> None:
    from nlp.annotate import annotate

    text = (
        "PANGKALPINANG – Pembentukan agen perubahan dihadiri Staf Ahli Gubernur Bidang Kemasyarakatan "
        "Toni Batu Bara dan Kepala Biro Organisasi Setda Bangka Belitung Eliyana."
    )
    got = annotate(text)
    assert "Toni Batu Bara" in [o.name for o in got.officials]
    assert got.regions.regencies == ("Kota Pangkal Pinang",)
    assert got.regions.provinces == ("Kepulauan Bangka Belitung",)
