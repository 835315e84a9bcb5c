"""The source registry loader: valid entries load, bad ones fail with the entry and key named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawlers.sources import Source, load_sources, parse_sources
from pipeline.core.errors import SourceConfigError


def _entry(**over: Any) -> dict[str, Any]:
    base = {
        "id": "antara-sultra",
        "name": "ANTARA Sultra",
        "url": "https://sultra.antaranews.com/",
        "province_code": "74",
        "kind": "regional_media",
        "wordpress": False,
        "feeds": ["https://sultra.antaranews.com/rss/terkini.xml"],
        "sitemaps": [],
        "aliases": ["m.sultra.antaranews.com"],
        "sections": ["/berita/"],
        "enabled": True,
    }
    base.update(over)
    return base


def test_a_valid_entry_loads() -> None:
    [src] = parse_sources([_entry()])
    assert isinstance(src, Source)
    assert src.netlocs == {"sultra.antaranews.com", "m.sultra.antaranews.com"}
    assert src.plan_dict()["feeds"] == ["https://sultra.antaranews.com/rss/terkini.xml"]


@pytest.mark.parametrize(
    ("override", "key", "words"),
    [
        ({"id": "Antara Sultra"}, "id", "lower-case"),
        ({"url": "sultra.antaranews.com"}, "url", "not an absolute http(s) URL"),
        ({"province_code": "7"}, "province_code", "two-digit"),
        ({"kind": "blog"}, "kind", "regional_media"),
        ({"feeds": ["https://elsewhere.id/feed/"]}, "feeds", "not on the source's host"),
        ({"sections": ["berita"]}, "sections", "must be a path"),
        ({"aliases": ["m.x.id/berita"]}, "aliases", "not a host name"),
        ({"wordpres": True}, "wordpres", "Extra inputs"),
        ({"timezone": "WITAA"}, "timezone", "is not a time zone: write WIB, WIT, WITA or an IANA name"),
        ({"province_code": "99"}, "timezone", "no time zone is known for province_code '99'"),
    ],
)
def test_errors_name_entry_and_key(override: dict[str, Any], key: str, words: str) -> None:
    good = _entry(id="kendari-pos", url="https://kendaripos.fajar.co.id/", feeds=[], aliases=[])
    with pytest.raises(SourceConfigError) as err:
        parse_sources([good, _entry(**override)], origin="sources.yaml")
    message = str(err.value)
    assert message.startswith("sources.yaml: entry 2")
    assert f"key '{key}'" in message
    assert words in message


def test_timezone_defaults_to_the_home_province_and_wib_for_national_outlets() -> None:
    wita, national, own, iana = parse_sources(
        [
            _entry(),  # Sulawesi Tenggara
            _entry(id="nasional", url="https://nasional.id/", province_code=None, feeds=[], aliases=[]),
            _entry(id="papua-pos", url="https://papuapos.id/", timezone="wit", feeds=[], aliases=[]),
            _entry(id="makassar", url="https://mks.id/", timezone="Asia/Makassar", feeds=[], aliases=[]),
        ]
    )
    assert [s.timezone for s in (wita, national, own, iana)] == [
        "Asia/Makassar",
        "Asia/Jakarta",
        "Asia/Jayapura",
        "Asia/Makassar",
    ]
    assert wita.plan_dict()["timezone"] == "Asia/Makassar"  # the crawl plan carries the resolved zone


def test_a_bad_timezone_names_the_source() -> None:
    with pytest.raises(SourceConfigError) as err:
        parse_sources([_entry(timezone="GMT+8")], origin="sources.yaml")
    assert str(err.value).startswith("sources.yaml: entry 1 (antara-sultra): key 'timezone': 'GMT+8'")
    assert "WIB, WIT, WITA or an IANA name such as Asia/Makassar" in str(err.value)


def test_missing_key_is_named() -> None:
    entry = _entry()
    del entry["kind"]
    with pytest.raises(SourceConfigError, match=r"entry 1 \(antara-sultra\): key 'kind': Field required"):
        parse_sources([entry])


def test_duplicate_ids_and_hosts_are_refused() -> None:
    with pytest.raises(SourceConfigError, match="already used by entry 1"):
        parse_sources([_entry(), _entry(url="https://other.id/", feeds=[], aliases=[])])
    with pytest.raises(SourceConfigError, match="already belongs to antara-sultra"):
        parse_sources([_entry(), _entry(id="antara-sultra-2", feeds=[], aliases=[])])


def test_load_sources_file_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceConfigError, match="does not exist"):
        load_sources(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(SourceConfigError, match="not valid YAML"):
        load_sources(bad)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("- id: x\n", encoding="utf-8")
    with pytest.raises(SourceConfigError, match="top-level key 'sources:'"):
        load_sources(wrong)


def test_province_code_given_as_number_is_accepted_as_text(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(
        "sources:\n  - {id: a, name: A, url: 'https://a.id/', province_code: 74, kind: government}\n",
        encoding="utf-8",
    )
    [src] = load_sources(f)
    assert src.province_code == "74"
    assert src.enabled and src.feeds == []


def test_packaged_registry_loads() -> None:
    sources = load_sources()
    assert len(sources) >= 80
    assert all(s.url.startswith(("http://", "https://")) for s in sources)


def test_fixture_site_sources_validate(fixture_site: Any) -> None:
    sources = parse_sources(fixture_site.sources())
    assert {s.id for s in sources} == {"suarabumi", "pemprov-ntb", "nusantarapos"}
