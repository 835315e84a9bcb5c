"""The static archive site (``rbmon site``): every weekly digest, a page per province, theme and official.

Owns: ``archive`` (the RB stories and their weekly counts, read from the database once), ``build``
(the pages, written beside the target and swapped in), ``search`` (the JSON search index shipped with
the site), ``scorecard`` (where the RB scorecard of issue 16 goes on a province page), ``templates/``
and ``assets/`` (stylesheet, search script). May import: ``pipeline.core``, ``pipeline.store``,
``pipeline.digest`` (the digest pages, charts, escaping), ``nlp.themes`` (theme labels).
"""

from pipeline.site.archive import Archive, load_archive
from pipeline.site.build import SiteReport, build_site, build_site_from

__all__ = ["Archive", "SiteReport", "build_site", "build_site_from", "load_archive"]
