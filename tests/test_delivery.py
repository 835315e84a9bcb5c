"""E-mail delivery of the digest through a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from pipeline import store
from pipeline.core.config import Settings, load_settings
from pipeline.core.errors import RbmonError
from pipeline.digest import Digest, build_digest, write_digest
from pipeline.digest.delivery import DeliveryError, send_digest
from pipeline.jobs.scheduler import weekly_digest_job
from pipeline.store.reference import load_reference
from tests.helpers import kendari_dateline, kendari_province

WIB = ZoneInfo("Asia/Jakarta")
RECIPIENTS = ["analis@kementerian.example.id", "redaksi@media.example.id"]


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and refuses what it is told to."""

    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    refuse_rcpt: set[str] = field(default_factory=set)
    refuse_data: bool = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return "554 5.7.1 message rejected by policy"
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def _settings(tmp_path: Path, port: int, recipients: list[str] = RECIPIENTS, extra: str = "") -> Settings:
    """Settings read from a real config file, as the scheduler gets them (``extra``: more [email] lines)."""
    quoted = ", ".join(f'"{r}"' for r in recipients)
    config = tmp_path / "rbmon.toml"
    config.write_text(
        f'data_dir = "data"\n\n[email]\nenabled = true\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
        f'sender = "rbmon@pemantau.example.id"\nrecipients = [{quoted}]\n{extra}',
        encoding="utf-8",
    )
    return load_settings(config)


@pytest.fixture
def digest(tmp_path: Path) -> tuple[Digest, dict[str, Path]]:
    con = store.connect(tmp_path / "mail.duckdb")
    store.migrate(con)
    load_reference(con)
    when = datetime(2025, 7, 2, 9, 30, tzinfo=WIB)
    with store.transaction(con):
        store.append_rows(
            con,
            "articles",
            [
                {
                    "article_id": "k1",
                    "canonical_url": "https://kendari.example.id/berita/zona-integritas",
                    "url": "https://kendari.example.id/berita/zona-integritas",
                    "source_id": "kendari",
                    "outlet": "Kendari Pos",
                    "title": "Pemkot Kendari Canangkan Zona Integritas di Dinas Kependudukan",
                    "published_at": when,
                    "fetched_at": when,
                    "story_id": "k1",
                    "rb_relevant": True,
                    "rb_score": 4.2,
                }
            ],
        )
        store.append_rows(
            con,
            "article_regions",
            [kendari_dateline("k1")],
        )
        store.append_rows(con, "article_provinces", [kendari_province("k1")])
    d = build_digest(con, "2025-W27")
    con.close()
    return d, write_digest(d, tmp_path / "digests")


def test_digest_arrives_with_subject_text_and_html(
    smtp: tuple[Mailbox, int], digest: tuple[Digest, dict[str, Path]], tmp_path: Path
) -> None:
    mailbox, port = smtp
    d, paths = digest
    assert send_digest(_settings(tmp_path, port), d, paths) == 2
    [(sender, rcpts, msg)] = mailbox.messages
    assert sender == "rbmon@pemantau.example.id"
    assert rcpts == RECIPIENTS
    assert msg["Subject"] == "Ringkasan RB 2025-W27: 1 provinsi melaporkan"  # Bahasa Indonesia by default
    assert msg["To"] == ", ".join(RECIPIENTS)
    assert msg["Message-ID"] and msg["Date"]
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "Sulawesi Tenggara" in text.get_content()
    assert "Zona Integritas" in text.get_content()
    # the HTML part is the digest file that was published, map included (SMTP turns line ends into CRLF)
    received = html.get_content().replace("\r\n", "\n").rstrip("\n")
    assert received == paths["html"].read_text(encoding="utf-8").rstrip("\n")
    assert "<svg" in html.get_content()


def test_html_part_is_rendered_when_no_file_was_written(
    smtp: tuple[Mailbox, int], digest: tuple[Digest, dict[str, Path]], tmp_path: Path
) -> None:
    mailbox, port = smtp
    d, _ = digest
    assert send_digest(_settings(tmp_path, port), d) == 2
    html = mailbox.messages[0][2].get_body(preferencelist=("html",))
    assert html is not None and "Kendari" in html.get_content()


def test_one_refused_recipient_does_not_stop_the_others(
    smtp: tuple[Mailbox, int], digest: tuple[Digest, dict[str, Path]], tmp_path: Path
) -> None:
    mailbox, port = smtp
    mailbox.refuse_rcpt = {RECIPIENTS[1]}
    assert send_digest(_settings(tmp_path, port), digest[0], digest[1]) == 1
    assert [m[1] for m in mailbox.messages] == [[RECIPIENTS[0]]]


def test_no_server_is_one_clear_error(digest: tuple[Digest, dict[str, Path]], tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    with pytest.raises(DeliveryError, match=rf"cannot reach SMTP server 127\.0\.0\.1:{port}") as info:
        send_digest(_settings(tmp_path, port), digest[0], digest[1])
    assert isinstance(info.value, RbmonError)
    assert info.value.hint and "[email]" in info.value.hint
    assert "\n" not in str(info.value)


def test_server_refusing_every_recipient(
    smtp: tuple[Mailbox, int], digest: tuple[Digest, dict[str, Path]], tmp_path: Path
) -> None:
    mailbox, port = smtp
    mailbox.refuse_rcpt = set(RECIPIENTS)
    with pytest.raises(
        DeliveryError, match=r"refused every recipient: analis@kementerian\.example\.id \(550"
    ):
        send_digest(_settings(tmp_path, port), digest[0], digest[1])
    assert mailbox.messages == []


def test_server_rejecting_the_message(
    smtp: tuple[Mailbox, int], digest: tuple[Digest, dict[str, Path]], tmp_path: Path
) -> None:
    mailbox, port = smtp
    mailbox.refuse_data = True
    with pytest.raises(DeliveryError, match=r"rejected the digest: 554 5\.7\.1 message rejected by policy"):
        send_digest(_settings(tmp_path, port), digest[0], digest[1])


def test_no_recipients_sends_nothing(
    smtp: tuple[Mailbox, int], digest: tuple[Digest, dict[str, Path]], tmp_path: Path
) -> None:
    mailbox, port = smtp
    assert send_digest(_settings(tmp_path, port, recipients=[]), digest[0], digest[1]) == 0
    assert mailbox.messages == []


# --- STARTTLS and login, as in the README's example configuration ---------------------------------

USER, PASSWORD = "rbmon", "rahasia 2025!"
TLS_LOGIN = f'use_tls = true\nusername = "{USER}"\npassword = "{PASSWORD}"\n'


@dataclass
class Authenticator:
    """Accepts USER/PASSWORD only; remembers every attempt and whether it came over TLS."""

    attempts: list[tuple[str, str, bool]] = field(default_factory=list)

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login = auth_data.login.decode()
        self.attempts.append((mechanism, login, session.ssl is not None))
        ok = login == USER and auth_data.password.decode() == PASSWORD
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


@dataclass
class TlsMailbox(Mailbox):
    """A Mailbox that also notes, per accepted message, whether the session was TLS and who logged in."""

    sessions: list[tuple[str | None, bool | None, str | None]] = field(default_factory=list)
    starttls_seen: int = 0

    def handle_STARTTLS(self, server, session, envelope) -> bool:  # aiosmtpd calls this one synchronously
        self.starttls_seen += 1
        return True

    async def handle_DATA(self, server, session, envelope):
        cipher = session.ssl.get("cipher") if session.ssl else None
        login = session.auth_data.login.decode() if session.authenticated else None
        self.sessions.append((cipher and cipher[1], session.authenticated, login))
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    """A throwaway certificate authority that no system trust store knows."""
    return trustme.CA()


@pytest.fixture
def tls_smtp(ca: trustme.CA) -> Iterator[tuple[TlsMailbox, Authenticator, int]]:
    """A server with a certificate for 127.0.0.1 from ``ca`` that takes nothing but EHLO/STARTTLS
    before TLS, offers AUTH only over TLS, and takes no mail without a login."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    mailbox, auth = TlsMailbox(), Authenticator()
    port = _free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=auth,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield mailbox, auth, port
    finally:
        controller.stop()


@pytest.fixture
def trust(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the client (ssl.create_default_context, via OpenSSL's default paths) trust ``ca`` only."""
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-such-dir"))
    return bundle


def test_starttls_and_login_deliver_the_digest(
    tls_smtp: tuple[TlsMailbox, Authenticator, int],
    trust: Path,
    digest: tuple[Digest, dict[str, Path]],
    tmp_path: Path,
) -> None:
    mailbox, auth, port = tls_smtp
    assert send_digest(_settings(tmp_path, port, extra=TLS_LOGIN), digest[0], digest[1]) == 2
    [(sender, rcpts, msg)] = mailbox.messages
    assert sender == "rbmon@pemantau.example.id" and rcpts == RECIPIENTS
    assert msg["Subject"] == "Ringkasan RB 2025-W27: 1 provinsi melaporkan"  # Bahasa Indonesia by default
    assert mailbox.starttls_seen == 1
    [(protocol, authenticated, login)] = mailbox.sessions
    assert protocol in {"TLSv1.2", "TLSv1.3"}  # the mail itself went over the encrypted channel
    assert authenticated is True and login == USER
    assert auth.attempts and all(over_tls for _, _, over_tls in auth.attempts)  # AUTH only after STARTTLS
    assert auth.attempts[-1][1] == USER


def test_wrong_password_is_one_clear_login_error(
    tls_smtp: tuple[TlsMailbox, Authenticator, int],
    trust: Path,
    digest: tuple[Digest, dict[str, Path]],
    tmp_path: Path,
) -> None:
    mailbox, auth, port = tls_smtp
    wrong = TLS_LOGIN.replace(PASSWORD, "salah")
    with pytest.raises(
        DeliveryError, match=rf"^SMTP server 127\.0\.0\.1:{port} refused the login: 535 "
    ) as info:
        send_digest(_settings(tmp_path, port, extra=wrong), digest[0], digest[1])
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message and "b'" not in message
    assert info.value.hint and "username" in info.value.hint
    assert mailbox.starttls_seen == 1 and auth.attempts  # it got as far as a login over TLS
    assert all(login == USER and over_tls for _, login, over_tls in auth.attempts)
    assert mailbox.messages == []


def test_non_ascii_password_is_one_clear_error(
    tls_smtp: tuple[TlsMailbox, Authenticator, int],
    trust: Path,
    digest: tuple[Digest, dict[str, Path]],
    tmp_path: Path,
) -> None:
    """smtplib encodes credentials as ASCII; that must not escape as a UnicodeEncodeError traceback."""
    mailbox, auth, port = tls_smtp
    accented = TLS_LOGIN.replace(PASSWORD, "rahasia-Σ-2025")
    with pytest.raises(DeliveryError, match=rf"^cannot log in to SMTP server 127\.0\.0\.1:{port}: .*ASCII"):
        send_digest(_settings(tmp_path, port, extra=accented), digest[0], digest[1])
    assert mailbox.starttls_seen == 1 and auth.attempts == [] and mailbox.messages == []


def test_untrusted_certificate_is_a_tls_error(
    tls_smtp: tuple[TlsMailbox, Authenticator, int],
    digest: tuple[Digest, dict[str, Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mailbox, auth, port = tls_smtp
    other = tmp_path / "other-ca.pem"  # the client trusts some CA, just not the server's
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-such-dir"))
    with pytest.raises(DeliveryError, match=rf"^TLS with SMTP server 127\.0\.0\.1:{port} failed: ") as info:
        send_digest(_settings(tmp_path, port, extra=TLS_LOGIN), digest[0], digest[1])
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value) and "\n" not in str(info.value)
    assert isinstance(info.value.__cause__, ssl.SSLCertVerificationError)
    assert auth.attempts == [] and mailbox.messages == []  # the password never left the client


def test_login_without_use_tls_on_a_starttls_only_server_fails_clearly(
    tls_smtp: tuple[TlsMailbox, Authenticator, int],
    digest: tuple[Digest, dict[str, Path]],
    tmp_path: Path,
) -> None:
    mailbox, auth, port = tls_smtp
    plain = TLS_LOGIN.replace("use_tls = true", "use_tls = false")
    with pytest.raises(DeliveryError, match=rf"^SMTP delivery through 127\.0\.0\.1:{port} failed: .*AUTH"):
        send_digest(_settings(tmp_path, port, extra=plain), digest[0], digest[1])
    assert auth.attempts == [] and mailbox.messages == []  # no password sent in the clear


def _init_db(settings: Settings) -> None:
    con = store.connect(settings.db_path)
    store.migrate(con)
    load_reference(con)
    con.close()


def test_weekly_job_mails_the_digest(smtp: tuple[Mailbox, int], tmp_path: Path) -> None:
    mailbox, port = smtp
    settings = _settings(tmp_path, port)
    _init_db(settings)
    result = weekly_digest_job(settings, trigger="test")
    assert result["outcome"] == "ok" and result["emailed_to"] == 2
    [(_, rcpts, msg)] = mailbox.messages
    assert rcpts == RECIPIENTS and msg["Subject"].startswith(f"Ringkasan RB {result['week']}: ")
    # after the digest, the weekly job rebuilt the archive site
    assert (
        result["site"] == str(settings.site_dir / "index.html")
        and (settings.site_dir / "index.html").exists()
    )


def test_weekly_job_records_a_delivery_failure(tmp_path: Path) -> None:
    settings = _settings(tmp_path, _free_port())  # no server there
    _init_db(settings)
    with pytest.raises(DeliveryError):
        weekly_digest_job(settings, trigger="test")
    con = store.connect(settings.db_path, read_only=True)
    outcome, error = con.execute(
        "select outcome, error from job_runs where job = 'weekly_digest'"
    ).fetchall()[0]
    con.close()
    assert outcome == "failed"
    assert error.startswith("cannot reach SMTP server 127.0.0.1:")
    assert list(settings.digest_dir.glob("digest-*.html"))  # the digest itself was written before mailing


def test_rbmon_digest_email_sends_through_the_configured_server(
    smtp: tuple[Mailbox, int], tmp_path: Path
) -> None:
    mailbox, port = smtp
    settings = _settings(tmp_path, port)
    _init_db(settings)
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "digest", "--week", "2025-W27", "--email", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "e-mailed to 2 of 2 recipient(s)" in proc.stderr
    [(_, rcpts, msg)] = mailbox.messages
    assert rcpts == RECIPIENTS and msg["Subject"] == "RB digest 2025-W27: 0 provinces reporting"
