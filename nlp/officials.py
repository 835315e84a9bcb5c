"""Officials named in an article: who they are, which post they hold, and whether they are acting.

No NER model for Indonesian runs offline here, so this is a rule matcher over a positions lexicon
(``data/positions.yaml``). Indonesian news names an official in a handful of fixed shapes::

    POSITION, NAME          Asisten III Setda Kota Kendari, Imran Ismail, membuka ...
    NAME, POSITION          Sri Yusnita, Inspektur Kota Kendari, menjelaskan ...
    POSITION NAME           Bupati Lumajang Thoriqul Haq menegaskan ...
    NAME selaku POSITION    Budi Santoso selaku Kepala BKPSDM ...
    NAME (POSITION)         ... dipimpin Hendrikus Wora (Kepala Bappeda Kabupaten Ngada) ...

Where a position ends and a name begins without a comma is settled by the lexicon's body words and
the Kemendagri place names (``Bupati Lumajang | Thoriqul Haq``), by titles (``Prof.`` starts a name)
and, after heads such as Camat, by district names.

A position with no person (``Wali Kota Kendari`` alone) gives nothing, because analysts count people.
Later bare references (``tegas Imran``) only ever point back at a full name already introduced: a
first name alone says nothing about the post, and would add people the article never placed.
Lines that are bylines or related-article links are skipped whole, so a journalist or a name in
a "Baca Juga" headline is never taken for an official.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz

from nlp.text import furniture_prefixes, normalise, sentence_at, sentence_spans

__all__ = [
    "Official",
    "PositionLexicon",
    "extract_officials",
    "load_position_lexicon",
    "official_id",
    "same_person",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Official:
    """One person holding a public post, as the article names them.

    ``position`` is the article's own wording including its place (``Asisten III Setda Kota
    Kendari``); ``organisation`` is that wording without the post's head word, or None when the
    article gives only the head (``Bupati``). ``evidence`` is the sentence that placed the person.
    """

    name: str
    position: str
    organisation: str | None
    acting: bool
    evidence: str
    #: the regency, province or organisation served (``nlp.jurisdiction``); set by ``nlp.annotate``
    jurisdiction: str | None = None


@dataclass(frozen=True)
class _Head:
    words: tuple[str, ...]
    needs_qualifier: bool


@dataclass(frozen=True)
class PositionLexicon:
    """The positions lexicon in matcher form (sets and a head index), built once per process."""

    heads: dict[str, tuple[_Head, ...]]  # first word -> heads starting with it, longest first
    acting: dict[str, tuple[tuple[str, ...], ...]]
    org_words: frozenset[str]
    org_phrases: dict[str, tuple[tuple[str, ...], ...]]
    connectors: frozenset[str]
    place_words: frozenset[str]
    places: dict[str, tuple[tuple[str, ...], ...]]  # first word -> place names (token tuples), longest first
    titles: frozenset[str]
    ranks: frozenset[str]  # police and military ranks and corps marks: neither post nor name
    degrees: frozenset[str]
    particles: frozenset[str]
    attribution_verbs: frozenset[str]
    not_names: frozenset[str]
    byline_labels: tuple[str, ...]
    related_labels: tuple[str, ...]
    non_government: frozenset[str]
    venue_words: frozenset[str]
    former_words: frozenset[str]
    org_prefixes: tuple[str, ...]
    starters: frozenset[str]  # first words of heads and acting prefixes, as written and lower-cased
    place_heads: frozenset[str]  # heads whose next word is normally their place (Camat Mandonga)
    districts: dict[str, tuple[tuple[str, ...], ...]]  # Kemendagri kecamatan names, for place_heads only
    starter_re: re.Pattern[str]  # any starter as a whole word: lines without one are not tokenised
    attribution_re: re.Pattern[str]  # attribution verb (+ optional -nya) and the capitalised word after


_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|IX|X|XI{0,3})[A-C]?$")
_TOKEN = re.compile(r"[\w'’]+(?:[.\-/][\w'’]+)*\.?|[^\w\s]")
_HEADLINE_MIN_WORDS, _HEADLINE_MAX_WORDS = 4, 24  # longer title-case lines are lists of people
# The longest post on the measured articles runs ~25 tokens past its head (``Kepala Bidang ... Badan
# Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM) Kabupaten X``). The scans for the end of
# a post stop after this many: a longer capitalised run is a list or a headline, and scanning it to
# its end from every head in it made a line of repeated heads ("Bupati Bupati ...") quadratic.
_MAX_POSITION_TOKENS = 48


def _split(phrase: str) -> tuple[str, ...]:
    return tuple(_tokenise_plain(phrase))


def _tokenise_plain(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(text)]


def _index(phrases: list[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        if p:
            out.setdefault(p[0], []).append(p)
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}


def _places_from_lokal() -> tuple[list[str], list[str]]:
    """Province and regency names (without Kabupaten/Kota), so ``Bupati Lumajang X`` splits at X;
    and district (kecamatan) names, used only after heads such as Camat."""
    import gzip
    import json

    raw = resources.files("lokal").joinpath("data").joinpath("wilayah.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    names: list[str] = []
    districts: list[str] = []
    for code, name in data.items():
        level = code.count(".")
        bare = re.sub(r"^(?:Kabupaten|Kota|Provinsi)\s+", "", name)
        variants = [bare]
        if " " in bare:  # news spells "Bau Bau" as Baubau, "Kulon Progo" as Kulonprogo
            variants += [bare.replace(" ", ""), bare.title().replace(" ", "")]
        if level <= 1:
            names += variants
        elif level == 2:
            districts += variants
    return names, districts


def _build_lexicon(raw: dict[str, Any], places: list[str], districts: list[str]) -> PositionLexicon:
    qualified = set(raw.get("needs_qualifier", []))
    heads: list[_Head] = [_Head(_split(h), h in qualified) for h in raw["heads"]]
    head_index: dict[str, list[_Head]] = {}
    for h in heads:
        head_index.setdefault(h.words[0], []).append(h)
    org_words = [w for w in raw["org_words"] if " " not in w]
    org_phrases = [_split(w) for w in raw["org_words"] if " " in w]
    place_tokens = [_split(p) for p in [*places, *raw.get("places_extra", [])]]
    starters = {w for k in [*head_index, *(_split(a)[0] for a in raw["acting"])] for w in (k, k.lower())}
    return PositionLexicon(
        heads={k: tuple(sorted(v, key=lambda h: len(h.words), reverse=True)) for k, v in head_index.items()},
        acting=_index([_split(a) for a in raw["acting"]]),
        org_words=frozenset(org_words),
        org_phrases=_index(org_phrases),
        connectors=frozenset(raw["connectors"]),
        place_words=frozenset(raw["place_words"]),
        places=_index(place_tokens),
        titles=frozenset(raw["titles"]),
        ranks=frozenset(raw.get("ranks", ())),
        degrees=frozenset(d.rstrip(".") for d in raw["degrees"]),
        particles=frozenset(raw["particles"]),
        attribution_verbs=frozenset(raw["attribution_verbs"]),
        attribution_re=re.compile(
            r"\b(?:" + "|".join(map(re.escape, raw["attribution_verbs"])) + r")(?:nya)?,?\s+([A-Z][\w'’]+)"
        ),
        not_names=frozenset(raw["not_names"]),
        byline_labels=tuple(label.lower() for label in raw["byline_labels"]),
        related_labels=furniture_prefixes(),
        non_government=frozenset(w.rstrip(".") for w in raw["non_government"]),
        venue_words=frozenset(raw.get("venue_words", [])),
        former_words=frozenset(raw.get("former_words", [])),
        org_prefixes=tuple(raw.get("org_prefixes", [])),
        starters=frozenset(starters),
        place_heads=frozenset(raw.get("place_heads", [])),
        districts=_index([_split(d) for d in districts]),
        starter_re=re.compile(
            r"(?<![\w.])(?:"
            + "|".join(sorted(map(re.escape, starters), key=len, reverse=True))
            + r")(?![\w'’])"
        ),
    )


@lru_cache(maxsize=1)
def load_position_lexicon() -> PositionLexicon:
    """Read ``positions.yaml`` (shipped as ``rbmon_data``) and the Kemendagri place names, once."""
    text = resources.files("rbmon_data").joinpath("positions.yaml").read_text(encoding="utf-8")
    return _build_lexicon(yaml.safe_load(text), *_places_from_lokal())


# --------------------------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int


def _tokens(line: str, lex: PositionLexicon) -> list[_Tok]:
    """Words with their offsets; a trailing period stays on titles, degrees and initials only."""
    out: list[_Tok] = []
    for m in _TOKEN.finditer(line):
        t = m.group()
        if len(t) > 1 and t.endswith(".") and not _keeps_period(t, lex):
            out.append(_Tok(t[:-1], m.start(), m.end() - 1))
            out.append(_Tok(".", m.end() - 1, m.end()))
        else:
            out.append(_Tok(t, m.start(), m.end()))
    return out


def _keeps_period(t: str, lex: PositionLexicon) -> bool:
    if t in lex.titles or t in lex.particles or t.rstrip(".") in lex.degrees:
        return True
    if t[:-1] in lex.acting or t in lex.acting:
        return True
    if "." in t[:-1]:  # S.Sos., K.H.
        return True
    return len(t) == 2 and t[0].isupper()  # initial "A."


def _is_cap(t: str) -> bool:
    return t[:1].isupper()


@lru_cache(maxsize=65536)  # called for every token of every scan; news repeats its words
def _is_acronym(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2 and not t.endswith(".")


# ------------------------------------------------------------------------------------------ the lines


def _is_boilerplate_line(line: str, lex: PositionLexicon) -> bool:
    s = line.strip().lstrip("*-–—•>#[( ").strip()
    low = s.lower()
    if low.startswith(lex.related_labels):
        return True
    if not low.startswith(lex.byline_labels):
        return False
    for label in lex.byline_labels:
        if low.startswith(label):
            rest = s[len(label) :].lstrip()
            if not rest or rest[:1] in ":|/-–—=)" or len(s.split()) <= 4:
                return True
    return False


def _is_headline(line: str) -> bool:
    """Title-case lines (the headline repeated in the body, sub-headings) are not prose."""
    s = line.strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", s)]
    if not _HEADLINE_MIN_WORDS <= len(words) <= _HEADLINE_MAX_WORDS or s.endswith((".", "”", '"', ")")):
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.7


# ---------------------------------------------------------------------------------------- matching


@dataclass
class _Found:
    name_tokens: tuple[str, ...]
    position: str
    organisation: str | None
    acting: bool
    at: int  # char offset in the line, for the evidence sentence


class _Line:
    """One prose line with the matcher state; methods read like the patterns they implement."""

    def __init__(self, text: str, lex: PositionLexicon, attributed: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.lex = lex
        self.toks = _tokens(text, lex)
        self.n = len(self.toks)
        self._head_start = self._head_end = -1
        self.attributed = attributed
        # Scans over a capitalised run step from token to token by rules that depend only on the
        # token, so every token a scan visits ends the same way: memoised per start, a line of
        # many heads costs one pass instead of one pass per head.
        self._comma_runs: dict[int, int] = {}
        self._body_runs: dict[int, tuple[int, bool, int]] = {}

    def t(self, i: int) -> str:
        return self.toks[i].text if 0 <= i < self.n else ""

    def phrase_at(self, i: int, index: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        """Length of the longest phrase of ``index`` starting at token i, 0 if none."""
        for cand in index.get(self.t(i), ()):
            if all(self.t(i + k) == w for k, w in enumerate(cand)):
                return len(cand)
        return 0

    def head_at(self, i: int, *, lower: bool = False) -> _Head | None:
        """The longest head at token i; ``lower`` matches a lower-cased head ("kepala dinas")."""
        t = self.t(i)
        if lower:
            if not t.islower():
                return None
            for h in self.lex.heads.get(t.capitalize(), ()):
                if all(self.t(i + k).lower() == w.lower() for k, w in enumerate(h.words)):
                    return h
            return None
        for h in self.lex.heads.get(t, ()):
            if all(self.t(i + k) == w for k, w in enumerate(h.words)):
                return h
        return None

    # --- position -------------------------------------------------------------------------------

    def extend_position(self, k: int) -> int:
        """Consume the words that continue a position (bodies, places, acronyms, numerals)."""
        lex = self.lex
        while k < self.n:
            t = self.t(k)
            if t in lex.place_words and _is_cap(self.t(k + 1)):
                k += 1
                plen = self.phrase_at(k, lex.places)
                k += plen or 1
                continue
            plen = self.phrase_at(k, lex.places) or self.phrase_at(k, lex.org_phrases)
            if plen:
                k += plen
                continue
            if t == "I" and _is_cap(self.t(k + 1)) and not self._continues(k + 1):
                break  # "I Wayan ...": a Balinese name starts here
            if (
                t in lex.org_words
                or _ROMAN.match(t)
                or (_is_acronym(t) and t not in lex.degrees)
                or (t.startswith(lex.org_prefixes) and _is_cap(t))
            ):
                k += 1
                continue
            if t in lex.connectors and self._continues(k + 1):
                k += 1
                continue
            if t == "(" and self.t(k + 2) == ")" and self._continues(k + 1):  # "Sulawesi Tenggara (Sultra)"
                k += 3
                continue
            if t.isdigit() and self.t(k - 1) in {"Kelas", "Tipe", "Wilayah", "Komisi"}:
                k += 1
                continue
            break
        return k

    def _continues(self, k: int) -> bool:
        t = self.t(k)
        return bool(
            t in self.lex.org_words
            or _is_acronym(t)
            or self.phrase_at(k, self.lex.places)
            or t in self.lex.place_words
            or t.startswith(self.lex.org_prefixes)
        )

    # --- names ----------------------------------------------------------------------------------

    def _name_word(self, t: str) -> bool:
        lex = self.lex
        if not t or t in lex.not_names or t in lex.degrees or t.rstrip(".") in lex.degrees:
            return False
        if t in lex.particles:
            return True
        if t in lex.org_words or t in lex.place_words or t.startswith(lex.org_prefixes):
            return False
        if not _is_cap(t) or not any(c.isalpha() for c in t):
            return False
        return not (_is_acronym(t) and not (len(t) == 2 and t.endswith(".")))

    def name_forward(self, i: int) -> tuple[tuple[str, ...], int] | None:
        """A name starting at token i (titles skipped); returns its words and the index after it."""
        lex = self.lex
        while self.t(i) in lex.titles:
            i += 1
        words: list[str] = []
        while i < self.n and len(words) < 7 and self._name_word(self.t(i)):
            if self.t(i) in lex.titles and words:
                break
            words.append(self.t(i))
            i += 1
        while words and words[-1] in lex.particles and words[-1].islower():  # "... bin" then a verb
            words.pop()
            i -= 1
        if not self._is_person(words):
            return None
        return tuple(words), i

    def name_backward(self, j: int) -> tuple[tuple[str, ...], int] | None:
        """A name ending at token j (degrees and their commas skipped backwards)."""
        lex = self.lex
        while j >= 0 and (self.t(j) == "," or self.t(j).rstrip(".") in lex.degrees):
            j -= 1
        words: list[str] = []
        while j >= 0 and len(words) < 7 and self._name_word(self.t(j)):
            words.insert(0, self.t(j))
            j -= 1
        while self.t(j) in lex.titles:
            j -= 1
        if not self._is_person(words):
            return None
        return tuple(words), j

    def _is_person(self, words: list[str]) -> bool:
        """A name needs a word that is neither a particle, an initial, nor a place ("Di Kendari, ...")."""
        lex = self.lex
        return any(
            w not in lex.particles
            and not (len(w) == 2 and w.endswith("."))
            and (w,) not in lex.places.get(w, ())
            for w in words
        )

    def name_ends(self, i: int) -> bool:
        """Whether a name may end before token i (punctuation, a lower-case word, a degree, the end)."""
        t = self.t(i)
        return not t or not t[0].isalnum() or t[0].islower() or t.rstrip(".") in self.lex.degrees

    # --- patterns -------------------------------------------------------------------------------

    def find(self) -> list[_Found]:
        found: list[_Found] = []
        i = 0
        starters = self.lex.starters
        while i < self.n:
            if self.toks[i].text not in starters:
                i += 1
                continue
            start = i
            acting = False
            alen = self.phrase_at(i, self.lex.acting)
            if alen:
                j = i + alen + (self.t(i + alen) == ".")
                if self.t(j) == "(" and self.t(j + 2) == ")":  # "Pelaksana Tugas (Plt) Kepala ..."
                    j += 3
                if self.head_at(j) or self.head_at(j, lower=True):
                    acting = True
                    i = j
            head = self.head_at(i)
            lower = False
            if head is None:
                # "anggota DPRD Kabupaten Semarang, Muhammad ...": a lower-case post counts only in
                # the comma shape, where the name that follows is unambiguous
                head = self.head_at(i, lower=True)
                lower = True
            if head is None:
                i = start + 1
                continue
            hend = i + len(head.words)
            self._head_start, self._head_end = i, hend
            if self._venue_or_former(start):
                i = hend
                continue
            end = self.extend_position(hend)
            match = self._comma_scan(hend)
            if match is not None and (head.needs_qualifier or lower) and match[1] == hend:
                match = None
            if match is None and not lower:
                if head.needs_qualifier and end == hend:
                    i = end
                    continue
                match = self._after_position(end)
            k_after = end
            if match is not None:
                name, pos_end, k_after = match
                found.append(self._make(start, pos_end, hend, name, acting))
            elif not lower:
                before = self._before_position(start, end)
                if before is not None:
                    found.append(self._make(start, end, hend, before, acting))
            i = max(k_after, start + 1)
        return found

    def _venue_or_former(self, start: int) -> bool:
        prev, prev2 = self.t(start - 1), f"{self.t(start - 2)} {self.t(start - 1)}"
        lex = self.lex
        return prev in lex.venue_words or prev2 in lex.venue_words or prev in lex.former_words

    def _comma_scan(self, hend: int) -> tuple[tuple[str, ...], int, int] | None:
        """POSITION, NAME where the position runs over words the lexicon does not know.

        Everything capitalised between the head and the comma is the article's own wording of the
        post (``Kalapas Narkotika Kelas IIA Muara Beliti, Ronald ...``); a comma followed by a body
        word continues it (``Dinas Komunikasi, Informatika dan Statistik``).
        """
        k = self._comma_run(hend)
        if k < 0 or k - hend >= _MAX_POSITION_TOKENS:
            return None  # no comma, or a capitalised run longer than any post: a list or a headline
        got = self.name_forward(k + 1)
        if got and self.name_ends(got[1]):
            return got[0], k, got[1]
        return None

    def _comma_run(self, start: int) -> int:
        """Index of the comma that ends the capitalised run from ``start``, or -1 when none does."""
        lex = self.lex
        visited: list[int] = []
        k, result = start, -1
        while k < self.n:
            if k in self._comma_runs:
                result = self._comma_runs[k]
                break
            visited.append(k)
            t = self.t(k)
            if t in lex.titles:
                break
            if t == ",":
                nxt = self.t(k + 1)
                if nxt in lex.org_words and not self.head_at(k + 1):
                    k += 1
                    continue
                result = k
                break
            if _is_cap(t) or _ROMAN.match(t) or t.isdigit():
                k += 1
                continue
            if t in lex.connectors and _is_cap(self.t(k + 1)):
                k += 1
                continue
            if t == "(" and self.t(k + 2) == ")":
                k += 3
                continue
            break
        for v in visited:
            self._comma_runs[v] = result
        return result

    def _after_position(self, end: int) -> tuple[tuple[str, ...], int, int] | None:
        """POSITION, NAME  |  POSITION NAME  (with an unknown place folded into the position)."""
        if self.t(end) == ",":
            got = self.name_forward(end + 1)
            if got and self.name_ends(got[1]):
                return got[0], end, got[1]
            return None
        if not _is_cap(self.t(end)) and self.t(end) not in self.lex.titles:
            return None
        tail = self._name_after_last_body_word(end)
        if tail is not None:
            return tail
        got = self.name_forward(end)
        if not got or not self.name_ends(got[1]):
            return None
        # "Wali Kota Baubau, menyebut": a lone word right after a bare head is its place, not a person
        if (
            len(got[0]) == 1
            and end == self._head_end
            and self.t(end) not in self.lex.titles
            and got[0][0] not in self.attributed  # "... ujar Sudirman" shows the word is a person
        ):
            return None
        split = self._split_unknown_place(got[0], end)
        if split:
            return got[0][split:], end + split, got[1]
        # "Kalapas Kelas IIA Muara Beliti, Ronald Heru": the first run is a place, the second the name
        if self.t(got[1]) == ",":
            second = self.name_forward(got[1] + 1)
            if second and self.name_ends(second[1]) and self.t(end) not in self.lex.titles:
                nxt = self.t(second[1])
                if nxt in {",", "", "."} or nxt[:1].islower():
                    return second[0], got[1], second[1]
        return got[0], end, got[1]

    def _name_after_last_body_word(self, end: int) -> tuple[tuple[str, ...], int, int] | None:
        """POSITION NAME where the position has words the lexicon lacks before its last body word.

        ``Asisten Deputi Perumusan dan Koordinasi Kebijakan RB Kementerian PANRB Dian Anggraeni``:
        the capitalised run goes on past the lexicon's words, and the name is what follows the
        run's last body word, acronym or place; a title (``Prof.``) also marks where the name starts.
        """
        brk, at_title, last_body = self._body_run(end)
        if brk >= self._head_end + _MAX_POSITION_TOKENS:
            return None  # a capitalised run longer than any post: a list or a headline
        last = brk - 1 if at_title else last_body
        if last < end:
            return None
        got = self.name_forward(last + 1)
        if not got or not self.name_ends(got[1]) or len(got[0]) < 2:
            return None
        return got[0], last + 1, got[1]

    def _body_run(self, start: int) -> tuple[int, bool, int]:
        """Where the capitalised run from ``start`` breaks, whether at a title, and its last body word.

        The last body word (a lexicon word, acronym, place or numeral) is -1 when the run has none.
        """
        lex = self.lex
        visited: list[int] = []
        k, at_title, last = start, False, -1
        while k < self.n:
            if k in self._body_runs:
                k, at_title, tail_last = self._body_runs[k]
                last = max(last, tail_last)
                break
            visited.append(k)
            t = self.t(k)
            if t in lex.titles:
                at_title = True
                break
            if t in lex.connectors and _is_cap(self.t(k + 1)):
                k += 1
                continue
            if t == "(" and self.t(k + 2) == ")":
                k += 3
                continue
            if not (_is_cap(t) or _ROMAN.match(t)):
                break
            if t == "I" and _is_cap(self.t(k + 1)) and not self._continues(k + 1):
                break  # "I Wayan ...": the name starts here
            if self._continues(k) or _ROMAN.match(t):
                last = k
            k += 1
        for v in visited:
            # from a later start, only the body words at or after it count
            self._body_runs[v] = (k, at_title, last if last >= v else -1)
        return k, at_title, last if last >= start else -1

    def _split_unknown_place(self, words: tuple[str, ...], end: int) -> int:
        """How many leading words of a run after a bare head are its place, not the person.

        ``Camat Mandonga Sudirman``: Mandonga is a district (Kemendagri list) and Camat takes a place.
        0 when nothing says so. (A later ``ujar Sudirman`` cannot settle it: people are quoted by any
        part of their name, so it would cut ``Lalu Ahmad Fauzan`` after ``kata Fauzan``.)
        """
        if len(words) < 2 or self.t(end) in self.lex.titles or end != self._head_end:
            return 0
        head = " ".join(self.t(k) for k in range(self._head_start, self._head_end))
        if head in self.lex.place_heads:
            plen = self.phrase_at(end, self.lex.districts)
            if 0 < plen < len(words):
                return plen
        return 0

    def _before_position(self, start: int, end: int) -> tuple[str, ...] | None:
        """NAME, POSITION  |  NAME selaku POSITION  |  NAME (POSITION)."""
        j = start - 1
        if self.t(j) == "(":
            if self.t(end) != ")":
                return None
            j -= 1
        elif self.t(j) in {"selaku", "sebagai"}:
            j -= 1
            if self.t(j) == ",":
                j -= 1
        elif self.t(j) == ",":
            j -= 1
        else:
            return None
        got = self.name_backward(j)
        if not got:
            return None
        words, k = got
        # The name must start a clause: a line start, punctuation or a lower-case word before it
        # ("Seksi Haji dan Umrah (Kasi PHU)": after a connector it is the end of another post).
        prev = self.t(k)
        if prev and prev[0].isupper() and prev not in self.lex.not_names:
            return None
        if prev in self.lex.connectors:
            return None
        return words

    def _make(self, start: int, pos_end: int, hend: int, name: tuple[str, ...], acting: bool) -> _Found:
        # "Kapolres Muna AKBP Gunawan": a rank between the post and the name ends the post
        while pos_end - 1 >= hend and self.t(pos_end - 1) in self.lex.ranks:
            pos_end -= 1
        a, b = self.toks[start].start, self.toks[pos_end - 1].end
        position = self.text[a:b].strip(" ,")
        org_start = hend
        while org_start < pos_end and _ROMAN.match(self.t(org_start)):
            org_start += 1
        organisation = self.text[self.toks[org_start].start : b].strip(" ,") if org_start < pos_end else None
        return _Found(name, position, organisation or None, acting, a)


def _clean_name(words: tuple[str, ...], lex: PositionLexicon) -> str:
    kept = [w for w in words if w not in lex.titles and w not in lex.ranks]
    return " ".join(kept).strip(" ,")


def _evidence(spans: list[tuple[int, int, str]], line: str, at: int) -> str:
    """The sentence at char ``at`` (or the next one); ``spans`` is the line split once."""
    span = sentence_at(spans, at)
    return span[2] if span else line.strip()


def extract_officials(text: str, *, title: str = "", lexicon: PositionLexicon) -> list[Official]:
    """Officials in article order, one per person (the first post the article gives them).

    Args:
        text: the article body after boilerplate removal (related links and bylines are skipped
            here as well, so an uncleaned body is safe).
        title: the headline; not searched (headline capitalisation breaks the name rules), kept
            for the API's symmetry with the other matchers.
        lexicon: from :func:`load_position_lexicon`.

    Returns:
        The officials, each with the sentence that placed them.

    >>> lex = load_position_lexicon()
    >>> [o.name for o in extract_officials("Inspektur Kota Kendari, Sri Yusnita, membuka acara.", lexicon=lex)]
    ['Sri Yusnita']
    """
    del title
    lex = lexicon
    out: list[Official] = []
    seen: list[tuple[str, ...]] = []
    seen_by_first: dict[str, list[int]] = {}  # first word of a name -> its indices in ``seen``
    body = normalise(text)
    attributed = _attributed_names(body, lex)
    for raw_line in body.split("\n"):
        line = raw_line.strip()
        if (
            not line
            or not lex.starter_re.search(line)
            or _is_boilerplate_line(line, lex)
            or _is_headline(line)
        ):
            continue
        spans: list[tuple[int, int, str]] | None = None  # the line's sentences, split once if needed
        for f in _Line(line, lex, attributed).find():
            name = _clean_name(f.name_tokens, lex)
            if not name:
                continue
            if any(w in lex.non_government for w in (f.organisation or "").split()):
                continue
            key = tuple(w.lower().rstrip(".") for w in name.split())
            # _same_tokens needs the same first word: look only there, not at every name so far
            # (a line listing thousands of people made this quadratic)
            bucket = seen_by_first.setdefault(key[0], [])
            idx = next((i for i in bucket if _same_tokens(seen[i], key)), None)
            if idx is not None:
                if len(key) > len(seen[idx]):  # a fuller form of a name already seen: keep the fuller one
                    seen[idx] = key
                    o = out[idx]
                    out[idx] = Official(name, o.position, o.organisation, o.acting, o.evidence)
                continue
            bucket.append(len(seen))
            seen.append(key)
            if spans is None:
                spans = sentence_spans(line)
            out.append(Official(name, f.position, f.organisation, f.acting, _evidence(spans, line, f.at)))
    return out


def _attributed_names(text: str, lex: PositionLexicon) -> frozenset[str]:
    """Words that follow an attribution verb (``tegas Imran``, ``ujar Sudirman``): people, not places.

    Attributions never introduce an official on their own: a bare name says nothing of the post,
    and on the measured articles every quoted official was also introduced with a post. They
    refer back to a full name; here they settle whether a lone word after a post is a person.
    """
    names = set()
    for m in lex.attribution_re.finditer(text):
        word = m.group(1)
        if word not in lex.not_names and word not in lex.titles:
            names.add(word)
    return frozenset(names)


def _same_tokens(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other or a part of it that still identifies (``Imran`` within ``Imran Ismail``)."""
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return small == big or (set(small) <= set(big) and small[0] == big[0])


# ------------------------------------------------------------------------------------------ identity

_TITLE_RE = re.compile(
    r"\b(?:h|hj|dr|drs|dra|ir|prof|kh|k\s*h|ust|ustaz|tgk|st|se|sh|mh|msi|mm|mpd|spd|ssos|sstp|mt|map|sip"
    r"|skm|sked|mkes|phd|mba|msc|skom|mkom|ma|lc)\b\.?",
    re.I,
)


def _norm_name(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.split(",")[0])
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("'", "").replace("’", "").replace(".", " ")
    s = _TITLE_RE.sub(" ", s)
    s = re.sub(r"[^a-z\s]", " ", s)
    return " ".join(s.split())


def same_person(a_name: str, b_name: str) -> bool:
    """Whether two spellings name one person (``Rifa'i`` / ``Rifai``, ``Muhamad`` / ``Muhammad``).

    Titles and degrees are ignored. Token order may differ; a missing middle name is tolerated
    only when at least two words agree, since one shared first name identifies nobody.

    >>> same_person("Dr. H. Imran Ismail, M.Si.", "Imran Ismail")
    True
    >>> same_person("Agus Widarto", "Agus Salim")
    False
    """
    a, b = _norm_name(a_name), _norm_name(b_name)
    if not a or not b:
        return False
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    if len(ta) == 1 or len(tb) == 1:
        return fuzz.ratio(a, b) >= 90
    if fuzz.token_sort_ratio(a, b) >= 90:
        return True
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return len(small) >= 2 and fuzz.token_set_ratio(a, b) >= 95 and small[0] == big[0]


def official_id(name: str, jurisdiction: str | None) -> str:
    """Stable id of a person in a jurisdiction: a hash of the normalised name and the jurisdiction.

    >>> official_id("H. Imran Ismail, M.Si.", "Kota Kendari") == official_id("Imran Ismail", "kota  kendari")
    True
    """
    key = f"{_norm_name(name)}|{' '.join((jurisdiction or '').lower().split())}"
    return "off_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
