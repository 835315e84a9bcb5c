"""The local fixture news site that rbmon's tests and ``rbmon demo`` crawl.

Three invented outlets (``data/fixture_site/outlets.yaml``), each on its own 127.0.0.1 port, serve
realistic pages built from ``data/fixture_site/articles/*.md`` plus the traps a news crawler meets
in the wild: paginated articles, AMP copies, tracking parameters, a syndicated press release, a
windows-1252 page, 404/500/429 answers, a slow page, an oversized page, a PDF and a robots.txt-
disallowed page. ``outlets.yaml`` lists where each trap lives.
"""

from pipeline.fixture_site.articles import (
    FixtureArticle,
    FixtureArticleError,
    gold_records,
    load_articles,
    registered_articles,
)
from pipeline.fixture_site.server import FixtureOutlet, FixtureSite

__all__ = [
    "FixtureArticle",
    "FixtureArticleError",
    "FixtureOutlet",
    "FixtureSite",
    "gold_records",
    "load_articles",
    "registered_articles",
]
