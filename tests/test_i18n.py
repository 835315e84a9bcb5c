"""Reader languages: the one message catalogue is complete, dates and numbers follow the language,
and every digest format speaks it (Bahasa Indonesia by default, English with --lang en)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pipeline.core.config import Settings
from pipeline.core.errors import ConfigError
from pipeline.core.i18n import LANGUAGES, catalogue_path, get_lang
from pipeline.jobs.demo import DemoResult

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "n_": (1, 2)}
METHODS = [("pipeline/**.py", "python"), ("pipeline/**/templates/**.j2", "jinja2.ext:babel_extract")]


def _used_messages() -> set[str]:
    """Every message the code and templates use, found as `pybabel extract` finds them."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_its_indonesian_translation() -> None:
    with (ROOT / "data" / catalogue_path("id")).open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string) and not m.fuzzy
    }
    used = _used_messages()
    assert len(used) > 100
    assert sorted(used - translated) == []  # run `pybabel extract` / `update` and translate (README)


def test_dates_numbers_and_weeks_follow_the_language() -> None:
    id_, en = get_lang("id"), get_lang("en")
    assert id_.long_date(date(2025, 7, 7)) == "Senin, 7 Juli 2025"
    assert en.long_date(date(2025, 7, 7)) == "Monday, 7 July 2025"
    assert (id_.number(1234), en.number(1234)) == ("1.234", "1,234")
    assert id_.week_label("2025-W27") == "Minggu ke-27 2025" and en.week_label("2025-W27") == "Week 27, 2025"
    assert id_.ngettext("%(num)s story", "%(num)s stories", 1234) == "1.234 berita"
    assert [en.ngettext("%(num)s story", "%(num)s stories", n) for n in (1, 2)] == ["1 story", "2 stories"]


def test_a_language_rbmon_does_not_write_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown language 'fr'"):
        get_lang("fr")
    assert Settings().language == LANGUAGES[0] == "id"
    assert set(Settings.model_fields["language"].annotation.__args__) == set(LANGUAGES)  # type: ignore[union-attr]
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "digest", "--db", str(tmp_path / "x.duckdb"), "--lang", "fr"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_digest_in_indonesian_and_in_english(demo_run: DemoResult, tmp_path: Path) -> None:
    md = demo_run.digest["md"].read_text(encoding="utf-8")  # the demo's: Bahasa Indonesia by default
    assert md.startswith(f"# Reformasi Birokrasi — ringkasan mingguan, Minggu ke-{demo_run.week[-2:]} 2025")
    assert "Senin, 30 Juni 2025 – Minggu, 6 Juli 2025" in md and "## Berita utama" in md
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "digest", "--db", str(demo_run.published), "--week",
         demo_run.week, "--lang", "en", "--out-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    english = (tmp_path / f"digest-{demo_run.week}.md").read_text(encoding="utf-8")
    assert english.startswith("# Reformasi Birokrasi — weekly digest, Week 27, 2025")
    assert "Monday, 30 June 2025 – Sunday, 6 July 2025" in english and "## Top stories" in english
    assert "Electronic government (SPBE)" in english  # theme labels from themes.yaml, in English
    html = (tmp_path / f"digest-{demo_run.week}.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Top stories" in html
    assert "Berita utama" not in html and "Provinsi yang" not in html and "minggu" not in html
