"""Time the officials, themes and relevance matchers per 600-word article on one core.

The "cold" column is the first pass (Sastrawi's word cache empty; relevance runs after themes, so its
words are already cached); "warm" is the median of later passes, the steady state of a worker.

    python benchmarks/bench_nlp.py [--rounds N]

Articles are the fixture site's (as a crawl yields them, boilerplate lines included). Sastrawi's
word cache is warmed by one untimed pass, as it is in a long-running ``rbmon process`` worker; the
cold first pass is printed too. Times are scaled to 600 words so figures compare across article
sets. Regions are timed as well when ``nlp.regions`` is importable (the budget covers all of nlp/).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from nlp.officials import extract_officials, load_position_lexicon
from nlp.relevance import load_relevance_model, score_relevance
from nlp.themes import detect_themes, load_taxonomy
from pipeline.fixture_site.articles import gold_records


def _regions() -> Callable[[str, str], Any] | None:
    try:
        from nlp.gazetteer import load_gazetteer
        from nlp.regions import resolve_regions
    except ImportError:
        return None
    gaz = load_gazetteer()
    return lambda text, title: resolve_regions(text, title=title, gazetteer=gaz)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    t0 = time.perf_counter()
    lex, tax, model = load_position_lexicon(), load_taxonomy(), load_relevance_model()
    load_ms = (time.perf_counter() - t0) * 1000
    regions = _regions()
    docs = [(r["text"], r["title"]) for r in gold_records(with_boilerplate=True)]
    words = sum(len(t.split()) for t, _ in docs)

    def officials(t: str, ti: str) -> Any:
        return extract_officials(t, title=ti, lexicon=lex)

    def themes(t: str, ti: str) -> Any:
        return detect_themes(t, title=ti, taxonomy=tax)

    stages: dict[str, Callable[[str, str], Any]] = {"officials": officials, "themes": themes}
    if regions is not None:
        stages["regions"] = regions

    def one_pass() -> dict[str, float]:
        out: dict[str, float] = {}
        results: dict[str, list[Any]] = {}
        for name, fn in stages.items():
            t = time.perf_counter()
            results[name] = [fn(text, title) for text, title in docs]
            out[name] = time.perf_counter() - t
        t = time.perf_counter()  # relevance takes this pass's themes as input, as nlp.annotate does
        for (text, title), th in zip(docs, results["themes"], strict=True):
            score_relevance(text, title=title, themes=th, officials=[], model=model)
        out["relevance"] = time.perf_counter() - t
        return out

    per600 = 600 / words * 1000  # seconds for the whole set -> ms per 600 words
    cold = one_pass()
    runs = [one_pass() for _ in range(args.rounds)]
    print(
        f"{len(docs)} fixture articles, {words} words ({words / len(docs):.0f} per article); "
        f"lexicons loaded in {load_ms:.0f} ms"
    )
    print(f"{'stage':12s} {'cold':>8s} {'warm best':>10s} {'warm median':>12s}   (ms per 600 words)")
    totals = [0.0, 0.0, 0.0]
    for name in [*stages, "relevance"]:
        row = (
            cold[name] * per600,
            min(r[name] for r in runs) * per600,
            statistics.median(r[name] for r in runs) * per600,
        )
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{name:12s} {row[0]:8.2f} {row[1]:10.2f} {row[2]:12.2f}")
    print(
        f"{'total':12s} {totals[0]:8.2f} {totals[1]:10.2f} {totals[2]:12.2f}   (budget: all of nlp/ <= 10 ms)"
    )
    print("best = least disturbed by other processes on a shared machine; median = typical")
    if regions is None:
        print("regions: nlp.regions not importable here, not timed")


if __name__ == "__main__":
    main()
