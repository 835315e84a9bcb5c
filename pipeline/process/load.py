"""The single DuckDB writer's side: an article's rows, batches in one transaction, the three dedup layers."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from crawlers.sources import Source
from nlp.annotate import Annotation, nlp_version
from nlp.gazetteer import load_gazetteer
from nlp.regions import RegionResult
from pipeline import store
from pipeline.core.config import Settings
from pipeline.extract.enrich import (
    PROCESSING_VERSION,
    EnrichedArticle,
    article_id_for,
    content_hash,
)
from pipeline.process.inputs import ARTICLE_KINDS
from pipeline.process.officials import OfficialsRegistry
from pipeline.process.report import ProcessReport
from pipeline.process.stories import StoryIndex, stored_stories

log = logging.getLogger(__name__)


def drop_unreferenced_officials(con: duckdb.DuckDBPyConnection) -> None:
    """Forget people no stored article names any more (after reprocessing re-keyed or dropped them)."""
    with store.transaction(con):
        con.execute(
            "delete from officials where official_id not in (select official_id from article_officials)"
        )


def register_used_sources(con: duckdb.DuckDBPyConnection, registry: list[Source]) -> None:
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


def province_name(code: str) -> str | None:
    """A province's name from the gazetteer, for a primary regency whose province was not also named."""
    province = load_gazetteer().provinces.get(code)
    return province.name if province else None


def province_rows(aid: str, regions: RegionResult) -> list[dict[str, Any]]:
    """Where the article's story happens: one row per province of a primary place (a regency names its
    province), written here once so that no view or query derives it again."""
    names = {m.code: m.name for m in regions.mentions if m.level == "province"}
    codes = sorted({m.province_code for m in regions.mentions if m.is_primary and m.province_code})
    return [
        {"article_id": aid, "province_code": code, "province": names.get(code) or province_name(code)}
        for code in codes
    ]


#: The tables nlp/ fills for an article: replaced together when it is annotated again.
ANNOTATION_TABLES = ("article_regions", "article_provinces", "article_officials", "article_themes")


def annotation_rows(
    aid: str, ann: Annotation, seen_at: datetime | None, now: datetime, registry: OfficialsRegistry
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """What nlp/ said about one article: its ``articles`` columns and its rows in ``ANNOTATION_TABLES``.

    One function for processing and for reannotation (``pipeline.process.reannotate``), so a
    rerun of the rules on stored text writes exactly what processing would have written.
    """
    rel = ann.relevance
    columns = {
        "rb_level": rel.level,
        "rb_relevant": rel.relevant,
        "rb_score": rel.score,
        "rb_evidence": json.dumps(list(rel.evidence), ensure_ascii=False),
        "nlp_version": nlp_version(),
        "annotated_at": now,
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
        oid = registry.resolve(o.name, o.jurisdiction, seen_at)
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
    return columns, {
        "article_regions": regions,
        "article_provinces": province_rows(aid, ann.regions),
        "article_officials": officials,
        "article_themes": themes,
    }


def article_rows(
    item: EnrichedArticle, aid: str, chash: str, story_id: str, now: datetime, registry: OfficialsRegistry
) -> dict[str, list[dict[str, Any]]]:
    ann = item.annotation
    assert ann is not None and item.canonical_url is not None
    columns, children = annotation_rows(aid, ann, item.published_at, now, registry)
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
        **columns,
        "publisher_province_code": item.raw.home_province_code,
        "warc_file": item.raw.warc_file,
        "warc_offset": item.raw.warc_offset,
        "fetched_at": item.raw.fetched_at,
        "processed_at": now,
        "processing_version": PROCESSING_VERSION,
    }
    signature = [{"article_id": aid, "minhash": item.minhash}]
    return {"articles": [article], **children, "article_signatures": signature}


CHILD_TABLES = (*ANNOTATION_TABLES, "article_signatures")


@dataclass
class Done:
    """A record consumed by this run: its fetches row(s) get the current processing version."""

    warc_file: str
    warc_offset: int
    canonical_url: str | None
    fetched_at: datetime | None


def load_batch(
    con: duckdb.DuckDBPyConnection,
    batch: dict[str, dict[str, list[dict[str, Any]]]],
    processed: list[Done],
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
            for table in (*CHILD_TABLES, "articles"):
                con.execute(f"delete from {table} where article_id in (select article_id from batch_ids)")
            for table in ("articles", *CHILD_TABLES):
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
                  and coalesce(fetches.kind, 'article') in {ARTICLE_KINDS}
                  and (fetches.processed_version is null or fetches.processed_version < {PROCESSING_VERSION})
                """
            )
    return new, updated


def newer(a: datetime | None, b: datetime | None) -> bool:
    """Is a strictly later than b (a missing time is the oldest)?"""
    if a is None:
        return False
    return b is None or a > b


class Loader:
    """The parent's side: dedup layers, batching, the DuckDB writes.

    Memory does not grow with the archive: the exact-duplicate layer looks up the stored hashes of
    one batch at a time (``stored_stories``) instead of holding every stored hash. What grows with
    a run (not with the archive) is layer 1's map of the articles this run kept.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: Settings, report: ProcessReport) -> None:
        self.con = con
        self.report = report
        self.batch_size = settings.process.batch_size
        self.stories = StoryIndex(
            con, settings.process.near_duplicate_threshold, settings.process.near_duplicate_window_days
        )
        self.registry = OfficialsRegistry(con)
        self.now = datetime.now(UTC)
        #: Articles of the batch being collected, in arrival order: (article id, article, content hash).
        #: Stories are assigned at flush, after one lookup of the batch's hashes, in this same order.
        self.pending: list[tuple[str, EnrichedArticle, str]] = []
        self.pending_ids: set[str] = set()
        self.processed: list[Done] = []
        #: article_id -> fetched_at of the copy this run keeps (layer 1: one row per canonical URL).
        self.kept: dict[str, datetime | None] = {}

    def add(self, item: EnrichedArticle) -> None:
        report = self.report
        for rec in item.records:
            self.processed.append(Done(rec.warc_file, rec.warc_offset, rec.canonical_url, rec.fetched_at))
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
            if not newer(item.raw.fetched_at, self.kept[aid]):
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
        stories = stored_stories(self.con, (chash for _, _, chash in self.pending))
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
            batch[aid] = article_rows(item, aid, chash, story, self.now, self.registry)
        return batch

    def flush(self) -> None:
        if not self.pending and not self.processed:
            return
        batch = self._rows() if self.pending else {}
        self.report.rb_relevant += sum(1 for rows in batch.values() if rows["articles"][0]["rb_relevant"])
        new, updated = load_batch(self.con, batch, self.processed, self.registry)
        self.report.articles_new += new
        self.report.articles_updated += updated
        self.pending, self.pending_ids, self.processed = [], set(), []
