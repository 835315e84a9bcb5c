"""Every benchmark script runs (at a small size) and prints the figures it promises.

Timing goals live in the scripts, measured side by side; these tests only keep the scripts from
rotting, so the README's numbers can be reproduced from a clean clone. No timing is asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _bench(script: str, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        ("bench_extract.py", ["--repeat", "1"], "ratio"),
        ("bench_regions.py", ["--rounds", "1"], "ms cpu per article"),
        ("bench_nlp.py", ["--rounds", "1"], "nlp/extract"),
        ("bench_process.py", ["--repeat", "1", "--copies", "1", "--skip-memory"], "ratio"),
        ("bench_scale.py", ["--records", "300", "--workers", "1"], "peak rss"),
        ("bench_query.py", ["--articles", "2000", "--rounds", "1"], "digest"),
        ("bench_crawl.py", ["--repeat", "1", "--slow-seconds", "0.2"], "ratio"),
        ("bench_reannotate.py", ["--repeat", "1", "--copies", "1", "--pages", "20"], "ratio reannotate"),
        ("bench_limits.py", ["--quick"], "max rss mb"),
    ],
)
def test_benchmark_runs_and_reports(script: str, args: list[str], expected: str, tmp_path: Path) -> None:
    if script == "bench_extract.py":  # its default pages (../shared/eval/pages) are not in every checkout
        args = [str(_fixture_pages(tmp_path)), *args]
    assert expected in _bench(script, *args).lower()


def _fixture_pages(folder: Path) -> Path:
    """The fixture site's article pages (page 1 of each) as saved HTML files."""
    from pipeline.fixture_site.pages import article_pages

    for i, pages in enumerate(article_pages()):
        (folder / f"page-{i:03d}.html").write_bytes(pages[0].body)
    return folder
