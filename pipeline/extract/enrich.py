"""From the raw responses of one article (page 1 and its pages 2..n) to one enriched record.

This runs in worker processes (one per core). Each worker builds its NLP resources (spaCy
tokenizer, Sastrawi stemmer, lexicons) once in ``init_worker`` and keeps them for its life.
The pages of a multi-page article travel to the worker together, so the joined text is
annotated once, in the worker, and the single DuckDB writer in the parent only dedups and
loads. Everything returned is plain data (picklable) without the raw payloads: sending the
HTML back to the parent would double the traffic for nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from datasketch import MinHash

from crawlers.urls import canonicalize
from nlp.annotate import Annotation, annotate, load_resources
from nlp.language import detect_language
from pipeline.core.config import LimitsConfig
from pipeline.core.timezones import national_zone
from pipeline.extract.article import ExtractedArticle, extract_checked
from pipeline.extract.limits import ExtractTimeout, cpu_limit

__all__ = [
    "MINHASH_SCHEME",
    "MINHASH_SEED",
    "NUM_PERM",
    "PROCESSING_VERSION",
    "EnrichedArticle",
    "RawInput",
    "article_id_for",
    "canonical_for",
    "content_hash",
    "enrich",
    "enrich_article",
    "enrich_many",
    "init_worker",
    "minhash_of",
]

log = logging.getLogger(__name__)

#: Bump when extraction or NLP changes what is stored: `rbmon process --reprocess` then
#: rewrites every row written by an older version, from the WARCs.
#: 2: officials keyed by the place their post names (nlp.jurisdiction), not by its wording; dates a
#:    page prints without a zone read in the source's zone (WITA/WIT outlets), not always in WIB.
PROCESSING_VERSION = 2

NUM_PERM = 128
#: datasketch >= 2 names its hashing scheme; stored signatures must be read back with the same one.
MINHASH_SCHEME = "affine32"
MINHASH_SEED = 7
_WORD = re.compile(r"\w+", re.UNICODE)
# The crawler's rule (crawlers/spiders/news.py): only an AMP URL is replaced by its declared canonical.
_AMP_MARK = re.compile(r"(?:^|[/.?&=])amp(?:[/.?&=]|$)", re.IGNORECASE)
_MIRROR_PREFIX = re.compile(r"^(?:www|m|amp|mobile)\.")


@dataclass(frozen=True)
class RawInput:
    url: str
    payload: bytes
    content_type: str | None
    warc_file: str
    warc_offset: int
    fetched_at: datetime | None
    source_id: str | None = None
    home_province_code: str | None = None
    canonical_url: str | None = None
    part_of: str | None = None
    page: int = 1
    #: IANA zone of dates the page prints without one (the source's); None: the national zone (WIB).
    timezone: str | None = None
    #: a page of an outlet of no registry (any-outlet backfill): kept only when it reads as a news article,
    #: with a title and at least this many words (0: no such check)
    min_words: int = 0


@dataclass
class EnrichedArticle:
    raw: RawInput  # page 1, without its payload
    skip_reason: str | None = None
    title: str | None = None
    text: str = ""
    canonical_url: str | None = None
    author: str | None = None
    editor: str | None = None
    attribution: str | None = None
    site_name: str | None = None
    language: str | None = None
    published_at: datetime | None = None
    published_raw: str | None = None
    annotation: Annotation | None = None
    minhash: list[int] = field(default_factory=list)
    next_page_url: str | None = None
    #: Pages 2..n that were read with page 1 (without payloads), in page order.
    pages: tuple[RawInput, ...] = ()
    #: Skip reason of each page 2..n that added nothing, counted by the parent.
    page_skips: tuple[str, ...] = ()

    @property
    def records(self) -> tuple[RawInput, ...]:
        return (self.raw, *self.pages)


def article_id_for(canonical_url: str) -> str:
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


def _site(netloc: str) -> str:
    return _MIRROR_PREFIX.sub("", netloc.lower())


def canonical_for(url: str, declared: str | None) -> str:
    """Article identity of a record read from any WARC: the crawler's rule, without its alias list.

    A page's declared canonical replaces the URL only for AMP URLs and only on the same site
    (``www.``/``m.``/``amp.`` mirrors count as the same site): syndicated copies often declare
    the original outlet's URL, and taking it would merge two outlets' articles into one row.
    """
    if (
        declared
        and _AMP_MARK.search(url.split("://", 1)[-1])
        and _site(urlsplit(declared).netloc) == _site(urlsplit(url).netloc)
    ):
        return canonicalize(declared)
    return canonicalize(url)


def _normalised_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def content_hash(text: str) -> str:
    """Hash of the words only, so whitespace and punctuation edits do not hide an exact copy."""
    return hashlib.sha1(" ".join(_normalised_words(text)).encode("utf-8")).hexdigest()


def minhash_of(text: str) -> list[int]:
    """MinHash over word 3-shingles: robust to a changed headline or one reworded sentence."""
    words = _normalised_words(text)
    m = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    shingles = {" ".join(words[i : i + 3]).encode("utf-8") for i in range(max(1, len(words) - 2))}
    m.update_batch(list(shingles))
    return [int(v) for v in m.hashvalues]


_WARM_UP = (
    "Pemerintah Kota Kendari menggelar rapat evaluasi reformasi birokrasi bersama seluruh kepala dinas, "
    "kata Sekretaris Daerah Provinsi Sulawesi Tenggara di Kendari, Senin."
)


def init_worker() -> None:
    """Build the per-process NLP resources before the first record arrives.

    Lexicons load eagerly, but the spaCy tokenizer, the region matchers and the stemmer cache
    are built on first use: one throw-away annotation builds them all, so the first real
    record is not seconds slower than the rest.
    """
    load_resources()
    annotate(_WARM_UP, title="Rapat evaluasi")


def _bare(raw: RawInput) -> RawInput:
    return replace(raw, payload=b"")


def _precheck(raw: RawInput) -> str | None:
    ctype = (raw.content_type or "").lower()
    if ctype and "html" not in ctype and "xml" not in ctype:
        return "not_html"
    if not raw.payload.strip():
        return "empty"
    return None


def _extract(raw: RawInput, limits: LimitsConfig) -> tuple[ExtractedArticle | None, str | None]:
    """(extracted article, None) or (None, skip reason): the caps and the CPU time limit of ``limits``
    apply to each page (``too_large``, ``too_complex``, ``extract_timeout``)."""
    reason = _precheck(raw)
    if reason:
        return None, reason
    art, reason = extract_checked(
        raw.payload,
        url=raw.url,
        content_type=raw.content_type,
        default_tz=raw.timezone or national_zone(),
        limits=limits,
    )
    if art is None or not art.text.strip():
        return None, reason or "no_article_text"
    return art, None


def _reads_as_news(
    url: str, title: str | None, published: datetime | None, text: str, min_words: int
) -> bool:
    """A page of an unknown outlet counts as a news article when it has a title, a publication date,
    a path below the home page and ``min_words`` words of text: home and section pages fail one of them."""
    return (
        bool(title)
        and published is not None
        and urlsplit(url).path not in ("", "/")
        and len(text.split()) >= min_words
    )


def enrich_article(
    group: Sequence[RawInput], *, any_language: bool = False, limits: LimitsConfig | None = None
) -> EnrichedArticle:
    """Page 1 (``group[0]``) and its pages 2..n in page order -> one article, annotated once.

    Never raises for bad input: a record that cannot become an article gets a skip reason. A
    group whose first record is not a page 1 is an orphan (its page 1 is missing or unreadable).
    Each page gets ``limits.extract_cpu_seconds`` of CPU time for extraction, and the article as much
    again for its NLP (``annotate_timeout``).
    """
    limits = limits or LimitsConfig()
    first = group[0]
    out = EnrichedArticle(raw=_bare(first), pages=tuple(_bare(r) for r in group[1:]))
    if first.page > 1:
        out.skip_reason = "orphan_page"
        return out
    art, reason = _extract(first, limits)
    if art is None:
        out.skip_reason = reason
        return out
    texts = [art.text.strip()]
    skips: list[str] = []
    for page in group[1:]:
        more, why = _extract(page, limits)
        if more is None:
            skips.append(f"page_{why}")
        else:
            texts.append(more.text.strip())
    text = "\n\n".join(texts)
    out.page_skips = tuple(skips)
    out.title = art.title
    out.text = text
    out.canonical_url = first.canonical_url or canonical_for(first.url, art.canonical_url)
    out.author = art.author
    out.editor = art.editor
    out.attribution = art.attribution
    out.site_name = art.site_name
    out.published_at = art.published_at
    out.published_raw = art.published_raw
    out.next_page_url = art.next_page_url
    out.language = detect_language(text) if len(texts) > 1 else art.language
    if out.language != "id" and not any_language:
        out.skip_reason = "not_indonesian"
        return out
    if first.min_words and not _reads_as_news(first.url, art.title, art.published_at, text, first.min_words):
        out.skip_reason = "not_an_article"  # a home, section or tag page of an outlet of no registry
        return out
    try:
        with cpu_limit(limits.extract_cpu_seconds):
            out.minhash = minhash_of(text)
            out.annotation = annotate(
                text, title=art.title or "", home_province_code=first.home_province_code
            )
    except ExtractTimeout:
        log.warning("article %s skipped [annotate_timeout]: its NLP took more than %s s of CPU time",
                    first.url, limits.extract_cpu_seconds)  # fmt: skip
        out.minhash, out.annotation, out.skip_reason = [], None, "annotate_timeout"
    return out


def enrich(
    raw: RawInput, *, any_language: bool = False, limits: LimitsConfig | None = None
) -> EnrichedArticle:
    """One single-page record (kept for callers that enrich page by page)."""
    return enrich_article([raw], any_language=any_language, limits=limits)


def enrich_many(
    groups: Sequence[Sequence[RawInput]], any_language: bool = False, limits: LimitsConfig | None = None
) -> list[EnrichedArticle]:
    """A chunk of articles in one worker call: fewer round trips through the pool's pipes."""
    return [enrich_article(g, any_language=any_language, limits=limits) for g in groups]


def summary(article: EnrichedArticle) -> dict[str, Any]:
    """A short, log-friendly description of an enriched record."""
    return {
        "url": article.raw.url,
        "skip": article.skip_reason,
        "title": article.title,
        "words": len(article.text.split()),
    }
