"""rbmon's spiders: one, ``news.NewsSpider``, runs every discovery channel of every source."""

__all__ = ["news"]
