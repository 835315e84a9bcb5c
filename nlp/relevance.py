"""Is an article RB activity (core), governance news near RB (related), or neither (none)?

Most of what regional outlets and pemda portals publish is ordinary government news that shares
RB's vocabulary: an apel whose amanat praises "pelayanan publik", a pelantikan "dalam rangka
reformasi birokrasi", a regent's anniversary speech listing a SAKIP predicate among twenty
achievements. Counting words calls all of them RB. So the decision rests on three things, each
read from ``data/relevance.yaml`` and documented there:

- **anchors**: the RB instruments themselves (``instruments`` of each theme in ``themes.yaml``, and
  "reformasi birokrasi"), never the shared vocabulary;
- **where they stand** (:mod:`nlp.passages`): the title and lead make a topic, a list item, a
  heading, a speech's aside or an appeal barely count (captions and teasers are not read);
- **frames**: the topics of the everyday stream (apel, pelantikan, CPNS, stunting, Musrenbang, ...);
  the strongest one, weighed mostly by title and lead, counts against.

The result carries its evidence as readable strings, so an analyst can see why, and
``rb_score`` is a logistic of the margin (0.5 is the core line).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from nlp.passages import Passage, PassageRules, load_passage_rules, split_passages
from nlp.phrases import PhraseHit, PhraseSet, compile_phrases

__all__ = [
    "LEVELS",
    "Level",
    "Relevance",
    "RelevanceModel",
    "compile_model",
    "judge",
    "load_relevance_model",
    "score_relevance",
]

Level = Literal["core", "related", "none"]
LEVELS: tuple[Level, ...] = ("core", "related", "none")

_GENERIC, _SUPPORT = "generic", "support"
_ANCHOR, _GOV = "anchor", "gov"  # the matcher's groups besides the frames


@dataclass(frozen=True)
class Relevance:
    """The level, ``score`` in 0..1 (0.5 is the core line), the strongest frame and the evidence."""

    level: Level
    score: float
    evidence: tuple[str, ...]
    frame: str | None = None

    @property
    def relevant(self) -> bool:
        """RB activity: what the digest counts (``rb_relevant`` in the annotate contract)."""
        return self.level == "core"


@dataclass(frozen=True)
class RelevanceModel:
    """Anchors, support, frames and governance vocabulary compiled from the YAML, with every weight."""

    #: one matcher for everything, one pass per passage: group "anchor" (label = theme key,
    #: "generic" or "support"), group "gov" (governance vocabulary), or a frame's name
    phrases: PhraseSet
    frame_levels: dict[str, Level]
    frame_not_after: dict[str, frozenset[str]]  # words that make a frame word a description
    #: frame phrases that name the unit doing something (puskesmas, lapas), not what it does
    frame_units: dict[str, frozenset[str]]
    positions: dict[str, float]
    frame_positions: dict[str, float]
    contexts: dict[str, float]
    venue_instruments: frozenset[str]  # instruments that are also buildings: "di MPP" is where, not what
    #: instruments whose name another process shares, and the words that name that process
    shared_names: dict[str, frozenset[str]]
    generic_weight: float
    support_weight: float
    support_cap: float
    per_phrase_cap: int
    frame_cap_per_phrase: int
    frame_rest_cap: float
    governance_cap_per_phrase: int
    frame_penalty: float
    core_threshold: float
    scale: float
    min_anchor_sentences: int
    related_frame: float
    related_vocabulary: float
    related_anchor: float
    evidence: int
    passages: PassageRules


_AT = frozenset({"di", "ke"})


def _at_venue(p: Passage, start: int, venues: frozenset[str]) -> bool:
    """A venue instrument after "di"/"ke", or its short form right after one ("di Mal Pelayanan Publik
    (MPP)")."""
    low = [w for _, w in p.forms]
    if start and low[start - 1] in _AT:
        return True
    for v in venues:
        words = v.split()
        k = start - len(words)
        if len(words) > 1 and k >= 1 and low[k:start] == words and low[k - 1] in _AT:
            return True
    return False


def _instrument_entries(
    themes: dict[str, Any],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    phrases, acronyms = [], []
    for key, spec in themes.items():
        inst = spec.get("instruments") or {}
        phrases += [(_ANCHOR, key, str(p)) for p in inst.get("phrases", []) or []]
        acronyms += [(_ANCHOR, key, str(a)) for a in inst.get("acronyms", []) or []]
    return phrases, acronyms


def compile_model(
    raw: dict[str, Any], *, themes: dict[str, Any], passages: PassageRules | None = None
) -> RelevanceModel:
    """Build the model from ``relevance.yaml`` and the ``themes:`` mapping of ``themes.yaml``."""
    phrases, acronyms = _instrument_entries(themes)
    for label, section in ((_GENERIC, raw["generic"]), (_SUPPORT, raw["support"])):
        phrases += [(_ANCHOR, label, str(p)) for p in section.get("phrases", []) or []]
        acronyms += [(_ANCHOR, label, str(a)) for a in section.get("acronyms", []) or []]
    frames = raw.get("frames") or {}
    if {_ANCHOR, _GOV} & set(frames):
        raise ValueError(f"relevance.yaml: a frame may not be called {_ANCHOR!r} or {_GOV!r}")
    gov = raw["governance"]
    phrases += [(k, k, str(p)) for k, v in frames.items() for p in v.get("phrases", []) or []]
    acronyms += [(k, k, str(a)) for k, v in frames.items() for a in v.get("acronyms", []) or []]
    units = {k: [str(u) for u in v.get("units", []) or []] for k, v in frames.items()}
    for k, words in units.items():  # a unit is a frame phrase (or acronym) too
        phrases += [(k, k, u) for u in words if not u.isupper()]
        acronyms += [(k, k, u) for u in words if u.isupper()]
    phrases += [(_GOV, _GOV, str(p)) for p in gov.get("phrases", []) or []]
    acronyms += [(_GOV, _GOV, str(a)) for a in gov.get("acronyms", []) or []]
    return RelevanceModel(
        phrases=compile_phrases(phrases, acronyms),
        frame_levels={k: v.get("level", "none") for k, v in frames.items()},
        frame_not_after={
            k: frozenset(str(w).lower() for w in v.get("not_after", []) or []) for k, v in frames.items()
        },
        frame_units={k: frozenset(words) for k, words in units.items()},
        positions={k: float(v) for k, v in raw["positions"].items()},
        frame_positions={k: float(v) for k, v in raw["frame_positions"].items()},
        contexts={k: float(v) for k, v in raw["contexts"].items()},
        venue_instruments=frozenset(str(v) for v in raw.get("venue_instruments", []) or []),
        shared_names={
            str(k): frozenset(str(w).lower() for w in v or [])
            for k, v in (raw.get("shared_names") or {}).items()
        },
        generic_weight=float(raw["generic"].get("weight", 1.0)),
        support_weight=float(raw["support"].get("weight", 0.5)),
        support_cap=float(raw["support"].get("cap", 2.0)),
        per_phrase_cap=int(raw.get("per_phrase_cap", 3)),
        frame_cap_per_phrase=int(raw.get("frame_cap_per_phrase", 3)),
        frame_rest_cap=float(raw.get("frame_rest_cap", 2.0)),
        governance_cap_per_phrase=int(gov.get("cap_per_phrase", 3)),
        frame_penalty=float(raw.get("frame_penalty", 1.0)),
        core_threshold=float(raw["core_threshold"]),
        scale=float(raw.get("scale", 2.0)),
        min_anchor_sentences=int(raw.get("min_anchor_sentences", 3)),
        related_frame=float(raw["related_frame"]),
        related_vocabulary=float(raw["related_vocabulary"]),
        related_anchor=float(raw["related_anchor"]),
        evidence=int(raw.get("evidence", 6)),
        passages=passages or load_passage_rules(),
    )


def _data(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        resources.files("rbmon_data").joinpath(name).read_text(encoding="utf-8")
    )
    return loaded


@lru_cache(maxsize=1)
def load_relevance_model() -> RelevanceModel:
    """Read ``relevance.yaml`` and the instruments of ``themes.yaml`` (shipped as ``rbmon_data``) once."""
    return compile_model(_data("relevance.yaml"), themes=_data("themes.yaml")["themes"])


def _capped(values: dict[tuple[str, str], list[float]], cap: int) -> dict[tuple[str, str], float]:
    """Each phrase's strongest ``cap`` hits: a phrase repeated ten times is not ten times the topic."""
    return {k: sum(sorted(v, reverse=True)[:cap]) for k, v in values.items()}


def _frame_total(hits: dict[tuple[str, str], list[tuple[str, float]]], model: RelevanceModel) -> float:
    """A frame's weight: title and lead in full, the rest of the article at most ``frame_rest_cap``.

    What an article is about shows in its title and lead; a long story repeats its event words
    ("seleksi terbuka", "pelantikan") in every paragraph without becoming more of an event story.
    """
    top: dict[tuple[str, str], list[float]] = defaultdict(list)
    rest: dict[tuple[str, str], list[float]] = defaultdict(list)
    for key, items in hits.items():
        for role, w in items:
            (top if role in ("title", "lead") else rest)[key].append(w)
    head = sum(_capped(top, model.frame_cap_per_phrase).values())
    return head + min(sum(_capped(rest, model.frame_cap_per_phrase).values()), model.frame_rest_cap)


def _where(roles: Iterable[str]) -> str:
    seen: list[str] = []
    for r in roles:
        if r not in seen:
            seen.append(r)
    return ", ".join(seen)


def score_relevance(passages: list[Passage], *, model: RelevanceModel) -> Relevance:
    """Weigh the RB instruments an article is about against the everyday frame it belongs to.

    Args:
        passages: the article from :func:`nlp.passages.split_passages`.
        model: from :func:`load_relevance_model`.

    Returns:
        The :class:`Relevance`, with up to ``model.evidence`` strings such as
        ``"+5.0 integrity_zone: zona integritas x2 (title, lead)"`` or ``"-4.0 frame apel: apel pagi"``.

    >>> model = load_relevance_model()
    >>> body = "Pemkab Bone menggelar evaluasi reformasi birokrasi dan pembangunan zona integritas."
    >>> score_relevance(split_passages(body, title="Evaluasi RB Bone", rules=model.passages), model=model).level
    'core'
    """
    anchors: dict[tuple[str, str], list[float]] = defaultdict(list)
    anchor_roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    support: dict[tuple[str, str], list[float]] = defaultdict(list)
    frames: dict[str, dict[tuple[str, str], list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
    frame_roles: dict[str, list[str]] = defaultdict(list)
    gov: dict[tuple[str, str], list[float]] = defaultdict(list)
    anchor_sentences: set[int] = set()
    topical = False  # an anchor in the title or lead that is not a passing mention
    specific: set[int] = set()  # passages naming a specific instrument (not only "reformasi birokrasi")
    ctx = model.contexts
    # Without a headline the first sentence of the lead is the best statement of the topic (news
    # writes the headline from it): it weighs more than a lead sentence (``positions.lead_as_title``).
    stand_in = (
        None
        if any(p.role == "title" for p in passages)
        else next((p.index for p in passages if p.role == "lead"), None)
    )

    def weight_of(p: Passage, table: dict[str, float], default: float) -> float:
        return table.get("lead_as_title" if p.index == stand_in else p.role, default)

    frame_hits: list[list[PhraseHit]] = []  # per passage, read once the anchors of every passage are known
    for p in passages:
        pos = weight_of(p, model.positions, 1.0)
        base = min((ctx.get(c, 1.0) for c in p.contexts), default=1.0)
        hits = model.phrases.find(p.tokens, p.forms)
        written: frozenset[str] | None = None
        frame_hits.append([h for h in hits if h.group not in (_ANCHOR, _GOV)])
        for h in hits:
            if h.group == _GOV:
                gov[(_GOV, h.text)].append(pos)
                continue
            if h.group != _ANCHOR:
                continue
            factor = min(base, ctx.get("list", 1.0)) if p.listed_at(h.start) else base
            # "Loket Imigrasi di Mal Pelayanan Publik": the building where a service sits, not the MPP
            # as an instrument being opened, joined or evaluated
            if h.text in model.venue_instruments and _at_venue(p, h.start, model.venue_instruments):
                factor = min(factor, ctx.get("venue", 1.0))
            # "Forum Konsultasi Publik rancangan awal RKPD": the planning forum of the same name
            other = model.shared_names.get(h.text)
            if other:
                if written is None:  # the passage's words, once per passage that needs them
                    written = frozenset(w for _, w in p.forms)
                if not other.isdisjoint(written):
                    factor = min(factor, ctx.get("other_process", 1.0))
            # an appeal ("dalam rangka mendukung reformasi birokrasi") discounts the word every speech
            # invokes; "dalam rangka pembangunan zona integritas" names what is being done
            if h.label == _GENERIC and p.invoked_at(h.start, model.passages):
                factor = min(factor, ctx.get("invocation", 1.0))
            key = (h.label, h.text)
            if h.label == _SUPPORT:
                support[key].append(model.support_weight * pos * factor)
                continue
            # a lead or body sentence that states the subject ("fokus utama rapat ini adalah ...",
            # "17 kepala OPD yang dilantik menandatangani kontrak kinerja") weighs as the headline
            # does, unless the hit stands in a passing context: it says what the article is about,
            # often where an everyday rakor's or pelantikan's headline says nothing of it
            stated = (
                factor >= 1.0
                and h.label != _GENERIC
                and p.role in ("lead", "body", "closing")
                and (p.stated_topic_at(h.start, model.passages) or p.named_event_at(h.start, model.passages))
            )
            where = "stated topic" if stated else p.role
            at = max(pos, model.positions.get("title", pos)) if stated else pos
            weight = at * factor * (model.generic_weight if h.label == _GENERIC else 1.0)
            anchors[key].append(weight)
            anchor_roles[key].append(where if factor >= 0.5 else f"{p.role}, passing")
            if factor >= 0.5:
                anchor_sentences.add(p.index)
                topical |= p.role in ("title", "lead") or stated
                if h.label != _GENERIC:
                    specific.add(p.index)
    # Event words in a unit that also names an instrument describe how the instrument is applied
    # ("seleksi terbuka ... hasil manajemen talenta jadi penentu"): they count half. The lead is
    # one unit; elsewhere a sentence is.
    lead_specific = any(p.index in specific for p in passages if p.role == "lead")
    # an instrument in the title or lead makes the unit words of a frame its setting: "Puskesmas X
    # menggelar Forum Konsultasi Publik" is about the forum, held by a puskesmas
    # instruments in several sentences of the body make it about them wherever the headline points
    many_sentences = len(specific) >= model.min_anchor_sentences
    headed_by_instrument = (
        lead_specific or any(p.index in specific for p in passages if p.role == "title") or many_sentences
    )
    # "Pemkab Malteng Lantik 214 Pejabat Fungsional" / "214 pejabat dilantik dalam program penyetaraan
    # ... ke dalam jabatan fungsional": a first lead sentence that names an instrument together with the
    # headline's event says what the event is; the headline's frame words then count half as well
    first = next(((p, f) for p, f in zip(passages, frame_hits, strict=True) if p.role == "lead"), None)
    explained = {h.group for h in first[1]} if first is not None and first[0].index in specific else set()
    for p, passage_frames in zip(passages, frame_hits, strict=True):
        half = p.index in specific or (p.role == "lead" and lead_specific)
        fpos = weight_of(p, model.frame_positions, 0.5) * (0.5 if half else 1.0)
        # a passage belongs to a frame or not: "Seleksi Terbuka JPT Pratama" is one mention of the
        # selection frame, not two
        seen: dict[str, str] = {}
        for h in passage_frames:
            before = {low for _, low in p.forms[max(0, h.start - 2) : h.start]}
            if before & model.frame_not_after.get(h.group, frozenset()):
                continue  # "pejabat yang baru dilantik": people described, not the event
            if headed_by_instrument and h.text in model.frame_units.get(h.group, frozenset()):
                continue
            seen.setdefault(h.group, h.text)
        for group, text in seen.items():
            # ... and so are they when the body names instruments in several sentences: "Penyetaraan,
            # 66 ASN Dikukuhkan" above three sentences on penyetaraan jabatan is about the penyetaraan
            halved_title = group in explained or many_sentences
            w = fpos * 0.5 if p.role == "title" and halved_title and not half else fpos
            frames[group][(group, text)].append((p.role, w))
            frame_roles[group].append(p.role)

    anchor_by = _capped(anchors, model.per_phrase_cap)
    anchor_total = sum(anchor_by.values())
    support_total = min(sum(_capped(support, model.per_phrase_cap).values()), model.support_cap)
    if not anchor_total:
        support_total = 0.0
    frame_totals = {name: _frame_total(hits, model) for name, hits in frames.items()}
    frame = max(frame_totals, key=lambda k: (frame_totals[k], k), default=None)
    frame_total = frame_totals[frame] if frame else 0.0
    net = anchor_total + support_total - model.frame_penalty * frame_total
    # "reformasi birokrasi" said in three body sentences of a minister's speech is RB talk, not RB
    # work: without a specific instrument the general word must stand in the title or the lead
    anchored = topical or (len(anchor_sentences) >= model.min_anchor_sentences and bool(specific))
    margin = net - model.core_threshold
    core = margin >= 0 and anchored
    if not anchored:
        margin = min(margin, -0.01)  # the score never says "core" when the decision does not
    score = round(1.0 / (1.0 + math.exp(-margin / model.scale)), 4)
    gov_total = sum(_capped(gov, model.governance_cap_per_phrase).values())

    # the strongest frame an RB analyst still follows, if the title or lead belongs to it
    headed = {name for name, roles in frame_roles.items() if {"title", "lead"} & set(roles)}
    related_frames = [
        name for name in frame_totals if model.frame_levels.get(name) == "related" and name in headed
    ]
    governance_frame = max(related_frames, key=lambda k: (frame_totals[k], k), default=None)
    level: Level
    why: str
    if core:
        level, why = "core", "RB instruments are the topic"
    elif governance_frame and frame_totals[governance_frame] >= max(model.related_frame, frame_total / 2):
        level, why = "related", f"everyday frame {governance_frame}"
    elif anchor_total >= model.related_anchor:
        level, why = "related", "RB instruments mentioned, not the topic"
    elif gov_total >= model.related_vocabulary and not (
        frame and model.frame_levels.get(frame) == "none" and frame_total >= 2 * model.related_frame
    ):
        level, why = "related", "about the government apparatus"
    else:
        level, why = "none", f"everyday frame {frame}" if frame else "no RB or governance subject"

    contributions: list[tuple[float, str]] = []
    by_label: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (label, text), value in anchor_by.items():
        by_label[label].append((text, value))
    for label, items in by_label.items():
        value = sum(v for _, v in items)
        parts = ", ".join(
            f"{t} x{min(len(anchors[(label, t)]), model.per_phrase_cap)} ({_where(anchor_roles[(label, t)])})"
            for t, _ in sorted(items, key=lambda kv: -kv[1])[:3]
        )
        contributions.append((value, f"{value:+.1f} {label}: {parts}"))
    if support_total:
        names = ", ".join(sorted({t for _, t in support})[:3])
        contributions.append((support_total, f"{support_total:+.1f} support: {names}"))
    if frame:
        top = sorted(frames[frame].items(), key=lambda kv: -sum(w for _, w in kv[1]))[:3]
        words = ", ".join(t for (_, t), _ in top)
        value = -model.frame_penalty * frame_total
        contributions.append((value, f"{value:+.1f} frame {frame}: {words} ({_where(frame_roles[frame])})"))
    evidence = [f"level {level}: {why}"]
    evidence += [s for _, s in sorted(contributions, key=lambda c: -abs(c[0]))[: model.evidence - 1]]
    return Relevance(level, score, tuple(evidence), frame)


def judge(text: str, *, title: str = "", model: RelevanceModel | None = None) -> Relevance:
    """Relevance of raw text in one call (splits the passages itself).

    >>> judge("Bupati melantik 40 pejabat dan meminta mereka mendukung reformasi birokrasi.",
    ...       title="Bupati Lantik 40 Pejabat").level
    'related'
    """
    model = model or load_relevance_model()
    return score_relevance(split_passages(text, title=title, rules=model.passages), model=model)
