"""rbmon's settings: one TOML file, validated on load, every key documented in data/rbmon.toml.

Precedence, lowest first: built-in defaults < the config file < ``RBMON_*`` environment
variables for the few keys an operator overrides per machine (``RBMON_DATA_DIR``,
``RBMON_DB``, ``RBMON_REDIS_URL``) < command-line flags. The file is found at ``--config``,
else ``$RBMON_CONFIG``, else ``./rbmon.toml``; without one the defaults serve (the demo needs none).
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
import zoneinfo
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.core.errors import ConfigError

__all__ = [
    "CrawlConfig",
    "DigestConfig",
    "DiscoveryConfig",
    "EmailConfig",
    "GdeltConfig",
    "GoogleNewsConfig",
    "LimitsConfig",
    "ProcessConfig",
    "ScheduleConfig",
    "Settings",
    "SiteConfig",
    "WatchConfig",
    "find_config",
    "load_settings",
]

DEFAULT_QUERIES = [
    "reformasi birokrasi",
    "SPBE",
    "sistem merit",
    "zona integritas",
    "pelayanan publik",
    "SAKIP",
    "penyederhanaan birokrasi",
    "RB tematik",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MIB = 1024 * 1024
GIB = 1024 * MIB


class CrawlConfig(_Section):
    """Politeness and discovery: conservative defaults for small regional servers.

    Every number has an upper bound as well: a typo such as ``timeout = 1e308`` would otherwise be
    accepted and hang a crawl for ever, and every cap on what one document may multiply into requests
    (``max_*``) stays a cap.
    """

    user_agent: str = Field("rbmon/0.1 (+{contact_url}; Reformasi Birokrasi news monitor)", max_length=500)
    contact_url: str = Field("https://github.com/rbmon/rbmon", max_length=500)
    download_delay: float = Field(5.0, ge=0, le=300)
    concurrency_per_domain: int = Field(2, ge=1, le=2)
    concurrency_total: int = Field(16, ge=1, le=256)
    autothrottle: bool = True
    obey_robots: bool = True
    timeout: float = Field(30.0, gt=0, le=600)
    max_page_bytes: int = Field(3 * MIB, gt=0, le=GIB)
    retry_times: int = Field(3, ge=0, le=20)
    warc_max_bytes: int = Field(GIB, ge=MIB, le=100 * GIB)
    follow_links: bool = False
    max_pages_per_source: int = Field(500, ge=1, le=1_000_000)
    quarantine_after: int = Field(5, ge=1, le=1000)
    queries: list[str] = Field(default_factory=lambda: list(DEFAULT_QUERIES), max_length=50)
    sources_file: str | None = None
    #: host name -> IP address used instead of DNS inside the crawl (the demo and the tests map the
    #: fixture site's ``…kab.go.id``-style names to 127.0.0.1; /etc/hosts is never touched)
    resolve: dict[str, str] = Field(default_factory=dict)

    @field_validator("resolve")
    @classmethod
    def _check_resolve(cls, value: dict[str, str]) -> dict[str, str]:
        out = {}
        for host, address in value.items():
            try:
                ipaddress.ip_address(address)
            except ValueError:
                raise ValueError(f"{host!r} must map to an IP address, not {address!r}") from None
            if not host or "/" in host or ":" in host or " " in host:
                raise ValueError(f"{host!r} is not a host name (write portal.example.go.id, no port)")
            out[host.strip().lower()] = address
        return out

    # Caps on what one document can multiply into work; each one logs a line when it bites.
    max_robots_sitemaps: int = Field(20, ge=1, le=10_000)
    max_child_sitemaps: int = Field(10, ge=1, le=10_000)
    max_feed_items: int = Field(1000, ge=1, le=1_000_000)
    max_listing_pages_per_source: int = Field(200, ge=1, le=100_000)
    max_frontier_per_source: int = Field(5000, ge=0, le=1_000_000)
    # Days a loaded crawl run's folder (plan, fetch log, crawler.log) is kept: the job logs' rotation.
    keep_run_days: int = Field(30, ge=1, le=3650)

    @field_validator("queries")
    @classmethod
    def _queries(cls, value: list[str]) -> list[str]:
        for q in value:
            if not q.strip() or len(q) > 200:
                raise ValueError(f"{q[:40]!r}: a query must be 1 to 200 characters")
        return value

    @property
    def sources_path(self) -> Path | None:
        """The source registry to read: ``sources_file``, or None for the packaged ``data/sources.yaml``."""
        return Path(self.sources_file) if self.sources_file else None


DEFAULT_QUERY_GROUPS = [
    ["reformasi birokrasi", "zona integritas", "sistem merit", "penyederhanaan birokrasi"],
    ["SPBE", "SAKIP", "RB tematik", "evaluasi reformasi birokrasi"],
]


class GdeltConfig(_Section):
    """The GDELT DOC 2.0 API channel: one artlist query per query group, paced as GDELT asks."""

    enabled: bool = True
    api_url: str = "https://api.gdeltproject.org/api/v2/doc/doc"
    #: seconds between two requests to the API; GDELT asks for at most one every 5 seconds
    min_interval: float = Field(5.0, ge=0, le=300)
    #: articles per answer (the API's maximum is 250); a full answer is paged by time window
    max_records: int = Field(250, ge=1, le=250)
    #: time windows asked per query group and run, at most
    max_pages: int = Field(10, ge=1, le=100)
    #: what every query adds to the RB phrases
    filters: str = "sourcecountry:indonesia sourcelang:indonesian"

    @field_validator("api_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _http_url(value)


class GoogleNewsConfig(_Section):
    """The Google News RSS search channel (off by default): same query groups, item links decoded."""

    enabled: bool = False
    rss_url: str = "https://news.google.com/rss/search"
    #: language, country and edition of the search (Indonesian news from Indonesia)
    hl: str = "id"
    gl: str = "ID"
    ceid: str = "ID:id"
    #: seconds between two requests to the RSS search
    min_interval: float = Field(5.0, ge=0, le=300)
    #: how item links become article URLs: googlenewsdecoder (production, asks news.google.com) or
    #: redirect (a link answered with a redirect to the article: the fixture site, offline)
    decoder: Literal["googlenewsdecoder", "redirect"] = "googlenewsdecoder"
    #: seconds the decoder waits after each link it resolves
    decode_interval: float = Field(2.0, ge=0, le=300)
    #: items read per RSS answer, at most (Google lists up to 100)
    max_items: int = Field(100, ge=1, le=1000)

    @field_validator("rss_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _http_url(value)


class DiscoveryConfig(_Section):
    """Open-web discovery: GDELT and Google News search the whole web; what they find on outlets of
    no registry becomes a discovered outlet, crawled only for the URLs discovery found."""

    #: one query per group and channel: the phrases of a group are ORed, each quoted when it has spaces
    query_groups: list[list[str]] = Field(default_factory=lambda: [list(g) for g in DEFAULT_QUERY_GROUPS])
    #: how far back the first run (and a run after a long failure) looks, in days (GDELT keeps three
    #: months; a bound, since 100,000,000 days back is before year 1 and the crawl traced back)
    first_run_days: int = Field(3, ge=1, le=3650)
    #: a discovered outlet's home province from its stories: at least this many of its stored
    #: articles, more than half of those with a place, must happen in that province
    home_province_min_stories: int = Field(2, ge=1, le=100_000)
    gdelt: GdeltConfig = GdeltConfig()
    google_news: GoogleNewsConfig = GoogleNewsConfig()

    @field_validator("query_groups")
    @classmethod
    def _check_groups(cls, value: list[list[str]]) -> list[list[str]]:
        groups = [[p.strip() for p in g if p.strip()] for g in value]
        for g in groups:
            if not g:
                raise ValueError("a query group needs at least one phrase")
            for phrase in g:
                if '"' in phrase or "(" in phrase or ")" in phrase:
                    raise ValueError(f"{phrase!r}: write plain words; rbmon adds the quotes and parentheses")
        return groups


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


class ProcessConfig(_Section):
    workers: int = Field(0, ge=0, le=256)  # 0 = one per core
    batch_size: int = Field(200, ge=1, le=100_000)
    near_duplicate_threshold: float = Field(0.7, gt=0, le=1)
    near_duplicate_window_days: int = Field(60, ge=1, le=3650)
    #: foreign WARCs (CC-NEWS): keep Indonesian news articles from any host, as discovered outlets
    any_outlet: bool = False
    #: deprecated: the older, narrower switch (any .id host); now the same as any_outlet
    any_indonesian: bool = False
    #: with any_outlet, a page of an unknown host counts as a news article from this many words of text
    any_outlet_min_words: int = Field(80, ge=1, le=100_000)
    # After processing, rerun nlp/ on stored articles annotated by other rules (nlp.annotate.nlp_version).
    reannotate_stale: bool = True


class LimitsConfig(_Section):
    """Caps on one input of ``rbmon process``, ``extract`` and ``annotate``: bounded time and memory.

    A page or a text beyond a cap is skipped with one log line (``too_large``, ``too_complex``,
    ``extract_timeout``) and the run goes on; see data/rbmon.toml for the measured costs.
    """

    max_page_bytes: int = Field(8 * MIB, ge=1024, le=GIB)
    max_elements_per_page: int = Field(50_000, ge=100, le=10_000_000)
    max_attributes_per_page: int = Field(30_000, ge=100, le=10_000_000)
    extract_cpu_seconds: float = Field(30.0, gt=0, le=3600)
    max_text_chars: int = Field(1_000_000, ge=1000, le=100_000_000)
    max_bad_lines_shown: int = Field(100, ge=0, le=1_000_000)


def _zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a time zone: use an IANA name such as Asia/Jakarta") from None
    return name


class ScheduleConfig(_Section):
    """When the jobs run; checked at load, so ``rbmon schedule`` cannot start and then crash."""

    timezone: str = "Asia/Jakarta"
    nightly: str = "0 1 * * *"  # cron: 01:00 WIB
    weekly_digest: str = "0 7 * * mon"  # cron: Monday 07:00 WIB
    misfire_grace_seconds: int = Field(3600, ge=1, le=7 * 86400)
    # The digest waits this long for a nightly run still going at digest time, then gives up.
    digest_wait_minutes: int = Field(360, ge=0, le=24 * 60)
    # `rbmon status` calls the nightly job overdue when none started this long after it was due.
    status_grace_minutes: int = Field(120, ge=0, le=7 * 24 * 60)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        return _zone(value)

    @model_validator(mode="after")
    def _crontabs(self) -> ScheduleConfig:
        # APScheduler parses them as the scheduler will; imported here so the crawler subprocess,
        # which never schedules, does not pay for it.
        from apscheduler.triggers.cron import CronTrigger

        for key in ("nightly", "weekly_digest"):
            expr = getattr(self, key)
            try:
                CronTrigger.from_crontab(expr, timezone=self.timezone)
            except (ValueError, TypeError) as exc:
                raise ValueError(
                    f"{key} = {expr!r} is not a cron expression (minute hour day month weekday): {exc}"
                ) from None
        return self


class EmailConfig(_Section):
    enabled: bool = False
    smtp_host: str = "localhost"
    smtp_port: int = Field(25, ge=1, le=65535)
    use_tls: bool = False
    username: str | None = None
    password: str | None = None
    sender: str = "rbmon@localhost"
    recipients: list[str] = Field(default_factory=list)


DigestFormat = Literal["md", "html", "json", "xlsx"]
_DEFAULT_FORMATS: tuple[DigestFormat, ...] = ("md", "html", "json")


class DigestConfig(_Section):
    top_stories: int = Field(10, ge=1, le=1000)
    top_officials: int = Field(10, ge=1, le=1000)
    # Weeks in the sparklines and trend charts (this week included), and the silence that makes a
    # province "quiet for N+ weeks" (and one that ends it "newly active").
    trend_weeks: int = Field(12, ge=2, le=104)
    quiet_weeks: int = Field(4, ge=1, le=103)
    # What the weekly job writes: md, html, json, xlsx.
    formats: list[DigestFormat] = Field(default_factory=lambda: list(_DEFAULT_FORMATS), min_length=1)

    @model_validator(mode="after")
    def _trend_longer_than_quiet(self) -> DigestConfig:
        if self.trend_weeks <= self.quiet_weeks:
            raise ValueError(
                f"trend_weeks ({self.trend_weeks}) must be more than quiet_weeks ({self.quiet_weeks})"
            )
        return self


class SiteConfig(_Section):
    """The static archive site (``rbmon site``), rebuilt by the weekly job after the digest."""

    enabled: bool = True
    output_dir: Path | None = None  # default: <data_dir>/site
    stories_per_page: int = Field(30, ge=1, le=10_000)  # latest stories on a province, theme or official page


class WatchConfig(_Section):
    """Watchlist alerts, mailed after each nightly run through the [email] server."""

    enabled: bool = True
    max_articles_per_message: int = Field(50, ge=1, le=10_000)


class Settings(_Section):
    data_dir: Path = Path("data")
    database: Path | None = None  # default: <data_dir>/rbmon.duckdb
    redis_url: str | None = None
    crawl: CrawlConfig = CrawlConfig()
    process: ProcessConfig = ProcessConfig()
    limits: LimitsConfig = LimitsConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    email: EmailConfig = EmailConfig()
    digest: DigestConfig = DigestConfig()
    discovery: DiscoveryConfig = DiscoveryConfig()
    site: SiteConfig = SiteConfig()
    watch: WatchConfig = WatchConfig()
    # The language of everything written for readers: digest, e-mail, site, alerts ("id" or "en").
    language: Literal["id", "en"] = "id"  # pipeline.core.i18n.LANGUAGES; a test checks they agree
    config_path: Path | None = None

    @field_validator("data_dir", "database", mode="before")
    @classmethod
    def _expand(cls, value: Any) -> Any:
        if isinstance(value, str | Path):
            if "\x00" in str(value):
                raise ValueError("a path cannot hold a NUL character")
            return Path(os.path.expanduser(str(value)))
        return value  # not a path at all: pydantic says so

    @field_validator("data_dir")
    @classmethod
    def _a_folder(cls, value: Path) -> Path:
        # Whether rbmon may write there is found out by the first write (reading commands need no
        # write access); a file where the folder should be is wrong for every command.
        try:
            is_file = value.exists() and not value.is_dir()
        except OSError as exc:  # a name too long, a folder above it we may not search, ...
            raise ValueError(f"{value} cannot be used: {exc.strerror or exc}") from None
        if is_file:
            raise ValueError(f"{value} is a file, not a folder")
        return value

    @property
    def db_path(self) -> Path:
        return self.database or self.data_dir / "rbmon.duckdb"

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def published_db_path(self) -> Path:
        """The read-only copy analysts open (published atomically after each run)."""
        return self.data_dir / "published" / "rbmon.duckdb"

    @property
    def analyst_db_path(self) -> Path:
        """What readers open: the published snapshot, or the working file before the first publish.

        Reading the snapshot never blocks (nor is blocked by) a run writing the working file.
        """
        return self.published_db_path if self.published_db_path.exists() else self.db_path

    @property
    def digest_dir(self) -> Path:
        return self.data_dir / "digests"

    @property
    def site_dir(self) -> Path:
        """Where the weekly job builds the archive site: ``[site] output_dir``, else ``<data_dir>/site``."""
        return self.site.output_dir or self.data_dir / "site"

    def with_overrides(self, **changes: Any) -> Settings:
        return self.model_copy(update={k: v for k, v in changes.items() if v is not None})


def find_config(explicit: Path | None = None) -> Path | None:
    if explicit is not None:
        return explicit
    env = os.environ.get("RBMON_CONFIG")
    if env:
        return Path(env)
    local = Path("rbmon.toml")
    return local if local.exists() else None


def _describe(error: ValidationError) -> str:
    parts = []
    errors = error.errors()
    for e in errors[:5]:
        key = ".".join(str(p) for p in e["loc"])
        parts.append(f"{key}: {e['msg']}")
    if len(errors) > 5:
        parts.append(f"and {len(errors) - 5} more")
    return "; ".join(parts)


#: A config file is a few kilobytes; anything much larger is not one (and is not read whole).
_MAX_CONFIG_BYTES = MIB


def _read_toml(path: Path) -> dict[str, Any]:
    """The config file's TOML; every way it can be unreadable is one ``ConfigError`` naming it."""
    try:
        if not path.is_file():
            what = "a folder" if path.is_dir() else "not a regular file" if path.exists() else None
            if what is None:
                raise ConfigError(f"config file {path} does not exist")
            raise ConfigError(f"config file {path} is {what}", hint="give the path of rbmon.toml")
        with path.open("rb") as fh:
            data = fh.read(_MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            f"config file {path} cannot be read: {exc.strerror or exc}",
            hint="check that the user running rbmon may read it",
        ) from None
    if len(data) > _MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is larger than 1 MiB: not an rbmon.toml")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"config file {path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            hint="save it as UTF-8",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"config file {path} is not valid TOML: nested too deeply") from None


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the config file (if any) and the environment, validated.

    Raises:
        ConfigError: the file is missing, is not TOML, or has a bad key or value (named).
    """
    path = find_config(path)
    raw: dict[str, Any] = {}
    if path is not None:
        raw = _read_toml(path)
        if "config_path" in raw:  # set by rbmon itself, never by the file
            raise ConfigError(f"bad setting in {path}: config_path: Extra inputs are not permitted")
        base = path.resolve().parent
        for key in ("data_dir", "database"):
            value = raw.get(key)
            if isinstance(value, str) and not Path(os.path.expanduser(value)).is_absolute():
                raw[key] = str(base / os.path.expanduser(value))
        site = raw.get("site")
        if isinstance(site, dict) and isinstance(site.get("output_dir"), str):
            out = Path(os.path.expanduser(site["output_dir"]))
            site["output_dir"] = str(out if out.is_absolute() else base / out)
    for env, key in (
        ("RBMON_DATA_DIR", "data_dir"),
        ("RBMON_DB", "database"),
        ("RBMON_REDIS_URL", "redis_url"),
    ):
        if os.environ.get(env):
            raw[key] = os.environ[env]
    try:
        return Settings(**raw, config_path=path)
    except ValidationError as exc:
        where = f"in {path}" if path else "in the environment"
        raise ConfigError(f"bad setting {where}: {_describe(exc)}") from None
