"""``rbmon demo``: the nightly job, offline, against the embedded fixture news site, then the digest
and the archive site.

Starts the fixture site on 127.0.0.1 and runs the same ``nightly()`` as ``rbmon run`` against it with
politeness delays off (it is our own server): crawl, process, publish, into a fresh database in the
demo directory. Open-web discovery runs too, against the site's GDELT- and Google-News-style services:
the two outlets of no registry are found only through them. Then it writes the digest for the latest
week with RB news, stops the site and builds the archive site from the published copy, as the
weekly job does.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline import store
from pipeline.core.config import Settings
from pipeline.crawl.run import CrawlReport
from pipeline.digest.queries import configured_digest
from pipeline.digest.render import write_digest
from pipeline.fixture_site import FixtureSite
from pipeline.jobs.nightly import nightly
from pipeline.process.report import ProcessReport
from pipeline.site.build import build_site

__all__ = ["DemoResult", "run_demo"]

WIB = ZoneInfo("Asia/Jakarta")
#: seconds between two requests to the fixture's GDELT and Google News services (5 for the real GDELT)
DEMO_PACE = 0.5

Step = Callable[[str], None]


@dataclass
class DemoResult:
    data_dir: Path
    database: Path
    published: Path
    digest: dict[str, Path]
    site: Path  # the archive site's index.html
    crawl: CrawlReport
    process: ProcessReport | None  # None when a stop request ended the job after the crawl
    articles: int
    rb_articles: int
    rb_stories: int
    provinces: list[str]
    week: str
    #: the outlets open-web discovery found: (name, home province or None)
    discovered: list[tuple[str, str | None]]


def demo_settings(base: Settings, data_dir: Path) -> Settings:
    crawl = base.crawl.model_copy(update={"download_delay": 0.0, "autothrottle": False, "retry_times": 2})
    return base.model_copy(update={"data_dir": data_dir, "database": None, "crawl": crawl})


def run_demo(
    base: Settings,
    data_dir: Path,
    *,
    fresh: bool = True,
    step: Step | None = None,
    crawl_progress: Callable[[int], None] | None = None,
    process_progress: Callable[[int, int | None], None] | None = None,
    slow_seconds: float = 1.0,
) -> DemoResult:
    say = step or (lambda _msg: None)
    if fresh and data_dir.exists():
        for child in (
            "warc",
            "digests",
            "site",
            "published",
            "jobs",
            "crawl",
            "fixture-site.json",
            "rbmon.duckdb",
            "rbmon.duckdb.wal",
        ):
            target = data_dir / child
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = demo_settings(base, data_dir)

    # The site's URLs include its ports: a rerun (--keep) asks for the same ports so that the
    # crawl sees the same site and is incremental, as a nightly run would be.
    ports_file = data_dir / "fixture-site.json"
    ports = None
    if not fresh and ports_file.exists():
        ports = json.loads(ports_file.read_text(encoding="utf-8"))
    with FixtureSite.start(slow_seconds=slow_seconds, ports=ports) as site:
        ports_file.write_text(json.dumps(site.ports()), encoding="utf-8")
        say(f"fixture news site: {len(site.outlets)} outlets on 127.0.0.1, {len(site.unregistered)} more in no "
            "registry, a GDELT-style API and a Google-News-style RSS search")  # fmt: skip
        settings = site.with_discovery(settings, pace=DEMO_PACE)
        night = nightly(
            settings,
            sources=site.sources(),
            step=say,
            crawl_progress=crawl_progress,
            process_progress=process_progress,
            open_web=True,
        )

    con = store.connect(settings.db_path)
    try:
        latest = con.execute("select max(published_at) from articles where rb_relevant").fetchone()[0]  # type: ignore[index]
        week = None
        if latest is not None:
            iso = latest.astimezone(WIB).isocalendar()
            week = f"{iso.year}-W{iso.week:02d}"
        digest = configured_digest(con, settings, week)
        paths = write_digest(digest, settings.digest_dir, settings.digest.formats)
        articles, rb_articles, rb_stories = con.execute(
            "select count(*), count(*) filter (where rb_relevant), count(distinct story_id) filter (where rb_relevant)"
            " from articles"
        ).fetchone()  # type: ignore[misc]
        provinces = [
            r[0]
            for r in con.execute(
                """
                select distinct ap.province from article_provinces ap join articles a using (article_id)
                where a.rb_relevant order by 1
                """
            ).fetchall()
        ]
        discovered = [
            (str(name), province)
            for name, province in con.execute(
                """
                select s.name, p.name from sources s left join provinces p on p.code = s.province_code
                where s.origin = 'discovered' order by s.name
                """
            ).fetchall()
        ]
    finally:
        con.close()
    say("building the archive site")
    archive = build_site(settings, settings.site_dir)
    return DemoResult(
        data_dir=data_dir,
        database=settings.db_path,
        published=settings.published_db_path,
        digest=paths,
        site=archive.index,
        crawl=night.crawl,
        process=night.process,
        articles=int(articles),
        rb_articles=int(rb_articles),
        rb_stories=int(rb_stories),
        provinces=provinces,
        week=digest.week,
        discovered=discovered,
    )


def now_wib() -> datetime:
    return datetime.now(WIB)
