"""The store: ingesting analyses in one transaction, and the reads the schema needs.

Works on ORM rows in short sessions; the GraphQL layer copies what it shows
out of them, so no session outlives a call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stance.merge import merge_events
from stance.records import Analysis
from stance.records import Event as EventRecord
from stance.records import Speaker as SpeakerRecord

from .db import Correction, Document, Event, Speaker, Statement, StatementLabel, session_factory

FACT_FIELDS = ("date", "count", "missile", "range_km", "apogee_km", "origin", "landing")


def content_hash(text: str) -> str:
    """The identity of an article: sha256 of its NFC-normalised, stripped text."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).strip().encode("utf-8")).hexdigest()


def speaker_key(name: str, kind: str, country: str | None) -> str:
    """One canonical speaker per (name, kind, country); names compared without case, spacing or a leading 'the'."""
    folded = " ".join(name.casefold().split()).removeprefix("the ")
    return "\x1f".join((kind, folded, country or ""))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class StatementQuery:
    """The statement filters of the API, as plain values."""

    labels: Sequence[str] = ()
    speaker: str | None = None
    speaker_id: int | None = None
    country: str | None = None
    event_id: int | None = None
    document_id: int | None = None
    min_score: float | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None


@dataclass
class Page:
    """Rows of one connection page, and whether more follow."""

    rows: list[Any]
    has_next: bool
    extra: dict[str, Any] = field(default_factory=dict)


class Store:
    """Reads and writes of documents, statements, speakers, events and corrections."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        self._write = threading.Lock()  # one writer at a time: event merging reads then writes

    # ---- writes

    def find_document(self, digest: str) -> Document | None:
        with self.sessions() as session:
            return session.scalar(select(Document).where(Document.content_hash == digest))

    def ingest(self, analysis: Analysis, source: str | None = None, model: str | None = None) -> tuple[Document, bool]:
        """Store an analysed article in one transaction; `(document, created)`, the existing one for a duplicate."""
        digest = content_hash(analysis.text)
        try:
            with self._write, self.sessions.begin() as session:
                existing = session.scalar(select(Document).where(Document.content_hash == digest))
                if existing is not None:
                    return existing, False
                document = Document(title=analysis.title, text=analysis.text, published=_date(analysis.published),
                                    source=source, content_hash=digest, model=model)
                session.add(document)
                session.flush()
                events = self._merge_events(session, analysis, document.id)
                speakers: dict[str, Speaker] = {}
                rows = []
                for index, sentence in enumerate(analysis.sentences):
                    speaker = self._speaker(session, sentence.speaker, speakers)
                    labels = [{"label": label, "score": round(sentence.scores.get(label, 0.0), 4),
                               "evidence": [e.to_dict() for e in sentence.evidence if e.label == label]}
                              for label in sentence.labels]
                    scores = {k: round(v, 4) for k, v in sentence.scores.items()}
                    rows.append(Statement(
                        document_id=document.id, index=index, text=sentence.text, start=sentence.start,
                        end=sentence.end, labels=labels, scores=scores,
                        speaker_id=speaker.id if speaker is not None else None,
                        event_id=events[sentence.event].id if sentence.event in events else None,
                        model_answer={"labels": labels, "speaker": sentence.speaker.to_dict() if sentence.speaker
                                      else None}))
                session.add_all(rows)
                session.flush()
                session.add_all(StatementLabel(statement_id=row.id, label=item["label"], score=item["score"])
                                for row in rows for item in row.labels)
                return document, True
        except IntegrityError:  # another process stored the same text between our check and our commit
            existing = self.find_document(digest)
            if existing is None:
                raise
            return existing, False

    def _speaker(self, session: Session, record: SpeakerRecord | None, cache: dict[str, Speaker]) -> Speaker | None:
        if record is None:
            return None
        key = speaker_key(record.name, record.kind, record.country)
        row = cache.get(key) or session.scalar(select(Speaker).where(Speaker.key == key))
        if row is None:
            row = Speaker(key=key, name=record.name, kind=record.kind, role=record.role, country=record.country,
                          aliases=[record.name])
            session.add(row)
            session.flush()  # the statement needs its id
        else:
            if record.name not in row.aliases:
                row.aliases = [*row.aliases, record.name]
            row.role = row.role or record.role
        cache[key] = row
        return row

    def _merge_events(self, session: Session, analysis: Analysis, document_id: int) -> dict[str, Event]:
        """Canonical event rows for the article's events (local id -> row), merged with stored ones."""
        if not analysis.events:
            return {}
        existing = list(session.scalars(self._candidate_events(analysis)))
        stored = Analysis(id="\x00store", title=None, published=None, text="", sentences=[], events=[
            EventRecord(id=str(row.id), type=row.type, date=row.date.isoformat() if row.date else None,
                        count=row.count, missile=row.missile, range_km=row.range_km, apogee_km=row.apogee_km,
                        origin=row.origin, landing=row.landing) for row in existing])
        article = analysis.id if analysis.id is not None else "#1"
        local = {event.id: event for event in analysis.events}
        # stored events come first and are one article, so canonical i is stored row i (merge keeps an article's
        # events apart); the new article's events either join one of them or start a new one
        canon = merge_events([stored, analysis])
        out: dict[str, Event] = {}
        for i, merged in enumerate(canon):
            mentions = [m for m in merged.mentions if m.article == article]
            if not mentions:
                continue
            row = existing[i] if i < len(existing) else Event(type=merged.type, claims=[], mentions=[])
            if row.id is None:
                session.add(row)
            row.date = _date(merged.date)
            for name in FACT_FIELDS[1:]:
                setattr(row, name, getattr(merged, name))
            row.mentions = [*row.mentions, *({"document": document_id, "event": m.event, "sentences": m.sentences}
                                             for m in mentions)]
            row.claims = [*row.claims, *({**c.to_dict(), "document": document_id}
                                         for m in mentions for c in local[m.event].claims)]
            for m in mentions:
                out[m.event] = row
        session.flush()
        return out

    def _candidate_events(self, analysis: Analysis) -> Select:
        """Stored events the article's events could merge with: same type, near dates, or figures when undated."""
        clauses = []
        for event in analysis.events:
            if event.date:
                day = dt.date.fromisoformat(event.date)
                clauses.append(and_(Event.type == event.type,
                                    Event.date.between(day - dt.timedelta(days=1), day + dt.timedelta(days=1))))
            else:
                clauses.append(and_(Event.type == event.type, or_(Event.range_km.is_not(None),
                                    Event.apogee_km.is_not(None), Event.count.is_not(None))))
        return select(Event).where(or_(*clauses)).order_by(Event.id)

    def correct(self, statement_id: int, labels: list[str] | None, speaker: SpeakerRecord | None,
                change_speaker: bool) -> Statement | None:
        """Apply an analyst's correction; the model's answer stays in `model_answer`. None when not found."""
        with self._write, self.sessions.begin() as session:
            row = session.get(Statement, statement_id)
            if row is None:
                return None
            before = {"labels": [item["label"] for item in row.labels], "speaker_id": row.speaker_id}
            if labels is not None:
                row.labels = [{"label": label, "score": 1.0,
                               "evidence": [{"label": label, "source": "correction"}]} for label in sorted(set(labels))]
                session.query(StatementLabel).filter(StatementLabel.statement_id == row.id).delete()
                session.add_all(StatementLabel(statement_id=row.id, label=item["label"], score=1.0)
                                for item in row.labels)
            if change_speaker:
                found = self._speaker(session, speaker, {})
                row.speaker_id = found.id if found is not None else None
            row.corrected = True
            after = {"labels": [item["label"] for item in row.labels], "speaker_id": row.speaker_id}
            session.add(Correction(statement_id=row.id, before=before, after=after))
            return row

    # ---- reads

    def by_ids(self, model: type, ids: Sequence[int]) -> list[Any]:
        """Rows of `model` for `ids`, in order (None where missing): one query for a whole DataLoader batch."""
        with self.sessions() as session:
            rows = {row.id: row for row in session.scalars(select(model).where(model.id.in_(set(ids))))}
        return [rows.get(i) for i in ids]

    def get(self, model: type, ident: int) -> Any:
        with self.sessions() as session:
            return session.get(model, ident)

    def _page(self, stmt: Select, model: type, first: int, after: int | None) -> Page:
        if after is not None:
            stmt = stmt.where(model.id > after)
        with self.sessions() as session:
            rows = list(session.scalars(stmt.order_by(model.id).limit(first + 1)))
        return Page(rows[:first], len(rows) > first)

    def documents(self, first: int, after: int | None) -> Page:
        return self._page(select(Document), Document, first, after)

    def speakers(self, first: int, after: int | None, country: str | None = None, name: str | None = None) -> Page:
        stmt = select(Speaker)
        if country is not None:
            stmt = stmt.where(func.lower(Speaker.country) == country.lower())
        if name is not None:
            stmt = stmt.where(func.lower(Speaker.name).contains(name.lower()))
        return self._page(stmt, Speaker, first, after)

    def events(self, first: int, after: int | None, type: str | None = None, date_from: dt.date | None = None,
               date_to: dt.date | None = None) -> Page:
        stmt = select(Event)
        if type is not None:
            stmt = stmt.where(Event.type == type)
        if date_from is not None:
            stmt = stmt.where(Event.date >= date_from)
        if date_to is not None:
            stmt = stmt.where(Event.date <= date_to)
        return self._page(stmt, Event, first, after)

    def statements(self, query: StatementQuery, first: int, after: int | None) -> Page:
        stmt = select(Statement)
        if query.labels or query.min_score is not None:
            label_rows = select(StatementLabel.statement_id).where(StatementLabel.statement_id == Statement.id)
            if query.labels:
                label_rows = label_rows.where(StatementLabel.label.in_(list(query.labels)))
            if query.min_score is not None:
                label_rows = label_rows.where(StatementLabel.score >= query.min_score)
            stmt = stmt.where(exists(label_rows))
        if query.speaker is not None or query.country is not None:
            stmt = stmt.join(Speaker, Speaker.id == Statement.speaker_id)
            if query.speaker is not None:
                stmt = stmt.where(func.lower(Speaker.name) == query.speaker.lower())
            if query.country is not None:
                stmt = stmt.where(func.lower(Speaker.country) == query.country.lower())
        if query.speaker_id is not None:
            stmt = stmt.where(Statement.speaker_id == query.speaker_id)
        if query.event_id is not None:
            stmt = stmt.where(Statement.event_id == query.event_id)
        if query.document_id is not None:
            stmt = stmt.where(Statement.document_id == query.document_id)
        if query.published_from is not None or query.published_to is not None:
            stmt = stmt.join(Document, Document.id == Statement.document_id)
            if query.published_from is not None:
                stmt = stmt.where(Document.published >= query.published_from)
            if query.published_to is not None:
                stmt = stmt.where(Document.published <= query.published_to)
        return self._page(stmt, Statement, first, after)

    def summary(self, group_by: str) -> list[tuple[Any, str, int]]:
        """`(group, label, count)` rows; group is a country, a speaker id or an event id (None: no speaker/event)."""
        column = {"country": Speaker.country, "speaker": Statement.speaker_id, "event": Statement.event_id}[group_by]
        stmt = (select(column, StatementLabel.label, func.count())
                .select_from(StatementLabel).join(Statement, Statement.id == StatementLabel.statement_id)
                .outerjoin(Speaker, Speaker.id == Statement.speaker_id)
                .group_by(column, StatementLabel.label).order_by(column, StatementLabel.label))
        with self.sessions() as session:
            return [tuple(row) for row in session.execute(stmt)]

    def corrected_documents(self) -> list[tuple[Document, list[Statement], dict[int, Speaker], dict[int, Event]]]:
        """Documents with at least one corrected statement, with all their statements, speakers and events."""
        with self.sessions() as session:
            ids = session.scalars(select(Statement.document_id).where(Statement.corrected).distinct()).all()
            out = []
            for doc in session.scalars(select(Document).where(Document.id.in_(ids)).order_by(Document.id)):
                statements = list(session.scalars(select(Statement).where(Statement.document_id == doc.id)
                                                  .order_by(Statement.index)))
                speakers = {s.id: s for s in session.scalars(select(Speaker).where(
                    Speaker.id.in_({s.speaker_id for s in statements if s.speaker_id})))}
                events = {e.id: e for e in session.scalars(select(Event).where(
                    Event.id.in_({s.event_id for s in statements if s.event_id})))}
                out.append((doc, statements, speakers, events))
            return out

    def counts(self) -> dict[str, int]:
        """Rows per table (tests check that refused input changes nothing)."""
        with self.sessions() as session:
            return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                    for model in (Document, Statement, StatementLabel, Speaker, Event, Correction)}
