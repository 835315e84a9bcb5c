"""Throughput and memory of the processing stage (WARC -> DuckDB, every stage) against bare trafilatura.

    python benchmarks/bench_process.py [--repeat 3] [--copies 4] [--records 20000] [--skip-memory]

Pages: the fixture news site's article pages (rendered in process, no server) plus, when present,
the real pages of ../shared/eval/pages (read at run time, never copied). Each page is archived
``--copies`` times under distinct URLs of registered sources, so every record is a distinct
article that goes through extraction, cleaning, language detection, annotation, MinHash, the
three dedup layers and the DuckDB load.

1. One process: ``run_process(workers=1)`` on a fresh database against ``trafilatura.extract``
   over the same payloads, alternating within each repetition (same machine load); medians.
   Target: ratio (full / bare, pages per second) >= 0.7.
2. Two worker processes against one. Target >= 1.6x (the machine's two cores may be shared).
3. Peak memory (RSS of the parent and all its children, sampled every 0.2 s) while processing
   ``--records`` records with two workers. Target < 1.5 GB.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import store
from pipeline.core.config import Settings
from pipeline.fixture_site.pages import article_pages
from pipeline.process import run_process

EVAL_PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"
BENCH_HOSTS = ("fixture.example", "eval.example")


@dataclass(frozen=True)
class Page:
    path: str  # path on its host, unique per page
    body: bytes
    content_type: str


def fixture_pages() -> list[Page]:
    """Every article page (page 1 and pages 2..n) of the fixture site, rendered in process."""
    return [Page(f"/{p.outlet}{p.path}", p.body, p.content_type) for pages in article_pages() for p in pages]


def eval_pages(directory: Path = EVAL_PAGES) -> list[Page]:
    if not directory.is_dir():
        return []
    return [
        Page(f"/eval/{p.stem}", p.read_bytes(), "text/html; charset=utf-8")
        for p in sorted(directory.glob("*.html"))
    ]


def write_records(path: Path, records: Iterator[tuple[str, bytes, str]]) -> int:
    """Stream (url, body, content type) into a gzip-per-record WARC; returns the record count."""
    n = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        for url, body, ctype in records:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
            )
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2025-07-07T03:00:00Z"},
            )
            writer.write_record(rec)
            n += 1
    return n


def copies(pages: list[Page], n: int) -> Iterator[tuple[str, bytes, str]]:
    """``n`` records cycling through the pages, each under its own URL (host from the page's kind)."""
    for i in range(n):
        page = pages[i % len(pages)]
        host = "eval.example" if page.path.startswith("/eval/") else "fixture.example"
        yield f"https://{host}{page.path}?salinan={i}", page.body, page.content_type


def fresh_settings(root: Path) -> Settings:
    """A new data directory whose database knows the benchmark hosts as sources."""
    if root.exists():
        shutil.rmtree(root)
    settings = Settings(data_dir=root)
    con = store.connect(settings.db_path)
    try:
        store.migrate(con)
        with store.transaction(con):
            store.append_rows(
                con,
                "sources",
                [
                    {
                        "source_id": h.split(".")[0],
                        "name": h,
                        "base_url": f"https://{h}/",
                        "kind": "regional_media",
                    }
                    for h in BENCH_HOSTS
                ],
            )
    finally:
        con.close()
    return settings


# --------------------------------------------------------------------------- memory


def _tree(root: int) -> list[int]:
    """``root`` and every descendant (the forkserver and its workers included)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; PSS shares the pages the workers inherit by fork."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


class PeakRss:
    """Samples the process tree's memory in a thread: peak RSS sum (``peak``), PSS sum, parent RSS."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak = self.peak_pss = self.peak_parent = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        me = os.getpid()
        sizes = {pid: _memory(pid) for pid in _tree(me)}
        self.peak = max(self.peak, sum(r for r, _ in sizes.values()))
        self.peak_pss = max(self.peak_pss, sum(p for _, p in sizes.values()))
        self.peak_parent = max(self.peak_parent, sizes.get(me, (0, 0))[0])

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def describe(self) -> str:
        mib = 2**20
        return (
            f"peak RSS parent+children {self.peak / mib:.0f} MiB (target < 1536 MiB);"
            f" PSS {self.peak_pss / mib:.0f} MiB; parent alone {self.peak_parent / mib:.0f} MiB"
        )


class Clock:
    """Progress callback that keeps the time of the first and the last record done.

    The steady rate (records after the first / time after the first) leaves out the one-time
    start (database open, worker start, NLP resources), which a nightly run of thousands of
    records amortises; both figures are printed.
    """

    def __init__(self, label: str | None = None, every: int = 0) -> None:
        self.label, self.every = label, every
        self.start = time.perf_counter()
        self.first: tuple[float, int] | None = None
        self.last: tuple[float, int] | None = None

    def __call__(self, done: int, _total: int | None) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first = (now, done)
        self.last = (now, done)
        if self.every and done % self.every == 0:
            print(f"  {self.label}: {done} records, {done / (now - self.start):.1f}/s", flush=True)

    @property
    def steady(self) -> float:
        if not self.first or not self.last or self.last[0] <= self.first[0]:
            return float("nan")
        return (self.last[1] - self.first[1]) / (self.last[0] - self.first[0])


# --------------------------------------------------------------------------- main


def timed_process(
    settings: Settings, warc: Path, workers: int, clock: Clock | None = None
) -> tuple[float, int, float]:
    """(wall seconds, records, steady records/s) of one run_process over ``warc``."""
    clock = clock or Clock()
    start = time.perf_counter()
    report = run_process(settings, warcs=[warc], workers=workers, progress=clock)
    return time.perf_counter() - start, report.records, clock.steady


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4, help="archived copies of each page per run")
    parser.add_argument("--records", type=int, default=20_000, help="records for the memory measurement")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)

    pages = fixture_pages() + eval_pages()
    n_eval = sum(1 for p in pages if p.path.startswith("/eval/"))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rbmon-bench-process-"))
    work.mkdir(parents=True, exist_ok=True)
    warc = work / "pages.warc.gz"
    n = write_records(warc, copies(pages, len(pages) * args.copies))
    payloads = [body for _, body, _ in copies(pages, n)]
    print(f"{len(pages)} pages ({len(pages) - n_eval} fixture, {n_eval} eval), {n} records per run")
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")

    trafilatura.extract(payloads[0])  # warm imports
    rates: dict[str, list[float]] = {k: [] for k in ("bare", "full", "full_steady", "two", "two_steady")}
    for rep in range(args.repeat):
        start = time.perf_counter()
        for body in payloads:
            trafilatura.extract(body)
        rates["bare"].append(n / (time.perf_counter() - start))
        elapsed, records, steady = timed_process(fresh_settings(work / "db1"), warc, 1)
        assert records == n, records
        rates["full"].append(n / elapsed)
        rates["full_steady"].append(steady)
        elapsed, _, steady = timed_process(fresh_settings(work / "db2"), warc, 2)
        rates["two"].append(n / elapsed)
        rates["two_steady"].append(steady)
        print(
            f"  rep {rep + 1}: bare {rates['bare'][-1]:.1f} p/s | full, 1 worker {rates['full'][-1]:.1f} p/s"
            f" (steady {rates['full_steady'][-1]:.1f}) | full, 2 workers {rates['two'][-1]:.1f} p/s"
            f" (steady {rates['two_steady'][-1]:.1f})",
            flush=True,
        )
    # Median, and best of the repetitions: on a machine shared with other work the best run is
    # the one least disturbed, the median says what a typical run gets.
    for label, pick in (("median", statistics.median), ("best", max)):
        m = {k: pick(v) for k, v in rates.items()}
        print(f"[{label}] bare trafilatura.extract   : {m['bare']:7.1f} pages/s")
        print(
            f"[{label}] full processing, 1 worker  : {m['full']:7.1f} pages/s, ratio {m['full'] / m['bare']:.2f}"
            f" | steady {m['full_steady']:.1f} pages/s, ratio {m['full_steady'] / m['bare']:.2f} (target >= 0.7)"
        )
        print(
            f"[{label}] full processing, 2 workers : {m['two']:7.1f} pages/s, x{m['two'] / m['full']:.2f}"
            f" | steady {m['two_steady']:.1f} pages/s, x{m['two_steady'] / m['full_steady']:.2f} (target >= 1.6x)"
        )

    if not args.skip_memory:
        big = work / "memory.warc.gz"
        write_records(big, copies(pages, args.records))
        settings = fresh_settings(work / "dbmem")
        with PeakRss() as peak:
            elapsed, records, steady = timed_process(
                settings, big, 2, Clock("memory run", max(500, args.records // 20))
            )
        print(
            f"memory: {records} records with 2 workers in {elapsed:.0f} s ({records / elapsed:.1f}/s,"
            f" steady {steady:.1f}/s), {peak.describe()}"
        )
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
