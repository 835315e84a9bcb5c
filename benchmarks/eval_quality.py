"""Quality gate: annotation and extraction scores on the eval sets, against pinned floors.

    python benchmarks/eval_quality.py            # measure, print, exit 1 if a score fell below its floor
    python benchmarks/eval_quality.py --update   # raise floors to the current scores (never lowers one)

Scores come from the shared scorers (``../shared/eval/score.py`` and
``score_extraction.py``) run on rbmon's own output for:

- the fixture site's gold labels (always available: shipped with rbmon),
- ``../shared/eval/dev.jsonl`` (real articles) when the shared folder is present,
- ``../shared/eval/pages/`` (30 real pages) for extraction, when present.

Floors live in ``benchmarks/quality_baseline.json``. Lowering one takes an edit by hand,
which is the point: a regression has to be argued for in review.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
BASELINE = Path(__file__).with_name("quality_baseline.json")


def _scorer(name: str) -> ModuleType | None:
    path = SHARED / name
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _annotation_scores(score: ModuleType, gold_path: Path, tmp: Path, label: str) -> dict[str, float]:
    from pipeline.process.annotate import annotate_file

    pred_path = tmp / f"{label}.pred.jsonl"
    annotate_file(gold_path, pred_path)
    res = score.score(score.load(gold_path), score.load(pred_path))
    out = {f"{label}.rb_relevant_accuracy": res["rb_relevant"]["accuracy"]}
    for field in ("provinces", "regencies", "official_names", "officials_with_position", "themes"):
        for measure in ("precision", "recall", "f1"):  # precision and recall fail differently: keep both
            out[f"{label}.{field}_{measure}"] = res[field][measure]
    return out


def measure() -> dict[str, float]:
    from pipeline.extract.article import extract_dir
    from pipeline.fixture_site import gold_records

    scores: dict[str, float] = {}
    score = _scorer("score.py")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if score is not None:
            fixture = tmp / "fixture.jsonl"
            with fixture.open("w", encoding="utf-8") as fh:
                for rec in gold_records(with_boilerplate=True):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            scores.update(_annotation_scores(score, fixture, tmp, "fixture"))
            if (SHARED / "dev.jsonl").exists():
                scores.update(_annotation_scores(score, SHARED / "dev.jsonl", tmp, "dev"))
        extraction = _scorer("score_extraction.py")
        pages = SHARED / "pages"
        if extraction is not None and (pages / "gold.jsonl").exists():
            out = tmp / "pages.jsonl"
            extract_dir(pages, out)
            gold = [
                json.loads(line) for line in (pages / "gold.jsonl").open(encoding="utf-8") if line.strip()
            ]
            pred = {
                json.loads(line)["file"]: json.loads(line)
                for line in out.open(encoding="utf-8")
                if line.strip()
            }
            res = extraction.score(gold, pred)
            for key in ("title", "date", "body_start", "body_end", "boilerplate_free", "all_checks_pass"):
                scores[f"pages.{key}"] = res[key]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="raise floors to the current scores")
    args = parser.parse_args(argv)
    scores = measure()
    floors: dict[str, float] = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    failed = []
    for key in sorted(scores):
        floor = floors.get(key)
        mark = ""
        if floor is not None and scores[key] < floor - 1e-9:
            failed.append(key)
            mark = f"  BELOW FLOOR {floor}"
        print(f"{key:45s} {scores[key]:.4f}{mark}")
    if args.update:
        for key, value in scores.items():
            floors[key] = max(value, floors.get(key, 0.0))
        BASELINE.write_text(json.dumps(dict(sorted(floors.items())), indent=2) + "\n")
        print(f"floors written to {BASELINE}")
    if failed:
        print(f"{len(failed)} score(s) below their floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
