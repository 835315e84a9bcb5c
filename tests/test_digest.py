"""The weekly digest: ranking, honest quiet provinces, escaping of scraped text, the tile map."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from pipeline import store
from pipeline.core.errors import RbmonError
from pipeline.digest import build_digest, render_html, render_markdown, resolve_week, write_digest
from tests.helpers import kendari_dateline, kendari_province

WIB = ZoneInfo("Asia/Jakarta")
EVIL_TITLE = '<script>alert("x")</script> Reformasi "Birokrasi" <img src=x onerror=alert(1)>'


def _article(
    aid: str,
    story: str,
    source: str,
    when: datetime,
    *,
    rb: bool = True,
    title: str = "Judul",
    url: str | None = None,
) -> dict:
    return {
        "article_id": aid,
        "canonical_url": url or f"https://{source}.example.id/{aid}",
        "url": url or f"https://{source}.example.id/{aid}",
        "source_id": source,
        "outlet": source,
        "title": title,
        "published_at": when,
        "fetched_at": when,
        "story_id": story,
        "rb_relevant": rb,
        "rb_score": 3.0 if rb else 0.1,
        "text": "isi",
    }


@pytest.fixture
def con(migrated_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    c = migrated_con
    w27 = datetime(2025, 7, 2, 10, tzinfo=WIB)
    w26 = datetime(2025, 6, 25, 10, tzinfo=WIB)
    with store.transaction(c):
        store.append_rows(
            c,
            "sources",
            [
                {
                    "source_id": "kendari",
                    "name": "Kendari News",
                    "base_url": "https://kendari.example.id/",
                    "province_code": "74",
                    "kind": "regional_media",
                },
                {
                    "source_id": "sultra2",
                    "name": "Sultra Pos",
                    "base_url": "https://sultra2.example.id/",
                    "province_code": "74",
                    "kind": "regional_media",
                },
                {
                    "source_id": "bali",
                    "name": "Bali Kini",
                    "base_url": "https://bali.example.id/",
                    "province_code": "51",
                    "kind": "regional_media",
                },
                {
                    "source_id": "aceh",
                    "name": "Aceh Hari Ini",
                    "base_url": "https://aceh.example.id/",
                    "province_code": "11",
                    "kind": "regional_media",
                },
            ],
        )
        store.append_rows(
            c,
            "fetches",
            [
                {
                    "url": "https://bali.example.id/x",
                    "canonical_url": "https://bali.example.id/x",
                    "source_id": "bali",
                    "fetched_at": w27,
                    "status": 200,
                },
                {
                    "url": "https://kendari.example.id/x",
                    "canonical_url": "https://kendari.example.id/x",
                    "source_id": "kendari",
                    "fetched_at": w27,
                    "status": 200,
                },
                {
                    "url": "https://aceh.example.id/x",
                    "canonical_url": "https://aceh.example.id/x",
                    "source_id": "aceh",
                    "fetched_at": w27,
                    "status": 500,
                },
            ],
        )
        arts = [
            # one story carried by two outlets (syndicated), counted once
            _article("a1", "a1", "kendari", w27, title=EVIL_TITLE, url="javascript:alert(1)"),
            _article("a2", "a1", "sultra2", w27),
            _article("a3", "a3", "kendari", w27),
            _article("a4", "a4", "kendari", w26),  # last week, same province
            _article("a5", "a5", "kendari", w27, rb=False),  # not RB: never counted
        ]
        store.append_rows(c, "articles", arts)
        store.append_rows(
            c,
            "article_regions",
            [kendari_dateline(a) for a in ("a1", "a2", "a3", "a4", "a5")],
        )
        store.append_rows(
            c, "article_provinces", [kendari_province(a) for a in ("a1", "a2", "a3", "a4", "a5")]
        )
        store.append_rows(
            c,
            "article_themes",
            [
                {"article_id": "a1", "theme": "spbe", "score": 2.0},
                {"article_id": "a3", "theme": "spbe", "score": 2.0},
                {"article_id": "a3", "theme": "integrity_zone", "score": 1.0},
            ],
        )
        store.append_rows(
            c,
            "officials",
            [{"official_id": "o1", "name": "Sri <b>Yusnita</b>", "jurisdiction": "Kota Kendari"}],
        )
        store.append_rows(
            c,
            "article_officials",
            [
                {
                    "article_id": "a1",
                    "official_id": "o1",
                    "name": "Sri <b>Yusnita</b>",
                    "position": "Inspektur Kota Kendari",
                }
            ],
        )
    yield c
    c.close()


def test_week_resolution() -> None:
    label, start, end = resolve_week("2025-W27")
    assert label == "2025-W27"
    assert start == datetime(2025, 6, 30, tzinfo=WIB) and (end - start).days == 7
    assert resolve_week(None, today=date(2025, 7, 9))[0] == "2025-W27"  # the last complete week
    assert resolve_week("2020-W53")[0] == "2020-W53"
    for bad in ("2025-27", "2025-W60", "last week"):
        with pytest.raises(RbmonError):
            resolve_week(bad)


def test_activity_ranking_and_change(con: duckdb.DuckDBPyConnection) -> None:
    d = build_digest(con, "2025-W27")
    assert [a.name for a in d.active] == ["Sulawesi Tenggara"]
    sultra = d.active[0]
    assert (sultra.stories, sultra.articles, sultra.outlets) == (2, 3, 2)
    assert sultra.previous_stories == 1 and sultra.change == 1
    assert sultra.top_themes[0] == "spbe"
    assert d.totals == {"articles": 4, "rb_articles": 3, "rb_stories": 2}
    top = d.stories[0]
    assert len(top.outlets) == 2  # both outlets that carried the syndicated story are linked


def test_quiet_provinces_are_split_honestly(con: duckdb.DuckDBPyConnection) -> None:
    d = build_digest(con, "2025-W27")
    assert "Bali" in d.quiet_observed  # healthy source, no RB story
    assert "Aceh" in d.quiet_no_data  # its only source failed
    assert "Papua Pegunungan" in d.quiet_no_data  # no source at all
    assert len(d.active) + len(d.quiet_observed) + len(d.quiet_no_data) == 38
    assert d.coverage["Aceh"] == {"regional_sources": 1, "healthy_sources": 0, "rb_stories": 0}


def _fetch(con: duckdb.DuckDBPyConnection, source_id: str, when: datetime, status: int) -> None:
    url = f"https://{source_id}.example.id/feed/{when:%Y%m%d}"
    store.append_rows(
        con,
        "fetches",
        [{"url": url, "canonical_url": url, "source_id": source_id, "fetched_at": when, "status": status}],
    )


def test_an_unchanged_feed_counts_as_a_healthy_source(con: duckdb.DuckDBPyConnection) -> None:
    # Aceh's source failed with a 500 in the week; its feed answering 304 (not modified) shows it alive
    _fetch(con, "aceh", datetime(2025, 7, 3, 2, tzinfo=WIB), 304)
    d = build_digest(con, "2025-W27")
    assert "Aceh" in d.quiet_observed and "Aceh" not in d.quiet_no_data
    assert d.coverage["Aceh"]["healthy_sources"] == 1


def test_a_source_that_answered_after_the_week_covers_it(con: duckdb.DuckDBPyConnection) -> None:
    # A digest written late (or after a backfill): the source answered a month later, and discovery
    # asks for everything since its last good crawl, so the week is covered, not "no data".
    _fetch(con, "aceh", datetime(2025, 8, 4, 2, tzinfo=WIB), 200)
    assert "Aceh" in build_digest(con, "2025-W27").quiet_observed


def test_a_source_that_answered_only_long_before_the_week_is_no_data(con: duckdb.DuckDBPyConnection) -> None:
    _fetch(con, "aceh", datetime(2025, 5, 1, 2, tzinfo=WIB), 200)
    d = build_digest(con, "2025-W27")
    assert "Aceh" in d.quiet_no_data
    assert d.sources["failing"] == 1  # its only fetch in the window is the 500


def test_counts_of_one_are_singular_in_english(con: duckdb.DuckDBPyConnection) -> None:
    d = build_digest(con, "2025-W27", language="en")
    md, page = render_markdown(d), render_html(d)
    assert "Sri \\<b\\>Yusnita\\</b\\> — Inspektur Kota Kendari (1 story)" in md
    assert "1 stories" not in md and "1 stories" not in page
    assert "Bali: 0 stories" in page and "Sulawesi Tenggara: 2 stories" in page


def test_html_escapes_scraped_text_and_draws_38_tiles(con: duckdb.DuckDBPyConnection) -> None:
    page = render_html(build_digest(con, "2025-W27"))
    assert "<script>" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert "Sri &lt;b&gt;Yusnita&lt;/b&gt;" in page
    assert len(re.findall(r'<g class="tile"', page)) == 38
    assert 'data-province="Sulawesi Tenggara" data-stories="2"' in page
    assert "Content-Security-Policy" in page  # even a missed escape could not run a script


def test_markdown_and_json(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    d = build_digest(con, "2025-W27")
    md = render_markdown(d)
    # the 12-week sparkline sits between the change and the articles: last week 1 story, this week 2
    assert "| Sulawesi Tenggara | 2 | +1 | ▁▁▁▁▁▁▁▁▁▁▅█ | 3 | 2 |" in md
    assert "<script>" not in md and "\\<script\\>" in md
    assert "(javascript:" not in md
    paths = write_digest(d, tmp_path / "out")
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["week"] == "2025-W27" and data["active"][0]["change"] == 1
    assert {p.suffix for p in paths.values()} == {".md", ".html", ".json"}


@pytest.mark.requires_chromium
def test_digest_renders_in_headless_chromium(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    path = write_digest(build_digest(con, "2025-W27"), tmp_path)["html"]
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        svg = page.locator("#map svg")
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 500 and box["height"] > 200
        assert page.locator("#map g.tile").count() == 38
        assert (
            page.locator("g.tile[data-province='Sulawesi Tenggara'] rect").get_attribute("class")
            == "active-4"
        )
        assert page.locator("td", has_text="Sulawesi Tenggara").first.is_visible()
        page.screenshot(path=str(tmp_path / "digest.png"), full_page=True)
        browser.close()
    assert errors == []
    assert (tmp_path / "digest.png").stat().st_size > 10_000


def test_results_reported_this_week(migrated_con: duckdb.DuckDBPyConnection) -> None:
    # results announced in the week's RB articles, grouped per holder, metric, year and value with every
    # outlet that carried them; targets, self-assessments, earlier values and other weeks stay out
    from pipeline.digest import reported_results

    c = migrated_con
    w27 = datetime(2025, 7, 2, 10, tzinfo=WIB)
    w26 = datetime(2025, 6, 25, 10, tzinfo=WIB)
    arts = [
        _article("p1", "p1", "portal", w27),
        _article("p2", "p1", "koran", w27),  # the same release on a second outlet
        _article("p3", "p3", "koran", w27),
        _article("old", "old", "portal", w26),
    ]

    def fact(aid: str, no: int, subject: str, value: str, status: str = "announced", **kw: object) -> dict:
        return {"article_id": aid, "fact_no": no, "subject": subject, "subject_kind": "pemda",
                "pemda": subject, "pemda_code": "52", "metric": "rb_index", "value": value,
                "year": 2024, "status": status, "evidence": "x", **kw}  # fmt: skip

    ntb = "Provinsi Nusa Tenggara Barat"
    facts = [
        fact("p1", 0, ntb, "71.35"),
        fact("p2", 0, ntb, "71.35"),
        fact("p3", 0, ntb, "71.53"),  # another outlet disagrees
        fact("p3", 1, ntb, "75", "target", year=2025),
        fact("p3", 2, ntb, "74.2", "self_assessment", year=2025),
        fact("p3", 3, ntb, "B", "previous", year=None),
        fact("old", 0, ntb, "70"),
    ]
    with store.transaction(c):
        store.append_rows(c, "articles", arts)
        store.append_rows(c, "article_facts", facts)
    start = datetime(2025, 6, 30, tzinfo=WIB)
    end = datetime(2025, 7, 7, tzinfo=WIB)
    results = reported_results(c, start, end)
    assert [(r.subject, r.value, r.year, r.conflict) for r in results] == [
        (ntb, "71.35", 2024, True),
        (ntb, "71.53", 2024, True),
    ]
    assert {x["outlet"] for x in results[0].reports} == {"portal", "koran"} and results[0].province == (
        "Nusa Tenggara Barat"
    )
    d = build_digest(c, "2025-W27")
    md, html = render_markdown(d), render_html(d)
    assert "## Hasil yang dilaporkan minggu ini" in md and "Indeks Reformasi Birokrasi" in md
    # values read in the digest's language: Indonesian decimal comma, English decimal point
    assert "71,53 (laporan berbeda)" in md and "laporan berbeda" in html and ">71,35 <" in html
    assert "71.53" not in md and "71.35" not in html
    en = build_digest(c, "2025-W27", language="en")
    md_en, html_en = render_markdown(en), render_html(en)
    assert "## Results reported this week" in md_en and "Bureaucratic reform" in md_en
    assert "71.53 (reports disagree)" in md_en and "reports disagree" in html_en
    assert "74.2" not in md and "| 75 |" not in md
    assert json.loads(d.to_json())["results"][0]["value"] == "71.35"


def test_an_outlet_known_only_by_its_host_is_named_from_the_registry(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # a page without og:site_name: extraction keeps its host as the outlet; readers see the source's
    # reviewed name instead, in the digest, the archive site and the watchlist alerts. A name the page
    # gives itself (here "kendari", the fixture's) stays as it is.
    from pipeline.site import build_site_from
    from pipeline.watch import add_watchlist, new_matches

    host = _article("h1", "h1", "bali", datetime(2025, 7, 3, 9, tzinfo=WIB), title="Zona integritas di Bali")
    host["outlet"] = "bali.example.id:8443"
    host["url"] = host["canonical_url"] = "https://bali.example.id:8443/h1"
    with store.transaction(con):
        store.append_rows(con, "articles", [host])
        store.append_rows(
            con, "article_provinces", [{"article_id": "h1", "province_code": "51", "province": "Bali"}]
        )
    d = build_digest(con, "2025-W27")
    story = next(s for s in d.stories if s.title == "Zona integritas di Bali")
    assert story.outlets == [{"outlet": "Bali Kini", "url": "https://bali.example.id:8443/h1"}]
    assert {c["outlet"] for s in d.stories for c in s.outlets} >= {"Bali Kini", "kendari"}
    build_site_from(con, tmp_path / "site", language="en")
    bali = next((tmp_path / "site" / "provinces").glob("51-*.html")).read_text(encoding="utf-8")
    assert ">Bali Kini</a>" in bali and "bali.example.id:8443</a>" not in bali
    w = add_watchlist(con, "zi", query="zona integritas", since=datetime(2020, 1, 1, tzinfo=WIB))
    assert [m.outlet for m in new_matches(con, w)] == ["Bali Kini"]
