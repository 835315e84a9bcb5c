"""The quality gate: every labelled set present scores at or above its floor in
``benchmarks/quality_baseline.json`` (the fixture site's gold always; ``../shared/eval`` and the realset
cache where the checkout has them). A change to nlp/ that loses quality fails here, not in a later
reading of the README's table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.mark.slow
@pytest.mark.skipif(not SCORER.exists(), reason=f"the shared scorer {SCORER} is not in this checkout")
def test_no_score_falls_below_its_floor() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "eval_quality.py")],
        capture_output=True, text=True, timeout=1500, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    scored = [line for line in proc.stdout.splitlines() if line.startswith("fixture.")]
    assert any(line.startswith("fixture.rb_relevant_accuracy") for line in scored)
