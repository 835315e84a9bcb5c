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
of benchmarks/realset/cache/texts.jsonl and /work/realset-cache/texts.jsonl that exists. When none exists the
texts have to be re-read through the team's search tool ('pages' corpus): search each item's
`query` (stored in labels.jsonl), take the result whose url equals the item's `url`, and store its
excerpt as {"id", "url", "title", "text"} lines (see README.md, "Rebuilding the cache").

Standard library only. Exit status 2 on bad arguments or a missing cache, 1 when labelled items
have no cached text.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = os.path.join(HERE, "labels.jsonl")
CACHE_CANDIDATES = [os.path.join(HERE, "cache", "texts.jsonl"), "/work/realset-cache/texts.jsonl"]
STREAMS = ("everyday", "rb", "hard_negative")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def find_cache(explicit):
    for path in [explicit] if explicit else CACHE_CANDIDATES:
        if path and os.path.isfile(path):
            return path
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output path (.jsonl); '-' writes to stdout")
    ap.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    ap.add_argument("--stream", nargs="+", choices=STREAMS, default=list(STREAMS),
                    help="one or more streams to keep (default: all)")
    ap.add_argument("--labels", default=LABELS)
    ap.add_argument("--cache", help="texts.jsonl to use instead of the default locations")
    ap.add_argument("--meta", action="store_true", help="also write url, stream and split")
    args = ap.parse_args(argv)

    cache = find_cache(args.cache)
    if cache is None:
        tried = [args.cache] if args.cache else CACHE_CANDIDATES
        print("error: no text cache found (tried: " + ", ".join(tried) + ").\n"
              "The article texts are not committed (third-party content). Re-read them through the\n"
              "search tool ('pages' corpus): for each line of labels.jsonl search its `query`, keep the\n"
              "result whose url equals `url`, and write {\"id\", \"url\", \"title\", \"text\"} per line to\n"
              "benchmarks/realset/cache/texts.jsonl (see benchmarks/realset/README.md).", file=sys.stderr)
        return 2

    texts = {r["id"]: r for r in read_jsonl(cache)}
    labels = read_jsonl(args.labels)
    out_rows, missing = [], []
    for rec in labels:
        if args.split != "all" and rec["split"] != args.split:
            continue
        if rec["stream"] not in args.stream:
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
        if args.meta:
            row.update(url=rec["url"], stream=rec["stream"], split=rec["split"])
        out_rows.append(row)

    if missing:
        print(f"error: {len(missing)} labelled item(s) have no matching text in {cache}: "
              + ", ".join(missing[:20]) + (" ..." if len(missing) > 20 else ""), file=sys.stderr)
        return 1

    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out_rows)
    if args.out == "-":
        sys.stdout.write(data)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(data)
        print(f"wrote {len(out_rows)} items to {args.out} (cache: {cache})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
