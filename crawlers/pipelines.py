"""Item pipeline: archive each response in WARC, then record it in the fetch log.

The order is the whole point: the WARC record is written and flushed first, the JSONL line second,
flushed per line. If the process dies between the two, the WARC holds an unlogged record (harmless,
``rbmon process --warc`` can still read it); a logged record is never missing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawlers.items import FetchItem
from crawlers.warc import RotatingWarcWriter
from pipeline.core.contract import FetchRecord

__all__ = ["WarcWriterPipeline"]

log = logging.getLogger(__name__)


def _headers(headers: Any) -> list[tuple[str, str]]:
    out = []
    for key, values in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        for v in values:
            out.append((name, v.decode("latin-1") if isinstance(v, bytes) else str(v)))
    return out


class WarcWriterPipeline:
    """Writes ``FetchItem`` responses to rotating WARC files and every item to the fetch log."""

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        if not s.get("RBMON_WARC_DIR") or not s.get("RBMON_FETCH_LOG"):
            raise NotConfigured("RBMON_WARC_DIR and RBMON_FETCH_LOG are required")
        self.crawler = crawler
        self.data_dir = Path(s.get("RBMON_DATA_DIR") or s.get("RBMON_WARC_DIR")).resolve()
        # a distributed crawl's workers share the WARC folder when they share a machine: name the worker
        worker = s.get("RBMON_WORKER_ID")
        self.writer = RotatingWarcWriter(
            Path(s.get("RBMON_WARC_DIR")),
            f"rbmon-{s.get('RBMON_RUN_ID')}" + (f"-{worker}" if worker else ""),
            max_bytes=s.getint("RBMON_WARC_MAX_BYTES", 1024**3),
        )
        self.run_id = s.get("RBMON_RUN_ID")
        self.log_path = Path(s.get("RBMON_FETCH_LOG"))
        self._log: IO[str] | None = None
        self.failed: str | None = None  # set by the first failed write: the crawl is stopping

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcWriterPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close_spider

    def close_spider(self) -> None:
        self.writer.close()
        if self._log is not None:
            self._log.close()
            self._log = None

    def _relative(self, path: Path) -> str:
        path = path.resolve()
        try:
            return str(path.relative_to(self.data_dir))
        except ValueError:
            return str(path)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchItem):
            return item
        if self.failed is not None:
            raise DropItem(f"not archived: the crawl is stopping after a failed write ({self.failed})")
        try:
            return self._archive(item)
        except OSError as exc:
            self._stop(item, exc)
            raise DropItem(f"not archived: {exc}") from exc

    def _stop(self, item: FetchItem, exc: OSError) -> None:
        """A failed write (disk full, file too large) stops the crawl: fetching on would archive nothing.

        What was archived before stays complete (the writer cut the broken record off); the parent sees
        the reason in the stats and reports it in one line. This item's page is not in the fetch log,
        so it counts as never fetched and the next run finds it again.
        """
        self.failed = f"{exc.strerror or exc} ({getattr(exc, 'filename', None) or self.writer.path})"
        log.error("cannot write the WARC or the fetch log: %s; stopping the crawl", self.failed)
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value("rbmon/write_error", self.failed)
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="write_failed"))

    def _archive(self, item: FetchItem) -> FetchItem:
        warc_file = offset = length = None
        resp = item.response
        if resp is not None:
            req = resp.request
            ip = None
            if getattr(resp, "ip_address", None) is not None:
                ip = str(resp.ip_address)
            loc = self.writer.write(
                url=resp.url,
                method=req.method if req is not None else "GET",
                request_headers=_headers(req.headers) if req is not None else [],
                status=resp.status,
                response_headers=_headers(resp.headers),
                body=resp.body,
                ip=ip,
            )
            warc_file, offset, length = self._relative(loc.warc_file), loc.offset, loc.length
        record = FetchRecord(
            url=item.url,
            canonical_url=item.canonical_url,
            source_id=item.source_id,
            run_id=self.run_id,
            fetched_at=item.fetched_at,
            kind=item.kind,
            channel=item.channel,
            status=item.status,
            content_type=item.content_type,
            warc_file=warc_file,
            warc_offset=offset,
            warc_length=length,
            elapsed_ms=item.elapsed_ms,
            error=item.error,
            part_of=item.part_of,
            page=item.page,
        )
        assert self._log is not None
        self._log.write(record.model_dump_json() + "\n")
        self._log.flush()
        item.response = None  # release the body now that it is archived
        return item
