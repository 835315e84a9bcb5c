"""Trends in the digest: 12 weeks per province, nationally and per theme; newly active and long-quiet
provinces, only once the archive is old enough to tell; charts with their text alternatives."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import lxml.html
import pytest

from pipeline import store
from pipeline.digest import build_digest, render_html, render_markdown
from pipeline.site import build_site_from

WIB = ZoneInfo("Asia/Jakarta")
W27 = datetime(2025, 7, 2, 10, tzinfo=WIB)  # a Wednesday of ISO week 2025-W27


def _week(n: int) -> datetime:
    """The Wednesday of 2025-W``n``."""
    return W27 + timedelta(weeks=n - 27)


def _add(
    con: duckdb.DuckDBPyConnection, aid: str, when: datetime, province: tuple[str, str], theme: str
) -> None:
    store.append_rows(
        con,
        "articles",
        [
            {
                "article_id": aid,
                "canonical_url": f"https://x.example.id/{aid}",
                "url": f"https://x.example.id/{aid}",
                "source_id": "x",
                "title": f"Berita {aid}",
                "published_at": when,
                "fetched_at": when,
                "story_id": aid,
                "rb_relevant": True,
                "rb_score": 2.0,
            }
        ],
    )
    store.append_rows(
        con, "article_provinces", [{"article_id": aid, "province_code": province[0], "province": province[1]}]
    )
    store.append_rows(con, "article_themes", [{"article_id": aid, "theme": theme, "score": 1.0}])


SULTRA, BALI, ACEH = ("74", "Sulawesi Tenggara"), ("51", "Bali"), ("11", "Aceh")
PAPUA = ("91", "Papua")


@pytest.fixture
def con(migrated_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    c = migrated_con
    with store.transaction(c):
        for week in range(10, 15):  # Sultra: active long ago, silent since W15
            _add(c, f"s{week}", _week(week), SULTRA, "integrity_zone")
        _add(c, "b20", _week(20), BALI, "spbe")  # Bali: once in W20, then back in W27 after 6 silent weeks
        _add(c, "b27a", _week(27), BALI, "spbe")
        _add(c, "b27b", _week(27) + timedelta(days=1), BALI, "public_service")
        _add(c, "a26", _week(26), ACEH, "spbe")  # Aceh: active last week and this week
        _add(c, "a27", _week(27), ACEH, "spbe")
    return c


def test_twelve_weeks_per_province_nationally_and_per_theme(con: duckdb.DuckDBPyConnection) -> None:
    d = build_digest(con, "2025-W27")
    tr = d.trends
    assert tr is not None and tr.weeks[0] == "2025-W16" and tr.weeks[-1] == "2025-W27" and len(tr.weeks) == 12
    assert tr.national == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 3]  # W20 Bali, W26 Aceh, W27 Bali x2 + Aceh
    bali = next(a for a in d.active if a.name == "Bali")
    assert bali.trend == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2]
    assert tr.themes["spbe"] == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2]
    assert "integrity_zone" not in tr.themes  # no story in the window


def test_newly_active_and_quiet_for_four_weeks(con: duckdb.DuckDBPyConnection) -> None:
    tr = build_digest(con, "2025-W27").trends
    assert tr is not None and tr.has_history and tr.history_weeks == 18  # W10 to W27
    assert tr.newly_active == ["Bali"]  # Aceh was active last week
    quiet = dict(tr.quiet_long)
    assert quiet["Sulawesi Tenggara"] == "2025-W14" and quiet["Papua"] is None
    assert "Bali" not in quiet and "Aceh" not in quiet and len(quiet) == 36
    md = render_markdown(build_digest(con, "2025-W27"))
    assert "**Baru aktif** (aktif minggu ini setelah 4 minggu atau lebih tanpa berita RB): Bali" in md
    assert "Sulawesi Tenggara (berita RB terakhir pada Minggu ke-14 2025)" in md
    # a longer quiet window: Bali's silence (W21-W26) is not long enough any more
    assert build_digest(con, "2025-W27", quiet_weeks=8).trends.newly_active == []  # type: ignore[union-attr]


def test_a_young_archive_says_it_cannot_tell(migrated_con: duckdb.DuckDBPyConnection) -> None:
    with store.transaction(migrated_con):
        _add(migrated_con, "b27", _week(27), BALI, "spbe")
    d = build_digest(migrated_con, "2025-W27")
    assert d.trends is not None and not d.trends.has_history and d.trends.newly_active == []
    assert "arsip baru mencakup 1 minggu" in render_markdown(d)


def test_every_chart_has_its_text_alternative(con: duckdb.DuckDBPyConnection) -> None:
    page = lxml.html.document_fromstring(render_html(build_digest(con, "2025-W27")))
    charts = [svg for svg in page.iter("svg") if "chart" in (svg.get("class") or "")]
    assert len(charts) == 1 + 2 + 2  # national, Bali and Aceh, spbe and public_service
    for svg in charts:
        label = svg.get("aria-label")
        assert svg.get("role") == "img" and label and svg.findtext("title") == label
    national = next(svg for svg in charts if "bars" in svg.get("class"))
    assert national.get("aria-label").endswith(": 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 3")
    assert page.find(".//figure[@id='national-trend']/figcaption").text_content() == national.get(
        "aria-label"
    )
    assert not list(page.iter("script"))


def test_only_core_rb_activity_counts(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # governance news near RB (rb_level 'related': an apel, a pelantikan) on an RB theme, about a quiet
    # province and an active one: neither the digest nor its trends nor the archive site count it
    before = build_digest(con, "2025-W27")
    with store.transaction(con):
        for aid, province in (("rel-papua", PAPUA), ("rel-bali", BALI)):
            _add(con, aid, _week(27), province, "spbe")
            con.execute(
                "update articles set rb_level = 'related', rb_relevant = false, rb_score = 0.4"
                " where article_id = ?",
                [aid],
            )
    d = build_digest(con, "2025-W27")
    assert [(a.name, a.stories, a.articles) for a in d.active] == [
        (a.name, a.stories, a.articles) for a in before.active
    ]
    assert d.trends is not None and before.trends is not None
    assert d.trends.national == before.trends.national and d.trends.themes == before.trends.themes
    assert d.trends.newly_active == ["Bali"] and "Papua" in dict(d.trends.quiet_long)
    assert all("rel-" not in s.title for s in d.stories)
    build_site_from(con, tmp_path / "site", language="en")
    papua = next((tmp_path / "site" / "provinces").glob(f"{PAPUA[0]}-*.html")).read_text(encoding="utf-8")
    bali = next((tmp_path / "site" / "provinces").glob(f"{BALI[0]}-*.html")).read_text(encoding="utf-8")
    assert "Berita rel-" not in papua and "Berita rel-" not in bali and "Berita b27a" in bali
