"""Throughput of rbmon's extract_article against bare trafilatura.extract, same pages, same run.

    python benchmarks/bench_extract.py [PAGES_DIR] [--repeat N]

PAGES_DIR defaults to ../shared/eval/pages (real Indonesian pages, read only, never copied).
The two extractors alternate within each repetition so both see the same machine load; the
median of the repetitions is reported. ratio = ours / bare (pages per second): above 1 means
rbmon's full extraction (decoding, metadata, dates, pruning, trafilatura, cleaning) is faster
than trafilatura's default extraction alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from pipeline.extract import extract_article

DEFAULT_PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"


def _rate(fn: Callable[[bytes], object], pages: list[bytes]) -> float:
    start = time.perf_counter()
    for page in pages:
        fn(page)
    return len(pages) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages_dir", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    pages = [p.read_bytes() for p in sorted(args.pages_dir.glob("*.html"))]
    if not pages:
        print(f"no *.html pages in {args.pages_dir}", file=sys.stderr)
        return 1

    def bare(page: bytes) -> object:
        return trafilatura.extract(page)

    def ours(page: bytes) -> object:
        return extract_article(page)

    _rate(bare, pages[:3])  # warm imports and caches
    _rate(ours, pages[:3])
    bare_rates, our_rates = [], []
    for _ in range(args.repeat):
        bare_rates.append(_rate(bare, pages))
        our_rates.append(_rate(ours, pages))
    b, o = statistics.median(bare_rates), statistics.median(our_rates)
    print(f"pages: {len(pages)}  repetitions: {args.repeat}")
    print(f"bare trafilatura.extract : {b:7.1f} pages/s  (runs: {', '.join(f'{r:.1f}' for r in bare_rates)})")
    print(f"rbmon extract_article    : {o:7.1f} pages/s  (runs: {', '.join(f'{r:.1f}' for r in our_rates)})")
    print(f"ratio ours/bare          : {o / b:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
