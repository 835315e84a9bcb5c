"""The stages assembled: the nightly job, the weekly digest job, the scheduler and the demo.

Owns: ``nightly`` (crawl, process, publish: the one assembly ``rbmon run``, the scheduler and the demo
share), ``weekly`` (the digest job), ``scheduler`` (APScheduler, the run lock, ``job_runs``) and
``demo`` (the nightly job against the fixture site, then the digest). May import every stage.
Nothing imports ``jobs`` except ``pipeline.cli``.
"""

from pipeline.jobs.demo import DemoResult, run_demo
from pipeline.jobs.nightly import NightlyReport, ensure_database, nightly
from pipeline.jobs.scheduler import build_scheduler, nightly_job, record_job, run_scheduler, weekly_digest_job
from pipeline.jobs.weekly import weekly_digest

__all__ = [
    "DemoResult",
    "NightlyReport",
    "build_scheduler",
    "ensure_database",
    "nightly",
    "nightly_job",
    "record_job",
    "run_demo",
    "run_scheduler",
    "weekly_digest",
    "weekly_digest_job",
]
