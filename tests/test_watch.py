"""Watchlists: criteria checked when added, alerts through a real SMTP server (aiosmtpd on 127.0.0.1),
one message per watchlist, and nothing sent twice."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.core.config import Settings, load_settings
from pipeline.core.errors import DeliveryError, InputError
from pipeline.watch import add_watchlist, list_watchlists, new_matches, notify_watchlists, remove_watchlist
from tests.helpers import kendari_province
from tests.test_delivery import Mailbox, _free_port, smtp  # noqa: F401 - the real SMTP server fixture

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def _settings(tmp_path: Path, db: Path, port: int, extra: str = "") -> Settings:
    config = tmp_path / "rbmon.toml"
    config.write_text(
        f'database = "{db}"\n\n[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
        f'sender = "rbmon@pemantau.example.id"\nrecipients = ["analis@kementerian.example.id"]\n{extra}',
        encoding="utf-8",
    )
    return load_settings(config)


def _con(db: Path) -> duckdb.DuckDBPyConnection:
    con = store.connect(db)
    store.migrate(con)
    return con


def test_criteria_are_checked_when_added(demo_copy: Path) -> None:
    con = _con(demo_copy)
    try:
        w = add_watchlist(con, "SPBE Sumsel", province="sumsel", theme="SPBE (e-government)")
        assert (w.province_code, w.province, w.theme) == ("16", "Sumatera Selatan", "spbe")
        assert add_watchlist(con, "by code", province="74").province == "Sulawesi Tenggara"
        with pytest.raises(InputError, match="no criterion"):
            add_watchlist(con, "empty")
        with pytest.raises(InputError, match=r"no province 'Jawa'.*Jawa Barat, Jawa Tengah, Jawa Timur"):
            add_watchlist(con, "x", province="Jawa")
        with pytest.raises(InputError, match="no theme 'birokrasi digital'"):
            add_watchlist(con, "x", theme="birokrasi digital")
        with pytest.raises(InputError, match="exists already"):
            add_watchlist(con, "SPBE Sumsel", query="spbe")
        with pytest.raises(InputError, match="not an e-mail address"):
            add_watchlist(con, "x", query="spbe", recipients=["analis at kementerian"])
        with pytest.raises(InputError, match="bad watchlist name"):
            add_watchlist(con, "two\nlines", query="spbe")
        assert [w.name for w in list_watchlists(con)] == ["SPBE Sumsel", "by code"]
        assert remove_watchlist(con, "by code") == 0
        with pytest.raises(InputError, match="no watchlist named"):
            remove_watchlist(con, "by code")
    finally:
        con.close()


def test_matches_follow_every_criterion(demo_copy: Path) -> None:
    con = _con(demo_copy)
    try:
        spbe = add_watchlist(con, "spbe", theme="spbe", since=LONG_AGO)
        muara = add_watchlist(con, "muara enim", query="MUARA enim aplikasi", since=LONG_AGO)
        official = add_watchlist(con, "bupati", official="rizal fahlevi", since=LONG_AGO)
        nothing_new = add_watchlist(con, "from now", theme="spbe")  # since = now: nothing fetched after it
        spbe_ids = {m.article_id for m in new_matches(con, spbe)}
        expected = {
            r[0]
            for r in con.execute(
                "select distinct article_id from articles join article_themes using (article_id)"
                " where rb_relevant and theme = 'spbe'"
            ).fetchall()
        }
        assert spbe_ids == expected and spbe_ids
        titles = [m.title for m in new_matches(con, muara)]
        assert titles and all("Muara Enim" in t for t in titles)
        assert [m.title for m in new_matches(con, official)] == titles  # the Bupati of Muara Enim
        assert new_matches(con, nothing_new) == []
        # only core RB articles: a watchlist on words of everyday news finds nothing that is not RB
        everyday = add_watchlist(con, "any", query="a", since=LONG_AGO)
        rb = con.execute("select count(*) from articles where rb_relevant").fetchall()[0][0]
        assert len(new_matches(con, everyday)) == rb
    finally:
        con.close()


def test_alerts_go_out_once_per_watchlist_and_never_twice(
    smtp: tuple[Mailbox, int],  # noqa: F811
    demo_copy: Path,
    tmp_path: Path,
) -> None:
    mailbox, port = smtp
    settings = _settings(tmp_path, demo_copy, port)
    con = _con(demo_copy)
    try:
        spbe = add_watchlist(
            con, "SPBE", theme="spbe", since=LONG_AGO, recipients=["spbe@kominfo.example.id"]
        )
        add_watchlist(con, "Muara Enim", query="muara enim", since=LONG_AGO)
        add_watchlist(con, "nothing", query="zzqx kata yang tidak ada", since=LONG_AGO)
        spbe_count = len(new_matches(con, spbe))
    finally:
        con.close()

    first = notify_watchlists(settings)
    assert set(first.sent) == {"SPBE", "Muara Enim"} and first.sent["SPBE"] == spbe_count
    assert len(mailbox.messages) == 2  # one message per watchlist with matches, none for "nothing"
    by_subject = {m["Subject"]: (rcpts, m) for _sender, rcpts, m in mailbox.messages}
    subject = next(s for s in by_subject if "SPBE" in s)
    rcpts, msg = by_subject[subject]
    assert rcpts == ["spbe@kominfo.example.id"]  # the watchlist's own recipient
    assert subject == f"Pantauan rbmon SPBE: {spbe_count} artikel baru"  # Bahasa Indonesia
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "tema: SPBE (e-government)" in text and "http" in text
    assert "<script" not in html and '<a href="http' in html
    muara = next(m for _s, r, m in mailbox.messages if "Muara Enim" in m["Subject"])
    assert "Muara Enim" in muara.get_body(preferencelist=("plain",)).get_content()

    second = notify_watchlists(settings)  # the next night, nothing new
    assert second.sent == {} and len(mailbox.messages) == 2
    con = _con(demo_copy)
    try:
        recorded = con.execute(
            "select watchlist, count(*) from watch_notifications group by 1 order by 1"
        ).fetchall()
    finally:
        con.close()
    assert dict(recorded) == first.sent


def test_a_refused_message_is_not_recorded_and_goes_out_next_time(
    smtp: tuple[Mailbox, int],  # noqa: F811
    demo_copy: Path,
    tmp_path: Path,
) -> None:
    mailbox, port = smtp
    settings = _settings(tmp_path, demo_copy, port)
    con = _con(demo_copy)
    try:
        add_watchlist(con, "SPBE", theme="spbe", since=LONG_AGO)
    finally:
        con.close()
    mailbox.refuse_data = True
    with pytest.raises(
        DeliveryError, match=r"watchlist alert.*not sent.*rejected the alert of watchlist 'SPBE'"
    ):
        notify_watchlists(settings)
    mailbox.refuse_data = False
    again = notify_watchlists(settings)
    assert again.sent["SPBE"] > 0 and len(mailbox.messages) == 1


def test_an_overflow_goes_out_in_the_next_message(
    smtp: tuple[Mailbox, int],  # noqa: F811
    demo_copy: Path,
    tmp_path: Path,
) -> None:
    mailbox, port = smtp
    settings = _settings(tmp_path, demo_copy, port, extra="\n[watch]\nmax_articles_per_message = 2\n")
    con = _con(demo_copy)
    try:
        w = add_watchlist(con, "semua", query="a", since=LONG_AGO)
        total = len(new_matches(con, w))
    finally:
        con.close()
    first = notify_watchlists(settings)
    assert first.sent == {"semua": 2} and first.pending == {"semua": total - 2}
    text = mailbox.messages[0][2].get_body(preferencelist=("plain",)).get_content()
    assert f"{total - 2} lagi di pesan berikutnya." in text
    assert notify_watchlists(settings).sent == {"semua": 2}


def test_watch_commands(demo_copy: Path, tmp_path: Path) -> None:
    def rbmon(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pipeline.cli", *args, "--db", str(demo_copy)],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
        )  # fmt: skip

    added = rbmon(
        "watch", "add", "SPBE Sumsel", "--province", "Sumsel", "--theme", "spbe", "--since", "2025-06-01"
    )
    assert added.returncode == 0, added.stderr
    assert "watchlist 'SPBE Sumsel' added (province 'Sumatera Selatan', theme 'spbe')" in added.stdout
    bad = rbmon("watch", "add", "x", "--province", "Atlantis")
    assert (
        bad.returncode == 1
        and "Error: no province 'Atlantis'" in bad.stderr
        and "Traceback" not in bad.stderr
    )
    listed = rbmon("watch", "list")
    assert "SPBE Sumsel" in listed.stdout and "Sumatera Selatan" in listed.stdout
    dry = rbmon("watch", "send", "--dry-run")
    assert dry.returncode == 0 and "SPBE Sumsel: 1 article(s) would be sent" in dry.stdout
    removed = rbmon("watch", "remove", "SPBE Sumsel")
    assert removed.returncode == 0 and "removed" in removed.stdout
    assert "no watchlist yet" in rbmon("watch", "list").stdout


def test_a_dry_run_reads_a_database_from_before_watchlists(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = store.connect(db)
    store.migrate(con, available=[m for m in store.migrations() if m[0] != 16], with_views=False)
    con.close()
    report = notify_watchlists(Settings(database=db), dry_run=True)  # read-only: nothing to migrate
    assert report.sent == {} and report.errors == []


EVIL = '</a><script>alert("x")</script><img src=x onerror=alert(1)> "Reformasi"\r\nBcc: all@x.id'


def test_scraped_text_in_an_alert_stays_text(
    smtp: tuple[Mailbox, int],  # noqa: F811
    migrated_db: Path,
    tmp_path: Path,
) -> None:
    # a core RB article whose title, outlet and URL are hostile: the alert shows them as text, links
    # only http(s), and no scraped line break becomes a header or a line of its own
    con = _con(migrated_db)
    now = datetime.now(UTC)
    try:
        with store.transaction(con):
            store.append_rows(
                con,
                "articles",
                [
                    {
                        "article_id": "e1",
                        "canonical_url": "https://evil.example.id/e1",
                        "url": "javascript:alert(1)",
                        "source_id": "evil",
                        "outlet": EVIL,
                        "title": EVIL + " zona integritas",
                        "text": "Pembangunan zona integritas.",
                        "published_at": now,
                        "fetched_at": now,
                        "story_id": "e1",
                        "rb_level": "core",
                        "rb_relevant": True,
                        "rb_score": 0.9,
                    }
                ],
            )
            store.append_rows(con, "article_provinces", [kendari_province("e1")])
        add_watchlist(con, "ZI", query="zona integritas", since=LONG_AGO)
    finally:
        con.close()
    mailbox, port = smtp
    assert notify_watchlists(_settings(tmp_path, migrated_db, port)).sent == {"ZI": 1}
    ((_sender, rcpts, msg),) = mailbox.messages
    assert rcpts == ["analis@kementerian.example.id"] and msg["Bcc"] is None
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(" in html and 'href="#"' in html  # shown as text, not linked
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert not any(line.startswith("Bcc:") for line in text.splitlines())
    assert "javascript:" not in text and "Sulawesi Tenggara" in text


@pytest.mark.slow  # crawls the fixture site through `rbmon run`
def test_the_nightly_run_sends_the_alerts_and_the_next_sends_nothing_again(
    fixture_site,  # type: ignore[no-untyped-def]
    smtp: tuple[Mailbox, int],  # noqa: F811
    tmp_path: Path,
) -> None:
    import json

    import yaml

    mailbox, port = smtp
    fixture_site.reset()
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        yaml.safe_dump({"sources": fixture_site.sources()}, allow_unicode=True), encoding="utf-8"
    )
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path / "data"}"\n'
        f'[crawl]\ndownload_delay = 0\nautothrottle = false\nretry_times = 2\ntimeout = 10\nsources_file = "{sources}"\n'
        "[process]\nworkers = 1\n[discovery.gdelt]\nenabled = false\n"
        f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsender = "rbmon@pemantau.example.id"\n'
        'recipients = ["analis@kementerian.example.id"]\n',
        encoding="utf-8",
    )

    def rbmon(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "--quiet", "--config", str(cfg), *args],
            capture_output=True, text=True, timeout=600, cwd=tmp_path,
        )  # fmt: skip

    added = rbmon("watch", "add", "SPBE", "--theme", "spbe", "--since", "2020-01-01")
    assert added.returncode == 0, added.stderr
    run = rbmon("run")
    assert run.returncode == 0, run.stderr
    sent = json.loads(run.stdout)["watch"]["sent"]
    assert sent["SPBE"] > 0 and len(mailbox.messages) == 1  # after the run, one message for the watchlist
    assert mailbox.messages[0][2]["Subject"] == f"Pantauan rbmon SPBE: {sent['SPBE']} artikel baru"
    again = rbmon("watch", "send")  # what the next night does once its crawl found nothing new
    assert again.returncode == 0 and "no new match" in again.stdout and len(mailbox.messages) == 1
