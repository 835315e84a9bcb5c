"""Where a word stands in an article: the passages that relevance and themes weigh.

A word in the headline or the lead says what an article is about; the same word in a closing aside,
a list of a regent's achievements, a "dalam rangka mendukung reformasi birokrasi" of a speech, a photo
caption or a teaser for another story says nothing of the kind (captions and teasers are page
furniture, ``data/furniture.yaml``, and are not read at all). This module splits an article once
into passages (title, lead, body sentences, closing paragraph), marks the contexts that make a
mention passing, and gives every passage the stems and tokens that the matchers need, so relevance
and themes weigh each hit by where it stands without splitting or stemming the text twice.

Pure: text in, frozen passages out. The weights themselves live in ``data/relevance.yaml``
(``positions`` and ``contexts``); this module only decides which role and contexts apply.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from nlp.phrases import TOKEN_RE as _TOKEN_RE
from nlp.phrases import tokenise
from nlp.text import BULLET_ITEM, furniture_prefixes, normalise, sentences

__all__ = [
    "Passage",
    "PassageRules",
    "Role",
    "compile_passage_rules",
    "load_passage_rules",
    "split_passages",
    "unwrap_lines",
]

Role = Literal["title", "lead", "body", "closing"]

_TERMINAL = (".", "!", "?", '"', "”", "’", ":", ";", ")")
# A line this long that stops mid-sentence was wrapped by its source (mailing lists, PDFs, some
# regional CMSs hard-wrap at 70-80 columns); shorter unpunctuated lines are headings or furniture.
_WRAP_MIN_CHARS = 45
# the keep-apart prefixes ("baca juga") and a bullet are read from a line's first characters only
_KEEP_APART_CHARS = 64
_HEAD_CHARS = 128
# a page where at least this share of (at least this many) prose lines end inside a sentence was
# hard-wrapped by its source: every such line is a wrap, however short
_HARD_WRAP_SHARE = 0.6
_HARD_WRAP_MIN_LINES = 8
# "KENDARI –", "WATAMPONE, BONEPOS.ID –", "Palu (ANTARA) -", "Lampung Selatan (Ruang.Com) –"
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.\' ]{2,40},|[A-Z][\w.\' ]{1,40}?(?:\s*\([^)]{2,40}\))?\s[-–—]\s)")
# A photo caption above the dateline: it says "foto" or ends in the "--" of a caption credit
_CAPTION_ABOVE = re.compile(r"(?i)\bfoto\b|\bfhoto\b|\bdok\.|-{2}\s*$")


@dataclass(frozen=True)
class PassageRules:
    """What marks a passing mention (lower-cased cue words and line prefixes), from relevance.yaml."""

    skip_prefixes: tuple[str, ...]  # page furniture (data/furniture.yaml): never read
    list_cues: tuple[tuple[str, ...], ...]  # "antara lain", "meliputi": an enumeration follows
    invocation_cues: tuple[tuple[str, ...], ...]  # "dalam rangka", "mendukung": an appeal, not an act
    speech_cues: frozenset[str]  # "sambutan", "amanat": what a speaker touched on in passing
    lead_sentences: int = 2
    #: "fokus utama", "membahas": the sentence states what a meeting or an event is about
    topic_cues: tuple[tuple[str, ...], ...] = ()
    #: "penandatanganan", "forum", "rapat": nouns that open the Title Case name of an event
    event_nouns: frozenset[str] = frozenset()

    #: list cues by their first word: one look-up per word instead of a scan of every cue
    list_cue_index: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Passage:
    """One sentence (or the title) with its role, its passing contexts, stems and acronym tokens.

    ``tokens`` are the case-kept tokens (acronyms match them) and ``forms`` the aligned
    ``(stem, lower-cased)`` pairs (phrases match them), from :func:`nlp.phrases.tokenise`.
    ``contexts`` holds the sentence-wide marks (``speech``, ``furniture``); an enumeration and an
    appeal are local to a hit (:meth:`listed_at`, :meth:`invoked_at`).
    """

    text: str
    role: Role
    index: int  # order in the article: 0 is the title (when there is one)
    contexts: frozenset[str]
    forms: tuple[tuple[str, str], ...]
    tokens: tuple[str, ...]
    #: token range of an enumeration ("antara lain A, B, dan C"), or (-1, -1): a hit inside it is
    #: one item of many
    list_span: tuple[int, int] = (-1, -1)

    def listed_at(self, word_index: int) -> bool:
        """Whether ``tokens[word_index]`` is an item of the sentence's enumeration."""
        return self.list_span[0] <= word_index < self.list_span[1]

    def invoked_at(self, word_index: int, rules: PassageRules) -> bool:
        """Whether the words just before ``forms[word_index]`` are an appeal ("dalam rangka mendukung").

        Looks back five words: far enough for "sebagai bagian dari upaya mewujudkan", near enough
        that a cue in another clause of a long sentence does not count.
        """
        return _has_cue(self.forms[max(0, word_index - 5) : word_index], rules.invocation_cues)

    def named_event_at(self, word_index: int, rules: PassageRules) -> bool:
        """Whether the words at ``word_index`` are in the Title Case name of an event.

        "kata Wabup pada Penandatanganan Perjanjian Kinerja 2024, di Kantor Bupati": the event the
        article reports is named there, in capitals, often nowhere else. One or two capitalised
        words may stand between the event noun and the term ("Rapat Evaluasi Reformasi Birokrasi").
        """
        toks = self.tokens
        if not (0 < word_index < len(toks)) or not toks[word_index][:1].isupper():
            return False
        for back in (1, 2, 3):
            k = word_index - back
            if k < 0 or not toks[k][:1].isupper():
                return False
            if toks[k].lower() in rules.event_nouns:
                return True
        return False

    def stated_topic_at(self, word_index: int, rules: PassageRules) -> bool:
        """Whether a cue earlier in the sentence says the words at ``word_index`` are its subject.

        "Fokus utama pembahasan rakor ini adalah E-Kinerja dan perjanjian kinerja": the meeting's
        subject is stated in the body, often the only place an everyday-stream RB story says it.
        """
        return self._cue_end(rules.topic_cues) <= word_index

    def _cue_end(self, cues: tuple[tuple[str, ...], ...]) -> int:
        """Where the earliest-ending of ``cues`` ends in the sentence (its length + 1 if none).

        Computed once per sentence: a page of one endless sentence with an instrument every few
        words asks for every hit, and a scan from the sentence start each time was quadratic.
        """
        cache: dict[tuple[tuple[str, ...], ...], int] = self.__dict__.setdefault("_cue_ends", {})
        end = cache.get(cues)
        if end is None:
            end = cache[cues] = _first_cue_end(self.forms, cues)
        return end


def _first_cue_end(forms: tuple[tuple[str, str], ...], cues: tuple[tuple[str, ...], ...]) -> int:
    """The smallest end index of an occurrence of one of ``cues`` among ``forms`` (len + 1 if none)."""
    words = [low for _, low in forms]
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for cue in cues:
        by_first[cue[0]].append(cue)
    best = len(words) + 1
    for k, w in enumerate(words):
        if k >= best:
            break
        for cue in by_first.get(w, ()):
            n = len(cue)
            if k + n < best and tuple(words[k : k + n]) == cue:
                best = k + n
    return best


def _has_cue(forms: tuple[tuple[str, str], ...], cues: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of ``cues`` (lower-cased word sequences) occurs among the words of ``forms``."""
    return _first_cue_end(forms, cues) <= len(forms)


def compile_passage_rules(raw: dict[str, Any], *, skip: tuple[str, ...] | None = None) -> PassageRules:
    """Build the rules from the YAML mapping (public so tests can vary a cue list).

    ``skip`` defaults to the one list of page-furniture line openings, ``data/furniture.yaml``.
    """

    def words(key: str) -> list[str]:
        return [str(w).lower() for w in raw.get(key, []) or []]

    cues = tuple(tuple(c.split()) for c in words("list_cues"))
    return PassageRules(
        skip_prefixes=furniture_prefixes() if skip is None else skip,
        list_cues=cues,
        list_cue_index={first: tuple(c for c in cues if c[0] == first) for first in {c[0] for c in cues}},
        invocation_cues=tuple(tuple(c.split()) for c in words("invocation_cues")),
        speech_cues=frozenset(words("speech_cues")),
        topic_cues=tuple(tuple(c.split()) for c in words("topic_cues")),
        event_nouns=frozenset(words("event_nouns")),
        lead_sentences=int(raw.get("lead_sentences", 2)),
    )


@lru_cache(maxsize=1)
def load_passage_rules() -> PassageRules:
    """Read ``passages.yaml`` (shipped as ``rbmon_data``) once."""
    text = resources.files("rbmon_data").joinpath("passages.yaml").read_text(encoding="utf-8")
    return compile_passage_rules(yaml.safe_load(text))


def unwrap_lines(text: str, *, keep_apart: tuple[str, ...] = ()) -> str:
    """Join lines that a source hard-wrapped inside a sentence, keep every real paragraph break.

    A line is a wrap when it is long, does not end a sentence, is prose (not a Title Case headline
    or a bullet) and the next line goes on with text. Names split over a wrap ("Sekda Malteng,
    Johanis\\nLatuheru") are then one name again, and sentence splitting does not cut a sentence at
    the wrap. Lines starting with one of ``keep_apart`` (lower-cased prefixes such as "baca juga")
    are never joined to their neighbours.

    >>> unwrap_lines("Rapat dipimpin oleh Asisten Perekonomian dan Pembangunan Setda Kobar, Gusti\\nRahmadi Noor, kemarin.")
    'Rapat dipimpin oleh Asisten Perekonomian dan Pembangunan Setda Kobar, Gusti Rahmadi Noor, kemarin.'
    >>> unwrap_lines("Pemkab Bone Raih Predikat BB dalam Evaluasi SAKIP Tahun 2024\\nWATAMPONE - Pemkab Bone meraih.")
    'Pemkab Bone Raih Predikat BB dalam Evaluasi SAKIP Tahun 2024\\nWATAMPONE - Pemkab Bone meraih.'
    """
    lines = text.split("\n")
    # A page hard-wrapped at every few words ("Sementara itu, Staf\nAhli Bidang ...") has short wraps
    # too: when most of its prose lines end inside a sentence, any length makes a wrap.
    hard = _hard_wrapped(lines)
    min_chars = 1 if hard else _WRAP_MIN_CHARS
    # Each output line is kept as its parts, with what the tests below read of it (its stripped
    # start and end, its length): a line grown from thousands of wraps costs no more per wrap than
    # a short one (re-stripping and re-reading the joined line made a hostile page quadratic).
    out: list[list[str]] = []
    head = tail = ""  # the last output line's stripped start and its last part
    size = 0  # its stripped length
    words = caps = 0  # its words and capitalised words, for its Title Case share
    for line in lines:
        stripped = line.strip()
        if (
            stripped
            and size >= min_chars
            and not tail.endswith(_TERMINAL)
            and not BULLET_ITEM.match(head)
            and not BULLET_ITEM.match(stripped)
            # a comma or semicolon never ends a headline: "..., Wakil Bupati Banyuwangi, Mujiono; Plh.
            # Sekretaris Daerah Banyuwangi,\nGuntur Priambodo;" is one list whatever its capitals
            # (on a hard-wrapped page only the first line may be a headline: "Kepala Bidang Pengelolaan
            # Informasi\nPublik Dinas ..." is one post)
            and ((hard and len(out) > 1) or tail.endswith((",", ";")) or not (words and caps >= 0.8 * words))
            and not _DATELINE.match(stripped)
            and not head[:_KEEP_APART_CHARS].lower().startswith(keep_apart)
            and not stripped[:_KEEP_APART_CHARS].lower().startswith(keep_apart)
        ):
            out[-1].append(stripped)
            tail, size = stripped, size + 1 + len(stripped)
            if len(head) < _HEAD_CHARS:  # "-" then "Emiten Ini ...": the joined start is a bullet item
                head = f"{head} {stripped}"[:_HEAD_CHARS]
            w, c = _capitals(stripped)
            words, caps = words + w, caps + c
            continue
        out.append([line])
        head = tail = stripped
        size = len(stripped)
        words, caps = _capitals(stripped)
    return "\n".join(
        " ".join([parts[0].rstrip(), *parts[1:]]) if len(parts) > 1 else parts[0] for parts in out
    )


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether most prose lines (not Title Case headings) end inside a sentence: the page's source
    broke its lines every few words, so a short unpunctuated line is a wrap, not a heading."""
    filled = [s for s in (ln.strip() for ln in lines) if s]
    open_ended = sum(not s.endswith(_TERMINAL) for s in filled)
    # headings are open-ended too, so the share among all lines is (near enough) an upper bound of
    # the share among prose lines: most pages are decided here, without weighing every line's capitals
    if len(filled) < _HARD_WRAP_MIN_LINES or open_ended < _HARD_WRAP_SHARE * len(filled):
        return False
    prose = [s for s in filled if not _title_case(s, 0.8)]
    if len(prose) < _HARD_WRAP_MIN_LINES:
        return False
    open_ended = sum(not ln.endswith(_TERMINAL) for ln in prose)
    return open_ended / len(prose) >= _HARD_WRAP_SHARE


def _capitals(line: str) -> tuple[int, int]:
    """The line's words (those starting with a letter) and how many of them are capitalised."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words), sum(w[0].isupper() for w in words)


def _title_case(line: str, share: float = 0.6) -> bool:
    words, caps = _capitals(line)
    return bool(words) and caps / words >= share


def _is_furniture(line: str) -> bool:
    """A short title-case line without a sentence end: a heading, a menu, a tag list."""
    return len(line.split()) <= 12 and not line.rstrip().endswith(_TERMINAL[:3]) and _title_case(line)


def _contexts(forms: tuple[tuple[str, str], ...], rules: PassageRules) -> set[str]:
    return {"speech"} if {low for _, low in forms} & rules.speech_cues else set()


_ITEM_BREAK = re.compile(r",\s+(?:dan\s+|serta\s+)?|;\s+|\s+(?:dan|serta)\s+")  # "3,12" is one number
# Clauses that commas set off without being items: "Selasa (12/12/2023)", "di Jakarta", "pada 2024".
_NOT_ITEM = re.compile(
    r"^(?:(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b|\(?\d{1,2}/\d{1,2}|"
    r"(?:di|pada|bertempat|kemarin|tadi)\b)",
    re.I,
)
_MIN_ITEMS = 3
_MAX_ITEM_WORDS = 10  # an item is a name or a short noun phrase, not a clause
_CLAUSE_STARTS = frozenset(
    ["untuk", "agar", "supaya", "yang", "dengan", "sehingga", "karena", "sebagai", "serta", "sedangkan",
     "namun", "tetapi", "hingga", "guna", "demi"]
)  # fmt: skip


def _list_span(sentence: str, forms: tuple[tuple[str, str], ...], rules: PassageRules) -> tuple[int, int]:
    """Token range ``[start, end)`` of the first enumeration of three items after a list cue, or (-1, -1).

    "Sejumlah capaian diraih, antara lain predikat SAKIP B, indeks RB 65, dan opini WTP": the
    items after "antara lain" are an enumeration. A date or a place set off by commas is not an
    item ("meraih WBK dari KemenPANRB, Selasa (12/12), di Jakarta" lists nothing), and the list ends
    where a clause goes on after its last item ("tiga unit, yakni A, B dan C, untuk dinilai sebagai
    zona integritas": the zona integritas is not one of the items). Token offsets come from the same
    tokeniser as ``forms``; a cue in capitals ("ANTARA", the news agency) is a name, not a cue.
    """
    if "," not in sentence and ";" not in sentence:
        return -1, -1
    lows = [low for _, low in forms]
    spans: list[tuple[int, int]] | None = None
    for i, low in enumerate(lows):
        for cue in rules.list_cue_index.get(low, ()):
            n = len(cue)
            if tuple(lows[i : i + n]) != cue:
                continue
            if spans is None:
                spans = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(sentence)]
            if i + n > len(spans) or any(sentence[a:b].isupper() for a, b in spans[i : i + n]):
                continue
            end = _enumeration_end(sentence, spans[i + n - 1][1])
            if end < 0:
                continue
            last = next((k for k in range(len(spans) - 1, -1, -1) if spans[k][0] < end), i + n - 1)
            return i + n, last + 1
    return -1, -1


def _enumeration_end(sentence: str, start: int) -> int:
    """Character offset where the enumeration from ``start`` ends, or -1 if fewer than three items."""
    items, end, pos = 0, -1, start
    breaks = [*(m.span() for m in _ITEM_BREAK.finditer(sentence, start)), (len(sentence), len(sentence))]
    for b_start, b_end in breaks:
        segment = sentence[pos:b_start].strip(" .:")
        pos = b_end
        if not segment or _NOT_ITEM.match(segment):
            continue
        first = segment.split()[0]
        if items >= 2 and (first.lower() in _CLAUSE_STARTS or len(segment.split()) > _MAX_ITEM_WORDS):
            break  # the sentence goes on after the last item
        items += 1
        end = b_start
    return end if items >= _MIN_ITEMS else -1


def _headline(lines: list[str], skip: tuple[str, ...]) -> str:
    """The headline a text without a title opens with, or "" (``rbmon annotate`` input often has none).

    The first of the top three lines that reads as a headline: 4 to 25 words, no sentence end, no
    dateline dash. Shorter lines above it are site navigation ("Home Nasional").
    """
    seen = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > 3 or line.endswith(_TERMINAL[:4]) or line.lower().startswith(skip):
            break
        words = line.split()
        if len(words) < 4:
            continue
        if len(words) <= 25 and not line.endswith(_TERMINAL[:4]) and not _DATELINE.match(line):
            return line
        break
    return ""


def split_passages(text: str, *, title: str = "", rules: PassageRules) -> list[Passage]:
    """The article as passages: title, lead sentences, body sentences and the closing paragraph.

    Args:
        text: the article body after boilerplate removal (skipped lines are dropped here too, so
            an uncleaned body is safe).
        title: the headline, if known; a first body line repeating it is not read twice. Without
            one, a first line that reads as a headline is taken as the title.
        rules: the cue words of :class:`PassageRules`.

    Returns:
        Passages in article order; the lead is the first ``rules.lead_sentences`` sentences of
        prose (headings are not prose), the closing is the last paragraph when the
        article has at least four.

    >>> rules = PassageRules((), (), (), frozenset())
    >>> [p.role for p in split_passages("Satu dua tiga empat. Lima enam.\\n\\nTujuh.", title="Judul", rules=rules)]
    ['title', 'lead', 'lead', 'body']
    >>> [p.role for p in split_passages("Satu.\\nDua.\\nTiga.\\nEmpat.\\nLima.", rules=rules)]
    ['lead', 'lead', 'body', 'body', 'closing']
    """
    out: list[Passage] = []
    lines = unwrap_lines(normalise(text), keep_apart=rules.skip_prefixes).split("\n")
    title = normalise(title).strip() or _headline(lines, rules.skip_prefixes)
    title_key = re.sub(r"\W+", " ", title).strip().lower()
    if title:
        toks, forms = tokenise(title)
        out.append(Passage(title, "title", 0, frozenset(), forms, toks))
    paragraphs: list[tuple[str, bool]] = []  # (text, is a heading or a menu line)
    for raw in lines:
        line = raw.strip()
        if not line or not re.search(r"[A-Za-z]", line):
            continue
        low = line.lower().lstrip("*-–—•>#[( ")
        if low.startswith(rules.skip_prefixes):
            continue
        if title_key and len(paragraphs) < 3 and re.sub(r"\W+", " ", line).strip().lower() == title_key:
            title_key = ""  # the headline repeated at the top (under the site's navigation, maybe)
            continue
        paragraphs.append((line, _is_furniture(line)))
    prose = [i for i, (_, furniture) in enumerate(paragraphs) if not furniture]
    closing_par = prose[-1] if len(prose) >= 4 else -1
    # The lead starts at the dateline: a photo caption printed above it ("Kadis Kominfo dan jajaran
    # foto bersama ...") is not what the story says first. A deck above it is (the labels read it as
    # article text), so only paragraphs that read as captions are set aside.
    lead_from = (
        next((i for i in prose[1:4] if _DATELINE.match(paragraphs[i][0])), 0)
        if prose and not _DATELINE.match(paragraphs[prose[0]][0])
        else 0
    )
    captions = {i for i in range(lead_from) if _CAPTION_ABOVE.search(paragraphs[i][0])}
    index = len(out)
    lead_left = rules.lead_sentences  # regional news often runs one sentence per paragraph
    for pi, (par, furniture) in enumerate(paragraphs):
        for sent in sentences(par):
            toks, forms = tokenise(sent)
            marks = _contexts(forms, rules)
            role: Role = "body"
            if furniture or pi in captions:
                marks.add("furniture")
            elif lead_left > 0:
                role = "lead"
                lead_left -= 1
            elif pi == closing_par:
                role = "closing"
            out.append(
                Passage(sent, role, index, frozenset(marks), forms, toks, _list_span(sent, forms, rules))
            )
            index += 1
    return out
