"""RB relevance: core, related or none, decided by RB instruments, where they stand, and the frame.

Every passage is written for the test (invented people, real places and programmes).
"""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from nlp.relevance import LEVELS, Relevance, compile_model, judge, load_relevance_model


def _judge(text: str, title: str = "") -> Relevance:
    return judge(text, title=title, model=load_relevance_model())


RB_ARTICLE = (
    "KOTAMOBAGU – Pemerintah Kota Kotamobagu menggelar rapat evaluasi pelaksanaan reformasi birokrasi "
    "bersama seluruh kepala perangkat daerah, Senin (14/7/2025).\n\n"
    "Kepala Bagian Organisasi Setda Kota Kotamobagu, Fitriani Mokodompit, mengatakan indeks reformasi "
    "birokrasi kota itu naik dari 62,4 menjadi 68,9. Meski begitu, catatan dari Kementerian PANRB "
    "menyoroti rencana aksi yang belum menyentuh pelayanan publik.\n\n"
    "\u201cRencana aksi reformasi birokrasi tahun depan harus langsung terasa di loket layanan,\u201d "
    "ujar Fitriani. Inspektorat diminta mendampingi OPD menyusun rencana aksi itu."
)

RECRUITMENT = (
    "BKPSDM Kabupaten Minahasa mengumumkan formasi CPNS 2025 sebanyak 312 kursi sesuai penetapan "
    "Kementerian PANRB. Pendaftaran dibuka melalui SSCASN mulai 1 Agustus.\n\n"
    "Pelamar diminta menyiapkan ijazah dan transkrip. Seleksi kompetensi dasar dijadwalkan September, "
    "sedangkan pengumuman kelulusan direncanakan akhir tahun."
)

SALARY = (
    "Pemprov Maluku mulai mencairkan tunjangan hari raya (THR) bagi 9.400 ASN. Pencairan gaji ke-13 "
    "menyusul bulan depan.\n\nBesaran THR sama dengan gaji pokok ditambah tunjangan melekat, kata "
    "kepala badan keuangan daerah."
)

INAUGURATION_WITH_RB_WORDS = (
    "Bupati Kolaka Timur melantik 37 pejabat administrator dan pengawas di aula kantor bupati, Jumat. "
    "Pelantikan itu disertai pengambilan sumpah jabatan.\n\nDalam sambutannya bupati meminta pejabat "
    "yang dilantik mendukung reformasi birokrasi. Menurutnya, pengisian jabatan sudah sesuai sistem merit.\n\n"
    "Pejabat yang baru dilantik diminta segera menyesuaikan diri, kata bupati usai pelantikan."
)

APEL_WITH_ZI_AMANAT = (
    "SUMBAWA BESAR – Sekda Sumbawa memimpin apel gabungan ASN di halaman kantor bupati, Senin (7/7/2025). "
    "Apel diikuti 600 pegawai dari seluruh OPD.\n\n"
    "Dalam amanatnya, sekda mengingatkan pegawai agar disiplin masuk kantor dan mendukung pembangunan zona "
    "integritas di unit masing-masing.\n\nUsai apel, sekda memeriksa daftar hadir pegawai."
)

ANNIVERSARY_LIST = (
    "Bupati Majene memaparkan capaian pembangunan dalam rapat paripurna istimewa Hari Jadi Majene ke-480.\n\n"
    "Sejumlah prestasi diraih selama setahun terakhir, antara lain opini WTP delapan kali berturut-turut, "
    "predikat SAKIP B, penghargaan kabupaten layak anak, dan juara lomba desa tingkat provinsi.\n\n"
    "Bupati berterima kasih kepada DPRD dan seluruh masyarakat atas dukungan pembangunan."
)

ZI_ARTICLE = (
    "BITUNG – Tiga unit layanan Pemkot Bitung menerima predikat Wilayah Bebas dari Korupsi (WBK) dari "
    "Kementerian PANRB, Selasa (10/12/2024), di Jakarta.\n\n"
    "Wali Kota Bitung menyebut predikat itu buah pembangunan zona integritas sejak 2022. Tim penilai "
    "nasional menilai inovasi antrean daring di Disdukcapil sebagai pengungkit utama.\n\n"
    "Tahun depan lima unit lain diusulkan mengikuti penilaian zona integritas."
)


def test_rb_article_is_core_with_evidence():
    rel = _judge(RB_ARTICLE, title="Indeks RB Kotamobagu Naik, Rencana Aksi Diminta Sentuh Layanan")
    assert rel.level == "core" and rel.relevant
    assert rel.score > 0.5
    assert rel.evidence[0].startswith("level core")
    assert any("rb_evaluation" in e and "(title" in e for e in rel.evidence)


def test_integrity_zone_award_is_core():
    rel = _judge(ZI_ARTICLE, title="Tiga Unit Layanan Pemkot Bitung Raih Predikat WBK")
    assert rel.level == "core"
    assert any("integrity_zone" in e for e in rel.evidence)


@pytest.mark.parametrize(
    ("text", "title", "frame"),
    [
        (RECRUITMENT, "Formasi CPNS Minahasa 2025 Ditetapkan", "recruitment"),
        (INAUGURATION_WITH_RB_WORDS, "Bupati Koltim Lantik 37 Pejabat", "inauguration"),
        (APEL_WITH_ZI_AMANAT, "Apel Gabungan, Sekda Sumbawa Ingatkan Disiplin", "apel"),
    ],
    ids=["recruitment", "inauguration-with-rb-words", "apel-with-zi-amanat"],
)
def test_everyday_government_news_is_related_not_core(text, title, frame):
    rel = _judge(text, title=title)
    assert rel.level == "related", rel.evidence
    assert not rel.relevant and rel.score < 0.5
    assert rel.frame == frame
    assert any(e.startswith("-") and f"frame {frame}" in e for e in rel.evidence)


def test_an_achievement_list_does_not_make_an_anniversary_rb():
    rel = _judge(ANNIVERSARY_LIST, title="Hari Jadi Majene, Bupati Paparkan Capaian Pembangunan")
    assert not rel.relevant
    assert any("passing" in e for e in rel.evidence)


def test_pay_is_none():
    rel = _judge(SALARY, title="THR ASN Pemprov Maluku Cair")
    assert rel.level == "none" and rel.frame == "pay"


def test_performance_management_is_core_even_when_pay_depends_on_it():
    # ASN performance management (PermenPANRB 6/2022) is an RB instrument; the TPP it decides is its frame
    text = (
        "Pemerintah Kabupaten Buton Utara mulai menerapkan manajemen kinerja ASN secara penuh tahun ini. "
        "Tambahan penghasilan pegawai (TPP) kini dihitung dari capaian sasaran kinerja, bukan absensi.\n\n"
        "Kepala BKPSDM Buton Utara, Laode Amirudin, mengatakan pengelolaan kinerja pegawai dilakukan lewat "
        "dialog kinerja bulanan antara atasan dan bawahan. \u201cTPP mengikuti kinerja,\u201d ujarnya."
    )
    rel = _judge(text, title="Butur Terapkan Manajemen Kinerja ASN, TPP Ikut Capaian Kinerja")
    assert rel.level == "core", rel.evidence
    assert rel.frame == "pay"  # the frame is named, it just does not outweigh the instrument
    assert _judge(SALARY, title="THR ASN Pemprov Maluku Cair").level == "none"  # pay alone stays pay


def test_structural_posts_replaced_by_functional_ones_is_core():
    text = (
        "Pemerintah Kabupaten Mamasa menata ulang struktur perangkat daerah. Sebanyak 96 jabatan pengawas "
        "eselon IV digantikan jabatan fungsional mulai bulan depan.\n\n"
        "Sekda Mamasa, Yohanis Palimbong, mengatakan pegawai yang dialihkan tidak kehilangan penghasilan."
    )
    rel = _judge(text, title="Eselon IV di Mamasa Diganti Jabatan Fungsional")
    assert rel.level == "core", rel.evidence
    cpns = "Sebanyak 40 CPNS formasi jabatan fungsional guru menerima SK pengangkatan di Mamasa."
    assert not _judge(cpns, title="40 CPNS Guru Terima SK").relevant


def test_sector_news_is_none():
    text = (
        "Tim Percepatan Penurunan Stunting Kabupaten Lombok Timur menggelar rapat koordinasi bersama camat "
        "dan kepala puskesmas. Angka stunting turun menjadi 18 persen.\n\nPosyandu diminta menimbang balita "
        "setiap bulan dan melaporkan gizi buruk dalam sepekan."
    )
    rel = _judge(text, title="Rakor TPPS Lotim Bahas Posyandu")
    assert rel.level == "none"


def test_same_words_weigh_more_in_the_title_and_lead_than_in_a_closing_aside():
    body = (
        "Pemkab Sinjai menggelar rapat kerja dengan kepala OPD tentang belanja modal tahun ini.\n\n"
        "Rapat membahas realisasi proyek fisik.\n\nRapat juga menyinggung jadwal kegiatan bulan depan.\n\n"
        "Di akhir rapat disinggung pula rencana aksi reformasi birokrasi."
    )
    aside = _judge(body)
    lead = _judge("Pemkab Sinjai menyusun rencana aksi reformasi birokrasi bersama kepala OPD.\n\n" + body)
    assert lead.score > aside.score
    assert not aside.relevant


def test_an_appeal_to_reformasi_birokrasi_counts_less_than_doing_it():
    appeal = _judge("Kepala dinas meminta pegawai bekerja keras dalam rangka mendukung reformasi birokrasi.")
    act = _judge("Kepala dinas memaparkan capaian reformasi birokrasi di dinasnya kepada tim evaluator.")
    assert act.score > appeal.score


def test_related_link_lines_do_not_count():
    body = "Warga Desa Lalos menanam 500 bibit mangrove di pesisir pantai, Minggu pagi."
    linked = (
        body
        + "\nBaca Juga: Evaluasi Reformasi Birokrasi, Indeks RB Pemkab Naik Tajam\nTags: reformasi birokrasi, SPBE"
    )
    assert _judge(linked) == _judge(body)


def test_a_photo_caption_is_not_read():
    body = (
        "Pemkot Palu menggelar bazar UMKM di lapangan Vatulemo selama tiga hari.\n"
        "Foto: Sekda Palu saat sosialisasi zona integritas dan SAKIP di aula, pekan lalu."
    )
    rel = _judge(body, title="Bazar UMKM Palu Ramai Pengunjung")
    assert not rel.relevant


def test_kemenpanrb_alone_never_makes_core():
    text = "Kementerian PANRB menyetujui usulan formasi. KemenPANRB juga meminta daerah memetakan kebutuhan pegawai."
    assert not _judge(text, title="KemenPANRB Setujui Usulan Formasi Pemkab").relevant


def test_score_is_half_at_the_threshold():
    raw = yaml.safe_load(resources.files("rbmon_data").joinpath("relevance.yaml").read_text(encoding="utf-8"))
    themes = yaml.safe_load(resources.files("rbmon_data").joinpath("themes.yaml").read_text(encoding="utf-8"))
    raw["core_threshold"] = 3.0  # exactly one specific instrument in the title, nothing else
    model = compile_model(raw, themes=themes["themes"])
    rel = judge("Kegiatan berlangsung lancar.", title="Sosialisasi SAKIP", model=model)
    assert rel.relevant and rel.score == pytest.approx(0.5)


def test_levels_and_relevant_agree():
    for text in (RB_ARTICLE, RECRUITMENT, ANNIVERSARY_LIST):
        rel = _judge(text)
        assert rel.level in LEVELS
        assert rel.relevant == (rel.level == "core")


def test_levels_separate_the_fixture_articles():
    """The fixture gold follows ../shared/eval/LABELLING.md; the rules must hold on all of it."""
    from pipeline.fixture_site.articles import gold_records

    records = gold_records(with_boilerplate=True)
    wrong = [r["id"] for r in records if _judge(r["text"], title=r["title"]).relevant != r["rb_relevant"]]
    assert len(wrong) <= 0.05 * len(records), wrong


def test_a_meeting_whose_body_states_an_instrument_as_its_subject_is_core():
    # an everyday-stream rakor: the headline says nothing of RB, the body says what was discussed
    title = "Wabup Tanjab Barat Pimpin Rakor Lintas OPD di Aula Bappeda"
    body = (
        "KUALA TUNGKAL – Wakil Bupati Tanjung Jabung Barat memimpin rapat koordinasi lintas perangkat "
        "daerah di aula Bappeda, Selasa (3/2/2026).\n\n"
        "Rakor diikuti para kepala OPD dan camat. Wabup meminta seluruh pimpinan perangkat daerah hadir "
        "tepat waktu dalam setiap agenda pemerintahan.\n\n"
        "Pokok bahasan rakor kali ini adalah penyusunan perjanjian kinerja tahun 2026 dan laporan "
        "kinerja instansi pemerintah (LKjIP) yang harus masuk paling lambat akhir Februari.\n\n"
        "Bagian Organisasi akan mendampingi OPD yang belum menyelesaikan dokumennya."
    )
    got = _judge(body, title)
    assert got.level == "core", got.evidence
    assert any("stated topic" in e for e in got.evidence)
    # the same rakor with the instrument only in a passing aside stays what it was
    aside = body.replace("Pokok bahasan rakor kali ini adalah", "Selain itu, disinggung pula")
    assert _judge(aside, title).level != "core"


def test_reformasi_birokrasi_said_in_a_speech_without_an_instrument_is_not_core():
    # a minister's speech at an association meeting: RB in general, three times, no instrument
    text = (
        "BANDAR LAMPUNG – Menteri PANRB membuka rapat kerja asosiasi pemerintah kota di Bandar Lampung, "
        "Jumat (27/5).\n\n"
        "Presiden menghendaki program strategis pusat dijalankan wali kota sesuai kondisi daerah.\n\n"
        "Menurut menteri, pemerintah sedang membangun tata kelola melalui reformasi birokrasi.\n\n"
        "Ia meminta percepatan reformasi birokrasi karena masa kerja kabinet tinggal dua tahun.\n\n"
        "Tujuan reformasi birokrasi, katanya, memangkas birokrasi perizinan dan pelayanan masyarakat.\n\n"
        "Rapat kerja dihadiri para wali kota se-Indonesia."
    )
    assert _judge(text).level != "core"
    # the same speech about an instrument is RB work
    instrument = text.replace("memangkas birokrasi perizinan", "menuntaskan evaluasi SAKIP dan indeks RB")
    assert _judge(instrument).level == "core"


def test_an_acronym_with_the_enclitic_nya_is_the_acronym():
    text = (
        "Baru sekitar 41 persen provinsi yang indeks SPBE-nya di atas 2,6, sedangkan kabupaten baru 8 persen.\n\n"
        "Kementerian PANRB menyerahkan hasil evaluasi itu kepada pemerintah daerah."
    )
    got = _judge(text)
    assert got.level == "core" and any("indeks spbe" in e for e in got.evidence), got.evidence


def test_the_eight_areas_of_change_are_rb_vocabulary():
    got = _judge(
        "Kegiatan ini bagian dari delapan area perubahan reformasi birokrasi yang wajib ditindaklanjuti.",
        title="Bagian Organisasi Evaluasi Penyusunan SOP",
    )
    assert any("area perubahan" in e for e in got.evidence), got.evidence


def test_a_moratorium_on_new_apps_is_spbe_not_an_app_launch():
    title = "Diskominfo Sulteng Berlakukan Moratorium Aplikasi Baru di Seluruh OPD"
    text = (
        "PALU – Diskominfo Sulawesi Tengah memberlakukan moratorium aplikasi baru di seluruh perangkat "
        "daerah mulai bulan depan.\n\n"
        "Aplikasi yang ada akan diinventarisasi lalu digabung ke satu aplikasi induk sesuai arsitektur "
        "SPBE provinsi.\n\nLangkah itu dibahas dalam rapat tim koordinasi SPBE yang dipimpin Sekda."
    )
    assert _judge(text, title).level == "core"
    launch = "Diskominfo Sulteng Luncurkan Aplikasi Baru Layanan Pengaduan"
    assert (
        _judge(
            "PALU – Diskominfo Sulawesi Tengah meluncurkan aplikasi baru untuk pengaduan warga.", launch
        ).level
        != "core"
    )


def test_a_puskesmas_holding_a_public_consultation_forum_is_about_the_forum():
    title = "Puskesmas Lembang Gelar Forum Konsultasi Publik dan Paparkan Hasil Survei Kepuasan Masyarakat"
    text = (
        "LEMBANG – Puskesmas Lembang menggelar Forum Konsultasi Publik (FKP) 2025 di aula puskesmas, "
        "Kamis (6/11/2025).\n\nForum membahas standar pelayanan yang akan ditetapkan tahun depan dan hasil "
        "survei kepuasan masyarakat semester pertama.\n\nKepala puskesmas menyebut nilai survei naik "
        "menjadi 84,2 dan masukan warga dimasukkan ke standar pelayanan."
    )
    got = _judge(text, title)
    assert got.level == "core", got.evidence
    # the same unit's ordinary news stays what it was
    routine = "Puskesmas Lembang Buka Layanan Vaksinasi Malam Hari"
    body = "LEMBANG – Puskesmas Lembang membuka layanan vaksinasi hingga pukul 21.00 bagi warga yang bekerja."
    assert _judge(body, routine).level != "core"


def test_a_hospital_whose_body_tells_its_integrity_zone_work_is_about_the_zone():
    # a mid-article page: the lead only thanks the mayor, three body sentences name the instrument;
    # the RSUD is who does it (a unit), not a health story
    text = (
        "Tim media berkesempatan mewawancarai jajaran manajemen RSUD Kota Bima usai pengumuman penghargaan "
        "itu. Pihak rumah sakit menyampaikan rasa syukur dan komitmen meningkatkan pelayanan.\n"
        "“Kami berterima kasih kepada Bapak Wali Kota dan Ibu Inspektur atas bimbingannya,” ujar "
        "direktur RSUD Kota Bima di ruang kerjanya.\n"
        "Menurutnya, predikat Menuju WBK bukan hasil instan bagi rumah sakit milik pemerintah kota itu.\n"
        "Empat Tahun Berbenah\n"
        "Upaya menuju zona integritas dimulai dari pembentukan area perubahan di setiap instalasi rumah sakit.\n"
        "RSUD juga mempercepat layanan daring agar pelayanan lebih transparan.\n"
        "Nilai survei kepuasan masyarakat RSUD Kota Bima mencapai 87 pada semester lalu."
    )
    got = _judge(text)
    assert got.level == "core", got.evidence
    # a hospital's ordinary news with one passing mention of its zone stays out
    routine = (
        "RSUD Kota Bima membuka layanan hemodialisis baru bagi pasien gagal ginjal.\n\n"
        "Dokter spesialis ditambah dua orang dan pasien BPJS dilayani tanpa biaya tambahan.\n\n"
        "Rumah sakit yang tengah membangun zona integritas itu juga menambah tempat tidur."
    )
    assert _judge(routine).level != "core"


def test_a_kontrak_kinerja_is_the_performance_agreement_by_another_name():
    text = (
        "AMBON – Pemprov Maluku menggelar rapat pimpinan evaluasi penyerapan anggaran yang dirangkaikan "
        "dengan penandatanganan kontrak kinerja antara pimpinan OPD dan Sekretaris Daerah.\n\n"
        "Dari 30 OPD, hanya 12 pimpinan yang hadir menandatangani kontrak kinerja.\n\n"
        "Wakil Gubernur meminta target dalam kontrak kinerja dipantau tiap bulan."
    )
    got = _judge(text)
    assert got.level == "core", got.evidence


def test_an_instrument_in_the_title_case_name_of_the_event_is_its_topic():
    text = (
        "SUMENEP – Kepala perangkat daerah diminta bekerja lebih keras tahun ini.\n\n"
        "Target pembangunan harus tercapai sesuai rencana.\n\n"
        "“Kami ingin kinerja yang berdampak,” kata Wakil Bupati pada Penandatanganan Perjanjian Kinerja "
        "2025, di Kantor Bupati, Selasa (21/1/2025).\n\n"
        "Ia meminta perjanjian kinerja dijadikan alat ukur capaian, bukan seremoni tahunan.\n\n"
        "Setiap kepala OPD menandatangani perjanjian kinerja dengan target yang terukur."
    )
    got = _judge(text)
    assert any("stated topic" in e for e in got.evidence), got.evidence
    assert got.level == "core", got.evidence
    # the same words in lower case are a mention, not the event's name (a signing is, see below)
    lower = _judge(
        text.replace("Penandatanganan Perjanjian Kinerja", "rapat perjanjian kinerja").replace(
            "menandatangani", "membaca"
        )
    )
    assert lower.score < got.score and not any("stated topic" in e for e in lower.evidence)


def test_signing_an_instrument_is_the_event_it_names():
    text = (
        "Mengawali tahun anggaran 2024, Pemkab Lahat menggelar rapat koordinasi perangkat daerah di aula "
        "Bappeda, Jumat.\n\n"
        "Rapat dihadiri unsur Forkopimda dan para staf ahli bupati.\n\n"
        "Pada agenda tersebut Pj Bupati, Sekda, para kepala OPD dan 24 camat menandatangani perjanjian kinerja "
        "tahun anggaran 2024.\n\n"
        "Pj Bupati meminta target kinerja yang tertuang di dalamnya dicapai dan dilaporkan tiap triwulan."
    )
    got = _judge(text)
    assert any("stated topic" in e for e in got.evidence), got.evidence
    # one sentence that states the subject weighs as a headline would: the rakor is RB work
    assert got.level == "core", got.evidence
    # the same instrument read in a meeting is a mention
    read = _judge(text.replace("menandatangani", "membaca"))
    assert not any("stated topic" in e for e in read.evidence)
    assert read.level != "core", read.evidence


def test_a_headline_exclamation_mark_does_not_hide_the_word_before_it():
    got = _judge(
        "BKD menggelar uji kompetensi bagi ribuan ASN untuk pemetaan talenta.",
        title="BKD Gelar Uji Kompetensi Ribuan ASN: Wujudkan Sistem Merit!",
    )
    assert any("sistem merit" in e and "title" in e for e in got.evidence), got.evidence


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Disdukcapil Paparkan Hasil Survei Kepuasan Masyarakat Semester I",
            "Disdukcapil Kabupaten Kolaka memaparkan hasil survei kepuasan masyarakat semester pertama: "
            "nilai 86,4 dengan mutu pelayanan B. Unsur waktu pelayanan masih terendah dan akan diperbaiki.",
        ),
        (
            "Pemprov Tetapkan 200 Agen Perubahan",
            "Pemprov Bengkulu menetapkan 200 ASN sebagai agen perubahan yang akan menggerakkan perubahan "
            "pola pikir dan budaya kerja di setiap perangkat daerah.",
        ),
        (
            "Bappeda Susun Pohon Kinerja Bersama OPD",
            "Bappeda dan Bagian Organisasi menyusun pohon kinerja bersama seluruh OPD agar sasaran "
            "strategis daerah turun sampai ke kinerja individu.",
        ),
    ],
)
def test_more_instruments_by_name(title, text):
    assert _judge(text, title).level == "core"


def test_meritocracy_is_the_merit_system_by_bkns_name():
    title = "BKN Beri Penghargaan Pelopor Meritokrasi kepada Gubernur"
    text = (
        "PALEMBANG – Kepala BKN menyerahkan penghargaan pelopor meritokrasi instansi daerah kepada gubernur. "
        "Pemprov menjalankan meritokrasi lewat pergub manajemen talenta sejak 2022."
    )
    assert _judge(text, title).level == "core"


def test_a_competency_test_is_the_merit_system_an_open_selection_stays_an_appointment():
    mapping = (
        "SUMBAWA BESAR – BKPSDM menggelar uji kompetensi bagi 564 pejabat eselon III dan IV bersama BKN "
        "untuk memperkuat reformasi birokrasi berbasis sistem merit.\n\nHasilnya menjadi dasar talent pool "
        "dan rencana suksesi, kata kepala BKPSDM."
    )
    assert _judge(mapping).level == "core"
    selection = (
        "MATARAM – Panitia seleksi terbuka jabatan pimpinan tinggi pratama mengumumkan tiga besar calon "
        "Sekda setelah uji kompetensi dan wawancara.\n\nBupati akan memilih satu nama pekan depan."
    )
    assert _judge(selection).level != "core"


def test_the_health_sector_is_the_setting_of_a_forum_headed_by_it():
    # "pelayanan kesehatan" names the service the forum is about, as "puskesmas" names who holds it
    text = (
        "MAMUJU – Untuk pertama kalinya UPTD Puskesmas Binanga menggelar Forum Konsultasi Publik guna "
        "meningkatkan mutu pelayanan kesehatan, Rabu (8/10/2025).\n\nPeserta menerima rancangan standar "
        "pelayanan puskesmas yang memuat sembilan jenis layanan kesehatan.\n\nWarga meminta jam layanan "
        "kesehatan ibu dan anak diperpanjang."
    )
    assert _judge(text).level == "core"
    # without the forum in the lead the same sector words are ordinary health news
    clinic = "MAMUJU – Puskesmas Binanga menambah jam pelayanan kesehatan ibu dan anak mulai pekan depan."
    assert _judge(clinic).level != "core"


def test_a_regional_parliament_is_an_actor_not_a_budget_frame():
    title = "Wakil Ketua DPRD Kunjungi Diskominfo, Ini Tujuannya"
    text = (
        "SEKAYU – Wakil Ketua DPRD Kabupaten Musi Banyuasin berkunjung ke Diskominfo Kabupaten Lahat, "
        "Kamis (4/9/2025).\n\nKunjungan itu untuk berkoordinasi tentang Sistem Pemerintahan Berbasis "
        "Elektronik (SPBE) karena indeks SPBE Muba masih rendah.\n\nKepala Diskominfo memaparkan tahapan "
        "penerapan SPBE dan arsitektur SPBE daerahnya.\n\nPenerapan SPBE terkendala jumlah pegawai."
    )
    assert _judge(text, title).level == "core"
    # a plenary on the budget is still a budget story
    plenary = "DPRD Muba Gelar Paripurna APBD Perubahan"
    assert _judge("SEKAYU – DPRD menggelar rapat paripurna APBD Perubahan 2025.", plenary).level == "none"


def test_key_performance_indicators_and_the_public_forum_acronym_are_instruments():
    signing = (
        "MOJOKERTO – Pemkab menggelar penandatanganan perjanjian kinerja kepala perangkat daerah, Rabu.\n\n"
        "Bupati meminta setiap indikator kinerja utama dipantau tiap triwulan.\n\n"
        "Capaian indikator kinerja utama akan dievaluasi pada akhir tahun bersama RPJMD."
    )
    assert any("indikator =kinerja utama" in e for e in _judge(signing).evidence)
    forum = _judge(
        "KOLAKA – Disdukcapil menggelar FKP bersama tokoh masyarakat untuk membahas standar layanan."
    )
    assert any("FKP" in e for e in forum.evidence), forum.evidence


def test_a_lead_that_explains_the_headlines_event_by_an_instrument():
    title = "Pemkab Buru Lantik 180 Pejabat Fungsional"
    text = (
        "NAMLEA – Sebanyak 180 pejabat Pemkab Buru dilantik dalam program penyetaraan jabatan administrasi "
        "ke dalam jabatan fungsional, Senin (10/1/2022).\n\n"
        "Bupati menyebut pelantikan ini tahap akhir penyederhanaan birokrasi sesuai PermenPANRB 17/2021.\n\n"
        "Penyetaraan jabatan dilakukan setelah persetujuan Kemendagri.\n\n"
        "Para pejabat diminta menyesuaikan diri dengan tugas jabatan fungsional."
    )
    assert _judge(text, title).level == "core"
    # a routine inauguration whose lead names no instrument stays an inauguration
    routine = (
        "NAMLEA – Bupati Buru melantik 40 pejabat administrator dan pengawas, Senin.\n\n"
        "Ia meminta pejabat fungsional yang dilantik segera bekerja."
    )
    assert _judge(routine, "Bupati Buru Lantik 40 Pejabat").level != "core"


def test_a_service_sitting_in_a_public_service_mall_is_not_about_the_mall():
    title = "Loket Layanan Paspor di Mal Pelayanan Publik Sumbawa"
    text = (
        "SUMBAWA BESAR – Kantor Imigrasi membuka loket paspor di Mal Pelayanan Publik (MPP) Kabupaten "
        "Sumbawa setiap Selasa dan Kamis.\n\nPemohon diminta membawa KTP, KK dan akta kelahiran.\n\n"
        "Petugas MPP hanya membantu pemberkasan; foto dan wawancara tetap oleh petugas imigrasi.\n\n"
        "Kuota harian dibatasi 30 pemohon."
    )
    assert _judge(text, title).level != "core"
    # the MPP itself opened is the instrument
    opened = (
        "SUMBAWA BESAR – Bupati meresmikan Mal Pelayanan Publik (MPP) Kabupaten Sumbawa yang memadukan 120 "
        "jenis layanan dari 20 instansi.\n\nMPP diharapkan memangkas waktu layanan perizinan."
    )
    assert _judge(opened, "Bupati Resmikan Mal Pelayanan Publik Sumbawa").level == "core"


def test_mapping_the_competency_of_the_workforce_is_talent_management():
    text = (
        "PALU – BKD Provinsi Sulawesi Tengah menggelar asesmen bagi 700 ASN untuk memetakan kompetensi "
        "manajerial setiap pegawai.\n\nHasil pemetaan kompetensi menjadi dasar penempatan dan promosi "
        "jabatan, kata kepala BKD.\n\nAsesmen berlangsung lima hari di aula BKD."
    )
    assert _judge(text, "BKD Sulteng Petakan Kompetensi 700 ASN").level == "core"


def test_a_headline_event_over_three_sentences_on_penyetaraan_is_the_penyetaraan():
    title = "Penyetaraan, 48 Pejabat Pemkab Kaur Dikukuhkan"
    text = (
        "BINTUHAN – Sebanyak 48 pejabat eselon IV di lingkungan Pemkab Kaur dikukuhkan di aula Bappeda, "
        "Rabu (11/5).\n\n"
        "Pengukuhan itu hasil penyetaraan jabatan yang diminta pemerintah pusat paling lambat akhir bulan.\n\n"
        "Jabatan pengawas yang dihapus kini disetarakan ke jabatan fungsional, kata Sekda.\n\n"
        "Menurut dia, penyetaraan jabatan belum tuntas karena sebagian pejabat pensiun.\n\n"
        "Pejabat struktural yang difungsionalkan tidak kehilangan tunjangan, sebab penyetaraan jabatan "
        "tidak mengurangi hak pegawai.\n\n"
        "Tahap berikutnya, penyetaraan pejabat struktural eselon III dijadwalkan bulan depan."
    )
    assert _judge(text, title).level == "core"
    # one passing mention under the same headline stays an inauguration
    routine = (
        "BINTUHAN – Sebanyak 48 pejabat di lingkungan Pemkab Kaur dikukuhkan di aula Bappeda, Rabu (11/5).\n\n"
        "Sekda meminta pejabat yang dikukuhkan bekerja sesuai tugas.\n\n"
        "Sebagian dari mereka sebelumnya disetarakan ke jabatan fungsional."
    )
    assert _judge(routine, "48 Pejabat Pemkab Kaur Dikukuhkan").level != "core"


def test_bkns_potential_and_competency_assessment_is_talent_management():
    text = (
        "TANJUNG REDEB – Sebanyak 250 ASN Pemkab Berau mengikuti penilaian potensi dan kompetensi berbasis "
        "CACT yang digelar BKN di laboratorium SMA Negeri 1, Selasa.\n\n"
        "Kepala BKPSDM menyebut hasil uji potensi dan kompetensi itu menjadi bahan manajemen talenta daerah.\n\n"
        "Peserta guru dan tenaga kesehatan dijadwalkan pada tahap berikutnya."
    )
    assert _judge(text).level == "core"


def test_a_courts_integrity_zone_campaign_is_about_the_zone():
    text = (
        "MAMUJU – Para hakim dan aparatur Pengadilan Negeri Mamuju menggelar kampanye publik Zona Integritas "
        "menuju Wilayah Bebas dari Korupsi (WBK) di Taman Karema, Jumat.\n\n"
        "Ketua Pengadilan Negeri Mamuju mengatakan kampanye itu bagian dari pembangunan zona integritas.\n\n"
        "Warga diajak ikut mengawasi pelayanan pengadilan dan melapor bila dimintai pungutan."
    )
    assert _judge(text).level == "core"
    # a trial is still a trial
    trial = (
        "MAMUJU – Majelis hakim Pengadilan Negeri Mamuju menjatuhkan vonis empat tahun penjara kepada "
        "terdakwa korupsi dana desa, Jumat.\n\nJaksa penuntut umum menyatakan pikir-pikir."
    )
    assert _judge(trial).level == "none"
    # an election campaign is still ASN neutrality
    election = (
        "MAMUJU – Bawaslu mengingatkan ASN agar tidak ikut kampanye pasangan calon kepala daerah selama "
        "masa kampanye Pilkada.\n\nASN yang terbukti berkampanye dijatuhi sanksi disiplin."
    )
    assert _judge(election).level == "related"


def test_administrative_posts_made_functional_are_the_penyetaraan():
    text = (
        "UNAAHA – Pemkab Konawe melantik 150 pejabat administrasi menjadi pejabat fungsional di aula kantor "
        "bupati, Rabu.\n\n"
        "Pelantikan itu tindak lanjut PermenPANRB tentang penyetaraan jabatan administrasi ke dalam jabatan "
        "fungsional.\n\n"
        "Bupati meminta para pejabat menyesuaikan diri dengan tugas barunya."
    )
    assert _judge(text).level == "core"


def test_a_signing_of_kinerja_is_the_performance_agreement_in_the_press_shorthand():
    # "penandatanganan kinerja", "penandatangan kinerja" (the -an dropped) and "penandatanganan PK" are how
    # regional outlets write the signing of the perjanjian kinerja
    text = (
        "TERNATE – Wali Kota melakukan penandatangan kinerja dengan seluruh pimpinan perangkat daerah di "
        "aula kantor wali kota, Senin.\n\n"
        "Usai penandatanganan PK, wali kota meminta target tiap OPD dilaporkan setiap triwulan."
    )
    got = _judge(text)
    assert got.level == "core", got.evidence
    assert any("performance_accountability" in e for e in got.evidence)
    # a signing of something else is not the agreement
    other = _judge(
        text.replace("penandatangan kinerja", "penandatanganan nota kesepahaman").replace(
            "penandatanganan PK", "penandatanganan itu"
        )
    )
    assert other.level != "core", other.evidence


def test_a_pelantikan_whose_lead_has_the_new_heads_sign_performance_contracts_is_core():
    text = (
        "Praya – Pelantikan pejabat eselon II Pemkab Lombok Tengah, Kamis malam, berbeda dari biasanya. "
        "Sebanyak 14 kepala OPD yang dilantik langsung menandatangani kontrak kinerja dengan Bupati.\n\n"
        "Bupati mengatakan kontrak kinerja itu memuat target yang harus dicapai dalam 12 bulan.\n\n"
        "Kepala OPD yang tidak mencapai target kontrak kinerja akan dievaluasi setiap tiga bulan."
    )
    got = _judge(text)
    assert got.level == "core", got.evidence
    # a pelantikan that only mentions the contract in passing stays a pelantikan
    plain = (
        "Praya – Bupati Lombok Tengah melantik 14 pejabat eselon II di aula kantor bupati, Kamis malam.\n\n"
        "Pelantikan disaksikan unsur Forkopimda dan para camat.\n\n"
        "Dalam sambutannya, Bupati mengingatkan kontrak kinerja tahun lalu agar dijadikan pelajaran."
    )
    assert _judge(plain).level != "core", _judge(plain).evidence


def test_a_public_consultation_forum_on_a_planning_document_is_planning_not_a_service_standard():
    text = (
        "Kuala Tungkal – Bupati Tanjung Jabung Barat membuka Forum Konsultasi Publik (FKP) rancangan awal "
        "RKPD tahun 2026 di aula Bappeda, Selasa.\n\n"
        "Bupati meminta usulan program dari camat dan OPD diselaraskan dengan RPJMD dan kemampuan APBD.\n\n"
        "Hasil forum konsultasi publik ini akan dibawa ke Musrenbang RKPD tingkat kabupaten bulan depan."
    )
    got = _judge(text)
    assert got.level != "core", got.evidence
    # the forum on a service standard is the instrument
    service = (
        "Kuala Tungkal – Dinas Dukcapil Tanjung Jabung Barat menggelar Forum Konsultasi Publik (FKP) untuk "
        "membahas standar pelayanan administrasi kependudukan, Selasa.\n\n"
        "Warga, camat dan lembaga masyarakat memberi masukan atas waktu dan biaya layanan.\n\n"
        "Hasil forum konsultasi publik ini menjadi dasar maklumat pelayanan yang baru."
    )
    assert _judge(service).level == "core", _judge(service).evidence


def test_an_event_stated_as_the_implementation_of_an_instrument_is_about_it():
    text = (
        "TANJUNG REDEB – Sebanyak 300 PNS Pemkab Berau mengikuti tes penilaian kompetensi berbasis komputer "
        "di gedung BKPSDM selama dua hari.\n\n"
        "“Kegiatan ini merupakan implementasi dari manajemen talenta ASN yang kami mulai tahun lalu,” ujar "
        "Kepala BKPSDM Berau.\n\n"
        "Peserta mengerjakan soal integritas, kerja sama dan kepemimpinan dalam lima sesi."
    )
    assert _judge(text).level == "core", _judge(text).evidence
    # the same words as a passing remark on another event are not its topic
    plain = text.replace("Kegiatan ini merupakan implementasi dari", "Ke depan hasilnya juga berguna bagi")
    assert _judge(plain).level != "core", _judge(plain).evidence


def test_the_ombudsman_opinion_on_public_service_is_its_compliance_assessment_renamed():
    text = (
        "Kendari – Ombudsman RI Perwakilan Sulawesi Tenggara menyerahkan hasil penilaian opini "
        "penyelenggaraan pelayanan publik kepada Pemkot Kendari, Kamis. Nilai kota itu naik menjadi 78,2.\n\n"
        "Kepala Perwakilan Ombudsman mengatakan masih ada unit layanan yang belum memajang standar pelayanan.\n\n"
        "Wali Kota berjanji memperbaiki standar pelayanan di seluruh kecamatan."
    )
    got = _judge(text, title="Nilai Opini Pelayanan Publik Kota Kendari Naik")
    assert got.level == "core", got.evidence
    # the Ombudsman's complaint figures are its complaint handling, not the assessment
    complaints = (
        "Kendari – Ombudsman RI Perwakilan Sulawesi Tenggara menerima 214 laporan masyarakat sepanjang "
        "tahun ini, terbanyak soal pertanahan dan kepegawaian.\n\n"
        "Kepala Perwakilan Ombudsman meminta warga tidak ragu melapor bila dipungut biaya."
    )
    assert _judge(complaints, title="Ombudsman Sultra Terima 214 Laporan").level != "core"
