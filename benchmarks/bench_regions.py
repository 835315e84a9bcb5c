"""Time region resolution per 600-word article (one core) and the gazetteer's build time.

CPU time of this process is the figure (the machine may be shared); wall time is printed beside it.

    python benchmarks/bench_regions.py [--rounds N]

Articles are the fixture site's bodies, each repeated or cut to exactly 600 words, so the figure is for
realistic Indonesian news prose of the target length. The gazetteer and the matchers are built once,
outside the timing, as in the pipeline.
"""

from __future__ import annotations

import argparse
import statistics
import time
from importlib import resources


def _articles() -> list[tuple[str, str]]:
    out = []
    folder = resources.files("rbmon_data") / "fixture_site" / "articles"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".md"):
            continue
        _, front, body = entry.read_text(encoding="utf-8").split("---", 2)
        title = next(
            (ln.split(":", 1)[1].strip().strip('"') for ln in front.splitlines() if ln.startswith("title:")),
            "",
        )
        paras = [p for p in body.strip().split("\n\n") if p.strip()]
        words: list[str] = []
        text_paras: list[str] = []
        while len(words) < 600 and paras:
            for p in paras:
                text_paras.append(p)
                words += p.split()
                if len(words) >= 600:
                    break
        text = " ".join(" ".join(text_paras).split()[:600])
        # keep paragraph breaks of the first paragraphs so the dateline stays on line one
        first = paras[0]
        text = first + "\n\n" + text[len(" ".join(first.split())) :].strip()
        out.append((title, text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    from nlp.gazetteer import load_gazetteer
    from nlp.regions import resolve_regions
    from nlp.text import blank_nlp

    t0 = time.perf_counter()
    blank_nlp()
    t1 = time.perf_counter()
    gaz = load_gazetteer()
    t2 = time.perf_counter()
    resolve_regions("Kendari – Pemkot Kendari.", gazetteer=gaz)  # builds the phrase matchers once
    t3 = time.perf_counter()
    print(f"spaCy blank 'id' pipeline loaded in {(t1 - t0) * 1000:.0f} ms (shared by all of nlp/)")
    print(f"gazetteer built in {(t2 - t1) * 1000:.0f} ms; phrase matchers in {(t3 - t2) * 1000:.0f} ms")

    arts = _articles()
    if not arts:
        print("no fixture articles found")
        return
    per_round, cpu_round = [], []
    for _ in range(args.rounds):
        t, c = time.perf_counter(), time.process_time()
        for title, text in arts:
            resolve_regions(text, title=title, gazetteer=gaz)
        per_round.append((time.perf_counter() - t) * 1000 / len(arts))
        cpu_round.append((time.process_time() - c) * 1000 / len(arts))
    words = statistics.mean(len(text.split()) for _, text in arts)
    print(
        f"resolve_regions: {statistics.median(cpu_round):.2f} ms CPU per article "
        f"(wall {statistics.median(per_round):.2f} ms, best {min(per_round):.2f} ms; median of {args.rounds} rounds "
        f"over {len(arts)} articles of {words:.0f} words; target <= 2 ms)"
    )


if __name__ == "__main__":
    main()
