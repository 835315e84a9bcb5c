"""The weekly digest job: last week's digest from the published snapshot, written, (if on) e-mailed,
then the archive site rebuilt with it (if ``[site] enabled``)."""

from __future__ import annotations

from typing import Any

from pipeline import store
from pipeline.core.config import Settings
from pipeline.digest.delivery import send_digest
from pipeline.digest.queries import configured_digest
from pipeline.digest.render import write_digest
from pipeline.site.build import build_site

__all__ = ["weekly_digest"]


def weekly_digest(settings: Settings) -> dict[str, Any]:
    """Write last week's digest into the digest folder and mail it when ``[email] enabled``."""
    # the snapshot the nightly job published: a manual run writing the working file cannot block it
    con = store.connect(settings.analyst_db_path, read_only=True)
    try:
        d = configured_digest(con, settings)
    finally:
        con.close()
    formats = list(settings.digest.formats)
    if settings.email.enabled and "html" not in formats:
        formats.append("html")  # the mail's HTML part is the published file
    paths = write_digest(d, settings.digest_dir, formats)
    sent = send_digest(settings, d, paths) if settings.email.enabled else 0
    details: dict[str, Any] = {"week": d.week, "files": [str(p) for p in paths.values()], "emailed_to": sent}
    if settings.site.enabled:
        # after the digest (and its mail): a failure here cannot cost the readers their digest
        report = build_site(settings, settings.site_dir)
        details["site"] = str(report.index)
    return details
