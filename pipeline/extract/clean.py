"""Indonesian boilerplate cleaning of extracted article text, line by line.

Article extractors keep what sits inside the article container, and Indonesian outlets put a lot
there that is not the story: "Baca juga: <other headline>" links (whose names and places would be
counted as this story's), follow prompts, ad markers, comment forms, editor initials. Bylines and a
"Sumber: X" attribution are facts about the article, so they leave the body but are kept as fields.

Every rule lives in ``data/boilerplate.yaml`` so it can be reviewed and extended without touching
code; this module only knows how to apply the kinds of rule that file holds. It is pure: text in,
``CleanText`` out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["BoilerplateRules", "CleanText", "clean_text", "load_boilerplate_rules"]

logger = logging.getLogger(__name__)

_BULLET = re.compile(r"^(?:[-–—•·▪►*]\s+)")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CAPS_NAME = re.compile(r"[A-Z][A-Z.'’-]*")
# Two to four capitalised words, as a person's name is written ("Sri Wahyuni", "M. Rizal Fauzi").
_PERSON_NAME = re.compile(r"[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){1,3}")
# "Artikel ini telah tayang di detikBali ..." -> "detikBali"
_SYNDICATED_FROM = re.compile(r"\b(?:di|pada|dari)\s+(?:laman\s+|situs\s+|portal\s+)?([\w][\w.-]*\w)", re.I)
# Editor initials or an end marker glued to the last sentence: "... katanya. (ren)", "... (*)".
_TRAILING_MARK = re.compile(
    r"(?<=[.!?\"”’])\s*\(\s*(?:\*|red|[a-z]{2,6}(?:\s*/\s*[a-z0-9]{2,6}){0,4})\s*\)\s*$", re.I
)


@dataclass(frozen=True)
class CleanText:
    """Cleaned body text and the facts pulled out of its boilerplate lines.

    ``removed`` holds every dropped line in order, so a reviewer can audit what the rules took out.
    """

    text: str
    removed: tuple[str, ...]
    author: str | None
    editor: str | None
    attribution: str | None


@dataclass(frozen=True)
class BoilerplateRules:
    """The compiled contents of ``data/boilerplate.yaml``."""

    drop_line: tuple[re.Pattern[str], ...]
    related_heading: tuple[re.Pattern[str], ...]
    related_block_max_lines: int
    headline_max_words: int
    byline: re.Pattern[str]
    byline_split: re.Pattern[str]
    byline_fields: dict[str, str]
    byline_max_words: int
    author_line: re.Pattern[str]
    trailing_caps_byline_max_words: int
    glued: re.Pattern[str]
    dateline_only: re.Pattern[str]
    dateline_max_words: int
    dateline_start: re.Pattern[str]
    syndication: re.Pattern[str]

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> BoilerplateRules:
        """Compile rules from the parsed YAML; a bad pattern fails here, loudly, not mid-run."""

        def rx(pattern: str) -> re.Pattern[str]:
            return re.compile(pattern, re.I)

        fields: dict[str, str] = {}
        for field, labels in data["byline"].items():
            for label in labels:
                fields[label.lower()] = field
        labels_rx = "|".join(sorted((re.escape(k) for k in fields), key=len, reverse=True))
        glued_rx = "|".join(re.escape(k) for k in data["glued_labels"])
        drop = tuple(rx(entry["pattern"]) for entry in data["drop_line"])
        keep = [rx(e["pattern"]) for e in data["drop_line"] if e.get("keep_as") == "attribution"]
        syndication = rx("|".join(f"(?:{p.pattern})" for p in keep)) if keep else re.compile(r"(?!x)x")
        return cls(
            drop_line=drop,
            related_heading=tuple(rx(p) for p in data["related_heading"]),
            related_block_max_lines=int(data["related_block_max_lines"]),
            headline_max_words=int(data["headline_max_words"]),
            byline=re.compile(rf"(?P<label>{labels_rx})\s*[:：]\s*(?P<value>.+)", re.I),
            byline_split=re.compile(
                rf"\s+[|•/]\s+|\s{{2,}}|(?<![&\s])(?<!\bdan)\s+(?=(?:{labels_rx})\s*[:：])", re.I
            ),
            byline_fields=fields,
            byline_max_words=int(data["byline_max_words"]),
            author_line=rx(data["author_line"]),
            trailing_caps_byline_max_words=int(data["trailing_caps_byline_max_words"]),
            glued=re.compile(rf"(?<=[.!?\"”’)])\s*(?=(?:{glued_rx})\s*[:：©])", re.I),
            dateline_only=re.compile(data["dateline_only"]),
            dateline_max_words=int(data["dateline_max_words"]),
            dateline_start=re.compile(data["dateline_start"]),
            syndication=syndication,
        )


@lru_cache(maxsize=1)
def load_boilerplate_rules() -> BoilerplateRules:
    """Load and compile ``boilerplate.yaml`` from the ``rbmon_data`` package, once per process."""
    source = files("rbmon_data").joinpath("boilerplate.yaml").read_text(encoding="utf-8")
    return BoilerplateRules.from_mapping(yaml.safe_load(source))


def _words(line: str) -> int:
    return len(line.split())


def _is_headline(line: str, rules: BoilerplateRules) -> bool:
    """A related-link item: short, and not ending like a sentence of prose (headlines may end in ? or !)."""
    return 0 < _words(line) <= rules.headline_max_words and not line.rstrip().endswith((".", ",", ":"))


def _byline(line: str, rules: BoilerplateRules) -> list[tuple[str, str]] | None:
    """Fields of a byline line ("Penulis: A | Editor: B"), or None when the line is not one."""
    parts = [p.strip() for p in rules.byline_split.split(line) if p.strip()]
    found: list[tuple[str, str]] = []
    for part in parts:
        m = rules.byline.fullmatch(part)
        if not m:
            return None
        value = m.group("value").strip(" .-–—")
        if not value or _words(value) > rules.byline_max_words or _SENTENCE_END.search(value.rstrip(".")):
            return None
        found.append((rules.byline_fields[m.group("label").lower()], value))
    return found or None


def _split_lines(text: str, rules: BoilerplateRules) -> list[str]:
    lines: list[str] = []
    for raw in text.splitlines():
        raw = rules.glued.sub("\n", raw)
        for line in raw.split("\n"):
            line = _SPACES.sub(" ", line).strip()
            if line:
                lines.append(line)
    return lines


def clean_text(text: str, *, rules: BoilerplateRules | None = None) -> CleanText:
    """Drop boilerplate lines from extracted article text and pull bylines into fields.

    Args:
        text: extracted article text, one paragraph per line.
        rules: compiled rules; the packaged ``boilerplate.yaml`` by default.

    Returns:
        The cleaned text (paragraphs joined by newlines), the removed lines, and the author, editor
        and attribution found in byline lines (first one of each wins).

    >>> c = clean_text("Jakarta - Rapat digelar.\\nBaca juga: Lain cerita\\nEditor: Rina Wulandari")
    >>> c.text, c.editor
    ('Jakarta - Rapat digelar.', 'Rina Wulandari')
    """
    rules = rules or load_boilerplate_rules()
    lines = _split_lines(text, rules)
    fields: dict[str, str] = {}
    kept: list[str] = []
    removed: list[str] = []
    in_related = 0  # headline-like lines still allowed to belong to an open related-links block
    pending_dateline: str | None = None

    for i, full in enumerate(lines):
        nxt = _BULLET.sub("", lines[i + 1]) if i + 1 < len(lines) else ""
        line = _BULLET.sub("", full)  # rules judge the item, not its list bullet
        if not _LETTER.search(line) and not re.search(r"\d{3}", line):
            removed.append(full)  # page numbers, lone bullets, separators: no word, no prose
            continue
        if in_related and _is_headline(line, rules) and not rules.byline.fullmatch(line):
            in_related -= 1
            removed.append(full)
            continue
        in_related = 0
        if any(p.fullmatch(line) for p in rules.related_heading):
            in_related = rules.related_block_max_lines
            removed.append(full)
            continue
        if m := rules.author_line.fullmatch(line):
            fields.setdefault("author", m.group("value").strip())
            removed.append(full)
            continue
        byline = _byline(line, rules)
        if byline is not None:
            for field, value in byline:
                if field != "drop":
                    fields.setdefault(field, value)
            removed.append(full)
            continue
        if any(p.fullmatch(line) for p in rules.drop_line):
            if rules.syndication.fullmatch(line) and (m := _SYNDICATED_FROM.search(line)):
                fields.setdefault("attribution", m.group(1))
            removed.append(full)
            continue
        if (
            rules.dateline_only.fullmatch(line)
            and _words(line) <= rules.dateline_max_words
            and nxt
            and not rules.dateline_only.fullmatch(nxt)
        ):
            name = line.rstrip(" -–—")
            if not kept and rules.dateline_start.fullmatch(nxt) and _PERSON_NAME.fullmatch(name):
                # "Name -" over a line that already opens with a dateline: a theme's author byline
                fields.setdefault("author", name)
                removed.append(line)
            elif any(ch.isdigit() for ch in line):
                removed.append(line)  # dated wire header; the date is the publication date
            else:
                pending_dateline = line
            continue
        if pending_dateline:
            full = f"{pending_dateline} {full}"
            pending_dateline = None
        kept.append(full)

    _strip_tail(kept, removed, fields, rules)
    return CleanText(
        text="\n".join(kept),
        removed=tuple(removed),
        author=fields.get("author"),
        editor=fields.get("editor"),
        attribution=fields.get("attribution"),
    )


def _strip_tail(kept: list[str], removed: list[str], fields: dict[str, str], rules: BoilerplateRules) -> None:
    """End-of-story leftovers: a reporter's name alone in capitals, initials glued to the last sentence."""
    if len(kept) > 1:
        last = kept[-1]
        tokens = last.split()
        if (
            1 < len(tokens) <= rules.trailing_caps_byline_max_words
            and all(_CAPS_NAME.fullmatch(t) for t in tokens)
            and any(len(t) > 2 for t in tokens)
        ):
            fields.setdefault("author", last.title())
            removed.append(kept.pop())
    if kept:
        m = _TRAILING_MARK.search(kept[-1])
        if m:
            removed.append(m.group(0).strip())
            kept[-1] = kept[-1][: m.start()].rstrip()
