"""What ``rbmon sources list`` and ``rbmon sources check`` show: the registry and each source's health."""

from __future__ import annotations

from typing import Any

from crawlers.sources import load_sources
from pipeline import store
from pipeline.core.config import Settings

__all__ = ["check_sources", "list_sources"]


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
