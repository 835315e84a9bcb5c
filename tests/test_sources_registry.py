"""Data-quality checks for data/sources.yaml, read with yaml.safe_load only.

These tests guard the registry itself (coverage, uniqueness, well-formed URLs), independently of the
pydantic loader in crawlers/sources.py, so a bad edit to the YAML fails here with a readable message.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from lokal import PROVINCES

REGISTRY = Path(__file__).resolve().parents[1] / "data" / "sources.yaml"

KEYS = {
    "id",
    "name",
    "url",
    "province_code",
    "kind",
    "wordpress",
    "feeds",
    "sitemaps",
    "aliases",
    "sections",
    "enabled",
}
OPTIONAL_KEYS = {"notes", "timezone"}  # free-text remark; zone override (default: province)
LIST_KEYS = ("feeds", "sitemaps", "aliases", "sections")
KINDS = {"regional_media", "national_media", "government"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")


@pytest.fixture(scope="module")
def sources() -> list[dict[str, Any]]:
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"sources"}, "top level must be a single 'sources' key"
    assert isinstance(data["sources"], list)
    return data["sources"]


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _bare(host: str) -> str:
    """www.example.com and example.com are one site for uniqueness purposes."""
    return host.removeprefix("www.")


def test_kemendagri_codes_are_the_38_provinces() -> None:
    # The coverage tests below rely on this list; guard against a lokal data change.
    assert len(PROVINCES) == 38
    assert {"11", "31", "64", "65", "93", "94", "95", "96"} <= set(PROVINCES)


def test_registry_has_at_least_80_sources(sources: list[dict[str, Any]]) -> None:
    assert len(sources) >= 80


def test_every_entry_has_exactly_the_schema_keys(sources: list[dict[str, Any]]) -> None:
    bad = {
        s.get("id", f"#{i}"): sorted((KEYS - set(s)) | (set(s) - KEYS - OPTIONAL_KEYS))
        for i, s in enumerate(sources)
        if not KEYS <= set(s) <= KEYS | OPTIONAL_KEYS
    }
    assert not bad, f"entries with missing/unknown keys: {bad}"


def test_field_types(sources: list[dict[str, Any]]) -> None:
    for s in sources:
        assert isinstance(s["id"], str) and isinstance(s["name"], str) and s["name"].strip(), s
        assert isinstance(s["wordpress"], bool), s["id"]
        assert isinstance(s["enabled"], bool), s["id"]
        assert s["province_code"] is None or isinstance(s["province_code"], str), s["id"]
        for key in LIST_KEYS:
            assert isinstance(s[key], list), (s["id"], key)
            assert all(isinstance(v, str) and v for v in s[key]), (s["id"], key)
            assert len(set(s[key])) == len(s[key]), f"{s['id']}: duplicate {key}"


def test_ids_are_unique_and_slug_shaped(sources: list[dict[str, Any]]) -> None:
    ids = [s["id"] for s in sources]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not ID_RE.match(i)]
    assert not bad, f"ids must be lowercase [a-z0-9-]+: {bad}"


def test_kinds_are_valid(sources: list[dict[str, Any]]) -> None:
    bad = {s["id"]: s["kind"] for s in sources if s["kind"] not in KINDS}
    assert not bad, f"invalid kinds: {bad}"


def test_urls_are_http_with_a_host(sources: list[dict[str, Any]]) -> None:
    for s in sources:
        for url in [s["url"], *s["feeds"], *s["sitemaps"]]:
            parts = urlsplit(url)
            assert parts.scheme in {"http", "https"}, (s["id"], url)
            assert HOST_RE.match(_host(url)), (s["id"], url)
            assert not parts.username and not parts.password, (s["id"], url)


def test_feeds_and_sitemaps_live_on_the_sources_own_hosts(sources: list[dict[str, Any]]) -> None:
    # A feed URL on another outlet's host would attribute that outlet's articles to this source.
    for s in sources:
        hosts = {_host(s["url"]), *s["aliases"]}
        for url in [*s["feeds"], *s["sitemaps"]]:
            assert _host(url) in hosts, f"{s['id']}: {url} is not on {sorted(hosts)}"


def test_aliases_are_bare_hostnames_other_than_the_url_host(sources: list[dict[str, Any]]) -> None:
    for s in sources:
        for alias in s["aliases"]:
            assert HOST_RE.match(alias), f"{s['id']}: alias {alias!r} must be a bare lowercase hostname"
            assert _bare(alias) != _bare(_host(s["url"])), f"{s['id']}: alias repeats the url host"


def test_hosts_are_unique_across_sources(sources: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for s in sources:
        for host in {_bare(_host(s["url"])), *(_bare(a) for a in s["aliases"])}:
            if host in owner:
                clashes.append((host, owner[host], s["id"]))
            owner[host] = s["id"]
    assert not clashes, f"hosts claimed by more than one source: {clashes}"


def test_sections_are_path_prefixes(sources: list[dict[str, Any]]) -> None:
    for s in sources:
        for section in s["sections"]:
            assert section.startswith("/") and "://" not in section, (s["id"], section)


def test_province_codes_are_kemendagri_codes(sources: list[dict[str, Any]]) -> None:
    bad = {
        s["id"]: s["province_code"]
        for s in sources
        if s["province_code"] is not None and s["province_code"] not in PROVINCES
    }
    assert not bad, f"unknown province codes: {bad}"


def test_national_media_have_no_province_and_regional_media_have_one(sources: list[dict[str, Any]]) -> None:
    national_with_code = [s["id"] for s in sources if s["kind"] == "national_media" and s["province_code"]]
    regional_without = [s["id"] for s in sources if s["kind"] == "regional_media" and not s["province_code"]]
    assert not national_with_code, f"national sources must have province_code null: {national_with_code}"
    assert not regional_without, f"regional sources need a province_code: {regional_without}"


def test_every_province_has_at_least_two_sources(sources: list[dict[str, Any]]) -> None:
    counts = Counter(s["province_code"] for s in sources if s["province_code"])
    thin = {code: f"{PROVINCES[code]}: {counts[code]}" for code in PROVINCES if counts[code] < 2}
    assert not thin, f"provinces with fewer than two sources: {thin}"


def test_registry_includes_kemenpanrb(sources: list[dict[str, Any]]) -> None:
    # KemenPANRB is the ministry that runs RB; its news is the reference point for the whole monitor.
    menpan = [s for s in sources if _bare(_host(s["url"])) == "menpan.go.id"]
    assert menpan and menpan[0]["kind"] == "government" and menpan[0]["province_code"] is None


def test_file_is_ordered_national_first_then_by_province_code(sources: list[dict[str, Any]]) -> None:
    # Sort key: national (null) first, then Kemendagri code order; the file should already be sorted.
    keys = [(s["province_code"] is not None, int(s["province_code"] or 0)) for s in sources]
    assert keys == sorted(keys), "keep national sources first, then provinces in code order"
