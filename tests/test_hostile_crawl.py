"""Hostile sources (issue 17, cases 6, 9, 14 and 15): documents that would multiply into work are capped
with one log line each, gzipped sitemaps are read under the decompression cap, and a crawl in which no
source answered is recorded as ``unreachable`` and fails in one line.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.core.config import CrawlConfig, Settings
from pipeline.core.errors import CrawlError
from pipeline.crawl import CrawlReport, run_crawl

pytestmark = pytest.mark.slow

ARTICLE = (
    "<!DOCTYPE html><html lang='id'><head><title>{t}</title></head><body><article><h1>{t}</h1><p>KENDARI – "
    "Pemerintah Kota Kendari menggelar evaluasi reformasi birokrasi bersama perangkat daerah.</p></article></body></html>"
)


class Site:
    """A source answering ``routes`` (path -> status, content type, body), counting what it was asked."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.seen: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.seen.append(self.path)
                default = (
                    (200, "text/html", ARTICLE.format(t=self.path).encode())
                    if self.path.startswith("/berita/")
                    else (404, "text/html", b"<html>tidak ada</html>")
                )
                status, ctype, body = site.routes.get(self.path, default)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def source(self) -> dict[str, Any]:
        return {
            "id": "pemkot-nakal",
            "name": "Pemkot Nakal",
            "url": self.base + "/",
            "kind": "government",
            "feeds": [],
        }


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.server.shutdown()


def _crawl(tmp_path: Path, site: Site, **crawl: Any) -> tuple[CrawlReport, str]:
    settings = Settings(
        data_dir=tmp_path,
        crawl=CrawlConfig(download_delay=0, autothrottle=False, retry_times=0, queries=[], **crawl),
    )
    report = run_crawl(settings, sources=[site.source()])
    assert report.run_dir is not None
    return report, (report.run_dir / "crawler.log").read_text(encoding="utf-8")


def _urlset(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def _feed(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><link>{base}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def test_robots_sitemap_lines_are_capped(tmp_path: Path, site: Site) -> None:
    lines = "".join(f"Sitemap: {site.base}/sm-{i}.xml\n" for i in range(20_000))
    site.routes["/robots.txt"] = (200, "text/plain", f"User-agent: *\n{lines}".encode())
    _, log = _crawl(tmp_path, site, max_robots_sitemaps=7)
    asked = [p for p in site.seen if p.startswith("/sm-")]
    assert sorted(asked) == sorted(
        f"/sm-{i}.xml" for i in range(7)
    )  # it used to be 20,000 requests, 28 h at 5 s each
    assert (
        "robots.txt of pemkot-nakal lists 20000 sitemaps: reading the first 7 (crawl.max_robots_sitemaps)"
        in log
    )


def test_discovery_requests_per_source_are_capped(tmp_path: Path, site: Site) -> None:
    children = "".join(f"<sitemap><loc>{site.base}/child-{i}.xml</loc></sitemap>" for i in range(50))
    site.routes["/robots.txt"] = (200, "text/plain", f"Sitemap: {site.base}/index.xml\n".encode())
    site.routes["/index.xml"] = (
        200,
        "application/xml",
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'.encode(),
    )
    _, log = _crawl(tmp_path, site, max_child_sitemaps=50, max_listing_pages_per_source=12)
    listing = [p for p in site.seen if not p.startswith("/berita/")]
    assert len(listing) <= 12 + 1  # robots.txt is not a listing page
    assert "source pemkot-nakal: 12 discovery requests reached (crawl.max_listing_pages_per_source)" in log


def test_feed_items_are_capped_and_dropped_urls_are_logged(tmp_path: Path, site: Site) -> None:
    paths = [f"/berita/{i}" for i in range(3000)]
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\n")
    site.routes["/"] = (
        200,
        "text/html",
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{site.base}/feed.xml"></head></html>'.encode(),
    )
    site.routes["/feed.xml"] = (200, "application/rss+xml", _feed(site.base, paths))
    report, log = _crawl(
        tmp_path, site, max_feed_items=1000, max_pages_per_source=5, max_frontier_per_source=10
    )
    assert "lists 3000 items: reading the first 1000 (crawl.max_feed_items)" in log
    assert report.new_articles == 5
    assert "source pemkot-nakal: 10 article URLs wait in the frontier (crawl.max_frontier_per_source)" in log
    assert (
        "source pemkot-nakal: 985 article URL(s) beyond the page budget and the frontier were dropped" in log
    )
    con = duckdb.connect(str(tmp_path / "rbmon.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from crawl_frontier").fetchone() == (10,)
    finally:
        con.close()


def test_gzipped_sitemaps_are_read_and_gzip_bombs_stopped_at_the_cap(tmp_path: Path, site: Site) -> None:
    site.routes["/robots.txt"] = (
        200,
        "text/plain",
        f"Sitemap: {site.base}/sitemap.xml.gz\nSitemap: {site.base}/bomb.xml.gz\n".encode(),
    )
    site.routes["/sitemap.xml.gz"] = (
        200,
        "application/x-gzip",
        gzip.compress(_urlset(site.base, ["/berita/a", "/berita/b"])),
    )
    bomb = gzip.compress(_urlset(site.base, ["/berita/c"]) + b" " * 8_000_000, compresslevel=9)
    site.routes["/bomb.xml.gz"] = (200, "application/x-gzip", bomb)
    report, log = _crawl(tmp_path, site, max_page_bytes=2_000_000)
    assert report.new_articles == 2 and "/berita/c" not in site.seen
    assert "is a gzipped sitemap of more than 2,000,000 bytes" in log
    con = duckdb.connect(str(tmp_path / "rbmon.duckdb"), read_only=True)
    try:
        errors = dict(con.execute("select url, error from fetches where kind = 'sitemap'").fetchall())
    finally:
        con.close()
    assert errors == {f"{site.base}/sitemap.xml.gz": None, f"{site.base}/bomb.xml.gz": "too_large"}


def test_a_crawl_that_reached_no_source_is_not_ok(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on: every request is refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = [
        {
            "id": f"mati-{i}",
            "name": "Mati",
            "url": f"http://127.0.0.1:{port}/{i}/",
            "kind": "government",
            "feeds": [],
        }
        for i in range(2)
    ]
    dead[1]["url"] = f"http://mati.invalid:{port}/"  # and a name that does not resolve
    settings = Settings(
        data_dir=tmp_path, crawl=CrawlConfig(download_delay=0, retry_times=0, timeout=5, queries=[])
    )
    with pytest.raises(CrawlError, match="no source answered: all 2 requests"):
        run_crawl(settings, sources=dead)
    con = duckdb.connect(str(tmp_path / "rbmon.duckdb"), read_only=True)
    try:
        assert con.execute("select status from crawl_runs").fetchall() == [("unreachable",)]
    finally:
        con.close()
