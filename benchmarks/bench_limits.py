"""The worst case each cap of ``[limits]`` lets through, and what it costs: CPU time and peak memory.

Each case runs in a fresh subprocess (``python benchmarks/bench_limits.py CASE`` runs one), so its
peak RSS is its own; the parent prints, side by side, the case just under a cap (accepted: the most
work one input may cause) and the same input just over it (refused). A quadratic cost that the caps
do not bound shows as a large ratio between the "at cap" rows and their inputs' sizes.

    python benchmarks/bench_limits.py            # every case (a few minutes)
    python benchmarks/bench_limits.py --quick    # smaller inputs and no NLP, for CI (tests/test_benchmarks.py)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "<p>KENDARI – Wali Kota Kendari membuka rapat evaluasi reformasi birokrasi {i} di Balai Kota, "
    "Selasa (1/7/2025). Kepala BKPSDM menegaskan penerapan sistem merit dalam seleksi terbuka.</p>\n"
)


def _page(body: str) -> bytes:
    return f"<html><head><title>Rapat RB</title></head><body><article>{body}</article></body></html>".encode()


def _attributes(n: int) -> bytes:
    return _page(f"<div {' '.join(f'a{i}=x' for i in range(n))}>{PARAGRAPH.format(i=0) * 3}</div>")


def _run_case(case: str, scale: float) -> dict[str, object]:
    """One case in this process; returns what it produced."""
    from pipeline.core.config import LimitsConfig

    limits = LimitsConfig()
    if case.startswith("extract"):
        from pipeline.extract.article import extract_checked

        extract_checked(_page(PARAGRAPH.format(i=0) * 3))  # imports and rules, before the clock
        pages = {
            "extract-attributes-at-cap": lambda: _attributes(
                int((limits.max_attributes_per_page - 100) * scale)
            ),
            "extract-attributes-over-cap": lambda: _attributes(int(limits.max_attributes_per_page * 1.5)),
            "extract-bytes-at-cap": lambda: _page(
                "".join(PARAGRAPH.format(i=i) for i in range(int(limits.max_page_bytes * scale) // 220))
            ),
            "extract-bytes-over-cap": lambda: _page(
                PARAGRAPH.format(i=0) * 3 + " " * (limits.max_page_bytes + 1)
            ),
        }
        page = pages[case]()
        start = time.process_time()
        _, reason = extract_checked(page, limits=limits)
        return {"input_bytes": len(page), "reason": reason, "cpu_s": time.process_time() - start}
    if case.startswith("annotate"):
        from pipeline.process.annotate import annotate_file

        with tempfile.TemporaryDirectory() as tmp:
            src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
            words = "Pemerintah Kota Kendari menerapkan SPBE dan sistem merit di seluruh perangkat daerah. "
            if case == "annotate-text-at-cap":
                text = (words * (int(limits.max_text_chars * scale) // len(words) + 1))[
                    : int(limits.max_text_chars * scale) - 10
                ]
                src.write_text(json.dumps({"id": "big", "text": text}) + "\n", encoding="utf-8")
            elif case == "annotate-line-50MB":
                with src.open("w", encoding="utf-8") as fh:
                    fh.write('{"id": "huge", "text": "' + "a" * int(50_000_000 * scale) + '"}\n')
            else:  # annotate-bad-lines-1M
                src.write_bytes(b"x\n" * int(1_000_000 * scale))
            start = time.process_time()
            report = annotate_file(src, out, limits=limits)
            return {"input_bytes": src.stat().st_size, "written": report.written, "bad": report.bad_count,
                    "kept": len(report.bad_lines), "cpu_s": time.process_time() - start}  # fmt: skip
    raise SystemExit(f"unknown case {case}")


CASES = [
    "extract-attributes-at-cap",
    "extract-attributes-over-cap",
    "extract-bytes-at-cap",
    "extract-bytes-over-cap",
    "annotate-text-at-cap",
    "annotate-line-50MB",
    "annotate-bad-lines-1M",
]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in CASES:
        scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
        result = _run_case(sys.argv[1], scale)
        result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    scale = 0.05 if "--quick" in sys.argv else 1.0
    print(f"{'case':30} {'input':>12} {'outcome':>16} {'CPU s':>8} {'wall s':>8} {'max RSS MB':>11}")
    for case in CASES:
        if scale < 1 and case == "annotate-text-at-cap":
            continue  # loads the NLP resources: a minute of CI for nothing the full run does not show
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, case, str(scale)], capture_output=True, text=True, timeout=1800
        )
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{case} failed:\n{proc.stderr[-2000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        outcome = str(
            r.get("reason") or (f"{r['written']} ok, {r['bad']} bad" if "bad" in r else "extracted")
        )
        print(
            f"{case:30} {r['input_bytes']:>12,} {outcome:>16} {r['cpu_s']:>8.2f} {wall:>8.2f} {r['max_rss_mb']:>11.0f}"
        )


if __name__ == "__main__":
    main()
