"""GraphQL output types, each built from a store row or a pipeline record by a `from_...` classmethod.

Raw ids the resolvers follow are `strawberry.Private`; ORM rows, spaCy and
sklearn objects never reach the schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from stance import records

from . import db
from .pagination import DEFAULT_FIRST, check_first, decode_cursor, encode_cursor
from .store import FACT_FIELDS, Page, StatementQuery

T = TypeVar("T")


@strawberry.enum(description="The four stances of the annotation guide.")
class StanceLabel(Enum):
    CONDEMNATION = "condemnation"
    REASSURANCE = "reassurance"
    COOPERATION_PLEDGE = "cooperation_pledge"
    THREAT_ASSESSMENT = "threat_assessment"


@strawberry.enum
class EventType(Enum):
    MISSILE_LAUNCH = "missile_launch"
    DIPLOMATIC_MEETING = "diplomatic_meeting"
    MILITARY_EXERCISE = "military_exercise"
    NUCLEAR_TEST = "nuclear_test"
    OTHER = "other"


@strawberry.enum
class SpeakerKind(Enum):
    PERSON = "person"
    ORGANIZATION = "organization"
    COUNTRY = "country"
    GROUP = "group"


# ---- connections


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo


def connection(kind: str, page: Page, build: Callable[[Any], T]) -> Connection[T]:
    """A connection of `page`'s rows, each node built by `build`, with keyset cursors."""
    edges = [Edge(node=build(row), cursor=encode_cursor(kind, row.id)) for row in page.rows]
    return Connection(edges=edges, page_info=PageInfo(has_next_page=page.has_next,
                                                      end_cursor=edges[-1].cursor if edges else None))


async def statement_connection(info: Info, query: StatementQuery, first: int, after: str | None
                               ) -> Connection[Statement]:
    """A page of statements matching `query` (shared by the root field and the nested ones)."""
    context = info.context
    page = await context.run(context.store.statements, query, check_first(first), decode_cursor("statement", after))
    return connection("statement", page, Statement.from_row)


# ---- labels and evidence


@strawberry.type(description="Why a label was given: a cue rule, the model's top features, or an analyst.")
class Evidence:
    source: str
    rule: str | None = None
    match: str | None = None
    features: list[str] = strawberry.field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(source=data["source"], rule=data.get("id"), match=data.get("match"),
                   features=list(data.get("features") or []))


@strawberry.type
class LabelScore:
    label: StanceLabel
    score: float
    evidence: list[Evidence]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LabelScore:
        return cls(label=StanceLabel(data["label"]), score=data["score"],
                   evidence=[Evidence.from_dict(e) for e in data.get("evidence") or []])


@strawberry.type(description="The model's probability for one label, emitted or not.")
class Score:
    label: StanceLabel
    score: float


@strawberry.type(description="A speaker as the analyzer names it (not stored).")
class SpeakerInfo:
    name: str
    kind: SpeakerKind
    role: str | None
    country: str | None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SpeakerInfo | None:
        if data is None:
            return None
        return cls(name=data["name"], kind=SpeakerKind(data["kind"]), role=data.get("role"),
                   country=data.get("country"))


@strawberry.type(description="What the model answered at ingestion, kept when an analyst corrects the statement.")
class ModelAnswer:
    labels: list[LabelScore]
    speaker: SpeakerInfo | None


# ---- stored objects


@strawberry.type(description="One sentence of a stored article with its labels, speaker and event.")
class Statement:
    id: strawberry.ID
    index: int
    text: str
    start: int
    end: int
    labels: list[LabelScore]
    scores: list[Score]
    corrected: bool
    model_answer: ModelAnswer
    speaker_id: strawberry.Private[int | None]
    event_id: strawberry.Private[int | None]
    document_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: db.Statement) -> Statement:
        answer = row.model_answer or {}
        return cls(id=strawberry.ID(str(row.id)), index=row.index, text=row.text, start=row.start, end=row.end,
                   labels=[LabelScore.from_dict(item) for item in row.labels],
                   scores=[Score(label=StanceLabel(k), score=v) for k, v in sorted((row.scores or {}).items())],
                   corrected=row.corrected,
                   model_answer=ModelAnswer(labels=[LabelScore.from_dict(i) for i in answer.get("labels", [])],
                                            speaker=SpeakerInfo.from_dict(answer.get("speaker"))),
                   speaker_id=row.speaker_id, event_id=row.event_id, document_id=row.document_id)

    @strawberry.field
    async def speaker(self, info: Info) -> Speaker | None:
        return await _speaker(info, self.speaker_id)

    @strawberry.field
    async def event(self, info: Info) -> Event | None:
        return await _event(info, self.event_id)

    @strawberry.field
    async def document(self, info: Info) -> Document:
        return Document.from_row(await info.context.loaders.documents.load(self.document_id))


@strawberry.type(description="A canonical speaker: one per (name, kind, country), with the names it was seen under.")
class Speaker:
    id: strawberry.ID
    name: str
    kind: SpeakerKind
    role: str | None
    country: str | None
    aliases: list[str]

    @classmethod
    def from_row(cls, row: db.Speaker) -> Speaker:
        return cls(id=strawberry.ID(str(row.id)), name=row.name, kind=SpeakerKind(row.kind), role=row.role,
                   country=row.country, aliases=list(row.aliases or []))

    @strawberry.field
    async def statements(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
                         ) -> Connection[Statement]:
        return await statement_connection(info, StatementQuery(speaker_id=int(self.id)), first, after)


@strawberry.type(description="An ingested article.")
class Document:
    id: strawberry.ID
    title: str | None
    text: str
    published: dt.date | None
    source: str | None
    content_hash: str
    model: str | None = strawberry.field(description="sha256 of the model that analysed it")

    @classmethod
    def from_row(cls, row: db.Document) -> Document:
        return cls(id=strawberry.ID(str(row.id)), title=row.title, text=row.text, published=row.published,
                   source=row.source, content_hash=row.content_hash, model=row.model)

    @strawberry.field
    async def statements(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
                         ) -> Connection[Statement]:
        return await statement_connection(info, StatementQuery(document_id=int(self.id)), first, after)


@strawberry.type(description="One figure or fact as one sentence of one article states it.")
class Claim:
    value: str | None
    text: str
    speaker: str | None
    sentence_index: int
    document_id: strawberry.Private[int]

    @strawberry.field
    async def document(self, info: Info) -> Document | None:
        row = await info.context.loaders.documents.load(self.document_id)
        return Document.from_row(row) if row is not None else None


@strawberry.type(description="A fact of an event (the value shown) and every claim behind it.")
class Fact:
    field: str
    value: str | None
    claims: list[Claim]


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _fact_field(claim_field: str) -> str:
    return "count" if claim_field.startswith("count") else claim_field


@strawberry.type(description="A canonical event, merged across articles, with the facts they give.")
class Event:
    id: strawberry.ID
    type: EventType
    date: dt.date | None
    count: int | None
    missile: str | None
    range_km: float | None
    apogee_km: float | None
    origin: str | None
    landing: str | None
    claims: strawberry.Private[list[dict[str, Any]]]
    mentions: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_row(cls, row: db.Event) -> Event:
        return cls(id=strawberry.ID(str(row.id)), type=EventType(row.type), date=row.date, count=row.count,
                   missile=row.missile, range_km=row.range_km, apogee_km=row.apogee_km, origin=row.origin,
                   landing=row.landing, claims=list(row.claims or []), mentions=list(row.mentions or []))

    @strawberry.field(description="Every field with a value or a claim, each with its claims.")
    def facts(self) -> list[Fact]:
        grouped: dict[str, list[Claim]] = {}
        for c in self.claims:
            grouped.setdefault(_fact_field(c["field"]), []).append(Claim(
                value=_shown(c.get("value")), text=c.get("text", ""), speaker=c.get("speaker"),
                sentence_index=c["sentence"], document_id=c["document"]))
        names = [n for n in FACT_FIELDS if getattr(self, n) is not None or n in grouped]
        names += sorted(n for n in grouped if n not in FACT_FIELDS)
        return [Fact(field=n, value=_shown(getattr(self, n, None)), claims=grouped.get(n, [])) for n in names]

    @strawberry.field(description="The articles that mention it.")
    async def documents(self, info: Info) -> list[Document]:
        ids = sorted({m["document"] for m in self.mentions})
        rows = await info.context.loaders.documents.load_many(ids)
        return [Document.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The statements linked to it (reports on it and reactions to it).")
    async def statements(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
                         ) -> Connection[Statement]:
        return await statement_connection(info, StatementQuery(event_id=int(self.id)), first, after)


# ---- analysis without storage


@strawberry.type(description="An event found by `analyze` in one article (not stored, not merged).")
class AnalyzedEvent:
    id: str
    type: EventType
    date: dt.date | None
    count: int | None
    missile: str | None
    range_km: float | None
    apogee_km: float | None
    origin: str | None
    landing: str | None

    @classmethod
    def from_record(cls, event: records.Event) -> AnalyzedEvent:
        return cls(id=event.id, type=EventType(event.type), date=dt.date.fromisoformat(event.date) if event.date
                   else None, count=event.count, missile=event.missile, range_km=event.range_km,
                   apogee_km=event.apogee_km, origin=event.origin, landing=event.landing)


@strawberry.type(description="A sentence as `analyze` labelled it (not stored).")
class AnalyzedSentence:
    text: str
    start: int
    end: int
    labels: list[LabelScore]
    scores: list[Score]
    speaker: SpeakerInfo | None
    event: str | None = strawberry.field(description="id of one of the analysis' events")

    @classmethod
    def from_record(cls, s: records.Sentence) -> AnalyzedSentence:
        labels = [LabelScore(label=StanceLabel(label), score=round(s.scores.get(label, 0.0), 4),
                             evidence=[Evidence.from_dict(e.to_dict()) for e in s.evidence if e.label == label])
                  for label in s.labels]
        return cls(text=s.text, start=s.start, end=s.end, labels=labels,
                   scores=[Score(label=StanceLabel(k), score=round(v, 4)) for k, v in sorted(s.scores.items())],
                   speaker=SpeakerInfo.from_dict(s.speaker.to_dict() if s.speaker else None), event=s.event)


@strawberry.type(description="The model serving the analyses.")
class ModelInfo:
    name: str | None
    sha256: str | None
    labels: list[str]

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any]) -> ModelInfo:
        return cls(name=manifest.get("name"), sha256=manifest.get("sha256"), labels=list(manifest.get("labels", [])))


@strawberry.type(description="What the analyzer finds in a text; nothing is stored.")
class Analysis:
    sentences: list[AnalyzedSentence]
    events: list[AnalyzedEvent]
    model: ModelInfo

    @classmethod
    def from_record(cls, analysis: records.Analysis, manifest: dict[str, Any]) -> Analysis:
        return cls(sentences=[AnalyzedSentence.from_record(s) for s in analysis.sentences],
                   events=[AnalyzedEvent.from_record(e) for e in analysis.events],
                   model=ModelInfo.from_manifest(manifest))


# ---- summaries


@strawberry.enum
class SummaryGroup(Enum):
    COUNTRY = "country"
    SPEAKER = "speaker"
    EVENT = "event"


@strawberry.type
class LabelCount:
    label: StanceLabel
    count: int


@strawberry.type(description="Statement counts per label for one country, speaker or event (key null: none).")
class StanceGroup:
    key: str | None
    counts: list[LabelCount]
    total: int
    speaker_id: strawberry.Private[int | None] = None
    event_id: strawberry.Private[int | None] = None

    @strawberry.field
    async def speaker(self, info: Info) -> Speaker | None:
        return await _speaker(info, self.speaker_id)

    @strawberry.field
    async def event(self, info: Info) -> Event | None:
        return await _event(info, self.event_id)


async def _speaker(info: Info, speaker_id: int | None) -> Speaker | None:
    """The speaker with this id, through the request's DataLoader (None when unset or gone)."""
    row = await info.context.loaders.speakers.load(speaker_id) if speaker_id is not None else None
    return Speaker.from_row(row) if row is not None else None


async def _event(info: Info, event_id: int | None) -> Event | None:
    """The event with this id, through the request's DataLoader (None when unset or gone)."""
    row = await info.context.loaders.events.load(event_id) if event_id is not None else None
    return Event.from_row(row) if row is not None else None
