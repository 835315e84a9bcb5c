"""Officials as real regional news writes them: the mess that text written for the tests lacked.

Each test is one kind of shape that real articles showed and the matcher missed, written fresh with
invented people and, where the kind allows, with its near miss (the shape that must still give
nothing). ``tests/test_officials.py`` holds the clean shapes.
"""

from __future__ import annotations

import pytest

from nlp.officials import extract_officials, load_position_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_position_lexicon()


def pairs(text: str, lex) -> list[tuple[str, str]]:
    return [(o.name, o.position) for o in extract_officials(text, lexicon=lex)]


def names(text: str, lex) -> list[str]:
    return [o.name for o in extract_officials(text, lexicon=lex)]


# ------------------------------------------------------------------------------ glued and wrapped text


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Apel dipimpin Bupati Sinjai H.Ridwan Mappatunru, SE, pagi tadi.",
            "Ridwan Mappatunru",
            "Bupati Sinjai",
        ),
        (
            "Forum dihadiri Sekda Kota Tidore Hj.Nurlela Abbas, SE, MM dan para camat.",
            "Nurlela Abbas",
            "Sekda Kota Tidore",
        ),
        (
            "Wali Kota Palopo, Dr.Ir.H.Andi Makkulau, M.Si membuka forum itu.",
            "Andi Makkulau",
            "Wali Kota Palopo",
        ),
        (
            "Kepala Bappeda Kabupaten Wonosobo, M.Farid Santoso, menyebutkan ada tiga lomba.",
            "M. Farid Santoso",
            "Kepala Bappeda Kabupaten Wonosobo",
        ),
    ],
)
def test_title_or_initial_glued_to_the_name(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_degree_written_without_its_periods_is_not_glued(lex):
    text = "Kepala Dinas Sosial Kota Binjai, Reza Fahlevi, S.Sos, M.Si, membuka pelatihan."
    assert pairs(text, lex) == [("Reza Fahlevi", "Kepala Dinas Sosial Kota Binjai")]


def test_sentence_end_without_its_space(lex):
    text = (
        "Rapat digelar di ruang Diskominfo Kapuas.Kadis Kominfo Kapuas, Yosua Mangkin, mengatakan nilai naik."
    )
    assert pairs(text, lex) == [("Yosua Mangkin", "Kadis Kominfo Kapuas")]


def test_outlet_glued_to_the_first_word_by_a_dash(lex):
    text = "PALU.SULTENGNEWS-Menteri Dalam Negeri Darma Wiratama memimpin rapat mingguan."
    assert pairs(text, lex) == [("Darma Wiratama", "Menteri Dalam Negeri")]


def test_hyphenated_place_is_not_split(lex):
    text = "Lurah Lepo-Lepo, Sarifuddin Lasaka, menyambut tim penilai."
    assert pairs(text, lex) == [("Sarifuddin Lasaka", "Lurah Lepo-Lepo")]


def test_name_hard_wrapped_over_two_lines(lex):
    text = (
        "Rapat koordinasi itu dipimpin oleh Asisten Pemerintahan Setda Kapuas Hulu, Markus\n"
        "Jempau Lindang, di aula kantor bupati pada Senin pagi."
    )
    assert names(text, lex) == ["Markus Jempau Lindang"]


def test_wrapped_prose_line_is_not_a_headline(lex):
    text = (
        "Dalam paparannya Kepala Bappeda Mappi, Yuliana Kambu, SE, M.Si menjelaskan, dari hasil\n"
        "evaluasi tahun lalu masih ada program yang belum tuntas."
    )
    assert names(text, lex) == ["Yuliana Kambu"]


# ------------------------------------------------------------------------------------- name forms


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Rapat dibuka Sekretaris Daerah Kabupaten Tanggamus, Hi. Ruslan Effendi SE MM, di aula.",
            "Ruslan Effendi",
        ),
        ("Forum dibuka langsung oleh Bupati Paser dr Fahmi Rizani bersama forkopimda.", "Fahmi Rizani"),
        ("Sekda Kabupaten Berau DR H Yusran Hamid mengatakan seleksi dimulai.", "Yusran Hamid"),
        ("Kepala Dinas Kominfo Kota Pagar Alam, Heru Saputra SKom MSi, saat rapat evaluasi.", "Heru Saputra"),
        ("Kepala Dinas Pertanian Kabupaten Gowa, Andi Rahman M.P mengatakan panen naik.", "Andi Rahman"),
        ("Gubernur Kalbar Dr H SUtarmidji Rahman mengatakan seleksi terbuka.", "SUtarmidji Rahman"),
        ("Hadir pula Wakil Menteri Dalam Negeri, Kang Dedi Mulyana, di pendopo.", "Dedi Mulyana"),
    ],
)
def test_titles_and_degrees_in_every_spelling(lex, text, name):
    assert names(text, lex) == [name]


def test_gelar_adat_after_the_name_is_not_part_of_it(lex):
    text = "Turut hadir Asisten Administrasi Umum Zulfahmi Dt. Rangkayo Basa, Kepala Biro Organisasi Setdaprov Sumbar, Lisa Andriani."
    assert pairs(text, lex) == [
        ("Zulfahmi", "Asisten Administrasi Umum"),
        ("Lisa Andriani", "Kepala Biro Organisasi Setdaprov Sumbar"),
    ]


def test_one_letter_initial_inside_a_name(lex):
    text = "Kepala Dinas Pendidikan Kota Kupang, drg. Maria Yosefa H. Lerik; Kepala Dinas Sosial, Ande Tallo."
    assert names(text, lex) == ["Maria Yosefa Lerik", "Ande Tallo"]


def test_short_capital_word_ending_a_name(lex):
    assert names("Penandatanganan disaksikan Gubernur Jambi Harun ZA, kemarin.", lex) == ["Harun ZA"]
    # a degree in the same place is not part of the name
    assert names("Penandatanganan disaksikan Gubernur Jambi Harun Effendi SH, kemarin.", lex) == [
        "Harun Effendi"
    ]


def test_body_word_that_is_also_a_name_word(lex):
    text = "Rapat dipimpin Ketua DPRD Kota Dumai, Hendra Pratama Sanjaya, pada Selasa."
    assert names(text, lex) == ["Hendra Pratama Sanjaya"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rapat dihadiri Dandim 1420 Sidrap, Mayor Arm Budi Santika, dan jajaran.", "Budi Santika"),
        (
            "Acara dihadiri Pangdam XIV Hasanuddin, Letjen TNI, Hendra Kusuma, serta forkopimda.",
            "Hendra Kusuma",
        ),
    ],
)
def test_rank_and_corps_before_a_name(lex, text, name):
    assert names(text, lex) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Bupati Belu Yohanes Bria Seran, S. IP, MA menghadiri rapat koordinasi.",
        "Bupati Belu, Yohanes Bria Seran S. Sos, menghadiri rapat koordinasi.",
    ],
)
def test_degree_written_with_a_space_is_neither_name_nor_post(lex, text):
    assert pairs(text, lex) == [("Yohanes Bria Seran", "Bupati Belu")]


# ------------------------------------------------------------------------------- places and names


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        # regency short forms from the gazetteer's aliases end the post
        (
            "Rapat dihadiri Kepala Inspektorat Lotim Baiq Sri Wahyuni, SE, Ak, para asisten.",
            "Baiq Sri Wahyuni",
            "Kepala Inspektorat Lotim",
        ),
        (
            "Piagam ditandatangani Bupati Humbahas Tigor Lumbangaol di aula.",
            "Tigor Lumbangaol",
            "Bupati Humbahas",
        ),
        (
            "Forum ini dibuka Bupati Kukar dr Edi Damansyah bersama forkopimda.",
            "Edi Damansyah",
            "Bupati Kukar",
        ),
    ],
)
def test_regency_short_form_is_the_place_not_the_name(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_a_regency_right_after_the_posts_place_starts_the_name(lex):
    # Bima is a regency, and here the first word of the Wali Kota's name
    text = "Menteri itu didampingi Wali Kota Bogor Bima Santoso meninjau mal pelayanan publik."
    assert pairs(text, lex) == [("Bima Santoso", "Wali Kota Bogor")]


def test_a_province_after_the_regency_stays_in_the_post(lex):
    text = "Hadir Kepala Dinas Kominfo Kota Bogor Jawa Barat, Rudi Hartono, dalam rapat itu."
    assert pairs(text, lex) == [("Rudi Hartono", "Kepala Dinas Kominfo Kota Bogor Jawa Barat")]


def test_a_second_post_of_the_same_person_does_not_take_the_first_posts_place(lex):
    text = "Rakor dibuka oleh Wakil Bupati Pringsewu Ani Suryani, selaku Ketua TPPS setempat."
    assert pairs(text, lex) == [("Ani Suryani", "Wakil Bupati Pringsewu")]
