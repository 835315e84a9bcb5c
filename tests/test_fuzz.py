"""Hypothesis fuzzing of what rbmon reads from outside (issue 17): config files and the feeds and
sitemaps of sources. (Annotate lines are fuzzed in ``test_hostile_annotate.py``, pages in
``test_hostile_extract.py``.)

Each example must end in the documented outcome — settings or one ``ConfigError`` line; a ``Found`` or
one ``ListingError`` — within a bounded time, and what is found must respect the caps.
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawlers.channels import Context, Feed, ListingError, Page, Sitemap
from pipeline.core.config import Settings, load_settings
from pipeline.core.contract import PlannedSource
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
}
_SCALAR = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(["Asia/Jakarta", "Mars/Olympus", "0 1 * * *", "61 * * * *", "* * * * * *", "", "data"]),
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
