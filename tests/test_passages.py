"""Passages: roles (title, lead, body, closing), passing contexts, hard-wrapped lines; one phrase matcher."""

from __future__ import annotations

import pytest

from nlp.passages import load_passage_rules, split_passages, unwrap_lines
from nlp.phrases import compile_phrases, tokenise


@pytest.fixture(scope="module")
def rules():
    return load_passage_rules()


ARTICLE = (
    "KENDARI – Pemkot Kendari menggelar evaluasi SAKIP bersama OPD, Senin (7/7/2025). Evaluasi dipimpin sekda.\n"
    "Sekda meminta OPD memperbaiki indikator kinerja.\n"
    "Rapat berlangsung hingga sore.\n"
    "Foto: Sekda Kendari memimpin rapat evaluasi.\n"
    "Di akhir rapat, peserta berfoto bersama."
)


def test_roles_follow_the_article(rules):
    ps = split_passages(ARTICLE, title="Pemkot Kendari Gelar Evaluasi SAKIP", rules=rules)
    # the photo caption is page furniture (data/furniture.yaml): not read
    assert [p.role for p in ps] == ["title", "lead", "lead", "body", "body", "closing"]
    assert not any(p.text.startswith("Foto:") for p in ps)


def test_a_repeated_headline_is_not_read_twice(rules):
    ps = split_passages("Judul Berita Ini\nKENDARI – Isi berita.", title="Judul Berita Ini", rules=rules)
    assert [p.text for p in ps] == ["Judul Berita Ini", "KENDARI – Isi berita."]


def test_a_text_without_a_title_opens_with_its_headline(rules):
    text = "Home Berita\nPemkab Sigi Luncurkan Corporate University bagi ASN\nPalu – Pemkab Sigi meluncurkan."
    ps = split_passages(text, rules=rules)
    assert (ps[0].role, ps[0].text) == ("title", "Pemkab Sigi Luncurkan Corporate University bagi ASN")
    assert [(p.role, sorted(p.contexts)) for p in ps[1:]] == [("body", ["furniture"]), ("lead", [])]
    prose = split_passages("KENDARI – Pemkot Kendari menggelar rapat.\nRapat dihadiri sekda.", rules=rules)
    assert all(p.role != "title" for p in prose)


def test_related_links_are_not_read(rules):
    ps = split_passages("Isi berita.\nBaca juga: Evaluasi RB Naik", rules=rules)
    assert [p.text for p in ps] == ["Isi berita."]


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        ("Capaian itu antara lain predikat SAKIP B, opini WTP, dan juara lomba desa.", True),
        ("Pemkot meraih predikat WBK dari KemenPANRB, Selasa (12/12/2023), di Jakarta.", False),
        ("Palu (ANTARA) - Pemkab Sigi, Sulawesi Tengah, meluncurkan ASN Corpu sebagai wadah belajar.", False),
    ],
)
def test_enumerations_are_found_but_dates_and_places_are_not_items(rules, sentence, listed):
    (p,) = split_passages(sentence, rules=rules)
    anchor = next(i for i, t in enumerate(p.tokens) if t in {"SAKIP", "WBK", "Corpu"})
    assert p.listed_at(anchor) is listed


def test_an_appeal_is_found_just_before_a_term(rules):
    (p,) = split_passages(
        "Bupati meminta ASN bekerja dalam rangka mendukung reformasi birokrasi.", rules=rules
    )
    at = [low for _, low in p.forms].index("reformasi")
    assert p.invoked_at(at, rules)
    (q,) = split_passages(
        "Dalam rangka HUT kota, bupati membuka evaluasi reformasi birokrasi di aula.", rules=rules
    )
    assert not q.invoked_at([low for _, low in q.forms].index("reformasi"), rules)


def test_hard_wrapped_lines_are_joined_but_paragraphs_and_headings_stay():
    wrapped = (
        "Rapat dipimpin oleh Asisten Perekonomian dan Pembangunan Setda Kobar, Gusti\n"
        "Rahmadi Noor, di aula kantor bupati."
    )
    assert unwrap_lines(wrapped).count("\n") == 0
    headline = "Pemkab Bone Raih Predikat BB dalam Evaluasi SAKIP Tahun 2024\nWATAMPONE – Pemkab Bone meraih."
    assert unwrap_lines(headline) == headline
    dateline = (
        "Pemkab Sigi luncurkan corporate university untuk kembangkan kompetensi ASN\nPalu (ANTARA) - Pemkab."
    )
    assert unwrap_lines(dateline) == dateline
    paragraphs = "Kalimat pertama yang cukup panjang untuk dianggap baris berita biasa.\nKalimat kedua."
    assert unwrap_lines(paragraphs) == paragraphs
    related = "Pemkab Bone menggelar rapat evaluasi kinerja bersama seluruh OPD hari ini\nBaca juga: lain"
    assert unwrap_lines(related, keep_apart=("baca juga",)) == related


def test_a_page_wrapped_every_few_words_is_joined_at_short_lines_too():
    page = (
        "Pemkot Magelang Terima Studi Komparasi\n"
        "MAGELANG - Jajaran Badan\n"
        "Perencanaan Pembangunan Daerah Kabupaten Garut melakukan\n"
        "studi komparasi ke Kota Magelang, Rabu pagi. Banyaknya penghargaan\n"
        "menjadi salah satu alasan kunjungan tersebut.\n"
        "Sementara itu, Staf\n"
        "Ahli Bidang Pembangunan Ekonomi dan Keuangan, Aris Nugroho, membacakan sambutan\n"
        "Wali Kota Magelang.\n"
        "Kepala Bidang Pengelolaan Informasi\n"
        "Publik Diskominfo, Budi Santoso, menambahkan\n"
        "bahwa data akan dibuka\n"
        "untuk umum. Ia berharap kunjungan\n"
        "itu membawa manfaat bagi kedua\n"
        "daerah dan berlanjut dengan\n"
        "kerja sama yang lebih erat."
    )
    lines = unwrap_lines(page).split("\n")
    assert lines[0] == "Pemkot Magelang Terima Studi Komparasi"  # the headline stays apart
    assert any(
        ln.startswith("Sementara itu, Staf Ahli Bidang Pembangunan Ekonomi dan Keuangan, Aris")
        for ln in lines
    )
    assert any(
        ln.startswith("Kepala Bidang Pengelolaan Informasi Publik Diskominfo, Budi Santoso,") for ln in lines
    )
    assert lines[-1].endswith("bagi kedua daerah dan berlanjut dengan kerja sama yang lebih erat.")
    # a page of ordinary paragraphs keeps its short lines apart
    normal = "Rapat dibuka pukul sembilan.\nSementara itu, Staf\nAhli hadir."
    assert unwrap_lines(normal) == normal


def test_phrases_match_stems_exact_words_and_acronyms_longest_first():
    ps = compile_phrases(
        [("a", "generic", "reformasi birokrasi"), ("a", "tematik", "reformasi birokrasi tematik"),
         ("a", "kinerja", "akuntabilitas =kinerja"), ("b", "temuan", "=temuan")],
        [("a", "support", "PAN RB"), ("a", "support", "Menpan RB"), ("a", "rb", "RB")],
    )  # fmt: skip
    hits = ps.find(
        *tokenise("Menerapkan reformasi birokrasi tematik dan akuntabilitas kinerja, kata Menpan RB.")
    )
    # the longest match wins inside a group: no "generic" inside "tematik", no "rb" inside "Menpan RB"
    assert [(h.group, h.label) for h in hits] == [("a", "tematik"), ("a", "kinerja"), ("a", "support")]
    hits = ps.find(*tokenise("Kementerian PAN RB dan RB"))
    assert [h.label for h in hits] == ["support", "rb"]
    assert ps.find(*tokenise("akuntabilitas kerja")) == []  # "=kinerja" is not its stem "kerja"
    assert ps.find(*tokenise("pertemuan")) == []  # "=temuan" is not "temu"


def test_a_stated_topic_is_found_after_its_cue_only(rules):
    (p,) = split_passages(
        "Fokus utama rapat ini adalah penyusunan perjanjian kinerja seluruh kepala OPD.", rules=rules
    )
    at = [low for _, low in p.forms].index("perjanjian")
    assert p.stated_topic_at(at, rules)
    (q,) = split_passages(
        "Perjanjian kinerja sudah diteken, lalu rapat membahas jadwal pelantikan pejabat.", rules=rules
    )
    assert not q.stated_topic_at([low for _, low in q.forms].index("perjanjian"), rules)


def test_the_lead_starts_at_the_dateline_not_at_a_caption_above_it(rules):
    text = (
        "Kadis Kominfo dan jajaran foto bersama tamu dari DPRD, Kamis (3/8/2023).--\n"
        "LAHAT, KORANLAHAT.CO – Wakil Ketua DPRD Muba berkunjung ke Diskominfo Lahat.\n"
        "Kunjungan itu untuk berkoordinasi tentang SPBE.\n"
        "Kepala dinas memaparkan tahapannya."
    )
    ps = split_passages(text, title="Wakil Ketua DPRD Kunjungi Diskominfo", rules=rules)
    assert [p.role for p in ps] == ["title", "body", "lead", "lead", "closing"]
    assert "furniture" in ps[1].contexts
    # a first paragraph that is itself the dateline keeps the usual roles
    plain = split_passages("LAHAT – Satu dua.\nTiga empat.\nLima enam.", rules=rules)
    assert [p.role for p in plain] == ["lead", "lead", "body"]


def test_a_deck_above_the_dateline_is_still_read_as_the_lead(rules):
    text = (
        "Perekaman KTP-el pelajar dilakukan menjelang pilkada serentak\n"
        "BANGKA, BANGKAPOS.COM – Disdukcapil mendatangi sekolah untuk merekam KTP-el.\n"
        "Petugas membawa alat rekam keliling."
    )
    ps = split_passages(text, title="Dukcapil Datangi Sekolah", rules=rules)
    assert [p.role for p in ps] == ["title", "lead", "lead", "body"]
    assert not any("furniture" in p.contexts for p in ps)
