"""The processing stage end to end: real WARC files in, a real DuckDB file out, no mocks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pipeline import store
from pipeline.core.config import LimitsConfig, Settings
from pipeline.core.runstate import clear_stop, request_stop
from pipeline.extract.enrich import PROCESSING_VERSION, RawInput
from pipeline.process import run_process
from pipeline.process.run import _enriched
from tests.helpers.process import T0, crawl, make_settings, q
from tests.helpers.warc import ENGLISH, STORIES, Rec, article_html, page_two_html, story_page, write_warc

# --------------------------------------------------------------------------- helpers


def snapshot(settings: Settings, *, other_warcs: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of the article tables, in a stable order, without the write time.

    ``other_warcs``: for comparing databases loaded from two WARC files with the same records,
    whose offsets differ (warcio gives each record a random id).
    """
    out = {}
    skip = ["processed_at", "annotated_at", *(["warc_offset"] if other_warcs else [])]
    cols = [
        r[0]
        for r in q(
            settings,
            "select column_name from duckdb_columns() where table_name = 'articles'"
            " and not list_contains(?, column_name) order by column_index",
            [skip],
        )
    ]
    out["articles"] = q(settings, f"select {', '.join(cols)} from articles order by article_id")
    for table in (
        "article_regions",
        "article_officials",
        "article_themes",
        "article_signatures",
        "officials",
    ):
        out[table] = q(settings, f"select * from {table} order by all")
    return out


def last_run(settings: Settings) -> tuple[str, dict[str, Any], dict[str, int]]:
    status, stats, errors = q(
        settings,
        "select status, stats, errors from crawl_runs where kind = 'process' order by started_at desc limit 1",
    )[0]
    return status, json.loads(stats), json.loads(errors)


@pytest.fixture(autouse=True)
def _no_stop() -> Iterator[None]:
    clear_stop()
    yield
    clear_stop()


# --------------------------------------------------------------------------- backfill from WARC files


def _mixed_records() -> list[Rec]:
    title, paras = STORIES["zona"]
    quoted = list(paras)  # curly quotes and an accented name: bytes that iso-8859-1 would garble
    quoted[1] = quoted[1].replace("Wa Ode Sitti Marlina", "Wa Ode Sitti Marlina (Andrés)")
    quoted[4] = "\u201cKami ingin warga dilayani lebih cepat dan tanpa pungutan,\u201d kata Marlina."
    return [
        story_page("sakip", "https://warta.example/daerah/sakip-konsel"),
        Rec("https://warta.example/dokumen/laporan.pdf", b"%PDF-1.4 laporan kinerja", "application/pdf"),
        Rec("https://warta.example/kosong", b""),
        Rec(  # broken markup: a self-closing <html/> before the real document
            "https://warta.example/daerah/spbe-gorontalo",
            article_html(*STORIES["spbe"], head_first="<html/>").encode("utf-8"),
        ),
        Rec(  # iso-8859-1 declared, UTF-8 bytes
            "https://kabar.example/kesehatan/zona-integritas-baubau",
            article_html(title, quoted, charset="iso-8859-1").encode("utf-8"),
            "text/html; charset=iso-8859-1",
        ),
        Rec("https://warta.example/english/reform", article_html(*ENGLISH, lang="en").encode("utf-8")),
        Rec("https://lain.example/banjir", article_html(*STORIES["banjir"]).encode("utf-8")),
        Rec("https://suaradaerah.id/banjir-kolut", article_html(*STORIES["banjir"]).encode("utf-8")),
        Rec("https://warta.example/hilang", b"<html><body>Halaman tidak ditemukan</body></html>", status=404),
    ]


def test_backfill_keeps_indonesian_articles_of_sources_and_counts_every_skip(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    warc = tmp_path / "CC-NEWS-test.warc.gz"
    write_warc(warc, _mixed_records())
    report = run_process(settings, warcs=[warc])

    stored = dict(q(settings, "select canonical_url, text from articles"))
    assert set(stored) == {
        "https://warta.example/daerah/sakip-konsel",
        "https://warta.example/daerah/spbe-gorontalo",
        "https://kabar.example/kesehatan/zona-integritas-baubau",
    }
    zona = stored["https://kabar.example/kesehatan/zona-integritas-baubau"]
    assert "\u201c" in zona and "Andrés" in zona and "Ã" not in zona and "â€" not in zona
    assert "Sistem Akuntabilitas Kinerja" in stored["https://warta.example/daerah/sakip-konsel"]
    assert "Baca juga" not in stored["https://warta.example/daerah/sakip-konsel"]

    status, stats, errors = last_run(settings)
    expected = {"not_html": 1, "empty": 1, "not_indonesian": 1, "not_a_source": 2, "http_404": 1}
    assert stats["skipped"] == expected == errors == dict(report.skipped)
    assert status == "ok" and stats["records"] == 9 and stats["articles_new"] == 3
    assert q(settings, "select count(*) from articles where language <> 'id'") == [(0,)]


# the flag, its older name (which means the same now), and the config switch process.any_outlet alone
@pytest.mark.parametrize("flag", ["any_outlet", "any_indonesian", "config"])
def test_any_outlet_keeps_indonesian_articles_of_any_host_as_discovered_outlets(
    tmp_path: Path, flag: str
) -> None:
    settings = make_settings(tmp_path, any_outlet=flag == "config")
    kwargs = {} if flag == "config" else {flag: True}
    warc = tmp_path / "cc.warc.gz"
    write_warc(warc, _mixed_records())
    report = run_process(settings, warcs=[warc], **kwargs)
    stored = dict(
        q(settings, "select canonical_url, source_id from articles where source_id not in ('warta', 'kabar')")
    )
    # judged by language and by being an article, not by the domain: .example and .id alike
    assert stored == {
        "https://lain.example/banjir": "lain.example",
        "https://suaradaerah.id/banjir-kolut": "suaradaerah.id",
    }
    assert "not_a_source" not in report.skipped and report.skipped["not_indonesian"] == 1
    outlets = q(
        settings,
        "select source_id, host, origin, found_by from sources where origin = 'discovered' order by 1",
    )
    assert outlets == [
        ("lain.example", "lain.example", "discovered", "any_outlet"),
        ("suaradaerah.id", "suaradaerah.id", "discovered", "any_outlet"),
    ]
    # a rerun of the same file stores nothing twice
    again = run_process(settings, warcs=[warc], **kwargs)
    assert again.articles_new == 0 and q(
        settings, "select count(*) from sources where origin = 'discovered'"
    ) == [(2,)]


def test_truncated_warc_is_processed_up_to_the_break_and_the_run_says_where(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    warc = tmp_path / "cut.warc.gz"
    offsets = write_warc(
        warc,
        [story_page(k, f"https://warta.example/{k}") for k in ("sakip", "zona", "spbe")],
    )
    warc.write_bytes(warc.read_bytes()[: offsets[2] + 300])
    good = tmp_path / "good.warc.gz"
    write_warc(good, [story_page("banjir", "https://kabar.example/banjir")])

    report = run_process(settings, warcs=[warc, good])  # does not raise

    assert {r[0] for r in q(settings, "select canonical_url from articles")} == {
        "https://warta.example/sakip",
        "https://warta.example/zona",
        "https://kabar.example/banjir",  # the next file is still read
    }
    status, stats, _ = last_run(settings)
    assert status == "partial" and stats["skipped"] == {"warc_truncated": 1}
    (error,) = stats["errors"]
    assert str(warc) in error and f"offset {offsets[2]}" in error
    assert report.errors == stats["errors"]


# --------------------------------------------------------------------------- idempotency and versions


def test_processing_the_same_warc_twice_changes_nothing(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    warc = tmp_path / "cc.warc.gz"
    write_warc(warc, _mixed_records())
    first = run_process(settings, warcs=[warc])
    before = snapshot(settings)
    second = run_process(settings, warcs=[warc])
    assert snapshot(settings) == before
    assert (first.articles_new, first.articles_updated) == (3, 0)
    assert (second.articles_new, second.articles_updated) == (0, 3)
    assert q(settings, "select count(*), count(distinct canonical_url) from articles") == [(3, 3)]
    assert q(settings, "select count(*) from crawl_runs where kind = 'process' and status = 'ok'") == [(2,)]


def test_pending_fetches_are_processed_once_and_marked(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    recs = [story_page(k, f"https://warta.example/{k}") for k in ("sakip", "zona", "spbe")]
    recs.append(Rec("https://warta.example/english", article_html(*ENGLISH).encode("utf-8")))
    crawl(settings, "crawl-1.warc.gz", recs)

    first = run_process(settings)
    assert first.records == 4 and first.articles_new == 3 and first.skipped == {"not_indonesian": 1}
    assert q(settings, "select count(*) from fetches where processed_version = ?", [PROCESSING_VERSION]) == [
        (4,)
    ]
    before = snapshot(settings)

    second = run_process(settings)  # nothing pending: nothing read, nothing written
    assert second.records == 0 and second.articles_new == second.articles_updated == 0
    assert snapshot(settings) == before


def test_reprocess_and_older_versions_are_rewritten_with_the_current_version(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    crawl(
        settings, "crawl-1.warc.gz", [story_page(k, f"https://warta.example/{k}") for k in ("sakip", "zona")]
    )
    run_process(settings)
    before = snapshot(settings)

    # rows and fetches written by an older processing version are pending for the current one
    con = store.connect(settings.db_path)
    con.execute(
        "update articles set processing_version = 0, title = 'lama' where canonical_url like '%sakip'"
    )
    con.execute("update fetches set processed_version = 0 where canonical_url like '%sakip'")
    con.close()
    report = run_process(settings)
    assert report.records == 1 and report.articles_updated == 1
    assert snapshot(settings) == before

    stamp = q(settings, "select max(processed_at) from articles")[0][0]
    report = run_process(settings, reprocess=True)
    assert report.records == 2 and report.articles_updated == 2 and report.articles_new == 0
    assert q(settings, "select count(*) from articles where processed_at > ? and processing_version = ?",
             [stamp, PROCESSING_VERSION]) == [(2,)]  # fmt: skip
    assert snapshot(settings) == before


def test_a_newer_fetch_supersedes_an_older_one_for_good(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    url = "https://warta.example/sakip"
    title, paras = STORIES["sakip"]
    old = Rec(url, article_html(title, paras[:3]).encode("utf-8"), date=T0)
    new = Rec(url, article_html(title, paras).encode("utf-8"), date=T0 + timedelta(hours=5))
    crawl(settings, "crawl-1.warc.gz", [old])
    crawl(settings, "crawl-2.warc.gz", [new])
    run_process(settings)
    assert "lemari" in q(settings, "select text from articles")[0][0]  # the last paragraph: the newer fetch
    again = run_process(settings)  # the older fetch must not come back as pending and overwrite it
    assert again.records == 0
    assert "lemari" in q(settings, "select text from articles")[0][0]
    assert q(settings, "select count(*) from fetches where processed_version is null") == [(0,)]


# --------------------------------------------------------------------------- multi-page articles


def _two_pages() -> tuple[list[Rec], dict[str, dict[str, Any]]]:
    title, paras = STORIES["sakip"]
    url1 = "https://warta.example/daerah/sakip-konsel"
    url2 = url1 + "/2"
    extra_paras = [
        "Dalam rapat yang sama, Inspektur Daerah Konawe Selatan, Burhanuddin Tamalaki, meminta temuan "
        "audit kinerja tahun lalu segera ditindaklanjuti oleh dinas yang bersangkutan.",
        "Rapat ditutup dengan penandatanganan komitmen bersama untuk memperbaiki nilai akuntabilitas "
        "kinerja sebelum tim evaluator dari kementerian datang pada bulan depan.",
    ]
    page1 = Rec(url1, article_html(title, paras, next_page=url2).encode("utf-8"))
    page2 = Rec(url2, page_two_html(title, extra_paras, canonical=url2, published="2025-07-07T10:15:00+07:00")
                .encode("utf-8"), date=T0 + timedelta(seconds=30))  # fmt: skip
    extra = {url2: {"kind": "article_page", "part_of": url1, "page": 2}}
    return [page1, page2], extra


def test_pages_are_joined_and_annotated_once(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    recs, extra = _two_pages()
    crawl(settings, "crawl-1.warc.gz", recs, **extra)
    report = run_process(settings)
    assert report.records == 2 and report.articles_new == 1 and not report.skipped
    ((text, url),) = q(settings, "select text, canonical_url from articles")
    assert url == "https://warta.example/daerah/sakip-konsel"
    assert text.index("lemari") < text.index("Burhanuddin Tamalaki")  # page 2 after page 1
    names = [r[0] for r in q(settings, "select name from article_officials")]
    assert "Burhanuddin Tamalaki" in names and len(names) == len(set(names))
    assert q(settings, "select count(*) from article_signatures") == [(1,)]
    assert q(settings, "select count(*) from fetches where processed_version is null") == [(0,)]


def test_a_late_page_two_rejoins_its_article(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    (page1, page2), extra = _two_pages()
    crawl(settings, "crawl-1.warc.gz", [page1])
    run_process(settings)
    assert "Burhanuddin" not in q(settings, "select text from articles")[0][0]
    crawl(settings, "crawl-2.warc.gz", [page2], **extra)
    report = run_process(settings)
    assert report.records == 2 and report.articles_updated == 1 and report.articles_new == 0
    assert "Burhanuddin" in q(settings, "select text from articles")[0][0]


def test_an_orphan_page_is_counted_not_stored(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    (_, page2), extra = _two_pages()
    crawl(settings, "crawl-1.warc.gz", [page2, story_page("zona", "https://warta.example/zona")], **extra)
    report = run_process(settings)
    assert report.skipped == {"orphan_page": 1} and report.articles_new == 1
    assert last_run(settings)[1]["skipped"] == {"orphan_page": 1}


def test_an_unreadable_record_is_counted_and_its_pages_are_orphans(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    recs, extra = _two_pages()
    offsets = crawl(settings, "crawl-1.warc.gz", recs, **extra)
    con = store.connect(settings.db_path)
    con.execute("update fetches set warc_offset = ? where page = 1", [offsets[0] + 3])
    con.close()
    report = run_process(settings)
    assert report.skipped == {"warc_unreadable": 1, "orphan_page": 1}
    assert "crawl-1.warc.gz" in report.errors[0] and str(offsets[0] + 3) in report.errors[0]
    assert last_run(settings)[0] == "partial"


# --------------------------------------------------------------------------- stop, parallel, memory


def _many(settings: Settings, n: int) -> None:
    keys = list(STORIES)
    recs = []
    for i in range(n):
        title, paras = STORIES[keys[i % len(keys)]]
        paras = [*paras, f"Laporan ini merupakan bagian ke-{i} dari liputan khusus redaksi tentang daerah."]
        host = "warta.example" if i % 2 else "kabar.example"
        recs.append(Rec(f"https://{host}/berita/{i}", article_html(f"{title} ({i})", paras).encode("utf-8")))
    crawl(settings, "crawl-1.warc.gz", recs)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stop_request_commits_the_batch_and_leaves_the_rest_pending(tmp_path: Path, workers: int) -> None:
    settings = make_settings(tmp_path, batch_size=3)
    _many(settings, 8)
    request_stop()  # as the SIGTERM handler of `rbmon schedule` does
    first = run_process(settings, workers=workers)
    assert first.interrupted and first.articles_new == 3
    assert last_run(settings)[0] == "interrupted"
    assert q(settings, "select count(*) from articles") == [(3,)]
    assert q(settings, "select count(*) from fetches where processed_version is not null") == [(3,)]

    clear_stop()
    second = run_process(settings)
    assert not second.interrupted and second.records == 5 and second.articles_new == 5
    assert q(settings, "select count(*), count(distinct canonical_url) from articles") == [(8, 8)]

    reference = make_settings(tmp_path / "ref", batch_size=3)
    _many(reference, 8)
    run_process(reference)
    assert snapshot(settings, other_warcs=True) == snapshot(reference, other_warcs=True)


def test_two_workers_store_exactly_what_one_worker_stores(tmp_path: Path) -> None:
    one = make_settings(tmp_path / "one", batch_size=4)
    two = make_settings(tmp_path / "two", batch_size=4)
    for s in (one, two):
        _many(s, 12)
        crawl(s, "crawl-2.warc.gz", [story_page("sakip", "https://kabar.example/salinan-sakip")])
    run_process(one, workers=1)
    report = run_process(two, workers=2)
    assert report.articles_new == 13 and not report.errors
    assert snapshot(one, other_warcs=True) == snapshot(two, other_warcs=True)


@pytest.mark.parametrize("workers", [1, 2])
def test_enrichment_reads_its_input_lazily(workers: int) -> None:
    pulled = 0

    def groups() -> Iterator[list[RawInput]]:
        nonlocal pulled
        for i in range(500):
            pulled += 1
            yield [RawInput(f"https://warta.example/{i}", b"%PDF", "application/pdf", "x.warc", i, None)]

    stream = _enriched(groups(), workers=workers, any_language=False, limits=LimitsConfig())
    first = next(stream)
    assert first.skip_reason == "not_html" and first.raw.payload == b""  # no payload travels back
    assert pulled <= 100  # a bounded window ahead of the consumer, not the whole input
    assert sum(1 for _ in stream) == 499


def test_a_warc_dropped_into_the_data_directory_is_processed_by_a_plain_run_once(tmp_path: Path) -> None:
    """`rbmon process` without arguments takes foreign WARCs (CC-NEWS) found under data/warc, once."""
    settings = make_settings(tmp_path)
    dropped = settings.warc_dir / "cc-news" / "CC-NEWS-20250707.warc.gz"
    dropped.parent.mkdir(parents=True)
    write_warc(dropped, _mixed_records())
    first = run_process(settings)
    assert first.articles_new == 3
    assert q(settings, "select warc_file from processed_warcs") == [
        ("warc/cc-news/CC-NEWS-20250707.warc.gz",)
    ]
    again = run_process(settings)
    assert again.records == 0 and again.articles_new == 0
    assert q(settings, "select count(*) from articles") == [(3,)]


def test_backfill_into_a_database_that_never_crawled_uses_the_source_registry(tmp_path: Path) -> None:
    # The README's restore and CC-NEWS backfill: `rbmon db init`, then `rbmon process FILE.warc.gz`.
    # No crawl ever filled the sources table; the registry (data/sources.yaml) says whose pages these are.
    settings = Settings(data_dir=tmp_path / "data")
    settings = settings.model_copy(update={"process": settings.process.model_copy(update={"workers": 1})})
    con = store.connect(settings.db_path)
    store.migrate(con)
    con.close()
    warc = tmp_path / "CC-NEWS-restore.warc.gz"
    write_warc(
        warc,
        [
            story_page("sakip", "https://sultra.antaranews.com/berita/123/sakip-konsel"),
            story_page("zona", "https://kendarikota.go.id/berita/zona-integritas"),  # an alias host
            story_page("spbe", "https://unregistered.example/spbe"),
        ],
    )
    report = run_process(settings, warcs=[warc])
    assert report.skipped == {"not_a_source": 1}
    assert sorted(q(settings, "select source_id, publisher_province_code from articles")) == [
        ("antara-sultra", "74"),
        ("kendarikota", "74"),
    ]
    # the articles' sources are now in the table the views join to, and only those
    assert sorted(q(settings, "select source_id, name is not null from sources")) == [
        ("antara-sultra", True),
        ("kendarikota", True),
    ]
    run_process(settings, warcs=[warc], reprocess=True)  # again: nothing duplicated
    assert q(settings, "select count(*) from sources") == [(2,)]


def test_regions_are_stored_with_evidence_and_apart_from_the_publishers_province(tmp_path: Path) -> None:
    # A Bali outlet reports on Konawe Selatan (Sulawesi Tenggara): where the story happens and where
    # the outlet sits are different facts, stored in different places.
    settings = Settings(data_dir=tmp_path / "data")
    settings = settings.model_copy(update={"process": settings.process.model_copy(update={"workers": 1})})
    warc = tmp_path / "bali.warc.gz"
    write_warc(warc, [story_page("sakip", "https://bali.antaranews.com/berita/1/sakip-konsel")])
    run_process(settings, warcs=[warc])
    [(publisher,)] = q(settings, "select publisher_province_code from articles")
    assert publisher == "51"
    rows = q(
        settings,
        "select level, code, name, province_code, role, confidence, evidence, is_primary"
        " from article_regions order by level, code",
    )
    primary = {(level, code) for level, code, *_, is_primary in rows if is_primary}
    assert primary == {
        ("province", "74"),
        ("regency", "74.05"),
    }  # Sulawesi Tenggara, Kabupaten Konawe Selatan
    assert all(code != "51" for _, code, *_ in rows)  # the outlet's home is not a place of the story
    for _level, code, _name, province_code, role, confidence, evidence, _ in rows:
        assert role in {"dateline", "subject", "mention"}
        assert 0 < confidence <= 1
        assert evidence  # the sentence that placed it, for an analyst to check
        assert province_code == code[:2]
    regency = next(r for r in rows if r[1] == "74.05")
    assert regency[2] == "Kabupaten Konawe Selatan" and "Konawe Selatan" in regency[6]
