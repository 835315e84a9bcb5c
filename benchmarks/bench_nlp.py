"""Time the NLP stages per 600-word article, and NLP beside extraction of the same pages, on one core.

    python benchmarks/bench_nlp.py [--rounds N] [--pages DIR]

Part 1, stages: officials, themes, regions, relevance and facts (reported RB results) on the fixture
site's articles (as a crawl yields them, boilerplate lines included), scaled to 600 words so the
figures compare across article sets and against the budget (all of nlp/ <= 10 ms). Facts are read
from core articles only (as ``nlp.annotate`` does), so the stage is timed on the articles the
relevance stage of the same pass judged core, and its figure is per 600 words of all articles. The "cold" column is the first pass
(Sastrawi's word cache empty; relevance runs after themes, so its words are already cached); "warm"
is the steady state of a long-running ``rbmon process`` worker.

Part 2, extraction vs NLP: whether NLP or extraction bounds processing is only meaningful on the
same pages, so both are timed on them in one run, alternating within each round (same machine
load). Pages are the fixture site's article pages, rendered in process (no server), and the real
pages of ``--pages`` (default ``../shared/eval/pages``, read at run time, never copied) when that
folder exists. Per article, as ``rbmon process`` does it (``pipeline.extract.enrich``): extraction is
``extract_article`` on page 1 and on each page 2..n, texts joined; NLP is ``nlp.annotate.annotate``
on the joined text and title (regions, officials with jurisdiction, themes, relevance). Articles
that ``rbmon process`` would skip (no article text, not Indonesian) are left out of both columns.
Workers are warmed as ``rbmon process`` warms them (``init_worker``) and by one untimed pass.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.annotate import annotate
from nlp.facts import extract_facts
from nlp.metrics import load_metric_rules
from nlp.officials import extract_officials, load_position_lexicon
from nlp.passages import split_passages
from nlp.relevance import load_relevance_model, score_relevance
from nlp.themes import detect_themes, load_taxonomy
from pipeline.extract import extract_article
from pipeline.extract.enrich import init_worker
from pipeline.fixture_site.articles import gold_records
from pipeline.fixture_site.pages import article_pages

EVAL_PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"


def _regions() -> Callable[[str, str], Any] | None:
    try:
        from nlp.gazetteer import load_gazetteer
        from nlp.regions import resolve_regions
    except ImportError:
        return None
    gaz = load_gazetteer()
    return lambda text, title: resolve_regions(text, title=title, gazetteer=gaz)


# --- part 1: NLP stages per 600 words -----------------------------------------------------------


def stages(rounds: int) -> None:
    t0 = time.perf_counter()
    lex, tax, model = load_position_lexicon(), load_taxonomy(), load_relevance_model()
    metric_rules = load_metric_rules()
    load_ms = (time.perf_counter() - t0) * 1000
    regions = _regions()
    from nlp.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    docs = [(r["text"], r["title"]) for r in gold_records(with_boilerplate=True)]
    words = sum(len(t.split()) for t, _ in docs)

    def officials(t: str, ti: str) -> Any:
        return extract_officials(t, title=ti, lexicon=lex)

    def passages(t: str, ti: str) -> Any:
        return split_passages(t, title=ti, rules=model.passages)

    fns: dict[str, Callable[[str, str], Any]] = {"officials": officials, "passages": passages}
    if regions is not None:
        fns["regions"] = regions

    def one_pass() -> dict[str, float]:
        out: dict[str, float] = {}
        results: dict[str, list[Any]] = {}
        for name, fn in fns.items():
            t = time.perf_counter()
            results[name] = [fn(text, title) for text, title in docs]
            out[name] = time.perf_counter() - t
        # relevance and themes read this pass's passages, as nlp.annotate does (split once)
        t = time.perf_counter()
        judged = [score_relevance(ps, model=model) for ps in results["passages"]]
        out["relevance"] = time.perf_counter() - t
        t = time.perf_counter()
        for (text, title), ps in zip(docs, results["passages"], strict=True):
            detect_themes(text, title=title, taxonomy=tax, passages=ps)
        out["themes"] = time.perf_counter() - t
        if "regions" in results:
            # facts read the passages and the regions of this pass, on core articles only
            t = time.perf_counter()
            for ps, rel, reg in zip(results["passages"], judged, results["regions"], strict=True):
                if rel.relevant:
                    extract_facts(ps, regions=reg, rules=metric_rules, gazetteer=gaz)
            out["facts"] = time.perf_counter() - t
        return out

    per600 = 600 / words * 1000  # seconds for the whole set -> ms per 600 words
    cold = one_pass()
    runs = [one_pass() for _ in range(rounds)]
    print(
        f"1. NLP stages: {len(docs)} fixture articles, {words} words ({words / len(docs):.0f} per article); "
        f"lexicons loaded in {load_ms:.0f} ms"
    )
    print(f"{'stage':12s} {'cold':>8s} {'warm best':>10s} {'warm median':>12s}   (ms per 600 words)")
    totals = [0.0, 0.0, 0.0]
    for name in [*fns, "relevance", "themes", *(["facts"] if regions is not None else [])]:
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
    if regions is None:
        print("regions: nlp.regions not importable here, not timed")


# --- part 2: extraction vs NLP, same pages ------------------------------------------------------


@dataclass(frozen=True)
class Page:
    body: bytes
    url: str | None
    content_type: str | None


#: one article: page 1, then its pages 2..n in order
Article = tuple[Page, ...]


def fixture_articles() -> list[Article]:
    """Every fixture-site article as its rendered pages (page 1 and pages 2..n), as a crawl fetches them."""
    return [tuple(Page(p.body, p.url, p.content_type) for p in pages) for pages in article_pages()]


def eval_articles(directory: Path) -> list[Article]:
    """The real pages of ``directory``, one page per article (no URL or header: as ``rbmon extract`` reads them)."""
    if not directory.is_dir():
        return []
    return [(Page(p.read_bytes(), None, None),) for p in sorted(directory.glob("*.html"))]


def extract(article: Article) -> tuple[str, str] | None:
    """(text, title) of one article as ``pipeline.extract.enrich.enrich_article`` builds it, or None if skipped."""
    first = extract_article(article[0].body, url=article[0].url, content_type=article[0].content_type)
    if first is None or not first.text.strip() or first.language != "id":
        return None
    texts = [first.text.strip()]
    for page in article[1:]:
        more = extract_article(page.body, url=page.url, content_type=page.content_type)
        if more is not None and more.text.strip():
            texts.append(more.text.strip())
    return "\n\n".join(texts), first.title or ""


def side_by_side(sets: list[tuple[str, list[Article]]], rounds: int) -> None:
    init_worker()  # what each rbmon process worker does before its first record
    print()
    print(
        f"2. Extraction vs NLP on the same pages, ms per article (best / median of {rounds} rounds, "
        "alternating; one core)"
    )
    print(
        f"{'pages':18s} {'articles':>8s} {'pages':>6s} {'words/art':>9s} "
        f"{'extract best/med':>16s} {'nlp best/med':>16s} {'nlp/extract':>12s}"
    )
    all_ex: list[float] = [0.0] * rounds
    all_nlp: list[float] = [0.0] * rounds
    all_n = all_pages = all_words = 0
    for name, articles in sets:
        texts = [extract(a) for a in articles]  # untimed pass: imports, caches, the texts to annotate
        kept = [(a, t) for a, t in zip(articles, texts, strict=True) if t is not None]
        if not kept:
            continue
        for text, title in (t for _, t in kept):
            annotate(text, title=title)  # untimed: Sastrawi's word cache warm, as in a long-running worker
        ex_runs, nlp_runs = [], []
        for _ in range(rounds):
            t = time.perf_counter()
            for a, _ in kept:
                extract(a)
            ex_runs.append(time.perf_counter() - t)
            t = time.perf_counter()
            for _, (text, title) in kept:
                annotate(text, title=title)
            nlp_runs.append(time.perf_counter() - t)
        n = len(kept)
        pages = sum(len(a) for a, _ in kept)
        words = sum(len(text.split()) for _, (text, _) in kept)
        _row(name, n, pages, words, len(articles) - n, ex_runs, nlp_runs)
        all_ex = [a + b for a, b in zip(all_ex, ex_runs, strict=True)]
        all_nlp = [a + b for a, b in zip(all_nlp, nlp_runs, strict=True)]
        all_n, all_pages, all_words = all_n + n, all_pages + pages, all_words + words
    if len(sets) > 1 and all_n:
        _row("all", all_n, all_pages, all_words, 0, all_ex, all_nlp)
    print("ratio = NLP / extraction (medians); below 1, extraction costs more than all of nlp/ per article")


def _row(name: str, n: int, pages: int, words: int, skipped: int, ex: list[float], nlp: list[float]) -> None:
    ex_best, ex_med = min(ex) / n * 1000, statistics.median(ex) / n * 1000
    nlp_best, nlp_med = min(nlp) / n * 1000, statistics.median(nlp) / n * 1000
    note = f"   ({skipped} skipped: no text / not Indonesian)" if skipped else ""
    print(
        f"{name:18s} {n:8d} {pages:6d} {words / n:9.0f} "
        f"{ex_best:8.2f} /{ex_med:7.2f} {nlp_best:8.2f} /{nlp_med:7.2f} {nlp_med / ex_med:12.2f}{note}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--pages", type=Path, default=EVAL_PAGES, help="real *.html pages, if present")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    stages(args.rounds)
    sets = [("fixture site", fixture_articles())]
    real = eval_articles(args.pages)
    if real:
        sets.append((args.pages.name if args.pages != EVAL_PAGES else "shared eval pages", real))
    else:
        print(f"\n(no *.html pages in {args.pages}: fixture site only)")
    side_by_side(sets, args.rounds)
    print("best = least disturbed by other processes on a shared machine; median = typical")


if __name__ == "__main__":
    main()
