"""E-mail delivery of the weekly digest over SMTP (settings in the [email] config section).

The message is multipart/alternative: the Markdown digest as the text part (readable as is in
any mail client) and the self-contained HTML digest (inline SVG map, no external resources)
as the HTML part. Every SMTP or network failure becomes one ``DeliveryError`` naming the server,
so the scheduler records a readable reason and the CLI prints one line instead of a traceback.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from pipeline.core.config import EmailConfig, Settings
from pipeline.core.errors import DeliveryError
from pipeline.core.i18n import get_lang
from pipeline.digest.model import Digest
from pipeline.digest.render import render_html, render_markdown

__all__ = ["DeliveryError", "build_message", "new_message", "send_digest", "send_message"]

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 30.0


def build_message(cfg: EmailConfig, digest: Digest, paths: dict[str, Path] | None = None) -> EmailMessage:
    """The digest as an e-mail: Markdown text part, HTML alternative, addressed from ``cfg``.

    ``paths`` are the files ``write_digest`` wrote; the HTML part is read from there when given
    (so the mail is exactly the published file) and rendered otherwise.
    """
    lang = get_lang(digest.language)
    subject = lang.gettext("RB digest %(week)s: %(provinces)s") % {
        "week": digest.week,
        "provinces": lang.ngettext(
            "%(num)s province reporting", "%(num)s provinces reporting", len(digest.active)
        ),
    }
    msg = new_message(cfg, subject, cfg.recipients)
    msg.set_content(render_markdown(digest))
    html = paths["html"].read_text(encoding="utf-8") if paths and "html" in paths else render_html(digest)
    msg.add_alternative(html, subtype="html")
    return msg


def new_message(cfg: EmailConfig, subject: str, recipients: list[str]) -> EmailMessage:
    """An empty message with the headers every rbmon mail carries: subject, sender, recipients, date, id."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=cfg.sender.rpartition("@")[2] or None)
    return msg


def send_digest(settings: Settings, digest: Digest, paths: dict[str, Path] | None = None) -> int:
    """Send the digest to every configured recipient; returns how many the server accepted.

    Raises:
        DeliveryError: the server cannot be reached, refuses the login, the sender or every
            recipient, or the message.
    """
    cfg = settings.email
    if not cfg.recipients:
        log.warning("e-mail delivery is on but [email] recipients is empty: nothing sent")
        return 0
    sent = send_message(cfg, build_message(cfg, digest, paths), what="the digest")
    log.info(
        "digest %s e-mailed to %d recipient(s) through %s:%s", digest.week, sent, cfg.smtp_host, cfg.smtp_port
    )
    return sent


def send_message(cfg: EmailConfig, msg: EmailMessage, *, what: str = "the message") -> int:
    """Hand ``msg`` to the SMTP server of ``cfg`` (its To: header names the recipients).

    Returns how many recipients the server accepted; a refused recipient is logged, the others
    still get it. ``what`` names the message in errors ("the digest", "watchlist X").

    Raises:
        DeliveryError: the server cannot be reached, refuses the login, the sender or every
            recipient, or the message.
    """
    recipients = [a.strip() for a in str(msg["To"]).split(",") if a.strip()]
    server = f"{cfg.smtp_host}:{cfg.smtp_port}"
    hint = "check the [email] section of the config (smtp_host, smtp_port, use_tls, username)"
    try:
        with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if cfg.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if cfg.username:
                try:
                    smtp.login(cfg.username, cfg.password or "")
                except UnicodeEncodeError as exc:  # smtplib sends credentials as ASCII only
                    raise DeliveryError(
                        f"cannot log in to SMTP server {server}: the username or password has a "
                        "character outside ASCII, which Python's smtplib cannot send",
                        hint=hint,
                    ) from exc
            refused = smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"SMTP server {server} refused the login: {_reply(exc)}", hint=hint) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        who = ", ".join(f"{rcpt} ({_reply_of(code, text)})" for rcpt, (code, text) in exc.recipients.items())
        raise DeliveryError(f"SMTP server {server} refused every recipient: {who}", hint=hint) from exc
    except smtplib.SMTPSenderRefused as exc:
        raise DeliveryError(
            f"SMTP server {server} refused the sender {exc.sender}: {_reply(exc)}", hint=hint
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"SMTP server {server} rejected {what}: {_reply(exc)}", hint=hint) from exc
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"SMTP delivery through {server} failed: {exc}", hint=hint) from exc
    except TimeoutError as exc:
        raise DeliveryError(
            f"SMTP server {server} did not answer within {SMTP_TIMEOUT_SECONDS:.0f} s", hint=hint
        ) from exc
    except ssl.SSLError as exc:
        raise DeliveryError(f"TLS with SMTP server {server} failed: {exc.reason or exc}", hint=hint) from exc
    except OSError as exc:  # refused connection, unknown host, network down
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise DeliveryError(f"cannot reach SMTP server {server}: {reason}", hint=hint) from exc
    for rcpt, (code, text) in refused.items():
        log.warning("SMTP server %s refused recipient %s: %s", server, rcpt, _reply_of(code, text))
    return len(recipients) - len(refused)


def _reply_of(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(text.split())}"


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_of(exc.smtp_code, exc.smtp_error)
