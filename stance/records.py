"""Plain records passed between the pipeline stages, and their JSON form.

The JSON form is the annotation format of the guide, so an analysis can be
corrected by a person and read back as training data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABELS: tuple[str, ...] = (
    "condemnation",
    "reassurance",
    "cooperation_pledge",
    "threat_assessment",
)
SPEAKER_KINDS: tuple[str, ...] = ("person", "organization", "country", "group")
EVENT_TYPES: tuple[str, ...] = (
    "missile_launch",
    "diplomatic_meeting",
    "military_exercise",
    "nuclear_test",
    "other",
)
EVENT_FIELDS: tuple[str, ...] = (
    "id",
    "type",
    "date",
    "count",
    "missile",
    "range_km",
    "apogee_km",
    "origin",
    "landing",
)


@dataclass(frozen=True)
class Speaker:
    """Who a statement is attributed to, as the guide defines it."""

    name: str
    kind: str
    role: str | None = None
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "role": self.role, "country": self.country}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        return cls(data["name"], data["kind"], data.get("role"), data.get("country"))


@dataclass(frozen=True)
class Span:
    """A sentence's place in its article: `text[start:end]`."""

    start: int
    end: int


@dataclass(frozen=True)
class RuleHit:
    """One cue-lexicon match: which rule, which label, what text it matched."""

    rule_id: str
    label: str
    match: str
    start: int
    end: int
    strong: bool = False


@dataclass(frozen=True)
class Evidence:
    """Why a label was emitted: a rule hit or the model's top features."""

    label: str
    source: str  # "rule" or "model"
    rule_id: str | None = None
    match: str | None = None
    features: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        if self.source == "rule":
            return {"label": self.label, "source": "rule", "id": self.rule_id, "match": self.match}
        return {"label": self.label, "source": "model", "features": list(self.features)}


@dataclass
class Sentence:
    """One analysed sentence with its labels, scores, evidence, speaker and event."""

    text: str
    start: int
    end: int
    labels: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    speaker: Speaker | None = None
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "labels": list(self.labels),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "evidence": [e.to_dict() for e in self.evidence],
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "event": self.event,
        }


@dataclass(frozen=True)
class Claim:
    """One figure or fact as one sentence states it: the provenance of an event's fields."""

    field: str
    value: Any
    sentence: int
    speaker: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "sentence": self.sentence, "speaker": self.speaker,
                "text": self.text}


@dataclass
class EventFacts:
    """What is known of a happening: its type, date and, for launches, the figures (null when unknown)."""

    id: str
    type: str
    date: str | None = None
    count: int | None = None
    missile: str | None = None
    range_km: int | float | None = None
    apogee_km: int | float | None = None
    origin: str | None = None
    landing: str | None = None


@dataclass
class Event(EventFacts):
    """A happening that statements respond to, with the facts the text gives.

    `mentions` lists the sentences (by index) that speak of it, `claims` every
    figure with its source sentence, and `why` says, per field, which claim is
    shown and why (the first figure, or null because figures conflict).
    """

    mentions: list[int] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    why: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in EVENT_FIELDS}
        if self.mentions:
            out["mentions"] = list(self.mentions)
        if self.claims:
            out["claims"] = [c.to_dict() for c in self.claims]
        if self.why:
            out["why"] = dict(self.why)
        return out


@dataclass
class Article:
    """An input article: its text and what is known about it."""

    text: str
    id: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass
class Analysis:
    """Everything the analyzer found in one article."""

    id: str | None
    title: str | None
    published: str | None
    text: str
    sentences: list[Sentence]
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "events": [e.to_dict() for e in self.events],
        }
