"""The weekly digest: which provinces reported RB activity, which went quiet, and what about.

Owns: ``model`` (the digest as plain data, the ranking of provinces), ``queries`` (``build_digest``
reads the database), ``render`` (Markdown, HTML with the tile map, JSON; ``templates/``) and
``delivery`` (SMTP). May import: ``pipeline.core``, ``pipeline.store``, ``nlp.themes`` and ``nlp.metrics``
(theme and metric labels).
"""

from pipeline.digest.delivery import build_message, send_digest
from pipeline.digest.model import Digest, ProvinceActivity, ReportedResult, Story, resolve_week
from pipeline.digest.queries import build_digest, configured_digest, rank_provinces, reported_results
from pipeline.digest.render import render_html, render_markdown, write_digest

__all__ = [
    "Digest",
    "ProvinceActivity",
    "ReportedResult",
    "Story",
    "build_digest",
    "build_message",
    "configured_digest",
    "rank_provinces",
    "render_html",
    "render_markdown",
    "reported_results",
    "resolve_week",
    "send_digest",
    "write_digest",
]
