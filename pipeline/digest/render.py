"""The digest as Markdown, a self-contained HTML page (tile map as inline SVG) and JSON files.

Everything scraped is escaped: Markdown punctuation, autolinks, and every URL that is not http(s).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from nlp.metrics import metric_labels
from nlp.themes import theme_labels
from pipeline.digest.model import Digest

#: Theme key -> the label the digest shows (Indonesian), from ``data/themes.yaml``.
THEME_LABELS = theme_labels("id")
#: Metric key -> the label the digest shows (Indonesian), from ``data/metrics.yaml``.
METRIC_LABELS = metric_labels("id")


# Markdown punctuation that can start markup (links, images, emphasis, code, raw HTML, entities,
# tables, headings, strikethrough); each is backslash-escaped, which CommonMark renders as the character.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>|#!~&])")


# What GFM and markdown-it's linkify turn into links without any markup: bare URLs, www. and e-mail.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9+.-])(:)(?=//)|(?<=\bwww)(\.)|(?<=\w)(@)(?=\w)")


# URL characters kept as they are; all others (spaces, quotes, brackets, parentheses, backslash, controls)
# are percent-encoded, so a URL cannot end a Markdown link destination or start a title in it.
_MD_URL_SAFE = "/:?#@!$&*+,;=%~-._"


def _md_escape(text: str) -> str:
    """Scraped text must not become Markdown (or HTML, for renderers that allow it).

    Every line break (``\\r``, U+2028 too) becomes a space: a new line could start a block.
    """
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), text)


def _safe_url(url: str) -> str:
    """An http(s) URL with every character that could leave a Markdown ``(...)`` or an HTML attribute
    percent-encoded, else ``#`` (``javascript:``, ``data:`` and every other scheme are never linked)."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return "#"
    return quote(url, safe=_MD_URL_SAFE)


def n_of(n: int, one: str, many: str) -> str:
    """``1 story``, ``2 stories``: a digest read by people should not say "1 stories"."""
    return f"{n} {one if n == 1 else many}"


def render_markdown(d: Digest) -> str:
    lines = [
        f"# Reformasi Birokrasi — weekly digest {d.week}",
        "",
        f"{d.start} to {d.end} · {n_of(d.totals.get('rb_stories', 0), 'RB story', 'RB stories')} in "
        f"{n_of(d.totals.get('rb_articles', 0), 'article', 'articles')} "
        f"({n_of(d.totals.get('articles', 0), 'article', 'articles')} crawled)",
        "",
        "## Provinces reporting RB activity",
        "",
    ]
    if d.active:
        lines += [
            "| Province | Stories | Change | Articles | Outlets | Top themes |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for a in d.active:
            themes = ", ".join(THEME_LABELS.get(t, t) for t in a.top_themes)
            lines.append(
                f"| {a.name} | {a.stories} | {a.change:+d} | {a.articles} | {a.outlets} | {themes} |"
            )
    else:
        lines.append("No province reported RB activity this week.")
    lines += [
        "",
        "## Quiet provinces",
        "",
        f"**Sources healthy, no RB coverage ({len(d.quiet_observed)}):** "
        + (", ".join(d.quiet_observed) or "none"),
        "",
        f"**No data — no or failing sources ({len(d.quiet_no_data)}):** "
        + (", ".join(d.quiet_no_data) or "none"),
        "",
        "## Themes",
        "",
    ]
    lines += [f"- {THEME_LABELS.get(t, t)}: {n_of(n, 'story', 'stories')}" for t, n in d.themes] or ["- none"]
    lines += ["", "## Officials most active", ""]
    lines += [
        f"- {_md_escape(o['name'])} — {_md_escape(o['position'] or '')} ({n_of(o['stories'], 'story', 'stories')})"
        for o in d.officials
    ] or ["- none"]
    lines += ["", "## Results reported this week", ""]
    if d.results:
        lines += [
            "| Province | Pemda | Holder | Result | Value | Year | Reported by |",
            "|---|---|---|---|---|---:|---|",
        ]
        for r in d.results:
            by = ", ".join(f"[{_md_escape(c['outlet'])}]({_safe_url(c['url'])})" for c in r.reports)
            value = _md_escape(r.value) + (" (reports disagree)" if r.conflict else "")
            lines.append(
                f"| {_md_escape(r.province or '')} | {_md_escape(r.pemda or '')} | {_md_escape(r.subject)} | "
                f"{_md_escape(METRIC_LABELS.get(r.metric, r.metric))} | {value} | {r.year or ''} | {by} |"
            )
    else:
        lines.append("No RB results were reported this week.")
    lines += ["", "## Top stories", ""]
    for s in d.stories:
        where = _md_escape(", ".join(s.provinces)) or "region unknown"
        lines.append(f"- **{_md_escape(s.title)}** ({where}; {s.published_at or 'date unknown'})")
        for c in s.outlets:
            lines.append(f"  - [{_md_escape(c['outlet'])}]({_safe_url(c['url'])})")
    if not d.stories:
        lines.append("- none")
    src = d.sources
    lines += [
        "",
        "## Source health",
        "",
        f"{src['configured']} sources configured: {src['healthy']} healthy, {src['failing']} failing, "
        f"{src['not_crawled']} not crawled this week.",
        "",
    ]
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.digest", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
    )
    env.filters["theme"] = lambda key: THEME_LABELS.get(key, key)
    env.filters["metric"] = lambda key: METRIC_LABELS.get(key, key)
    env.filters["safe_url"] = lambda url: _safe_url(str(url))
    env.filters["n_of"] = n_of
    return env


def render_html(d: Digest) -> str:
    return _env().get_template("digest.html.j2").render(d=d, tile=46, gap=4)


def write_digest(d: Digest, out_dir: Path) -> dict[str, Path]:
    """Write ``digest-<week>.{md,html,json}`` atomically (temp file, then rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for ext, content in (("md", render_markdown(d)), ("html", render_html(d)), ("json", d.to_json())):
        path = out_dir / f"digest-{d.week}.{ext}"
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
        paths[ext] = path
    return paths
