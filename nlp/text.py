"""Indonesian text helpers shared by every matcher in ``nlp/``.

One blank spaCy ``id`` pipeline (tokenizer only: no model download, no network) and one
Sastrawi stemmer with a word cache per process. Sastrawi is slow on cold words (its
dictionary look-ups run per affix combination), so the cache is what makes stemming
affordable: a news article repeats most of its words.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "blank_nlp",
    "furniture_prefixes",
    "normalise",
    "sentence_at",
    "sentence_spans",
    "sentences",
    "stem",
    "stem_words",
]

# Sentence ends: . ! ? followed by space + capital/quote/digit, or a line break. Abbreviations common in
# Indonesian news (Dr., H., S.Sos., Kab., No.) would be split wrongly by a naive rule, so a split is only
# made when the word before the period is longer than 3 letters or is a number.
_PARA = re.compile(r"\n\s*\n|\n")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV_TAIL = re.compile(r"(?:\b[A-Za-z]{1,3}\.|\b(?:[A-Z]\.){1,4}|\bNo\.|\bdll\.|\bdsb\.)$")
_ABBREV_WINDOW = 16  # characters before a sentence end that _ABBREV_TAIL can look at (it spans at most 9)


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    """The blank Indonesian spaCy pipeline (tokenizer rules for ``id``), built once per process."""
    import spacy

    return spacy.blank("id")


def normalise(text: str) -> str:
    """NFKC-normalise and fold the many Unicode spaces scraped pages carry into plain spaces."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+", " ", text)


def sentences(text: str) -> list[str]:
    """Split text into sentences: paragraphs first, then sentence ends that are not abbreviations."""
    out: list[str] = []
    for para in _PARA.split(text):
        para = para.strip()
        if not para:
            continue
        start = 0
        for m in _SENT_END.finditer(para):
            # Only the last few characters can hold an abbreviation (_ABBREV_TAIL spans at most 9 and
            # needs the one before for its \b). Slicing the whole head instead made "H. H. H. ..."
            # quadratic: every abbreviation leaves ``start`` in place and the head keeps growing.
            head = para[max(start, m.start() - _ABBREV_WINDOW) : m.start()].rstrip('"”’) ')
            if _ABBREV_TAIL.search(head):
                continue
            piece = para[start : m.start()].strip()
            if piece:
                out.append(piece)
            start = m.end()
        tail = para[start:].strip()
        if tail:
            out.append(tail)
    return out


def sentence_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` of each sentence of ``text``, in order: split once, look up many.

    Evidence for many matches in one long paragraph must not re-split the paragraph per match
    (quadratic on a 1 MB line of names); split once here and pass the spans to :func:`sentence_at`.
    """
    out: list[tuple[int, int, str]] = []
    pos = 0
    for sent in sentences(text):
        at = text.find(sent, pos)
        if at < 0:
            continue
        out.append((at, at + len(sent), sent))
        pos = at + len(sent)
    return out


def sentence_at(spans: list[tuple[int, int, str]], offset: int) -> tuple[int, int, str] | None:
    """The first span of :func:`sentence_spans` that ends after ``offset`` (binary search), or None.

    The caller decides what a span starting after ``offset`` (the offset is between sentences) means.
    """
    i = bisect.bisect_right(spans, offset, key=lambda span: span[1])
    return spans[i] if i < len(spans) else None


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one lower-cased word, cached (Sastrawi itself re-stems every call)."""
    word = word.lower()
    if not word.isalpha() or len(word) <= 3:
        return word
    return str(_stemmer().stem(word))


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def stem_words(text: str) -> list[str]:
    """Stems of the alphabetic words of ``text``, in order (hyphenated words are stemmed whole)."""
    return [stem(w) for w in _WORD.findall(text)]


# What opens a bulleted item in news text: lists of people and places, and a site's menus.
BULLET_MARKS = frozenset({"-", "•", "*", "▪", "–"})
BULLET_CLASS = "[" + "".join(map(re.escape, sorted(BULLET_MARKS))) + "]"
# A line that opens a list item: a bullet mark or a number ("1." / "2)") and a space (use .match).
BULLET_ITEM = re.compile(rf"(?:{BULLET_CLASS}|\d{{1,2}}[.)])\s")


@lru_cache(maxsize=1)
def furniture_prefixes() -> tuple[str, ...]:
    """Line openings of page furniture (related links, captions, credits): ``data/furniture.yaml``, lower case."""
    from importlib.resources import files

    import yaml

    raw = yaml.safe_load(files("rbmon_data").joinpath("furniture.yaml").read_text(encoding="utf-8"))
    return tuple(str(p).lower() for p in raw["line_prefixes"])
