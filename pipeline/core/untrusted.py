"""Text rbmon did not write — scraped pages, feed items, query results, file names, messages quoting
them — made safe for the parsers that read it and for the terminal that shows it. One module, so every
stage and every command (the digest, exports and watchlists of later issues too) uses the same rules.

Two directions:

* **Before parsing.** :func:`strip_controls` and :func:`strip_control_bytes` drop NUL and the other
  C0/C1 control characters that no text needs (tab, line feed and carriage return stay). lxml refuses a
  string holding one NUL outright ("All strings must be XML compatible"), so a single stray byte in a
  page used to cost the whole article; XML forbids them too.
* **Before Rich renders.** :func:`for_terminal` turns any value into a :class:`rich.text.Text`, which
  Rich never reads as markup (``[/x]`` would raise, ``[link=…]`` would plant a hyperlink, ``[email]``
  would vanish), with control characters shown as visible escapes: an ESC in a scraped title could
  otherwise move the cursor, retitle the terminal or inject an OSC 8 hyperlink, and a bidi override
  could make the text read differently from what it is.

>>> strip_controls("Rapat\\x00 RB\\x1b")
'Rapat RB'
>>> for_terminal("[link=https://evil.example]klik[/link] \\x1b]8;;x").plain
'[link=https://evil.example]klik[/link] \\\\x1b]8;;x'
"""

from __future__ import annotations

import re

from rich.text import Text

__all__ = ["for_terminal", "shorten", "strip_control_bytes", "strip_controls", "terminal_safe"]

#: The longest message an error line shows whole: a 100,000-character value quoted in an error (a
#: watchlist name, a province, a query) is one line the operator can still read, not a screenful.
MAX_LINE_CHARS = 600

# C0 controls but tab (09), line feed (0a) and carriage return (0d); DEL; C1 controls.
_CONTROL_CHARS = "".join(
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
_STRIP_TABLE = str.maketrans(dict.fromkeys(_CONTROL_CHARS))
# As bytes only the C0 set and DEL: in UTF-8 they never occur inside a multi-byte sequence, so dropping
# them cannot break a character (C1 controls are two-byte sequences in UTF-8 and need decoding first).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# What a terminal must not receive raw: every control character but tab and line feed (a carriage
# return would overwrite the start of the line), and the bidirectional overrides and isolates.
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """``text`` without NUL and other control characters (tab, newline, carriage return kept)."""
    return text.translate(_STRIP_TABLE)


def strip_control_bytes(data: bytes) -> bytes:
    """``data`` without C0 control bytes and DEL (tab, LF, CR kept); UTF-16 (with a BOM) is left alone.

    Safe for UTF-8 and every single-byte charset; a UTF-16 document is mostly NUL bytes and must be
    decoded before its controls can be told apart.
    """
    if data.startswith(_UTF16_BOMS):
        return data
    return data.translate(None, _CONTROL_BYTES)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(value: object) -> str:
    """``str(value)`` with every terminal control character written as a visible escape (``\\x1b``)."""
    text = value if isinstance(value, str) else str(value)
    return _TERMINAL_UNSAFE.sub(_visible, text)


def shorten(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """``text`` cut in the middle when longer than ``limit``, saying how much was left out.

    >>> shorten("a" * 30 + "z" * 30, limit=20)
    'aaaaaaaaaaaaa…(41 characters left out)…zzzzzz'
    """
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 3
    return f"{text[:head]}…({len(text) - head - tail:,} characters left out)…{text[-tail:]}"


def for_terminal(value: object, style: str = "") -> Text:
    """Untrusted ``value`` as a Rich ``Text``: never parsed as markup or emoji, controls made visible.

    Use it for every table cell and header, every message that quotes a file, a URL, a query, a
    scraped title or an exception, before it reaches a Rich console.
    """
    return Text(terminal_safe(value), style=style)
