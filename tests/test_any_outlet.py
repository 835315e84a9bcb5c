"""Any-outlet backfill: a CC-NEWS-style WARC of outlets no registry lists, built from the fixture site.

The WARC holds every fixture article's first page under the host of an outlet that is in no registry
(CC-NEWS holds pages, one record each, from whatever hosts it crawled), plus the records such a month
also holds: an English page, a home page and a 404. With ``--any-outlet`` every Indonesian news record
is stored, none is dropped as ``not_a_source``, each host becomes a discovered outlet placed in its
province, and processing the file again stores nothing twice. Then one outlet is promoted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
import yaml

from crawlers.sources import load_sources
from crawlers.urls import outlet_id
from nlp.hosts import pemda_home
from pipeline.core.config import Settings
from pipeline.digest.queries import build_digest
from pipeline.fixture_site.pages import article_pages
from pipeline.jobs.nightly import ensure_database
from pipeline.process.run import run_process
from tests.helpers.warc import ENGLISH, Rec, article_html, write_warc

#: the host each fixture outlet has in this archive: none of them is in data/sources.yaml
HOSTS = {
    "suarabumi": "www.suarabumi-news.id",
    "pemprov-ntb": "berita.ntbprov.go.id",
    "nusantarapos": "nusantarapos.com",
    "pemkab-tabalong": "tabalongkab.go.id",
    "wartakhatulistiwa": "www.wartakhatulistiwa.com",
}


# a home page: Indonesian text enough to extract, but no news article
_HOME = (
    "<html lang='id'><head><title>NusantaraPos - Berita Nasional dan Daerah Terpercaya</title></head><body>"
    "<main><p>NusantaraPos menyajikan berita nasional dan daerah yang terpercaya setiap hari, mulai dari "
    "pemerintahan, ekonomi, hukum hingga olahraga, ditulis oleh jurnalis kami yang tersebar di seluruh "
    "provinsi di Indonesia untuk pembaca di mana saja.</p>"
    + "".join(f"<p><a href='/daerah/{i}'>Kabar daerah nomor {i}</a></p>" for i in range(10))
    + "</main></body></html>"
)


def _archive(path: Path) -> list[str]:
    """Write the WARC; returns the URLs of its Indonesian news records."""
    records, news = [], []
    t0 = datetime(2025, 7, 7, tzinfo=UTC)
    for n, pages in enumerate(article_pages(base="https://fixture.example")):
        first = pages[0]
        url = f"https://{HOSTS[first.outlet]}{first.path}"
        records.append(Rec(url, first.body, first.content_type, date=t0 + timedelta(seconds=n)))
        news.append(url)
    records += [
        Rec("https://english.example.com/news/reform", article_html(*ENGLISH, lang="en").encode("utf-8")),
        Rec("https://nusantarapos.com/", _HOME.encode("utf-8")),
        Rec("https://nusantarapos.com/hilang", b"<html><body>Tidak ditemukan</body></html>", status=404),
    ]  # fmt: skip
    write_warc(path, records)
    return news


def _q(settings: Settings, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path, list[str], object]:
    tmp = tmp_path_factory.mktemp("anyoutlet")
    base = Settings(data_dir=tmp / "data")
    settings = base.model_copy(update={"process": base.process.model_copy(update={"workers": 1})})
    ensure_database(settings)
    warc = tmp / "CC-NEWS-20250707000000-00001.warc.gz"
    news = _archive(warc)
    report = run_process(settings, warcs=[warc], any_outlet=True)
    return settings, warc, news, report


def test_every_indonesian_news_record_is_stored_none_dropped_as_not_a_source(backfilled) -> None:
    settings, _warc, news, report = backfilled
    assert "not_a_source" not in report.skipped
    stored = {u for (u,) in _q(settings, "select url from articles")}
    assert stored == set(news)
    assert report.skipped == {"not_indonesian": 1, "not_an_article": 1, "http_404": 1}


def test_each_host_is_a_discovered_outlet_placed_by_domain_or_stories(backfilled) -> None:
    settings, *_ = backfilled
    rows = {
        sid: (host, province, evidence, found_by)
        for sid, host, province, evidence, found_by in _q(
            settings,
            "select source_id, host, province_code, province_evidence, found_by from sources where origin = 'discovered'",
        )
    }
    assert set(rows) == {outlet_id(h) for h in HOSTS.values()}
    assert all(r[3] == "any_outlet" for r in rows.values())
    for host in HOSTS.values():
        home = pemda_home(host)
        if home is not None:  # the pemda portals: placed by their domain before their articles were read
            assert rows[outlet_id(host)][1:3] == (home.province_code, home.evidence)
    # a regional outlet whose stories happen in one province gets it from them, with the counts
    warta = rows[outlet_id(HOSTS["wartakhatulistiwa"])]
    assert warta[1] == "61" and warta[2].startswith("stories:")
    # a national outlet writing about many provinces gets none
    assert rows[outlet_id(HOSTS["nusantarapos"])][1:3] == (None, None)
    assert _q(settings, "select count(*) from articles where publisher_province_code = '63'") == [
        (sum(1 for u in backfilled[2] if urlsplit(u).hostname == HOSTS["pemkab-tabalong"]),)
    ]


def test_discovered_outlets_show_in_source_overview(backfilled) -> None:
    settings, _warc, news, _ = backfilled
    rows = {
        r[0]: r[1:]
        for r in _q(
            settings,
            "select source_id, origin, province, province_evidence, articles_stored from source_overview"
            " where origin = 'discovered'",
        )
    }
    assert set(rows) == {outlet_id(h) for h in HOSTS.values()}
    assert sum(r[3] for r in rows.values()) == len(news)  # every stored article counted for its outlet
    tabalong = rows[outlet_id(HOSTS["pemkab-tabalong"])]
    assert tabalong[1] == "Kalimantan Selatan" and tabalong[2].startswith("pemda domain")


def test_a_rerun_stores_nothing_twice(backfilled) -> None:
    settings, warc, news, _ = backfilled
    before = _q(settings, "select count(*), count(distinct story_id) from articles")
    again = run_process(settings, warcs=[warc], any_outlet=True)
    assert again.articles_new == 0 and again.articles_updated == len(news)
    assert _q(settings, "select count(*), count(distinct story_id) from articles") == before
    assert _q(settings, "select count(*) from sources where origin = 'discovered'") == [(len(HOSTS),)]


def test_discovered_outlets_count_for_coverage_in_the_digest(backfilled) -> None:
    settings, *_ = backfilled
    con = duckdb.connect(str(settings.db_path))
    try:
        # the pemda portal answered this week (an article fetch): its province is observed, not "no data"
        con.execute(
            "insert into fetches (url, canonical_url, source_id, run_id, fetched_at, kind, status) values"
            " ('https://tabalongkab.go.id/x', 'https://tabalongkab.go.id/x', 'tabalongkab.go.id', 'r', ?, 'article', 200)",
            [datetime(2025, 7, 2, tzinfo=UTC)],
        )
        digest = build_digest(con, "2025-W27", top_stories=3, top_officials=3)
    finally:
        con.close()
    assert "Kalimantan Selatan" not in digest.quiet_no_data


def _rbmon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300"}  # a table row on one line
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env=env)  # fmt: skip


def test_list_and_promote_a_discovered_outlet(backfilled, tmp_path: Path) -> None:
    settings, warc, _news, _ = backfilled
    db = str(settings.db_path)
    listed = _rbmon("sources", "list", "--discovered", "--db", db, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "tabalongkab.go.id" in listed.stdout and "pemda domain" in listed.stdout
    registry = tmp_path / "sources.yaml"
    registry.write_text((Path(__file__).parents[1] / "data" / "sources.yaml").read_text(encoding="utf-8"))
    before = len(load_sources(registry))
    proc = _rbmon("sources", "promote", "tabalongkab.go.id", "--id", "pemkab-tabalong", "--registry",
                  str(registry), "--db", db, "--yes", cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    sources = load_sources(registry)
    assert len(sources) == before + 1
    entry = next(s for s in sources if s.id == "pemkab-tabalong")
    assert (entry.kind, entry.province_code, entry.url) == ("government", "63", "https://tabalongkab.go.id/")
    assert "promoted from discovery" in (entry.notes or "")
    assert registry.read_text(encoding="utf-8").startswith("# rbmon source registry")  # comments kept
    # twice is refused in one line: the host belongs to an entry now
    again = _rbmon("sources", "promote", "tabalongkab.go.id", "--registry", str(registry), "--db", db, "--yes",
                   cwd=tmp_path)  # fmt: skip
    assert again.returncode == 1 and "already belongs to pemkab-tabalong" in again.stderr
    # the next processing run with that registry moves the outlet's rows to its registry id
    cfg = settings.crawl.model_copy(update={"sources_file": str(registry)})
    run_process(settings.model_copy(update={"crawl": cfg}), warcs=[warc], any_outlet=True)
    assert _q(settings, "select count(*) from articles where source_id = 'tabalongkab.go.id'") == [(0,)]
    assert _q(settings, "select count(*) > 0 from articles where source_id = 'pemkab-tabalong'") == [(True,)]
    assert _q(settings, "select origin from sources where source_id = 'pemkab-tabalong'") == [("registry",)]


def test_promote_an_unknown_host_is_one_error_line(backfilled, tmp_path: Path) -> None:
    settings, *_ = backfilled
    proc = _rbmon(
        "sources", "promote", "tidak-ada.example", "--db", str(settings.db_path), "--yes", cwd=tmp_path
    )
    assert proc.returncode == 1 and "no discovered outlet has the host tidak-ada.example" in proc.stderr
    assert yaml.safe_load  # the registry was not touched: no --registry, nothing written


EVAL_PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"


@pytest.mark.slow
@pytest.mark.skipif(not (EVAL_PAGES / "gold.jsonl").is_file(), reason="../shared/eval/pages is not here")
def test_the_real_pages_as_a_cc_news_month_are_stored_whole_and_once() -> None:
    """The 30 real pages under their own URLs (kompas.com, detik.com, ...: hosts of no registry, most of
    them not .id): with --any-outlet none is dropped as not_a_source, every page the gold calls an
    article is stored, and a rerun stores nothing."""
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_any_outlet.py"
    proc = subprocess.run([sys.executable, str(script), str(EVAL_PAGES), "--json"], capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    registry, backfill, rerun = result["runs"]
    assert registry["skipped"].get("not_a_source", 0) > 0  # without the switch most hosts are dropped
    assert "not_a_source" not in backfill["skipped"]
    # what is not stored is a page the gold does not call an article (a photo page's two-line caption)
    assert all("article" not in (p["page_type"] or "") for p in result["not_stored"]), result["not_stored"]
    assert set(backfill["skipped"]) <= {"not_an_article"}
    assert backfill["articles"] == result["records"] - len(result["not_stored"])
    assert rerun["new"] == 0 and (rerun["articles"], rerun["stories"]) == (
        backfill["articles"],
        backfill["stories"],
    )
