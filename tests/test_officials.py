"""Officials: each naming pattern, each exclusion, name forms, identity helpers.

Every sentence here is written for the test; the people are invented.
"""

from __future__ import annotations

import pytest

from nlp.officials import Official, extract_officials, load_position_lexicon, official_id, same_person


@pytest.fixture(scope="module")
def lex():
    return load_position_lexicon()


def pairs(text: str, lex, **kw) -> list[tuple[str, str]]:
    return [(o.name, o.position) for o in extract_officials(text, lexicon=lex, **kw)]


# ----------------------------------------------------------------------------------------- patterns


def test_position_comma_name(lex):
    text = "Rapat dibuka oleh Asisten II Setda Kota Palu, Hendra Wijaksono, di aula kantor wali kota."
    assert pairs(text, lex) == [("Hendra Wijaksono", "Asisten II Setda Kota Palu")]


def test_name_comma_position(lex):
    text = "Menurut dia, Ratna Sumirat, Kepala Bappeda Kabupaten Sleman, sudah menyiapkan peta jalan."
    assert pairs(text, lex) == [("Ratna Sumirat", "Kepala Bappeda Kabupaten Sleman")]


def test_position_name_without_comma(lex):
    text = "Bupati Lumajang Dewi Kartikasari menegaskan seluruh OPD wajib menyusun rencana aksi."
    assert pairs(text, lex) == [("Dewi Kartikasari", "Bupati Lumajang")]


def test_position_name_without_comma_multiword_place(lex):
    text = "Wakil Bupati Lampung Selatan Rudi Hartono meninjau MPP yang baru dibuka."
    assert pairs(text, lex) == [("Rudi Hartono", "Wakil Bupati Lampung Selatan")]


def test_name_selaku_position(lex):
    text = "Yulianto Prasetyo selaku Kepala BKPSDM Kota Madiun memaparkan hasil uji kompetensi."
    assert pairs(text, lex) == [("Yulianto Prasetyo", "Kepala BKPSDM Kota Madiun")]


def test_position_with_unknown_words_up_to_the_comma(lex):
    text = "Hadir pula Kalapas Kelas IIB Sungai Raya Mandiri, Bonifasius Lero, bersama jajaran."
    assert pairs(text, lex) == [("Bonifasius Lero", "Kalapas Kelas IIB Sungai Raya Mandiri")]


def test_position_containing_a_comma_list_of_bodies(lex):
    text = (
        "Kepala Dinas Komunikasi, Informatika dan Persandian Kota Ternate, Faisal Umasangadji, menjelaskan."
    )
    assert pairs(text, lex) == [
        ("Faisal Umasangadji", "Kepala Dinas Komunikasi, Informatika dan Persandian Kota Ternate")
    ]


def test_lower_case_position_in_comma_shape(lex):
    text = "Sementara itu, anggota DPRD Kota Blitar, Sugeng Riyadi, meminta laporan kinerja dibuka."
    assert pairs(text, lex) == [("Sugeng Riyadi", "anggota DPRD Kota Blitar")]


def test_acting_flag_and_position_wording(lex):
    text = "Plt. Kepala Dinas Kesehatan Kabupaten Sikka, Emilia Nona, meninjau puskesmas."
    (o,) = extract_officials(text, lexicon=lex)
    assert o.acting is True
    assert o.position == "Plt. Kepala Dinas Kesehatan Kabupaten Sikka"
    assert o.organisation == "Dinas Kesehatan Kabupaten Sikka"


def test_pj_regional_head_is_acting(lex):
    text = "Pj Bupati Buton Tengah, La Ode Harimu, membuka rakor reformasi birokrasi."
    (o,) = extract_officials(text, lexicon=lex)
    assert (o.name, o.acting) == ("La Ode Harimu", True)


def test_not_acting_without_prefix(lex):
    (o,) = extract_officials("Camat Mandonga, Asrun Lakidende, hadir.", lexicon=lex)
    assert o.acting is False


# ---------------------------------------------------------------------------------------- name forms


def test_titles_and_degrees_removed(lex):
    text = "Sekda Kabupaten Kolaka, Dr. H. Muhammad Sidik, S.Sos., M.Si., menyerahkan piagam WBK."
    assert pairs(text, lex) == [("Muhammad Sidik", "Sekda Kabupaten Kolaka")]


def test_degree_before_comma_and_title_before_name_without_comma(lex):
    text = "Wali Kota Bima H. Fahrul Anwar, S.E., M.AP menandatangani pakta integritas."
    assert pairs(text, lex) == [("Fahrul Anwar", "Wali Kota Bima")]


@pytest.mark.parametrize(
    "name",
    [
        "I Nengah Suarjaya",
        "Ni Luh Putu Ariani",
        "La Ode Muhammad Jafar",
        "Andi Tenri Ajeng",
        "Ahmad Rifa'i",
        "M. Yusuf Hamdani",
        "Cut Meutia Sari",
        "Mukhlis",
    ],
)
def test_name_forms(lex, name):
    text = f"Kepala Bagian Organisasi Setda Kabupaten Gianyar, {name}, membuka sosialisasi."
    assert pairs(text, lex) == [(name, "Kepala Bagian Organisasi Setda Kabupaten Gianyar")]


def test_balinese_name_after_place_without_comma(lex):
    text = "Bupati Badung I Wayan Gede Santika meresmikan mal pelayanan publik."
    assert pairs(text, lex) == [("I Wayan Gede Santika", "Bupati Badung")]


# ---------------------------------------------------------------------------------------- exclusions


def test_name_word_that_starts_a_longer_post(lex):
    # "Pranata" starts the post "Pranata Komputer", but alone it is a surname
    text = "Hal itu disampaikan Bupati Muara Enim Hendra Pranata dalam rapat paripurna DPRD."
    assert pairs(text, lex) == [("Hendra Pranata", "Bupati Muara Enim")]
    text = "Pranata Komputer Diskominfo Kota Palu, Rudi Hartanto, menyiapkan server baru."
    assert pairs(text, lex) == [("Rudi Hartanto", "Pranata Komputer Diskominfo Kota Palu")]


def test_balinese_village_head(lex):
    text = "Perbekel Batuan, I Made Sutarja, mengatakan desa menyiapkan lahan parkir bagi pengunjung."
    assert pairs(text, lex) == [("I Made Sutarja", "Perbekel Batuan")]


def test_body_named_after_a_person(lex):
    # a hospital named after someone, then the official's own name
    text = "Kepala RSUD H. Abdul Manap, Siti Rohana, menyebut antrean kini dapat dipantau dari ponsel."
    assert pairs(text, lex) == [("Siti Rohana", "Kepala RSUD H. Abdul Manap")]
    # no second name: the name after the hospital is the official's
    text = "Direktur RSUD dr. Budi Santoso, mengatakan antrean kini dapat dipantau dari ponsel."
    assert pairs(text, lex) == [("Budi Santoso", "Direktur RSUD")]


def test_office_without_person_gives_nothing(lex):
    text = "Kegiatan itu mewakili Wali Kota Kendari dan dihadiri Sekretaris Daerah Provinsi Jambi."
    assert extract_officials(text, lexicon=lex) == []


def test_bylines_are_not_officials(lex):
    text = "Inspektur Kota Batu, Rahmat Hidayat, membuka klinik evaluasi.\nPenulis: Dimas Aryo\nEditor : Sinta Larasati"
    assert [o.name for o in extract_officials(text, lexicon=lex)] == ["Rahmat Hidayat"]


def test_related_links_are_not_officials(lex):
    text = (
        "Camat Pamona, Yosef Tandiari, mengapresiasi warga.\n"
        "Baca Juga: Bupati Poso, Jefri Langkai, Resmikan Pasar Baru\n"
        "BACA JUGA : Kepala Dinas PUPR, Agus Marten, Tinjau Jalan"
    )
    assert [o.name for o in extract_officials(text, lexicon=lex)] == ["Yosef Tandiari"]


def test_venue_is_not_a_post(lex):
    text = "Apel digelar di halaman Kantor Bupati Kolaka Utara, Lasusua, Senin (7/7/2025)."
    assert extract_officials(text, lexicon=lex) == []


def test_former_holder_is_named_with_the_former_mark(lex):
    # LABELLING lists every named person in a state role; a former head on trial is listed with the
    # post as the article states it, "mantan" included
    text = "Mantan Kepala Dinas Perhubungan Kota Palu, Ardi Saputra, divonis empat tahun penjara."
    assert pairs(text, lex) == [("Ardi Saputra", "Mantan Kepala Dinas Perhubungan Kota Palu")]


def test_neighbourhood_and_company_posts_are_not_officials(lex):
    text = (
        "Ketua RT 05 Kelurahan Lepo-Lepo, Samsudin, menyambut baik program itu. "
        "Direktur PT Sinar Abadi, Hendrik Salim, juga hadir."
    )
    assert extract_officials(text, lexicon=lex) == []


def test_headline_line_is_skipped(lex):
    text = "Bupati Konawe Harmin Ramba Resmikan Mal Pelayanan Publik Baru\nAcara berlangsung meriah."
    assert extract_officials(text, lexicon=lex) == []


def test_bare_qualifier_head_gives_nothing(lex):
    assert extract_officials("Kepala, Samsul, tidak hadir.", lexicon=lex) == []


# ------------------------------------------------------------------------------- references and dedup


def test_attribution_refers_back_and_adds_no_one(lex):
    text = (
        "Inspektur Kabupaten Wajo, Andi Pallawa, memaparkan temuan. "
        "\u201cKita harus berbenah,\u201d tegas Andi. \u201cSemua OPD ikut,\u201d ujar Pallawa."
    )
    assert [o.name for o in extract_officials(text, lexicon=lex)] == ["Andi Pallawa"]


def test_bare_name_attribution_without_full_name_adds_no_one(lex):
    assert extract_officials("\u201cKami siap,\u201d kata Burhan kepada wartawan.", lexicon=lex) == []


def test_one_official_per_person_first_position_kept(lex):
    text = (
        "Sekda Kota Kendari, Nahwa Umar, membuka acara. "
        "Nahwa Umar, selaku Ketua Tim Reformasi Birokrasi, juga menyerahkan piagam."
    )
    assert pairs(text, lex) == [("Nahwa Umar", "Sekda Kota Kendari")]


def test_one_official_per_person_short_post_spelt_out_later(lex):
    # the labels keep the fullest wording of one post: the short form gives way to it
    text = (
        "Sekda Kota Kendari, Nahwa Umar, membuka acara. "
        "Nahwa Umar, Sekretaris Daerah Kota Kendari, juga menyerahkan piagam."
    )
    assert pairs(text, lex) == [("Nahwa Umar", "Sekretaris Daerah Kota Kendari")]


def test_evidence_is_the_sentence(lex):
    text = "Acara dimulai pagi. Kepala BKD Provinsi Riau, Zulfikar Hasan, membuka acara. Peserta antusias."
    (o,) = extract_officials(text, lexicon=lex)
    assert isinstance(o, Official)
    assert o.evidence == "Kepala BKD Provinsi Riau, Zulfikar Hasan, membuka acara."


def test_several_officials_in_order(lex):
    text = (
        "Turut hadir Kapolres Muna AKBP Gunawan Saputra, Kajari Muna, Rahmat Taufik, "
        "serta Ketua DPRD Kabupaten Muna, Hamzah Lasila."
    )
    assert [(o.name, o.position) for o in extract_officials(text, lexicon=lex)] == [
        ("Gunawan Saputra", "Kapolres Muna"),  # the rank AKBP is neither post nor name
        ("Rahmat Taufik", "Kajari Muna"),
        ("Hamzah Lasila", "Ketua DPRD Kabupaten Muna"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [
        ("Kapolda Sultra Irjen Pol. Dedi Kurniawan meninjau pos.", "Dedi Kurniawan", "Kapolda Sultra"),
        ("Kapolresta Kendari Kombes Pol Eko Prasetyo hadir.", "Eko Prasetyo", "Kapolresta Kendari"),
        ("Kapolres Muna, AKBP Gunawan Saputra, menegaskan hal itu.", "Gunawan Saputra", "Kapolres Muna"),
        # Irjen at the head of a post is the civil Inspektur Jenderal, not a rank
        ("Irjen Kemendagri Toni Wijaya membuka rapat.", "Toni Wijaya", "Irjen Kemendagri"),
    ],
)
def test_ranks_are_neither_post_nor_name(lex, text, name, position):
    [(got_name, got_position)] = [(o.name, o.position) for o in extract_officials(text, lexicon=lex)]
    assert (got_name, got_position) == (name, position)


# ------------------------------------------------------------------------------------------ identity


def test_same_person_spelling_variants():
    assert same_person("Ahmad Rifa'i", "Ahmad Rifai")
    assert same_person("Muhamad Yusuf", "Muhammad Yusuf")
    assert same_person("Dr. H. Imran Ismail, M.Si.", "Imran Ismail")


def test_same_person_rejects_shared_first_name():
    assert not same_person("Agus Widarto", "Agus Salim")
    assert not same_person("Agus", "Agus Widarto")


def test_official_id_stable_and_jurisdiction_bound():
    a = official_id("H. Imran Ismail, M.Si.", "Kota Kendari")
    assert a == official_id("Imran Ismail", "kota  kendari")
    assert a != official_id("Imran Ismail", "Kabupaten Konawe")
    assert a.startswith("off_")


def test_attribution_settles_a_lone_word_after_a_bare_post_as_a_person(lex):
    text = "Lurah Sudirman membuka musyawarah warga.\n\u201cSemua warga dilayani,\u201d ujar Sudirman."
    assert pairs(text, lex) == [("Sudirman", "Lurah")]
    # without the attribution the lone word after the post may be its place ("Lurah Anduonohu")
    assert extract_officials("Lurah Sudirman membuka musyawarah warga.", lexicon=lex) == []


def test_attribution_by_a_later_part_of_the_name_keeps_the_full_name(lex):
    text = "Wali Kota Mataram Lalu Ahmad Fauzan membuka MPP.\n\u201cLayanan buka Sabtu,\u201d kata Fauzan."
    assert pairs(text, lex) == [("Lalu Ahmad Fauzan", "Wali Kota Mataram")]


def test_district_after_camat_is_the_place(lex):
    assert pairs("Camat Mandonga Sudirman membuka musyawarah.", lex) == [("Sudirman", "Camat Mandonga")]


def test_a_village_the_article_names_is_the_place_of_its_head(lex):
    # Kemendagri lists no villages; "Desa Kalimango" elsewhere in the article says where the place ends
    text = (
        "Bantuan diserahkan di Desa Kalimango, Kecamatan Alas.\n"
        "Beras diterima Kepala Desa Kalimango Hery Darfan Sp, di kantor desa."
    )
    assert pairs(text, lex) == [("Hery Darfan", "Kepala Desa Kalimango")]
    # without the village named elsewhere, three words after a village head open with the village
    # (village_heads); two words are the person's
    alone = pairs("Beras diterima Kepala Desa Kalimango Hery Darfan, di kantor desa.", lex)
    assert alone == [("Hery Darfan", "Kepala Desa Kalimango")]
    assert pairs("Beras diterima Kepala Desa Hery Darfan, di kantor desa.", lex) == [
        ("Hery Darfan", "Kepala Desa")
    ]


def test_every_village_word_of_the_shared_list_names_a_place(lex):
    # DIY's "kalurahan" is a village too: the list in regions.yaml serves regions and officials alike
    text = (
        "Pembagian sembako digelar di Kalurahan Sendangtirto, Kapanewon Berbah.\n"
        "Bantuan diterima Lurah Sendangtirto Marjono Hadi, di balai kalurahan."
    )
    assert pairs(text, lex) == [("Marjono Hadi", "Lurah Sendangtirto")]
    # so is a unit named after its place (place_named_units in positions.yaml): a KUA, not only a puskesmas
    kua = "Bimbingan nikah digelar di KUA Cibeber.\nKepala KUA Cibeber Ahmad Fauzi mengatakan pesertanya 40 pasang."
    assert pairs(kua, lex) == [("Ahmad Fauzi", "Kepala KUA Cibeber")]


def test_a_village_head_followed_by_no_name_is_no_official(lex):
    text = (
        "Kebakaran terjadi di Kelurahan Tigo Koto Dibaruah pada Jumat.\n"
        "Turut mendampingi Lurah Tigo Koto Dibaruah dan pilar sosial setempat."
    )
    assert extract_officials(text, lexicon=lex) == []


def test_lone_word_after_a_bare_head_is_a_place_not_a_person(lex):
    assert extract_officials("Apel dipimpin atas arahan Wali Kota Baubau, kemarin.", lexicon=lex) == []


def test_company_vice_president_is_not_an_official(lex):
    text = "Hal ini diungkapkan Rahmat Sujono, Wakil Presiden Direktur PT Nusa Data Raya, di Jakarta."
    assert extract_officials(text, lexicon=lex) == []


def test_district_after_kajari_is_the_place(lex):
    text = "Kajari Lhoksukon Teuku Rahmatsyah menyebutkan berkas perkara sudah diterima."
    assert pairs(text, lex) == [("Teuku Rahmatsyah", "Kajari Lhoksukon")]


def test_place_before_a_comma_is_not_a_name(lex):
    assert extract_officials("Di Kendari, Kepala Dinas Kominfo menyampaikan hal serupa.", lexicon=lex) == []


def test_name_containing_a_place_word_is_kept(lex):
    text = "Wakil Menteri Dalam Negeri, Bima Arya Sugiarto, membuka rakor."
    assert [o.name for o in extract_officials(text, lexicon=lex)] == ["Bima Arya Sugiarto"]


def test_name_then_position_in_brackets(lex):
    text = "Rapat dipimpin Hendrikus Wora (Kepala Bappeda Kabupaten Ngada) di ruang rapat bupati."
    assert pairs(text, lex) == [("Hendrikus Wora", "Kepala Bappeda Kabupaten Ngada")]


def test_bracketed_abbreviation_of_a_post_is_not_name_then_position(lex):
    text = "Kepala Seksi Haji dan Umrah (Kasi PHU) mendampingi rombongan."
    assert extract_officials(text, lexicon=lex) == []


@pytest.mark.parametrize("verb", ["ucap", "jelas", "tutur", "ungkap", "imbuh", "tandas", "pungkas"])
def test_every_attribution_verb_settles_a_bare_post_name(lex, verb):
    # a lone word after a bare post is only a person when an attribution names it
    text = f"Lurah Sudirman membuka musyawarah warga.\n\u201cSemua warga dilayani,\u201d {verb} Sudirman."
    assert pairs(text, lex) == [("Sudirman", "Lurah")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Kepala Dinas Kesehatan Kota Kendari, Hj. Rahmawati Said, S.STP, MM, membuka rapat.",
            "Rahmawati Said",
        ),
        (
            "Kepala Bappeda Sultra, Prof. Dr. Ir. Muhammad Zamrun, M.Si., memberi sambutan.",
            "Muhammad Zamrun",
        ),
        ("Kepala Kantor Kemenag Kota Kendari, KH. Abdul Rahman, S.Ag., membuka doa.", "Abdul Rahman"),
    ],
)
def test_titles_and_degrees_are_not_part_of_the_name(lex, text, name):
    assert [o.name for o in extract_officials(text, lexicon=lex)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Ia ditemui di Kompleks Perkantoran Bupati Jayapura, Gunung Merah, Sentani, kemarin.",
        "Gubernur tiba di Rumah Jabatan (Rujab) Gubernur Sulsel, Jl Sungai Tangka, Makassar pada Senin.",
    ],
)
def test_a_building_named_after_a_post_is_no_official(lex, text):
    assert extract_officials(text, lexicon=lex) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place word the writer did not capitalise still belongs to the post
        (
            "Kepala Dinas Kependudukan dan Pencatatan Sipil kota Jayapura, Merlan Uloli mengatakan hal itu.",
            ("Merlan Uloli", "Kepala Dinas Kependudukan dan Pencatatan Sipil kota Jayapura"),
        ),
        # a degree in other capitals ("SHi" for S.HI) and a police rank in capitals
        ("Hadir Kapolsek Manipa IPTU Idris Mukadar SHi , para camat.", ("Idris Mukadar", "Kapolsek Manipa")),
        (
            "Hadir Kepala Bappeda, Dedi Idris Harahap STP MSi, dalam apel pagi.",
            ("Dedi Idris Harahap", "Kepala Bappeda"),
        ),
    ],
)
def test_spellings_of_regional_releases(lex, text, expected):
    assert pairs(text, lex) == [expected]


def test_a_plain_name_is_never_read_as_a_degree_in_other_capitals(lex):
    # "Ade" would be "ADE" in capitals; only a word with a capital after its first letter is folded
    assert pairs("Camat Cibeber, Ade Sutisna, membuka musyawarah.", lex) == [("Ade Sutisna", "Camat Cibeber")]


def test_an_event_noun_opening_a_sentence_is_not_a_name(lex):
    text = "Pelantikan Andi Makkawaru sebagai Pj. Bupati Kolaka berdasarkan keputusan Mendagri."
    assert pairs(text, lex) == [("Andi Makkawaru", "Pj. Bupati Kolaka")]


def test_internal_and_external_belong_to_the_post(lex):
    text = "Tampak hadir Ketua Pokja Internal Jahidin, Ketua Pokja Eksternal Salehuddin, dan anggota."
    assert pairs(text, lex) == [("Jahidin", "Ketua Pokja Internal"), ("Salehuddin", "Ketua Pokja Eksternal")]


def test_a_field_of_work_after_a_comma_goes_on_with_the_post(lex):
    text = (
        "Kepala Bidang Pengadaan, Pemberhentian, dan Informasi Kepegawaian BKD Kalsel, Mashudi, mengingatkan."
    )
    assert pairs(text, lex) == [
        ("Mashudi", "Kepala Bidang Pengadaan, Pemberhentian, dan Informasi Kepegawaian BKD Kalsel")
    ]


def test_a_balinese_name_keeps_a_place_word_inside_it(lex):
    text = (
        "Hal itu diungkapkan Kabid PIAK Disdukcapil Kota Denpasar Ida Ayu Gede Sutha Lingga Padmini, Senin."
    )
    assert pairs(text, lex) == [("Ida Ayu Gede Sutha Lingga Padmini", "Kabid PIAK Disdukcapil Kota Denpasar")]


def test_a_nickname_is_the_person_already_listed(lex):
    text = (
        "Sekda melapor kepada Gubernur Aceh Muzakir Manaf atau yang akrab disapa Mualem.\n"
        "Menyikapi hal itu, Gubernur Mualem memberikan arahan."
    )
    assert pairs(text, lex) == [("Muzakir Manaf", "Gubernur Aceh")]


def test_an_attribution_verb_opening_a_sentence_is_no_name(lex):
    text = (
        "Sekjen Kemendagri Suhajar Diantoro hadir.\nKata Suhajar, Mendagri juga berpesan agar semua kompak."
    )
    assert pairs(text, lex) == [("Suhajar Diantoro", "Sekjen Kemendagri")]


def test_in_a_rotation_list_a_name_after_a_post_belongs_to_its_own_link(lex):
    text = (
        "Yang dilantik adalah Taufik sebagai Kepala Dinas Peternakan dan Kesehatan Hewan, Yarham sebagai "
        "Kepala Biro Umum."
    )
    got = dict(pairs(text, lex))
    assert got["Yarham"] == "Kepala Biro Umum"
    assert got["Taufik"].startswith("Kepala Dinas Peternakan")


def test_a_lower_case_particle_inside_a_name(lex):
    text = "\u201cKami proses sesuai perda,\u201d tegas Kasat Pol PP Sikka, Buang da Cunha kepada wartawan."
    assert pairs(text, lex) == [("Buang da Cunha", "Kasat Pol PP Sikka")]


def test_a_local_post_takes_the_articles_place():
    from nlp.annotate import annotate

    text = (
        "TEMANGGUNG \u2013 Pelajar datang ke Disdukcapil untuk rekam data KTP.\n"
        "\u201cSekolah di Kecamatan Temanggung datang langsung,\u201d kata Kepala Disdukcapil setempat Bagus "
        "Pinuntun di Temanggung, Minggu."
    )
    (o,) = annotate(text).officials
    assert (o.name, o.position) == ("Bagus Pinuntun", "Kepala Disdukcapil (Temanggung)")


def test_bulleted_name_dash_post_items(lex):
    text = (
        "Berikut nama kepala kampung yang dilantik:\n"
        "- Soter Cauna \u2013 Kepala Kampung Nggolar, Distrik Merauke (2025\u20132031)\n"
        "- Norberta Kaize \u2013 Kepala Kampung Wapeko (2025\u20132031)"
    )
    assert [n for n, _ in pairs(text, lex)] == ["Soter Cauna", "Norberta Kaize"]
    # a dateline's dash is still no name
    assert pairs("KENDARI \u2013 Kepala Dinas Sosial Ahmad Yani hadir.", lex) == [
        ("Ahmad Yani", "Kepala Dinas Sosial")
    ]


def test_a_village_named_only_inside_a_post_still_leaves_the_person(lex):
    # "Desa Sukamaju Budi Santoso" after a post is no village name of three words
    assert pairs("Kepala Desa Sukamaju Budi Santoso mengatakan hal itu.", lex) == [
        ("Budi Santoso", "Kepala Desa Sukamaju")
    ]


def test_a_puskesmas_named_after_its_place(lex):
    text = (
        "Acara digelar di Aula Puskesmas Cisimeut pada Kamis.\n"
        "Kepala Puskesmas Cisimeut Dede Herdiansyah, S.Kep., Ners menegaskan hal itu."
    )
    assert pairs(text, lex) == [("Dede Herdiansyah", "Kepala Puskesmas Cisimeut")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a one-word name Sastrawi reads as a root with the verb suffix -i
        (
            "Kepala Dinas Dukcapil Rejang Lebong Muradi saat dihubungi mengatakan hal itu.",
            [("Muradi", "Kepala Dinas Dukcapil Rejang Lebong")],
        ),
        # a date right after a name ends it
        ("MPP itu diresmikan Wagub Hadi Mulyadi 11 Oktober lalu.", [("Hadi Mulyadi", "Wagub")]),
        # two initials in capitals open a name
        (
            "OPD berjanji di hadapan Bupati Kapuas Hulu, AM Nasir, Kamis pagi.",
            [("AM Nasir", "Bupati Kapuas Hulu")],
        ),
        (
            "Hadir Kapolres Bitung AKBP FX Winardi Prabowo, kemarin.",
            [("FX Winardi Prabowo", "Kapolres Bitung")],
        ),
        # a ministry written with a slash stays in the post
        (
            "Hadir Deputi Bidang Pengembangan Regional Kementerian PPN/Bappenas Anang Budi Gunawan, kemarin.",
            [("Anang Budi Gunawan", "Deputi Bidang Pengembangan Regional Kementerian PPN/Bappenas")],
        ),
        # a list's last item after "serta", with its link
        (
            "Dilantik Herkulana sebagai Staf Ahli Gubernur, serta Eko Ardianto sebagai Kepala Badan Kepegawaian Daerah.",
            [("Herkulana", "Staf Ahli Gubernur"), ("Eko Ardianto", "Kepala Badan Kepegawaian Daerah")],
        ),
    ],
)
def test_more_shapes_of_regional_releases(lex, text, expected):
    assert pairs(text, lex) == expected


def test_a_unit_named_by_who_heads_it(lex):
    text = (
        "Dinas Perindustrian yang saat ini dipimpin Ahmadi Akil dan Dinas Kehutanan yang dipimpin "
        "Andi Bakti Haruni akan dilebur."
    )
    assert pairs(text, lex) == [
        ("Ahmadi Akil", "Kepala Dinas Perindustrian"),
        ("Andi Bakti Haruni", "Kepala Dinas Kehutanan"),
    ]
    # whoever leads a delegation or a meeting is not thereby its head
    assert pairs("Rombongan Dinas Sosial dipimpin Ahmad Yani tiba di bandara.", lex) == []


@pytest.mark.parametrize(
    "text",
    [
        "Memantapkan kesiapan pelaksanaan Pemilihan Kepala Desa (Pilkades) Serentak 2026.",
        "Selain itu, hadir juga perwakilan Polsek, kepala desa se-wilayah kerja puskesmas.",
    ],
)
def test_an_election_or_a_unit_after_a_post_is_no_person(lex, text):
    assert extract_officials(text, lexicon=lex) == []


# ---------------------------------------------------------------- batches I and J (real everyday stream)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a camat's district wins over the city its name starts with, and runs over several words
        ("Camat Medan Tembung Budi Hartono membuka musyawarah.", [("Budi Hartono", "Camat Medan Tembung")]),
        ("Camat Sei Bamban Rahmat Hidayat meninjau sawah warga.", [("Rahmat Hidayat", "Camat Sei Bamban")]),
        # a term of office and an elected-but-not-sworn-in mark belong to the post
        (
            "Jalan itu dibangun di masa Bupati Garut periode 2009-2014 Ahmad Sukandi.",
            [("Ahmad Sukandi", "Bupati Garut periode 2009-2014")],
        ),
        (
            "Program ini akan dilanjutkan Wali Kota Terpilih Rudi Hartanto.",
            [("Rudi Hartanto", "Wali Kota Terpilih")],
        ),
        # a lower-case acting mark, as some outlets write it
        (
            "Bupati melantik Agus Dwi Lestari sebagai penjabat Sekretaris Daerah Kendal.",
            [("Agus Dwi Lestari", "penjabat Sekretaris Daerah Kendal")],
        ),
        # POST (NAME) in a quotation
        (
            "Saya meminta Kepala Bappeda (Rahmat Syukur) menyiapkan dokumennya.",
            [("Rahmat Syukur", "Kepala Bappeda")],
        ),
        # a name known by initials that include the Haji title
        (
            "Rapat dihadiri Wakil Wali Kota Batam H Budi Santoso (HBS), kemarin.",
            [("Budi Santoso", "Wakil Wali Kota Batam")],
        ),
        # a bare post spoken through is the previous official's body
        (
            "Kepala BKD Kabupaten Bima, Siti Aminah, melalui Sekretaris, Joko Susilo, menjelaskan jumlah pensiunan.",
            [("Siti Aminah", "Kepala BKD Kabupaten Bima"), ("Joko Susilo", "Sekretaris BKD Kabupaten Bima")],
        ),
        # the deputies after the head are deputies of the same body, both of them
        (
            "Rapat dipimpin Ketua DPRD Kota Bima Samsurih dan Wakil Ketua Ade Gunawan dan Budi Setiadi.",
            [
                ("Samsurih", "Ketua DPRD Kota Bima"),
                ("Ade Gunawan", "Wakil Ketua DPRD Kota Bima"),
                ("Budi Setiadi", "Wakil Ketua DPRD Kota Bima"),
            ],
        ),
        # a hard-wrapped list of people: a line ending in a comma goes on, a semicolon is no headline's
        (
            "Rapat dihadiri tim provinsi\nJambi, Wakil Bupati Merangin, Abdul Khafidh; Plh. Sekretaris Daerah "
            "Merangin,\nFajarman; dan OPD terkait.",
            [("Abdul Khafidh", "Wakil Bupati Merangin"), ("Fajarman", "Plh. Sekretaris Daerah Merangin")],
        ),
        # "NICK, sapaan akrab NAME" names the person, it does not make NAME a nickname
        (
            "Kepala Dinas Sosial Kota Bima, Samsudin Hasan, mengatakan bantuan sudah cair. "
            '"Kita kejar terus," ujar Bang Udin, sapaan akrab Samsudin Hasan.',
            [("Samsudin Hasan", "Kepala Dinas Sosial Kota Bima")],
        ),
        # a DPRD plenary: each fraction's view read by a member, and a party's spokesperson
        (
            "Fraksi Gerindra dibacakan oleh Rudi Santoso, dan Fraksi Partai Golkar disampaikan oleh Lina Marlina.",
            [("Rudi Santoso", "Fraksi Gerindra"), ("Lina Marlina", "Fraksi Partai Golkar")],
        ),
        (
            "Juru bicara PDI Perjuangan Yusuf Tanjung membacakan pandangan akhir fraksi.",
            [("Yusuf Tanjung", "Juru bicara PDI Perjuangan")],
        ),
        # ... while a unit's report read out is not its head's, and a party office is no public office
        ("Laporan Dinas Sosial disampaikan oleh Ahmad Yani dalam rapat.", []),
        ("Ketua DPC Partai Golkar Kota Bima, Ahmad Yani, hadir.", []),
        # a mutasi list without commas: "NAME dari POST1 (kini) menjadi POST2" gives POST2, and the next
        # name after a comma goes with its own "dari"
        (
            "Yohanes Pakiding dari Kepala Bapenda kini menjadi Kadis Pertanian, Marten Salu dari Kepala "
            "Bappeda menjadi Kepala BPKAD.",
            [("Yohanes Pakiding", "Kadis Pertanian"), ("Marten Salu", "Kepala BPKAD")],
        ),
        # ... while a letter from a head is nobody's rotation
        ("Surat dari Kepala BKN itu dibacakan di depan peserta.", []),
        # a commission's number is no Balinese name's "I"
        ("Rapat dipimpin Ketua Komisi I Syahrul Said bersama anggota.", [("Syahrul Said", "Ketua Komisi I")]),
        # an evaluation's name after a post holds no one; the forces are a body
        ("Wali Kota menghadiri Evaluasi Kinerja Penjabat Kepala Daerah Triwulan I di Kemendagri.", []),
        (
            "Hadir Kepala Staf Angkatan Darat Jenderal Maruli Simanjuntak.",
            [("Maruli Simanjuntak", "Kepala Staf Angkatan Darat")],
        ),
        # Daeng abbreviated inside a Bugis name; a Balinese name holding a regency's name
        (
            "Materi dijelaskan oleh Abdul Aziz Dg. Matantu, selaku Kepala Sub Bagian Reformasi Birokrasi.",
            [("Abdul Aziz Dg. Matantu", "Kepala Sub Bagian Reformasi Birokrasi")],
        ),
        ("Bupati Bangli I Made Gianyar memimpin apel.", [("I Made Gianyar", "Bupati Bangli")]),
        # the Ombudsman's report-examination unit is a body, not the start of a name
        (
            "Hadir Kepala Keasistenan Pemeriksaan Laporan Rina Harahap dalam kegiatan itu.",
            [("Rina Harahap", "Kepala Keasistenan Pemeriksaan Laporan")],
        ),
        # an event ("Apel Pagi", "Apel Gabungan", "Tim Safari Ramadhan") is no one
        ("Usai Apel Pagi, Wali Kota meninjau ruang pelayanan.", []),
        ("Bupati mendengarkan aspirasi bersama Camat Selong dan Tim Safari Ramadhan.", []),
        # a student group's short form, defined once, makes its posts no public office
        (
            "Bupati menerima audiensi Himpunan Pelajar Bangka Barat (HIPEBA). Ketua HIPEBA, Reza Pratama, "
            "menyampaikan rencana kegiatan.",
            [],
        ),
        # ... but an election supervisor named "Panitia" is a state body
        (
            "Hadir Ketua Panitia Pengawas Pemilihan (Panwaslih) Aceh Jaya, Rina Safitri. Ketua Panwaslih "
            "Aceh Jaya, Rina Safitri, menyampaikan laporan.",
            [("Rina Safitri", "Ketua Panwaslih Aceh Jaya")],
        ),
    ],
)
def test_everyday_stream_shapes(lex, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text, lex) == expected
