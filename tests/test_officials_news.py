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


# ------------------------------------------------------------------------------------ post shapes


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Peluncuran dilakukan Sekretaris Kabupaten (Sekkab) Donggala Andi Mappaturung di Banawa.",
            "Andi Mappaturung",
            "Sekretaris Kabupaten (Sekkab) Donggala",
        ),
        (
            "Penghargaan diberikan langsung oleh Menteri Dalam Negeri (Mendagri) Rahmat Lubis kepada daerah.",
            "Rahmat Lubis",
            "Menteri Dalam Negeri (Mendagri)",
        ),
        (
            "Direktur Jenderal (Dirjen) Otonomi Daerah (Otda) Kementerian Dalam Negeri (Kemendagri) "
            "Sutrisno Wibowo mengungkapkan hal itu.",
            "Sutrisno Wibowo",
            "Direktur Jenderal (Dirjen) Otonomi Daerah (Otda) Kementerian Dalam Negeri (Kemendagri)",
        ),
        (
            "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi (PAN-RB) Ratna Dewi meresmikan MPP.",
            "Ratna Dewi",
            "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi (PAN-RB)",
        ),
    ],
)
def test_short_form_in_brackets_inside_a_post(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Tim dipimpin Direktur Fasilitasi Kelembagaan dan Kepegawaian Perangkat Daerah, Ditjen Otonomi "
            "Daerah Kemendagri, Hendra Situmorang.",
            "Hendra Situmorang",
            "Direktur Fasilitasi Kelembagaan dan Kepegawaian Perangkat Daerah, Ditjen Otonomi Daerah Kemendagri",
        ),
        (
            "Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan Kementerian PANRB "
            "Sri Wahyuni Lestari hadir pada monitoring itu.",
            "Sri Wahyuni Lestari",
            "Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan Kementerian PANRB",
        ),
        (
            "Kepala Bidang Pemerintahan dan Pembangunan Manusia, Badan Perencanaan Pembangunan Daerah "
            "(Bappeda) Jawa Tengah Yusuf Maulana menjelaskan capaian itu.",
            "Yusuf Maulana",
            "Kepala Bidang Pemerintahan dan Pembangunan Manusia, Badan Perencanaan Pembangunan Daerah "
            "(Bappeda) Jawa Tengah",
        ),
        (
            "Evaluasi dipimpin Direktur Fasilitasi Kepala Daerah, DPRD dan Hubungan Antar Lembaga Ditjen Otda "
            "Kemendagri, Rudi Sihombing.",
            "Rudi Sihombing",
            "Direktur Fasilitasi Kepala Daerah, DPRD dan Hubungan Antar Lembaga Ditjen Otda Kemendagri",
        ),
    ],
)
def test_comma_inside_a_national_post(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_coordinated_posts_each_keep_their_own_words(lex):
    text = "Rapat dipimpin Bupati Blitar Rini Syarifah dan Wakil Bupati Blitar Hj. Tutik Sunarni, SE, di pendopo."
    assert pairs(text, lex) == [("Rini Syarifah", "Bupati Blitar"), ("Tutik Sunarni", "Wakil Bupati Blitar")]
    text = "Hadir Wali Kota Madiun Agus Salim dan Wakil Wali Kota Madiun Inda Raya, kemarin."
    assert pairs(text, lex) == [("Agus Salim", "Wali Kota Madiun"), ("Inda Raya", "Wakil Wali Kota Madiun")]


def test_several_officials_in_one_sentence(lex):
    text = (
        "Hadir Asisten Pemerintahan dan Kesra Setdaprov Jambi Ahmad Fauzi mewakili Gubernur Jambi, "
        "Bupati Kerinci H.Monadi Rusli, Wakil Bupati Efendi Hatta, Ketua DPRD Kerinci Bony Mustika serta "
        "unsur Forkopimda."
    )
    assert pairs(text, lex) == [
        ("Ahmad Fauzi", "Asisten Pemerintahan dan Kesra Setdaprov Jambi"),
        ("Monadi Rusli", "Bupati Kerinci"),
        ("Efendi Hatta", "Wakil Bupati"),
        ("Bony Mustika", "Ketua DPRD Kerinci"),
    ]


def test_lower_case_qualifier_after_the_post(lex):
    text = (
        "Acara menandai berakhirnya tugas Pj Wali Kota Tidore sebelumnya, Fadli Hamid, dan dimulainya tugas "
        "Penjabat Wali Kota Tidore yang baru, Yusri Abbas."
    )
    assert pairs(text, lex) == [
        ("Fadli Hamid", "Pj Wali Kota Tidore sebelumnya"),
        ("Yusri Abbas", "Penjabat Wali Kota Tidore yang baru"),
    ]


def test_lower_case_post_with_its_body_before_a_full_name(lex):
    text = "Sementara itu, anggota Ombudsman RI Hendra Wijayakusuma mengapresiasi kementerian itu."
    assert pairs(text, lex) == [("Hendra Wijayakusuma", "anggota Ombudsman RI")]
    # a lower-case head with no body and no comma stays prose
    assert extract_officials("Para kepala Budi dan Ani hadir.", lexicon=lex) == []


def test_lower_case_acting_mark_after_the_name(lex):
    text = "\u201cApel rutin kami gelar,\u201d ungkap Junaedi, plt. Sekretaris Dinas Pendidikan Kabupaten Garut saat itu."
    (o,) = extract_officials(text, lexicon=lex)
    assert (o.name, o.position, o.acting) == (
        "Junaedi",
        "plt. Sekretaris Dinas Pendidikan Kabupaten Garut",
        True,
    )


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Kepala Bapenda Kabupaten Kebumen Sudarmaji mengatakan pencairan sesuai jadwal.",
            "Sudarmaji",
            "Kepala Bapenda Kabupaten Kebumen",
        ),
        (
            "Kepala Dinas Informasi dan Komunikasi (Dinkominfo) Banjarnegara Sutarmo mengatakan aplikasi itu baru.",
            "Sutarmo",
            "Kepala Dinas Informasi dan Komunikasi (Dinkominfo) Banjarnegara",
        ),
    ],
)
def test_one_word_name_after_the_posts_place(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_day_after_the_posts_place_is_not_a_name(lex):
    assert extract_officials("Kepala Bapenda Kabupaten Kebumen Senin lalu hadir.", lexicon=lex) == []


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        ("MenPAN-RB Sudirman bersama wali kota meresmikan mal pelayanan publik.", "Sudirman", "MenPAN-RB"),
        (
            "Turut hadir Wakil Bupati Zulkifli, Ketua DPRD Siak Hendra Putra dan forkopimda.",
            "Zulkifli",
            "Wakil Bupati",
        ),
    ],
)
def test_one_word_name_after_a_bare_post_that_takes_no_village(lex, text, name, position):
    assert pairs(text, lex)[0] == (name, position)


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Rapat dihadiri Kabag Ortal Setda Rosa Mambraku, S.Sos, serta kepala OPD.",
            "Rosa Mambraku",
            "Kabag Ortal Setda",
        ),
        (
            "Kajari menjelaskan melalui Kasi Pidsus Rahmat Tuli bahwa berkas lengkap.",
            "Rahmat Tuli",
            "Kasi Pidsus",
        ),
        (
            "Kenaikan itu disampaikan Wako Pagaralam H. Ludi Oliansyah saat membuka rapat.",
            "Ludi Oliansyah",
            "Wako Pagaralam",
        ),
        (
            "Tuntutan dibacakan JPU Kejari Buru, Ahmad Soamole, dalam sidang.",
            "Ahmad Soamole",
            "JPU Kejari Buru",
        ),
        (
            "Narasumber bimtek, Pengendali Teknis BPKP Perwakilan Provinsi Maluku, Samuel Tetelepta, menjelaskan.",
            "Samuel Tetelepta",
            "Pengendali Teknis BPKP Perwakilan Provinsi Maluku",
        ),
        (
            "Yaitu Menpan-RB Tegar Santoso, Mendagri Gilang Permana, dan pejabat lain.",
            "Tegar Santoso",
            "Menpan-RB",
        ),
        (
            "Kegiatan dihadiri Penjabat Sekertaris Daerah, H. Basri, dan Kasdim 1420 Sidrap, Mayor Arm Budi Santika.",
            "Basri",
            "Penjabat Sekertaris Daerah",
        ),
    ],
)
def test_abbreviated_and_misspelt_posts(lex, text, name, position):
    assert pairs(text, lex)[0] == (name, position)


def test_lukman_hakim_is_a_name_not_a_judge(lex):
    # Hakim is also a name word: alone it is no post
    assert extract_officials("Menurut Lukman Hakim Siregar pelayanan membaik.", lexicon=lex) == []


# ------------------------------------------------------------------------------------ not officials


@pytest.mark.parametrize(
    "text",
    [
        "Acara dihadiri Ketua TP-PKK Kabupaten Pesisir Selatan Rina Marlina bersama kader.",
        "Saya juga hadir sebagai Kepala Suku Besar Mbaham, kata dia.",
        "Bersamaan dengan itu dilantik 30 Kepala Sekolah Dasar (SD) di lingkungan pemkot.",
    ],
)
def test_community_school_and_headline_words_are_not_officials(lex, text):
    assert extract_officials(text, lexicon=lex) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline verb is never a name word, and the name ends before it
        ("Bupati Tantri Serahkan Penghargaan kepada pemenang lomba inovasi.", [("Tantri", "Bupati")]),
        (
            "Sekda Propinsi Sulteng Moh. Hidayat Lamakarate Menerima Bantuan dari Pemprov Sumbar.",
            [("Moh. Hidayat Lamakarate", "Sekda Propinsi Sulteng")],
        ),
    ],
)
def test_a_capitalised_verb_ends_the_name(lex, text, expected):
    assert pairs(text, lex) == expected


def test_a_body_word_that_is_also_a_name_word_starts_the_name_after_a_place(lex):
    text = "Turut hadir Wakil Gubernur Sumut Muda Sinaga dan Kepala Bappeda Jateng Pratama Yudha."
    assert pairs(text, lex) == [
        ("Muda Sinaga", "Wakil Gubernur Sumut"),
        ("Pratama Yudha", "Kepala Bappeda Jateng"),
    ]
    # the same word after a body, not a place, stays in the post
    assert pairs("Analis Kebijakan Ahli Muda Rina Hapsari membuka diskusi.", lex) == [
        ("Rina Hapsari", "Analis Kebijakan Ahli Muda")
    ]


def test_people_known_by_a_longer_acronym_of_their_name(lex):
    assert pairs("Gubernur Sulbar Suhardi Duka (SDK) menegaskan perampingan OPD.", lex) == [
        ("Suhardi Duka", "Gubernur Sulbar")
    ]


def test_the_government_of_a_place_is_not_a_second_place(lex):
    text = "ucap Kepala Bagian Humas dan Protokoler Setda Pemkab Sigi Ariyanto di Sigi, Sabtu."
    assert pairs(text, lex) == [("Ariyanto", "Kepala Bagian Humas dan Protokoler Setda Pemkab Sigi")]


def test_a_phrase_the_gazetteer_knows_is_no_place_is_a_name(lex):
    # Bima is a regency, "Bima Arya" a person (the gazetteer's not_places)
    text = "Dalam kunjungan itu Wamen Bima Arya memberikan apresiasi kepada pemkot."
    assert pairs(text, lex) == [("Bima Arya", "Wamen")]


def test_working_group_of_a_state_commission_is_government(lex):
    text = (
        "Komisioner Kelompok Kerja (Pokja) Pengawasan Sistem Merit Wilayah III, Rudi Hartono, membuka acara."
    )
    assert names(text, lex) == ["Rudi Hartono"]


def test_second_post_introduced_by_selaku_keeps_the_first_body(lex):
    text = (
        "Kepala Bappeda Dan Litbangda Kabupaten Temanggung selaku Ketua Panitia Penyelenggara, "
        "Arif Nugroho, menyebutkan ada tiga lomba."
    )
    assert pairs(text, lex) == [
        (
            "Arif Nugroho",
            "Kepala Bappeda Dan Litbangda Kabupaten Temanggung selaku Ketua Panitia Penyelenggara",
        )
    ]


def test_evaluation_team_member_from_a_ministry(lex):
    text = "Tim evaluator dari Kementerian PANRB, Galih Prasetyo, dalam sesi wawancara meminta dokumen."
    assert pairs(text, lex) == [("Galih Prasetyo", "Tim evaluator dari Kementerian PANRB")]


# -------------------------------------------------------------------- links, deputies, panels, former


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Lima pejabat yang dilantik adalah Rizal Umar yang merupakan Kepala Dinas Pertanian.",
            "Rizal Umar",
            "Kepala Dinas Pertanian",
        ),
        (
            "Sedangkan Andi Akbar Saleh, yang saat ini menjabat sebagai Kadis Sosial Provinsi Sulbar, dilantik pula.",
            "Andi Akbar Saleh",
            "Kadis Sosial Provinsi Sulbar",
        ),
        (
            "Salah satunya Siti Rohimah yang kini menjabat Kepala Desa Sukamaju.",
            "Siti Rohimah",
            "Kepala Desa Sukamaju",
        ),
        (
            "Pejabat sementaranya adalah Maddarewa, ia adalah Direktur Penataan Daerah Kemendagri.",
            "Maddarewa",
            "Direktur Penataan Daerah Kemendagri",
        ),
    ],
)
def test_name_linked_to_the_post_that_follows(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_place_before_a_link_is_not_a_name(lex):
    text = "Dia, yang sebelumnya Sekretaris Kecamatan Kadipaten, kini menjabat Camat Jatiwangi."
    assert extract_officials(text, lexicon=lex) == []


@pytest.mark.parametrize(
    "text",
    [
        "Bupati Lampung Barat Parman Sudiro dan wakilnya Mad Hasan akan mengakhiri masa jabatan.",
        "Bupati Lampung Barat Parman Sudiro, dan Wakilnya Mad Hasan pun memakai baju adat.",
    ],
)
def test_deputy_named_after_the_head(lex, text):
    assert pairs(text, lex) == [
        ("Parman Sudiro", "Bupati Lampung Barat"),
        ("Mad Hasan", "Wakil Bupati Lampung Barat"),
    ]


def test_two_holders_of_a_shared_post(lex):
    text = "Rapat dipimpin Ketua DPRD Yusman, didampingi Wakil Ketua H. Adi Saputra dan Ade Kurnia, Minggu."
    assert pairs(text, lex) == [
        ("Yusman", "Ketua DPRD"),
        ("Adi Saputra", "Wakil Ketua"),
        ("Ade Kurnia", "Wakil Ketua"),
    ]
    # a single post's holder and the next post's are not one post
    text = "Hadir Bupati Sinjai Andi Kartini dan Ketua DPRD Sinjai Jamaluddin, kemarin."
    assert [p for _, p in pairs(text, lex)] == ["Bupati Sinjai", "Ketua DPRD Sinjai"]


def test_judge_named_as_the_panels_leader(lex):
    text = "Tuntutan itu dibacakan di hadapan majelis hakim yang diketuai Maria Lewakabessy, kemarin."
    assert pairs(text, lex) == [("Maria Lewakabessy", "Ketua majelis hakim")]


def test_acting_mark_before_a_body_without_its_head(lex):
    text = "Acara dihadiri Wakil Bupati H Rahmat Hidayat serta Plt DP2KB Dafri Haryadi."
    assert pairs(text, lex) == [("Rahmat Hidayat", "Wakil Bupati"), ("Dafri Haryadi", "Plt DP2KB")]


# ----------------------------------------------------------------------------------- one per person


def test_later_part_of_a_name_is_the_same_person(lex):
    text = (
        "Wakil Bupati Mamasa, H. Muhammad Yasir Tamrin, SE, memimpin desk evaluasi.\n"
        "Wabup Yasir meminta OPD mengganti indikator yang tidak terukur."
    )
    assert pairs(text, lex) == [("Muhammad Yasir Tamrin", "Wakil Bupati Mamasa")]


def test_particle_alone_is_not_taken_for_a_known_person(lex):
    text = "Kepala Bappeda Wajo, Andi Pallawa, hadir.\nSekda Wajo Andi Sulastri membuka rapat."
    assert names(text, lex) == ["Andi Pallawa", "Andi Sulastri"]


def test_short_form_of_the_first_name_is_the_same_person(lex):
    text = (
        "Gubernur NTT Melkior Lado Lena menggelar rapat koordinasi.\n"
        "Dalam rapat itu Gubernur NTT Melki Lado Lena meminta bupati hadir."
    )
    assert names(text, lex) == ["Melkior Lado Lena"]


def test_one_word_post_gives_way_to_a_fuller_one(lex):
    text = (
        "Ikut mendampingi, Bupati Sulaiman Harahap dan rombongan.\n"
        "Sebelumnya Bupati Tapanuli Selatan Sulaiman Harahap meninjau lokasi."
    )
    assert pairs(text, lex) == [("Sulaiman Harahap", "Bupati Tapanuli Selatan")]


def test_name_cut_by_a_short_lines_break(lex):
    text = (
        "Baca Juga: Kapal Cepat Kembali Berlayar\n\nSekda Malteng, Yohanes\nLatupeirissa, S.Sos, menambahkan."
    )
    assert names(text, lex) == ["Yohanes Latupeirissa"]


def test_caption_of_one_official_is_read_but_a_headline_is_not(lex):
    text = "Kepala Biro Pembangunan Sekretariat Daerah Sulawesi Tenggara, Nurhayati, S.STP, M.Si\nPemprov menggelar studi tiru."
    assert pairs(text, lex) == [("Nurhayati", "Kepala Biro Pembangunan Sekretariat Daerah Sulawesi Tenggara")]
    assert (
        extract_officials("Mendagri Sebut Rapat Setiap Pekan, Jurus Ampuh Kendalikan Inflasi", lexicon=lex)
        == []
    )


def test_two_word_short_form_in_brackets(lex):
    text = "Menteri Koordinator Bidang Politik Hukum dan Keamanan (Menko Polhukam) Rudi Hartawan meminta gubernur."
    assert names(text, lex) == ["Rudi Hartawan"]


def test_initials_in_brackets_after_a_name(lex):
    text = "Wakil Presiden RI Yusuf Kalimat (YK) menyentil kepala daerah."
    assert pairs(text, lex) == [("Yusuf Kalimat", "Wakil Presiden RI")]


def test_slash_word_is_no_name(lex):
    text = "Bagi saudara Penjabat Fungsional Pengelola Pengadaan Barang/Jasa, saya berharap banyak."
    assert extract_officials(text, lexicon=lex) == []


# ------------------------------------------------------------------------------ bare posts' regions


def _bare(position: str, organisation: str | None = None):
    from nlp.officials import Official

    return Official("Budi Santoso", position, organisation, False, "")


@pytest.fixture(scope="module")
def gaz():
    from nlp.gazetteer import load_gazetteer

    return load_gazetteer()


def _regions(provinces, regencies):
    from nlp.regions import RegionResult

    return RegionResult(tuple(provinces), tuple(regencies), ())


def test_bare_regional_post_gets_the_regency_as_the_article_writes_it(lex, gaz):
    from nlp.officials import with_place

    text = (
        "Pemkab Humbang Hasundutan (Humbahas) mencanangkan ZI. Bupati Humbahas hadir. Warga Humbahas senang."
    )
    got = with_place(
        _bare("Wakil Bupati"),
        _regions(["Sumatera Utara"], ["Kabupaten Humbang Hasundutan"]),
        text,
        lexicon=lex,
        gazetteer=gaz,
    )
    assert got.position == "Wakil Bupati (Humbahas)"
    text = "Rapat digelar di Lampung Tengah."
    got = with_place(
        _bare("Bupati"), _regions(["Lampung"], ["Kabupaten Lampung Tengah"]), text, lexicon=lex, gazetteer=gaz
    )
    assert got.position == "Bupati (Lampung Tengah)"


def test_bare_provincial_post_gets_the_province(lex, gaz):
    from nlp.officials import with_place

    got = with_place(
        _bare("Wakil Gubernur"),
        _regions(["Lampung"], ["Kabupaten Lampung Tengah"]),
        "Di Lampung.",
        lexicon=lex,
        gazetteer=gaz,
    )
    assert got.position == "Wakil Gubernur (Lampung)"


@pytest.mark.parametrize(
    ("official", "provinces", "regencies"),
    [
        (_bare("Bupati"), ["Jawa Barat"], ["Kabupaten Bogor", "Kota Bogor"]),  # two regencies: which one?
        (_bare("Menteri"), ["Lampung"], ["Kabupaten Lampung Tengah"]),  # not a regional post
        (
            _bare("Kepala Bappeda Kabupaten Bone", "Bappeda Kabupaten Bone"),
            ["Sulawesi Selatan"],
            ["Kabupaten Bone"],
        ),
    ],
)
def test_post_left_as_written(lex, gaz, official, provinces, regencies):
    from nlp.officials import with_place

    assert with_place(official, _regions(provinces, regencies), "", lexicon=lex, gazetteer=gaz) == official


# ------------------------------------------------------------------------------- more of real text


def test_a_regulation_named_after_a_post_is_no_official(lex):
    for text in (
        "Hal ini tertuang dalam Peraturan Presiden Republik Indonesia No. 81/2010 tentang grand design.",
        "Pemerintah menerbitkan Peraturan Menteri PANRB No. 4 Tahun 2025 tentang kerja fleksibel.",
    ):
        assert extract_officials(text, lexicon=lex) == []


def test_kemendagri_directorate_general_is_a_body(lex):
    text = "Rizal Kamandaka, Kabag Umum Ditjen Bina Adwil, menegaskan kesiapan unit kerja."
    assert pairs(text, lex) == [("Rizal Kamandaka", "Kabag Umum Ditjen Bina Adwil")]


def test_forum_of_regional_leaders_is_no_name(lex):
    text = "Rapat dihadiri pimpinan dan anggota Forkopimda, Sekretaris Daerah Kabupaten Sampang, dan camat."
    assert extract_officials(text, lexicon=lex) == []


def test_underscore_glued_to_a_post(lex):
    text = "Indramayu,neodetik.news _Bupati Indramayu Nina Kartika melalui Sekda membuka rapat."
    assert names(text, lex) == ["Nina Kartika"]


def test_venue_after_a_comma_does_not_continue_the_post(lex):
    text = "ujar Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Syarifudin, di Kantor Kemenpan RB, Senayan, Jakarta."
    assert names(text, lex) == ["Syarifudin"]


def test_lower_case_bidang_inside_a_post(lex):
    text = "Deputi bidang Pelayanan Publik Kementerian PANRB Diah Nurmala meninjau presentasi."
    assert pairs(text, lex) == [("Diah Nurmala", "Deputi bidang Pelayanan Publik Kementerian PANRB")]


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Kendari (ANTARA) - Wali Kota Kendari, Sulawesi Tenggara, Sulaiman Kadir meresmikan MPP.",
            "Sulaiman Kadir",
            "Wali Kota Kendari, Sulawesi Tenggara",
        ),
        (
            "Penghargaan diberikan kepada Bupati Tambrauw, Papua Barat Gabriel Asmuruf di Jakarta.",
            "Gabriel Asmuruf",
            "Bupati Tambrauw, Papua Barat",
        ),
    ],
)
def test_province_after_a_comma_stays_in_the_post(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_setempat_ends_the_post(lex):
    text = "Kepala Dinas Kependudukan dan Pencatatan Sipil setempat, Fahmi Zafrullah, mengungkapkan antrean panjang."
    assert pairs(text, lex) == [
        ("Fahmi Zafrullah", "Kepala Dinas Kependudukan dan Pencatatan Sipil setempat")
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Peresmian didampingi Wakil Bupati Dominggus A.R. Kaka, SP., melalui pemotongan pita.",
            "Dominggus A.R. Kaka",
        ),
        (
            "Wakil Bupati Soppeng, Sulawesi Selatan (Sulsel), Ir. Salle KS Dalle, menggelar buka puasa.",
            "Salle KS Dalle",
        ),
        ("Sementara itu, Kepala BPMPD, Drs. Ec. Djumadi, M.Si., dalam sambutannya menyampaikan.", "Djumadi"),
        ("Hari pertama dinas Bupati dr. Faizah MMR bersama wakil bupati menggelar halal bihalal.", "Faizah"),
    ],
)
def test_initials_and_titles_inside_and_around_names(lex, text, name):
    assert names(text, lex) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Mereka masuk dalam daftar 15 Kepala Daerah Berprestasi tingkat nasional.",
        "Dan Pejabat Pengawas di Lingkungan Pemkab Pulau Morotai, ucapnya.",
        "Nota kesepahaman ditandatangani antara Mendagri, Jaksa Agung dan Kapolri.",
        "Hadir Direktur Eksekutif Asosiasi Dinas Kominfo Se-Indonesia (Askompsi), Eddy Santika.",
    ],
)
def test_words_places_and_posts_are_not_names(lex, text):
    assert extract_officials(text, lexicon=lex) == []


def test_camat_followed_by_his_two_word_district_only(lex):
    assert extract_officials("Acara dihadiri Camat Kodi Bangedo dan kepala desa.", lexicon=lex) == []


def test_prose_starting_with_a_related_label_word_is_read(lex):
    # a bare-word label of data/furniture.yaml opens prose too; as a label it has its colon
    text = "Rekomendasi itu disampaikan Sekretaris Daerah Kabupaten Garut, Deni Sunarya, kepada OPD."
    assert names(text, lex) == ["Deni Sunarya"]
    assert extract_officials("Rekomendasi: Bupati Garut, Rudi Gunawan, Resmikan Pasar", lexicon=lex) == []
    assert extract_officials("Baca juga Bupati Garut, Rudi Gunawan, resmikan pasar baru", lexicon=lex) == []


def test_prose_line_full_of_names_is_no_headline(lex):
    text = (
        "Nama-nama seperti Gubernur Jawa Timur Sukarno Wiryo, Gubernur Sulawesi Selatan Syamsul Limpo, "
        "dan Gubernur Jawa Tengah Gunawan Pranoto juga dapat pengharga"
    )
    assert names(text, lex) == ["Sukarno Wiryo", "Syamsul Limpo", "Gunawan Pranoto"]


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [
        (
            "Bupati Pangkep, M. Yusran Lalolo, hadir.",
            "Bupati Pangkep Muhammad Yusran Lalolo membuka.",
            "Muhammad Yusran Lalolo",
        ),
        (
            "Bupati Deliserdang, Asri Ludin Tambusai, hadir.",
            "Bupati Deliserdang Asri Luddin Tambusai membuka.",
            "Asri Luddin Tambusai",
        ),
        (
            "Dirjen Aptika Samuel A Pangaribuan hadir.",
            "Direktur Jenderal Aplikasi Informatika, Samuel Abrijani Pangaribuan, membuka.",
            "Samuel Abrijani Pangaribuan",
        ),
    ],
)
def test_one_person_spelt_two_ways(lex, first, second, kept):
    assert names(first + "\n" + second, lex) == [kept]


def test_caption_naming_the_person_first(lex):
    text = "Muhammad Yusran Lalolo, Bupati Pangkep\nPemkab Pangkep menghadirkan MPP."
    assert pairs(text, lex) == [("Muhammad Yusran Lalolo", "Bupati Pangkep")]


def test_lower_case_second_word_of_a_head(lex):
    text = "Sekretaris daerah (Sekda) Kabupaten Badung I Made Suardana memimpin rapat koordinasi."
    assert pairs(text, lex) == [("I Made Suardana", "Sekretaris daerah (Sekda) Kabupaten Badung")]


def test_nonaktif_before_the_name(lex):
    text = "Terdakwanya Sekretaris BPPT Kota Semarang nonaktif A Zainal, kata jaksa."
    assert names(text, lex) == ["A Zainal"]


def test_lower_case_post_after_the_name(lex):
    text = "Hal itu dikatakan Sugeng Riyanto, ketua majelis hakim pada sidang perkara itu."
    assert pairs(text, lex) == [("Sugeng Riyanto", "ketua majelis hakim")]


def test_event_venue_after_a_name_is_not_a_body(lex):
    text = "kata komisioner Ombudsman RI Adrian Melala di Balai Kartini, Jakarta."
    assert pairs(text, lex) == [("Adrian Melala", "komisioner Ombudsman RI")]


def test_date_right_after_a_name_ends_it(lex):
    text = "Tim bersilaturahmi dengan Walikota Lubuk Linggau, H Rahmat Hidayat Selasa 9 September 2025."
    assert pairs(text, lex) == [("Rahmat Hidayat", "Walikota Lubuk Linggau")]


def test_generic_leaders_are_no_post(lex):
    for text in (
        "Ikut hadir, para Pimpinan Dinas Instansi bersama, untuk bersalaman dengan Bupati.",
        "Acara dihadiri unsur Pimpinan Daerah (Forkopimda), Tim Sukses dan warga.",
    ):
        assert extract_officials(text, lexicon=lex) == []


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Selanjutnya, pejabat sementara Bupati Halmahera Utara diduduki oleh Muhammad Irwan Ali.",
            "Muhammad Irwan Ali",
            "pejabat sementara Bupati Halmahera Utara",
        ),
        (
            "Jabatan Kepala Dinas Pendidikan Kota Ternate dijabat oleh Rusli Umar sejak Senin.",
            "Rusli Umar",
            "Kepala Dinas Pendidikan Kota Ternate",
        ),
    ],
)
def test_post_then_the_words_that_give_it_a_holder(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_longer_name_cut_by_a_short_lines_break(lex):
    text = "Baca Juga: Pasar Murah Digelar\n\nSekda Malteng, Yohanes Petrus\nLatupeirissa Sahetapy, S.Sos, menambahkan."
    assert names(text, lex) == ["Yohanes Petrus Latupeirissa Sahetapy"]


def test_village_head_with_a_village_the_lexicon_lacks(lex):
    text = "Dilantik penjabat Kepala Negeri Kiltari, Kecamatan Seram Timur Mirna Wadjo dan lainnya."
    # the lower-case acting mark is part of the post as written, and marks the official acting
    assert pairs(text, lex) == [("Mirna Wadjo", "penjabat Kepala Negeri Kiltari, Kecamatan Seram Timur")]
    assert [o.acting for o in extract_officials(text, lexicon=lex)] == [True]
    assert extract_officials("Sambutan Kepala Negeri Kiltari, kemarin.", lexicon=lex) == []


def test_caption_ending_in_dashes(lex):
    text = "Kabid Pengembangan Pegawai BKPSDM Pesisir Barat, Ketut Sudarsana.--\nPemkab melakukan penyegaran."
    assert pairs(text, lex) == [("Ketut Sudarsana", "Kabid Pengembangan Pegawai BKPSDM Pesisir Barat")]


def test_list_of_acting_heads_of_sections(lex):
    text = "Yakni Plt. Kabag Sumber Daya Alam Anton Wijayanto dan Plt. Kabag Kesra Arif Julian."
    assert pairs(text, lex) == [
        ("Anton Wijayanto", "Plt. Kabag Sumber Daya Alam"),
        ("Arif Julian", "Plt. Kabag Kesra"),
    ]


def test_abbreviated_region_word_inside_a_national_post(lex):
    text = "Menurut Direktur Koordinasi Supervisi Wil. III KPK, Brigjen Pol. Bahtiar Purnomo, pengawasan internal utama."
    assert pairs(text, lex) == [("Bahtiar Purnomo", "Direktur Koordinasi Supervisi Wil. III KPK")]


def test_police_and_military_units_and_ranks(lex):
    text = (
        "Hadir pula Bupati Blora H. Djoko Nugraha, Dandim 0721/Blora Letkol Inf. Ali Mahmud, SE, "
        "Irwasda Polda Banten Kombes Pol Armawan dan Ketua MUI Blora Hamdan Maani."
    )
    assert pairs(text, lex) == [
        ("Djoko Nugraha", "Bupati Blora"),
        ("Ali Mahmud", "Dandim 0721/Blora"),
        ("Armawan", "Irwasda Polda Banten"),
    ]


def test_title_after_a_post_is_not_part_of_it(lex):
    text = "Acara disaksikan Wakil Presiden Republik Indonesia KH Ma'ruf Amin secara virtual."
    assert pairs(text, lex) == [("Ma'ruf Amin", "Wakil Presiden Republik Indonesia")]


def test_ministry_short_form_with_a_hyphen_is_government(lex):
    text = "Hal itu disampaikan Menteri PAN-RB Abdul Anas di Jakarta."
    assert pairs(text, lex) == [("Abdul Anas", "Menteri PAN-RB")]


def test_head_in_capitals_opening_a_paragraph(lex):
    assert pairs("GUBERNUR Aceh Zainal Abidin mengatakan reformasi harus terukur.", lex) == [
        ("Zainal Abidin", "GUBERNUR Aceh")
    ]
    # a headline in capitals names nobody: its words are all acronyms to the matcher
    assert extract_officials("BUPATI BONE RESMIKAN MAL PELAYANAN PUBLIK", lexicon=lex) == []


# ------------------------------------------------------------------ shapes found in a second reading


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Haji glued to the initial: the initial stays, the title goes
        (
            "Rapat dibuka Bupati Tanah Bumbu HM Yusran Hatta di aula.",
            [("M Yusran Hatta", "Bupati Tanah Bumbu")],
        ),
        ("Wakil Bupati, HA Rahim Sapa, membuka acara.", [("A Rahim Sapa", "Wakil Bupati")]),
        # near miss: a Roman numeral after HB is a regnal number, not a name
        ("Sri Sultan HB X membuka pameran di Yogyakarta.", []),
    ],
)
def test_haji_glued_to_an_initial(lex, text, expected):
    assert pairs(text, lex) == expected


def test_abbreviated_first_names_keep_their_period(lex):
    text = "Kegiatan dibuka Kepala Dinas Sosial Kabupaten Landak Mohd. Faisal dan Camat Ngabang Moch. Rizal."
    assert pairs(text, lex) == [
        ("Mohd. Faisal", "Kepala Dinas Sosial Kabupaten Landak"),
        ("Moch. Rizal", "Camat Ngabang"),
    ]


def test_unit_after_pada_belongs_to_the_post(lex):
    text = "Menurut Kepala Seksi Analisis Jabatan pada Bagian Organisasi Setda Kabupaten Tuban, Rina Kartika, peta jabatan selesai."
    assert pairs(text, lex) == [
        ("Rina Kartika", "Kepala Seksi Analisis Jabatan pada Bagian Organisasi Setda Kabupaten Tuban")
    ]
    # near miss: "pada" before a building is where, not what
    text = "Kepala Bagian Umum Deni Saputra memimpin rapat pada Gedung Serbaguna, Senin."
    assert pairs(text, lex) == [("Deni Saputra", "Kepala Bagian Umum")]


def test_kalaksa_is_the_head_of_a_bpbd(lex):
    text = "Kalaksa BPBD Kabupaten Sikka, Yosef Nong, mengatakan logistik cukup untuk sepekan."
    assert pairs(text, lex) == [("Yosef Nong", "Kalaksa BPBD Kabupaten Sikka")]


def test_hospital_named_after_a_person_and_its_city(lex):
    text = "Direktur RSUD dr. Samuel Lumbantobing Kota Sibolga, dr. Maria Sitompul, menyebut antrean turun."
    assert pairs(text, lex) == [("Maria Sitompul", "Direktur RSUD dr. Samuel Lumbantobing Kota Sibolga")]


def test_one_person_whatever_the_apostrophe_and_a_doubled_letter(lex):
    text = (
        "Wakil Bupati Rejang Lebong Ma'ruf Hidayatullah membuka forum. Menurut Wakil Bupati Rejang Lebong, "
        "Ma’ruf Hidayatulah, forum digelar tiap tahun."
    )
    assert names(text, lex) == ["Ma'ruf Hidayatullah"]


def test_short_forms_of_national_and_unit_heads(lex):
    text = (
        "Hadir Asdep Pengelolaan Pengaduan Pelayanan Publik, Yanuar Rahman, dan Kabiro Organisasi Setda "
        "Provinsi Riau Maryanto. Kapus Data dan Informasi, Teguh Hartono, menutup acara."
    )
    assert pairs(text, lex) == [
        ("Yanuar Rahman", "Asdep Pengelolaan Pengaduan Pelayanan Publik"),
        ("Maryanto", "Kabiro Organisasi Setda Provinsi Riau"),
        ("Teguh Hartono", "Kapus Data dan Informasi"),
    ]


def test_lower_case_posts_of_two_words_in_a_list_of_former_holders(lex):
    text = (
        "Pelantikan dihadiri mantan wali kota, Yohanis Ririmasse, mantan wakil wali kota, "
        "Abdul Latuconsina, dan Forkopimda."
    )
    assert pairs(text, lex) == [
        ("Yohanis Ririmasse", "mantan wali kota"),
        ("Abdul Latuconsina", "mantan wakil wali kota"),
    ]
    # near misses: lower-case posts listed without names give nobody
    assert pairs("Tampak hadir wakil bupati, Kapolres, Dandim, dan Ketua DPRD.", lex) == []
    assert pairs("Menurut wakil wali kota, Pelayanan Terpadu harus dibenahi.", lex) == []


def test_the_deputy_of_any_head(lex):
    text = "Turut hadir Rosmiati Lubis (Wakil Kepala BKN) dan Wakil Direktur RSUD Kota Bitung, Herman Lolong."
    assert pairs(text, lex) == [
        ("Rosmiati Lubis", "Wakil Kepala BKN"),
        ("Herman Lolong", "Wakil Direktur RSUD Kota Bitung"),
    ]


def test_items_of_a_bulleted_list_are_read_despite_their_capitals(lex):
    text = (
        "Acara dihadiri sejumlah pejabat, antara lain:\n"
        "- Menteri Agama Hasyim Asyari Lubis\n"
        "- Gubernur Bengkulu Rohidin Syamsul dan pejabat lainnya."
    )
    assert pairs(text, lex) == [
        ("Hasyim Asyari Lubis", "Menteri Agama"),
        ("Rohidin Syamsul", "Gubernur Bengkulu"),
    ]
    # near miss: a bulleted list of teasers names nobody
    assert (
        pairs("Baca juga:\n- Bupati Klaten Terima Penghargaan WBK\n- Wali Kota Solo Resmikan MPP", lex) == []
    )


def test_a_head_qualified_by_another_head(lex):
    text = "Staf Ahli Bupati Bidang Pemerintahan Yusuf Ali membuka rapat; Mariani, Staf Ahli Gubernur, menutupnya."
    assert pairs(text, lex) == [
        ("Yusuf Ali", "Staf Ahli Bupati Bidang Pemerintahan"),
        ("Mariani", "Staf Ahli Gubernur"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Salah satunya Dedi Kurnia, yang sebelumnya Sekretaris Kecamatan Cikalong, kini menjabat Camat Sukaresmi.",
            [("Dedi Kurnia", "Camat Sukaresmi")],
        ),
        (
            "- Hamdan Tuasikal, dari Sekretaris DPRD menjadi Kepala Dinas Pendidikan dan Kebudayaan;",
            [("Hamdan Tuasikal", "Kepala Dinas Pendidikan dan Kebudayaan")],
        ),
        (
            "Sementara Rudi Pattipeilohy yang sebelumnya menjabat Kepala Biro Umum, dilantik sebagai Kepala Biro Hukum.",
            [("Rudi Pattipeilohy", "Kepala Biro Hukum")],
        ),
        # no new post: the old one is all the text says
        (
            "Hasan Basri, sebelumnya Kepala Dinas Kehutanan, mengatakan hal itu.",
            [("Hasan Basri", "Kepala Dinas Kehutanan")],
        ),
        # near miss: "dari" without the comma is no link
        ("Surat dari Kepala BKN itu dibacakan di depan peserta.", []),
    ],
)
def test_rotation_lists_give_the_new_post(lex, text, expected):
    assert pairs(text, lex) == expected


def test_kh_without_its_last_period(lex):
    assert names("Wakil Presiden RI, K.H Abdul Somad Harahap hadir secara daring.", lex) == [
        "Abdul Somad Harahap"
    ]


def test_academics_are_not_listed(lex):
    text = (
        "Naskah diteken Rektor Universitas Teuku Umar, Prof. Dr. Hasan Basri, dan Bupati Aceh Jaya, "
        "T. Irfan. Hadir Wakil Dekan I Fakultas Keguruan dan Direktur Pascasarjana UIN Ar-Raniry, Prof. Siti Aminah."
    )
    assert pairs(text, lex) == [("T. Irfan", "Bupati Aceh Jaya")]


def test_old_rank_spellings_and_a_retired_mark(lex):
    text = "Pj Gubernur Papua Mayjend. TNI (Purn) Rudolf Limbong menyerahkan bantuan kepada Sekda Supiori."
    assert pairs(text, lex) == [("Rudolf Limbong", "Pj Gubernur Papua")]


def test_acehnese_teungku_is_a_title_and_roman_numbered_assistants(lex):
    text = (
        "Hadir Wakil Bupati Aceh Jaya Tgk Yusran dan Asisten I Fahruddin yang membacakan sambutan gubernur."
    )
    assert pairs(text, lex) == [("Yusran", "Wakil Bupati Aceh Jaya"), ("Fahruddin", "Asisten I")]
    # a Balinese name after a head that is not numbered keeps its I
    assert pairs("Kepala Dinas Pariwisata I Made Subrata hadir.", lex) == [
        ("I Made Subrata", "Kepala Dinas Pariwisata")
    ]


def test_a_post_that_goes_on_past_a_word_the_lexicon_lacks(lex):
    text = "Kepala Bidang Ketertiban dan Kedamaian Satpol PP Provinsi Papua Yohanes Waromi mengatakan PKL ditertibkan."
    assert pairs(text, lex) == [
        ("Yohanes Waromi", "Kepala Bidang Ketertiban dan Kedamaian Satpol PP Provinsi Papua")
    ]


def test_a_bare_provincial_post_takes_the_province_as_the_article_writes_it():
    from nlp.annotate import annotate

    text = "PALANGKA RAYA – Gubernur Agustiar Sabran membuka rapat PPID se-Kalteng di aula Jayang Tingang."
    assert [(o.name, o.position) for o in annotate(text).officials] == [
        ("Agustiar Sabran", "Gubernur (Kalteng)")
    ]
    text = text.replace("se-Kalteng", "se-Kalimantan Tengah")
    assert [o.position for o in annotate(text).officials] == ["Gubernur (Kalimantan Tengah)"]


def test_ministers_by_their_short_forms_in_one_list(lex):
    text = "Turut hadir Mendagri Raden Wijaya, Menkes Bagus Santoso, Menhub Yohanes Ruma dan Mentan Andi Sulaiman."
    assert pairs(text, lex) == [
        ("Raden Wijaya", "Mendagri"),
        ("Bagus Santoso", "Menkes"),
        ("Yohanes Ruma", "Menhub"),
        ("Andi Sulaiman", "Mentan"),
    ]


def test_haji_glued_to_an_initial_with_its_period_and_a_patronymic_haji(lex):
    text = "Penghargaan diterima Plt Bupati Pasuruan Drs. HA. Timbul Wicaksono dari Ombudsman."
    assert pairs(text, lex) == [("A. Timbul Wicaksono", "Plt Bupati Pasuruan")]
    text = "Rapat dipimpin Wakil Bupati Dr. Hi. Rusdi Hi. Umar, dan dihadiri seluruh OPD. Kata Rusdi Hi Umar, rapat rutin."
    assert names(text, lex) == ["Rusdi Hi. Umar"]


def test_a_lower_case_building_before_a_post(lex):
    text = "Pelantikan digelar di halaman kantor Camat Katingan Hulu. Camat Katingan Hulu, Yanto, hadir."
    assert pairs(text, lex) == [("Yanto", "Camat Katingan Hulu")]


def test_a_regional_heads_name_is_never_a_district(lex):
    # a district of this name exists; after Bupati the place is a regency, so it is the name
    assert pairs("Pj Bupati Makmur Marbun memberi sejumlah pesan ke ASN.", lex) == [
        ("Makmur Marbun", "Pj Bupati")
    ]


def test_degrees_glued_to_the_name_by_periods(lex):
    text = "Hadir Kepala Bagian Ortal Rizki Mukhtar.S.Pi.M.Sc, dan Pj Sekda Ramlah.SE.M.Si membuka acara."
    assert pairs(text, lex) == [("Rizki Mukhtar", "Kepala Bagian Ortal"), ("Ramlah", "Pj Sekda")]


def test_lists_of_who_got_which_post_and_functional_posts(lex):
    text = (
        "Dua pejabat yang dilantik adalah:\n- Nowo Wibisono, jadi Kepala Badan Riset dan Inovasi Daerah.\n"
        "- Amri, ditunjuk sebagai Kepala Dinas Lingkungan Hidup.\n"
        "Pranata Humas Ahli Muda pada Bidang Informasi Publik, Roni Pagayang, menjelaskan kegiatan itu."
    )
    assert pairs(text, lex) == [
        ("Nowo Wibisono", "Kepala Badan Riset dan Inovasi Daerah"),
        ("Amri", "Kepala Dinas Lingkungan Hidup"),
        ("Roni Pagayang", "Pranata Humas Ahli Muda pada Bidang Informasi Publik"),
    ]


def test_every_holder_of_a_post_is_nobody_in_particular(lex):
    assert pairs("Hadir seluruh Camat Se-Kabupaten Kampar dan Kepala Desa se-Kecamatan Dolo.", lex) == []


def test_an_island_after_the_regency_belongs_to_the_post(lex):
    text = "SUMENEP – Agus Dwi Saputro, mantan Kepala Dinas Pendidikan Kabupaten Sumenep, Madura, Jawa Timur resmi dilantik."
    assert pairs(text, lex) == [("Agus Dwi Saputro", "mantan Kepala Dinas Pendidikan Kabupaten Sumenep")]


def test_name_dash_post_inside_a_sentence_but_not_a_dateline(lex):
    text = "Sementara itu, Rahmat Saputra – Kepala Diskominfotik Kota Blitar menyambut baik kunjungan itu."
    assert pairs(text, lex) == [("Rahmat Saputra", "Kepala Diskominfotik Kota Blitar")]
    assert pairs("SAMARINDA, Suara Merdeka – Kepala Dinas Kominfo menyampaikan hal itu.", lex) == []
    assert pairs("Suara Merdeka – Kepala Dinas Kominfo menyampaikan hal itu.", lex) == []


def test_a_university_institute_is_academic(lex):
    assert pairs("Kepala PPKDK LPPM UNS Solo, Tuhana, memimpin tim penguji eksternal.", lex) == []


def test_a_rotation_list_of_names_and_posts_without_commas_between_them(lex):
    text = (
        "Sejumlah camat berganti posisi, antara lain Yuda Andrianto kini menjabat Camat Dolopo, Mukhlis "
        "Saputra menjadi Camat Kebonsari, Dodi Setiawan Camat Geger, Suharso Camat Kare."
    )
    assert pairs(text, lex) == [
        ("Yuda Andrianto", "Camat Dolopo"),
        ("Mukhlis Saputra", "Camat Kebonsari"),
        ("Dodi Setiawan", "Camat Geger"),
        ("Suharso", "Camat Kare"),
    ]
    # near miss: outside a list, a capitalised word before a post is not taken for a name
    assert pairs("Pada Rapat Kerja Camat Geger, Dodi Setiawan, membuka acara.", lex) == [
        ("Dodi Setiawan", "Camat Geger")
    ]


def test_two_people_sworn_in_to_two_posts_of_one_place(lex):
    text = (
        "Gubernur Lampung melantik Nanda Puspita dan Antonius Ali sebagai Bupati dan Wakil Bupati Pesawaran."
    )
    assert pairs(text, lex)[-2:] == [
        ("Nanda Puspita", "Bupati Pesawaran"),
        ("Antonius Ali", "Wakil Bupati Pesawaran"),
    ]
    # one post of two words joined by dan stays one post (and names nobody here)
    assert pairs("Rina dan Budi sebagai Kepala Dinas Sosial dan Kebudayaan.", lex) == []


def test_glued_kadis_forms_and_sector_words_of_posts(lex):
    text = (
        "Kadiskominfotik Kota Banda Aceh, Bustami SH mengatakan layanan itu gratis. Wakil Menteri Pariwisata "
        "dan Ekonomi Kreatif Angela Tanoesoe hadir."
    )
    assert pairs(text, lex) == [
        ("Bustami", "Kadiskominfotik Kota Banda Aceh"),
        ("Angela Tanoesoe", "Wakil Menteri Pariwisata dan Ekonomi Kreatif"),
    ]
    # KADIN, the chamber of commerce, is no Kepala Dinas
    assert pairs("Ketua Kadin Kota Bogor Budi Santoso hadir.", lex) == []


def test_a_balinese_name_without_its_particle_is_the_same_person(lex):
    text = "Kepala Dinas Kominfosandi Buleleng, I Ketut Sweca, hadir. Menurut Kadis Kominfosandi Ketut Sweca, data aman."
    assert names(text, lex) == ["I Ketut Sweca"]


def test_the_minister_who_signed_a_decree_is_named(lex):
    # a decree's signer is an official named with his post; the decree's number ends his name
    text = (
        "Pelantikan itu berdasarkan Keputusan Menteri Dalam Negeri (Mendagri) Muhammad Rahmat Santoso "
        "Nomor 100.2.1.3-45 Tahun 2025 tentang pengangkatan penjabat bupati."
    )
    assert pairs(text, lex) == [("Muhammad Rahmat Santoso", "Menteri Dalam Negeri (Mendagri)")]
    # a decree without a name still names nobody
    assert pairs("Hal itu diatur dalam Keputusan Bupati Sinjai Nomor 12 Tahun 2024.", lex) == []


def test_yogyakarta_court_titles_are_honorifics(lex):
    text = (
        "Penghargaan diterima Gubernur DIY Sri Sultan Hamengku Buwono X. Wakil Gubernur DIY KGPAA Paku Alam X "
        "turut hadir bersama Menteri Keuangan Sri Wahyuningsih."
    )
    assert pairs(text, lex) == [
        ("Hamengku Buwono X", "Gubernur DIY"),
        ("Paku Alam X", "Wakil Gubernur DIY"),
        ("Sri Wahyuningsih", "Menteri Keuangan"),
    ]


def test_a_one_word_name_on_a_short_root_with_an(lex):
    # Sastrawi reads "Mian" as mi + -an; a two- or three-letter root with -an makes a name, not a word
    assert pairs("Wakil Gubernur Bengkulu, Mian, menandatangani komitmen itu.", lex) == [
        ("Mian", "Wakil Gubernur Bengkulu")
    ]
    # a longer derived word after a post is still no name
    assert pairs("Wakil Gubernur Bengkulu, Perubahan, menjadi tema rapat.", lex) == []


def test_mutation_lists_of_a_pelantikan(lex):
    # "A sebagai POST dan B sebagai POST2": the connector follows A's post, so B starts an item
    text = (
        "Bupati melantik Rahmat Hidayat sebagai Kadis Nakertrans dan Yohanis Latuheru sebagai Kepala "
        "Satpol PP yang baru."
    )
    assert pairs(text, lex) == [
        ("Rahmat Hidayat", "Kadis Nakertrans"),
        ("Yohanis Latuheru", "Kepala Satpol PP"),
    ]
    # a post handed to someone: "POST yang dipercayakan kepada NAME"
    text = "Kursi Kepala Dinas Perhubungan Provinsi Maluku yang dipercayakan kepada Marthen Siahaya, hadir."
    assert pairs(text, lex) == [("Marthen Siahaya", "Kepala Dinas Perhubungan Provinsi Maluku")]
    # a bare old post of a rotation still gives the new one
    text = "Lukas Pasolang dari Staf Ahli kini menjadi Kadis Pertanian."
    assert pairs(text, lex) == [("Lukas Pasolang", "Kadis Pertanian")]
    # ... but a bare post without a move names nobody
    assert pairs("Staf Ahli menjadi narasumber dalam rapat itu.", lex) == []
    # a sector word of an OPD's name is no name
    assert pairs("Kepala Dinas Peternakan dan Kesehatan Hewan Stefanus Bria hadir.", lex) == [
        ("Stefanus Bria", "Kepala Dinas Peternakan dan Kesehatan Hewan")
    ]


def test_military_police_and_council_organs_in_posts(lex):
    text = (
        "Hadir Komandan Kodim (Dandim) 0815 Mojokerto Letkol Inf Arif Wibowo. Komandan Kodim 1204/Sanggau "
        "Letkol Arm Dedi Kurnia turut hadir."
    )
    assert pairs(text, lex) == [
        ("Arif Wibowo", "Komandan Kodim (Dandim) 0815 Mojokerto"),
        ("Dedi Kurnia", "Komandan Kodim 1204/Sanggau"),
    ]
    # a commander of a ceremony holds no office
    assert pairs("Komandan Upacara Mayor Inf Budi Santoso memimpin barisan.", lex) == []
    text = "Babinsa Desa Sungai Ayak Serka Markus Lende dan Bhabinkamtibmas Desa Tanjung Brigadir Yosef Daud hadir."
    assert pairs(text, lex) == [
        ("Markus Lende", "Babinsa Desa Sungai Ayak"),
        ("Yosef Daud", "Bhabinkamtibmas Desa Tanjung"),
    ]
    assert pairs("Rina Oktavia SSos, Ketua Pansus, menyatakan harapannya.", lex) == [
        ("Rina Oktavia", "Ketua Pansus")
    ]
    assert pairs("Hendra Lubis, Pj Sekdako Dumai, memimpin rapat.", lex) == [
        ("Hendra Lubis", "Pj Sekdako Dumai")
    ]


def test_the_place_of_a_graded_court_and_a_kh_title(lex):
    text = "Ketua PN Kelas II Bacan Yusuf Mahmud SH mengatakan pencanangan digelar Senin."
    assert pairs(text, lex) == [("Yusuf Mahmud", "Ketua PN Kelas II Bacan")]
    text = "Gubernur Maluku Utara Kh Ahmad Sahrul, Lc, membuka rapat."
    assert pairs(text, lex) == [("Ahmad Sahrul", "Gubernur Maluku Utara")]
    # a directorate general of the Supreme Court is a body, not a person
    assert pairs("Sebanyak 48 satuan kerja termasuk Dirjen Badilag meraih WBBM.", lex) == []


def test_a_capitalised_list_of_governors_is_prose_not_a_headline(lex):
    text = (
        "Pelantikan dihadiri banyak kepala daerah.\n\n"
        "Kemudian, Gubernur NTT Markus Tefa, Gubernur NTB Lalu Hamzan, Gubernur Kalimantan Barat Sutopo\n\n"
        "Acara ditutup dengan doa."
    )
    assert pairs(text, lex) == [
        ("Markus Tefa", "Gubernur NTT"),
        ("Lalu Hamzan", "Gubernur NTB"),
        ("Sutopo", "Gubernur Kalimantan Barat"),
    ]


def test_a_name_the_source_cut_off_is_no_name(lex):
    # an excerpt that stops inside a word ("Sulawes") and a teaser cut by an ellipsis
    text = "Acara itu dihadiri oleh Gubernur NTB Lalu Hamzan dan juga oleh para tamu dari Gubernur Sulawes"
    assert pairs(text, lex) == [("Lalu Hamzan", "Gubernur NTB")]
    assert pairs("Sementara itu, Kepala Ombudsman RI Perwa... Baca selengkapnya", lex) == []
    # a one-word name that ends a line inside the text is whole
    text = (
        "Yang dilantik lebih dulu adalah Pj Gubernur Sumatera Utara Hasanudin\n\nSetelah itu acara ditutup."
    )
    assert pairs(text, lex) == [("Hasanudin", "Pj Gubernur Sumatera Utara")]
    # the dead keep their name without the honorific
    text = "Rumah milik Almarhum Piet Lamaholot, mantan Lurah Mandosawu, terbakar."
    assert pairs(text, lex) == [("Piet Lamaholot", "mantan Lurah Mandosawu")]


def test_bracketed_posts_in_a_list_of_candidates(lex):
    text = (
        "Ketiga kandidat itu adalah Rudi Hartanto (Kepala Satpol PP sekaligus Pj Sekda Cilacap), Dewi Lestari "
        "(Kepala Badan Kepegawaian Daerah), serta Joko Prasetyo (Kepala Dinas Pendidikan dan Kebudayaan)."
    )
    assert pairs(text, lex) == [
        ("Rudi Hartanto", "Kepala Satpol PP sekaligus Pj Sekda Cilacap"),
        ("Dewi Lestari", "Kepala Badan Kepegawaian Daerah"),
        ("Joko Prasetyo", "Kepala Dinas Pendidikan dan Kebudayaan"),
    ]


def test_a_rank_or_title_with_a_stray_full_stop(lex):
    text = "Hadir Kabag SDM Polres Way Kanan, AKP. Sutrisno Hadi, mendampingi Kapolres Way Kanan, AKBP. Budi Rahmat."
    assert pairs(text, lex) == [
        ("Sutrisno Hadi", "Kabag SDM Polres Way Kanan"),
        ("Budi Rahmat", "Kapolres Way Kanan"),
    ]
    text = "Acara dibuka oleh Direktur Jenderal Badan Peradilan Agama, Bapak. Dr. H. Ahmad Zaini, S.H., M.H., kemarin."
    assert pairs(text, lex) == [("Ahmad Zaini", "Direktur Jenderal Badan Peradilan Agama")]
    # ... but a force's name ending a sentence still ends it
    text = "Hadir Dandim 0101 Aceh Besar dan anggota TNI. Budi Santoso, warga setempat, mengatakan senang."
    assert pairs(text, lex) == []


def test_a_degree_split_at_its_period_after_the_name(lex):
    text = "Rapat diikuti Sekretaris Daerah (Sekda) Marzuki, S. Pd, MM dari ruang rapat bupati."
    assert pairs(text, lex) == [("Marzuki", "Sekretaris Daerah (Sekda)")]
    text = "Kepala Dinas Sosial, Rahmat Hidayat, S. Sos., M. Si mengatakan bantuan sudah disalurkan."
    assert pairs(text, lex) == [("Rahmat Hidayat", "Kepala Dinas Sosial")]
    # an initial inside a name is no degree
    assert names("Camat Andi S. Hakim membuka musrenbang.", lex) == ["Andi S. Hakim"]


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Kegiatan dibuka Ketua Pengadilan Negeri Tilamuta Yusuf Efendi Nasution di aula kantor.",
            "Yusuf Efendi Nasution",
            "Ketua Pengadilan Negeri Tilamuta",
        ),
        (
            "Kepala Kejaksaan Negeri (Kejari) Baturaja Ahmad Fauzi menandatangani komitmen itu.",
            "Ahmad Fauzi",
            "Kepala Kejaksaan Negeri (Kejari) Baturaja",
        ),
        ("Kajari Sengkang Andi Rahman Hakim hadir.", "Andi Rahman Hakim", "Kajari Sengkang"),
    ],
)
def test_a_court_or_prosecutors_office_named_after_a_town_the_gazetteer_lacks(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_a_court_without_its_town_keeps_a_two_word_name(lex):
    assert pairs("Kepala Kejaksaan Negeri Budi Santoso hadir.", lex) == [
        ("Budi Santoso", "Kepala Kejaksaan Negeri")
    ]


def test_a_body_named_twice_with_atau_and_its_acronym(lex):
    text = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu atau DPMPTSP Kabupaten Serang Jaenudin mengatakan MPP siap."
    assert names(text, lex) == ["Jaenudin"]
    # "atau" before a lower-case word is no acronym: the post ends
    assert names("Bupati Serang atau wakilnya akan hadir.", lex) == []


def test_aceh_agencies_and_the_bagian_organisasi_dan_kepegawaian(lex):
    text = "Hadir Kepala Dinas Syariat Islam (DSI) Kabupaten Aceh Jaya, Kepala Dinas Kesehatan Kabupaten Aceh Jaya."
    assert pairs(text, lex) == []
    text = "Pembahasan dihadiri oleh Kabag Orpeg Setda Kota Bitung Meiske Lumintang dan beberapa staf."
    assert pairs(text, lex) == [("Meiske Lumintang", "Kabag Orpeg Setda Kota Bitung")]


def test_degrees_glued_to_each_other_but_not_to_the_name(lex):
    assert pairs("Bupati Bangka Tengah Rustam SH.MH meresmikan gedung itu.", lex) == [
        ("Rustam", "Bupati Bangka Tengah")
    ]


def test_f_x_is_an_initial_after_an_initial_not_a_regnal_number(lex):
    text = "Hadir pula Bupati Waropen Drs. F. X. Rumaropen, M.Si serta para deputi."
    assert names(text, lex) == ["F. X. Rumaropen"]
    # a regnal X ending a sentence still ends it
    text = "Acara dibuka Sri Sultan Hamengku Buwono X. Warga Bantul, Budi Santoso, menyambut baik."
    assert "Budi Santoso" not in " ".join(names(text, lex))


def test_military_and_intelligence_heads_of_a_forkopimda_list(lex):
    text = (
        "Hadir Panglima Kodam XII/Tanjungpura, Mayor Jenderal TNI Dedi Kurniawan dan Kabinda Kalbar, "
        "Brigjen Pol Hendra Saputra, serta mewakili Dandim 1207/Pontianak, Kapt Inf Wagiman."
    )
    assert pairs(text, lex) == [
        ("Dedi Kurniawan", "Panglima Kodam XII/Tanjungpura"),
        ("Hendra Saputra", "Kabinda Kalbar"),
        ("Wagiman", "Dandim 1207/Pontianak"),
    ]
    # a list of posts without names gives no official: a post is never a name
    text = "Kegiatan diikuti Kapolres Bitung, perwakilan Subdenpom Bitung, Danposal Bitung, Asisten I Setda Kota Bitung."
    assert pairs(text, lex) == []
    assert (
        pairs(
            "Panglima TNI, Kapolri dan Kasal melaksanakan telekonferensi dengan para kepala puskesmas.", lex
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        (
            "Laporan itu dikaji dahulu, kata Ketua Bawaslu Kabupaten Seluma Joni Saputra di Seluma, Kamis.",
            "Joni Saputra",
            "Ketua Bawaslu Kabupaten Seluma",
        ),
        (
            "Calon itu adalah Rina Astuti (Kepala Inspektorat Wonosobo), Eko Prasetyo (Kepala Dispermades PPKB "
            "Wonosobo), dan Dedi Kurnia (Kepala Bappeda Wonosobo).",
            "Eko Prasetyo",
            "Kepala Dispermades PPKB Wonosobo",
        ),
    ],
)
def test_bodies_written_as_mixed_case_short_forms(lex, text, name, position):
    assert (name, position) in pairs(text, lex)


def test_misspelt_sekretaris_and_praja_as_a_name_word(lex):
    text = "Hal itu disampaikan Seketaris Daerah Kepahiang Rudi Hartono, ST, di ruang rapat sekda."
    assert pairs(text, lex) == [("Rudi Hartono", "Seketaris Daerah Kepahiang")]
    text = "Rapat dihadiri Wakil Bupati (Wabup) Kepahiang Dr. H. Dedi Praja, SSTP.,M.Si. Turut hadir para kepala OPD."
    assert pairs(text, lex) == [("Dedi Praja", "Wakil Bupati (Wabup) Kepahiang")]
    # as the first word it is still the body's: the Satpol PP's head keeps his post
    text = "Kepala Satuan Polisi Pamong Praja Kota Bima Andi Rahman memimpin penertiban."
    assert pairs(text, lex) == [("Andi Rahman", "Kepala Satuan Polisi Pamong Praja Kota Bima")]


def test_a_bare_sekretaris_before_a_full_name_is_the_secretary_of_the_body_just_named(lex):
    text = (
        "Kunjungan diterima Kadis Kominfo Buton Ridwan Saleh didampingi Sekretaris Wa Ode Nurhayati dan staf."
    )
    assert pairs(text, lex) == [("Ridwan Saleh", "Kadis Kominfo Buton"), ("Wa Ode Nurhayati", "Sekretaris")]
    text = "Satpol PP diwakili Sekretaris Ibu Rosdiana, S.Ag., dalam rapat itu."
    assert names(text, lex) == ["Rosdiana"]
    # an association's committee (a treasurer listed with it) and a bare post before a comma are not
    text = "Hadir Ketua Komunitas Alumni Jepang NTT, Maria Lopes, Sekretaris Yohana Bara Tuka, Bendahara Irma Sari."
    assert "Yohana Bara Tuka" not in names(text, lex)
    assert names("Rapat dihadiri Sekretaris Komisi dan para anggota.", lex) == []


def test_a_title_glued_to_an_initial_or_a_title_where_a_name_starts(lex):
    assert names("Pj. Bupati Lombok Utara, H.M. Zainal Arifin, membuka acara.", lex) == ["M. Zainal Arifin"]
    assert names("Bupati Takalar, DR.H. Syamsari Kitta, melepas rombongan.", lex) == ["Syamsari Kitta"]
    assert names("Kadis PU H.M. Rasyid, ST, MT meninjau jembatan.", lex) == ["M. Rasyid"]
    # inside a name it is the name's own ("Haji Muhammad" between given name and family name)
    assert names("Bupati Garut H. Rudy H.M. Gunawan menerima piagam.", lex) == ["Rudy H.M. Gunawan"]


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        ("Assiten I Rahmat Hidayat yang maju sebagai calon digantikan.", "Rahmat Hidayat", "Assiten I"),
        ("Gubenur Papua Barat Daya Elisa Kambu membuka rapat.", "Elisa Kambu", "Gubenur Papua Barat Daya"),
        (
            "Hal itu dibenarkan Inpektur Merangin Hatta Saputra di ruangannya.",
            "Hatta Saputra",
            "Inpektur Merangin",
        ),
    ],
)
def test_posts_as_outlets_misspell_them(lex, text, name, position):
    assert pairs(text, lex) == [(name, position)]


def test_every_head_list_gets_the_misspelt_forms(lex):
    # one home for a misspelling: the map adds it to every list the correct word is in
    assert "Seketaris Daerah" in lex.regency_posts and "Sekretaris Daerah" in lex.regency_posts
    assert "Seketaris" in lex.bare_heads


def test_title_case_headline_words_after_a_name_and_shortened_bodies(lex):
    text = "Selasa (1/10) sekira pukul 08.30 WIB, Bupati Tebo Drs H Agus Rubiyanto Keluar dari rumah dinas."
    assert names(text, lex) == ["Agus Rubiyanto"]
    text = "Kepala Biro Umum Setprov Kaltara Rudi Hartono dan Asisten I Pemko Sabang Bachtiar Amin hadir."
    assert pairs(text, lex) == [
        ("Rudi Hartono", "Kepala Biro Umum Setprov Kaltara"),
        ("Bachtiar Amin", "Asisten I Pemko Sabang"),
    ]
    # a cabinet's name is no person
    assert names("Acara dihadiri para Menteri Kabinet Indonesia Maju dan kepala daerah.", lex) == []


def test_a_degree_written_without_its_periods_after_the_name(lex):
    assert names("Bupati Batanghari Drs. H Fadhil Arief M Ag terus bergerak.", lex) == ["Fadhil Arief"]
    # an initial inside a name is kept
    assert names("Bupati Garut Rudy M Gunawan menerima piagam.", lex) == ["Rudy M Gunawan"]


def test_school_heads_and_welfare_councils_are_not_state_officials_but_a_deputy_police_chief_is_a_post(lex):
    assert names("Kepala SMA Katolik Santo Yosef Kupang Stefanus Lado menyambut rombongan.", lex) == []
    assert names("Ketua Umum LKKS NTT Maria Goreti Laiskodat membagikan paket sembako.", lex) == []
    text = "Kesepakatan disaksikan Wali Kota Pasuruan Adi Wibowo, Wakapolresta Pasuruan dan Dandim 0819."
    assert pairs(text, lex) == [("Adi Wibowo", "Wali Kota Pasuruan")]


def test_name_post_after_the_agent_of_a_passive_or_as_a_lists_last_item(lex):
    text = "Peresmian dipimpin langsung oleh Yohanes Kotouki Bupati Nabire didampingi Markus Waine Wakil Bupati Nabire, Rabu."
    assert pairs(text, lex) == [("Yohanes Kotouki", "Bupati Nabire"), ("Markus Waine", "Wakil Bupati Nabire")]
    text = "Hadir para camat, yakni Agus Salim Camat Madiun, Edy Santoso Camat Dolopo, dan Heru Prasetyo Camat Geger."
    assert names(text, lex) == ["Agus Salim", "Edy Santoso", "Heru Prasetyo"]
    # a post alone after the agent names nobody; a one-word name needs more than "oleh"
    assert pairs("Rapat dipimpin oleh Bupati Nabire didampingi Sekda.", lex) == []


def test_initials_without_their_last_full_stop_and_a_merged_dinas(lex):
    text = "Kepala Dinas Kominfo Provinsi Maluku Utara, Dr. Hasan R.A Ibrahim menyampaikan capaian itu."
    assert names(text, lex) == ["Hasan R.A Ibrahim"]
    text = "Turut hadir, Kepala Disbudporapar H Irwan Saputra, perwakilan seluruh perangkat daerah."
    assert pairs(text, lex) == [("Irwan Saputra", "Kepala Disbudporapar")]


def test_a_place_the_gazetteer_lacks_then_the_rank_and_a_one_word_name(lex):
    text = "Hadir Camat Bontoramba Nur Sila, SE, Kapolsek Bontoramba Iptu Sukardi, SH, dan Lurah Tolo."
    assert ("Sukardi", "Kapolsek Bontoramba") in pairs(text, lex)
    # without a rank the lone word after the place is not split off as a name
    assert pairs("Hadir Kapolsek Bontoramba dan camat.", lex) == []


def test_a_posts_field_written_in_lower_case(lex):
    text = (
        "Ia didampingi Kabid pelayanan informasi kependudukan Rina Handayani, Kasi Pengawasan dan "
        "pengendalian Dodi Firmansyah, serta Kepala Dinas Perikanan kelautan (DKP) Muna, La Ode Rusdi."
    )
    assert pairs(text, lex) == [
        ("Rina Handayani", "Kabid pelayanan informasi kependudukan"),
        ("Dodi Firmansyah", "Kasi Pengawasan dan pengendalian"),
        ("La Ode Rusdi", "Kepala Dinas Perikanan kelautan (DKP) Muna"),
    ]
    # prose after a post is no field: a lower-case word after the run ends it
    assert pairs("Bupati Muna pembangunan jalan desa terus dipantau.", lex) == []
    # a second post after "dan" is its own, and a company's staff are no officials
    text = "Hadir anggota dewan dan sekretaris DPRD, Waluyo, serta Direktur Perusahaan Nokia."
    assert pairs(text, lex) == [("Waluyo", "sekretaris DPRD")]


def test_a_fraction_speaks_through_its_spokesperson(lex):
    text = (
        "Fraksi Hanura dengan jubir Markus Palinggi dan Fraksi Partai Gerindra melalui juru bicaranya "
        "Hj. Nurhayati Lamba menyatakan menerima Ranperda itu."
    )
    assert pairs(text, lex) == [
        ("Markus Palinggi", "Juru Bicara Fraksi Hanura"),
        ("Nurhayati Lamba", "Juru Bicara Fraksi Partai Gerindra"),
    ]
    # a companion is no spokesperson of a fraction
    assert pairs("Ketua tim datang dengan jubir Andi Lala ke kantor desa.", lex) == []


def test_a_two_word_place_ends_a_post_with_words_the_lexicon_lacks(lex):
    text = "Sementara itu, Kabid E-government Kominfo Tanah Datar Fajri menambahkan capaian itu."
    assert pairs(text, lex) == [("Fajri", "Kabid E-government Kominfo Tanah Datar")]
    text = "Kepala ORI Perwakilan Provinsi Gorontalo Wahiyudin Mamonto di Bone Bolango, Rabu, mengatakan."
    assert names(text, lex) == ["Wahiyudin Mamonto"]


def test_short_heads_honorifics_and_glued_words_of_regional_releases(lex):
    text = (
        "Rapat dibuka Kabid Pemdes Bp. Nyoman Sudarsa, didampingi Waka II DPRD Tabanan Ketut Arsana "
        "dan Kapuspenkum Kejagung Harli Siregar."
    )
    assert pairs(text, lex) == [
        ("Nyoman Sudarsa", "Kabid Pemdes"),
        ("Ketut Arsana", "Waka II DPRD Tabanan"),
        ("Harli Siregar", "Kapuspenkum Kejagung"),
    ]
    text = "Hadir Danramil 1613-02 Sumbawa Kapten Inf Joko Susilo dan Kepala Dindukcapil Rina Maharani."
    assert pairs(text, lex) == [
        ("Joko Susilo", "Danramil 1613-02 Sumbawa"),
        ("Rina Maharani", "Kepala Dindukcapil"),
    ]
    # a date glued to a sentence's end is no name; a glued Kadis starts the next post
    assert pairs("Rapat di ruang Kepala Kejati Sulsel.12 Oktober 2025 Kegiatan ini.", lex) == []
    text = "Hadir Inspektur Inspektorat Dewi Lestari, Kadisdukcapil Banjar Ahmad Rifani, dan camat."
    assert pairs(text, lex) == [
        ("Dewi Lestari", "Inspektur Inspektorat"),
        ("Ahmad Rifani", "Kadisdukcapil Banjar"),
    ]


def test_a_sentence_that_opens_with_its_speakers_name_and_post(lex):
    text = "Bantuan tiba Senin. Ahmad Fauzan Kepala Dinas Sosial Kota Bima menyerahkan paket itu."
    assert pairs(text, lex) == [("Ahmad Fauzan", "Kepala Dinas Sosial Kota Bima")]
    # one capitalised word before a post opens the sentence, it names no one
    assert pairs("Bagi Kepala Dinas Sosial Kota Bima hal itu penting.", lex) == []


def test_dprd_members_named_by_their_fraction_in_a_list_of_speakers(lex):
    text = (
        "Enam fraksi menyampaikan pandangan dengan juru bicara masing-masing yakni, Hasan Basri, SE "
        "dari Fraksi PKB, Yuliana Tandi dari Fraksi Partai Demokrat, dan Rahmat Hidayat dari fraksi PAN."
    )
    assert pairs(text, lex) == [
        ("Hasan Basri", "Juru Bicara Fraksi PKB"),
        ("Yuliana Tandi", "Juru Bicara Fraksi Partai Demokrat"),
        ("Rahmat Hidayat", "Juru Bicara Fraksi PAN"),
    ]
    # a gift from a fraction names no one; without spokespeople the fraction is the post, and the
    # name must open a list item
    assert pairs("Bantuan dari Fraksi PKS diserahkan kepada warga.", lex) == []
    assert pairs("Hadir pula, Andi Lolo dari Fraksi Golkar.", lex) == [("Andi Lolo", "Fraksi Golkar")]
    assert pairs("Rapat itu ditinjau Andi Lolo dari Fraksi Golkar.", lex) == []


def test_words_that_follow_a_post_without_naming_anyone(lex):
    # a regency's first word, a slogan after the vision of the post's own place, a floor, a
    # state-owned company's staff
    assert pairs("Selanjutnya, Bupati Ogan mengatakan nota pengantar RAPBD Ogan Ilir sudah masuk.", lex) == []
    assert pairs("Program itu sejalan dengan visi Bupati Sinjai, Sinjai Bersatu dan Sejahtera.", lex) == []
    assert pairs("Rapat digelar di Ruang Rapat Sekretaris Daerah Lantai 2 Kantor Gubernur.", lex) == []
    assert pairs("Hadir Kepala Perum Bulog Cabang Sumba Ahmad Rizal dan camat.", lex) == []
    # a word the lexicon lacks inside a comma list of fields is a field when the last item is one
    text = "ujar Kepala Bidang Kedaruratan, Logistik, dan Peralatan BPBD Sleman, Joko Lelono, Rabu."
    assert pairs(text, lex) == [
        ("Joko Lelono", "Kepala Bidang Kedaruratan, Logistik, dan Peralatan BPBD Sleman")
    ]
    assert pairs("Hadir Kepala Bidang Kedaruratan, Rudi, dan Budi Santoso.", lex)[0][0] == "Rudi"


def test_a_post_spelt_out_in_brackets_and_a_successor_in_a_rotation(lex):
    text = (
        "SIANTAR – Plt Sekdako (Pelaksana Tugas Sekretaris Daerah Kota) Siantar, H Budi Utari, membuka rapat."
    )
    assert pairs(text, lex) == [
        ("Budi Utari", "Plt Sekdako (Pelaksana Tugas Sekretaris Daerah Kota) Siantar")
    ]
    text = "kata Penjabat Sekretaris Daerah Kota (Pj Sekdako) Dumai Rahmat Hidayat, Selasa."
    assert pairs(text, lex) == [("Rahmat Hidayat", "Penjabat Sekretaris Daerah Kota (Pj Sekdako) Dumai")]
    # a bracketed name after a post is still its holder, not part of the post
    assert pairs("Kadis Kominfo (Azril Apriansyah) hadir.", lex) == [("Azril Apriansyah", "Kadis Kominfo")]
    text = "Selanjutnya Asisten II Rahmat Saleh digantikan oleh Yusran Hadi, yang sebelumnya Kepala Bappeda."
    assert [n for n, _ in pairs(text, lex)][:2] == ["Rahmat Saleh", "Yusran Hadi"]
    assert pairs(text, lex)[1] == ("Yusran Hadi", "Asisten II")


def test_a_lone_lower_case_head_before_a_comma_and_a_full_name(lex):
    text = "Paripurna itu dihadiri oleh wawali, Hendra Kaunang, bersama Forkopimda."
    assert pairs(text, lex) == [("Hendra Kaunang", "wawali")]
    # one word after it may be anything
    assert pairs("Paripurna itu dihadiri oleh wawali, Forkopimda dan camat.", lex) == []


def test_a_named_employee_of_a_named_office(lex):
    text = "Sementara itu, Staf Dinas Sosial Kabupaten Paser, Rina Oktaviani menjelaskan, bantuan cair."
    assert pairs(text, lex) == [("Rina Oktaviani", "Staf Dinas Sosial Kabupaten Paser")]
    assert pairs("Hadir para Staf, Rina Oktaviani dan warga.", lex) == []
    # a lower-case staff word before a capitalised post leaves the post to it
    text = "Hadir Sekretaris Dinas dan beberapa staf Kadis Kominfo Sultra Ridwan Badallah."
    assert ("Ridwan Badallah", "Kadis Kominfo Sultra") in pairs(text, lex)


def test_a_two_word_lower_case_post_before_a_full_name_and_more_dinas_names(lex):
    text = "Pasar dibuka bupati Bantul yang didampingi wakil bupati Joko Purnomo dan Kepala Dinas Perindagkop Drs. Sunarno."
    assert ("Joko Purnomo", "wakil bupati") in pairs(text, lex)
    assert ("Sunarno", "Kepala Dinas Perindagkop") in pairs(text, lex)
    # an island after a lower-case post is its place
    assert pairs("Warga menemui kepala kampung Pulau Mansinam kemarin.", lex) == []
    text = "Usulan itu Kadis Cipta Karya dan Bina Konstruksi Andi Rahman dan Kepala Komite ASN (KASN), Budi Hartono."
    assert pairs(text, lex) == [
        ("Andi Rahman", "Kadis Cipta Karya dan Bina Konstruksi"),
        ("Budi Hartono", "Kepala Komite ASN (KASN)"),
    ]


def test_a_titled_one_word_name_and_an_unknown_puskesmas_place(lex):
    text = "Kepala UPTD Puskesmas Sukamelati, dr. Hemalia, M.Kes, menegaskan pelayanan tetap buka."
    assert pairs(text, lex) == [("Hemalia", "Kepala UPTD Puskesmas Sukamelati")]
    # the stemmer cuts "Hemalia"; without the title the lone word is not taken for a name
    assert pairs("Kepala UPTD Puskesmas, Hemalia menegaskan pelayanan tetap buka.", lex) == []
    assert pairs("Bupati Lamandau Ir Marukan jadi penumpang.", lex) == [("Marukan", "Bupati Lamandau")]


def test_a_field_word_before_its_teams_acronym_is_no_one_word_name(lex):
    text = (
        "Rapat dibuka Wakil Bupati Muna, Rahmat Saleh, selaku Ketua Tim Percepatan Penurunan Stunting (TPPS)."
    )
    assert pairs(text, lex) == [("Rahmat Saleh", "Wakil Bupati Muna")]
    # a person known by initials keeps them
    assert names("Acara dihadiri Wakil Presiden Jusuf Kalla (JK) dan menteri.", lex) == ["Jusuf Kalla"]


def test_balinese_names_shortened_as_bali_news_writes_them(lex):
    text = (
        "Turut hadir Anggota DPRD Tabanan IGA Rai Sumarni dan IGN Wiradana, Camat Kediri AA Ngr. Oka "
        "Wirawan serta Kadis Sosial Tabanan I Dw. Gd. Ariputra."
    )
    assert pairs(text, lex) == [
        ("IGA Rai Sumarni", "Anggota DPRD Tabanan"),
        ("IGN Wiradana", "Anggota DPRD Tabanan"),
        ("AA Ngr. Oka Wirawan", "Camat Kediri"),
        ("I Dw. Gd. Ariputra", "Kadis Sosial Tabanan"),
    ]
    text = "Sambutan dibacakan Kabid Pelayanan Ni Kt. Wiranti, kemudian Kepala BKPSDM Bangli IB Gde Suarjana."
    assert pairs(text, lex) == [
        ("Ni Kt. Wiranti", "Kabid Pelayanan"),
        ("IB Gde Suarjana", "Kepala BKPSDM Bangli"),
    ]
    # near misses: a body's acronym before a name stays in the post; a full stop after a name still
    # ends the sentence
    assert pairs("Kepala UPT BLK Denpasar Made Sutama hadir.", lex) == [
        ("Made Sutama", "Kepala UPT BLK Denpasar")
    ]
    assert pairs("Acara dibuka Sekda Badung I Wayan Adi. Kemudian warga pulang.", lex) == [
        ("I Wayan Adi", "Sekda Badung")
    ]


def test_dprd_members_listed_with_their_commission_or_fraction_in_brackets(lex):
    text = (
        "Studi banding itu diikuti anggota DPRD Jateng, yakni Slamet Riyadi (Komisi A), Ani Suryani "
        "(Komisi E) dan Yohanes Bere (Komisi III)."
    )
    assert pairs(text, lex) == [
        ("Slamet Riyadi", "Anggota Komisi A DPRD Jateng"),
        ("Ani Suryani", "Anggota Komisi E DPRD Jateng"),
        ("Yohanes Bere", "Anggota Komisi III DPRD Jateng"),
    ]
    text = "Sidang paripurna DPRD Kota Bima dihadiri antara lain Nurdin Amin (Fraksi PAN) dan Sri Wahyu (Fraksi Gerindra)."
    assert pairs(text, lex) == [("Nurdin Amin", "Fraksi PAN"), ("Sri Wahyu", "Fraksi Gerindra")]
    # near misses: another commission in brackets; a list with no DPRD named; a name inside a sentence
    assert pairs("Anggota DPRD hadir bersama Rahmat Hidayat (Komisi Informasi) dan warga.", lex) == []
    assert pairs("Peserta lomba, yakni Dewi Lestari (Komisi A) dan Budi Santoso (Komisi B).", lex) == []
    assert pairs("Sidang DPRD Bima dipimpin oleh warga bernama Nurdin Amin (Fraksi PAN).", lex) == []


def test_shapes_of_dprd_lists_and_bali_posts_from_regional_pages(lex):
    # a DPRD's fraction in lower case after its place, then the name
    text = "Ia didampingi Anggota DPRD Natuna fraksi Nasdem, Hendri Saputra, dan nelayan setempat."
    assert pairs(text, lex) == [("Hendri Saputra", "Anggota DPRD Natuna fraksi Nasdem")]
    # capitals between two name words are the name's initials, not a body
    text = "Atas arahan Wali Kota Kupang, Dedi Wibowo, dan Wakil Wali Kota Andreas RK Mangi, razia digelar."
    assert ("Andreas RK Mangi", "Wakil Wali Kota") in pairs(text, lex)
    # the next item's acting mark is no name word: each post keeps its own name
    text = "Hadir Ketua DPRD Tabanan Nyoman Arnawa, Pj. Sekda Gianyar Ida Bagus Wira Putra dan undangan."
    assert pairs(text, lex) == [
        ("Nyoman Arnawa", "Ketua DPRD Tabanan"),
        ("Ida Bagus Wira Putra", "Pj. Sekda Gianyar"),
    ]
    # Anak Agung opens a name, though "Anak" names a body in "Perlindungan Anak"
    text = (
        "Hadir Sekda Karangasem Anak Agung Ngurah Sutawa dan Kadis Perlindungan Anak Karangasem Wayan Suda."
    )
    assert pairs(text, lex) == [
        ("Anak Agung Ngurah Sutawa", "Sekda Karangasem"),
        ("Wayan Suda", "Kadis Perlindungan Anak Karangasem"),
    ]
    # a bare H between name words goes on with the name, as "H." does (the title itself is dropped)
    assert names("Sidang dipimpin Ketua PA Bima, Dra. Siti Aisyah H Lukman, S.H., pagi tadi.", lex) == [
        "Siti Aisyah Lukman"
    ]
    # near misses: a party's office is no DPRD post; a body's acronym after its own body word
    assert pairs("Ketua DPD Partai Nasdem Natuna, Hendri Saputra, menolak.", lex) == []
    assert pairs("Kepala Bidang Humas Polda NTT Budi Santoso hadir.", lex) == [
        ("Budi Santoso", "Kepala Bidang Humas Polda NTT")
    ]


def test_rotation_lists_with_spelt_out_bodies_and_dprd_vice_chairs(lex):
    text = (
        "Yang bergeser antara lain Budi, Rina Wulandari dari Kepala BPKPAD (Badan Pengelolaan Keuangan, "
        "Pendapatan dan Aset Daerah) menjadi Sekretaris DPRD, Yosef Kelen dari Kepala Dinpusip menjadi "
        "Kepala Dinas Perhubungan, serta Sudarmo dari Kepala Dinas Sosial menjadi Kepala Pelaksana BPBD."
    )
    assert pairs(text, lex) == [
        ("Rina Wulandari", "Sekretaris DPRD"),
        ("Yosef Kelen", "Kepala Dinas Perhubungan"),
        ("Sudarmo", "Kepala Pelaksana BPBD"),
    ]
    text = "Hadir Ketua DPRD Toba Marlen Sirait, didampingi Wakil Ketua Jonny Pardede dan Rudi Hutajulu."
    assert pairs(text, lex) == [
        ("Marlen Sirait", "Ketua DPRD Toba"),
        ("Jonny Pardede", "Wakil Ketua"),
        ("Rudi Hutajulu", "Wakil Ketua"),
    ]
    # near misses: a vice chair of some other body, with no DPRD named; names in brackets are no body
    assert (
        pairs("Rapat dibuka Ketua TP PKK Rina, didampingi Wakil Ketua Sri Mulyani dan pengurus.", lex) == []
    )
    assert pairs("Kepala BPKAD (Budi Santoso, Ani dan Rudi) hadir.", lex) == []


def test_a_head_and_deputy_sharing_a_place_with_their_names_paired(lex):
    text = (
        "Hadir Bupati dan Wakil Bupati Nduga, Yohanes Wandik – Markus Gwijangge; Bupati Lanny Jaya, "
        "Petrus Yikwa; dan Bupati Tolikara Juni Wenda."
    )
    assert pairs(text, lex) == [
        ("Yohanes Wandik", "Bupati Nduga"),
        ("Markus Gwijangge", "Wakil Bupati Nduga"),
        ("Petrus Yikwa", "Bupati Lanny Jaya"),
        ("Juni Wenda", "Bupati Tolikara"),
    ]
    text = "Pasangan Wali Kota dan Wakil Wali Kota Batu Rudi Hartono dan Heli Suyanto dilantik."
    assert pairs(text, lex) == [("Rudi Hartono", "Wali Kota Batu"), ("Heli Suyanto", "Wakil Wali Kota Batu")]
    # near misses: no place, so no pair; a month before a number or a lower-case word is a date
    assert pairs("Bupati dan Wakil Bupati menghadiri acara bersama warga.", lex) == []
    assert pairs("Bupati Tolikara pada Juni 2025 meresmikan pasar.", lex) == []


def test_a_list_of_posts_after_a_colon_names_each_holder(lex):
    text = (
        "Dinas yang masih dipimpin pelaksana tugas, yaitu:\n"
        "Kepala Dinas Sosial – Plt Rahmat Hidayat\n"
        "Kepala Badan Keuangan dan Aset Daerah – Plt. Sri Wahyuni\n"
        "\n"
        "Seleksi Dibuka Bulan Depan"
    )
    found = extract_officials(text, lexicon=lex)
    assert [(o.name, o.position, o.acting) for o in found] == [
        ("Rahmat Hidayat", "Kepala Dinas Sosial", True),
        ("Sri Wahyuni", "Kepala Badan Keuangan dan Aset Daerah", True),
    ]
    # near misses: the same line as a headline names nobody; a reduplicated word is never a name
    assert pairs("Kepala Dinas Sosial – Plt Rahmat Hidayat", lex) == []
    assert pairs("Berikut pesannya:\nSekda Bone – Jangan Main-main", lex) == []


def test_posts_held_by_a_named_person_and_members_named_with_their_party(lex):
    text = "Dua camat tetap. Camat Sukakarya tetap dijabat Suwarno, sedangkan Camat Megang Sakti dijabat Rini Astuti."
    assert pairs(text, lex) == [("Suwarno", "Camat Sukakarya"), ("Rini Astuti", "Camat Megang Sakti")]
    text = "Anggota Komisi III DPRD Lotim dari Partai Gerindra, Lalu Hamdi, juga hadir."
    assert pairs(text, lex) == [("Lalu Hamdi", "Anggota Komisi III DPRD Lotim dari Partai Gerindra")]
    assert pairs("Rapat dipimpin Bupati Tebo H.Sukandar.SH.MM di aula.", lex) == [("Sukandar", "Bupati Tebo")]
    text = "Acara dihadiri Pimpinan Ombudsman RI Hery Susanto dan kepala perwakilan."
    assert pairs(text, lex) == [("Hery Susanto", "Pimpinan Ombudsman RI")]
    # near misses: a party's own office stays out; a place-like word before an ordinary verb is no post's place
    assert pairs("Ketua DPC Partai Gerindra Lotim, Lalu Hamdi, juga hadir.", lex) == []
    assert pairs("Pimpinan Redaksi Harian Fajar Budi Santoso hadir.", lex) == []


def test_a_dprd_fraction_named_by_its_chair_and_its_officers(lex):
    text = (
        "Fraksi PAN diketuai Hasanuddin Lamato, dengan wakil ketua Sri Rahayu dan sekretaris Joni Pakaya.\n\n"
        "Sementara Fraksi Partai Demokrat, gabungan Demokrat dan PKB, dipimpin Yusuf Tuli sebagai ketua, "
        "Ani Mooduto sebagai wakil ketua, dan Rian Dai sebagai sekretaris.\n\n"
        "Rapat dipimpin Ketua DPRD sementara, Roni Hulalata."
    )
    assert pairs(text, lex) == [
        ("Hasanuddin Lamato", "Ketua Fraksi PAN"),
        ("Sri Rahayu", "Wakil Ketua Fraksi PAN"),
        ("Joni Pakaya", "Sekretaris Fraksi PAN"),
        ("Yusuf Tuli", "Ketua Fraksi Partai Demokrat"),
        ("Ani Mooduto", "Wakil Ketua Fraksi Partai Demokrat"),
        ("Rian Dai", "Sekretaris Fraksi Partai Demokrat"),
        ("Roni Hulalata", "Ketua DPRD sementara"),
    ]
    text = "Panitia Khusus III DPRD Boalemo diketuai Karim Pateda, dengan wakil ketua Sri Ismail."
    assert pairs(text, lex) == [
        ("Karim Pateda", "Ketua Panitia Khusus III DPRD Boalemo"),
        ("Sri Ismail", "Wakil Ketua Panitia Khusus III DPRD Boalemo"),
    ]
    # a body of several words that is a dinas is headed, not chaired
    assert pairs("Badan Pengelolaan Keuangan Boalemo dipimpin Karim Pateda.", lex) == [
        ("Karim Pateda", "Kepala Badan Pengelolaan Keuangan Boalemo")
    ]
    # near misses: a team led by someone is no DPRD body; "sementara" as "while" is no qualifier
    assert pairs("Tim sepak bola desa dipimpin Budi Santoso sebagai ketua.", lex) == []
    assert pairs("Bupati Gorontalo sementara itu meninjau pasar.", lex) == []


def test_successors_without_oleh_glued_trade_dinas_and_sports_committees(lex):
    text = "Berikutnya Camat Bunut Andi Saputra yang digantikan Tengku Rizal Effendi, lalu pejabat lain."
    assert pairs(text, lex) == [("Andi Saputra", "Camat Bunut"), ("Tengku Rizal Effendi", "Camat Bunut")]
    text = "Pimpinan OPD, yakni Kadis Perindagnaker Yosef Lewar dan Kadis PUTR, bergerak."
    assert pairs(text, lex) == [("Yosef Lewar", "Kadis Perindagnaker")]
    # near misses: a sports committee's chair holds no state office; "digantikan" before a lower-case word
    text = "Hadir Sekda Subang Asep Nuroni dan Ketua KONI Subang Dede Sudrajat."
    assert pairs(text, lex) == [("Asep Nuroni", "Sekda Subang")]
    assert pairs("Camat Bunut Andi Saputra yang digantikan sementara oleh sekcam.", lex) == [
        ("Andi Saputra", "Camat Bunut")
    ]


def test_rotation_moves_told_with_their_verb_and_bracketed_posts_joined_by_dan(lex):
    text = (
        "Beberapa di antaranya:\n- Sutrisno Hadi pindah dari Camat Kaliwiro menjadi Camat Sapuran.\n"
        "- Rina Lestari naik dari Sekretaris Kecamatan Garung menjadi Camat Garung."
    )
    assert pairs(text, lex) == [("Sutrisno Hadi", "Camat Sapuran"), ("Rina Lestari", "Camat Garung")]
    text = "Ia menggantikan I Made Sumerta yang bergeser menjadi Asisten I Setda Bangli."
    assert pairs(text, lex) == [("I Made Sumerta", "Asisten I Setda Bangli")]
    text = "Rapat dipimpin Ketua DPRD Sementara Haryanto,SP didampingi Wakil Ketua Sementara Mahmud,S.Hi dan anggota."
    assert pairs(text, lex) == [("Haryanto", "Ketua DPRD Sementara"), ("Mahmud", "Wakil Ketua Sementara")]
    text = "Sanksi dijatuhkan kepada Bambang Irawan (Sekda Kabupaten Blora) dan Tri Wahyudi (Sekda Kabupaten Pati)."
    assert pairs(text, lex) == [
        ("Bambang Irawan", "Sekda Kabupaten Blora"),
        ("Tri Wahyudi", "Sekda Kabupaten Pati"),
    ]
    text = "kata Koordinator Divisi Hukum Bawaslu Jateng Nur Kholiq di Semarang."
    assert pairs(text, lex) == [("Nur Kholiq", "Koordinator Divisi Hukum Bawaslu Jateng")]
    # near misses: staff moving from an office is no post; a bracket that is no post names nobody
    assert pairs("Keduanya pindah dari Kantor Camat menjadi staf biasa.", lex) == []
    assert pairs("Hadir Bambang Irawan (warga) dan Tri Wahyudi (pedagang).", lex) == []


def test_courts_seated_in_two_word_districts_and_directorates_shortened(lex):
    text = "Hadir Ketua PA Sei Rampah Zulkifli, Ketua PN Sei Rampah Dewi Ritonga, dan Kapolres Sergai."
    assert pairs(text, lex) == [("Zulkifli", "Ketua PA Sei Rampah"), ("Dewi Ritonga", "Ketua PN Sei Rampah")]
    text = "Hadir Analis Kebijakan Ahli Muda Dit. Toponimi Kemendagri Rudi Santoso, S.Sos., dan lainnya."
    assert pairs(text, lex) == [("Rudi Santoso", "Analis Kebijakan Ahli Muda Dit. Toponimi Kemendagri")]
    assert pairs("Hadir Kepala Kanwil DJKN Kaltimtara Arif Lukito.", lex) == [
        ("Arif Lukito", "Kepala Kanwil DJKN Kaltimtara")
    ]
    # near miss: a one-word seat the lexicon lacks still needs two name words after it
    assert pairs("Hadir Ketua PN Limboto Ahmad Samuar.", lex) == [("Ahmad Samuar", "Ketua PN Limboto")]


def test_a_rotation_story_told_sentence_by_sentence(lex):
    text = (
        "Ahmad Ridwan kini menjadi Kadis Perhubungan, menggantikan Eko Prasetyo yang bergeser menjadi "
        "Asisten Administrasi Umum. Nurul Huda ditempatkan sebagai Kadis Pemuda dan Olahraga, menggantikan "
        "Sitti Aminah yang kini Asisten Pemerintahan. Yusran Jaya mengisi kursi Inspektur yang ditinggalkan "
        "Hasan Basri, yang dipercaya menjadi Sekretaris Dewan. Andi Baso sendiri kini menjabat Kalaksa BPBD."
    )
    assert pairs(text, lex) == [
        ("Ahmad Ridwan", "Kadis Perhubungan"),
        ("Eko Prasetyo", "Asisten Administrasi Umum"),
        ("Nurul Huda", "Kadis Pemuda dan Olahraga"),
        ("Sitti Aminah", "Asisten Pemerintahan"),
        ("Yusran Jaya", "Inspektur"),
        ("Hasan Basri", "Sekretaris Dewan"),
        ("Andi Baso", "Kalaksa BPBD"),
    ]
    # near misses: the same links after a pronoun or a post word name nobody
    assert pairs("Ia dilantik sebagai Kepala Dinas Sosial kemarin.", lex) == []
    assert pairs("Pejabat yang dilantik sebagai Kepala Dinas Sosial adalah warga setempat.", lex) == []


def test_a_post_handed_to_someone_and_a_court_spokesperson_in_one_word(lex):
    text = "Adapun jabatan Kepala Dinsos PM dialihkan kepada Rahmi Puspita, yang kini memimpin DPPKBP3A."
    assert pairs(text, lex) == [("Rahmi Puspita", "Kepala Dinsos PM")]
    text = "Jurubicara Pengadilan Negeri Sibolga, Dimas Putra, menambahkan bahwa layanan gratis."
    assert pairs(text, lex) == [("Dimas Putra", "Jurubicara Pengadilan Negeri Sibolga")]
    text = "Hendra, yang sebelumnya menjabat Kepala Badan Pengelolaan Retribusi dan Pajak, dilantik sebagai Sekda Landak."
    assert pairs(text, lex) == [("Hendra", "Sekda Landak")]
    # near miss: a handing-over to a body names nobody
    assert pairs("Pengelolaan aset Dinas Sosial dialihkan kepada Pemerintah Provinsi.", lex) == []


def test_a_corps_spelt_out_a_rank_in_title_case_and_the_habib_honorific(lex):
    text = "Hadir Dandim 1304/Gorontalo Letkol Infantri Budi Hartawan dan Kapolres Bone Akbp Rudi Saputra."
    assert pairs(text, lex) == [
        ("Budi Hartawan", "Dandim 1304/Gorontalo"),
        ("Rudi Saputra", "Kapolres Bone"),
    ]
    assert names("Wali Kota Pasuruan, Habib Ahmad Mustofa, meninjau pasar.", lex) == ["Ahmad Mustofa"]


def test_a_fraction_represented_by_a_member(lex):
    text = "Fraksi PPP yang diwakili Hj. Rosmiati Daud meminta perhatian pada ekonomi warga."
    assert pairs(text, lex) == [("Rosmiati Daud", "Fraksi PPP")]
    # near miss: a dinas represented by someone names no head
    assert pairs("Dinas Sosial yang diwakili Budi Santoso hadir di lokasi.", lex) == []


def test_a_ministry_named_for_the_haji_glued_particles_and_camel_case_heads(lex):
    text = "Kepala Kantor Kementerian Haji dan Umrah Kabupaten Sula, Arif Bilo, menyampaikan pesan."
    assert pairs(text, lex) == [("Arif Bilo", "Kepala Kantor Kementerian Haji dan Umrah Kabupaten Sula")]
    assert names("Hadir Kabag Ops Polres Pinrang Kompol Muh.Yusuf Kadir dan jajaran.", lex) == [
        "Muh. Yusuf Kadir"
    ]
    assert pairs("WaliKota Banjar, Ir. H. Sudarsono mengakui krisis keuangan.", lex) == [
        ("Sudarsono", "WaliKota Banjar")
    ]
    text = "Subakri Kepala Kesbangpol, serta Jemakir yang dimutasi sebagai Kepala Dinas Ketahanan Pangan."
    assert ("Jemakir", "Kepala Dinas Ketahanan Pangan") in pairs(text, lex)
    # near miss: a customary council's chair is no state official
    text = "Hadir Ketua DPRD Babel Herman Suhadi dan Ketua Lembaga Adat Melayu Belitung Abdul Hadi Adjin."
    assert pairs(text, lex) == [("Herman Suhadi", "Ketua DPRD Babel")]


def test_names_listed_after_the_post_they_share(lex):
    text = (
        "Hingga sore baru tujuh anggota dewan yang hadir, yakni Sarifah Lamato, Robert Kaunang, "
        "Yusran Pakaya, dan Nining Tangahu."
    )
    assert pairs(text, lex) == [
        ("Sarifah Lamato", "anggota dewan"),
        ("Robert Kaunang", "anggota dewan"),
        ("Yusran Pakaya", "anggota dewan"),
        ("Nining Tangahu", "anggota dewan"),
    ]
    text = "Hadir pula Anggota Komisi III DPRD Halteng: Darwis Sahe, Ona Hamisi dan Jefri Lolaro."
    assert [n for n, p in pairs(text, lex) if p == "Anggota Komisi III DPRD Halteng"] == [
        "Darwis Sahe",
        "Ona Hamisi",
        "Jefri Lolaro",
    ]
    # near misses: two posts before the list name one person each, not both the second post; a list
    # of places after a post names nobody; names with their own posts keep them
    assert pairs("Hadir Wakil Bupati dan Sekda, yakni Ahmad Rifai dan Budi Harun.", lex) == []
    assert pairs("Para camat yang hadir yakni Tilamuta, Paguyaman dan Dulupi.", lex) == []
    text = (
        "Dua camat dilantik, yakni Rina Lamusu sebagai Camat Wonosari dan Ali Dako sebagai Camat Botumoito."
    )
    assert pairs(text, lex) == [("Rina Lamusu", "Camat Wonosari"), ("Ali Dako", "Camat Botumoito")]


def test_a_mental_hospital_a_court_class_ib_a_spokesperson_and_kab_unstopped(lex):
    text = "Turut hadir Direktur Rumah Sakit Jiwa Sultra dan Kepala Dinas Sosial Sultra."
    assert names(text, lex) == []
    text = "Piagam ditandatangani Ketua PN Kelas IB Poso, Markus Rande, disaksikan jajaran."
    assert pairs(text, lex) == [("Markus Rande", "Ketua PN Kelas IB Poso")]
    text = "Humas Pengadilan Agama Luwuk, Yusuf Mangge, menjelaskan layanan sidang keliling."
    assert pairs(text, lex) == [("Yusuf Mangge", "Humas Pengadilan Agama Luwuk")]
    text = "Rapat diikuti Asisten I, Kab Morowali, dan Kepala Bappeda Kab Morowali."
    assert names(text, lex) == []
    # a spokesperson's word inside a post's list of fields goes on with the post
    text = "Koordinator Divisi Hukum, Pencegahan, Parmas, dan Humas Bawaslu Poso, Rian Lamba, menjelaskan."
    assert pairs(text, lex) == [
        ("Rian Lamba", "Koordinator Divisi Hukum, Pencegahan, Parmas, dan Humas Bawaslu Poso")
    ]
    # near miss: a Balinese IB after an ordinary post is still Ida Bagus
    assert names("Kepala Dinas Pertanian Badung IB Surya Wibawa menyerahkan bibit.", lex) == [
        "IB Surya Wibawa"
    ]


def test_a_speaker_named_after_the_quote_verb_then_the_post(lex):
    text = '"Peta batas desa harus selesai tahun ini," kata Rusdin Kabag Tata Pemerintahan.'
    assert pairs(text, lex) == [("Rusdin", "Kabag Tata Pemerintahan")]
    text = '"Anggaran lomba dipangkas," ujar Sumarno Hadi Kabid Kepemudaan, Senin.'
    assert pairs(text, lex) == [("Sumarno Hadi", "Kabid Kepemudaan")]
    # near misses: a bare post after the verb is how people call someone (a nickname, an honorific),
    # and a resident is no official
    assert pairs('"Kita kejar," kata Gus Bupati.', lex) == []
    assert pairs('"Jalannya rusak," ujar warga Kampung Baru.', lex) == []


def test_dotted_initials_theology_degrees_a_capitalised_drs_and_staper(lex):
    text = "Bupati Joune J.E Ganda dan Wakil Bupati Kevin W Lotulung menerima penghargaan."
    assert names(text, lex) == ["Joune J.E Ganda", "Kevin W Lotulung"]
    text = "Kegiatan dibuka Wakil Bupati Minsel Petra Yani Rembang STh MM, lalu sambutan."
    assert pairs(text, lex) == [("Petra Yani Rembang", "Wakil Bupati Minsel")]
    text = "Hadir Dandim 1614 Ende, Letkol Czi Yoga Pratama,S.E, M.I.Pol , Kajari Ende dan Ketua PN Ende."
    assert names(text, lex) == ["Yoga Pratama"]
    text = "Sekwan DPRD Sulbar, DRS. M. Arsyad, M.si ikut menandatangani."
    assert pairs(text, lex) == [("M. Arsyad", "Sekwan DPRD Sulbar")]
    text = "Kepala Diskominfo Staper Kutim, Sofyan Hadi, memaparkan hasil evaluasi."
    assert pairs(text, lex) == [("Sofyan Hadi", "Kepala Diskominfo Staper Kutim")]
    # near miss: a degree's dotted capitals stay a degree, not initials
    assert names("Kepala Bappeda Kutim Budi Santoso S.E. membuka rapat.", lex) == ["Budi Santoso"]


def test_one_word_set_off_by_commas_and_a_corps_in_capitals(lex):
    # Sastrawi finds a root in "Hamudis" ("hamud"); set off by commas after a post it is still a name
    text = "Kepala Dinas Dukcapil Solok, Hamudis, mengatakan forum itu menjaring masukan."
    assert pairs(text, lex) == [("Hamudis", "Kepala Dinas Dukcapil Solok")]
    text = "Hadir Dandim 0314 Inhil Letkol ARH Suryadi, bersama tokoh masyarakat."
    assert pairs(text, lex) == [("Suryadi", "Dandim 0314 Inhil")]
    # near miss: a derived word after a comma in a sentence is no name
    assert pairs("Sambutan Kepala Dinas Pendidikan, Selanjutnya, dibacakan staf.", lex) == []


def test_a_liaison_officer_a_glued_operations_head_and_menduduki_jabatan(lex):
    text = "Rapat dihadiri Pabung Kodim 1307 Poso Mayor Inf Suparman dan Kabagops AKP Rudi Lamba."
    assert pairs(text, lex) == [("Suparman", "Pabung Kodim 1307 Poso"), ("Rudi Lamba", "Kabagops")]
    text = "Hadir Pasi Intel Kodim 1207/Pontianak, Kapten Inf Suharto, dan camat."
    assert pairs(text, lex) == [("Suharto", "Pasi Intel Kodim 1207/Pontianak")]
    text = "Pejabat lain yang dilantik adalah Halim Tomu, yang kini menduduki jabatan Kepala Dinas Perikanan."
    assert pairs(text, lex) == [("Halim Tomu", "Kepala Dinas Perikanan")]
    # near miss: a bare Pabung says nothing of whose liaison the person is
    assert pairs("Hadir pula Pabung Budi Santoso di lokasi.", lex) == []


def test_a_state_schools_head_is_named_where_the_name_stands_apart(lex):
    text = "Kepala SMP Negeri 2 Lasusua, Ratna Dewi, menyambut rombongan dinas."
    assert pairs(text, lex) == [("Ratna Dewi", "Kepala SMP Negeri 2 Lasusua")]
    text = "Kepala Sekolah SMKN 3 Kolaka, Yusuf Bado, berterima kasih atas bantuan itu."
    assert pairs(text, lex) == [("Yusuf Bado", "Kepala Sekolah SMKN 3 Kolaka")]
    # near misses: a school is named after its village, so with nothing between post and the next
    # word that word is the school's, and a private school's head holds no state office
    assert pairs("Ia kini memimpin sebagai Kepala SD Negeri Lambandia.", lex) == []
    assert pairs("Kepala SMA Katolik Santo Yosef, Maria Ule, menerima siswa.", lex) == []


def test_jakartas_suku_dinas_a_long_lower_case_field_and_the_administrator_grade(lex):
    text = (
        "Kepala Suku Dinas Kesehatan Kota Administrasi Jakarta Timur, Rina Anggraeni memastikan layanan buka."
    )
    assert pairs(text, lex) == [
        ("Rina Anggraeni", "Kepala Suku Dinas Kesehatan Kota Administrasi Jakarta Timur")
    ]
    text = "Hadir Deputi bidang reformasi birokrasi akuntabilitas aparatur dan pengawasan (Eko Prasetyo), serta bupati."
    assert names(text, lex) == ["Eko Prasetyo"]
    text = "Pelantikan Pejabat Pimpinan Tinggi Pratama, Administrator dan Pengawas Kabupaten Bangka digelar pagi."
    assert names(text, lex) == []
    # near miss: a tribe's chief holds no state office
    assert pairs("Kepala Suku Lani, Yakob Wenda, ikut hadir.", lex) == []


def test_a_geographic_word_opens_a_place_never_a_persons_name(lex):
    text = "Hadir Ketua Bamus Nagari Sungai Limau Darmansyah dan Wali Nagari Sungai Limau Effendi Rajo."
    assert pairs(text, lex) == [
        ("Darmansyah", "Ketua Bamus Nagari Sungai Limau"),
        ("Effendi Rajo", "Wali Nagari Sungai Limau"),
    ]
    # an office named without its holder names no one
    assert pairs("Rapat dihadiri Kasat Pol PP Rudi Hartono serta Lurah Pasar Baru.", lex) == [
        ("Rudi Hartono", "Kasat Pol PP")
    ]
    # near miss: a district the gazetteer lists keeps its full name
    assert pairs("Camat Teluk Betung Selatan, Ahmad Yani, hadir.", lex) == [
        ("Ahmad Yani", "Camat Teluk Betung Selatan")
    ]


def test_a_move_told_after_the_name_gives_the_new_post(lex):
    text = "Sekda Kabupaten Lamandau Drs. Hendra Saputra kini memegang jabatan Penjabat (Pj) Bupati Lamandau."
    assert pairs(text, lex) == [("Hendra Saputra", "Penjabat (Pj) Bupati Lamandau")]
    text = "Kepala Dinas Sosial Rina Wati kini menjabat Kepala Dinas Pendidikan."
    assert pairs(text, lex) == [("Rina Wati", "Kepala Dinas Pendidikan")]
    # near misses: "kini" before anything but a post leaves the post as it was
    assert pairs("Bupati Sleman Kustini kini menjadi narasumber.", lex) == [("Kustini", "Bupati Sleman")]
    assert pairs("Kadis PUPR Ahmad Yani kini sedang sakit.", lex) == [("Ahmad Yani", "Kadis PUPR")]


def test_a_lone_lower_case_post_names_the_titled_person_after_it(lex):
    text = "Musrenbang dihadiri Wakil Bupati Ahmad Rasyid, sekkab H.Mustari Anwar, dan para asisten."
    assert ("Mustari Anwar", "sekkab") in pairs(text, lex)
    # near miss: without a title, a lone lower-case post before capitals is not read as a post
    assert pairs("Rapat itu dibahas bersama sekkab Kantor Pusat kemarin.", lex) == []


def test_a_village_heads_run_of_three_words_opens_with_the_village(lex):
    text = "Yang dilantik adalah Penjabat Kepala Desa Lewokukun Yosef Bala Ama dan Kepala Desa Tapobali Maria Goreti."
    assert pairs(text, lex) == [
        ("Yosef Bala Ama", "Penjabat Kepala Desa Lewokukun"),
        ("Maria Goreti", "Kepala Desa Tapobali"),
    ]
    # near miss: a Balinese name after a bare lurah is all name
    assert pairs("Hadir Lurah Made Sutama Putra dan warga.", lex) == [("Made Sutama Putra", "Lurah")]


def test_a_numbered_rotation_list_with_names_in_capitals_and_a_dash(lex):
    text = (
        "Pejabat yang dilantik:\n"
        "1. YAFAO LAIA, SH – dari Kepala Dinas Perhubungan menjadi Kepala Bagian Umum\n"
        "2. Riswan Gulo – dari Camat Lotu menjadi Camat Sawo"
    )
    assert pairs(text, lex) == [("Yafao Laia", "Kepala Bagian Umum"), ("Riswan Gulo", "Camat Sawo")]
    # near misses: capitals that are a body stay as written; a numbered dateline is no name
    assert pairs("1. BKPSDM KABUPATEN NIAS, menyiapkan berkas.", lex) == []
    assert pairs("1. GUNUNGSITOLI – Kepala Dinas Sosial Budi Zega hadir.", lex) == [
        ("Budi Zega", "Kepala Dinas Sosial")
    ]
