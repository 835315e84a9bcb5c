"""Hostile ``rbmon annotate`` input (issue 17, cases 3 and 14): every line stands alone.

Any JSON value, invalid UTF-8, a byte order mark, brackets nested 100,000 deep, a 100,000-digit id,
a lone surrogate, a text over the cap, a million bad lines: each bad line is one ``FILE:LINE: reason``,
every good line is still annotated, and the output appears whole (no ``.part`` left behind).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.config import LimitsConfig
from pipeline.process.annotate import annotate_file
from tests.helpers.cli import rbmon_main

GOOD = (
    "KENDARI – Pemerintah Kota Kendari memperkuat penerapan Sistem Pemerintahan Berbasis Elektronik "
    "(SPBE) di seluruh organisasi perangkat daerah, kata Sekretaris Daerah Kota Kendari, Arman Saputra."
)


def _good(ident: str) -> bytes:
    return json.dumps({"id": ident, "text": GOOD, "title": "Kendari Perkuat SPBE"}).encode()


HOSTILE: dict[str, tuple[bytes, str]] = {
    "title_number": (
        json.dumps({"id": "x", "text": GOOD, "title": 5}).encode(),
        "'title' must be a string, not a number",
    ),
    "title_list": (
        json.dumps({"id": "x", "text": GOOD, "title": ["a"]}).encode(),
        "'title' must be a string, not a list",
    ),
    "title_object": (json.dumps({"id": "x", "text": GOOD, "title": {"a": 1}}).encode(), "not an object"),
    "title_bool": (json.dumps({"id": "x", "text": GOOD, "title": False}).encode(), "not true/false"),
    "id_surrogate": (b'{"id": "\\ud800", "text": "x"}', "'id' holds a lone surrogate (\\ud800)"),
    "text_surrogate": (b'{"id": "s", "text": "a\\udfff"}', "'text' holds a lone surrogate"),
    "deep_brackets": (b"[" * 100_000, "nested too deeply"),
    "deep_objects": (b'{"a":' * 20_000, "nested too deeply"),
    "huge_int_id": (b'{"id": ' + b"9" * 100_000 + b', "text": "x"}', "Exceeds the limit"),
    "invalid_utf8": (b'{"id": "bad\xff", "text": "x"}', "not UTF-8 (byte 0xff at column 12)"),
    "id_null": (b'{"id": null, "text": "x"}', "'id' must be a string or an integer, not null"),
    "id_bool": (b'{"id": true, "text": "x"}', "not true/false"),
    "id_list": (b'{"id": [1], "text": "x"}', "not a list"),
    "id_float": (b'{"id": 1.5, "text": "x"}', "not a number"),
    "id_too_long": (json.dumps({"id": "i" * 5000, "text": "x"}).encode(), "5,000 characters long"),
    "no_id": (b'{"text": "x"}', "no 'id'"),
    "text_number": (b'{"id": "t", "text": 5}', "'text' must be a string, not a number"),
    "no_text": (b'{"id": "t"}', "no 'text' string"),
    "a_list": (b'["id", "text"]', "not a JSON object but a list"),
    "a_string": (b'"teks"', "not a JSON object but a string"),
    "null": (b"null", "not a JSON object but null"),
    "not_json": (b"{not json", "not JSON (Expecting property name"),
    "nan_id": (b'{"id": NaN, "text": "x"}', "not a number"),
    "markup": (b'{"id": "[/x] [link=https://evil.example]k[/link]", "text": 1}', "not a number"),
}


def _run(tmp_path: Path, lines: list[bytes], **limits: int) -> tuple[list[dict], list[str], int, Path]:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    report = annotate_file(src, out, limits=LimitsConfig(**limits))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert not (tmp_path / "out.jsonl.part").exists()
    assert report.read == sum(1 for line in lines if line.strip())
    assert report.written == len(rows)
    return rows, report.bad_lines, report.bad_count, src


def test_every_hostile_line_is_one_bad_line_and_every_good_line_is_annotated(tmp_path: Path) -> None:
    lines = [b"\xef\xbb\xbf" + _good("first")]  # a BOM before line 1 is accepted
    for name, (line, _) in HOSTILE.items():
        lines += [line, _good(f"after-{name}")]
    rows, bad, count, src = _run(tmp_path, lines, max_text_chars=10_000)
    assert [r["id"] for r in rows] == ["first"] + [f"after-{n}" for n in HOSTILE]
    assert all(r["rb_relevant"] for r in rows)  # each good line got its full annotation
    assert count == len(HOSTILE) == len(bad)
    for number, (name, (_, says)) in enumerate(HOSTILE.items()):
        line_no = 2 + 2 * number
        assert bad[number].startswith(f"{src}:{line_no}: "), (name, bad[number])
        assert says in bad[number], (name, bad[number])
        assert "\n" not in bad[number] and len(bad[number]) < 400


def test_id_null_is_not_the_string_none_and_integers_stay_ids(tmp_path: Path) -> None:
    rows, bad, _, _ = _run(tmp_path, [b'{"id": null, "text": "x"}', b'{"id": 7, "text": "Rapat SPBE."}'])
    assert [r["id"] for r in rows] == ["7"] and len(bad) == 1


def test_text_over_the_cap_is_a_bad_line_without_reading_it_whole(tmp_path: Path) -> None:
    long_line = json.dumps({"id": "big", "text": "kata " * 20_000}).encode()  # 100,000 characters
    overlong = b'{"id": "huge", "text": "' + b"\\u0041" * 2_000_000 + b'"}'  # 12 MB: past the byte cap
    rows, bad, _, src = _run(tmp_path, [long_line, overlong, _good("ok")], max_text_chars=50_000)
    assert [r["id"] for r in rows] == ["ok"]
    assert "100,000 characters, more than limits.max_text_chars = 50,000" in bad[0]
    assert bad[1].startswith(f"{src}:2: longer than 365,536 bytes")


def test_bad_lines_kept_are_capped_but_all_counted(tmp_path: Path) -> None:
    lines = [b"x"] * 20_000 + [_good("last")]
    rows, bad, count, _ = _run(tmp_path, lines, max_bad_lines_shown=5)
    assert [r["id"] for r in rows] == ["last"]
    assert len(bad) == 5 and count == 20_000


def test_blank_and_whitespace_lines_are_not_records(tmp_path: Path) -> None:
    rows, bad, _, _ = _run(tmp_path, [b"", b"   \t", _good("a"), b"\r", _good("b")])
    assert [r["id"] for r in rows] == ["a", "b"] and bad == []


def test_the_command_prints_each_bad_line_then_a_count(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text("[limits]\nmax_bad_lines_shown = 2\n", encoding="utf-8")
    src.write_bytes(b"\n".join([b"[/x]", b'{"id": null}', b"\xff", _good("ok")]) + b"\n")
    ran = rbmon_main(capfd, "--quiet", "--config", str(cfg), "annotate", "-i", str(src), "-o", str(out))
    assert ran.code == 1 and "Traceback" not in ran.stderr
    assert ran.error_lines == [
        f"bad line: {src}:1: not JSON (Expecting value at column 2)",
        f"bad line: {src}:2: 'id' must be a string or an integer, not null",
        "bad lines: 1 more not shown, 3 in all (limits.max_bad_lines_shown)",
    ]
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["ok"]


@pytest.mark.parametrize("where", ["folder", "device", "missing"])
def test_an_input_that_is_not_a_file_is_one_line(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    src = {"folder": tmp_path, "device": Path("/dev/zero"), "missing": tmp_path / "none.jsonl"}[where]
    ran = rbmon_main(capfd, "annotate", "-i", str(src), "-o", str(tmp_path / "out.jsonl"))
    assert ran.code == 1 and ran.error_lines[0].startswith("Error: input") and "Traceback" not in ran.stderr
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "out.jsonl.part").exists()


# --------------------------------------------------------------------------- fuzzing

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
_RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": _JSON,
        "text": _JSON | st.text(max_size=200),
        "title": _JSON,
        "url": _JSON,
        "outlet": _JSON,
    },
)
_LINE = st.one_of(
    _RECORD.map(lambda r: json.dumps(r).encode()),
    _JSON.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60).filter(lambda b: b"\n" not in b),
    st.text(max_size=60).map(lambda t: t.replace("\n", " ").encode("utf-8", "surrogatepass")),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(hostile=st.lists(_LINE, min_size=1, max_size=6))
def test_fuzzed_lines_never_cost_the_good_ones(tmp_path: Path, hostile: list[bytes]) -> None:
    lines: list[bytes] = []
    for i, line in enumerate(hostile):
        lines += [_good(f"g{i}"), line]
    src, out = tmp_path / "fuzz.jsonl", tmp_path / "fuzz-out.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    report = annotate_file(src, out)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert [f"g{i}" for i in range(len(hostile))] == [
        i for i in ids if i in {f"g{j}" for j in range(len(hostile))}
    ]
    assert report.written + report.bad_count == report.read
    for msg in report.bad_lines:
        assert msg.startswith(f"{src}:") and "\n" not in msg
