#!/usr/bin/env python3
"""Check benchmarks/realset/labels.jsonl against its text cache and the Kemendagri gazetteer.

    .venv/bin/python benchmarks/realset/validate.py [--cache PATH]

Checks: fields and value sets; unique ids and urls; rb_relevant == (rb_level == "core"); themes only
on core items, at least one on core items, only known keys; a non-empty title occurs in the text; every official's name occurs in the text (whitespace-insensitive); every
boilerplate line is a stripped line of the text; provinces are among score.py's 38; every regency is
a Kemendagri regency (nlp.gazetteer, compared the way score.py compares them) and lies in a labelled
province. Exit status 1 when any check fails.
"""

import argparse
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCORE_DIR = "/work/shared/eval"
sys.path.insert(0, SCORE_DIR)
sys.path.insert(0, ROOT)
from score import PROVINCES, THEMES, norm, norm_regency  # noqa: E402

FIELDS = [
    "id",
    "url",
    "query",
    "stream",
    "split",
    "outlet",
    "title",
    "rb_level",
    "rb_relevant",
    "provinces",
    "regencies",
    "officials",
    "themes",
    "boilerplate_lines",
    "notes",
]


def squash(s):
    return " ".join(s.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.jsonl"))
    ap.add_argument("--cache", default=os.path.join(HERE, "cache", "texts.jsonl"))
    args = ap.parse_args()
    from nlp.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    prov_name = {code: p.name for code, p in gaz.provinces.items()}
    regency_prov = {norm_regency(r.name): prov_name[r.province_code] for r in gaz.regencies.values()}
    # Jakarta's kota administrasi: the gazetteer names them "Kota Administrasi X"; accept "Kota X" too
    for r in gaz.regencies.values():
        if r.name.startswith("Kota Administrasi "):
            regency_prov[norm_regency("Kota " + r.name[len("Kota Administrasi ") :])] = prov_name[
                r.province_code
            ]

    with open(args.labels, encoding="utf-8") as fh:
        labels = [json.loads(line) for line in fh if line.strip()]
    texts = {}
    with open(args.cache, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                texts[r["id"]] = r
    errors = []

    def err(i, msg):
        errors.append(f"{i}: {msg}")

    seen_ids, seen_urls = set(), set()
    known_prov = set(PROVINCES)
    for rec in labels:
        i = rec.get("id")
        for f in FIELDS:
            if f not in rec:
                err(i, f"missing field {f}")
        if i in seen_ids:
            err(i, "duplicate id")
        seen_ids.add(i)
        if rec["url"] in seen_urls:
            err(i, "duplicate url")
        seen_urls.add(rec["url"])
        if rec["stream"] not in ("everyday", "rb", "hard_negative"):
            err(i, f"bad stream {rec['stream']}")
        if rec["split"] not in ("tune", "holdout"):
            err(i, f"bad split {rec['split']}")
        if rec["rb_level"] not in ("core", "related", "none"):
            err(i, f"bad rb_level {rec['rb_level']}")
        if rec["rb_relevant"] != (rec["rb_level"] == "core"):
            err(i, "rb_relevant disagrees with rb_level")
        if rec["themes"] and not rec["rb_relevant"]:
            err(i, "themes on a non-core item")
        if rec["rb_relevant"] and not rec["themes"]:
            err(i, "core item without a theme")
        for t in rec["themes"]:
            if t not in THEMES:
                err(i, f"unknown theme {t}")
        if len(set(rec["themes"])) != len(rec["themes"]):
            err(i, "duplicate theme")
        if not rec["notes"].strip():
            err(i, "empty notes")
        t = texts.get(i)
        if t is None:
            err(i, "no cached text")
            continue
        if t["url"] != rec["url"]:
            err(i, "cache url differs")
        text = t["text"]
        flat = squash(text)
        if rec["title"] and squash(rec["title"]) not in flat:
            err(i, "title does not occur in the text")
        for o in rec["officials"]:
            if not o.get("name") or not o.get("position"):
                err(i, f"official without name or position: {o}")
                continue
            if squash(o["name"]).lower() not in flat.lower():
                err(i, f"official name not in text: {o['name']!r}")
            if re.match(r"(H|Hj|Dr|Drs|Ir|Prof|drg|dr)\.? ", o["name"]) or "," in o["name"]:
                err(i, f"title or degree left in name: {o['name']!r}")
        names = [norm(o["name"]) for o in rec["officials"]]
        if len(names) != len(set(names)):
            err(i, "duplicate official")
        lines = {ln.strip() for ln in text.split("\n")}
        for b in rec["boilerplate_lines"]:
            if b != b.strip() or b not in lines:
                err(i, f"boilerplate line not a stripped line of the text: {b!r}")
        if len(set(rec["boilerplate_lines"])) != len(rec["boilerplate_lines"]):
            err(i, "duplicate boilerplate line")
        for p in rec["provinces"]:
            if p not in known_prov:
                err(i, f"unknown province {p!r}")
        for rg in rec["regencies"]:
            if not (rg.startswith("Kabupaten ") or rg.startswith("Kota ")):
                err(i, f"regency without Kabupaten/Kota: {rg!r}")
            pv = regency_prov.get(norm_regency(rg))
            if pv is None:
                err(i, f"regency not in gazetteer: {rg!r}")
            elif pv not in rec["provinces"]:
                err(i, f"regency {rg!r} lies in {pv}, not in labelled provinces")
        if not rec["provinces"] and rec["regencies"]:
            err(i, "regencies without provinces")
    for i in set(texts) - seen_ids:
        err(i, "cached text without labels")
    c = Counter((r["stream"], r["rb_level"]) for r in labels)
    print(f"{len(labels)} items; " + ", ".join(f"{k[0]}/{k[1]}={v}" for k, v in sorted(c.items())))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
