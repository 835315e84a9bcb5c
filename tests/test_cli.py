"""The command line: every command has help with an example, is in the README, and errors are one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
