"""One phrase matcher for every lexicon in ``data/``: Sastrawi stems, exact words and acronyms.

Themes, relevance anchors, frames and governance vocabulary are all lists of Indonesian phrases.
Matching them on stems makes inflections count ("menerapkan sistem merit", "penerapan sistem merit");
a word written ``=word`` is compared as written (Sastrawi stems "kinerja" to "kerja" and "temuan" to
"temu", which would make "pertemuan" an audit finding); acronyms are compared exactly and
case-sensitively ("ZI" is not "zi"). Everything is matched on one tokenisation of the passage, so a
phrase and an acronym over the same words ("RB Tematik", "PAN RB") can exclude each other: within
a group, the longest match at a position wins and the words it covers are not matched again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.text import stem

__all__ = ["TOKEN_RE", "PhraseHit", "PhraseSet", "compile_phrases", "phrase_forms", "tokenise"]

# Tokens keep digits, inner hyphens and a closing "!" (SP4N-LAPOR!, e-SAKIP, KUA-PPAS).
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*!?")

Word = tuple[str, bool]  # (form, exact): exact forms compare the lower-cased word, others its stem


_FORMS: dict[str, tuple[str, str]] = {}
_FORMS_MAX = 200_000  # words of a news year fit; hostile input cannot grow it without bound


def _form(token: str) -> tuple[str, str]:
    got = _FORMS.get(token)
    if got is None:
        low = token.lower()
        got = (stem(low) if low.isalpha() else low, low)
        if len(_FORMS) >= _FORMS_MAX:
            _FORMS.clear()
        _FORMS[token] = got
    return got


def tokenise(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The case-kept tokens of ``text`` and, aligned with them, ``(stem, lower-cased)`` pairs.

    Every token's forms are cached as written: news repeats its words, and stemming (even
    through :func:`nlp.text.stem`'s cache) was most of the time of splitting an article.
    """
    toks = tuple(_bare(t) for t in TOKEN_RE.findall(text))
    return toks, tuple(map(_form, toks))


# "indeks SPBE-nya", "predikat SAKIP-nya": an acronym with the enclitic -nya (-ku, -mu) is the acronym
_ACRONYM_ENCLITIC = re.compile(r"([A-Z][A-Z0-9]+)-(?:nya|ku|mu)")


def _bare(token: str) -> str:
    if token.endswith("!") and not token[:-1].isupper():
        token = token[:-1]  # "Tingkatkan Sistem Merit!": a headline's "!", not "SP4N-LAPOR!"'s
    m = _ACRONYM_ENCLITIC.fullmatch(token) if "-" in token else None
    return m.group(1) if m else token


def phrase_forms(phrase: str) -> tuple[Word, ...]:
    """The words of a lexicon phrase in matcher form (``=word`` exact, others stemmed)."""
    out: list[Word] = []
    for raw in phrase.split():
        if raw.startswith("="):
            out.append((raw[1:].lower(), True))
        else:
            out.extend((stem(w) if w.isalpha() else w.lower(), False) for w in TOKEN_RE.findall(raw))
    return tuple(out)


@dataclass(frozen=True)
class _Entry:
    group: str
    label: str
    text: str
    words: tuple[Word, ...] | tuple[str, ...]
    acronym: bool


@dataclass(frozen=True)
class PhraseHit:
    """One match: its group (a theme key, ``anchor``, a frame name), label, phrase and token index."""

    group: str
    label: str
    text: str
    start: int
    length: int


@dataclass(frozen=True)
class PhraseSet:
    """Compiled phrases and acronyms, indexed by their first word.

    Phrases are keyed by their first form (a stem, or a word as written), acronyms by their first
    token as written; one index serves both, because the key only finds candidates and each entry
    checks its own words. Most tokens of a text start nothing: ``keys`` rejects them with set
    look-ups before any candidate is built.
    """

    index: dict[str, tuple[_Entry, ...]]
    keys: frozenset[str]

    def find(self, tokens: Sequence[str], forms: Sequence[tuple[str, str]]) -> list[PhraseHit]:
        """Leftmost-longest, non-overlapping hits per group, in token order.

        >>> ps = compile_phrases([("t", "x", "reformasi birokrasi"), ("t", "y", "reformasi birokrasi tematik")],
        ...                      [("t", "z", "RB")])
        >>> [h.label for h in ps.find(*tokenise("Evaluasi reformasi birokrasi tematik dan RB"))]
        ['y', 'z']
        """
        hits: list[PhraseHit] = []
        free_from: dict[str, int] = {}
        keys, index = self.keys, self.index
        n = len(tokens)
        for i in range(n):
            s, low = forms[i]
            tok = tokens[i]
            # stem, word, token: in this order, so equal-length matches resolve the same way every run
            found = [k for k in dict.fromkeys((s, low, tok)) if k in keys]
            if not found:
                continue
            best: dict[str, tuple[int, _Entry]] = {}
            for key in found:
                for e in index[key]:
                    if free_from.get(e.group, 0) > i:
                        continue
                    m = len(e.words)
                    if i + m > n or (e.group in best and best[e.group][0] >= m):
                        continue
                    if e.acronym:
                        ok = all(tokens[i + k] == w for k, w in enumerate(e.words))
                    else:
                        ok = all(
                            (forms[i + k][1] if exact else forms[i + k][0]) == w
                            for k, (w, exact) in enumerate(e.words)
                        )
                    if ok:
                        best[e.group] = (m, e)
            for group, (m, e) in best.items():
                hits.append(PhraseHit(group, e.label, e.text, i, m))
                free_from[group] = i + m
        return hits


def compile_phrases(
    phrases: Iterable[tuple[str, str, str]], acronyms: Iterable[tuple[str, str, str]] = ()
) -> PhraseSet:
    """Compile ``(group, label, phrase)`` and ``(group, label, acronym)`` triples into a matcher."""
    index: dict[str, list[_Entry]] = defaultdict(list)
    for group, label, text in phrases:
        words = phrase_forms(str(text))
        if words:
            index[words[0][0]].append(_Entry(group, label, str(text), words, False))
    for group, label, text in acronyms:
        toks = tuple(TOKEN_RE.findall(str(text)))
        if toks:
            index[toks[0]].append(_Entry(group, label, str(text), toks, True))
    return PhraseSet(index={k: tuple(v) for k, v in index.items()}, keys=frozenset(index))
