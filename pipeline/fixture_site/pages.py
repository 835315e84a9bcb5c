"""The fixture site's article pages rendered in process, with no server.

Benchmarks and tests that want the HTML a crawl of the fixture site would fetch (every article's
page 1 and pages 2..n) take it from here rather than each building the site model themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.fixture_site.articles import load_articles
from pipeline.fixture_site.content import SiteContent
from pipeline.fixture_site.model import SiteModel

__all__ = ["RenderedPage", "article_pages"]


@dataclass(frozen=True)
class RenderedPage:
    outlet: str
    path: str  # path on the outlet's site
    url: str  # absolute URL under ``base``
    body: bytes
    content_type: str


def article_pages(base: str = "https://fixture.example") -> list[tuple[RenderedPage, ...]]:
    """Every fixture article as its pages in order (page 1 first), each outlet under ``base/<outlet>``."""
    model = SiteModel.build(load_articles())
    content = SiteContent(model, {a.outlet: f"{base}/{a.outlet}" for a in model.articles})
    out = []
    for article in model.articles:
        pages = []
        for number in range(1, len(model.body_pages(article)) + 1):
            path = model.page_path(article, number)
            resp = content.static[article.outlet][path]
            pages.append(
                RenderedPage(
                    article.outlet, path, content.abs_url(article.outlet, path), resp.body, resp.content_type
                )
            )
        out.append(tuple(pages))
    return out
