"""The RB scorecard's metrics and cue words, compiled from ``data/metrics.yaml``.

The metric keys are a contract (``rbmon annotate`` emits them and the evaluation scores them), so
they are checked here against :data:`METRIC_KEYS`; everything else (how the press names a metric,
its scale, the words that make a value a target) is data, so that an analyst can extend it
without touching code. :mod:`nlp.facts` reads the compiled :class:`MetricRules` only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from nlp.phrases import PhraseSet, compile_phrases

__all__ = [
    "METRIC_KEYS",
    "Metric",
    "MetricRules",
    "compile_metric_rules",
    "load_metric_rules",
    "metric_labels",
]

#: The fixed metric keys of the scorecard issue, in its order.
METRIC_KEYS: tuple[str, ...] = (
    "sakip_predicate",
    "rb_index",
    "spbe_index",
    "integrity_zone",
    "ombudsman_compliance",
    "mcp_score",
    "public_satisfaction",
    "merit_index",
    "public_service_eval",
)
_KINDS = ("number", "grade", "category", "zone", "award")
_SUBJECTS = ("pemda", "unit", "agency")

Cue = tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    """One metric: what its value is, its range, its predicates and who can hold it."""

    key: str
    label_id: str
    label_en: str
    scale: str
    value_order: tuple[str, ...]
    number_min: float | None
    number_max: float | None
    grades: frozenset[str]
    categories: frozenset[str]
    subjects: frozenset[str]
    mention_is_value: bool
    not_followed_by: frozenset[str]

    def accepts(self, kind: str, number: float | None = None) -> bool:
        """Whether a value of this kind (and size) can be this metric's.

        >>> load_metric_rules().metrics["spbe_index"].accepts("number", 3.12)
        True
        >>> load_metric_rules().metrics["spbe_index"].accepts("number", 78.5)
        False
        """
        if kind not in self.value_order:
            return False
        if kind == "number":
            return (
                number is not None
                and self.number_min is not None
                and self.number_max is not None
                and self.number_min <= number <= self.number_max
            )
        return True


@dataclass(frozen=True)
class MetricRules:
    """Metrics, the phrase matcher that finds their names, and every cue list (lower-case word tuples)."""

    metrics: dict[str, Metric]
    #: every metric's category words, one alternation (longest first)
    category_pattern: re.Pattern[str] | None
    #: group "metric" (label = metric key), "other" (instruments that are no metric here: they
    #: take the values next to them) and "name" (names holding a metric's word: "Kemenpan RB")
    mentions: PhraseSet
    #: the first forms and tokens any mention can start with: a passage holding none is skipped unread
    mention_starts: frozenset[str]
    value_cues: frozenset[str]
    category_cues: frozenset[str]
    value_cue_reach: int
    metric_value_reach: int
    metric_reach: int
    metric_before: int
    count_nouns: frozenset[str]
    score_units: frozenset[str]
    target_cues: tuple[Cue, ...]
    target_after: tuple[Cue, ...]
    self_cues: tuple[Cue, ...]
    change_cues: tuple[Cue, ...]
    previous_before: tuple[Cue, ...]
    previous_after: tuple[Cue, ...]
    previous_openers: tuple[Cue, ...]
    threshold_cues: tuple[Cue, ...]
    target_floor_cues: tuple[Cue, ...]
    scale_cues: tuple[Cue, ...]
    proposal_cues: tuple[Cue, ...]
    negation_cues: tuple[Cue, ...]
    negation_reach: int
    award_verbs: frozenset[str]
    clause_breaks: tuple[Cue, ...]
    group_subjects: tuple[Cue, ...]
    quantifiers: frozenset[str]
    group_nouns: frozenset[str]
    group_after: frozenset[str]
    component_cues: frozenset[str]
    holder_introducers: tuple[Cue, ...]
    place_not_subject_after: frozenset[str]
    anaphors: dict[Cue, str]
    anaphor_firsts: frozenset[str]
    kind_words: dict[Cue, str]
    #: unit head (as written, word tuple) -> "local" | "vertical"
    unit_heads: dict[Cue, str]
    #: first words of the unit heads: most words start none
    unit_head_firsts: frozenset[str]
    #: heads that are ordinary words: a unit only with a name after them ("Dinas Kesehatan")
    unit_heads_need_name: frozenset[Cue]
    unit_not_after: frozenset[str]
    national_words: frozenset[str]


def _cues(raw: dict[str, Any], key: str) -> tuple[Cue, ...]:
    return tuple(tuple(str(c).lower().split()) for c in raw.get(key, []) or [])


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in raw.get(key, []) or [])


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    items = sorted({" ".join(str(w).lower().split()) for w in words}, key=len, reverse=True)
    if not items:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + r")\b", re.I)


def _metric(key: str, spec: dict[str, Any]) -> Metric:
    order = tuple(spec.get("value") or ())
    if not order or any(k not in _KINDS for k in order):
        raise ValueError(f"metrics.yaml: {key}: value must list some of {', '.join(_KINDS)}")
    subjects = frozenset(spec.get("subjects") or ())
    if not subjects or not subjects <= set(_SUBJECTS):
        raise ValueError(f"metrics.yaml: {key}: subjects must list some of {', '.join(_SUBJECTS)}")
    number = spec.get("number") or {}
    return Metric(
        key=key,
        label_id=str(spec["labels"]["id"]),
        label_en=str(spec["labels"]["en"]),
        scale=str(spec["scale"]),
        value_order=order,
        number_min=float(number["min"]) if "min" in number else None,
        number_max=float(number["max"]) if "max" in number else None,
        grades=frozenset(str(g) for g in spec.get("grades") or ()),
        categories=frozenset(" ".join(str(c).lower().split()) for c in spec.get("categories") or ()),
        subjects=subjects,
        mention_is_value=bool(spec.get("mention_is_value", False)),
        not_followed_by=frozenset(str(w).lower() for w in spec.get("not_followed_by") or ()),
    )


def compile_metric_rules(raw: dict[str, Any]) -> MetricRules:
    """Build the rules from the YAML mapping (public so tests can vary a cue list).

    Raises:
        ValueError: the metric keys differ from :data:`METRIC_KEYS`, or a metric's ``value`` or
            ``subjects`` names an unknown kind.
    """
    specs = raw["metrics"]
    if tuple(specs) != METRIC_KEYS:
        raise ValueError(f"metrics.yaml: the metric keys must be exactly {', '.join(METRIC_KEYS)}")
    metrics = {key: _metric(key, spec) for key, spec in specs.items()}
    phrases = [("metric", key, str(p)) for key, spec in specs.items() for p in spec.get("phrases") or ()]
    acronyms = [("metric", key, str(a)) for key, spec in specs.items() for a in spec.get("acronyms") or ()]
    other = raw.get("other_instruments") or {}
    phrases += [("other", "other", str(p)) for p in other.get("phrases") or ()]
    phrases += [("name", "name", str(p)) for p in raw.get("names") or ()]
    acronyms += [("other", "other", str(a)) for a in other.get("acronyms") or ()]
    mentions = compile_phrases(phrases, acronyms)
    heads: dict[Cue, str] = {}
    for kind, words in (raw.get("unit_heads") or {}).items():
        for w in words:
            heads[tuple(str(w).split())] = str(kind)
    return MetricRules(
        metrics=metrics,
        category_pattern=_alternation(c for m in metrics.values() for c in m.categories),
        mentions=mentions,
        mention_starts=mentions.keys,
        value_cues=_words(raw, "value_cues"),
        category_cues=_words(raw, "category_cues"),
        value_cue_reach=int(raw.get("value_cue_reach", 3)),
        metric_value_reach=int(raw.get("metric_value_reach", 2)),
        metric_reach=int(raw.get("metric_reach", 18)),
        metric_before=int(raw.get("metric_before", 6)),
        count_nouns=_words(raw, "count_nouns"),
        score_units=_words(raw, "score_units"),
        target_cues=_cues(raw, "target_cues"),
        target_after=_cues(raw, "target_after"),
        self_cues=_cues(raw, "self_cues"),
        change_cues=_cues(raw, "change_cues"),
        previous_before=_cues(raw, "previous_before"),
        previous_after=_cues(raw, "previous_after"),
        previous_openers=_cues(raw, "previous_openers"),
        threshold_cues=_cues(raw, "threshold_cues"),
        target_floor_cues=_cues(raw, "target_floor_cues"),
        scale_cues=_cues(raw, "scale_cues"),
        proposal_cues=_cues(raw, "proposal_cues"),
        negation_cues=_cues(raw, "negation_cues"),
        negation_reach=int(raw.get("negation_reach", 4)),
        award_verbs=_words(raw, "award_verbs"),
        clause_breaks=_cues(raw, "clause_breaks"),
        group_subjects=_cues(raw, "group_subjects"),
        quantifiers=_words(raw, "quantifiers"),
        group_nouns=_words(raw, "group_nouns"),
        group_after=_words(raw, "group_after"),
        component_cues=_words(raw, "component_cues"),
        holder_introducers=_cues(raw, "holder_introducers"),
        place_not_subject_after=_words(raw, "place_not_subject_after"),
        anaphors={tuple(str(w).lower().split()): kind for kind, ws in raw["anaphors"].items() for w in ws},
        anaphor_firsts=frozenset(str(w).lower().split()[0] for ws in raw["anaphors"].values() for w in ws),
        kind_words={
            tuple(str(w).lower().split()): kind for kind, ws in raw["kind_words"].items() for w in ws
        },
        unit_heads=heads,
        unit_head_firsts=frozenset(h[0] for h in heads),
        unit_heads_need_name=frozenset(tuple(str(w).split()) for w in raw.get("unit_heads_need_name") or ()),
        unit_not_after=_words(raw, "unit_not_after"),
        national_words=_words(raw, "national_words"),
    )


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    text = resources.files("rbmon_data").joinpath("metrics.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


@lru_cache(maxsize=1)
def load_metric_rules() -> MetricRules:
    """Read ``metrics.yaml`` (shipped as ``rbmon_data``) once per process."""
    return compile_metric_rules(_raw())


def metric_labels(language: str = "id") -> dict[str, str]:
    """Each metric's label for people, ``id`` (Indonesian) or ``en`` (English), in key order.

    >>> metric_labels("en")["mcp_score"]
    'KPK MCP score (corruption prevention)'
    """
    rules = load_metric_rules()
    return {k: (m.label_id if language == "id" else m.label_en) for k, m in rules.metrics.items()}
