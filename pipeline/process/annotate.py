"""``rbmon annotate``: the JSONL contract other tools rely on (see architecture.md).

Each input line is cleaned with the same boilerplate rules as crawled pages and annotated by
the same ``nlp.annotate`` code path as ``rbmon process``. A bad line (not JSON, no ``text``)
is reported with its line number and skipped; every other line is still annotated.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from nlp.annotate import annotate, load_resources
from pipeline.core.errors import InputError
from pipeline.extract.clean import clean_text

__all__ = ["AnnotateReport", "annotate_file", "annotate_record"]

log = logging.getLogger(__name__)


@dataclass
class AnnotateReport:
    read: int = 0
    written: int = 0
    bad_lines: list[str] = field(default_factory=list)


def annotate_record(record: dict[str, Any]) -> dict[str, Any]:
    """One input object -> one output object. ``text`` is required; ``title`` helps."""
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("no 'text' string")
    title = record.get("title") or ""
    cleaned = clean_text(text)
    body = cleaned.text
    if title and body.lstrip().startswith(title.strip()):
        body = body.lstrip()[len(title.strip()) :].lstrip()
    ann = annotate(body, title=str(title), resources=load_resources())
    return ann.to_contract(str(record.get("id", "")))


def _lines(fh: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(fh, start=1):
        if line.strip():
            yield number, line


def annotate_file(
    input_path: Path, output_path: Path, *, progress: Callable[[int, int], None] | None = None
) -> AnnotateReport:
    report = AnnotateReport()
    try:
        total = sum(1 for line in input_path.open(encoding="utf-8") if line.strip())
    except FileNotFoundError:
        raise InputError(f"input file {input_path} does not exist") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{input_path} is not UTF-8 text: {exc}") from None
    output_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = output_path.with_name(output_path.name + ".part")
    with input_path.open(encoding="utf-8") as fh, tmp.open("w", encoding="utf-8") as out:
        for number, line in _lines(fh):
            report.read += 1
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise InputError("not a JSON object")
                if "id" not in record:
                    raise InputError("no 'id'")
                result = annotate_record(record)
            except json.JSONDecodeError as exc:
                _bad(report, f"{input_path}:{number}: not JSON ({exc.msg} at column {exc.colno})")
                continue
            except InputError as exc:
                _bad(report, f"{input_path}:{number}: {exc}")
                continue
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            report.written += 1
            if progress:
                progress(report.read, total)
    tmp.replace(output_path)
    return report


def _bad(report: AnnotateReport, msg: str) -> None:
    # logged at debug only: the CLI prints report.bad_lines itself (each line once)
    report.bad_lines.append(msg)
    log.debug("%s", msg)
