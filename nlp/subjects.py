"""Who holds a reported result: the pemda, the unit or the agency a sentence names, with where it stands.

A result belongs to whoever the sentence names next to it: a pemda ("Pemkab Muara Enim", "Kota
Tarakan", "Pemprov NTB", a bare "Bulungan" in a ranking list), a service unit of a pemda
("Disdukcapil Kulon Progo", "RSUD Merauke", "Mal Pelayanan Publik Kota Mataram") or an office of a
central agency ("Lapas Kelas IIA Parepare"). A unit is kept apart from its pemda: the Disdukcapil
that won WBK is not the regency. Places that only set the scope ("tertinggi di Kaltara", "Ombudsman
RI Perwakilan Kepri") are marked as such, and a bare government word ("pemkab menargetkan ...")
is an anaphor for the article's own pemda.

Places come from the same gazetteer as :mod:`nlp.regions` (its phrase tables), matched here
directly on the words of one sentence, longest first: only the few sentences that state a result
are read, so no spaCy matcher is needed. Pure: text in, frozen dataclasses out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from nlp.gazetteer import Gazetteer, Target
from nlp.metrics import MetricRules

__all__ = [
    "ArticleContext",
    "PlaceIndex",
    "Subject",
    "Word",
    "find_subjects",
    "place_index",
    "resolve_place",
    "split_words",
]

SubjectKind = Literal["pemda", "unit", "agency", "anaphor", "scope"]

# A word (inner hyphens, apostrophes and slashes kept: "SAKIP-nya", "kabupaten/kota"), the prefix
# "se-" on its own ("se-Kaltara" is a scope), or a parenthesis.
_WORD = re.compile(r"(?i:se-)(?=\w)|\w+(?:[-'’/]\w+)*|[()]")
_PLACE_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_MAX_UNIT_WORDS = 12


class Word(NamedTuple):
    """One word of a sentence: as written, lower-cased, and its character span (a tuple: made per word)."""

    text: str
    lower: str
    start: int
    end: int


def split_words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` with their spans (parentheses are words, other punctuation is not).

    >>> [w.text for w in split_words("Pemerintah Kabupaten (Pemkab) Muara Enim, se-Kaltara.")]
    ['Pemerintah', 'Kabupaten', '(', 'Pemkab', ')', 'Muara', 'Enim', 'se-', 'Kaltara']
    """
    return tuple(Word(m.group(), m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text))


@dataclass(frozen=True)
class Subject:
    """A holder of results named in a sentence, with its word span ``[first, last)``.

    ``name`` is the canonical pemda name (``Kabupaten X``, ``Kota X``, ``Provinsi X``) for a pemda,
    the name as written for a unit or an agency, and the kind of pemda for an anaphor. ``code`` is
    the Kemendagri code of a pemda; ``parent``/``parent_code`` the pemda a unit belongs to.
    """

    kind: SubjectKind
    name: str
    first: int
    last: int
    code: str | None = None
    parent: str | None = None
    parent_code: str | None = None
    #: named as a government ("Pemkab X", "Kota X", "Provinsi X"), not only by a bare place name
    gov: bool = False


@dataclass(frozen=True)
class ArticleContext:
    """What the article says about where it is: decides bare names that fit several pemda ("Bekasi")."""

    primary_regencies: frozenset[str] = frozenset()
    primary_provinces: frozenset[str] = frozenset()
    default_code: str | None = None


@dataclass(frozen=True)
class _Entry:
    lower: tuple[str, ...]
    cased: tuple[str, ...] | None  # set for names matched only as written (or in capitals)
    target: Target


@dataclass
class PlaceIndex:
    """The gazetteer's place phrases by their lower-cased words, and the phrase lengths per first word."""

    gazetteer: Gazetteer
    by_words: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)
    #: first word -> the lengths of the phrases starting with it, longest first
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)


def place_index(gazetteer: Gazetteer) -> PlaceIndex:
    """The phrase index of ``gazetteer``, built once and kept in its cache."""
    cached = gazetteer.cache.get("facts_places")
    if isinstance(cached, PlaceIndex):
        return cached
    by_words: dict[tuple[str, ...], list[_Entry]] = defaultdict(list)
    lengths: dict[str, set[int]] = defaultdict(set)
    for table, cased in ((gazetteer.phrases_ci, False), (gazetteer.phrases_cs, True)):
        for phrase, target in table.items():
            words = tuple(_PLACE_WORD.findall(phrase))
            if not words or target.district:
                continue
            lower = tuple(w.lower() for w in words)
            by_words[lower].append(_Entry(lower, words if cased else None, target))
            lengths[lower[0]].add(len(lower))
    index = PlaceIndex(
        gazetteer, dict(by_words), {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
    )
    gazetteer.cache["facts_places"] = index
    return index


def _match_place(words: tuple[Word, ...], i: int, index: PlaceIndex) -> tuple[int, Target] | None:
    """The longest place phrase starting at word ``i``: (words it spans, target)."""
    for n in index.lengths.get(words[i].lower, ()):
        if i + n > len(words):
            continue
        entries = index.by_words.get(tuple(w.lower for w in words[i : i + n]))
        for entry in entries or ():
            if entry.cased is not None:
                written = tuple(w.text for w in words[i : i + n])
                if written != entry.cased and written != tuple(c.upper() for c in entry.cased):
                    continue
            return n, entry.target
    return None


def _ends_with(words: tuple[Word, ...], end: int, cues: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
    """A cue (lower-case word tuple) ending just before word ``end``, parentheses skipped: (start, value)."""
    j = end - 1
    while j >= 0 and words[j].text in "()":
        j -= 1
    if j < 0 or not any(cue[-1] == words[j].lower for cue in cues):
        return None
    seq = [k for k in range(max(0, end - 6), end) if words[k].text not in "()"]
    for cue, value in cues.items():
        n = len(cue)
        if n <= len(seq) and tuple(words[k].lower for k in seq[-n:]) == cue:
            return seq[-n], value
    return None


def resolve_place(
    target: Target, kind: str | None, gazetteer: Gazetteer, context: ArticleContext
) -> tuple[str, str] | None:
    """The pemda a place phrase names, as (canonical name, Kemendagri code), or None if it cannot say.

    ``kind`` is what the words before it say (``kabupaten``, ``kota``, ``provinsi``); a bare name
    that fits several pemda ("Bekasi") is decided by the article, or not at all.

    >>> from nlp.gazetteer import load_gazetteer
    >>> g = load_gazetteer()
    >>> resolve_place(g.phrases_cs["Jambi"], "provinsi", g, ArticleContext())
    ('Provinsi Jambi', '15')
    """
    if target.blocked or target.district or target.seat:
        return None
    provinces, regencies = target.provinces, target.regencies
    kind = target.kind or kind
    if kind == "provinsi" or (provinces and not regencies):
        return _province(provinces[0], gazetteer) if provinces else None
    candidates = [r for r in regencies if kind is None or gazetteer.regencies[r].kind == kind]
    if provinces and kind is None:
        preferred = [r for r in candidates if r in context.primary_regencies or r == context.default_code]
        if len(preferred) == 1:
            return _regency(preferred[0], gazetteer)
        return _province(provinces[0], gazetteer)
    if len(candidates) > 1:
        known = {*context.primary_regencies, *([context.default_code] if context.default_code else [])}
        candidates = [r for r in candidates if r in known]
    return _regency(candidates[0], gazetteer) if len(candidates) == 1 else None


def _province(code: str, gazetteer: Gazetteer) -> tuple[str, str]:
    return f"Provinsi {gazetteer.provinces[code].name}", code


def _regency(code: str, gazetteer: Gazetteer) -> tuple[str, str]:
    return gazetteer.regencies[code].name, code


def _unit_head(words: tuple[Word, ...], i: int, rules: MetricRules) -> tuple[int, str, bool] | None:
    """A unit head at word ``i`` (as written): (its length, local | vertical, needs a name)."""
    if words[i].text not in rules.unit_head_firsts:
        return None
    best: tuple[int, str, bool] | None = None
    for head, kind in rules.unit_heads.items():
        n = len(head)
        if tuple(w.text for w in words[i : i + n]) == head and (best is None or n > best[0]):
            best = (n, kind, head in rules.unit_heads_need_name)
    return best


def _stop_word(word: Word, rules: MetricRules) -> bool:
    """Words that end a unit's name even when capitalised (a headline is in Title Case)."""
    low = word.lower
    return (
        low in rules.award_verbs
        or (low,) in rules.target_cues
        or (low,) in rules.change_cues
        or low in rules.value_cues
        or word.text in ("WBK", "WBBM")
    )


def find_subjects(
    text: str,
    words: tuple[Word, ...],
    *,
    index: PlaceIndex,
    rules: MetricRules,
    context: ArticleContext,
    headline: bool = False,
) -> tuple[Subject, ...]:
    """Every pemda, unit, agency, anaphor and scope place of one sentence, in order.

    Args:
        text: the sentence.
        words: its :func:`split_words`.
        index: the gazetteer's :func:`place_index`.
        rules: cue lists of ``metrics.yaml`` (kind words, unit heads, anaphors).
        context: the article's places, for bare names that fit several pemda.
        headline: the sentence is a headline (Title Case): only a place or an acronym names a unit.

    >>> from nlp.gazetteer import load_gazetteer
    >>> from nlp.metrics import load_metric_rules
    >>> s = "RSUD Merauke meraih WBK, sedangkan skor MCP Pemkab Merauke tertinggi di Papua Selatan."
    >>> found = find_subjects(s, split_words(s), index=place_index(load_gazetteer()),
    ...                       rules=load_metric_rules(), context=ArticleContext())
    >>> [(f.kind, f.name, f.parent) for f in found]
    [('unit', 'RSUD Merauke', 'Kabupaten Merauke'), ('pemda', 'Kabupaten Merauke', None), ('scope', 'Provinsi Papua Selatan', None)]
    """
    gaz = index.gazetteer
    out: list[Subject] = []
    i, n = 0, len(words)
    while i < n:
        head = _unit_head(words, i, rules)
        before = words[i - 1].lower if i else ""
        if head is not None and before not in rules.unit_not_after:
            unit = _unit(text, words, i, head, index=index, rules=rules, context=context, headline=headline)
            if unit is not None:
                out.append(unit)
                i = unit.last
                continue
        anaphor = _anaphor(words, i, index, rules)
        if anaphor is not None:
            out.append(anaphor)
            i = anaphor.last
            continue
        place = _match_place(words, i, index) if words[i].text not in "()" else None
        if place is None:
            i += 1
            continue
        length, target = place
        kind_cue = _ends_with(words, i, rules.kind_words)
        resolved = resolve_place(target, kind_cue[1] if kind_cue else None, gaz, context)
        if resolved is not None:
            cue_start = kind_cue[0] if kind_cue else i
            scope = cue_start > 0 and (
                words[cue_start - 1].lower in rules.place_not_subject_after
                or words[cue_start - 1].lower == "se-"
            )
            gov = kind_cue is not None or target.kind is not None or words[i].lower in ("provinsi", "prov")
            kind: SubjectKind = "scope" if scope else "pemda"
            out.append(Subject(kind, resolved[0], cue_start, i + length, resolved[1], gov=gov))
        i += length
    return tuple(out)


def _anaphor(words: tuple[Word, ...], i: int, index: PlaceIndex, rules: MetricRules) -> Subject | None:
    """A bare government word ("pemkab", "kota tersebut") not followed by a place name."""
    if words[i].lower not in rules.anaphor_firsts:
        return None
    for cue, kind in rules.anaphors.items():
        n = len(cue)
        if tuple(w.lower for w in words[i : i + n]) != cue:
            continue
        j = i + n
        while j < len(words) and words[j].text in "()":
            j += 1
        if j < len(words) and _match_place(words, j, index) is not None:
            return None  # "Pemerintah Kabupaten (Pemkab) Muara Enim" names its place
        return Subject("anaphor", kind, i, i + n)
    return None


def _unit(
    text: str,
    words: tuple[Word, ...],
    i: int,
    head: tuple[int, str, bool],
    *,
    index: PlaceIndex,
    rules: MetricRules,
    context: ArticleContext,
    headline: bool,
) -> Subject | None:
    """A unit from its head at word ``i``: the head, then its name (capitalised words, "dan", a place)."""
    length, kind, needs_name = head
    j = i + length
    end = j
    while j < len(words) and j - i < _MAX_UNIT_WORDS:
        w = words[j]
        if j > i and any(c in text[words[j - 1].end : w.start] for c in ',;:."“”'):
            break  # "(BPPT), Polri": a comma ends the name
        if w.text == "(":
            close = next((k for k in range(j + 1, min(j + 6, len(words))) if words[k].text == ")"), None)
            if close is None:
                break
            j = close + 1
            end = j
            continue
        if w.lower in ("dan", "&") and j + 1 < len(words):
            nxt = words[j + 1]
            if (
                nxt.text[:1].isupper()
                and _unit_head(words, j + 1, rules) is None
                and not _stop_word(nxt, rules)
            ):
                j += 1
                continue
            break
        if not (w.text[:1].isupper() or w.text[:1].isdigit()) or _stop_word(w, rules):
            break
        place = _match_place(words, j, index)
        if headline and not (w.text.isupper() or w.lower == "kelas" or place):
            break  # a headline capitalises every word: only a place or an acronym names the unit
        if j > i + length and _unit_head(words, j, rules) is not None:
            break
        j += place[0] if place else 1
        end = j
    if needs_name and end == i + length:
        return None
    # the name as written; "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil) Kabupaten X" is
    # called by its acronym: "Disdukcapil Kabupaten X"
    written = text[words[i].start : words[end - 1].end]
    acronym = re.search(r"\(\s*([A-Z][\w-]+)\s*\)", written)
    if acronym and acronym.start() > 0:
        written = acronym.group(1) + " " + written[acronym.end() :]
    name = re.sub(r"\s*\([^)]*\)", "", written)
    name = " ".join(name.split()).strip(" ,.;:")
    parent = None
    for k in range(i + length, end):
        place = _match_place(words, k, index)
        if place is not None:
            kind_cue = _ends_with(words, k, rules.kind_words)
            parent = resolve_place(place[1], kind_cue[1] if kind_cue else None, index.gazetteer, context)
            if parent is not None:
                break
    if kind == "vertical" or any(w.lower in rules.national_words for w in words[i:end]):
        return Subject("agency", name, i, end)
    return Subject(
        "unit", name, i, end, parent=parent[0] if parent else None, parent_code=parent[1] if parent else None
    )
