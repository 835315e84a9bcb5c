"""Officials named in an article: who they are, which post they hold, and whether they are acting.

No NER model for Indonesian runs offline here, so this is a rule matcher over a positions lexicon
(``data/positions.yaml``). Indonesian news names an official in a handful of fixed shapes::

    POSITION, NAME          Asisten III Setda Kota Kendari, Imran Ismail, membuka ...
    NAME, POSITION          Sri Yusnita, Inspektur Kota Kendari, menjelaskan ...
    POSITION NAME           Bupati Lumajang Thoriqul Haq menegaskan ...
    NAME selaku POSITION    Budi Santoso selaku Kepala BKPSDM ...
    NAME (POSITION)         ... dipimpin Hendrikus Wora (Kepala Bappeda Kabupaten Ngada) ...
    NAME, yang kini menjabat POSITION   (and the other links of ``positions.yaml``)
    POSITION NAME dan wakilnya NAME     the second is the deputy of the post just named
    majelis hakim yang diketuai NAME    a panel named by who leads it

Where a position ends and a name begins without a comma is settled by the lexicon's body words and
the Kemendagri place names (``Bupati Lumajang | Thoriqul Haq``), by titles (``Prof.`` starts a name)
and, after heads such as Camat, by district names.

Real pages are messier than the shapes above: sources hard-wrap lines inside a name, leave out the
space after a title or a full stop (``H.Ahmad``, ``Nunukan.Kadis``), write degrees without their
periods (``SKom``) and add a Minang gelar adat after the name (``Dt. Bagindo``). The text is unwrapped
and such tokens split before matching, so every shape sees the words it expects.

A position with no person (``Wali Kota Kendari`` alone) gives nothing, because analysts count people.
A former holder (``mantan Kepala Dinas X, NAME``, often a defendant) is listed with the post as the
article states it, ``mantan`` included: the labels count every named person in a state role.
Later bare references (``tegas Imran``) only ever point back at a full name already introduced: a
first name alone says nothing about the post, and would add people the article never placed.
Lines that are bylines or related-article links are skipped whole, so a journalist or a name in
a "Baca Juga" headline is never taken for an official.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from rapidfuzz import fuzz

from nlp.passages import unwrap_lines
from nlp.text import (
    BULLET_ITEM,
    BULLET_MARKS,
    furniture_prefixes,
    normalise,
    sentence_at,
    sentence_spans,
    stem,
)

if TYPE_CHECKING:
    from nlp.gazetteer import Gazetteer
    from nlp.regions import RegionResult

__all__ = [
    "Official",
    "PositionLexicon",
    "extract_officials",
    "load_position_lexicon",
    "official_id",
    "same_person",
    "with_place",
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
    qualifiers: dict[str, tuple[tuple[str, ...], ...]]  # lower-case words that end a post (sebelumnya)
    links: dict[str, tuple[tuple[str, ...], ...]]  # last word -> "NAME <link> POSITION" links, longest first
    links_after: dict[str, tuple[tuple[str, ...], ...]]  # "POSITION <link> NAME" (dijabat oleh)
    deputy_words: frozenset[str]  # "Bupati X NAME dan wakilnya NAME2": NAME2 is the Wakil Bupati X
    shared_heads: frozenset[str]  # "Wakil Ketua NAME dan NAME2": both hold the post
    led_by: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # "majelis hakim yang diketuai NAME"
    connectors: frozenset[str]
    place_words: frozenset[str]
    places: dict[str, tuple[tuple[str, ...], ...]]  # first word -> place names (token tuples), longest first
    provinces: dict[str, tuple[tuple[str, ...], ...]]  # the province names and short forms among ``places``
    not_places: dict[str, tuple[tuple[str, ...], ...]]  # phrases that start with a place name but are none
    titles: frozenset[str]
    ranks: frozenset[str]  # police and military ranks and corps marks: neither post nor name
    degrees: frozenset[str]
    name_parts: frozenset[str]  # body words that are also name words after a name's first word (Pratama)
    name_stops: frozenset[str]  # words after a name that end it and are not part of it (Dt.)
    date_words: frozenset[str]  # days and months: a date right after a name ends it
    name_months: frozenset[str]  # "Juni Wonda": a month that opens a name before a name word
    place_starters: frozenset[str]  # "Pasar", "Sungai": open a place's name, never a person's
    village_heads: frozenset[str]  # "Kepala Desa": a village's head, its village mostly one word
    degree_keys: frozenset[str]  # the degrees without their periods ("SKom" is "S.Kom")
    degree_folded: frozenset[str]  # the same in capitals: "SHi" and "SHI" are one degree (S.HI)
    particles: frozenset[str]
    attribution_verbs: frozenset[str]
    not_names: frozenset[str]
    #: bodies often named after a person ("RSUD dr. Soedarso"): see ``_named_after_person``
    named_bodies: frozenset[str]
    byline_labels: tuple[str, ...]
    related_labels: tuple[str, ...]
    non_government: frozenset[str]
    state_words: frozenset[str]  # "Fraksi Partai Golkar": a DPRD fraction whatever party word follows
    state_schools: frozenset[str]  # "SMPN": a state school, its head named only when set apart
    field_heads: frozenset[str]  # "Humas": a post's field after a comma or connector inside it
    private_words: frozenset[str]  # non_government words that name no state body (Himpunan, not Panitia)
    venue_words: frozenset[str]
    former_words: frozenset[str]
    org_prefixes: tuple[str, ...]
    starters: frozenset[str]  # first words of heads and acting prefixes, as written and lower-cased
    place_heads: frozenset[str]  # heads whose next word is normally their place (Camat Mandonga)
    heads_of_heads: frozenset[str]  # heads another head qualifies (Staf Ahli Gubernur)
    #: heads that name a post bare before a full name ("didampingi Sekretaris NAME")
    bare_heads: frozenset[str]
    dprd_bare_heads: frozenset[str]  # "Wakil Ketua": bare after the DPRD the line named
    committee_words: frozenset[str]  # an association's officers ("Bendahara"): its secretary is no official
    elected_heads: frozenset[str]  # regional heads: their place is a regency or province, never a district
    numbered_heads: frozenset[str]  # heads numbered in Roman numerals (Asisten I): "I" is no Balinese name
    headline_verbs: frozenset[str]  # "Serahkan", "Menerima": a capitalised verb ends a name
    rotation_links: frozenset[str]  # links of a rotation list ("sebelumnya"): a new post may follow
    new_post_cues: dict[str, tuple[tuple[str, ...], ...]]  # "kini menjabat", "menjadi": the new post
    regency_posts: tuple[str, ...]  # bare posts that belong to the article's regency (Bupati, Sekda)
    short_posts: dict[str, tuple[str, ...]]  # "Dirjen" -> ("Direktur Jenderal",): the post spelt out
    province_posts: tuple[str, ...]  # bare posts that belong to the article's province (Gubernur)
    local_heads: frozenset[str]  # heads whose place may be a village the lexicon lacks (Lurah X)
    voiced_verbs: frozenset[str]  # "Fraksi X dibacakan oleh NAME": the member speaking for the unit
    voiced_units: frozenset[str]
    speakers: dict[str, tuple[tuple[str, ...], ...]]  # "Fraksi X dengan jubir NAME"
    speaker_words: frozenset[str]  # their words after the first, for the quick line filter
    led_verbs: frozenset[str]  # "Dinas X yang dipimpin NAME": the verbs (voiced_verbs too) ...
    led_fillers: frozenset[str]  # ... the words between unit and verb ...
    led_units: frozenset[str]  # ... the units named so ...
    led_groups: frozenset[str]  # ... and the groups (a delegation) that are led, not headed
    chaired_verbs: frozenset[str]  # "Fraksi PDIP diketuai NAME, dengan wakil ketua NAME2": a DPRD body's
    chaired_units: dict[
        str, tuple[tuple[str, ...], ...]
    ]  # chair and officers (chaired_units in positions.yaml)
    chair_officers: dict[str, tuple[tuple[str, ...], ...]]
    place_named_units: frozenset[str]  # Puskesmas X: a place the article writes after one is its place
    numbered_units: frozenset[str]  # Kodim 0724: a unit whose number follows it
    seat_units: tuple[tuple[str, ...], ...]  # Pengadilan Negeri X: a unit named after its seat town
    seat_unit_ends: frozenset[str]  # their last words, to test cheaply
    post_prefixes: frozenset[str]  # UPTD, Plt: before a village's place word, it belongs to a post
    name_openers: frozenset[str]  # Ida, Ni: a Balinese name starts here before a particle
    name_opening: dict[str, tuple[tuple[str, ...], ...]]  # "Anak Agung": opens a name, never a post
    lower_place_words: frozenset[str]  # kota, kabupaten: place words left in lower case inside a post
    districts: dict[str, tuple[tuple[str, ...], ...]]  # Kemendagri kecamatan names, for place_heads only
    village_re: re.Pattern[str]  # "Desa Kalimango", "Puskesmas Cisimeut": a place named by its kind
    attribution_re: re.Pattern[str]  # attribution verb (+ optional -nya) and the capitalised word after

    @staticmethod
    def phrase_at(words: Sequence[str], i: int, index: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        """Length of the longest phrase of ``index`` (``places``, ``not_places`` ...) at ``words[i]``, 0 if none.

        One look-up for every reader of the place index: the line matcher over a line's tokens and
        the annotator over a name's words ("Toni Batu Bara" holds a place).
        """
        if not 0 <= i < len(words):
            return 0
        for cand in index.get(words[i], ()):
            if tuple(words[i : i + len(cand)]) == cand:
                return len(cand)
        return 0


_UNIT_NUMBER = re.compile(r"\d+(?:-\d+)?(?:/[A-Za-z][\w.-]*)?")  # a unit: 1420, 0721/Blora, 420-04
_LIST_CONNECTORS = frozenset({"dan", "serta"})
_LOCATIVE = frozenset({"di", "pada"})
# "Bidang Pengadaan, Pemberhentian, dan Informasi": a pe-/per-/ke- ... -an noun names a field of
# work, never a person, so a comma before one goes on with the post
_NOMINALISATION = re.compile(r"(?:Pe|Ke)[a-z]{4,}an")
_GOVERNMENT_OF = frozenset({"Pemkab", "Pemkot", "Pemprov", "Pemda", "Pemko"})
_DASHES = frozenset({"–", "—"})
_TERM = re.compile(r"(?:19|20)\d\d(?:[-–/](?:19|20)\d\d)?")
_GLUED_KADIS = re.compile(r"Kadi[sn][a-z]{3,}")
_ITEM_ENDS = frozenset({",", ".", ";", "dan", "serta", ""})
# Cues that open a list ("yakni A, B dan C", "antara lain A, B"); the word a cue ends with stands right
# before the list's first item
_LIST_CUES = (("yakni",), ("yaitu",), (":",), ("diantaranya",), ("antara", "lain"), ("di", "antaranya"))
_LIST_OPENERS = frozenset(cue[-1] for cue in _LIST_CUES)
# the agent of a passive: "diresmikan oleh NAME POST", "didampingi NAME POST"
_AGENT_WORDS = frozenset({"oleh", "didampingi"})
_FRACTION = frozenset({"Fraksi", "fraksi"})
# "NAME (Komisi A)", "NAME (Fraksi PKB)": a DPRD member's group in brackets after the name
_MEMBER_GROUPS = frozenset({"Komisi", "Fraksi"})
_COMMISSION_LETTER = re.compile(r"[A-E]")
# what a line names its DPRD members by, for the cheap test of which lines to read
_MEMBER_CUES = tuple(f"dari {f}" for f in _FRACTION) + tuple(f"({g}" for g in _MEMBER_GROUPS)
# between a post and its holder in a list of posts ("Kepala Satpol PP – Plt Andi Hasbullah")
_LIST_DASHES = _DASHES | {"-", ":"}
# what joins a head's and its deputy's names after a shared post ("Yacobus Dumupa – Oskar Makai")
_PAIR_JOINS = _DASHES | {"-", "dan", "&", "/"}
# a line that ends one of these ends a sentence; the last line of a text without one was cut off
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", ")")
# words after a name that lead to the person's own post ("..., Paris Salu dari Kepala Bapenda menjadi ...")
_TO_POST = frozenset(
    {"menjadi", "kini", "sebagai", "dilantik", "ditunjuk", "dipercaya", "diangkat", "jadi", "dari"}
)
_NOW_WORDS = frozenset({"kini", "sekarang"})  # "POST NAME kini menjabat POST2": a move told after the name
_SECOND_POST = frozenset({"selaku", "sekaligus"})  # "POST selaku POST, NAME": one person, two posts
_CLASS_WORDS = frozenset({"Kelas", "Klas"})  # "Lapas Kelas IIA", "PN Kelas IB": a numeral follows
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


def _index(
    phrases: list[tuple[str, ...]], *, reverse: bool = False
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases by their first word, longest first; ``reverse`` takes reversed phrases, keyed by their
    last word, and gives them back in reading order."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        if p:
            out.setdefault(p[0], []).append(tuple(reversed(p)) if reverse else p)
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}


def _places_from_lokal() -> tuple[list[str], list[str], list[str]]:
    """Province and regency names (without Kabupaten/Kota), so ``Bupati Lumajang X`` splits at X;
    district (kecamatan) names, used only after heads such as Camat; and the province names alone."""
    import gzip
    import json

    raw = resources.files("lokal").joinpath("data").joinpath("wilayah.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    names: list[str] = []
    districts: list[str] = []
    provinces: list[str] = []
    for code, name in data.items():
        level = code.count(".")
        bare = re.sub(r"^(?:Kabupaten|Kota|Provinsi)\s+", "", name)
        variants = [bare]
        if " " in bare:  # news spells "Bau Bau" as Baubau, "Kulon Progo" as Kulonprogo
            variants += [
                bare.replace(" ", ""),
                bare.title().replace(" ", ""),
                bare.replace(" ", "").capitalize(),
            ]
        if level <= 1:
            names += variants
        elif level == 2:
            districts += variants
        if level == 0:
            provinces += variants
    return names, districts, provinces


def _places_from_gazetteer() -> tuple[list[str], list[str], list[str], list[str]]:
    """The short forms news uses for places, from the regions gazetteer: regency aliases (``Kukar``,
    ``Lotim``, ``Humbahas``), and province abbreviations and aliases (``Sumbar``, ``Sumatra Barat``);
    and the words that name a village or a district (``Desa``, ``Nagari``, ``Kecamatan``).

    Without them ``Bupati Humbahas Marojahan ...`` took the alias for the first word of the name.
    """
    from nlp.gazetteer import load_gazetteer

    g = load_gazetteer()
    provinces = [p.abbreviation for p in g.provinces.values() if p.abbreviation]
    for rule in (g.rules.get("provinces") or {}).values():
        provinces += rule.get("aliases") or []
    regencies = [a for forms in (g.rules.get("regency_aliases") or {}).values() for a in forms]
    # "Bima Arya", "Polda Metro Jaya": phrases the gazetteer knows are no place although they start with one
    villages = [*g.rules["village_words"], *g.rules["village_words_in_posts"], *g.rules["district_words"]]
    return regencies, provinces, list(g.rules.get("not_places") or []), villages


def _led_by_index(raw: dict[str, str]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """``{"majelis hakim yang diketuai": "Ketua majelis hakim"}`` by lower-cased first word, longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, post in raw.items():
        words = tuple(w.lower() for w in _split(phrase))
        out.setdefault(words[0], []).append((words, post))
    return {k: tuple(sorted(v, key=lambda e: len(e[0]), reverse=True)) for k, v in out.items()}


_HEAD_LISTS = (
    "heads",
    "needs_qualifier",
    "regency_posts",
    "province_posts",
    "place_heads",
    "elected_heads",
    "numbered_heads",
    "bare_heads",
    "heads_of_heads",
    "local_heads",
    "shared_heads",
)


def _with_misspellings(raw: dict[str, Any]) -> dict[str, Any]:
    """Every head list with its misspelt forms added (``misspellings``: variant -> word)."""
    variants: dict[str, list[str]] = {}
    for variant, word in (raw.get("misspellings") or {}).items():
        variants.setdefault(word, []).append(variant)
    out = dict(raw)
    for key in _HEAD_LISTS:
        entries = list(raw.get(key) or [])
        extra = [
            " ".join(v if w == word else w for w in entry.split())
            for entry in entries
            for word in set(entry.split()) & variants.keys()
            for v in variants[word]
        ]
        out[key] = entries + [e for e in extra if e not in entries]
    return out


def _build_lexicon(
    raw: dict[str, Any],
    places: list[str],
    districts: list[str],
    provinces: Sequence[str] = (),
    not_places: Sequence[str] = (),
    village_words: Sequence[str] = (),
) -> PositionLexicon:
    raw = _with_misspellings(raw)
    qualified = set(raw.get("needs_qualifier", []))
    heads: list[_Head] = [_Head(_split(h), h in qualified) for h in raw["heads"]]
    head_index: dict[str, list[_Head]] = {}
    for h in heads:
        head_index.setdefault(h.words[0], []).append(h)
    org_words = [w for w in raw["org_words"] if " " not in w]
    non_government = frozenset(w.rstrip(".") for w in raw["non_government"])
    org_phrases = [_split(w) for w in raw["org_words"] if " " in w]
    place_tokens = [_split(p) for p in [*places, *provinces, *raw.get("places_extra", [])]]
    starters = {
        w for k in [*head_index, *(_split(a)[0] for a in raw["acting"])] for w in (k, k.lower(), k.upper())
    }
    # the other words a match can start at: "wakilnya", "majelis (hakim yang diketuai)"
    others = [*raw.get("deputy_words", []), *(_split(k)[0] for k in raw.get("led_by") or {})]
    starters |= {w for k in others for w in (k, k.lower(), k.capitalize())}
    return PositionLexicon(
        heads={k: tuple(sorted(v, key=lambda h: len(h.words), reverse=True)) for k, v in head_index.items()},
        acting=_index([_split(a) for a in raw["acting"]]),
        org_words=frozenset(org_words),
        org_phrases=_index(org_phrases),
        qualifiers=_index([_split(q) for q in raw.get("qualifiers", [])]),
        links=_index(
            [tuple(reversed(_split(w))) for w in [*raw.get("links", []), *raw.get("rotation_links", [])]],
            reverse=True,
        ),
        links_after=_index([_split(w) for w in raw.get("links_after", [])]),
        deputy_words=frozenset(raw.get("deputy_words", [])),
        shared_heads=frozenset(raw.get("shared_heads", [])),
        led_by=_led_by_index(raw.get("led_by") or {}),
        connectors=frozenset(raw["connectors"]),
        place_words=frozenset(raw["place_words"]),
        places=_index(place_tokens),
        provinces=_index([_split(p) for p in [*provinces, *raw.get("provinces_extra", [])]]),
        not_places=_index([_split(p) for p in not_places]),
        titles=frozenset(raw["titles"]),
        ranks=frozenset(raw.get("ranks", ())),
        degrees=frozenset(d.rstrip(".") for d in raw["degrees"]),
        degree_keys=frozenset(d.replace(".", "") for d in raw["degrees"]),
        degree_folded=frozenset(d.replace(".", "").upper() for d in raw["degrees"]),
        name_parts=frozenset(raw.get("name_parts", ())),
        name_stops=frozenset(raw.get("name_stops", ())),
        date_words=frozenset(raw.get("date_words", ())),
        name_months=frozenset(raw.get("name_months", ())),
        place_starters=frozenset(raw.get("place_starters", ())),
        village_heads=frozenset(raw.get("village_heads", ())),
        particles=frozenset(raw["particles"]),
        attribution_verbs=frozenset(raw["attribution_verbs"]),
        attribution_re=re.compile(
            r"\b(?:" + "|".join(map(re.escape, raw["attribution_verbs"])) + r")(?:nya)?,?\s+([A-Z][\w'’]+)"
        ),
        # "Kata Suhajar, Mendagri juga berpesan": an attribution verb opening a sentence is no name word
        not_names=frozenset(
            [
                *raw["not_names"],
                *raw.get("headline_verbs", ()),
                *(v.capitalize() for v in raw["attribution_verbs"]),
            ]
        ),
        headline_verbs=frozenset(raw.get("headline_verbs", ())),
        named_bodies=frozenset(raw.get("named_bodies", ())),
        byline_labels=tuple(label.lower() for label in raw["byline_labels"]),
        related_labels=furniture_prefixes(),
        non_government=non_government,
        state_words=frozenset(raw.get("state_words", [])) | frozenset(raw.get("state_schools", [])),
        state_schools=frozenset(raw.get("state_schools", [])),
        field_heads=frozenset(raw.get("field_heads", [])),
        # a word that also names state bodies ("Panitia Pengawas Pemilihan") does not make a short form private
        private_words=non_government - frozenset(org_words),
        venue_words=frozenset(raw.get("venue_words", [])),
        former_words=frozenset(raw.get("former_words", [])),
        org_prefixes=tuple(raw.get("org_prefixes", [])),
        starters=frozenset(starters),
        heads_of_heads=frozenset(raw.get("heads_of_heads", ())),
        bare_heads=frozenset(raw.get("bare_heads", ())),
        dprd_bare_heads=frozenset(raw.get("dprd_bare_heads", ())),
        committee_words=frozenset(raw.get("committee_words", ())),
        elected_heads=frozenset(raw.get("elected_heads", ())),
        numbered_heads=frozenset(raw.get("numbered_heads", ())),
        rotation_links=frozenset(" ".join(_split(w)) for w in raw.get("rotation_links", ())),
        new_post_cues=_index([_split(w) for w in raw.get("new_post_cues", ())]),
        place_heads=frozenset(raw.get("place_heads", [])),
        regency_posts=tuple(raw.get("regency_posts", [])),
        short_posts={
            k: tuple(v if isinstance(v, list) else [v]) for k, v in (raw.get("short_posts") or {}).items()
        },
        province_posts=tuple(raw.get("province_posts", [])),
        local_heads=frozenset(raw.get("local_heads", [])),
        voiced_verbs=frozenset((raw.get("voiced_units") or {}).get("verbs", [])),
        voiced_units=frozenset((raw.get("voiced_units") or {}).get("units", [])),
        speakers=_index([_split(w) for w in (raw.get("voiced_units") or {}).get("speakers", [])]),
        speaker_words=frozenset(
            w for p in (raw.get("voiced_units") or {}).get("speakers", []) for w in _split(p)[1:]
        ),
        led_verbs=frozenset(
            [
                *(raw.get("led_units") or {}).get("verbs", []),
                *(raw.get("voiced_units") or {}).get("verbs", []),
            ]
        ),
        led_fillers=frozenset((raw.get("led_units") or {}).get("fillers", [])),
        led_units=frozenset((raw.get("led_units") or {}).get("units", [])),
        led_groups=frozenset((raw.get("led_units") or {}).get("groups", [])),
        chaired_verbs=frozenset((raw.get("chaired_units") or {}).get("verbs", [])),
        chaired_units=_index([_split(u) for u in (raw.get("chaired_units") or {}).get("units", [])]),
        chair_officers=_index([_split(o) for o in (raw.get("chaired_units") or {}).get("officers", [])]),
        place_named_units=frozenset(raw.get("place_named_units", [])),
        numbered_units=frozenset(raw.get("numbered_units", [])),
        seat_units=tuple(tuple(u.split()) for u in raw.get("seat_units", [])),
        seat_unit_ends=frozenset(u.split()[-1] for u in raw.get("seat_units", [])),
        post_prefixes=frozenset(raw.get("post_prefixes", [])),
        name_openers=frozenset(raw.get("name_openers", [])),
        name_opening=_index([_split(a) for a in raw.get("name_opening_phrases", [])]),
        lower_place_words=frozenset(raw.get("lower_place_words", [])),
        districts=_index([_split(d) for d in districts]),
        village_re=_village_re([*village_words, *raw.get("place_named_units", [])]),
    )


@lru_cache(maxsize=1)
def load_position_lexicon() -> PositionLexicon:
    """Read ``positions.yaml`` (shipped as ``rbmon_data``) and the Kemendagri place names, once."""
    text = resources.files("rbmon_data").joinpath("positions.yaml").read_text(encoding="utf-8")
    stem("pemerintahan")  # Sastrawi's dictionary loads once per process: here, not in the first article
    names, districts, provinces = _places_from_lokal()
    aliases, province_forms, not_places, villages = _places_from_gazetteer()
    return _build_lexicon(
        yaml.safe_load(text),
        [*names, *aliases],
        districts,
        [*provinces, *province_forms],
        not_places,
        villages,
    )


# --------------------------------------------------------------------------------------------- tokens


class _Tok(NamedTuple):  # a tuple: a line of a thousand words builds a thousand of them
    text: str
    start: int
    end: int


def _tokens(line: str, lex: PositionLexicon) -> list[_Tok]:
    """Words with their offsets; a trailing period stays on titles, degrees and initials only."""
    out: list[_Tok] = []
    for m in _TOKEN.finditer(line):
        t, at = m.group(), m.start()
        if t[0] == "H" and _GLUED_HAJI.fullmatch(t) and _NAME_FOLLOWS.match(line, m.end()):
            # "HM Arifin", "HA. Timbul": Haji glued to an initial is the title H and the initial
            out += [_Tok("H", at, at + 1), _Tok(t[1:], at + 1, at + len(t))]
            continue
        if len(out) > 1 and out[-1].end + 1 == at and _split_degree(out[-2].text, out[-1].text, t, lex):
            prev = out[-1]
            out[-1] = _Tok(prev.text + t, prev.start, at + len(t))
            continue
        if t.isalnum():  # most words: nothing glued, no period
            out.append(_Tok(t, at, at + len(t)))
            continue
        if (
            t.endswith(".")
            and t not in lex.titles
            and (t[:-1] in lex.ranks or t[:-1] in lex.titles)
            and t[:-1] not in lex.org_words
        ):
            # "Kapolres, AKBP. Alsyahendra", "Bapak. Dr. Aco Nur": a rank or title the source gave
            # a full stop it does not take; the stop is no sentence end ("anggota TNI." still ends one)
            out.append(_Tok(t[:-1], at, at + len(t) - 1))
            continue
        parts = _GLUED_INITIALS.findall(t) if t[-1] == "." and len(t) < 10 else []
        if (
            len(parts) > 1
            and "".join(parts) == t
            and _title(parts[0], lex)
            and all(_title(p, lex) or _is_initial(p) for p in parts[1:])
            and not (out and out[-1].text[:1].isupper() and any(c.islower() for c in out[-1].text))
        ):
            # "Bupati, H.M. Juaini Taofik", "DR.H. Ilham Azikin": a title glued to an initial or a
            # title where a name starts; inside one ("Aceng H.M. Fikri") it is part of the name
            for piece in parts:
                out.append(_Tok(piece, at, at + len(piece)))
                at += len(piece)
            continue
        if len(t) > 3 and ("." in t[1:-1] or "-" in t[1:-1]) and not _is_degree(t, lex):
            pieces = _unglue(t, lex)
            for piece in pieces[:-1]:
                out.append(_Tok(piece, at, at + len(piece)))
                at += len(piece)
            t = pieces[-1]
        if t == "X." and out and _is_initial(out[-1].text):
            out.append(_Tok(t, at, at + 2))  # "F. X. Mote": Fransiskus Xaverius, an initial after an initial
            continue
        if len(t) > 1 and t.endswith(".") and not _keeps_period(t, lex):
            out.append(_Tok(t[:-1], at, at + len(t) - 1))
            out.append(_Tok(".", at + len(t) - 1, at + len(t)))
            continue
        out.append(_Tok(t, at, at + len(t)))
    return out


# "HM Arifin Arpan", "HW Musyafirin": Indonesian news glues the Haji title to the name's initial.
# (Two capitals and a name after them; "HB X" and "HT" before a lower-case word are left alone.)
_GLUED_HAJI = re.compile(r"H[A-Z]\.?")
_NAME_FOLLOWS = re.compile(r" [A-Z][a-z]")
_INITIALS_NO_STOP = re.compile(r"(?:[A-Z]\.)+[A-Z]")
# "H.Ahmad", "Dr.Ir.H.Budi", "M.Taufiq": titles or an initial glued to the name that follows
_GLUED_TITLES = re.compile(r"((?:[A-Za-z]{1,4}\.)+)([A-Z][a-z][\w'’-]*\.?)$")
# "Nunukan.Kadis" (a sentence end without its space), "KOMINFONEWS-Menteri" (an outlet glued to the text)
_GLUED_SENTENCE = re.compile(r"(.*?(?:[a-z]{2}\.|[A-Z]{3,}-))([A-Z][a-z][\w'’]*\.?)$")


# "Mukhtar.S.Pi.M.Sc", "Ramlah.SE.M.Si": a name with its degrees glued on by periods
_GLUED_DEGREES = re.compile(r"([A-Z][a-z]{2,}[\w'’]*)\.((?:[A-Z][A-Za-z]{0,3}\.?)+)$")
_GLUED_TITLED_DEGREES = re.compile(
    r"((?:[A-Za-z]{1,3}\.)+)([A-Z][a-z]{2,}[\w'’]*)\.((?:[A-Z][A-Za-z]{0,3}\.?)+)$"
)


def _unglue(t: str, lex: PositionLexicon) -> list[str]:
    """A token split where the source left out a space; one piece when nothing was glued.

    Pieces are consecutive slices of ``t``: a title keeps its period, a glued full stop or a
    dateline's dash becomes a token of its own.
    """
    m = _GLUED_DEGREES.match(t)
    if m and _degrees_only(m.group(2), lex):
        return [m.group(1), ".", m.group(2)]
    m = _GLUED_TITLED_DEGREES.match(t)
    if m and _degrees_only(m.group(3), lex):
        titles = _GLUED_INITIALS.findall(m.group(1))
        if all(_title(p, lex) for p in titles):  # "H.Mashuri.SP.ME": a title, the name, its degrees
            return [*titles, m.group(2), ".", m.group(3)]
    m = _GLUED_TITLES.match(t)
    if m:
        parts = _GLUED_INITIALS.findall(m.group(1))
        if all(p in lex.titles or p in lex.particles or _is_initial(p) for p in parts) and (
            len(m.group(2).rstrip(".")) >= 3 or any(p in lex.titles for p in parts)
        ):
            return [*parts, m.group(2)]
    m = _GLUED_SENTENCE.match(t)
    if m:
        head, tail = m.group(1), m.group(2)
        return [head[:-1], head[-1], tail]
    return [t]


# "H.M.", "Dr.Ir.H.": titles and initials, each with its full stop
_GLUED_INITIALS = re.compile(r"[A-Za-z]{1,4}\.")


def _title(piece: str, lex: PositionLexicon) -> bool:
    """``H.``, ``Dr.`` and ``DR.`` (an outlet's capitals) are titles."""
    return piece in lex.titles or piece.capitalize() in lex.titles


def _is_initial(t: str) -> bool:
    """``A.``: one capital and its full stop."""
    return len(t) == 2 and t[0].isupper() and t[1] == "."


def _split_degree(before: str, first: str, rest: str, lex: PositionLexicon) -> bool:
    """Whether ``first`` and ``rest`` (one space apart) are one degree the source split.

    "Husin, S. Pd, MM": at its period, after a name's comma or another degree; "Anwar Sadat M Ag",
    "Akmal Abas S MH": written without its periods and split at the first, after a capitalised word
    (the name) only.
    """
    if _is_initial(first):
        return (before == "," or _is_degree(before, lex)) and (first + rest).replace(
            ".", ""
        ) in lex.degree_keys
    key = first + rest.rstrip(".")
    return (
        len(first) == 1
        and first.isupper()
        and before[:1].isupper()
        and len(rest) >= 2
        and key in lex.degree_keys
        and key not in lex.titles
    )


def _degrees_only(tail: str, lex: PositionLexicon) -> bool:
    """Whether ``S.Pi.M.Sc`` / ``SE.M.Si`` is a run of degrees (read greedily, longest first)."""
    keys = lex.degree_keys
    flat = tail.replace(".", "")
    i = 0
    while i < len(flat):
        for n in range(min(6, len(flat) - i), 0, -1):
            if flat[i : i + n] in keys:
                i += n
                break
        else:
            return False
    return True


def _is_degree(t: str, lex: PositionLexicon) -> bool:
    """``S.Kom``, ``SKom``, ``M.Si.``: degrees are written with and without their periods.

    Their capitals vary too (``SHi`` for S.HI, ``MSI``): a word with a capital after its first
    letter is compared in capitals. A plain name (``Ade``) never is.
    """
    key = t.replace(".", "")
    if key in lex.degree_keys:
        return True
    return (
        len(key) >= 3
        and key[0].isupper()
        and any(c.isupper() for c in key[1:])
        and key.upper() in lex.degree_folded
    )


# An academic degree the lexicon lacks has this shape: a capital, a period, short capitalised parts
# ("M.P", "S.Tr.Keb", "M.Psi.T"). Glued titles are split off before this is asked.
_DEGREE_SHAPE = re.compile(r"[A-Z][a-z]?\.(?:[A-Z][A-Za-z]{0,3}\.?){0,2}[A-Z][A-Za-z]{1,3}\.?")


def _looks_like_degree(t: str, lex: PositionLexicon) -> bool:
    return (
        _is_degree(t, lex)
        or (_DEGREE_SHAPE.fullmatch(t) is not None and t not in lex.titles)
        # "Mulkan SH.MH": degrees glued to each other, not to the name
        or ("." in t[1:-1] and t[:1].isupper() and _degrees_only(t, lex))
    )


def _keeps_period(t: str, lex: PositionLexicon) -> bool:
    if (
        t in lex.titles
        or t in lex.particles
        or t in lex.place_words
        or t in lex.org_words
        or _is_degree(t, lex)
    ):
        return True
    if t[:-1] in lex.acting or t in lex.acting or t in lex.ranks:
        return True
    if "." in t[:-1]:  # S.Sos., K.H.
        return True
    # initial "A."; "X." ends a sentence on a regnal number ("Sri Sultan Hamengku Buwono X."), no
    # Indonesian name has X for an initial
    return len(t) == 2 and t[0].isupper() and t[0] != "X"


def _may_be_one_word_name(word: str) -> bool:
    """A one-word name is no fragment (``Ti``) and no derived Indonesian word (``Berprestasi``,
    ``Setempat``: Sastrawi finds a root in them); names such as Siswanto or Sunggono have none."""
    low = word.lower()
    root = stem(word)
    # "Ramlah", "Fadillah": Sastrawi takes -lah for the particle; a capitalised word that differs from
    # its root by -lah alone is a name (the particle's words, "Inilah", "Adalah", are not capitalised
    # after a post)
    # "Muradi", "Supardi", "Rusdi": Sastrawi takes a final -i for the verb suffix; the words it does
    # that to ("Hadiri", "Dampingi") are headline verbs, which end a name before this is asked
    # "Mian": -an on a root of two or three letters ("mi") makes hardly any word but many names
    return len(word) >= 3 and (
        root == low
        or (low in (root + "lah", root + "i") and len(root) >= 3)
        or (low == root + "an" and len(root) <= 3)
    )


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _is_cap(t: str) -> bool:
    return t[:1].isupper()


@lru_cache(maxsize=65536)  # called for every token of every scan; news repeats its words
def _is_acronym(t: str) -> bool:
    # "IRianto" (a caps-lock slip in a name) is not an acronym: it has more small letters than capitals
    letters = [c for c in t if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and upper * 2 >= len(letters) and not t.endswith(".")


# ------------------------------------------------------------------------------------------ the lines


_WORD = re.compile(r"[^\W\d_][\w'’]*")
_HYPHENATED = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)+")


def _has_starter(line: str, lex: PositionLexicon) -> bool:
    """Whether a word of the line can start a post: lines without one are not tokenised.

    A set look-up per word; one regex alternating over 500 starters cost more than the matching.
    """
    words = _WORD.findall(line)
    if not lex.starters.isdisjoint(words) or ("Kadi" in line and _GLUED_KADIS.search(line)):
        return True
    if (
        not lex.led_verbs.isdisjoint(words)
        or not lex.speaker_words.isdisjoint(words)
        or not lex.chaired_verbs.isdisjoint(words)
    ):
        return True  # "Dinas X yang dipimpin NAME", "Fraksi X dengan jubir NAME" name no head word
    if any(cue in line for cue in _MEMBER_CUES):
        return True  # "NAME dari Fraksi PKS", "NAME (Komisi A)": neither
    return "-" in line and not lex.starters.isdisjoint(_HYPHENATED.findall(line))  # "MenPAN-RB"


def _is_boilerplate_line(line: str, lex: PositionLexicon) -> bool:
    s = line.strip().lstrip("*-–—•>#[( ").strip()
    low = s.lower()
    for label in lex.related_labels:
        # "Baca juga ...", "Foto: ..." always; a bare word ("Komentar", "Rekomendasi") only as a label: a
        # colon or the like after it, or a line of a few words ("Rekomendasi itu disampaikan Sekda ...")
        if low.startswith(label) and (not label.isalpha() or _label_alone(s[len(label) :], s)):
            return True
    if not low.startswith(lex.byline_labels):
        return False
    return any(low.startswith(label) and _label_alone(s[len(label) :], s) for label in lex.byline_labels)


def _label_alone(rest: str, line: str) -> bool:
    """Whether a line-opening label is one: punctuation right after it, or a line of a few words."""
    rest = rest.lstrip()
    return not rest or rest[:1] in ":|/-–—=)" or len(line.split()) <= 4


def _opens_or_goes_on_with_list(line: str, listing: bool) -> bool:
    """Whether the line after ``line`` is a list's item: ``line`` ends with a colon (``... masih dipimpin
    Plt, yaitu:``), or is an item itself, short and without a sentence's end. A blank line changes
    nothing."""
    if not line:
        return listing
    return line.endswith(":") or (
        listing and len(line) <= _LIST_ITEM_MAX and not line.endswith(_SENTENCE_ENDS)
    )


_LIST_ITEM_MAX = 200  # characters: an item names one post and one person; longer is prose


def _is_headline(line: str) -> bool:
    """Title-case lines (the headline repeated in the body, sub-headings) are not prose."""
    s = line.strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", s)]
    if not _HEADLINE_MIN_WORDS <= len(words) <= _HEADLINE_MAX_WORDS or s.endswith((".", "”", '"', ")")):
        return False
    if ";" in s or s.count(",") >= 2:
        # "Wakil Bupati Banyuwangi, Mujiono; Plh. Sekretaris Daerah ...", "Kemudian, Gubernur NTT A,
        # Gubernur NTB B, ...": a list of people (a headline has a comma at most)
        return False
    caps = sum(1 for w in words if w[0].isupper())
    # prose full of names is as capitalised; it still has its small words ("seperti", "dan", "juga")
    return caps / len(words) >= 0.7 and len(words) - caps < 4


# ---------------------------------------------------------------------------------------- matching


@dataclass
class _Found:
    name_tokens: tuple[str, ...]
    position: str
    organisation: str | None
    acting: bool
    at: int  # char offset in the line, for the evidence sentence
    post: str = ""  # the position from its head on, without an acting or former mark (for "wakilnya")
    known: bool = False  # every word of the post is the lexicon's (a body, place, acronym), none unknown


class _Line:
    """One prose line with the matcher state; methods read like the patterns they implement."""

    def __init__(
        self,
        text: str,
        lex: PositionLexicon,
        attributed: frozenset[str] = frozenset(),
        villages: dict[str, tuple[tuple[str, ...], ...]] | None = None,
        cut_off: bool = False,
    ) -> None:
        self.text = text
        self.cut_off = cut_off  # the text stops inside this line: its last word may be cut
        self.villages = villages or {}
        self.lex = lex
        self.toks = _tokens(text, lex)
        self.n = len(self.toks)
        self.words = [t.text for t in self.toks]
        self._head_start = self._head_end = -1
        self._floor = 0  # first token a backward name may use: the previous match's name starts there
        self._known_end = 0  # where the lexicon's words of the current post end
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
        return PositionLexicon.phrase_at(self.words, i, index)

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
        # "GUBERNUR Aceh Zaini Abdullah": a paragraph may open with its head in capitals
        first = t.capitalize() if len(t) > 3 and t.isupper() and t not in self.lex.heads else t
        for h in self.lex.heads.get(first, ()):
            # "Sekretaris daerah (Sekda)": after the first word a head's words may be written in lower case
            if all(k == 0 or self.t(i + k) in (w, w.lower(), w.upper()) for k, w in enumerate(h.words)):
                return h
        if _GLUED_KADIS.fullmatch(first):
            return _Head(
                (first,), False
            )  # "Kadiskominfotik", "Kadinsos": Kepala Dinas and its dinas in one word
        if first == "Wakil" and self.t(i + 1) != "Wakil":
            # "Wakil Kepala BKN", "Wakil Direktur RSUD": the deputy of any head the lexicon lists
            sub = self.head_at(i + 1)
            if sub is not None:
                return _Head(("Wakil", *sub.words), sub.needs_qualifier)
        return None

    # --- position -------------------------------------------------------------------------------

    def _named_after_person(self, k: int) -> int:
        """Tokens of a person's name at k that name the body before it, not the official: after a body
        that is often named after someone (RSUD, Universitas), a title and a name followed by a comma and
        another name ("RSUD dr. Soedarso, dr. Nina, ..."). Without a second name the name is the
        official's ("Direktur RSUD dr. Budi, mengatakan")."""
        if self.t(k - 1) not in self.lex.named_bodies or self.t(k) not in self.lex.titles:
            return 0
        j = k + 1
        while (
            j < self.n
            and j - k <= 4
            and _is_cap(self.t(j))
            and self._name_word(self.t(j))
            and not (j > k + 1 and (self.t(j) in self.lex.place_words or self.phrase_at(j, self.lex.places)))
        ):
            j += 1
        if (
            j > k + 1
        ):  # its city may follow: "RSUD dr. Doris Sylvanus Palangka Raya, dr. Ratna", "... Kota Sibolga, ..."
            place_word = self.t(j) in self.lex.place_words
            plen = self.phrase_at(j + place_word, self.lex.places)
            j += place_word + plen if plen else 0
        if j == k + 1 or self.t(j) != ",":
            return 0
        nxt = self.t(j + 1)
        return j - k if nxt in self.lex.titles or (_is_cap(nxt) and self._name_word(nxt, j + 1)) else 0

    def extend_position(self, k: int) -> int:
        """Consume the words that continue a position (bodies, places, acronyms, numerals)."""
        lex = self.lex
        if k == self._head_end and self._village_at(k):
            k += 1  # "Kepala Negeri Kiltai, Kecamatan ...": a village the lexicon does not list
        elif (
            k == self._head_end
            and self.t(k) in lex.place_starters
            and _is_cap(self.t(k + 1))
            and self._head_text() in lex.place_heads
            and not (self.phrase_at(k, lex.districts) or self.phrase_at(k, lex.places))
        ):
            # "Wali Nagari Sungai Sariak Zaiful Yudi": a geographic word opens the village's name (as
            # the article writes it elsewhere, or two words), then the person
            k += self.phrase_at(k, self.villages) or 2
        if k == self._head_end and k > self._head_start:
            head = " ".join(self.t(i) for i in range(self._head_start, k))
            inner = self.head_at(k) if head in lex.heads_of_heads else None
            if inner is not None:  # "Staf Ahli Gubernur", "Ajudan Bupati": a head qualifies this one
                k += len(inner.words)
        while k < self.n:
            t = self.t(k)
            if t in lex.place_words and _is_cap(self.t(k + 1)):
                k += 1
                plen = self.phrase_at(k, lex.places)
                if not plen:
                    # a place the lexicon does not list is one word, or up to three before a rank:
                    # "Babinsa Desa Sungai Ayak Serka Markus Lende"; two when a geographic word opens
                    # it ("Ketua Bamus Nagari Sungai Sariak Anasrul")
                    j = k
                    while j < k + 3 and _is_cap(self.t(j)) and self.t(j) not in lex.ranks:
                        j += 1
                    opened = self.t(k) in lex.place_starters and _is_cap(self.t(k + 1))
                    plen = j - k if j > k + 1 and self.t(j) in lex.ranks else 2 if opened else 1
                k += plen
                continue
            if t in lex.lower_place_words and self.phrase_at(k + 1, lex.places):
                k += 1 + self.phrase_at(k + 1, lex.places)  # "Kepala Dinas ... kota Jayapura, NAME"
                continue
            if self._second_place(k) or self.phrase_at(k, lex.not_places):
                break  # "Wali Kota Bogor Bima Arya", "Wamen Bima Arya": the name starts here
            if self._name_part_starts_name(k):
                break  # "Wakil Gubernur Sumut Muda Rajekshah": after the place a name word starts the name
            plen = self.phrase_at(k, lex.places) or self.phrase_at(k, lex.org_phrases)
            if k == self._head_end and self._takes_district():
                # "Camat Medan Labuhan Rudy", "Camat Percut Sei Tuan": a camat's place is the district,
                # however it starts (one word alone is left to the name split: "Martapura Kota Abdul")
                dlen = self.phrase_at(k, lex.districts)
                if dlen > plen and (plen or dlen > 1):
                    plen = dlen
            if not plen and self.t(k - 1) in lex.place_named_units:
                plen = self.phrase_at(k, self.villages)  # "Kepala Puskesmas Cisimeut Dede": the unit's place
                if not plen and _is_cap(t) and self.t(k + 1) == "," and self.t(k + 2) in lex.titles:
                    plen = 1  # "Kepala UPTD Puskesmas Karangkitri, dr. Hemalia": a titled name follows
            if plen:
                k += plen
                continue
            if (
                t == "I"
                and _is_cap(self.t(k + 1))
                and not self._continues(k + 1)
                and not (
                    (
                        (k == self._head_end and self._head_text() in lex.numbered_heads)
                        or self.t(k - 1) in lex.numbered_heads  # "Ketua Komisi I Syahrul Said"
                    )
                    and self.t(k + 1) not in lex.particles
                )
            ):
                break  # "I Wayan ...": a Balinese name starts here; "Asisten I Fahrudin" is Assistant I
            if self._balinese_name_opens(k):
                break  # "Anggota DPRD Badung IGA Sri Wahyuni", "Anak Agung ...": a name opens; no body
            if (
                self._body_or_field(t)  # "Kasi Pengawalan": a field of work, never a name
                or _ROMAN.match(t)
                or (_is_acronym(t) and not _is_degree(t, lex) and t not in lex.titles and t not in lex.ranks)
                or (t.startswith(lex.org_prefixes) and _is_cap(t))
                or ("/" in t and all(_is_cap(x) for x in t.split("/")))  # "Kementerian PPN/Bappenas"
            ):
                k += 1
                continue
            flen = self._lower_field(k)
            if flen:  # "Kabid pelayanan pendaftaran penduduk Yusi Rani": the field in lower case
                k += flen
                continue
            if t == "atau" and _is_acronym(self.t(k + 1)) and not _is_degree(self.t(k + 1), lex):
                k += 1  # "Kepala Dinas Penanaman Modal dan PTSP atau DPMPTSP Kabupaten Serang": its acronym
                continue
            if self._joins(k) and self._continues(k + 1):
                k += 1
                continue
            if t == "," and self._comma_continues(k):  # "Dinas Komunikasi, Informatika dan Statistik"
                k += 1
                continue
            blen = self._bracketed_short_form(k)
            if blen:  # "Sulawesi Tenggara (Sultra)", "Sekretaris Kabupaten (Sekkab)"
                k += blen
                continue
            if t.isdigit() and self.t(k - 1) in {"Kelas", "Tipe", "Wilayah", "Komisi"}:
                k += 1
                continue
            if (
                self.t(k - 2) == "Kelas"
                and _ROMAN.match(self.t(k - 1))
                and _is_cap(t)
                and self._name_word(self.t(k + 1))
                and self._name_word(self.t(k + 2))
            ):
                k += 1  # "Ketua PN Kelas II Labuha Achmad Rasjid": a graded court's or prison's place
                continue
            seated = self._after_seat_unit(k)
            seat = self.phrase_at(k, lex.districts) if seated else 0
            if seat > 1 and self._name_word(self.t(k + seat)):
                k += seat  # "Ketua PN Sei Rampah Sacral Ritongah": the seat is a district of two words
                continue
            if seated and _is_cap(t) and self._name_word(self.t(k + 1)) and self._name_word(self.t(k + 2)):
                # "Kepala Pengadilan Negeri Limboto Ahmad Samuar": a court is named after its seat, a
                # town the gazetteer of regencies does not list; two name words must follow
                k += 1
                continue
            if _UNIT_NUMBER.fullmatch(t) and (
                k == self._head_end  # "Dandim 0721/Blora", "Kasdim 1420"
                or self.t(k - 1) in lex.numbered_units  # "Komandan Kodim 1006/Banjar"
                or (self.t(k - 1) == ")" and self.t(k - 4) in lex.numbered_units)  # "Kodim (Dandim) 0724"
            ):
                k += 1
                continue
            nlen = self._named_after_person(k)
            if nlen:  # "Kepala RSUD H. Badaruddin Kasim, Yuliani Hartati": a hospital named after someone
                k += nlen
                continue
            if t.lower() == "periode" and _TERM.fullmatch(self.t(k + 1)):
                k += 2  # "Bupati Bandung periode 2011-2021 Dadang M. Naser": the term is part of the post
                continue
            qlen = self.phrase_at(k, lex.qualifiers)
            after = self.t(k + qlen)
            if qlen and (after == "," or after in lex.titles or self._name_word(after)):
                k += qlen  # "Pj Wali Kota X sebelumnya, NAME", "Sekretaris BPPT Kota X nonaktif A Zainuddin"
            break
        return k

    def _body_or_field(self, t: str) -> bool:
        """A body's word (``Dinas``, ``Dukcapil``) or a pe-/ke-...-an field of work (``Pengawalan``)."""
        return t in self.lex.org_words or bool(_NOMINALISATION.fullmatch(t))

    def _field_word(self, t: str) -> bool:
        """A field of work or a body's word written in lower case (``pelayanan``, ``dukcapil``)."""
        cap = t.capitalize()
        return (
            t.islower()
            and t not in self.lex.lower_place_words
            and cap not in self.lex.place_words
            and cap not in self.lex.heads  # "... dan sekretaris DPRD, Waluyo": a second post starts
            and self._body_or_field(cap)
        )

    def _lower_field(self, k: int) -> int:
        """Tokens of a post's field written in lower case at k, 0 when none starts there.

        Reporters often lower-case the field after a unit head (``Kabid pelayanan pendaftaran
        penduduk Yusi Rani``, ``Kasi Pengawalan dan pengamanan Agus Sunara``, ``Kepala Dinas
        Perindustrian perdagangan (Perindag)``). Only right after the head or a body word, only words
        that name a field or body, and only when capitals or a comma follow: a lower-case word after
        the run means the sentence has gone on, and the words were prose, not a post.
        """
        prev = self.t(k - 1)
        if not (
            k == self._head_end
            or self._body_or_field(prev)
            or self._field_word(prev)
            # "Anggota DPRD Karimun fraksi Golkar, NAME": a DPRD's fraction or commission after its place
            or (
                self.t(k).capitalize() in _MEMBER_GROUPS
                and (_is_cap(self.t(k + 1)) or _ROMAN.match(self.t(k + 1)))
            )
        ):
            return 0
        j = k
        while j < self.n and j - k < 8:  # "bidang reformasi birokrasi akuntabilitas aparatur dan pengawasan"
            t = self.t(j)
            if self._field_word(t):
                j += 1
            elif t in _LIST_CONNECTORS and self._field_word(self.t(j + 1)):
                j += 1  # "Pengawalan dan pengamanan"
            else:
                break
        if j == k or not self._field_word(self.t(j - 1)):
            return 0
        after = self.t(j)
        return j - k if after in {",", "("} or _is_cap(after) else 0

    def _name_part_starts_name(self, k: int) -> bool:
        """A body word that is also a name word, right after a place and before a name word, starts the
        name: ``Wakil Gubernur Sumut Muda Rajekshah``, ``Kepala Bappeda Jateng Pratama Yudha``."""
        lex = self.lex
        return (
            self.t(k) in lex.name_parts
            and self._place_ends_before(k)
            and _is_cap(self.t(k + 1))
            and self._name_word(self.t(k + 1))
            and self.t(k + 1) not in lex.org_words
        )

    def _joins(self, k: int) -> bool:
        """Whether the connector at k joins two parts of one post.

        Not when a new post follows (``... dan Wakil Bupati``), nor when a place of the event does
        (``Adrian Melala di Balai Kartini``, ``... pada Gedung DPRD``).
        """
        lex = self.lex
        t, nxt = self.t(k), self.t(k + 1)
        if t not in lex.connectors or self._starts_post(k + 1):
            return False
        if (
            t in _LOCATIVE
            and nxt in lex.org_words
            and nxt not in lex.venue_words
            and nxt not in lex.place_words
        ):
            return True  # "Kepala Seksi Kelembagaan pada Bagian Organisasi Setda ...": a unit, not a venue
        return not (t in _LOCATIVE and (nxt in lex.venue_words or nxt in lex.not_names))

    def _starts_post(self, k: int) -> bool:
        """Whether a new post starts at token k (``... dan Wakil Bupati``): it ends the one before."""
        if self.t(k) in self.lex.field_heads and (
            self.t(k - 1) == ","
            or (
                self.t(k - 1) in self.lex.connectors
                and (self.t(k - 2) == "," or self._body_or_field(self.t(k - 2)))
            )
        ):
            return False  # "Divisi Hukum, Parmas, dan Humas Bawaslu": a field of the post, not a post
        return self.head_at(k) is not None or self.phrase_at(k, self.lex.acting) > 0

    def _comma_continues(self, k: int) -> bool:
        """Whether the words after the comma at k go on with the post rather than name a person.

        A body word does (``Dinas Komunikasi, Informatika``; ``Reformasi Birokrasi, Akuntabilitas
        Aparatur, dan Pengawasan``), and so does an acronym that a body word or connector follows
        (``Fasilitasi Kepala Daerah, DPRD dan Hubungan Antar Lembaga``); a new post does not.
        """
        lex = self.lex
        j = k + 1
        if self.t(j) in _LIST_CONNECTORS:  # ", dan Pengawasan"; ", di Kantor ..." is where, not what
            j += 1
        nxt = self.t(j)
        if not _is_cap(nxt) or self._starts_post(j) or nxt in lex.ranks or nxt in lex.titles:
            return False
        if self._body_or_field(nxt) or nxt.startswith(lex.org_prefixes):
            return True
        if self.phrase_at(j, lex.provinces):  # "Wali Kota Kendari, Sulawesi Tenggara, NAME"
            return True
        # "Kepala Bidang Kedaruratan, Logistik, dan Peralatan": a word the lexicon lacks, then the
        # list's last item a field, is a field too
        last = j + 2 if self.t(j + 1) == "," else j + 1
        if self.t(last) in _LIST_CONNECTORS:
            z = self.t(last + 1)
            if self._body_or_field(z) and not self._starts_post(last + 1):
                return True
        after = self.t(j + 1)
        return _is_acronym(nxt) and (after in lex.connectors or after in lex.org_words)

    def _bracketed_short_form(self, k: int) -> int:
        """Tokens of a short form in brackets inside a post, brackets included; 0 when none starts at k.

        One capitalised word (``(Sekkab)``, ``(Mendagri)``, ``(PAN-RB)``), or two when the first is a
        post or body word (``(Menko Polhukam)``, ``(Kasi PHU)``); a bracketed name is neither.
        """
        if self.t(k) != "(" or not _is_cap(self.t(k + 1)):
            return 0
        if self.t(k + 2) == ")":
            return 3
        two = self.t(k + 3) == ")" and _is_cap(self.t(k + 2))
        if two and (self.head_at(k + 1) or self._continues(k + 1)):
            return 4
        # "Plt Sekdako (Pelaksana Tugas Sekretaris Daerah Kota) Tebingtinggi", "(Pj Sekdako)": a post
        # spelt out or shortened in brackets, every word an acting mark, a head or a body word; "BPKPAD
        # (Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah)": a body's fields joined by commas
        m = k + 1
        while m < self.n and m - k <= 12 and self.t(m) != ")":
            step = self.phrase_at(m, self.lex.acting) or len(getattr(self.head_at(m), "words", ()))
            joins = self.t(m) in {",", *_LIST_CONNECTORS} and self._body_word_at(m + 1)
            if not step and not (self._body_word_at(m) or joins):
                return 0
            m += step or 1
        return m - k + 1 if self.t(m) == ")" and m > k + 2 else 0

    def _body_word_at(self, k: int) -> bool:
        """A word that goes on with a post at k, or a capitalised field of work (``Pengelolaan``)."""
        return self._continues(k) or (_is_cap(self.t(k)) and self._body_or_field(self.t(k)))

    def _continues(self, k: int) -> bool:
        t = self.t(k)
        return bool(
            t in self.lex.org_words
            or _is_acronym(t)
            or (
                self.phrase_at(k, self.lex.places)
                and not self._second_place(k)
                and not self.phrase_at(k, self.lex.not_places)
            )
            or t in self.lex.place_words
            or t.startswith(self.lex.org_prefixes)
        )

    def _second_place(self, k: int) -> bool:
        """A regency or town named right after a place: the start of a name (``Bogor | Bima Arya``).

        A province after a regency is still the post's (``Kota Bogor Jawa Barat``).
        """
        if not self.phrase_at(k, self.lex.places) or self.phrase_at(k, self.lex.provinces):
            return False
        return self._place_ends_before(
            k, governments=False
        )  # "Setda Pemkab Sigi": the government of the place

    def _place_ends_before(self, k: int, *, governments: bool = True) -> bool:
        """Whether a place of one to three words ends right before token k; ``governments=False``
        leaves out the places written as a government (``Pemkab``, ``Pemprov``)."""
        return any(
            k - n >= 0
            and self.phrase_at(k - n, self.lex.places) == n
            and (governments or self.t(k - n) not in _GOVERNMENT_OF)
            for n in (1, 2, 3)
        )

    # --- names ----------------------------------------------------------------------------------

    def _committee_near(self, k: int) -> bool:
        """Whether a treasurer is listed within a few words: "Ketua A, Sekretaris B, Bendahara C" is an
        association's committee, not a government body's staff."""
        return any(self.t(j) in self.lex.committee_words for j in range(max(0, k - 12), min(self.n, k + 12)))

    def _after_seat_unit(self, k: int) -> bool:
        """Whether a unit named after its seat ends right before ``k`` ("Pengadilan Negeri (PN) _")."""
        j = k - 3 if self.t(k - 1) == ")" and self.t(k - 3) == "(" else k
        if self.t(j - 1) not in self.lex.seat_unit_ends:
            return False
        return any(
            all(self.t(j - len(unit) + i) == w for i, w in enumerate(unit)) for unit in self.lex.seat_units
        )

    def _name_word(self, t: str, at: int | None = None) -> bool:
        """Whether ``t`` can be a word of a person's name; ``at``, its index, lets the first word of a
        post of several words be a name where that post does not follow ("Wahyudi Pranata", but
        "Pranata Komputer")."""
        lex = self.lex
        if not t or t in lex.not_names or t in lex.name_stops or _looks_like_degree(t, lex):
            return False
        if t in lex.particles:
            return True
        if (t,) in lex.acting.get(t, ()):
            return False  # "..., Pj. Sekda Badung NAME": the next post's acting mark
        if t in lex.org_words or t in lex.place_words or t.startswith(lex.org_prefixes):
            return False
        # "Mendagri Gilang ...", "Jaksa Agung": a post (name_forward lets "Lukman Hakim" be)
        if t in lex.heads and (
            at is None or any(len(h.words) == 1 for h in lex.heads[t]) or self.head_at(at) is not None
        ):
            return False
        if not _is_cap(t) or not any(c.isalpha() for c in t) or "/" in t or any(c.isdigit() for c in t):
            return False  # "Kepala Kejati Maluku.10 September": a date glued to the sentence's end
        if "-" in t and len({part.lower() for part in t.split("-")}) == 1:
            return False  # "Main-main", "Kura-kura": a reduplicated word, never a name
        if t.startswith("Kadi") and _GLUED_KADIS.fullmatch(t):
            return False  # "..., Kadispersip Banjar NAME": the next post, its dinas glued to its head
        if t[:3].lower() == "se-":
            return False  # "Camat Se-Kabupaten Kampar": every camat of the regency, nobody in particular
        # "Iksan R.A Arsyad", "Dedy E.R Raru": initials whose last full stop the source left out
        return not (
            _is_acronym(t) and not (len(t) == 2 and t.endswith(".")) and not _INITIALS_NO_STOP.fullmatch(t)
        )

    def name_forward(self, i: int, *, first_may_be_part: bool = False) -> tuple[tuple[str, ...], int] | None:
        """A name starting at token i (titles and ranks skipped); returns its words and the index after it.

        ``first_may_be_part``: the first word may be a body word that is also a name word (``Muda``).
        """
        lex = self.lex
        start = i
        i = self._skip_titles(i)
        titled = any(self.t(k) in lex.titles for k in range(start, i))
        words: list[str] = []
        opening = self.phrase_at(i, lex.name_opening)
        if opening:  # "Anak Agung Gede Lesmana": its words are the name's whatever else they name
            words += [self.t(i + n) for n in range(opening)]
            i += opening
        while i < self.n and len(words) < 7:
            t = self.t(i)
            if not words and t in lex.place_starters:
                break  # "Lurah Pasar Atas.": a geographic word opens a place's name, never a person's
            if not words and self._initials_first(i):
                pass  # "AM Nasir", "FX Winardi Prabowo": a name may open with two initials in capitals
            elif not words and t in lex.name_months and self._name_word(self.t(i + 1), i + 1):
                pass  # "Bupati Puncak Jaya Juni Wonda": a month for a first name
            elif (words or first_may_be_part) and (t in lex.name_parts or self._initials_inside(i)):
                pass  # "Hendra Pratama", "Lukman Hakim": a body word or post that is also a name word
            elif (
                words and t in _PATRONYMIC_HAJI and _is_cap(self.t(i + 1)) and self._name_word(self.t(i + 1))
            ):
                pass  # "Kasman Hi. Ahmad": the father's Haji inside the name
            elif not self._name_word(t, i) or (words and self.name_ends(i)):
                break
            elif (
                t in lex.titles
                and words
                and not ((_is_initial(t) or (len(t) == 1 and t.isupper())) and self._name_word(self.t(i + 1)))
            ):
                # a title inside a name starts the next one, unless it is an initial ("Johana H. Ikasasi",
                # "Nur Indah H Nur")
                break
            words.append(t)
            i += 1
        while words and words[-1] in lex.particles and words[-1].islower():  # "... bin" then a verb
            words.pop()
            i -= 1
        if any(len(w) > 2 for w in words) and self._short_caps_suffix(i):  # "Mahfud MD", "Sjacroedin ZP"
            words.append(self.t(i))
            i += 1
        # "Kepala Dinas Dukcapil Solok Selatan, Hamudis, mengatakan": one word set off by commas after
        # a post is a name, whatever root the stemmer finds in it ("hamud")
        enclosed = len(words) == 1 and self.t(start - 1) == "," and self.t(i) == ","
        if not self._is_person(words, titled=titled or enclosed) or self._cut_at(i, words):
            return None
        short, ini = self.t(i + 1), _initials(words)
        if (
            self.t(i) == "("
            and _is_acronym(short)
            and self.t(i + 2) == ")"
            and not (
                len(ini) > 1  # "Penurunan Stunting (TPPS)": one word's initial says nothing
                and (short.startswith(ini) or short.endswith(ini) or short.startswith("H" + ini[:1]))
            )
        ):
            # "Sekolah Dasar (SD)": a body's name with its acronym; "Jusuf Kalla (JK)", "Suhardi Duka
            # (SDK)", "Dedi Mulyadi (KDM)" and Haji "Amsakar Achmad (HAM)" are people known by their initials
            return None
        return tuple(words), i

    def _cut_at(self, i: int, words: list[str]) -> bool:
        """A name the source cut off: an ellipsis right after it (``Kepala Ombudsman RI Perwa...``), or
        one word where an excerpt stops mid-sentence (``..., Gubernur Sulawes``)."""
        if (self.t(i) == "." and self.t(i + 1) == ".") or self.t(i) == "…":
            return True
        return self.cut_off and len(words) == 1 and i >= self.n

    def _initials_first(self, i: int) -> bool:
        """Two capitals opening a name after a comma, a rank or a title, then a name word that is no
        place: ``Bupati Kapuas Hulu, AM Nasir``, ``AKBP FX Winardi Prabowo``."""
        t, nxt = self.t(i), self.t(i + 1)
        return (
            len(t) == 2
            and t.isalpha()
            and t.isupper()
            and t not in self.lex.org_words
            and t not in self.lex.titles
            and t not in self.lex.ranks
            and not _is_degree(t, self.lex)
            and self._name_word(nxt, i + 1)
            and not self.phrase_at(i + 1, self.lex.places)
            and (
                self.t(i - 1) in {",", ""}
                or self.t(i - 1) in self.lex.ranks
                or self.t(i - 1) in self.lex.titles
            )
        )

    def _initials_inside(self, i: int) -> bool:
        """``Selle KS Dalle``, ``Joune J.E Ganda``: two or three capitals (or dotted initials) between
        name words are initials, not a body."""
        t = self.t(i)
        return (
            # "J.E" or "J.E.": the initials the source left without their last full stop, or with it
            (
                (2 <= len(t) <= 3 and t.isalpha() and t.isupper())
                or bool(_INITIALS_NO_STOP.fullmatch(t.removesuffix(".")))
            )
            and t not in self.lex.org_words
            and not _is_degree(t, self.lex)
            and self._name_word(self.t(i + 1))
            and not self.phrase_at(i + 1, self.lex.places)
        )

    def _skip_titles(self, i: int) -> int:
        """Past the titles and ranks before a name (``Dr. H.``, ``Letjen TNI,``, ``Mayor Arm``, ``Sri Sultan``)."""
        lex = self.lex
        while True:
            t = self.t(i)
            if t in lex.titles:
                i += 1
            elif f"{t} {self.t(i + 1)}" in lex.titles:
                i += 2  # "Sri Sultan", "Irjen Pol.": a title of two words
            elif t in lex.ranks:
                i += 1
                if self.t(i) == "," and self.t(i + 1) not in lex.ranks:
                    i += 1
            elif (
                t == "("
                and self.t(i + 1) in lex.ranks
                and self.t(i + 2) == ")"
                and i > 0
                and self.t(i - 1) in lex.ranks
            ):
                i += 3  # "Mayjend. TNI (Purn) Ramses Limbong"
            else:
                return i

    def _short_caps_suffix(self, i: int) -> bool:
        """A two- or three-letter capital word that ends a name rather than a degree or a body."""
        t = self.t(i)
        return (
            2 <= len(t) <= 3
            and t.isalpha()
            and t.isupper()
            and not _is_degree(t, self.lex)
            and t not in self.lex.org_words
            and t not in self.lex.not_names
            and t not in self.lex.ranks
            and not self.phrase_at(i, self.lex.places)
            and self.name_ends(i + 1)
        )

    def name_backward(self, j: int) -> tuple[tuple[str, ...], int] | None:
        """A name ending at token j (degrees and their commas skipped backwards).

        It never reaches into the name of the match before it: in ``Wakil Bupati Pringsewu Umi
        Laila, selaku Ketua TPPS`` the words before ``selaku`` were already the Wakil Bupati's.
        """
        lex = self.lex
        while j >= 0 and (self.t(j) == "," or _looks_like_degree(self.t(j), lex)):
            j -= 1
        words: list[str] = []
        floor = self._floor
        while j >= floor and len(words) < 7:
            t = self.t(j)
            if not (
                self._name_word(t, j)
                or (t in lex.name_parts and j > floor and self._name_word(self.t(j - 1)))
            ):
                break
            words.insert(0, t)
            j -= 1
        while j >= floor and (self.t(j) in lex.titles or self.t(j) in lex.ranks):
            j -= 1
        if not self._is_person(words):
            return None
        return tuple(words), j

    def _is_person(self, words: list[str], *, titled: bool = False) -> bool:
        """A name needs a word that is neither a particle, an initial, nor a place ("Di Kendari, ...")."""
        lex = self.lex
        if (
            not words
            or tuple(words) in lex.places.get(words[0], ())
            or tuple(words) in lex.districts.get(words[0], ())
        ):
            return False  # "Pulau Morotai", "Kodi Bangedo": a place after a post, not a person
        if len(words) > 2 and words[0] in lex.name_openers and words[1] in lex.particles:
            return True  # "I Made Gianyar", "Ida Ayu ... Lingga": a Balinese name, whatever place it holds
        return any(
            w not in lex.particles
            and not (len(w) == 2 and w.endswith("."))
            and (w,) not in lex.places.get(w, ())
            for w in words
        ) and (
            len(words) > 1
            # "Bupati Rejang mengatakan": the first word of the regency's name, Rejang Lebong; a
            # title makes a name of a word the stemmer cuts ("dr. Hemalia": Sastrawi finds "halia")
            or ((titled or _may_be_one_word_name(words[0])) and not lex.places.get(words[0]))
        )

    def name_ends(self, i: int) -> bool:
        """Whether a name may end before token i (punctuation, a lower-case word, a degree, the end).

        A Minang gelar adat also ends it (``Zulkarnain Dt. Bagindo``): it is not part of the name.
        """
        t = self.t(i)
        return (
            not t
            or not t[0].isalnum()
            # "Buang da Cunha", "Yosef de Rosari": a lower-case particle inside a name goes on with it
            or (t[0].islower() and not (t in self.lex.particles and self._name_word(self.t(i + 1), i + 1)))
            or _looks_like_degree(t, self.lex)
            or t in self.lex.name_stops
            or t in self.lex.headline_verbs  # "... Hidayat Lamakarate Menerima Bantuan"
            or t in self.lex.date_words  # "H Rahmat Hidayat Selasa 9 September": the date follows
            or (t.isdigit() and len(t) <= 4)  # "diresmikan Wagub Hadi Mulyadi 11 Oktober lalu"
            or (len(t) == 2 and _is_degree(t + self.t(i + 1), self.lex))  # "S. IP": a degree with a space
        )

    # --- patterns -------------------------------------------------------------------------------

    def find(self) -> list[_Found]:
        found: list[_Found] = []
        i = 0
        starters = self.lex.starters
        while i < self.n:
            word = self.toks[i].text
            speaks = self.phrase_at(i, self.lex.speakers) if word in self.lex.speakers else 0
            led = self._led_unit(i, speaks) if word in self.lex.led_verbs or speaks else None
            if led is None and word == "dari" and self.t(i + 1) in _FRACTION:
                led = self._of_fraction(i)
            if led is None and word == "(" and self.t(i + 1) in _MEMBER_GROUPS:
                led = self._bracketed_member(i)
            if led is None and word in self.lex.chaired_verbs:
                chaired = self._chaired_unit(i)
                if chaired is not None:
                    found += chaired[0]
                    self._floor = i = chaired[1]
                    continue
            if led is not None:
                found.append(led[0])
                i = led[1]
                continue
            if word not in starters and not (word.startswith("Kadi") and _GLUED_KADIS.fullmatch(word)):
                i += 1
                continue
            start = i
            pair = self._paired_posts(i)
            if pair is not None:
                found += pair[0]
                self._floor = i = pair[1]
                continue
            other = self._deputy(i, found) or self._led_by(i)
            if other is not None:
                found.append(other[0])
                self._floor = other[1] - len(other[0].name_tokens)
                i = other[1]
                continue
            acting = False
            head: _Head | None = None
            alen = self.phrase_at(i, self.lex.acting)
            if alen:
                j = i + alen + (self.t(i + alen) == ".")
                if self.t(j) == "(" and self.t(j + 2) == ")":  # "Pelaksana Tugas (Plt) Kepala ..."
                    j += 3
                if self.head_at(j) or self.head_at(j, lower=True):
                    acting = True
                    i = j
                elif (
                    j - i <= 2
                    and len(self.t(i)) <= 4
                    and self._continues(j)
                    and self.t(j) not in self.lex.ranks
                ):
                    # "Plt DP2KB Dafip Haryanto": the acting head of the body, its head word left out
                    acting = True
                    head = _Head(tuple(self.t(k) for k in range(i, j)), needs_qualifier=True)
            head = head or self.head_at(i)
            lower = False
            if head is None:
                # "anggota DPRD Kabupaten Semarang, Muhammad ...": a lower-case post counts only in
                # the comma shape, where the name that follows is unambiguous
                head = self.head_at(i, lower=True)
                lower = True
                if head is not None and len(head.words) == 1 and self.head_at(i + 1) is not None:
                    head = None  # "beberapa staf Kadis Kominfo NAME": the capitalised post is the one
            if head is None:
                i = start + 1
                continue
            hend = i + len(head.words)
            self._head_start, self._head_end = i, hend
            if self._venue(start):
                i = hend
                continue
            if self.t(start - 1) in self.lex.former_words:
                start -= 1  # "mantan Kepala Dinas X, NAME": still named for the post, as the article does
            end = self._known_end = self.extend_position(hend)
            listed = (
                self._names_listed(end)
                if (end > hend or not head.needs_qualifier)
                and self.t(start - 1) not in {",", *_LIST_CONNECTORS}  # "Wabup dan Sekda, yakni A dan B"
                and not any(
                    self.t(j) in _LIST_CONNECTORS and self._starts_post(j + 1) for j in range(hend, end)
                )
                else None
            )
            if listed is not None:  # "anggota dewan yang datang, yakni A, B, dan C": each holds the post
                found += [self._make(start, end, hend, words, acting) for words in listed[0]]
                self._floor = i = listed[1]
                continue
            match = self._comma_scan(hend)
            if (
                match is not None
                and match[1] == hend
                and (head.needs_qualifier or (lower and len(head.words) == 1 and len(match[0]) < 2))
            ):
                # "kepala, NAME" says nothing; "mantan wakil wali kota, NAME" and "dihadiri wawali,
                # Max Lomban" do, a lone lower-case head with a full name
                match = None
            through = self._through(start, end, head, found) if match is None else None
            if through is not None:
                found.append(through[0])
                self._floor = i = through[1]
                also = self._shared_post(head, i)
                if also is not None:  # "... dan Wakil Ketua Ihwan Ritonga dan Rajudin Sagala"
                    found.append(replace(through[0], name_tokens=also[0]))
                    self._floor = i = also[1]
                continue
            if match is None and not lower:
                if (
                    head.needs_qualifier
                    and end == hend
                    and len(head.words) > 1
                    and self.t(end) in self.lex.titles
                ):
                    match = self._after_position(
                        end
                    )  # "Wakil Ketua H. Adi Gunawan": the title marks the name
                elif head.needs_qualifier and end == hend and self._bare_head_names(head, i):
                    # "Kadis ... didampingi Sekretaris Wa Ode Iis Indriyani": the secretary of the body
                    # just named; a full name (or a title before one) must follow
                    bare = self.t(end) != "," and not self._committee_near(end)
                    match = self._after_position(end) if bare else None
                    if match is None or (len(match[0]) < 2 and self.t(end) not in self.lex.titles):
                        i = end
                        continue
                elif head.needs_qualifier and end == hend:
                    # "Kepala Bakeuda Kabupaten X Siswanto": an unknown body, then its place, then the name
                    match = self._name_after_last_body_word(end)
                    if match is not None and match[1] <= end + 1:
                        match = None
                    if match is None and not self._after_move(end):
                        # a bare "Staf Ahli" names a post only as the old one of a rotation
                        # ("NAME dari Staf Ahli kini menjadi Kadis Pertanian"), where the new post follows
                        i = end
                        continue
                else:
                    match = self._after_position(end)
            elif match is None and (end > hend or len(head.words) > 1 or self.t(end) in self.lex.titles):
                # "anggota Ombudsman RI Adrianus Meliala": a lower-case post with its body, then a full
                # name; or a post of two words ("didampingi wakil bupati Yuni Satia Rahayu"); or a title
                # marks where the name starts ("sekkab H.Askary Anwar")
                match = self._after_position(end)
                if match is not None and len(match[0]) < 2:
                    match = None
            k_after = end
            if match is not None and match[0][0] == self.t(match[1] - 1) and self._known_place(match[1] - 1):
                match = None  # "visi Bupati Berau, Berau Maju dan Berkelanjutan": a slogan, not a name
            if match is not None:
                name, pos_end, k_after = match
                # "Kepala Satpol PP – Plt NAME": a list marks the holder acting after the dash
                acting = acting or (
                    self.t(pos_end) in _LIST_DASHES and bool(self.phrase_at(pos_end + 1, self.lex.acting))
                )
                found.append(self._make(start, pos_end, hend, name, acting))
                self._floor = k_after - len(name)
                if self.t(k_after) in _NOW_WORDS:
                    # "Sekda Barito Utara Muhlis kini memegang jabatan Pj Bupati Barito Utara": the
                    # person's post is the new one
                    moved = self._post_after_cue(k_after)
                    if moved is not None:
                        found[-1] = self._make(moved[0], moved[1], moved[2], name, moved[3])
                        k_after = moved[1]
                successor = self._successor(k_after)
                if successor is not None:  # "Assiten III A digantikan oleh B": B holds the post now
                    found.append(replace(found[-1], name_tokens=successor[0]))
                    k_after = successor[1]
                also = self._shared_post(head, k_after)
                if also is not None:  # "Wakil Ketua H. Adi Gunawan dan Ade Sudarman"
                    found.append(replace(found[-1], name_tokens=also[0]))
                    k_after = also[1]
            elif not lower or end > hend or len(head.words) > 1:
                # a lower-case post after its name needs its body or a second word ("NAME, ketua
                # majelis hakim pada ...", "NAME, anggota DPRD Kota X"), as in the comma shape
                if end == hend and " ".join(head.words) in self.lex.place_heads and self._lone_place(end):
                    end += 1  # "NAME yang kini menjabat Kepala Desa Sukamaju.": the word is the village
                pair = self._coordinated_pair(start, end)
                if pair is not None:  # "melantik A dan B sebagai Bupati dan Wakil Bupati Pesawaran"
                    found += pair[0]
                    self._floor = pair[1]
                    i = pair[1]
                    continue
                if self.t(start - 1) == "(" and self.t(end) in _SECOND_POST:
                    end = self._bracket_close(end)  # "NAME (Kepala Satpol PP sekaligus Pj Sekda X)"
                before = self._before_position(start, end)
                newer = self._new_post(start, end) if before is not None else None
                if newer is None and self._from_link(start) and not self._after_move(end):
                    before = None  # "Surat dari Kepala BKN itu": "dari" makes a rotation only with a move
                if before is not None:
                    if newer is not None:  # "NAME, sebelumnya POST, kini menjabat POST2": POST2 is theirs
                        start, end, hend, acting = newer
                    found.append(self._make(start, end, hend, before, acting))
                    self._floor = end
            i = max(k_after, start + 1)
        return found

    def _through(self, start: int, end: int, head: _Head, found: list[_Found]) -> tuple[_Found, int] | None:
        """A bare post whose body is the previous official's: one spoken through (``Kepala BKD
        Kabupaten OKI, Herry Susanto, melalui sekretaris H Husni``), or the deputy after the head
        (``Ketua DPRD Medan Hasyim dan Wakil Ketua Ihwan Ritonga``)."""
        if end != self._head_end or not head.needs_qualifier or not found:
            return None
        last, before = found[-1], self.t(start - 1).lower()
        bare = self.text[self.toks[self._head_start].start : self.toks[end - 1].end]
        if before == "melalui" and last.organisation:
            post = f"{bare[:1].upper()}{bare[1:]} {last.organisation}"
        elif (
            before == "dan"
            and head.words[0] == "Wakil"
            and last.post.startswith(" ".join(head.words[1:]) + " ")
            and last.organisation
        ):
            post = f"Wakil {last.post}"
        else:
            return None
        got = self.name_forward(end + (self.t(end) == ","))
        if not got or not self.name_ends(got[1]):
            return None
        return _Found(got[0], post, last.organisation, False, self.toks[start].start, post), got[1]

    def _venue(self, start: int) -> bool:
        """``Kantor Bupati``, ``halaman kantor Camat Katingan Hulu``: a building, not its holder.

        A bracketed short form between them is skipped: ``Rumah Jabatan (Rujab) Gubernur Sulsel``.
        """
        if self.t(start - 1) == ")" and self.t(start - 3) == "(":
            start -= 3
        prev, prev2 = self.t(start - 1), f"{self.t(start - 2)} {self.t(start - 1)}"
        return any(
            w in self.lex.venue_words or w[:1].upper() + w[1:] in self.lex.venue_words for w in (prev, prev2)
        )

    def _deputy(self, i: int, found: list[_Found]) -> tuple[_Found, int] | None:
        """``Bupati Lampung Barat NAME dan wakilnya NAME2``: NAME2 is the Wakil Bupati Lampung Barat."""
        if self.t(i) not in self.lex.deputy_words or not found or found[-1].post.startswith("Wakil"):
            return None
        j = i + 1 + (self.t(i + 1) == ",")
        got = self.name_forward(j)
        if not got or not self.name_ends(got[1]):
            return None
        last = found[-1]
        return _Found(got[0], f"Wakil {last.post}", last.organisation, False, self.toks[i].start, ""), got[1]

    def _led_unit(self, i: int, speaks: int = 0) -> tuple[_Found, int] | None:
        """``Dinas Perindustrian yang saat ini dipimpin Ahmadi Akil``: a unit named by who heads it.

        The post is the unit's head (``Kepala Dinas Perindustrian``); the unit is the capitalised run
        before the verb from its first body word on (``Kemudian Dinas ...`` starts at Dinas). A DPRD
        fraction read out by a member (``Fraksi Golkar dibacakan oleh NAME``) gives the fraction itself;
        one that speaks through its spokesperson (``speaks`` tokens: ``Fraksi PKB dengan jubir NAME``)
        gives the fraction's Juru Bicara.
        """
        j = i - 1
        while j >= 0 and self.t(j) in self.lex.led_fillers:
            j -= 1
        end = j + 1
        k = j
        while k >= 0 and (_is_cap(self.t(k)) or self.t(k) in {"dan", "(", ")"}):
            k -= 1
        voiced = bool(speaks) or self.t(i) in self.lex.voiced_verbs
        units = self.lex.voiced_units if voiced else self.lex.led_units
        first = next((m for m in range(k + 1, end) if self.t(m) in units), None)
        if first is None or end - first > _MAX_POSITION_TOKENS:
            return None
        if self.t(first - 1).lower() in self.lex.led_groups:
            return None  # "rombongan Dinas Sosial dipimpin NAME": whoever leads a visit, not the head
        got = self.name_forward(i + speaks if speaks else i + 1 + (self.t(i + 1) == "oleh"))
        if not got or not self.name_ends(got[1]):
            return None
        unit = self.text[self.toks[first].start : self.toks[end - 1].end]
        post = f"Juru Bicara {unit}" if speaks else unit if voiced else f"Kepala {unit}"
        return _Found(got[0], post, unit, False, self.toks[first].start, post), got[1]

    def _successor(self, k: int) -> tuple[tuple[str, ...], int] | None:
        """The name after ``digantikan (oleh)`` that follows an official: a rotation list's successor
        (``Camat Pelalawan A yang digantikan B``)."""
        k += self.t(k) == ","
        k += self.t(k) == "yang"
        if self.t(k) != "digantikan":
            return None
        got = self.name_forward(k + 1 + (self.t(k + 1) == "oleh"))
        return got if got and self.name_ends(got[1]) else None

    def _of_fraction(self, i: int) -> tuple[_Found, int] | None:
        """``NAME dari Fraksi PKS``: a DPRD member named by the fraction, in the lists of speakers a
        paripurna report gives (``juru bicara masing-masing yakni, A dari Fraksi X, B dari Fraksi Y``).

        The post is the fraction's Juru Bicara where the paragraph speaks of spokespeople, else the
        fraction itself, as for a fraction's view read out by a member. The name must open an item.
        """
        got = self._item_name_before(i)
        if got is None:
            return None
        words, k = got
        end = i + 2
        while end < self.n and end - i <= _MAX_POSITION_TOKENS and _is_cap(self.t(end)):
            end += 1
        if end == i + 2:
            return None
        unit = "Fraksi " + self.text[self.toks[i + 2].start : self.toks[end - 1].end]
        post = f"Juru Bicara {unit}" if self._names_spokespeople else unit
        return _Found(words, post, unit, False, self.toks[k + 1].start, post), end

    def _item_name_before(self, i: int) -> tuple[tuple[str, ...], int] | None:
        """The name that ends right before token i and opens a list's item (a comma, a colon, a list cue
        or a connector before it, or the line's start), with the index before it."""
        got = self.name_backward(i - 1)
        if got is None or self.t(got[1]) not in {",", ":", "", *_LIST_OPENERS, *_LIST_CONNECTORS}:
            return None
        return got

    def _bracketed_member(self, i: int) -> tuple[_Found, int] | None:
        """``NAME (Komisi A)``, ``NAME (Fraksi Golkar)``: a DPRD member in a list of the members who
        came (``anggota DPRD Jateng, yakni A (Komisi A), B (Komisi E) dan C (Komisi C)``).

        The line must name the DPRD before the list; the post is the commission as a member of that
        DPRD (``Anggota Komisi A DPRD Jateng``), or the fraction as ``dari Fraksi X`` gives it.
        """
        got = self._item_name_before(i)
        if got is None:
            return None
        words, k = got
        group = self.t(i + 1)
        end = i + 2
        while end < self.n and end - i <= _MAX_POSITION_TOKENS and self.t(end) != ")":
            end += 1
        if self.t(end) != ")" or end == i + 2:
            return None
        inner = self.text[self.toks[i + 1].start : self.toks[end - 1].end]
        body = self._dprd_before(k)
        if body is None:
            return None
        if group.lower() == "komisi":
            if end != i + 3 or not (
                _ROMAN.match(self.t(i + 2)) or _COMMISSION_LETTER.fullmatch(self.t(i + 2))
            ):
                return None  # "(Komisi Informasi)": another body, not a DPRD commission
            post = f"Anggota {inner} {body}"
        else:
            post = f"Juru Bicara {inner}" if self._names_spokespeople else inner
        return _Found(words, post, body, False, self.toks[k + 1].start, post), end + 1

    def _list_cue(self, k: int) -> int:
        """Tokens of a cue that opens a list at k (``yakni``, ``yaitu``, ``antara lain``, ``di
        antaranya``, a colon), with a comma or colon after it; 0 if none."""
        n = next((len(c) for c in _LIST_CUES if all(self.t(k + m) == w for m, w in enumerate(c))), 0)
        return n + (n > 0 and self.t(k + n) in {",", ":"})

    def _names_listed(self, end: int) -> tuple[list[tuple[str, ...]], int] | None:
        """``sembilan anggota dewan yang datang, yakni A, B, dan C``; ``Anggota Komisi I DPRD SBB: A, B,
        dan C``: a post, a list cue, then names alone, each of whom holds the post.

        Every item must be a name and nothing more, ending the sentence: a list of posts, of places or
        of name-and-post pairs (``yakni A sebagai Camat X, B ...``) is left to the shapes that read them.
        """
        k = end
        if self.t(k) == "yang":  # "yang hadir", "yang datang", "yang dilantik hari ini"
            j = k + 1
            while j < self.n and j - k <= 4 and self.t(j).islower() and not self._list_cue(j):
                j += 1
            k = j
        k += self.t(k) == ","
        cue = self._list_cue(k)
        if not cue:
            return None
        k += cue
        names: list[tuple[str, ...]] = []
        while True:
            got = self.name_forward(k)
            if got is None or self._known_place(k):
                return None
            words, k = got
            while self.t(k) == "," and _looks_like_degree(self.t(k + 1), self.lex):
                k += 2  # "Almanza, SSTP, ..."
            names.append(words)
            sep = self.t(k)
            if sep == "," and self.t(k + 1) in _LIST_CONNECTORS:
                k += 2
            elif sep == "," or sep in _LIST_CONNECTORS:
                k += 1
            elif sep in {".", "", ";"} and len(names) >= 2:
                return names, k
            else:
                return None

    def _listed_name(self, end: int) -> tuple[tuple[str, ...], int, int] | None:
        """``Kepala Satpol PP – Plt Andi Hasbullah``: a list of posts, each line a post, a dash or a colon,
        then who holds it (an acting mark may stand before the name). The name must close its item: the
        line, a comma, a semicolon or a bracket follows, so ``Kepala Dinas - yang baru ...`` is prose."""
        k = end + 1
        alen = self.phrase_at(k, self.lex.acting)
        k += alen + (alen > 0 and self.t(k + alen) == ".")
        got = self.name_forward(k)
        if got is None or self.t(got[1]) not in {"", ",", ";", "(", "."}:
            return None
        return got[0], end, got[1]

    def _chaired_unit(self, i: int) -> tuple[list[_Found], int] | None:
        """``Fraksi PDIP diketuai Migdat Abdullah, dengan wakil ketua A dan sekretaris B``: a DPRD body
        named by its chair, then its officers in the same sentence (``chaired_units``).

        The body is the capitalised run that opens with a unit word in the clause before the verb (an
        apposition may stand between: ``Fraksi NasDem, gabungan ..., diketuai NAME``).
        """
        lex = self.lex
        first = next(
            (
                m
                for m in range(i - 1, max(-1, i - _MAX_POSITION_TOKENS), -1)
                if self.phrase_at(m, lex.chaired_units)
            ),
            None,
        )
        if first is None or any(self.t(m) in {".", ";"} for m in range(first, i)):
            return None
        end = first + 1
        while end < i and (_is_cap(self.t(end)) or _ROMAN.match(self.t(end))):
            end += 1
        unit = self.text[self.toks[first].start : self.toks[end - 1].end]
        k = i + 1 + (self.t(i + 1) == "oleh")
        chair = self.name_forward(k)
        if chair is None or not self.name_ends(chair[1]):
            return None
        k = self._as_officer(chair[1], "ketua")
        out = [_Found(chair[0], f"Ketua {unit}", unit, False, self.toks[first].start, f"Ketua {unit}")]
        while k < self.n:
            j = k
            while self.t(j) in {",", "dengan", "dan", "serta"}:
                j += 1
            olen = self._officer_at(j)
            if olen:  # "wakil ketua NAME"
                got = self.name_forward(j + olen)
                officer = " ".join(self.t(j + n) for n in range(olen))
            else:  # "NAME sebagai wakil ketua"
                got = self.name_forward(j)
                officer = ""
                if got is not None:
                    after = self._as_officer(got[1], None)
                    officer = " ".join(self.t(n) for n in range(got[1] + 1, after)) if after > got[1] else ""
            if got is None or not officer or not self.name_ends(got[1]):
                break
            post = f"{officer.title()} {unit}"
            out.append(_Found(got[0], post, unit, False, self.toks[j].start, post))
            k = self._as_officer(got[1], officer.lower()) if not olen else got[1]
        return out, k

    def _officer_at(self, j: int) -> int:
        """Tokens of an officer's title at j in any case (``wakil ketua``, ``Sekretaris``), 0 if none."""
        words = tuple(self.t(j + n).lower() for n in range(2))
        return next((len(c) for c in self.lex.chair_officers.get(words[0], ()) if words[: len(c)] == c), 0)

    def _as_officer(self, k: int, officer: str | None) -> int:
        """Past ``sebagai ketua`` (``officer``; any officer when None) after a name at k, else k."""
        if self.t(k) != "sebagai":
            return k
        if officer == "ketua":
            return k + 2 if self.t(k + 1).lower() == "ketua" else k
        olen = self._officer_at(k + 1)
        said = " ".join(self.t(k + 1 + n).lower() for n in range(olen))
        return k + 1 + olen if olen and (officer is None or said == officer) else k

    def _paired_posts(self, i: int) -> tuple[list[_Found], int] | None:
        """``Bupati dan Wakil Bupati Dogiyai, Yacobus Dumupa – Oskar Makai``: a head and its deputy
        sharing one place, then their two names in the same order, joined by a dash or ``dan``."""
        head = self.head_at(i)
        if head is None or self.t(i + len(head.words)) != "dan":
            return None
        j = i + len(head.words) + 1
        deputy = self.head_at(j)
        if deputy is None or deputy.words != ("Wakil", *head.words):
            return None
        hend = j + len(deputy.words)
        self._head_start, self._head_end = j, hend
        end = self.extend_position(hend)
        if end == hend:
            return None  # "Bupati dan Wakil Bupati NAME": no place, so whose posts is unclear
        k = end + (self.t(end) == ",")
        first = self.name_forward(k)
        if first is None or self.t(first[1]) not in _PAIR_JOINS:
            return None
        second = self.name_forward(first[1] + 1)
        if second is None or not self.name_ends(second[1]):
            return None
        place = self.text[self.toks[hend].start : self.toks[end - 1].end]
        at = self.toks[i].start
        chief, vice = " ".join(head.words), " ".join(deputy.words)
        return [
            _Found(first[0], f"{chief} {place}", place, False, at, f"{chief} {place}"),
            _Found(second[0], f"{vice} {place}", place, False, at, f"{vice} {place}"),
        ], second[1]

    def _bare_head_names(self, head: _Head, i: int) -> bool:
        """Whether a head that needs a qualifier names a post bare at i: ``Sekretaris`` after the body
        just named, ``Wakil Ketua`` after the DPRD this line named (``Ketua DPRD Samosir A, didampingi
        Wakil Ketua B dan C``)."""
        text = " ".join(head.words)
        return text in self.lex.bare_heads or (
            text in self.lex.dprd_bare_heads and self._dprd_before(i) is not None
        )

    def _dprd_before(self, k: int) -> str | None:
        """The DPRD a line names before token k (``DPRD Jateng``, ``DPRD Kabupaten Bogor``), with up to
        three capitalised words of its place; ``None`` when the line names none."""
        at = bisect.bisect_right(self._dprd_at, k) - 1
        if at < 0:
            return None
        j = end = self._dprd_at[at]
        end += 1
        while end < k and end - j <= 3 and _is_cap(self.t(end)) and self.t(end) != "DPRD":
            end += 1
        return self.text[self.toks[j].start : self.toks[end - 1].end]

    @cached_property
    def _dprd_at(self) -> list[int]:
        """Where the line says DPRD (once per line: a list of members may be long)."""
        return [j for j, tok in enumerate(self.toks) if tok.text == "DPRD"]

    @cached_property
    def _names_spokespeople(self) -> bool:
        """Whether the line speaks of spokespeople (once per line: a list may hold many fractions)."""
        low = self.text.lower()
        return "jubir" in low or "juru bicara" in low

    def _led_by(self, i: int) -> tuple[_Found, int] | None:
        """``majelis hakim yang diketuai NAME``: a panel named by who leads it, and its post."""
        for words, post in self.lex.led_by.get(self.t(i).lower(), ()):
            if all(self.t(i + k).lower() == w for k, w in enumerate(words)):
                got = self.name_forward(i + len(words))
                if got and self.name_ends(got[1]):
                    return _Found(got[0], post, None, False, self.toks[i].start, post), got[1]
        return None

    def _shared_post(self, head: _Head, k: int) -> tuple[tuple[str, ...], int] | None:
        """A second name after ``dan`` that holds the same post (``Wakil Ketua A dan B``)."""
        if (
            " ".join(head.words) not in self.lex.shared_heads
            or self.t(k) != "dan"
            or self._starts_post(k + 1)
        ):
            return None
        got = self.name_forward(k + 1)
        if got and self.name_ends(got[1]) and not self._starts_post(got[1]):
            return got
        return None

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
        if got and self.name_ends(got[1]) and not self._own_post_follows(got[1]):
            return got[0], k, got[1]
        return None

    def _own_post_follows(self, i: int) -> bool:
        """Whether the name ending before token i goes on to its own post: in a rotation list ("Camat
        Dolopo, Mukhlis Sarengat menjadi Camat Kebonsari, Dodi Setiawan Camat Geger") the name after
        a post's comma belongs to the next post, not to that one."""
        if self._starts_post(i):
            return True
        if self.t(i) in _TO_POST:
            return any(self._starts_post(i + n) for n in (1, 2, 3))
        return False

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
                if self._comma_continues(k):
                    k += 1
                    continue
                result = k
                break
            if _is_cap(t) or _ROMAN.match(t) or _UNIT_NUMBER.fullmatch(t):
                k += 1
                continue
            if self._joins(k) and _is_cap(self.t(k + 1)):
                k += 1
                continue
            if t in _SECOND_POST and _is_cap(self.t(k + 1)):  # "Kepala Bappeda X selaku Ketua Panitia, NAME"
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
        # "pejabat sementara Bupati Halmahera Utara diduduki oleh NAME"; "Camat Tugumulyo dijabat
        # NAME": one capitalised word the lexicon lacks before the link is the post's place
        lone = int(_is_cap(self.t(end)) and bool(self.phrase_at(end + 1, self.lex.links_after)))
        flen = self.phrase_at(end + lone, self.lex.links_after)
        if flen:
            got = self.name_forward(end + lone + flen)
            return (got[0], end + lone, got[1]) if got and self.name_ends(got[1]) else None
        if self.t(end) == ",":
            got = self.name_forward(end + 1)
            if got and self.name_ends(got[1]) and not self._own_post_follows(got[1]):
                return got[0], end, got[1]
            return None
        if self.t(end) == "(":  # "saya minta Kadis Kominfo (Azril Apriansyah), Kabid Aset ...": a full name
            got = self.name_forward(end + 1)
            if (
                got
                and len(got[0]) > 1
                and self.t(got[1]) == ")"
                and not any(w in self.lex.org_words or _ROMAN.match(w) for w in got[0])
            ):
                return got[0], end, got[1] + 1
            return None
        if self.t(end) in self.lex.connectors and _is_cap(self.t(end + 1)) and not self._starts_post(end + 1):
            # "Kepala Bidang Ketenteraman dan Kedamaian Satpol PP Provinsi Papua NAME": the post goes on
            # past a word the lexicon lacks; "..., NAME sebagai POST2": that name is the next post's
            tail = self._name_after_last_body_word(end + 1)
            return None if tail and self._own_post_follows(tail[2]) else tail
        if self.t(end) in _LIST_DASHES:
            return self._listed_name(end)
        if not _is_cap(self.t(end)) and self.t(end) not in self.lex.titles:
            return None
        for plen in (1, 2):
            # "Kapolsek Tamalatea Iptu Sukhardi": a place the gazetteer lacks, then the rank and the name
            rank_at = end + plen
            if self.t(rank_at) in self.lex.ranks:
                if all(self._name_word(self.t(end + i)) for i in range(plen)):
                    ranked = self.name_forward(rank_at)
                    if ranked and self.name_ends(ranked[1]):
                        return ranked[0], rank_at, ranked[1]
                break
        starts = self._name_part_starts_name(end)
        tail = None if starts else self._name_after_last_body_word(end)
        if tail is not None:
            return tail
        got = self.name_forward(end, first_may_be_part=starts)
        if not got or not self.name_ends(got[1]):
            return None
        # "Lurah Anduonohu, menyebut": a lone word right after a bare local head may be its place
        if (
            len(got[0]) == 1
            and end == self._head_end
            and self.t(end) not in self.lex.titles
            and got[0][0] not in self.attributed  # "... ujar Sudirman" shows the word is a person
            and (self._head_text() in self.lex.local_heads or self._known_place(end))
        ):
            return None
        split = self._split_unknown_place(got[0], end)
        if split == len(got[0]):
            return None  # "Lurah Tigo Koto Dibaruah dan ...": the whole run is the place, no one is named
        if split:
            return got[0][split:], end + split, got[1]
        # "Kalapas Kelas IIA Muara Beliti, Ronald Heru": the first run is a place, the second the name
        if self.t(got[1]) == ",":
            second = self.name_forward(got[1] + 1)
            if second and self._own_post_follows(second[1]):
                return None  # "... Kesehatan Hewan, Yarham sebagai Kepala Biro": a rotation list's next item
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
        if not got or not self.name_ends(got[1]):
            return None
        # one word after the body is a name ("Kepala Bakeuda Kabupaten Purbalingga Siswanto") unless
        # it is a place the post went on to name
        if len(got[0]) < 2 and (self._known_place(last + 1) or self.t(last + 1) in self.lex.titles):
            return None
        return got[0], last + 1, got[1]

    def _village_at(self, k: int) -> bool:
        """One unknown capitalised word after a village-level head, then a comma or a place word."""
        nxt = self.t(k + 1)
        return (
            self._head_text() in self.lex.local_heads
            and _is_cap(self.t(k))
            and self._name_word(self.t(k))
            and not (self.phrase_at(k, self.lex.places) or self.phrase_at(k, self.lex.districts))
            and (nxt == "," or nxt in self.lex.place_words)
        )

    def _lone_place(self, k: int) -> bool:
        """One capitalised word at k that ends the clause: the place of a head such as Kepala Desa."""
        return _is_cap(self.t(k)) and self._name_word(self.t(k)) and self.name_ends(k + 1)

    def _known_place(self, k: int) -> bool:
        """A regency, province, alias, district or one of the article's own villages starts at token k."""
        return bool(
            self.phrase_at(k, self.lex.places)
            or self.phrase_at(k, self.lex.districts)
            or self.phrase_at(k, self.villages)
        )

    def _takes_district(self) -> bool:
        """A camat, a village head, a Kapolsek: the head's place is a district or village, never a
        regional head's (``Bupati Makmur Marbun`` is the regent Makmur Marbun)."""
        head = self._head_text()
        return head in self.lex.place_heads and head not in self.lex.elected_heads

    def _head_text(self) -> str:
        return " ".join(self.t(k) for k in range(self._head_start, self._head_end))

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
            if self._joins(k) and _is_cap(self.t(k + 1)):
                k += 1
                continue
            blen = self._bracketed_short_form(k)
            if blen:
                last = k + blen - 1  # a short form in brackets closes the body words before it
                k += blen
                continue
            if t == "(" and self.t(k + 2) == ")":
                k += 3
                continue
            if not (_is_cap(t) or _ROMAN.match(t)):
                break
            if t == "I" and _is_cap(self.t(k + 1)) and not self._continues(k + 1):
                break  # "I Wayan ...": the name starts here
            if (t in lex.name_openers and self.t(k + 1) in lex.particles) or self._balinese_name_opens(k):
                break  # "Ida Ayu ...", "Ni Luh ...", "IGN ...": a Balinese name starts here, whatever places it holds
            plen = self.phrase_at(k, lex.places)
            if plen > 1 and self._continues(k):
                last = k + plen - 1  # "... Kominfo Tanah Datar Fajri": the place's last word is body
                k += plen
                continue
            if (self._continues(k) or _ROMAN.match(t)) and not self._initials_after_name_word(k, start):
                last = k
            k += 1
        for v in visited:
            # from a later start, only the body words at or after it count
            self._body_runs[v] = (k, at_title, last if last >= v else -1)
        return k, at_title, last if last >= start else -1

    def _initials_after_name_word(self, k: int, start: int) -> bool:
        """``Wakil Wali Kota Ronny PL Tobing``: capitals between a word of the run that no post goes on
        with and a name word are the name's initials, not the body the name comes after."""
        prev = self.t(k - 1)
        return k > start and _is_cap(prev) and not self._continues(k - 1) and self._initials_inside(k)

    def _balinese_name_opens(self, k: int) -> bool:
        """A Balinese name opens at k whatever body or place its words name elsewhere: its words in
        capitals before a name word (``IGA Sri Wahyuni``, I Gusti Ayu; ``AA Ngr. Putra``; the lexicon
        lists them among the particles, so no body's acronym is taken) or an opening phrase (``Anak
        Agung``, ``name_opening_phrases``)."""
        t = self.t(k)
        if self.t(k - 1) in _CLASS_WORDS and _ROMAN.match(t):
            return False  # "Ketua PN Kelas IB Atambua": a court's class, not Ida Bagus
        return bool(self.phrase_at(k, self.lex.name_opening)) or (
            len(t) > 1 and t.isupper() and t in self.lex.particles and self._name_word(self.t(k + 1), k + 1)
        )

    def _split_unknown_place(self, words: tuple[str, ...], end: int) -> int:
        """How many leading words of a run after a bare head are its place, not the person.

        ``Camat Mandonga Sudirman``: Mandonga is a district (Kemendagri list) and Camat takes a place.
        0 when nothing says so. (A later ``ujar Sudirman`` cannot settle it: people are quoted by any
        part of their name, so it would cut ``Lalu Ahmad Fauzan`` after ``kata Fauzan``.)
        """
        if len(words) < 2 or self.t(end) in self.lex.titles or end != self._head_end:
            return 0
        # a district (kecamatan) or town is the place of a camat, a village head, a Kajari, a Kapolsek,
        # never of a regional head: "Bupati Makmur Marbun" is the regent Makmur Marbun, whatever
        # district is called Makmur; a village the article names ("di Desa Kalimango") likewise
        if self._takes_district():
            plen = self.phrase_at(end, self.lex.districts) or self.phrase_at(end, self.villages)
            if 0 < plen <= len(words):
                return plen
            # "Penjabat Kepala Desa Atakore Hermanus Topi": three words or more after a village head,
            # none of them a particle, are the village and then the person (names of villages the
            # gazetteer lacks are mostly one word)
            if (
                len(words) >= 3
                and self._head_text() in self.lex.village_heads
                and not any(w in self.lex.particles or w in self.lex.name_openers for w in words)
            ):
                return 1
        return 0

    def _coordinated_pair(self, start: int, end: int) -> tuple[list[_Found], int] | None:
        """``A dan B sebagai Bupati dan Wakil Bupati Pesawaran``: two people, two posts, one place.

        The first person takes the first post with the place written after the second; returns both
        and the index after the second post. Only after a link (``sebagai``) and when the second post
        is a head of its own, so "Kepala Dinas Sosial dan Kebudayaan" stays one post.
        """
        link = self._link_before(start)
        if not link or self.t(end) != "dan":
            return None
        second = self.head_at(end + 1)
        if second is None:
            return None
        name2 = self.name_backward(start - link - 1)
        if name2 is None or self.t(name2[1]) != "dan":
            return None
        name1 = self.name_backward(name2[1] - 1)
        if name1 is None:
            return None
        h2_start, h2_end = end + 1, end + 1 + len(second.words)
        self._head_start, self._head_end = h2_start, h2_end
        end2 = self.extend_position(h2_end)
        if second.needs_qualifier and end2 == h2_end:
            return None
        first_post = self.text[self.toks[start].start : self.toks[end - 1].end]
        place = self.text[self.toks[h2_end].start : self.toks[end2 - 1].end] if end2 > h2_end else ""
        second_post = self.text[self.toks[h2_start].start : self.toks[end2 - 1].end]
        at = self.toks[start].start
        return (
            [
                _Found(name1[0], f"{first_post} {place}".strip(), place or None, False, at, first_post),
                _Found(name2[0], second_post, place or None, False, at, second_post),
            ],
            end2,
        )

    def _bracket_close(self, end: int) -> int:
        """The ``)`` closing a bracketed post that names a second post (``sekaligus Pj Sekda``), or
        ``end`` when the bracket does not close soon."""
        for k in range(end + 1, min(end + 16, self.n)):
            if self.t(k) == "(":
                break
            if self.t(k) == ")":
                return k
        return end

    def _from_link(self, start: int) -> bool:
        """Whether the post at ``start`` follows a bare ``dari`` (``NAME dari Kadis Kominfo ...``);
        ``dari jabatan lama sebagai POST`` says whose post it is on its own."""
        return self._link_before(start) == 1 and self.t(start - 1) == "dari"

    def _after_move(self, end: int) -> int:
        """The index after a new-post cue that follows the post ending at ``end`` (``..., kini menjabat``,
        ``... kini memimpin Dinas X``), 0 when none does; :meth:`_new_post` reads the new post there."""
        j = end + (self.t(end) == ",")
        cue = self.phrase_at(j, self.lex.new_post_cues)
        return j + cue if cue else 0

    def _new_post(self, start: int, end: int) -> tuple[int, int, int, bool] | None:
        """The post a rotation list gives after the old one: ``NAME, sebelumnya Kepala Inspektorat, kini
        menjabat Kepala Dinas X`` or ``NAME, dari Sekretaris DPRD menjadi Kepala Dinas Y``.

        Only after a rotation link (``rotation_links``); returns the new post's start, end, head end and
        acting flag, with the head recorded as :meth:`_make` expects.
        """
        lex = self.lex
        link = self._link_before(start)
        if not link or " ".join(self.t(k) for k in range(start - link, start)) not in lex.rotation_links:
            return None
        return self._post_after_cue(end)

    def _post_after_cue(self, end: int) -> tuple[int, int, int, bool] | None:
        """The post after a new-post cue that follows token ``end`` (see :meth:`_new_post`)."""
        lex = self.lex
        j = self._after_move(end)
        if not j:
            return None
        alen = self.phrase_at(j, lex.acting)
        k = j + alen + (alen > 0 and self.t(j + alen) == ".")
        if alen and self.t(k) == "(" and self.t(k + 2) == ")":
            k += 3  # "kini memegang jabatan Penjabat (Pj) Bupati ..."
        head = self.head_at(k)
        if head is None:
            return None
        hend = k + len(head.words)
        self._head_start, self._head_end = k, hend
        new_end = self.extend_position(hend)
        if new_end == hend and " ".join(head.words) in lex.place_heads:
            # "kini menjabat Camat Jatiwangi.": the post ends the clause, so its last words are its place
            plen = self.phrase_at(hend, lex.districts) or self.phrase_at(hend, lex.places)
            if not plen and _is_cap(self.t(hend)) and self.t(hend + 1) in {".", ",", ";", ""}:
                plen = 1
            new_end += plen
        if head.needs_qualifier and new_end == hend:
            return None
        return j, new_end, hend, alen > 0

    def _before_position(self, start: int, end: int) -> tuple[str, ...] | None:
        """NAME, POSITION  |  NAME selaku POSITION  |  NAME (POSITION)."""
        lex = self.lex
        j = start - 1
        link = self._link_before(start)
        if self.t(j) == "(":
            if self.t(end) != ")":
                return None
            j -= 1
        elif link:  # "NAME selaku POSITION", "NAME, yang saat ini menjabat sebagai POSITION"
            j -= link
            if self.t(j) == ",":
                j -= 1
        elif self.t(j) == ",":
            j -= 1
        elif self.t(j) in _DASHES:
            j -= 1  # "Jaya Saputra – Kepala Diskominfotik Kota Blitar": a full name, a dash, the post
        elif not (_is_cap(self.t(j)) and (self.t(end) in _ITEM_ENDS or self.t(end)[:1].islower())):
            return None
        got = self.name_backward(j)
        if not got:
            return None
        words, k = got
        last_item = False
        if j == start - 1 and self.t(j) not in {",", ")"} and not link:
            # "..., Dodi Setiawan Camat Geger, Djoko Susilo Camat Dagangan, ...": NAME POST with nothing
            # between, only as an item of a list (a comma, a list cue or ", dan" before, a comma or the
            # end after) or after the agent of a passive ("dipimpin oleh Johannes Rettob Bupati Mimika
            # didampingi Emanuel Kemong Wakil Bupati Mimika"), with a full name
            before_item = self.t(k)
            last_item = before_item in _LIST_CONNECTORS and self.t(k - 1) == ","
            in_list = (before_item == "," or before_item in _LIST_OPENERS or last_item) and self.t(
                end
            ) in _ITEM_ENDS
            agent = before_item in _AGENT_WORDS and len(words) >= 2
            # "Syaifudin Kepala BPMPD Provinsi X mengatakan ...": a sentence that opens with its
            # speaker's name and post, the verb after the post
            opener = before_item in {"", "."} and self.t(end)[:1].islower() and len(words) >= 2
            # '"...," kata Tauhid Kabag Pemerintahan.': the speaker after a quote's verb, then the post
            # with its body ('kata Gus Bupati': a bare post after a word is how people are called)
            spoken = (
                before_item in lex.attribution_verbs and self.t(end) in _ITEM_ENDS and end > self._head_end
            )
            if not (in_list or agent or opener or spoken) or (
                len(words) < 2 and not _may_be_one_word_name(words[0])
            ):
                return None
        if self.t(j + 1) in _DASHES:
            # "Kendari – Kepala Dinas ...", "SAMARINDA, Suara Merdeka – Kepala ...": a dateline or an
            # outlet, not a name; the dash form needs a full name inside a sentence ("Sementara itu, NAME –")
            before = self.t(k - 1) if self.t(k) == "," else self.t(k)
            # ... or a bulleted or numbered item of its own ("- Soter Cauna – Kepala Kampung Nggolar",
            # "5. Faozaro Hulu, SH – dari Kepala Dinas ...")
            item = (k == 0 and self.t(0) in BULLET_MARKS) or (
                k == 1 and self.t(0).isdigit() and self.t(1) in {".", ")"}
            )
            if len(words) < 2 or not (item or (before and before[:1].islower())):
                return None
        # The name must start a clause: a line start, punctuation or a lower-case word before it
        # ("Seksi Haji dan Umrah (Kasi PHU)": after a connector it is the end of another post;
        # "Sekretaris Kecamatan Kadipaten, kini menjabat Camat ...": after a body word it is a place).
        prev = self.t(k)
        if (
            prev
            and prev[0].isupper()
            and (
                prev not in lex.not_names
                or prev in lex.org_words
                or prev in lex.place_words
                or prev in lex.heads
            )
        ):
            return None
        bracket = self.t(start - 1) == "("
        if (
            prev in lex.connectors
            and not last_item
            and not (
                (link or bracket)
                and prev in _LIST_CONNECTORS
                # "A (Sekda X) dan B (Sekda Y)": the item before closed with its own bracketed post
                and (
                    self.t(k - 1) == "," or (k == self._floor and k > 0) or (bracket and self.t(k - 1) == ")")
                )
            )
        ):
            # "..., serta Eko Ardianto sebagai Kepala BKD": with a link, a list's last item, as is "A
            # sebagai Kadis X dan B sebagai Kepala Y", where the post before the connector was A's
            return None
        return words

    def _link_before(self, start: int) -> int:
        """Length of the link phrase (``selaku``, ``yang merupakan``) that ends right before ``start``."""
        for link in self.lex.links.get(self.t(start - 1), ()):
            n = len(link)
            if start - n >= 0 and all(self.t(start - n + m) == w for m, w in enumerate(link)):
                return n
        return 0

    def _make(self, start: int, pos_end: int, hend: int, name: tuple[str, ...], acting: bool) -> _Found:
        # "Kapolres Muna AKBP Gunawan": a rank between the post and the name ends the post
        while pos_end - 1 >= hend:
            if self.t(pos_end - 1) in self.lex.ranks:
                pos_end -= 1
            elif (
                self.t(pos_end - 1) == ")"
                and self.t(pos_end - 2) in self.lex.ranks
                and self.t(pos_end - 3) == "("
            ):
                pos_end -= 3  # "Mayjend TNI (Purn)"
            else:
                break
        a, b = self.toks[start].start, self.toks[pos_end - 1].end
        position = self.text[a:b].strip(" ,")
        org_start = hend
        while org_start < pos_end and _ROMAN.match(self.t(org_start)):
            org_start += 1
        org_start += self._bracketed_short_form(org_start)  # "Kepala Desa (Kades) X": the body is X
        organisation = self.text[self.toks[org_start].start : b].strip(" ,") if org_start < pos_end else None
        post = self.text[self.toks[self._head_start].start : b].strip(" ,")
        return _Found(name, position, organisation or None, acting, a, post, pos_end <= self._known_end)


def _non_government(own: list[str], words: frozenset[str], lex: PositionLexicon) -> bool:
    """Whether the post's own body (its words, :func:`_own_words`) is a company, community or
    neighbourhood (``Ketua TP-PKK``).

    Only the first post counts: ``Kepala Bappeda ... selaku Ketua Panitia`` is still the Bappeda's head.
    """
    return not lex.state_words.intersection(own) and any(w in words for w in own)


def _own_words(organisation: str | None) -> list[str]:
    """The words of a post's own body (before ``selaku``), ``SMA Negeri`` read as ``SMAN`` and ``Suku
    Dinas`` as ``Sudin``."""
    own = re.split(r"\s(?:selaku|sekaligus)\s", organisation or "", maxsplit=1)[0].split()
    own = [p for w in own for p in re.split(r"[-/]", w)]
    # "Kepala Suku Dinas Dukcapil Jakarta Barat": Jakarta's city-level dinas (Sudin), no tribe's chief
    return own + [
        a + "N" if b == "Negeri" else "Sudin"
        for a, b in pairwise(own)
        if b == "Negeri" or (a, b) == ("Suku", "Dinas")
    ]


def _school_head_unclear(line: str, f: _Found, own: list[str], lex: PositionLexicon) -> bool:
    """A state school's head whose name nothing sets apart from the school's village name
    (``Kepala SD Negeri Jatimunggul I``): a comma, a bracket or a colon after the post, or the name
    before it, is needed."""
    if not lex.state_schools.intersection(own):
        return False
    after = line[f.at + len(f.position) :]
    first = re.escape(f.name_tokens[0])
    return re.search(rf"(?<!\w){first}(?!\w)", re.split(r"[,(:]", after, maxsplit=1)[0]) is not None


# "Himpunan Mahasiswa Pecinta Alam (HIMAPALA)": a short form in brackets after the words it stands for
_SHORT_FORM = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,15})\)")


def _non_government_words(text: str, lex: PositionLexicon) -> frozenset[str]:
    """The lexicon's non-government words and the article's short forms of such bodies.

    An audience with a youth or student group names it once in full and then only by its short
    form (``Ketua HIMAPALA, Muhammad ...``), which says nothing of the body on its own.
    """
    found = set()
    for m in _SHORT_FORM.finditer(text):
        before = text[max(0, m.start() - 80) : m.start()].split()[-8:]
        k = len(before)
        while k and before[k - 1][:1].isupper():
            k -= 1
        if any(w in lex.private_words for w in before[k:]):  # the capitalised run it stands for
            found.add(m.group(1))
    return lex.non_government | found if found else lex.non_government


_CAPS_ITEM = re.compile(r"((?:[-•*▪–]|\d{1,2}[.)])\s+)((?:[A-Z][A-Z'’]+\s+){1,4}[A-Z][A-Z'’]+)(?=\s*[,(–—-])")


def _caps_name_softened(line: str, lex: PositionLexicon) -> str:
    """A list item that opens with a name in capitals (``5. FAOZARO HULU, SH – dari Kepala Dinas ...``),
    the name title-cased so it reads as one; the line keeps its length, so offsets hold.

    Only at an item's start and before a comma, bracket or dash, and only when no word of the run is a
    body, place or other lexicon word (``- BKPSDM KABUPATEN X, ...`` stays as written)."""
    m = _CAPS_ITEM.match(line)
    if m is None:
        return line
    words = m.group(2).split()
    if max(len(w) for w in words) < 4 or any(
        w.capitalize() in lex.not_names
        or w.capitalize() in lex.org_words
        or w.capitalize() in lex.place_words
        or w in lex.org_words
        or (w.capitalize(),) in lex.places.get(w.capitalize(), ())
        or w.capitalize() in lex.heads
        for w in words
    ):
        return line
    return line[: m.start(2)] + m.group(2).title() + line[m.end(2) :]


def _clean_name(words: tuple[str, ...], lex: PositionLexicon) -> str:
    # "Kasman Hi. Ahmad": inside a name, Hi. is the father's Haji (North Maluku), part of the name
    kept = [
        w
        for k, w in enumerate(words)
        if (w not in lex.titles and w not in lex.ranks)
        or (k > 0 and w in _PATRONYMIC_HAJI and k < len(words) - 1)
    ]
    return " ".join(kept).strip(" ,")


_PATRONYMIC_HAJI = frozenset({"Hi.", "Hi"})


def _evidence(spans: list[tuple[int, int, str]], line: str, at: int) -> str:
    """The sentence at char ``at`` (or the next one); ``spans`` is the line split once."""
    span = sentence_at(spans, at)
    return span[2] if span else line.strip()


def extract_officials(text: str, *, title: str = "", lexicon: PositionLexicon) -> list[Official]:
    """Officials in article order, one per person (the first post the article gives them, or its
    spelt-out form when a later mention writes a short form out).

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
    roster = _Roster(lex)
    # a name the source hard-wrapped ("Sekda Malteng, Johanis\nLatuheru") is one name again
    body = unwrap_lines(normalise(text).replace("_", " "), keep_apart=lex.related_labels + lex.byline_labels)
    body = _NAME_WRAP.sub(r"\1 ", body)
    attributed = _attributed_names(body, lex)
    villages = _villages(body, lex)
    non_government = _non_government_words(body, lex)
    lines = body.rstrip().split("\n")
    listing = False  # the lines after "... yaitu:" are a list's items until one reads as prose
    for n, raw_line in enumerate(lines):
        line = raw_line.strip()
        item, listing = listing, _opens_or_goes_on_with_list(line, listing)
        if not line or not _has_starter(line, lex) or _is_boilerplate_line(line, lex):
            continue
        cut_off = n == len(lines) - 1 and not line.endswith(_SENTENCE_ENDS)
        # headlines are skipped, captions of one person are read; an item of a list, bulleted ("- Menteri
        # Agama Nasaruddin Umar") or after a colon ("Kepala Satpol PP – Plt NAME"), is neither
        caption = not (BULLET_ITEM.match(line) or item) and _is_headline(line)
        spans: list[tuple[int, int, str]] | None = None  # the line's sentences, split once if needed
        for f in _Line(_caps_name_softened(line, lex), lex, attributed, villages, cut_off).find():
            name = _clean_name(f.name_tokens, lex)
            if not name:
                continue
            own = _own_words(f.organisation)  # the post's own body, read once for both checks
            if _non_government(own, non_government, lex) or _school_head_unclear(line, f, own, lex):
                continue
            if caption and not _caption_of(line, f, lex):
                continue
            if spans is None:
                spans = sentence_spans(line)
            roster.add(
                name, Official(name, f.position, f.organisation, f.acting, _evidence(spans, line, f.at))
            )
    # "Gubernur Aceh Muzakir Manaf atau yang akrab disapa Mualem ... Gubernur Mualem": the nickname
    # is the person already listed, not a second official
    nicknames = {m.group(1) for m in _NICKNAME.finditer(body)}
    found = roster.officials
    if nicknames and len(found) > 1:
        found = [o for o in found if o.name not in nicknames]
    return found


# "akrab disapa Mualem", "dengan sapaan Mualem", "sapaan akrabnya Mualem": the nickname follows; but
# "ujar Bang Zoel, sapaan akrab Zulfahmi Adrian" is the nickname *of* Zulfahmi Adrian, who follows
_NICKNAME = re.compile(
    r"\b(?:akrab\s+)?(?:disapa|dipanggil|disebut|sapaan(?:\s+akrab)?nya|dengan\s+sapaan(?:\s+akrab)?)"
    r"\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)"
)
# "..., Sekda Malteng, Johanis\nLatuheru, S.Sos, menambahkan": a name cut by a short line's break
_NAME_WRAP = re.compile(
    r"(,\s(?:[A-Z][a-z]{1,20}\s){0,2}[A-Z][a-z]{1,20})\n(?=(?:[A-Z][a-z]{1,20}\s){0,2}[A-Z][a-z]{1,20},)"
)


def _caption_of(line: str, f: _Found, lex: PositionLexicon) -> bool:
    """A Title Case line that is one person's caption: ``POSITION, NAME[, degrees]`` and nothing after.

    Headlines are skipped (their capitals defeat the name rules: ``Bupati X Resmikan Mal``), but a
    photo caption naming one official is the article's own statement of the post.
    """
    if not f.known or len(f.name_tokens) > 4:
        return False
    parts = [p.strip() for p in line.split(",")]
    if parts[0] == f.position:  # POSITION, NAME[, degrees]
        name_part, tail = (parts[1] if len(parts) > 1 else ""), parts[2:]
    elif len(parts) > 1 and parts[1] == f.position:  # NAME, POSITION
        name_part, tail = parts[0], parts[2:]
    else:
        return False
    return name_part.rstrip(".-–— ").endswith(f.name_tokens[-1]) and all(
        _is_degree(p, lex) or _DEGREE_SHAPE.fullmatch(p) for p in tail if p
    )


class _Roster:
    """The officials found so far, one per person, each looked up by every word of their name.

    A later mention may be a part of the name (``Wabup Yasin`` for Muhammad Yasin Tamrin) or a short
    form of its first word (``Melki`` for Melkianus Laka Lena): it is the same person, and the fuller
    name is kept. A post of one word (``Menkopolhukam``, ``Bupati``) or a short form (``Dirjen
    Aptika``) gives way to a later one that writes it out, as the labels keep the fullest wording.
    """

    _BUCKET = 64  # names looked at per word: a line of thousands of namesakes stays linear

    def __init__(self, lex: PositionLexicon) -> None:
        self.officials: list[Official] = []
        self._keys: list[tuple[str, ...]] = []
        self._by_word: dict[str, list[int]] = {}
        self._seen: dict[tuple[str, ...], int] = {}  # every form of a name met so far -> its entry
        self._particles = frozenset(p.lower().rstrip(".") for p in lex.particles)
        self._short_posts = lex.short_posts
        self._marks = frozenset({*(a[0] for v in lex.acting.values() for a in v), *lex.former_words})

    def add(self, name: str, official: Official) -> None:
        # "Rifa’i" and "Rifa'i": one name whichever apostrophe the writer's keyboard gave
        key = tuple(w.lower().rstrip(".").replace("’", "'").replace("‘", "'") for w in name.split())
        idx = self._seen.get(key)  # a name met before in this form: no comparisons (most mentions)
        if idx is None:
            idx = self._find(key)
        if idx is None:
            for w in set(key):
                self._by_word.setdefault(w, []).append(len(self._keys))
            self._seen[key] = len(self._keys)
            self._keys.append(key)
            self.officials.append(official)
            return
        self._seen[key] = idx
        old, kept = self.officials[idx], self._keys[idx]
        if (len(key), len(name)) > (len(kept), len(old.name)):  # a fuller form of the name: keep it
            for w in set(key) - set(kept):
                self._by_word.setdefault(w, []).append(idx)
            self._keys[idx] = key
            old = replace(old, name=name)
        if (len(old.position.split()) == 1 and len(official.position.split()) > 1) or self._spells_out(
            old.position, official.position
        ):
            old = replace(old, position=official.position, organisation=official.organisation)
        self.officials[idx] = old

    def _spells_out(self, short: str, full: str) -> bool:
        """``Dirjen Aptika`` then ``Direktur Jenderal Aplikasi Informatika``: the post written out in full."""
        words = short.split()
        while words and words[0] in self._marks:
            words = words[1:]
        spelt = self._short_posts.get(words[0]) if words else None
        if not spelt:
            return False
        rest = full.split()
        while rest and rest[0] in self._marks:
            rest = rest[1:]
        return any(" ".join(rest).startswith(f"{s} ") for s in spelt)

    def _find(self, key: tuple[str, ...]) -> int | None:
        hits = {i for w in key for i in self._by_word.get(w, ())[: self._BUCKET]}
        return min((i for i in hits if self._same(self._keys[i], key)), default=None)

    def _same(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        if _same_tokens(a, b):
            return True
        small, big = (a, b) if len(a) <= len(b) else (b, a)
        if set(small) <= set(big):  # a later part of the name, unless it is a particle ("Andi")
            # "Ketut Sweca" in "I Ketut Sweca": the same surname with a Balinese particle before it
            return all(w not in self._particles and len(w) > 2 for w in small) or (
                len(small) >= 2
                and small[-1] == big[-1]
                and small[-1] not in self._particles
                and len(small[-1]) > 2
            )
        if len(a) != len(b) or len(a) < 2:
            return False
        if a[1:] == b[1:] and (a[0].startswith(b[0]) or b[0].startswith(a[0])):
            # "Melki" / "Melkianus", "M." / "Muhammad" with the same other words
            return min(len(a[0]), len(b[0])) >= 3 or min(len(a[0]), len(b[0])) == 1
        pairs = list(zip(a, b, strict=True))
        if all(x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for x, y in pairs):
            return sum(x == y for x, y in pairs) >= 2  # "Semuel A Pangerapan" / "Semuel Abrijani Pangerapan"
        # one name spelt two ways ("Asri Ludin Tambunan" / "Asri Luddin Tambunan")
        return a[0] == b[0] and fuzz.ratio(" ".join(a), " ".join(b)) >= 92


def with_place(
    official: Official, regions: RegionResult, text: str, *, lexicon: PositionLexicon, gazetteer: Gazetteer
) -> Official:
    """The official with the article's region added to a bare post, as the labels write it.

    ``Sekda`` alone says nothing of which government; the labels give it the region in brackets: a
    regency in the article's own spelling (``Sekda (Sidrap)``, ``Bupati (Lampung Tengah)``), a
    province by its name (``Gubernur (Sulawesi Utara)``). A regional post takes the article's one
    (primary) regency, a provincial post its one province; with several, or for a post that is not
    regional, it stays as written.

    >>> from nlp.gazetteer import load_gazetteer
    >>> from nlp.regions import RegionResult
    >>> o = Official("Andi Baso", "Sekda", None, False, "Sekda Andi Baso hadir.")
    >>> bone = RegionResult(("Sulawesi Selatan",), ("Kabupaten Bone",), ())
    >>> with_place(o, bone, "Sekda Andi Baso hadir di Bone.", lexicon=load_position_lexicon(), gazetteer=load_gazetteer()).position
    'Sekda (Bone)'
    """
    post = official.position
    if post.endswith(" setempat"):
        # "Kepala Disdukcapil setempat": the local one, i.e. the article's own place
        local = _the_one(regions, "regency") or _the_one(regions, "province")
        if local is None:
            return official
        forms = _regency_forms(local, gazetteer) if local.startswith(("Kabupaten ", "Kota ")) else [local]
        return replace(official, position=f"{post[: -len(' setempat')]} ({_as_written(forms, text)})")
    if official.organisation is not None:
        return official
    if post.endswith(lexicon.province_posts):
        place = _the_one(regions, "province")
        # a province by its name ("Gubernur (Sulawesi Utara)"), unless the article never writes it
        # and says "Kalteng" instead: then as the article writes it
        written = place and _province_as_written(place, text, gazetteer)
    elif post.endswith(lexicon.regency_posts):
        place = _the_one(regions, "regency")
        written = place and _as_written(_regency_forms(place, gazetteer), text)
    else:
        return official
    return replace(official, position=f"{post} ({written})") if written else official


def _the_one(regions: RegionResult, level: str) -> str | None:
    """The article's one region of ``level``: its only primary one, else its only one."""
    primary = {m.name for m in regions.mentions if m.level == level and m.is_primary}
    if len(primary) == 1:
        return primary.pop()
    named = regions.provinces if level == "province" else regions.regencies
    return named[0] if len(named) == 1 else None


def _province_as_written(name: str, text: str, gazetteer: Gazetteer) -> str:
    if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
        return name
    p = next((p for p in gazetteer.provinces.values() if p.name == name), None)
    if p is None:
        return name
    rule = (gazetteer.rules.get("provinces") or {}).get(p.code) or {}
    forms = [f for f in [p.abbreviation, *(rule.get("aliases") or [])] if f]
    used = [f for f in forms if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]
    return used[0] if used else name


def _regency_forms(name: str, gazetteer: Gazetteer) -> list[str]:
    r = gazetteer.regency_by_name(name)
    if r is None:
        return [name]
    return [r.bare_name, *((gazetteer.rules.get("regency_aliases") or {}).get(r.code) or [])]


def _as_written(forms: list[str], text: str) -> str:
    """The form the article uses most (``Humbahas`` rather than ``Humbang Hasundutan``), else the first."""
    counts = [(len(re.findall(rf"(?<!\w){re.escape(f)}(?!\w)", text)), -i) for i, f in enumerate(forms)]
    n, i = max(counts)
    return forms[-i] if n else forms[0]


def _village_re(words: Sequence[str]) -> re.Pattern[str]:
    """``di Desa Kalimango yang``, ``Kelurahan Tigo Koto Dibaruah pada``: a village, district or unit
    named after its place, by its kind word and a run of one to three capitalised words that something
    other than a capital word ends."""
    kinds = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.])(?:{kinds})\s+((?:[A-Z][a-z'-]+\s){{0,2}}[A-Z][a-z'-]+)(?![\w'-]|\s+[A-Z])"
    )


def _villages(text: str, lex: PositionLexicon) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The villages and districts the article names with their place word, as a place index.

    Kemendagri lists districts but not the 80,000 villages, so ``Kepala Desa Kalimango Hery Darfan``
    would read ``Kalimango Hery Darfan`` as the name; the article itself says ``Desa Kalimango``
    somewhere, and that settles where the place ends and the person starts.
    """
    found = set()
    for m in lex.village_re.finditer(text):
        # "Kepala Desa Sukamaju Budi Santoso,": after a post the run may hold the person too, so
        # only a village named outside a post ("di Desa Sukamaju,") is taken as a place
        before = text[max(0, m.start() - 20) : m.start()].split()
        if before and (before[-1] in lex.starters or before[-1] in lex.post_prefixes):
            continue
        found.add(tuple(m.group(1).split()))
    return _index([v for v in found if v[0] not in lex.titles])


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
