#!/usr/bin/env python3
"""Build a gold file for rbmon from the real-text dev set (labels in git, texts in a local cache).

    python benchmarks/realset/build_gold.py OUT.jsonl [--split tune|holdout|all]
                                            [--stream everyday|rb|hard_negative ...]
                                            [--cache PATH] [--meta]

Joins benchmarks/realset/labels.jsonl with the excerpt texts in the cache and writes one JSON object
per line in the format of /work/shared/eval/dev_realistic.jsonl:
    id, source_file (null), title, text, outlet, rb_relevant, rb_level, provinces, regencies,
    officials, themes, boilerplate_lines, notes
--meta also writes url, stream and split (score.py ignores extra fields).

The texts are third-party excerpts and are NOT in git. The cache is --cache if given, else the first
of $RBMON_REALSET_CACHE and benchmarks/realset/cache/texts.jsonl that exists. When none exists the
texts have to be re-read through the team's search tool ('pages' corpus): search each item's
`query` (stored in labels.jsonl), take the result whose url equals the item's `url`, and store its
excerpt as {"id", "url", "title", "text"} lines (see README.md, "Rebuilding the cache").

Standard library only. Exit status 2 on bad arguments or a missing cache, 1 when labelled items
have no cached text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = os.path.join(HERE, "labels.jsonl")
# RBMON_REALSET_CACHE names a cache elsewhere (one copy for several checkouts on a machine)
CACHE_CANDIDATES = [os.environ.get("RBMON_REALSET_CACHE", ""), os.path.join(HERE, "cache", "texts.jsonl")]
STREAMS = ("everyday", "rb", "hard_negative")
MISSING_CACHE_HELP = (
    "The article texts are not committed (third-party content). Re-read them through the\n"
    "search tool ('pages' corpus): for each line of labels.jsonl search its `query`, keep the\n"
    'result whose url equals `url`, and write {"id", "url", "title", "text"} per line to\n'
    "benchmarks/realset/cache/texts.jsonl (see benchmarks/realset/README.md)."
)


class CacheMissing(Exception):
    """No text cache here: the labels alone cannot be scored."""


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def find_cache(explicit):
    for path in [explicit] if explicit else CACHE_CANDIDATES:
        if path and os.path.isfile(path):
            return path
    return None


def build(
    *,
    split: str = "all",
    streams: Iterable[str] = STREAMS,
    cache: str | None = None,
    labels: str = LABELS,
    meta: bool = False,
) -> list[dict]:
    """Gold rows of the chosen split and streams (raises CacheMissing, or ValueError for missing texts)."""
    path = find_cache(cache)
    if path is None:
        raise CacheMissing("no text cache found (tried: " + ", ".join(p for p in CACHE_CANDIDATES if p) + ")")
    texts = {r["id"]: r for r in read_jsonl(path)}
    wanted = set(streams)
    out_rows, missing = [], []
    for rec in read_jsonl(labels):
        if split != "all" and rec["split"] != split:
            continue
        if rec["stream"] not in wanted:
            continue
        t = texts.get(rec["id"])
        if t is None or t.get("url") != rec["url"]:
            missing.append(rec["id"])
            continue
        row = {
            "id": rec["id"],
            "source_file": None,
            "title": rec["title"],
            "text": t["text"],
            "outlet": rec["outlet"],
            "rb_relevant": rec["rb_relevant"],
            "rb_level": rec["rb_level"],
            "provinces": rec["provinces"],
            "regencies": rec["regencies"],
            "officials": rec["officials"],
            "themes": rec["themes"],
            "boilerplate_lines": rec["boilerplate_lines"],
            "notes": rec["notes"],
        }
        if meta:
            row.update(url=rec["url"], stream=rec["stream"], split=rec["split"])
        out_rows.append(row)
    if missing:
        raise ValueError(
            f"{len(missing)} labelled item(s) have no matching text in {path}: "
            + ", ".join(missing[:20])
            + (" ..." if len(missing) > 20 else "")
        )
    return out_rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output path (.jsonl); '-' writes to stdout")
    ap.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    ap.add_argument(
        "--stream",
        nargs="+",
        choices=STREAMS,
        default=list(STREAMS),
        help="one or more streams to keep (default: all)",
    )
    ap.add_argument("--labels", default=LABELS)
    ap.add_argument("--cache", help="texts.jsonl to use instead of the default locations")
    ap.add_argument("--meta", action="store_true", help="also write url, stream and split")
    args = ap.parse_args(argv)
    try:
        out_rows = build(
            split=args.split, streams=args.stream, cache=args.cache, labels=args.labels, meta=args.meta
        )
    except CacheMissing as exc:
        print(f"error: {exc}.\n{MISSING_CACHE_HELP}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out_rows)
    if args.out == "-":
        sys.stdout.write(data)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(data)
        print(f"wrote {len(out_rows)} items to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
