"""The discovery parsers on their own: robots.txt, home pages, feeds, sitemaps, wp-json, pagers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawlers.discovery import (
    XmlError,
    XmlRefused,
    feeds_from_html,
    is_wordpress_html,
    next_page_url,
    page_canonical,
    parse_date,
    parse_feed,
    parse_sitemap,
    parse_wp_posts,
    sitemaps_from_robots,
)

BASE = "https://kendarikota.go.id/"


def test_sitemaps_from_robots() -> None:
    robots = "User-agent: *\nDisallow: /private/\nSitemap: https://kendarikota.go.id/sitemap.xml\nsitemap: /news.xml\n"
    assert sitemaps_from_robots(robots, BASE) == [
        "https://kendarikota.go.id/sitemap.xml",
        "https://kendarikota.go.id/news.xml",
    ]
    assert sitemaps_from_robots("User-agent: *\nDisallow:\n", BASE) == []


def test_feeds_from_html_finds_rss_and_atom_not_comments() -> None:
    html = b"""<html><head>
    <link rel="alternate" type="application/rss+xml" title="Berita" href="/rss.xml">
    <link rel="alternate" type="application/atom+xml" href="https://kendarikota.go.id/atom.xml">
    <link rel="alternate" type="application/rss+xml" href="/berita/comments/feed/">
    <link rel="stylesheet" href="/s.css">
    <link rel='https://api.w.org/' href='/wp-json/'>
    </head><body></body></html>"""
    assert feeds_from_html(html, BASE) == [
        "https://kendarikota.go.id/rss.xml",
        "https://kendarikota.go.id/atom.xml",
    ]
    assert is_wordpress_html(html)
    assert not is_wordpress_html(b"<html><body>Portal Pemkot</body></html>")
    assert feeds_from_html(b"", BASE) == []


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Berita</title>
<item><title>Pemkot Kendari Raih WBK</title><link>https://kendarikota.go.id/berita/1/wbk?utm_source=rss</link>
<pubDate>Tue, 01 Jul 2025 10:15:00 +0700</pubDate></item>
<item><title>Tanpa tanggal</title><link>/berita/2/sakip</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>a</title><link rel="alternate" href="https://x.id/a"/><updated>2025-07-01T03:15:00Z</updated></entry>
</feed>"""


def test_parse_rss_and_atom() -> None:
    parsed = parse_feed(RSS, BASE)
    assert parsed.kind == "rss" and not parsed.truncated
    assert [e.url for e in parsed.entries] == [
        "https://kendarikota.go.id/berita/1/wbk?utm_source=rss",
        "https://kendarikota.go.id/berita/2/sakip",
    ]
    assert parsed.entries[0].date == datetime(2025, 7, 1, 3, 15, tzinfo=UTC)
    assert parsed.entries[1].date is None
    atom = parse_feed(ATOM, BASE)
    assert atom.kind == "atom" and atom.entries[0].url == "https://x.id/a"


def test_empty_feed_is_not_an_error() -> None:
    parsed = parse_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', BASE
    )
    assert parsed.kind == "empty" and parsed.entries == []


@pytest.mark.parametrize(
    "body",
    [b"", b"<!DOCTYPE html><html><body>Maaf, sedang pemeliharaan</body></html>", b'{"error": 1}', b"hello"],
)
def test_not_xml_is_refused_with_xml_error(body: bytes) -> None:
    with pytest.raises(XmlError):
        parse_feed(body, BASE)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><link>https://x.id/&lol3;</link></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.id/&x;</loc></url></urlset>"""


def test_entity_bombs_and_external_entities_are_refused() -> None:
    with pytest.raises(XmlRefused):
        parse_feed(BOMB, BASE)
    with pytest.raises(XmlRefused):
        parse_sitemap(XXE, BASE)


INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.id/post-sitemap.xml</loc><lastmod>2025-07-05T08:00:00+07:00</lastmod></sitemap>
<sitemap><loc>https://x.id/post-sitemap2.xml</loc></sitemap>
</sitemapindex>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.id/a</loc><lastmod>2025-07-09</lastmod>
<news:news><news:publication><news:name>X</news:name><news:language>id</news:language></news:publication>
<news:publication_date>2025-07-01T10:00:00+07:00</news:publication_date><news:title>A</news:title></news:news></url>
<url><loc>https://x.id/b</loc><lastmod>2025-06-30</lastmod></url>
</urlset>"""


def test_parse_sitemap_index_and_news_sitemap() -> None:
    index = parse_sitemap(INDEX, BASE)
    assert index.kind == "sitemapindex"
    assert [(e.url, e.date) for e in index.entries] == [
        ("https://x.id/post-sitemap.xml", datetime(2025, 7, 5, 1, 0, tzinfo=UTC)),
        ("https://x.id/post-sitemap2.xml", None),
    ]
    news = parse_sitemap(NEWS, BASE)
    assert news.kind == "urlset"
    # the publication date wins over a later lastmod; a plain lastmod date is taken as UTC midnight
    assert news.entries[0].date == datetime(2025, 7, 1, 3, 0, tzinfo=UTC)
    assert news.entries[1].date == datetime(2025, 6, 30, tzinfo=UTC)


def test_truncated_sitemap_keeps_what_is_readable() -> None:
    cut = NEWS[: NEWS.index(b"<url><loc>https://x.id/b") + 20]
    parsed = parse_sitemap(cut, BASE)
    assert parsed.truncated
    assert [e.url for e in parsed.entries][:1] == ["https://x.id/a"]


def test_a_feed_is_not_a_sitemap() -> None:
    with pytest.raises(XmlError, match="not a sitemap"):
        parse_sitemap(RSS, BASE)


def test_wp_posts() -> None:
    body = b'[{"id": 5, "date_gmt": "2025-07-01T03:00:00", "link": "https://x.id/2025/07/01/a/"}, {"id": 6}]'
    [entry] = parse_wp_posts(body)
    assert entry.url == "https://x.id/2025/07/01/a/" and entry.date == datetime(2025, 7, 1, 3, tzinfo=UTC)
    with pytest.raises(XmlError):
        parse_wp_posts(b'{"code": "rest_invalid_param"}')
    with pytest.raises(XmlError):
        parse_wp_posts(b"<html>blocked</html>")


def test_parse_date_forms() -> None:
    assert parse_date("Tue, 01 Jul 2025 10:15:00 +0700") == datetime(2025, 7, 1, 3, 15, tzinfo=UTC)
    assert parse_date("2025-07-01T10:15:00Z") == datetime(2025, 7, 1, 10, 15, tzinfo=UTC)
    assert parse_date("kemarin") is None and parse_date(None) is None


def test_next_page_from_rel_next_query_and_path() -> None:
    first = "https://x.id/daerah/jambi/20250627/slug"
    html = f'<html><head><link rel="next" href="{first}?page=2"></head><body></body></html>'
    assert next_page_url(html, first, first_url=first, page=1) == f"{first}?page=2"
    wp = "https://x.id/2025/07/01/slug/"
    pager = '<div class="page-links">Halaman: <span>1</span> <a href="/2025/07/01/slug/2/">2</a></div>'
    assert next_page_url(pager, wp, first_url=wp, page=1) == "https://x.id/2025/07/01/slug/2/"
    halaman = f'<p><a href="{first}?page=3">Halaman 3</a></p>'
    assert next_page_url(halaman, f"{first}?page=2", first_url=first, page=2) == f"{first}?page=3"


def test_next_article_links_are_not_page_two() -> None:
    first = "https://x.id/2025/07/01/slug/"
    html = '<a rel="next" href="/2025/07/02/artikel-lain/">Berita selanjutnya</a><a href="/category/daerah/2/">2</a>'
    assert next_page_url(html, first, first_url=first, page=1) is None


def test_page_canonical() -> None:
    amp = b'<html amp><head><link rel="canonical" href="/2025/07/01/slug/"></head></html>'
    assert page_canonical(amp, "https://x.id/2025/07/01/slug/amp/") == "https://x.id/2025/07/01/slug/"
    assert page_canonical(b"<html><head></head></html>", BASE) is None
