"""The digest as Markdown, a self-contained HTML page (tile map and charts as inline SVG), JSON and Excel.

Written in the digest's language (``Digest.language``: Bahasa Indonesia by default, English with
``--lang en``): every message goes through the gettext catalogue of ``pipeline.core.i18n``, theme labels
come from ``data/themes.yaml``, dates and numbers from Babel. Everything scraped is escaped: Markdown
punctuation, autolinks, and every URL that is not http(s); the HTML by Jinja2's autoescape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from nlp.metrics import metric_labels
from nlp.themes import theme_labels
from pipeline.core.errors import InputError
from pipeline.core.i18n import Lang, get_lang
from pipeline.digest.charts import sparkline, text_sparkline, weekly_bars
from pipeline.digest.model import Digest
from pipeline.digest.trends import Trends
from pipeline.digest.workbook import write_digest_workbook

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


#: Public names for the site's templates: the same escaping and the same dates as the digest.
safe_url = _safe_url


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def _when(published: str | None, lang: Lang) -> str:
    """A story's ``YYYY-MM-DD HH:MM WIB`` as the reader's language writes the day: "2 Jul 2025 10:00 WIB"."""
    if not published:
        return lang.gettext("date unknown")
    return f"{lang.short_date(_day(published))} {published[11:]}".strip()


when_label = _when


def _signed(n: int, lang: Lang) -> str:
    """A change with its sign and the language's digits: "+1.234", "-3", "0"."""
    return ("+" if n > 0 else "-" if n < 0 else "") + lang.number(abs(n))


def series_alt(what: str, weeks: list[str], values: list[int], lang: Lang) -> str:
    """The text alternative of a weekly chart: what it counts, the weeks, and every value."""
    return lang.gettext("%(what)s, %(first)s to %(last)s: %(values)s") % {
        "what": what,
        "first": lang.week_label(weeks[0]) if weeks else "",
        "last": lang.week_label(weeks[-1]) if weeks else "",
        "values": ", ".join(lang.number(v) for v in values),
    }


def _period(d: Digest, lang: Lang) -> str:
    return f"{lang.long_date(_day(d.start))} – {lang.long_date(_day(d.end))}"


def _subtitle(d: Digest, lang: Lang) -> str:
    """One line under the title: the week's dates and its totals."""
    return lang.gettext(
        "%(stories)s in %(articles)s (%(crawled)s crawled) · %(active)s of 38 provinces reporting"
    ) % {
        "stories": lang.ngettext("%(num)s RB story", "%(num)s RB stories", d.totals.get("rb_stories", 0)),
        "articles": lang.ngettext("%(num)s article", "%(num)s articles", d.totals.get("rb_articles", 0)),
        "crawled": lang.ngettext("%(num)s article", "%(num)s articles", d.totals.get("articles", 0)),
        "active": lang.number(len(d.active)),
    }


def _quiet_long_text(name: str, last_week: str | None, lang: Lang) -> str:
    if last_week is None:
        return lang.gettext("%(name)s (no RB story in the archive)") % {"name": name}
    return lang.gettext("%(name)s (last RB story in %(week)s)") % {
        "name": name,
        "week": lang.week_label(last_week),
    }


def render_markdown(d: Digest) -> str:
    """The digest as Markdown in the digest's language; the e-mail's text part.

    Charts become block-character sparklines with their numbers, so nothing is lost in plain text.
    """
    lang = get_lang(d.language)
    _ = lang.gettext
    labels = theme_labels(lang.code)
    none = _("none")
    lines = [
        "# " + _("Reformasi Birokrasi — weekly digest, %(week)s") % {"week": lang.week_label(d.week)},
        "",
        f"{_period(d, lang)} · {_subtitle(d, lang)}",
        "",
    ]
    tr = d.trends
    if tr is not None:
        lines += [
            "## " + _("National trend"),
            "",
            f"{_('RB stories per week')}: {text_sparkline(tr.national)} "
            f"({series_alt(_('RB stories per week'), tr.weeks, tr.national, lang)})",
            "",
        ]
    lines += ["## " + _("Provinces reporting RB activity"), ""]
    if d.active:
        weeks = len(tr.weeks) if tr else 0
        lines += [
            f"| {_('Province')} | {_('Stories')} | {_('vs last week')} | "
            + (f"{_('%(weeks)s weeks') % {'weeks': weeks}} | " if tr else "")
            + f"{_('Articles')} | {_('Outlets')} | {_('Top themes')} |",
            "|---|---:|---:|" + ("---|" if tr else "") + "---:|---:|---|",
        ]
        for a in d.active:
            themes = ", ".join(labels.get(t, t) for t in a.top_themes)
            spark = f" {text_sparkline(a.trend)} |" if tr else ""
            lines.append(
                f"| {a.name} | {lang.number(a.stories)} | {_signed(a.change, lang)} |{spark} "
                f"{lang.number(a.articles)} | {lang.number(a.outlets)} | {themes} |"
            )
    else:
        lines.append(_("No province reported RB activity this week."))
    if tr is not None:
        lines += ["", "## " + _("Newly active and long quiet"), ""]
        if tr.has_history:
            lines += [
                f"**{_('Newly active')}** ({_('active this week after %(weeks)s weeks or more without an RB story') % {'weeks': tr.quiet_weeks}}): "
                + (", ".join(tr.newly_active) or none),
                "",
                f"**{_('Quiet for %(weeks)s weeks or more') % {'weeks': tr.quiet_weeks}}:** "
                + (", ".join(_quiet_long_text(n, w, lang) for n, w in tr.quiet_long) or none),
            ]
        else:
            lines.append(_no_history(tr, lang))
    lines += [
        "",
        "## " + _("Quiet provinces"),
        "",
        f"**{_('Sources healthy, no RB coverage')} ({lang.number(len(d.quiet_observed))}):** "
        + (", ".join(d.quiet_observed) or none),
        "",
        f"**{_('No data: no or failing sources')} ({lang.number(len(d.quiet_no_data))}):** "
        + (", ".join(d.quiet_no_data) or none),
        "",
        "## " + _("Themes"),
        "",
    ]
    trend_of = tr.themes if tr else {}
    lines += [
        f"- {labels.get(t, t)}: {lang.ngettext('%(num)s story', '%(num)s stories', n)}"
        + (f" · {text_sparkline(trend_of[t])}" if t in trend_of else "")
        for t, n in d.themes
    ] or [f"- {none}"]
    lines += ["", "## " + _("Officials most active"), ""]
    lines += [
        f"- {_md_escape(o['name'])} — {_md_escape(o['position'] or '')} "
        f"({lang.ngettext('%(num)s story', '%(num)s stories', o['stories'])})"
        for o in d.officials
    ] or [f"- {none}"]
    metrics = metric_labels(lang.code)
    lines += ["", "## " + _("Results reported this week"), ""]
    if d.results:
        lines += [
            f"| {_('Province')} | {_('Pemda')} | {_('Holder')} | {_('Result')} | {_('Value')} | "
            f"{_('Year')} | {_('Reported by')} |",
            "|---|---|---|---|---|---:|---|",
        ]
        for r in d.results:
            by = ", ".join(f"[{_md_escape(c['outlet'])}]({_safe_url(c['url'])})" for c in r.reports)
            value = _md_escape(lang.value(r.value)) + (f" ({_('reports disagree')})" if r.conflict else "")
            lines.append(
                f"| {_md_escape(r.province or '')} | {_md_escape(r.pemda or '')} | {_md_escape(r.subject)} | "
                f"{_md_escape(metrics.get(r.metric, r.metric))} | {value} | {r.year or ''} | {by} |"
            )
    else:
        lines.append(_("No RB results were reported this week."))
    lines += ["", "## " + _("Top stories"), ""]
    for s in d.stories:
        where = _md_escape(", ".join(s.provinces)) or _("region unknown")
        lines.append(f"- **{_md_escape(s.title)}** ({where}; {_when(s.published_at, lang)})")
        for c in s.outlets:
            lines.append(f"  - [{_md_escape(c['outlet'])}]({_safe_url(c['url'])})")
    if not d.stories:
        lines.append(f"- {none}")
    lines += ["", "## " + _("Source health"), "", _source_line(d, lang), ""]
    return "\n".join(lines)


def _no_history(tr: Trends, lang: Lang) -> str:
    return lang.gettext(
        "Newly active and long-quiet provinces need more than %(weeks)s weeks of archive; it reaches back %(have)s."
    ) % {
        "weeks": lang.number(tr.quiet_weeks),
        "have": lang.ngettext("%(num)s week", "%(num)s weeks", tr.history_weeks),
    }


def _source_line(d: Digest, lang: Lang) -> str:
    src = d.sources
    return lang.gettext(
        "%(configured)s sources configured: %(healthy)s healthy, %(failing)s failing, %(not_crawled)s not crawled this week."
    ) % {k: lang.number(src[k]) for k in ("configured", "healthy", "failing", "not_crawled")}


def reader_environment(package: str, language: str) -> Environment:
    """A Jinja environment for what readers see, from ``package``'s ``templates/``, in ``language``.

    One place for what every reader-facing template needs, so the digest, the archive site and the
    watchlist alerts escape and label alike: autoescape on (scraped text stays text), undefined names
    fail, ``_``/``n_`` speak ``language``, and the filters ``theme``, ``metric`` (labels from the data
    files), ``safe_url`` (http(s) only, else ``#``), ``num``, ``week`` and ``when``.
    """
    lang = get_lang(language)
    themes = theme_labels(language)
    metrics = metric_labels(language)
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
    )
    env.globals.update(_=lang.gettext, n_=lang.ngettext, lang=lang)
    env.filters["theme"] = lambda key: themes.get(key, key)
    env.filters["metric"] = lambda key: metrics.get(key, key)
    env.filters["safe_url"] = lambda url: _safe_url(str(url))
    env.filters["num"] = lang.number
    env.filters["value"] = lang.value
    env.filters["week"] = lang.week_label
    env.filters["when"] = lambda published: _when(published, lang)
    return env


@lru_cache(maxsize=4)
def _env(language: str) -> Environment:
    env = reader_environment("pipeline.digest", language)
    lang = get_lang(language)
    env.filters["signed"] = lambda n: _signed(int(n), lang)
    return env


def digest_charts(d: Digest) -> dict[str, Any]:
    """The digest's charts as inline SVG: the national weekly bars, a sparkline per active province and theme."""
    lang = get_lang(d.language)
    _ = lang.gettext
    tr = d.trends
    if tr is None:
        return {"national": None, "provinces": {}, "themes": {}}
    short = [lang.short_week(w) for w in tr.weeks]
    labels = theme_labels(lang.code)
    what = _("RB stories per week")
    return {
        "national": weekly_bars(short, tr.national, alt=series_alt(what, tr.weeks, tr.national, lang)),
        "national_alt": series_alt(what, tr.weeks, tr.national, lang),
        "provinces": {
            a.code: sparkline(
                a.trend,
                alt=series_alt(
                    _("RB stories about %(name)s per week") % {"name": a.name}, tr.weeks, a.trend, lang
                ),
            )
            for a in d.active
        },
        "themes": {
            key: sparkline(
                values,
                alt=series_alt(
                    _("%(theme)s: RB stories per week") % {"theme": labels.get(key, key)},
                    tr.weeks,
                    values,
                    lang,
                ),
            )
            for key, values in tr.themes.items()
        },
    }


def render_html(d: Digest, *, home: str | None = None) -> str:
    """The digest as one self-contained HTML page (inline SVG map and charts, no script, strict CSP).

    Args:
        home: a relative link back to the archive site's index, when the page is part of the site.
    """
    lang = get_lang(d.language)
    return (
        _env(lang.code)
        .get_template("digest.html.j2")
        .render(
            d=d,
            tile=46,
            gap=4,
            charts=digest_charts(d),
            period=_period(d, lang),
            subtitle=_subtitle(d, lang),
            sources_line=_source_line(d, lang),
            quiet_long=[_quiet_long_text(n, w, lang) for n, w in (d.trends.quiet_long if d.trends else [])],
            no_history=_no_history(d.trends, lang) if d.trends else "",
            home=home,
        )
    )


def render_json(d: Digest) -> str:
    """The digest as JSON: the data with English keys (stable for tools), plus the reader's labels."""
    lang = get_lang(d.language)
    data = json.loads(d.to_json())
    data["title"] = lang.gettext("Reformasi Birokrasi — weekly digest, %(week)s") % {
        "week": lang.week_label(d.week)
    }
    data["period"] = _period(d, lang)
    data["theme_labels"] = theme_labels(lang.code)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


#: What ``write_digest`` can write, in the order it writes them.
FORMATS = ("md", "html", "json", "xlsx")
DEFAULT_FORMATS = ("md", "html", "json")


def write_digest(d: Digest, out_dir: Path, formats: Iterable[str] = DEFAULT_FORMATS) -> dict[str, Path]:
    """Write ``digest-<week>.<format>`` for each of ``formats`` atomically (temp file, then rename).

    Raises:
        InputError: a format rbmon does not write.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise InputError(f"unknown digest format {unknown[0]!r}: use {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for ext in wanted:
        path = out_dir / f"digest-{d.week}.{ext}"
        tmp = path.with_name(path.name + ".tmp")
        if ext == "xlsx":
            write_digest_workbook(d, tmp)
        else:
            content = {"md": render_markdown, "html": render_html, "json": render_json}[ext](d)
            tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
        paths[ext] = path
    return paths
