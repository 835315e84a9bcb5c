"""The watchlists themselves: add (with every criterion checked), list and remove.

A criterion the database cannot match is refused when the watchlist is added, with one line that says
what would work, rather than accepted and silently never matched: a province must be one of the 38
(name, abbreviation or code), a theme a key or label of ``data/themes.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from nlp.themes import theme_labels
from pipeline.core.errors import InputError

__all__ = ["Watchlist", "add_watchlist", "get_watchlist", "list_watchlists", "remove_watchlist"]

_EMAIL = re.compile(r"^[^@\s,<>]+@[^@\s,<>]+\.[^@\s,<>]+$")


@dataclass(frozen=True)
class Watchlist:
    """One row of ``watchlists``; ``province`` is the province's name for display."""

    name: str
    query: str | None
    province_code: str | None
    province: str | None
    official: str | None
    theme: str | None
    recipients: list[str] | None
    since: datetime
    created_at: datetime

    def criteria(self) -> list[tuple[str, str]]:
        """The criteria as (kind, value) pairs, for listing."""
        pairs = [
            ("query", self.query),
            ("province", self.province),
            ("official", self.official),
            ("theme", self.theme),
        ]
        return [(k, v) for k, v in pairs if v]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _province(con: duckdb.DuckDBPyConnection, value: str) -> str:
    """The code of the province ``value`` names (name, abbreviation or code, any case)."""
    rows = con.execute("select code, name, abbreviation from provinces").fetchall()
    wanted = _fold(" ".join(value.split()))
    for code, name, abbreviation in rows:
        if wanted in {_fold(code), _fold(name), _fold(abbreviation or "")}:
            return str(code)
    close = sorted(name for _c, name, _a in rows if wanted and wanted in _fold(name))
    raise InputError(
        f"no province {value!r}" + (f": did you mean {', '.join(close)}?" if close else ""),
        hint="give one of the 38 provinces by name (Sulawesi Tenggara), abbreviation (Sultra) or code (74)",
    )


def _theme(value: str) -> str:
    """The theme key ``value`` names (a key or a label, Indonesian or English)."""
    keys = theme_labels("id")
    wanted = _fold(value.strip())
    for language in ("id", "en"):
        for key, label in theme_labels(language).items():
            if wanted in {_fold(key), _fold(label)}:
                return key
    raise InputError(f"no theme {value!r}", hint=f"use a key of data/themes.yaml: {', '.join(keys)}")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 80 or any(unicodedata.category(c).startswith("C") for c in name):
        raise InputError(
            f"bad watchlist name {name!r}", hint="use 1 to 80 printable characters, e.g. 'SPBE Sultra'"
        )
    return name


def _check_recipients(recipients: list[str] | None) -> list[str] | None:
    if not recipients:
        return None
    bad = [r for r in recipients if not _EMAIL.match(r.strip())]
    if bad:
        raise InputError(f"not an e-mail address: {bad[0]!r}", hint="give --to once per address")
    return [r.strip() for r in recipients]


def add_watchlist(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    query: str | None = None,
    province: str | None = None,
    official: str | None = None,
    theme: str | None = None,
    recipients: list[str] | None = None,
    since: datetime | None = None,
) -> Watchlist:
    """Add a watchlist; its criteria must all hold for an article to match.

    Args:
        since: alert on articles fetched from then on (default: now, i.e. only what is new from here).

    Raises:
        InputError: no criterion, a bad or taken name, an unknown province or theme, a bad address.
    """
    name = _check_name(name)
    query = " ".join(query.split()) if query and query.strip() else None
    official = " ".join(official.split()) if official and official.strip() else None
    if not (query or province or official or theme):
        raise InputError(
            f"watchlist {name!r} has no criterion",
            hint="give at least one of --query, --province, --official, --theme",
        )
    code = _province(con, province) if province else None
    theme_key = _theme(theme) if theme else None
    to = _check_recipients(recipients)
    if con.execute("select count(*) from watchlists where name = ?", [name]).fetchall()[0][0]:
        raise InputError(f"a watchlist named {name!r} exists already", hint="`rbmon watch remove` it first")
    now = datetime.now(UTC)
    con.execute(
        "insert into watchlists (name, query, province_code, official, theme, recipients, since, created_at)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        [name, query, code, official, theme_key, to, since or now, now],
    )
    found = get_watchlist(con, name)
    assert found is not None
    return found


_SELECT = """
select w.name, w.query, w.province_code, p.name, w.official, w.theme, w.recipients, w.since, w.created_at
from watchlists w left join provinces p on p.code = w.province_code
"""


def get_watchlist(con: duckdb.DuckDBPyConnection, name: str) -> Watchlist | None:
    rows = con.execute(_SELECT + " where w.name = ?", [name]).fetchall()
    return Watchlist(*rows[0]) if rows else None


def list_watchlists(con: duckdb.DuckDBPyConnection) -> list[Watchlist]:
    """Every watchlist, by name."""
    return [Watchlist(*row) for row in con.execute(_SELECT + " order by w.name").fetchall()]


def remove_watchlist(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Remove a watchlist and its record of what was sent; returns how many alerts were recorded.

    Raises:
        InputError: no watchlist has that name.
    """
    if get_watchlist(con, name) is None:
        raise InputError(f"no watchlist named {name!r}", hint="`rbmon watch list` shows them")
    sent = con.execute("select count(*) from watch_notifications where watchlist = ?", [name]).fetchall()[0][
        0
    ]
    con.execute("delete from watch_notifications where watchlist = ?", [name])
    con.execute("delete from watchlists where name = ?", [name])
    return int(sent)
