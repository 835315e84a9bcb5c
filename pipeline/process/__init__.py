"""Processing: archived records -> enriched articles -> stories -> rows in DuckDB.

Owns: ``inputs`` (pending fetches or whole WARC files, grouped into articles), ``stories`` (exact and
near-duplicate copies), ``officials`` (one id per person and jurisdiction), ``load`` (an article's
rows, batches in one transaction), ``run`` (``run_process``: the worker pool and the single writer)
and ``annotate`` (``rbmon annotate``, the JSONL contract). May import: ``pipeline.core``,
``pipeline.extract``, ``pipeline.store``, ``nlp``, ``crawlers`` (the registry and URLs).
"""

from pipeline.process.annotate import AnnotateReport, annotate_file, annotate_record
from pipeline.process.report import ProcessReport
from pipeline.process.run import run_process

__all__ = ["AnnotateReport", "ProcessReport", "annotate_file", "annotate_record", "run_process"]
