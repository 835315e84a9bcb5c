"""The three dedup layers: canonical URL, exact content, near-duplicate stories (and which copy is first)."""

from __future__ import annotations

import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline import store
from pipeline.core.config import Settings
from pipeline.extract.enrich import RawInput, canonical_for, enrich_article
from pipeline.process import ProcessReport, run_process
from pipeline.process.load import Loader
from tests.helpers.process import T0, make_settings, q
from tests.helpers.warc import STORIES, Rec, article_html, write_warc

SAKIP_TITLE, SAKIP = STORIES["sakip"]


def _page(url: str, paras: list[str], *, title: str = SAKIP_TITLE, published: str, **kw: object) -> Rec:
    return Rec(url, article_html(title, paras, published=published, **kw).encode("utf-8"))  # type: ignore[arg-type]


def _edited(paras: list[str]) -> list[str]:
    """A syndicated copy as outlets run it: own dateline, one sentence reworded, a closing credit."""
    out = list(paras)
    out[0] = out[0].replace("ANDOOLO -", "KONSEL, KABAR -")
    out[3] = out[3].replace("menyusun ulang pohon kinerja", "segera memperbaiki pohon kinerja")
    out.append("(Sumber: Humas Pemkab Konawe Selatan)")
    return out


def _run(settings: Settings, tmp_path: Path, name: str, recs: list[Rec]) -> None:
    warc = tmp_path / name
    write_warc(warc, recs)
    report = run_process(settings, warcs=[warc])
    assert not report.errors


def _articles(settings: Settings) -> dict[str, tuple[str, bool, str]]:
    return {
        url: (story, first, chash)
        for url, story, first, chash in q(
            settings, "select canonical_url, story_id, is_story_original, content_hash from articles"
        )
    }


def test_canonical_url_layer_merges_tracking_and_amp_variants(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    base = "https://warta.example/daerah/2025/07/07/sakip-konsel/"
    pub = "2025-07-07T10:15:00+07:00"
    _run(
        settings,
        tmp_path,
        "a.warc.gz",
        [
            _page(base + "?utm_source=facebook&utm_medium=social", SAKIP, published=pub),
            _page(base + "amp/", SAKIP, published=pub, canonical=base),
            _page("https://warta.example/amp/daerah/sakip-konsel", SAKIP, published=pub, canonical=base),
            _page(base + "#komentar", SAKIP, published=pub),
        ],
    )
    assert q(settings, "select canonical_url from articles") == [(base,)]
    (run,) = q(settings, "select stats->>'$.skipped.duplicate_url' from crawl_runs where kind = 'process'")
    assert run == ("3",)


def test_a_foreign_canonical_does_not_merge_two_outlets(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    original = "https://warta.example/daerah/sakip-konsel"
    copy = "https://kabar.example/amp/sakip-konsel"  # an AMP copy declaring the other outlet's URL
    pub = "2025-07-07T10:15:00+07:00"
    _run(
        settings,
        tmp_path,
        "a.warc.gz",
        [_page(original, SAKIP, published=pub), _page(copy, SAKIP, published=pub, canonical=original)],
    )
    assert len(_articles(settings)) == 2
    assert canonical_for(copy, original) == "https://kabar.example/amp/sakip-konsel"
    assert (
        canonical_for("https://m.kabar.example/amp/x", "https://kabar.example/x") == "https://kabar.example/x"
    )


def test_exact_copy_on_another_url_joins_the_story(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    _run(
        settings,
        tmp_path,
        "a.warc.gz",
        [
            _page("https://warta.example/sakip", SAKIP, published="2025-07-07T10:15:00+07:00"),
            _page(
                "https://kabar.example/sakip-copy", SAKIP, published="2025-07-07T13:00:00+07:00", site="Kabar"
            ),
        ],
    )
    arts = _articles(settings)
    original, copy = arts["https://warta.example/sakip"], arts["https://kabar.example/sakip-copy"]
    assert original[0] == copy[0] and original[2] == copy[2]
    assert original[1] and not copy[1]


def test_edited_syndicated_copy_joins_the_story_and_another_story_does_not(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    zona_title, zona = STORIES["zona"]
    _run(
        settings,
        tmp_path,
        "a.warc.gz",
        [
            _page("https://warta.example/sakip", SAKIP, published="2025-07-07T10:15:00+07:00"),
            _page(
                "https://kabar.example/konsel-evaluasi-sakip",
                _edited(SAKIP),
                title="Konsel Genjot Nilai SAKIP, Kepala Dinas Diminta Benahi Pohon Kinerja",
                published="2025-07-07T15:40:00+07:00",
            ),
            _page(
                "https://warta.example/zona", zona, title=zona_title, published="2025-07-07T09:00:00+07:00"
            ),
        ],
    )
    arts = _articles(settings)
    original, copy = arts["https://warta.example/sakip"], arts["https://kabar.example/konsel-evaluasi-sakip"]
    other = arts["https://warta.example/zona"]
    assert original[0] == copy[0] and original[2] != copy[2]  # same story, not the same text
    assert original[1] and not copy[1]
    assert other[0] != original[0] and other[1]
    assert q(settings, "select count(distinct story_id) from articles") == [(2,)]


def test_the_earliest_copy_is_the_original_even_when_it_is_processed_later(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    late = _page(
        "https://kabar.example/konsel-sakip",
        _edited(SAKIP),
        published="2025-07-08T08:00:00+07:00",
        site="Kabar",
    )
    _run(settings, tmp_path, "first.warc.gz", [late])
    assert _articles(settings)["https://kabar.example/konsel-sakip"][1]  # alone, it is the original

    early = _page("https://warta.example/sakip", SAKIP, published="2025-07-07T10:15:00+07:00")
    exact = _page("https://warta.example/sakip-ulang", SAKIP, published="2025-07-07T11:00:00+07:00")
    _run(settings, tmp_path, "second.warc.gz", [exact, early])
    arts = _articles(settings)
    assert len({story for story, _, _ in arts.values()}) == 1
    assert [url for url, (_, first, _) in arts.items() if first] == ["https://warta.example/sakip"]

    # reprocessing everything keeps the stories and the original where they are
    before = arts
    run_process(settings, warcs=[tmp_path / "second.warc.gz", tmp_path / "first.warc.gz"])
    assert _articles(settings) == before


def test_exact_copy_in_a_later_run_joins_the_stored_story(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    _run(settings, tmp_path, "a.warc.gz", [_page("https://warta.example/sakip", SAKIP, published="2025-07-07T10:15:00+07:00")])  # fmt: skip
    copy = Rec(
        "https://kabar.example/salinan",
        article_html(SAKIP_TITLE, SAKIP, published="2025-07-09T10:15:00+07:00").encode("utf-8"),
        date=T0 + timedelta(days=2),
    )
    _run(settings, tmp_path, "b.warc.gz", [copy])
    arts = _articles(settings)
    assert arts["https://warta.example/sakip"][0] == arts["https://kabar.example/salinan"][0]
    assert [u for u, (_, first, _) in arts.items() if first] == ["https://warta.example/sakip"]


def test_one_official_across_batches_and_runs_with_first_and_last_seen(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, batch_size=1)  # every article in its own batch and flush
    _run(
        settings,
        tmp_path,
        "a.warc.gz",
        [
            _page("https://warta.example/sakip", SAKIP, published="2025-07-07T10:15:00+07:00"),
            _page("https://kabar.example/olahan", _edited(SAKIP), published="2025-07-09T08:00:00+07:00"),
        ],
    )
    _run(
        settings,
        tmp_path,
        "b.warc.gz",
        [_page("https://kabar.example/awal", _edited(SAKIP)[:3], published="2025-07-05T09:00:00+07:00")],
    )
    rows = q(
        settings, "select official_id, first_seen, last_seen from officials where name = 'Haerul Pasolongi'"
    )
    assert len(rows) == 1
    oid, first, last = rows[0]
    wib = timezone(timedelta(hours=7))
    assert (first, last) == (datetime(2025, 7, 5, 9, 0, tzinfo=wib), datetime(2025, 7, 9, 8, 0, tzinfo=wib))
    assert q(
        settings, "select count(distinct article_id) from article_officials where official_id = ?", [oid]
    ) == [(3,)]


def test_story_window_bounds_the_index_across_runs(tmp_path: Path) -> None:
    """A copy is matched against recent stories only: days apart joins, a season apart does not."""
    settings = make_settings(tmp_path)
    edited = _edited(SAKIP)  # near-duplicates, not exact copies (those share a story through their hash)
    _run(
        settings,
        tmp_path,
        "a.warc.gz",
        [_page("https://warta.example/a", SAKIP, published="2025-01-06T10:00:00+07:00")],
    )
    _run(
        settings,
        tmp_path,
        "b.warc.gz",
        [_page("https://warta.example/b", edited, published="2025-04-07T10:00:00+07:00")],
    )
    again = [*edited, "Kegiatan tersebut diikuti seluruh kepala perangkat daerah di lingkungan pemkab."]
    _run(
        settings,
        tmp_path,
        "c.warc.gz",
        [_page("https://kabar.example/c", again, published="2025-04-09T10:00:00+07:00")],
    )
    stories = {url.rsplit("/", 1)[1]: story for url, (story, _, _) in _articles(settings).items()}
    assert stories["b"] != stories["a"]  # 91 days later: outside the 60-day window, a new story
    assert stories["c"] == stories["b"]  # two days later, lightly edited: the same story


def test_the_exact_copy_layer_asks_the_database_instead_of_loading_every_stored_hash(tmp_path: Path) -> None:
    """Memory must not grow with the archive: the loader starts without the stored hashes and still
    finds the story of an exact copy stored in an earlier run (here among 100,000 other articles)."""
    settings = make_settings(tmp_path)
    original = _page("https://warta.example/sakip", SAKIP, published="2025-07-07T10:15:00+07:00")
    _run(settings, tmp_path, "a.warc.gz", [original])
    [(story,)] = q(settings, "select story_id from articles")
    con = store.connect(settings.db_path)
    try:
        # An archive's worth of other stored texts (each with its own hash and story).
        con.execute(
            "insert into articles (article_id, canonical_url, content_hash, story_id)"
            " select 'x' || i, 'https://arsip.example/' || i, sha1(i::varchar), 'x' || i from range(100000) t(i)"
        )
        tracemalloc.start()
        try:
            loader = Loader(con, settings, ProcessReport(run_id="test"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 1_000_000  # the stored pairs alone would take ~20 MB of Python objects

        copy = RawInput("https://kabar.example/salinan", original.body, "text/html", "b.warc.gz", 0, T0)
        loader.add(enrich_article([copy]))
        loader.flush()
    finally:
        con.close()
    assert q(settings, "select story_id from articles where canonical_url = ?", [copy.url]) == [(story,)]
