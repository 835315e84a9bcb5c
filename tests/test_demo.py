"""`rbmon demo` end to end: the database must hold what the fixture site's gold labels say."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from pipeline.core.config import DiscoveryConfig
from pipeline.fixture_site import FixtureArticle, load_articles
from pipeline.fixture_site.model import SiteModel

pytestmark = pytest.mark.slow


def _rbmon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, timeout=600, cwd=cwd
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    work = tmp_path_factory.mktemp("demo")
    proc = _rbmon("demo", "--dir", str(work / "out"), cwd=work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return work / "out", proc


JAKARTA = ZoneInfo("Asia/Jakarta")


def _q(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_summary_says_where_everything_is(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, proc = demo
    assert "published" in proc.stdout and "rbmon.duckdb" in proc.stdout
    assert "digest-" in proc.stdout and "rbmon sql" in proc.stdout
    for name in ("rbmon.duckdb", "published/rbmon.duckdb"):
        assert (out / name).exists()
    assert len(list((out / "digests").glob("digest-*.html"))) == 1
    assert f"archive site:                {out / 'site' / 'index.html'}" in proc.stdout  # printed whole
    assert (out / "site" / "index.html").exists()
    assert list((out / "warc").glob("*.warc.gz"))


def _reachable() -> list[FixtureArticle]:
    """The articles a crawl can reach: every registered outlet's, and those of the outlets of no registry
    that the fixture's GDELT or Google News lists for the configured query groups."""
    model = SiteModel.build(load_articles())
    listed = {
        a.id
        for a in model.articles
        for group in DiscoveryConfig().query_groups
        if model.outlet(a.outlet).indexed_by
        and any(t.lower() in f"{a.title}\n{a.plain_body()}".lower() for t in group)
    }
    return [a for a in model.articles if model.outlet(a.outlet).registered or a.id in listed]


def test_every_fixture_article_is_stored_once(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = demo
    db = out / "published" / "rbmon.duckdb"
    gold = _reachable()
    titles = {t for (t,) in _q(db, "select title from articles")}
    assert _q(db, "select count(*), count(distinct canonical_url) from articles")[0] == (len(gold), len(gold))
    missing = [a.id for a in gold if a.title not in titles]
    assert missing == [], f"fixture articles not stored (or title wrong): {missing}"
    # nothing behind robots.txt, no tracking parameters in article identity
    assert _q(
        db, "select count(*) from articles where url like '%/private/%' or canonical_url like '%utm_%'"
    ) == [(0,)]


def test_discovery_finds_the_outlets_of_no_registry_and_places_them(
    demo: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, proc = demo
    db = out / "published" / "rbmon.duckdb"
    model = SiteModel.build(load_articles())
    hidden = [o for o in model.outlets if not o.registered]
    assert f"outlets discovered ({len(hidden)})" in proc.stdout
    rows = _q(
        db, "select name, province_code, province_evidence, found_by from sources where origin = 'discovered'"
    )
    assert sorted(r[0] for r in rows) == sorted(o.name for o in hidden)
    assert {r[0]: r[1] for r in rows} == {o.name: o.province_code for o in hidden}
    assert all(r[2] for r in rows) and {r[3] for r in rows} == {"gdelt", "google_news"}
    # their core RB stories are stored, found only through discovery, in the gold's provinces
    core = [a for a in _reachable() if not model.outlet(a.outlet).registered and a.gold.rb_level == "core"]
    assert core
    for article in core:
        found = _q(
            db,
            """
            select f.channel, list(ap.province) from articles a join open_web_finds f on f.url = a.canonical_url
            join article_provinces ap using (article_id) where a.title = ? group by 1
            """,
            [article.title],
        )
        assert found, article.id
        assert all(set(provinces) == set(article.gold.provinces) for _c, provinces in found), article.id


def test_relevance_and_provinces_follow_the_gold(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = demo
    db = out / "published" / "rbmon.duckdb"
    gold = {a.title: a for a in _reachable()}
    rows = _q(db, "select title, rb_relevant, article_id from articles")
    agree = sum(1 for title, rel, _ in rows if gold[title].gold.rb_relevant == rel)
    assert agree / len(rows) >= 0.9
    provinces = {
        (title, name)
        for title, name in _q(
            db, "select a.title, ap.province from articles a join article_provinces ap using (article_id)"
        )
    }
    expected = {(t, p) for t, a in gold.items() for p in a.gold.provinces}
    hit = len(provinces & expected)
    assert hit / len(expected) >= 0.85 and hit / max(1, len(provinces)) >= 0.85


def test_the_digest_names_exactly_the_provinces_of_core_rb_stories(
    demo: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """Issue 12: with RB activity a minority of the fixture site, the map is still right."""
    out, _ = demo
    digest = json.loads(next((out / "digests").glob("digest-*.json")).read_text(encoding="utf-8"))
    start, end = date.fromisoformat(digest["start"]), date.fromisoformat(digest["end"])
    core = [
        a
        for a in load_articles()
        if a.gold.rb_level == "core" and start <= a.published.astimezone(JAKARTA).date() <= end
    ]
    assert core, "the digest's week has core RB stories in the gold"
    assert {p["name"] for p in digest["active"]} == {p for a in core for p in a.gold.provinces}
    # and no ordinary article of the week was counted: every RB article stored is core in the gold
    db = out / "published" / "rbmon.duckdb"
    gold = {a.title: a.gold.rb_level for a in load_articles()}
    assert {gold[t] for (t,) in _q(db, "select title from articles where rb_level = 'core'")} == {"core"}


def test_pages_encodings_and_syndication(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = demo
    db = out / "published" / "rbmon.duckdb"
    by_id = {a.id: a for a in load_articles()}
    for aid in ("fx-a-01", "fx-a-02"):  # two-page articles: the last paragraph of page 2 is in the text
        art = by_id[aid]
        last = art.plain_body().strip().split("\n\n")[-1][:60]
        text = _q(db, "select text from articles where title = ?", [art.title])[0][0]
        assert last in text, aid
    cp1252 = by_id["fx-a-05"]
    text = _q(db, "select text from articles where title = ?", [cp1252.title])[0][0]
    assert "Ã" not in text and "â€" not in text  # no mojibake
    original, copy = by_id["fx-a-03"], by_id[by_id["fx-a-04"].id]
    stories = _q(
        db,
        "select title, story_id, is_story_original from articles where title in (?, ?)",
        [original.title, copy.title],
    )
    assert len(stories) == 2 and len({s for _, s, _ in stories}) == 1
    assert sum(1 for _, _, first in stories if first) == 1


def test_digest_and_sql(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = demo
    html = next((out / "digests").glob("digest-*.html")).read_text(encoding="utf-8")
    assert html.count('<g class="tile"') == 38
    md = next((out / "digests").glob("digest-*.md")).read_text(encoding="utf-8")
    assert "## Provinsi yang melaporkan aktivitas RB" in md  # Bahasa Indonesia by default
    proc = _rbmon(
        "sql", "--db", str(out / "published" / "rbmon.duckdb"), "select count(*) as n from articles", cwd=out
    )
    assert proc.returncode == 0 and str(len(_reachable())) in proc.stdout


def test_rerun_is_incremental_and_idempotent(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = demo
    before = _q(
        out / "rbmon.duckdb", "select count(*), count(distinct story_id), sum(rb_relevant::int) from articles"
    )
    fetched = _q(out / "rbmon.duckdb", "select count(*) from fetches where kind = 'article' and status = 200")
    proc = _rbmon("demo", "--dir", str(out), "--keep", cwd=out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (
        _q(
            out / "rbmon.duckdb",
            "select count(*), count(distinct story_id), sum(rb_relevant::int) from articles",
        )
        == before
    )
    # the second crawl fetched no article page again
    assert (
        _q(out / "rbmon.duckdb", "select count(*) from fetches where kind = 'article' and status = 200")
        == fetched
    )
    last = _q(
        out / "rbmon.duckdb",
        "select new_articles from crawl_runs where kind = 'crawl' order by started_at desc limit 1",
    )
    assert last == [(0,)]


def test_plain_rbmon_sql_after_the_demo_reads_the_demo_database(
    demo: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    # a newcomer runs `rbmon demo` (default folder ./rbmon-demo), then the first query they see
    out, _ = demo
    (tmp_path / "rbmon-demo" / "published").mkdir(parents=True)
    shutil.copy(out / "published" / "rbmon.duckdb", tmp_path / "rbmon-demo" / "published" / "rbmon.duckdb")
    env = {k: v for k, v in os.environ.items() if k not in ("RBMON_CONFIG", "RBMON_DATA_DIR", "RBMON_DB")}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "sql", "--format", "csv", "select count(*) as n from articles"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ['"n"', str(len(_reachable()))]
    assert "reading the demo's rbmon-demo/published/rbmon.duckdb" in proc.stderr
    # with a config of its own, rbmon never falls back to the demo
    (tmp_path / "rbmon.toml").write_text('data_dir = "prod"\n', encoding="utf-8")
    configured = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "sql", "select count(*) from articles"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert configured.returncode == 1 and "prod/rbmon.duckdb" in configured.stderr


def test_scorecard_shows_the_fixture_results_and_flags_the_conflict(
    demo: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    # `rbmon sql "select * from pemda_scorecard"` on the demo database: the fixture's announced
    # results with their evidence, and the pemda, metric and year two outlets disagree on flagged
    out, _ = demo
    db = out / "published" / "rbmon.duckdb"
    rows = _q(
        db, "select subject, metric, value, year, conflict, reported_values, evidence from pemda_scorecard"
    )
    for _s, _m, value, _y, _c, _vs, evidence in rows:
        assert value.lower() in evidence.lower().replace(",", ".")
    announced = [(a, f) for a in load_articles() for f in a.gold.facts if f.status == "announced"]
    pairs = {(f.subject, f.metric) for _, f in announced}
    shown = {(s, m) for s, m, *_ in rows}
    assert len(pairs & shown) >= 0.8 * len(pairs), sorted(pairs - shown)
    values: dict[tuple[str, str, int | None], set[str]] = {}
    for _, f in announced:
        values.setdefault((f.subject, f.metric, f.year), set()).add(f.value)
    disagree = sorted((s, m, y, sorted(vs)) for (s, m, y), vs in values.items() if len(vs) > 1)
    flagged = sorted((s, m, y, list(vs)) for s, m, _v, y, c, vs, _e in rows if c)
    assert disagree and flagged == disagree
    proc = _rbmon("sql", "select subject, conflict from pemda_scorecard where conflict", "--db", str(db),
                  "--format", "csv", cwd=out)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert list(csv.reader(io.StringIO(proc.stdout)))[1:] == [[s, "true"] for s, *_ in disagree]
