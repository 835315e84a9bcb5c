"""The crawl frontier: what a run found but did not fetch is fetched by the next run.

Discovery is incremental (feeds answer 304, sitemaps are filtered by the last good crawl), so
without a frontier an article that failed, or lay beyond the page budget, was never found again.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline.core.config import CrawlConfig, Settings, load_settings
from pipeline.crawl import run_crawl
from pipeline.fixture_site import FixtureSite

pytestmark = pytest.mark.slow


def _settings(tmp_path: Path, site: FixtureSite, **crawl: object) -> Settings:
    tmp_path.mkdir(parents=True, exist_ok=True)
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": site.sources()}, allow_unicode=True), encoding="utf-8")
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    base = load_settings(cfg)
    options = {
        "download_delay": 0,
        "autothrottle": False,
        "timeout": 10,
        "sources_file": str(sources),
        **crawl,
    }
    # open-web discovery is tested in test_open_web.py; never the real GDELT from a test
    discovery = base.discovery.model_copy(
        update={"gdelt": base.discovery.gdelt.model_copy(update={"enabled": False})}
    )
    return base.model_copy(update={"crawl": CrawlConfig(**options), "discovery": discovery})


def _rows(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _ok_articles(settings: Settings, source_id: str) -> set[str]:
    return {
        u
        for (u,) in _rows(
            settings,
            "select canonical_url from fetches where kind = 'article' and status = 200 and source_id = ?",
            [source_id],
        )
    }


def test_an_article_that_failed_is_fetched_by_the_next_run(fixture_site: FixtureSite, tmp_path: Path) -> None:
    fixture_site.reset()  # re-arm the 500-then-200 trap
    settings = _settings(tmp_path, fixture_site, retry_times=0)  # no retry inside the run
    trap = fixture_site.traps()["pemprov-ntb"]["error_then_ok"]
    first = run_crawl(settings)
    assert first.status == "ok"
    [(attempts, error)] = _rows(
        settings, "select attempts, last_error from crawl_frontier where canonical_url = ?", [trap]
    )
    assert (attempts, error) == (1, "http_5xx")

    second = run_crawl(settings)  # feeds answer 304 now: only the frontier knows the article
    assert second.status == "ok"
    assert trap in _ok_articles(settings, "pemprov-ntb")
    assert _rows(settings, "select count(*) from crawl_frontier") == [(0,)]
    fetched_twice = _rows(
        settings,
        "select canonical_url from fetches where kind = 'article' and status = 200 group by 1 having count(*) > 1",
    )
    assert fetched_twice == []


def test_articles_beyond_the_page_budget_wait_for_the_next_runs(
    fixture_site: FixtureSite, tmp_path: Path
) -> None:
    fixture_site.reset()
    budget = 8  # pages per source and run: below what every outlet publishes, so each needs several runs
    settings = _settings(tmp_path, fixture_site, max_pages_per_source=budget)
    everything = _settings(tmp_path / "all", fixture_site)
    run_crawl(everything)
    wanted = {sid: _ok_articles(everything, sid) for sid in ("suarabumi", "nusantarapos", "pemprov-ntb")}
    assert all(len(urls) > budget for urls in wanted.values())

    fixture_site.reset()
    runs = 0
    # enough runs for the largest outlet at `budget` pages a run, with room for page 2s and retries
    limit = max(len(urls) for urls in wanted.values()) // budget + 3
    while runs < limit and (
        runs == 0 or any(_ok_articles(settings, sid) != urls for sid, urls in wanted.items())
    ):
        report = run_crawl(settings)
        runs += 1
        assert report.status == "ok"
        for sid in wanted:  # the budget holds in every run
            assert (
                _rows(
                    settings,
                    "select count(*) from fetches where kind = 'article' and source_id = ? and run_id = ?",
                    [sid, report.run_id],
                )[0][0]
                <= budget
            )
    assert runs > 1 and all(_ok_articles(settings, sid) == urls for sid, urls in wanted.items())
    # what is left (e.g. a page robots.txt forbids) is settled by one more run: nothing lingers
    run_crawl(settings)
    assert _rows(settings, "select count(*) from crawl_frontier") == [(0,)]
