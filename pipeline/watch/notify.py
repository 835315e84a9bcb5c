"""After each nightly run: one e-mail per watchlist with new matches, then the matches recorded.

Order matters for "nothing sent twice, nothing lost": the message goes to the SMTP server first and
its articles are recorded in ``watch_notifications`` right after, in one transaction. A server that
refuses the message records nothing, so the same articles go out after the next run. A watchlist
with no new match sends nothing. The messages are in the configured language: a text part and an
HTML part (every scraped title and outlet escaped, links http(s) only).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from functools import lru_cache

from jinja2 import Environment

from nlp.themes import theme_labels
from pipeline import store
from pipeline.core.config import Settings
from pipeline.core.errors import DeliveryError
from pipeline.core.i18n import Lang, get_lang
from pipeline.digest.delivery import new_message, send_message
from pipeline.digest.model import WIB
from pipeline.digest.render import reader_environment, safe_url
from pipeline.watch.lists import Watchlist, list_watchlists
from pipeline.watch.match import Match, new_matches

__all__ = ["WatchReport", "build_alert", "notify_watchlists"]

log = logging.getLogger(__name__)


@dataclass
class WatchReport:
    """Per watchlist: articles sent (or, in a dry run, that would be); and what failed."""

    sent: dict[str, int] = field(default_factory=dict)
    pending: dict[str, int] = field(default_factory=dict)  # matches left for the next message
    skipped: list[str] = field(default_factory=list)  # watchlists with matches but no recipient
    errors: list[str] = field(default_factory=list)

    def details(self) -> dict[str, object]:
        return {"sent": self.sent, "pending": self.pending, "skipped": self.skipped, "errors": self.errors}


@lru_cache(maxsize=4)
def _env(language: str) -> Environment:
    return reader_environment("pipeline.watch", language)


def _stories(matches: list[Match]) -> list[dict[str, object]]:
    """Matches grouped by story: one entry per story with every outlet that carried it."""
    grouped: OrderedDict[str, dict[str, object]] = OrderedDict()
    for m in matches:
        entry = grouped.setdefault(
            m.story_id,
            {"title": m.title, "published_at": m.published_at, "provinces": list(m.provinces), "copies": []},
        )
        copies = entry["copies"]
        assert isinstance(copies, list)
        copies.append({"outlet": m.outlet, "url": m.url})
    return list(grouped.values())


def _day(moment: object, lang: Lang) -> str:
    return lang.short_date(moment.astimezone(WIB).date()) if isinstance(moment, datetime) else ""


def build_alert(
    settings: Settings, w: Watchlist, matches: list[Match], recipients: list[str], *, pending: int = 0
) -> EmailMessage:
    """The alert for ``w``: subject with the count, a text part and an HTML part listing the stories."""
    lang = get_lang(settings.language)
    _ = lang.gettext
    subject = _("rbmon watchlist %(name)s: %(articles)s") % {
        "name": " ".join(w.name.split()),
        "articles": lang.ngettext("%(num)s new article", "%(num)s new articles", len(matches)),
    }
    msg = new_message(settings.email, subject, recipients)
    stories = _stories(matches)
    for s in stories:
        s["day"] = _day(s["published_at"], lang)
    kinds = {"query": _("words"), "province": _("province"), "official": _("official"), "theme": _("theme")}
    labels = theme_labels(lang.code)
    criteria = [
        (kinds[kind], labels.get(value, value) if kind == "theme" else value) for kind, value in w.criteria()
    ]
    lines = [subject, ""]
    lines += [f"{kind}: {value}" for kind, value in criteria] + [""]
    for s in stories:
        where = ", ".join(s["provinces"]) if isinstance(s["provinces"], list) else ""
        lines.append(f"- {' '.join(str(s['title']).split())} ({where}; {s['day']})")
        for c in s["copies"]:  # type: ignore[attr-defined]
            lines.append(f"  {' '.join(c['outlet'].split())}: {safe_url(c['url'])}")
    if pending:
        lines += ["", _("%(num)s more in the next message.") % {"num": lang.number(pending)}]
    lines += ["", _("Sent by rbmon after the nightly run. `rbmon watch remove NAME` stops these alerts.")]
    msg.set_content("\n".join(lines))
    html = (
        _env(lang.code)
        .get_template("alert.html.j2")
        .render(subject=subject, name=w.name, criteria=criteria, stories=stories, pending=pending)
    )
    msg.add_alternative(html, subtype="html")
    return msg


def notify_watchlists(settings: Settings, *, dry_run: bool = False) -> WatchReport:
    """Mail each watchlist's new matches (one message per watchlist) and record what was sent.

    Args:
        dry_run: count what would be sent; send and record nothing.

    Raises:
        DeliveryError: after every watchlist was tried, when at least one message could not be sent
            (those sent are recorded; the failed ones go out next time).
    """
    report = WatchReport()
    limit = settings.watch.max_articles_per_message
    con = store.connect(settings.db_path, read_only=dry_run)
    try:
        if not dry_run:
            store.migrate(con)
        elif not con.execute(
            "select count(*) from duckdb_tables() where table_name = 'watchlists'"
        ).fetchall()[0][0]:
            return report  # a database from before watchlists (read-only here, so not migrated): none
        for w in list_watchlists(con):
            found = new_matches(con, w, limit=limit + 1)
            if not found:
                continue
            matches, pending = found[:limit], max(0, len(found) - limit)
            if pending:
                pending = len(new_matches(con, w)) - limit
            recipients = w.recipients or settings.email.recipients
            if dry_run:
                report.sent[w.name] = len(matches)
                report.pending[w.name] = pending
                continue
            if not recipients:
                log.warning(
                    "watchlist %s has %d new match(es) but no recipient: nothing sent", w.name, len(matches)
                )
                report.skipped.append(w.name)
                continue
            msg = build_alert(settings, w, matches, recipients, pending=pending)
            try:
                send_message(settings.email, msg, what=f"the alert of watchlist {w.name!r}")
            except DeliveryError as exc:
                log.error("watchlist %s: %s", w.name, exc)
                report.errors.append(str(exc))
                continue
            now = datetime.now(UTC)
            with store.transaction(con):
                store.append_rows(
                    con,
                    "watch_notifications",
                    [
                        {
                            "watchlist": w.name,
                            "article_id": m.article_id,
                            "sent_at": now,
                            "message_id": msg["Message-ID"],
                        }
                        for m in matches
                    ],
                )
            report.sent[w.name] = len(matches)
            report.pending[w.name] = pending
            log.info(
                "watchlist %s: %d article(s) e-mailed to %d recipient(s)",
                w.name,
                len(matches),
                len(recipients),
            )
    finally:
        con.close()
    if report.errors:
        raise DeliveryError(
            f"{len(report.errors)} watchlist alert(s) not sent: {report.errors[0]}",
            hint="they are sent after the next nightly run (or `rbmon watch send`); check the [email] section",
        )
    return report
