"""Which clock a source's pages use: the time-zone facts of ``data/timezones.yaml``.

A page that prints "Selasa, 1/7/2025 10:00" without a zone means 10:00 where the newsroom sits.
Reading every such time as Jakarta time would put a Makassar outlet's articles an hour, and a
Jayapura outlet's two hours, later than they were published. So each source has a zone: the one
its ``sources.yaml`` entry names, or its home province's, or WIB for national outlets. The
province facts are data (one reviewed table), not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from zoneinfo import available_timezones

import yaml

__all__ = ["home_zone", "national_zone", "province_zone", "zone_name"]


@dataclass(frozen=True)
class _Facts:
    zones: dict[str, str]  # "WIB" -> "Asia/Jakarta"
    national: str  # IANA name
    provinces: dict[str, str]  # "73" -> "Asia/Makassar"


@lru_cache(maxsize=1)
def _iana_names() -> frozenset[str]:
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def _facts() -> _Facts:
    """Read and check the table once; a typo in it must fail loudly, not date articles wrongly."""
    raw = yaml.safe_load((files("rbmon_data") / "timezones.yaml").read_text(encoding="utf-8"))
    zones = {str(k).upper(): str(v) for k, v in raw["zones"].items()}
    bad = sorted(v for v in zones.values() if v not in _iana_names())
    if bad:
        raise ValueError(f"timezones.yaml: zones: not IANA time zones: {bad}")

    def named(where: str, abbreviation: object) -> str:
        key = str(abbreviation).upper()
        if key not in zones:
            raise ValueError(f"timezones.yaml: {where}: {abbreviation!r} is not one of {sorted(zones)}")
        return zones[key]

    provinces = {str(code): named(f"province {code}", z) for code, z in raw["provinces"].items()}
    return _Facts(zones, named("national", raw["national"]), provinces)


def zone_name(value: str) -> str:
    """The IANA name for ``WIB``/``WITA``/``WIT`` (any case) or for an IANA name such as ``Asia/Makassar``.

    Raises:
        ValueError: saying what is accepted, for anything else (a typo must not silently mean WIB).
    """
    text = str(value).strip()
    facts = _facts()
    if text.upper() in facts.zones:
        return facts.zones[text.upper()]
    if text in _iana_names():
        return text
    raise ValueError(
        f"{value!r} is not a time zone: write {', '.join(sorted(facts.zones))}"
        " or an IANA name such as Asia/Makassar"
    )


def province_zone(code: str | None) -> str | None:
    """IANA zone of a province (Kemendagri code); None for no code or a code that is not a province."""
    return _facts().provinces.get(code) if code else None


def national_zone() -> str:
    """IANA zone of outlets without a home province: WIB, as the issue and the newsrooms have it."""
    return _facts().national


def home_zone(province_code: str | None) -> str:
    """The zone of a source known only by its home province: the province's, else the national one."""
    return province_zone(province_code) or national_zone()
