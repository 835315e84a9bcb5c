"""From HTML bytes to a clean article, on pages written for these tests (never copied from outlets)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.extract import ExtractedArticle, decode_html, extract_article, extract_dir, parse_html

WIB = timezone(timedelta(hours=7))

PARAGRAPHS = [
    "KENDARI, KABARSULTRA.ID - Pemerintah Kota Kendari menggelar rapat evaluasi reformasi birokrasi "
    "bersama seluruh organisasi perangkat daerah di aula balai kota, Selasa (1/7/2025).",
    "Asisten III Setda Kota Kendari, Rahmat Sulaiman, mengatakan evaluasi dilakukan untuk memastikan "
    "rencana aksi tahun ini berjalan sesuai target yang ditetapkan Kementerian PANRB.",
    "Menurut dia, sejumlah perangkat daerah masih tertinggal dalam penerapan sistem pemerintahan berbasis "
    "elektronik, terutama pada layanan perizinan dan kependudukan.",
    "Ia meminta setiap kepala dinas menyampaikan laporan kemajuan secara berkala setiap bulan agar kendala "
    "di lapangan dapat segera ditangani bersama.",
    '"Kami ingin pelayanan publik di Kendari makin cepat, murah, dan transparan bagi warga," ujar Rahmat.',
]
TITLE = "Pemkot Kendari Evaluasi Rencana Aksi Reformasi Birokrasi"


def news_page(
    *,
    charset_meta: str = '<meta charset="utf-8">',
    paragraphs: list[str] | None = None,
    extra_head: str = "",
    extra_body: str = "",
    title_tag: str = f"{TITLE} - KabarSultra.id",
) -> str:
    paras = paragraphs or PARAGRAPHS
    body = f"<p>{paras[0]}</p>\n<p><strong>Baca juga: Wali Kota Lantik Pejabat Eselon III</strong></p>\n"
    body += "\n".join(f"<p>{p}</p>" for p in paras[1:])
    return f"""<!DOCTYPE html>
<html lang="id"><head>{charset_meta}
<title>{title_tag}</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="KabarSultra.id">
<link rel="canonical" href="https://kabarsultra.example/daerah/2025/07/01/pemkot-kendari-evaluasi-rb">
<meta property="article:published_time" content="2025-07-01T10:15:00+07:00">
{extra_head}
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/daerah">Daerah</a></li><li><a href="/politik">Politik</a></li></ul></nav>
<div class="header-date">Kamis, 3 Juli 2025</div>
<h1 class="section">Daerah</h1>
<article>
<h1 class="title">{TITLE}</h1>
<div class="meta">Selasa, 1 Juli 2025 | 10:15 WIB</div>
<figure><img src="/img/rapat.jpg"><figcaption>Suasana rapat evaluasi RB di balai kota. (Foto: Humas)</figcaption></figure>
<div class="content">
{body}
<p>ADVERTISEMENT</p>
<p>Penulis: Andi Pratama</p>
<p>Editor: Sri Wahyuni</p>
<p>Ikuti berita terkini KabarSultra di Google News</p>
</div>
<div class="related"><h3>Berita Terkait</h3><ul>
<li><a href="/a">Bupati Konawe Resmikan Mal Pelayanan Publik Baru</a></li>
<li><a href="/b">Inspektorat Temukan Kelebihan Bayar Proyek Jalan</a></li>
<li><a href="/c">Sekda Sultra Minta ASN Disiplin Absen Digital</a></li></ul></div>
{extra_body}
</article>
<footer><p>Copyright © 2025 KabarSultra.id. All Rights Reserved</p></footer>
</body></html>"""


def extract(html: str | bytes, **kw: object) -> ExtractedArticle:
    article = extract_article(html, **kw)  # type: ignore[arg-type]
    assert article is not None
    return article


def test_full_article_fields() -> None:
    article = extract(news_page().encode("utf-8"), url="https://kabarsultra.example/daerah/2025/07/01/x")
    assert article.title == TITLE
    assert article.published_at == datetime(2025, 7, 1, 10, 15, tzinfo=WIB)
    assert article.published_raw == "2025-07-01T10:15:00+07:00"
    assert article.canonical_url == "https://kabarsultra.example/daerah/2025/07/01/pemkot-kendari-evaluasi-rb"
    assert article.site_name == "KabarSultra.id"
    assert article.language == "id"
    assert (article.author, article.editor) == ("Andi Pratama", "Sri Wahyuni")
    lines = article.text.splitlines()
    assert lines[0] == PARAGRAPHS[0]
    assert lines[-1] == PARAGRAPHS[-1]
    assert lines == PARAGRAPHS


def test_boilerplate_never_reaches_the_text() -> None:
    text = extract(news_page()).text
    for junk in (
        "Baca juga",
        "Lantik Pejabat",
        "ADVERTISEMENT",
        "Google News",
        "Berita Terkait",
        "Mal Pelayanan Publik Baru",
        "Suasana rapat",
        "Copyright",
        "Penulis",
        "Beranda",
    ):
        assert junk not in text


def test_removed_lines_are_kept_for_audit() -> None:
    removed = extract(news_page()).removed_lines
    assert any("Baca juga" in line for line in removed)


@pytest.mark.parametrize(
    ("title_tag", "og"),
    [
        (f"{TITLE} - KabarSultra.id", False),
        (f"{TITLE} | kabarsultra.id", False),
        (f"KabarSultra.id: Daerah - {TITLE}", False),
    ],
)
def test_title_loses_its_site_name(title_tag: str, og: bool) -> None:
    html = news_page(title_tag=title_tag).replace(f'<meta property="og:title" content="{TITLE}">', "")
    html = html.replace(f'<h1 class="title">{TITLE}</h1>', f'<div class="title">{TITLE}</div>')
    assert extract(html).title == TITLE


def test_title_prefers_the_headline_over_a_section_h1() -> None:
    html = news_page().replace(f'<h1 class="title">{TITLE}</h1>', f"<h2>{TITLE}: Target Tercapai?</h2>")
    html = html.replace(f'content="{TITLE}"', f'content="{TITLE} Target Tercapai"')
    assert extract(html).title == f"{TITLE}: Target Tercapai?"


def test_declared_author_and_editor_when_the_text_has_no_byline() -> None:
    html = news_page().replace("<p>Penulis: Andi Pratama</p>", "").replace("<p>Editor: Sri Wahyuni</p>", "")
    html = html.replace(
        "</head>",
        '<meta name="content_Author" content="Lestari Handayani"><meta name="content_Editor" content="Yusuf Hamid"></head>',
    )
    article = extract(html)
    assert (article.author, article.editor) == ("Lestari Handayani", "Yusuf Hamid")


def test_publisher_declared_as_author_is_not_an_author() -> None:
    html = news_page().replace("<p>Penulis: Andi Pratama</p>", "")
    html = html.replace("</head>", '<meta name="author" content="KabarSultra Media Group"></head>')
    assert extract(html).author is None


# --- charsets ----------------------------------------------------------------------------------------

ACCENTED = "Pertemuan di Café Kendari membahas indeks RB® tahun 2025 bersama para pejabat daerah setempat."


def test_declared_latin1_with_utf8_bytes_has_no_mojibake() -> None:
    html = news_page(
        charset_meta='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        paragraphs=[*PARAGRAPHS, ACCENTED],
    ).encode("utf-8")
    text = extract(html).text
    assert ACCENTED in text
    assert "Ã" not in text and "Â" not in text


def test_header_charset_latin1_with_utf8_bytes() -> None:
    html = news_page(charset_meta="", paragraphs=[*PARAGRAPHS, ACCENTED]).encode("utf-8")
    assert ACCENTED in extract(html, content_type="text/html; charset=ISO-8859-1").text


def test_windows_1252_page() -> None:
    smart = "“Kami siap,” kata kepala dinas itu – seraya menunjuk papan capaian reformasi birokrasi kota."
    html = news_page(charset_meta='<meta charset="windows-1252">', paragraphs=[*PARAGRAPHS, smart]).encode(
        "cp1252"
    )
    assert smart in extract(html).text


def test_latin1_declared_page_that_really_is_latin1() -> None:
    html = news_page(charset_meta='<meta charset="iso-8859-1">', paragraphs=[*PARAGRAPHS, ACCENTED]).encode(
        "latin-1"
    )
    assert ACCENTED in extract(html).text


def test_utf8_bom_without_declaration() -> None:
    html = codecs_bom() + news_page(charset_meta="", paragraphs=[*PARAGRAPHS, ACCENTED]).encode("utf-8")
    assert ACCENTED in extract(html).text


def codecs_bom() -> bytes:
    return b"\xef\xbb\xbf"


def test_no_declaration_utf8() -> None:
    html = news_page(charset_meta="", paragraphs=[*PARAGRAPHS, ACCENTED]).encode("utf-8")
    assert ACCENTED in extract(html).text


def test_decode_html_falls_back_to_windows_1252() -> None:
    assert decode_html("Caf\u00e9 \u201cKendari\u201d".encode("cp1252")) == "Caf\u00e9 \u201cKendari\u201d"


# --- broken and bad input ----------------------------------------------------------------------------


def test_self_closing_html_tag() -> None:
    html = news_page().replace('<html lang="id">', '<html class="no-js" lang="id" />')
    article = extract(html.encode("utf-8"))
    assert article.text.splitlines()[0] == PARAGRAPHS[0]
    assert article.published_at == datetime(2025, 7, 1, 10, 15, tzinfo=WIB)


def test_unclosed_tags() -> None:
    html = news_page().replace("</p>", "").replace("</div>", "").replace("</article>", "")
    article = extract(html)
    assert PARAGRAPHS[0] in article.text
    assert PARAGRAPHS[-1] in article.text


def test_loose_first_paragraph_before_the_first_p() -> None:
    loose = PARAGRAPHS[0].replace(
        "Pemerintah Kota Kendari", '<a href="/tag/pemkot">Pemerintah Kota Kendari</a>'
    )
    html = news_page().replace(f"<p>{PARAGRAPHS[0]}</p>", f"<b>KENDARI</b> - {loose.split(' - ', 1)[1]}")
    assert "KENDARI - " + PARAGRAPHS[0].split(" - ", 1)[1] in extract(html).text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n  ",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"Ini hanya teks biasa tanpa markup HTML sama sekali.",
        "<html><head><title>Kosong</title></head><body></body></html>",
        "<html><head><title>Hanya menu</title></head><body><nav><a href='/'>Beranda</a></nav></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Feed</title></channel></rss>',
    ],
)
def test_no_article_gives_none(data: bytes | str) -> None:
    assert extract_article(data) is None


def test_parse_html_refuses_binary() -> None:
    assert parse_html(b"%PDF-1.4 ...") is None
    assert parse_html(b"<html><body><p>ok</p></body></html>") is not None


def test_english_page_is_detected() -> None:
    english = [
        "The city government of Kendari held an evaluation meeting on bureaucratic reform with all agencies "
        "at the city hall on Tuesday.",
        "The assistant secretary said the evaluation was meant to make sure that this year's action plan "
        "stays on track with the targets set by the ministry.",
        "He asked every agency head to report on their progress each month so that problems in the field "
        "can be dealt with together.",
    ]
    article = extract(news_page(paragraphs=english).replace('lang="id"', 'lang="en"'))
    assert article.language == "en"


def test_indonesian_page_with_wrong_lang_attribute() -> None:
    assert extract(news_page().replace('lang="id"', 'lang="en"')).language == "id"


# --- multi-page articles -----------------------------------------------------------------------------


def test_rel_next_link() -> None:
    html = news_page(extra_head='<link rel="next" href="https://kabarsultra.example/read/123/judul?page=2">')
    article = extract(html, url="https://kabarsultra.example/read/123/judul")
    assert article.next_page_url == "https://kabarsultra.example/read/123/judul?page=2"
    assert article.page_number == 1


def test_page_number_from_query_and_path() -> None:
    assert extract(news_page(), url="https://kabarsultra.example/read/123/judul?page=3").page_number == 3
    assert extract(news_page(), url="https://kabarsultra.example/read/123/judul/2/").page_number == 2
    assert extract(news_page(), url="https://kabarsultra.example/2025/07/01/judul").page_number == 1


def test_halaman_pager_link_to_the_next_page() -> None:
    pager = (
        '<div class="pagination"><span>Halaman</span> <a href="/read/123/judul?page=1">1</a> '
        '<a href="/read/123/judul?page=2">2</a> <a href="/read/123/judul?page=3">3</a></div>'
    )
    article = extract(news_page(extra_body=pager), url="https://kabarsultra.example/read/123/judul?page=1")
    assert article.next_page_url == "https://kabarsultra.example/read/123/judul?page=2"
    article = extract(news_page(extra_body=pager), url="https://kabarsultra.example/read/123/judul?page=3")
    assert article.next_page_url is None


def test_selanjutnya_link_on_path_pagination() -> None:
    pager = '<a href="https://kabarsultra.example/read/123/judul/2">Halaman Selanjutnya</a>'
    article = extract(news_page(extra_body=pager), url="https://kabarsultra.example/read/123/judul")
    assert article.next_page_url == "https://kabarsultra.example/read/123/judul/2"


def test_active_show_all_means_no_next_page() -> None:
    pager = (
        '<div class="paging"><a class="paging__link" href="/read/123/judul?page=2">2</a>'
        '<a class="paging__link paging__link--active" href="/read/123/judul?page=all">Show All</a></div>'
    )
    article = extract(news_page(extra_body=pager), url="https://kabarsultra.example/read/123/judul")
    assert article.next_page_url is None


def test_rel_next_to_an_index_page_is_not_a_next_page() -> None:
    html = news_page(
        extra_body='<a rel="next" href="https://indeks.kabarsultra.example/?page=2">Berikutnya</a>'
    )
    assert extract(html, url="https://kabarsultra.example/read/123/judul").next_page_url is None


def test_links_to_other_articles_are_not_next_pages() -> None:
    other = '<a href="https://kabarsultra.example/read/999/lain/2">Selanjutnya</a>'
    article = extract(news_page(extra_body=other), url="https://kabarsultra.example/read/123/judul")
    assert article.next_page_url is None


# --- the extract command's file format ------------------------------------------------------------------


def test_extract_dir_writes_one_line_per_html_file(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes(news_page().encode("utf-8"))
    (pages / "b.html").write_bytes(b"%PDF-1.5 not html")
    (pages / "notes.txt").write_text("bukan halaman")
    out = tmp_path / "out" / "pred.jsonl"
    counts = extract_dir(pages, out).counts()
    assert counts == {"files": 2, "extracted": 1, "empty": 1, "unreadable": 0}
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["file"] for r in rows] == ["a.html", "b.html"]
    assert rows[0]["title"] == TITLE
    assert datetime.fromisoformat(rows[0]["published"]) == datetime(2025, 7, 1, 10, 15, tzinfo=WIB)
    assert rows[0]["text"].startswith("KENDARI, KABARSULTRA.ID - Pemerintah")
    assert rows[1] == {
        "file": "b.html",
        "title": None,
        "published": None,
        "text": "",
        "skipped": "no_article_text",
    }


WORDPRESS_PAGE = """<!DOCTYPE html><html lang="id-ID"><head><meta charset="UTF-8">
<title>Bupati Buton Tengah Minta OPD Percepat Digitalisasi Layanan &#8211; Suara Buteng</title>
<meta property="og:site_name" content="Suara Buteng">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
"headline":"Bupati Buton Tengah Minta OPD Percepat Digitalisasi Layanan","datePublished":"2025-06-12T08:05:11+08:00",
"author":{"@type":"Person","name":"La Ode Marzuki"}}]}</script>
</head><body class="post-template-default single">
<header class="site-header"><div class="site-title"><a href="/">Suara Buteng</a></div>
<ul class="menu"><li><a href="/">Beranda</a></li><li><a href="/daerah">Daerah</a></li></ul></header>
<main><article class="post">
<h1 class="entry-title">Bupati Buton Tengah Minta OPD Percepat Digitalisasi Layanan</h1>
<div class="entry-meta"><span class="byline">Oleh <a href="/author/marzuki">La Ode Marzuki</a></span>
<time class="entry-date" datetime="2025-06-12T08:05:11+08:00">12 Juni 2025</time></div>
<div class="entry-content">
<p><strong>LABUNGKARI, SUARABUTENG.ID</strong> &#8211; Bupati Buton Tengah meminta seluruh organisasi perangkat daerah mempercepat digitalisasi layanan publik agar warga di pulau-pulau kecil tidak perlu lagi menyeberang ke ibu kota kabupaten.</p>
<div class="lainnya"><span>Bacaan Lainnya</span><ul>
<li><a href="/a">Dinas Dukcapil Buka Layanan Keliling di Kecamatan Talaga Raya</a></li>
<li><a href="/b">Ratusan Honorer Ikuti Seleksi Kompetensi PPPK Paruh Waktu</a></li></ul></div>
<p>Menurut dia, sebagian besar layanan perizinan dan kependudukan sebenarnya sudah bisa diajukan secara daring, tetapi belum banyak warga yang mengetahuinya.</p>
<p>&#8220;Saya minta camat dan kepala desa ikut menyosialisasikan aplikasi layanan ini sampai ke dusun-dusun,&#8221; kata bupati saat memimpin apel pagi di halaman kantor bupati, Kamis.</p>
<p>Kepala Dinas Komunikasi dan Informatika setempat, Wa Ode Salmia, menyebut jaringan internet di 14 desa masih lemah sehingga pemerintah daerah akan menambah titik akses bersama penyedia layanan telekomunikasi tahun ini.</p>
<p>(Red)</p>
</div>
<div class="sharedaddy"><h3>Bagikan ini:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">WhatsApp</a></li></ul></div>
<section class="related-posts"><h3>Pos terkait</h3>
<article><h4><a href="/c">Pemkab Buton Tengah Raih Opini WTP Ketiga Kalinya</a></h4><span>10 Juni 2025</span></article>
<article><h4><a href="/d">Festival Pulau Makassar Digelar Akhir Pekan Ini</a></h4><span>9 Juni 2025</span></article></section>
</article>
<div id="comments"><div id="respond"><h3>Tinggalkan Balasan</h3>
<form><p>Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *</p>
<p><label>Komentar *</label><textarea></textarea></p><p><label>Nama *</label><input></p>
<p><input type="submit" value="Kirim Komentar"></p></form></div></div>
</main><footer><p>&copy; 2025 Suara Buteng. Hak cipta dilindungi undang-undang.</p></footer>
</body></html>"""


def test_wordpress_regional_page() -> None:
    article = extract(
        WORDPRESS_PAGE.encode("utf-8"), url="https://suarabuteng.example/2025/06/12/bupati-digitalisasi/"
    )
    assert article.title == "Bupati Buton Tengah Minta OPD Percepat Digitalisasi Layanan"
    assert article.published_at == datetime(2025, 6, 12, 8, 5, 11, tzinfo=timezone(timedelta(hours=8)))
    assert article.author == "La Ode Marzuki"
    lines = article.text.splitlines()
    assert lines[0].startswith("LABUNGKARI, SUARABUTENG.ID – Bupati Buton Tengah meminta")
    assert lines[-1].startswith("Kepala Dinas Komunikasi dan Informatika setempat")
    for junk in (
        "Bacaan Lainnya",
        "Talaga Raya",
        "Pos terkait",
        "Opini WTP",
        "Tinggalkan Balasan",
        "Alamat email",
        "Bagikan",
        "(Red)",
        "Hak cipta",
    ):
        assert junk not in article.text
