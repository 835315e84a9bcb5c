"""The command line: every command has help with an example, is in the README, and errors are one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _commands() -> list[list[str]]:
    group = typer.main.get_command(app)
    assert hasattr(group, "commands")  # typer may vendor its own click: duck-type the group
    found: list[list[str]] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            found += [[name, sub] for sub in cmd.commands]
        else:
            found.append([name])
    return found


def test_expected_commands_exist() -> None:
    names = {" ".join(c) for c in _commands()}
    for expected in (
        "demo",
        "crawl",
        "process",
        "annotate",
        "extract",
        "digest",
        "schedule",
        "run",
        "sql",
        "db init",
        "db migrate",
        "db info",
        "sources list",
        "sources check",
        "site",
        "watch add",
        "watch list",
        "watch remove",
        "watch send",
    ):
        assert expected in names


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_help_has_an_example_and_is_documented(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"rbmon {' '.join(command)}" in readme, f"`rbmon {' '.join(command)}` is not in the README"


def _rbmon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


def test_user_error_is_one_line_and_debug_shows_traceback(tmp_path: Path) -> None:
    proc = _rbmon("sql", "--db", str(tmp_path / "none.duckdb"), "select 1", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Error:" in proc.stderr and "no database" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = _rbmon("--debug", "sql", "--db", str(tmp_path / "none.duckdb"), "select 1", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr


def test_db_init_migrate_info(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    first = _rbmon("db", "init", "--db", str(db), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "38 provinces, 514 regencies" in first.stdout
    again = _rbmon("db", "migrate", "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0 and "up to date" in again.stdout
    info = _rbmon("db", "info", "--db", str(db), cwd=tmp_path)
    assert info.returncode == 0 and "provinces" in info.stdout
    count = _rbmon(
        "sql", "--db", str(db), "--format", "csv", "select count(*) as n from regencies", cwd=tmp_path
    )
    assert count.stdout.splitlines() == ['"n"', "514"]


def test_usage_errors_are_typers_not_tracebacks(tmp_path: Path) -> None:
    for args in (["--no-such-option"], ["no-such-command"], ["sql"]):
        proc = _rbmon(*args, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and "Usage" in proc.stderr + proc.stdout


def test_sql_table_shows_a_limited_number_of_rows_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    assert _rbmon("db", "init", "--db", str(db), cwd=tmp_path).returncode == 0
    query = "select code, name from regencies order by code"
    shown = _rbmon("sql", "--db", str(db), "--limit", "5", query, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "11.01" in shown.stdout and "11.06" not in shown.stdout
    assert "showing 5 of 514 rows" in shown.stderr
    every = _rbmon("sql", "--db", str(db), "--limit", "0", query, cwd=tmp_path)
    assert "showing" not in every.stderr and "96.71" in every.stdout  # the last regency (Kota Sorong)
    csv = _rbmon("sql", "--db", str(db), "--limit", "5", "--format", "csv", query, cwd=tmp_path)
    assert len(csv.stdout.splitlines()) == 515  # files and pipes always get every row


def test_digest_reads_the_published_copy_while_a_run_holds_the_database(tmp_path: Path) -> None:
    (tmp_path / "rbmon.toml").write_text('data_dir = "data"\n', encoding="utf-8")
    assert _rbmon("db", "init", cwd=tmp_path).returncode == 0
    assert _rbmon("publish", cwd=tmp_path).returncode == 0
    writer = duckdb.connect(str(tmp_path / "data" / "rbmon.duckdb"))  # a nightly run writing
    try:
        proc = _rbmon("digest", "--week", "2025-W27", cwd=tmp_path)
    finally:
        writer.close()
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "data" / "digests" / "digest-2025-W27.html").exists()


def test_digest_email_without_recipients_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "rbmon.toml").write_text('data_dir = "data"\n', encoding="utf-8")
    assert _rbmon("db", "init", cwd=tmp_path).returncode == 0
    proc = _rbmon("digest", "--week", "2025-W27", "--email", cwd=tmp_path)
    assert proc.returncode == 1
    assert "no recipients" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "data" / "digests").exists()  # refused before writing anything
