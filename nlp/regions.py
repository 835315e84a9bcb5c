"""Where does an article's story happen? Provinces and regencies, each with role, confidence and evidence.

Counting every place name gets passing mentions, related-article links, outlet names and posts of
officials wrong, so each mention is weighed by where it stands: the dateline (strongest), the title, a
government body that names its place (`Pemkab Lumajang`), a locative (`di Kabupaten X`), or a plain
mention; comparisons (`belajar dari Kabupaten Banyuwangi`) and institutions posted elsewhere (`Kalapas
... Muara Beliti`) barely count. The regions whose weight stands out are the primary ones.

Some places are the story's whatever their weight, because of what the text says they are:
- the venue of the event (`digelar di X`, `di Aula Kantor Bupati Y, X`, `di X, Senin (28/1)`), unless
  it is where staff went for a training;
- every listed participant of a multi-region event (`diikuti Kabupaten A, B dan C`, `Keenam kabupaten
  itu yakni ...`), while a list that ranks or scores (`meraih predikat BB, yakni ...`, `Para penerima
  antara lain Bupati A ..., Bupati B ...`) and a place named only in ranking sentences are weak;
- a province or regency whose government is named as a subject more than once.
What is not the story: lines above a capitalised dateline (menus, captions), a teaser under a bare
`Baca Juga`, a credited photo caption, a Jakarta dateline the body never supports (the national desk),
a dateline where a release was `diterima`, an outlet name in a dateline head (`SAWAHLUNTO, METRO –`).

Matching is a spaCy ``PhraseMatcher`` (LOWER for distinctive names, ORTH for names that are also
ordinary words) on Docs of the blank ``id`` vocabulary, words never stemmed; the longest match wins, so
`Lampung Selatan` is one regency of Lampung, not two places. Kota X and Kabupaten X of the same
name are told apart by an explicit prefix, government wording (Pemkot/Wali Kota vs Pemkab/Bupati) that
names this name or none, and the rest of the article; a bare pair name where the story is (dateline,
venue, locative) is the provincial capital city, and in a dateline the city; when nothing decides,
only the province is reported. `Kecamatan X` / `Camat X` is the district X, not a regency of that name.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from nlp.gazetteer import Gazetteer, Target
from nlp.text import (
    BULLET_CLASS,
    BULLET_ITEM,
    blank_nlp,
    furniture_prefixes,
    normalise,
    sentence_at,
    sentence_spans,
    sentences,
)

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

__all__ = ["RegionMention", "RegionResult", "resolve_regions"]

Role = Literal["dateline", "subject", "mention"]

# Weights of one mention by where it stands (see module docstring). A region is primary when its total
# weight reaches PRIMARY_MIN and PRIMARY_SHARE of the strongest region's weight.
W_DATELINE = 6.0
W_TITLE = 3.0
W_GOV = 2.0
W_LOCATIVE = 1.5
W_PLAIN = 1.0
W_WEAK = 0.2
W_INSTITUTION = 0.6  # `Lapas Kelas IIA X`: counts when the story is about it, not beside a stronger place
W_DISTRICT = 0.4
W_VENUE = 2.0  # `digelar di X`, `di Aula Kantor Bupati Y, X`: where the event took place
LEDE_FACTOR = 1.5
LEDE_CHARS = 400
PRIMARY_MIN = 2.0
PRIMARY_SHARE = 0.3
FALLBACK_MIN = 1.0

# `KENDARI – `, `Kendari - `, `Malang- ` and the unspaced `PANGKEP—Pemerintah`, `JAKARTA--Hingga`.
_DASH_HEAD = re.compile(r"^(?P<head>[^\n]{2,90}?)(?:\s*[—–]+\s*|\s*-{1,2}\s+|\s*-{2}(?=[A-Z]))")
_PAREN = re.compile(r"\([^)]*\)")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:com|id|net|org|co|news|info|tv)", re.I)
_ALONE_HEAD = re.compile(
    r"^(?P<head>[A-Z][A-Z.' ]{2,40}(?:,\s*[A-Z][\w.' ]{1,40})?(?:\s*\([^)\n]{2,40}\))?)\s*$"
)
_DATE_SEG = re.compile(
    r"\d{1,2}/\d{1,2}|\d{4}|^(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b", re.I
)
_KOTA_WORDS = re.compile(r"\b(?:Pemkot|Wali ?[Kk]ota|Walkot|Setdako|Sekdako|Pemerintah Kota)\b")
_KAB_WORDS = re.compile(r"\b(?:Pemkab|Bupati|Setdakab|Sekdakab|Pemerintah Kabupaten)\b")
# Word splitter for matching. spaCy's `id` tokenizer rules cost ~8 ms per 600 words (its affix regexes
# run per token and most news tokens miss its cache), so Docs for the PhraseMatcher are built from this
# split with the same blank `id` vocab; patterns are split the same way, so matches are consistent.
_TOKEN = re.compile(r"\w+(?:[.'’]\w+)*|[^\w\s]")
# a sentence starts at the line's start, after its end mark, or after a dateline's dash ("Tandaseru —
# Puncak peringatan HUT ...": the peak of the celebration, not Kabupaten Puncak)
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s*[\"“”']?|\s[–—-])\s*$")
# A related-article prompt alone on its line: the teaser's headline is the next line.
_TEASER_HEAD = re.compile(
    r"^[\W_]*(?i:baca juga|berita terkait|artikel terkait|simak juga|lihat juga|baca (?:artikel|berita) lainnya)"
    r"[\s:.»>|-]*$"
)
# A caption's closing credit: `(ANTARA/HO-Kemendagri)`, `(Foto: Humas)`, `(Dok. Prokopim)`.
_PHOTO_CREDIT = re.compile(
    r"\((?:ANTARA|Antara)\s*(?:FOTO\s*)?/[^()]{0,60}\)\s*\.?$|\((?i:foto|dok|dokumentasi|ist|istimewa)\b[^()]{0,60}\)\s*\.?$"
)
# The name is where an event took place: right after `digelar di` (and the like), or closing a venue
# phrase opened by `di` and a venue word (`di Hotel Bidakara Jakarta`, `di Aula Kantor Bupati Sikka,
# Maumere`, `di Pendopo ... jalan Agus Salim no. 96, Kota Malang`). Matched on at most 90 characters.
_VENUE_VERB = re.compile(
    r"\b(?i:berlangsung|digelar|dilaksanakan|diselenggarakan|diadakan|dilangsungkan|bertempat|dipusatkan"
    r"|berlokasi|terjadi)\s+di\s+$"
    # `pada musrenbang RKPD Sulut di X`, `dalam acara penyerahan LHE wilayah I di X`
    r"|\b(?i:pada|dalam|saat)\s+(?i:acara|kegiatan|rapat|rakor|rakorda|pertemuan|forum|upacara|peringatan"
    r"|peluncuran|pembukaan|penyerahan|musrenbang|sosialisasi|seminar|lokakarya|fgd|konferensi)\b"
    r"[^.;!?\n]{0,60}?\s(?i:di)\s+$"
)
_VENUE_NOUNS = frozenset((
    "aula", "kantor", "gedung", "gedhong", "hotel", "pendopo", "pendapa", "balai", "ruang", "ruangan",
    "auditorium", "graha", "griya", "wisma", "rumah", "kompleks", "komplek", "istana", "sekretariat", "markas",
    "kampus", "mal", "mall", "lapangan", "kediaman", "ballroom",
    "cafe", "kafe", "resto", "restoran", "stadion", "taman", "pantai", "resort", "villa", "vila",
    "desa", "kelurahan", "kecamatan", "kampung", "dusun", "nagari", "gampong",
))  # fmt: skip
# Words that open an address part after a comma (`..., Kecamatan Wanareja, Cilacap`).
_ADMIN_WORDS = frozenset({"desa", "kelurahan", "kecamatan", "kec", "kel", "kampung", "dusun", "nagari"})
_ADDRESS_WORDS = frozenset((
    "jalan", "jl", "jln", "no", "nomor", "lantai", "lt", "kawasan", "komplek", "kompleks", "di", "rt", "rw",
))  # fmt: skip
_STREET_WORDS = frozenset({"jalan", "jl", "jln"})
# A village word and one or two capitalised words of its name just before a place name: the place
# name ends the village's ("Kelurahan Losung Batu", "Desa Tanjung Sari Kupang" is no Kupang). A kind
# word before the place ("Desa Sukamaju Kabupaten Garut") names the place itself.
_NAME_WORD_NOT_KIND = r"(?!(?:Kabupaten|Kota|Kab|Provinsi|Kecamatan|Kec)\b)[A-Z][\w'-]*"


def _in_village_name(village_words: list[str]) -> re.Pattern[str]:
    return re.compile(
        rf"(?<!\w)(?:{_alt(village_words)})\s+{_NAME_WORD_NOT_KIND}(?:\s+{_NAME_WORD_NOT_KIND})?\s+$"
    )


_KIND_WORD = re.compile(r"(?i)(?:kabupaten|kota|kab|provinsi|propinsi|prov)\b")
_OFFICE_WORDS = frozenset((
    "bupati", "wali", "walikota", "wawali", "gubernur", "wagub", "wakil", "wabup", "sekda", "camat", "kepala",
    "ketua", "plt", "pj", "kadis", "asisten", "inspektur", "sekretaris", "menteri", "pemkab", "pemkot",
    "pemprov", "pemerintah", "dprd",
))  # fmt: skip
_SEGMENT_WORDS = re.compile(r"[\w'’-]+")
# `di Bandung, Senin (28/1)`: a place followed by the day or date is where and when the event was.
# `Kabupaten Ogan Komering Ulu (OKU) Timur`: the short form in parentheses splits the name.
_PAREN_DIRECTION = re.compile(r"\s?\([^()\n]{1,15}\)\s+(Timur|Barat|Selatan|Utara|Tengah|Daya|Laut)\b")
_DAY_AFTER = re.compile(
    r",?\s*(?:(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)\b|\(\d{1,2}/\d{1,2})"
)
_LOCATIVE = re.compile(r"(?:^|\W)(?i:di|ke|wilayah|se-?|daerah)\s+(?:(?i:wilayah|lingkungan|daerah)\s+)?$")
# `... di ` right before a place, and only `di`: the place someone is at (narrower than _LOCATIVE)
_AT_PLACE = re.compile(r"\b[Dd]i\s+(?:Kota\s+|Kabupaten\s+)?$")


@dataclass(frozen=True)
class RegionMention:
    name: str
    code: str
    level: Literal["province", "regency"]
    province_code: str
    role: Role
    confidence: float
    evidence: str
    is_primary: bool


@dataclass(frozen=True)
class RegionResult:
    provinces: tuple[str, ...]
    regencies: tuple[str, ...]
    mentions: tuple[RegionMention, ...]


@dataclass
class _Hit:
    """One matched phrase with the weight its context gives it."""

    target: Target
    weight: float
    kind_hint: str | None
    source: str  # "dateline" | "title" | "body"
    start: int
    strong: bool  # title, dateline or a government body: may make a region primary on its own
    weak: bool = False
    common: bool = False  # an ordinary-word name matched without kota/kabupaten wording
    end: int = -1  # offset just after the matched phrase (body hits)
    cue: str = ""  # "passing" | "benchmark" | "institution": what weakened the hit, if anything
    participant: bool = False  # one of the listed participants of a multi-region event
    venue: bool = False  # where the story's event took place (not a training venue)
    locative: bool = False  # `di X`, `ke X`: a place the story is at


@dataclass
class _Tally:
    score: float = 0.0
    dateline: bool = False
    strong: bool = False
    best: _Hit | None = None
    prior: bool = False  # resolved only by a prior (capital city, article-wide wording)
    participant: bool = False
    venue: bool = False

    def add(self, hit: _Hit, weight: float | None = None, prior: bool = False) -> None:
        w = hit.weight if weight is None else weight
        self.score += w
        self.dateline |= hit.source == "dateline"
        self.strong |= hit.strong
        self.prior |= prior
        self.participant |= hit.participant
        self.venue |= hit.venue
        if (
            self.best is None
            or w > self.best.weight
            or (hit.source == "dateline" and self.best.source != "dateline")
        ):
            self.best = hit


class _Cues:
    """Cue phrases of several kinds (lower-cased), looked up backwards from a place name, word by word.

    One backward walk over the words before a name finds every kind of cue at once: word-set look-ups
    instead of regexes anchored at the end of a window (a 70-word alternation costs ~60 µs per name).
    Each kind has a reach: how many capitalised words (or link words) may sit between cue and name.
    """

    def __init__(self, kinds: dict[str, list[str]], reach: dict[str, int]) -> None:
        self.phrases: dict[str, set[str]] = defaultdict(set)
        for kind, phrases in kinds.items():
            for p in phrases:
                self.phrases[" ".join(p.lower().replace(".", " ").split())].add(kind)
        self.lengths = sorted({len(p.split()) for p in self.phrases}, reverse=True)
        self.reach = reach
        self.max_reach = max(reach.values())

    def before(self, words: list[str]) -> set[str]:
        """Kinds of cue that end before the name within their reach."""
        found: set[str] = set()
        end = len(words)
        for skipped in range(self.max_reach + 1):
            for n in self.lengths:
                if n <= end:
                    for kind in self.phrases.get(" ".join(words[end - n : end]).lower(), ()):
                        if skipped <= self.reach[kind]:
                            found.add(kind)
            if end == 0:
                break
            w = words[end - 1]
            if not (w[:1].isupper() or w[:1].isdigit() or w.lower() in _LINK_WORDS):
                break
            end -= 1
        return found


@dataclass
class _Rules:
    ignored: re.Pattern[str]
    outlet_after: re.Pattern[str]
    cues: _Cues
    participation: _Phrases
    ranking: _Phrases
    list_opener: _Phrases
    training: _Phrases
    markers: _Markers
    in_village_name: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def _compile_rules(rules: dict[str, Any]) -> _Rules:
    return _Rules(
        ignored=re.compile(r"^[\W_]*(?:" + _alt(list(furniture_prefixes())) + r")(?:\W|$)", re.I),
        outlet_after=re.compile(r"^\s*(?:" + _alt(rules["outlet_suffixes"]) + r")\b"),
        cues=_Cues(
            {
                "not_place": [*rules["not_place_prefixes"], *rules["village_words"]],
                "institution": rules["institution_cues"],
                "passing": rules["passing_cues"],
                "benchmark": rules["benchmark_cues"],
                "compare": rules["ranking_comparisons"],
                "desk": rules["desk_cues"],
                "gov": rules["government_bodies"],
                **{f"kind:{k}": v for k, v in rules["kind_words"].items()},
            },
            {
                "not_place": 0,
                "institution": 6,
                "passing": 4,
                "benchmark": 4,
                "compare": 4,
                "desk": 0,
                "gov": 6,
                "kind:kota": 0,
                "kind:kabupaten": 0,
                "kind:province": 0,
            },
        ),
        participation=_Phrases(rules["participation_words"]),
        ranking=_Phrases(rules["ranking_words"]),
        list_opener=_Phrases(rules["list_openers"]),
        training=_Phrases(rules["training_words"]),
        markers=_Markers(
            {
                "venue": [f"di {n}" for n in _VENUE_NOUNS],
                "training": rules["training_words"],
                "ranking": rules["ranking_words"],
            }
        ),
        in_village_name=_in_village_name(rules["village_words"]),
    )


class _Markers:
    """Cue phrases of several kinds found in one pass over an article's lower-cased tokens (no regex:
    a case-insensitive alternation costs ~400 µs per 600-word article), as token indices by kind.

    Phrases are keyed by their first word, and those of several words also by their second, so a
    common first word (`di` of `di aula`) costs one dictionary look-up, not one test per phrase.
    """

    def __init__(self, kinds: dict[str, list[str]]) -> None:
        self.single: dict[str, set[str]] = defaultdict(set)
        self.pairs: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for kind, phrases in kinds.items():
            for p in phrases:
                toks = tuple(_TOKEN.findall(p.lower()))
                if len(toks) == 1:
                    self.single[toks[0]].add(kind)
                elif toks:
                    self.pairs[toks[0]][toks[1]].append((toks[2:], kind))
        self.keys = frozenset(self.single) | frozenset(self.pairs)

    def find(self, lower: list[str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        n = len(lower)
        for i in [i for i, w in enumerate(lower) if w in self.keys]:
            w = lower[i]
            found = set(self.single.get(w, ()))
            nxt = self.pairs.get(w)
            if nxt and i + 1 < n:
                for rest, kind in nxt.get(lower[i + 1], ()):
                    if not rest or tuple(lower[i + 2 : i + 2 + len(rest)]) == rest:
                        found.add(kind)
            for kind in found:
                out[kind].append(i)
        return out


class _Phrases:
    """Whole-word search of a few dozen lower-case phrases in a sentence by ``str.find`` (cheaper than a
    case-insensitive alternation regex, which tries every alternative at every position)."""

    def __init__(self, phrases: list[str] | frozenset[str]) -> None:
        self.phrases = tuple(sorted({" ".join(p.lower().split()) for p in phrases}))

    def search(self, text: str) -> bool:
        lower = text.lower()
        for p in self.phrases:
            i = lower.find(p)
            while i >= 0:
                j = i + len(p)
                if (i == 0 or not lower[i - 1].isalnum()) and (j == len(lower) or not lower[j].isalnum()):
                    return True
                i = lower.find(p, i + 1)
        return False


_LINK_WORDS = frozenset({"dan", "kelas", "ke", "dari", "di", "pada", "dengan"})
_WORDS_BEFORE = re.compile(r"[\w'’-]+|[,;:!?()\"“”]")


def _words_before(before: str) -> list[str]:
    """Words of the text before a name, nearest last; a parenthetical (`Pemkab (Pemkab)`) is dropped."""
    before = _PAREN.sub(" ", before)
    return _WORDS_BEFORE.findall(before)[-10:]


@dataclass
class _Compiled:
    ci: PhraseMatcher
    cs: PhraseMatcher
    by_id: dict[int, Target]
    common_ids: set[int]
    rules: _Rules
    #: lower-cased words that occur in some phrase: only these need to be in the Doc that is matched
    words: frozenset[str]


def _matchers(gaz: Gazetteer) -> _Compiled:
    """Build (once per gazetteer) the case-insensitive and case-sensitive phrase matchers."""
    cached = gaz.cache.get("regions")
    if cached is not None:
        return cached
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    nlp = blank_nlp()
    by_id: dict[int, Target] = {}
    common_ids: set[int] = set()
    vocab: set[str] = set()
    ci = PhraseMatcher(nlp.vocab, attr="LOWER")
    cs = PhraseMatcher(nlp.vocab, attr="ORTH")
    for matcher, table, variants in ((ci, gaz.phrases_ci, False), (cs, gaz.phrases_cs, True)):
        for phrase, target in table.items():
            key = f"{'cs' if variants else 'ci'}:{phrase}"
            by_id[nlp.vocab.strings.add(key)] = target
            if variants:
                common_ids.add(nlp.vocab.strings[key])
            forms = {phrase, phrase.upper()} if variants else {phrase}
            docs = [Doc(nlp.vocab, words=_TOKEN.findall(f)) for f in sorted(forms)]
            vocab.update(tok.lower_ for d in docs for tok in d)
            matcher.add(key, docs)
    built = _Compiled(ci, cs, by_id, common_ids, _compile_rules(gaz.rules), frozenset(vocab))
    gaz.cache["regions"] = built
    return built


def _make_doc(words: list[str], lower: list[str], keep: frozenset[str]) -> tuple[Doc, list[int]]:
    """A Doc (blank `id` vocab) of the words that occur in some phrase, each run of other words folded into
    one filler token, and the index in ``words`` of each Doc token (-1 for fillers).

    Building a spaCy Doc costs a vocabulary look-up per token; most words of an article are in no place
    name, and folding them keeps matches exact (no phrase can span a filler) at a third of the cost.
    """
    from spacy.tokens import Doc

    doc_words: list[str] = []
    index: list[int] = []
    prev = -2
    for i in [i for i, w in enumerate(lower) if w in keep]:
        if i != prev + 1:
            doc_words.append("\u2063")
            index.append(-1)
        doc_words.append(words[i])
        index.append(i)
        prev = i
    return Doc(blank_nlp().vocab, words=doc_words), index


def _char_offsets(text: str, words: list[str], wanted: set[int]) -> dict[int, int]:
    """Character offsets of the tokens ``wanted`` (only matched tokens need them; cheaper than finditer)."""
    out: dict[int, int] = {}
    pos = 0
    last = max(wanted, default=-1)
    for i, w in enumerate(words):
        if i > last:
            break
        pos = text.find(w, pos)
        if i in wanted:
            out[i] = pos
        pos += len(w)
    return out


# "• LAMPUNG BARAT", "- PEMKOT BANDARLAMPUNG": a site menu's item, a bullet and a few words in capitals
_MENU_ITEM = re.compile(rf"^{BULLET_CLASS}\s+[^a-z\n]{{1,40}}$")


def _clean_lines(text: str, title: str, rules: _Rules) -> str:
    """Body lines that can be evidence: no boilerplate lines, no repeated title, no letterless noise.

    A related-article prompt standing alone on its line (`Baca Juga`) heads the teaser on the next
    line, which goes too; a photo caption closed by its credit (`... (ANTARA/HO-Kemendagri)`) describes
    a picture, not the story; a menu's items (`• LAMPUNG BARAT`) are the site's sections.
    """
    kept: list[str] = []
    title_key = re.sub(r"\W+", " ", title).strip().lower()
    teaser_next = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or not re.search(r"[A-Za-z]", line):
            continue
        if teaser_next:
            teaser_next = False
            continue
        if rules.ignored.match(line):
            teaser_next = bool(_TEASER_HEAD.match(line))
            continue
        if _PHOTO_CREDIT.search(line[-80:]) or _MENU_ITEM.match(line):
            continue
        if not kept and title_key and re.sub(r"\W+", " ", line).strip().lower() == title_key:
            continue
        kept.append(line)
    return "\n".join(kept)


def _lookup_segment(seg: str, gaz: Gazetteer) -> Target | None:
    key = " ".join(seg.split()).strip(" .,:;").lower()
    if not key or len(key.split()) > 5:
        return None
    t = gaz.lookup.get(key)
    if t is not None:
        return t
    regs = gaz.districts.get(key)
    if regs:
        return Target(regencies=regs, district=True)
    return None


def _dateline(body: str, gaz: Gazetteer) -> tuple[int, int, list[Target]]:
    """(start, end) of the dateline head and the places it names, or (0, 0, []) if there is none.

    The dateline opens the first paragraph; short byline, date or breadcrumb lines left above it are
    stepped over, and so are paragraphs (a photo caption, a deck) when the dateline's head is in capitals
    (`PADANG - `, `REPUBLIKA.CO.ID, JAKARTA --`): no story sentence starts that way.
    """
    pos = 0
    prose = 0  # characters of paragraphs stepped over
    for line in body.split("\n")[:_DATELINE_LINES]:
        m = _DASH_HEAD.match(line)
        if m is None:
            m = _ALONE_HEAD.match(line)  # "PADANG (SumbarFokus)" on a line of its own
            m = m if m and _upper_head(m.group("head")) else None
        if m and (not prose or _upper_head(m.group("head"))):
            found = _dateline_places(m.group("head"), gaz)
            if found:
                return pos, pos + m.end("head"), found
        if len(line) > 100 or line.rstrip().endswith((".", "!", "?", '"', "”")):
            prose += len(line)
            if prose > _ABOVE_DATELINE_MAX:
                break  # that much prose is the story itself: a later capitalised head is no dateline
        pos += len(line) + 1
    return 0, 0, []


_DATELINE_LINES = 25  # how many kept lines from the top may hold the dateline (menus, ads, captions)
_ABOVE_DATELINE_MAX = 800  # characters of captions and decks a dateline may stand below


def _upper_head(head: str) -> bool:
    """A dateline head in capitals (`PADANG`, `TRIBUN-MEDAN.com, MEDAN`): no lower case but in a web address."""
    letters = [c for w in _PAREN.sub("", head).split() if "." not in w for c in w if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _dateline_places(head: str, gaz: Gazetteer) -> list[Target]:
    """The places of a dateline head: the first one, and later ones only as its qualifier (`Mataram,
    NTB`); a later place elsewhere is the outlet's name (`SAWAHLUNTO, METRO –`)."""
    found: list[Target] = []
    head = head.strip()
    if head.startswith("(") and head.endswith(")") and head.count("(") == 1:
        head = head[1:-1]  # "(Matra, Jambi) –": the whole head in brackets
    for seg in _PAREN.sub(",", head).split(","):
        seg = seg.strip()
        if not seg or _DATE_SEG.search(seg) or _DOMAIN.fullmatch(seg):
            continue  # a date, or the outlet's address ("Kupang, swaratimor.co.id –")
        t = _lookup_segment(seg, gaz)
        if t is not None and not t.blocked:
            if not found or _provinces_of(t) & _provinces_of(found[0]):
                found.append(t)
        elif len(seg.split()) > 4 or (seg[:1].islower()):
            return []  # a sentence, not a dateline
    return found


def _provinces_of(t: Target) -> set[str]:
    return {c[:2] for c in t.regencies + t.provinces}


def _span_matches(doc: Any, ci: PhraseMatcher, cs: PhraseMatcher) -> list[tuple[int, int, int]]:
    """Longest non-overlapping (match_id, start, end) token matches of both matchers, in text order."""
    found = ci(doc) + cs(doc)
    found.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
    taken: set[int] = set()
    out = []
    for mid, s, e in found:
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        out.append((mid, s, e))
    out.sort(key=lambda m: m[1])
    return out


def _hits(
    text: str, source: str, skip: tuple[int, int], gaz: Gazetteer
) -> tuple[list[_Hit], dict[str, list[int]]]:
    """The place names of ``text`` weighed by where they stand, and the offsets of cue words found on the
    way (`venue`: `di Aula`, `training`: `bimtek`, `ranking`: `peringkat`), for the body only."""
    comp = _matchers(gaz)
    by_id, common_ids, rules = comp.by_id, comp.common_ids, comp.rules
    words = _TOKEN.findall(text)
    lower = [w.lower() for w in words]
    doc, index = _make_doc(words, lower, comp.words)
    matches = [(mid, index[s], index[e - 1] + 1) for mid, s, e in _span_matches(doc, comp.ci, comp.cs)]
    district_at = _districts(words, gaz)
    if district_at:
        # `Kecamatan Karanganyar` (in Kebumen), `Camat Kediri` (in Tabanan): the name after the word is a
        # district's, not the regency's of the same name
        in_district = {k for _, s, e in district_at.values() for k in range(s + (words[s] in _KECAMATAN), e)}
        matches = [m for m in matches if m[1] not in in_district]
        covered = {k for _, s, e in matches for k in range(s, e)}  # a set: one look-up per district
        matches += [m for i, m in district_at.items() if i not in covered]
    matches.sort(key=lambda m: m[1])
    marked = rules.markers.find(lower) if source == "body" else {}
    starts = _char_offsets(
        text,
        words,
        {s for _, s, _ in matches} | {e - 1 for _, _, e in matches} | {i for v in marked.values() for i in v},
    )
    marks = {kind: [starts[i] for i in at] for kind, at in marked.items()}
    lede_start, lede_end = _lede(text, skip[0])
    venue_words, training_words = marks.get("venue", []), marks.get("training", [])
    hits = []
    for mid, s, e in matches:
        target = by_id[mid] if mid in by_id else _district_target(words, s, e, gaz)
        a, b = starts[s], starts[e - 1] + len(words[e - 1])
        if target.blocked or skip[0] <= a < skip[1]:
            continue
        if text.startswith("(", b + (text[b : b + 1] == " ")) and target.regencies:
            target, b = _name_around_abbreviation(text, a, b, target, gaz)
        before_text = text[max(0, a - 90) : a].split("\n")[-1]
        before = _words_before(before_text)
        cues = rules.cues.before(before)
        if "not_place" in cues or rules.outlet_after.match(text[b : b + 20]):
            continue
        if rules.in_village_name.search(before_text) and not _KIND_WORD.match(words[s]):
            continue  # "Kelurahan Losung Batu": the last word of a village's name, not Kota Batu
        kind_hint: str | None = target.kind
        if kind_hint is None:
            kind_hint = next((k for k in ("kota", "kabupaten", "province") if f"kind:{k}" in cues), None)
        if "compare" in cues and _ranked_before(text, a, rules):
            cues.add("benchmark")  # `Tertinggi Kedua se-DIY Setelah Kota Jogja`: the one it is ranked against
        cue = next((k for k in ("benchmark", "desk", "passing") if k in cues), "")
        weak = bool(cue)
        # "Kajati Aceh Joko Purwanto di Banda Aceh, Senin": after `di` the place is where the officer
        # is, not the name of the institution's post (`Kalapas Muara Beliti`)
        posted = "institution" in cues and not weak and not _AT_PLACE.search(before_text)
        cue = cue or ("institution" if posted else "")
        if (
            mid in common_ids
            and kind_hint is None
            and source == "body"
            and _SENTENCE_START.search(before_text)
        ):
            weak = True  # `Medan yang berat ...`: a capital at a sentence start says nothing
        gov = not weak and not posted and "gov" in cues
        venue = locative = False
        if not weak and not posted and source == "body":
            locative = _LOCATIVE.search(before_text[-30:]) is not None
            venue = (
                _VENUE_VERB.search(before_text) is not None
                or (_any_in(venue_words, a - len(before_text), a) and _after_venue_phrase(before_text))
                or (locative and _DAY_AFTER.match(text, b, b + 30) is not None)
            ) and not _any_in(training_words, _sentence_bounds(text, a, b)[0], a)
            locative |= venue
        if weak:
            w = W_WEAK
        elif posted:
            w = W_INSTITUTION * (2 if source == "title" else 1)
        elif target.district:
            w = W_DISTRICT
        elif source == "title":
            w = W_TITLE
        elif gov or venue:
            w = W_GOV if gov else W_VENUE
        elif locative:
            w = W_LOCATIVE
        else:
            w = W_PLAIN
        if source == "body" and lede_start <= a < lede_end and not weak:
            w *= LEDE_FACTOR
        strong = not weak and not target.district and (source == "title" or (gov and target.kind is None))
        common = mid in common_ids and kind_hint is None and not gov
        hit = _Hit(
            target, w, kind_hint, source, a, strong, weak, common, b, cue, venue=venue, locative=locative
        )
        hits += _capital_town_hits(hit) if target.seat and target.provinces else [hit]
    return hits, marks


# What may stand between two places of one enumeration: separators, a parenthetical, kind and office words
# and capitalised names (`gubernur Sulut, bupati Aceh Tengah, dan walikota Banjar Baru`, `Kabupaten Bintan
# (Kepulauan Riau), ...`, `Bupati Malang Rendra Kresna, Bupati Pasuruan ...`, `Bupati dan Wakil Bupati
# Dogiyai, Yacobus Dumupa – Oskar Makai; Bupati Paniai ...`: a head's and its deputy's names joined by a dash).
_LIST_GLUE = re.compile(
    r"(?:[\s,;/&()–—-]|(?i:dan|serta|juga|kabupaten|kab\.?|kota|provinsi|prov\.?|pemkab|pemkot|pemprov"
    r"|pemerintah|bupati|wakil|wali ?kota|walkot|gubernur|pj\.?)(?!\w)|[A-Z][\w'’.-]*)*"
)
_GLUE_MAX = 64  # characters: a head's and its deputy's names with a dash and the next post fit
_CONTEXT_CHARS = 400  # how far around a run its sentence and the one before it are looked for


def _lede(text: str, start: int) -> tuple[int, int]:
    """The lede: the paragraph that opens with the dateline, or the first paragraph of the story, past
    short byline and date lines (`Posted on 10 Nov 2017`); at most LEDE_CHARS of it."""
    pos = start
    while True:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].rstrip()
        if (
            pos > start + LEDE_CHARS
            or end == len(text)
            or len(line) >= _LEDE_MIN
            or line.endswith((".", "!", "?"))
        ):
            return pos, min(pos + LEDE_CHARS, end)
        pos = end + 1


_LEDE_MIN = 80  # a shorter line without a full stop above the story is a byline, date or kicker


def _classify_lists(body: str, hits: list[_Hit], rules: _Rules, title: str) -> None:
    """Mark the places listed as participants of one multi-region event, weaken those listed in a ranking.

    A run of places joined only by list glue (`Ende, Flores Timur, Nagekeo dan Ngada`, `Bupati Malang
    Rendra Kresna, Bupati Pasuruan ...`) is a list. Its sentence says what it lists: participants
    (`diikuti`, `delegasi`, `menandatangani`, `peresmian`) or a ranking or score list (`predikat`,
    `peringkat`, `penerima`), which wins over participation. A list that opens with `yakni`,
    `diantaranya` or goes on with `Kemudian` is ranked when the sentence before it ranks; one that also
    refers back to a counted set (`Keenam kabupaten itu yakni ...`, `Ketujuh belas MPP tersebut
    diantaranya ...`) names participants when that sentence, the title or the article's first sentence
    tells of their taking part. Participants are primary; ranked places, outside the opening paragraph, are weak.
    A name posted at an institution or named as a benchmark never joins a run. Runs are found from the
    gaps between hits; only a run's own surroundings are split into sentences.
    """
    runs: list[list[_Hit]] = []
    for h in sorted(hits, key=lambda h: h.start):
        if h.end <= h.start or h.target.district or h.cue in ("benchmark", "desk", "institution"):
            continue
        if runs and _glued(body, runs[-1][-1], h):
            runs[-1].append(h)
        else:
            runs.append([h])
    lede_end = _lede(body, 0)[1]
    opening = ""
    for run in runs:
        if len(run) < 2 or _places_in_run(run) < 2:
            continue
        line_end = body.find("\n", run[-1].end)
        w0 = max(0, run[0].start - _CONTEXT_CHARS)
        w1 = min(line_end if line_end >= 0 else len(body), run[-1].end + _CONTEXT_CHARS)
        spans = sentence_spans(body[w0:w1])
        span = sentence_at(spans, run[0].start - w0)
        if span is None or span[0] > run[0].start - w0:
            continue
        idx = spans.index(span)
        sentence, before_list = span[2], body[w0 + span[0] : run[0].start]
        prev = spans[idx - 1][2] if idx > 0 and rules.list_opener.search(before_list) else ""
        ranked = rules.ranking.search(sentence) or (
            prev and rules.ranking.search(prev) and not rules.participation.search(sentence)
        )
        if ranked:
            for h in run:
                if h.start >= lede_end:
                    _mark_ranked(h)
            continue
        context = [sentence]
        if prev and _BACK_REFERENCE.search(before_list):
            if not opening:
                opening = (sentences(body[:LEDE_CHARS]) or [""])[0]
            context += [prev, title, opening]
        if any(rules.participation.search(c) and not rules.ranking.search(c) for c in context if c):
            for h in run:
                h.participant = True


def _mark_ranked(h: _Hit) -> None:
    """A place listed in a ranking or score list: weak, and neither strong nor a venue."""
    h.weight, h.weak, h.strong, h.venue, h.cue = W_WEAK, True, False, False, "ranking"


def _classify_bullet_blocks(body: str, hits: list[_Hit], rules: _Rules) -> None:
    """Places heading the items of a list set out line by line under a line that introduces it.

    ``Berikut nama-nama Pj Bupati yang dilantik:`` then ``- Pj Bupati Kapuas, NAME (Kadis ...)`` on lines
    of their own: the introduction is the items' sentence, so each item's first place takes part when it
    tells of taking part and is weak when it ranks (``Berikut peringkat indeks SPBE:``), as in a list run
    inside one sentence (:func:`_classify_lists`). Only the first place of an item counts: the rest of
    the line says where the person comes from.
    """
    lede_end = _lede(body, 0)[1]
    by_start = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in by_start]
    intro = ""
    pos = 0
    for line in body.split("\n"):
        start, pos = pos, pos + len(line) + 1
        text = line.strip()
        if not text:
            continue
        if not BULLET_ITEM.match(text):
            intro = text if text.endswith(":") else ""
            continue
        if not intro:
            continue
        k = bisect.bisect_left(starts, start)
        item = None
        while k < len(by_start) and by_start[k].start < pos:  # this line's hits only
            h = by_start[k]
            if not h.target.district and h.cue not in ("benchmark", "desk", "institution"):
                item = h
                break
            k += 1
        if item is None:
            continue
        if rules.ranking.search(intro):
            if item.start >= lede_end:
                _mark_ranked(item)
        elif rules.participation.search(intro):
            item.participant = True


def _weaken_ranked(body: str, hits: list[_Hit], words: list[int], named: set[str]) -> None:
    """A place named only in sentences that rank or score (`peringkat pertama diraih oleh Provinsi Bali
    dengan skor 99`, `masuk jajaran Top 99`), outside the opening paragraph, is a ranking entry: weak.

    A place the story names elsewhere too (``named``: title, dateline; or another body sentence) keeps
    its ranked mentions: weakening the subject's own results would let a ranked neighbour stand out.
    """
    lede_end = _lede(body, 0)[1]
    if not words or words[-1] < lede_end:  # ``words``: offsets of ranking words in the body
        return
    ranked = []
    for h in hits:
        if h.start < lede_end or h.weak or h.participant or h.venue or h.end <= h.start:
            continue
        lo, hi = _sentence_bounds(body, h.start, h.end)
        i = bisect.bisect_left(words, lo)
        if i < len(words) and words[i] < hi:
            ranked.append(h)
    if not ranked:
        return
    in_ranking = {id(h) for h in ranked}
    named = named | {c for h in hits if not h.weak and id(h) not in in_ranking for c in _codes(h.target)}
    for h in ranked:
        if not named.intersection(_codes(h.target)):
            h.weight, h.weak, h.strong, h.cue = W_WEAK, True, False, "ranking"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Rough bounds of the sentence around ``text[start:end]``: back to `. ` or a line break, forward to
    the next, each at most _SENTENCE_REACH away."""
    back = max(0, start - _SENTENCE_REACH)
    lo = max(text.rfind(". ", back, start), text.rfind("\n", back, start), back)
    reach = end + _SENTENCE_REACH
    hi = min(x for x in (text.find(". ", end, reach), text.find("\n", end, reach), reach) if x >= 0)
    return lo, hi


_SENTENCE_REACH = 200


def _codes(t: Target) -> tuple[str, ...]:
    return t.regencies + t.provinces


# `Ketujuh belas MPP tersebut`, `Keenam kabupaten itu`, `berikut`: the list names a set told of before.
_BACK_REFERENCE = re.compile(
    r"(?i:\b(?:tersebut|itu|berikut)\b|\bke(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)"
    r"(?:nya)?\b)"
)


def _glued(body: str, a: _Hit, b: _Hit) -> bool:
    if b.start <= a.end:
        return True
    gap = body[a.end : b.start]
    return len(gap) <= _GLUE_MAX and _LIST_GLUE.fullmatch(gap) is not None


def _places_in_run(run: list[_Hit]) -> int:
    """Distinct places of a run; a province written beside one of its regencies is not another place."""
    regs = {r for h in run for r in h.target.regencies[:1]}
    provs = {p for h in run if not h.target.regencies for p in h.target.provinces}
    return len(regs) + len(provs - {r[:2] for r in regs})


def _after_venue_phrase(before: str) -> bool:
    """Does ``before`` end with a venue phrase opened by `di` and a venue word, so the name after it is
    where the event took place? `di Hotel Bidakara Jakarta`, `di Aula Kantor Bupati Sikka, Maumere`,
    `di Kantor Kemenpan RB, Senayan, Jakarta Selatan`, `di Gedung Kemendagri, Jl Medan Merdeka Utara No 7,
    Jakarta Pusat`. Between the venue and the name only address words stand: capitalised words and
    numbers, a comma before one locality word or before a street (`Jalan ...`). Read backwards, one pass.
    """
    segments = before.split(",")[-5:]
    for k in range(len(segments) - 1, -1, -1):
        words = _SEGMENT_WORDS.findall(segments[k])
        for i in range(len(words) - 1, 0, -1):
            if words[i - 1].lower() == "di" and words[i].lower() in _VENUE_NOUNS:
                return True
            if not _address_word(words[i]):
                return False
        if len(words) > 1 and words[0].lower() not in _STREET_WORDS | _ADMIN_WORDS:
            return False  # after a comma: one locality word, a street or a district, or (last) nothing
        if words and (not _address_word(words[0]) or words[0].lower() in _OFFICE_WORDS):
            return False  # `di Kantor Gubernur, Bupati Gowa ...`: a person's office, not a locality
    return False


def _address_word(w: str) -> bool:
    return w[:1].isupper() or w[:1].isdigit() or w.lower() in _ADDRESS_WORDS


def _sentence_before(text: str, at: int) -> str:
    """The sentence before offset ``at``, as far as 200 characters back."""
    seg = text[max(0, at - 200) : at].split("\n")[-1]
    return seg[seg.rfind(". ") + 1 :]


def _ranked_before(text: str, at: int, rules: _Rules) -> bool:
    """Does the sentence before offset ``at`` rank or score (`tertinggi`, `peringkat`)?"""
    return rules.ranking.search(_sentence_before(text, at))


def _any_in(positions: list[int], lo: int, hi: int) -> bool:
    """Is any of the sorted ``positions`` in [lo, hi)?"""
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def _name_around_abbreviation(
    text: str, a: int, b: int, target: Target, gaz: Gazetteer
) -> tuple[Target, int]:
    """`Kabupaten Ogan Komering Ulu (OKU) Timur` is OKU Timur: when a direction word follows the short
    form in parentheses and completes a regency's name, that regency, and the end of the whole."""
    m = _PAREN_DIRECTION.match(text, b)
    if m:
        whole = gaz.lookup.get(f"{' '.join(text[a:b].split())} {m.group(1)}".lower())
        if whole is not None and whole.regencies and not whole.blocked and not whole.seat:
            return whole, m.end()
    return target, b


def _capital_town_hits(hit: _Hit) -> list[_Hit]:
    """A provincial capital that is not a regency's name (`rapat di Sofifi`): its province, and weakly
    the regency the town lies in.

    The town is where the provincial government sits, so it is evidence for the province like naming
    the province; for its regency it is no more than a district (kecamatan) would be: a seat decides
    its regency only in a dateline. The mention's weight is shared, not doubled: the regency gets a
    district's weight (at most half) and the province the rest, so the province's total is what any
    other mention standing there would give it.
    """
    t = hit.target
    share = min(W_DISTRICT, hit.weight / 2) if t.regencies else 0.0
    out = [replace(hit, target=Target(provinces=t.provinces), weight=hit.weight - share)]
    if share:
        town = Target(regencies=t.regencies, district=True)
        out.append(replace(hit, target=town, weight=share, strong=False, venue=False))
    return out


_JAKARTA = "31"
_KECAMATAN = frozenset({"Kecamatan", "kecamatan", "KECAMATAN", "Kec", "kec", "Camat", "camat", "CAMAT"})
_DISTRICT_ID = -1


def _districts(words: list[str], gaz: Gazetteer) -> dict[int, tuple[int, int, int]]:
    """Token matches of `Kecamatan X` / `Kec. X` / `Camat X` whose X is a district name (longest of 1-3
    words), and of the districts a list after one goes on with (`Kecamatan Bangko, Bangko Barat,
    Batang Masumai dan Nalo Tantan`: Batang Masumai is no Kabupaten Batang)."""
    out: dict[int, tuple[int, int, int]] = {}
    for i in [i for i, w in enumerate(words) if w in _KECAMATAN]:
        j = i + 2 if i + 1 < len(words) and words[i + 1] == "." else i + 1
        n = _district_length(words, j, gaz)
        if not n:
            continue
        out[i] = (_DISTRICT_ID, i, j + n)
        at = j + n
        while at + 1 < len(words) and words[at] in _LIST_LINKS:
            nxt = at + 1 + (words[at] == "," and words[at + 1] in _LIST_LINKS)
            if nxt >= len(words) or _KIND_WORD.match(words[nxt]):
                break  # "Kecamatan Kotamobagu Timur, Kota Kotamobagu": the address goes up a level
            n = _district_length(words, nxt, gaz)
            if not n:
                break
            out[nxt] = (_DISTRICT_ID, nxt, nxt + n)
            at = nxt + n
    return out


_LIST_LINKS = frozenset({",", "dan", "serta"})


def _district_length(words: list[str], j: int, gaz: Gazetteer) -> int:
    return next(
        (n for n in (3, 2, 1) if j + n <= len(words) and " ".join(words[j : j + n]).lower() in gaz.districts),
        0,
    )


def _district_target(words: list[str], s: int, e: int, gaz: Gazetteer) -> Target:
    if words[s] in _KECAMATAN:  # `Kecamatan X`, `Kec. X`; a list's later item stands alone
        s += 2 if words[s + 1] == "." else 1
    return Target(regencies=gaz.districts[" ".join(words[s:e]).lower()], district=True)


def _kind_filter(regs: tuple[str, ...], kind: str | None, gaz: Gazetteer) -> tuple[str, ...]:
    if kind not in ("kota", "kabupaten"):
        return regs
    picked = tuple(r for r in regs if gaz.regencies[r].kind == kind)
    return picked or regs


def resolve_regions(
    text: str, *, title: str = "", gazetteer: Gazetteer, home_province_code: str | None = None
) -> RegionResult:
    """Provinces and regencies where the story of ``text`` (a cleaned article body) happens."""
    gaz = gazetteer
    rules = _matchers(gaz).rules
    title = normalise(title).strip()
    body = _clean_lines(normalise(text), title, rules)

    head_start, head_end, dl_targets = _dateline(body, gaz)
    if head_start:
        # Above the dateline stand page furniture and a photo's caption (`... di Medan, Kamis (3/11).`),
        # not the story.
        body, head_end, head_start = body[head_start:], head_end - head_start, 0
    hits = [_Hit(t, W_DATELINE, t.kind, "dateline", head_start, True) for t in dl_targets]
    body_hits, marks = _hits(body, "body", (head_start, head_end), gaz)
    _classify_lists(body, body_hits, rules, title)
    _classify_bullet_blocks(body, body_hits, rules)
    title_hits = _hits(title, "title", (0, 0), gaz)[0] if title else []
    named = {c for h in title_hits if not h.common and not h.weak for c in _codes(h.target)}
    _weaken_ranked(
        body, body_hits, marks.get("ranking", []), named | {c for t in dl_targets for c in _codes(t)}
    )
    if dl_targets and _desk_dateline(dl_targets, body_hits, body):
        hits = [replace(h, weight=W_WEAK, source="body", strong=False, weak=True) for h in hits]
    if title_hits:
        # Titles are Title Cased, so an ordinary-word name there (`Truk Batu Bara`) counts only when the
        # body names the same place too.
        seen = {c for h in body_hits if not h.weak for c in _codes(h.target)}
        seen |= {c for tg in dl_targets for c in _codes(tg)}
        hits += [h for h in title_hits if not h.common or seen.intersection(_codes(h.target))]
    hits += body_hits

    regs: dict[str, _Tally] = defaultdict(_Tally)
    provs: dict[str, _Tally] = defaultdict(_Tally)
    pending: list[_Hit] = []
    for h in hits:
        t = h.target
        if t.provinces and not t.regencies:
            for p in t.provinces:
                provs[p].add(h)
        elif len(t.regencies) == 1 and not t.provinces:
            regs[t.regencies[0]].add(h)
        else:
            pending.append(h)

    # Article-wide wording decides a same-name pair that nothing local decides.
    wording: _KindWording | None = None  # built when a pair first needs it
    evidenced_provs = {p for p in provs} | {r[:2] for r in regs}
    if home_province_code:
        evidenced_provs.add(home_province_code)

    for h in pending:
        t = h.target
        if h.kind_hint == "province" and t.provinces:
            for p in t.provinces:
                provs[p].add(h)
            continue
        cands = _kind_filter(t.regencies, h.kind_hint, gaz)
        if t.provinces and h.kind_hint not in ("kota", "kabupaten") and h.source != "dateline":
            for p in t.provinces:  # `Bengkulu` alone is the province
                provs[p].add(h)
            continue
        prior = False
        if len(cands) > 1:
            known = tuple(c for c in cands if c in regs)
            if len(known) == 1:
                cands = known
        article_kind = None
        if len(cands) > 1:
            if wording is None:
                wording = _kind_wording(body + "\n" + title, gaz)
            article_kind = wording.kind_for(cands)
        if article_kind:
            cands, prior = _kind_filter(cands, article_kind, gaz), True
        if len(cands) > 1:
            in_known = tuple(c for c in cands if c[:2] in evidenced_provs)
            if in_known:
                cands = in_known
        if len(cands) > 1 and (h.source == "dateline" or h.locative):
            # `SEMARANG —`, `rapat di Bandung`: a bare name shared by a city and a regency, where the
            # story is, is the provincial capital city
            capitals = tuple(c for c in cands if gaz.capital_regency.get(c[:2]) == c)
            if len(capitals) == 1:
                cands, prior = capitals, True
        if len(cands) > 1 and h.source == "dateline" and len({c[:2] for c in cands}) == 1:
            # `MAGELANG –` with nothing else to go on: a dateline names a town, and a regency is datelined
            # by its seat (`MUNGKID –`), so a bare pair name there is the city
            cands, prior = _kind_filter(cands, "kota", gaz), True
        if len(cands) == 1:
            regs[cands[0]].add(h, prior=prior)
        elif len({c[:2] for c in cands}) == 1:
            provs[cands[0][:2]].add(h)  # undecided pair: the province only
        elif t.provinces:
            for p in t.provinces:
                provs[p].add(h)

    return _decide(regs, provs, body, title, gaz, home_province_code)


def _desk_dateline(dl_targets: list[Target], body_hits: list[_Hit], body: str) -> bool:
    """Is the dateline the desk of an outlet, wire bureau or ministry rather than where the story is?

    It is when the body says a release was received there (`siaran pers yang diterima di Mataram`).
    A Jakarta dateline, the national desk of outlets and ministries, also is unless the body names a
    Jakarta place itself or holds the event at a venue it does not place elsewhere (`di Ruang Sasana
    Bhakti Praja Kemendagri`, `konferensi pers di kantornya`): a circular, a release about an event in
    Bandung or a virtual ceremony is written at the desk.
    """

    def in_jakarta(codes: tuple[str, ...]) -> bool:
        return bool(codes) and all(c[:2] == _JAKARTA for c in codes)

    places = {c for t in dl_targets for c in t.regencies + t.provinces}
    if any(h.cue == "desk" and places & set(h.target.regencies + h.target.provinces) for h in body_hits):
        return True
    if not all(in_jakarta(t.regencies + t.provinces) for t in dl_targets):
        return False
    if any(not h.weak and in_jakarta(h.target.regencies + h.target.provinces) for h in body_hits):
        return False
    placed = sorted(h.start for h in body_hits if h.venue)
    for m in _VENUE_PHRASE.finditer(body):
        if not _any_in(placed, m.start() + 1, m.start() + _VENUE_REACH + 1):
            return False  # an event at a venue in the dateline city
    return True


# `di Kantor ...`, `di kantornya`: a building where an event is held (its place, if any, follows within
# _VENUE_REACH); a village or district (`di Desa ...`) is no building in the dateline city.
_VENUE_PHRASE = re.compile(r"\b[Dd]i\s+(?i:" + "|".join(sorted(_VENUE_NOUNS - _ADMIN_WORDS)) + r")(?:nya)?\b")
_VENUE_REACH = 110


@dataclass
class _KindWording:
    """The article's kota/kabupaten government wording: for each kind, whether some of it names no place
    (`Bupati` alone, `Bupati Ahmad`) and the regencies of the places the rest names (`Pemkab Serang` ->
    both Serangs)."""

    unattached: set[str] = field(default_factory=set)
    attached: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def kind_for(self, cands: tuple[str, ...]) -> str | None:
        """kota or kabupaten when the wording that can speak for ``cands`` is all of one kind, else None.

        Wording that names another place (`Pemkab Serang`) says nothing about a bare `Bandung`; wording
        that names this one (`Pemkab Bima`) does, and so does wording that names none (`Bupati` alone)
        unless the same kind of wording elsewhere names another place.
        """
        kinds = {
            k
            for k in ("kota", "kabupaten")
            if self.attached[k].intersection(cands)
            # `Penjabat Bupati Biak Numfor ... Penjabat Bupati memastikan`: wording alone speaks of the
            # place the rest of that wording names, not of a bare `JAYAPURA` in the dateline
            or (k in self.unattached and not self.attached[k].difference(cands))
        }
        return kinds.pop() if len(kinds) == 1 else None


def _kind_wording(text: str, gaz: Gazetteer) -> _KindWording:
    out = _KindWording()
    for kind, pattern in (("kota", _KOTA_WORDS), ("kabupaten", _KAB_WORDS)):
        for m in pattern.finditer(text):
            codes = _place_after(text, m.end(), gaz)
            if codes:
                out.attached[kind].update(codes)
            else:
                out.unattached.add(kind)
    return out


_NAME_AFTER = re.compile(r"\)?\s*(?:\([^()\n]{0,30}\)\s*)?((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,2})")


def _place_after(text: str, end: int, gaz: Gazetteer) -> tuple[str, ...]:
    """Regencies of the place name that follows offset ``end`` (`Pemkab| Serang`), or ()."""
    m = _NAME_AFTER.match(text, end, end + 80)
    if not m:
        return ()
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        t = gaz.lookup.get(" ".join(words[:n]).lower())
        if t is not None and not t.seat:
            return t.regencies or t.provinces
    return ()


def _decide(
    regs: dict[str, _Tally],
    provs: dict[str, _Tally],
    body: str,
    title: str,
    gaz: Gazetteer,
    home: str | None,
) -> RegionResult:
    totals: dict[str, float] = defaultdict(float)
    for p, tally in provs.items():
        totals[p] += tally.score
    for r, tally in regs.items():
        totals[r[:2]] += tally.score
    top_reg = max((t.score for t in regs.values()), default=0.0)
    top_prov = max(totals.values(), default=0.0)

    def stands_out(score: float, top: float) -> bool:
        return score >= PRIMARY_MIN and score >= PRIMARY_SHARE * top

    primary_regs = {
        r
        for r, t in regs.items()
        if t.dateline or (t.strong and t.score >= W_TITLE) or stands_out(t.score, top_reg)
    }
    # A regency stands out only inside a province that stands out (a participant from elsewhere named
    # once in a story datelined in another province is not where the story happens).
    primary_regs = {
        r for r in primary_regs if regs[r].dateline or regs[r].strong or stands_out(totals[r[:2]], top_prov)
    }
    # Every listed participant of a multi-region event, and the venue of the event, is where the story
    # happens, wherever it lies.
    primary_regs |= {r for r, t in regs.items() if t.participant or t.venue}
    primary_provs = {
        p
        for p, t in provs.items()
        if t.dateline
        or t.participant
        or t.venue
        or stands_out(totals[p], top_prov)
        or (t.strong and t.score >= W_TITLE)  # its government is the subject (`Pj Gubernur X` twice)
    }
    primary_provs |= {
        p for p, t in provs.items() if t.strong and t.best is not None and t.best.source == "title"
    }
    primary_provs |= {r[:2] for r in primary_regs}
    fallback_home = False
    if not primary_provs and totals:
        p, score = max(totals.items(), key=lambda kv: kv[1])
        if score >= FALLBACK_MIN:
            primary_provs.add(p)
    if not primary_regs and regs:
        # A story that names one regency most, inside a primary province, happens there.
        ranked = sorted(regs.items(), key=lambda kv: -kv[1].score)
        r, tally = ranked[0]
        alone = len(ranked) == 1 or ranked[1][1].score < tally.score
        if alone and tally.score >= W_LOCATIVE and r[:2] in primary_provs:
            primary_regs.add(r)
    if not primary_provs and home and home in gaz.provinces:
        primary_provs.add(home)
        fallback_home = True

    mentions: list[RegionMention] = []
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for p in sorted(set(provs) | primary_provs):
        ptally = provs.get(p)
        phit: _Hit | None
        implied = [r for r in sorted(primary_regs) if r[:2] == p]
        if ptally is not None and ptally.best is not None:
            evidence, phit = _evidence(ptally.best, body, title, spans), ptally.best
        elif implied:
            phit = regs[implied[0]].best
            evidence = _evidence(phit, body, title, spans) if phit else ""
        else:
            phit, evidence = None, "publisher home province (fallback prior)" if fallback_home else ""
        score = totals.get(p, 0.0)
        conf = (
            0.3
            if fallback_home and p == home and not score
            else _confidence(score, ptally.prior if ptally else False)
        )
        role = _role(ptally, p in primary_provs, phit)
        mentions.append(
            RegionMention(gaz.provinces[p].name, p, "province", p, role, conf, evidence, p in primary_provs)
        )
    for r in sorted(regs):
        tally = regs[r]
        reg = gaz.regencies[r]
        evidence = _evidence(tally.best, body, title, spans) if tally.best else ""
        mentions.append(
            RegionMention(
                reg.name,
                r,
                "regency",
                reg.province_code,
                _role(tally, r in primary_regs, tally.best),
                _confidence(tally.score, tally.prior),
                evidence,
                r in primary_regs,
            )
        )
    return RegionResult(
        provinces=tuple(gaz.provinces[p].name for p in sorted(primary_provs)),
        regencies=tuple(gaz.regencies[r].name for r in sorted(primary_regs)),
        mentions=tuple(mentions),
    )


def _role(tally: _Tally | None, primary: bool, hit: _Hit | None) -> Role:
    if tally is not None and tally.dateline:
        return "dateline"
    if primary or (hit is not None and hit.strong):
        return "subject"
    return "mention"


def _confidence(score: float, prior: bool) -> float:
    conf = 1.0 - math.exp(-score / 3.0)
    if prior:
        conf *= 0.8
    return round(min(0.99, max(0.05, conf)), 3)


def _evidence(hit: _Hit, body: str, title: str, spans: dict[int, list[tuple[int, int, str]]]) -> str:
    """The sentence (or title / dateline line) that carries the mention.

    ``spans`` caches each body line's sentences by the line's start: every region of a long
    paragraph would otherwise split it again.
    """
    if hit.source == "title":
        return title
    line_start = body.rfind("\n", 0, hit.start) + 1
    line_end = body.find("\n", hit.start)
    line = body[line_start : line_end if line_end >= 0 else len(body)]
    offset = hit.start - line_start
    if line_start not in spans:
        spans[line_start] = sentence_spans(line)
    span = sentence_at(spans[line_start], offset)
    if span is not None and span[0] <= offset:
        return span[2]
    return line
