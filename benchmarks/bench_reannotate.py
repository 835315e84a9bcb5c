"""Reannotation against reprocessing on the same database: what new NLP rules cost.

    python benchmarks/bench_reannotate.py [--copies 4] [--repeat 3] [--workers 1]

One database is built from a WARC of the fixture site's article pages (and the real pages of
../shared/eval/pages when present), each archived ``--copies`` times under distinct URLs. Then, on
that database, alternating within each repetition so both see the same machine load:

- ``run_process(reprocess=True)``: every article re-read from its WARC, extracted, cleaned,
  annotated, deduplicated and loaded again (what a change of the rules cost before);
- ``run_process(reannotate_all=True)``: nlp/ rerun on every stored text, only the annotations
  rewritten (``rbmon process --reannotate``).

Prints articles per second of each and their ratio (target: reannotation >= 5x reprocessing).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench_process import copies, eval_pages, fixture_pages, fresh_settings, write_records

from pipeline.process import run_process


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=4, help="archived copies of every page")
    parser.add_argument("--repeat", type=int, default=3, help="alternating repetitions")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for both")
    parser.add_argument("--pages", type=int, default=0, help="use only the first N pages (0: all)")
    args = parser.parse_args(argv)

    pages = fixture_pages() + eval_pages()
    if args.pages:
        pages = pages[: args.pages]
    n_records = len(pages) * args.copies
    with tempfile.TemporaryDirectory() as tmp:
        settings = fresh_settings(Path(tmp) / "data")
        warc = settings.data_dir / "warc" / "bench.warc.gz"
        warc.parent.mkdir(parents=True, exist_ok=True)
        write_records(warc, copies(pages, n_records))
        first = run_process(settings, warcs=[warc], workers=args.workers)
        articles = first.articles_new
        print(
            f"{n_records} records ({len(pages)} pages x {args.copies}) -> {articles} articles;"
            f" {args.workers} worker(s), {args.repeat} alternating repetitions"
        )
        times: dict[str, list[float]] = {"reprocess": [], "reannotate": []}
        for _ in range(args.repeat):
            t = time.perf_counter()
            redo = run_process(settings, warcs=[warc], reprocess=True, workers=args.workers)
            times["reprocess"].append(time.perf_counter() - t)
            assert redo.articles_updated == articles, "reprocessing rewrote every article"
            t = time.perf_counter()
            again = run_process(settings, reannotate_all=True, workers=args.workers)
            times["reannotate"].append(time.perf_counter() - t)
            assert again.reannotated == articles, "reannotation rewrote every article"
    rate = {k: articles / statistics.median(v) for k, v in times.items()}
    for k, v in times.items():
        print(f"{k:12s} median {statistics.median(v):7.2f} s   {rate[k]:8.1f} articles/s")
    print(f"ratio reannotate / reprocess: {rate['reannotate'] / rate['reprocess']:.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
