"""What ``rbmon sources list``, ``check`` and ``promote`` do: the registry, health, discovered outlets."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from crawlers.sources import Source, load_sources, parse_sources
from crawlers.urls import www_variants
from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.errors import InputError, SourceConfigError
from pipeline.store.outlets import discovered_outlets

__all__ = ["append_entry", "check_sources", "list_discovered", "list_sources", "promotion_entry"]


def list_sources(settings: Settings) -> list[dict[str, Any]]:
    """One row per registry entry: id, name, kind, province, url, enabled, wordpress, feeds, sitemaps."""
    return [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "province": s.province_code or "national",
            "url": s.url,
            "enabled": s.enabled,
            "wordpress": s.wordpress,
            "feeds": len(s.feeds),
            "sitemaps": len(s.sitemaps),
        }
        for s in load_sources(settings.crawl.sources_path)
    ]


def check_sources(settings: Settings) -> list[dict[str, Any]]:
    """Health of every registry source from the last crawls (``never crawled`` when there is none yet).

    Per source: state (stable / failing / quarantined), last success, consecutive failed runs of its best
    channel, new articles found in the last run and in total, and each channel's state.
    """
    sources = load_sources(settings.crawl.sources_path)
    health: dict[str, tuple[Any, ...]] = {}
    if settings.db_path.exists():
        con = store.connect(settings.db_path, read_only=True)
        try:
            if store.current_version(con) >= 2:
                for row in con.execute(
                    "select source_id, state, last_success_at, consecutive_failures, articles_found_last,"
                    " articles_found_total, channels from source_health"
                ).fetchall():
                    health[row[0]] = row[1:]
        finally:
            con.close()
    rows = []
    registered = {s.id for s in sources}
    # sources crawled but not in this registry (the fixture site in `rbmon demo`) are shown too
    entries: list[tuple[str, bool]] = [(s.id, s.enabled) for s in sources]
    entries += [(sid, True) for sid in health if sid not in registered]
    for sid, enabled in entries:
        h = health.get(sid)
        rows.append(
            {
                "id": sid,
                "state": h[0] if h else ("disabled" if not enabled else "never crawled"),
                "last_success": h[1].strftime("%Y-%m-%d %H:%M %Z") if h and h[1] else None,
                "failed_runs": h[2] if h else None,
                "new_last_run": h[3] if h else None,
                "found_total": h[4] if h else None,
                "channels": h[5] if h else None,
            }
        )
    return rows


def list_discovered(db: Path) -> list[dict[str, Any]]:
    """The discovered outlets of the database at ``db``: host, name, kind, province and why, what found
    them and when, and the articles stored from them (RB-relevant ones apart)."""
    if not db.exists():
        return []
    con = store.connect(db, read_only=True)
    try:
        if "origin" not in {
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where table_name = 'sources'"
            ).fetchall()
        }:
            return []
        rows = discovered_outlets(con)
    finally:
        con.close()
    for r in rows:
        r["first_seen"] = r["first_seen_at"].strftime("%Y-%m-%d") if r.get("first_seen_at") else None
    return rows


def _registry_id(host: str) -> str:
    """A registry id from a host: its name without ``www.``, port and top-level domains."""
    name = host.split(":")[0].lower().removeprefix("www.")
    for suffix in (
        ".go.id",
        ".co.id",
        ".or.id",
        ".ac.id",
        ".web.id",
        ".my.id",
        ".id",
        ".com",
        ".net",
        ".org",
    ):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "outlet"


def promotion_entry(
    db: Path,
    host: str,
    registry: Path,
    *,
    source_id: str | None = None,
    name: str | None = None,
    kind: str | None = None,
    province: str | None = None,
) -> tuple[Source, str]:
    """The registry entry for a discovered outlet, validated against the registry it will join.

    Returns the entry and its YAML text (with a note saying where it came from).

    Raises:
        InputError: no discovered outlet has that host. SourceConfigError: the entry is invalid or clashes
            with the registry (id or host already used), named as the registry names its errors.
    """
    wanted = set(www_variants(host.strip().lower().rstrip("/").split("://")[-1]))
    outlet = next(
        (o for o in list_discovered(db) if wanted & {*www_variants(o["host"] or ""), o["source_id"]}
         or wanted & {o["host"].split(":")[0] if o["host"] else ""}),
        None,
    )  # fmt: skip
    if outlet is None:
        raise InputError(
            f"no discovered outlet has the host {host}", hint="see `rbmon sources list --discovered`"
        )
    entry = {
        "id": source_id or _registry_id(outlet["host"] or outlet["source_id"]),
        "name": name or outlet["name"],
        "url": outlet["base_url"],
        "province_code": province if province is not None else outlet["province_code"],
        "kind": kind or outlet["kind"],
        "wordpress": False,
        "feeds": [],
        "sitemaps": [],
        "aliases": [],
        "sections": [],
        "enabled": True,
        "notes": (
            f"promoted from discovery on {datetime.now(UTC):%Y-%m-%d}: found by {outlet['found_by']}"
            + (f" on {outlet['first_seen']}" if outlet.get("first_seen") else "")
            + f"; home province: {outlet['province_evidence'] or 'none known'}"
        ),
    }
    existing = _registry_entries(registry)
    [source] = parse_sources([*existing, entry], origin=str(registry))[-1:]
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=200)
    return source, "".join(f"  {line}\n" for line in text.splitlines())


def _registry_entries(registry: Path) -> list[Any]:
    try:
        raw = yaml.safe_load(registry.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"source registry {registry} does not exist") from None
    except yaml.YAMLError as exc:
        raise SourceConfigError(f"{registry} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise SourceConfigError(f"{registry}: expected a top-level key 'sources:' with a list of entries")
    return list(raw["sources"])


def append_entry(registry: Path, text: str) -> None:
    """Append an entry to the registry file, keeping its comments; the result must load, or nothing changes.

    Raises:
        InputError: the file cannot be written. SourceConfigError: the result would not load.
    """
    old = registry.read_text(encoding="utf-8")
    tmp = registry.with_name(f".{registry.name}.promote")
    try:
        tmp.write_text(old.rstrip("\n") + "\n" + text, encoding="utf-8")
        load_sources(tmp)  # the whole registry, validated as the crawl will read it
        os.replace(tmp, registry)
    except OSError as exc:
        raise InputError(
            f"cannot write the registry {registry}: {exc}", hint="give --registry FILE"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
