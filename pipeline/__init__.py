"""rbmon's stages after the crawl, and their orchestration: one subpackage per stage.

    core      errors, settings, time zones, the stop flag, the crawl contract   (imported by everyone)
    extract   one WARC record or HTML page -> one clean article
    crawl     plan a crawl from the database, run the crawler subprocess, load what it fetched
    process   WARC records -> enriched articles -> stories -> DuckDB
    store     the database: connection, migrations, views, integrity, publish, export, SQL
    digest    the weekly digest: model, queries, rendering, delivery
    jobs      nightly, weekly digest, scheduler, demo: stages assembled
    cli       the ``rbmon`` command on top

Data flows one way and so do imports; ``tests/test_architecture.py`` checks the graph written in
``ARCHITECTURE.md``. ``fixture_site`` is the local news site the demo and the tests crawl.
"""

__all__ = ["cli", "core", "crawl", "digest", "extract", "fixture_site", "jobs", "process", "store"]
