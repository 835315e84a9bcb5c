"""The site's search index: titles, officials and places, as JSON shipped next to the pages.

Pages opened from ``file://`` cannot ``fetch()`` a file (browsers refuse), so the index is written twice:
``assets/search-index.json`` for tools and web servers, and ``assets/search-index.js``, the same JSON
assigned to ``window.RBMON_SEARCH``, which ``search.html`` loads with a ``<script>`` tag wherever the site
is opened. Every entry is data: the search script puts titles and names into the page with
``textContent``, never as HTML, and the links are the site's own relative paths. In the ``.js`` file
``<``, ``>``, ``&`` and the line separators U+2028/U+2029 are written as ``\\uXXXX`` escapes, so no
scraped title can end the script or break the JavaScript.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

__all__ = ["Entry", "write_index"]


class Entry(TypedDict):
    """One search result: ``k`` kind (story, official, province, regency, theme), ``t`` the text searched
    and shown, ``s`` a second line (searched too), ``u`` the page, relative to the site's root."""

    k: str
    t: str
    s: str
    u: str


def _script_safe(text: str) -> str:
    """JSON that is also safe inside JavaScript source: no ``</script>``, no raw line separators."""
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def write_index(entries: list[Entry], assets: Path) -> tuple[Path, Path]:
    """Write ``search-index.json`` and ``search-index.js`` into ``assets``; returns both paths."""
    data = json.dumps(entries, ensure_ascii=True, separators=(",", ":"))
    as_json = assets / "search-index.json"
    as_js = assets / "search-index.js"
    as_json.write_text(data, encoding="utf-8")
    as_js.write_text(f"window.RBMON_SEARCH = {_script_safe(data)};\n", encoding="utf-8")
    return as_json, as_js
