"""Where a government web host is based, from Indonesia's pemda domain conventions.

Regional governments name their portals after themselves: ``tabalongkab.go.id`` (Kabupaten Tabalong),
``pontianakkota.go.id`` or ``kotabogor.go.id`` (a kota), ``kalselprov.go.id`` (a province). The name
part is matched, squashed (lower case, letters and digits only), against every form the gazetteer knows
(official names, spelling variants, press abbreviations such as ``kalsel`` or ``jatim`` and short forms
such as ``kukar``), so a discovered pemda portal gets its home province with the evidence kept. A host
that follows no convention, or names nothing the gazetteer knows, gets None: its stories decide then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.gazetteer import Gazetteer, Target, load_gazetteer

__all__ = ["HostHome", "pemda_home"]

_SQUASH = re.compile(r"[^a-z0-9]")
_CONVENTIONS = (
    # (pattern of the label before .go.id, level)
    (re.compile(r"^(?P<name>[a-z0-9-]+?)kab$"), "kabupaten"),
    (re.compile(r"^(?:kab|kabupaten)(?P<name>[a-z0-9-]+)$"), "kabupaten"),
    (re.compile(r"^(?P<name>[a-z0-9-]+?)kota$"), "kota"),
    (re.compile(r"^(?:kota|pemkot|pemko)(?P<name>[a-z0-9-]+)$"), "kota"),
    (re.compile(r"^(?P<name>[a-z0-9-]+?)prov$"), "province"),
)


@dataclass(frozen=True)
class HostHome:
    """A host's home: its province, the regency when the domain names one, and the evidence in words."""

    province_code: str
    regency_code: str | None
    name: str
    evidence: str


def _index(gazetteer: Gazetteer) -> dict[str, list[Target]]:
    cached = gazetteer.cache.get("pemda_hosts")
    if cached is None:
        cached = {}
        for phrase, target in gazetteer.lookup.items():
            if target.seat or target.district or target.blocked:
                continue
            cached.setdefault(_SQUASH.sub("", phrase.lower()), []).append(target)
        gazetteer.cache["pemda_hosts"] = cached
    index: dict[str, list[Target]] = cached
    return index


def pemda_home(host: str, gazetteer: Gazetteer | None = None) -> HostHome | None:
    """The home of a ``….go.id`` host that follows a pemda naming convention, else None.

    >>> home = pemda_home("portal.tabalongkab.go.id:8080")
    >>> home.name, home.evidence
    ('Kabupaten Tabalong', 'pemda domain tabalongkab.go.id: Kabupaten Tabalong')
    """
    name = host.split(":")[0].strip(".").lower()
    if not name.endswith(".go.id"):
        return None
    labels = name[: -len(".go.id")].split(".")
    label = labels[-1] if labels and labels[-1] else ""
    gaz = gazetteer or load_gazetteer()
    index = _index(gaz)
    for pattern, level in _CONVENTIONS:
        m = pattern.match(label)
        if not m:
            continue
        targets = index.get(_SQUASH.sub("", m.group("name")), [])
        domain = f"{label}.go.id"
        if level == "province":
            codes = {c for t in targets for c in t.provinces}
            if len(codes) == 1:
                code = codes.pop()
                province = gaz.provinces[code].name
                return HostHome(code, None, province, f"pemda domain {domain}: Provinsi {province}")
            continue
        regencies = {c for t in targets for c in t.regencies if gaz.regencies[c].kind == level}
        if len(regencies) == 1:
            regency = gaz.regencies[regencies.pop()]
            return HostHome(regency.province_code, regency.code, regency.name,
                            f"pemda domain {domain}: {regency.name}")  # fmt: skip
    return None
