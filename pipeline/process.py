"""WARC -> articles in DuckDB: the processing stage.

Flow: a stream of raw responses (from the fetches the crawler logged, or from any WARC file
such as CC-NEWS) is grouped into articles (page 1 with its pages 2..n) and sent to worker
processes that extract, clean and annotate; the parent is the single DuckDB writer. It
deduplicates in three layers (canonical URL, content hash, MinHash near-duplicates into
stories) and loads each batch in one transaction, so a crash loses at most the batch in
flight and a rerun redoes exactly that.

Memory stays bounded: records are read one at a time, at most a small window of articles is
in flight in the pool, and a batch is written as soon as it is full.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import signal
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa
from datasketch import MinHash, MinHashLSH

from crawlers.sources import Source
from crawlers.urls import netloc_of
from pipeline import store
from pipeline.config import Settings
from pipeline.enrich import (
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
    PROCESSING_VERSION,
    EnrichedArticle,
    RawInput,
    article_id_for,
    content_hash,
    enrich_article,
    enrich_many,
    init_worker,
)
from pipeline.errors import WarcReadError
from pipeline.officials_registry import OfficialsRegistry
from pipeline.runstate import stop_requested
from pipeline.sources import registry
from pipeline.timezones import home_zone
from pipeline.warc_reader import iter_responses, read_response_from

__all__ = ["ProcessReport", "run_process"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]
Group = list[RawInput]
#: What a record's host says about it: (source id, home province, IANA zone of its zoneless dates).
Home = tuple[str, str | None, str]

#: Articles per worker call, and chunks in flight per worker: enough to keep every worker
#: busy while the parent writes a batch, small enough to keep memory flat.
_CHUNK = 4
_WINDOW_PER_WORKER = 4
_ARTICLE_KINDS = ("article", "article_page")


@dataclass
class ProcessReport:
    run_id: str
    records: int = 0
    bytes: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    rb_relevant: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False

    def as_stats(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "bytes": self.bytes,
            "articles_new": self.articles_new,
            "articles_updated": self.articles_updated,
            "rb_relevant": self.rb_relevant,
            "skipped": dict(self.skipped),
            "errors": self.errors,
            "interrupted": self.interrupted,
        }


# --------------------------------------------------------------------------- record sources


def _source_zone(zones: dict[str, str], source_id: str | None, province_code: str | None) -> str:
    """The registry's zone for a source it lists (its ``timezone`` or its province's), else the province's.

    Sources a crawl wrote but the registry does not list (a demo or test site) are known to the
    database only by their home province, so that decides; no province means a national outlet (WIB).
    """
    return zones.get(source_id or "") or home_zone(province_code)


def _sources_by_host(
    con: duckdb.DuckDBPyConnection, registry: list[Source], zones: dict[str, str]
) -> dict[str, Home]:
    """Host (and alias host) -> (source id, home province, zone), from the registry and the database.

    The registry is the authority for archives rbmon did not crawl (CC-NEWS backfill, a rebuild
    into a fresh database): before, only the ``sources`` rows a crawl had written counted, so a
    database that never crawled dropped every record as ``not_a_source``. Rows a crawl wrote win
    for their hosts: they are what that crawl actually used (e.g. a test or demo site).
    """
    out: dict[str, Home] = {}

    def add(host: str, value: Home) -> None:
        out[host] = value
        if host.startswith("www."):
            out[host[4:]] = value

    for src in registry:
        for host in src.netlocs:
            add(host, (src.id, src.province_code, _source_zone(zones, src.id, src.province_code)))
    for source_id, base_url, province in con.execute(
        "select source_id, base_url, province_code from sources"
    ).fetchall():
        add(netloc_of(base_url), (source_id, province, _source_zone(zones, source_id, province)))
    return out


def _drop_unreferenced_officials(con: duckdb.DuckDBPyConnection) -> None:
    """Forget people no stored article names any more (after reprocessing re-keyed or dropped them)."""
    with store.transaction(con):
        con.execute(
            "delete from officials where official_id not in (select official_id from article_officials)"
        )


def _register_used_sources(con: duckdb.DuckDBPyConnection, registry: list[Source]) -> None:
    """Add to ``sources`` the registry entries that stored articles name but no crawl wrote.

    Views and the digest join articles to sources (outlet names, home provinces); a backfilled
    archive must not leave its articles pointing at nothing. Only sources actually used are added,
    so a demo or a test crawling its own sites keeps its own list.
    """
    missing = {
        sid
        for (sid,) in con.execute(
            "select distinct source_id from articles where source_id is not null"
            " and source_id not in (select source_id from sources)"
        ).fetchall()
    }
    rows = [
        {
            "source_id": s.id,
            "name": s.name,
            "base_url": s.url,
            "province_code": s.province_code,
            "kind": s.kind,
            "wordpress": s.wordpress,
            "enabled": s.enabled,
            "updated_at": datetime.now(UTC),
        }
        for s in registry
        if s.id in missing
    ]
    if rows:
        with store.transaction(con):
            store.append_rows(con, "sources", rows)
        log.info("added %d source(s) from the registry that processed archives drew from", len(rows))


def _pending_fetches(con: duckdb.DuckDBPyConnection, *, reprocess: bool) -> pa.Table:
    """Article fetches to process, as a compact Arrow table, each article's pages together.

    The latest fetch of each (canonical URL, page) is chosen first and only then filtered on
    ``processed_version``: filtering first would let an older, superseded fetch of an article
    come back as "pending" once the latest one is processed. An article is taken whole (page 1
    and all its pages) when any of its pages is pending, so a late page 2 is joined to page 1
    instead of standing alone. Ordered by WARC position so reads are mostly sequential.
    """
    pending = (
        "true" if reprocess else f"processed_version is null or processed_version < {PROCESSING_VERSION}"
    )
    return con.sql(
        f"""
        with latest as (
            select f.url, f.canonical_url, f.source_id, f.warc_file, f.warc_offset, f.content_type,
                   f.fetched_at, f.processed_version, coalesce(f.page, 1) as page,
                   case when coalesce(f.page, 1) > 1 then f.part_of end as part_of,
                   coalesce(case when coalesce(f.page, 1) > 1 then f.part_of end, f.canonical_url) as grp
            from fetches f
            where f.status = 200 and f.warc_file is not null and f.warc_offset is not null
              and coalesce(f.kind, 'article') in {_ARTICLE_KINDS}
            qualify row_number() over (
                partition by grp, coalesce(f.page, 1) order by f.fetched_at desc, f.warc_offset desc
            ) = 1
        ),
        todo as (select distinct grp from latest where {pending})
        select l.url, l.canonical_url, l.source_id, s.province_code, l.warc_file, l.warc_offset,
               l.content_type, l.fetched_at, l.part_of, l.page, l.grp
        from latest l join todo using (grp) left join sources s on s.source_id = l.source_id
        order by min(l.warc_file) over (partition by l.grp), min(l.warc_offset) over (partition by l.grp),
                 l.grp, l.page
        """
    ).to_arrow_table()


def _groups_from_fetches(
    table: pa.Table, data_dir: Path, report: ProcessReport, zones: dict[str, str]
) -> Iterator[Group]:
    """Read each pending record at its offset, one open file at a time, yielding article groups.

    ``zones``: the registry's zone per source id (see ``_source_zone``).
    """
    group: Group = []
    key: str | None = None
    fh: IO[bytes] | None = None
    open_name: str | None = None
    try:
        for batch in table.to_batches(max_chunksize=1024):
            for row in batch.to_pylist():
                if row["grp"] != key:
                    if group:
                        yield group
                    group, key = [], row["grp"]
                name = row["warc_file"]
                path = data_dir / name
                report.records += 1
                try:
                    if name != open_name:
                        if fh is not None:
                            fh.close()
                        fh, open_name = None, None
                        fh, open_name = path.open("rb"), name
                    assert fh is not None
                    resp = read_response_from(fh, path, int(row["warc_offset"]), name=name)
                except (WarcReadError, OSError) as exc:
                    report.skipped["warc_unreadable"] += 1
                    report.errors.append(
                        f"{path}: cannot read the record at offset {row['warc_offset']}: {exc}"
                    )
                    log.error("%s", report.errors[-1])
                    continue
                report.bytes += len(resp.payload)
                group.append(
                    RawInput(
                        url=row["url"],
                        payload=resp.payload,
                        content_type=row["content_type"] or resp.content_type,
                        warc_file=name,
                        warc_offset=int(row["warc_offset"]),
                        fetched_at=row["fetched_at"] or resp.fetched_at,
                        source_id=row["source_id"],
                        home_province_code=row["province_code"],
                        canonical_url=row["canonical_url"],
                        part_of=row["part_of"],
                        page=int(row["page"] or 1),
                        timezone=_source_zone(zones, row["source_id"], row["province_code"]),
                    )
                )
        if group:
            yield group
    finally:
        if fh is not None:
            fh.close()


def _groups_from_warcs(
    paths: Iterable[Path],
    hosts: dict[str, Home],
    *,
    any_indonesian: bool,
    data_dir: Path,
    report: ProcessReport,
) -> Iterator[Group]:
    """Every response record of the files, one article per record (CC-NEWS has no page links)."""
    for path in paths:
        try:
            name = str(path.resolve().relative_to(data_dir.resolve()))
        except ValueError:
            name = str(path.resolve())
        try:
            for resp in iter_responses(path, name=name):
                report.records += 1
                report.bytes += len(resp.payload)
                if resp.status != 200:
                    report.skipped[f"http_{resp.status}" if resp.status else "no_http_status"] += 1
                    continue
                host = urlsplit(resp.url).netloc.lower()
                source = hosts.get(host) or hosts.get(host.removeprefix("www."))
                if source is None and not (any_indonesian and host.split(":")[0].endswith(".id")):
                    report.skipped["not_a_source"] += 1
                    continue
                yield [
                    RawInput(
                        url=resp.url,
                        payload=resp.payload,
                        content_type=resp.content_type,
                        warc_file=name,
                        warc_offset=resp.offset,
                        fetched_at=resp.fetched_at,
                        source_id=source[0] if source else None,
                        home_province_code=source[1] if source else None,
                        timezone=source[2] if source else None,
                    )
                ]
        except WarcReadError as exc:
            report.skipped["warc_truncated"] += 1
            report.errors.append(str(exc))
            log.error("%s", exc)
        except OSError as exc:
            report.skipped["warc_unreadable"] += 1
            report.errors.append(f"{path}: {exc}")
            log.error("%s: %s", path, exc)


# --------------------------------------------------------------------------- workers


def _init_pool_worker() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which finishes its batch and shuts them down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    init_worker()


def _chunks(groups: Iterator[Group], size: int) -> Iterator[list[Group]]:
    chunk: list[Group] = []
    for g in groups:
        chunk.append(g)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _enriched(groups: Iterator[Group], *, workers: int, any_language: bool) -> Iterator[EnrichedArticle]:
    """Enrich in input order; with workers > 1 in a process pool with a bounded window.

    ``Pool.imap`` would read the whole input ahead of the workers and queue every result the
    parent has not consumed yet; submitting chunk by chunk keeps at most ``window`` chunks
    (and so a few dozen pages) in memory, and a worker that dies is reported, not waited for.
    """
    if workers <= 1:
        init_worker()
        for g in groups:
            yield enrich_article(g, any_language=any_language)
        return
    window = workers * _WINDOW_PER_WORKER
    ctx = mp.get_context("forkserver" if os.name == "posix" else "spawn")
    if os.name == "posix":  # workers fork from a server that has the heavy imports done already
        ctx.set_forkserver_preload(["pipeline.enrich"])
    inflight: deque[Future[list[EnrichedArticle]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_pool_worker) as pool:
        try:
            for chunk in _chunks(groups, _CHUNK):
                inflight.append(pool.submit(enrich_many, chunk, any_language))
                while len(inflight) >= window:
                    yield from inflight.popleft().result()
            while inflight:
                yield from inflight.popleft().result()
        finally:
            for fut in inflight:
                fut.cancel()


# --------------------------------------------------------------------------- dedup + load


def _minhash(sig: list[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashvalues=sig, scheme=MINHASH_SCHEME)


class _StoryIndex:
    """Near-duplicate clusters across runs: MinHash LSH over the stored signatures.

    Copies of one release appear within days of each other, so a match only counts when the
    two articles are at most ``window_days`` apart, and only the stories of the last
    ``window_days`` before the newest stored article are loaded: memory stays bounded after
    years of articles (about 5 KB per indexed signature).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, threshold: float, window_days: int) -> None:
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.window = timedelta(days=window_days)
        self.story_of: dict[str, str] = {}
        self.when: dict[str, datetime | None] = {}
        cur = con.execute(
            """
            select s.article_id, a.story_id, s.minhash, coalesce(a.published_at, a.fetched_at) as t
            from article_signatures s join articles a using (article_id)
            where coalesce(a.published_at, a.fetched_at) is null
               or coalesce(a.published_at, a.fetched_at) >= (
                    select max(coalesce(published_at, fetched_at)) from articles) - to_days(?)
            """,
            [window_days],
        )
        while rows := cur.fetchmany(2048):  # a few thousand signatures at a time, not all at once
            for article_id, story_id, sig, when in rows:
                self._insert(article_id, story_id or article_id, sig, when)

    def remember(self, article_id: str, story_id: str, sig: list[int], when: datetime | None) -> None:
        self._insert(article_id, story_id, sig, when)

    def _insert(self, article_id: str, story_id: str, sig: list[int], when: datetime | None) -> None:
        if article_id in self.story_of:
            self.lsh.remove(article_id)
        self.lsh.insert(article_id, _minhash(sig))
        self.story_of[article_id] = story_id
        self.when[article_id] = when

    def _close_in_time(self, other: str, when: datetime | None) -> bool:
        then = self.when.get(other)
        return when is None or then is None or abs(when - then) <= self.window

    def assign(self, article_id: str, sig: list[int], when: datetime | None) -> str:
        """The story of the nearest copies; an article already in one of them stays where it is.

        Keeping the current story when it still matches makes ``--reprocess`` stable: a rerun
        never moves an article between two stories that both match it.
        """
        matches = {
            self.story_of[m]
            for m in self.lsh.query(_minhash(sig))
            if m != article_id and self._close_in_time(m, when)
        }
        current = self.story_of.get(article_id)
        if current is not None and (current in matches or not matches):
            story = current
        else:
            story = min(matches, default=article_id)
        self._insert(article_id, story, sig, when)
        return story


def _article_rows(
    item: EnrichedArticle, aid: str, chash: str, story_id: str, now: datetime, registry: OfficialsRegistry
) -> dict[str, list[dict[str, Any]]]:
    ann = item.annotation
    assert ann is not None and item.canonical_url is not None
    rel = ann.relevance
    article = {
        "article_id": aid,
        "canonical_url": item.canonical_url,
        "url": item.raw.url,
        "source_id": item.raw.source_id,
        "outlet": item.site_name,
        "title": item.title,
        "author": item.author,
        "editor": item.editor,
        "attribution": item.attribution,
        "published_at": item.published_at,
        "published_raw": item.published_raw,
        "language": item.language,
        "text": item.text,
        "word_count": len(item.text.split()),
        "content_hash": chash,
        "story_id": story_id,
        "rb_relevant": rel.relevant,
        "rb_score": rel.score,
        "rb_evidence": json.dumps(list(rel.evidence), ensure_ascii=False),
        "publisher_province_code": item.raw.home_province_code,
        "warc_file": item.raw.warc_file,
        "warc_offset": item.raw.warc_offset,
        "fetched_at": item.raw.fetched_at,
        "processed_at": now,
        "processing_version": PROCESSING_VERSION,
    }
    regions = [
        {
            "article_id": aid,
            "level": m.level,
            "code": m.code,
            "name": m.name,
            "province_code": m.province_code,
            "role": m.role,
            "confidence": m.confidence,
            "evidence": m.evidence,
            "is_primary": m.is_primary,
        }
        for m in ann.regions.mentions
    ]
    officials = []
    seen: set[str] = set()
    for o in ann.officials:
        oid = registry.resolve(o.name, o.jurisdiction, item.published_at)
        if oid in seen:
            continue
        seen.add(oid)
        officials.append(
            {
                "article_id": aid,
                "official_id": oid,
                "name": o.name,
                "position": o.position,
                "organisation": o.organisation,
                "acting": o.acting,
                "evidence": o.evidence,
            }
        )
    themes = [
        {
            "article_id": aid,
            "theme": t.key,
            "score": t.score,
            "evidence": json.dumps(list(t.evidence), ensure_ascii=False),
        }
        for t in ann.themes
    ]
    signature = [{"article_id": aid, "minhash": item.minhash}]
    return {
        "articles": [article],
        "article_regions": regions,
        "article_officials": officials,
        "article_themes": themes,
        "article_signatures": signature,
    }


_CHILD_TABLES = ("article_regions", "article_officials", "article_themes", "article_signatures")


@dataclass
class _Done:
    """A record consumed by this run: its fetches row(s) get the current processing version."""

    warc_file: str
    warc_offset: int
    canonical_url: str | None
    fetched_at: datetime | None


def _load_batch(
    con: duckdb.DuckDBPyConnection,
    batch: dict[str, dict[str, list[dict[str, Any]]]],
    processed: list[_Done],
    registry: OfficialsRegistry,
) -> tuple[int, int]:
    """Replace the batch's articles (and their child rows) and mark its fetches, in one transaction."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for rows in batch.values():
        for table, table_rows in rows.items():
            tables.setdefault(table, []).extend(table_rows)
    ids = list(batch)
    new = updated = 0
    with store.transaction(con):
        if ids:
            batch_ids = pa.table({"article_id": pa.array(ids, pa.string())})  # noqa: F841 - used in SQL
            old = con.execute(
                "select article_id, story_id from articles where article_id in (select article_id from batch_ids)"
            ).fetchall()
            updated = len(old)
            new = len(ids) - updated
            for table in (*_CHILD_TABLES, "articles"):
                con.execute(f"delete from {table} where article_id in (select article_id from batch_ids)")
            for table in ("articles", *_CHILD_TABLES):
                store.append_rows(con, table, tables.get(table, []))
            registry.flush(con)
            # Stories the batch joined, and stories a rewritten article left: both may have a new first copy.
            touched = sorted({r["story_id"] for r in tables["articles"]} | {s for _, s in old if s})
            stories = pa.table({"story_id": pa.array(touched, pa.string())})  # noqa: F841 - used in SQL
            con.execute(
                """
                update articles set is_story_original = (articles.article_id = firsts.first_id)
                from (
                    select story_id as sid,
                           first(article_id order by coalesce(published_at, fetched_at) nulls last,
                                 fetched_at nulls last, article_id) as first_id
                    from articles where story_id in (select story_id from stories) group by story_id
                ) firsts
                where articles.story_id = firsts.sid
                """
            )
        if processed:
            done = pa.table(  # noqa: F841 - used in SQL
                {
                    "warc_file": pa.array([d.warc_file for d in processed], pa.string()),
                    "warc_offset": pa.array([d.warc_offset for d in processed], pa.int64()),
                    "canonical_url": pa.array([d.canonical_url for d in processed], pa.string()),
                    "fetched_at": pa.array([d.fetched_at for d in processed], pa.timestamp("us", tz="UTC")),
                }
            )
            con.execute(
                f"""
                update fetches set processed_version = {PROCESSING_VERSION}
                from done
                where fetches.warc_file = done.warc_file and fetches.warc_offset = done.warc_offset
                """
            )
            # Older fetches of the same URL are superseded by the one just processed.
            con.execute(
                f"""
                update fetches set processed_version = {PROCESSING_VERSION}
                from (select canonical_url, max(fetched_at) as fetched_at from done
                      where canonical_url is not null group by canonical_url) d
                where fetches.canonical_url = d.canonical_url and fetches.fetched_at <= d.fetched_at
                  and coalesce(fetches.kind, 'article') in {_ARTICLE_KINDS}
                  and (fetches.processed_version is null or fetches.processed_version < {PROCESSING_VERSION})
                """
            )
    return new, updated


def _default_workers(settings: Settings) -> int:
    return settings.process.workers or max(1, os.cpu_count() or 1)


def _newer(a: datetime | None, b: datetime | None) -> bool:
    """Is a strictly later than b (a missing time is the oldest)?"""
    if a is None:
        return False
    return b is None or a > b


#: Content hashes per lookup query: few enough that DuckDB answers from the content_hash index
#: (it falls back to a scan when an IN list would match more than ~2,000 rows).
_HASH_LOOKUP_CHUNK = 256


def _stored_stories(con: duckdb.DuckDBPyConnection, hashes: Iterable[str]) -> dict[str, str]:
    """Content hash -> story of the stored articles with that exact text, for the given hashes only.

    Replaces a run-start load of every hash in the archive (about 9 GB a year at 100k articles a
    day): a batch asks for its own couple of hundred hashes, answered from the index on
    ``articles.content_hash``. When stored copies disagree on the story, the smallest story id wins,
    so the answer does not depend on row order.
    """
    wanted = sorted(set(hashes))
    found: dict[str, str] = {}
    for i in range(0, len(wanted), _HASH_LOOKUP_CHUNK):
        chunk = wanted[i : i + _HASH_LOOKUP_CHUNK]
        # A literal IN list (not a join against an Arrow table): only that lets DuckDB use the index.
        marks = ", ".join("?" * len(chunk))
        found.update(
            con.execute(
                f"select content_hash, min(story_id) from articles where content_hash in ({marks})"
                " and story_id is not null group by content_hash",
                chunk,
            ).fetchall()
        )
    return found


class _Loader:
    """The parent's side: dedup layers, batching, the DuckDB writes.

    Memory does not grow with the archive: the exact-duplicate layer looks up the stored hashes of
    one batch at a time (``_stored_stories``) instead of holding every stored hash. What grows with
    a run (not with the archive) is layer 1's map of the articles this run kept.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: Settings, report: ProcessReport) -> None:
        self.con = con
        self.report = report
        self.batch_size = settings.process.batch_size
        self.stories = _StoryIndex(
            con, settings.process.near_duplicate_threshold, settings.process.near_duplicate_window_days
        )
        self.registry = OfficialsRegistry(con)
        self.now = datetime.now(UTC)
        #: Articles of the batch being collected, in arrival order: (article id, article, content hash).
        #: Stories are assigned at flush, after one lookup of the batch's hashes, in this same order.
        self.pending: list[tuple[str, EnrichedArticle, str]] = []
        self.pending_ids: set[str] = set()
        self.processed: list[_Done] = []
        #: article_id -> fetched_at of the copy this run keeps (layer 1: one row per canonical URL).
        self.kept: dict[str, datetime | None] = {}

    def add(self, item: EnrichedArticle) -> None:
        report = self.report
        for rec in item.records:
            self.processed.append(_Done(rec.warc_file, rec.warc_offset, rec.canonical_url, rec.fetched_at))
        for why in item.page_skips:
            report.skipped[why] += 1
        if item.skip_reason:
            report.skipped[item.skip_reason] += len(item.records)
            return
        assert item.canonical_url is not None
        aid = article_id_for(item.canonical_url)
        if aid in self.kept:
            # The same article twice in one run (a re-fetch, a tracking-link variant): keep the latest.
            report.skipped["duplicate_url"] += 1
            if not _newer(item.raw.fetched_at, self.kept[aid]):
                return
        self.kept[aid] = item.raw.fetched_at
        self.pending.append((aid, item, content_hash(item.text)))
        self.pending_ids.add(aid)

    @property
    def full(self) -> bool:
        return len(self.pending_ids) >= self.batch_size

    def _rows(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """Layers 2 and 3 for the collected batch: exact copies join the stored (or batch) story, the
        rest go through the near-duplicate index. Earlier batches of this run are stored by now, so
        the database answers for them too."""
        # content hash -> story: stored copies, then copies earlier in this batch (layer 2).
        stories = _stored_stories(self.con, (chash for _, _, chash in self.pending))
        batch: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for aid, item, chash in self.pending:
            when = item.published_at or item.raw.fetched_at
            story = stories.get(chash)
            if story is None:  # not an exact copy: look for a near-duplicate story
                story = self.stories.assign(aid, item.minhash, when)
                stories[chash] = story
            else:
                self.stories.remember(aid, story, item.minhash, when)
            batch.pop(aid, None)
            batch[aid] = _article_rows(item, aid, chash, story, self.now, self.registry)
        return batch

    def flush(self) -> None:
        if not self.pending and not self.processed:
            return
        batch = self._rows() if self.pending else {}
        self.report.rb_relevant += sum(1 for rows in batch.values() if rows["articles"][0]["rb_relevant"])
        new, updated = _load_batch(self.con, batch, self.processed, self.registry)
        self.report.articles_new += new
        self.report.articles_updated += updated
        self.pending, self.pending_ids, self.processed = [], set(), []


def _finish_run(con: duckdb.DuckDBPyConnection, report: ProcessReport, status: str) -> None:
    con.execute(
        "update crawl_runs set finished_at = ?, status = ?, requests = ?, bytes = ?, new_articles = ?,"
        " errors = ?, stats = ? where run_id = ?",
        [
            datetime.now(UTC),
            status,
            report.records,
            report.bytes,
            report.articles_new,
            json.dumps(dict(report.skipped)),
            json.dumps(report.as_stats(), ensure_ascii=False),
            report.run_id,
        ],
    )


def run_process(
    settings: Settings,
    *,
    warcs: list[Path] | None = None,
    reprocess: bool = False,
    any_indonesian: bool | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ProcessReport:
    """Process pending fetches (default) or the given WARC files into the database.

    Idempotent: an article already stored by this processing version is rewritten with the
    same values, never duplicated (identity is the canonical URL). A stop request (SIGTERM)
    is honoured between batches: what was loaded stays committed, the rest stays pending.
    A truncated WARC is processed up to the break and reported in ``errors``; the run ends
    with status ``partial``.
    """
    any_id = settings.process.any_indonesian if any_indonesian is None else any_indonesian
    n_workers = workers if workers is not None else _default_workers(settings)
    report = ProcessReport(run_id=f"process-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}")
    sources = registry(settings)  # read once: host matching, time zones, and the sources table
    con = store.connect(settings.db_path)
    try:
        store.migrate(con)
        with store.transaction(con):
            store.append_rows(
                con,
                "crawl_runs",
                [
                    {
                        "run_id": report.run_id,
                        "kind": "process",
                        "started_at": datetime.now(UTC),
                        "status": "running",
                    }
                ],
            )
        try:
            _run(con, settings, sources, report, warcs=warcs, reprocess=reprocess, any_id=any_id,
                 workers=n_workers, progress=progress)  # fmt: skip
            # A plain `rbmon process` also takes WARC files dropped into the data directory that
            # rbmon did not crawl (CC-NEWS backfill): every WARC there ends up processed.
            foreign = (
                [] if warcs or report.interrupted else _unprocessed_warcs(con, settings, reprocess=reprocess)
            )
            if foreign:
                log.info("processing %d WARC file(s) that rbmon did not crawl", len(foreign))
                _run(con, settings, sources, report, warcs=foreign, reprocess=reprocess, any_id=any_id,
                     workers=n_workers, progress=progress)  # fmt: skip
            if not report.interrupted:
                _record_warcs(con, settings, warcs or foreign)
            if warcs or foreign:
                _register_used_sources(con, sources)
            if not report.interrupted:
                _drop_unreferenced_officials(con)
        except BaseException as exc:
            report.errors.append(f"{exc.__class__.__name__}: {exc}")
            _finish_run(con, report, "failed")
            raise
        status = "interrupted" if report.interrupted else ("ok" if not report.errors else "partial")
        _finish_run(con, report, status)
        con.execute("checkpoint")
    finally:
        con.close()
    return report


def _warc_name(path: Path, data_dir: Path) -> str:
    try:
        return str(path.resolve().relative_to(data_dir.resolve()))
    except ValueError:
        return str(path.resolve())


def _unprocessed_warcs(con: duckdb.DuckDBPyConnection, settings: Settings, *, reprocess: bool) -> list[Path]:
    """WARC files under the WARC folder that no fetch points into and that were not processed whole."""
    if not settings.warc_dir.exists():
        return []
    crawled = {
        r[0]
        for r in con.execute("select distinct warc_file from fetches where warc_file is not null").fetchall()
    }
    done = {
        name: size
        for name, size in con.execute(
            "select warc_file, size_bytes from processed_warcs where processing_version >= ?",
            [PROCESSING_VERSION],
        ).fetchall()
    }
    found = []
    for path in sorted(settings.warc_dir.rglob("*")):
        if not path.is_file() or not path.name.endswith((".warc.gz", ".warc")):
            continue
        name = _warc_name(path, settings.data_dir)
        if name in crawled:
            continue
        if not reprocess and done.get(name) == path.stat().st_size:
            continue
        found.append(path)
    return found


def _record_warcs(con: duckdb.DuckDBPyConnection, settings: Settings, paths: list[Path]) -> None:
    if not paths:
        return
    now = datetime.now(UTC)
    rows = [
        {
            "warc_file": _warc_name(p, settings.data_dir),
            "size_bytes": p.stat().st_size,
            "processed_at": now,
            "processing_version": PROCESSING_VERSION,
        }
        for p in paths
        if p.exists()
    ]
    with store.transaction(con):
        con.execute(
            "delete from processed_warcs where list_contains(?, warc_file)", [[r["warc_file"] for r in rows]]
        )
        store.append_rows(con, "processed_warcs", rows)


def _run(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    sources: list[Source],
    report: ProcessReport,
    *,
    warcs: list[Path] | None,
    reprocess: bool,
    any_id: bool,
    workers: int,
    progress: Progress | None,
) -> None:
    zones = {s.id: s.timezone for s in sources if s.timezone}
    if warcs:
        total = None
        groups = _groups_from_warcs(
            warcs,
            _sources_by_host(con, sources, zones),
            any_indonesian=any_id,
            data_dir=settings.data_dir,
            report=report,
        )
    else:
        table = _pending_fetches(con, reprocess=reprocess)
        total = table.num_rows
        groups = _groups_from_fetches(table, settings.data_dir, report, zones)
    loader = _Loader(con, settings, report)
    done = 0
    stream = _enriched(groups, workers=workers, any_language=False)
    try:
        for item in stream:
            loader.add(item)
            done += len(item.records)
            if progress:
                progress(done, total)
            if loader.full:
                loader.flush()
                if stop_requested():  # SIGTERM: this batch is committed, the rest stays pending
                    report.interrupted = True
                    break
    except BrokenProcessPool as exc:
        # A worker was killed (out of memory, or a signal to the whole process group): keep what
        # is loaded; the records in flight were not marked processed and come back next run.
        report.interrupted = stop_requested()
        report.errors.append(f"a worker process died ({exc}); the unfinished records stay pending")
        log.error("%s", report.errors[-1])
    finally:
        stream.close()
    loader.flush()
