"""The digest as an Excel workbook: the sheets a Biro Organisasi keeps, in the digest's language.

One sheet per table of the digest (ranking with the weekly trend as columns, quiet provinces, themes,
officials, the results reported this week with one row per outlet that reported them, stories with one
row per outlet copy, source health), headers and sheet names in the reader's language, typed cells
written by ``pipeline.store.xlsx``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa

from nlp.metrics import metric_labels
from nlp.themes import theme_labels
from pipeline.core.i18n import get_lang
from pipeline.digest.model import WIB, Digest
from pipeline.store.xlsx import write_workbook

__all__ = ["digest_sheets", "write_digest_workbook"]


def digest_sheets(d: Digest) -> dict[str, pa.Table]:
    """Sheet name -> table, in the order the workbook shows them."""
    lang = get_lang(d.language)
    _ = lang.gettext
    labels = theme_labels(lang.code)
    weeks = d.trends.weeks if d.trends else []

    ranking: dict[str, list[object]] = {
        _("Province"): [a.name for a in d.active],
        _("Stories"): [a.stories for a in d.active],
        _("vs last week"): [a.change for a in d.active],
        _("Articles"): [a.articles for a in d.active],
        _("Outlets"): [a.outlets for a in d.active],
        _("Top themes"): [", ".join(labels.get(t, t) for t in a.top_themes) for a in d.active],
    }
    for i, week in enumerate(weeks):
        ranking[lang.week_label(week)] = [a.trend[i] if i < len(a.trend) else 0 for a in d.active]

    quiet_rows = [(n, _("Sources healthy, no RB coverage")) for n in d.quiet_observed] + [
        (n, _("No data: no or failing sources")) for n in d.quiet_no_data
    ]
    theme_trend = d.trends.themes if d.trends else {}
    themes: dict[str, list[object]] = {
        _("Theme"): [labels.get(t, t) for t, _n in d.themes],
        _("Stories"): [n for _t, n in d.themes],
    }
    for i, week in enumerate(weeks):
        themes[lang.week_label(week)] = [theme_trend.get(t, [0] * len(weeks))[i] for t, _n in d.themes]

    copies = [(s, c) for s in d.stories for c in s.outlets]
    metrics = metric_labels(lang.code)
    reports = [(r, c) for r in d.results for c in r.reports]
    sheets = {
        _("Provinces"): pa.table(ranking)
        if d.active
        else pa.table({_("Province"): pa.array([], pa.string())}),
        _("Quiet provinces"): pa.table(
            {
                _("Province"): pa.array([n for n, _w in quiet_rows], pa.string()),
                _("Status"): pa.array([w for _n, w in quiet_rows], pa.string()),
            }
        ),
        _("Themes"): pa.table(themes),
        _("Officials"): pa.table(
            {
                _("Name"): pa.array([o["name"] for o in d.officials], pa.string()),
                _("Position"): pa.array([o["position"] for o in d.officials], pa.string()),
                _("Stories"): pa.array([o["stories"] for o in d.officials], pa.int64()),
            }
        ),
        # a value is text ("WBK", "sangat baik" or a number), numbers in the language's marks as in the digest
        _("Reported results"): pa.table(
            {
                _("Province"): pa.array([r.province or "" for r, _c in reports], pa.string()),
                _("Pemda"): pa.array([r.pemda or "" for r, _c in reports], pa.string()),
                _("Holder"): pa.array([r.subject for r, _c in reports], pa.string()),
                _("Result"): pa.array([metrics.get(r.metric, r.metric) for r, _c in reports], pa.string()),
                _("Value"): pa.array([lang.value(r.value) for r, _c in reports], pa.string()),
                _("Year"): pa.array([r.year for r, _c in reports], pa.int64()),
                _("reports disagree"): pa.array([r.conflict for r, _c in reports], pa.bool_()),
                _("Outlet"): pa.array([c["outlet"] for _r, c in reports], pa.string()),
                _("URL"): pa.array([c["url"] for _r, c in reports], pa.string()),
            }
        ),
        _("Stories"): pa.table(
            {
                _("Title"): pa.array([s.title for s, _c in copies], pa.string()),
                _("Published"): pa.array(
                    [_published(s.published_at) for s, _c in copies], pa.timestamp("s", WIB.key)
                ),
                _("Provinces"): pa.array([", ".join(s.provinces) for s, _c in copies], pa.string()),
                _("Themes"): pa.array(
                    [", ".join(labels.get(t, t) for t in s.themes) for s, _c in copies], pa.string()
                ),
                _("Outlet"): pa.array([c["outlet"] for _s, c in copies], pa.string()),
                _("URL"): pa.array([c["url"] for _s, c in copies], pa.string()),
            }
        ),
        _("Source health"): pa.table(
            {
                _("Sources"): pa.array(
                    [_("configured"), _("healthy"), _("failing"), _("not crawled")], pa.string()
                ),
                _("Count"): pa.array(
                    [d.sources[k] for k in ("configured", "healthy", "failing", "not_crawled")], pa.int64()
                ),
            }
        ),
    }
    return sheets


def _published(text: str | None) -> datetime | None:
    """A story's ``YYYY-MM-DD HH:MM WIB`` back as a time, so Excel sorts and filters it as one."""
    return datetime.strptime(text[:16], "%Y-%m-%d %H:%M").replace(tzinfo=WIB) if text else None


def write_digest_workbook(d: Digest, path: Path) -> dict[str, int]:
    """Write the digest's sheets to ``path`` (an ``.xlsx`` file); returns rows per sheet."""
    return write_workbook(digest_sheets(d), path)
