"""The source registry (``data/sources.yaml``): loaded and validated before any request is made.

A typo in one of 80 entries must stop the crawl with a message naming the entry and the key, not
surface at 01:00 as a crawl of the wrong host. Validation is pydantic; the message format is
``sources.yaml: entry 12 (antara-sultra): key 'url': ...``.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from crawlers.urls import is_http_url, netloc_of
from pipeline.core.errors import SourceConfigError
from pipeline.core.timezones import national_zone, province_zone, zone_name

__all__ = ["Source", "load_sources", "parse_sources"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PROVINCE = re.compile(r"^\d{2}$")


class Source(BaseModel):
    """One outlet or government portal the crawler visits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = Field(min_length=1)
    url: str
    province_code: str | None = None
    #: IANA zone of dates the source's pages print without one; always set after validation.
    timezone: str | None = Field(default=None, validate_default=True)
    kind: Literal["regional_media", "national_media", "government"]
    wordpress: bool = False
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list)
    enabled: bool = True
    notes: str | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("must be lower-case letters, digits and single hyphens, e.g. antara-sultra")
        return value

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if not is_http_url(value):
            raise ValueError(f"{value!r} is not an absolute http(s) URL")
        return value

    @field_validator("province_code", mode="before")
    @classmethod
    def _check_province(cls, value: Any) -> Any:
        if value is None:
            return None
        value = str(value)
        if not _PROVINCE.match(value):
            raise ValueError(f'{value!r} is not a two-digit Kemendagri province code (quote it: "74")')
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str | None, info: ValidationInfo) -> str:
        """WIB/WITA/WIT or an IANA name; when absent, the home province's zone (WIB for national outlets).

        Resolved here, once, so the crawl plan and processing read one concrete zone per source.
        """
        if value is not None:
            return zone_name(value)
        if "province_code" not in info.data:  # the province itself is invalid and reported
            return national_zone()
        code = info.data["province_code"]
        if code is None:
            return national_zone()
        zone = province_zone(code)
        if zone is None:
            raise ValueError(
                f"no time zone is known for province_code {code!r} (not one of the 38 provinces);"
                " correct the province or give timezone: WIB, WITA or WIT"
            )
        return zone

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _check_urls(cls, value: list[str]) -> list[str]:
        for u in value:
            if not is_http_url(u):
                raise ValueError(f"{u!r} is not an absolute http(s) URL")
        return value

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, value: list[str]) -> list[str]:
        out = []
        for a in value:
            host = netloc_of(a) if "://" in a else a.strip().lower().rstrip("/")
            if not host or "/" in host or " " in host:
                raise ValueError(f"{a!r} is not a host name (write m.example.id, no path)")
            out.append(host)
        return out

    @field_validator("sections")
    @classmethod
    def _check_sections(cls, value: list[str]) -> list[str]:
        for s in value:
            if not s.startswith("/"):
                raise ValueError(f"{s!r} must be a path starting with /")
        return value

    @property
    def netloc(self) -> str:
        return netloc_of(self.url)

    @property
    def netlocs(self) -> frozenset[str]:
        """Every host the crawler may request for this source: its own and its aliases."""
        return frozenset({self.netloc, *self.aliases})

    def plan_dict(self) -> dict[str, Any]:
        """The JSON-safe dict that travels in PLAN.json."""
        return self.model_dump()


def _entry_label(index: int, entry: Any) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"entry {index}" + (f" ({ident})" if ident else "")


def parse_sources(entries: list[Any], *, origin: str = "sources") -> list[Source]:
    """Validate raw entries (the ``sources:`` list or ``FixtureSite.sources()``).

    Raises:
        SourceConfigError: naming the first bad entry, its key and what is wrong; also for duplicate ids
            and for two sources claiming the same host.
    """
    if not isinstance(entries, list):
        raise SourceConfigError(f"{origin}: 'sources' must be a list of entries")
    out: list[Source] = []
    seen_ids: dict[str, int] = {}
    owner: dict[str, str] = {}
    for i, entry in enumerate(entries, start=1):
        label = _entry_label(i, entry)
        if not isinstance(entry, dict):
            raise SourceConfigError(
                f"{origin}: {label}: must be a mapping of keys, got {type(entry).__name__}"
            )
        try:
            src = Source(**entry)
        except ValidationError as exc:
            problems = []
            for e in exc.errors():
                key = ".".join(str(p) for p in e["loc"]) or "(entry)"
                msg = e["msg"].removeprefix("Value error, ")
                problems.append(f"key '{key}': {msg}")
            raise SourceConfigError(
                f"{origin}: {label}: " + "; ".join(problems),
                hint="fix the entry in sources.yaml (see the README section 'Adding a source')",
            ) from None
        for key in ("feeds", "sitemaps"):
            for u in getattr(src, key):
                if netloc_of(u) not in src.netlocs:
                    raise SourceConfigError(
                        f"{origin}: {label}: key '{key}': {u!r} is not on the source's host {src.netloc}"
                        " or its aliases"
                    )
        if src.id in seen_ids:
            raise SourceConfigError(
                f"{origin}: {label}: key 'id': {src.id!r} already used by entry {seen_ids[src.id]}"
            )
        seen_ids[src.id] = i
        for host in src.netlocs:
            if host in owner:
                raise SourceConfigError(
                    f"{origin}: {label}: key 'url': host {host} already belongs to {owner[host]}"
                )
            owner[host] = src.id
        out.append(src)
    return out


def load_sources(path: Path | None = None) -> list[Source]:
    """The registry at ``path`` (default: the packaged ``rbmon_data/sources.yaml``), validated.

    Raises:
        SourceConfigError: missing file, bad YAML, or a bad entry (named).
    """
    if path is None:
        resource = files("rbmon_data") / "sources.yaml"
        origin = "sources.yaml"
        try:
            text = resource.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SourceConfigError("the packaged sources.yaml is missing", hint="reinstall rbmon") from None
    else:
        origin = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SourceConfigError(f"source registry {path} does not exist") from None
    try:
        # libyaml's safe loader when built in: the 200-source registry parses in milliseconds, not seconds
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise SourceConfigError(f"{origin} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or "sources" not in raw:
        raise SourceConfigError(f"{origin}: expected a top-level key 'sources:' with a list of entries")
    return parse_sources(raw["sources"], origin=origin)
