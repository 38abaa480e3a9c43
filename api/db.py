"""The store's tables (SQLAlchemy 2 ORM) and the engine that holds them.

SQLite in `var/stance.db` by default; `STANCE_DATABASE_URL` points it
elsewhere (PostgreSQL works by configuration: only portable types are used).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "var" / "stance.db"


def database_url() -> str:
    """`$STANCE_DATABASE_URL`, else the embedded SQLite file `var/stance.db` of this checkout."""
    return os.environ.get("STANCE_DATABASE_URL") or f"sqlite:///{DEFAULT_PATH}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Document(Base):
    """One ingested article; `content_hash` makes ingestion idempotent."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    model: Mapped[str | None] = mapped_column(String(64))  # sha256 of the model that analysed it
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Speaker(Base):
    """A canonical speaker: one row per (name, kind, country), with the surface forms seen as aliases."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)  # NULL country would defeat a composite unique
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text, index=True)
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Event(Base):
    """A canonical event merged across documents; `claims` and `mentions` are its provenance."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    count: Mapped[int | None] = mapped_column(Integer)
    missile: Mapped[str | None] = mapped_column(Text)
    range_km: Mapped[float | None] = mapped_column(Float)
    apogee_km: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[str | None] = mapped_column(Text)
    landing: Mapped[str | None] = mapped_column(Text)
    claims: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{field, value, text, speaker, document, sentence}]
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{document, event, sentences}]


class Statement(Base):
    """One sentence of a document with its current labels; `model_answer` keeps what the model said."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_document_index", "document_id", "index", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    labels: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{label, score, evidence: [...]}]
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    model_answer: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {labels, scores, speaker}
    corrected: Mapped[bool] = mapped_column(default=False)


class StatementLabel(Base):
    """One label of a statement, as a row so filters and summaries are plain SQL on any backend."""

    __tablename__ = "statement_labels"

    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)


class Correction(Base):
    """An analyst's correction of a statement: what it was, what it became, and when."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the ingesting writer
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default `database_url()`), with the tables created if missing."""
    url = url or database_url()
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    Base.metadata.create_all(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker:
    """Sessions whose loaded rows stay readable after commit (types copy them after the session ends)."""
    return sessionmaker(engine, expire_on_commit=False)
