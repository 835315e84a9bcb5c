"""One official id per person and jurisdiction, across every article ever processed.

Spelling varies between outlets ("Imran Ismail" / "Imran Ismai"), so a new name is first
compared with the people already known in the same jurisdiction (``nlp.officials.same_person``,
rapidfuzz underneath) before it gets an id of its own. First/last seen dates are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from nlp.officials import official_id, same_person
from pipeline import store

__all__ = ["OfficialsRegistry"]


class OfficialsRegistry:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._known: dict[str | None, list[tuple[str, str]]] = {}
        #: (jurisdiction, name) -> id: the common case (a name seen before) skips the fuzzy scan.
        self._exact: dict[tuple[str | None, str], str] = {}
        self._dirty: dict[str, dict[str, Any]] = {}
        self._rows: dict[str, dict[str, Any]] = {}
        for oid, name, jurisdiction, first, last in con.execute(
            "select official_id, name, jurisdiction, first_seen, last_seen from officials"
        ).fetchall():
            self._known.setdefault(jurisdiction, []).append((oid, name))
            self._exact.setdefault((jurisdiction, name), oid)
            self._rows[oid] = {
                "official_id": oid,
                "name": name,
                "jurisdiction": jurisdiction,
                "first_seen": first,
                "last_seen": last,
            }

    def resolve(self, name: str, jurisdiction: str | None, seen_at: datetime | None) -> str:
        match = self._exact.get((jurisdiction, name))
        if match is None:
            match = next(
                (oid for oid, known in self._known.get(jurisdiction, []) if same_person(name, known)), None
            )
        oid = match or official_id(name, jurisdiction)
        self._exact[(jurisdiction, name)] = oid
        if match is None:
            self._known.setdefault(jurisdiction, []).append((oid, name))
            self._rows.setdefault(
                oid,
                {
                    "official_id": oid,
                    "name": name,
                    "jurisdiction": jurisdiction,
                    "first_seen": None,
                    "last_seen": None,
                },
            )
        row = self._rows[oid]
        if seen_at is not None:
            if row["first_seen"] is None or seen_at < row["first_seen"]:
                row["first_seen"] = seen_at
            if row["last_seen"] is None or seen_at > row["last_seen"]:
                row["last_seen"] = seen_at
        self._dirty[oid] = row
        return oid

    def flush(self, con: duckdb.DuckDBPyConnection) -> None:
        """Write the people touched since the last flush (inside the caller's transaction)."""
        if not self._dirty:
            return
        ids = list(self._dirty)
        con.execute("delete from officials where list_contains(?, official_id)", [ids])
        store.append_rows(con, "officials", list(self._dirty.values()))
        self._dirty = {}
