"""The weekly digest job: last week's digest from the published snapshot, written and (if on) e-mailed."""

from __future__ import annotations

from typing import Any

from pipeline import store
from pipeline.core.config import Settings
from pipeline.digest.delivery import send_digest
from pipeline.digest.queries import build_digest
from pipeline.digest.render import write_digest

__all__ = ["weekly_digest"]


def weekly_digest(settings: Settings) -> dict[str, Any]:
    """Write last week's digest into the digest folder and mail it when ``[email] enabled``."""
    # the snapshot the nightly job published: a manual run writing the working file cannot block it
    con = store.connect(settings.analyst_db_path, read_only=True)
    try:
        d = build_digest(
            con, None, top_stories=settings.digest.top_stories, top_officials=settings.digest.top_officials
        )
    finally:
        con.close()
    paths = write_digest(d, settings.digest_dir)
    sent = send_digest(settings, d, paths) if settings.email.enabled else 0
    return {"week": d.week, "files": [str(p) for p in paths.values()], "emailed_to": sent}
