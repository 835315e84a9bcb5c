"""The weekly digest: which provinces reported RB activity, which went quiet, and what about.

Owns: ``model`` (the digest as plain data, the ranking of provinces), ``queries`` (``build_digest``
reads the database), ``render`` (Markdown, HTML with the tile map, JSON; ``templates/``) and
``delivery`` (SMTP). May import: ``pipeline.core``, ``pipeline.store``, ``nlp.themes`` (theme labels).
"""

from pipeline.digest.delivery import build_message, send_digest
from pipeline.digest.model import Digest, ProvinceActivity, Story, resolve_week
from pipeline.digest.queries import build_digest, rank_provinces
from pipeline.digest.render import render_html, render_markdown, write_digest

__all__ = [
    "Digest",
    "ProvinceActivity",
    "Story",
    "build_digest",
    "build_message",
    "rank_provinces",
    "render_html",
    "render_markdown",
    "resolve_week",
    "send_digest",
    "write_digest",
]
