"""Reading and checking articles and labelled data (the annotation format).

Everything that enters the library from a file or stdin passes through here,
so a bad record is refused with its file and line before any work is done.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .errors import DataError, InputError
from .records import EVENT_FIELDS, EVENT_TYPES, LABELS, SPEAKER_KINDS, Article, Event, Sentence, Speaker

MAX_CHARS = 1_000_000
"""Longest article accepted (about 150,000 words): far beyond any news report."""


@dataclass
class LabelledArticle:
    """A gold article: its text, its sentences with labels and speakers, its events."""

    id: str
    text: str
    sentences: list[Sentence]
    events: list[Event]
    title: str | None = None
    published: str | None = None
    source: str = ""

    @property
    def article(self) -> Article:
        return Article(text=self.text, id=self.id, title=self.title, published=self.published)


def check_date(value: Any, where: str) -> str | None:
    """Return an ISO date string unchanged, or raise naming `where`."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: 'published' must be an ISO date string like 2022-10-04, got {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{where}: 'published' is not a valid date: {value!r} (use YYYY-MM-DD)") from None
    return value


def check_text(text: Any, where: str, max_chars: int = MAX_CHARS) -> str:
    """Refuse empty, non-string and oversized article text."""
    if not isinstance(text, str):
        raise InputError(f"{where}: 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}: the article text is empty")
    if len(text) > max_chars:
        raise InputError(
            f"{where}: the article is {len(text):,} characters, over the limit of {max_chars:,}; "
            "split it into articles or raise the limit (--max-chars)"
        )
    return text


def make_article(record: Any, where: str, max_chars: int = MAX_CHARS) -> Article:
    """Build an input article from a JSON object `{"id", "text", "title"?, "published"?}`."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    text = check_text(record.get("text"), where, max_chars)
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f"{where}: 'title' must be a string or null")
    ident = record.get("id")
    return Article(
        text=text,
        id=None if ident is None else str(ident),
        title=title,
        published=check_date(record.get("published"), where),
    )


def read_text_file(path: Path) -> str:
    """Read a UTF-8 file, turning decoding and OS errors into InputError."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); convert it to UTF-8 first") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def iter_jsonl(stream: Iterable[str], name: str) -> Iterator[tuple[str, Any]]:
    """Yield `(where, object)` for each non-blank JSON line; a broken line raises."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None


def read_articles(path: str, published: str | None = None, max_chars: int = MAX_CHARS,
                  stdin: TextIO | None = None) -> Iterator[Article]:
    """Articles from a `.txt` file (one article), a `.jsonl` file, or `-` (JSON Lines on stdin)."""
    published = check_date(published, "--published")
    if path == "-":
        if stdin is None:
            raise InputError("-: no standard input to read")
        records: Iterable[tuple[str, Any]] = iter_jsonl(stdin, "<stdin>")
    else:
        file = Path(path)
        if not file.exists():
            raise InputError(f"{path}: no such file")
        content = read_text_file(file)
        if file.suffix == ".jsonl":
            records = iter_jsonl(content.splitlines(), path)
        else:
            text = check_text(content, path, max_chars)
            yield Article(text=text, id=file.stem, title=None, published=published)
            return
    for where, record in records:
        article = make_article(record, where, max_chars)
        if article.published is None:
            article.published = published
        yield article


def _speaker(value: Any, where: str) -> Speaker | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        raise DataError(f"{where}: speaker must be null or an object with a non-empty 'name'")
    if value.get("kind") not in SPEAKER_KINDS:
        raise DataError(f"{where}: speaker kind {value.get('kind')!r} is not one of {', '.join(SPEAKER_KINDS)}")
    return Speaker.from_dict(value)


def _event(value: Any, where: str) -> Event:
    if not isinstance(value, dict):
        raise DataError(f"{where}: each event must be an object")
    missing = [name for name in EVENT_FIELDS if name not in value]
    if missing:
        raise DataError(f"{where}: event is missing fields {missing} (every event carries every field)")
    if value["type"] not in EVENT_TYPES:
        raise DataError(f"{where}: event type {value['type']!r} is not one of {', '.join(EVENT_TYPES)}")
    if value["date"] is not None:
        try:
            dt.date.fromisoformat(value["date"])
        except (TypeError, ValueError):
            raise DataError(f"{where}: event date {value['date']!r} is not an ISO date") from None
    return Event(**{name: value[name] for name in EVENT_FIELDS})


def parse_labelled(record: Any, where: str, source: str = "") -> LabelledArticle:
    """Check one annotation-format object and return it as a LabelledArticle."""
    if not isinstance(record, dict):
        raise DataError(f"{where}: expected a JSON object")
    for key in ("id", "text", "sentences"):
        if key not in record:
            raise DataError(f"{where}: missing required field {key!r}")
    text = record["text"]
    try:
        check_text(text, where)
        published = check_date(record.get("published"), where)
    except InputError as exc:
        raise DataError(exc.message) from None
    events = [_event(e, f"{where} event {i}") for i, e in enumerate(record.get("events") or [])]
    event_ids = {e.id for e in events}
    sentences: list[Sentence] = []
    cursor = 0
    for i, raw in enumerate(record["sentences"]):
        here = f"{where} sentence {i}"
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"]:
            raise DataError(f"{here}: each sentence needs a non-empty 'text'")
        start = text.find(raw["text"], cursor)
        if start < 0:
            raise DataError(f"{here}: sentence text is not found (in order) in the article text")
        if text[cursor:start].strip():
            raise DataError(f"{here}: text before this sentence is not covered by any sentence")
        end = start + len(raw["text"])
        if "start" in raw and (raw.get("start"), raw.get("end")) != (start, end):
            raise DataError(f"{here}: offsets {raw.get('start')}-{raw.get('end')} do not match the text")
        labels = raw.get("labels", [])
        if not isinstance(labels, list):
            raise DataError(f"{here}: 'labels' must be a list")
        unknown = [label for label in labels if label not in LABELS]
        if unknown:
            raise DataError(f"{here}: unknown label(s) {unknown}; known labels: {', '.join(LABELS)}")
        event = raw.get("event")
        if event is not None and event not in event_ids:
            raise DataError(f"{here}: event {event!r} is not among the article's events")
        sentences.append(Sentence(text=raw["text"], start=start, end=end, labels=sorted(set(labels)),
                                  speaker=_speaker(raw.get("speaker"), here), event=event))
        cursor = end
    if text[cursor:].strip():
        raise DataError(f"{where}: text after the last sentence is not covered by any sentence")
    return LabelledArticle(id=str(record["id"]), text=text, sentences=sentences, events=events,
                           title=record.get("title"), published=published, source=source)


def read_labelled(paths: Iterable[str | Path]) -> list[LabelledArticle]:
    """Read labelled JSONL files (or directories of them); article ids must be unique."""
    articles: list[LabelledArticle] = []
    seen: dict[str, str] = {}
    for path in expand_paths(paths):
        with open_text(path) as stream:
            for where, record in iter_jsonl(stream, str(path)):
                try:
                    article = parse_labelled(record, where, source=path.name)
                except InputError as exc:
                    raise DataError(exc.message) from None
                if article.id in seen:
                    raise DataError(f"{where}: article id {article.id!r} already used at {seen[article.id]}")
                seen[article.id] = where
                articles.append(article)
    if not articles:
        raise DataError("no labelled articles found in " + ", ".join(str(p) for p in paths))
    return articles


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the `*.jsonl` files under any directory, in sorted order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(path.rglob("*.jsonl")))
        elif path.exists():
            out.append(path)
        else:
            raise DataError(f"{path}: no such file or directory")
    return out


def open_text(path: Path) -> TextIO:
    """Open a UTF-8 text file, with decoding errors reported as DataError."""
    try:
        return io.StringIO(read_text_file(path))
    except InputError as exc:
        raise DataError(exc.message) from None
