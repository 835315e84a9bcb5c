"""Bad input the fixture site does not serve, from a tiny http.server in this module.

One crawl of a deliberately broken source: timeout, redirect loop, redirects off the source (another
host, a private address, file://), malformed HTML, a feed that is not XML, an empty feed, a truncated
sitemap, XML entity bombs, non-HTML content, 429/503 with Retry-After, AMP pages. Each case must end in
a clear log line and a fetch-log row, and nothing fetched may be missing from the WARC.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import ValidationError
from warcio.archiveiterator import ArchiveIterator

from crawlers.middlewares import retry_after_seconds
from crawlers.settings import scrapy_settings
from pipeline import store
from pipeline.core.config import CrawlConfig, Settings
from pipeline.core.contract import Channel
from pipeline.core.errors import CrawlError
from pipeline.crawl import CrawlReport, run_crawl
from pipeline.crawl.sources import check_sources
from tests.helpers.crawl import plan_for

ARTICLE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><article><h1>{title}</h1><p>KENDARI – Pemerintah Kota Kendari menggelar evaluasi internal reformasi
birokrasi bersama seluruh perangkat daerah, Selasa (1/7/2025).</p>{extra}</article></body></html>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><link>{base}/bom/&lol3;</link></item></channel></rss>"""

XXE = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/xxe/&x;</loc></url></urlset>"""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log: ClassVar[list[tuple[float, str, int]]] = []
    hits: ClassVar[dict[str, int]] = {}
    base: ClassVar[str] = ""
    other: ClassVar[str] = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes | str = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:  # fmt: skip
        data = body.encode("utf-8") if isinstance(body, str) else body
        _Handler.log.append((time.monotonic(), self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        b = _Handler.base
        path = self.path
        if self.server.server_address[1] != int(b.rsplit(":", 1)[1]):
            return self._other(path)
        n = _Handler.hits[path] = _Handler.hits.get(path, 0) + 1
        links = ["/slow", "/loop", "/away", "/to-private", "/to-file", "/malformed", "/disguised-pdf", "/limited",
                 "/unavailable", "/private/rahasia", "/amp/berita/satu", "/berita/dua/amp/", "/gone"]  # fmt: skip
        if path == "/robots.txt":
            return self._send(200, f"User-agent: *\nDisallow: /private/\nSitemap: {b}/sitemap-truncated.xml\n"
                                   f"Sitemap: {b}/sitemap-bomb.xml\n", "text/plain")  # fmt: skip
        if path == "/feed.xml":
            items = "".join(f"<item><title>x</title><link>{b}{p}</link></item>" for p in links)
            return self._send(200, f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>',
                              "application/rss+xml")  # fmt: skip
        if path == "/feed-not-xml":
            return self._send(
                200, "<html><body><h1>Maaf, situs sedang dalam pemeliharaan</h1>", "application/rss+xml"
            )
        if path == "/feed-empty.xml":
            return self._send(200, '<?xml version="1.0"?><rss version="2.0"><channel><title>Kosong</title>'
                                   "</channel></rss>", "application/rss+xml")  # fmt: skip
        if path == "/feed-bomb.xml":
            return self._send(200, BOMB.format(base=b), "application/rss+xml")
        if path == "/sitemap-bomb.xml":
            return self._send(200, XXE.format(base=b), "application/xml")
        if path == "/sitemap-truncated.xml":
            body = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<url><loc>{b}/dari-sitemap</loc><lastmod>2025-07-01</lastmod></url>"
                    f"<url><loc>{b}/terpotong-di-ten")  # fmt: skip
            return self._send(200, body, "application/xml")
        if path == "/slow":
            time.sleep(2.5)
            return self._send(200, ARTICLE.format(title="Lambat", head="", extra=""))
        if path in {"/loop", "/loop2"}:
            return self._send(302, headers={"Location": "/loop2" if path == "/loop" else "/loop"})
        if path == "/away":
            return self._send(302, headers={"Location": f"{_Handler.other}/landing"})
        if path == "/to-private":
            return self._send(302, headers={"Location": "http://10.255.255.1/internal"})
        if path == "/to-file":
            return self._send(302, headers={"Location": "file:///etc/passwd"})
        if path == "/malformed":
            return self._send(200, "<html><head><title>Rusak</title><body><div><p>Sekda Kendari <b>membuka "
                                   "<table><tr><td>rapat</p></div><a href='/malformed?page=2'>2</a>")  # fmt: skip
        if path == "/malformed?page=2":
            return self._send(200, ARTICLE.format(title="Rusak 2", head="", extra=""))
        if path == "/disguised-pdf":
            return self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "application/pdf")
        if path == "/limited":
            if n == 1:
                return self._send(429, "Too Many Requests", "text/plain", {"Retry-After": "1"})
            return self._send(200, ARTICLE.format(title="Dibatasi", head="", extra=""))
        if path == "/unavailable":
            if n == 1:
                return self._send(503, "Service Unavailable", "text/plain", {"Retry-After": "1"})
            return self._send(200, ARTICLE.format(title="Sempat tidak tersedia", head="", extra=""))
        if path == "/amp/berita/satu":
            head = f'<link rel="canonical" href="{b}/berita/satu">'
            return self._send(200, ARTICLE.format(title="Satu (AMP)", head=head, extra=""))
        if path in {"/berita/satu", "/berita/dua/", "/dari-sitemap"}:
            return self._send(200, ARTICLE.format(title=path, head="", extra=""))
        return self._send(404, "<html><body>Halaman tidak ditemukan</body></html>")

    def _other(self, path: str) -> None:
        """The second host: a source without feeds or sitemaps, reachable only by following links."""
        _Handler.hits["other:" + path] = _Handler.hits.get("other:" + path, 0) + 1
        links = {
            "/": ["/kanal/daerah/", "/tentang-kami/", "https://example.org/luar"],
            "/kanal/daerah/": ["/kanal/daerah/pemkot-kendari-evaluasi-sakip", "/kanal/daerah/bkpsdm-buka-seleksi",
                               "/tentang-kami/", "/kanal/daerah/"],
        }  # fmt: skip
        if path in links:
            anchors = "".join(f'<a href="{u}">tautan</a>' for u in links[path])
            return self._send(200, f"<html><body><nav>{anchors}</nav></body></html>")
        if path.startswith("/kanal/daerah/"):
            return self._send(200, ARTICLE.format(title=path, head="", extra=""))
        return self._send(404, "<html><body>tidak ada</body></html>")


@dataclass
class Faulty:
    settings: Settings
    report: CrawlReport
    rows: list[dict[str, Any]]
    log_text: str
    server_log: list[tuple[float, str, int]]
    hits: dict[str, int]
    seconds: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # the crawler hanging up on /slow
        pass


def _serve() -> ThreadingHTTPServer:
    server = _Server(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faulty]:
    main, other = _serve(), _serve()
    base = f"http://127.0.0.1:{main.server_address[1]}"
    _Handler.base, _Handler.other = base, f"http://127.0.0.1:{other.server_address[1]}"
    _Handler.log.clear()
    _Handler.hits.clear()
    source = {
        "id": "pemkot-rusak", "name": "Portal Rusak", "url": base + "/", "province_code": "74",
        "kind": "government", "wordpress": False,
        "feeds": [f"{base}/feed.xml", f"{base}/feed-not-xml", f"{base}/feed-empty.xml", f"{base}/feed-bomb.xml"],
    }  # fmt: skip
    linked = {
        "id": "kabar-tanpa-feed", "name": "Kabar Tanpa Feed", "url": _Handler.other + "/", "province_code": "74",
        "kind": "regional_media", "sections": ["/kanal/daerah/"],
    }  # fmt: skip
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("faults"),
        crawl=CrawlConfig(
            download_delay=0, autothrottle=False, retry_times=1, timeout=1.0, queries=[], follow_links=True
        ),
    )
    t0 = time.monotonic()
    try:
        report = run_crawl(settings, sources=[source, linked])
    finally:
        main.shutdown()
        other.shutdown()
    seconds = time.monotonic() - t0
    con = store.connect(settings.db_path, read_only=True)
    try:
        cur = con.execute("select * from fetches where run_id = ?", [report.run_id])
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    assert report.run_dir is not None
    log_text = (report.run_dir / "crawler.log").read_text(encoding="utf-8")
    yield Faulty(settings, report, rows, log_text, list(_Handler.log), dict(_Handler.hits), seconds)


def _row(f: Faulty, suffix: str, **where: Any) -> dict[str, Any]:
    found = [r for r in f.rows if r["url"].endswith(suffix) and all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, (suffix, found)
    return found[0]


@pytest.mark.slow
def test_the_crawl_finishes(faulty: Faulty) -> None:
    assert faulty.report.status == "ok"
    assert faulty.seconds < 60


@pytest.mark.slow
def test_timeout(faulty: Faulty) -> None:
    row = _row(faulty, "/slow")
    assert row["error"] == "timeout" and row["status"] is None and row["warc_file"] is None
    assert "not fetched [timeout]" in faulty.log_text


@pytest.mark.slow
def test_redirect_loop(faulty: Faulty) -> None:
    [row] = [r for r in faulty.rows if r["url"].endswith(("/loop", "/loop2"))]
    assert row["error"] == "redirect_loop" and row["warc_file"] is None
    assert "not fetched [redirect_loop]" in faulty.log_text
    assert faulty.hits["/loop"] + faulty.hits["/loop2"] <= 7  # REDIRECT_MAX_TIMES = 5


@pytest.mark.slow
def test_redirects_never_leave_the_source(faulty: Faulty) -> None:
    assert "other:/landing" not in faulty.hits  # the other host was never asked for it
    away = _row(faulty, "/landing")
    assert away["error"] == "offsite" and away["warc_file"] is None
    assert (
        "/landing (redirected from " in faulty.log_text
        and "is not part of source pemkot-rusak" in faulty.log_text
    )
    private = _row(faulty, "/internal")
    assert private["error"] == "offsite"
    to_file = _row(faulty, "/to-file")
    assert to_file["status"] == 302 and to_file["error"] == "redirect_refused"
    assert "[redirect_refused] to file:///etc/passwd" in faulty.log_text


@pytest.mark.slow
def test_malformed_html_is_archived_and_its_pager_followed(faulty: Faulty) -> None:
    row = _row(faulty, "/malformed", kind="article")
    assert row["status"] == 200 and row["error"] is None and row["warc_file"]
    page2 = _row(faulty, "/malformed?page=2")
    assert page2["kind"] == "article_page" and page2["part_of"] == row["canonical_url"]


@pytest.mark.slow
def test_feed_that_is_not_xml(faulty: Faulty) -> None:
    row = _row(faulty, "/feed-not-xml")
    assert row["error"] == "not_xml" and row["warc_file"]  # archived all the same
    assert "/feed-not-xml (source pemkot-rusak) is not a feed" in faulty.log_text


@pytest.mark.slow
def test_empty_feed(faulty: Faulty) -> None:
    row = _row(faulty, "/feed-empty.xml")
    assert row["status"] == 200 and row["error"] is None
    assert "/feed-empty.xml (source pemkot-rusak) has no items" in faulty.log_text


@pytest.mark.slow
def test_entity_bombs_are_refused_not_expanded(faulty: Faulty) -> None:
    for suffix in ("/feed-bomb.xml", "/sitemap-bomb.xml"):
        row = _row(faulty, suffix)
        assert row["error"] == "xml_refused"
    assert "refused: the document declares XML entities" in faulty.log_text
    assert not [p for p in faulty.hits if p.startswith(("/bom/", "/xxe/"))]


@pytest.mark.slow
def test_truncated_sitemap_keeps_its_readable_entries(faulty: Faulty) -> None:
    row = _row(faulty, "/sitemap-truncated.xml")
    assert row["error"] == "truncated" and row["warc_file"]
    assert "is truncated or malformed: kept the 1 readable entries" in faulty.log_text
    assert _row(faulty, "/dari-sitemap")["status"] == 200


@pytest.mark.slow
def test_non_html_content(faulty: Faulty) -> None:
    row = _row(faulty, "/disguised-pdf")
    assert row["status"] == 200 and row["error"] == "not_html" and row["content_type"] == "application/pdf"
    assert "is application/pdf, not HTML [not_html]" in faulty.log_text


@pytest.mark.slow
@pytest.mark.parametrize(("path", "status"), [("/limited", 429), ("/unavailable", 503)])
def test_retry_after_is_honoured(faulty: Faulty, path: str, status: int) -> None:
    times = [(t, s) for t, p, s in faulty.server_log if p == path]
    assert [s for _t, s in times] == [status, 200]
    assert times[1][0] - times[0][0] >= 0.95  # Retry-After: 1
    assert _row(faulty, path, kind="article")["status"] == 200
    assert f"HTTP {status} for " in faulty.log_text and "as Retry-After asks" in faulty.log_text


@pytest.mark.slow
def test_robots_disallow(faulty: Faulty) -> None:
    assert "/private/rahasia" not in faulty.hits
    assert _row(faulty, "/private/rahasia")["error"] == "robots"


@pytest.mark.slow
def test_amp_urls_resolve_to_the_canonical_article(faulty: Faulty) -> None:
    base = _Handler.base
    amp = _row(faulty, "/amp/berita/satu")
    assert amp["canonical_url"] == f"{base}/berita/satu"
    assert "/berita/dua/amp/" not in faulty.hits and faulty.hits.get("/berita/dua/") == 1


@pytest.mark.slow
def test_404_and_nothing_lost(faulty: Faulty) -> None:
    assert _row(faulty, "/gone")["error"] == "http_404"
    for row in faulty.rows:
        if row["warc_file"] is None:
            assert row["status"] is None and row["error"]
            continue
        with (faulty.settings.data_dir / row["warc_file"]).open("rb") as fh:
            fh.seek(row["warc_offset"])
            rec = next(iter(ArchiveIterator(fh)))
            assert rec.rec_headers.get_header("WARC-Target-URI") == row["url"]
    # every answer the crawler waited for is archived (/slow answered after the crawler had given up)
    served = [p for _t, p, s in faulty.server_log if s in {200, 404} and p != "/slow"]
    archived = {r["url"].split("127.0.0.1:", 1)[1].split("/", 1)[1] for r in faulty.rows if r["warc_file"]}
    assert {p.lstrip("/") for p in served} - archived == set()


@pytest.mark.slow
def test_bounded_link_following_for_a_source_without_feeds(faulty: Faulty) -> None:
    hits = {p.removeprefix("other:") for p in faulty.hits if p.startswith("other:")}
    assert {
        "/",
        "/kanal/daerah/",
        "/kanal/daerah/pemkot-kendari-evaluasi-sakip",
        "/kanal/daerah/bkpsdm-buka-seleksi",
    } <= hits
    assert "/tentang-kami/" not in hits  # outside the source's sections
    found = faulty.report.per_source["kabar-tanpa-feed"][Channel.LINKS]
    assert found.articles_found == 2 and found.ok == 1
    rows = [r for r in faulty.rows if r["source_id"] == "kabar-tanpa-feed" and r["kind"] == "article"]
    assert len(rows) == 2 and all(r["status"] == 200 for r in rows)


def test_politeness_settings(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="concurrency_per_domain"):
        CrawlConfig(concurrency_per_domain=8)  # never more than 2 per source, whatever is asked
    plan = plan_for([], crawl=CrawlConfig(download_delay=5.0), folder=tmp_path)
    s = scrapy_settings(plan.model_copy(update={"user_agent": "rbmon/0.1 (+https://x)"}))
    assert s["CONCURRENT_REQUESTS_PER_DOMAIN"] == 2
    assert s["DOWNLOAD_DELAY"] == 5.0 and s["AUTOTHROTTLE_ENABLED"] and s["AUTOTHROTTLE_START_DELAY"] == 5.0
    assert s["DOWNLOAD_MAXSIZE"] == 3 * 1024 * 1024 and s["DOWNLOAD_TIMEOUT"] == 30.0
    assert 429 not in s["RETRY_HTTP_CODES"] and 503 not in s["RETRY_HTTP_CODES"]
    assert s["USER_AGENT"] == "rbmon/0.1 (+https://x)"


@pytest.mark.slow
def test_a_dead_source_becomes_failing_then_quarantined(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on: connection refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = {
        "id": "pemkab-mati",
        "name": "Pemkab Mati",
        "url": f"http://127.0.0.1:{port}/",
        "kind": "government",
    }
    settings = Settings(
        data_dir=tmp_path,
        crawl=CrawlConfig(download_delay=0, autothrottle=False, retry_times=0, timeout=2, quarantine_after=2),
    )
    states = []
    for _ in range(2):
        # a crawl that reached no source says so (one line, run recorded `unreachable`), and still
        # records the source's health: robots.txt unreachable, nothing else is tried
        with pytest.raises(CrawlError, match=r"no source answered.*\(connection_refused: 1\)"):
            run_crawl(settings, sources=[dead])
        con = store.connect(settings.db_path, read_only=True)
        try:
            states.append(
                dict(
                    con.execute(
                        "select channel, state from source_channel_health where source_id = 'pemkab-mati'"
                    ).fetchall()
                )
            )
            since = con.execute("select count(*) from source_crawl_state").fetchone()
        finally:
            con.close()
        assert since == (0,)  # never a success: sitemaps will be read whole once it comes back
    assert states == [{"robots": "failing"}, {"robots": "quarantined"}]
    rows = [r for r in check_sources(settings) if r["id"] == "pemkab-mati"]
    assert rows[0]["state"] == "quarantined" and rows[0]["failed_runs"] == 2
    # quarantined: left alone until its weekly retry
    rested = run_crawl(settings, sources=[dead])
    assert rested.requests == 0
    assert rested.run_dir is not None
    assert "pemkab-mati" not in (rested.run_dir / "plan.json").read_text(encoding="utf-8")


def _static_server(routes: dict[str, tuple[int, str, str]]) -> tuple[_Server, list[tuple[float, str]]]:
    """A server answering ``routes`` (path -> status, content type, body), logging (time, path)."""
    seen: list[tuple[float, str]] = []

    class Static(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            seen.append((time.monotonic(), self.path))
            status, ctype, body = routes.get(self.path, (404, "text/html", "<html>tidak ada</html>"))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = _Server(("127.0.0.1", 0), Static)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def _urlset(base: str, paths: list[str]) -> str:
    urls = "".join(
        f"<url><loc>{base}{p}</loc><lastmod>2025-07-0{i % 9 + 1}</lastmod></url>" for i, p in enumerate(paths)
    )
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


@pytest.mark.slow
def test_robots_crawl_delay_is_honoured(tmp_path: Path) -> None:
    routes: dict[str, tuple[int, str, str]] = {}
    server, seen = _static_server(routes)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes["/robots.txt"] = (
        200,
        "text/plain",
        f"User-agent: *\nCrawl-delay: 0.5\nSitemap: {base}/sitemap.xml\n",
    )
    paths = ["/berita/satu", "/berita/dua", "/berita/tiga"]
    routes["/sitemap.xml"] = (200, "application/xml", _urlset(base, paths))
    for p in paths:
        routes[p] = (200, "text/html", ARTICLE.format(title=p, head="", extra=""))
    src = {"id": "pemkot-sabar", "name": "Pemkot Sabar", "url": base + "/", "kind": "government", "feeds": []}
    settings = Settings(data_dir=tmp_path, crawl=CrawlConfig(download_delay=0, autothrottle=True, queries=[]))
    try:
        report = run_crawl(settings, sources=[src])
    finally:
        server.shutdown()
    assert report.new_articles == 3
    times = [t for t, p in seen if p != "/robots.txt"]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) >= 3 and min(gaps) >= 0.45
    assert report.run_dir is not None
    assert "asks for Crawl-delay 0.5 s" in (report.run_dir / "crawler.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_429_holds_the_whole_source_then_slows_it(tmp_path: Path) -> None:
    """The first article asked for answers 429 with Retry-After: 2; the source's other articles wait too.

    One request in flight per source, so every request after the 429 was sent after the crawler knew:
    with two, one already on its way when the 429 arrived may land just after it (nothing can stop it).
    """
    seen: list[tuple[float, str, int]] = []
    paths = [f"/berita/{n}" for n in ("satu", "dua", "tiga", "empat", "lima")]

    class Limited(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            headers = {}
            if self.path == "/robots.txt":
                status, ctype, body = 200, "text/plain", f"User-agent: *\nSitemap: {base}/sitemap.xml\n"
            elif self.path == "/sitemap.xml":
                status, ctype, body = 200, "application/xml", _urlset(base, paths)
            elif self.path in paths and not any(s == 429 for _t, _p, s in seen):
                status, ctype, body = 429, "text/plain", "Too Many Requests"
                headers["Retry-After"] = "2"
            elif self.path in paths:
                status, ctype, body = 200, "text/html", ARTICLE.format(title=self.path, head="", extra="")
            else:
                status, ctype, body = 404, "text/html", "<html>tidak ada</html>"
            seen.append((time.monotonic(), self.path, status))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

    server = _Server(("127.0.0.1", 0), Limited)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    src = {"id": "pemkot-sibuk", "name": "Pemkot Sibuk", "url": base + "/", "kind": "government", "feeds": []}
    settings = Settings(
        data_dir=tmp_path,
        crawl=CrawlConfig(download_delay=0, autothrottle=True, concurrency_per_domain=1, queries=[]),
    )
    try:
        report = run_crawl(settings, sources=[src])
    finally:
        server.shutdown()
    [(t429, limited, _s)] = [e for e in seen if e[2] == 429]
    after = [(t, p) for t, p, _s in seen if t > t429]
    assert len(after) == len(paths)  # the four still queued and the retry
    assert after[0][0] - t429 >= 1.95  # nothing of the source during the 2 s it asked for
    assert [p for _t, p in after].count(limited) == 1
    # then the source's delay stays raised (to RBMON_BACKOFF_SECONDS, 1 s): AutoThrottle does not lower it
    gaps = [b - a for (a, _p), (b, _q) in itertools.pairwise(after)]
    assert min(gaps) >= 0.95
    assert report.new_articles == len(paths)  # everything fetched all the same
    assert report.run_dir is not None
    log_text = (report.run_dir / "crawler.log").read_text(encoding="utf-8")
    assert (
        f"HTTP 429 for {base}{limited}: waiting 2.0 s as Retry-After asks, and so does every other request "
        "of source pemkot-sibuk; then retry 1; 1.0 s between the source's requests for the rest of the run"
    ) in log_text


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2025, 7, 1, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Tue, 01 Jul 2025 08:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Tue, 01 Jul 2025 07:59:00 GMT", now=now) == 0.0  # already past
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


@pytest.mark.slow
def test_sitemap_index_reads_only_the_newest_children(tmp_path: Path) -> None:
    routes: dict[str, tuple[int, str, str]] = {}
    server, seen = _static_server(routes)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    children = "".join(
        f"<sitemap><loc>{base}/post-sitemap{n}.xml</loc><lastmod>2025-{n:02d}-01T00:00:00+07:00</lastmod></sitemap>"
        for n in range(1, 13)
    )
    routes["/sitemap_index.xml"] = (200, "application/xml",
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>')  # fmt: skip
    for n in range(1, 13):
        routes[f"/post-sitemap{n}.xml"] = (200, "application/xml", _urlset(base, []))
    src = {"id": "warta-arsip", "name": "Warta Arsip", "url": base + "/", "kind": "regional_media",
           "wordpress": True, "feeds": [f"{base}/feed/"]}  # fmt: skip
    settings = Settings(
        data_dir=tmp_path, crawl=CrawlConfig(download_delay=0, autothrottle=False, queries=[])
    )
    try:
        run_crawl(settings, sources=[src])
    finally:
        server.shutdown()
    read = sorted(int(p[len("/post-sitemap") : -4]) for _t, p in seen if p.startswith("/post-sitemap"))
    assert read == list(range(3, 13))  # the ten newest of twelve months


@pytest.mark.slow
def test_unreachable_robots_txt_stops_the_crawl_of_its_source(tmp_path: Path) -> None:
    routes: dict[str, tuple[int, str, str]] = {}
    server, seen = _static_server(routes)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes["/robots.txt"] = (200, "text/plain", f"User-agent: *\nSitemap: {base}/sitemap.xml\n")
    routes["/sitemap.xml"] = (200, "application/xml", _urlset(base, ["/berita/satu"]))
    routes["/berita/satu"] = (200, "text/html", ARTICLE.format(title="Satu", head="", extra=""))
    src = {"id": "pemkot-robot", "name": "Pemkot Robot", "url": base + "/", "kind": "government", "feeds": []}
    settings = Settings(data_dir=tmp_path, crawl=CrawlConfig(download_delay=0, retry_times=0, queries=[]))
    try:
        assert run_crawl(settings, sources=[src]).new_articles == 1
        routes["/robots.txt"] = (503, "text/html", "<html>Service Unavailable</html>")
        seen.clear()
        report = run_crawl(settings, sources=[src])
    finally:
        server.shutdown()
    assert [p for _t, p in seen] == ["/robots.txt"]  # RFC 9309: unreachable robots.txt = disallow all
    assert report.run_dir is not None
    log_text = (report.run_dir / "crawler.log").read_text(encoding="utf-8")
    assert "robots.txt of pemkot-robot is unreachable (HTTP 503): nothing is crawled this run" in log_text
    [row] = [r for r in check_sources(settings) if r["id"] == "pemkot-robot"]
    assert row["state"] == "failing" and row["failed_runs"] == 1 and "sitemap:failing" in row["channels"]


@pytest.mark.slow
def test_two_crawls_on_one_data_directory_are_refused(tmp_path: Path) -> None:
    from filelock import FileLock

    from pipeline.core.errors import CrawlError

    settings = Settings(data_dir=tmp_path)
    (tmp_path / "jobs" / "crawl").mkdir(parents=True)
    with (
        FileLock(str(tmp_path / "jobs" / "crawl" / ".lock")),
        pytest.raises(CrawlError, match="another crawl"),
    ):
        run_crawl(settings, sources=[])
