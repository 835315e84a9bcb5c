"""Publication times in the source's own zone: the province table, the registry key, and processing.

A page that prints "10:00" without a zone means 10:00 where its newsroom is. Processing must store a
Makassar outlet's 10:00 as 02:00 UTC (WITA), a Jakarta outlet's as 03:00 UTC, and leave a date that
names its zone or offset alone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lokal import PROVINCES

from pipeline.core.config import Settings
from pipeline.core.timezones import home_zone, national_zone, province_zone, zone_name
from pipeline.process import run_process
from tests.helpers.process import crawl, make_settings, q
from tests.helpers.warc import STORIES, Rec, article_html, write_warc

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
_META = '<meta property="article:published_time" content="{published}">\n'


def page(url: str, *, visible: str | None = None, meta: str | None = None, story: str = "sakip") -> Rec:
    """A news page whose only publication dates are ``meta`` (structured) and ``visible`` (under the title)."""
    title, paras = STORIES[story]
    html = article_html(title, paras, published="{published}")
    html = html.replace(_META, _META.format(published=meta) if meta else "")
    if visible:
        html = html.replace("<h1>", f'<p class="tanggal">{visible}</p><h1>', 1)
    return Rec(url, html.encode("utf-8"))


def published(settings: Settings) -> dict[str, datetime]:
    return {
        url.rsplit("/", 1)[1]: when for url, when in q(settings, "select url, published_at from articles")
    }


# --------------------------------------------------------------------------- the province table


def test_every_province_has_its_official_zone() -> None:
    zones = {code: province_zone(code) for code in PROVINCES}
    assert None not in zones.values(), "a province without a zone"
    wib = {c for c in PROVINCES if c[0] in "123"} | {"61", "62"}  # Sumatra, Java, West/Central Kalimantan
    wita = {"51", "52", "53", "63", "64", "65"} | {c for c in PROVINCES if c[0] == "7"}  # + all Sulawesi
    wit = {c for c in PROVINCES if c[0] in "89"}  # Maluku, Maluku Utara, the six Papua provinces
    assert len(PROVINCES) == 38 and len(wit) == 8
    assert {c for c, z in zones.items() if z == WIB} == wib
    assert {c for c, z in zones.items() if z == WITA} == wita
    assert {c for c, z in zones.items() if z == WIT} == wit


def test_zone_names_and_defaults() -> None:
    assert [zone_name(v) for v in ("WIB", "wita", " WIT ", "Asia/Makassar")] == [WIB, WITA, WIT, WITA]
    for bad in ("WITAA", "UTC+8", "asia/makassar", "Asia", "../etc/passwd"):
        with pytest.raises(ValueError, match="is not a time zone"):
            zone_name(bad)
    assert national_zone() == WIB
    assert province_zone("99") is None and province_zone(None) is None
    assert home_zone("99") == home_zone(None) == WIB and home_zone("94") == WIT


# --------------------------------------------------------------------------- processing


@pytest.mark.parametrize(
    ("visible", "meta", "utc_hour"),
    [
        ("Selasa, 1/7/2025 10:00", None, 2),  # zoneless: WITA, the outlet's clock
        ("Selasa, 1/7/2025 10:00 WIB", None, 3),  # the page names its zone: kept
        ("Selasa, 1 Juli 2025 10:00 WIT", None, 1),
        (None, "2025-07-01T10:00:00", 2),  # a zoneless structured value as well
        (None, "2025-07-01T10:00:00+07:00", 3),  # an explicit offset is kept
        ("Selasa, 1/7/2025 10:00", "2025-07-01T10:00:00Z", 2),  # a "Z" on local wall-clock time
    ],
)
def test_a_wita_sources_zoneless_time_is_stored_as_wita(
    tmp_path: Path, visible: str | None, meta: str | None, utc_hour: int
) -> None:
    # warta.example is known to the database only as a crawled source of province 74 (Sulawesi
    # Tenggara, WITA): no registry entry, so its home province decides.
    settings = make_settings(tmp_path)
    crawl(
        settings, "crawl-1.warc.gz", [page("https://warta.example/berita/rapat", visible=visible, meta=meta)]
    )
    report = run_process(settings)
    assert report.articles_new == 1 and not report.errors
    assert published(settings) == {"rapat": datetime(2025, 7, 1, utc_hour, 0, tzinfo=UTC)}


def test_the_registry_says_each_sources_zone_national_outlets_are_wib(tmp_path: Path) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        """sources:
  - {id: nasional, name: Nasional, url: "https://nasional.example/", province_code: null, kind: national_media}
  - {id: papua, name: Papua, url: "https://papua.example/", province_code: "91", kind: regional_media}
  - {id: menara, name: Menara, url: "https://menara.example/", province_code: "73", kind: regional_media,
     timezone: WIT}
  - {id: jakarta-timur, name: JT, url: "https://jt.example/", province_code: null, kind: national_media,
     timezone: Asia/Makassar}
""",
        encoding="utf-8",
    )
    settings = make_settings(tmp_path)
    settings = settings.model_copy(
        update={"crawl": settings.crawl.model_copy(update={"sources_file": str(registry)})}
    )
    stamp = "Selasa, 1/7/2025 10:00"
    warc = tmp_path / "backfill.warc.gz"
    write_warc(
        warc,
        [
            page("https://nasional.example/berita/a", visible=stamp),
            page("https://papua.example/berita/b", visible=stamp),
            page("https://menara.example/berita/c", visible=stamp),  # its key overrides Sulawesi's WITA
            page("https://jt.example/berita/d", visible=stamp),
            page("https://menara.example/berita/e", visible=stamp + " WIB"),
        ],
    )
    report = run_process(settings, warcs=[warc])
    assert report.articles_new == 5 and not report.errors
    hours = {key: when.astimezone(UTC).hour for key, when in published(settings).items()}
    assert hours == {"a": 3, "b": 1, "c": 1, "d": 2, "e": 3}
