"""Hostile input at the command line: query results and error text that look like Rich markup or hold
terminal escapes, nested values in CSV, unreadable or nonsensical configuration, and a data directory
the machine will not let rbmon write (issue 17, cases 1, 2, 10 and 13).

Every case must end in one clear line (exit code 1) or the right output (exit code 0), never a
traceback, and the text shown must be exactly the text stored.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.core.config import load_settings
from pipeline.core.errors import ConfigError
from pipeline.core.untrusted import for_terminal, strip_control_bytes, strip_controls, terminal_safe
from tests.helpers.cli import Ran, rbmon_main

ESC = "\x1b"


@pytest.fixture
def db(migrated_db: Path) -> Path:
    return migrated_db


def _sql(capfd: pytest.CaptureFixture[str], db: Path, query: str, *args: str) -> Ran:
    return rbmon_main(capfd, "--quiet", "sql", "--db", str(db), *args, query)


def _one_error_line(ran: Ran) -> str:
    assert ran.code == 1, ran
    assert "Traceback" not in ran.stderr, ran.stderr
    [line, *rest] = ran.error_lines
    assert line.startswith("Error: "), ran.stderr
    assert all(r.startswith("hint: ") for r in rest), ran.stderr
    return line


# --------------------------------------------------------------------------- case 1: markup and escapes


@pytest.mark.parametrize(
    "value",
    [
        "[/x]",
        "a [x] b [link=https://evil.example]klik[/link]",
        "[klik](javascript:alert(1))",
        "check the [email] section",
        "[bold red]merah[/] :smile: :warning:",
        "\\[escaped] and [/]",
    ],
)
def test_sql_shows_cell_values_exactly_as_stored(
    capfd: pytest.CaptureFixture[str], db: Path, value: str
) -> None:
    quoted = value.replace("'", "''")
    ran = _sql(capfd, db, f"select '{quoted}' as t")
    assert ran.code == 0, ran.stderr
    assert "Traceback" not in ran.stderr
    assert value in ran.stdout  # nothing dropped, nothing turned into a link, a style or an emoji
    assert "\x1b]8;" not in ran.stdout  # no terminal hyperlink


def test_sql_column_names_and_nulls_are_shown_as_they_are(
    capfd: pytest.CaptureFixture[str], db: Path
) -> None:
    ran = _sql(capfd, db, 'select 1 as "[red]x[/]", null as "[link=x]y"')
    assert ran.code == 0, ran.stderr
    assert "[red]x[/]" in ran.stdout and "[link=x]y" in ran.stdout


def test_terminal_escapes_in_values_are_made_visible(capfd: pytest.CaptureFixture[str], db: Path) -> None:
    hyperlink = f"{ESC}]8;;https://evil.example{ESC}\\klik{ESC}]8;;{ESC}\\"
    ran = _sql(capfd, db, f"select '{hyperlink}' || chr(7) || chr(13) || chr(8238) as t")
    assert ran.code == 0, ran.stderr
    assert ESC not in ran.stdout and "\x07" not in ran.stdout and "\u202e" not in ran.stdout
    assert "\\x1b]8;;https://evil.example\\x1b\\klik" in ran.stdout
    assert "\\x07\\x0d\\u202e" in ran.stdout


def test_error_text_with_brackets_is_one_line_kept_whole(capfd: pytest.CaptureFixture[str], db: Path) -> None:
    line = _one_error_line(_sql(capfd, db, 'select * from "[email] [/x]"'))
    assert "[email] [/x]" in line


def test_hint_with_brackets_is_kept_whole(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    assert rbmon_main(capfd, "--config", str(cfg), "db", "init").code == 0
    ran = rbmon_main(capfd, "--config", str(cfg), "digest", "--week", "2025-W27", "--email")
    _one_error_line(ran)
    assert "the [email] section" in ran.stderr  # it used to read "the  section"


def test_for_terminal_never_parses_markup() -> None:
    text = for_terminal("[bold]x[/bold] [/y] \x1b[31m")
    assert text.plain == "[bold]x[/bold] [/y] \\x1b[31m" and not text.spans
    assert terminal_safe("tab\tand\nnewline stay") == "tab\tand\nnewline stay"


def test_control_characters_are_stripped_before_parsing() -> None:
    assert strip_controls("a\x00b\x0bc\x1fd\x7fe\x85f\tg\nh\ri") == "abcdef\tg\nh\ri"
    assert strip_control_bytes(b"a\x00b\x1b\xc3\xa9\n") == b"ab\xc3\xa9\n"  # UTF-8 untouched
    utf16 = "\ufeffrapat".encode("utf-16")
    assert strip_control_bytes(utf16) == utf16


# --------------------------------------------------------------------------- case 2: nested values in CSV


def test_csv_of_list_and_struct_columns_is_json_in_the_cell(
    capfd: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    query = (
        "select 'Rapat [SPBE]' as title, ['https://a.id/1', 'https://b.id/2'] as urls,"
        " {'n': 2, 'outlets': ['A', 'B']} as info, map {'k': 1} as m, '\\xAA'::blob as raw,"
        " interval 3 day as wait, [{'x': null}] as deep"
    )
    ran = _sql(capfd, db, query, "--format", "csv")
    assert ran.code == 0, ran.stderr
    header, row = ran.stdout.splitlines()
    assert header == '"title","urls","info","m","raw","wait","deep"'
    import csv
    import json

    cells = next(csv.reader([row]))
    assert cells[0] == "Rapat [SPBE]"
    assert json.loads(cells[1]) == ["https://a.id/1", "https://b.id/2"]
    assert json.loads(cells[2]) == {"n": 2, "outlets": ["A", "B"]}
    assert json.loads(cells[3]) == [["k", 1]] and cells[4] == "aa" and "3 days" in cells[5]
    assert json.loads(cells[6]) == [{"x": None}]
    # the same values in the table and as JSON lines
    table = _sql(capfd, db, "select ['https://a.id/1'] as urls")
    assert table.code == 0 and '["https://a.id/1"]' in table.stdout
    out = tmp_path / "r.jsonl"
    assert _sql(capfd, db, query, "--format", "json", "--output", str(out)).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["info"] == {"n": 2, "outlets": ["A", "B"]}


DATES_PYTHON_CANNOT_HOLD = (
    "select 'infinity'::date as d, '-infinity'::timestamptz as t, '294247-01-10'::timestamp as far,"
    " ['infinity'::date] as dates, date '2025-07-01' as ok, ['https://a.id/1'] as urls,"
    " {'n': 2, 'outlets': ['A']} as info"
)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "parquet", "xlsx"])
def test_dates_python_cannot_hold_are_shown_in_every_format(
    capfd: pytest.CaptureFixture[str], db: Path, tmp_path: Path, fmt: str
) -> None:
    """DuckDB's 'infinity' and years past 9999 traced back (OverflowError) in the table, JSON and Excel."""
    args = [] if fmt == "table" else ["--format", fmt, "--output", str(tmp_path / f"r.{fmt}")]
    ran = _sql(capfd, db, DATES_PYTHON_CANNOT_HOLD, *args)
    assert ran.code == 0, ran.stderr
    assert "Traceback" not in ran.stderr
    if fmt == "table":
        narrow = _sql(capfd, db, "select '-infinity'::timestamptz as t, ['infinity'::date] as dates")
        assert narrow.code == 0 and "-infinity" in narrow.stdout and "out of range" in narrow.stdout
    elif fmt == "json":
        import json

        row = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert (row["d"], row["t"], row["ok"]) == ("infinity", "-infinity", "2025-07-01")
        assert row["far"].startswith("out of range") and row["urls"] == ["https://a.id/1"]
    elif fmt == "xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
        assert ws is not None
        cells = {h.value: c.value for h, c in zip(ws[1], ws[2], strict=True)}
        assert (cells["d"], cells["t"]) == ("infinity", "-infinity")
        assert cells["urls"] == '["https://a.id/1"]' and cells["info"] == '{"n": 2, "outlets": ["A"]}'


def test_csv_of_the_documented_rb_stories_view(capfd: pytest.CaptureFixture[str], db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute(
            "insert into articles (article_id, canonical_url, url, source_id, title, text, rb_relevant,"
            " story_id, is_story_original, published_at) values ('a1', 'https://a.id/1', 'https://a.id/1',"
            " 's', 'Rapat \"SPBE\"', 'teks', true, 'a1', true, now())"
        )
    finally:
        con.close()
    ran = _sql(capfd, db, "select title, urls from rb_stories", "--format", "csv")
    assert ran.code == 0, ran.stderr
    assert ran.stdout.splitlines()[1] == '"Rapat ""SPBE""","[""https://a.id/1""]"'


# --------------------------------------------------------------------------- case 10: configuration


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfedata_dir = 'x'\n", "is not UTF-8 text (byte 0xff at offset 0)"),
        (
            b'[schedule]\ntimezone = "Mars/Olympus"\n',
            "schedule.timezone: Value error, 'Mars/Olympus' is not a time zone",
        ),
        (b'[schedule]\nnightly = "0 25 * * *"\n', "nightly = '0 25 * * *' is not a cron expression"),
        (
            b'[schedule]\nweekly_digest = "every monday"\n',
            "weekly_digest = 'every monday' is not a cron expression",
        ),
        (b"[crawl]\ntimeout = 1e308\n", "crawl.timeout: Input should be less than or equal to 600"),
        (
            b"[crawl]\ndownload_delay = 1e308\n",
            "crawl.download_delay: Input should be less than or equal to 300",
        ),
        (b"[crawl]\ndownload_delay = nan\n", "crawl.download_delay"),
        # discovery's settings (issue 14): each of these was accepted, then traced back in the crawl
        (b"[discovery]\nfirst_run_days = 100000000\n", "discovery.first_run_days: Input should be less"),
        (b"[discovery.gdelt]\nmin_interval = 1e308\n", "discovery.gdelt.min_interval: Input should be less"),
        (b"[discovery.google_news]\nmin_interval = inf\n", "discovery.google_news.min_interval"),
        (b"[discovery.google_news]\ndecode_interval = 1e308\n", "discovery.google_news.decode_interval"),
        (b"[crawl]\nmax_page_bytes = 99999999999999\n", "crawl.max_page_bytes"),
        (b'[crawl]\nqueries = [""]\n', "crawl.queries"),
        (b"config_path = 'x'\n", "config_path"),
        (b'data_dir = "a\\u0000b"\n', "data_dir"),
        (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_line_at_load(tmp_path: Path, content: bytes, says: str) -> None:
    cfg = tmp_path / "rbmon.toml"
    cfg.write_bytes(content)
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert says in str(info.value)
    assert "\n" not in str(info.value)


def test_config_that_is_a_folder_or_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder"):
        load_settings(tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "none.toml")
    with pytest.raises(ConfigError, match="not a regular file"):
        load_settings(Path("/dev/zero"))


def test_bad_schedule_stops_every_command_before_it_starts(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text('[schedule]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    line = _one_error_line(rbmon_main(capfd, "--config", str(cfg), "schedule"))
    assert "Mars/Olympus" in line


# --------------------------------------------------------------------------- cases 10, 13: the data dir


def _data_dir_config(tmp_path: Path, data_dir: Path | str) -> Path:
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text(f'data_dir = "{data_dir}"\n', encoding="utf-8")
    return cfg


def test_data_dir_that_is_a_file(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    afile = tmp_path / "data"
    afile.write_text("x")
    line = _one_error_line(
        rbmon_main(capfd, "--config", str(_data_dir_config(tmp_path, afile)), "db", "init")
    )
    assert f"{afile} is a file, not a folder" in line


def test_data_dir_under_proc(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ran = rbmon_main(capfd, "--config", str(_data_dir_config(tmp_path, "/proc/rbmon-data")), "db", "init")
    line = _one_error_line(ran)
    assert "/proc/rbmon-data" in line


def _rbmon_as(
    args: list[str], *, cwd: Path, preexec: object = None, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True, text=True, timeout=300, cwd=cwd, preexec_fn=preexec,  # type: ignore[arg-type]
    )  # fmt: skip


def _drop_dac_capabilities() -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def test_data_dir_without_permission(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    cfg = _data_dir_config(tmp_path, data)
    data.chmod(0o500)
    # root ignores file modes through CAP_DAC_OVERRIDE: drop it (and CAP_DAC_READ_SEARCH) from the
    # bounding set before exec, so this rbmon is refused like any other user
    preexec = _drop_dac_capabilities if os.geteuid() == 0 else None
    proc = _rbmon_as(["--config", str(cfg), "db", "init"], cwd=tmp_path, preexec=preexec)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith("Error: ") and "permission denied" in first and str(data) in first, proc.stderr
    assert "permissions" in proc.stderr or "owner or mode" in proc.stderr


def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o ro none /mnt"], capture_output=True
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs `unshare -rm` to mount a read-only file system")
@pytest.mark.parametrize("command", [["db", "init"], ["crawl"], ["publish"]])
def test_read_only_file_system_says_so_not_free_disk_space(tmp_path: Path, command: list[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    if command == ["publish"]:
        con = duckdb.connect(str(data / "rbmon.duckdb"))
        con.execute("create table schema_version (version int)")
        con.close()
    cfg = _data_dir_config(tmp_path, data)
    # a private mount namespace: the read-only bind mount of the data dir is seen by this rbmon alone
    script = f'mount --bind -o ro "{data}" "{data}" && exec "$@"'
    proc = _rbmon_as(
        ["--config", str(cfg), *command], cwd=tmp_path, prefix=["unshare", "-rm", "sh", "-c", script, "sh"]
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "read-only" in proc.stderr and "free disk space" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines()[0].startswith("Error: ")


# --------------------------------------------------------------------------- readers' commands


@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("a-file", "is not an rbmon site"),
        ("a-file/site", "is a file, not a folder"),
        ("/proc", "is not an rbmon site"),
        ("/proc/rbmon-site", "no such file or folder"),
        ("/proc/self/status", "is not an rbmon site"),
        ("/dev/null", "is not an rbmon site"),
    ],
)
def test_site_output_that_cannot_be_a_site_is_one_line(
    capfd: pytest.CaptureFixture[str], db: Path, tmp_path: Path, output: str, says: str
) -> None:
    afile = tmp_path / "a-file"
    afile.write_text("keep me", encoding="utf-8")
    target = output if output.startswith("/") else str(tmp_path / output)
    line = _one_error_line(rbmon_main(capfd, "--quiet", "site", "--db", str(db), "--output", target))
    assert says in line
    assert afile.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "rbmon.duckdb"]  # no build folder left


@pytest.mark.parametrize(
    "name", ["[/x]", "[bold red]x[/] [link=https://evil.example]klik[/link]", ":warning: [email]"]
)
def test_watch_names_with_markup_are_kept_and_shown_whole(
    capfd: pytest.CaptureFixture[str], db: Path, name: str
) -> None:
    added = rbmon_main(
        capfd, "watch", "add", name, "--query", "spbe", "--to", "a@example.go.id", "--db", str(db)
    )
    assert added.code == 0 and f"watchlist '{name}' added" in added.stderr + added.stdout, added
    listed = rbmon_main(capfd, "watch", "list", "--db", str(db))
    assert listed.code == 0 and name in listed.stdout and "\x1b]8;" not in listed.stdout, listed
    assert rbmon_main(capfd, "watch", "remove", name, "--db", str(db)).code == 0


def test_watch_name_with_controls_or_too_long_is_one_short_line(
    capfd: pytest.CaptureFixture[str], db: Path
) -> None:
    for name in ["a\x1b[31mred", "x" * 100_000]:
        line = _one_error_line(
            rbmon_main(
                capfd, "watch", "add", name, "--query", "x", "--to", "a@example.go.id", "--db", str(db)
            )
        )
        assert "bad watchlist name" in line and "\x1b" not in line and len(line) < 700, line[:300]
    assert "(99," in line and "characters left out)" in line  # the 100,000-character name, cut in the middle


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet", "xlsx"])
@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("a-folder", "is a folder, not a file: "),
        ("/proc/rbmon.out", "no such file or folder: /proc/rbmon.out"),
        ("a-file/r.out", "a part of the path is a file, not a folder"),
    ],
)
def test_sql_output_that_cannot_be_written_is_one_line(
    capfd: pytest.CaptureFixture[str], db: Path, tmp_path: Path, fmt: str, output: str, says: str
) -> None:
    """--format xlsx used to end in XlsxWriter's FileCreateError traceback, and a second one from its
    half-closed zip file."""
    import tempfile

    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("keep me", encoding="utf-8")
    before = set(Path(tempfile.gettempdir()).glob("rbmon-*.xlsx"))
    target = output if output.startswith("/") else str(tmp_path / output)
    line = _one_error_line(_sql(capfd, db, "select 1 as n, ['a'] as l", "--format", fmt, "--output", target))
    assert says in line, line
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "keep me"
    assert set(Path(tempfile.gettempdir()).glob("rbmon-*.xlsx")) <= before  # the built workbook is removed


def test_log_lines_show_controls_as_escapes_and_never_read_markup() -> None:
    """An outlet name or an SMTP reply in a log line reached the terminal raw: an ESC could plant an
    OSC 8 hyperlink or retitle the window (markup was already off)."""
    import io
    import logging

    from rich.console import Console

    from pipeline.cli import SafeRichHandler

    sink = io.StringIO()
    handler = SafeRichHandler(console=Console(file=sink, color_system=None, width=200), show_time=False)
    log = logging.getLogger("test.hostile.log")
    log.addHandler(handler)
    try:
        log.warning("discovered outlet %s", f"{ESC}]8;;https://evil.example{ESC}\\klik [bold]x[/] \u202eabc")
    finally:
        log.removeHandler(handler)
    shown = sink.getvalue()
    assert ESC not in shown and "\u202e" not in shown
    assert "\\x1b]8;;https://evil.example\\x1b\\klik [bold]x[/] \\u202eabc" in shown


def test_a_line_break_in_a_quoted_value_keeps_the_error_one_line(
    capfd: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    """`rbmon sources promote $'x\\n- id: evil'` printed the rest of the host as a second line."""
    ran = rbmon_main(capfd, "sources", "promote", "x\n- id: evil", "--db", str(db))
    assert _one_error_line(ran) == "Error: no discovered outlet has the host x\\n- id: evil"
    odd = tmp_path / "two\nlines.jsonl"
    odd.mkdir()
    line = _one_error_line(
        rbmon_main(capfd, "annotate", "--input", str(odd), "--output", str(tmp_path / "o"))
    )
    assert "two\\nlines.jsonl" in line


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_process_of_a_warc_that_is_not_a_file_is_one_line(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    """`rbmon process --any-outlet /dev/zero` read without end (540 MB after 10 min) and ignored SIGTERM."""
    target = tmp_path / "x.warc.gz"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    cfg = _data_dir_config(tmp_path, tmp_path / "data")
    line = _one_error_line(rbmon_main(capfd, "--config", str(cfg), "process", "--any-outlet", str(target)))
    assert line.startswith(f"Error: not a WARC file: {target} is ")
