"""Watchlists: tell an analyst about new core RB articles on a province, an official, a theme or words.

Owns: ``lists`` (``rbmon watch add/list/remove``: the ``watchlists`` table, criteria checked when a
watchlist is added), ``match`` (the new matching articles of a watchlist, in one parameterised query)
and ``notify`` (after each nightly run: one e-mail per watchlist with new matches, recorded in
``watch_notifications`` so that nothing is sent twice). May import: ``pipeline.core``, ``pipeline.store``,
``pipeline.digest`` (SMTP delivery, escaping, dates), ``nlp.themes`` (theme keys and labels).
"""

from pipeline.watch.lists import Watchlist, add_watchlist, list_watchlists, remove_watchlist
from pipeline.watch.match import Match, new_matches
from pipeline.watch.notify import WatchReport, notify_watchlists

__all__ = [
    "Match",
    "WatchReport",
    "Watchlist",
    "add_watchlist",
    "list_watchlists",
    "new_matches",
    "notify_watchlists",
    "remove_watchlist",
]
