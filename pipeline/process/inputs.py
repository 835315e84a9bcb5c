"""Where processing reads from: the fetches the crawler logged, or whole WARC files (CC-NEWS backfill).

Records are read one at a time and grouped into articles (page 1 with its pages 2..n); each record
knows its source, the source's home province and the zone of the dates its pages print.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

from crawlers.sources import Source
from crawlers.urls import netloc_of, outlet_id, public_host
from nlp.hosts import pemda_home
from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.errors import WarcReadError
from pipeline.core.timezones import home_zone
from pipeline.extract.enrich import (
    PROCESSING_VERSION,
    RawInput,
)
from pipeline.extract.warc_reader import iter_responses, read_response_from
from pipeline.process.report import ProcessReport

log = logging.getLogger(__name__)


Progress = Callable[[int, int | None], None]


Group = list[RawInput]


#: What a record's host says about it: (source id, home province, IANA zone of its zoneless dates).
Home = tuple[str, str | None, str]


ARTICLE_KINDS = ("article", "article_page")


def source_zone(zones: dict[str, str], source_id: str | None, province_code: str | None) -> str:
    """The registry's zone for a source it lists (its ``timezone`` or its province's), else the province's.

    Sources a crawl wrote but the registry does not list (a demo or test site) are known to the
    database only by their home province, so that decides; no province means a national outlet (WIB).
    """
    return zones.get(source_id or "") or home_zone(province_code)


def sources_by_host(
    con: duckdb.DuckDBPyConnection, registry: list[Source], zones: dict[str, str]
) -> dict[str, Home]:
    """Host (and alias host) -> (source id, home province, zone), from the registry and the database.

    The registry is the authority for archives rbmon did not crawl (CC-NEWS backfill, a rebuild
    into a fresh database): before, only the ``sources`` rows a crawl had written counted, so a
    database that never crawled dropped every record as ``not_a_source``. Rows a crawl wrote win
    for their hosts: they are what that crawl actually used (e.g. a test or demo site).
    """
    out: dict[str, Home] = {}

    def add(host: str, value: Home) -> None:
        out[host] = value
        if host.startswith("www."):
            out[host[4:]] = value

    for src in registry:
        for host in src.netlocs:
            add(host, (src.id, src.province_code, source_zone(zones, src.id, src.province_code)))
    for source_id, base_url, province in con.execute(
        "select source_id, base_url, province_code from sources"
    ).fetchall():
        add(netloc_of(base_url), (source_id, province, source_zone(zones, source_id, province)))
    return out


def pending_fetches(con: duckdb.DuckDBPyConnection, *, reprocess: bool) -> pa.Table:
    """Article fetches to process, as a compact Arrow table, each article's pages together.

    The latest fetch of each (canonical URL, page) is chosen first and only then filtered on
    ``processed_version``: filtering first would let an older, superseded fetch of an article
    come back as "pending" once the latest one is processed. An article is taken whole (page 1
    and all its pages) when any of its pages is pending, so a late page 2 is joined to page 1
    instead of standing alone. Ordered by WARC position so reads are mostly sequential.
    """
    pending = (
        "true" if reprocess else f"processed_version is null or processed_version < {PROCESSING_VERSION}"
    )
    return con.sql(
        f"""
        with latest as (
            select f.url, f.canonical_url, f.source_id, f.warc_file, f.warc_offset, f.content_type,
                   f.fetched_at, f.processed_version, coalesce(f.page, 1) as page,
                   case when coalesce(f.page, 1) > 1 then f.part_of end as part_of,
                   coalesce(case when coalesce(f.page, 1) > 1 then f.part_of end, f.canonical_url) as grp
            from fetches f
            where f.status = 200 and f.warc_file is not null and f.warc_offset is not null
              and coalesce(f.kind, 'article') in {ARTICLE_KINDS}
            qualify row_number() over (
                partition by grp, coalesce(f.page, 1) order by f.fetched_at desc, f.warc_offset desc
            ) = 1
        ),
        todo as (select distinct grp from latest where {pending})
        select l.url, l.canonical_url, l.source_id, s.province_code, l.warc_file, l.warc_offset,
               l.content_type, l.fetched_at, l.part_of, l.page, l.grp
        from latest l join todo using (grp) left join sources s on s.source_id = l.source_id
        order by min(l.warc_file) over (partition by l.grp), min(l.warc_offset) over (partition by l.grp),
                 l.grp, l.page
        """
    ).to_arrow_table()


def groups_from_fetches(
    table: pa.Table, data_dir: Path, report: ProcessReport, zones: dict[str, str]
) -> Iterator[Group]:
    """Read each pending record at its offset, one open file at a time, yielding article groups.

    ``zones``: the registry's zone per source id (see ``source_zone``).
    """
    group: Group = []
    key: str | None = None
    fh: BinaryIO | None = None
    open_name: str | None = None
    try:
        for batch in table.to_batches(max_chunksize=1024):
            for row in batch.to_pylist():
                if row["grp"] != key:
                    if group:
                        yield group
                    group, key = [], row["grp"]
                name = row["warc_file"]
                path = data_dir / name
                report.records += 1
                try:
                    if name != open_name:
                        if fh is not None:
                            fh.close()
                        fh, open_name = None, None
                        fh, open_name = path.open("rb"), name
                    assert fh is not None
                    resp = read_response_from(fh, path, int(row["warc_offset"]), name=name)
                except (WarcReadError, OSError) as exc:
                    report.skipped["warc_unreadable"] += 1
                    report.errors.append(
                        f"{path}: cannot read the record at offset {row['warc_offset']}: {exc}"
                    )
                    log.error("%s", report.errors[-1])
                    continue
                report.bytes += len(resp.payload)
                group.append(
                    RawInput(
                        url=row["url"],
                        payload=resp.payload,
                        content_type=row["content_type"] or resp.content_type,
                        warc_file=name,
                        warc_offset=int(row["warc_offset"]),
                        fetched_at=row["fetched_at"] or resp.fetched_at,
                        source_id=row["source_id"],
                        home_province_code=row["province_code"],
                        canonical_url=row["canonical_url"],
                        part_of=row["part_of"],
                        page=int(row["page"] or 1),
                        timezone=source_zone(zones, row["source_id"], row["province_code"]),
                    )
                )
        if group:
            yield group
    finally:
        if fh is not None:
            fh.close()


def outlet_home(netloc: str) -> Home:
    """An outlet of no registry met in a backfill: its id, the home its pemda domain names (if any), its zone."""
    home = pemda_home(netloc)
    code = home.province_code if home else None
    return outlet_id(netloc), code, home_zone(code)


def groups_from_warcs(
    paths: Iterable[Path],
    hosts: dict[str, Home],
    *,
    any_outlet: bool,
    min_words: int,
    data_dir: Path,
    report: ProcessReport,
) -> Iterator[Group]:
    """Every response record of the files, one article per record (CC-NEWS has no page links).

    With ``any_outlet`` a record of a host no source owns is kept under a discovered outlet's id
    (``host`` without ``www.``), judged later by its language and by its reading as an article
    (``min_words``), not by its domain.
    """
    discovered: dict[str, Home] = {}
    for path in paths:
        try:
            name = str(path.resolve().relative_to(data_dir.resolve()))
        except ValueError:
            name = str(path.resolve())
        try:
            for resp in iter_responses(path, name=name):
                report.records += 1
                report.bytes += len(resp.payload)
                if resp.status != 200:
                    report.skipped[f"http_{resp.status}" if resp.status else "no_http_status"] += 1
                    continue
                host = urlsplit(resp.url).netloc.lower()
                source = hosts.get(host) or hosts.get(host.removeprefix("www.")) or discovered.get(host)
                if source is None:
                    if not (any_outlet and public_host(host)):
                        report.skipped["not_a_source"] += 1
                        continue
                    source = discovered[host] = outlet_home(host)
                # a page of a discovered outlet (its id is a host: registry ids hold no dot) must read
                # as a news article to be kept
                words = min_words if "." in source[0] or ":" in source[0] else 0
                yield [
                    RawInput(
                        url=resp.url,
                        payload=resp.payload,
                        content_type=resp.content_type,
                        warc_file=name,
                        warc_offset=resp.offset,
                        fetched_at=resp.fetched_at,
                        source_id=source[0],
                        home_province_code=source[1],
                        timezone=source[2],
                        min_words=words,
                    )
                ]
        except WarcReadError as exc:
            report.skipped["warc_truncated"] += 1
            report.errors.append(str(exc))
            log.error("%s", exc)
        except OSError as exc:
            report.skipped["warc_unreadable"] += 1
            report.errors.append(f"{path}: {exc}")
            log.error("%s: %s", path, exc)


def warc_name(path: Path, data_dir: Path) -> str:
    try:
        return str(path.resolve().relative_to(data_dir.resolve()))
    except ValueError:
        return str(path.resolve())


def unprocessed_warcs(con: duckdb.DuckDBPyConnection, settings: Settings, *, reprocess: bool) -> list[Path]:
    """WARC files under the WARC folder that no fetch points into and that were not processed whole."""
    if not settings.warc_dir.exists():
        return []
    crawled = {
        r[0]
        for r in con.execute("select distinct warc_file from fetches where warc_file is not null").fetchall()
    }
    done = {
        name: size
        for name, size in con.execute(
            "select warc_file, size_bytes from processed_warcs where processing_version >= ?",
            [PROCESSING_VERSION],
        ).fetchall()
    }
    found = []
    for path in sorted(settings.warc_dir.rglob("*")):
        if not path.is_file() or not path.name.endswith((".warc.gz", ".warc")):
            continue
        name = warc_name(path, settings.data_dir)
        if name in crawled:
            continue
        if not reprocess and done.get(name) == path.stat().st_size:
            continue
        found.append(path)
    return found


def record_warcs(con: duckdb.DuckDBPyConnection, settings: Settings, paths: list[Path]) -> None:
    if not paths:
        return
    now = datetime.now(UTC)
    rows = [
        {
            "warc_file": warc_name(p, settings.data_dir),
            "size_bytes": p.stat().st_size,
            "processed_at": now,
            "processing_version": PROCESSING_VERSION,
        }
        for p in paths
        if p.exists()
    ]
    with store.transaction(con):
        con.execute(
            "delete from processed_warcs where list_contains(?, warc_file)", [[r["warc_file"] for r in rows]]
        )
        store.append_rows(con, "processed_warcs", rows)
