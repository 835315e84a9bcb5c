"""E-mail delivery of the weekly digest over SMTP (settings in the [email] config section)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.digest import render_markdown

__all__ = ["send_digest"]


def send_digest(settings: Settings, digest: Any, paths: dict[str, Path]) -> int:
    """Send the digest (Markdown as text, HTML as the alternative part) to every recipient."""
    cfg = settings.email
    if not cfg.recipients:
        return 0
    msg = EmailMessage()
    msg["Subject"] = f"RB digest {digest.week}: {len(digest.active)} provinces reporting"
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.recipients)
    msg.set_content(render_markdown(digest))
    if "html" in paths:
        msg.add_alternative(paths["html"].read_text(encoding="utf-8"), subtype="html")
    with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=30) as smtp:
        if cfg.use_tls:
            smtp.starttls()
        if cfg.username:
            smtp.login(cfg.username, cfg.password or "")
        smtp.send_message(msg)
    return len(cfg.recipients)
