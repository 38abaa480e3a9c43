"""The GraphQL schema, assembled in one place: queries, mutations, their inputs and results, and the limits."""

from __future__ import annotations

import datetime as dt
import functools
import hmac
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.permission import BasePermission
from strawberry.types import ExecutionContext, Info

from stance.corpus import check_date
from stance.errors import InputError, ModelError
from stance.records import Speaker as SpeakerRecord

from .db import Document as DocumentRow
from .db import Event as EventRow
from .errors import ApiError, Error, ForbiddenError, NotFoundError, TooLargeError, ValidationError, should_mask
from .pagination import DEFAULT_FIRST, check_first, decode_cursor, parse_id
from .store import StatementQuery, content_hash
from .types import (
    Analysis,
    Connection,
    Document,
    Event,
    EventType,
    LabelCount,
    ModelInfo,
    Speaker,
    SpeakerKind,
    StanceGroup,
    StanceLabel,
    Statement,
    SummaryGroup,
    connection,
    statement_connection,
)

MAX_DEPTH = 10
MAX_TOKENS = 2000
MAX_ALIASES = 15


class CanWrite(BasePermission):
    """Mutations need `Authorization: Bearer <STANCE_API_TOKEN>`; without a configured token the API is read-only."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        token = info.context.settings.token
        if not token:
            raise ForbiddenError("this server is read-only: no STANCE_API_TOKEN is configured; start it with "
                                 "STANCE_API_TOKEN set to allow mutations")
        sent = info.context.request.headers.get("authorization", "") if info.context.request else ""
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            raise ForbiddenError("mutations need the header 'Authorization: Bearer <token>' with the server's "
                                 "STANCE_API_TOKEN")
        return True


# ---- inputs


@strawberry.input(description="Statement filters; all given ones must hold.")
class StatementFilter:
    labels: list[StanceLabel] | None = strawberry.field(default=None, description="any of these labels")
    speaker: str | None = strawberry.field(default=None, description="speaker name, any case")
    speaker_id: strawberry.ID | None = None
    country: str | None = strawberry.field(default=None, description="the speaker's country, any case")
    event_id: strawberry.ID | None = None
    document_id: strawberry.ID | None = None
    min_score: float | None = strawberry.field(default=None, description="a (listed) label scored at least this")
    published_from: dt.date | None = None
    published_to: dt.date | None = None

    def query(self) -> StatementQuery:
        def number(value: Any, what: str) -> int | None:
            return None if value is None else parse_id(value, what)

        return StatementQuery(labels=[label.value for label in self.labels or []], speaker=self.speaker,
                              speaker_id=number(self.speaker_id, "speaker"), country=self.country,
                              event_id=number(self.event_id, "event"),
                              document_id=number(self.document_id, "document"), min_score=self.min_score,
                              published_from=self.published_from, published_to=self.published_to)


@strawberry.input
class EventFilter:
    type: EventType | None = None
    from_: dt.date | None = strawberry.field(default=None, name="from", description="on or after this date")
    to: dt.date | None = strawberry.field(default=None, description="on or before this date")


@strawberry.input(description="An article to analyse and store.")
class DocumentInput:
    text: str
    title: str | None = None
    published: str | None = strawberry.field(default=None, description="YYYY-MM-DD; resolves relative dates")
    source: str | None = strawberry.field(default=None, description="where it came from, e.g. a URL")


@strawberry.input
class SpeakerInput:
    name: str
    kind: SpeakerKind
    role: str | None = None
    country: str | None = None


# ---- results


@strawberry.type
class IngestSuccess:
    document: Document
    duplicate: bool = strawberry.field(description="true when the same text was already stored: nothing changed")


@strawberry.type
class CorrectionSuccess:
    statement: Statement


@strawberry.type
class ReloadSuccess:
    model: ModelInfo


@strawberry.type(description="The model file could not be loaded; the current model keeps serving.")
class ModelLoadError(Error):
    pass


IngestResult = Annotated[IngestSuccess | ValidationError | TooLargeError, strawberry.union("IngestResult")]
AnalyzeResult = Annotated[Analysis | ValidationError | TooLargeError, strawberry.union("AnalyzeResult")]
CorrectionResult = Annotated[CorrectionSuccess | NotFoundError | ValidationError,
                             strawberry.union("CorrectionResult")]
ReloadResult = Annotated[ReloadSuccess | ModelLoadError, strawberry.union("ReloadResult")]


def _check_article(text: str, published: str | None, limit: int) -> ValidationError | TooLargeError | None:
    """The typed error for text or date the analyzer would refuse, else None."""
    if len(text) > limit:
        return TooLargeError(message=f"the article is {len(text):,} characters, over the limit of {limit:,}; "
                             "split it into several articles", limit=limit, size=len(text))
    if not text.strip():
        return ValidationError(message="the article text is empty", field="text")
    try:
        check_date(published, "published")
    except InputError as exc:
        return ValidationError(message=exc.message, field="published")
    return None


# ---- root types


@strawberry.type
class Query:
    @strawberry.field(description="A stored article; null when there is none with this id.")
    async def document(self, info: Info, id: strawberry.ID) -> Document | None:
        row = await info.context.run(info.context.store.get, DocumentRow, parse_id(id, "document"))
        return Document.from_row(row) if row is not None else None

    @strawberry.field
    async def documents(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
                        ) -> Connection[Document]:
        page = await info.context.run(info.context.store.documents, check_first(first),
                                      decode_cursor("document", after))
        return connection("document", page, Document.from_row)

    @strawberry.field(description="Statements matching the filter, in article order.")
    async def statements(self, info: Info, filter: StatementFilter | None = None, first: int = DEFAULT_FIRST,
                         after: str | None = None) -> Connection[Statement]:
        return await statement_connection(info, (filter or StatementFilter()).query(), first, after)

    @strawberry.field
    async def statement(self, info: Info, id: strawberry.ID) -> Statement | None:
        from .db import Statement as StatementRow

        row = await info.context.run(info.context.store.get, StatementRow, parse_id(id, "statement"))
        return Statement.from_row(row) if row is not None else None

    @strawberry.field
    async def speakers(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None,
                       country: str | None = None, name: str | None = None) -> Connection[Speaker]:
        page = await info.context.run(info.context.store.speakers, check_first(first),
                                      decode_cursor("speaker", after), country, name)
        return connection("speaker", page, Speaker.from_row)

    @strawberry.field(description="A canonical event; null when there is none with this id.")
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        row = await info.context.run(info.context.store.get, EventRow, parse_id(id, "event"))
        return Event.from_row(row) if row is not None else None

    @strawberry.field
    async def events(self, info: Info, filter: EventFilter | None = None, first: int = DEFAULT_FIRST,
                     after: str | None = None) -> Connection[Event]:
        f = filter or EventFilter()
        page = await info.context.run(info.context.store.events, check_first(first), decode_cursor("event", after),
                                      f.type.value if f.type else None, f.from_, f.to)
        return connection("event", page, Event.from_row)

    @strawberry.field(description="Labelled statements counted per label, per country, speaker or event.")
    async def stance_summary(self, info: Info, group_by: SummaryGroup) -> list[StanceGroup]:
        rows = await info.context.run(info.context.store.summary, group_by.value)
        groups: dict[Any, dict[str, int]] = {}
        for key, label, count in rows:
            groups.setdefault(key, {})[label] = count
        out = []
        for key, counts in groups.items():
            labels = [LabelCount(label=label, count=counts.get(label.value, 0)) for label in StanceLabel]
            group = StanceGroup(key=None if key is None else str(key), counts=labels, total=sum(counts.values()))
            if group_by is SummaryGroup.SPEAKER:
                group.speaker_id = key
                if key is not None:
                    row = await info.context.loaders.speakers.load(key)
                    group.key = row.name if row is not None else group.key
            elif group_by is SummaryGroup.EVENT:
                group.event_id = key
            out.append(group)
        return out

    @strawberry.field(description="Run the analyzer on a text and return its findings; nothing is stored.")
    async def analyze(self, info: Info, text: str, published: str | None = None) -> AnalyzeResult:
        context = info.context
        problem = _check_article(text, published, context.settings.max_article_chars)
        if problem is not None:
            return problem
        analysis = await context.run(context.model.analyze, text, published)
        return Analysis.from_record(analysis, context.model.manifest)

    @strawberry.field(description="The model serving analyses.")
    def model(self, info: Info) -> ModelInfo:
        return ModelInfo.from_manifest(info.context.model.manifest)


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[CanWrite], description="Analyse an article and store it, all or "
                         "nothing; the same text again returns the stored document.")
    async def ingest_document(self, info: Info, input: DocumentInput) -> IngestResult:
        context = info.context
        problem = _check_article(input.text, input.published, context.settings.max_article_chars)
        if problem is not None:
            return problem
        existing = await context.run(context.store.find_document, content_hash(input.text))
        if existing is not None:
            return IngestSuccess(document=Document.from_row(existing), duplicate=True)
        analysis = await context.run(functools.partial(context.model.analyze, input.text, input.published,
                                                       input.title))
        row, created = await context.run(context.store.ingest, analysis, input.source,
                                         context.model.manifest.get("sha256"))
        return IngestSuccess(document=Document.from_row(row), duplicate=not created)

    @strawberry.mutation(permission_classes=[CanWrite], description="Set a statement's labels and/or speaker "
                         "(speaker: null clears it); the model's answer is kept in modelAnswer.")
    async def correct_statement(self, info: Info, id: strawberry.ID, labels: list[StanceLabel] | None = None,
                                speaker: SpeakerInput | None = strawberry.UNSET) -> CorrectionResult:
        ident = parse_id(id, "statement")
        if labels is None and speaker is strawberry.UNSET:
            return ValidationError(message="nothing to correct: give labels, speaker, or both", field=None)
        record = None
        if speaker is not None and speaker is not strawberry.UNSET:
            if not speaker.name.strip():
                return ValidationError(message="the speaker name is empty", field="speaker")
            record = SpeakerRecord(speaker.name.strip(), speaker.kind.value, speaker.role, speaker.country)
        row = await info.context.run(info.context.store.correct, ident,
                                     None if labels is None else [label.value for label in labels], record,
                                     speaker is not strawberry.UNSET)
        if row is None:
            return NotFoundError(message=f"no statement with id {id}", id=id)
        return CorrectionSuccess(statement=Statement.from_row(row))

    @strawberry.mutation(permission_classes=[CanWrite], description="Load the model file again (e.g. after "
                         "`stance train`) and serve it without a restart.")
    async def reload_model(self, info: Info) -> ReloadResult:
        try:
            manifest = await info.context.run(info.context.model.reload)
        except ModelError as exc:
            return ModelLoadError(message=exc.message)
        return ReloadSuccess(model=ModelInfo.from_manifest(manifest))


class StanceSchema(strawberry.Schema):
    """The schema; expected errors are answers, not incidents, so only the others are logged."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        unexpected = [e for e in errors if e.original_error is not None and not isinstance(e.original_error, ApiError)]
        super().process_errors(unexpected, execution_context)


schema = StanceSchema(
    query=Query,
    mutation=Mutation,
    extensions=[
        functools.partial(QueryDepthLimiter, max_depth=MAX_DEPTH),
        functools.partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        functools.partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
        functools.partial(MaskErrors, should_mask_error=should_mask),
    ],
)
