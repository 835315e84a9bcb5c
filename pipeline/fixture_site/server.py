"""The fixture news site over HTTP: one ``ThreadingHTTPServer`` per outlet on 127.0.0.1.

Each outlet gets its own port, so each is its own netloc ("domain") as a crawler sees it. Fault
traps (500 then 200, 429 then 200) keep their state per :class:`FixtureSite` instance, so two test
sessions never see each other's first requests; :meth:`FixtureSite.reset` starts them over.

The open-web services (a GDELT-style API and a Google-News-style RSS search, ``services``) get a port
each too. Outlets of no registry are served under their own host names (``tabalongkab.go.id``), which a
crawl reaches through :meth:`FixtureSite.resolve` (``crawl.resolve``); :meth:`FixtureSite.with_discovery`
points a configuration's open-web channels at the services.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.core.config import Settings
from pipeline.fixture_site.articles import FixtureArticle, load_articles
from pipeline.fixture_site.content import Response, SiteContent, WpQueryError
from pipeline.fixture_site.model import SiteModel
from pipeline.fixture_site.services import GDELT, GOOGLE_NEWS, Services

__all__ = ["FixtureOutlet", "FixtureSite", "RequestRecord"]

log = logging.getLogger(__name__)

RequestRecord = tuple[str, str, str, int, dict[str, str]]
_COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/json")


@dataclass(frozen=True)
class FixtureOutlet:
    id: str
    name: str
    kind: str
    province_code: str | None
    wordpress: bool
    base_url: str


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site: FixtureSite, outlet_id: str, port: int = 0) -> None:
        self.site = site
        self.outlet_id = outlet_id
        super().__init__(("127.0.0.1", port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client hanging up is not news
        log.debug("error while serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "nginx/1.24.0"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.server.outlet_id, *args)

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1_000_000))
        self._send(Response(405, b"Method Not Allowed\n", "text/plain"), head=False)

    def _serve(self, *, head: bool) -> None:
        site = self.server.site
        outlet_id = self.server.outlet_id
        try:
            response = site._respond(outlet_id, self.path, dict(self.headers.items()))
        except Exception:  # the fixture must never die on an odd request
            log.exception("fixture site failed on %s %s", outlet_id, self.path)
            response = Response(500, b"Internal Server Error\n", "text/plain")
        self._send(response, head=head)

    def _send(self, response: Response, *, head: bool) -> None:
        site = self.server.site
        body = response.body
        headers = dict(response.headers)
        if (
            body
            and response.status == 200
            and "gzip" in (self.headers.get("Accept-Encoding") or "")
            and response.content_type.startswith(_COMPRESSIBLE)
        ):
            if response.gzipped is None:
                response.gzipped = gzip.compress(body, compresslevel=5, mtime=0)
            body = response.gzipped
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        site._log(self.server.outlet_id, self.command, self.path, response.status, dict(self.headers.items()))
        try:
            self.send_response(response.status)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and response.status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away during %s", self.path)


class FixtureSite:
    """The running fixture site: three outlets, each on its own 127.0.0.1 port.

    >>> with FixtureSite.start(slow_seconds=0.1) as site:  # doctest: +SKIP
    ...     site.base_url("suarabumi")
    'http://127.0.0.1:41235/'
    """

    def __init__(self, *, slow_seconds: float = 3.0, articles: list[FixtureArticle] | None = None) -> None:
        self.slow_seconds = slow_seconds
        self.model = SiteModel.build(articles if articles is not None else load_articles())
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._log_records: list[RequestRecord] = []
        self._times: dict[str, list[float]] = {}
        self._faults_done: set[tuple[str, str]] = set()
        self.content: SiteContent | None = None
        self.services: Services | None = None

    @classmethod
    def start(
        cls,
        *,
        slow_seconds: float = 3.0,
        articles: list[FixtureArticle] | None = None,
        ports: dict[str, int] | None = None,
    ) -> FixtureSite:
        """Bind one port per outlet, render every page for those base URLs, then serve in daemon threads.

        ``ports`` asks for the ports of an earlier run (the demo's incremental rerun needs the
        same URLs); a port that is taken falls back to a free one.
        """
        site = cls(slow_seconds=slow_seconds, articles=articles)
        try:
            for name in [*(spec.id for spec in site.model.outlets), GDELT, GOOGLE_NEWS]:
                wanted = (ports or {}).get(name, 0)
                try:
                    site._servers[name] = _Server(site, name, wanted)
                except OSError:
                    log.warning("port %s for %s is taken; using a free one", wanted, name)
                    site._servers[name] = _Server(site, name)
            outlets = {o.id: site.base_url(o.id) for o in site.model.outlets}
            site.content = SiteContent(site.model, outlets)
            services = {k: site._plain_url(k) for k in (GDELT, GOOGLE_NEWS)}
            site.services = Services(site.model, site.content, services)
        except BaseException:
            site.stop()
            raise
        for outlet_id, server in site._servers.items():
            thread = threading.Thread(target=server.serve_forever, name=f"fixture-{outlet_id}", daemon=True)
            thread.start()
            site._threads.append(thread)
        log.debug("fixture site serving %s", {k: site._plain_url(k) for k in site._servers})
        return site

    def __enter__(self) -> FixtureSite:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.stop()

    def stop(self) -> None:
        for server in self._servers.values():
            if self._threads:
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    # -- what tests and the demo read --------------------------------------------------------------

    def ports(self) -> dict[str, int]:
        return {k: int(s.server_address[1]) for k, s in self._servers.items()}

    def _plain_url(self, name: str) -> str:
        host, port = self._servers[name].server_address[:2]
        return f"http://{host!s}:{port}/"

    def base_url(self, outlet_id: str) -> str:
        """The outlet's home page: under its own host name when it has one (see :meth:`resolve`)."""
        port = self._servers[outlet_id].server_address[1]
        return f"http://{self.model.outlet(outlet_id).host}:{port}/"

    def local_url(self, url: str) -> str:
        """``url`` with a named fixture host replaced by 127.0.0.1, for a client without the mapping."""
        parts = urlsplit(url)
        return parts._replace(netloc=f"127.0.0.1:{parts.port}").geturl() if parts.port else url

    @property
    def outlets(self) -> list[FixtureOutlet]:
        """The registered outlets (those :meth:`sources` lists)."""
        return [o for o in self.all_outlets if o.id in {s.id for s in self.model.outlets if s.registered}]

    @property
    def all_outlets(self) -> list[FixtureOutlet]:
        """Every outlet, those of no registry too."""
        return [
            FixtureOutlet(o.id, o.name, o.kind, o.province_code, o.wordpress, self.base_url(o.id))
            for o in self.model.outlets
        ]

    @property
    def unregistered(self) -> list[FixtureOutlet]:
        """The outlets of no registry: only open-web discovery finds them."""
        registered = {o.id for o in self.outlets}
        return [o for o in self.all_outlets if o.id not in registered]

    def service_url(self, service: str) -> str:
        """The endpoint of a service: ``gdelt`` (the artlist API) or ``google_news`` (the RSS search)."""
        assert self.services is not None
        return self._plain_url(service).rstrip("/") + self.services.path(service)

    def resolve(self) -> dict[str, str]:
        """Host name -> 127.0.0.1 for the outlets served under a name: what ``crawl.resolve`` needs."""
        return {o.host: "127.0.0.1" for o in self.model.outlets if o.host != "127.0.0.1"}

    def with_discovery(self, settings: Settings, *, pace: float = 0.0, google_news: bool = True) -> Settings:
        """``settings`` with the open-web channels on this site's services and its host names resolved.

        ``first_run_days`` reaches back to the oldest fixture article (the articles are dated 2025),
        ``pace`` is both services' ``min_interval``, Google News links are decoded by redirect.
        """
        oldest = min(a.published for a in self.model.articles)
        days = (datetime.now(UTC) - oldest).days + 2
        d = settings.discovery
        gdelt = d.gdelt.model_copy(
            update={"enabled": True, "api_url": self.service_url(GDELT), "min_interval": pace}
        )
        google = d.google_news.model_copy(
            update={"enabled": google_news, "rss_url": self.service_url(GOOGLE_NEWS), "min_interval": pace,
                    "decoder": "redirect", "decode_interval": 0.0}
        )  # fmt: skip
        discovery = d.model_copy(update={"first_run_days": days, "gdelt": gdelt, "google_news": google})
        crawl = settings.crawl.model_copy(update={"resolve": {**settings.crawl.resolve, **self.resolve()}})
        return settings.model_copy(update={"discovery": discovery, "crawl": crawl})

    def sources(self) -> list[dict[str, Any]]:
        """The registered outlets in the source-registry shape; feeds and sitemaps only where discovery is
        not tested. The outlets of no registry are left out: rbmon meets them only through discovery."""
        out = []
        for o in self.model.outlets:
            if not o.registered:
                continue
            listed = o.id == "nusantarapos"
            out.append(
                {
                    "id": o.id,
                    "name": o.name,
                    "url": self.base_url(o.id),
                    "province_code": o.province_code,
                    "kind": o.kind,
                    "wordpress": o.wordpress,
                    "enabled": True,
                    "feeds": [self._abs(o.id, p) for p in o.raw["feeds"]] if listed else [],
                    "sitemaps": [self._abs(o.id, p) for p in o.raw["sitemaps"]] if listed else [],
                    "aliases": [],
                }
            )
        return out

    def url(self, outlet_id: str, path: str) -> str:
        """Absolute URL of ``path`` on an outlet."""
        return self._abs(outlet_id, path)

    def article_url(self, article_id: str, page: int = 1) -> str:
        article = self.model.by_id(article_id)
        if article is None:
            raise KeyError(article_id)
        return self._abs(article.outlet, self.model.page_path(article, page))

    def traps(self) -> dict[str, dict[str, str]]:
        """Absolute URL of every trap per outlet (``outlets.yaml`` ``traps``), article ids resolved.

        >>> site.traps()["pemprov-ntb"]["error_then_ok"]  # doctest: +SKIP
        'http://127.0.0.1:40123/berita/48263/lombok-timur-perbaiki-pohon-kinerja-kejar-nilai-sakip'
        """
        out: dict[str, dict[str, str]] = {}
        for outlet in self.model.outlets:
            urls = {}
            for name, value in outlet.traps.items():
                if name.endswith("_title"):
                    continue
                if not isinstance(value, str):
                    continue
                if value.startswith("/"):
                    urls[name] = self._abs(outlet.id, value)
                elif self.model.by_id(value) is not None:
                    urls[name] = self.article_url(value)
            if "multi_page" in urls:
                urls["multi_page_2"] = self.article_url(outlet.traps["multi_page"], 2)
            if outlet.wordpress and "multi_page" in outlet.traps:
                urls["amp"] = urls["multi_page"] + "amp/"
            out[outlet.id] = urls
        return out

    def request_log(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._log_records)

    def request_times(self, name: str) -> list[float]:
        """When each request to an outlet or service arrived (``time.monotonic()``), in order."""
        with self._lock:
            return list(self._times.get(name, []))

    def reset(self) -> None:
        """Forget the request log and re-arm the first-request faults."""
        with self._lock:
            self._log_records.clear()
            self._times.clear()
            self._faults_done.clear()

    def _abs(self, outlet_id: str, path: str) -> str:
        return self.base_url(outlet_id).rstrip("/") + path

    def _log(self, outlet_id: str, method: str, path: str, status: int, headers: dict[str, str]) -> None:
        with self._lock:
            self._log_records.append((outlet_id, method, path, status, headers))
            self._times.setdefault(outlet_id, []).append(time.monotonic())

    # -- routing ---------------------------------------------------------------------------------

    def _respond(self, outlet_id: str, raw_path: str, headers: dict[str, str]) -> Response:
        content = self.content
        assert content is not None
        parts = urlsplit(raw_path)
        path = parts.path or "/"
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if outlet_id in (GDELT, GOOGLE_NEWS):
            assert self.services is not None
            return self.services.respond(outlet_id, path, query)
        table = content.static[outlet_id]

        fault = content.fault_paths[outlet_id].get(path)
        if fault:
            with self._lock:
                first = (outlet_id, path) not in self._faults_done
                self._faults_done.add((outlet_id, path))
            if first and fault == 429:
                return Response(429, b"Too Many Requests\n", "text/plain", {"Retry-After": "1"})
            if first:
                return Response(
                    500, b"<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html"
                )
        if path in content.slow_paths[outlet_id]:
            time.sleep(self.slow_seconds)

        response = self._dynamic(outlet_id, path, query)
        if response is None:
            response = table.get(path)
        if response is None and not path.endswith("/") and path + "/" in table:
            return Response(301, b"", "text/html; charset=UTF-8", {"Location": path + "/"})
        if response is None and path.endswith("/") and len(path) > 1 and path.rstrip("/") in table:
            return Response(301, b"", "text/html; charset=UTF-8", {"Location": path.rstrip("/")})
        if response is None:
            return content.not_found[outlet_id]
        return _conditional(response, headers)

    def _dynamic(self, outlet_id: str, path: str, query: dict[str, str]) -> Response | None:
        content = self.content
        assert content is not None
        outlet = self.model.outlet(outlet_id)
        if outlet.wordpress and path == "/" and "s" in query:
            if query.get("feed") in {"rss2", "rss"}:
                return content.search_feed(outlet_id, query["s"])
            return content.search_page(outlet_id, query["s"])
        if outlet.wordpress and path.rstrip("/") == "/wp-json/wp/v2/posts":
            try:
                return content.wp_posts(outlet_id, query)
            except WpQueryError as exc:
                body = json.dumps({"code": exc.code, "message": str(exc), "data": {"status": 400}})
                return Response(400, body.encode("utf-8"), "application/json; charset=UTF-8")
        if outlet_id == "nusantarapos" and "page" in query and query["page"] != "1":
            base = content.static[outlet_id].get(path)
            if base is None:
                return None
            key = f"{path}?page={query['page']}"
            return content.static[outlet_id].get(key) or content.not_found[outlet_id]
        return None


def _conditional(response: Response, headers: dict[str, str]) -> Response:
    """A 304 when the client's validator still matches (feeds carry ETag and Last-Modified)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    etag = response.headers.get("ETag")
    last_modified = response.headers.get("Last-Modified")
    not_modified = False
    if etag and "if-none-match" in lowered:
        not_modified = (
            etag in [t.strip() for t in lowered["if-none-match"].split(",")]
            or lowered["if-none-match"].strip() == "*"
        )
    elif last_modified and "if-modified-since" in lowered:
        try:
            not_modified = parsedate_to_datetime(lowered["if-modified-since"]) >= parsedate_to_datetime(
                last_modified
            )
        except (TypeError, ValueError):
            not_modified = False
    if not_modified:
        return Response(
            304, b"", "", {k: v for k, v in response.headers.items() if k in {"ETag", "Last-Modified"}}
        )
    return response
