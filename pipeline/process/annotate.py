"""``rbmon annotate``: the JSONL contract other tools rely on (see architecture.md).

Each input line is cleaned with the same boilerplate rules as crawled pages and annotated by the same
``nlp.annotate`` code path as ``rbmon process``.

Every line stands alone: whatever one line holds — invalid UTF-8, a value that is not an object, an
``id`` that is null, a list or a lone surrogate, a non-string title, brackets nested 100,000 deep, a
100,000-digit number, a text of 50 MB — it is reported as ``FILE:LINE: reason`` and every other line is
still annotated. Memory stays bounded: a line is read at most ``6 × limits.max_text_chars`` bytes at a
time (the worst JSON escaping of the longest text allowed), and only the first
``limits.max_bad_lines_shown`` bad lines are kept for the report (all are counted). A UTF-8 byte order
mark before line 1 is accepted. The output appears whole or not at all: it is written to ``OUT.part``
and renamed at the end, and the part file is removed if the run fails.
"""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from nlp.annotate import annotate, load_resources
from pipeline.core.config import LimitsConfig
from pipeline.core.errors import InputError
from pipeline.extract.clean import clean_text

__all__ = ["AnnotateReport", "annotate_file", "annotate_record", "check_record"]

log = logging.getLogger(__name__)

_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20
#: An ``id`` longer than this is not an identifier (and would be copied into every output line).
_MAX_ID_CHARS = 1000


@dataclass
class AnnotateReport:
    """What one run did: records read and written, and its bad lines (the first ones, all counted)."""

    read: int = 0
    written: int = 0
    bad_lines: list[str] = field(default_factory=list)
    bad_count: int = 0


def _encodable(value: str, key: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{key!r} holds a lone surrogate (\\u{ord(value[exc.start]):04x})") from None


def check_record(record: Any, *, limits: LimitsConfig | None = None) -> tuple[str, str, str]:
    """``(id, text, title)`` of one input value, or ``InputError`` saying what is wrong with it.

    >>> check_record({"id": 7, "text": "Rapat SPBE"})
    ('7', 'Rapat SPBE', '')
    """
    limits = limits or LimitsConfig()
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object but {_kind(record)}")
    if "id" not in record:
        raise InputError("no 'id'")
    raw_id = record["id"]
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise InputError(f"'id' must be a string or an integer, not {_kind(raw_id)}")
    ident = str(raw_id)
    if len(ident) > _MAX_ID_CHARS:
        raise InputError(f"'id' is {len(ident):,} characters long, more than {_MAX_ID_CHARS:,}")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(
            "no 'text' string" if text is None else f"'text' must be a string, not {_kind(text)}"
        )
    title = record.get("title")
    if title is None:
        title = ""
    if not isinstance(title, str):
        raise InputError(f"'title' must be a string, not {_kind(title)}")
    size = len(text) + len(title)
    if size > limits.max_text_chars:
        raise InputError(
            f"text and title are {size:,} characters, more than limits.max_text_chars = {limits.max_text_chars:,}"
        )
    for key, value in (("id", ident), ("text", text), ("title", title)):
        _encodable(value, key)
    return ident, text, title


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
             float: "a number", type(None): "null"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def annotate_record(record: dict[str, Any], *, limits: LimitsConfig | None = None) -> dict[str, Any]:
    """One input object -> one output object. ``text`` is required; ``title`` helps.

    Raises:
        InputError: the object breaks the contract (see :func:`check_record`).
    """
    ident, text, title = check_record(record, limits=limits)
    cleaned = clean_text(text)
    body = cleaned.text
    if title and body.lstrip().startswith(title.strip()):
        body = body.lstrip()[len(title.strip()) :].lstrip()
    ann = annotate(body, title=title, resources=load_resources())
    return ann.to_contract(ident)


def _lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of every line; ``None`` for a line longer than ``limit``, which is skipped
    without being held in memory."""
    number = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        yield number, line


def _count_lines(path: Path) -> int | None:
    """Lines in a regular file (for the progress bar); None for a pipe, which can be read only once."""
    if not path.is_file():
        return None
    n = 0
    last = b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


def _open_input(path: Path) -> IO[bytes]:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"input file {path} does not exist") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"input {path} is a folder, not a JSONL file")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise InputError(f"input {path} is not a regular file or a pipe (a device?)")
    return path.open("rb")


def annotate_file(
    input_path: Path,
    output_path: Path,
    *,
    limits: LimitsConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_bad_line: Callable[[str], None] | None = None,
) -> AnnotateReport:
    """Annotate every line of ``input_path`` into ``output_path`` (JSON Lines), line by line.

    Args:
        limits: the caps (text length, bad lines kept); default: the built-in ones.
        progress: called with (lines done, lines in the file) after each record.
        on_bad_line: called with each of the first ``limits.max_bad_lines_shown`` bad lines as it is
            found, so a long run shows them at once rather than at its end.

    Raises:
        InputError: the input is missing, a folder or a device. An ``OSError`` writing the output
            (full disk) propagates after the part file is removed.
    """
    limits = limits or LimitsConfig()
    line_limit = 6 * limits.max_text_chars + 65_536
    report = AnnotateReport()
    total = _count_lines(input_path) if input_path.exists() else None
    with _open_input(input_path) as fh:
        output_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = output_path.with_name(output_path.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8") as out:
                for number, data in _lines(fh, line_limit):
                    if data is not None and not data.strip():
                        continue  # a blank line is not a record
                    report.read += 1
                    where = f"{input_path}:{number}"
                    result = _one(data, line_limit, limits, where, report, on_bad_line)
                    if result is not None:
                        out.write(json.dumps(result, ensure_ascii=False) + "\n")
                        report.written += 1
                    if progress:
                        progress(number, max(total or 0, number))
            tmp.replace(output_path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return report


def _one(
    data: bytes | None,
    line_limit: int,
    limits: LimitsConfig,
    where: str,
    report: AnnotateReport,
    on_bad_line: Callable[[str], None] | None,
) -> dict[str, Any] | None:
    """The annotation of one line, or None after reporting why the line is bad."""
    try:
        if data is None:
            raise InputError(f"longer than {line_limit:,} bytes (limits.max_text_chars)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at column {exc.start + 1})") from None
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON ({exc.msg} at column {exc.colno})") from None
        except RecursionError:
            raise InputError("not JSON this program can read (nested too deeply)") from None
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            raise InputError(f"not JSON this program can read ({str(exc).split(';')[0]})") from None
        return annotate_record(record, limits=limits)
    except InputError as exc:
        _bad(report, f"{where}: {exc}", limits, on_bad_line)
    except Exception as exc:  # a bug on one line must not cost the others; it is reported as such
        log.debug("annotating %s failed", where, exc_info=True)
        _bad(report, f"{where}: could not be annotated ({exc.__class__.__name__}: {exc}); please report it",
             limits, on_bad_line)  # fmt: skip
    return None


def _bad(
    report: AnnotateReport, msg: str, limits: LimitsConfig, on_bad_line: Callable[[str], None] | None
) -> None:
    report.bad_count += 1
    if len(report.bad_lines) < limits.max_bad_lines_shown:
        report.bad_lines.append(msg)
        if on_bad_line is not None:
            on_bad_line(msg)
    log.debug("%s", msg)
