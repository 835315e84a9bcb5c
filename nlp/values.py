"""Indonesian result values as the press writes them: numbers, letter predicates, categories, years.

A result sentence mixes the value with dates ("Senin (23/6/2025)"), money ("Rp96 miliar"), counts
("64 aplikasi") and year ranges ("2025-2029"); this module finds the candidates and their character
spans, normalised, and leaves deciding which of them is a metric's value to :mod:`nlp.facts`.

Indonesian writes the decimal comma ("3,12", "78,5 poin") and the thousands dot ("1.200"); a dot
followed by exactly three digits is a thousands separator, any other dot a decimal point (some
outlets write "3.12"). Values are normalised to the dot and without trailing zeros, so "88,40" and
"88,4" are one value.

Pure: strings in, tuples of frozen dataclasses out; every pattern is linear in its input.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple

__all__ = [
    "AWARDS",
    "Found",
    "Kind",
    "find_awards",
    "find_grades",
    "find_numbers",
    "find_phrases",
    "find_years",
    "find_zones",
    "normalise_number",
]

Kind = Literal["number", "grade", "category", "zone", "award"]


class Found(NamedTuple):
    """One value candidate: its kind, normalised text, number (for numbers), span and whether it had decimals."""

    kind: Kind
    text: str
    start: int
    end: int
    number: float | None = None
    decimal: bool = False


# A number not glued to a word, a slash (dates, "IV/a") or another number: "3,12", "78,5", "1.200", "94".
_NUMBER = re.compile(
    r"(?<![\w/.,\-])(\d{1,3}(?:\.\d{3})+(?:,\d{1,4})?|\d{1,4}(?:[,.]\d{1,4})?)(?![\w/]|[.,]\d)"
)
# A four-digit year not part of a date, a range ("2025-2029", "2024/2025") or a decimal.
_YEAR = re.compile(r"(?<![\w/.,\-–])((?:19[5-9]|20\d)\d)(?![\w/]|[.,]\d|\s?[-–—]\s?(?:19|20)\d\d)")
_MONTH_BEFORE = re.compile(
    r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
    r"jan|feb|mar|apr|jun|jul|agu|agt|sep|okt|nov|des)\.?\s*$",
    re.I,
)
# Letter predicates: AA, BB, CC and single letters (with PEKPPP's minus), as whole tokens.
_GRADE = re.compile(r"(?<![\w.\-/])(AA|BB|CC|[A-F]-?)(?![\w\-])")
_ZONE = re.compile(r"\bzona(?:si)?\s+(hijau|kuning|merah)\b", re.I)

#: The integrity-zone awards, spelled out and as acronyms.
AWARDS: dict[str, str] = {
    "wilayah bebas dari korupsi": "WBK",
    "wilayah bebas korupsi": "WBK",
    "wilayah birokrasi bersih dan melayani": "WBBM",
    "wbk": "WBK",
    "wbbm": "WBBM",
}
_AWARD = re.compile(
    r"\b(wilayah\s+bebas\s+(?:dari\s+)?korupsi|wilayah\s+birokrasi\s+bersih\s+dan\s+melayani)\b|\b(WBBM|WBK)\b",
    re.I,
)


def normalise_number(text: str) -> tuple[str, float] | None:
    """An Indonesian number as a canonical string (dot decimal, no trailing zeros) and a float.

    >>> normalise_number("3,12"), normalise_number("88,40"), normalise_number("1.200"), normalise_number("3.12")
    (('3.12', 3.12), ('88.4', 88.4), ('1200', 1200.0), ('3.12', 3.12))
    """
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        plain = text.replace(".", "").replace(",", ".")
    else:
        plain = text.replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    canonical = format(value.normalize(), "f")
    if "." in canonical:
        canonical = canonical.rstrip("0").rstrip(".")
    return canonical, float(value)


def find_numbers(text: str) -> tuple[Found, ...]:
    """Every number of ``text`` that could be a score (years and dates are not numbers here).

    >>> [(f.text, f.decimal) for f in find_numbers("indeks 2,71 pada Senin (23/6/2025), naik dari 84,1 pada 2024")]
    [('2.71', True), ('84.1', True)]
    """
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group(1)
        if _YEAR.fullmatch(raw):
            continue
        norm = normalise_number(raw)
        if norm is None:
            continue
        thousands = bool(re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw))
        decimal = not thousands and ("," in raw or "." in raw)
        out.append(Found("number", norm[0], m.start(1), m.end(1), norm[1], decimal))
    return tuple(out)


def find_years(text: str) -> tuple[Found, ...]:
    """Four-digit years that can be an assessment year: not in a date, a range or after a month name.

    >>> [f.text for f in find_years("SAKIP 2024 diumumkan Senin (2/6/2025), RPJMD 2025-2029, pada Agustus 2025")]
    ['2024']
    """
    out = []
    for m in _YEAR.finditer(text):
        if _MONTH_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        out.append(Found("number", m.group(1), m.start(1), m.end(1), float(m.group(1))))
    return tuple(out)


def find_grades(text: str) -> tuple[Found, ...]:
    """Letter predicates written as whole tokens ("BB", "A", "A-"); whether one is a value is decided by cues.

    >>> [f.text for f in find_grades("naik dari predikat B menjadi BB, sedangkan IPP-nya A-")]
    ['B', 'BB', 'A-']
    """
    return tuple(Found("grade", m.group(1), m.start(1), m.end(1)) for m in _GRADE.finditer(text))


def find_zones(text: str) -> tuple[Found, ...]:
    """Ombudsman compliance zones: "zona hijau" -> ``hijau``.

    >>> [f.text for f in find_zones("masuk Zona Hijau, naik dari zona kuning")]
    ['hijau', 'kuning']
    """
    return tuple(Found("zone", m.group(1).lower(), m.start(), m.end()) for m in _ZONE.finditer(text))


def find_awards(text: str) -> tuple[Found, ...]:
    """Integrity-zone awards; an acronym in parentheses right after its spelled name is the same award.

    >>> [(f.text, f.start) for f in find_awards("predikat Wilayah Bebas dari Korupsi (WBK) dan WBBM")]
    [('WBK', 9), ('WBBM', 46)]
    """
    out: list[Found] = []
    for m in _AWARD.finditer(text):
        if m.group(2) and m.group(2) not in ("WBK", "WBBM"):
            continue  # the acronyms only as written: "wbk" in a URL is not the award
        award = AWARDS[" ".join(m.group(0).lower().split())]
        if out and out[-1].text == award and re.fullmatch(r"\s*\(\s*", text[out[-1].end : m.start()]):
            out[-1] = Found(
                "award", award, out[-1].start, m.end() + (1 if text[m.end() : m.end() + 1] == ")" else 0)
            )
            continue
        out.append(Found("award", award, m.start(), m.end()))
    return tuple(out)


def find_phrases(text: str, pattern: re.Pattern[str], kind: Kind = "category") -> tuple[Found, ...]:
    """Matches of a compiled alternation (a metric's category words) in ``text``, lower-cased."""
    return tuple(
        Found(kind, " ".join(m.group(0).lower().split()), m.start(), m.end()) for m in pattern.finditer(text)
    )
