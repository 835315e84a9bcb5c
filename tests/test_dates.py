"""Indonesian date forms, time zones, and finding the publication date in a page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.dates import find_published, parse_indonesian_date

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Selasa (1/7/2025)", datetime(2025, 7, 1, tzinfo=WIB)),
        ("Jumat(02/12/2022)", datetime(2022, 12, 2, tzinfo=WIB)),
        ("Kamis, 05/11/2015 10:08 WIB", datetime(2015, 11, 5, 10, 8, tzinfo=WIB)),
        ("Rabu, 02 Jul 2025 10:15 WIB", datetime(2025, 7, 2, 10, 15, tzinfo=WIB)),
        ("1 Juli 2025", datetime(2025, 7, 1, tzinfo=WIB)),
        ("17 Agustus 2024", datetime(2024, 8, 17, tzinfo=WIB)),
        ("Sabtu, 4 Mei 2024 | 08:30 WIB", datetime(2024, 5, 4, 8, 30, tzinfo=WIB)),
        ("Senin, 9 Des 2024 - 19:45 wib", datetime(2024, 12, 9, 19, 45, tzinfo=WIB)),
        ("Minggu, 12 Pebruari 2023, 07.05 WIB", datetime(2023, 2, 12, 7, 5, tzinfo=WIB)),
        ("3 Nopember 2022", datetime(2022, 11, 3, tzinfo=WIB)),
        ("17 February 2017, 13:16 WIB", datetime(2017, 2, 17, 13, 16, tzinfo=WIB)),
        ("14 Okt 25 | 16:05", datetime(2025, 10, 14, 16, 5, tzinfo=WIB)),
        ("Selasa, 1 Juli 2025 pukul 10.15 WIB", datetime(2025, 7, 1, 10, 15, tzinfo=WIB)),
    ],
)
def test_indonesian_forms(value: str, expected: datetime) -> None:
    parsed = parse_indonesian_date(value)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        ("Rabu, 02 Jul 2025 10:15 WIB", WIB),
        ("Rabu, 02 Jul 2025 10:15 WITA", WITA),
        ("Rabu, 02 Jul 2025 10:15 WIT", WIT),
        ("2025-07-02 10:15 WITA", WITA),
    ],
)
def test_indonesian_time_zones(value: str, zone: timezone) -> None:
    parsed = parse_indonesian_date(value)
    assert parsed is not None
    assert parsed.utcoffset() == zone.utcoffset(None)
    assert (parsed.hour, parsed.minute) == (10, 15)


def test_a_time_without_zone_is_jakarta_time() -> None:
    parsed = parse_indonesian_date("2 Juli 2025 10:15")
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=7)


def test_default_zone_can_be_changed() -> None:
    parsed = parse_indonesian_date("2 Juli 2025 10:15", default_tz="Asia/Makassar")
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-01T10:15:00+07:00", datetime(2025, 7, 1, 10, 15, tzinfo=WIB)),
        ("2025-07-01T03:15:00Z", datetime(2025, 7, 1, 3, 15, tzinfo=UTC)),
        ("2025-07-01 10:15:00", datetime(2025, 7, 1, 10, 15, tzinfo=WIB)),
        ("2022-12-10T13-19-56Z", datetime(2022, 12, 10, 13, 19, 56, tzinfo=UTC)),
        ("2015-11-05 T10:08:58Z", datetime(2015, 11, 5, 10, 8, 58, tzinfo=UTC)),
        (
            "Mon Nov 03 2025 07:08:56 GMT+0000 (Coordinated Universal Time)",
            datetime(2025, 11, 3, 7, 8, 56, tzinfo=UTC),
        ),
    ],
)
def test_machine_forms_including_broken_ones(value: str, expected: datetime) -> None:
    assert parse_indonesian_date(value) == expected


@pytest.mark.parametrize("value", ["", "tidak ada tanggal", "Rabu (4/11/205)", "31/02/2024", "99 Juli 2025"])
def test_no_date_or_impossible_date_is_none(value: str) -> None:
    assert parse_indonesian_date(value) is None


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>Rapat RB</title>{head}</head><body>{body}<p>Isi berita.</p></body></html>"


def test_find_published_prefers_structured_dates() -> None:
    html = page(
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-07-01T09:30:00+07:00"}'
        "</script>",
        "<div>Kamis, 3 Juli 2025 | 12:00 WIB</div>",
    )
    when, raw = find_published(html)
    assert when == datetime(2025, 7, 1, 9, 30, tzinfo=WIB)
    assert raw == "2025-07-01T09:30:00+07:00"


def test_meta_published_time_is_used() -> None:
    html = page('<meta property="article:published_time" content="2025-07-01T02:30:00+00:00">')
    when, _ = find_published(html)
    assert when == datetime(2025, 7, 1, 9, 30, tzinfo=WIB)
    assert when is not None and when.utcoffset() == timedelta(hours=7)  # UTC shown in Jakarta time


def test_wrong_z_is_corrected_by_the_visible_wib_time() -> None:
    html = page(
        '<meta name="pubdate" content="2025-07-01T14:20:05Z">',
        '<div class="date">Selasa, 01/07/2025 14:20 WIB</div>',
    )
    when, raw = find_published(html)
    assert when == datetime(2025, 7, 1, 14, 20, 5, tzinfo=WIB)
    assert raw == "2025-07-01T14:20:05Z"


def test_flipped_offset_sign_is_corrected_by_the_visible_time() -> None:
    html = page(
        '<meta property="article:published_time" content="2025-05-09T17:20:00-07:00">',
        "<span>Jumat, 9 Mei 2025 17:20</span>",
    )
    when, _ = find_published(html)
    assert when == datetime(2025, 5, 9, 17, 20, tzinfo=WIB)


def test_zoneless_structured_value_takes_the_visible_zone() -> None:
    html = page(
        '<meta name="content_PublishedDate" content="2025-06-30 14:20:00">',
        "<div>Senin, 30 Juni 2025 14:20 WITA</div>",
    )
    when, _ = find_published(html)
    assert when == datetime(2025, 6, 30, 14, 20, tzinfo=WITA)


def test_genuine_utc_without_visible_match_is_kept() -> None:
    html = page(
        '<script type="application/ld+json">{"datePublished":"2025-02-16T02:10:56Z"}</script>',
        "<span>Minggu, 16 Februari 2025 09:10 WIB</span>",
    )
    when, _ = find_published(html)
    assert when == datetime(2025, 2, 16, 9, 10, 56, tzinfo=WIB)


def test_visible_date_only_page() -> None:
    html = page(body='<div class="read__time">Rabu, 4 Juni 2025 | 21:04 WIB</div><h1>Judul berita</h1>')
    when, raw = find_published(html)
    assert when == datetime(2025, 6, 4, 21, 4, tzinfo=WIB)
    assert raw is not None and "21:04" in raw


def test_a_stamp_with_time_beats_a_date_inside_the_story() -> None:
    html = page(
        body="<div class='tanggal'>Minggu, 6 Juli 2025 09:00 WITA | Dibaca: 120 kali</div>"
        "<p>Mataram – Rapat evaluasi digelar di kantor gubernur, Jumat (4/7/2025), dan dihadiri semua OPD.</p>"
    )
    when, _ = find_published(html)
    assert when == datetime(2025, 7, 6, 9, 0, tzinfo=WITA)


def test_visible_iso_stamp() -> None:
    html = page(body="<span class='date'>Diterbitkan 2025-07-02 08:45 WIT</span>")
    when, _ = find_published(html)
    assert when == datetime(2025, 7, 2, 8, 45, tzinfo=WIT)


def test_visible_date_with_wita() -> None:
    html = page(body="<div>Senin, 7 April 2025 | 10:30 WITA</div>")
    when, _ = find_published(html)
    assert when == datetime(2025, 4, 7, 10, 30, tzinfo=WITA)


def test_page_without_any_date() -> None:
    assert find_published(page(body="<p>Tidak ada tanggal di sini.</p>")) == (None, None)


def test_find_published_accepts_bytes_and_broken_input() -> None:
    when, _ = find_published(page(body="<div>1 Juli 2025 10:00 WIB</div>").encode())
    assert when == datetime(2025, 7, 1, 10, 0, tzinfo=WIB)
    assert find_published(b"%PDF-1.7 binary") == (None, None)


@given(st.text(max_size=80))
def test_parsing_any_text_gives_an_aware_datetime_or_none(value: str) -> None:
    parsed = parse_indonesian_date(value)
    assert parsed is None or parsed.tzinfo is not None
