"""The DuckDB database: connection, schema (migrations and views), integrity, publish, export, SQL.

Owns every table and view: ``connection`` (open, transactions, Arrow appends), ``schema`` (migrations
in ``migrations/``, one file per view in ``views/``), ``reference`` (provinces and regencies),
``integrity`` (``rbmon db check``), ``publish`` (the analysts' snapshot), ``export`` (Parquet) and
``query`` (``rbmon sql``). The package itself exposes the connection and schema API every stage uses;
import the other modules by path. May import: ``pipeline.core``, ``pipeline.extract.warc_reader``
(``db check`` reads records back), ``nlp.gazetteer`` (reference tables).
"""

from pipeline.store.connection import append_rows, connect, transaction
from pipeline.store.schema import current_version, migrate, migrations

__all__ = ["append_rows", "connect", "current_version", "migrate", "migrations", "transaction"]
