"""One archived response in, one clean article out: decoding, HTML parsing, dates, boilerplate, enrichment.

Owns: ``html`` (the one place bytes become an lxml tree), ``article`` (title, metadata, body through
trafilatura), ``dates`` (publication time), ``clean`` (Indonesian boilerplate lines), ``warc_reader``
(records at their offsets) and ``enrich`` (a whole article, pages joined, annotated by ``nlp``; it runs
in worker processes and is imported by path, as it loads the NLP resources and datasketch).
May import: ``pipeline.core``, ``nlp``, ``crawlers.urls``. Never the database, never the network.
"""

from pipeline.extract.article import ExtractedArticle, extract_article, extract_dir
from pipeline.extract.clean import BoilerplateRules, CleanText, clean_text, load_boilerplate_rules
from pipeline.extract.dates import find_published, parse_indonesian_date
from pipeline.extract.html import decode_html, parse_html
from pipeline.extract.warc_reader import WarcResponse, iter_responses, read_response_at, read_response_from

__all__ = [
    "BoilerplateRules",
    "CleanText",
    "ExtractedArticle",
    "WarcResponse",
    "clean_text",
    "decode_html",
    "extract_article",
    "extract_dir",
    "find_published",
    "iter_responses",
    "load_boilerplate_rules",
    "parse_html",
    "parse_indonesian_date",
    "read_response_at",
    "read_response_from",
]
