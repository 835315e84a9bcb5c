"""Charts for the digest and the archive site, drawn once at build time as inline SVG by matplotlib.

Inline SVG needs no JavaScript, no network and no image files, so the HTML digest, its e-mail and the
archive pages stay self-contained (and the pages' Content-Security-Policy can forbid scripts). Every
chart carries its text alternative three ways: ``role="img"`` with an ``aria-label`` (screen readers),
a ``<title>`` (a tooltip for the sighted) and, in the templates, the numbers as text next to it.

Only numbers and labels rbmon makes (week labels, counts) are drawn inside a chart; names that came
from scraped pages never are, and the alternative text is escaped here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import StringIO

from markupsafe import Markup, escape
from matplotlib import rcParams
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

__all__ = ["BLOCKS", "sparkline", "text_sparkline", "weekly_bars"]

#: The digest's colours (the tile map's blues), so charts and map read as one page.
LINE = "#2166ac"
FILL = "#9ecae1"
MUTED = "#5b6877"

# Deterministic SVG: the same numbers give the same bytes (tests compare, e-mails cache well).
rcParams["svg.hashsalt"] = "rbmon"
rcParams["svg.fonttype"] = "none"  # text stays <text>, selectable and small
rcParams["font.family"] = ["DejaVu Sans"]

_SVG_OPEN = re.compile(r"^.*?<svg\b([^>]*)>", re.S)
_SIZE_ATTR = re.compile(r'\s(?:width|height)="[^"]*"')
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)  # RDF boilerplate: bytes, no meaning

#: Unicode blocks for a sparkline in plain text (Markdown, the e-mail's text part).
BLOCKS = "▁▂▃▄▅▆▇█"


def text_sparkline(values: Sequence[int]) -> str:
    """The series as block characters, for plain text: ``[0, 1, 4]`` -> ``▁▂█``.

    >>> text_sparkline([0, 1, 4])
    '▁▂█'
    """
    top = max(values, default=0)
    if top <= 0:
        return BLOCKS[0] * len(values)
    return "".join(BLOCKS[round(v / top * (len(BLOCKS) - 1))] for v in values)


def _to_svg(fig: Figure, *, alt: str, css_class: str, width_px: float) -> Markup:
    """The figure as an inline ``<svg>`` with its text alternative; no XML prolog, no fixed size."""
    buffer = StringIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    match = _SVG_OPEN.match(svg)
    if match is None:  # pragma: no cover - matplotlib always writes an <svg> element
        raise RuntimeError("matplotlib wrote no <svg> element")
    attrs = _SIZE_ATTR.sub("", match.group(1))
    label = escape(alt)
    opening = (
        f'<svg{attrs} class="chart {css_class}" role="img" aria-label="{label}"'
        f' style="max-width:{width_px:.0f}px"><title>{label}</title>'
    )
    return Markup(opening + _METADATA.sub("", svg[match.end() :]).strip())


def sparkline(values: Sequence[int], *, alt: str, width_px: int = 120, height_px: int = 26) -> Markup:
    """A small filled line over ``values`` (oldest first): a province's or a theme's last 12 weeks.

    The scale starts at 0 and ends at the series' own top, so the shape shows the trend of one
    province; the numbers themselves are in ``alt`` and next to the chart.
    """
    dpi = 100
    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    ax = fig.add_axes((0.02, 0.12, 0.96, 0.76))
    xs = list(range(len(values)))
    # a polygon, not fill_between: a collection would be written as <use> references
    ax.fill(xs + xs[::-1], list(values) + [0] * len(xs), color=FILL, alpha=0.5, linewidth=0, clip_on=False)
    ax.plot(xs, list(values), color=LINE, linewidth=1.4, clip_on=False, solid_joinstyle="round")
    ax.set_xlim(0, max(1, len(values) - 1))
    ax.set_ylim(0, max(1, max(values, default=0)))
    ax.set_axis_off()
    fig.patch.set_alpha(0)
    return _to_svg(fig, alt=alt, css_class="sparkline", width_px=width_px)


def weekly_bars(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    alt: str,
    width_px: int = 640,
    height_px: int = 170,
    highlight_last: bool = True,
) -> Markup:
    """Columns of weekly counts with a sparse axis (at most ~12 labels): national or per-page timelines.

    Args:
        labels: one axis label per week (rbmon's own week labels, never scraped text).
        values: the count of each week.
        alt: the text alternative, e.g. the counts spelled out.
        highlight_last: draw the latest week darker (the digest's week).
    """
    dpi = 100
    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    ax = fig.add_axes((0.06, 0.2, 0.92, 0.72))
    xs = list(range(len(values)))
    colours = [FILL] * len(values)
    if highlight_last and colours:
        colours[-1] = LINE
    ax.bar(xs, list(values), color=colours, width=0.8, clip_on=False)
    top = max(values, default=0)
    ax.set_ylim(0, max(1, top))
    ax.set_yticks([0, max(1, top)])
    step = max(1, -(-len(labels) // 12))
    ticks = xs[::step]
    ax.set_xticks(ticks, [labels[i] for i in ticks], fontsize=8, color=MUTED)
    # tick labels without tick marks: the marks would be <use> references, labels are plain <text>
    ax.tick_params(axis="y", labelsize=8, colors=MUTED, left=False)
    ax.tick_params(axis="x", bottom=False)
    ax.set_xlim(-0.6, max(0.6, len(values) - 0.4))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#c9d0d8")
    fig.patch.set_alpha(0)
    return _to_svg(fig, alt=alt, css_class="bars", width_px=width_px)
