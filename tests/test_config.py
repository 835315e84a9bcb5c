"""Configuration: defaults, file, environment, and errors that name the bad key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.config import load_settings
from pipeline.core.errors import ConfigError


def test_defaults_need_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RBMON_CONFIG", raising=False)
    s = load_settings()
    assert s.config_path is None
    assert s.db_path == Path("data") / "rbmon.duckdb"
    assert s.crawl.obey_robots is True
    assert s.crawl.concurrency_per_domain <= 2
    assert s.crawl.download_delay >= 1  # polite by default; only the demo turns it off


def test_file_in_working_directory_and_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rbmon.toml").write_text('data_dir = "store"\n[crawl]\ndownload_delay = 7.5\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RBMON_CONFIG", raising=False)
    s = load_settings()
    assert s.crawl.download_delay == 7.5
    assert s.data_dir == tmp_path / "store"  # relative to the config file, not the cwd


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "x.toml"
    cfg.write_text('data_dir = "a"\n')
    monkeypatch.setenv("RBMON_CONFIG", str(cfg))
    monkeypatch.setenv("RBMON_DATA_DIR", str(tmp_path / "b"))
    assert load_settings().data_dir == tmp_path / "b"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("[crawl]\ndownload_delay = -1\n", "crawl.download_delay"),
        ("[crawl]\nconcurency_per_domain = 2\n", "crawl.concurency_per_domain"),
        ("[schedule]\nmisfire_grace_seconds = 'soon'\n", "schedule.misfire_grace_seconds"),
        ("bogus_top_level = 1\n", "bogus_top_level"),
    ],
)
def test_bad_key_is_named(tmp_path: Path, content: str, named: str) -> None:
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        load_settings(cfg)


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_documented_config_file_is_valid_and_complete() -> None:
    """data/rbmon.toml documents every setting and loads without error."""
    from importlib import resources

    from pipeline.core.config import Settings

    path = Path(str(resources.files("rbmon_data") / "rbmon.toml"))
    s = load_settings(path)
    text = path.read_text(encoding="utf-8")

    def documented(section: str, model: type) -> None:
        for key, field in model.model_fields.items():
            if key == "config_path":
                continue
            sub = getattr(field.annotation, "model_fields", None)
            name = f"{section}.{key}" if section else key
            if sub:
                assert f"[{name}]" in text, f"section [{name}] is not documented in data/rbmon.toml"
                documented(name, field.annotation)
            else:
                assert f"{key} =" in text, f"{name} is not documented in data/rbmon.toml"

    documented("", Settings)
    assert s.crawl.download_delay > 0
    # the documented values are the defaults (only the commented-out keys differ)
    assert s.discovery == Settings().discovery and s.process == Settings().process
    # issue 14's etiquette: Google News off until an operator switches it on, GDELT at most one request
    # every 5 s for at most 250 articles, both for Indonesian news of Indonesian outlets
    d = s.discovery
    assert not d.google_news.enabled and (d.google_news.hl, d.google_news.gl, d.google_news.ceid) == (
        "id",
        "ID",
        "ID:id",
    )
    assert (d.gdelt.min_interval, d.gdelt.max_records) == (5.0, 250) and d.google_news.min_interval >= 5.0
    assert d.gdelt.filters == "sourcecountry:indonesia sourcelang:indonesian"


def test_cli_reports_bad_config_in_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "rbmon.toml"
    cfg.write_text("[crawl]\ndownload_delay = 'fast'\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "--config",
            str(cfg),
            "db",
            "migrate",
            "--db",
            str(tmp_path / "x.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "crawl.download_delay" in proc.stderr
    assert "Traceback" not in proc.stderr
