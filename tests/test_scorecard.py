"""The scorecard's storage: fact rows built from an annotation, and the pemda_scorecard and
metric_history views on a real DuckDB holding the fixture site's core articles as the annotator
reads them.

The expected rows are worked out here in Python from the stored fact rows (a second reading of the
view's rule: latest assessment year, the value most outlets carry, a conflict when reports of that
year disagree), so the test fails if the SQL and the documented rule part.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import duckdb
import pytest

from nlp.annotate import Annotation, annotate, load_resources
from pipeline import store
from pipeline.extract.clean import clean_text
from pipeline.fixture_site import load_articles
from pipeline.fixture_site.articles import FixtureArticle
from pipeline.process.load import fact_rows


@lru_cache(maxsize=1)
def _annotated() -> tuple[tuple[FixtureArticle, Annotation], ...]:
    """The fixture site's core articles and their annotations (cleaned as a crawl would)."""
    res = load_resources()
    out = []
    for article in load_articles():
        if article.gold.rb_level != "core":
            continue
        body = clean_text(article.plain_body()).text
        out.append((article, annotate(body, title=article.title, resources=res)))
    return tuple(out)


def _article_row(article: FixtureArticle) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "canonical_url": f"https://{article.outlet}.example.id/{article.slug}",
        "url": f"https://{article.outlet}.example.id/{article.slug}",
        "source_id": article.outlet,
        "title": article.title,
        "published_at": article.published,
        "fetched_at": datetime(2025, 7, 7, tzinfo=UTC),
        "story_id": article.syndicated_from or article.id,
        "rb_relevant": True,
        "text": article.plain_body(),
    }


@pytest.fixture
def con(migrated_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    pairs = _annotated()
    with store.transaction(migrated_con):
        store.append_rows(migrated_con, "articles", [_article_row(a) for a, _ in pairs])
        store.append_rows(
            migrated_con, "article_facts", [r for a, ann in pairs for r in fact_rows(a.id, ann)]
        )
    return migrated_con


def test_fact_rows_are_the_annotation_facts_in_order() -> None:
    text = (
        "Pemkab Muara Enim meraih predikat BB dalam evaluasi SAKIP 2024, naik dari B. Pemkab menargetkan "
        "predikat A pada evaluasi SAKIP 2025 dengan memperkuat akuntabilitas kinerja instansi pemerintah."
    )
    ann = annotate(text, title="Pemkab Muara Enim Raih Predikat BB SAKIP 2024", resources=load_resources())
    rows = fact_rows("a1", ann)
    assert [r["fact_no"] for r in rows] == list(range(len(ann.facts))) and len(rows) == 3
    assert [(r["value"], r["status"], r["year"]) for r in rows] == [
        ("BB", "announced", 2024),
        ("B", "previous", None),
        ("A", "target", 2025),
    ]
    first = rows[0]
    assert first["pemda_code"] == first["subject_code"] == "16.03" and first["subject_kind"] == "pemda"
    assert first["article_id"] == "a1" and "SAKIP 2024" in first["evidence"]


def _expected_scorecard(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The scorecard's rule applied in Python to the stored rows (see the module docstring)."""
    rows = con.execute(
        "select f.pemda_code, f.subject, f.metric, f.value, f.year, f.article_id, a.source_id, a.published_at"
        " from article_facts f join articles a using (article_id)"
        " where f.status = 'announced' and f.pemda_code is not null"
    ).fetchall()
    groups: dict[tuple[str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for code, subject, metric, value, year, aid, source, when in rows:
        groups[(code, subject, metric)].append((value, year, aid, source, when))
    out = {}
    for key, reports in groups.items():
        years = [y for _, y, *_ in reports if y is not None]
        latest = max(years) if years else None
        period = [r for r in reports if r[1] == latest]
        by_value: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for r in period:
            by_value[r[0]].append(r)
        best = sorted(
            by_value,
            key=lambda v: (
                -len({r[3] for r in by_value[v]}),
                -len({r[2] for r in by_value[v]}),
                -max(r[4].timestamp() for r in by_value[v]),
                v,
            ),
        )[0]
        out[key] = {
            "value": best,
            "year": latest,
            "conflict": len(by_value) > 1,
            "reported_values": sorted(by_value),
            "outlets": len({r[3] for r in by_value[best]}),
            "articles": len({r[2] for r in by_value[best]}),
        }
    return out


def test_pemda_scorecard_follows_its_rule(con: duckdb.DuckDBPyConnection) -> None:
    expected = _expected_scorecard(con)
    got = {
        (code, subject, metric): {
            "value": value,
            "year": year,
            "conflict": conflict,
            "reported_values": list(values),
            "outlets": outlets,
            "articles": articles,
        }
        for code, subject, metric, value, year, conflict, values, outlets, articles in con.execute(
            "select pemda_code, subject, metric, value, year, conflict, reported_values, outlets, articles"
            " from pemda_scorecard"
        ).fetchall()
    }
    assert got == expected and len(got) >= 20
    for value, evidence, url, province in con.execute(
        "select value, evidence, url, province from pemda_scorecard"
    ).fetchall():
        assert value.lower() in evidence.lower().replace(",", ".") and url.startswith("https://")
        assert province


def test_the_outlets_that_disagree_are_flagged(con: duckdb.DuckDBPyConnection) -> None:
    # derived from the gold: one pemda, metric and year that two outlets report with different values
    announced: dict[tuple[str, str, int | None], set[tuple[str, str]]] = defaultdict(set)
    for article, _ in _annotated():
        for f in article.gold.facts:
            if f.status == "announced":
                announced[(f.subject, f.metric, f.year)].add((article.outlet, f.value))
    (subject, metric, year), reports = next(
        (k, v) for k, v in announced.items() if len({val for _, val in v}) > 1 and len({o for o, _ in v}) > 1
    )
    row = con.execute(
        "select conflict, reported_values, year, all_outlets from pemda_scorecard where subject = ? and metric = ?",
        [subject, metric],
    ).fetchall()
    assert row == [(True, sorted({v for _, v in reports}), year, len({o for o, _ in reports}))]
    # a result one outlet reports alone is not in conflict
    assert con.execute("select count(*) from pemda_scorecard where not conflict").fetchall()[0][0] > 0


def test_targets_and_self_assessments_stay_out_of_the_scorecard(con: duckdb.DuckDBPyConnection) -> None:
    stored = con.execute(
        "select count(*) from article_facts where status in ('target', 'self_assessment')"
    ).fetchall()[0][0]
    assert stored > 0
    leaked = con.execute(
        "select count(*) from pemda_scorecard s where not exists (select 1 from article_facts f"
        " where f.status = 'announced' and f.subject = s.subject and f.metric = s.metric and f.value = s.value)"
    ).fetchall()[0][0]
    assert leaked == 0


def test_metric_history_keeps_each_year_and_the_previous_values(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select pemda_code, subject, metric, year, value, statuses from metric_history"
    ).fetchall()
    stored = con.execute(
        "select distinct pemda_code, subject, metric, year from article_facts"
        " where status in ('announced', 'previous') and pemda_code is not null"
    ).fetchall()
    assert sorted((r[:4] for r in rows), key=str) == sorted(stored, key=str)
    previous = con.execute(
        "select subject, metric, year, value from article_facts where status = 'previous' and year is not null"
    ).fetchall()
    assert previous, "the fixture reports a previous value with its year (naik dari B pada SAKIP 2023)"
    for subject, metric, year, value in previous:
        assert any(r[1:4] == (subject, metric, year) and "previous" in r[5] and r[4] == value for r in rows)


def test_views_and_columns_are_documented(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("pemda_scorecard", "metric_history", "article_facts"):
        cols = con.execute(
            "select column_name, comment from duckdb_columns() where table_name = ?", [name]
        ).fetchall()
        assert cols and all(comment for _, comment in cols), name
