"""Time the analyst views and the digest query on a synthetic database of N articles (default 1 000 000).

    python benchmarks/bench_query.py [--articles N] [--rounds R] [--db PATH] [--keep]

The database is generated inside DuckDB with ``range()`` (no Python loop over rows), in proportions
chosen to resemble the demo and the crawl design: 600 sources (560 regional ones spread over the 38
provinces, 40 national), two years of articles (about 9 600 a week at 1M), a fifth of stories
RB-relevant, one article in ten a syndicated copy (stories of three copies), one primary regency per
story plus a province row for 30% and a non-primary mention for half of the articles (1.8 region rows
per article), 1 to 3 themes per RB article, 50 000 officials with 0.8 mentions per article, one fetch
per article plus a daily feed fetch per source (a tenth failing).

It then reopens the file read-only, as an analyst would, and times
- ``province_week_activity``: the whole view (every province and week), fetched;
- ``build_digest``: the weekly digest query for the last week of the data (2025-W27);
- ``rb_stories``, ``theme_week``, ``official_activity`` and ``province_coverage`` for reference.

Each figure is the median of R runs after one cold run (printed too): wall time, and the CPU time of
all DuckDB threads, which is the steadier figure when other work shares the machine (CPU / threads is
about the wall time an idle machine would show). The target is under one second each for the first two.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from nlp.themes import THEME_KEYS
from pipeline import store
from pipeline.digest import build_digest
from pipeline.store.reference import load_reference

N_SOURCES = 600
N_REGIONAL = 560
N_OFFICIALS = 50_000
WEEKS = 104
END = "2025-07-07 00:00:00+07"  # Monday after 2025-W27, Jakarta time
DIGEST_WEEK = "2025-W27"
THEMES = list(THEME_KEYS)


def _generate(con: duckdb.DuckDBPyConnection, n: int) -> None:
    """Fill every table the views read, set-based, in proportions described in the module docstring."""
    span = WEEKS * 7 * 86400
    con.execute(
        """
        create temp table prov as select code, row_number() over (order by code) - 1 as k from provinces;
        create temp table reg as select code, province_code, name, row_number() over (order by code) - 1 as k
            from regencies;
        """
    )
    n_reg = con.execute("select count(*) from reg").fetchall()[0][0]
    con.execute(
        f"""
        insert into sources (source_id, name, base_url, province_code, kind, wordpress, enabled)
        select 'src' || s, 'Outlet ' || s, 'https://outlet' || s || '.example.id/',
               case when s < {N_REGIONAL} then (select code from prov where k = s % 38) end,
               case when s < {N_REGIONAL} then 'regional_media' else 'national_media' end,
               s % 2 = 0, s % 50 <> 0
        from range({N_SOURCES}) t(s)
        """
    )
    # i: article number in time order; g: its story (in half of the 10-article groups the first 3 are copies)
    con.execute(
        f"""
        create temp table gen as
        select i,
               case when i % 10 < 3 and hash(i // 10, 1) % 2 = 0 then i - i % 10 else i end as g,
               hash(i, 2) % {N_SOURCES} as src
        from range({n}) t(i)
        """
    )
    con.execute(
        f"""
        insert into articles (article_id, canonical_url, url, source_id, outlet, title, published_at, language,
                              text, word_count, content_hash, story_id, is_story_original, rb_relevant,
                              rb_score, publisher_province_code, fetched_at, processed_at, processing_version)
        select md5(i::varchar)[1:16], 'https://outlet' || src || '.example.id/berita/' || i,
               'https://outlet' || src || '.example.id/berita/' || i, 'src' || src, 'Outlet ' || src,
               'Berita reformasi birokrasi nomor ' || g,
               timestamptz '{END}' - to_seconds({span}) + to_seconds(({span} * i // {n}) + (i - g) * 600),
               'id', 'Isi berita ' || i, 200 + hash(i, 3) % 600, md5('t' || g),
               md5(g::varchar)[1:16], i = g, hash(g, 4) % 5 = 0,
               case when hash(g, 4) % 5 = 0 then 3 + (hash(g, 5) % 100) / 20.0 else (hash(g, 5) % 100) / 50.0 end,
               p.code,
               timestamptz '{END}' - to_seconds({span}) + to_seconds({span} * i // {n} + 3600),
               current_timestamp, 1
        from gen left join prov p on src < {N_REGIONAL} and p.k = src % 38
        """
    )
    # one primary regency per story (copies share it), a province row for 30%, a mention for half
    con.execute(
        f"""
        insert into article_regions (article_id, level, code, name, province_code, role, confidence, is_primary)
        select md5(i::varchar)[1:16], 'regency', r.code, r.name, r.province_code, 'dateline', 0.9, true
        from gen join reg r on r.k = hash(g, 6) % {n_reg};
        insert into article_regions (article_id, level, code, name, province_code, role, confidence, is_primary)
        select md5(i::varchar)[1:16], 'province', p.code, p.name, p.code, 'subject', 0.8, true
        from gen join reg r on r.k = hash(g, 6) % {n_reg} join provinces p on p.code = r.province_code
        where hash(i, 7) % 10 < 3;
        insert into article_regions (article_id, level, code, name, province_code, role, confidence, is_primary)
        select md5(i::varchar)[1:16], 'regency', r.code, r.name, r.province_code, 'mention', 0.3, false
        from gen join reg r on r.k = hash(i, 8) % {n_reg}
        where hash(i, 9) % 2 = 0;
        -- what the loader writes for those places: the province of the primary regency
        insert into article_provinces (article_id, province_code, province)
        select md5(i::varchar)[1:16], p.code, p.name
        from gen join reg r on r.k = hash(g, 6) % {n_reg} join provinces p on p.code = r.province_code;
        """
    )
    themes = "[" + ", ".join(f"'{t}'" for t in THEMES) + "]"
    con.execute(
        f"""
        insert into article_themes (article_id, theme, score)
        select md5(i::varchar)[1:16], {themes}[1 + ((hash(g, 10) % {len(THEMES)})::bigint + 4 * j) % {len(THEMES)}], 1.0 + j
        from gen cross join range(3) t(j)
        where (hash(g, 4) % 5 = 0 and j <= hash(g, 11) % 3) or (j = 0 and hash(g, 12) % 10 = 0)
        """
    )
    con.execute(
        f"""
        insert into officials (official_id, name, jurisdiction)
        select 'o' || k, 'Pejabat ' || k, (select name from reg where reg.k = o.k % {n_reg})
        from range({N_OFFICIALS}) o(k);
        insert into article_officials (article_id, official_id, name, position)
        select md5(i::varchar)[1:16], 'o' || (hash(i, 20 + j) % {N_OFFICIALS}), 'Pejabat ' ||
               (hash(i, 20 + j) % {N_OFFICIALS}), 'Kepala Dinas ' || (hash(i, 30 + j) % 40)
        from gen cross join range(2) t(j)
        where hash(i, 40 + j) % 10 < 4;
        update officials set first_seen = s.f, last_seen = s.l
        from (select ao.official_id, min(a.published_at) as f, max(a.published_at) as l
              from article_officials ao join articles a using (article_id) group by 1) s
        where s.official_id = officials.official_id;
        """
    )
    con.execute(
        f"""
        insert into fetches (url, canonical_url, source_id, fetched_at, status, kind)
        select url, canonical_url, source_id, fetched_at, 200, 'article' from articles;
        insert into fetches (url, canonical_url, source_id, fetched_at, status, kind)
        select 'https://outlet' || s || '.example.id/feed/', 'https://outlet' || s || '.example.id/feed/',
               'src' || s, timestamptz '{END}' - to_days(d) + interval 1 hour,
               case when hash(s, d) % 10 = 0 or s % 37 = 0 then 500 else 200 end, 'feed'
        from range({N_SOURCES}) a(s) cross join range({WEEKS * 7}) b(d);
        """
    )


def _time(fn: Callable[[], object], rounds: int) -> tuple[float, float, float]:
    """Cold wall time, then the medians of wall time and of this process's CPU time (all threads)."""
    t0 = time.perf_counter()
    fn()
    cold = time.perf_counter() - t0
    walls, cpus = [], []
    for _ in range(rounds):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return cold, statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", type=Path, help="database file to create (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="reuse --db when it exists; keep it afterwards")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rbmon-bench-") as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        if not (args.keep and path.exists()):
            path.unlink(missing_ok=True)
            t0 = time.perf_counter()
            con = store.connect(path)
            store.migrate(con)
            load_reference(con)
            _generate(con, args.articles)
            con.execute("checkpoint")
            con.close()
            print(f"generated {args.articles:,} articles in {time.perf_counter() - t0:.1f} s ({path})")
        con = store.connect(path, read_only=True)
        counts = {
            t: con.execute(f"select count(*) from {t}").fetchall()[0][0]
            for t in (
                "articles",
                "article_regions",
                "article_provinces",
                "article_themes",
                "article_officials",
                "fetches",
                "sources",
            )
        }
        rb = con.execute(
            "select count(*), count(distinct story_id) from articles where rb_relevant"
        ).fetchall()[0]
        print(
            "rows: "
            + ", ".join(f"{t} {n:,}" for t, n in counts.items())
            + f"; RB articles {rb[0]:,} in {rb[1]:,} stories"
        )
        print(
            f"database size: {path.stat().st_size / 1e6:.0f} MB; {args.rounds} timed rounds after a cold run"
        )

        def view(name: str) -> Callable[[], object]:
            # into Arrow, as pandas, Polars and `rbmon sql` take it: Python tuples would time the driver
            return lambda: con.sql(f"select * from {name}").to_arrow_table()

        digest_rows: list[int] = []

        def digest() -> None:
            d = build_digest(con, DIGEST_WEEK, today=date(2025, 7, 8))
            digest_rows[:] = [len(d.active), len(d.stories), d.totals["rb_stories"]]

        # (label, query, held to the 1 s target)
        cases: list[tuple[str, Callable[[], object], bool]] = [
            ("province_week_activity (full view)", view("province_week_activity"), True),
            (f"build_digest {DIGEST_WEEK}", digest, True),
            ("rb_stories (full view)", view("rb_stories"), False),
            ("theme_week (full view)", view("theme_week"), False),
            ("official_activity (full view)", view("official_activity"), False),
            ("province_coverage", view("province_coverage"), False),
        ]
        threads = con.execute("select current_setting('threads')").fetchall()[0][0]
        print(
            f"DuckDB threads {threads}, load average before timing {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        for label, fn, target in cases:
            cold, wall, cpu = _time(fn, args.rounds)
            flag = ("  ok (< 1 s)" if wall < 1.0 else "  OVER the 1 s target") if target else ""
            print(f"{label:<38} wall {wall:6.3f} s  cpu {cpu:6.3f} s  cold {cold:6.3f} s{flag}")
        pwa = con.execute("select count(*), sum(rb_stories) from province_week_activity").fetchall()[0]
        print(f"province_week_activity: {pwa[0]:,} province-weeks, {pwa[1]:,} province-stories")
        print(f"digest {DIGEST_WEEK}: {digest_rows[0]} active provinces, {digest_rows[2]:,} RB stories")
        con.close()
        if args.db and not args.keep:
            path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
