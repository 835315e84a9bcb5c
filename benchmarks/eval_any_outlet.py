"""Any-outlet backfill on real pages: a CC-NEWS-style WARC of the 30 real pages of ../shared/eval/pages.

    python benchmarks/eval_any_outlet.py [PAGES_DIR] [--json]

Each page is one WARC response record under its real URL (``gold.jsonl``'s ``url``), as a CC-NEWS
month holds them: mediaindonesia.com, kompas.com, detik.com, antaranews.com and others, most of them
hosts that are not in ``data/sources.yaml``. The pages are read at run time, never copied into the
repository. Into one fresh database, in order:

1. ``rbmon process FILE`` (registry only; the real command, in a subprocess, with the default config): what a backfill kept before ``--any-outlet``;
2. ``rbmon process --any-outlet FILE``: every Indonesian news article should be stored, none dropped
   as ``not_a_source``;
3. the same again: nothing is stored twice (no new article, the same number of rows and stories).

Prints what each run stored and skipped (by reason), the pages not stored with the gold's page type,
and the discovered outlets. ``--json`` adds one line of JSON with the figures (``tests/test_any_outlet.py``
reads it). Exit status 1 when run 2 drops a record as ``not_a_source`` or run 3 stores anything.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EVAL_PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"


def write_warc(path: Path, pages: Path, gold: list[dict[str, Any]]) -> None:
    """One gzipped response record per page, under the page's own URL."""
    t0 = datetime(2025, 7, 1, tzinfo=UTC)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        for n, g in enumerate(gold):
            body = (pages / g["file"]).read_bytes()
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            date = (t0 + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            rec = writer.create_warc_record(
                g["url"],
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(rec)


def measure(pages: Path, work: Path) -> dict[str, Any]:
    gold = [
        json.loads(line) for line in (pages / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    warc = work / "CC-NEWS-20250701000000-00001.warc.gz"
    write_warc(warc, pages, gold)
    db = work / "data" / "rbmon.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "RBMON_CONFIG"}
    env.update(RBMON_DATA_DIR=str(work / "data"), RBMON_DB=str(db))
    runs = []
    for any_outlet in (False, True, True):
        # the real command, as an operator runs it on a CC-NEWS file (cwd: no rbmon.toml, the defaults)
        args = ["process", str(warc), "--workers", "1", *(["--any-outlet"] if any_outlet else [])]
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "--quiet", *args],
            capture_output=True,
            text=True,
            cwd=work,
            env=env,
            timeout=900,
        )
        if proc.returncode != 0:
            raise SystemExit(f"rbmon {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
        con = duckdb.connect(str(db), read_only=True)
        try:
            (stats,) = con.execute(
                "select stats from crawl_runs where run_id like 'process-%' order by started_at desc limit 1"
            ).fetchone() or (None,)
            rows, stories = con.execute(
                "select count(*), count(distinct story_id) from articles"
            ).fetchone() or (0, 0)
        finally:
            con.close()
        stats = json.loads(stats or "{}")
        runs.append(
            {
                "any_outlet": any_outlet,
                "new": stats.get("articles_new"),
                "updated": stats.get("articles_updated"),
                "skipped": stats.get("skipped", {}),
                "articles": rows,
                "stories": stories,
            }
        )
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = {u for (u,) in con.execute("select url from articles").fetchall()}
        discovered = con.execute(
            "select source_id, province_code from sources where origin = 'discovered' order by 1"
        ).fetchall()
    finally:
        con.close()
    return {
        "records": len(gold),
        "runs": runs,
        "not_stored": [
            {"file": g["file"], "page_type": g.get("page_type")} for g in gold if g["url"] not in stored
        ],
        "discovered": [{"host": h, "province_code": p} for h, p in discovered],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=EVAL_PAGES)
    parser.add_argument("--json", action="store_true", help="also print the figures as one line of JSON")
    args = parser.parse_args()
    if not (args.pages / "gold.jsonl").is_file():
        print(f"no gold.jsonl in {args.pages}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rbmon-any-outlet-") as tmp:
        result = measure(args.pages, Path(tmp))
    names = {False: "registry only", True: "--any-outlet"}
    print(f"{result['records']} real pages, one WARC record each under its own URL")
    for n, run in enumerate(result["runs"], 1):
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(run["skipped"].items())) or "none"
        print(
            f"  run {n} ({names[run['any_outlet']]}): {run['new']} new, {run['updated']} already stored; "
            f"skipped: {skipped}; database: {run['articles']} articles, {run['stories']} stories"
        )
    for page in result["not_stored"]:
        print(f"  not stored: {page['file']} (gold page type: {page['page_type']})")
    placed = sum(1 for d in result["discovered"] if d["province_code"])
    print(f"  discovered outlets: {len(result['discovered'])} ({placed} with a home province)")
    if args.json:
        print(json.dumps(result))
    second, third = result["runs"][1], result["runs"][2]
    ok = "not_a_source" not in second["skipped"] and third["new"] == 0
    ok = ok and (third["articles"], third["stories"]) == (second["articles"], second["stories"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
