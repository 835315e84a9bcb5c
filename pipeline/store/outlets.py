"""Discovered outlets and open-web finds in the database: what the crawl and a backfill write, and read.

A discovered outlet is a ``sources`` row with ``origin = 'discovered'``: views, ``province_coverage`` and
the digest's coverage count it like any source once its home province is known. The open-web services
(GDELT, Google News) are rows too, ``origin = 'open_web'``, so their health is in ``source_overview``.
When an operator promotes an outlet into the registry under an id of their choice, the next crawl or
processing run moves its rows to that id (:func:`adopt_promoted`), so nothing is counted under two ids.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.core.contract import DiscoveryFind
from pipeline.store.connection import append_rows, transaction

__all__ = [
    "DISCOVERED",
    "OPEN_WEB",
    "Outlet",
    "adopt_promoted",
    "discovered_outlets",
    "guess_kind",
    "record_finds",
    "register_outlets",
    "set_home_province",
    "upsert_services",
]

log = logging.getLogger(__name__)

DISCOVERED = "discovered"
OPEN_WEB = "open_web"

#: tables whose rows name a source by id: moved to the registry id when an outlet is promoted
_SOURCE_ID_TABLES = ("articles", "fetches", "crawl_frontier", "open_web_finds")


@dataclass(frozen=True)
class Outlet:
    """A discovered outlet to register: its id (``host[:port]`` without ``www.``) and what is known of it."""

    source_id: str
    host: str
    url: str
    name: str
    found_by: str
    first_seen_at: datetime
    province_code: str | None = None
    province_evidence: str | None = None


def guess_kind(host: str, province_code: str | None) -> str:
    """A pemda or ministry domain is ``government``; otherwise a regional outlet once it has a home
    province, a national one while it has none. A guess: promotion lets the operator correct it."""
    name = host.split(":")[0].lower()
    if name.endswith(".go.id"):
        return "government"
    return "regional_media" if province_code else "national_media"


def _looks_like_a_host(name: str | None) -> bool:
    return not name or ("." in name and " " not in name)


def register_outlets(con: duckdb.DuckDBPyConnection, outlets: Iterable[Outlet]) -> int:
    """Add the outlets not in ``sources`` yet (the first one met of each id wins); returns how many.

    A better name (Google News's ``<source>`` rather than a bare domain) replaces a name that is
    only a host. Runs in the caller's transaction.
    """
    best: dict[str, Outlet] = {}
    for o in outlets:
        have = best.get(o.source_id)
        if have is None or (_looks_like_a_host(have.name) and not _looks_like_a_host(o.name)):
            best[o.source_id] = o if have is None else _renamed(have, o.name)
    if not best:
        return 0
    existing = {
        sid: name
        for sid, name in con.execute(
            "select source_id, name from sources where list_contains(?, source_id)", [list(best)]
        ).fetchall()
    }
    rows = [
        {
            "source_id": o.source_id,
            "name": o.name,
            "base_url": o.url,
            "province_code": o.province_code,
            "kind": guess_kind(o.host, o.province_code),
            "wordpress": False,
            "enabled": True,
            "updated_at": datetime.now(UTC),
            "origin": DISCOVERED,
            "host": o.host,
            "found_by": o.found_by,
            "first_seen_at": o.first_seen_at,
            "province_evidence": o.province_evidence,
        }
        for o in best.values()
        if o.source_id not in existing
    ]
    append_rows(con, "sources", rows)
    for o in best.values():
        if (
            o.source_id in existing
            and _looks_like_a_host(existing[o.source_id])
            and not _looks_like_a_host(o.name)
        ):
            con.execute(
                "update sources set name = ? where source_id = ? and origin = ?",
                [o.name, o.source_id, DISCOVERED],
            )
    for row in rows:
        log.info("discovered outlet %s (%s), found by %s", row["source_id"], row["name"], row["found_by"])
    return len(rows)


def _renamed(outlet: Outlet, name: str) -> Outlet:
    return Outlet(outlet.source_id, outlet.host, outlet.url, name, outlet.found_by, outlet.first_seen_at,
                  outlet.province_code, outlet.province_evidence)  # fmt: skip


def _find_rows(finds: Sequence[DiscoveryFind]) -> pa.Table:
    latest: dict[tuple[str, str], DiscoveryFind] = {}
    first: dict[tuple[str, str], datetime] = {}
    for f in finds:
        key = (str(f.channel), f.found_url)
        first[key] = min(first.get(key, f.found_at), f.found_at)
        if key not in latest or f.found_at >= latest[key].found_at:
            latest[key] = f
    rows = [
        {
            "channel": str(f.channel),
            "found_url": f.found_url,
            "query": f.query,
            "url": f.url,
            "source_id": f.source_id,
            "outlet_name": f.outlet_name,
            "outlet_url": f.outlet_url,
            "title": f.title,
            "published_at": f.published_at,
            "first_found_at": first[key],
            "last_found_at": f.found_at,
            "times_found": 1,
            "last_run_id": f.run_id,
            "error": f.error,
            "detail": f.detail,
        }
        for key, f in latest.items()
    ]
    ts = pa.timestamp("us", tz="UTC")
    schema = pa.schema(
        [("channel", pa.string()), ("found_url", pa.string()), ("query", pa.string()), ("url", pa.string()),
         ("source_id", pa.string()), ("outlet_name", pa.string()), ("outlet_url", pa.string()),
         ("title", pa.string()), ("published_at", ts), ("first_found_at", ts), ("last_found_at", ts),
         ("times_found", pa.int32()), ("last_run_id", pa.string()), ("error", pa.string()),
         ("detail", pa.string())]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def record_finds(con: duckdb.DuckDBPyConnection, finds: Sequence[DiscoveryFind]) -> int:
    """Upsert a run's finds into ``open_web_finds`` and register the outlets they discovered.

    Idempotent per run: a finds log loaded twice (after a kill) counts its run once. Runs in the
    caller's transaction. Returns the discovered outlets added.
    """
    if not finds:
        return 0
    batch = _find_rows(finds)  # noqa: F841 - used in SQL
    con.execute(
        """
        insert into open_web_finds as f select * from batch
        on conflict (channel, found_url) do update set
            query = excluded.query, url = coalesce(excluded.url, f.url),
            source_id = coalesce(excluded.source_id, f.source_id),
            outlet_name = coalesce(excluded.outlet_name, f.outlet_name),
            outlet_url = coalesce(excluded.outlet_url, f.outlet_url), title = coalesce(excluded.title, f.title),
            published_at = coalesce(excluded.published_at, f.published_at),
            first_found_at = least(f.first_found_at, excluded.first_found_at),
            last_found_at = greatest(f.last_found_at, excluded.last_found_at),
            times_found = f.times_found + (case when f.last_run_id is distinct from excluded.last_run_id
                                               then 1 else 0 end),
            last_run_id = excluded.last_run_id,
            error = case when excluded.url is not null then null else excluded.error end,
            detail = case when excluded.url is not null then null else excluded.detail end
        """
    )
    # outlets this run created, and those created before (a better name may have come with this run)
    mine = {f.source_id for f in finds if f.new_outlet} | {
        sid
        for (sid,) in con.execute("select source_id from sources where origin = ?", [DISCOVERED]).fetchall()
    }
    outlets = [
        Outlet(
            source_id=f.source_id,
            host=_host(f.url),
            url=_home(f.url),
            name=f.outlet_name or _host(f.url),
            found_by=str(f.channel),
            first_seen_at=f.found_at,
        )
        for f in sorted(finds, key=lambda f: not f.new_outlet)  # the finds that made an outlet first
        if f.source_id and f.source_id in mine and f.url
    ]
    return register_outlets(con, outlets)


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].lower()


def _home(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/"


def upsert_services(con: duckdb.DuckDBPyConnection, services: Iterable[tuple[str, str, str]]) -> None:
    """The open-web services as ``sources`` rows: (source id, name, endpoint URL). Caller's transaction."""
    for sid, name, url in services:
        con.execute(
            """
            insert into sources (source_id, name, base_url, province_code, kind, wordpress, enabled, updated_at,
                                 origin)
            values (?, ?, ?, null, 'open_web', false, true, current_timestamp, 'open_web')
            on conflict (source_id) do update set name = excluded.name, base_url = excluded.base_url,
                updated_at = excluded.updated_at, origin = excluded.origin, kind = excluded.kind
            """,
            [sid, name, url],
        )


def discovered_outlets(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every discovered outlet with its province, evidence and what the archive holds from it."""
    cur = con.execute(
        """
        select s.source_id, s.host, s.name, s.kind, s.province_code, p.name as province, s.province_evidence,
               s.found_by, s.first_seen_at, s.enabled, s.base_url,
               count(a.article_id) as articles, count(a.article_id) filter (where a.rb_relevant) as rb_articles
        from sources s
        left join provinces p on p.code = s.province_code
        left join articles a using (source_id)
        where s.origin = 'discovered'
        group by all
        order by rb_articles desc, articles desc, s.source_id
        """
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def set_home_province(
    con: duckdb.DuckDBPyConnection, source_id: str, province_code: str | None, evidence: str | None
) -> None:
    """A discovered outlet's home province and why; its kind and its articles' publisher province follow."""
    row = con.execute("select host from sources where source_id = ?", [source_id]).fetchone()
    if row is None:
        return
    con.execute(
        "update sources set province_code = ?, province_evidence = ?, kind = ? where source_id = ?",
        [province_code, evidence, guess_kind(row[0] or source_id, province_code), source_id],
    )
    con.execute(
        "update articles set publisher_province_code = ? where source_id = ?", [province_code, source_id]
    )


def adopt_promoted(con: duckdb.DuckDBPyConnection, registry_hosts: dict[str, str]) -> list[tuple[str, str]]:
    """Move discovered outlets that the registry now lists (by host) to their registry id.

    ``registry_hosts``: every netloc of the registry -> its source id. Returns (old id, new id) pairs.
    Runs in its own transaction.
    """
    moves = []
    for sid, host in con.execute(
        "select source_id, host from sources where origin = 'discovered'"
    ).fetchall():
        bare = (host or sid).removeprefix("www.")
        new = registry_hosts.get(bare) or registry_hosts.get(f"www.{bare}")
        if new and new != sid:
            moves.append((sid, new))
    if not moves:
        return moves
    with transaction(con):
        for old, new in moves:
            for table in _SOURCE_ID_TABLES:
                con.execute(f"update {table} set source_id = ? where source_id = ?", [new, old])
            # health and since are the registry source's own from now on
            con.execute("delete from source_channel_health where source_id = ?", [old])
            con.execute("delete from source_crawl_state where source_id = ?", [old])
            con.execute("delete from sources where source_id = ?", [old])
            log.info("discovered outlet %s is in the registry now as %s: its rows moved there", old, new)
    return moves
