"""Region resolution: where the story happens, with role, confidence and evidence per region."""

from __future__ import annotations

import pytest

from nlp.gazetteer import Gazetteer, load_gazetteer
from nlp.regions import RegionResult, resolve_regions


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def where(gaz: Gazetteer, text: str, title: str = "", home: str | None = None) -> RegionResult:
    return resolve_regions(text, title=title, gazetteer=gaz, home_province_code=home)


def mention(res: RegionResult, name: str):  # type: ignore[no-untyped-def]
    return next(m for m in res.mentions if m.name == name)


# --- datelines -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province", "regency"),
    [
        (
            "INDODAILY.CO, PALEMBANG — Sejumlah kepala OPD mengikuti rapat evaluasi SAKIP.",
            "Sumatera Selatan",
            "Kota Palembang",
        ),
        (
            "Kendari – Sebanyak 30 pegawai mengikuti bimbingan teknis penyusunan LKjIP.",
            "Sulawesi Tenggara",
            "Kota Kendari",
        ),
        (
            "Lampung Selatan (KabarSelatan.Com) – Para camat mengikuti sosialisasi zona integritas.",
            "Lampung",
            "Kabupaten Lampung Selatan",
        ),
        (
            "Mataram, NTB (ANTARA News) - Puluhan ASN mengikuti uji kompetensi jabatan.",
            "Nusa Tenggara Barat",
            "Kota Mataram",
        ),
        (
            "PALU, NusantaraPos — Tim evaluator meninjau layanan perizinan daring.",
            "Sulawesi Tengah",
            "Kota Palu",
        ),
        (
            "KEPANJEN, WartaDaerah — Rapat penyusunan peta proses bisnis digelar sepekan penuh.",
            "Jawa Timur",
            "Kabupaten Malang",
        ),
        (
            "Maumere (FloresKini) - Petugas dukcapil membuka layanan jemput bola di desa terpencil.",
            "Nusa Tenggara Timur",
            "Kabupaten Sikka",
        ),
        (  # the outlet's web address after the place
            "Mamuju, sulbarterkini.co.id – Petugas dukcapil membuka layanan jemput bola di pasar.",
            "Sulawesi Barat",
            "Kabupaten Mamuju",
        ),
        (  # the outlet and the place together in brackets
            "(WartaTimur, Maumere) – Petugas dukcapil membuka layanan jemput bola di desa terpencil.",
            "Nusa Tenggara Timur",
            "Kabupaten Sikka",
        ),
    ],
)
def test_each_dateline_form(gaz: Gazetteer, text: str, province: str, regency: str) -> None:
    res = where(gaz, text)
    assert res.provinces == (province,)
    assert res.regencies == (regency,)
    m = mention(res, regency)
    assert m.role == "dateline" and m.is_primary and m.confidence >= 0.8
    assert m.evidence == text


def test_dateline_after_repeated_title_and_noise_line(gaz: Gazetteer) -> None:
    title = "Pemerintah Perkuat Budaya Kerja Berdampak"
    text = f"{title}\n\n0\n\nAMBON, MalukuPos — Sebanyak 12 perangkat daerah menandatangani komitmen bersama."
    res = where(gaz, text, title=title)
    assert res.regencies == ("Kota Ambon",)
    assert mention(res, "Kota Ambon").role == "dateline"


def test_outlet_in_dateline_parentheses_is_not_a_place(gaz: Gazetteer) -> None:
    res = where(gaz, "Garut (Tribun Jabar) – Pemkab Garut meluncurkan aplikasi pengaduan warga.")
    assert res.regencies == ("Kabupaten Garut",)
    assert res.provinces == ("Jawa Barat",)
    res = where(gaz, "Sleman (Radar Bogor) – Bupati Sleman membuka forum konsultasi publik.")
    assert res.regencies == ("Kabupaten Sleman",)


def test_sentence_with_a_dash_is_not_a_dateline(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemerintah pusat menilai pelayanan di daerah masih lambat – terutama perizinan.")
    assert all(m.role != "dateline" for m in res.mentions)


# --- nested names and longest match ----------------------------------------------------------------


def test_nested_name_is_one_regency_not_two_places(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemkab Lampung Selatan menggelar apel kesiapsiagaan aparatur di Kalianda.")
    assert res.regencies == ("Kabupaten Lampung Selatan",)
    assert res.provinces == ("Lampung",)
    assert {m.name for m in res.mentions if m.level == "regency"} == {"Kabupaten Lampung Selatan"}


def test_papua_barat_daya_is_not_papua_barat(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemprov Papua Barat Daya menyusun peta jalan RB hingga 2029.")
    assert res.provinces == ("Papua Barat Daya",)


def test_tangerang_selatan_is_not_tangerang(gaz: Gazetteer) -> None:
    res = where(gaz, "Wali Kota Tangerang Selatan meresmikan gerai layanan terpadu di BSD.")
    assert res.regencies == ("Kota Tangerang Selatan",)


# --- Kota vs Kabupaten of the same name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("Kota Bekasi menambah dua gerai MPP tahun ini.", "Kota Bekasi"),
        ("Kabupaten Bekasi menambah dua gerai MPP tahun ini.", "Kabupaten Bekasi"),
        ("Kab. Malang menambah dua gerai MPP tahun ini.", "Kabupaten Malang"),
        ("Pemkot Kediri menilai capaian indeks RB naik tajam.", "Kota Kediri"),
        ("Bupati Kediri menilai capaian indeks RB naik tajam.", "Kabupaten Kediri"),
        ("Setdako Blitar menggelar bimtek peta proses bisnis.", "Kota Blitar"),
        ("Setdakab Blitar menggelar bimtek peta proses bisnis.", "Kabupaten Blitar"),
        ("Pemerintah Kabupaten (Pemkab) Serang menggelar rapat evaluasi.", "Kabupaten Serang"),
        ("Wali Kota Kupang menyerahkan SK kenaikan pangkat kepada 200 ASN.", "Kota Kupang"),
    ],
)
def test_pair_decided_by_prefix_or_government_wording(gaz: Gazetteer, text: str, regency: str) -> None:
    assert where(gaz, text).regencies == (regency,)


def test_bare_pair_name_follows_the_articles_explicit_side(gaz: Gazetteer) -> None:
    text = (
        "Pemkab Tangerang menggelar rapat evaluasi SPBE. Menurut Sekda, pelayanan di Tangerang makin cepat. "
        "Warga Tangerang kini mengurus izin secara daring."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Tangerang",)
    assert "Kota Tangerang" not in {m.name for m in res.mentions}


def test_bare_pair_name_without_evidence_stays_undecided(gaz: Gazetteer) -> None:
    res = where(gaz, "Rapat koordinasi pengawasan digelar di Bogor. Peserta datang dari seluruh Bogor.")
    assert res.provinces == ("Jawa Barat",)
    assert res.regencies == ()


def test_undecided_dateline_of_a_capital_takes_the_city(gaz: Gazetteer) -> None:
    res = where(gaz, "SEMARANG, KabarJateng — Rapat evaluasi SAKIP berlangsung dua hari.")
    assert res.regencies == ("Kota Semarang",)
    assert mention(res, "Kota Semarang").confidence < mention(res, "Jawa Tengah").confidence + 0.2


def test_regent_wording_about_another_regency_does_not_decide_the_dateline(gaz: Gazetteer) -> None:
    text = (
        "KUPANG - Penjabat Bupati Sumba Barat Daya resmi dilantik di kantor gubernur. "
        "Penjabat Bupati diminta menjaga netralitas ASN."
    )
    assert where(gaz, text).regencies == ("Kabupaten Sumba Barat Daya", "Kota Kupang")
    # near miss: regent wording that names no other place still speaks of the dateline's regency
    text = "KUPANG - Bupati meninjau layanan Dukcapil di Oelamasi. Bupati meminta petugas disiplin."
    assert where(gaz, text).regencies == ("Kabupaten Kupang",)


def test_province_named_city(gaz: Gazetteer) -> None:
    assert where(gaz, "Gubernur Jambi membuka musrenbang di Jambi.").regencies == ()
    assert where(gaz, "Pemerintah Kota Jambi menggelar rakor RB.").regencies == ("Kota Jambi",)
    assert where(gaz, "Pemprov Gorontalo menyusun RB tematik.").provinces == ("Gorontalo",)
    assert where(gaz, "Pemprov Gorontalo menyusun RB tematik.").regencies == ()


def test_same_bare_name_in_two_provinces_is_told_apart_by_province(gaz: Gazetteer) -> None:
    res = where(gaz, "Bupati Banjar membuka pelatihan di Martapura, Kalimantan Selatan.")
    assert res.regencies == ("Kabupaten Banjar",)
    assert res.provinces == ("Kalimantan Selatan",)
    res = where(gaz, "Pemkot Banjar, Jawa Barat, mencanangkan zona integritas di lima unit.")
    assert res.regencies == ("Kota Banjar",)


# --- ordinary words as names -----------------------------------------------------------------------


def test_lowercase_common_words_are_not_places(gaz: Gazetteer) -> None:
    text = (
        "Petugas mengangkut batu dan pasir ke lokasi. Medan yang berat membuat mobil raya melambat. "
        "Batang pohon tumbang di jalan raya, sementara tulang bone disebut dalam bahasa Inggris."
    )
    res = where(gaz, text)
    assert res.provinces == () and res.regencies == ()


def test_a_seat_town_holding_another_regencys_name_is_its_own_regency(gaz: Gazetteer) -> None:
    res = where(gaz, "Rapat evaluasi SAKIP digelar di Gedung Daerah, Pangkalan Kerinci, Senin pagi.")
    assert res.regencies == ("Kabupaten Pelalawan",)
    res = where(gaz, "Bupati membuka pasar murah di Padang Aro, ibu kota kabupaten.")
    assert res.regencies == ("Kabupaten Solok Selatan",)
    # near miss: the regency's own name alone is still that regency
    res = where(gaz, "Pemkab Kerinci menggelar apel di Siulak.")
    assert res.regencies == ("Kabupaten Kerinci",)


def test_a_common_word_after_a_datelines_dash_starts_a_sentence(gaz: Gazetteer) -> None:
    res = where(gaz, "Weda.net — Puncak perayaan HUT daerah ditandai pawai budaya di Kota Weda.")
    assert res.regencies == ()
    # near miss: after the dash a kind word still names the regency
    res = where(gaz, "Weda.net — Bupati Puncak menghadiri pawai budaya di lapangan.")
    assert res.regencies == ("Kabupaten Puncak",)


def test_capitalised_common_word_names_are_places(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemkab Agam menggelar apel akbar. Bupati Agam meminta OPD mempercepat RB tematik.")
    assert res.regencies == ("Kabupaten Agam",)
    res = where(gaz, "Pemkot Batu meluncurkan aplikasi antrean. Wali Kota Batu hadir langsung.")
    assert res.regencies == ("Kota Batu",)
    assert res.provinces == ("Jawa Timur",)


def test_bone_is_not_bone_bolango(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemkab Bone Bolango menata ulang jabatan fungsional. Bupati Bone Bolango hadir.")
    assert res.regencies == ("Kabupaten Bone Bolango",)
    assert res.provinces == ("Gorontalo",)


def test_common_word_in_a_title_case_title_needs_the_body(gaz: Gazetteer) -> None:
    res = where(
        gaz,
        "Batulicin (WartaKalsel) - Dinas PUPR Kabupaten Tanah Bumbu menutup jalan bagi truk pengangkut batu bara.",
        title="Truk Batu Bara Dilarang Lewat Jalan Kabupaten",
    )
    assert res.regencies == ("Kabupaten Tanah Bumbu",)
    assert res.provinces == ("Kalimantan Selatan",)


def test_street_and_outlet_names_are_not_places(gaz: Gazetteer) -> None:
    res = where(
        gaz, "Pemkab Sleman membuka kantor baru di Jalan Magelang. Radar Jogja dan Bali Post meliput."
    )
    assert res.regencies == ("Kabupaten Sleman",)
    assert res.provinces == ("Daerah Istimewa Yogyakarta",)
    assert where(gaz, "Polda Metro Jaya menggelar pelatihan etika.").provinces == ()


def test_a_hill_or_a_market_named_like_a_city_is_not_the_city(gaz: Gazetteer) -> None:
    text = "KASONGAN – Bupati Katingan melantik kepala desa di obyek wisata Bukit Batu, lalu meninjau Pasar Bone."
    assert where(gaz, text).regencies == ("Kabupaten Katingan",)


# --- boilerplate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Baca Juga: Bupati Garut Lantik 40 Pejabat Eselon III",
        "BACA JUGA : Pemkot Makassar Raih Predikat WBK",
        "Berita Terkait: Gubernur Sulsel Minta OPD Berbenah",
        "Bacaan Lainnya",
        "Editor: Andi Pratama (Makassar)",
    ],
)
def test_boilerplate_lines_are_never_evidence(gaz: Gazetteer, line: str) -> None:
    text = f"KENDARI, SultraHariIni — Inspektorat Kota Kendari menggelar klinik RB.\n\n{line}\n\nAcara berlangsung tertib."
    res = where(gaz, text)
    assert res.regencies == ("Kota Kendari",)
    assert {m.name for m in res.mentions} == {"Kota Kendari", "Sulawesi Tenggara"}


# --- abbreviations, capitals, titles ---------------------------------------------------------------


def test_abbreviations_in_title_and_body(gaz: Gazetteer) -> None:
    res = where(
        gaz, "Pemprov menargetkan seluruh OPD meraih predikat BB tahun depan.", title="RB di Sumsel Dikebut"
    )
    assert res.provinces == ("Sumatera Selatan",)
    assert mention(res, "Sumatera Selatan").evidence == "RB di Sumsel Dikebut"
    res = where(gaz, "Pemprov NTT dan Pemprov Kaltara menandatangani nota kesepahaman tentang SPBE.")
    assert set(res.provinces) == {"Nusa Tenggara Timur", "Kalimantan Utara"}


def test_regency_implies_its_province(gaz: Gazetteer) -> None:
    res = where(gaz, "Bupati Lumajang mengukuhkan agen perubahan di setiap perangkat daerah.")
    assert res.provinces == ("Jawa Timur",)
    assert mention(res, "Jawa Timur").is_primary
    lumajang = mention(res, "Kabupaten Lumajang")
    assert lumajang.role == "subject" and lumajang.is_primary
    assert lumajang.evidence.startswith("Bupati Lumajang")


def test_short_forms_in_body(gaz: Gazetteer) -> None:
    res = where(
        gaz, "Pemkab Kukar menyelesaikan penyederhanaan birokrasi. Pemkab Kukar juga memangkas eselon IV."
    )
    assert res.regencies == ("Kabupaten Kutai Kartanegara",)
    assert res.provinces == ("Kalimantan Timur",)


# --- provincial capitals that are not a regency's name -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "province", "regency"),
    [
        ("Rapat koordinasi digelar di Sofifi.", "Maluku Utara", "Kota Tidore Kepulauan"),
        ("Rapat koordinasi digelar di Tanjung Selor.", "Kalimantan Utara", "Kabupaten Bulungan"),
        ("Rapat koordinasi digelar di Tanjungselor.", "Kalimantan Utara", "Kabupaten Bulungan"),
        ("Rapat koordinasi digelar di Wamena.", "Papua Pegunungan", "Kabupaten Jayawijaya"),
    ],
)
def test_capital_town_in_the_body_is_its_province(
    gaz: Gazetteer, text: str, province: str, regency: str
) -> None:
    res = where(gaz, text)
    assert res.provinces == (province,)
    assert res.regencies == ()  # one mention of the town does not make its regency the story's
    town = mention(res, regency)
    assert town.role == "mention" and not town.is_primary
    assert town.confidence < 0.5 and town.evidence == text
    assert mention(res, province).evidence == text


def test_capital_town_weighs_for_its_province_as_much_as_the_province_name(gaz: Gazetteer) -> None:
    by_town = mention(where(gaz, "Rapat koordinasi digelar di Sofifi."), "Maluku Utara")
    by_name = mention(where(gaz, "Rapat koordinasi digelar di Malut."), "Maluku Utara")
    assert by_town.confidence == by_name.confidence


def test_capital_town_in_the_title(gaz: Gazetteer) -> None:
    res = where(gaz, "Warga mengantre layanan kependudukan sejak pagi.", title="Antrean Panjang di Wamena")
    assert res.provinces == ("Papua Pegunungan",)
    assert mention(res, "Papua Pegunungan").evidence == "Antrean Panjang di Wamena"
    assert not mention(res, "Kabupaten Jayawijaya").is_primary


def test_capital_town_beside_its_regency_named_outright(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemkab Bulungan menggelar rapat evaluasi RB di Tanjung Selor.")
    assert res.provinces == ("Kalimantan Utara",)
    assert res.regencies == ("Kabupaten Bulungan",)
    assert mention(res, "Kabupaten Bulungan").evidence.startswith("Pemkab Bulungan")


def test_capital_town_in_a_dateline_is_its_seat_regency(gaz: Gazetteer) -> None:
    res = where(gaz, "TANJUNG SELOR, KaltaraKini — Sebanyak 40 ASN mengikuti uji kompetensi.")
    assert res.provinces == ("Kalimantan Utara",)
    assert res.regencies == ("Kabupaten Bulungan",)
    assert mention(res, "Kabupaten Bulungan").role == "dateline"


def test_capital_town_named_in_passing_is_not_where_the_story_happens(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemkab Lumajang menyusun rencana aksi. Tim sengaja belajar dari Sofifi soal layanan.")
    assert res.provinces == ("Jawa Timur",)
    assert not mention(res, "Maluku Utara").is_primary


# --- passing mentions, posts elsewhere, participants ------------------------------------------------


def test_learning_from_another_regency_is_a_passing_mention(gaz: Gazetteer) -> None:
    text = (
        "Pemkab Lumajang menyusun rencana aksi RB tematik. Tim sengaja belajar dari Kabupaten Banyuwangi "
        "yang lebih dulu berhasil. Bupati Lumajang meminta OPD bergerak cepat."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Lumajang",)
    banyuwangi = mention(res, "Kabupaten Banyuwangi")
    assert not banyuwangi.is_primary and banyuwangi.role == "mention"
    assert "belajar dari" in banyuwangi.evidence


def test_study_visit_target_is_not_the_story_region(gaz: Gazetteer) -> None:
    text = "Pemkot Pekanbaru melakukan studi tiru ke Pemerintah Kota Surabaya terkait MPP digital. Wali Kota Pekanbaru memimpin rombongan."
    res = where(gaz, text)
    assert res.regencies == ("Kota Pekanbaru",)
    assert res.provinces == ("Riau",)


def test_kalapas_posted_elsewhere_is_not_a_story_region(gaz: Gazetteer) -> None:
    text = (
        "PALEMBANG, KabarSumsel — Rapat penguatan RB digelar di Palembang. Turut hadir Kalapas Kelas IIA "
        "Lubuk Linggau dan Kepala Rutan Kelas IIB Baturaja yang menyatakan dukungannya."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kota Palembang",)
    assert not mention(res, "Kota Lubuk Linggau").is_primary


def test_participants_affiliation_in_a_national_story(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA, KabarNasional — Kementerian PANRB menggelar forum manajemen talenta ASN di Jakarta. "
        "Forum diikuti perwakilan instansi dari seluruh Indonesia.\n\n"
        "Kepala BKPSDM Kabupaten Sigi, Rahmat Lapadengan, mengaku masih kesulitan memetakan talenta."
    )
    res = where(gaz, text)
    assert res.provinces == ("DKI Jakarta",)
    assert res.regencies == ()


# --- districts and the home province ---------------------------------------------------------------


def test_district_is_weak_evidence(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemkab Malang membuka MPP di Kecamatan Kepanjen.")
    assert res.regencies == ("Kabupaten Malang",)
    weak = where(gaz, "Warga mengeluhkan antrean di Kecamatan Kepanjen.")
    assert weak.regencies == ()
    assert mention(weak, "Kabupaten Malang").confidence < 0.5


def test_home_province_is_only_a_fallback(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemerintah daerah mempercepat reformasi birokrasi tahun ini.", home="16")
    assert res.provinces == ("Sumatera Selatan",)
    only = mention(res, "Sumatera Selatan")
    assert only.confidence <= 0.3 and "fallback" in only.evidence
    res = where(gaz, "Pemkot Makassar mempercepat reformasi birokrasi tahun ini.", home="16")
    assert res.provinces == ("Sulawesi Selatan",)


def test_empty_text(gaz: Gazetteer) -> None:
    res = where(gaz, "")
    assert res == type(res)((), (), ())


def test_mentions_carry_codes_and_levels(gaz: Gazetteer) -> None:
    res = where(gaz, "Bupati Lumajang mengukuhkan agen perubahan.")
    reg = mention(res, "Kabupaten Lumajang")
    assert (reg.code, reg.level, reg.province_code) == ("35.08", "regency", "35")
    prov = mention(res, "Jawa Timur")
    assert (prov.code, prov.level, prov.province_code) == ("35", "province", "35")
    assert 0 < prov.confidence <= 1


def test_dateline_below_a_byline_line(gaz: Gazetteer) -> None:
    text = (
        "Oleh Tim Redaksi | Senin, 12 Mei 2025\n\n"
        "SAMARINDA, KaltimKini — Seluruh OPD diminta memperbarui peta proses bisnis sebelum akhir bulan."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kota Samarinda",)
    assert mention(res, "Kota Samarinda").role == "dateline"
    assert mention(res, "Kota Samarinda").evidence.startswith("SAMARINDA, KaltimKini")


def test_a_story_about_a_posted_institution_is_about_its_place(gaz: Gazetteer) -> None:
    text = (
        "Lapas Kelas IIB Lumajang menerima kunjungan tim penilai zona integritas. Kalapas Lumajang "
        "memaparkan inovasi layanan kunjungan daring bagi keluarga warga binaan."
    )
    res = where(gaz, text, title="Lapas Lumajang Siap Raih Predikat WBK")
    assert res.regencies == ("Kabupaten Lumajang",)
    assert res.provinces == ("Jawa Timur",)


def test_person_named_like_a_place_is_not_a_place(gaz: Gazetteer) -> None:
    res = where(gaz, "Wakil Menteri Dalam Negeri Bima Arya meminta daerah mempercepat SPBE.")
    assert res.provinces == () and res.regencies == ()


def test_common_word_title_confirmed_by_an_explicit_body_mention(gaz: Gazetteer) -> None:
    res = where(
        gaz,
        "Pemerintah Kabupaten Batu Bara menggelar penilaian mandiri RB. Bupati Batu Bara memimpin rapat.",
        title="Batu Bara Kebut Penilaian Mandiri Reformasi Birokrasi",
    )
    assert res.regencies == ("Kabupaten Batu Bara",)
    assert mention(res, "Kabupaten Batu Bara").confidence > 0.8


def test_jogja_is_the_province_in_the_body_and_the_city_in_a_dateline(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemda DIY menilai pelayanan publik di Jogja terus membaik.")
    assert res.provinces == ("Daerah Istimewa Yogyakarta",) and res.regencies == ()
    res = where(gaz, "JOGJA, HarianWarga — Sebanyak 300 ASN mengikuti uji kompetensi manajerial.")
    assert res.regencies == ("Kota Yogyakarta",)


@pytest.mark.parametrize(
    "text",
    [
        "Ketua DPRD mengetok palu tanda APBD perubahan disahkan.",
        "Nasib malang menimpa warga yang rumahnya terendam banjir.",
        "Nelayan di pesisir barat pulau itu menunggu bantuan.",
        "Pengurus mengajak ASN bersatu dari Sabang sampai Merauke.",
        "Umat menghaturkan banten di pura desa sebelum upacara dimulai.",
        "Warga Desa Karanganyar bergotong royong memperbaiki saluran irigasi.",
        "Delegasi menghadiri KTT ASEAN dan membahas kerja sama digital.",
    ],
)
def test_ordinary_phrases_that_contain_place_names(gaz: Gazetteer, text: str) -> None:
    res = where(gaz, text)
    assert res.provinces == () and res.regencies == (), res.mentions


def test_kuningan_jakarta_is_not_kabupaten_kuningan(gaz: Gazetteer) -> None:
    res = where(gaz, "Penyidik memeriksa saksi di Gedung Merah Putih KPK, Kuningan, Jakarta, Selasa.")
    assert "Kabupaten Kuningan" not in {m.name for m in res.mentions}


def test_an_officer_at_a_place_is_not_posted_to_it(gaz: Gazetteer) -> None:
    # after `di` the place is where the Kajati spoke, not the name of the institution
    text = "Kepala Kejati Aceh Joko Purwanto di Banda Aceh, Senin, mengatakan zona integritas dicanangkan."
    assert where(gaz, text).regencies == ("Kota Banda Aceh",)
    # the institution's own place name after its post still says nothing of where the story is
    text = "Kalapas Narkotika Kelas IIA Muara Beliti, Ronald, memaparkan program itu di Palembang, Selasa."
    assert where(gaz, text).regencies == ("Kota Palembang",)


def test_places_heading_the_items_of_a_list_set_out_line_by_line(gaz: Gazetteer) -> None:
    text = (
        "SAMARINDA - Gubernur Kalimantan Timur melantik lima penjabat kepala daerah di Samarinda.\n\n"
        "Masa jabatan kepala daerah di lima kabupaten itu berakhir pekan ini.\n\n"
        "Berikut nama penjabat bupati yang dilantik beserta jabatan asalnya:\n\n"
        "- Pj Bupati Paser, Rudi Hartanto (Kepala Dinas Sosial Kaltim)\n\n"
        "- Pj Bupati Berau, Sri Wahyuni (Asisten Pemerintahan Setdaprov Kaltim)\n\n"
        "- Pj Bupati Mahakam Ulu, Yosef Lung (Kepala Biro Hukum Setdaprov Kaltim)\n\n"
        "Gubernur meminta para penjabat menjaga netralitas ASN."
    )
    res = where(gaz, text)
    assert {"Kabupaten Paser", "Kabupaten Berau", "Kabupaten Mahakam Ulu"} <= set(res.regencies)
    # near miss: the same lines under a ranking name no place where the story happens
    text = (
        "SAMARINDA - Pemprov Kalimantan Timur mengumumkan hasil evaluasi SPBE di Samarinda.\n\n"
        "Kota Samarinda memimpin dengan nilai tertinggi tahun ini.\n\n"
        "Berikut peringkat lima daerah dengan indeks terendah:\n\n"
        "- Kabupaten Paser, nilai 2,10\n\n"
        "- Kabupaten Mahakam Ulu, nilai 1,95\n\n"
        "Diskominfo diminta mendampingi daerah yang tertinggal."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kota Samarinda",)
