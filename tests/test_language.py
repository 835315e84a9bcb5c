"""Language detection: Indonesian news text against English, Malay and non-text."""

from __future__ import annotations

import pytest

from nlp.language import detect_language

INDONESIAN = (
    "Pemerintah Provinsi Sulawesi Tenggara menggelar rapat koordinasi percepatan reformasi birokrasi "
    "di Kendari, Selasa. Sekretaris Daerah meminta seluruh kepala dinas untuk segera menyusun rencana "
    "aksi yang terukur dan melaporkannya secara berkala kepada gubernur."
)
ENGLISH = (
    "The provincial government held a coordination meeting on bureaucratic reform in Kendari on Tuesday. "
    "The regional secretary asked all agency heads to draw up a measurable action plan and to report on "
    "it to the governor every month."
)
MALAY = (
    "Kerajaan negeri akan mengadakan mesyuarat bagi membincangkan pembaharuan perkhidmatan awam kerana "
    "rakyat boleh menilai prestasi jabatan selepas laporan itu diterbitkan, iaitu pada bulan depan. "
    "Beliau berkata kerajaan boleh melaksanakan cadangan itu selepas semakan dibuat."
)


def test_indonesian_news_text() -> None:
    assert detect_language(INDONESIAN) == "id"


def test_english_text() -> None:
    assert detect_language(ENGLISH) == "en"


def test_malay_is_told_apart_from_indonesian() -> None:
    assert detect_language(MALAY) == "ms"


def test_indonesian_with_english_quotes_is_still_indonesian() -> None:
    mixed = INDONESIAN + ' "This is a must for every public servant," katanya dalam bahasa Inggris.'
    assert detect_language(mixed) == "id"


@pytest.mark.parametrize("text", ["", "   ", "12 34 56 78 90", "Kendari", "https://example.com/a/b/c/d/e"])
def test_too_little_language_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_unknown_language_gives_none() -> None:
    assert (
        detect_language("Dies ist ein kurzer deutscher Satz über die Verwaltung und ihre Reform heute.")
        is None
    )
