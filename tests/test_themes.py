"""Themes: each of the eleven, with a passage that discusses it and one that only brushes it.

Every passage is written for the test.
"""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from nlp.themes import THEME_KEYS, ThemeHit, compile_taxonomy, detect_themes, load_taxonomy


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def keys(text: str, tax, title: str = "") -> set[str]:
    return {t.key for t in detect_themes(text, title=title, taxonomy=tax)}


POSITIVE = {
    "spbe": (
        "Pemkot Tegal menggabungkan 28 aplikasi perangkat daerah ke satu portal layanan. Langkah itu "
        "bagian dari penerapan Sistem Pemerintahan Berbasis Elektronik (SPBE) agar data tidak berulang."
    ),
    "merit_system": (
        "BKPSDM Kabupaten Pati menerapkan sistem merit dalam pengisian jabatan. Seleksi terbuka jabatan "
        "pimpinan tinggi pratama digelar untuk empat kursi kepala dinas."
    ),
    "public_service": (
        "Mal Pelayanan Publik Kabupaten Gresik kini melayani 180 jenis layanan. Standar pelayanan setiap "
        "loket dipajang agar warga tahu waktu dan biaya pengurusan."
    ),
    "integrity_zone": (
        "Dua unit kerja Pemkab Sumedang diusulkan meraih predikat Wilayah Bebas dari Korupsi (WBK). "
        "Pembangunan zona integritas di kedua unit itu dimulai sejak awal tahun."
    ),
    "performance_accountability": (
        "Nilai SAKIP Pemprov Gorontalo naik menjadi BB. Setiap kepala OPD menandatangani perjanjian "
        "kinerja dan melaporkan capaian kinerja dalam LKjIP tiap triwulan."
    ),
    "organisational_simplification": (
        "Pemkab Kudus menuntaskan penyetaraan jabatan administrasi ke jabatan fungsional. Penyederhanaan "
        "birokrasi itu memangkas 96 jabatan eselon IV."
    ),
    "rb_evaluation": (
        "Indeks reformasi birokrasi Kabupaten Tuban naik menjadi 71,2. Inspektorat menindaklanjuti "
        "catatan dalam laporan hasil evaluasi RB dari kementerian."
    ),
    "rb_action_plan": (
        "Bagian Organisasi Setda Kota Cilegon mendampingi OPD menyusun rencana aksi reformasi birokrasi "
        "tahun 2026 yang mengacu pada road map RB daerah."
    ),
    "rb_tematik": (
        "Pemkab Lombok Utara memfokuskan RB tematik pada pengentasan kemiskinan. Data kemiskinan ekstrem "
        "dipadankan dengan penerima bantuan di tiap desa."
    ),
    "anti_corruption": (
        "Inspektorat Kota Jambi mengingatkan seluruh pegawai menolak gratifikasi menjelang hari raya. "
        "Unit pengendali gratifikasi membuka layanan pelaporan bagi ASN yang menerima pemberian."
    ),
    "asn_management": (
        "BKD Kabupaten Wonogiri memperketat disiplin ASN melalui presensi berbasis lokasi. Hukuman "
        "disiplin dijatuhkan kepada pegawai yang tiga kali absen tanpa keterangan."
    ),
}

# Each passage uses a word of the theme in passing, in an article about something else.
NEGATIVE = {
    "spbe": "Pedagang pasar mulai berjualan secara online sejak pandemi, kata seorang pedagang sayur.",
    "merit_system": "Pelatih klub itu menilai kompetensi pemain muda masih perlu diasah sebelum liga dimulai.",
    "public_service": "Antrean kendaraan mengular di SPBU sejak pagi karena pasokan solar terlambat.",
    "integrity_zone": "Pemain sepak bola itu dikenal dengan integritasnya, kata pelatihnya seusai laga.",
    "performance_accountability": "Kinerja tim voli putri dinilai menurun setelah dua laga tanpa kemenangan.",
    "organisational_simplification": "Panitia festival melakukan efisiensi anggaran konsumsi tahun ini.",
    "rb_evaluation": "Guru melakukan evaluasi hasil belajar siswa pada akhir semester ganjil.",
    "rb_action_plan": "Warga berencana menggelar lomba perahu hias pada perayaan hari jadi kota.",
    "rb_tematik": "Harga cabai naik dan turut mendorong inflasi bulanan di pasar tradisional.",
    "anti_corruption": "Mahasiswa itu menulis skripsi tentang transparansi laporan keuangan koperasi.",
    "asn_management": "Seorang pegawai toko emas menjadi saksi dalam perkara pencurian itu.",
}


def test_taxonomy_has_exactly_the_contract_keys_with_all_fields():
    raw = yaml.safe_load(resources.files("rbmon_data").joinpath("themes.yaml").read_text(encoding="utf-8"))
    assert set(raw["themes"]) == set(THEME_KEYS)
    for key, spec in raw["themes"].items():
        assert spec["description"].strip(), key
        assert spec["phrases"]["strong"], key
        assert isinstance(spec["acronyms"], list), key
        assert {"strong", "weak", "acronym"} <= set(spec["weights"]), key


@pytest.mark.parametrize("key", THEME_KEYS)
def test_theme_detected_when_discussed(tax, key):
    assert key in keys(POSITIVE[key], tax)


@pytest.mark.parametrize("key", THEME_KEYS)
def test_theme_not_detected_from_a_passing_word(tax, key):
    assert keys(NEGATIVE[key], tax) == set()


def test_inflected_forms_match_through_stems(tax):
    text = "Pemkot mulai menerapkan sistem merit. Penerapan sistem merit diawasi KASN."
    hits = detect_themes(text, taxonomy=tax)
    assert hits[0].key == "merit_system"
    assert len(hits[0].evidence) == 2


def test_acronyms_are_case_sensitive(tax):
    # "zi" and "wbk" in lower case are not the acronyms
    assert "integrity_zone" not in keys(
        "Kode zi dan wbk tertera di kardus kiriman itu. Kiriman tiba pagi.", tax
    )
    assert "integrity_zone" in keys("Unit itu meraih predikat WBK. ZI dibangun sejak 2023.", tax)


def test_title_hits_weigh_more(tax):
    body = "Pemkab membahas pembangunan zona integritas bersama kepala OPD."
    plain = detect_themes(body, taxonomy=tax)
    titled = detect_themes(body, title="Pemkab Canangkan Zona Integritas", taxonomy=tax)
    assert titled[0].score > plain[0].score


def test_repeated_phrase_is_capped():
    raw = yaml.safe_load(resources.files("rbmon_data").joinpath("themes.yaml").read_text(encoding="utf-8"))
    raw["scoring"]["max_hits_per_phrase"] = 2
    tax = compile_taxonomy(raw)
    text = " ".join(["Ini soal sistem merit."] * 6)
    (hit,) = detect_themes(text, taxonomy=tax)
    # the two counted hits are the lead's two sentences
    lead = raw["scoring"]["positions"]["lead"]
    assert hit.score == 2 * raw["themes"]["merit_system"]["weights"]["strong"] * lead


def test_weak_words_alone_do_not_make_a_theme(tax):
    text = "Pegawai itu datang. Pegawai lain pulang. Para pegawai rapat. Aparatur desa hadir. ASN ikut."
    assert "asn_management" not in keys(text, tax)


def test_minor_theme_below_the_relative_bar_is_dropped(tax):
    text = (
        "Pemkot menerapkan SPBE. Indeks SPBE naik. Arsitektur SPBE disusun. Aplikasi umum dipakai. "
        "Interoperabilitas data dijamin. Pusat data pemerintah dibangun. Warga juga bisa mengakses "
        "layanan publik."
    )
    got = keys(text, tax)
    assert "spbe" in got and "public_service" not in got


def test_evidence_sentences_and_result_type(tax):
    hits = detect_themes(POSITIVE["performance_accountability"], taxonomy=tax)
    assert all(isinstance(h, ThemeHit) for h in hits)
    top = hits[0]
    assert top.key == "performance_accountability"
    assert 1 <= len(top.evidence) <= 3
    assert all(s in POSITIVE["performance_accountability"] for s in top.evidence)


def test_sastrawi_over_stemming_of_berbasis_does_not_break_the_phrase(tax):
    # berbasis -> "bas": the phrase is stemmed the same way, so it still matches as a whole
    assert "spbe" in keys("Pemda memperkuat sistem pemerintahan berbasis elektronik di semua OPD.", tax)


def test_kkn_student_fieldwork_is_not_anti_corruption(tax):
    text = (
        "Mahasiswa KKN Tematik Universitas Halu Oleo membantu kader posyandu menimbang balita. "
        "Program KKN itu berlangsung 45 hari. Koordinator KKN menyebut mahasiswa juga mengajar anak-anak."
    )
    assert keys(text, tax) == set()


def test_an_integrity_pact_signed_with_the_performance_agreement_is_no_anti_corruption_theme(tax):
    # every pelantikan, ZI pencanangan and PK signing has its pakta integritas: a ritual, not a
    # discussion of corruption prevention
    text = (
        "Seluruh kepala OPD Pemkab Ende menandatangani perjanjian kinerja dan pakta integritas tahun 2026. "
        "Perjanjian kinerja memuat target indikator kinerja utama yang dievaluasi dalam SAKIP. "
        "Penandatanganan pakta integritas dilakukan di hadapan bupati."
    )
    assert keys(text, tax) == {"performance_accountability"}


def test_every_theme_has_an_indonesian_and_an_english_label() -> None:
    """A theme is one entry of themes.yaml: its key, its labels for the digest, its phrases."""
    from nlp.themes import theme_labels

    for language in ("id", "en"):
        labels = theme_labels(language)
        assert list(labels) == list(THEME_KEYS)
        assert all(label.strip() for label in labels.values())
