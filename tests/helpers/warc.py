"""WARC files and Indonesian news pages written for the processing tests; every official is invented."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["ENGLISH", "STORIES", "Rec", "article_html", "page_two_html", "story_page", "write_warc"]


STORIES: dict[str, tuple[str, list[str]]] = {
    "sakip": (
        "Pemkab Konawe Selatan Kebut Evaluasi SAKIP Jelang Penilaian Kementerian PANRB",
        [
            "ANDOOLO - Pemerintah Kabupaten Konawe Selatan mengumpulkan seluruh kepala organisasi perangkat "
            "daerah untuk membahas hasil evaluasi Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) "
            "di aula kantor bupati, Senin (7/7/2025).",
            "Sekretaris Daerah Konawe Selatan, Haerul Pasolongi, mengatakan nilai SAKIP tahun lalu masih "
            "berada di kategori B sehingga perlu kerja keras agar naik satu tingkat pada penilaian tahun ini.",
            "Menurut dia, kelemahan terbesar ada pada keterkaitan antara rencana strategis dinas dengan "
            "indikator kinerja utama yang dilaporkan setiap triwulan kepada bupati.",
            "Ia meminta setiap dinas menyusun ulang pohon kinerja dan memastikan anggaran benar-benar "
            "diarahkan pada program yang hasilnya bisa diukur oleh masyarakat.",
            '"Kami tidak ingin laporan kinerja hanya menjadi dokumen tahunan yang disimpan di lemari," '
            "ujar Haerul di hadapan para kepala dinas yang hadir.",
        ],
    ),
    "zona": (
        "Dua Puskesmas di Kota Baubau Dicanangkan Menuju Zona Integritas",
        [
            "BAUBAU - Dinas Kesehatan Kota Baubau mencanangkan dua puskesmas sebagai unit kerja menuju "
            "Wilayah Bebas dari Korupsi dalam program pembangunan zona integritas tahun ini, Rabu (9/7/2025).",
            "Kepala Dinas Kesehatan Baubau, Wa Ode Sitti Marlina, menjelaskan kedua puskesmas dipilih karena "
            "jumlah kunjungan pasiennya paling tinggi dan kerap menerima keluhan soal antrean.",
            "Pencanangan ditandai penandatanganan pakta integritas oleh seluruh pegawai puskesmas yang "
            "disaksikan perwakilan inspektorat dan ombudsman perwakilan provinsi.",
            "Selain memperbaiki alur pelayanan, kedua puskesmas diwajibkan menyediakan kanal pengaduan "
            "daring yang dipantau setiap hari oleh petugas khusus.",
            "Marlina berharap langkah itu membuat warga lebih percaya pada layanan kesehatan milik "
            "pemerintah dan mendorong unit kerja lain ikut berbenah.",
        ],
    ),
    "spbe": (
        "Pemprov Gorontalo Satukan Aplikasi Layanan dalam Satu Portal SPBE",
        [
            "GORONTALO - Pemerintah Provinsi Gorontalo mulai menyatukan puluhan aplikasi layanan milik "
            "dinas ke dalam satu portal sebagai bagian dari penerapan Sistem Pemerintahan Berbasis "
            "Elektronik, Kamis (10/7/2025).",
            "Kepala Dinas Komunikasi dan Informatika Gorontalo, Ridwan Halalutu, menyebut saat ini terdapat "
            "lebih dari empat puluh aplikasi yang berjalan sendiri-sendiri dan tidak saling terhubung.",
            "Akibatnya, warga harus mengisi data yang sama berulang kali ketika mengurus izin usaha, "
            "bantuan sosial, maupun layanan kependudukan di kantor yang berbeda.",
            "Portal tunggal itu ditargetkan rampung akhir tahun dan akan memakai satu akun untuk semua "
            "layanan, sehingga data warga cukup dimasukkan sekali saja.",
            "Ridwan menambahkan, penyatuan aplikasi juga menghemat belanja sewa server yang selama ini "
            "dianggarkan terpisah oleh tiap perangkat daerah.",
        ],
    ),
    "banjir": (
        "Banjir Rendam Ratusan Rumah di Kolaka Utara Usai Hujan Deras Semalaman",
        [
            "LASUSUA - Ratusan rumah warga di tiga kecamatan di Kabupaten Kolaka Utara terendam banjir "
            "setelah hujan deras mengguyur wilayah itu sejak Sabtu malam hingga Minggu pagi.",
            "Kepala Pelaksana Badan Penanggulangan Bencana Daerah Kolaka Utara, Arman Lapandewa, mengatakan "
            "ketinggian air di permukiman sempat mencapai satu meter di beberapa titik.",
            "Petugas gabungan mengevakuasi warga lanjut usia dan anak-anak ke balai desa serta masjid yang "
            "berada di dataran lebih tinggi menggunakan perahu karet.",
            "Hingga siang hari, air mulai surut meski sejumlah ruas jalan penghubung antardesa masih "
            "tertutup lumpur dan belum bisa dilalui kendaraan roda empat.",
            "Warga diminta tetap waspada karena prakiraan cuaca menunjukkan hujan dengan intensitas sedang "
            "hingga lebat masih akan turun dalam beberapa hari ke depan.",
        ],
    ),
}


ENGLISH = (
    "Provincial Government Reviews Its Reform Roadmap",
    [
        "The provincial government said on Monday that it would review the bureaucratic reform roadmap "
        "with every regional agency before the end of the year.",
        "The regional secretary told reporters that the review was meant to make public services faster "
        "and that each agency had to report its progress every month.",
        "He added that the results would be published on the official website so that residents could "
        "follow what had been done and what was still behind schedule.",
    ],
)


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str | None = None,
    published: str = "2025-07-07T10:15:00+07:00",
    charset: str = "utf-8",
    lang: str = "id",
    site: str = "Warta Sultra",
    next_page: str | None = None,
    head_first: str = "",
) -> str:
    """A news page with navigation, a related-link line and a footer around the article."""
    canon = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    nxt = f'<link rel="next" href="{next_page}">' if next_page else ""
    pager = f'<div class="pagination"><a href="{next_page}">2</a></div>' if next_page else ""
    body = f"<p>{paragraphs[0]}</p>\n<p><strong>Baca juga: Bupati Resmikan Pasar Rakyat Baru</strong></p>\n"
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[1:])
    return f"""{head_first}<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}">
<title>{title} - {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}">
{canon}{nxt}
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/daerah">Daerah</a></li></ul></nav>
<article><h1>{title}</h1>
<div class="content">
{body}
</div>{pager}
<p>Penulis: Tim Redaksi</p>
</article>
<footer><p>Hak cipta dilindungi undang-undang.</p></footer>
</body></html>"""


def page_two_html(title: str, paragraphs: list[str], *, canonical: str, published: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>{title} (Halaman 2)</title><meta property="article:published_time" content="{published}">
<link rel="canonical" href="{canonical}"></head><body>
<article><h1>{title}</h1><div class="content">{body}</div></article></body></html>"""


@dataclass
class Rec:
    url: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    date: datetime | None = None


def write_warc(path: Path, records: list[Rec], *, gzip_records: bool = True) -> list[int]:
    """Write response records (with a request record after each, as crawlers do); their offsets."""
    offsets = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_records, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "rbmon-tests"}))
        for rec in records:
            headers = [("Content-Length", str(len(rec.body)))]
            if rec.content_type:
                headers.insert(0, ("Content-Type", rec.content_type))
            http = StatusAndHeaders(f"{rec.status} OK", headers, protocol="HTTP/1.1")
            when = (rec.date or datetime(2025, 7, 7, 5, 0, tzinfo=UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
            resp = writer.create_warc_record(
                rec.url,
                "response",
                payload=io.BytesIO(rec.body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": when},
            )
            req = writer.create_warc_record(
                rec.url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True),
            )
            offsets.append(fh.tell())
            writer.write_record(resp)
            writer.write_record(req)
    return offsets


def story_page(key: str, url: str, **kw: object) -> Rec:
    title, paras = STORIES[key]
    return Rec(url, article_html(title, paras, **kw).encode("utf-8"))  # type: ignore[arg-type]
