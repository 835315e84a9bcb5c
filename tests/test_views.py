"""The analyst views (pipeline/store/views/) on a small database whose every number is known.

Seven articles: a syndicated story carried by two Kendari outlets (and a third copy judged not
RB), a non-RB article, two Bali articles either side of a week boundary that only Jakarta time
gets right, and one national story about two provinces. Each expected figure below is worked
out by hand from those rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import duckdb
import pytest

from nlp.regions import RegionMention, RegionResult
from pipeline import store
from pipeline.process.load import province_rows

WIB = ZoneInfo("Asia/Jakarta")
PLUS7 = timezone(timedelta(hours=7))
W27 = datetime(2025, 7, 2, 10, tzinfo=WIB)

ANALYST_VIEWS = (
    "rb_articles",
    "rb_stories",
    "province_week_activity",
    "province_week_levels",
    "theme_week",
    "official_activity",
    "province_coverage",
    "source_health",
    "source_channels",
    "source_overview",
)
T1 = datetime(2025, 7, 1, 1, 0, tzinfo=WIB)  # start of a nightly crawl run


def _article(
    aid: str, story: str, source: str, when: datetime, province: str | None, *, rb: bool = True,
    level: str | None = None,
) -> dict:  # fmt: skip
    return {
        "article_id": aid,
        "canonical_url": f"https://{source}.example.id/berita/{aid}",
        "url": f"https://{source}.example.id/berita/{aid}",
        "source_id": source,
        "outlet": source.title(),
        "title": f"Pemda perkuat reformasi birokrasi ({aid})",
        "published_at": when,
        "fetched_at": when,
        "story_id": story,
        "is_story_original": aid == story,
        "rb_relevant": rb,
        "rb_level": level or ("core" if rb else "related"),
        "rb_score": 4.0 if rb else 0.2,
        "text": "Pemerintah daerah menggelar rapat evaluasi reformasi birokrasi.",
        "word_count": 7,
        "publisher_province_code": province,
    }


def _region(aid: str, level: str, code: str, name: str, province: str, *, primary: bool = True) -> dict:
    return {
        "article_id": aid,
        "level": level,
        "code": code,
        "name": name,
        "province_code": province,
        "role": "dateline" if primary else "mention",
        "is_primary": primary,
    }


def _source(sid: str, province: str | None, *, kind: str = "regional_media", enabled: bool = True) -> dict:
    return {
        "source_id": sid,
        "name": sid.title(),
        "base_url": f"https://{sid}.example.id/",
        "province_code": province,
        "kind": kind,
        "enabled": enabled,
    }


def _fetch(sid: str, when: datetime, status: int) -> dict:
    return {
        "url": f"https://{sid}.example.id/feed/",
        "canonical_url": f"https://{sid}.example.id/feed/",
        "source_id": sid,
        "fetched_at": when,
        "status": status,
        "kind": "feed",
    }


def _health(
    sid: str, channel: str, state: str, failures: int, *, found: int, error: str | None = None
) -> dict:
    return {
        "source_id": sid,
        "channel": channel,
        "state": state,
        "consecutive_failures": failures,
        "last_success_at": T1 - timedelta(days=failures) if state == "stable" or failures < 5 else None,
        "last_failure_at": T1 if failures else None,
        "last_error": error,
        "articles_found_last": found,
        "articles_found_total": found,
        "runs": 10,
    }


def _provinces(regions: list[dict]) -> list[dict]:
    """The ``article_provinces`` rows the loader writes for these region rows (its own rule)."""
    mentions: dict[str, list[RegionMention]] = defaultdict(list)
    for r in regions:
        mentions[r["article_id"]].append(
            RegionMention(
                r["name"], r["code"], r["level"], r["province_code"], r["role"], 1.0, "", r["is_primary"]
            )
        )
    return [
        row for aid, ms in mentions.items() for row in province_rows(aid, RegionResult((), (), tuple(ms)))
    ]


@pytest.fixture
def con(migrated_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    c = migrated_con
    now = datetime.now(UTC)
    articles = [
        _article("a1", "a1", "kendari", W27, "74"),
        _article("a2", "a1", "sultra2", W27 + timedelta(hours=2), "74"),  # syndicated copy of a1
        # Sunday 23:30 WIB: still ISO week 26 in Jakarta
        _article("a3", "a3", "bali", datetime(2025, 6, 29, 23, 30, tzinfo=PLUS7), "51"),
        # Sunday 17:30 UTC is Monday 00:30 WIB: week 27 in Jakarta although week 26 in UTC
        _article("a4", "a4", "bali", datetime(2025, 6, 29, 17, 30, tzinfo=UTC), "51"),
        _article("a5", "a5", "kendari", W27 + timedelta(days=2), "74", rb=False),
        _article("a6", "a6", "nasional", W27 + timedelta(days=1), None),
        # a near-duplicate of a1 that relevance scored below the threshold: not part of the RB story
        _article("a7", "a1", "nasional", W27 + timedelta(hours=3), None, rb=False, level="none"),
    ]
    regions = [
        _region("a1", "regency", "74.71", "Kota Kendari", "74"),
        _region("a1", "province", "74", "Sulawesi Tenggara", "74"),  # same province twice: one row
        _region("a1", "province", "51", "Bali", "51", primary=False),  # a mention only: not counted
        _region("a2", "regency", "74.71", "Kota Kendari", "74"),
        _region("a3", "province", "51", "Bali", "51"),
        _region("a4", "regency", "51.03", "Kabupaten Badung", "51"),
        _region("a5", "regency", "74.71", "Kota Kendari", "74"),
        _region("a6", "regency", "74.71", "Kota Kendari", "74"),
        _region("a6", "province", "51", "Bali", "51"),
    ]
    themes = [
        ("a1", "spbe", 2.0),
        ("a1", "integrity_zone", 3.0),
        ("a2", "spbe", 2.0),
        ("a3", "merit_system", 1.5),
        ("a4", "spbe", 1.0),
        ("a6", "spbe", 1.0),
        ("a6", "merit_system", 2.0),
        ("a6", "public_service", 1.0),
    ]
    officials = [
        {"official_id": "o1", "name": "Ridwan Lasandara", "jurisdiction": "Kota Kendari"},
        {"official_id": "o2", "name": "Made Suarnawa", "jurisdiction": "Provinsi Bali"},
    ]
    mentions = [
        ("a1", "o1", "Ridwan Lasandara", "Sekretaris Daerah Kota Kendari"),
        ("a2", "o1", "Ridwan Lasandara", "Sekretaris Daerah Kota Kendari"),
        ("a5", "o1", "Ridwan Lasandara", "Pj. Wali Kota Kendari"),  # latest article, not RB
        ("a6", "o2", "Made Suarnawa", "Kepala Biro Organisasi Setda Bali"),
    ]
    health = [
        # kendari: the feed works, the sitemap fails: the source is stable
        _health("kendari", "robots", "stable", 0, found=0),
        _health("kendari", "feed", "stable", 0, found=12),
        _health("kendari", "sitemap", "failing", 2, found=3, error="http_5xx"),
        # sultra2: every discovery channel quarantined
        _health("sultra2", "feed", "quarantined", 6, found=4, error="timeout"),
        _health("sultra2", "sitemap", "quarantined", 5, found=0, error="timeout"),
        # aceh: failing once; bali has never been crawled (no rows)
        _health("aceh", "wp_json", "failing", 1, found=0, error="dns"),
    ]
    with store.transaction(c):
        store.append_rows(c, "source_channel_health", health)
        store.append_rows(
            c,
            "sources",
            [
                _source("kendari", "74"),
                _source("sultra2", "74"),
                _source("arsip-sultra", "74", enabled=False),
                _source("bali", "51"),
                _source("aceh", "11"),
                _source("nasional", None, kind="national_media"),
            ],
        )
        store.append_rows(
            c,
            "fetches",
            [
                _fetch("kendari", now - timedelta(days=1), 200),
                _fetch("sultra2", now - timedelta(days=30), 200),  # too long ago to count as healthy
                _fetch("sultra2", now - timedelta(days=1), 503),
                _fetch("arsip-sultra", now - timedelta(days=1), 200),  # disabled: not a configured source
                _fetch("bali", now - timedelta(days=2), 304),  # an unchanged feed is a healthy answer
                _fetch("aceh", now - timedelta(days=1), 500),
            ],
        )
        store.append_rows(c, "articles", articles)
        store.append_rows(c, "article_regions", regions)
        store.append_rows(c, "article_provinces", _provinces(regions))
        store.append_rows(
            c, "article_themes", [{"article_id": a, "theme": t, "score": s} for a, t, s in themes]
        )
        store.append_rows(c, "officials", officials)
        store.append_rows(
            c,
            "article_officials",
            [{"article_id": a, "official_id": o, "name": n, "position": p} for a, o, n, p in mentions],
        )
    return c


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def test_article_provinces_primary_places_only_once(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select article_id, province_code, province from article_provinces order by 1, 2"
    ).fetchall()
    assert rows == [
        ("a1", "74", "Sulawesi Tenggara"),
        ("a2", "74", "Sulawesi Tenggara"),
        ("a3", "51", "Bali"),
        ("a4", "51", "Bali"),  # Kabupaten Badung implies Bali
        ("a5", "74", "Sulawesi Tenggara"),
        ("a6", "51", "Bali"),
        ("a6", "74", "Sulawesi Tenggara"),
    ]


def test_province_week_levels_count_every_level(con: duckdb.DuckDBPyConnection) -> None:
    rows = {(r["province_code"], r["week"]): r for r in _rows(con, "select * from province_week_levels")}
    # Kendari's week 27: a1, its syndicated copy a2 and the national a6 are core; a5 is related
    kendari = rows[("74", "2025-W27")]
    assert (kendari["core_articles"], kendari["related_articles"], kendari["other_articles"]) == (3, 1, 0)
    assert kendari["articles"] == 4
    # the RB counts agree with province_week_activity, which counts core articles only
    activity = {
        (r["province_code"], r["week"]): r["rb_articles"]
        for r in _rows(con, "select * from province_week_activity")
    }
    assert all(activity.get(k, 0) == r["core_articles"] for k, r in rows.items())


def test_rb_articles(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["article_id"]: r for r in _rows(con, "select * from rb_articles")}
    assert sorted(rows) == ["a1", "a2", "a3", "a4", "a6"]  # a5 is not RB
    a1 = rows["a1"]
    assert a1["provinces"] == ["Sulawesi Tenggara"]
    assert a1["regencies"] == ["Kota Kendari"]
    assert a1["themes"] == ["integrity_zone", "spbe"]  # strongest first
    assert a1["week"] == "2025-W27"
    assert a1["story_id"] == "a1" and a1["is_story_original"]
    assert rows["a2"]["story_id"] == "a1" and not rows["a2"]["is_story_original"]
    assert rows["a6"]["provinces"] == ["Bali", "Sulawesi Tenggara"]
    assert rows["a3"]["regencies"] == [] or rows["a3"]["regencies"] is None


def test_weeks_are_iso_weeks_in_jakarta_time(con: duckdb.DuckDBPyConnection) -> None:
    # whatever the session time zone, the week is Jakarta's
    for tz in ("Asia/Jakarta", "UTC", "America/New_York"):
        con.execute(f"set timezone = '{tz}'")
        weeks = dict(
            con.execute(
                "select article_id, week from rb_articles where article_id in ('a3', 'a4')"
            ).fetchall()
        )
        assert weeks == {"a3": "2025-W26", "a4": "2025-W27"}, tz
        story_weeks = dict(
            con.execute("select story_id, week from rb_stories where story_id in ('a3', 'a4')").fetchall()
        )
        assert story_weeks == {"a3": "2025-W26", "a4": "2025-W27"}, tz


def test_rb_stories_count_syndicated_copies_once(con: duckdb.DuckDBPyConnection) -> None:
    stories = {r["story_id"]: r for r in _rows(con, "select * from rb_stories")}
    assert sorted(stories) == ["a1", "a3", "a4", "a6"]
    s1 = stories["a1"]
    assert s1["articles"] == 2 and s1["outlets"] == 2  # a7, the copy judged not RB, is left out
    assert sorted(s1["urls"]) == [
        "https://kendari.example.id/berita/a1",
        "https://sultra2.example.id/berita/a2",
    ]
    assert s1["title"] == "Pemda perkuat reformasi birokrasi (a1)"  # the earliest copy's headline
    assert s1["first_published"] == W27
    assert s1["week"] == "2025-W27"
    assert s1["provinces"] == ["Sulawesi Tenggara"]
    assert s1["themes"] == ["integrity_zone", "spbe"]
    assert stories["a6"]["provinces"] == ["Bali", "Sulawesi Tenggara"]
    assert stories["a6"]["articles"] == 1


@pytest.mark.parametrize("session_tz", ["Asia/Jakarta", "UTC"])
def test_province_week_activity(con: duckdb.DuckDBPyConnection, session_tz: str) -> None:
    # a3 (Sunday 23:30 WIB) is Bali's week 26; a4 (Monday 00:30 WIB, Sunday in UTC) its week 27
    con.execute(f"set timezone = '{session_tz}'")
    rows = con.execute(
        "select province_code, province, week, rb_articles, rb_stories, outlets, top_themes"
        " from province_week_activity order by province_code, week"
    ).fetchall()
    assert rows == [
        ("51", "Bali", "2025-W26", 1, 1, 1, ["merit_system"]),
        # a4 (bali) and a6 (nasional); spbe is in both stories, the ties ordered by name
        ("51", "Bali", "2025-W27", 2, 2, 2, ["spbe", "merit_system", "public_service"]),
        # a1 + a2 are one story; a6 is the second; three outlets; a5 is not RB
        ("74", "Sulawesi Tenggara", "2025-W27", 3, 2, 3, ["spbe", "integrity_zone", "merit_system"]),
    ]


@pytest.mark.parametrize("session_tz", ["Asia/Jakarta", "UTC"])
def test_theme_week(con: duckdb.DuckDBPyConnection, session_tz: str) -> None:
    con.execute(f"set timezone = '{session_tz}'")
    rows = con.execute(
        "select theme, week, stories, articles, provinces from theme_week order by theme, week"
    ).fetchall()
    assert rows == [
        ("integrity_zone", "2025-W27", 1, 1, 1),
        ("merit_system", "2025-W26", 1, 1, 1),
        ("merit_system", "2025-W27", 1, 1, 2),
        ("public_service", "2025-W27", 1, 1, 2),
        ("spbe", "2025-W27", 3, 4, 2),  # stories a1 (two copies), a4, a6
    ]


def test_official_activity(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["official_id"]: r for r in _rows(con, "select * from official_activity")}
    o1 = rows["o1"]
    assert o1["name"] == "Ridwan Lasandara"
    assert o1["latest_position"] == "Pj. Wali Kota Kendari"  # from a5, the latest article
    assert o1["articles"] == 3
    assert o1["rb_stories"] == 1  # a1 and its copy a2 are one story; a5 is not RB
    assert o1["provinces"] == ["Sulawesi Tenggara"]
    o2 = rows["o2"]
    assert (o2["articles"], o2["rb_stories"]) == (1, 1)
    assert o2["provinces"] == ["Bali", "Sulawesi Tenggara"]


def test_official_positions_follow_a_career(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "select * from official_positions where official_id = 'o1' order by first_seen")
    assert [(r["position"], r["articles"], r["rb_stories"]) for r in rows] == [
        ("Sekretaris Daerah Kota Kendari", 2, 1),  # a1 and its syndicated copy a2: one RB story
        ("Pj. Wali Kota Kendari", 1, 0),  # later, and not an RB article
    ]
    assert rows[0]["last_seen"] <= rows[1]["first_seen"]


def test_province_coverage(con: duckdb.DuckDBPyConnection) -> None:
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select province_code, sources_configured, sources_healthy_7d, articles_published_here,"
            " rb_articles_about_here from province_coverage"
        ).fetchall()
    }
    assert len(rows) == 38
    # kendari healthy; sultra2 answered only a month ago; the disabled source is not counted
    assert rows["74"] == (2, 1, 3, 3)
    assert rows["51"] == (1, 1, 2, 3)  # a 304 from an unchanged feed is healthy
    assert rows["11"] == (1, 0, 0, 0)  # configured, failing: no data rather than quiet
    assert rows["31"] == (0, 0, 0, 0)


def test_source_channels(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select source_id, source, kind, province, channel, state, consecutive_failures, last_error"
        " from source_channels order by source_id, channel"
    ).fetchall()
    assert rows == [
        ("aceh", "Aceh", "regional_media", "Aceh", "wp_json", "failing", 1, "dns"),
        (
            "arsip-sultra",
            "Arsip-Sultra",
            "regional_media",
            "Sulawesi Tenggara",
            None,
            "not_crawled",
            None,
            None,
        ),
        ("bali", "Bali", "regional_media", "Bali", None, "not_crawled", None, None),
        ("kendari", "Kendari", "regional_media", "Sulawesi Tenggara", "feed", "stable", 0, None),
        ("kendari", "Kendari", "regional_media", "Sulawesi Tenggara", "robots", "stable", 0, None),
        ("kendari", "Kendari", "regional_media", "Sulawesi Tenggara", "sitemap", "failing", 2, "http_5xx"),
        ("nasional", "Nasional", "national_media", None, None, "not_crawled", None, None),
        ("sultra2", "Sultra2", "regional_media", "Sulawesi Tenggara", "feed", "quarantined", 6, "timeout"),
        ("sultra2", "Sultra2", "regional_media", "Sulawesi Tenggara", "sitemap", "quarantined", 5, "timeout"),
    ]


def test_source_overview(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["source_id"]: r for r in _rows(con, "select * from source_overview")}
    assert len(rows) == 6  # every configured source, crawled or not
    k = rows["kendari"]
    assert (k["kind"], k["province"], k["state"]) == ("regional_media", "Sulawesi Tenggara", "stable")
    assert (k["robots"], k["feed"], k["sitemap"], k["wp_json"]) == ("stable", "stable", "failing", None)
    assert k["last_success_at"] == T1
    assert k["consecutive_failures"] == 0  # its best discovery channel works
    assert k["articles_found"] == 15  # feed 12 + sitemap 3; robots.txt finds no articles
    assert (k["articles_stored"], k["rb_articles"]) == (2, 1)  # a1 and a5, only a1 is RB
    assert k["last_published"] == W27 + timedelta(days=2)
    s = rows["sultra2"]
    assert (s["state"], s["feed"], s["sitemap"], s["consecutive_failures"]) == (
        "quarantined",
        "quarantined",
        "quarantined",
        5,
    )
    assert (s["articles_stored"], s["rb_articles"]) == (1, 1)
    assert (rows["aceh"]["state"], rows["aceh"]["wp_json"]) == ("failing", "failing")
    assert rows["bali"]["state"] == "not_crawled" and rows["bali"]["articles_stored"] == 2
    assert rows["nasional"]["province"] is None and rows["nasional"]["kind"] == "national_media"
    assert (rows["nasional"]["articles_stored"], rows["nasional"]["rb_articles"]) == (2, 1)
    assert rows["arsip-sultra"]["enabled"] is False


def test_every_view_and_column_is_documented(con: duckdb.DuckDBPyConnection) -> None:
    views = dict(
        con.execute(
            "select view_name, comment from duckdb_views() where not internal and schema_name = 'main'"
        ).fetchall()
    )
    assert set(ANALYST_VIEWS) <= set(views)
    undocumented = [v for v, comment in views.items() if not (comment or "").strip()]
    assert undocumented == []
    columns = con.execute(
        "select c.table_name, c.column_name from duckdb_columns() c"
        " join duckdb_views() v on v.view_name = c.table_name and v.schema_name = c.schema_name"
        " where not v.internal and c.schema_name = 'main' and coalesce(trim(c.comment), '') = ''"
    ).fetchall()
    assert columns == []
