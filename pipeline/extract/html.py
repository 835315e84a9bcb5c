"""Bytes of a response to an lxml tree: the one place rbmon decodes and parses HTML.

Both the article extractor and the date finder start from here, so neither imports the other.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import Any

import lxml.html
from lxml import etree

from pipeline.core.untrusted import strip_controls

__all__ = ["decode_html", "parse_html"]

logger = logging.getLogger(__name__)

_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"RIFF", b"\x00\x00\x01")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


# Greedy up to the last "/" before ">", then the spaces are trimmed in code: a lazy body followed by
# ``\s*/>`` rescans every run of spaces from each of its characters.
_SELF_CLOSED_HTML = re.compile(r"<html\b[^>]*/>", re.I)


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


_LOOKS_HTML = re.compile(r"<\s*(html|head|body|div|p|article|!doctype\s+html)\b", re.I)


# A comment's body may not contain "-->": with ``.*?`` one comment could also match as several, and
# a page opening with a run of empty comments ("<!----><!---->...") backtracked through every way of
# grouping them (280 of them: the test's 9 s timeout; exponential in their number).
_FEED_ROOT = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--(?:(?!-->).)*-->\s*)*<(rss|feed|urlset|sitemapindex|rdf:rdf)\b", re.I | re.S
)


_HTML_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)  # type: ignore[call-arg]  # lxml-stubs lag lxml


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # WHATWG: a latin-1 or ascii label means windows-1252 (it only adds printable characters)
    return "cp1252" if codec in ("latin_1", "iso8859-1", "ascii") else codec


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode a response body: BOM, then valid UTF-8, then the declared charset, then windows-1252.

    Bytes that decode as UTF-8 and hold non-ASCII are UTF-8 whatever the page declares: a real
    latin-1 text almost never forms valid UTF-8 sequences, while mislabelled UTF-8 is common.

    >>> decode_html("Kapanlagi.com®".encode(), "text/html; charset=iso-8859-1")
    'Kapanlagi.com®'
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = None
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        declared = _codec(m.group(1))
    if declared is None and (meta := _META_CHARSET.search(data[:8192])):
        declared = _codec(meta.group(1))
    if declared in (None, "utf-8"):
        # undeclared or wrongly declared UTF-8 with a few broken bytes: mostly UTF-8 wins if it is close
        text = data.decode("utf-8", errors="replace")
        if declared == "utf-8" or text.count("\ufffd") * 200 < len(text):
            return text
        declared = "cp1252"
    try:
        return data.decode(declared, errors="replace")
    except LookupError:
        return data.decode("cp1252", errors="replace")


def _looks_binary(data: bytes) -> bool:
    """A known binary format, or NUL bytes making up more than an eighth of the start (UTF-16 without
    a BOM, an image): a stray NUL or two in a page is dirt, stripped before parsing, not a verdict."""
    head = data[:1024].lstrip()
    return head.startswith(_MAGIC) or (
        head[:512].count(b"\x00") * 8 > len(head[:512]) and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    )


def parse_html(html: bytes | str, content_type: str | None = None) -> Any | None:
    """Parse a page into an lxml tree; ``None`` for bytes that are not HTML or cannot be parsed.

    NUL and the other control characters are dropped first (``pipeline.core.untrusted``): lxml refuses
    a string holding a single NUL, and one stray byte used to cost the whole article.
    """
    if isinstance(html, bytes):
        if _looks_binary(html):
            return None
        html = decode_html(html, content_type)
    html = strip_controls(html)
    if not html or _FEED_ROOT.match(html[:2000]) or not _LOOKS_HTML.search(html[:20000]):
        return None
    html = _XML_DECL.sub("", html, count=1)
    head = html[:4096]
    if _SELF_CLOSED_HTML.search(head):
        # lxml closes a self-closed <html/> at once and the whole page ends up outside the root
        html = _SELF_CLOSED_HTML.sub(lambda m: m.group()[:-2].rstrip() + ">", head, count=1) + html[4096:]
    try:
        tree = lxml.html.document_fromstring(html, parser=_HTML_PARSER)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError):
        logger.debug("unparseable HTML", exc_info=True)
        return None
    return tree
