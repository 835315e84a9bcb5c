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


def test_lines_above_a_capitalised_dateline_are_not_evidence(gaz: Gazetteer) -> None:
    text = (
        "Selasa, 4 Maret 2025 10:12 WIB\n"
        "Rep: Tim Redaksi\n"
        "Petugas memeriksa dokumen perizinan saat inspeksi di Medan, Sumatera Utara, Kamis (27/2).\n"
        "Predikat itu menjadi yang pertama bagi pemerintah daerah di kawasan timur.\n"
        "REPUBLIKA.CO.ID, MANOKWARI -- Pemprov Papua Barat menerima laporan hasil evaluasi SAKIP."
    )
    res = where(gaz, text)
    assert res.provinces == ("Papua Barat",)
    assert res.regencies == ("Kabupaten Manokwari",)
    assert "Kota Medan" not in names(res)


def test_dateline_below_menu_lines_with_an_unspaced_dash(gaz: Gazetteer) -> None:
    menu = "\n".join(["• Pemkab Sinjai", "• Pemkab Sinjai", "• Universitas Hasanuddin", "Advertisement"] * 3)
    text = f"{menu}\nBULUKUMBA—Pemkab Bulukumba meresmikan gerai layanan terpadu di kantor bupati."
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Bulukumba",)
    assert "Kabupaten Sinjai" not in names(res)


def test_web_address_in_a_capitalised_dateline_head(gaz: Gazetteer) -> None:
    text = (
        "Kepala perwakilan menyerahkan piagam kepada sejumlah kepala daerah, Selasa (4/3/2025).\n"
        "SULTRAKINI.com, KENDARI - Ombudsman menyerahkan hasil penilaian kepatuhan pelayanan publik."
    )
    assert where(gaz, text).regencies == ("Kota Kendari",)


def test_a_second_place_in_a_dateline_outside_the_first_ones_province_is_the_outlet(gaz: Gazetteer) -> None:
    res = where(gaz, "PARIAMAN, METRO – Wali Kota Pariaman memimpin apel kesiapsiagaan bencana.")
    assert res.regencies == ("Kota Pariaman",)
    assert res.provinces == ("Sumatera Barat",)
    res = where(gaz, "Mataram, NTB – Sebanyak 40 ASN mengikuti uji kompetensi.")
    assert res.provinces == ("Nusa Tenggara Barat",)


def test_bare_pair_name_in_a_dateline_is_the_city(gaz: Gazetteer) -> None:
    res = where(gaz, "MAGELANG – Menteri memberi pembekalan kepemimpinan kepada kepala daerah baru.")
    assert res.regencies == ("Kota Magelang",)
    res = where(gaz, "MAGELANG – Bupati Magelang membuka rapat evaluasi SAKIP perangkat daerah.")
    assert res.regencies == ("Kabupaten Magelang",)


def test_a_capitalised_head_below_the_story_itself_is_no_dateline(gaz: Gazetteer) -> None:
    story = (
        "Pemkab Wakatobi menggelar rapat evaluasi SAKIP bersama seluruh kepala perangkat daerah di aula "
        "kantor bupati. Rapat membahas capaian indikator kinerja utama dan rencana aksi tahun depan.\n"
    ) * 5
    res = where(gaz, story + "KENDARI – Pemkot Kendari meluncurkan aplikasi antrean layanan kependudukan.")
    assert "Kabupaten Wakatobi" in res.regencies
    assert all(m.role != "dateline" for m in res.mentions)


def test_title_case_sentence_with_a_dash_under_a_paragraph_is_not_a_dateline(gaz: Gazetteer) -> None:
    text = (
        "Rapat evaluasi kinerja dimulai pukul sembilan pagi dan berlangsung hingga sore hari.\n"
        "Bitung - ternyata masih menjadi pilihan lokasi favorit bagi pelaku usaha perikanan."
    )
    res = where(gaz, text)
    assert all(m.role != "dateline" for m in res.mentions)


# --- participants of a multi-region event vs places in a ranking ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PALU, SultengKini — Rapat kerja SPBE se-Sulawesi Tengah diikuti Kabupaten Poso, Kabupaten "
            "Donggala dan Kabupaten Morowali Utara. Acara dibuka Sekda provinsi.",
            {"Kota Palu", "Kabupaten Poso", "Kabupaten Donggala", "Kabupaten Morowali Utara"},
        ),
        (
            "Lokakarya penyusunan rencana aksi RB digelar sepekan. Lima daerah mengirimkan delegasi, "
            "yakni Kabupaten Lebak, Pandeglang, Kota Cilegon, Kota Serang dan Kabupaten Tangerang.",
            {"Kabupaten Lebak", "Kabupaten Pandeglang", "Kota Cilegon", "Kota Serang", "Kabupaten Tangerang"},
        ),
        (
            "Nota kesepahaman SPBE ditandatangani empat kepala daerah. Keempatnya yaitu Bupati Sumedang, "
            "Bupati Majalengka, Wali Kota Cirebon dan Bupati Kuningan.",
            {"Kabupaten Sumedang", "Kabupaten Majalengka", "Kota Cirebon", "Kabupaten Kuningan"},
        ),
        (
            "Rapat koordinasi digelar di Kantor Gubernur. Beberapa kepala daerah hadir langsung, di "
            "antaranya Bupati Buton Ahmad Rais, Bupati Wakatobi Laode Hadi dan Wakil Bupati Muna Barat Udin.",
            {"Kabupaten Buton", "Kabupaten Wakatobi", "Kabupaten Muna Barat"},
        ),
        (
            "Lomba inovasi daerah digelar di Samarinda. Empat daerah ambil bagian, yakni Kabupaten Berau, "
            "Kabupaten Paser, Kota Bontang dan Kota Balikpapan.",
            {"Kota Samarinda", "Kabupaten Berau", "Kabupaten Paser", "Kota Bontang", "Kota Balikpapan"},
        ),
    ],
)
def test_every_listed_participant_counts(gaz: Gazetteer, text: str, expected: set[str]) -> None:
    res = where(gaz, text)
    assert set(res.regencies) == expected
    assert all(m.is_primary for m in res.mentions if m.name in expected)


def test_regents_who_came_to_meet_a_visitor_are_participants_whatever_joins_their_names(
    gaz: Gazetteer,
) -> None:
    text = (
        "WAMENA – Menteri berkunjung ke Kabupaten Jayawijaya selama dua hari untuk meninjau kesiapan kantor "
        "gubernur yang baru di kota itu.\n"
        "Rombongan tiba dengan pesawat pada Senin siang dan disambut tarian adat di bandara.\n"
        "Para bupati se-wilayah ikut menjemput, yaitu Bupati dan Wakil Bupati Jayawijaya, Jhon Banua – Marthin "
        "Yogobi; Bupati Lanny Jaya, Befa Yigibalom; Bupati dan Wakil Bupati Tolikara Usman Wanimbo – Dinus "
        "Wanimbo; dan Bupati Nduga Yairus Gwijangge.\n"
        "Pertemuan berlangsung di gedung pertemuan Jayawijaya."
    )
    expected = {"Kabupaten Jayawijaya", "Kabupaten Lanny Jaya", "Kabupaten Tolikara", "Kabupaten Nduga"}
    assert set(where(gaz, text).regencies) == expected
    # the same list in a sentence that ranks them: not where the story happens
    ranked = text.replace("ikut menjemput", "meraih predikat terbaik")
    assert set(where(gaz, ranked).regencies) == {"Kabupaten Jayawijaya"}


def test_governors_who_attended_are_participants(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA – Kemendagri menggelar rapat koordinasi penguatan pelayanan publik di kantor Kemendagri, "
        "Jakarta Pusat, Rabu (5/3). Gubernur yang hadir antara lain Gubernur Gorontalo, Sulawesi Barat "
        "dan Maluku Utara."
    )
    res = where(gaz, text)
    assert {"DKI Jakarta", "Gorontalo", "Sulawesi Barat", "Maluku Utara"} <= set(res.provinces)


def test_participants_from_several_provinces_bring_their_provinces(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA, KabarNasional — Menteri meresmikan gerai layanan terpadu baru di Kabupaten Sambas "
        "(Kalimantan Barat), Kabupaten Bantaeng (Sulawesi Selatan) dan Kabupaten Bireuen (Aceh)."
    )
    res = where(gaz, text)
    assert {"Kabupaten Sambas", "Kabupaten Bantaeng", "Kabupaten Bireuen"} <= set(res.regencies)
    assert {"Kalimantan Barat", "Sulawesi Selatan", "Aceh"} <= set(res.provinces)


@pytest.mark.parametrize(
    "text",
    [
        # a ranking in the list's own sentence
        "Pemkab Jember menerima laporan evaluasi. Empat daerah meraih predikat BB, yakni Kabupaten "
        "Lamongan, Kabupaten Gresik, Kota Madiun dan Kabupaten Ngawi. Bupati Jember meminta OPD berbenah.",
        # a ranking in the sentence the list refers back to
        "Pemkab Jember menerima laporan evaluasi. Tiga daerah lain mendapat nilai tertinggi. Ketiganya "
        "yaitu Kabupaten Lamongan, Kabupaten Gresik dan Kota Madiun. Bupati Jember meminta OPD berbenah.",
        # participation words, but the list ranks the participants
        "Pemkab Jember menerima laporan evaluasi. Dari peserta rapat, peringkat teratas ditempati "
        "Kabupaten Lamongan, Kabupaten Gresik dan Kota Madiun. Bupati Jember meminta OPD berbenah.",
        # examples with no event
        "Pemkab Jember menyusun peta proses bisnis. Daerah lain seperti Kabupaten Lamongan, Kabupaten "
        "Gresik dan Kota Madiun sudah lebih dulu. Bupati Jember meminta OPD berbenah.",
        # benchmarks, even beside a participation word
        "Pemkab Jember mengikuti jejak Kabupaten Lamongan dan Kabupaten Gresik dalam menata layanan. "
        "Bupati Jember meminta OPD berbenah.",
    ],
)
def test_ranked_example_and_benchmark_lists_are_not_participants(gaz: Gazetteer, text: str) -> None:
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Jember",)
    assert res.provinces == ("Jawa Timur",)


def test_a_list_that_refers_back_to_the_events_set_takes_the_title(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA — Menteri meresmikan sebelas gerai layanan publik secara serentak, Senin (3/3).\n"
        '"Layanan terpadu memudahkan warga," kata deputi pelayanan publik.\n'
        "Kesebelas gerai tersebut diantaranya Kabupaten Agam, Kabupaten Kerinci, Kota Bitung, Kabupaten "
        "Sumba Timur dan Kabupaten Tapin."
    )
    res = where(gaz, text, title="Sebelas Gerai Layanan Publik Diresmikan")
    assert {
        "Kabupaten Agam",
        "Kabupaten Kerinci",
        "Kota Bitung",
        "Kabupaten Sumba Timur",
        "Kabupaten Tapin",
    } <= set(res.regencies)


def test_a_list_of_examples_under_an_event_title_is_not_the_events(gaz: Gazetteer) -> None:
    text = (
        "Pemkab Sleman meresmikan gerai layanan terpadu di kantor bupati, Senin (3/3).\n"
        "Sebelumnya, daerah lain sudah lebih dulu punya gerai, antara lain Kabupaten Agam, Kota Bitung "
        "dan Kabupaten Tapin."
    )
    res = where(gaz, text, title="Gerai Layanan Terpadu Sleman Diresmikan")
    assert res.regencies == ("Kabupaten Sleman",)


def test_recipients_named_with_their_heads_are_a_ranking_list(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA – Provinsi Jawa Tengah menerima penghargaan kinerja terbaik dari Kementerian Dalam Negeri, "
        "Rabu (5/3).\n"
        "Penghargaan juga diberikan kepada lima kepala daerah.\n"
        "Para penerima antara lain Bupati Sinjai Andi Rahmat, Bupati Gowa Husniah Talenrang, Wali Kota "
        "Palopo Naili Trisal.\n"
        "Kemudian, Bupati Lahat Bursah Zarnubi dan Wali Kota Pagar Alam Ludi Oliansyah."
    )
    res = where(gaz, text)
    assert res.regencies == ()
    assert not {"Sulawesi Selatan", "Sumatera Selatan"} & set(res.provinces)


def test_the_ranked_subject_of_the_opening_paragraph_stays(gaz: Gazetteer) -> None:
    text = (
        "Bupati Pati dan Wali Kota Bandung menerima penghargaan kinerja terbaik dari Presiden, Jumat (10/11).\n"
        "Penghargaan diserahkan di Gedung Kemendagri, Jl Medan Merdeka Utara No 7, Jakarta Pusat."
    )
    res = where(gaz, "Posted on 10 Nov 2017\n" + text)
    assert {"Kabupaten Pati", "Kota Bandung"} <= set(res.regencies)


def test_two_places_far_apart_in_a_sentence_are_not_a_list(gaz: Gazetteer) -> None:
    text = (
        "Pemkab Jember menggelar rapat evaluasi SAKIP.\n\nBupati Jember yang pernah menghadiri forum "
        "di Surabaya meminta camat belajar tertib administrasi dari Kabupaten Lamongan."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Jember",)


def test_former_post_is_a_passing_mention(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA, KabarNasional — Menteri menyampaikan arah kebijakan RB tematik. Menurut mantan bupati "
        "Banyuwangi itu, birokrasi harus berdampak."
    )
    res = where(gaz, text)
    assert "Kabupaten Banyuwangi" not in res.regencies
    assert "Jawa Timur" not in res.provinces


# --- rankings and benchmarks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Nilai SAKIP Bantaeng Tertinggi Ketiga se-Sulsel Setelah Kota Makassar",
        "Bantaeng Raih Peringkat Dua, Hanya di Bawah Kota Makassar",
    ],
)
def test_the_place_a_ranking_compares_with_is_not_the_story(gaz: Gazetteer, title: str) -> None:
    text = "BANTAENG, KabarSulsel — Pemkab Bantaeng menerima laporan hasil evaluasi akuntabilitas kinerja."
    res = where(gaz, text, title=title)
    assert res.regencies == ("Kabupaten Bantaeng",)
    assert res.provinces == ("Sulawesi Selatan",)


def test_after_without_a_ranking_is_not_a_comparison(gaz: Gazetteer) -> None:
    res = where(
        gaz, "Pemkot Makassar menggelar rapat evaluasi. Setelah Pemkot Makassar, giliran camat melapor."
    )
    assert res.regencies == ("Kota Makassar",)
    res = where(
        gaz, "Warga mengantre sejak pagi.", title="Setelah Banjir, Pemkot Makassar Buka Layanan Darurat"
    )
    assert res.regencies == ("Kota Makassar",)


def test_tanah_papua_is_the_land_not_the_province(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemprov Papua Tengah menyusun peta jalan RB.", title="Birokrasi Baru di Tanah Papua")
    assert res.provinces == ("Papua Tengah",)


# --- venues ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province", "regency"),
    [
        (
            "Pemkab Pidie menyampaikan laporan kinerja triwulan. Paparan itu berlangsung di Aula Gedung "
            "Kementerian Dalam Negeri di Jakarta, Rabu (5/3/2025).",
            "DKI Jakarta",
            None,
        ),
        (
            "Pemkab Banyumas menerima penghargaan SAKIP. Penghargaan diserahkan Menteri di Hotel Sahid "
            "Jakarta. Bupati Banyumas mengapresiasi kerja OPD.",
            "DKI Jakarta",
            None,
        ),
        (
            "Pemkab Serang meraih predikat BB. Laporan hasil evaluasi diserahkan kepada Bupati Serang "
            "dalam acara penyerahan wilayah I di Bandung, Senin (28/1). Bupati Serang bersyukur.",
            "Jawa Barat",
            "Kota Bandung",
        ),
        (
            "Pemkab Malang meluncurkan aplikasi aduan. Aplikasi diluncurkan di Pendopo Kabupaten Malang "
            "jalan Agus Salim no. 12, Kota Malang, oleh Sekda.",
            "Jawa Timur",
            "Kota Malang",
        ),
    ],
)
def test_the_event_venue_counts_even_in_another_province(
    gaz: Gazetteer, text: str, province: str, regency: str | None
) -> None:
    res = where(gaz, text)
    assert province in res.provinces
    if regency:
        assert regency in res.regencies
    assert len(res.provinces) <= 2


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        (
            "Menteri meninjau presentasi inovasi di Kantor Kementerian PANRB, Senayan, Jakarta Selatan, Selasa.",
            "Kota Administrasi Jakarta Selatan",
        ),
        (
            "Piagam diserahkan di Gedung Kemendagri, Jl Medan Merdeka Utara No 7, Jakarta Pusat.",
            "Kota Administrasi Jakarta Pusat",
        ),
        ("Penyerahan hasil penilaian digelar di Griya Agung Palembang.", "Kota Palembang"),
    ],
)
def test_a_venue_written_as_an_address(gaz: Gazetteer, text: str, regency: str) -> None:
    res = where(gaz, "Pemkab Muara Enim menerima hasil penilaian kepatuhan pelayanan publik.\n\n" + text)
    assert regency in res.regencies


@pytest.mark.parametrize(
    "sentence",
    [
        "Rapat digelar di kantor bupati, sementara warga Kabupaten Sleman menunggu di luar.",
        "Rapat digelar di Aula Bappeda, meski tim dari Kabupaten Sleman belum tiba.",
    ],
)
def test_a_name_after_a_venue_and_other_words_is_not_the_venue(gaz: Gazetteer, sentence: str) -> None:
    res = where(gaz, "Pemkab Gowa menyusun rencana aksi reformasi birokrasi.\n\n" + sentence)
    assert "Kabupaten Sleman" not in res.regencies
    assert res.provinces == ("Sulawesi Selatan",)


def test_the_event_named_before_di_places_it(gaz: Gazetteer) -> None:
    text = (
        "Manado (KabarSulut) - Mendagri membuka musrenbang provinsi.\n\n"
        '"Perencanaan harus tepat sasaran," kata Mendagri pada musrenbang RKPD Sulut di Kabupaten Minahasa '
        "Utara."
    )
    res = where(gaz, text)
    assert "Kabupaten Minahasa Utara" in res.regencies


def test_a_training_venue_in_another_province_does_not_count(gaz: Gazetteer) -> None:
    text = (
        "Pemkab Pidie menyiapkan penyusunan LKjIP. Sebanyak 20 ASN mengikuti bimtek SAKIP di Hotel "
        "Grand Cempaka Jakarta, Selasa (4/3). Bupati Pidie meminta hasil bimtek diterapkan."
    )
    res = where(gaz, text)
    assert res.provinces == ("Aceh",)
    assert res.regencies == ("Kabupaten Pidie",)


def test_a_bare_capital_pair_name_as_venue_is_the_capital_city(gaz: Gazetteer) -> None:
    res = where(gaz, "Rapat koordinasi RB tematik se-Jawa Barat digelar di Bandung, Kamis (6/3).")
    assert res.regencies == ("Kota Bandung",)
    res = where(gaz, "Rapat koordinasi pengawasan digelar di Bogor, Kamis (6/3).")
    assert res.regencies == ()  # Bogor is no capital: a bare Bogor stays undecided


def test_government_wording_that_names_another_place_does_not_decide_a_pair(gaz: Gazetteer) -> None:
    text = (
        "Pemkab Pandeglang meraih predikat BB. Piagam diserahkan kepada Bupati Pandeglang pada acara "
        "penyerahan wilayah I di Bandung, Senin (3/2)."
    )
    res = where(gaz, text)
    assert "Kabupaten Bandung" not in {m.name for m in res.mentions}
    # ... while wording that names the pair's own name, or no place, still does
    res = where(gaz, "Bima – Bupati Bima meninjau lokasi banjir. Pemkab Bima mendirikan dapur umum.")
    assert res.regencies == ("Kabupaten Bima",)
    res = where(gaz, "Bima – Bupati meninjau lokasi banjir dan meminta camat mendata kerusakan.")
    assert res.regencies == ("Kabupaten Bima",)


# --- the desk of a national outlet or ministry -------------------------------------------------------


def test_jakarta_dateline_of_a_release_received_there_is_the_desk(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA, KabarNasional — Menteri PANRB menegaskan RB tematik harus berdampak pada kemiskinan, "
        "ujarnya dalam siaran pers yang diterima di Jakarta, Minggu (2/2)."
    )
    res = where(gaz, text)
    assert res.provinces == () and res.regencies == ()


def test_any_dateline_where_a_release_was_received_is_the_desk(gaz: Gazetteer) -> None:
    text = (
        "Kupang (WireNTT) - Pemkab Alor menggelar evaluasi kinerja camat, demikian siaran pers yang "
        "diterima di Kupang, Rabu."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Alor",)


def test_where_a_written_statement_was_issued_is_the_desk(gaz: Gazetteer) -> None:
    text = (
        "Sosialisasi KTP digital digelar di delapan kabupaten, kata kepala dinas dalam keterangan "
        "tertulis di Nabire, Selasa. Untuk Paniai, kegiatan dipusatkan di Kantor Bupati Kabupaten Paniai."
    )
    assert where(gaz, text).regencies == ("Kabupaten Paniai",)
    # near miss: an event held there is still where the story happens
    text = "Sosialisasi KTP digital digelar di Nabire, Selasa, dihadiri kepala distrik."
    assert where(gaz, text).regencies == ("Kabupaten Nabire",)


def test_jakarta_dateline_yields_to_the_venue_elsewhere(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA – Kementerian PANRB mengembangkan RB tematik pengentasan kemiskinan.\n\n"
        "Hal itu disampaikan asisten deputi saat menjadi narasumber FGD RB tematik di Kota Semarang "
        "bersama Bappeda Jawa Tengah."
    )
    res = where(gaz, text)
    assert res.provinces == ("Jawa Tengah",)
    assert res.regencies == ("Kota Semarang",)


@pytest.mark.parametrize(
    "text",
    [
        "JAKARTA – Menteri PANRB menerbitkan surat edaran tentang pengaturan kerja ASN selama arus balik.",
        "JAKARTA – Kementerian PANRB menyerahkan penghargaan inovasi pelayanan publik secara virtual, "
        "Selasa (9/11). Acara disiarkan melalui kanal video kementerian.",
    ],
)
def test_jakarta_dateline_of_a_release_with_no_jakarta_event_is_the_desk(gaz: Gazetteer, text: str) -> None:
    assert where(gaz, text).provinces == ()


def test_jakarta_dateline_of_a_story_in_jakarta_stays(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA – Kementerian PANRB menggelar rapat evaluasi SPBE nasional. Rapat diikuti perwakilan "
        "kementerian dan lembaga di kantor kementerian."
    )
    assert where(gaz, text).provinces == ("DKI Jakarta",)
    text = (
        "JAKARTA – Pemkab Sleman menerima penghargaan pelayanan publik dari Kementerian PANRB. Penghargaan "
        "diserahkan di Jakarta, Selasa (4/2)."
    )
    assert set(where(gaz, text).provinces) == {"DKI Jakarta", "Daerah Istimewa Yogyakarta"}
    text = (
        "JAKARTA – Mendagri melantik penjabat gubernur di Ruang Sasana Bhakti Praja Kemendagri, Kamis "
        "(12/5). Penjabat itu putra daerah Gorontalo."
    )
    assert set(where(gaz, text).provinces) == {"DKI Jakarta", "Gorontalo"}


# --- districts that share a regency's name -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "regency", "not_there"),
    [
        (
            "Pemkab Kebumen membuka layanan adminduk keliling. Layanan pertama dibuka di Kecamatan "
            "Karanganyar dan diserbu warga.",
            "Kabupaten Kebumen",
            "Kabupaten Karanganyar",
        ),
        (
            "Bupati Tabanan meninjau gerai perizinan di kantor Camat Kediri. Warga Kec. Kediri menyambut baik.",
            "Kabupaten Tabanan",
            "Kabupaten Kediri",
        ),
    ],
)
def test_a_district_named_like_another_regency_is_the_district(
    gaz: Gazetteer, text: str, regency: str, not_there: str
) -> None:
    res = where(gaz, text)
    assert res.regencies == (regency,)
    assert not_there not in names(res)
    assert len(res.provinces) == 1


def test_camat_before_a_persons_name_is_not_a_district(gaz: Gazetteer) -> None:
    res = where(gaz, "Camat Bantul Budi Raharjo menerima tim penilai. Pemkab Bantul menyiapkan dokumen.")
    assert res.regencies == ("Kabupaten Bantul",)


def test_a_province_whose_government_is_a_subject_counts_beside_a_larger_one(gaz: Gazetteer) -> None:
    text = (
        "Jayapura (KabarPapua) – Bappeda Provinsi Papua menyebut provinsi baru memerlukan ribuan ASN. "
        "Papua akan membantu pengisian jabatan.\n\n"
        "Penjabat Gubernur Papua Tengah meminta tambahan pegawai. Pemprov Papua Tengah juga menyiapkan "
        "kantor sementara."
    )
    res = where(gaz, text, title="Provinsi Baru di Papua Butuh Ribuan ASN")
    assert {"Papua", "Papua Tengah"} <= set(res.provinces)


def test_a_place_named_only_in_ranking_sentences_is_a_ranking_entry(gaz: Gazetteer) -> None:
    text = (
        "JAKARTA – KPK menyerahkan penghargaan pencegahan korupsi di Gedung Merah Putih KPK, Jakarta, "
        "Rabu (4/12).\n\n"
        "Pada kategori provinsi, peringkat pertama diraih Provinsi Maluku Utara dengan skor 98.\n\n"
        "Menurut KPK, skor itu naik dibanding tahun lalu berkat peringkat Maluku Utara yang stabil."
    )
    res = where(gaz, text)
    assert res.provinces == ("DKI Jakarta",)


def test_the_subjects_own_ranked_results_keep_counting(gaz: Gazetteer) -> None:
    text = (
        "PURWOKERTO – Bupati Banyumas menerima penghargaan kinerja dari Kemendagri.\n\n"
        "Bupati Banyumas menerima penghargaan kinerja peringkat 6 nasional.\n\n"
        "Pemkab Banyumas meraih nilai tertinggi se-Jawa Tengah.\n\n"
        "Gubernur Sulawesi Barat juga menerima penghargaan serupa pada malam itu."
    )
    res = where(gaz, text)
    assert res.regencies == ("Kabupaten Banyumas",)
    assert "Sulawesi Barat" not in res.provinces


def test_every_place_an_event_struck_counts(gaz: Gazetteer) -> None:
    text = (
        "Kupang (KabarNTT) - BPBD mencatat sejumlah bencana sepekan terakhir.\n\n"
        "Banjir terjadi di Desa Oesao, Kupang Timur, Kabupaten Kupang sejak Senin malam.\n\n"
        "Longsor juga terjadi di Desa Wolowaru, Kecamatan Wolowaru, Ende, Selasa (4/3).\n\n"
        "Wilayah lain yang terdampak angin kencang yaitu Kabupaten Sikka dan Kabupaten Flores Timur."
    )
    res = where(gaz, text)
    assert {"Kabupaten Kupang", "Kabupaten Ende", "Kabupaten Sikka", "Kabupaten Flores Timur"} <= set(
        res.regencies
    )


def test_a_short_form_in_parentheses_inside_a_name(gaz: Gazetteer) -> None:
    res = where(gaz, "Pemerintah Kabupaten Ogan Komering Ulu (OKU) Selatan menggelar evaluasi SAKIP.")
    assert res.regencies == ("Kabupaten Ogan Komering Ulu Selatan",)
    res = where(
        gaz, "Pemerintah Kabupaten Ogan Komering Ulu (OKU) menggelar evaluasi SAKIP. Timur laut hujan."
    )
    assert res.regencies == ("Kabupaten Ogan Komering Ulu",)


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("MARTAPURA – Bupati OKU Timur membuka rapat evaluasi SAKIP.", "Kabupaten Ogan Komering Ulu Timur"),
        ("MARTAPURA – Bupati Banjar membuka rapat evaluasi SAKIP.", "Kabupaten Banjar"),
    ],
)
def test_a_seat_shared_by_two_regencies_is_decided_by_the_article(
    gaz: Gazetteer, text: str, regency: str
) -> None:
    assert where(gaz, text).regencies == (regency,)


@pytest.mark.parametrize(
    ("text", "regencies"),
    [
        # a regency's name ending a village's name is the village
        (
            "Satpol PP Kota Padangsidimpuan menggelar razia di Kelurahan Losung Batu, Kecamatan Padangsidimpuan Utara.",
            ("Kota Padangsidimpuan",),
        ),
        # Lampung's "pekon" is a village word as much as "desa" (the shared list in regions.yaml)
        ("Banjir melanda Pekon Batu dan Pekon Sinar Batu di Kecamatan Pugung pada Senin malam.", ()),
        # a kind word before it names the place itself
        ("Bupati meninjau jalan rusak di Desa Sukamaju Kabupaten Garut, Senin.", ("Kabupaten Garut",)),
    ],
)
def test_a_village_name_holding_a_place_name(gaz: Gazetteer, text: str, regencies: tuple[str, ...]) -> None:
    assert where(gaz, text).regencies == regencies


def test_a_cafe_opens_a_venue_address(gaz: Gazetteer) -> None:
    text = (
        "BOLMONG – Diskominfo Bolaang Mongondow menggelar desk evaluasi SPBE.\n"
        "Kegiatan digelar di Cafe Foodsal, Kelurahan Kotobangon, Kecamatan Kotamobagu Timur, Kota "
        "Kotamobagu, pada Kamis."
    )
    assert "Kota Kotamobagu" in where(gaz, text).regencies


def test_a_dateline_on_a_line_of_its_own(gaz: Gazetteer) -> None:
    text = (
        "PADANG (SumbarFokus)\n"
        "Dalam pelantikan Sekda Provinsi Sumatera Barat yang baru, gubernur meminta ASN kompak."
    )
    assert where(gaz, text).regencies == ("Kota Padang",)
    # a capitalised menu line is no dateline
    menu = "BERITA TERKINI\nDalam pelantikan Sekda Provinsi Sumatera Barat, gubernur meminta ASN kompak."
    assert where(gaz, menu).regencies == ()


def test_a_list_of_districts_goes_on_after_kecamatan(gaz: Gazetteer) -> None:
    # "Batang Masumai" is a district of Merangin named in a list, not Kabupaten Batang (Central Java)
    text = (
        "Inspektorat Kabupaten Merangin memeriksa dana desa.\n"
        "Pemeriksaan dimulai di Kecamatan Tabir, Tabir Ulu, Batang Masumai dan Pamenang.\n"
        "Tim juga kembali ke Kecamatan Pamenang Barat, Batang Masumai dan Tabir untuk memeriksa fisik."
    )
    assert where(gaz, text).regencies == ("Kabupaten Merangin",)
    # the list ends where the address goes up a level ("Kota" is also a district's name in Kediri)
    address = (
        "Desk evaluasi digelar di Kelurahan Kotobangon, Kecamatan Kotamobagu Timur, Kota Kotamobagu, Kamis."
    )
    assert where(gaz, address).regencies == ("Kota Kotamobagu",)


def test_a_site_menu_names_no_place(gaz: Gazetteer) -> None:
    # an outlet's navigation, kept in the page text: its regional sections say nothing of the story
    text = (
        "  • BERANDA\n  • LAMPUNG\n    • BANDARLAMPUNG\n    • LAMPUNG BARAT\n    • LAMPUNG TIMUR\n"
        "  • VIDEO\n"
        "Dinkes Pesawaran Gandeng Tokoh Agama Sukseskan Imunisasi Polio\n"
        "Dinas Kesehatan Kabupaten Pesawaran menggandeng tokoh agama agar warga tidak menolak imunisasi."
    )
    assert where(gaz, text).regencies == ("Kabupaten Pesawaran",)
    # a bulleted line in an article's own words still counts
    listed = "Mal pelayanan publik baru diresmikan Senin:\n- Kabupaten Lampung Barat, dengan 40 layanan."
    assert where(gaz, listed).regencies == ("Kabupaten Lampung Barat",)
