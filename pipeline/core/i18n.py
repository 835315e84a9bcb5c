"""The language of everything rbmon writes for readers: digest, e-mail, archive site, watchlist alerts.

Bahasa Indonesia is the default; English is the other language. Messages are gettext: the source
strings in the code and templates are English (``_("Top stories")``), and the one Indonesian
catalogue is ``data/locale/id/LC_MESSAGES/rbmon.po``, read with Babel and compiled in memory when first
used (no compiled ``.mo`` file to forget to rebuild). Dates and numbers are formatted by Babel with
the CLDR rules of the language: "Senin, 7 Juli 2025" and "1.234" in Indonesian, "Monday, 7 July 2025"
and "1,234" in English.

To add or change a message: edit the string in the code or template, then update the catalogue as the
README's "Translations" section shows (``pybabel extract`` and ``pybabel update``) and translate the new
entry; ``tests/test_i18n.py`` fails while any message lacks its Indonesian translation.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from io import BytesIO

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from pipeline.core.errors import ConfigError

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Lang", "catalogue_path", "get_lang"]

#: The languages rbmon writes; the first is the default.
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]
DOMAIN = "rbmon"
#: A number as rbmon stores it in text (a scorecard value such as ``71.35``): digits, optional decimals.
_STORED_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,6})?")


def catalogue_path(language: str) -> str:
    """Where the ``.po`` catalogue of ``language`` lives inside the ``rbmon_data`` package."""
    return f"locale/{language}/LC_MESSAGES/{DOMAIN}.po"


@dataclass(frozen=True)
class Lang:
    """One reader language: its messages (gettext) and its date and number formats (Babel/CLDR).

    >>> get_lang("id").number(1234)
    '1.234'
    >>> get_lang("id").long_date(date(2025, 7, 7))
    'Senin, 7 Juli 2025'
    >>> get_lang("en").week_label("2025-W27")
    'Week 27, 2025'
    """

    code: str
    translations: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        """``message`` in this language (the English source string when it has no translation)."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural message for ``n``, with ``%(num)s`` filled in as a formatted number.

        Indonesian has one form for every count; English says "1 story", "2 stories".
        """
        return self.translations.ngettext(singular, plural, n) % {"num": self.number(n)}

    def number(self, value: int | float) -> str:
        """``value`` with the language's grouping and decimal marks: 1.234,5 (id) or 1,234.5 (en)."""
        return format_decimal(value, locale=self.code)

    def value(self, text: str) -> str:
        """A value stored as text, for reading: a number (``71.35``, ``1234``) in the language's marks,
        with its decimals kept ("71,35" in Indonesian, "71.35" in English); anything else (``WBK``,
        ``sangat baik``, scraped text) exactly as stored.

        >>> get_lang("id").value("71.35"), get_lang("id").value("4.50"), get_lang("id").value("WBK")
        ('71,35', '4,50', 'WBK')
        """
        if not _STORED_NUMBER.fullmatch(text):
            return text
        decimals = len(text.partition(".")[2])
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(Decimal(text), format=pattern, locale=self.code)

    def long_date(self, day: date) -> str:
        """Weekday, day, month and year: "Senin, 7 Juli 2025"."""
        return format_date(day, "EEEE, d MMMM y", locale=self.code)

    def short_date(self, day: date) -> str:
        """Day, abbreviated month and year: "7 Jul 2025"."""
        return format_date(day, "d MMM y", locale=self.code)

    def month_label(self, day: date) -> str:
        """Abbreviated month and year, for chart axes: "Jul 2025"."""
        return format_date(day, "MMM y", locale=self.code)

    def week_label(self, iso_week: str) -> str:
        """An ISO week (``2025-W27``) as people say it: "Minggu ke-27 2025" or "Week 27, 2025"."""
        year, _, week = iso_week.partition("-W")
        return self.gettext("Week %(week)s, %(year)s") % {"week": int(week), "year": year}

    def short_week(self, iso_week: str) -> str:
        """An ISO week for a chart axis or a narrow column: "M27" (id) or "W27" (en)."""
        return self.gettext("W%(week)s") % {"week": int(iso_week.partition("-W")[2])}


@lru_cache(maxsize=len(LANGUAGES))
def get_lang(code: str | None = None) -> Lang:
    """The :class:`Lang` for ``code`` (default: Indonesian).

    Raises:
        ConfigError: ``code`` is not one of :data:`LANGUAGES`.
    """
    code = (code or DEFAULT_LANGUAGE).strip().lower()
    if code not in LANGUAGES:
        raise ConfigError(
            f"unknown language {code!r}: rbmon writes {' and '.join(LANGUAGES)}",
            hint="use --lang id (Bahasa Indonesia, the default) or --lang en",
        )
    if code == "en":  # the source strings are English
        return Lang(code, gettext.NullTranslations())
    return Lang(code, _load_catalogue(code))


def _load_catalogue(code: str) -> Translations:
    """Read the ``.po`` file and compile it in memory: the catalogue is the single source of truth."""
    po = resources.files("rbmon_data").joinpath(catalogue_path(code))
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
