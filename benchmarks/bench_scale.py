"""Processing at scale: a generated WARC of synthetic Indonesian news records -> DuckDB.

    python benchmarks/bench_scale.py [--records 50000] [--workers 2] [--workdir DIR]

The records are generated from sentence templates (invented officials, real place names) in a
realistic mix: mostly distinct articles, some exact syndicated copies on a second outlet, some
lightly edited copies, a few English pages and PDFs. The WARC is written streaming and read
streaming; the script prints progress, throughput, the skip counts and the peak RSS of the
parent and all its children (sampled every 0.2 s), and checks that the run stored one row per
distinct URL.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
from bench_process import Clock, PeakRss, fresh_settings, timed_process, write_records

PLACES = [
    ("Kendari", "Sulawesi Tenggara"),
    ("Kolaka", "Sulawesi Tenggara"),
    ("Baubau", "Sulawesi Tenggara"),
    ("Mataram", "Nusa Tenggara Barat"),
    ("Lombok Timur", "Nusa Tenggara Barat"),
    ("Kupang", "Nusa Tenggara Timur"),
    ("Ende", "Nusa Tenggara Timur"),
    ("Gorontalo", "Gorontalo"),
    ("Palu", "Sulawesi Tengah"),
    ("Banggai", "Sulawesi Tengah"),
    ("Ambon", "Maluku"),
    ("Ternate", "Maluku Utara"),
    ("Jayapura", "Papua"),
    ("Sorong", "Papua Barat Daya"),
    ("Padang", "Sumatera Barat"),
    ("Jambi", "Jambi"),
    ("Banjarmasin", "Kalimantan Selatan"),
    ("Samarinda", "Kalimantan Timur"),
    ("Pontianak", "Kalimantan Barat"),
    ("Garut", "Jawa Barat"),
]
FIRST = [
    "Andi",
    "Rahmat",
    "Siti",
    "Dewi",
    "Yusuf",
    "Hendra",
    "Nurul",
    "Agus",
    "Ratna",
    "Fajar",
    "Lukman",
    "Wulan",
]
LAST = ["Saputra", "Rahmawati", "Lamusu", "Pratama", "Hasibuan", "Tamalaki", "Wonda", "Lestari", "Kurniawan"]
POSITIONS = [
    "Sekretaris Daerah",
    "Kepala Badan Kepegawaian Daerah",
    "Inspektur Daerah",
    "Kepala Dinas Kominfo",
]
TOPICS = [
    "evaluasi Sistem Akuntabilitas Kinerja Instansi Pemerintah",
    "pembangunan zona integritas menuju Wilayah Bebas dari Korupsi",
    "penerapan Sistem Pemerintahan Berbasis Elektronik",
    "penyederhanaan birokrasi dan penyetaraan jabatan",
    "perbaikan mal pelayanan publik",
    "penataan tenaga honorer menjadi PPPK",
    "perbaikan jalan kabupaten yang rusak berat",
    "penyaluran bantuan benih untuk petani",
]
SENTENCES = [
    "{place} - Pemerintah daerah {place} menggelar rapat koordinasi tentang {topic} pada {day} ({n}/{m}/2025).",
    "{position} {place}, {name}, mengatakan kegiatan itu diikuti {n2} pegawai dari berbagai perangkat daerah.",
    "Menurut {short}, target tahun ini adalah menaikkan capaian {topic} setidaknya {pct} persen.",
    "Ia menyebut masih ada {n3} unit kerja yang belum menyampaikan laporan sesuai jadwal.",
    "Pemerintah Provinsi {prov} akan mendampingi daerah yang tertinggal melalui pelatihan dan asistensi.",
    "Anggaran yang disiapkan untuk program tersebut mencapai Rp{rp} miliar dari APBD perubahan.",
    '"Kami ingin warga {place} merasakan perubahan yang nyata, bukan hanya di atas kertas," ujar {short}.',
    "Rapat ditutup dengan penandatanganan komitmen bersama oleh para kepala dinas yang hadir.",
    "Warga berharap langkah itu membuat layanan di kantor kecamatan lebih cepat dan tidak berbelit.",
    "Evaluasi berikutnya dijadwalkan berlangsung pada akhir triwulan ketiga di kantor {position_lower}.",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat"]
ENGLISH = (
    "<p>The regional government said on Monday that it would review the reform roadmap with every agency "
    "before the end of the year, and that the results would be published on its website.</p>"
)


def _article(rng: random.Random, i: int) -> tuple[str, list[str]]:
    place, prov = rng.choice(PLACES)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    position = rng.choice(POSITIONS)
    slots = {
        "place": place,
        "prov": prov,
        "name": name,
        "short": name.split()[0],
        "position": position,
        "position_lower": position.lower(),
        "topic": rng.choice(TOPICS),
        "day": rng.choice(DAYS),
        "n": rng.randint(1, 28),
        "m": rng.randint(1, 12),
        "n2": rng.randint(20, 400),
        "n3": rng.randint(2, 30),
        "pct": rng.randint(5, 40),
        "rp": f"{rng.randint(1, 90)},{rng.randint(1, 9)}",
    }
    order = [0, 1, *rng.sample(range(2, len(SENTENCES)), 6)]
    sents = [SENTENCES[k].format(**slots) for k in order]
    sents.append(f"Liputan ini merupakan laporan nomor {i} dari meja redaksi daerah.")
    paras = [" ".join(sents[j : j + 2]) for j in range(0, len(sents), 2)]
    title = f"{place}: {slots['topic'].capitalize()} Dibahas, {name} Minta Laporan Tepat Waktu"
    return title, paras


def _html(title: str, paras: list[str], host: str) -> bytes:
    body = (
        paras[0]
        and f"<p>{paras[0]}</p><p><strong>Baca juga: Harga Cabai Naik Jelang Akhir Pekan</strong></p>"
    )
    body += "".join(f"<p>{p}</p>" for p in paras[1:])
    return (
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{title} - {host}</title>"
        f"<meta property='og:title' content='{title}'><meta property='og:site_name' content='{host}'>"
        "<meta property='article:published_time' content='2025-07-07T10:15:00+07:00'></head><body>"
        "<nav><a href='/'>Beranda</a> <a href='/daerah'>Daerah</a> <a href='/politik'>Politik</a></nav>"
        f"<article><h1>{title}</h1><div class='content'>{body}</div><p>Editor: Redaksi</p></article>"
        "<footer>Hak cipta dilindungi undang-undang.</footer></body></html>"
    ).encode()


def synthetic_records(n: int, seed: int = 2025) -> Iterator[tuple[str, bytes, str]]:
    """``n`` (url, body, content type) records, generated one at a time."""
    rng = random.Random(seed)
    recent: list[tuple[str, list[str]]] = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.02:
            yield f"https://fixture.example/dokumen/{i}.pdf", b"%PDF-1.4 laporan", "application/pdf"
            continue
        if roll < 0.05:
            body = f"<html lang='en'><body><article><h1>Reform review {i}</h1>{ENGLISH * 3}</article></body></html>"
            yield f"https://fixture.example/en/{i}", body.encode("utf-8"), "text/html; charset=utf-8"
            continue
        if roll < 0.15 and recent:  # an exact copy on the second outlet
            title, paras = rng.choice(recent)
            yield f"https://eval.example/salinan/{i}", _html(title, paras, "eval.example"), "text/html"
            continue
        if roll < 0.22 and recent:  # a lightly edited copy: new dateline, one sentence dropped
            title, paras = rng.choice(recent)
            edited = [paras[0].replace(" - ", ", KABAR - ", 1), *paras[1:-2], paras[-1]]
            yield f"https://eval.example/olahan/{i}", _html(title, edited, "eval.example"), "text/html"
            continue
        title, paras = _article(rng, i)
        recent = [*recent, (title, paras)][-50:]
        yield f"https://fixture.example/berita/{i}", _html(title, paras, "fixture.example"), "text/html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="rbmon-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    warc = work / "synthetic.warc.gz"
    start = time.perf_counter()
    n = write_records(warc, synthetic_records(args.records))
    print(
        f"wrote {n} records ({warc.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - start:.0f} s",
        flush=True,
    )

    settings = fresh_settings(work / "db")
    clock = Clock("processing", max(1000, n // 25))
    with PeakRss() as peak:
        elapsed, records, steady = timed_process(settings, warc, args.workers, clock)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        articles, urls, stories = con.execute(
            "select count(*), count(distinct canonical_url), count(distinct story_id) from articles"
        ).fetchone()  # type: ignore[misc]
        status, skipped = con.execute(
            "select status, errors from crawl_runs where kind = 'process' order by started_at desc limit 1"
        ).fetchone()  # type: ignore[misc]
    finally:
        con.close()
    print(
        f"processed {records} records with {args.workers} workers in {elapsed:.0f} s: {records / elapsed:.1f} records/s"
        f" (steady {steady:.1f}/s)"
    )
    print(
        f"stored {articles} articles ({urls} distinct URLs) in {stories} stories; run {status}, skipped {skipped}"
    )
    print(peak.describe())
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if articles == urls and status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
