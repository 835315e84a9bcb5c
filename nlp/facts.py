"""Reported RB results ("facts") of a core RB article: who got which value on which metric, when.

Local news reports results as they are announced ("Pemkot X raih predikat BB SAKIP 2024", "indeks
SPBE 3,12 kategori baik", "Disdukcapil Y raih WBK"), months before any consolidated table. A fact
is ``{subject, metric, value, year, status}`` plus what an analyst checks it by (the number and
the category beside the value, the scale, the pemda and its Kemendagri code, the evidence
sentence). Only what the sentence writes is taken: a year is a written year, never "tahun lalu"
turned into a number; a target, a self-assessment and last year's value are kept apart from an
announced result by their ``status``.

How a sentence is read (cue words in ``data/metrics.yaml``):

1. Metric names (:mod:`nlp.metrics`, on the stems :mod:`nlp.passages` already made) and value
   candidates (:mod:`nlp.values`): numbers, letter predicates, categories, zones, awards. A
   sentence without a metric name borrows the previous sentence's ("... nilai SAKIP. Pada evaluasi
   tahun lalu, Lombok Timur memperoleh nilai 67,15 dengan predikat B").
2. A candidate is a value only where a cue word stands before it (``predikat``, ``nilai``,
   ``kategori``, ``sebesar``, ``(``...), it fits its metric's scale (an SPBE index is 0-5) and it is
   not a count ("64 aplikasi"), a threshold ("di bawah 60"), a scale definition, a proposal
   ("diusulkan meraih WBK") or negated. A number and a predicate side by side ("2,71 dengan
   predikat baik") are one result.
3. Status: the baseline of a change or a comparison ("naik dari B", "turun dari 84,1") is
   ``previous``; a value in a clause that names a self-assessment (``penilaian mandiri``, PMPRB)
   is ``self_assessment``; a value after a target word in its clause (``menargetkan``, ``kejar``)
   is ``target``; the rest is ``announced``.
4. Subject (:mod:`nlp.subjects`): the holder named nearest before the value in its clause (every
   holder of a list: "Dharmasraya dan Payakumbuh zona hijau"; in a ranking list each value has its
   own), else the first after it ("predikat A diraih Pemkab X"), else the previous value's, else
   the previous sentence's, else the article's own pemda. A metric held by units (WBK) needs a
   named unit; a pemda-level metric skips the units. A group of unnamed holders ("11 OPD") makes no
   fact.
5. Year: a year right after the value ("predikat BB SAKIP 2024"), else the nearest one before it in
   its clause ("Pada penilaian 2024, skor MCP ... 78,4"), after the target word for a target.

Pure: passages in, frozen :class:`Fact` tuples out; every loop is bounded by the words of one
sentence, so the time is linear in the article's length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from nlp.gazetteer import Gazetteer
from nlp.metrics import Cue, Metric, MetricRules
from nlp.passages import Passage
from nlp.phrases import TOKEN_RE, PhraseHit
from nlp.regions import RegionResult
from nlp.subjects import ArticleContext, Subject, Word, find_subjects, place_index, split_words
from nlp.values import Found, find_awards, find_grades, find_numbers, find_phrases, find_years, find_zones

__all__ = ["STATUSES", "Fact", "Status", "extract_facts"]

Status = Literal["announced", "target", "self_assessment", "previous"]
STATUSES: tuple[Status, ...] = ("announced", "target", "self_assessment", "previous")

# Words that may stand between the parts of one result ("2,71 dengan predikat baik", "88,4 atau
# kategori baik", "B (67,15)"), and between a value and the year that belongs to it.
_GLUE = frozenset({"atau", "dengan", "dan", "kategori", "predikat", "berpredikat", "(", ")", "yang", "poin",
                   "persen", "nilai", "skor", "indeks", "masuk", "berada", "pada", "di", "level", "mutu",
                   "pelayanan", "zona", "opini"})  # fmt: skip
# Words that make a sentence without a metric's name borrow the previous sentence's metric.
_BORROW_CUES = frozenset({"nilai", "nilainya", "skor", "skornya", "indeks", "predikat", "kategori", "angka",
                          "zona", "capaian", "hasil", "hasilnya", "peringkat"})  # fmt: skip
_SKIP_BEFORE_DARI = frozenset({"predikat", "nilai", "skor", "indeks", "angka", "kategori", "sebelumnya", "posisi",
                               "level", "zona", "poin"})  # fmt: skip
# A letter after these is a class, a type or a rank, not a predicate ("RSUD kelas B").
_NOT_BEFORE_GRADE = frozenset({"kelas", "tipe", "type", "golongan", "huruf", "jalur", "blok", "ruang", "gedung",
                               "lantai", "nomor", "no", "pasal", "ayat", "butir", "seri", "grup", "pos"})  # fmt: skip
# Words a full stop follows inside a sentence ("Kab. Bone", "Dr. Hendra").
_ABBREVIATIONS = frozenset({"kab", "kec", "kel", "dr", "drs", "dra", "h", "hj", "ir", "prof", "no", "st", "jl",
                            "ds", "tk", "kh", "sh", "se", "mm", "msi", "m", "s"})  # fmt: skip
# A range of scores ("81,00 - 100", "antara 2,6 hingga 3,5"): a sentence that defines a scale.
_RANGE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:[-–—]|s\.?d\.?|sampai|hingga(?: kurang dari)?)\s*\d+(?:[.,]\d+)?(?!\s*/)",
    re.I,
)
# A dateline: "SELONG –", "Jakarta (ANTARA) -", "BATAM, KEPRITERKINI.ID –".
_DATELINE = re.compile(r"^[^\n.–—]{2,80}?\s[–—-]{1,2}\s")
# A result sentence is short; longer "sentences" are pages that lost their full stops, and the values
# one sentence can hold are bounded, so no input makes the pairing below quadratic.
_MAX_WORDS = 400
_MAX_VALUES = 64
_COMBINE_GAP = 4
_YEAR_AFTER = 4


@dataclass(frozen=True)
class Fact:
    """One reported result, with the evidence sentence it was read from.

    ``value`` is the normalised result (``"BB"``, ``"3.12"``, ``"WBK"``, ``"hijau"``); ``number``
    and ``category`` hold the numeric and the predicate form when the sentence gives them (the
    value is one of the two, by the metric's ``value`` order in ``metrics.yaml``). ``subject`` is
    the canonical pemda name or the unit's name as written; ``pemda`` is the pemda itself or the
    unit's pemda (None for a central agency's office).
    """

    subject: str
    subject_kind: Literal["pemda", "unit", "agency"]
    subject_code: str | None
    pemda: str | None
    pemda_code: str | None
    metric: str
    value: str
    number: float | None
    category: str | None
    scale: str
    year: int | None
    status: Status
    evidence: str

    def to_contract(self) -> dict[str, Any]:
        """The ``facts`` entry of ``rbmon annotate`` (see architecture.md)."""
        return {
            "subject": self.subject,
            "metric": self.metric,
            "value": self.value,
            "year": self.year,
            "status": self.status,
        }


@dataclass(frozen=True)
class _Value:
    """A value candidate placed on the sentence's words, with its metric once decided."""

    found: Found
    first: int
    last: int
    metric: str = ""


@dataclass(frozen=True)
class _Result:
    """One result before it has its subject: the values it is made of, its metric, status and year."""

    values: tuple[_Value, ...]
    metric: str
    status: Status
    year: int | None

    @property
    def first(self) -> int:
        return self.values[0].first

    @property
    def last(self) -> int:
        return self.values[-1].last


@dataclass
class _Carry:
    """What a sentence leaves to the next: its metric, year and the subject of its last result."""

    metric: str | None = None
    year: int | None = None
    subjects: tuple[Subject, ...] = ()


_FIRSTS: dict[int, tuple[tuple[tuple[str, ...], ...], frozenset[str]]] = {}


def _firsts(cues: tuple[Cue, ...]) -> frozenset[str]:
    """The first words of a cue list (kept per list: the lists live as long as the rules)."""
    got = _FIRSTS.get(id(cues))
    if got is None or got[0] is not cues:
        got = (cues, frozenset(c[0] for c in cues))
        _FIRSTS[id(cues)] = got
    return got[1]


class _Sentence:
    """One sentence's words, clauses and cue positions: everything the rules below look up.

    Cue positions and clause spans are computed once per sentence, so every look-up a value makes
    is a binary search, not a scan of the sentence.
    """

    def __init__(self, text: str, rules: MetricRules) -> None:
        self.text = text
        self.words: tuple[Word, ...] = split_words(text)
        self.lows = [w.lower for w in self.words]
        self.starts = [w.start for w in self.words]
        self.rules = rules
        self._positions: dict[int, list[int]] = {}
        self.clause = self._clauses()
        self._spans: list[tuple[int, int]] = []
        for i, c in enumerate(self.clause):
            if c == len(self._spans):
                self._spans.append((i, i + 1))
            else:
                self._spans[c] = (self._spans[c][0], i + 1)

    def _clauses(self) -> list[int]:
        """The clause number of every word: a ";", a clause-break word ("sedangkan") or a full stop starts one.

        A passage can hold two sentences where the splitter took "predikat B." for an abbreviation.
        """
        out: list[int] = []
        number = 0
        breaks = set(self._cue_positions(self.rules.clause_breaks))
        for i, w in enumerate(self.words):
            if i:
                gap = self.text[self.words[i - 1].end : w.start]
                stop = "." in gap and w.text[:1].isupper() and self.lows[i - 1] not in _ABBREVIATIONS
                if ";" in gap or stop or (i in breaks and self._conjunction(i)):
                    number += 1
            out.append(number)
        return out

    def _conjunction(self, i: int) -> bool:
        """Whether the break word at ``i`` joins clauses: "sementara" is also "provisional" ("nilai sementara")."""
        if self.lows[i] != "sementara" or self.lows[i + 1 : i + 2] == ["itu"]:
            return True
        before = self.text[self.words[i - 1].end : self.words[i].start] if i else ","
        after = self.text[self.words[i].end : self.words[i + 1].start] if i + 1 < len(self.words) else ","
        return "," in before and "," not in after

    def word_at(self, char: int) -> int:
        """The index of the word at (or just after) a character offset."""
        return max(0, bisect.bisect_right(self.starts, char) - 1) if char >= 0 else 0

    def cue_at(self, i: int, cues: tuple[Cue, ...]) -> int:
        """The length of the longest cue starting at word ``i``, or 0."""
        best = 0
        for cue in cues:
            n = len(cue)
            if n > best and tuple(self.lows[i : i + n]) == cue:
                best = n
        return best

    def _cue_positions(self, cues: tuple[Cue, ...]) -> list[int]:
        """Every word index where one of ``cues`` starts (computed once per cue list)."""
        got = self._positions.get(id(cues))
        if got is None:
            firsts = _firsts(cues)
            got = [i for i, low in enumerate(self.lows) if low in firsts and self.cue_at(i, cues)]
            self._positions[id(cues)] = got
        return got

    def cues_in(self, lo: int, hi: int, cues: tuple[Cue, ...]) -> list[int]:
        """Word indices in ``[lo, hi)`` where one of ``cues`` starts."""
        positions = self._cue_positions(cues)
        return positions[bisect.bisect_left(positions, max(0, lo)) : bisect.bisect_left(positions, hi)]

    def clause_span(self, i: int) -> tuple[int, int]:
        """``[lo, hi)`` of the clause that holds word ``i``."""
        if not self._spans:
            return 0, 0
        return self._spans[self.clause[min(i, len(self.clause) - 1)]]


def _metric_mentions(
    passage: Passage, hits: list[PhraseHit], rules: MetricRules, sentence: _Sentence
) -> list[tuple[int, int, str]]:
    """(first word, last word, metric key) of every metric name in the passage, other instruments excluded."""
    if not hits:
        return []
    spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(passage.text)]
    other = [(h.start, h.start + h.length) for h in hits if h.group == "other"]
    names = [(h.start, h.start + h.length) for h in hits if h.group == "name"]
    out = []
    for h in hits:
        if h.group != "metric":
            continue
        a, b = h.start, h.start + h.length
        if any(a < ob and oa < b for oa, ob in other + names):
            continue  # "nilai RB Tematik" is RB Tematik's, "Kemenpan RB" is a ministry
        metric = rules.metrics[h.label]
        following = {tok.lower() for tok in passage.tokens[b : b + 3]}
        if metric.not_followed_by & following:
            continue
        first = sentence.word_at(spans[a][0])
        last = sentence.word_at(spans[b - 1][1] - 1) + 1
        out.append((first, last, h.label))
    # others block values too: they are metrics of no interest here
    for a, b in other:
        out.append((sentence.word_at(spans[a][0]), sentence.word_at(spans[b - 1][1] - 1) + 1, ""))
    return sorted(out)


def _candidates(sentence: _Sentence, rules: MetricRules) -> list[_Value]:
    """Every value candidate of the sentence on its words, in order (years are not values)."""
    text = sentence.text
    lows = set(sentence.lows)
    found: list[Found] = [*find_numbers(text), *find_grades(text)]
    # the costlier patterns only where their words are (most sentences hold none of them)
    if "zona" in lows or "zonasi" in lows:
        found += find_zones(text)
    if "wbk" in lows or "wbbm" in lows or "wilayah" in lows:
        found += find_awards(text)
    if rules.category_pattern is not None and lows & rules.category_cues:
        found += find_phrases(text, rules.category_pattern)
    out: list[_Value] = []
    taken: list[tuple[int, int]] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if any(f.start < b and a < f.end for a, b in taken):
            continue
        taken.append((f.start, f.end))
        first = sentence.word_at(f.start)
        last = sentence.word_at(f.end - 1) + 1
        out.append(_Value(f, first, last))
    return out


def _metric_for(
    value: _Value, mentions: list[tuple[int, int, str]], borrowed: str | None, rules: MetricRules
) -> str | None:
    """The metric a value belongs to: the nearest name before it, else just after it, else the borrowed one."""
    before = [m for m in mentions if m[1] <= value.first and value.first - m[1] <= rules.metric_reach]
    if value.found.kind in ("zone", "award"):
        own = [m for m in mentions if m[0] <= value.first < m[1] or value.first <= m[0] < value.last]
        if own and own[0][2]:
            return own[0][2]
    if before:
        return before[-1][2] or None
    after = [m for m in mentions if m[0] >= value.last and m[0] - value.last <= rules.metric_before]
    if after:
        return after[0][2] or None
    if not mentions and borrowed:
        return borrowed
    return None


def _cued(sentence: _Sentence, value: _Value, metric: Metric, mentions: list[tuple[int, int, str]]) -> bool:
    """Whether a cue word (or the metric's own name) stands just before the value."""
    rules = sentence.rules
    lo = max(0, value.first - rules.value_cue_reach)
    if any(sentence.lows[i] in rules.value_cues for i in range(lo, value.first)):
        return True
    return any(m[2] == metric.key and 0 <= value.first - m[1] <= rules.metric_value_reach for m in mentions)


def _valid(sentence: _Sentence, value: _Value, metric: Metric, mentions: list[tuple[int, int, str]]) -> bool:
    """Whether a candidate is this metric's value at all (its kind, size and cue; not a count)."""
    f = value.found
    rules = sentence.rules
    kind = f.kind
    prev = sentence.lows[value.first - 1] if value.first else ""
    if kind not in ("zone", "award") and _component(sentence, value, metric, mentions):
        return False
    if kind == "grade":
        if f.text not in metric.grades or prev in _NOT_BEFORE_GRADE:
            return False
        return _cued(sentence, value, metric, mentions)
    if kind == "category":
        if f.text not in metric.categories:
            return False
        lo = max(0, value.first - rules.value_cue_reach)
        return any(sentence.lows[i] in rules.category_cues for i in range(lo, value.first))
    if kind in ("zone", "award"):
        return metric.accepts(kind)
    if not metric.accepts("number", f.number):
        return False
    nxt = sentence.lows[value.last] if value.last < len(sentence.lows) else ""
    if nxt in rules.count_nouns and nxt not in rules.score_units:
        return False
    if prev in ("rp", "rp.", "nomor", "no", "pasal", "ayat", "tahun", "ke", "kelas", "golongan"):
        return prev == "ke" and f.decimal  # "naik ke 3,5" yes, "yang ke-12" no
    if nxt in rules.score_units or f.decimal:
        return True
    # a bare integer right after a metric's name is too often a count ("evaluasi RB yang melibatkan 27 OPD")
    lo = max(0, value.first - rules.value_cue_reach)
    return any(sentence.lows[i] in rules.value_cues for i in range(lo, value.first)) or bool(
        sentence.cues_in(max(0, value.first - 2), value.first, rules.target_floor_cues)
    )


def _component(
    sentence: _Sentence, value: _Value, metric: Metric, mentions: list[tuple[int, int, str]]
) -> bool:
    """Whether the value is a component's score ("Domain Kebijakan SPBE (4,90)"), not the metric's."""
    cues = sentence.rules.component_cues
    before = [m[1] for m in mentions if m[2] == metric.key and m[1] <= value.first]
    lo = before[-1] if before else value.first
    lo = min(lo, max(0, value.first - 4))
    span = range(max(0, lo - 3), value.first)
    return any(sentence.lows[i] in cues for i in span)


def _combine(values: list[_Value], sentence: _Sentence) -> list[tuple[_Value, ...]]:
    """Group a number and a predicate of one metric standing side by side into one result."""
    groups: list[list[_Value]] = []
    for v in values:
        if groups:
            g = groups[-1]
            prev = g[-1]
            gap = sentence.lows[prev.last : v.first]
            if (
                prev.metric == v.metric
                and _slot(v) not in {_slot(x) for x in g}
                and len(gap) <= _COMBINE_GAP
                and all(w in _GLUE for w in gap)
                and sentence.clause[prev.first] == sentence.clause[v.first]
            ):
                g.append(v)
                continue
        groups.append([v])
    return [tuple(g) for g in groups]


def _slot(value: _Value) -> str:
    """A result holds at most one number, one letter predicate and one word form (category, zone, award)."""
    kind = value.found.kind
    return kind if kind in ("number", "grade") else "word"


def _group_after(sentence: _Sentence, last: int) -> bool:
    """Whether unnamed holders follow the value ("predikat zona hijau kepada daerah dengan ...")."""
    rules = sentence.rules
    lows = sentence.lows
    return any(
        lows[i] in rules.group_after and lows[i + 1] in rules.group_nouns
        for i in range(last, min(last + 3, len(lows) - 1))
    )


def _in_group(sentence: _Sentence, lo: int, hi: int) -> bool:
    """Whether words ``[lo, hi)`` name a group of unnamed holders ("11 OPD", "tiga daerah", "kabupaten lain")."""
    rules = sentence.rules
    if sentence.cues_in(lo, hi, rules.group_subjects):
        return True
    lows = sentence.lows
    return any(
        (lows[i] in rules.quantifiers or lows[i].isdigit()) and lows[i + 1] in rules.group_nouns
        for i in range(max(0, lo), min(hi, len(lows)) - 1)
    )


def _status(sentence: _Sentence, first: int, last: int) -> tuple[Status, int] | None:
    """The status of a result at words ``[first, last)`` and where its scope starts; None: no result."""
    rules = sentence.rules
    lo, hi = sentence.clause_span(first)
    negations = sentence.cues_in(max(lo, first - rules.negation_reach), first, rules.negation_cues)
    if negations:
        return None
    # previous: "naik dari B", "turun dari 84,1", "dibanding tahun lalu yang 2,9", "84,1 pada tahun sebelumnya"
    k = first - 1
    while k >= lo and sentence.lows[k] in _SKIP_BEFORE_DARI:
        k -= 1
    if k >= lo and sentence.lows[k] == "dari" and sentence.cues_in(lo, k, rules.change_cues):
        return "previous", k
    if sentence.cues_in(max(lo, first - 4), first, rules.previous_before) or sentence.cue_at(
        lo, rules.previous_openers
    ):
        return "previous", first
    after = sentence.cues_in(last, min(hi, last + 3), rules.previous_after)
    if any(sentence.lows[p - 1] != "dari" for p in after):  # "dari sebelumnya 2,65" opens the next value
        return "previous", first
    near = max(lo, first - 2)
    threshold = bool(sentence.cues_in(near, first, rules.threshold_cues))
    floor = bool(sentence.cues_in(near, first, rules.target_floor_cues))
    if sentence.cues_in(lo, hi, rules.self_cues):
        return None if threshold else ("self_assessment", lo)
    targets = sentence.cues_in(lo, first, rules.target_cues)
    if not targets and sentence.cues_in(last, min(hi, last + 3), rules.target_after):
        targets = [lo]
    if targets:
        return None if threshold and not floor else ("target", targets[-1])
    if threshold:
        return None  # "nilai di bawah 60": a threshold, not a result
    return "announced", lo


def _year(
    sentence: _Sentence,
    result: _Result,
    scope: int,
    years: list[tuple[int, int]],
    value_spans: list[tuple[int, int]],
    claimed: set[int],
    metric_ends: list[int],
) -> int | None:
    """The year of a result (see the module docstring, step 5); ``claimed`` years are taken.

    A year between the previous value and this one is this one's ("pada tahun 2023 meraih 3,41 ...
    dan pada tahun 2024 ... 3,50"); a previous value takes the year written right after it first
    ("turun dari 84,1 pada 2023").
    """
    first, last = result.first, result.last
    _lo, hi = sentence.clause_span(first)
    barrier = max([b for a, b in value_spans if b <= first], default=scope)
    following = [a for a, _b in value_spans if a >= last]
    stop = min(following[0] if following else hi, hi)

    def after() -> int | None:
        for pos, year in years:
            if last <= pos < min(stop, last + _YEAR_AFTER + 1) and pos not in claimed:
                if following and following[0] - pos < pos - last:
                    return None  # "70, pada 2025 nilai 75": the year opens the next result
                claimed.add(pos)
                return year
        return None

    def before() -> int | None:
        found = [(pos, y) for pos, y in years if max(scope, barrier) <= pos < first and pos not in claimed]
        if found:
            return found[-1][1]
        if result.status == "previous":
            return None
        # "Pada MCP 2024, skor Merauke 61,25, di bawah Boven Digoel (74,10) dan Mappi (70,85)": a
        # year that opens a list holds for every value after it (a target's only after its cue)
        start = scope if result.status == "target" else 0
        earlier = [(pos, y) for pos, y in years if start <= pos < first and pos not in claimed]
        return earlier[-1][1] if earlier else None

    year = (after() or before()) if result.status == "previous" else (before() or after())
    if year is not None:
        return year
    # "... 4,12 atau kategori A- dalam Evaluasi Pelayanan Publik (PEKPPP) tahun 2024": the metric's year
    for pos, y in years:
        if last <= pos < stop and pos not in claimed and any(0 <= pos - e <= 5 for e in metric_ends):
            claimed.add(pos)
            return y
    return None


def _allowed(subject: Subject, metric: Metric) -> bool:
    if subject.kind == "anaphor":
        return "pemda" in metric.subjects
    return subject.kind in metric.subjects


def _run(subjects: list[Subject], at: int, sentence: _Sentence, step: int) -> list[Subject]:
    """The list of holders around ``subjects[at]`` joined only by commas, "dan" or "serta"."""
    out = [subjects[at]]
    j = at + step
    while 0 <= j < len(subjects):
        a, b = (subjects[j], out[-1]) if step < 0 else (out[-1], subjects[j])
        gap = sentence.lows[a.last : b.first]
        if any(w not in ("dan", "serta", "&", "(", ")") for w in gap) or subjects[j].kind != out[0].kind:
            break
        out.append(subjects[j])
        j += step
    return out if step > 0 else out[::-1]


def _subjects_for(
    result: _Result,
    subjects: list[Subject],
    sentence: _Sentence,
    metric: Metric,
    barrier: int,
    consumed: set[int],
) -> list[Subject] | None:
    """The holders of one result named in its sentence (see the module docstring, step 4).

    Returns None when the value belongs to a group of unnamed holders (no fact at all), an empty
    list when the sentence names no holder for it. ``consumed`` are holders a list after an
    earlier value took ("zona hijau yaitu A, B dan C, dan satu zona kuning yaitu D").
    """
    lo, hi = sentence.clause_span(result.first)
    if _group_after(sentence, result.last):
        return None
    usable = [
        s for i, s in enumerate(subjects) if s.kind != "scope" and _allowed(s, metric) and i not in consumed
    ]
    before = [i for i, s in enumerate(usable) if max(lo, barrier) <= s.first and s.last <= result.first]
    if before:
        if _in_group(sentence, usable[before[-1]].last, result.first):
            return None  # "Inspektorat Tabalong ... dua perangkat daerah masih nilai C": the group's value
        return _run(usable, before[-1], sentence, -1)
    after = [i for i, s in enumerate(usable) if s.first >= result.last and s.last <= hi]
    if after:
        found = _run(usable, after[0], sentence, 1)
        if len(found) > 1 or _introduced(sentence, result.last, usable[after[0]].first):
            consumed.update(subjects.index(s) for s in found)
            return found
    return []


def _introduced(sentence: _Sentence, last: int, holder: int) -> bool:
    """Whether an introducer ("yaitu", "diraih", ":") stands between a value and a holder named after it."""
    if (
        ":" in sentence.text[sentence.words[last - 1].end : sentence.words[holder].start]
        and holder - last <= 4
    ):
        return True
    return bool(sentence.cues_in(last, min(holder, last + 5), sentence.rules.holder_introducers))


def extract_facts(
    passages: Sequence[Passage],
    *,
    regions: RegionResult,
    rules: MetricRules,
    gazetteer: Gazetteer,
) -> tuple[Fact, ...]:
    """The results a (core RB) article reports, one :class:`Fact` per holder, metric, value, year, status.

    Args:
        passages: the article's passages (:func:`nlp.passages.split_passages`): title, lead, body.
        regions: where the story happens (:func:`nlp.regions.resolve_regions`): decides bare
            names that fit several pemda, and the article's own pemda when a sentence names none.
        rules: :func:`nlp.metrics.load_metric_rules`.
        gazetteer: the gazetteer the regions came from.

    Returns:
        Facts in article order; a title's fact is dropped when the body states the same result.

    >>> from nlp.annotate import load_resources
    >>> from nlp.passages import split_passages
    >>> from nlp.regions import resolve_regions
    >>> res = load_resources()
    >>> text = "Pemkab Muara Enim meraih predikat BB dalam evaluasi SAKIP 2024, naik dari B."
    >>> ps = split_passages(text, rules=res.relevance.passages)
    >>> facts = extract_facts(ps, regions=resolve_regions(text, gazetteer=res.gazetteer),
    ...                       rules=res.metrics, gazetteer=res.gazetteer)
    >>> [(f.subject, f.metric, f.value, f.year, f.status) for f in facts]
    [('Kabupaten Muara Enim', 'sakip_predicate', 'BB', 2024, 'announced'), ('Kabupaten Muara Enim', 'sakip_predicate', 'B', None, 'previous')]
    """
    index = place_index(gazetteer)
    context = ArticleContext(
        primary_regencies=frozenset(
            m.code for m in regions.mentions if m.level == "regency" and m.is_primary
        ),
        primary_provinces=frozenset(
            m.code for m in regions.mentions if m.level == "province" and m.is_primary
        ),
    )
    default: list[Subject | None] = []  # computed once, on first need
    facts: list[tuple[Fact, bool]] = []  # (fact, from the title)
    carry = _Carry()
    last_found: list[Fact] = []
    starts = rules.mention_starts
    for passage in passages:
        named_here = not (
            starts.isdisjoint(passage.tokens) and starts.isdisjoint(f for pair in passage.forms for f in pair)
        )
        hits = rules.mentions.find(passage.tokens, passage.forms) if named_here else []
        if not any(h.group == "metric" for h in hits) and (
            carry.metric is None or not _BORROW_CUES.intersection(low for _, low in passage.forms)
        ):
            carry = _Carry()  # most sentences: no metric named, none to borrow
            last_found = []
            continue
        sentence = _Sentence(passage.text, rules)
        if len(sentence.words) > _MAX_WORDS:
            carry = _Carry()  # a "sentence" of a page whose full stops were lost: no result sentence
            last_found = []
            continue
        mentions = _metric_mentions(passage, hits, rules, sentence)
        named = [m for m in mentions if m[2]]
        borrowed = None
        if not named:
            if carry.metric is None:
                carry = _Carry()
                last_found = []
                continue
            borrowed = carry.metric
        found = _read_sentence(
            passage, sentence, mentions, borrowed, carry, rules, index, context, default, passages, regions
        )
        if borrowed and found and last_found:
            # "... Pemkab Banyumas mendapat predikat BB. Total nilai yang diraih mencapai 74,96."
            merged = _merge(last_found + found, rules)
            del facts[len(facts) - len(last_found) :]
            facts += [(f, False) for f in merged]
            last_found = merged
        else:
            facts += [(f, passage.role == "title") for f in found]
            last_found = found
        metrics = {m[2] for m in named}
        if found:
            carry = _Carry(found[-1].metric, found[-1].year, carry.subjects)
        elif len(metrics) == 1:
            carry = _Carry(metrics.pop(), None, ())
        elif not named:
            carry = _Carry()
        else:
            carry = _Carry(named[-1][2], None, ())
    return _deduplicate(facts)


def _read_sentence(
    passage: Passage,
    sentence: _Sentence,
    mentions: list[tuple[int, int, str]],
    borrowed: str | None,
    carry: _Carry,
    rules: MetricRules,
    index: Any,
    context: ArticleContext,
    default: list[Subject | None],
    passages: Sequence[Passage],
    regions: RegionResult,
) -> list[Fact]:
    """The facts of one sentence (``carry.subjects`` is updated with the last holder found)."""
    values: list[_Value] = []
    for v in _candidates(sentence, rules):
        key = _metric_for(v, mentions, borrowed, rules)
        if key is None:
            continue
        metric = rules.metrics[key]
        if _valid(sentence, v, metric, mentions):
            values.append(replace(v, metric=key))
    if not values:
        return []
    values = values[:_MAX_VALUES]
    if sentence.cues_in(0, len(sentence.words), rules.scale_cues) or _RANGE.search(sentence.text):
        return []  # "Predikat Sangat Baik diberikan bagi nilai 3,5 hingga 4,2" defines a scale
    years = [(sentence.word_at(y.start), int(y.text)) for y in find_years(sentence.text)]
    value_spans = [(v.first, v.last) for v in values]
    claimed: set[int] = set()
    subjects = list(
        find_subjects(
            sentence.text,
            sentence.words,
            index=index,
            rules=rules,
            context=context,
            headline=passage.role == "title",
        )
    )
    dateline = _DATELINE.match(sentence.text) if passage.role == "lead" else None
    if dateline:  # "Jakarta (ANTARA) - Ombudsman ...": where it was written, not who was rated
        subjects = [s for s in subjects if sentence.words[s.first].start >= dateline.end()]
    out: list[Fact] = []
    previous: dict[str, tuple[int, list[Subject]]] = {}  # metric -> (end of its last result, holders)
    consumed: set[int] = set()
    for group in _combine(values, sentence):
        metric = rules.metrics[group[0].metric]
        first, last = group[0].first, group[-1].last
        judged = _status(sentence, first, last)
        if judged is None:
            continue
        status, scope = judged
        if metric.mention_is_value and not _award_given(sentence, group[0], status):
            continue
        metric_ends = [m[1] for m in mentions if m[2] == metric.key]
        result = _Result(group, metric.key, status, None)
        year = _year(sentence, result, scope, years, value_spans, claimed, metric_ends)
        if year is None and borrowed and status == "announced":
            year = carry.year
        result = replace(result, year=year)
        lo, _hi = sentence.clause_span(first)
        last_end, last_holders = previous.get(metric.key, (lo, []))
        barrier = last_end if last_end > lo else lo
        named = _subjects_for(result, subjects, sentence, metric, barrier, consumed)
        if named is None:
            continue
        holders = named
        if not holders and (barrier > lo or metric.key in previous):
            holders = last_holders  # "... 88,4 atau mutu B. Angka itu naik dari 84,1": the same holder
        if not holders:
            holders = _fallback(
                sentence, result, metric, carry, borrowed, default, passages, regions, rules, index, context
            )
        if not holders:
            continue
        previous[metric.key] = (last, holders)
        carry.subjects = tuple(holders)
        for holder in holders:
            fact = _fact(
                result, holder, metric, passage.text, default, passages, regions, rules, index, context
            )
            if fact is not None:
                out.append(fact)
    return _merge(out, rules)


def _merge(facts: list[Fact], rules: MetricRules) -> list[Fact]:
    """One result per holder, metric and status in a sentence that gives its number and predicate apart.

    "Pemkot Batam masuk zona hijau ... Batam meraih nilai 91,27" is one result: ``hijau`` with 91.27.
    """
    out: list[Fact] = []
    for f in facts:
        partner = next(
            (
                i
                for i, k in enumerate(out)
                if (k.subject, k.metric, k.status) == (f.subject, f.metric, f.status)
                and (k.number is None) != (f.number is None)
                and (k.category is None or f.category is None)
            ),
            None,
        )
        if partner is None:
            out.append(f)
            continue
        k = out[partner]
        number = k.number if k.number is not None else f.number
        number_fact = k if k.number is not None else f
        category = k.category or f.category
        metric = rules.metrics[f.metric]
        value = k.value
        for kind in metric.value_order:
            if kind == "number" and number is not None:
                value = number_fact.value if number_fact.category is None else _number_text(number)
                break
            if kind != "number" and category is not None:
                value = category
                break
        out[partner] = replace(k, value=value, number=number, category=category, year=k.year or f.year)
    return out


def _number_text(number: float) -> str:
    return format(number, "f").rstrip("0").rstrip(".") if "." in format(number, "f") else format(number, "f")


def _award_given(sentence: _Sentence, value: _Value, status: Status) -> bool:
    """An award or a zone is never a result in a proposal ("menuju WBK"); an award needs a verb that gives it."""
    rules = sentence.rules
    first = value.first
    lo, _hi = sentence.clause_span(first)
    if sentence.cues_in(lo, first, rules.proposal_cues):
        return False
    if status == "target" or value.found.kind != "award":
        return True
    return any(sentence.lows[i] in rules.award_verbs for i in range(max(lo, first - 8), first))


def _fallback(
    sentence: _Sentence,
    result: _Result,
    metric: Metric,
    carry: _Carry,
    borrowed: str | None,
    default: list[Subject | None],
    passages: Sequence[Passage],
    regions: RegionResult,
    rules: MetricRules,
    index: Any,
    context: ArticleContext,
) -> list[Subject]:
    """A holder the sentence does not name: the previous sentence's, else the article's own pemda."""
    lo, _hi = sentence.clause_span(result.first)
    if _in_group(sentence, lo, result.first):
        return []  # "11 OPD masih mendapat nilai ...": unnamed holders
    carried = [s for s in carry.subjects if _allowed(s, metric)] if borrowed else []
    if carried:
        return carried
    if "unit" in metric.subjects and passages and passages[0].role == "title":
        # an article about one unit ("Disdukcapil Wonosobo Raih Predikat WBK") reports that unit's survey
        title = passages[0].text
        units = [
            s
            for s in find_subjects(
                title, split_words(title), index=index, rules=rules, context=context, headline=True
            )
            if s.kind == "unit"
        ]
        if len(units) == 1:
            return units
    if "pemda" not in metric.subjects:
        return []
    own = _default_subject(default, passages, regions, rules, index, context)
    return [own] if own is not None else []


def _default_subject(
    default: list[Subject | None],
    passages: Sequence[Passage],
    regions: RegionResult,
    rules: MetricRules,
    index: Any,
    context: ArticleContext,
) -> Subject | None:
    """The article's own pemda, for a result whose sentence names none.

    In order: a government the title names ("Pemkab X", "Kota X"); a government the lead names;
    the one regency or city where the story happens, if the title names it; any pemda the title
    names ("Lombok Timur Perbaiki ..."). A dateline alone is no pemda of its own: a national
    story from Jakarta is not about Pemprov DKI Jakarta.
    """
    if default:
        return default[0]

    def pemda_in(passage: Passage) -> list[Subject]:
        words = split_words(passage.text)
        found = find_subjects(
            passage.text, words, index=index, rules=rules, context=context, headline=passage.role == "title"
        )
        # a unit's pemda counts as named by its government ("MPP Kampar", "Disdukcapil Kulon Progo")
        return [
            s
            if s.kind == "pemda"
            else Subject("pemda", s.parent or "", s.first, s.last, s.parent_code, gov=True)
            for s in found
            if s.kind == "pemda" or (s.kind == "unit" and s.parent)
        ]

    title = [s for p in passages[:1] if p.role == "title" for s in pemda_in(p)]
    lead = [s for p in passages if p.role == "lead" for s in pemda_in(p)]
    primary = {m.code for m in regions.mentions if m.level == "regency" and m.is_primary}
    choices = [
        next((s for s in title if s.gov), None),
        next((s for s in lead if s.gov), None),
        next((s for s in title if s.code in primary), None) if len(primary) == 1 else None,
        title[0] if title else None,
    ]
    found = next((c for c in choices if c is not None), None)
    default.append(found)
    return found


def _fact(
    result: _Result,
    holder: Subject,
    metric: Metric,
    evidence: str,
    default: list[Subject | None],
    passages: Sequence[Passage],
    regions: RegionResult,
    rules: MetricRules,
    index: Any,
    context: ArticleContext,
) -> Fact | None:
    """The fact of one result and one holder (an anaphor is the article's own pemda)."""
    if holder.kind == "anaphor":
        own = _default_subject(default, passages, regions, rules, index, context)
        if own is None or not _kind_fits(own, holder.name):
            return None
        holder = own
    number = next((v.found.number for v in result.values if v.found.kind == "number"), None)
    number_text = next((v.found.text for v in result.values if v.found.kind == "number"), None)
    words = [v.found for v in result.values if v.found.kind != "number"]
    category = words[0].text if words else None
    value: str | None = None
    for form in metric.value_order:
        if form == "number" and number_text is not None:
            value = number_text
        elif form != "number" and any(w.kind == form for w in words):
            value = next(w.text for w in words if w.kind == form)
        if value is not None:
            break
    if value is None:
        return None
    pemda: str | None = None
    pemda_code: str | None = None
    code: str | None = None
    kind: Literal["pemda", "unit", "agency"] = "agency"
    if holder.kind == "pemda":
        kind, pemda, pemda_code, code = "pemda", holder.name, holder.code, holder.code
    elif holder.kind == "unit":
        kind = "unit"
        own = (
            Subject("pemda", holder.parent, 0, 0, holder.parent_code)
            if holder.parent
            else _default_subject(default, passages, regions, rules, index, context)
        )
        if own is not None:
            pemda, pemda_code = own.name, own.code
    return Fact(
        subject=holder.name,
        subject_kind=kind,
        subject_code=code,
        pemda=pemda,
        pemda_code=pemda_code,
        metric=metric.key,
        value=value,
        number=number,
        category=category,
        scale=metric.scale,
        year=result.year,
        status=result.status,
        evidence=" ".join(evidence.split()),
    )


def _kind_fits(pemda: Subject, kind: str) -> bool:
    """Whether the article's own pemda is what an anaphor ("pemkab", "kota tersebut") can mean."""
    name = pemda.name.lower()
    return name.startswith(kind) or (kind == "provinsi" and name.startswith("provinsi"))


def _deduplicate(facts: list[tuple[Fact, bool]]) -> tuple[Fact, ...]:
    """One fact per (subject, metric, value, year, status); a year beats no year; the body beats the title."""
    body = [f for f, title in facts if not title]
    out: list[Fact] = []
    for f in body + [f for f, title in facts if title and not _stated_in(f, body)]:
        same = [
            i
            for i, k in enumerate(out)
            if (k.metric, k.value, k.status) == (f.metric, f.value, f.status) and _same_holder(k, f)
        ]
        if any(out[i].year == f.year for i in same) or (same and f.year is None):
            continue
        undated = [i for i in same if out[i].year is None]
        if undated:
            out[undated[0]] = f
        else:
            out.append(f)
    return tuple(out)


def _same_holder(a: Fact, b: Fact) -> bool:
    """One holder written two ways: "Disdukcapil Kabupaten Wonosobo" and "Disdukcapil Wonosobo"."""
    if a.subject == b.subject:
        return True
    return (
        a.subject_kind == b.subject_kind == "unit"
        and a.pemda_code == b.pemda_code
        and a.subject.split()[0] == b.subject.split()[0]
    )


def _stated_in(title_fact: Fact, body: list[Fact]) -> bool:
    """Whether the body states the title's result (the same value, or its other form)."""
    for f in body:
        if (f.metric, f.status) != (title_fact.metric, title_fact.status):
            continue
        if not _same_holder(f, title_fact):
            continue
        forms = {f.value, f.category, *([str(f.number)] if f.number is not None else [])}
        if title_fact.value in forms or title_fact.category in forms:
            return True
    return False
