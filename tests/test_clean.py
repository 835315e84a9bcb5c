"""Each Indonesian boilerplate rule of data/boilerplate.yaml, on fresh text written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.clean import BoilerplateRules, CleanText, clean_text, load_boilerplate_rules

LEAD = (
    "KENDARI - Pemerintah Kota Kendari menggelar rapat evaluasi reformasi birokrasi bersama seluruh "
    "organisasi perangkat daerah, Selasa (1/7/2025)."
)
MIDDLE = (
    "Asisten III Setda Kota Kendari, Rahmat Sulaiman, mengatakan evaluasi dilakukan untuk memastikan "
    "rencana aksi berjalan sesuai target."
)
LAST = '"Kami ingin pelayanan publik makin cepat dan transparan," ujar Rahmat.'


def story(*inserted: str, after: str = "lead") -> str:
    """A three-paragraph story with ``inserted`` lines after the lead or at the end."""
    if after == "lead":
        return "\n".join([LEAD, *inserted, MIDDLE, LAST])
    return "\n".join([LEAD, MIDDLE, LAST, *inserted])


def assert_body_intact(result: CleanText) -> None:
    assert result.text.splitlines() == [LEAD, MIDDLE, LAST]


def test_rules_load_once_and_compile() -> None:
    rules = load_boilerplate_rules()
    assert isinstance(rules, BoilerplateRules)
    assert load_boilerplate_rules() is rules
    assert len(rules.drop_line) > 10


def test_plain_story_is_untouched() -> None:
    result = clean_text(story())
    assert_body_intact(result)
    assert result.removed == ()
    assert (result.author, result.editor, result.attribution) == (None, None, None)


@pytest.mark.parametrize(
    "line",
    [
        "Baca Juga: Bupati Konawe Resmikan Mal Pelayanan Publik",
        "BACA JUGA: Sekda Sultra Minta ASN Disiplin Absen Digital",
        "Baca juga: Inspektorat Temukan Kelebihan Bayar Proyek Jalan",
        "Baca juga : Dinas Kominfo Luncurkan Aplikasi Layanan Terpadu",
        "Bacaan Lainnya",
        "Berita Terkait",
        "Artikel Terkait",
        "Pos terkait",
        "Berita Terkait: Wagub Tinjau Banjir di Kecamatan Wera",
        "Pilihan Editor: Seleksi Terbuka Jabatan Kepala Dinas Dibuka",
        "Simak juga: Wali Kota Tinjau Antrean Pembuatan KTP",
        "Lihat juga Video: Antrean Panjang di Kantor Samsat",
    ],
)
def test_related_link_lines_are_dropped(line: str) -> None:
    result = clean_text(story(line))
    assert_body_intact(result)
    assert result.removed == (line,)


def test_related_heading_takes_its_headline_list_along() -> None:
    block = [
        "Baca Juga",
        "Gubernur Lantik 12 Pejabat Eselon II Hasil Seleksi Terbuka",
        "Pemkab Muna Raih Predikat WBK dari KemenPAN-RB",
    ]
    result = clean_text(story(*block))
    assert_body_intact(result)
    assert list(result.removed) == block


def test_related_block_ends_at_the_next_prose_paragraph() -> None:
    text = "\n".join([LEAD, "Berita Terkait", "Camat Baru Dilantik di Kolaka", MIDDLE, LAST])
    result = clean_text(text)
    assert_body_intact(result)


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT",
        "SCROLL TO CONTINUE WITH CONTENT",
        "ADVERTISEMENT SCROLL TO RESUME CONTENT",
        "Iklan",
    ],
)
def test_ad_and_scroll_markers_are_dropped(line: str) -> None:
    assert_body_intact(clean_text(story(line)))


@pytest.mark.parametrize(
    "line",
    [
        "Ikuti berita terkini dari Kabar Sultra di Google News, klik di sini.",
        "Dapatkan update berita pilihan setiap hari, ikuti WhatsApp Channel kami: https://whatsapp.com/channel/abc",
        "Cek berita dan artikel lainnya di Google News dan ikuti saluran WhatsApp kami",
        "Ikuti perkembangan berita ini dalam topik:",
        "Bagikan artikel ini",
        "Copy link",
        "Mari bergabung di Grup Telegram Kabar Sultra untuk update berita terbaru.",
        "Dapatkan update berita pilihan dan breaking news setiap hari dari Kabar Sultra.",
        "Baca berita tanpa iklan. Gabung KabarSultra+",
        "Klik di sini untuk mengikuti saluran kami.",
        "Saksikan video selengkapnya di kanal YouTube kami.",
        "Lanjutkan membaca artikel di bawah",
    ],
)
def test_share_and_follow_prompts_are_dropped(line: str) -> None:
    assert_body_intact(clean_text(story(line, after="end")))


def test_prose_about_social_media_is_kept() -> None:
    prose = "Warga dapat mengikuti siaran langsung rapat paripurna melalui kanal YouTube resmi DPRD Sultra."
    result = clean_text(story(prose))
    assert prose in result.text.splitlines()


@pytest.mark.parametrize(
    "lines",
    [
        ["Tinggalkan Balasan", "Alamat email Anda tidak akan dipublikasikan."],
        ["LEAVE A REPLY", "Please enter your comment!", "Please enter your name here"],
        ["0 Komentar", "Tulis komentar", "Sisa karakter : 500"],
        ["Lihat semua komentar", "Komentar (12)"],
    ],
)
def test_comment_forms_are_dropped(lines: list[str]) -> None:
    assert_body_intact(clean_text(story(*lines, after="end")))


def test_byline_lines_become_fields() -> None:
    result = clean_text(story("Penulis: Andi Pratama", "Editor : Sri Wahyuni", after="end"))
    assert_body_intact(result)
    assert result.author == "Andi Pratama"
    assert result.editor == "Sri Wahyuni"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Pewarta: Muhammad Fadli", "Muhammad Fadli"),
        ("Reporter : Dewi Lestari, Yusuf Hamdani", "Dewi Lestari, Yusuf Hamdani"),
        ("Penulis: Kontributor Kolaka, Arman Jaya", "Kontributor Kolaka, Arman Jaya"),
        ("Oleh: Nurhayati Rahman", "Nurhayati Rahman"),
    ],
)
def test_author_labels(line: str, author: str) -> None:
    result = clean_text(story(line, after="end"))
    assert_body_intact(result)
    assert result.author == author


def test_reporter_line_without_colon() -> None:
    result = clean_text("\n".join(["Laporan Wartawan Kabar Sultra, Muhammad Irfan", LEAD, MIDDLE, LAST]))
    assert_body_intact(result)
    assert result.author == "Muhammad Irfan"


def test_redaktur_and_reporter_label() -> None:
    result = clean_text(story("Redaktur & Reporter : Fajar Nugroho", after="end"))
    assert_body_intact(result)
    assert result.editor == "Fajar Nugroho"


def test_combined_byline_line_is_split_into_fields() -> None:
    result = clean_text(story("Penulis: Rina Marlina | Editor: Hendra Gunawan", after="end"))
    assert (result.author, result.editor) == ("Rina Marlina", "Hendra Gunawan")
    assert_body_intact(result)


def test_two_labels_on_one_line_without_separator() -> None:
    result = clean_text(story("Pewarta: Kadek Wirawan Editor: Rahmat Hidayat", after="end"))
    assert (result.author, result.editor) == ("Kadek Wirawan", "Rahmat Hidayat")
    assert_body_intact(result)


def test_byline_glued_to_last_sentence_is_split_off() -> None:
    text = "\n".join([LEAD, MIDDLE, LAST + "Editor: Bambang Setiawan"])
    result = clean_text(text)
    assert_body_intact(result)
    assert result.editor == "Bambang Setiawan"


def test_sumber_is_kept_as_attribution() -> None:
    result = clean_text(story("Sumber: Antara", after="end"))
    assert_body_intact(result)
    assert result.attribution == "Antara"


def test_syndication_footer_gives_attribution() -> None:
    result = clean_text(story("Artikel ini telah tayang di sultrakini.id dengan judul serupa.", after="end"))
    assert_body_intact(result)
    assert result.attribution == "sultrakini.id"


def test_a_sentence_is_not_a_byline() -> None:
    prose = "Editor senior itu mengatakan: redaksi tetap independen dalam meliput pemilihan kepala daerah."
    result = clean_text(story(prose))
    assert prose in result.text
    assert result.editor is None


@pytest.mark.parametrize("line", ["(Red)", "***", "(*)", "-----", "(ant/rs)", "(kpl/abc/xyz)", "(hmd)"])
def test_end_markers_are_dropped(line: str) -> None:
    assert_body_intact(clean_text(story(line, after="end")))


def test_editor_initials_glued_to_the_last_sentence_are_stripped() -> None:
    result = clean_text("\n".join([LEAD, MIDDLE, LAST + " (rs/ant)"]))
    assert_body_intact(result)


def test_parentheses_inside_prose_are_kept() -> None:
    line = "Rapat juga membahas indeks reformasi birokrasi (RB) dan sistem pemerintahan berbasis elektronik (SPBE)."
    result = clean_text("\n".join([LEAD, MIDDLE, line]))
    assert result.text.splitlines()[-1] == line


@pytest.mark.parametrize(
    "line",
    [
        "Foto: Dokumentasi Humas Pemkot Kendari",
        "Wali Kota saat meninjau ruang layanan terpadu. (Humas/Pemkot Kendari) Foto: Humas Pemkot",
        "Suasana rapat evaluasi di aula kantor wali kota ©2025 Kabar Sultra",
        "Fotografer: Ahmad Rizal",
    ],
)
def test_photo_captions_and_credits_are_dropped(line: str) -> None:
    assert_body_intact(clean_text(story(line)))


@pytest.mark.parametrize(
    "line",
    [
        "Copyright © 2025 Kabar Sultra. All Rights Reserved",
        "Halaman: 1 2 3 Show All",
        "#reformasi birokrasi #pelayanan publik",
        "Kamis, 03/07/2025 09:25 WIB",
        "20 menit yang lalu",
        "KONTAK: humas@kendarikota.go.id",
        "[Gambas:Video 20detik]",
        'Simak Video "Antrean Panjang di Mal Pelayanan Publik"',
        "Home > Berita > Daerah",
        "(Humas/Humas Setda Kabupaten Bima)",
        "Lampiran: Unduh dokumen (PDF)",
        "1 2 3 Selanjutnya",
        "Dilarang keras mengambil konten ini tanpa izin tertulis dari redaksi.",
    ],
)
def test_page_furniture_is_dropped(line: str) -> None:
    assert_body_intact(clean_text(story(line, after="end")))


def test_list_bullets_do_not_hide_boilerplate() -> None:
    result = clean_text(story("- Kamis, 03/07/2025 09:25 WIB", "-", "01", after="end"))
    assert_body_intact(result)


def test_reporter_name_in_capitals_closing_the_story_is_a_byline() -> None:
    result = clean_text(story("ARIF BUDIMAN", after="end"))
    assert_body_intact(result)
    assert result.author == "Arif Budiman"


def test_dateline_on_its_own_line_joins_the_next_paragraph() -> None:
    text = "\n".join(["Kendari -", LEAD.removeprefix("KENDARI - "), MIDDLE, LAST])
    result = clean_text(text)
    assert result.text.splitlines()[0] == "Kendari - " + LEAD.removeprefix("KENDARI - ")


def test_dated_wire_header_is_dropped() -> None:
    text = "\n".join(["JAKARTA, 3 Juli 2025 (Antara/PRNewswire) --", MIDDLE, LAST])
    result = clean_text(text)
    assert result.text.splitlines() == [MIDDLE, LAST]


def test_theme_author_line_over_a_dateline() -> None:
    text = "\n".join(["Sri Wahyuni -", LEAD, MIDDLE, LAST])
    result = clean_text(text)
    assert_body_intact(result)
    assert result.author == "Sri Wahyuni"


def test_whitespace_is_normalised_and_blank_lines_dropped() -> None:
    result = clean_text(f"   {LEAD}  \n\n\u00a0\n{MIDDLE}\n\t{LAST}   ")
    assert_body_intact(result)


def test_custom_rules_can_be_passed() -> None:
    data = {
        "drop_line": [{"pattern": "hapus aku", "why": "test"}],
        "related_heading": ["baca juga"],
        "related_block_max_lines": 3,
        "headline_max_words": 10,
        "byline": {"author": ["penulis"], "editor": ["editor"], "attribution": ["sumber"], "drop": []},
        "byline_max_words": 6,
        "author_line": "laporan wartawan (?P<value>.+)",
        "trailing_caps_byline_max_words": 3,
        "glued_labels": ["editor"],
        "dateline_only": r"[A-Z][^.]{0,40}\s*-",
        "dateline_max_words": 5,
        "dateline_start": r"[A-Z][\w ]{1,40} - .*",
    }
    rules = BoilerplateRules.from_mapping(data)
    result = clean_text(story("hapus aku", "ADVERTISEMENT"), rules=rules)
    assert "ADVERTISEMENT" in result.text  # only the custom rules apply
    assert "hapus aku" not in result.text


def test_a_lone_city_dateline_is_not_an_author() -> None:
    text = "\n".join(
        ["Jakarta -", "Skor akhir 2 - 1 membuat tim tamu pulang dengan kecewa, kata pelatih.", MIDDLE]
    )
    result = clean_text(text)
    assert result.author is None
    assert result.text.splitlines()[0].startswith("Jakarta - Skor akhir")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_cleaning_never_invents_text(text: str) -> None:
    result = clean_text(text)
    source = " ".join(text.split())
    for line in result.text.splitlines():
        assert line, "no empty lines are kept"
        assert all(word in source for word in line.split())
