"""Scorecard facts: precision and recall per metric on the fixture gold, and what is found elsewhere.

    python benchmarks/eval_facts.py              # fixture gold: P/R per metric, misses, status confusions
    python benchmarks/eval_facts.py --sets       # ... plus the facts found on the eval sets without gold
    python benchmarks/eval_facts.py --json       # the scores as JSON

A predicted fact is right when subject, metric, value, year and status all match a gold fact of
the same article (``strict``); ``without status`` ignores the status, as the issue's target does
("subject, metric, value and year all right"), and ``status confusions`` lists every predicted
status that differs from the gold's for the same result, so a target or a self-assessment
reported as a result shows up by name. Subjects compare case- and space-insensitively ("Kota
Pangkal Pinang" = "Kota Pangkalpinang"), numbers by value ("88,40" = "88.4").

The eval sets without gold facts (``../shared/eval/dev.jsonl``, ``dev_realistic.jsonl`` and the
real-text set ``benchmarks/realset/``, whose texts live in the cache of its README) are
annotated and their facts printed for reading: there is nothing to score them against.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
REALSET = Path(__file__).with_name("realset")

Key = tuple[str, str, str, str, Any, str]


def _norm_subject(subject: str) -> str:
    s = unicodedata.normalize("NFKC", subject).lower()
    s = " ".join(re.sub(r"[^\w\s-]", " ", s).split())
    kind, _, name = s.partition(" ")
    if kind in ("kabupaten", "kota", "provinsi"):
        return f"{kind} {name.replace(' ', '').replace('-', '')}"
    return s


def _norm_value(value: str) -> str:
    v = " ".join(str(value).strip().split())
    try:
        return format(Decimal(v.replace(",", ".")).normalize(), "f")
    except InvalidOperation:
        return v.lower() if v.lower() == v or not v.isupper() else v


def fact_key(article_id: str, fact: dict[str, Any]) -> Key:
    """The comparison key of one fact (with its status)."""
    return (
        article_id,
        _norm_subject(fact["subject"]),
        fact["metric"],
        _norm_value(fact["value"]),
        fact.get("year"),
        fact["status"],
    )


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "tp": tp, "fp": fp, "fn": fn}


def score_facts(
    gold: dict[str, list[dict[str, Any]]], pred: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Precision and recall of ``pred`` against ``gold`` (article id -> facts), overall and per metric.

    >>> g = {"a": [{"subject": "Kota X", "metric": "rb_index", "value": "3.1", "year": 2024, "status": "announced"}]}
    >>> p = {"a": [{"subject": "kota x", "metric": "rb_index", "value": "3,10", "year": 2024, "status": "target"}]}
    >>> s = score_facts(g, p)
    >>> s["strict"]["all"]["precision"], s["without_status"]["all"]["recall"], s["status_confusions"]
    (0.0, 1.0, {'announced -> target': 1})
    """
    out: dict[str, Any] = {}
    misses: list[dict[str, Any]] = []
    for label, strip in (("strict", False), ("without_status", True)):
        gold_keys = {fact_key(i, f)[: 5 if strip else 6] for i, fs in gold.items() for f in fs}
        pred_keys = {fact_key(i, f)[: 5 if strip else 6] for i, fs in pred.items() if i in gold for f in fs}
        per: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
        for k in gold_keys | pred_keys:
            kind = "tp" if k in gold_keys and k in pred_keys else ("fn" if k in gold_keys else "fp")
            per[k[2]][kind] += 1
            if not strip and kind != "tp":
                misses.append({"kind": "missed" if kind == "fn" else "extra", "key": list(k)})
        totals = {t: sum(v[t] for v in per.values()) for t in ("tp", "fp", "fn")}
        out[label] = {"all": _prf(**totals), **{m: _prf(**v) for m, v in sorted(per.items())}}
    confusions: Counter[str] = Counter()
    announced_wrongly = 0
    for i, fs in gold.items():
        by_result = {fact_key(i, f)[:5]: f["status"] for f in fs}
        for f in pred.get(i, []):
            got = by_result.get(fact_key(i, f)[:5])
            if got is not None and got != f["status"]:
                confusions[f"{got} -> {f['status']}"] += 1
                announced_wrongly += f["status"] == "announced" and got in ("target", "self_assessment")
    out["status_confusions"] = dict(confusions)
    out["targets_or_self_assessments_reported_as_results"] = announced_wrongly
    out["misses"] = sorted(misses, key=lambda m: m["key"][0])
    return out


def _annotate(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    from pipeline.process.annotate import annotate_record

    return {str(r["id"]): list(annotate_record(r)["facts"]) for r in records}


def fixture_scores() -> dict[str, Any]:
    """Score ``rbmon annotate``'s facts on the fixture site's gold (boilerplate lines included)."""
    from pipeline.fixture_site import gold_records

    records = gold_records(with_boilerplate=True)
    gold = {str(r["id"]): list(r["facts"]) for r in records}
    return score_facts(gold, _annotate(records))


def _sets() -> dict[str, list[dict[str, Any]]]:
    sets: dict[str, list[dict[str, Any]]] = {}
    for name, file in (("dev", "dev.jsonl"), ("realistic", "dev_realistic.jsonl")):
        path = SHARED / file
        if path.exists():
            sets[name] = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    sys.path.insert(0, str(REALSET))
    try:
        from build_gold import CacheMissing, build  # type: ignore[import-not-found]

        sets["realset"] = build(split="all")
    except (ImportError, CacheMissing):
        pass
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", action="store_true", help="also print the facts found on the eval sets")
    parser.add_argument("--json", action="store_true", help="print the fixture scores as JSON")
    args = parser.parse_args(argv)
    res = fixture_scores()
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print("fixture gold facts (P / R / tp fp fn)")
    print(f"{'metric':22s} {'strict':>28s}   {'without status':>28s}")
    for metric in res["strict"]:
        s, w = res["strict"][metric], res["without_status"].get(metric, {})
        print(
            f"{metric:22s} {s['precision']:6.3f} / {s['recall']:5.3f} ({s['tp']:3d} {s['fp']:2d} {s['fn']:2d})   "
            f"{w.get('precision', 0):6.3f} / {w.get('recall', 0):5.3f} ({w.get('tp', 0):3d} {w.get('fp', 0):2d} "
            f"{w.get('fn', 0):2d})"
        )
    print(f"status confusions: {res['status_confusions'] or 'none'}")
    print(
        f"targets or self-assessments reported as results: {res['targets_or_self_assessments_reported_as_results']}"
    )
    for m in res["misses"]:
        print(f"  {m['kind']}: {json.dumps(m['key'], ensure_ascii=False)}")
    if args.sets:
        for name, records in _sets().items():
            found = _annotate(records)
            n = sum(len(v) for v in found.values())
            print(f"\n== {name}: {len(records)} articles, {n} facts (no gold: read them)")
            titles = {str(r["id"]): r.get("title") or "" for r in records}
            for aid, facts in found.items():
                for f in facts:
                    print(f"  {aid} {titles[aid][:50]!r}: {json.dumps(f, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
