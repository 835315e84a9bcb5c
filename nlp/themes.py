"""RB themes an article substantively discusses, from the taxonomy in ``data/themes.yaml``.

Phrases are matched on Sastrawi stems so inflected forms count ("menerapkan sistem merit",
"penerapan sistem merit"); acronyms are matched exactly, because "ZI" or "SPBE" in lower case
would be other words. One passing word does not make a theme: each hit carries a weight
(strong phrase, weak word, acronym), a phrase counts at most a few times, title hits weigh more,
and a theme is kept only when its score reaches the taxonomy's bar. Each kept theme carries the
sentences that earned it, so an analyst can check the label.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from nlp.text import furniture_prefixes, normalise, sentences, stem

__all__ = [
    "THEME_KEYS",
    "ThemeHit",
    "ThemeTaxonomy",
    "compile_taxonomy",
    "content_lines",
    "detect_themes",
    "load_taxonomy",
    "score_themes",
    "theme_labels",
]

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _taxonomy_file() -> dict[str, Any]:
    return dict(
        yaml.safe_load(resources.files("rbmon_data").joinpath("themes.yaml").read_text(encoding="utf-8"))
    )


#: The theme keys of the annotate contract: the keys under ``themes:`` in ``data/themes.yaml``.
THEME_KEYS: tuple[str, ...] = tuple(_taxonomy_file()["themes"])


def theme_labels(language: str = "id") -> dict[str, str]:
    """Each theme's label for people, in ``id`` (Indonesian) or ``en`` (English), from ``themes.yaml``."""
    return {key: str(spec["labels"][language]) for key, spec in _taxonomy_file()["themes"].items()}


@dataclass(frozen=True)
class ThemeHit:
    """A theme the article discusses: its key, score (weighted hits) and evidence sentences."""

    key: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class _Pattern:
    theme: str
    words: tuple[tuple[str, bool], ...]  # (form, exact): exact forms compare lower-cased words, not stems
    weight: float
    text: str
    weak: bool


@dataclass(frozen=True)
class ThemeTaxonomy:
    """The taxonomy compiled for matching: stem patterns indexed by first stem, acronym sequences."""

    keys: tuple[str, ...]
    descriptions: dict[str, str]
    phrase_index: dict[str, tuple[_Pattern, ...]]  # first form -> patterns, longest first
    acronym_index: dict[str, tuple[_Pattern, ...]]
    bar: float
    relative_bar: float
    weak_cap: float
    title_factor: float
    max_hits_per_phrase: int
    evidence_sentences: int
    ignore_line_prefixes: tuple[str, ...]


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Acronym tokens keep digits, hyphens and a closing "!" (SP4N-LAPOR!, e-SAKIP).
_ATOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*!?")


def _phrase_words(phrase: str) -> tuple[tuple[str, bool], ...]:
    out = []
    for raw in phrase.split():
        if raw.startswith("="):
            out.append((raw[1:].lower(), True))
        else:
            for w in _WORD.findall(raw):
                out.append((stem(w), False))
    return tuple(out)


def compile_taxonomy(raw: dict[str, Any]) -> ThemeTaxonomy:
    """Build the matcher from the YAML mapping (public so tests can compile a small taxonomy)."""
    themes: dict[str, Any] = raw["themes"]
    scoring = raw.get("scoring", {})
    phrase_index: dict[str, list[_Pattern]] = defaultdict(list)
    acronym_index: dict[str, list[_Pattern]] = defaultdict(list)
    for key, spec in themes.items():
        weights = spec.get("weights", {})
        for kind in ("strong", "weak"):
            for phrase in spec.get("phrases", {}).get(kind, []) or []:
                words = _phrase_words(str(phrase))
                if words:
                    pat = _Pattern(key, words, float(weights.get(kind, 1.0)), str(phrase), kind == "weak")
                    phrase_index[words[0][0]].append(pat)
        for entry in spec.get("acronyms", []) or []:
            # "SPBE" takes the theme's acronym weight; {KKN: 1.0} its own (an acronym with other meanings)
            items = entry.items() if isinstance(entry, dict) else [(entry, weights.get("acronym", 2.0))]
            for acro, weight in items:
                toks = tuple((t, True) for t in _ATOKEN.findall(str(acro)))
                if toks:
                    pat = _Pattern(key, toks, float(weight), str(acro), False)
                    acronym_index[toks[0][0]].append(pat)

    def freeze(idx: dict[str, list[_Pattern]]) -> dict[str, tuple[_Pattern, ...]]:
        return {k: tuple(sorted(v, key=lambda p: len(p.words), reverse=True)) for k, v in idx.items()}

    return ThemeTaxonomy(
        keys=tuple(themes),
        descriptions={k: str(v.get("description", "")).strip() for k, v in themes.items()},
        phrase_index=freeze(phrase_index),
        acronym_index=freeze(acronym_index),
        bar=float(scoring.get("bar", 3.0)),
        relative_bar=float(scoring.get("relative_bar", 0.0)),
        weak_cap=float(scoring.get("weak_cap", 2.0)),
        title_factor=float(scoring.get("title_factor", 2.0)),
        max_hits_per_phrase=int(scoring.get("max_hits_per_phrase", 3)),
        evidence_sentences=int(scoring.get("evidence_sentences", 3)),
        ignore_line_prefixes=furniture_prefixes(),
    )


@lru_cache(maxsize=1)
def load_taxonomy() -> ThemeTaxonomy:
    """Read ``themes.yaml`` (shipped as ``rbmon_data``) once."""
    return compile_taxonomy(_taxonomy_file())


def _matches(
    forms: list[tuple[str, str]], toks: list[str], taxonomy: ThemeTaxonomy
) -> list[tuple[_Pattern, int]]:
    """All (pattern, start) hits; per theme the longest pattern at a position wins and shorter ones
    inside it are skipped, so "rencana aksi reformasi birokrasi" is not also "rencana"."""
    hits: list[tuple[_Pattern, int]] = []
    free_from: dict[str, int] = {}
    n = len(forms)
    for i in range(n):
        s, low = forms[i]
        cands = taxonomy.phrase_index.get(s, ())
        if low != s:
            cands = tuple(sorted(cands + taxonomy.phrase_index.get(low, ()), key=lambda p: -len(p.words)))
        for pat in cands:
            if free_from.get(pat.theme, 0) > i or i + len(pat.words) > n:
                continue
            if all(
                (forms[i + k][1] if exact else forms[i + k][0]) == w for k, (w, exact) in enumerate(pat.words)
            ):
                hits.append((pat, i))
                free_from[pat.theme] = i + len(pat.words)
    # An acronym already inside a phrase hit of its theme ("predikat WBK") is not a second hit.
    inside = defaultdict(set)
    for pat, i in hits:
        inside[pat.theme].update(forms[i + k][1] for k in range(len(pat.words)))
    m = len(toks)
    for i in range(m):
        for pat in taxonomy.acronym_index.get(toks[i], ()):
            if i + len(pat.words) <= m and all(toks[i + k] == w for k, (w, _) in enumerate(pat.words)):
                if len(pat.words) == 1 and toks[i].lower() in inside[pat.theme]:
                    inside[pat.theme].discard(toks[i].lower())
                    break
                hits.append((pat, i))
                break
    return hits


def content_lines(text: str, ignore_prefixes: tuple[str, ...]) -> str:
    """The text without lines that are links to other articles or page furniture ("Baca Juga: ...",
    "Tags: ..."): their words belong to other stories, so they must not count for this one."""
    if not ignore_prefixes:
        return text
    kept = [ln for ln in text.split("\n") if not ln.strip().lower().startswith(ignore_prefixes)]
    return "\n".join(kept)


def _forms(text: str) -> list[tuple[str, str]]:
    return [(stem(w), w.lower()) for w in _WORD.findall(text)]


def score_themes(
    text: str, *, title: str = "", taxonomy: ThemeTaxonomy
) -> dict[str, tuple[float, list[str]]]:
    """Every theme's score and its sentences ranked by weight, before the bar (for tuning and tests)."""
    per_phrase: dict[tuple[str, str], int] = defaultdict(int)
    scores: dict[str, float] = defaultdict(float)
    weak: dict[str, float] = defaultdict(float)
    sent_weight: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    units = [(title, taxonomy.title_factor)] if title.strip() else []
    body = content_lines(normalise(text), taxonomy.ignore_line_prefixes)
    units += [(s, 1.0) for s in sentences(body)]
    for sent, factor in units:
        for pat, _ in _matches(_forms(sent), _ATOKEN.findall(sent), taxonomy):
            key = (pat.theme, pat.text)
            if per_phrase[key] >= taxonomy.max_hits_per_phrase:
                continue
            per_phrase[key] += 1
            if pat.weak:  # weak words only support a theme: together they add at most weak_cap
                room = taxonomy.weak_cap - weak[pat.theme]
                gain = min(pat.weight * factor, max(room, 0.0))
                weak[pat.theme] += gain
                scores[pat.theme] += gain
            else:
                scores[pat.theme] += pat.weight * factor
            if factor == 1.0:
                sent_weight[pat.theme][sent] += pat.weight
    out: dict[str, tuple[float, list[str]]] = {}
    for key, score in scores.items():
        ranked = sorted(sent_weight[key].items(), key=lambda kv: kv[1], reverse=True)
        out[key] = (score, [s for s, _ in ranked])
    return out


def detect_themes(text: str, *, title: str = "", taxonomy: ThemeTaxonomy) -> list[ThemeHit]:
    """Themes whose score reaches the taxonomy's bar, strongest first.

    Args:
        text: the article body after boilerplate removal.
        title: the headline; its hits count ``title_factor`` times.
        taxonomy: from :func:`load_taxonomy`.

    Returns:
        One :class:`ThemeHit` per substantively discussed theme, with its best sentences.

    >>> tax = load_taxonomy()
    >>> [t.key for t in detect_themes("Pemkab menerapkan sistem merit dalam seleksi terbuka JPT.", taxonomy=tax)]
    ['merit_system']
    """
    scored = score_themes(text, title=title, taxonomy=taxonomy)
    top = max((score for score, _ in scored.values()), default=0.0)
    bar = max(taxonomy.bar, taxonomy.relative_bar * top)
    hits = [
        ThemeHit(key, round(score, 3), tuple(sents[: taxonomy.evidence_sentences]))
        for key, (score, sents) in scored.items()
        if score >= bar
    ]
    return sorted(hits, key=lambda h: (-h.score, h.key))
