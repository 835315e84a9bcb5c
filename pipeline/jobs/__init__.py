"""The stages assembled: the nightly job, the weekly digest job, the scheduler and the demo.

Owns: ``scheduler`` (APScheduler, the run lock, ``job_runs``) and ``demo`` (the whole job against the
fixture site). May import every stage. Nothing imports ``jobs`` except ``pipeline.cli``.
"""

from pipeline.jobs.demo import DemoResult, run_demo
from pipeline.jobs.scheduler import build_scheduler, nightly_job, record_job, run_scheduler, weekly_digest_job

__all__ = [
    "DemoResult",
    "build_scheduler",
    "nightly_job",
    "record_job",
    "run_demo",
    "run_scheduler",
    "weekly_digest_job",
]
