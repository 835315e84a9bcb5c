"""Hypothesis fuzzing of what rbmon reads from outside (issue 17): config files, the feeds and
sitemaps of sources, and the answers of the open-web services (GDELT JSON, Google News RSS). (Annotate lines are fuzzed in ``test_hostile_annotate.py``, pages in
``test_hostile_extract.py``.)

Each example must end in the documented outcome — settings or one ``ConfigError`` line; a ``Found`` or
one ``ListingError``; a list of finds or one ``OpenWebError`` — within a bounded time, and what is
found must respect the caps.
"""

from __future__ import annotations

import gzip
import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawlers.channels import Context, Feed, ListingError, Page, Sitemap
from crawlers.discovery import Entry
from crawlers.openweb import OpenWebError, parse_gdelt, parse_google_news
from pipeline.core.config import Settings, load_settings
from pipeline.core.contract import Channel, DiscoveryFind, PlannedSource
from pipeline.core.errors import ConfigError
from tests.helpers import time_limit

# --------------------------------------------------------------------------- config files

_KNOWN = {
    "": ["data_dir", "database", "redis_url"],
    "crawl": ["download_delay", "timeout", "max_page_bytes", "queries", "max_feed_items", "retry_times"],
    "process": ["workers", "batch_size", "near_duplicate_threshold"],
    "limits": ["max_page_bytes", "extract_cpu_seconds", "max_text_chars"],
    "schedule": ["timezone", "nightly", "weekly_digest", "misfire_grace_seconds"],
    "email": ["smtp_port", "recipients", "enabled"],
    # the sections the merged issues added (discovery, readers, scorecard)
    "discovery": ["first_run_days", "home_province_min_stories", "query_groups"],
    "discovery.gdelt": ["min_interval", "max_records", "max_pages", "api_url"],
    "discovery.google_news": ["min_interval", "decode_interval", "max_items", "decoder", "rss_url"],
    "site": ["output_dir", "stories_per_page"],
    "watch": ["max_articles_per_message"],
}
_SCALAR = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "Asia/Jakarta",
            "Mars/Olympus",
            "0 1 * * *",
            "61 * * * *",
            "* * * * * *",
            "",
            "data",
            "file:///etc/passwd",
            "http://169.254.169.254/",
        ]
    ),
)
_VALUE = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value) if isinstance(value, str) else str(value)


@st.composite
def _config(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    for section, keys in _KNOWN.items():
        chosen = draw(
            st.lists(
                st.sampled_from(keys) | st.text("abcdefghij_", min_size=1, max_size=8),
                max_size=3,
                unique=True,
            )
        )
        if not chosen:
            continue
        if section:
            lines.append(f"[{section}]")
        lines += [f"{key} = {_toml_value(draw(_VALUE))}" for key in chosen]
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):  # and now and then damage it
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=5)) + text[cut:]
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_config() | st.binary(max_size=200))
def test_any_config_file_is_settings_or_one_line(tmp_path: Path, content: bytes) -> None:
    cfg = tmp_path / "fuzz.toml"
    cfg.write_bytes(content)
    with time_limit(10):
        try:
            got = load_settings(cfg)
        except ConfigError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(
                "config file" if "TOML" in str(exc) or "UTF-8" in str(exc) else ""
            )
            return
    assert isinstance(got, Settings)
    assert got.crawl.timeout <= 600 and got.crawl.download_delay <= 300
    d = got.discovery
    assert max(d.gdelt.min_interval, d.google_news.min_interval, d.google_news.decode_interval) <= 300
    datetime.now(UTC) - timedelta(days=d.first_run_days)  # where the crawl starts its searches
    assert d.gdelt.api_url.startswith(("http://", "https://"))


# --------------------------------------------------------------------------- feeds and sitemaps

BASE = "https://berita.example.id"
_CTX = Context(
    source=PlannedSource(id="fuzz", url=BASE + "/"),
    netlocs=frozenset({"berita.example.id"}),
    wordpress=False,
    since=None,
    queries=(),
    follow_links=False,
    max_feed_items=50,
    max_child_sitemaps=5,
    max_xml_bytes=200_000,
)
_URL = st.one_of(
    st.builds(lambda p: f"{BASE}/{p}", st.text("abc/-_?=&%0123456789", max_size=20)),
    st.sampled_from(
        ["javascript:alert(1)", "file:///etc/passwd", "gopher://x", "//evil.example/x", "", " ", "&x;"]
    ),
    st.text(max_size=20),
)
_PIECE = st.one_of(
    st.builds(
        lambda u: f"<item><link>{u}</link><pubDate>Tue, 01 Jul 2025 08:00:00 +0700</pubDate></item>", _URL
    ),
    st.builds(lambda u: f"<entry><link href='{u}'/><updated>2025-07-01</updated></entry>", _URL),
    st.builds(lambda u: f"<url><loc>{u}</loc><lastmod>2025-07-0{1}</lastmod></url>", _URL),
    st.builds(lambda u: f"<sitemap><loc>{u}</loc></sitemap>", _URL),
    st.sampled_from(
        ["<!ENTITY x 'y'>", "<!DOCTYPE r [", "]>", "&x;", "<![CDATA[", "]]>", "\x00", "\x0c", "<", "</item>"]
    ),
    st.text(max_size=20),
)
_ROOT = st.sampled_from(["rss version='2.0'><channel", "feed xmlns='http://www.w3.org/2005/Atom'",
                         "urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'",
                         "sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'", "html", "rdf:RDF"])  # fmt: skip


@st.composite
def _document(draw: st.DrawFn) -> bytes:
    root = draw(_ROOT)
    pieces = draw(st.lists(_PIECE, max_size=80))
    closing = root.split()[0].split(">")[0]
    text = f"<?xml version='1.0'?><{root}>{''.join(pieces)}</{closing}>"
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]  # truncated
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        data = gzip.compress(data)  # sitemap.xml.gz
    return data


@settings(max_examples=150, deadline=None)
@given(body=_document() | st.binary(max_size=300))
def test_any_feed_or_sitemap_is_found_or_one_listing_error(body: bytes) -> None:
    for channel in (Feed(), Sitemap()):
        with time_limit(10):
            try:
                found = channel.read(Page(f"{BASE}/x.xml", body), _CTX)
            except ListingError as exc:
                assert exc.kind in {"not_xml", "xml_refused", "too_large"} and "\n" not in str(exc)
                continue
        assert len(found.articles) <= max(_CTX.max_feed_items, 100)
        assert len(found.follow) <= _CTX.max_child_sitemaps
        for entry in [*found.articles, *(type("E", (), {"url": u})() for _, u in found.follow)]:
            assert entry.url.startswith(("http://", "https://")), entry.url


def test_a_gzip_bomb_sitemap_stops_at_the_cap() -> None:
    bomb = gzip.compress(b"<?xml version='1.0'?><urlset>" + b" " * 5_000_000 + b"</urlset>", compresslevel=9)
    assert len(bomb) < 10_000
    try:
        Sitemap().read(Page(f"{BASE}/sitemap.xml.gz", bomb), _CTX)
    except ListingError as exc:
        assert exc.kind == "too_large" and "200,000 bytes" in str(exc)
    else:
        raise AssertionError("a 5 MB sitemap passed a 200 kB cap")


# --------------------------------------------------------------------------- open-web answers

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)
# any code point, lone surrogates (JSON's \ud800) and NUL included, which st.text() leaves out
_ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=20) | st.sampled_from(
    ["\ud800", "a\udfffb", "\x00", "\x1b[31m", "\u202e"]
)
_GDELT_ARTICLE = st.fixed_dictionaries(
    {},
    optional={
        "url": _URL | st.builds(lambda t: f"{BASE}/{t}", _ANY_TEXT) | _JSON,
        "title": _ANY_TEXT | _JSON,
        "domain": _ANY_TEXT | _JSON,
        "seendate": st.sampled_from(["20250701T083000Z", "99999999T999999Z", "", "x"]) | _JSON,
    },
)


@st.composite
def _gdelt_answer(draw: st.DrawFn) -> bytes:
    articles = draw(st.lists(_GDELT_ARTICLE | _JSON, max_size=30))
    data = {"articles": articles} if draw(st.integers(0, 5)) else draw(_JSON)
    # ensure_ascii: lone surrogates and NUL travel as \ud800 and \u0000, as a JSON API sends them
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), allow_nan=True)
    if draw(st.integers(0, 5)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8", "surrogatepass")


def _loggable(entries: list[Entry], channel: Channel) -> None:
    """Every find can be written to the finds log as the spider does: an http(s) URL, no controls."""
    for e in entries:
        assert e.url.startswith(("http://", "https://")) and "\x00" not in e.url, e.url
        for text in (e.title, e.outlet):
            assert text is None or ("\x00" not in text and len(text) <= 500)
        DiscoveryFind(channel=channel, query="q", found_url=e.url, outlet_name=e.outlet, outlet_url=e.outlet_url,
                      title=e.title, found_at=datetime(2025, 7, 1, tzinfo=UTC)).model_dump_json()  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_gdelt_answer() | st.binary(max_size=300))
def test_any_gdelt_answer_is_finds_or_one_error(body: bytes) -> None:
    with time_limit(10):
        try:
            answer = parse_gdelt(body, max_records=10)
        except OpenWebError as exc:
            assert exc.kind in {"api_error", "parse_error", "too_large"} and "\n" not in str(exc)
            assert len(str(exc)) < 400
            return
    assert len(answer.entries) <= 10
    _loggable(answer.entries, Channel.GDELT)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_document() | st.binary(max_size=300))
def test_any_google_news_answer_is_finds_or_one_error(body: bytes) -> None:
    with time_limit(10):
        try:
            entries = parse_google_news(body, "https://news.google.com/rss/search", max_items=20)
        except OpenWebError as exc:
            assert exc.kind in {"not_xml", "xml_refused", "too_large"} and "\n" not in str(exc)
            return
    assert len(entries) <= 20
    _loggable(entries, Channel.GOOGLE_NEWS)
