"""Hostile scraped text stays inert in the weekly digest (issue 8, part 2).

Titles, outlet names, officials and URLs come from pages anyone can publish. The HTML digest must show
them as text (no element, attribute or link they did not have before), and the Markdown digest must
not turn them into links, images or raw HTML in any CommonMark renderer, even one that passes raw HTML
through. Both are checked by parsing what a browser or renderer would parse, not by string search.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import duckdb
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pipeline import store
from pipeline.digest import Digest, Story, build_digest, render_html, render_markdown
from tests.helpers import kendari_dateline, kendari_province

WIB = ZoneInfo("Asia/Jakarta")
WEEK = "2025-W27"
WHEN = datetime(2025, 7, 2, 10, tzinfo=WIB)

EVIL_TITLES = [
    "<script>alert(1)</script> Rapat RB",
    '"><img src=x onerror=alert(2)> Evaluasi SAKIP',
    "</title><script>alert(3)</script> Zona Integritas",
    "' onmouseover='alert(4)' ` onfocus=`alert(5)` Sistem merit",
    "[x](javascript:alert(1)) ![](http://tracker.example/p.gif) <b>tebal</b> &lt;i&gt; SPBE",
    "http://evil.example/a www.evil.example humas@evil.example <http://auto.example>",
    "Judul\r\n# Bukan judul\r\n<script>alert(6)</script>\u2028- butir\x0b|a|b|",
    "`kode` **tebal** _miring_ ~~coret~~ \\<script\\> [ref]: http://ref.example",
]
EVIL_OUTLETS = [
    "<svg onload=alert(7)>",
    'Kendari Pos" onclick="alert(8)',
    "x](javascript:alert(9)) [y",
    "Sultra <iframe src=javascript:alert(10)>",
]
EVIL_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    " javascript:alert(3)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==",
    "vbscript:msgbox(5)",
    'https://ok.example/a" onmouseover="alert(6)',
    "https://ok.example/b) <img src=x onerror=alert(7)>",
    "https://ok.example/c><script>alert(8)</script>",
    "https://ok.example/d 'title' `x`",
    "https://ok.example/berita/rapat-rb",
]
EVIL_NAME = "<img src=x onerror=alert(11)> Budi"
# a unit's name is written as the article writes it: scraped text in the "results reported" table
EVIL_UNIT = "RSUD <script>alert(13)</script> [x](javascript:alert(14)) http://evil.example"
EVIL_VALUES = ["<b>WBK</b>", "WBBM](javascript:alert(15))"]
EVIL_POSITION = '"><script>alert(12)</script> Kepala BKPSDM'


@pytest.fixture
def con(migrated_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    c = migrated_con
    arts = []
    for i, title in enumerate(EVIL_TITLES):
        for j in range(2):  # every story carried by two outlets, so every URL and outlet is shown
            k = 2 * i + j
            arts.append(
                {
                    "article_id": f"a{k}",
                    "canonical_url": f"https://x.example/{k}",
                    "url": EVIL_URLS[k % len(EVIL_URLS)],
                    "source_id": f"s{k % 3}",
                    "outlet": EVIL_OUTLETS[k % len(EVIL_OUTLETS)],
                    "title": title,
                    "published_at": WHEN,
                    "fetched_at": WHEN,
                    "story_id": f"st{i}",
                    "rb_relevant": True,
                    "rb_score": 3.0,
                    "text": "isi",
                }
            )
    with store.transaction(c):
        store.append_rows(c, "articles", arts)
        store.append_rows(
            c,
            "article_regions",
            [kendari_dateline(a["article_id"]) for a in arts],
        )
        store.append_rows(c, "article_provinces", [kendari_province(a["article_id"]) for a in arts])
        store.append_rows(c, "officials", [{"official_id": "o1", "name": EVIL_NAME, "jurisdiction": "x"}])
        store.append_rows(
            c,
            "article_officials",
            [{"article_id": "a0", "official_id": "o1", "name": EVIL_NAME, "position": EVIL_POSITION}],
        )
        store.append_rows(
            c,
            "article_facts",
            [
                {
                    "article_id": f"a{k}",
                    "fact_no": 0,
                    "subject": EVIL_UNIT,
                    "subject_kind": "unit",
                    "pemda": "Kota Kendari",
                    "pemda_code": "74.71",
                    "metric": "integrity_zone",
                    "value": value,
                    "year": 2024,
                    "status": "announced",
                    "evidence": EVIL_TITLES[0],
                }
                for k, value in enumerate(EVIL_VALUES)
            ],
        )
    yield c
    c.close()


# ------------------------------------------------------------------------------------------- checks

_URL_ATTRS = {"href", "src", "srcdoc", "action", "formaction", "xlink:href", "background", "poster", "data"}
_DIGEST_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "section", "svg", "g",
    "rect", "text", "span", "div", "table", "thead", "tbody", "tr", "th", "td", "strong", "br", "small",
    "ul", "li", "a", "article", "footer",
    "figure", "figcaption", "defs", "path",  # the trend charts, inline SVG drawn by rbmon
}  # fmt: skip
_MARKDOWN_TAGS = {
    "div",
    "h1",
    "h2",
    "p",
    "ul",
    "li",
    "strong",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
}
# the digest in Bahasa Indonesia, its default language; a digest without trends has no trend sections
_TITLE = "Reformasi Birokrasi — ringkasan mingguan, Minggu ke-27 2025"
_HEADINGS = [
    _TITLE,
    "Provinsi yang melaporkan aktivitas RB",
    "Provinsi yang sepi",
    "Tema",
    "Pejabat paling aktif",
    "Hasil yang dilaporkan minggu ini",
    "Berita utama",
    "Kesehatan sumber",
]
_HEADINGS_WITH_TRENDS = [
    *_HEADINGS[:1],
    "Tren nasional",
    *_HEADINGS[1:2],
    "Baru aktif dan lama sepi",
    *_HEADINGS[2:],
]
_SAFE_HREF = re.compile(r"^(?:#|https?://[^\s\"'<>`()\\]+)$")  # percent-encoded: nothing to break out with


def _problems(root: lxml.html.HtmlElement, allowed_tags: set[str]) -> list[str]:
    """Everything in a parsed page that scraped text could have made live."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments
        if el.tag not in allowed_tags:
            found.append(f"element <{el.tag}>")
        for attr, value in el.attrib.items():
            if attr.lower().startswith("on"):
                found.append(f"handler {attr}={value!r} on <{el.tag}>")
            elif attr.lower() in _URL_ATTRS and not (
                el.tag == "a" and attr == "href" and _SAFE_HREF.match(value)
            ):
                found.append(f"url attribute {attr}={value!r} on <{el.tag}>")
            elif attr == "style" and re.search(r"url\(|expression|javascript", value, re.I):
                found.append(f"style {value!r}")
    return found


def _markdown_as_html(md: str) -> lxml.html.HtmlElement:
    """The Markdown rendered as a renderer that lets raw HTML through would render it."""
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _html_newlines(text: str) -> str:
    """HTML parsers read CR LF and CR as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unescaped_autolinks(md: str) -> list[str]:
    """Bare URLs, www. hosts and e-mails that GFM would link without markup (outside link targets)."""
    prose = re.sub(r"\]\([^)\s]*\)", "]", md)
    return re.findall(r"[A-Za-z]://|\bwww\.|\w@\w", prose)


# ---------------------------------------------------------------------------------------- the tests


def test_html_digest_keeps_hostile_text_inert(con: duckdb.DuckDBPyConnection) -> None:
    d = build_digest(con, WEEK, top_stories=50, top_officials=50)
    assert len(d.stories) == len(EVIL_TITLES)
    root = lxml.html.document_fromstring(render_html(d))
    assert _problems(root, _DIGEST_TAGS) == []
    assert [m.get("http-equiv") or m.get("name") or "charset" for m in root.iter("meta")] == [
        "charset",
        "viewport",
        "Content-Security-Policy",
    ]
    assert root.find("head/title").text_content() == f"Ringkasan RB {WEEK}"  # no </title> breakout
    # every scraped string is still there, as text
    titles = [el.text_content() for el in root.iter("strong") if el.getparent().tag == "article"]
    assert sorted(titles) == sorted(map(_html_newlines, EVIL_TITLES))
    links = [a for a in root.iter("a")]
    assert len(links) == 2 * len(EVIL_TITLES) + len(EVIL_VALUES)  # story copies, then each result's report
    assert {a.text_content() for a in links} <= set(EVIL_OUTLETS)
    hrefs = {a.get("href") for a in links}
    assert {unquote(h) for h in hrefs - {"#"}} <= {u for u in EVIL_URLS if u.startswith("https://")}
    assert "#" in hrefs  # javascript:, data:, vbscript: and a URL with a leading space are not links
    cells = [td.text_content() for td in root.iter("td")]
    assert EVIL_NAME in cells and EVIL_POSITION in cells
    assert cells.count(EVIL_UNIT) == len(EVIL_VALUES)
    assert {v + " laporan berbeda" for v in EVIL_VALUES} <= set(cells)  # one year, two values: a conflict


def test_markdown_digest_has_no_live_link_or_raw_html(con: duckdb.DuckDBPyConnection) -> None:
    d = build_digest(con, WEEK, top_stories=50, top_officials=50)
    md = render_markdown(d)
    root = _markdown_as_html(md)
    assert _problems(root, _MARKDOWN_TAGS) == []
    links = list(root.iter("a"))
    assert len(links) == 2 * len(EVIL_TITLES) + len(EVIL_VALUES)  # only the outlet links the digest makes
    assert {a.text_content() for a in links} <= set(EVIL_OUTLETS)
    for a in links:
        href = a.get("href")
        assert href == "#" or href.startswith("https://ok.example/"), href
    shown = {el.text_content() for el in root.iter("strong")}
    for title in EVIL_TITLES:
        assert " ".join(title.split()) in shown  # the title reads as it was, on one line
    cells = [td.text_content() for td in root.iter("td")]
    assert cells.count(EVIL_UNIT) == len(EVIL_VALUES)  # the unit's name reads as it was
    assert _unescaped_autolinks(md) == []
    assert [h.text_content() for h in root.iter("h1", "h2")] == _HEADINGS_WITH_TRENDS  # none smuggled in


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from("<>\"'`()[]!*_#|\\&:/@.\r\n\t"),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip())
_URL = st.one_of(
    st.text(max_size=40),
    st.builds(lambda tail: "https://ok.example/" + tail, st.text(max_size=40)),
    st.sampled_from(EVIL_URLS),
)


def _digest(title: str, outlet: str, url: str, name: str) -> Digest:
    story = Story("s1", title, None, ["Bali"], [], [{"outlet": outlet, "url": url}])
    return Digest(
        week=WEEK,
        start="2025-06-30",
        end="2025-07-06",
        generated_at="2025-07-07 08:00 WIB",
        active=[],
        quiet_observed=[],
        quiet_no_data=[],
        themes=[],
        officials=[{"official_id": "o", "name": name, "position": title, "stories": 1}],
        stories=[story],
        sources={"configured": 0, "healthy": 0, "failing": 0, "not_crawled": 0},
    )


@settings(max_examples=120, deadline=None)
@given(title=_TEXT, outlet=_TEXT, url=_URL, name=_TEXT)
def test_any_scraped_text_renders_as_text(title: str, outlet: str, url: str, name: str) -> None:
    d = _digest(title, outlet, url, name)
    md = render_markdown(d)
    root = _markdown_as_html(md)
    assert _problems(root, _MARKDOWN_TAGS) == []
    assert len(list(root.iter("a"))) == 1
    assert [h.text_content() for h in root.iter("h1", "h2")] == _HEADINGS
    assert " ".join(title.split()) in {el.text_content() for el in root.iter("strong")}
    assert _unescaped_autolinks(md) == []
    page = lxml.html.document_fromstring(render_html(d))
    assert _problems(page, _DIGEST_TAGS) == []
    assert _html_newlines(title) in [el.text_content() for el in page.iter("strong")]
