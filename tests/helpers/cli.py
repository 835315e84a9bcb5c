"""Run ``rbmon`` in this process through its real entry point (``pipeline.cli.main``), as a user would.

``CliRunner`` calls the typer app and skips ``main()``, which is where rbmon turns its errors and
``OSError``s into one line; starting a subprocess for each case costs seconds of imports. This calls
``main()`` with ``sys.argv`` set and reads what it printed from pytest's ``capfd``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

__all__ = ["Ran", "rbmon_main"]


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def rbmon_main(capfd: pytest.CaptureFixture[str], *args: str) -> Ran:
    """``rbmon ARGS`` in-process; its exit code and output (``--quiet`` is not added)."""
    from pipeline.cli import main

    capfd.readouterr()
    old = sys.argv
    sys.argv = ["rbmon", *args]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    captured = capfd.readouterr()
    return Ran(code, captured.out, captured.err)
