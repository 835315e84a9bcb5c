"""The stage graph of ARCHITECTURE.md holds: every import of pipeline/, crawlers/ and nlp/ is allowed.

The table is read from ARCHITECTURE.md itself, so the document and the code cannot drift apart.
Imports inside functions count as much as those at the top of a module.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "crawlers", "nlp")


def _allowed() -> dict[str, set[str]]:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = re.search(r"```text\nimporter\s+may import\n(.*?)```", text, re.S)
    assert block, "ARCHITECTURE.md lost its import table"
    graph = {}
    for line in block.group(1).strip().splitlines():
        unit, _, targets = line.strip().partition(" ")
        graph[unit] = {t.strip() for t in targets.split(",") if t.strip() not in ("", "-")}
    return graph


def _unit(module: str) -> str:
    """The stage a module belongs to: ``pipeline.crawl.plan`` -> ``crawl``; ``crawlers.urls`` -> ``crawlers``."""
    parts = module.split(".")
    if parts[0] == "pipeline":
        return parts[1] if len(parts) > 1 else "pipeline"
    return parts[0]


def _imports(path: Path) -> list[str]:
    """Every rbmon module ``path`` imports (``from pipeline import store`` is ``pipeline.store``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "pipeline":
                found += [f"pipeline.{a.name}" for a in node.names]
            else:
                found.append(node.module)
    return [m for m in found if m.split(".")[0] in PACKAGES]


def _isort(name: str) -> tuple[int, str]:
    """ruff's order for ``__all__`` (RUF022): CONSTANTS, then Classes, then the rest, each alphabetical."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def _modules() -> list[tuple[str, Path]]:
    out = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return out


def test_every_import_follows_the_stage_graph() -> None:
    graph = _allowed()
    wrong = []
    for module, path in _modules():
        unit = _unit(module)
        if unit == "pipeline":  # pipeline/__init__.py names the stages, imports none
            continue
        assert unit in graph, f"{module}: stage {unit} is not in ARCHITECTURE.md's table"
        for target in _imports(path):
            to = _unit(target)
            if to == unit:
                continue
            if (
                to not in graph[unit]
                and target not in graph[unit]
                and ".".join(target.split(".")[:2]) not in graph[unit]
            ):
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_nothing_imports_jobs_or_cli_but_cli() -> None:
    graph = _allowed()
    assert [u for u, targets in graph.items() if "cli" in targets] == []
    assert [u for u, targets in graph.items() if "jobs" in targets] == ["cli"]


@pytest.mark.parametrize("package", ["pipeline", "crawlers", "nlp"])
def test_every_package_says_what_it_owns_and_exports_a_sorted_all(package: str) -> None:
    root = importlib.import_module(package)
    packages = [root] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(root.__path__, f"{package}.")
        if info.ispkg
    ]
    for pkg in packages:
        if pkg.__name__ == "nlp":  # nlp/ is another issue's; its __init__ is left as it is
            continue
        assert (pkg.__doc__ or "").strip(), f"{pkg.__name__} has no docstring"
        names = getattr(pkg, "__all__", None)
        assert names is not None and list(names) == sorted(names, key=_isort), (
            f"{pkg.__name__}.__all__ is missing or unsorted"
        )
        for name in names:
            assert hasattr(pkg, name) or importlib.util.find_spec(f"{pkg.__name__}.{name}"), (
                f"{pkg.__name__}.{name}"
            )
