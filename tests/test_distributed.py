"""Distributed crawl on a real redis-server: two workers, one frontier, the fixture site fetched once.

The test starts its own ``redis-server`` on a free 127.0.0.1 port (skipped when the binary is missing;
``.ci/setup`` installs it) and its own fixture site, whose responses it slows down by ``LATENCY`` and
times: the server's view of how many requests each outlet serves at once and how far apart they start
is the politeness evidence, measured outside the code that enforces it.

Night 1: workers ``w1`` and ``w2`` (separate processes, as on two machines) share one data directory
and DuckDB file (as on one machine, so their database writes must take turns). Night 2 (a new
namespace): ``w1`` again, plus ``w3`` on a brand-new, empty data directory; only the shared filter,
seeded from ``w1``'s database, can stop ``w3`` from fetching every article again.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from pipeline.core.config import load_settings
from pipeline.core.contract import CrawlPlan
from pipeline.fixture_site import FixtureSite
from pipeline.process import run_process
from tests.helpers.crawl import plan_for

pytestmark = pytest.mark.requires_redis

# Each fixture response takes LATENCY seconds and requests start DELAY apart: with the delay alone up to
# three would overlap, and two workers that did not share their slots would start requests ~0 s apart.
LATENCY = 0.5
DELAY = 0.2  # the crawl's download_delay
GAP_TOLERANCE = 0.06  # scheduling noise between the limiter's grant and the server seeing the request
MAX_PER_SOURCE = 2

_WORKER = """
import json, sys
from pipeline.core.config import load_settings
from pipeline.crawl import run_crawl
args = json.loads(sys.argv[1])
r = run_crawl(load_settings(), worker_id=args["worker_id"], namespace=args["namespace"], idle_close_seconds=1.0)
print(json.dumps({"run_id": r.run_id, "status": r.status, "new_articles": r.new_articles,
                  "worker_id": r.worker_id, "namespace": r.namespace, "warc_files": r.warc_files}))
"""


# -- redis-server ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    assert binary is not None  # requires_redis has skipped (or failed) the test otherwise
    pytest.importorskip("scrapy_redis", reason="the 'distributed' extra is not installed")
    import redis

    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port} (exit code {proc.poll()})")
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- the fixture site, slowed down and timed ------------------------------------------------------------


@dataclass
class Meter:
    """Per outlet: request start times and the most requests the server handled at once."""

    starts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    max_in_flight: Counter[str] = field(default_factory=Counter)
    _in_flight: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, site: FixtureSite) -> None:
        respond = site._respond

        def timed(outlet_id: str, raw_path: str, headers: dict[str, str]) -> Any:
            with self._lock:
                self.starts[outlet_id].append(time.monotonic())
                self._in_flight[outlet_id] += 1
                self.max_in_flight[outlet_id] = max(self.max_in_flight[outlet_id], self._in_flight[outlet_id])
            try:
                time.sleep(LATENCY)
                return respond(outlet_id, raw_path, headers)
            finally:
                with self._lock:
                    self._in_flight[outlet_id] -= 1

        site._respond = timed  # type: ignore[method-assign]

    def reset(self) -> None:
        with self._lock:
            self.starts.clear()
            self.max_in_flight.clear()


# -- the crawls ----------------------------------------------------------------------------------------


@dataclass
class Night:
    reports: dict[str, dict[str, Any]]
    log: list[tuple[str, str, str, int, dict[str, str]]]
    starts: dict[str, list[float]]
    max_in_flight: Counter[str]


@dataclass
class Distributed:
    site: FixtureSite
    shared_dir: Path
    new_dir: Path
    redis_url: str
    first: Night
    second: Night


def _write_config(data_dir: Path, sources_file: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "rbmon.toml"
    path.write_text(
        'data_dir = "."\n[crawl]\n'
        f"download_delay = {DELAY}\nautothrottle = false\nretry_times = 2\ntimeout = 10\n"
        'queries = ["reformasi birokrasi", "SPBE", "zona integritas"]\n'
        f"sources_file = {json.dumps(str(sources_file))}\n",
        encoding="utf-8",
    )
    return path


def _start_worker(config: Path, redis_url: str, worker_id: str, namespace: str) -> subprocess.Popen[str]:
    env = {**os.environ, "RBMON_CONFIG": str(config), "RBMON_REDIS_URL": redis_url}
    args = json.dumps({"worker_id": worker_id, "namespace": namespace})
    return subprocess.Popen([sys.executable, "-c", _WORKER, args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def _finish(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err[-3000:]
    return dict(json.loads(out.strip().splitlines()[-1]))


def _night(site: FixtureSite, meter: Meter, procs: dict[str, subprocess.Popen[str]]) -> Night:
    reports = {wid: _finish(p) for wid, p in procs.items()}
    return Night(reports, site.request_log(), dict(meter.starts), Counter(meter.max_in_flight))


@pytest.fixture(scope="module")
def distributed(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Distributed]:
    import redis

    root = tmp_path_factory.mktemp("distributed")
    meter = Meter()
    with FixtureSite.start(slow_seconds=0.5) as site:
        meter.wrap(site)
        sources_file = root / "sources.yaml"
        sources_file.write_text(yaml.safe_dump({"sources": site.sources()}), encoding="utf-8")
        shared_dir, new_dir = root / "machine-a", root / "machine-b"
        shared_cfg, new_cfg = _write_config(shared_dir, sources_file), _write_config(new_dir, sources_file)

        # night 1: two workers side by side on one data directory and one DuckDB file
        procs = {w: _start_worker(shared_cfg, redis_url, w, "rbmon:crawl:night1") for w in ("w1", "w2")}
        first = _night(site, meter, procs)

        # night 2: w1 seeds the new namespace from its database before w3 (empty database) starts
        site.reset()
        meter.reset()
        client = redis.Redis.from_url(redis_url)
        w1 = _start_worker(shared_cfg, redis_url, "w1", "rbmon:crawl:night2")
        deadline = time.monotonic() + 60
        while not client.exists("rbmon:crawl:night2:seen"):
            assert w1.poll() is None and time.monotonic() < deadline, "w1 never seeded the shared filter"
            time.sleep(0.05)
        w3 = _start_worker(new_cfg, redis_url, "w3", "rbmon:crawl:night2")
        second = _night(site, meter, {"w1": w1, "w3": w3})
        client.close()
        yield Distributed(site, shared_dir, new_dir, redis_url, first, second)


def _article_pages(site: FixtureSite) -> dict[tuple[str, str], str]:
    """(outlet, path) of every page of every article of a registered outlet -> article id (a
    distributed crawl runs the registry only: the outlets of no registry are found by open-web
    discovery, which a distributed crawl never runs)."""
    out = {}
    for article in site.model.registered():
        for page in range(1, len(article.pages) + 1):
            out[(article.outlet, site.model.page_path(article, page))] = article.id
    return out


def _rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# -- night 1 -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_article_page_is_fetched_exactly_once_across_workers(distributed: Distributed) -> None:
    pages = _article_pages(distributed.site)
    ok = Counter((o, p) for o, m, p, s, _h in distributed.first.log if m == "GET" and s == 200)
    assert len(pages) > 30
    assert {key: ok[key] for key in pages} == dict.fromkeys(pages, 1)


@pytest.mark.slow
def test_both_workers_fetched_articles(distributed: Distributed) -> None:
    reports = distributed.first.reports
    assert {r["status"] for r in reports.values()} == {"ok"}
    db = distributed.shared_dir / "rbmon.duckdb"
    by_worker = {
        wid: _rows(db, "select count(*) from fetches where run_id = ? and kind = 'article' and status = 200",
                   [r["run_id"]])[0][0]
        for wid, r in reports.items()
    }  # fmt: skip
    assert all(n > 0 for n in by_worker.values()), by_worker
    assert sum(by_worker.values()) == len(distributed.site.model.registered())
    assert sum(r["new_articles"] for r in reports.values()) == len(distributed.site.model.registered())


@pytest.mark.slow
def test_each_worker_writes_its_own_warcs_and_together_they_hold_every_article(
    distributed: Distributed,
) -> None:
    site = distributed.site
    warcs = sorted((distributed.shared_dir / "warc").glob("*.warc.gz"))
    for wid, report in distributed.first.reports.items():
        mine = [w for w in warcs if w.name.startswith(f"rbmon-{report['run_id']}-{wid}-")]
        assert mine and {f"warc/{w.name}" for w in mine} == set(report["warc_files"])
    archived = Counter()
    for path in warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                    archived[record.rec_headers.get_header("WARC-Target-URI")] += 1
    for article in site.model.registered():
        assert archived[site.article_url(article.id)] == 1, article.id


@pytest.mark.slow
def test_processing_afterwards_stores_every_fixture_article_once(distributed: Distributed) -> None:
    settings = load_settings(distributed.shared_dir / "rbmon.toml")
    report = run_process(settings, workers=1)
    assert not report.errors
    site = distributed.site
    expected = {site.article_url(a.id) for a in site.model.registered()}
    db = distributed.shared_dir / "rbmon.duckdb"
    assert _rows(db, "select count(*), count(distinct canonical_url) from articles")[0] == (
        len(expected),
        len(expected),
    )
    assert {u for (u,) in _rows(db, "select canonical_url from articles")} == expected


@pytest.mark.slow
def test_no_source_sees_more_than_two_requests_at_once_across_workers(distributed: Distributed) -> None:
    peaks = distributed.first.max_in_flight
    assert set(peaks) == {o.id for o in distributed.site.outlets}
    assert max(peaks.values()) <= MAX_PER_SOURCE, peaks
    # the limit was reached, so the test could have seen a third request had the workers not shared it
    assert max(peaks.values()) == MAX_PER_SOURCE, peaks


@pytest.mark.slow
def test_requests_to_a_source_start_at_least_the_delay_apart_across_workers(distributed: Distributed) -> None:
    for outlet, starts in distributed.first.starts.items():
        starts = sorted(starts)
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        assert len(gaps) >= 10
        # The limiter spaces its grants by Redis TIME; the server sees each request a little later, by a
        # delay a busy machine makes uneven. One late start shortens one gap and lengthens the next, so
        # the median holds to the delay while no single gap may fall below half of it. Workers that did
        # not share their slots would start twice as often: a median near DELAY / 2 and gaps near 0.
        assert statistics.median(gaps) >= DELAY - GAP_TOLERANCE, (outlet, sorted(gaps))
        assert min(gaps) >= DELAY / 2, (outlet, sorted(gaps))


@pytest.mark.slow
def test_workers_leave_no_busy_marks_and_one_namespace_per_night(distributed: Distributed) -> None:
    import redis

    client = redis.Redis.from_url(distributed.redis_url)
    try:
        assert list(client.scan_iter(match="rbmon:crawl:*:busy:*")) == []
        assert client.zcard("rbmon:crawl:night1:requests") == 0
        assert client.scard("rbmon:crawl:night1:seen") >= len(distributed.site.model.registered())
        assert 0 < client.ttl("rbmon:crawl:night1:seen") <= 2 * 24 * 3600
        assert list(client.scan_iter(match="rbmon:politeness:*:leases")) == [] or all(
            client.zcard(k) == 0 for k in client.scan_iter(match="rbmon:politeness:*:leases")
        )
    finally:
        client.close()


@pytest.mark.slow
def test_both_runs_are_recorded_and_loaded_despite_one_database_file(distributed: Distributed) -> None:
    db = distributed.shared_dir / "rbmon.duckdb"
    run_ids = [r["run_id"] for r in distributed.first.reports.values()]
    rows = _rows(db, "select run_id, status from crawl_runs where list_contains(?, run_id)", [run_ids])
    assert sorted(rows) == sorted((r, "ok") for r in run_ids)
    for run_id in run_ids:
        assert (distributed.shared_dir / "jobs" / "crawl" / run_id / "loaded").exists()


# -- night 2 -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_worker_with_an_empty_database_fetches_nothing_already_fetched(distributed: Distributed) -> None:
    pages = _article_pages(distributed.site)
    fetched_again = [(o, p) for o, _m, p, _s, _h in distributed.second.log if (o, p) in pages]
    assert fetched_again == []
    assert {wid: r["new_articles"] for wid, r in distributed.second.reports.items()} == {"w1": 0, "w3": 0}
    # w3 did crawl: its own discovery, into its own database
    kinds = {k for (k,) in _rows(distributed.new_dir / "rbmon.duckdb", "select distinct kind from fetches")}
    assert {"robots", "feed", "sitemap"} <= kinds
    fetched_ok = _rows(distributed.new_dir / "rbmon.duckdb",
                       "select url from fetches where kind like 'article%' and status = 200")  # fmt: skip
    assert fetched_ok == []


# -- the limiter on its own ------------------------------------------------------------------------------


def test_host_slots_grant_two_leases_space_starts_and_honour_retry_after(redis_url: str) -> None:
    from crawlers.distributed import redis_client
    from crawlers.politeness import HostSlots

    slots = HostSlots(redis_client(redis_url), prefix="test:politeness")
    take = {"max_concurrency": 2, "delay": 0.0, "lease": 30.0}
    assert slots.try_acquire("src", "a", **take) == 0
    assert slots.try_acquire("src", "b", **take) == 0
    assert slots.try_acquire("src", "c", **take) > 0  # a third request waits for a lease
    assert slots.try_acquire("other", "c", **take) == 0  # another source is not held up
    slots.release("src", "a")
    assert slots.try_acquire("src", "c", **take) == 0
    assert slots.in_flight("src") == 2
    # the delay counts from the previous start, whichever worker asks
    spaced = {"max_concurrency": 2, "delay": 0.3, "lease": 30.0}
    assert slots.try_acquire("slow", "x", **spaced) == 0
    wait = slots.try_acquire("slow", "y", **spaced)
    assert 0.2 < wait <= 0.3
    time.sleep(wait + 0.01)
    assert slots.try_acquire("slow", "y", **spaced) == 0
    # a lease whose worker died frees itself
    assert slots.try_acquire("dead", "z", max_concurrency=1, delay=0.0, lease=0.05) == 0
    assert slots.try_acquire("dead", "w", max_concurrency=1, delay=0.0, lease=30.0) > 0
    time.sleep(0.08)
    assert slots.try_acquire("dead", "w", max_concurrency=1, delay=0.0, lease=30.0) == 0
    # Retry-After: nobody starts before it has passed, and it never shortens a later hold
    slots.hold_off("busy", 0.4)
    slots.hold_off("busy", 0.1)
    assert 0.3 < slots.try_acquire("busy", "r", **take) <= 0.4


def _worker_crawler(redis_url: str, plan: CrawlPlan) -> Any:
    """A worker's crawler and spider, built as Scrapy builds them, without starting a reactor."""
    from scrapy.utils.test import get_crawler

    from crawlers.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"REDIS_URL": redis_url, "RBMON_REDIS_NAMESPACE": "test:robots"})
    crawler.spider = NewsSpider(plan=plan)
    return crawler


def test_an_article_from_another_worker_obeys_the_robots_txt_that_worker_fetched(redis_url: str) -> None:
    from scrapy import Request
    from scrapy.http import TextResponse

    from crawlers.distributed import SharedRobotsMiddleware
    from crawlers.middlewares import RefusedRequest, SourceScopeMiddleware

    source = {
        "id": "kabar-jambi",
        "name": "Kabar Jambi",
        "url": "https://kabarjambi.example/",
        "kind": "regional_media",
    }
    plan = plan_for([source])
    first, second = _worker_crawler(redis_url, plan), _worker_crawler(redis_url, plan)
    robots = Request(
        "https://kabarjambi.example/robots.txt", meta={"source_id": "kabar-jambi", "kind": "robots"}
    )
    body = b"User-agent: *\nDisallow: /internal/\n"
    SharedRobotsMiddleware.from_crawler(first).process_response(
        robots, TextResponse(robots.url, status=200, body=body, request=robots)
    )
    # the second worker has not fetched robots.txt itself yet when it pops the first one's article
    lend, scope = SharedRobotsMiddleware.from_crawler(second), SourceScopeMiddleware(second)
    assert second.spider.scopes["kabar-jambi"].robots is None
    meta = {"source_id": "kabar-jambi", "kind": "article"}
    blocked = Request("https://kabarjambi.example/internal/rapat-evaluasi-sakip", meta=meta)
    lend.process_request(blocked)
    with pytest.raises(RefusedRequest) as refused:
        scope.process_request(blocked)
    assert refused.value.kind == "robots"
    allowed = Request("https://kabarjambi.example/berita/zona-integritas-dinas-kesehatan", meta=meta)
    assert lend.process_request(allowed) is None and scope.process_request(allowed) is None
    # a source this worker's plan does not have is refused, not crawled without rules
    stranger = Request("https://lain.example/berita/x", meta={"source_id": "lain", "kind": "article"})
    with pytest.raises(RefusedRequest) as unknown:
        lend.process_request(stranger)
    assert unknown.value.kind == "unknown_source"


@pytest.mark.slow
def test_a_starting_crawl_leaves_the_fetch_log_of_a_running_worker_alone(tmp_path: Path) -> None:
    from filelock import FileLock

    from pipeline.core.config import CrawlConfig, Settings
    from pipeline.crawl import run_crawl

    settings = Settings(data_dir=tmp_path, crawl=CrawlConfig(download_delay=0))
    busy, dead = (tmp_path / "jobs" / "crawl" / name for name in ("crawl-busy", "crawl-dead"))
    line = {"url": "https://kabarjambi.example/berita/a", "canonical_url": "https://kabarjambi.example/berita/a",
            "source_id": "kabar-jambi", "fetched_at": "2026-11-21T19:00:00+00:00", "status": None,
            "kind": "article", "error": "timeout"}  # fmt: skip
    for run_dir in (busy, dead):
        run_dir.mkdir(parents=True)
        (run_dir / "fetch.jsonl").write_text(
            json.dumps({**line, "run_id": run_dir.name}) + "\n", encoding="utf-8"
        )
    with FileLock(str(busy / "running.lock")):  # a worker of the same machine, still crawling
        report = run_crawl(settings, sources=[])
    assert report.recovered_runs == ["crawl-dead"]
    assert not (busy / "loaded").exists() and (dead / "loaded").exists()
