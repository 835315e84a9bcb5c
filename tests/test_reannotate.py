"""Reannotation: nlp/ rerun on the stored text writes what processing would, and touches nothing else.

Real WARC files in, a real DuckDB file out: articles are processed once, their annotations are then
damaged or marked as written by other rules, and reannotation must restore exactly what processing
wrote, leave text, signatures and stories alone, and stop cleanly between batches.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nlp.annotate import LEXICONS, nlp_version
from pipeline import store
from pipeline.cli import app
from pipeline.core.config import Settings
from pipeline.core.runstate import clear_stop, request_stop
from pipeline.process import run_process
from pipeline.process.load import ANNOTATION_TABLES
from pipeline.process.reannotate import reannotate, stale_articles
from tests.helpers.process import crawl, make_settings, q
from tests.helpers.warc import STORIES, Rec, article_html, story_page


def _annotations(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """What nlp/ wrote, and what it must never touch, without the write times."""
    out = {
        "articles": q(
            settings,
            "select article_id, rb_level, rb_relevant, rb_score, rb_evidence, nlp_version from articles"
            " order by article_id",
        ),
        "kept": q(
            settings,
            "select article_id, text, content_hash, story_id, is_story_original, processing_version"
            " from articles order by article_id",
        ),
        "article_signatures": q(settings, "select * from article_signatures order by all"),
        "officials": q(settings, "select * from officials order by all"),
    }
    for table in ANNOTATION_TABLES:
        out[table] = q(settings, f"select * from {table} order by all")
    return out


def _processed(tmp_path: Path, **process: Any) -> Settings:
    settings = make_settings(tmp_path, **process)
    recs = [story_page(k, f"https://warta.example/{k}") for k in ("sakip", "zona", "spbe", "banjir")]
    # a syndicated copy on another outlet: one story, two articles
    recs.append(story_page("zona", "https://kabar.example/salinan-zona"))
    crawl(settings, "crawl-1.warc.gz", recs)
    report = run_process(settings)
    assert report.articles_new == 5 and report.reannotated == 0
    return settings


def _damage(settings: Settings) -> None:
    """Another rulebook's annotations: wrong levels, lost themes and officials, an old version."""
    con = store.connect(settings.db_path)
    try:
        con.execute(
            "update articles set rb_level = 'none', rb_relevant = false, rb_score = 0.1, nlp_version = '2.old'"
        )
        con.execute("delete from article_themes")
        con.execute("delete from article_officials")
        con.execute("update officials set first_seen = timestamptz '2001-01-01 00:00:00+00'")
    finally:
        con.close()


def test_processing_stores_the_level_and_the_nlp_version(tmp_path: Path) -> None:
    settings = _processed(tmp_path)
    rows = dict(q(settings, "select canonical_url, rb_level from articles"))
    assert rows["https://warta.example/sakip"] == "core"
    assert rows["https://warta.example/banjir"] != "core"  # a flood is not RB activity
    assert q(settings, "select distinct nlp_version from articles") == [(nlp_version(),)]
    assert q(settings, "select count(*) from articles where rb_relevant <> (rb_level = 'core')") == [(0,)]


def test_stale_articles_are_reannotated_by_the_next_plain_run_as_processing_wrote_them(
    tmp_path: Path,
) -> None:
    settings = _processed(tmp_path)
    before = _annotations(settings)
    _damage(settings)
    assert _annotations(settings) != before

    report = run_process(settings)  # nothing pending: only the stale articles are done again
    assert (report.records, report.reannotated) == (0, 5)
    assert report.reannotated_level_changed == sum(1 for row in before["articles"] if row[1] != "none")
    assert _annotations(settings) == before

    again = run_process(settings)
    assert again.reannotated == 0, "a current version is not reannotated twice"


def test_reannotate_all_rewrites_every_article_and_changes_nothing_it_should_not(tmp_path: Path) -> None:
    settings = _processed(tmp_path)
    before = _annotations(settings)
    report = run_process(settings, reannotate_all=True)
    assert report.reannotated == 5 and report.reannotated_level_changed == 0
    assert report.records == 0, "no WARC is read"
    assert _annotations(settings) == before
    status = q(
        settings, "select status from crawl_runs where kind = 'process' order by started_at desc limit 1"
    )
    assert status == [("ok",)]


def test_the_switch_turns_automatic_reannotation_off(tmp_path: Path) -> None:
    settings = _processed(tmp_path, reannotate_stale=False)
    _damage(settings)
    assert run_process(settings).reannotated == 0
    con = store.connect(settings.db_path)
    try:
        assert stale_articles(con) == 5
    finally:
        con.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stop_request_keeps_finished_batches_and_the_rest_stays_stale(tmp_path: Path, workers: int) -> None:
    settings = _processed(tmp_path, batch_size=2)
    before = _annotations(settings)
    _damage(settings)
    con = store.connect(settings.db_path)
    try:
        request_stop()
        try:
            first = reannotate(con, settings, workers=workers)
        finally:
            clear_stop()
        assert first.interrupted and first.articles == 2
        assert stale_articles(con) == 3
        second = reannotate(con, settings, workers=workers)
        assert not second.interrupted and second.articles == 3
        assert stale_articles(con) == 0
    finally:
        con.close()
    assert _annotations(settings) == before


def test_rbmon_process_reannotate_says_what_it_did(tmp_path: Path) -> None:
    settings = _processed(tmp_path)
    config = tmp_path / "rbmon.toml"
    config.write_text(f'data_dir = "{settings.data_dir}"\n[process]\nworkers = 1\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config), "process", "--reannotate"])
    assert result.exit_code == 0, result.output
    assert "reannotated" in result.output and "5 (0 changed level)" in result.output
    refused = CliRunner().invoke(app, ["--config", str(config), "process", "--reannotate", "--reprocess"])
    # rbmon's main() prints an RbmonError as one line; the runner hands back the exception itself
    assert "--reannotate works on the stored articles alone" in str(refused.exception)


def test_an_article_whose_official_disappears_leaves_no_stale_person(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    title, paras = STORIES["sakip"]
    crawl(
        settings, "crawl-1.warc.gz", [Rec("https://warta.example/sakip", article_html(title, paras).encode())]
    )
    run_process(settings)
    assert q(settings, "select count(*) from officials") != [(0,)]
    con = store.connect(settings.db_path)
    try:
        # as if the rules of another release had found a person the current rules do not
        con.execute("insert into officials values ('off_ghost', 'Hantu Belaka', 'Kota Kendari', null, null)")
        con.execute(
            "insert into article_officials (article_id, official_id, name, position)"
            " select article_id, 'off_ghost', 'Hantu Belaka', 'Kepala Dinas Bayangan' from articles"
        )
        con.execute("update articles set nlp_version = '2.old'")
    finally:
        con.close()
    assert run_process(settings).reannotated == 1
    assert q(settings, "select count(*) from officials where official_id = 'off_ghost'") == [(0,)]
    assert q(
        settings,
        "select count(*) from officials o where first_seen is distinct from"
        " (select min(a.published_at) from article_officials ao join articles a using (article_id)"
        "  where ao.official_id = o.official_id)",
    ) == [(0,)]


def _rules_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the ``rbmon_data`` package with one line of one lexicon changed, on a path of its own."""
    import rbmon_data

    pkgs = tmp_path / "changed-rules"
    shutil.copytree(
        Path(rbmon_data.__file__).parent, pkgs / "rbmon_data", ignore=shutil.ignore_patterns("__pycache__")
    )
    lexicon = pkgs / "rbmon_data" / name
    text = lexicon.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not one line of {name}"
    lexicon.write_text(text.replace(old, new), encoding="utf-8")
    return pkgs


def test_a_changed_metrics_yaml_rewrites_article_facts_on_reannotate(tmp_path: Path) -> None:
    # An analyst edits data/metrics.yaml: the NLP fingerprint changes, `rbmon process --reannotate`
    # rewrites article_facts with the new rules (here: the SAKIP scale every fact carries), and the
    # next plain run with the old rules puts back exactly what processing wrote.
    assert "metrics.yaml" in LEXICONS
    settings = _processed(tmp_path)
    before = _annotations(settings)
    sakip = [r for r in before["article_facts"] if r[7] == "sakip_predicate"]
    assert sakip, "the SAKIP story reports its predicate"
    old_scale = "AA, A, BB, B, CC, C, D (KemenPANRB evaluation of SAKIP; the score 0-100 behind it)"
    new_scale = "AA, A, BB, B, CC, C, D (changed by an analyst)"
    assert {r[11] for r in sakip} == {old_scale}
    pkgs = _rules_with(tmp_path, "metrics.yaml", f'scale: "{old_scale}"', f'scale: "{new_scale}"')
    config = tmp_path / "rbmon.toml"
    config.write_text(f'data_dir = "{settings.data_dir}"\n[process]\nworkers = 1\n', encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(pkgs), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--config", str(config), "process", "--reannotate"],
        capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "5 (0 changed level)" in proc.stdout + proc.stderr
    versions = q(settings, "select distinct nlp_version from articles")
    assert len(versions) == 1 and versions[0][0] != nlp_version(), "the changed lexicon is a new fingerprint"
    after = _annotations(settings)
    rewritten = [r for r in after["article_facts"] if r[7] == "sakip_predicate"]
    assert {r[11] for r in rewritten} == {new_scale}
    # nothing else about the facts changed, and no other table either
    assert [r[:11] + r[12:] for r in rewritten] == [r[:11] + r[12:] for r in sakip]
    for table, rows in before.items():
        if table not in ("articles", "article_facts"):
            assert after[table] == rows, table

    # the old rules again: every article is stale, and a plain run restores what processing wrote
    report = run_process(settings)
    assert report.reannotated == 5
    assert _annotations(settings) == before
