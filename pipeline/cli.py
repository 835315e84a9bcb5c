"""The ``rbmon`` command line: thin commands over the pipeline's functions.

Each command parses its options, calls one function and renders the result with rich. Data
goes to stdout, progress and messages to stderr. An ``RbmonError`` is shown as one red line
(plus a hint) with exit code 1; ``--debug`` shows the traceback of any error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from pipeline.core.config import Settings, load_settings
from pipeline.core.errors import InputError, RbmonError, StorageError, from_message, from_os_error
from pipeline.core.untrusted import for_terminal, shorten, terminal_safe

__all__ = ["app", "main"]

# Markup, emoji codes and highlighting off: what rbmon prints is mostly text it did not write (query
# results, scraped titles, paths, error messages quoting them). Every such value still goes through
# ``for_terminal`` (pipeline.core.untrusted), which also makes control characters visible; styled parts
# are built as ``Text`` (see ``_line``).
out = Console(soft_wrap=True, markup=False, emoji=False, highlight=False)
# an error stays one line, however narrow the terminal
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)

app = typer.Typer(
    name="rbmon",
    help="Monitor Indonesian news coverage of Reformasi Birokrasi: crawl, archive, annotate, query, digest.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode="rich",
)
db_app = typer.Typer(help="Create, migrate and inspect the DuckDB database.", no_args_is_help=True)
sources_app = typer.Typer(help="List and check the configured news sources.", no_args_is_help=True)
watch_app = typer.Typer(
    help="Watchlists: e-mail new core RB articles on a province, official, theme or words after each night.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(sources_app, name="sources")
app.add_typer(watch_app, name="watch")


@dataclass
class State:
    config: Path | None = None
    debug: bool = False
    quiet: bool = False
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config)
        return self._settings


state = State()

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Config file (default: $RBMON_CONFIG, else ./rbmon.toml).",
        envvar="RBMON_CONFIG",
    ),
]
DbOpt = Annotated[Path | None, typer.Option("--db", help="Database file (default: from the config).")]


class SafeRichHandler(RichHandler):
    """Rich's log handler for text rbmon did not write: log lines quote outlet names from GDELT and
    Google News, SMTP replies, exceptions. Never read as markup (``markup`` stays off), and now with
    control characters and bidi overrides shown as escapes too, like every table and error line."""

    def render_message(self, record: logging.LogRecord, message: str) -> Any:
        return super().render_message(record, terminal_safe(message))


@app.callback()
def _root(
    config: ConfigOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or info messages.")] = False,
) -> None:
    state.config = config
    state.debug = debug
    state.quiet = quiet
    state._settings = None
    level = logging.DEBUG if debug else (logging.WARNING if quiet else logging.INFO)
    root = logging.getLogger()
    for h in list(root.handlers):
        if isinstance(h, RichHandler):
            root.removeHandler(h)
    handler = SafeRichHandler(console=err, show_path=debug, show_time=False, rich_tracebacks=debug)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("scrapy", "twisted", "filelock", "apscheduler", "trafilatura", "htmldate", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING if not debug else logging.INFO)
    state._settings = load_settings(config)  # a bad config is reported whatever the command


@contextmanager
def _progress(description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr; silent with --quiet or when stderr is not a terminal."""
    if state.quiet or not err.is_terminal:
        yield lambda *a, **k: None
        return
    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total)
            bar.update(task, completed=done)

        yield update


DEMO_DIR = Path("rbmon-demo")


def _reader_db(settings: Settings) -> Path:
    """The database a reading command opens: the published copy, else the working file.

    A newcomer who ran ``rbmon demo`` and nothing else has no configured database yet; then the
    demo's published copy in ``./rbmon-demo`` is read (and said so), so the first ``rbmon sql`` they
    try works. Any config file or ``RBMON_DATA_DIR`` / ``RBMON_DB`` turns this off.
    """
    path = settings.analyst_db_path
    configured = (
        settings.config_path is not None or os.environ.get("RBMON_DATA_DIR") or os.environ.get("RBMON_DB")
    )
    demo = DEMO_DIR / "published" / "rbmon.duckdb"
    if not path.exists() and not configured and demo.exists():
        _info(f"no database at {path}: reading the demo's {demo}")
        return demo
    return path


def _stop_gracefully_on_sigterm() -> None:
    """SIGTERM (systemd, cron timeouts, ``kill``) finishes the current batch and exits cleanly.

    The first signal sets the stop flag that the crawl and processing loops check between
    batches; a second one is not caught and ends the process at once (nothing committed is lost).
    """
    import signal

    from pipeline.core.runstate import request_stop

    def _stop(signum: int, _frame: Any) -> None:
        err.print(for_terminal("stopping after the current batch (send the signal again to stop now)"))
        request_stop()
        signal.signal(signum, signal.SIG_DFL)

    signal.signal(signal.SIGTERM, _stop)


def _say(message: object) -> None:
    """A line of data on stdout (a path, a count), printed as it is."""
    out.print(for_terminal(message))


def _info(message: object) -> None:
    if not state.quiet:
        err.print(for_terminal(message))


def _line(label: str, style: str, message: object) -> Text:
    """``label`` styled, then the untrusted ``message`` as plain text: the one shape of every error line.

    A message quoting a huge value is cut in the middle (``shorten``), and a line break inside it (a
    host or a file name can hold one) is shown as ``\\n``: one line stays one line."""
    text = terminal_safe(message).replace("\n", "\\n")
    return Text.assemble((label, style), " ", for_terminal(shorten(text)))


def _table(*headers: object, **options: Any) -> Table:
    """A table whose headers (column names of a query, keys of a report) are shown as they are."""
    title = options.pop("title", None)
    table = Table(title=for_terminal(title) if title is not None else None, **options)
    for header in headers:
        table.add_column(for_terminal(header))
    return table


def _row(table: Table, *values: object) -> None:
    """Add a row of untrusted values: None is empty, everything else ``for_terminal``."""
    table.add_row(*(for_terminal("" if v is None else v) for v in values))


# --------------------------------------------------------------------------- demo


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="Where the demo writes its data.")] = DEMO_DIR,
    keep: Annotated[bool, typer.Option("--keep", help="Keep earlier demo data (incremental rerun).")] = False,
) -> None:
    """Run the whole job offline against the embedded fixture news site.

    Starts the fixture site on 127.0.0.1, crawls it into WARC files, processes them, loads a
    DuckDB database, writes the weekly digest, builds the archive site and prints where everything is.

    Example: rbmon demo --dir /tmp/rbmon-demo
    """
    from pipeline.jobs.demo import run_demo

    with _progress("crawling the fixture site") as crawl_bar, _progress("processing articles") as proc_bar:
        result = run_demo(
            state.settings,
            directory,
            fresh=not keep,
            step=_info,
            crawl_progress=lambda n: crawl_bar(n),
            process_progress=lambda n, total: proc_bar(n, total),
        )
    table = _table(title="rbmon demo", show_header=False, title_justify="left")
    _row(table, "pages fetched", result.crawl.requests)
    _row(table, "articles stored", result.articles)
    _row(table, "RB-relevant articles", f"{result.rb_articles} ({result.rb_stories} stories)")
    _row(table, f"provinces with RB activity ({len(result.provinces)})", ", ".join(result.provinces))
    _row(
        table,
        f"outlets discovered ({len(result.discovered)})",
        ", ".join(f"{name} ({province or 'no province yet'})" for name, province in result.discovered)
        or "none",
    )
    out.print(table)
    # paths are printed whole, never wrapped, so they can be copied
    _say(f"database (pipeline's copy):  {result.database}")
    _say(f"database for analysts:       {result.published}")
    for ext, path in result.digest.items():
        _say(f"digest {result.week} ({ext}):{' ' * (8 - len(ext))}{path}")
    _say(f"archive site:                {result.site}")
    db = result.published
    _say("\nTry:")
    # the default demo folder is found by `rbmon sql` on its own (see _reader_db)
    flag = "" if directory == DEMO_DIR else f"--db {db} "
    _say(f'  rbmon sql {flag}"select count(*) from articles"')
    _say(
        f'  rbmon sql {flag}"select province, week, rb_stories, top_themes '
        'from province_week_activity order by week desc, rb_stories desc limit 10"'
    )


# --------------------------------------------------------------------------- crawl / process


@app.command()
def crawl(
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Crawl only these source ids.")
    ] = None,
) -> None:
    """Crawl the configured sources into WARC files and record every fetch.

    Discovery uses each source's feeds, sitemaps and WordPress search; articles already
    fetched are never fetched again.

    Example: rbmon crawl --source antara-sultra
    """
    from pipeline.crawl.run import run_crawl

    _stop_gracefully_on_sigterm()
    settings = state.settings
    sources = None
    if source:
        from crawlers.sources import load_sources

        wanted = set(source)
        sources = [s.model_dump() for s in load_sources(settings.crawl.sources_path)]
        sources = [s for s in sources if s["id"] in wanted]
        missing = wanted - {s["id"] for s in sources}
        if missing:
            raise RbmonError(
                f"unknown source id(s): {', '.join(sorted(missing))}", hint="see `rbmon sources list`"
            )
    with _progress("crawling") as bar:
        report = run_crawl(settings, sources=sources, progress=lambda n: bar(n))
    _print_crawl_report(report)


def _print_crawl_report(report: Any) -> None:
    table = _table(title=f"crawl {getattr(report, 'run_id', '')}", show_header=False, title_justify="left")
    started, finished = getattr(report, "started_at", None), getattr(report, "finished_at", None)
    if started and finished:
        _row(table, "status", getattr(report, "status", ""))
        _row(table, "ran", f"{started:%Y-%m-%d %H:%M:%S} to {finished:%H:%M:%S} UTC ({finished - started})")
    for key in ("requests", "bytes", "new_articles", "finds", "outlets_discovered"):
        if hasattr(report, key):
            _row(table, key.replace("_", " ").replace("finds", "open-web finds"), getattr(report, key))
    errors = getattr(report, "errors", None) or {}
    if isinstance(errors, dict) and errors:
        _row(table, "errors", ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())))
    out.print(table)


@app.command()
def process(
    warcs: Annotated[
        list[Path] | None, typer.Argument(help="WARC files (default: every fetch not yet processed).")
    ] = None,
    reprocess: Annotated[bool, typer.Option("--reprocess", help="Redo articles already processed.")] = False,
    any_outlet: Annotated[
        bool,
        typer.Option(
            "--any-outlet",
            help="With WARC files: keep Indonesian news articles of any host, each host a discovered outlet.",
        ),
    ] = False,
    any_indonesian: Annotated[
        bool, typer.Option("--any-indonesian", hidden=True, help="Deprecated: the same as --any-outlet.")
    ] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Worker processes (default: one per core).")
    ] = None,
    reannotate: Annotated[
        bool,
        typer.Option(
            "--reannotate",
            help="Only rerun the NLP on the stored text of every article (no WARC is read): new rules in minutes.",
        ),
    ] = False,
) -> None:
    """Extract, clean, deduplicate and annotate archived pages into the database.

    Works on rbmon's own WARCs and on foreign ones such as Common Crawl's CC-NEWS: only the
    registered sources' records are kept, or with --any-outlet every Indonesian news article,
    its host becoming a discovered outlet (`rbmon sources list --discovered`). Afterwards, stored
    articles that other NLP rules annotated are annotated again from their stored text.

    Example: rbmon process CC-NEWS-20250701000000-00001.warc.gz --any-outlet
    Example: rbmon process --reannotate
    """
    from pipeline.process.run import run_process

    if reannotate and (warcs or reprocess):
        raise RbmonError(
            "--reannotate works on the stored articles alone: give it no WARC and no --reprocess"
        )
    _stop_gracefully_on_sigterm()
    for w in warcs or []:
        if not w.exists():
            raise RbmonError(f"no such WARC file: {w}")
        if not w.is_file():  # a folder, or a device or FIFO that never ends (/dev/zero grew without bound)
            raise InputError(f"not a WARC file: {w} is {'a folder' if w.is_dir() else 'not a regular file'}")
    if any_indonesian:
        _info("--any-indonesian is deprecated: it now means --any-outlet (any host, judged by language)")
    with _progress("processing") as bar, _progress("reannotating") as rebar:
        report = run_process(
            state.settings,
            warcs=list(warcs) if warcs else None,
            reprocess=reprocess,
            any_outlet=True if any_outlet or any_indonesian else None,  # None: the config decides
            workers=workers,
            progress=lambda n, total: bar(n, total),
            reannotate_all=reannotate,
            reannotate_progress=lambda n, total: rebar(n, total),
        )
    table = _table(title=f"process {report.run_id}", show_header=False, title_justify="left")
    if not reannotate:
        _row(table, "records read", report.records)
        _row(table, "new articles", report.articles_new)
        _row(table, "updated articles", report.articles_updated)
        _row(table, "RB activity (core)", report.rb_relevant)
        _row(table, "skipped", ", ".join(f"{k}: {v}" for k, v in sorted(report.skipped.items())) or "none")
    _row(
        table,
        "reannotated",
        f"{report.reannotated} ({report.reannotated_level_changed} changed level)"
        if report.reannotated
        else "none",
    )
    out.print(table)
    for e in report.errors:
        err.print(_line("error:", "red", e))
    if report.errors:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- annotate / extract


def _end_with_bad(label: str, *, shown: int, count: int) -> None:
    """Say how many bad inputs were not printed one by one, and fail the command if there were any.

    Each bad line or file was already printed as it was met, up to ``limits.max_bad_lines_shown``;
    a run over a million broken lines must not print a million errors, but must not hide their number.
    """
    if count > shown:
        err.print(
            _line(
                label,
                "red",
                f"{count - shown:,} more not shown, {count:,} in all (limits.max_bad_lines_shown)",
            )
        )
    if count:
        raise typer.Exit(1)


@app.command()
def annotate(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL: one {id, text, title?} per line.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL to write the annotations to.")],
) -> None:
    """Annotate texts: RB relevance, provinces, regencies, officials and themes.

    Bad lines are reported with their line number and skipped; the exit code is 1 if any was.

    Example: rbmon annotate --input articles.jsonl --output annotations.jsonl
    """
    from pipeline.process.annotate import annotate_file

    limits = state.settings.limits
    with _progress("annotating") as bar:
        report = annotate_file(
            input,
            output,
            limits=limits,
            progress=lambda n, total: bar(n, total),
            on_bad_line=lambda msg: err.print(_line("bad line:", "red", msg)),
        )
    _info(f"annotated {report.written} of {report.read} records -> {output}")
    _end_with_bad("bad lines:", shown=len(report.bad_lines), count=report.bad_count)


@app.command()
def extract(
    input_dir: Annotated[Path, typer.Option("--input-dir", help="Folder of saved *.html pages.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL with file, title, published, text.")],
) -> None:
    """Extract title, publication date and clean body text from saved HTML pages.

    Every *.html file gets a line; one that is not a readable regular file (a folder, a broken link, a
    pipe, a device) is also reported as a bad file and the exit code is 1. Pages beyond the caps of
    \\[limits] are skipped with their reason.

    Example: rbmon extract --input-dir pages/ --output extracted.jsonl
    """
    from pipeline.extract.article import extract_dir

    if not input_dir.is_dir():
        raise RbmonError(f"no such folder: {input_dir}")
    limits = state.settings.limits
    with _progress("extracting") as bar:
        report = extract_dir(
            input_dir,
            output,
            limits=limits,
            progress=lambda n, total: bar(n, total),
            on_bad_file=lambda msg: err.print(_line("bad file:", "red", msg)),
        )
    _info(f"extracted {report.counts()} -> {output}")
    _end_with_bad("bad files:", shown=len(report.bad_files), count=report.bad_count)


# --------------------------------------------------------------------------- digest / sql


LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="id (Bahasa Indonesia) or en; default: `language` in the config (id)."),
]


@app.command()
def digest(
    week: Annotated[
        str | None, typer.Option("--week", help="ISO week, e.g. 2025-W27 (default: last full week).")
    ] = None,
    db: DbOpt = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Where to write the files.")] = None,
    email: Annotated[
        bool,
        typer.Option(
            "--email", help="Also e-mail it to the recipients in the \\[email] section of the config."
        ),
    ] = False,
    lang: LangOpt = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, json or xlsx (Excel); repeat for several. Default: \\[digest] formats.",
        ),
    ] = None,
) -> None:
    """Write the weekly digest (HTML with a map and trends, Markdown, JSON, or Excel) from the database.

    In Bahasa Indonesia unless --lang en (or `language = "en"` in the config). Reads the published
    analyst copy when there is one, like `rbmon sql`.

    Example: rbmon digest --week 2025-W27 --lang en --format html --format xlsx
    """
    from pipeline import store
    from pipeline.digest.queries import configured_digest
    from pipeline.digest.render import write_digest

    settings = state.settings
    if email and not settings.email.recipients:
        raise InputError(
            "--email given but the config names no recipients",
            hint="set recipients (and smtp_host) in the [email] section of rbmon.toml",
        )
    path = db or _reader_db(settings)
    con = store.connect(path, read_only=True)
    try:
        d = configured_digest(con, settings, week, language=lang)
    finally:
        con.close()
    formats = fmt or settings.digest.formats
    if email and "html" not in formats:
        formats = [*formats, "html"]  # the mail's HTML part is the published file
    paths = write_digest(d, out_dir or settings.digest_dir, formats)
    for p in paths.values():
        _say(p)
    if email:
        from pipeline.digest.delivery import send_digest

        sent = send_digest(settings, d, paths)
        _info(f"e-mailed to {sent} of {len(settings.email.recipients)} recipient(s)")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    db: DbOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, json, parquet or xlsx (Excel; with --output).")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", min=0, help="Rows shown in a table (0: all); files always get every row."),
    ] = 100,
) -> None:
    """Run a read-only SQL query on the database and print the result.

    Opens the published analyst copy when there is one, never blocking the nightly writer.

    Example: rbmon sql "select count(*) from articles where rb_relevant"
    """
    from pipeline.store.query import cell_text, run_query, write_result

    settings = state.settings
    result = run_query(query, db or _reader_db(settings))
    if fmt == "table" and output is None:
        shown = result if not limit else result.slice(0, limit)
        table = _table(*result.column_names, show_lines=False)
        for row in shown.to_pylist():
            _row(table, *(cell_text(v) for v in row.values()))
        out.print(table)
        if shown.num_rows < result.num_rows:
            # a terminal is no place for a million rows; say so instead of silently cutting
            _info(
                f"showing {shown.num_rows} of {result.num_rows} rows: --limit 0 shows all, "
                "--format csv|json|parquet --output FILE writes all"
            )
        return
    write_result(result, fmt, output, stdout=sys.stdout)


@app.command()
def site(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder to build the site in (default: \\[site] output_dir)."),
    ] = None,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Build the static archive site: every weekly digest, a page per province, theme and official, search.

    Reads the published analyst copy. The folder works from file:// and from any web server; it is
    replaced whole (atomically) at every build, so give it a folder of its own.

    Example: rbmon site --output /srv/www/rbmon --lang id
    """
    from pipeline.site.build import build_site

    settings = state.settings
    target = output or settings.site_dir
    with _progress("building the archive site") as bar:
        report = build_site(
            settings,
            target,
            db=db or _reader_db(settings),
            language=lang,
            progress=lambda n, total: bar(n, total),
        )
    _info(
        f"{report.pages} pages: {report.digests} weekly digests, {report.provinces} provinces, "
        f"{report.themes} themes, {report.officials} officials; {report.search_entries} search entries"
    )
    _say(report.index)


@app.command()
def publish(db: DbOpt = None) -> None:
    """Publish the analysts' read-only copy of the database (atomically: copy, then rename).

    The nightly job does this after processing; run it by hand after a manual `rbmon process`.

    Example: rbmon publish
    """
    from pipeline.store.publish import publish_snapshot

    settings = state.settings
    path = publish_snapshot(db or settings.db_path, settings.published_db_path)
    _say(path)


@app.command()
def export(
    parquet: Annotated[Path, typer.Option("--parquet", help="Folder to write Parquet files into.")],
    db: DbOpt = None,
) -> None:
    """Export the main tables as Parquet, articles partitioned by month of publication.

    Example: rbmon export --parquet exports/
    """
    from pipeline.store.export import export_parquet

    counts = export_parquet(db or _reader_db(state.settings), parquet)
    for table, n in counts.items():
        _say(f"{table}: {n} rows")


# --------------------------------------------------------------------------- schedule


@app.command()
def schedule() -> None:
    """Run the scheduler in the foreground: nightly crawl + process + publish, weekly digest.

    Times come from the \\[schedule] section of the config (Asia/Jakarta). Stop with Ctrl-C or
    SIGTERM: the current batch finishes first.

    Example: rbmon schedule --config /etc/rbmon/rbmon.toml
    """
    from pipeline.jobs.scheduler import run_scheduler

    run_scheduler(state.settings)


@app.command()
def status(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or prometheus.")] = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="With --format prometheus: write this file atomically (textfile collector).",
        ),
    ] = None,
) -> None:
    """Say whether the unattended job is healthy; exit code 1 if not (for monitoring).

    Unhealthy: the last nightly run failed, was interrupted or killed, its crawl reached no source, or
    the nightly job is overdue by its schedule (\\[schedule] nightly + status_grace_minutes).

    Example: rbmon status --format prometheus --output /var/lib/prometheus/node-exporter/rbmon.prom
    """
    from pipeline.jobs.status import prometheus_text, read_status

    if fmt not in ("table", "prometheus"):
        raise InputError(f"unknown format {fmt!r}: use table or prometheus")
    result = read_status(state.settings)
    if fmt == "prometheus":
        text = prometheus_text(result, output)
        if output is None:
            sys.stdout.write(text)
    else:
        table = _table(title=f"rbmon status ({result.source})", show_header=False, title_justify="left")
        _row(table, "health", "ok" if result.ok else "PROBLEM")
        for job in (result.nightly, result.weekly_digest):
            if job is not None:
                ended = f", ended {job.finished_at:%Y-%m-%d %H:%M} UTC" if job.finished_at else ""
                _row(
                    table,
                    f"last {job.job}",
                    f"{job.outcome} (started {job.started_at:%Y-%m-%d %H:%M} UTC{ended})",
                )
        if result.crawl_status is not None:
            _row(table, "last crawl", f"{result.crawl_status}: {result.crawl_requests} requests, "
                 f"{result.crawl_new_articles} new articles")  # fmt: skip
        if result.due is not None:
            _row(table, "nightly due", f"{result.due:%Y-%m-%d %H:%M %Z}")
        _row(table, "run in progress", "yes" if result.running else "no")
        out.print(table)
    for problem in result.problems:
        err.print(_line("problem:", "red", problem))
    if result.problems:
        raise typer.Exit(1)


@app.command()
def run() -> None:
    """Run the nightly job once now: crawl, process, publish the analyst snapshot.

    Example: rbmon run
    """
    from pipeline.jobs.scheduler import nightly_job

    _stop_gracefully_on_sigterm()
    result = nightly_job(state.settings)
    _say(json.dumps(result, ensure_ascii=False, default=str, indent=2))


# --------------------------------------------------------------------------- db


@db_app.command("init")
def db_init(db: DbOpt = None) -> None:
    """Create the database, apply all migrations and load the province/regency tables.

    Example: rbmon db init
    """
    from pipeline import store
    from pipeline.store.reference import load_reference

    path = db or state.settings.db_path
    con = store.connect(path)
    try:
        applied = store.migrate(con)
        provinces, regencies = load_reference(con)
    finally:
        con.close()
    _say(f"{path}: {len(applied)} migrations applied, {provinces} provinces, {regencies} regencies")


@db_app.command("migrate")
def db_migrate(db: DbOpt = None) -> None:
    """Apply the migrations the database does not have yet (safe to run any time).

    Example: rbmon db migrate
    """
    from pipeline import store

    path = db or state.settings.db_path
    con = store.connect(path)
    try:
        applied = store.migrate(con)
        version = store.current_version(con)
    finally:
        con.close()
    _say(
        f"{path}: schema version {version}"
        + (f" (applied {', '.join(applied)})" if applied else " (up to date)")
    )


@db_app.command("check")
def db_check(
    db: DbOpt = None,
    all_warc: Annotated[
        bool, typer.Option("--all-warc", help="Read back every archived response, not a sample of 1000.")
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Where the database's WARC paths are relative to (default: the configured data_dir for"
            " the configured database, else the folder of --db).",
        ),
    ] = None,
) -> None:
    """Check that the database reads back whole, agrees with itself and points into real WARC files.

    Reads every row of every table, looks for orphaned rows and anything stored twice, reads archived
    responses back from their WARC offsets, and finds temporary copies left by killed publishes.
    Exit code 1 lists every problem found.

    Example: rbmon db check --all-warc
    """
    from pipeline import store
    from pipeline.store.integrity import check_database

    settings = state.settings
    path = db or settings.db_path
    root = data_dir or _data_dir_of(path, settings)
    con = store.connect(path, read_only=True)
    try:
        problems = check_database(
            con,
            root,
            warc_sample=None if all_warc else 1000,
            published_path=settings.published_db_path if root == settings.data_dir else None,
        )
    finally:
        con.close()
    if not problems:
        _say(f"{path}: no problems found")
        return
    for p in problems:
        err.print(_line("problem:", "red", p))
    raise typer.Exit(1)


def _data_dir_of(db: Path, settings: Settings) -> Path:
    """The data directory a database file belongs to: the configured one for the configured database
    or its published copy; otherwise the file's own folder (``<data_dir>/rbmon.duckdb``), or the folder
    above a ``published/`` folder."""
    resolved = db.resolve()
    if resolved in (settings.db_path.resolve(), settings.published_db_path.resolve()):
        return settings.data_dir
    if resolved.parent.name == "published" and (resolved.parent.parent / "warc").is_dir():
        return resolved.parent.parent
    return resolved.parent


@db_app.command("info")
def db_info(db: DbOpt = None) -> None:
    """Show the schema version and the row count of every table.

    Example: rbmon db info
    """
    from pipeline import store

    settings = state.settings
    path = db or _reader_db(settings)
    con = store.connect(path, read_only=True)
    try:
        version = store.current_version(con)
        rows = con.execute(
            "select table_name, estimated_size, comment from duckdb_tables() where not internal order by 1"
        ).fetchall()
        counts = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t, _, _ in rows}  # type: ignore[index]
    finally:
        con.close()
    table = _table("table", "rows", "about", title=f"{path} (schema version {version})", title_justify="left")
    for name, _, comment in rows:
        _row(table, name, counts[name], comment or "")
    out.print(table)


# --------------------------------------------------------------------------- sources


@sources_app.command("list")
def sources_list(
    discovered: Annotated[
        bool,
        typer.Option("--discovered", help="List the outlets discovery found instead (from the database)."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """List the sources of the registry with their kind and province, or the discovered outlets.

    With --discovered: every outlet of no registry that GDELT, Google News or an any-outlet backfill
    found, with its home province and why, what found it, and the articles stored from it.

    Example: rbmon sources list --discovered
    """
    if discovered:
        from pipeline.crawl.sources import list_discovered

        rows = list_discovered(db or _reader_db(state.settings))
        if not rows:
            out.print("no outlet discovered yet")
            return
        keys = ("host", "name", "kind", "province", "province_evidence", "found_by", "first_seen", "articles",
                "rb_articles")  # fmt: skip
        table = _table(*keys)
        for r in rows:
            _row(table, *(r.get(k) for k in keys))
        out.print(table)
        return
    from pipeline.crawl.sources import list_sources

    rows = list_sources(state.settings)
    table = _table("id", "name", "kind", "province", "url", "enabled")
    for r in rows:
        _row(table, *(r.get(k, "") for k in ("id", "name", "kind", "province", "url", "enabled")))
    out.print(table)


@sources_app.command("promote")
def sources_promote(
    host: Annotated[
        str, typer.Argument(help="The discovered outlet's host, as `sources list --discovered` shows.")
    ],
    source_id: Annotated[
        str | None, typer.Option("--id", help="Registry id (default: from the host, e.g. wartakhatulistiwa).")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Outlet name (default: the discovered one).")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="regional_media, national_media or government (default: guessed)."),
    ] = None,
    province: Annotated[
        str | None,
        typer.Option("--province", help='Home province code, e.g. "61" (default: the evidence\'s).'),
    ] = None,
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry", help="Registry file to write (default: crawl.sources_file, else the shipped one)."
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Write without asking.")] = False,
    db: DbOpt = None,
) -> None:
    """Write a discovered outlet into the source registry, reviewed, so it is crawled like the others.

    Shows the entry (validated like every registry entry) and asks before appending it to the
    registry file; the next crawl crawls it through all its channels and moves its stored articles
    and fetches to the new id.

    Example: rbmon sources promote tabalongkab.go.id --id pemkab-tabalong --yes
    """
    from pipeline.crawl.sources import append_entry, promotion_entry

    settings = state.settings
    path = registry or settings.crawl.sources_path or _shipped_registry()
    entry, text = promotion_entry(db or _reader_db(settings), host, path, source_id=source_id, name=name,
                                  kind=kind, province=province)  # fmt: skip
    _say(text)
    if not yes and not typer.confirm(f"append this entry to {path}?", err=True):
        raise typer.Exit(1)
    append_entry(path, text)
    _info(f"{entry.id} written to {path}; the next crawl crawls it with every channel")


def _shipped_registry() -> Path:
    from importlib.resources import files

    return Path(str(files("rbmon_data") / "sources.yaml"))


@sources_app.command("check")
def sources_check() -> None:
    """Show each source's health: last success, consecutive failures, state.

    Example: rbmon sources check
    """
    from pipeline.crawl.sources import check_sources

    rows = check_sources(state.settings)
    if not rows:
        _say("no crawl has run yet")
        return
    table = _table(*rows[0].keys())
    for r in rows:
        _row(table, *r.values())
    out.print(table)


# --------------------------------------------------------------------------- watch


def _writer_db(db: Path | None) -> Path:
    """Watchlists live in the pipeline's (working) database: the one the nightly job alerts from."""
    return db or state.settings.db_path


@watch_app.command("add")
def watch_add(
    name: Annotated[str, typer.Argument(help="A name for the watchlist, e.g. 'SPBE Sultra'.")],
    query: Annotated[
        str | None, typer.Option("--query", help="Words that must all be in the title or text.")
    ] = None,
    province: Annotated[
        str | None, typer.Option("--province", help="Province by name, abbreviation or code (Sultra, 74).")
    ] = None,
    official: Annotated[
        str | None, typer.Option("--official", help="An official's name, or part of it.")
    ] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Theme key or label, e.g. spbe.")] = None,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", help="Recipient (repeat for several); default: \\[email] recipients."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Also alert on articles fetched since this date (YYYY-MM-DD); default: now."
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Add a watchlist: after each nightly run, new core RB articles matching all its criteria are e-mailed.

    Example: rbmon watch add "SPBE Sultra" --province Sultra --theme spbe --to analis@example.go.id
    """
    from datetime import datetime

    from pipeline import store
    from pipeline.digest.model import WIB
    from pipeline.watch.lists import add_watchlist

    start = None
    if since:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            raise InputError(f"--since {since!r} is not a date", hint="write it as YYYY-MM-DD") from None
        start = start if start.tzinfo else start.replace(tzinfo=WIB)
    con = store.connect(_writer_db(db))
    try:
        store.migrate(con)
        w = add_watchlist(
            con,
            name,
            query=query,
            province=province,
            official=official,
            theme=theme,
            recipients=to,
            since=start,
        )
    finally:
        con.close()
    criteria = ", ".join(f"{k} {v!r}" for k, v in w.criteria())
    _say(f"watchlist {w.name!r} added ({criteria}); alerts from {w.since:%Y-%m-%d %H:%M %Z} on")


@watch_app.command("list")
def watch_list(db: DbOpt = None) -> None:
    """List the watchlists with their criteria, recipients and the articles sent so far.

    Example: rbmon watch list
    """
    from pipeline import store
    from pipeline.watch.lists import list_watchlists

    con = store.connect(_writer_db(db))
    try:
        store.migrate(con)
        rows = list_watchlists(con)
        sent = dict(con.execute("select watchlist, count(*) from watch_notifications group by 1").fetchall())
    finally:
        con.close()
    if not rows:
        out.print("no watchlist yet: `rbmon watch add NAME --province … --theme …`")
        return
    for w in rows:  # one line each, whole: names and addresses stay greppable when piped
        criteria = "; ".join(f"{k}: {v}" for k, v in w.criteria())
        to = ", ".join(w.recipients) if w.recipients else "[email] recipients"
        _say(f"{w.name} — {criteria} — to {to} — since {w.since:%Y-%m-%d} — {sent.get(w.name, 0)} sent")


@watch_app.command("remove")
def watch_remove(
    name: Annotated[str, typer.Argument(help="The watchlist's name.")], db: DbOpt = None
) -> None:
    """Remove a watchlist (and its record of what was sent).

    Example: rbmon watch remove "SPBE Sultra"
    """
    from pipeline import store
    from pipeline.watch.lists import remove_watchlist

    con = store.connect(_writer_db(db))
    try:
        store.migrate(con)
        sent = remove_watchlist(con, name)
    finally:
        con.close()
    _say(f"watchlist {name!r} removed ({sent} alerted article(s) forgotten)")


@watch_app.command("send")
def watch_send(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be sent; send nothing.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Send the watchlist alerts now, as the nightly job does after each run.

    Example: rbmon watch send --dry-run
    """
    from pipeline.watch.notify import notify_watchlists

    settings = state.settings
    if db is not None:
        settings = settings.with_overrides(database=db)
    report = notify_watchlists(settings, dry_run=dry_run)
    if not report.sent and not report.skipped:
        out.print("no new match for any watchlist")
    for name, n in report.sent.items():
        verb = "would be sent" if dry_run else "sent"
        more = f" ({report.pending[name]} more next time)" if report.pending.get(name) else ""
        _say(f"{name}: {n} article(s) {verb}{more}")
    for name in report.skipped:
        err.print(
            for_terminal(f"{name}: new matches but no recipient (set --to or [email] recipients)", "yellow")
        )


# --------------------------------------------------------------------------- entry point


def _storage_error(exc: BaseException) -> StorageError | None:
    """The user's one line for an ``OSError`` or a DuckDB I/O failure; None for anything else (a bug)."""
    if isinstance(exc, OSError):
        return from_os_error(exc)
    if isinstance(exc, duckdb.Error):
        return from_message(str(exc))
    return None


def _report(exc: RbmonError) -> None:
    if state.debug:
        err.print_exception(show_locals=False)
    err.print(_line("Error:", "bold red", exc))
    if exc.hint:
        err.print(for_terminal(f"hint: {exc.hint}", style="dim"))


def main() -> None:
    """Entry point: usage errors are typer's (exit 2); rbmon's own errors are one line (exit 1).

    So is an ``OSError`` or a DuckDB I/O failure (a full disk, a read-only mount, a data directory rbmon
    may not write): one line naming the path, with the hint for that errno (``from_os_error``).
    """
    try:
        app()  # standalone: typer prints usage errors and turns typer.Exit into SystemExit
    except RbmonError as exc:
        _report(exc)
        sys.exit(1)
    except (OSError, duckdb.Error) as exc:
        described = _storage_error(exc)
        if described is None:
            raise
        _report(described)
        sys.exit(1)


if __name__ == "__main__":
    main()
