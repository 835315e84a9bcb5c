"""Quality gate and error analysis: annotation and extraction scores on every labelled set.

    python benchmarks/eval_quality.py              # measure, print, exit 1 if a score fell below its floor
    python benchmarks/eval_quality.py --misses     # ... and where it fails: level confusion, misses by kind
    python benchmarks/eval_quality.py --update     # raise floors to the current scores (never lowers one)

Scores come from the shared scorers (``../shared/eval/score.py`` and ``score_extraction.py``) run on
rbmon's own output (``rbmon annotate``'s code path) for:

- ``fixture``: the fixture site's gold labels (shipped with rbmon; tuned on, not held out),
- ``dev``: ``../shared/eval/dev.jsonl`` (5 real articles),
- ``realistic``: ``../shared/eval/dev_realistic.jsonl`` (80 articles in the style of real regional
  news, half of them the everyday stream),
- ``shapeset``: 1,111 articles written fresh on the shapes of real regional pages by sessions that never
  saw rbmon's code (``benchmarks/shapeset/``; in git, so every checkout scores it),
- ``realset_tune`` / ``realset_holdout``: real articles labelled for rbmon (``benchmarks/realset/``;
  the texts live in a git-ignored cache, see its README). Rules are tuned on the tune half only;
  the holdout half is reported as figures, gets no floor, and ``--misses`` never lists its errors,
- ``pages``: extraction on the 30 real pages of ``../shared/eval/pages/``.

Each set that is not present is skipped. Floors live in ``benchmarks/quality_baseline.json``;
lowering one takes an edit by hand, which is the point: a regression has to be argued for.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
BASELINE = Path(__file__).with_name("quality_baseline.json")
REALSET = Path(__file__).with_name("realset")
SHAPESET = Path(__file__).with_name("shapeset") / "articles.jsonl"

FIELDS = ("provinces", "regencies", "official_names", "officials_with_position", "themes")


def _scorer(name: str) -> ModuleType | None:
    path = SHARED / name
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def gold_sets(tmp: Path) -> dict[str, Path]:
    """Every labelled set available here, as gold JSONL files in the ``rbmon annotate`` format."""
    from pipeline.fixture_site import gold_records

    sets = {"fixture": _write(tmp / "fixture.jsonl", gold_records(with_boilerplate=True))}
    if SHAPESET.exists():
        sets["shapeset"] = SHAPESET
    for name, file in (("dev", "dev.jsonl"), ("realistic", "dev_realistic.jsonl")):
        if (SHARED / file).exists():
            sets[name] = SHARED / file
    sys.path.insert(0, str(REALSET))
    try:
        from build_gold import CacheMissing, build  # type: ignore[import-not-found]
    except ImportError:
        return sets
    for split in ("tune", "holdout"):
        try:
            records = build(split=split, meta=True)
        except CacheMissing:
            # labels without their texts cannot be scored; say so rather than print a shorter table
            print(f"realset skipped: no text cache ({REALSET / 'README.md'} says why)", file=sys.stderr)
            break
        sets[f"realset_{split}"] = _write(tmp / f"realset_{split}.jsonl", records)
    return sets


def _relevance(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for gid, g in gold.items():
        a, b = bool(g.get("rb_relevant")), bool(pred.get(gid, {}).get("rb_relevant"))
        tp, fp, fn, tn = tp + (a and b), fp + (b and not a), fn + (a and not b), tn + (not a and not b)
    return {
        "rb_relevant_precision": tp / (tp + fp) if tp + fp else 1.0,
        "rb_relevant_recall": tp / (tp + fn) if tp + fn else 1.0,
        "rb_relevant_accuracy": (tp + tn) / max(len(gold), 1),
    }


def annotation_scores(score: ModuleType, gold_path: Path, pred_path: Path, label: str) -> dict[str, float]:
    gold, pred = score.load(gold_path), score.load(pred_path)
    res = score.score(gold, pred)
    out = {f"{label}.{k}": round(v, 4) for k, v in _relevance(gold, pred).items()}
    # the real-text set's streams: the everyday stream (what a nightly crawl of pemda portals meets)
    # and the hard negatives are judged on their own, as the targets are
    for stream in sorted({g["stream"] for g in gold.values() if "stream" in g}):
        part = {i: g for i, g in gold.items() if g.get("stream") == stream}
        rel = _relevance(part, pred)
        keys = ("rb_relevant_accuracy",) if stream != "everyday" else tuple(rel)
        out.update({f"{label}.{stream}.{k}": round(rel[k], 4) for k in keys})
    for field in FIELDS:
        for measure in ("precision", "recall", "f1"):  # precision and recall fail differently: keep both
            out[f"{label}.{field}_{measure}"] = res[field][measure]
    return out


# ------------------------------------------------------------------------------------ error analysis

_HEAD_ABBREV = re.compile(
    r"^(?:Pj\.?|Plt\.?|Plh\.?)?\s*(?:Sekda\w*|Sekkab|Sekkot|Sekprov|Kadis|Kaban|Kabag|Kasi|Kasubag|Kabid|Wabup|"
    r"Wako|Wawali|Wawalkot|Walkot|Kajari|Kajati|Kapolres|Dandim|Kalapas|Karutan|JPU)\b"
)
_NATIONAL = re.compile(
    r"Kementerian|Kemen|Menteri|Deputi|Asisten Deputi|KPK|Ombudsman|BPKP|BKN|KASN|LAN|Ditjen|Dirjen"
)


def _official_kind(name: str, position: str, text: str) -> str:
    """Why an official may have been missed: the first shape that fits (a heuristic for triage)."""
    first = name.split()[0]
    at = text.find(first)
    before = text[max(0, at - 12) : at] if at >= 0 else ""
    if re.search(r"\b(?:H|Hj|Hi|Dr|Ir|Drs|Prof)\.$", before):
        return "title glued to the name"
    if at >= 0 and "\n" in text[at : at + len(name) + 2]:
        return "name across a line wrap"
    if _NATIONAL.search(position):
        return "national or vertical body"
    if _HEAD_ABBREV.match(position):
        return "abbreviated post"
    if at >= 0 and re.match(
        r"[^.\n]{0,60},\s*(?:Kepala|Sekretaris|Asisten|Inspektur|Direktur|Bupati|Wali)", text[at:]
    ):
        return "name before the post"
    sentence = re.split(r"(?<=[.!?])\s", text[max(0, at - 200) : at + 200])
    if any(s.count(",") >= 3 and first in s for s in sentence):
        return "several officials in one sentence"
    return "other"


def misses_report(gold_path: Path, pred_path: Path, label: str, score: ModuleType) -> list[str]:
    """Where a set fails: rb_level confusion, relevance errors, and misses grouped by kind."""
    gold, pred = score.load(gold_path), score.load(pred_path)
    lines = [f"== {label}: where it fails"]
    levels = ("core", "related", "none")
    if any("rb_level" in g for g in gold.values()):
        conf: Counter[tuple[str, str]] = Counter(
            (g.get("rb_level", "?"), pred.get(i, {}).get("rb_level", "?")) for i, g in gold.items()
        )
        lines.append("rb_level confusion (rows gold, columns predicted):")
        lines.append("            " + "".join(f"{lv:>9s}" for lv in levels))
        for g_lv in levels:
            lines.append(f"  {g_lv:10s}" + "".join(f"{conf[(g_lv, p)]:9d}" for p in levels))
    res = score.score(gold, pred)
    for gid, g in gold.items():
        p = pred.get(gid, {})
        if bool(g.get("rb_relevant")) != bool(p.get("rb_relevant")):
            kind = "false core" if p.get("rb_relevant") else "missed core"
            lines.append(f"  {kind}: {gid} score={p.get('rb_score')} {str(g.get('title', ''))[:80]}")
    kinds: dict[str, list[str]] = defaultdict(list)
    for row in res["misses"]["officials"]:
        g = gold[row["id"]]
        pos = {score.norm_name(o["name"]): o for o in g.get("officials", [])}
        for n in row["missing"]:
            o = pos.get(n, {"name": n, "position": ""})
            kinds[f"missed: {_official_kind(o['name'], o.get('position', ''), g.get('text', ''))}"].append(
                f"{row['id']} {o['name']} [{o.get('position', '')}]"
            )
        for n in row["extra"]:
            partial = any(set(n.split()) & set(m.split()) for m in pos)
            kinds[
                "extra: part or longer form of a real name" if partial else "extra: not an official"
            ].append(f"{row['id']} {n}")
        for n, got in row["wrong_position"].items():
            kinds["wrong position"].append(f"{row['id']} {n}: {got!r} (gold {pos[n].get('position')!r})")
    lines.append("officials by kind:")
    for kind, items in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"  {len(items):3d}  {kind}")
        lines += [f"         {x}" for x in items[:6]]
    for field in ("regencies", "provinces", "themes"):
        missing: Counter[str] = Counter()
        extra: Counter[str] = Counter()
        for row in res["misses"][field]:
            missing.update(row["missing"])
            extra.update(row["extra"])
        if missing or extra:
            lines.append(f"{field}: missed {sum(missing.values())} {dict(missing.most_common(6))}")
            lines.append(f"{' ' * len(field)}  extra  {sum(extra.values())} {dict(extra.most_common(6))}")
    return lines


def measure(*, misses: bool = False) -> tuple[dict[str, float], list[str]]:
    from pipeline.extract.article import extract_dir
    from pipeline.process.annotate import annotate_file

    scores: dict[str, float] = {}
    report: list[str] = []
    score = _scorer("score.py")
    if score is None:
        print(f"no shared scorer at {SHARED / 'score.py'}: annotation sets not scored", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if score is not None:
            for label, gold_path in gold_sets(tmp).items():
                pred_path = tmp / f"{label}.pred.jsonl"
                annotate_file(gold_path, pred_path)
                scores.update(annotation_scores(score, gold_path, pred_path, label))
                if misses and not label.endswith("holdout"):
                    report += misses_report(gold_path, pred_path, label, score)
        extraction = _scorer("score_extraction.py")
        pages = SHARED / "pages"
        if extraction is not None and (pages / "gold.jsonl").exists():
            out = tmp / "pages.jsonl"
            extract_dir(pages, out)
            gold = _load(pages / "gold.jsonl")
            pred = {rec["file"]: rec for rec in _load(out)}
            res = extraction.score(gold, pred)
            for key in ("title", "date", "body_start", "body_end", "boilerplate_free", "all_checks_pass"):
                scores[f"pages.{key}"] = res[key]
    return scores, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="raise floors to the current scores")
    parser.add_argument("--misses", action="store_true", help="print the error analysis of each set")
    args = parser.parse_args(argv)
    scores, report = measure(misses=args.misses)
    floors: dict[str, float] = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    failed = []
    for key in sorted(scores):
        floor = floors.get(key)
        mark = ""
        if floor is not None and scores[key] < floor - 1e-9:
            failed.append(key)
            mark = f"  BELOW FLOOR {floor}"
        print(f"{key:50s} {scores[key]:.4f}{mark}")
    for line in report:
        print(line)
    if args.update:
        # the holdout is a measurement, never a target: it gets no floor to keep above
        for key, value in scores.items():
            if not key.startswith("realset_holdout."):
                floors[key] = max(value, floors.get(key, 0.0))
        BASELINE.write_text(json.dumps(dict(sorted(floors.items())), indent=2) + "\n")
        print(f"floors written to {BASELINE}")
    if failed:
        print(f"{len(failed)} score(s) below their floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
