"""The archive site (`rbmon site`): every page kind, internal links, escaping, the search index, the
scorecard slot, and headless Chromium opening the digest and each kind of page from file://."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import duckdb
import lxml.html
import pytest

from pipeline import store
from pipeline.core.errors import InputError
from pipeline.core.i18n import get_lang
from pipeline.jobs.demo import DemoResult
from pipeline.site import build_site_from
from tests.helpers import kendari_dateline, kendari_province

WIB = ZoneInfo("Asia/Jakarta")
ROOT = Path(__file__).resolve().parents[1]
#: Screenshots for a human to look at (git-ignored; the README names the folder).
SCREENSHOTS = ROOT / "tests" / "screenshots"
EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)> "Reformasi" \u2028 & co'
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def site(demo_run: DemoResult) -> Path:
    """The site `rbmon demo` built (it prints where) from the session's demo database."""
    assert demo_run.site.name == "index.html" and demo_run.site.exists()
    return demo_run.site.parent


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_demo_builds_every_kind_of_page(site: Path, demo_run: DemoResult) -> None:
    rel = {p.relative_to(site).as_posix() for p in _pages(site)}
    assert {"index.html", "search.html", "officials.html"} <= rel
    assert f"digests/{demo_run.week}.html" in rel
    assert len([r for r in rel if r.startswith("provinces/")]) == 38
    assert len([r for r in rel if r.startswith("themes/")]) == 11
    con = duckdb.connect(str(demo_run.published), read_only=True)
    try:
        officials = con.execute(
            "select count(distinct official_id) from article_officials join articles using (article_id)"
            " where rb_relevant"
        ).fetchall()[0][0]
        weeks = con.execute(
            "select count(distinct strftime(timezone('Asia/Jakarta', published_at), '%G-W%V')) from articles"
            " where rb_relevant"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert len([r for r in rel if r.startswith("officials/")]) == officials
    assert len([r for r in rel if r.startswith("digests/")]) == weeks  # the demo's weeks have no gap
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in index and "Ringkasan mingguan" in index  # Bahasa Indonesia by default


def test_no_broken_internal_link(site: Path) -> None:
    broken = []
    for page in _pages(site):
        root = lxml.html.parse(str(page)).getroot()
        for el in root.iter("a", "link", "script", "form"):
            target = el.get("href") or el.get("src") or el.get("action")
            if not target or target.startswith(("http://", "https://", "#", "data:")):
                continue
            path = unquote(urlsplit(target).path)
            if not (page.parent / path).resolve().is_file():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert broken == []


def test_province_page_has_its_parts(site: Path) -> None:
    page = next((site / "provinces").glob("52-*.html"))  # Nusa Tenggara Barat: several RB stories
    root = lxml.html.parse(str(page)).getroot()
    assert root.findtext(".//h1") == "Nusa Tenggara Barat"
    svg = root.find(".//figure[@class='timeline']/svg")
    assert svg is not None and svg.get("role") == "img" and "Nusa Tenggara Barat" in svg.get("aria-label")
    assert root.find(".//figure[@class='timeline']/figcaption").text_content() == svg.get("aria-label")
    assert next(td.text_content() for td in root.iterfind(".//table[@id='regencies']//td")) == "Kota Mataram"
    stories = root.findall(".//div[@id='stories']/article")
    assert stories and all(s.findall(".//ul[@class='copies']/li/a") for s in stories)  # every outlet linked
    outlets = {a.text_content() for s in stories for a in s.iterfind(".//ul[@class='copies']/li/a")}
    assert "Portal Berita Pemerintah Provinsi Nusa Tenggara Barat" in outlets  # named, not 127.0.0.1:port
    assert not any(re.fullmatch(r"[\d.]+:\d+", o) for o in outlets)
    assert root.findall(".//table[@id='sources']/tbody/tr")  # its sources and their health
    # the scorecard: every pemda_scorecard row of the province, with its evidence
    card = root.find(".//section[@id='scorecard']")
    assert card is not None
    con = duckdb.connect(str(site.parent / "published" / "rbmon.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select coalesce(pemda, ''), value, evidence from pemda_scorecard where province_code = '52'"
        ).fetchall()
    finally:
        con.close()
    cells = [[td.text_content() for td in tr.iterfind("td")] for tr in card.iterfind(".//tbody/tr")]
    assert rows and len(cells) == len(rows)
    for pemda, value, evidence in rows:
        shown = get_lang("id").value(value)  # a number in Indonesian marks: 71.35 reads 71,35
        assert any(c[0] == pemda and c[3].startswith(shown) and evidence in c[6] for c in cells), value
    assert any(re.fullmatch(r"\d+\.\d+", v) for _p, v, _e in rows)  # NTB has decimal results...
    assert not any(re.match(r"\d+\.\d+", c[3]) for c in cells)  # ...and none is shown with a point


def test_search_index_finds_a_fixture_official(site: Path) -> None:
    data = json.loads((site / "assets" / "search-index.json").read_text(encoding="utf-8"))
    kinds = {e["k"] for e in data}
    assert kinds == {"story", "official", "province", "regency", "theme"}
    hits = [e for e in data if e["k"] == "official" and e["t"] == "Ahmad Rizal Fahlevi"]
    assert hits and (site / hits[0]["u"]).is_file()
    js = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert (
        js.startswith("window.RBMON_SEARCH = ") and json.loads(js[len("window.RBMON_SEARCH = ") : -2]) == data
    )


# ------------------------------------------------------------------- a hand-built, hostile archive


@pytest.fixture
def hostile(migrated_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    c = migrated_con
    when = datetime(2025, 7, 2, 10, tzinfo=WIB)
    with store.transaction(c):
        store.append_rows(
            c,
            "articles",
            [
                {
                    "article_id": "e1",
                    "canonical_url": "https://evil.example.id/e1",
                    "url": "javascript:alert(1)",
                    "source_id": "evil",
                    "outlet": EVIL,
                    "title": EVIL,
                    "published_at": when,
                    "fetched_at": when,
                    "story_id": "e1",
                    "rb_relevant": True,
                    "rb_score": 3.0,
                }
            ],
        )
        store.append_rows(c, "article_regions", [kendari_dateline("e1")])
        store.append_rows(c, "article_provinces", [kendari_province("e1")])
        store.append_rows(c, "article_themes", [{"article_id": "e1", "theme": "spbe", "score": 2.0}])
        store.append_rows(
            c, "officials", [{"official_id": "o1", "name": EVIL, "jurisdiction": "Kota Kendari"}]
        )
        store.append_rows(
            c,
            "article_officials",
            [{"article_id": "e1", "official_id": "o1", "name": EVIL, "position": EVIL}],
        )
    return c


def test_scraped_text_stays_text_on_every_page(hostile: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site_from(hostile, out, language="en")
    assert report.officials == 1 and report.digests == 1
    for page in _pages(out):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert 'href="javascript:' not in html
        scripts = lxml.html.parse(str(page)).getroot().findall(".//script")
        assert all(s.get("src") and not (s.text or "").strip() for s in scripts)  # no inline script at all
    official = (out / "officials" / "o1.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(" in official  # shown, as text
    js = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert "</script>" not in js and "<" not in js and "\u2028" not in js
    entries = json.loads((out / "assets" / "search-index.json").read_text(encoding="utf-8"))
    story = next(e for e in entries if e["k"] == "story")
    assert story["t"] == EVIL and story["u"] == "#"  # the javascript: URL is not linked


def test_the_scorecard_shows_results_as_text_and_needs_the_view(
    hostile: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    kendari = kendari_province("e1")["province_code"]
    with store.transaction(hostile):
        store.append_rows(
            hostile,
            "article_facts",
            [
                {
                    "article_id": "e1",
                    "fact_no": 0,
                    "subject": EVIL,
                    "subject_kind": "unit",
                    "pemda": "Kota Kendari",
                    "pemda_code": f"{kendari}.71",
                    "metric": "integrity_zone",
                    "value": "WBK",
                    "category": "WBK",
                    "year": 2024,
                    "status": "announced",
                    "evidence": EVIL,
                }
            ],
        )
    build_site_from(hostile, tmp_path / "site", language="id")
    page = next((tmp_path / "site" / "provinces").glob(f"{kendari}-*.html"))
    card = lxml.html.parse(str(page)).getroot().find(".//section[@id='scorecard']")
    assert card is not None
    cells = [td.text_content() for td in card.iterfind(".//tbody/tr/td")]
    assert cells[:5] == ["Kota Kendari", EVIL, "Predikat zona integritas", "WBK", "2024"]
    assert EVIL in card.text_content()  # the scraped unit and evidence read as text, escaped
    aceh = next((tmp_path / "site" / "provinces").glob("11-*.html"))
    assert (
        "Belum ada hasil RB"
        in lxml.html.parse(str(aceh)).getroot().find(".//section[@id='scorecard']").text_content()
    )

    hostile.execute("drop view pemda_scorecard")  # a database from before the scorecard
    build_site_from(hostile, tmp_path / "old", language="id")
    old = next((tmp_path / "old" / "provinces").glob(f"{kendari}-*.html"))
    assert "scorecard" not in old.read_text(encoding="utf-8")


def test_a_folder_of_other_files_is_never_replaced(
    hostile: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    precious = tmp_path / "www"
    precious.mkdir()
    (precious / "intranet.html").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="is not an rbmon site"):
        build_site_from(hostile, precious)
    assert (precious / "intranet.html").read_text(encoding="utf-8") == "keep me"
    # an earlier rbmon site is replaced whole, in place
    build_site_from(hostile, tmp_path / "site")
    (tmp_path / "site" / "stale.html").write_text("old", encoding="utf-8")
    build_site_from(hostile, tmp_path / "site")
    assert not (tmp_path / "site" / "stale.html").exists() and (tmp_path / "site" / "index.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no build folder left


def test_rbmon_site_command_in_english(demo_run: DemoResult, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "site", "--db", str(demo_run.published), "--output",
         str(tmp_path / "en"), "--lang", "en"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "en" / "index.html")
    index = (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "Weekly digests" in index and "Ringkasan" not in index


# --------------------------------------------------------------------------------- headless Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": 900},
        )
        yield context
        context.close()


def _open(browser: object, url: str) -> tuple[object, list[str]]:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def _charts_have_text_alternatives(page: object) -> int:
    charts = page.locator("svg.chart")  # type: ignore[attr-defined]
    for i in range(charts.count()):
        chart = charts.nth(i)
        label = chart.get_attribute("aria-label") or ""
        assert chart.get_attribute("role") == "img" and re.search(r"\d", label), label
        assert chart.locator("title").first.text_content() == label
    return int(charts.count())


@pytest.mark.requires_chromium
def test_every_kind_of_page_in_chromium(browser: object, site: Path, demo_run: DemoResult) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    official = next((site / "officials").glob("*.html"))
    province = next((site / "provinces").glob("52-*.html"))
    kinds = {
        "index": site / "index.html",
        "digest": site / "digests" / f"{demo_run.week}.html",
        "province": province,
        "theme": site / "themes" / "spbe.html",
        "official": official,
        "officials": site / "officials.html",
    }
    for kind, path in kinds.items():
        page, errors = _open(browser, path.as_uri())
        charts = _charts_have_text_alternatives(page)
        if kind in ("index", "digest", "province", "theme", "official"):
            assert charts >= 1, kind
        box = page.locator("svg.chart").first.bounding_box() if charts else None  # type: ignore[attr-defined]
        assert box is None or box["width"] > 80, kind  # drawn, not collapsed
        if kind in ("province", "digest"):
            page.screenshot(path=str(SCREENSHOTS / f"{kind}.png"), full_page=True)  # type: ignore[attr-defined]
        page.close()  # type: ignore[attr-defined]
        assert errors == [], (kind, errors)
    for kind in ("province", "digest"):
        assert (SCREENSHOTS / f"{kind}.png").stat().st_size > 20_000


@pytest.mark.requires_chromium
def test_search_finds_a_fixture_official_in_chromium(browser: object, site: Path) -> None:
    page, errors = _open(browser, (site / "index.html").as_uri())
    page.fill("header input[name=q]", "rizal fahlevi")  # type: ignore[attr-defined]
    page.press("header input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#results li")  # type: ignore[attr-defined]
    first = page.locator("#results li a").first  # type: ignore[attr-defined]
    assert first.text_content() == "Ahmad Rizal Fahlevi"
    assert "ditemukan" in page.locator("#status").text_content()  # type: ignore[attr-defined]
    first.click()
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.locator("h1").text_content() == "Ahmad Rizal Fahlevi"  # type: ignore[attr-defined]
    assert page.locator("#positions td").first.text_content().startswith("Bupati Muara Enim")  # type: ignore[attr-defined]
    page.go_back()  # type: ignore[attr-defined]
    page.fill("#q", "tidak-ada-kata-seperti-ini")  # type: ignore[attr-defined]
    assert page.locator("#results li").count() == 0  # type: ignore[attr-defined]
    assert page.locator("#status").text_content() == "Tidak ditemukan."  # type: ignore[attr-defined]
    assert errors == []


@pytest.mark.requires_chromium
def test_the_site_works_from_a_web_server_under_any_path(browser: object, site: Path, tmp_path: Path) -> None:
    # as published on an intranet: the folder copied under /arsip/rb/ of a plain web server (Python's
    # http.server, on 127.0.0.1); relative links, styles, charts and the search work there as from file://
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = tmp_path / "www"
    shutil.copytree(site, root / "arsip" / "rb")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    failed: list[str] = []

    def on_response(response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            failed.append(response.url)  # type: ignore[attr-defined]

    browser.on("response", on_response)  # type: ignore[attr-defined]
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/arsip/rb/"
        page, errors = _open(browser, base + "index.html")
        assert _charts_have_text_alternatives(page) >= 1
        page.click("nav a[href$='officials.html']")  # type: ignore[attr-defined]
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        page.fill("header input[name=q]", "rizal fahlevi")  # type: ignore[attr-defined]
        page.press("header input[name=q]", "Enter")  # type: ignore[attr-defined]
        page.wait_for_selector("#results li")  # type: ignore[attr-defined]
        assert page.url.startswith(base + "search.html?")  # type: ignore[attr-defined]
        first = page.locator("#results li a").first  # type: ignore[attr-defined]
        assert first.text_content() == "Ahmad Rizal Fahlevi"
        first.click()
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        assert page.locator("h1").text_content() == "Ahmad Rizal Fahlevi"  # type: ignore[attr-defined]
        css = page.evaluate("getComputedStyle(document.body).fontFamily")  # type: ignore[attr-defined]
        assert css and "Times" not in css  # the site's stylesheet loaded
        page.close()  # type: ignore[attr-defined]
    finally:
        browser.remove_listener("response", on_response)  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
    assert errors == [] and failed == []


def test_rbmon_site_prints_its_folder_as_data(migrated_db: Path, tmp_path: Path) -> None:
    # the folder is typed by someone: a terminal control sequence in it is shown, not sent
    folder = tmp_path / "arsip\x1b[31m"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "site", "--db", str(migrated_db), "--output", str(folder)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and proc.stdout.strip() == str(folder / "index.html").replace(
        "\x1b", "\\x1b"
    )
    assert (folder / "index.html").is_file()
