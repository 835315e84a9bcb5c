"""Which places are the story's: teasers and captions, participants, rankings, benchmarks, venues.

Every sentence here is invented for the test; none is taken from an evaluation text.
"""

from __future__ import annotations

import pytest

from nlp.gazetteer import Gazetteer, load_gazetteer
from nlp.regions import RegionResult, resolve_regions


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def where(gaz: Gazetteer, text: str, title: str = "") -> RegionResult:
    return resolve_regions(text, title=title, gazetteer=gaz)


def names(res: RegionResult) -> set[str]:
    return {m.name for m in res.mentions}


# --- teasers and captions ------------------------------------------------------------------------


@pytest.mark.parametrize("head", ["Baca Juga", "BACA JUGA:", "Berita Terkait", "Simak juga »"])
def test_teaser_headline_under_a_bare_prompt_line_is_not_evidence(gaz: Gazetteer, head: str) -> None:
    text = (
        "Rapat evaluasi kinerja camat digelar secara daring, Kamis.\n\n"
        f"{head}\n\n"
        "Wali Kota Ternate Resmikan Gerai Layanan Terpadu di Pelabuhan\n\n"
        "Peserta diminta mengunggah laporan sebelum akhir bulan."
    )
    res = where(gaz, text)
    assert res.provinces == () and res.regencies == ()
    assert "Kota Ternate" not in names(res)


def test_line_after_a_prompt_with_its_own_teaser_is_story_text(gaz: Gazetteer) -> None:
    text = (
        "Baca juga: Bupati Bantaeng Lantik Pejabat Baru\n\n"
        "Pemkab Jeneponto menggelar rapat penyusunan peta proses bisnis di aula kantor bupati."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Jeneponto",)
    assert "Kabupaten Bantaeng" not in names(res)


@pytest.mark.parametrize(
    "caption",
    [
        "Sekda Kota Tarakan saat membuka forum konsultasi publik di Tarakan. (ANTARA/HO-Humas)",
        "Suasana rapat di Balai Kota Tarakan, Senin. (Foto: Dok. Prokopim)",
        "Wali Kota Tarakan menyerahkan piagam kepada camat (Istimewa).",
    ],
)
def test_photo_caption_closed_by_its_credit_is_not_evidence(gaz: Gazetteer, caption: str) -> None:
    text = f"{caption}\n\nKementerian menyelenggarakan rapat koordinasi nasional secara virtual, Senin."
    res = where(gaz, text)
    assert res.regencies == () and res.provinces == ()


def test_sentence_ending_in_a_parenthetical_is_not_a_caption(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemkot Tarakan menggelar rapat evaluasi SAKIP (sistem akuntabilitas).")
    assert res.regencies == ("Kota Tarakan",)


# --- datelines in unusual places -----------------------------------------------------------------


def test_unspaced_double_hyphen_dateline(gaz: Gazetteer) -> None:
    res = where(gaz, "AMBON--Sebanyak 25 pejabat administrator mengikuti penilaian kompetensi.")
    assert res.regencies == ("Kota Ambon",)
    assert next(m for m in res.mentions if m.name == "Kota Ambon").role == "dateline"


def test_capitalised_dateline_under_a_caption_paragraph(gaz: Gazetteer) -> None:
    text = (
        "Kepala Biro Organisasi memaparkan capaian indeks RB di hadapan tim evaluator, Rabu (4/6).\n"
        "KUPANG - Pemerintah Provinsi NTT menargetkan predikat BB pada evaluasi tahun ini."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kota Kupang",)
    assert res.provinces == ("Nusa Tenggara Timur",)


def test_title_case_sentence_with_a_dash_under_a_paragraph_is_not_a_dateline(gaz: Gazetteer) -> None:
    text = (
        "Rapat evaluasi kinerja dimulai pukul sembilan pagi dan berlangsung hingga sore hari.\n"
        "Bitung - ternyata masih menjadi pilihan lokasi favorit bagi pelaku usaha perikanan."
    )
    res = where(gaz, text)
    assert all(m.role != "dateline" for m in res.mentions)
