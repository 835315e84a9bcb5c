"""The open-web channels' parsers, query builders and paging, on well-formed and hostile answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from crawlers.channels import Context, Gdelt, GoogleNews, ListingError, Page
from crawlers.decoders import DecodeError, GoogleNewsDecoder
from crawlers.openweb import (
    MAX_BODY_BYTES,
    OpenWebError,
    gdelt_query,
    gdelt_url,
    google_news_query,
    google_news_url,
    parse_gdelt,
    parse_google_news,
)
from pipeline.core.config import DiscoveryConfig, GdeltConfig
from pipeline.core.contract import Channel, DiscoveryFind, PlannedSource

API = "https://api.gdeltproject.org/api/v2/doc/doc"


def _article(n: int, *, seen: str = "20250701T083000Z", url: str | None = None) -> dict[str, str]:
    return {
        "url": url or f"https://www.kabarkita.co.id/berita/{n}",
        "url_mobile": "",
        "title": f"Pemkab Tabalong evaluasi SAKIP ke-{n}",
        "seendate": seen,
        "socialimage": "",
        "domain": "kabarkita.co.id",
        "language": "Indonesian",
        "sourcecountry": "Indonesia",
    }


def _answer(articles: list[dict[str, str]]) -> bytes:
    return json.dumps({"articles": articles}).encode()


def test_gdelt_query_quotes_phrases_and_parenthesises_only_or_groups() -> None:
    filters = "sourcecountry:indonesia sourcelang:indonesian"
    assert gdelt_query(["reformasi birokrasi", "SPBE", "zona integritas"], filters) == (
        '("reformasi birokrasi" OR SPBE OR "zona integritas") sourcecountry:indonesia sourcelang:indonesian'
    )
    # GDELT refuses parentheses around a single term
    assert gdelt_query(["reformasi birokrasi"], filters) == f'"reformasi birokrasi" {filters}'


def test_gdelt_url_asks_artlist_json_newest_first_from_a_start() -> None:
    start = datetime(2025, 7, 1, 6, 30, tzinfo=UTC)
    url = gdelt_url(API, '"reformasi birokrasi"', start=start, end=None, max_records=250)
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert params == {
        "query": '"reformasi birokrasi"',
        "mode": "artlist",
        "format": "json",
        "maxrecords": "250",
        "sort": "datedesc",
        "startdatetime": "20250701063000",
    }


def test_parse_gdelt_reads_articles_with_seen_date_title_and_domain() -> None:
    answer = parse_gdelt(
        _answer([_article(1, seen="20250702T010000Z"), _article(2, seen="20250701T083000Z")]), max_records=250
    )
    assert [e.url for e in answer.entries] == [
        "https://www.kabarkita.co.id/berita/1",
        "https://www.kabarkita.co.id/berita/2",
    ]
    first = answer.entries[0]
    assert first.date == datetime(2025, 7, 2, 1, 0, tzinfo=UTC)
    assert first.outlet == "kabarkita.co.id" and first.title == "Pemkab Tabalong evaluasi SAKIP ke-1"
    assert answer.listed == 2 and answer.oldest == datetime(2025, 7, 1, 8, 30, tzinfo=UTC)


def test_parse_gdelt_empty_answer_is_no_articles() -> None:
    answer = parse_gdelt(b"{}", max_records=250)
    assert answer.entries == [] and answer.listed == 0


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"The specified phrase is too short.\n", "api_error"),
        (b"Please limit requests to one every 5 seconds or contact us for larger queries.", "api_error"),
        (b"", "api_error"),
        (b'{"articles": [{"url": "https://x.co.id/a", "title": "tak ditutup', "parse_error"),
        (b'{"articles": {"url": "https://x.co.id/a"}}', "parse_error"),
        (b"{" * 100_000, "parse_error"),  # deep nesting must not crash the parser
    ],
)
def test_parse_gdelt_errors_are_one_kind_and_a_line(body: bytes, kind: str) -> None:
    with pytest.raises(OpenWebError) as info:
        parse_gdelt(body, max_records=250)
    assert info.value.kind == kind
    assert "\n" not in str(info.value) and len(str(info.value)) < 300


def test_parse_gdelt_accepts_raw_control_characters_and_skips_bad_urls() -> None:
    body = (
        b'{"articles": [{"url": "https://x.co.id/a", "title": "baris\tsatu\x01", "seendate": "20250701T083000Z"},'
        b' {"url": "javascript:alert(1)"}, {"url": "/relatif"}, {"url": 42}, "bukan objek",'
        b' {"url": "https://x.co.id/' + b"a" * 3000 + b'"}]}'
    )
    answer = parse_gdelt(body, max_records=250)
    assert [e.url for e in answer.entries] == ["https://x.co.id/a"]
    assert answer.listed == 6


def test_parse_gdelt_drops_nul_and_lone_surrogates_so_every_find_can_be_logged() -> None:
    """JSON escapes spell NUL and lone surrogates; a find holding one could not be written to the finds
    log (UTF-8) and took the whole answer's other finds down with it."""
    body = (
        b'\xef\xbb\xbf{"articles": ['
        b'{"url": "https://x.co.id/a", "title": "RB\\u0000 \\ud800Kemenpan", "domain": "x\\u0000.co.id"},'
        b' {"url": "https://x.co.id/\\u0000b"}, {"url": "https://x.co.id/\\udfffc"},'
        b' {"url": "https://x.co.id/d", "title": "\\udbff", "domain": "\\u001b[31mx.co.id"}]}'
    )
    answer = parse_gdelt(body, max_records=250)
    assert [e.url for e in answer.entries] == ["https://x.co.id/a", "https://x.co.id/d"]
    assert answer.listed == 4
    first, last = answer.entries
    assert first.outlet == "x.co.id" and "\x00" not in (first.title or "")
    assert (first.title or "").startswith("RB \ufffd") and (first.title or "").endswith("Kemenpan")
    assert last.outlet == "[31mx.co.id"
    for entry in answer.entries:  # what the spider writes for each find
        find = DiscoveryFind(channel=Channel.GDELT, query="q", found_url=entry.url, outlet_name=entry.outlet,
                             title=entry.title, found_at=datetime.now(UTC))  # fmt: skip
        assert json.loads(find.model_dump_json())["found_url"] == entry.url


def test_parse_gdelt_reads_no_more_than_asked_and_refuses_huge_bodies() -> None:
    answer = parse_gdelt(_answer([_article(n) for n in range(40)]), max_records=25)
    assert len(answer.entries) == 25 and answer.listed == 40
    with pytest.raises(OpenWebError) as info:
        parse_gdelt(b"{" + b" " * MAX_BODY_BYTES + b"}", max_records=250)
    assert info.value.kind == "too_large"


def _context(source_url: str, **gdelt: object) -> Context:
    cfg = DiscoveryConfig(query_groups=[["reformasi birokrasi", "SPBE"]], gdelt=GdeltConfig(**gdelt))
    return Context(
        source=PlannedSource(id="gdelt", url=source_url),
        netlocs=frozenset(),
        wordpress=False,
        since=datetime(2025, 6, 30, tzinfo=UTC),
        queries=(),
        follow_links=False,
        discovery=cfg,
    )


def test_gdelt_channel_pages_a_full_answer_by_time_window() -> None:
    ctx = _context(API, max_records=3, max_pages=3)
    [first] = Gdelt().start(ctx)
    assert "startdatetime=20250630000000" in first and "enddatetime" not in first
    full = _answer([_article(n, seen=f"2025070{n}T080000Z") for n in (5, 4, 3)])
    found = Gdelt().read(Page(first, full), ctx)
    assert (
        len(found.articles) == 3 and found.query == '("reformasi birokrasi" OR SPBE) ' + GdeltConfig().filters
    )
    [(channel, second)] = found.follow
    assert channel == "gdelt" and parse_qs(urlsplit(second).query)["enddatetime"] == ["20250703080000"]
    # a window that is not full ends the paging
    assert Gdelt().read(Page(second, _answer([_article(9)]), depth=1), ctx).follow == []
    # max_pages windows at most
    assert Gdelt().read(Page(second, full, depth=2), ctx).follow == []


def test_gdelt_channel_steps_past_a_second_that_fills_a_whole_window() -> None:
    ctx = _context(API, max_records=2)
    url = gdelt_url(API, "x", start=datetime(2025, 6, 30, tzinfo=UTC), end=datetime(2025, 7, 1, 8, tzinfo=UTC),
                    max_records=2)  # fmt: skip
    same = _answer([_article(1, seen="20250701T080000Z"), _article(2, seen="20250701T080000Z")])
    [(_channel, nxt)] = Gdelt().read(Page(url, same, depth=1), ctx).follow
    assert parse_qs(urlsplit(nxt).query)["enddatetime"] == ["20250701075959"]


def test_gdelt_channel_turns_api_errors_into_listing_errors() -> None:
    ctx = _context(API)
    with pytest.raises(ListingError) as info:
        Gdelt().read(Page(API + "?query=x", b"Invalid query start date."), ctx)
    assert info.value.kind == "api_error"


GOOGLE_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>"reformasi birokrasi" - Google Berita</title>
<item><title>Pemkab Tabalong Raih Predikat WBK - Kabar Kita</title>
<link>https://news.google.com/rss/articles/CBMiAWE?oc=5</link>
<guid isPermaLink="false">CBMiAWE</guid><pubDate>Tue, 01 Jul 2025 03:00:00 GMT</pubDate>
<description>&lt;a href="https://news.google.com/rss/articles/CBMiAWE?oc=5"&gt;Pemkab Tabalong&lt;/a&gt;</description>
<source url="https://www.kabarkita.co.id">Kabar Kita</source></item>
<item><title>Tanpa tautan</title></item>
<item><title>Tautan aneh</title><link>javascript:alert(1)</link></item>
</channel></rss>"""


def test_parse_google_news_reads_link_date_title_and_source() -> None:
    [entry] = parse_google_news(GOOGLE_RSS, "https://news.google.com/rss/search?q=x", max_items=100)
    assert entry.url == "https://news.google.com/rss/articles/CBMiAWE?oc=5"
    assert entry.date == datetime(2025, 7, 1, 3, 0, tzinfo=UTC)
    assert entry.outlet == "Kabar Kita" and entry.outlet_url == "https://www.kabarkita.co.id"
    assert entry.title == "Pemkab Tabalong Raih Predikat WBK - Kabar Kita"


def test_parse_google_news_caps_items_and_refuses_entities_and_html() -> None:
    many = (
        b"<rss><channel>"
        + b"".join(
            f"<item><link>https://news.google.com/rss/articles/{n}</link></item>".encode() for n in range(30)
        )
        + b"</channel></rss>"
    )
    assert len(parse_google_news(many, "https://news.google.com/", max_items=10)) == 10
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel></channel></rss>'
    with pytest.raises(OpenWebError) as info:
        parse_google_news(bomb, "https://news.google.com/", max_items=10)
    assert info.value.kind == "xml_refused"
    with pytest.raises(OpenWebError) as info:
        parse_google_news(b"<!doctype html><html><body>Sorry</body></html>", "https://x/", max_items=10)
    assert info.value.kind == "not_xml"


def test_google_news_query_and_url_ask_indonesian_news_from_a_day_on() -> None:
    query = google_news_query(["reformasi birokrasi", "SPBE"], after=datetime(2025, 6, 30, 23, tzinfo=UTC))
    assert query == '"reformasi birokrasi" OR SPBE after:2025-06-30'
    url = google_news_url("https://news.google.com/rss/search", query, hl="id", gl="ID", ceid="ID:id")
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert params == {"q": query, "hl": "id", "gl": "ID", "ceid": "ID:id"}


def test_google_news_channel_starts_one_search_per_group() -> None:
    ctx = _context("https://news.google.com/rss/search")
    urls = GoogleNews().start(ctx)
    assert len(urls) == 1 and "after%3A2025-06-30" in urls[0] and "ceid=ID%3Aid" in urls[0]
    found = GoogleNews().read(Page(urls[0], GOOGLE_RSS), ctx)
    assert found.query == '"reformasi birokrasi" OR SPBE after:2025-06-30' and len(found.articles) == 1


def test_production_decoder_reports_a_link_it_cannot_decode_without_raising() -> None:
    # googlenewsdecoder itself refuses a link that is not news.google.com's, before any request
    decoder = GoogleNewsDecoder(interval=0, timeout=1, user_agent="rbmon-test")
    try:
        [result] = decoder.decode(["https://example.co.id/not-a-google-link"])
    finally:
        decoder.close()
    assert isinstance(result, DecodeError) and "Invalid" in str(result)
