"""Every response body of the fixture site, rendered once at start-up from the :class:`SiteModel`.

Static pages (articles, lists, feeds, sitemaps, traps) are pre-rendered into a path -> response
table per outlet; only the query-driven endpoints (WordPress search feed, ``wp-json`` search,
``?page=2``) are computed per request, and they are cheap.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from pipeline.fixture_site.articles import FixtureArticle
from pipeline.fixture_site.model import OutletSpec, SiteModel, fmt_indonesian_date

__all__ = ["Response", "SiteContent", "WpQueryError", "minimal_pdf"]

UTM = "utm_source=rss&utm_medium=feed"
_HTML = "text/html; charset=UTF-8"
_XML = "application/xml; charset=UTF-8"
_RSS = "application/rss+xml; charset=UTF-8"
OVERSIZED_BYTES = 3_300_000


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    gzipped: bytes | None = None  # filled lazily by the server for static responses

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")


class WpQueryError(ValueError):
    """A ``wp-json`` query WordPress itself would reject with 400; carries WP's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _loader(name: str) -> str:
    return (files("rbmon_data") / "fixture_site" / "templates" / name).read_text("utf-8")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_loader),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF showing ``text`` (ASCII), with a correct xref table."""
    safe = re.sub(r"[^ -~]", "?", text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def _cacheable(status: int, body: bytes, content_type: str, updated: datetime) -> Response:
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    return Response(status, body, content_type, {"ETag": etag, "Last-Modified": _http_date(updated)})


def _label(slug: str) -> str:
    return " ".join(
        w.upper() if w in {"ntb", "ntt", "diy", "dki"} else w.capitalize() for w in slug.split("-")
    )


class SiteContent:
    """Rendered responses of all outlets for one set of base URLs."""

    def __init__(self, model: SiteModel, base_urls: Mapping[str, str]) -> None:
        self.model = model
        self.base_urls = {k: v.rstrip("/") + "/" for k, v in base_urls.items()}
        self.env = _environment()
        self.static: dict[str, dict[str, Response]] = {o.id: {} for o in model.outlets}
        self.slow_paths: dict[str, set[str]] = {o.id: set() for o in model.outlets}
        self.fault_paths: dict[str, dict[str, int]] = {o.id: {} for o in model.outlets}
        self.not_found: dict[str, Response] = {}
        self._site_cache: dict[str, dict[str, Any]] = {}
        for outlet in model.outlets:
            self._build_outlet(outlet)

    # -- helpers --------------------------------------------------------------------------------

    def abs_url(self, outlet_id: str, path: str) -> str:
        return self.base_urls[outlet_id].rstrip("/") + path

    def _site(self, outlet: OutletSpec) -> dict[str, Any]:
        articles = self.model.by_outlet(outlet.id)
        popular = sorted(articles, key=lambda a: self.model.numbers[a.id])
        nav = [{"label": _label(s), "href": self.model.section_path(outlet.id, s)} for s in outlet.raw["nav"]]
        newest = (
            articles[0].published.astimezone(outlet.tz)
            if articles
            else datetime(2025, 7, 6, tzinfo=outlet.tz)
        )
        feed = outlet.raw["feeds"][0]
        return {
            "name": outlet.name,
            "tagline": outlet.raw["tagline"],
            "address": outlet.raw["address"],
            "base_url": self.base_urls[outlet.id],
            "feed_url": self.abs_url(outlet.id, feed),
            "nav": nav,
            "private_path": outlet.traps["private"],
            "related_label": outlet.raw["related_label"],
            "year": 2025,
            "today": fmt_indonesian_date(newest).rsplit(" ", 2)[0],
            "terkini": [self._entry(a) for a in articles[:5]],
            "terpopuler": [self._entry(a) for a in popular[:5]],
        }

    def _entry(self, article: FixtureArticle) -> dict[str, str]:
        local = self.model.local_time(article)
        return {
            "title": article.title,
            "href": self.model.article_path(article),
            "iso": local.isoformat(),
            "date_visible": fmt_indonesian_date(local),
            "excerpt": self.model.excerpt(article, 30),
        }

    def _render_html(self, outlet: OutletSpec, page: dict[str, Any], *, article: Any = None,
                     charset: str = "UTF-8", status: int = 200) -> Response:  # fmt: skip
        base: dict[str, Any] = {"kind": "list", "canonical": None, "prev": None, "next": None, "pager": None,
                "heading": None, "entries": [], "number": 1, "is_home": False, "blocks": []}  # fmt: skip
        base.update(page)
        html = self.env.get_template(outlet.template).render(
            site=self._site_cached(outlet), page=base, article=article or {}, charset=charset
        )
        body = html.encode(charset, errors="xmlcharrefreplace")
        return Response(status, body, f"text/html; charset={charset}")

    def _site_cached(self, outlet: OutletSpec) -> dict[str, Any]:
        if outlet.id not in self._site_cache:
            self._site_cache[outlet.id] = self._site(outlet)
        return self._site_cache[outlet.id]

    def _tracked(self, outlet: OutletSpec, index: int, url: str) -> str:
        every = outlet.traps.get("utm_every")
        return f"{url}?{UTM}" if every and index % every == 0 else url

    # -- building -------------------------------------------------------------------------------

    def _build_outlet(self, outlet: OutletSpec) -> None:
        table = self.static[outlet.id]
        articles = self.model.by_outlet(outlet.id)
        for article in articles:
            self._build_article(outlet, article, table)
        entries = [self._entry(a) for a in articles]
        table["/"] = self._render_html(outlet, {"entries": entries[:20], "is_home": True,
                                                "canonical": self.base_urls[outlet.id]})  # fmt: skip
        sections = list(dict.fromkeys([*outlet.raw["nav"], *(a.section for a in articles)]))
        if "{section}" not in outlet.raw["section_url"]:  # one list page for every section
            table[outlet.raw["section_url"]] = self._render_html(
                outlet, {"entries": entries, "heading": "Berita"}
            )
        else:
            for section in sections:
                path = self.model.section_path(outlet.id, section)
                chosen = [self._entry(a) for a in articles if a.section == section]
                table[path] = self._render_html(outlet, {"entries": chosen, "heading": _label(section),
                                                         "canonical": self.abs_url(outlet.id, path)})  # fmt: skip
        if outlet.id == "nusantarapos":
            table["/daerah/"] = self._render_html(outlet, {"entries": entries, "heading": "Daerah"})
            table["/indeks"] = self._render_html(outlet, {"entries": entries, "heading": "Indeks Berita"})
            table[outlet.traps["oversized"]] = self._oversized(outlet)
        table[outlet.traps["private"]] = self._render_html(outlet, {"kind": "private"})
        if "offsite_redirect" in outlet.traps:  # an old URL that now sends the crawler to another site
            elsewhere = next(base for oid, base in self.base_urls.items() if oid != outlet.id)
            table[outlet.traps["offsite_redirect"]] = Response(301, b"", _HTML, {"Location": elsewhere})
        if outlet.wordpress:  # what WordPress detectors probe first
            root = {"name": outlet.name, "description": outlet.raw["tagline"], "url": self.base_urls[outlet.id],
                    "namespaces": ["oembed/1.0", "wp/v2"], "routes": {"/wp/v2/posts": {"methods": ["GET"]}}}  # fmt: skip
            table["/wp-json/"] = Response(200, json.dumps(root).encode(), "application/json; charset=UTF-8")
        self.not_found[outlet.id] = self._render_html(outlet, {"kind": "not_found"}, status=404)
        if "pdf" in outlet.traps:
            pdf = minimal_pdf("LKjIP Pemerintah Provinsi Nusa Tenggara Barat Tahun 2024")
            table[outlet.traps["pdf"]] = Response(200, pdf, "application/pdf")
        self._build_feeds_and_sitemaps(outlet, articles, table)
        sitemap = self.abs_url(outlet.id, outlet.raw["sitemaps"][0])
        robots = f"User-agent: *\nDisallow: /private/\n\nSitemap: {sitemap}\n"
        table["/robots.txt"] = Response(200, robots.encode(), "text/plain; charset=UTF-8")
        trap_ids = {k: outlet.traps.get(k) for k in ("slow", "error_then_ok", "rate_limited_then_ok")}
        for kind, article_id in trap_ids.items():
            trap = self.model.by_id(article_id) if article_id else None
            if trap is None or trap.outlet != outlet.id:
                continue
            path = self.model.article_path(trap)
            if kind == "slow":
                self.slow_paths[outlet.id].add(path)
            else:
                self.fault_paths[outlet.id][path] = 500 if kind == "error_then_ok" else 429

    def _article_ctx(self, outlet: OutletSpec, article: FixtureArticle) -> dict[str, Any]:
        local = self.model.local_time(article)
        modified = self.model.local_time(article, article.updated)
        canonical = self.abs_url(outlet.id, self.model.article_path(article))
        ctx: dict[str, Any] = {
            "id": article.id,
            "title": article.title,
            "slug": article.slug,
            "number": self.model.numbers[article.id],
            "author": article.author,
            "author_slug": re.sub(r"[^a-z0-9]+", "-", article.author.lower()).strip("-"),
            "editor": article.editor,
            "tags": list(article.tags),
            "photo_caption": article.photo_caption,
            "section": article.section,
            "section_label": _label(article.section),
            "section_href": self.model.section_path(outlet.id, article.section),
            "published_iso": local.isoformat(),
            "published_plain": f"{local:%Y-%m-%d %H:%M:%S}",
            "modified_iso": modified.isoformat(),
            "excerpt": self.model.excerpt(article),
            "canonical": canonical,
            "path": self.model.article_path(article),
            "upload_dir": f"{local:%Y/%m}",
            "views": 100 + self.model.numbers[article.id] % 900,
            "credit": self.model.trailer_lines(article)[0],
            "pdf_href": outlet.traps.get("pdf") if outlet.traps.get("error_then_ok") == article.id else None,
        }
        if outlet.id == "suarabumi":
            ctx["date_visible"] = fmt_indonesian_date(local).replace(f" {local:%H:%M}", f" - {local:%H:%M}")
            ctx["amp_url"] = self.abs_url(outlet.id, self.model.amp_path(article) or "")
            ctx["jsonld"] = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
                "headline": article.title,
                "datePublished": local.isoformat(),
                "dateModified": modified.isoformat(),
                "author": {"@type": "Person", "name": article.author},
                "publisher": {"@type": "Organization", "name": outlet.name},
                "articleSection": _label(article.section),
                "keywords": ", ".join(article.tags),
            }
        elif outlet.id == "nusantarapos":
            ctx["date_visible"] = fmt_indonesian_date(local, short_month=True, zero_pad=True)
        else:
            ctx["date_visible"] = fmt_indonesian_date(local)
        return ctx

    def _build_article(self, outlet: OutletSpec, article: FixtureArticle, table: dict[str, Response]) -> None:
        ctx = self._article_ctx(outlet, article)
        pages = self.model.body_pages(article)
        charset = article.encoding or "UTF-8"
        for number, items in enumerate(pages, start=1):
            path = self.model.page_path(article, number)
            page = {
                "kind": "article",
                "number": number,
                "blocks": items,
                "canonical": self.abs_url(outlet.id, path),
                "prev": self.abs_url(outlet.id, self.model.page_path(article, number - 1))
                if number > 1
                else None,
                "next": self.abs_url(outlet.id, self.model.page_path(article, number + 1))
                if number < len(pages)
                else None,
                "pager": [
                    (n, self.model.page_path(article, n), n == number) for n in range(1, len(pages) + 1)
                ]
                if len(pages) > 1
                else None,
            }
            table[path] = self._render_html(outlet, page, article=ctx, charset=charset)
        amp = self.model.amp_path(article)
        if amp:
            html = self.env.get_template("amp.html").render(
                site=self._site_cached(outlet), article={**ctx, "all_pages": pages}
            )
            table[amp] = Response(200, html.encode("utf-8"), _HTML)

    def _oversized(self, outlet: OutletSpec) -> Response:
        rows = []
        size = 0
        i = 0
        while size < OVERSIZED_BYTES:
            i += 1
            row = (f"<li>{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d} &mdash; Arsip berita nomor {i}: "
                   f"rekapitulasi liputan daerah edisi {i}</li>\n")  # fmt: skip
            rows.append(row)
            size += len(row)
        return self._render_html(outlet, {"kind": "index", "index_html": Markup("".join(rows))})

    # -- feeds and sitemaps -----------------------------------------------------------------------

    def _feed_items(
        self, outlet: OutletSpec, articles: list[FixtureArticle], *, tracked: bool
    ) -> list[dict[str, Any]]:
        items = []
        for index, article in enumerate(articles):
            url = self.abs_url(outlet.id, self.model.article_path(article))
            number = self.model.numbers[article.id]
            wp = outlet.wordpress
            items.append(
                {
                    "title": article.title,
                    "link": self._tracked(outlet, index, url) if tracked else url,
                    "author": article.author,
                    "pub_date": _http_date(article.published),
                    "category": _label(article.section),
                    "guid": f"{self.base_urls[outlet.id]}?p={number}" if wp else url,
                    "guid_permalink": "false" if wp else "true",
                    "excerpt": self.model.excerpt(article),
                    "content_html": "".join(f"<p>{Markup.escape(b.text)}</p>" for b in article.pages[0])
                    if wp
                    else None,
                }
            )
        return items

    def rss(self, outlet: OutletSpec, articles: list[FixtureArticle], *, self_path: str,
            title: str, tracked: bool = True) -> Response:  # fmt: skip
        updated = max((a.updated for a in articles), default=datetime(2025, 7, 6, tzinfo=UTC))
        feed = {
            "title": title,
            "self_url": self.abs_url(outlet.id, self_path),
            "link": self.base_urls[outlet.id],
            "description": outlet.raw["tagline"],
            "last_build": _http_date(updated),
            "generator": "https://wordpress.org/?v=6.5.5" if outlet.wordpress else None,
            "entries": self._feed_items(outlet, articles, tracked=tracked),
        }
        body = self.env.get_template("rss.xml").render(feed=feed).encode("utf-8")
        return _cacheable(200, body, _RSS, updated)

    def _urlset(self, outlet: OutletSpec, urls: list[dict[str, Any]], *, news: bool = False) -> Response:
        ctx = {"urls": urls, "news": {"name": outlet.name} if news else None}
        body = self.env.get_template("urlset.xml").render(**ctx).encode("utf-8")
        return Response(200, body, _XML)

    def _article_urls(
        self, outlet: OutletSpec, articles: list[FixtureArticle], *, news: bool = False
    ) -> list[dict[str, Any]]:
        urls = []
        for index, article in enumerate(articles):
            local = self.model.local_time(article)
            url = self._tracked(outlet, index, self.abs_url(outlet.id, self.model.article_path(article)))
            entry = {"loc": url, "lastmod": self.model.local_time(article, article.updated).isoformat()}
            if news:
                entry |= {"publication_date": local.isoformat(), "title": article.title}
            urls.append(entry)
        return urls

    def _index(self, outlet: OutletSpec, paths: list[str], lastmod: str | Mapping[str, str]) -> Response:
        """A sitemap index of ``paths``; ``lastmod`` is one date for all or a date per path."""
        dates = {p: lastmod for p in paths} if isinstance(lastmod, str) else lastmod
        sitemaps = [{"loc": self.abs_url(outlet.id, p), "lastmod": dates[p]} for p in paths]
        body = self.env.get_template("sitemapindex.xml").render(sitemaps=sitemaps).encode("utf-8")
        return Response(200, body, _XML)

    def _build_feeds_and_sitemaps(self, outlet: OutletSpec, articles: list[FixtureArticle],
                                  table: dict[str, Response]) -> None:  # fmt: skip
        for feed_path in dict.fromkeys([*outlet.raw["feeds"], *outlet.raw.get("extra_feeds", [])]):
            table[feed_path] = self.rss(outlet, articles[:20], self_path=feed_path, title=outlet.name)
        lastmod = max((self.model.local_time(a, a.updated) for a in articles), default=None)
        lastmod_iso = lastmod.isoformat() if lastmod else "2025-07-06T00:00:00+07:00"
        private = {"loc": self.abs_url(outlet.id, outlet.traps["private"]), "lastmod": lastmod_iso}
        if outlet.id == "suarabumi":
            per = int(outlet.raw.get("posts_per_sitemap", 25))
            chunks = [articles[i : i + per] for i in range(0, len(articles), per)] or [[]]
            names = ["/post-sitemap.xml"] + [f"/post-sitemap{n}.xml" for n in range(2, len(chunks) + 1)]
            for name, chunk in zip(names, chunks, strict=True):
                urls = self._article_urls(outlet, chunk)
                if name == names[0]:
                    gone = outlet.traps["missing_in_sitemap"]
                    urls.append(
                        {"loc": self.abs_url(outlet.id, gone), "lastmod": "2025-06-24T08:00:00+07:00"}
                    )
                table[name] = self._urlset(outlet, urls)
            table["/page-sitemap.xml"] = self._urlset(
                outlet, [{"loc": self.base_urls[outlet.id], "lastmod": lastmod_iso}, private]
            )
            table["/news-sitemap.xml"] = self._urlset(
                outlet, self._article_urls(outlet, articles, news=True), news=True
            )
            table["/sitemap_index.xml"] = self._index(
                outlet, [*names, "/page-sitemap.xml", "/news-sitemap.xml"], lastmod_iso
            )
        elif outlet.id == "pemprov-ntb":
            # one post sitemap per month of publication (local time), each dated by its newest edit
            months: dict[str, list[FixtureArticle]] = {}
            for article in articles:
                months.setdefault(f"{self.model.local_time(article):%Y-%m}", []).append(article)
            dates: dict[str, str] = {}
            for month, chunk in sorted(months.items(), reverse=True):
                name = f"/sitemap-berita-{month}.xml"
                table[name] = self._urlset(outlet, self._article_urls(outlet, chunk))
                dates[name] = max(self.model.local_time(a, a.updated) for a in chunk).isoformat()
            pdf = {"loc": self.abs_url(outlet.id, outlet.traps["pdf"]), "lastmod": lastmod_iso}
            table["/sitemap-halaman.xml"] = self._urlset(outlet, [pdf, private])
            table["/sitemap-googlenews.xml"] = self._urlset(
                outlet, self._article_urls(outlet, articles, news=True), news=True
            )
            dates |= {"/sitemap-halaman.xml": lastmod_iso, "/sitemap-googlenews.xml": lastmod_iso}
            table["/sitemap.xml"] = self._index(outlet, list(dates), dates)
        elif outlet.id == "nusantarapos":
            urls = self._article_urls(outlet, articles)
            urls.append({"loc": self.abs_url(outlet.id, outlet.traps["oversized"]), "lastmod": lastmod_iso})
            urls.append(private)
            table["/sitemap-articles.xml"] = self._urlset(outlet, urls)
            table["/sitemap-news.xml"] = self._urlset(
                outlet, self._article_urls(outlet, articles, news=True), news=True
            )
            table["/sitemap_index.xml"] = self._index(
                outlet, ["/sitemap-articles.xml", "/sitemap-news.xml"], lastmod_iso
            )
        else:  # an outlet of no registry: one plain sitemap of its articles
            table[outlet.raw["sitemaps"][0]] = self._urlset(
                outlet, [*self._article_urls(outlet, articles), private]
            )

    # -- query-driven endpoints -------------------------------------------------------------------

    def search(self, outlet_id: str, query: str) -> list[FixtureArticle]:
        """WordPress search: case-insensitive, every word must occur in the title or body."""
        words = query.lower().split()
        found = []
        for article in self.model.by_outlet(outlet_id):
            haystack = (article.title + "\n" + article.plain_body()).lower()
            if all(w in haystack for w in words):
                found.append(article)
        return found

    def search_feed(self, outlet_id: str, query: str) -> Response:
        outlet = self.model.outlet(outlet_id)
        path = "/?s=" + query.replace(" ", "+") + "&feed=rss2"
        title = f"Hasil pencarian untuk “{query}” – {outlet.name}"
        return self.rss(outlet, self.search(outlet_id, query), self_path=path, title=title, tracked=False)

    def search_page(self, outlet_id: str, query: str) -> Response:
        outlet = self.model.outlet(outlet_id)
        entries = [self._entry(a) for a in self.search(outlet_id, query)]
        return self._render_html(outlet, {"entries": entries, "heading": f"Hasil pencarian untuk: {query}"})

    def wp_posts(self, outlet_id: str, params: Mapping[str, str]) -> Response:
        """``/wp-json/wp/v2/posts`` with WordPress's parameters, JSON shape and paging headers.

        Raises:
            WpQueryError: a parameter WordPress would reject (bad date, per_page, page).
        """
        outlet = self.model.outlet(outlet_id)
        articles = self.search(outlet_id, params.get("search", ""))
        for key in ("after", "before"):
            if params.get(key):
                try:
                    bound = datetime.fromisoformat(params[key].replace("Z", "+00:00"))
                except ValueError:
                    raise WpQueryError("rest_invalid_param", f"Invalid parameter(s): {key}") from None
                if bound.tzinfo is None:
                    bound = bound.replace(tzinfo=outlet.tz)
                if key == "after":
                    articles = [a for a in articles if a.published > bound]
                else:
                    articles = [a for a in articles if a.published < bound]
        try:
            per_page = int(params.get("per_page", "10"))
            page = int(params.get("page", "1"))
        except ValueError:
            raise WpQueryError("rest_invalid_param", "Invalid parameter(s): per_page, page") from None
        if not 1 <= per_page <= 100 or page < 1:
            raise WpQueryError("rest_invalid_param", "Invalid parameter(s): per_page, page")
        total = len(articles)
        pages = (total + per_page - 1) // per_page
        if page > max(pages, 1):
            raise WpQueryError(
                "rest_post_invalid_page_number",
                "Nomor halaman yang diminta lebih besar dari jumlah halaman yang tersedia.",
            )
        chosen = articles[(page - 1) * per_page : page * per_page]
        body = json.dumps([self._wp_post(outlet, a) for a in chosen], ensure_ascii=False).encode("utf-8")
        headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
        return Response(200, body, "application/json; charset=UTF-8", headers)

    def _wp_post(self, outlet: OutletSpec, article: FixtureArticle) -> dict[str, Any]:
        local = self.model.local_time(article)
        modified = self.model.local_time(article, article.updated)
        number = self.model.numbers[article.id]
        content = "".join(
            f"<h2>{Markup.escape(b.text)}</h2>\n" if b.kind == "h2" else f"<p>{Markup.escape(b.text)}</p>\n"
            for page in article.pages
            for b in page
        )
        return {
            "id": number,
            "date": f"{local:%Y-%m-%dT%H:%M:%S}",
            "date_gmt": f"{local.astimezone(UTC):%Y-%m-%dT%H:%M:%S}",
            "guid": {"rendered": f"{self.base_urls[outlet.id]}?p={number}"},
            "modified": f"{modified:%Y-%m-%dT%H:%M:%S}",
            "modified_gmt": f"{modified.astimezone(UTC):%Y-%m-%dT%H:%M:%S}",
            "slug": article.slug,
            "status": "publish",
            "type": "post",
            "link": self.abs_url(outlet.id, self.model.article_path(article)),
            "title": {"rendered": str(Markup.escape(article.title))},
            "content": {"rendered": content, "protected": False},
            "excerpt": {
                "rendered": f"<p>{Markup.escape(self.model.excerpt(article, 55))}</p>\n",
                "protected": False,
            },
            "author": 1 + zlib.crc32(article.author.encode("utf-8")) % 7,
            "categories": [1 + zlib.crc32(article.section.encode("utf-8")) % 40],
            "tags": [],
        }
