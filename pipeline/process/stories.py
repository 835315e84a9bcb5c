"""Stories: exact copies (content hash) and near-duplicates (MinHash LSH) of one release, across runs."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import duckdb
from datasketch import MinHash, MinHashLSH

from pipeline.extract.enrich import (
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
)

log = logging.getLogger(__name__)


def minhash(sig: list[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashvalues=sig, scheme=MINHASH_SCHEME)


class StoryIndex:
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
        self.lsh.insert(article_id, minhash(sig))
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
            for m in self.lsh.query(minhash(sig))
            if m != article_id and self._close_in_time(m, when)
        }
        current = self.story_of.get(article_id)
        if current is not None and (current in matches or not matches):
            story = current
        else:
            story = min(matches, default=article_id)
        self._insert(article_id, story, sig, when)
        return story


#: Content hashes per lookup query: few enough that DuckDB answers from the content_hash index
#: (it falls back to a scan when an IN list would match more than ~2,000 rows).
HASH_LOOKUP_CHUNK = 256


def stored_stories(con: duckdb.DuckDBPyConnection, hashes: Iterable[str]) -> dict[str, str]:
    """Content hash -> story of the stored articles with that exact text, for the given hashes only.

    Replaces a run-start load of every hash in the archive (about 9 GB a year at 100k articles a
    day): a batch asks for its own couple of hundred hashes, answered from the index on
    ``articles.content_hash``. When stored copies disagree on the story, the smallest story id wins,
    so the answer does not depend on row order.
    """
    wanted = sorted(set(hashes))
    found: dict[str, str] = {}
    for i in range(0, len(wanted), HASH_LOOKUP_CHUNK):
        chunk = wanted[i : i + HASH_LOOKUP_CHUNK]
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
