"""Canonical URLs: one article, one string, whatever link it was found through."""

from __future__ import annotations

import pytest

from crawlers.urls import canonicalize, is_http_url, looks_non_html, netloc_of


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # tracking parameters from feeds and social shares
        (
            "https://sultra.antaranews.com/berita/1/x?utm_source=rss&utm_medium=feed",
            "https://sultra.antaranews.com/berita/1/x",
        ),
        ("https://x.id/a?UTM_Campaign=z&id=5", "https://x.id/a?id=5"),
        ("https://x.id/a?fbclid=abc&gclid=def", "https://x.id/a"),
        # fragments
        ("https://x.id/2025/07/01/slug/#respond", "https://x.id/2025/07/01/slug/"),
        # AMP variants
        ("https://x.id/2025/07/01/slug/amp/", "https://x.id/2025/07/01/slug/"),
        ("https://x.id/2025/07/01/slug/amp", "https://x.id/2025/07/01/slug/"),
        ("https://x.id/berita/slug?amp=1", "https://x.id/berita/slug"),
        ("https://x.id/berita/slug?outputType=amp", "https://x.id/berita/slug"),
        # host case, default port, parameter order
        ("HTTPS://X.ID:443/a?b=2&a=1", "https://x.id/a?a=1&b=2"),
        # pages of a multi-page article stay distinct
        ("https://x.id/daerah/a?page=2&utm_source=x", "https://x.id/daerah/a?page=2"),
        # the fixture site: host:port is the site
        ("http://127.0.0.1:8123/x/?utm_medium=feed", "http://127.0.0.1:8123/x/"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


def test_canonicalize_maps_alias_hosts_to_the_primary() -> None:
    aliases = {"m.tribunnews.com": "www.tribunnews.com", "amp.tribunnews.com": "www.tribunnews.com"}
    assert canonicalize("https://m.tribunnews.com/a/b", aliases=aliases) == "https://www.tribunnews.com/a/b"
    assert canonicalize("https://amp.tribunnews.com/a/b", aliases=aliases) == "https://www.tribunnews.com/a/b"
    assert canonicalize("https://other.id/a/b", aliases=aliases) == "https://other.id/a/b"


def test_canonicalize_is_idempotent() -> None:
    for u in ("https://x.id/a/amp/?utm_source=1#k", "https://x.id/a?page=2&q=reformasi+birokrasi"):
        once = canonicalize(u)
        assert canonicalize(once) == once


def test_amp_word_inside_a_slug_is_kept() -> None:
    assert (
        canonicalize("https://x.id/berita/lampung-amp-festival/")
        == "https://x.id/berita/lampung-amp-festival/"
    )


def test_netloc_and_schemes() -> None:
    assert netloc_of("http://127.0.0.1:8000/a") == "127.0.0.1:8000"
    assert netloc_of("https://Kendarikota.go.id:443/") == "kendarikota.go.id"
    assert is_http_url("https://x.id/")
    for bad in (
        "file:///etc/passwd",
        "javascript:alert(1)",
        "/relative/path",
        "mailto:redaksi@x.id",
        "http://",
    ):
        assert not is_http_url(bad)


def test_documents_are_not_html() -> None:
    assert looks_non_html("https://ntbprov.go.id/uploads/lkjip-2024.PDF")
    assert looks_non_html("https://x.id/foto/a.jpg")
    assert not looks_non_html("https://x.id/berita/2025/07/01/pemprov-ntb-raih-wbk")
    assert not looks_non_html("https://x.id/berita/v1.2-rilis/")
