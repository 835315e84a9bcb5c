"""RB themes an article substantively discusses, from the taxonomy in ``data/themes.yaml``.

Phrases are matched on Sastrawi stems so inflected forms count ("menerapkan sistem merit",
"penerapan sistem merit"); acronyms are matched exactly, because "ZI" or "SPBE" in lower case
would be other words. One passing word does not make a theme: each hit carries a weight
(strong phrase, weak word, acronym) times the weight of where it stands (:mod:`nlp.passages`: the
title and lead more, a list item, a heading or a speech's aside less), a phrase counts at most a
few times, and a theme is kept only when its score reaches the taxonomy's bar. Each kept theme carries the
sentences that earned it, so an analyst can check the label.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from nlp.passages import Passage, PassageRules, load_passage_rules, split_passages
from nlp.phrases import PhraseSet, compile_phrases

__all__ = [
    "THEME_KEYS",
    "ThemeHit",
    "ThemeTaxonomy",
    "compile_taxonomy",
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
class ThemeTaxonomy:
    """The taxonomy compiled for matching: one phrase set (group = theme key) and the scoring knobs.

    ``weights`` maps ``(theme, phrase)`` to its points per hit and whether it is weak.
    """

    keys: tuple[str, ...]
    descriptions: dict[str, str]
    phrases: PhraseSet
    weights: dict[tuple[str, str], tuple[float, bool]]
    bar: float
    relative_bar: float
    weak_cap: float
    max_hits_per_phrase: int
    evidence_sentences: int
    positions: dict[str, float]
    contexts: dict[str, float]
    passages: PassageRules


def compile_taxonomy(raw: dict[str, Any], *, passages: PassageRules | None = None) -> ThemeTaxonomy:
    """Build the matcher from the YAML mapping (public so tests can compile a small taxonomy).

    A theme's ``instruments`` (the RB instruments themselves, also the anchors of relevance) count
    as strong phrases here.
    """
    themes: dict[str, Any] = raw["themes"]
    scoring = raw.get("scoring", {})
    phrases: list[tuple[str, str, str]] = []
    acronyms: list[tuple[str, str, str]] = []
    weights: dict[tuple[str, str], tuple[float, bool]] = {}
    for key, spec in themes.items():
        w = spec.get("weights", {})
        inst = spec.get("instruments") or {}
        groups = spec.get("phrases", {}) or {}
        for kind, items in (
            ("strong", inst.get("phrases")),
            ("strong", groups.get("strong")),
            ("weak", groups.get("weak")),
        ):
            for phrase in items or []:
                phrases.append((key, key, str(phrase)))
                weights[(key, str(phrase))] = (float(w.get(kind, 1.0)), kind == "weak")
        for entry in [*(inst.get("acronyms") or []), *(spec.get("acronyms") or [])]:
            # "SPBE" takes the theme's acronym weight; {KKN: 1.0} its own (an acronym with other meanings)
            items = entry.items() if isinstance(entry, dict) else [(entry, w.get("acronym", 2.0))]
            for acro, weight in items:
                acronyms.append((key, key, str(acro)))
                weights[(key, str(acro))] = (float(weight), False)
    return ThemeTaxonomy(
        keys=tuple(themes),
        descriptions={k: str(v.get("description", "")).strip() for k, v in themes.items()},
        phrases=compile_phrases(phrases, acronyms),
        weights=weights,
        bar=float(scoring.get("bar", 3.0)),
        relative_bar=float(scoring.get("relative_bar", 0.0)),
        weak_cap=float(scoring.get("weak_cap", 2.0)),
        max_hits_per_phrase=int(scoring.get("max_hits_per_phrase", 3)),
        evidence_sentences=int(scoring.get("evidence_sentences", 3)),
        positions={k: float(v) for k, v in (scoring.get("positions") or {}).items()},
        contexts={k: float(v) for k, v in (scoring.get("contexts") or {}).items()},
        passages=passages or load_passage_rules(),
    )


@lru_cache(maxsize=1)
def load_taxonomy() -> ThemeTaxonomy:
    """Read ``themes.yaml`` (shipped as ``rbmon_data``) once."""
    return compile_taxonomy(_taxonomy_file())


def score_themes(
    text: str, *, title: str = "", taxonomy: ThemeTaxonomy, passages: list[Passage] | None = None
) -> dict[str, tuple[float, list[str]]]:
    """Every theme's score and its sentences ranked by weight, before the bar (for tuning and tests).

    A hit counts its phrase's points times its passage's position weight (title, lead, body,
    closing) and the smallest factor of its passing contexts (a list item, a heading, a speech's
    aside), so a theme named once among a regent's achievements does not reach the bar.
    """
    if passages is None:
        passages = split_passages(text, title=title, rules=taxonomy.passages)
    per_phrase: dict[tuple[str, str], int] = defaultdict(int)
    scores: dict[str, float] = defaultdict(float)
    weak: dict[str, float] = defaultdict(float)
    sent_weight: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    ctx = taxonomy.contexts
    for p in passages:
        pos = taxonomy.positions.get(p.role, 1.0)
        base = min((ctx.get(c, 1.0) for c in p.contexts), default=1.0)
        for h in taxonomy.phrases.find(p.tokens, p.forms):
            key = (h.group, h.text)
            if per_phrase[key] >= taxonomy.max_hits_per_phrase:
                continue
            per_phrase[key] += 1
            factor = min(base, ctx.get("list", 1.0)) if p.listed_at(h.start) else base
            points, is_weak = taxonomy.weights[key]
            gain = points * pos * factor
            if is_weak:  # weak words only support a theme: together they add at most weak_cap
                gain = min(gain, max(taxonomy.weak_cap - weak[h.group], 0.0))
                weak[h.group] += gain
            scores[h.group] += gain
            if p.role != "title":
                sent_weight[h.group][p.text] += points * factor
    out: dict[str, tuple[float, list[str]]] = {}
    for theme, score in scores.items():
        ranked = sorted(sent_weight[theme].items(), key=lambda kv: kv[1], reverse=True)
        out[theme] = (score, [s for s, _ in ranked])
    return out


def detect_themes(
    text: str, *, title: str = "", taxonomy: ThemeTaxonomy, passages: list[Passage] | None = None
) -> list[ThemeHit]:
    """Themes whose score reaches the taxonomy's bar, strongest first.

    Args:
        text: the article body after boilerplate removal.
        title: the headline; its hits count ``title_factor`` times.
        taxonomy: from :func:`load_taxonomy`.
        passages: the article already split by :func:`nlp.passages.split_passages` (with the
            same rules), to avoid splitting and stemming it twice.

    Returns:
        One :class:`ThemeHit` per substantively discussed theme, with its best sentences.

    >>> tax = load_taxonomy()
    >>> [t.key for t in detect_themes("Pemkab menerapkan sistem merit dalam seleksi terbuka JPT.", taxonomy=tax)]
    ['merit_system']
    """
    scored = score_themes(text, title=title, taxonomy=taxonomy, passages=passages)
    top = max((score for score, _ in scored.values()), default=0.0)
    bar = max(taxonomy.bar, taxonomy.relative_bar * top)
    hits = [
        ThemeHit(key, round(score, 3), tuple(sents[: taxonomy.evidence_sentences]))
        for key, (score, sents) in scored.items()
        if score >= bar
    ]
    return sorted(hits, key=lambda h: (-h.score, h.key))
