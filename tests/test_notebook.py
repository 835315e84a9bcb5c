"""The analyst notebook runs top to bottom against a real demo database, so it never rots."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.jobs.demo import DemoResult

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "rb_weekly_analysis.ipynb"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(demo_run: DemoResult) -> Path:
    return demo_run.published  # the session's one demo (tests/conftest.py)


def test_notebook_runs_and_draws_its_charts(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RBMON_DB", str(published))  # the kernel process inherits it
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, if any cell fails

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []

    # it read the database it was given, and found articles there
    first = "".join(o.get("text", "") for o in code[0].outputs if o.output_type == "stream")
    path, count, _ = first.split()
    assert path == str(published) and int(count) > 0

    # every cell that draws a chart produced a PNG
    charts = [c for c in code if "plt.show()" in c.source]
    assert len(charts) >= 3
    for cell in charts:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source.splitlines()[0]

    # the query cells show tables with rows
    tables = [o for c in code for o in c.outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 4
    assert all("<tbody>\n    <tr>" in t["data"]["text/html"] for t in tables)
