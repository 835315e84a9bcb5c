"""Is an article about RB activity? A weighted-evidence score an analyst can read back.

A CPNS recruitment story that names KemenPAN-RB, a THR payment, a routine inauguration or a
corruption trial all share words with RB coverage. So the score adds core RB terms, RB actors and
the detected themes, subtracts the signals of those confusions, and the threshold (chosen on the
fixture articles' labels, in ``data/relevance.yaml``) decides. The strongest evidence, positive
and negative, is returned with the score so the decision can be checked.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from nlp.text import furniture_prefixes, normalise, stem
from nlp.themes import content_lines

if TYPE_CHECKING:
    from nlp.officials import Official
    from nlp.themes import ThemeHit

__all__ = ["Relevance", "RelevanceModel", "compile_model", "load_relevance_model", "score_relevance"]


@dataclass(frozen=True)
class Relevance:
    """``score`` in 0..1 (0.5 is the decision line), the decision, and the top evidence strings."""

    score: float
    relevant: bool
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class _Signal:
    name: str
    weight: float  # negative for confusion signals
    cap: int
    phrases: tuple[tuple[tuple[str, bool], ...], ...]
    phrase_text: tuple[str, ...]
    acronyms: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RelevanceModel:
    """Signals, theme weighting and the decision threshold, compiled from ``relevance.yaml``."""

    signals: tuple[_Signal, ...]
    threshold: float
    scale: float
    title_factor: float
    themes_weight: float
    theme_score_cap: float
    themes_cap: float
    evidence: int
    ignore_line_prefixes: tuple[str, ...]
    # first form -> (signal index, phrase words, phrase text); first token -> (signal index, acronym)
    phrase_index: dict[str, tuple[tuple[int, tuple[tuple[str, bool], ...], str], ...]]
    acronym_index: dict[str, tuple[tuple[int, tuple[str, ...]], ...]]


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_ATOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*!?")


def _phrase(p: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for raw in p.split():
        if raw.startswith("="):
            out.append((raw[1:].lower(), True))
        else:
            out.extend((stem(w), False) for w in _WORD.findall(raw))
    return tuple(out)


def _signal(name: str, spec: dict[str, Any], sign: float) -> _Signal:
    phrases = [str(p) for p in spec.get("phrases", []) or []]
    return _Signal(
        name=name,
        weight=sign * float(spec.get("weight", 1.0)),
        cap=int(spec.get("cap", 3)),
        phrases=tuple(_phrase(p) for p in phrases),
        phrase_text=tuple(phrases),
        acronyms=tuple(tuple(_ATOKEN.findall(str(a))) for a in spec.get("acronyms", []) or []),
    )


def compile_model(raw: dict[str, Any]) -> RelevanceModel:
    """Build the model from the YAML mapping (public so tests can vary the threshold)."""
    sig = raw["signals"]
    signals = [_signal("core", sig["core"], 1.0), _signal("actors", sig["actors"], 1.0)]
    signals += [_signal(f"negative:{k}", v, -1.0) for k, v in (sig.get("negative") or {}).items()]
    phrase_index: dict[str, list[tuple[int, tuple[tuple[str, bool], ...], str]]] = defaultdict(list)
    acronym_index: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for si, sg in enumerate(signals):
        for words, text in zip(sg.phrases, sg.phrase_text, strict=True):
            if words:
                phrase_index[words[0][0]].append((si, words, text))
        for acro in sg.acronyms:
            if acro:
                acronym_index[acro[0]].append((si, acro))
    return RelevanceModel(
        phrase_index={k: tuple(v) for k, v in phrase_index.items()},
        acronym_index={k: tuple(v) for k, v in acronym_index.items()},
        signals=tuple(signals),
        threshold=float(raw["threshold"]),
        scale=float(raw.get("scale", 3.0)),
        title_factor=float(raw.get("title_factor", 2.0)),
        themes_weight=float(raw.get("themes_weight", 0.5)),
        theme_score_cap=float(raw.get("theme_score_cap", 12.0)),
        themes_cap=float(raw.get("themes_cap", 12.0)),
        evidence=int(raw.get("evidence", 5)),
        ignore_line_prefixes=furniture_prefixes(),
    )


@lru_cache(maxsize=1)
def load_relevance_model() -> RelevanceModel:
    """Read ``relevance.yaml`` (shipped as ``rbmon_data``) once."""
    text = resources.files("rbmon_data").joinpath("relevance.yaml").read_text(encoding="utf-8")
    return compile_model(yaml.safe_load(text))


def _hits(model: RelevanceModel, forms: list[tuple[str, str]], toks: list[str]) -> list[dict[str, int]]:
    """Hits per signal, per phrase/acronym text: one pass over the words with an index on first forms."""
    found: list[dict[str, int]] = [defaultdict(int) for _ in model.signals]
    n = len(forms)
    for i in range(n):
        s, low = forms[i]
        cands = model.phrase_index.get(s, ())
        if low != s:
            cands += model.phrase_index.get(low, ())
        for si, words, text in cands:
            if i + len(words) <= n and all(
                (forms[i + k][1] if ex else forms[i + k][0]) == w for k, (w, ex) in enumerate(words)
            ):
                found[si][text] += 1
    m = len(toks)
    for i in range(m):
        for si, acro in model.acronym_index.get(toks[i], ()):
            if i + len(acro) <= m and tuple(toks[i : i + len(acro)]) == acro:
                found[si][" ".join(acro)] += 1
    return found


def score_relevance(
    text: str,
    *,
    title: str = "",
    themes: list[ThemeHit],
    officials: list[Official],
    model: RelevanceModel,
) -> Relevance:
    """Weigh the RB evidence of one article against the usual confusions.

    Args:
        text: the article body after boilerplate removal.
        title: the headline; its hits count ``title_factor`` times.
        themes: the article's themes from :func:`nlp.themes.detect_themes`.
        officials: the article's officials (not scored today: a named official is as common in
            a trial report as in RB news; kept in the signature so the model can use them).
        model: from :func:`load_relevance_model`.

    Returns:
        The :class:`Relevance` with up to ``model.evidence`` strings such as
        ``"+6.0 core: reformasi birokrasi x3"``.

    >>> from nlp.themes import detect_themes, load_taxonomy
    >>> body = "Pemkab menyusun rencana aksi reformasi birokrasi. Evaluasi reformasi birokrasi naik."
    >>> score_relevance(body, themes=detect_themes(body, taxonomy=load_taxonomy()), officials=[],
    ...                 model=load_relevance_model()).relevant
    True
    """
    del officials
    body = content_lines(normalise(text), model.ignore_line_prefixes)
    parts = [(body, 1.0)]
    if title.strip():
        parts.append((normalise(title), model.title_factor))
    contributions: list[tuple[float, str]] = []
    raw = 0.0
    per_signal: list[dict[str, float]] = [defaultdict(float) for _ in model.signals]
    for part, factor in parts:
        forms = [(stem(w), w.lower()) for w in _WORD.findall(part)]
        for si, counts in enumerate(_hits(model, forms, _ATOKEN.findall(part))):
            for key, c in counts.items():
                per_signal[si][key] += c * factor
    for sig, hits in zip(model.signals, per_signal, strict=True):
        total = min(sum(hits.values()), float(sig.cap))
        if total:
            value = sig.weight * total
            raw += value
            top = sorted(hits.items(), key=lambda kv: -kv[1])[:3]
            contributions.append(
                (value, f"{value:+.1f} {sig.name}: " + ", ".join(f"{k} x{v:g}" for k, v in top))
            )
    if themes:
        strength = sum(min(t.score, model.theme_score_cap) for t in themes)
        value = min(model.themes_weight * strength, model.themes_cap)
        raw += value
        contributions.append((value, f"{value:+.1f} themes: " + ", ".join(t.key for t in themes)))
    score = 1.0 / (1.0 + math.exp(-(raw - model.threshold) / model.scale))
    evidence = tuple(s for _, s in sorted(contributions, key=lambda c: -abs(c[0]))[: model.evidence])
    return Relevance(round(score, 4), raw >= model.threshold, evidence)
