"""Ingesting article files (.txt, .jsonl) into the store from the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from stance.corpus import MAX_CHARS, iter_jsonl, make_article, read_articles, read_text_file
from stance.errors import InputError
from stance.records import Article

from .runtime import ModelHolder
from .store import Store, content_hash


@dataclass
class Outcome:
    """What happened to one article: stored as a new document, or found already stored."""

    document: int
    created: bool
    where: str


def read_sources(path: str, max_chars: int = MAX_CHARS) -> list[tuple[Article, str]]:
    """Every article of a file with its source (a record's `source_url`/`source`, else the file).

    All are read first, so a broken line refuses the whole file before anything is stored.
    """
    if not path.endswith(".jsonl"):
        return [(article, path) for article in read_articles(path, max_chars=max_chars)]
    file = Path(path)
    if not file.exists():
        raise InputError(f"{path}: no such file")
    out = []
    for where, record in iter_jsonl(read_text_file(file).splitlines(), path):
        article = make_article(record, where, max_chars)
        source = record.get("source_url") or record.get("source") or where
        out.append((article, str(source)))
    return out


def ingest_paths(store: Store, paths: Iterable[str], load_model: Callable[[], ModelHolder],
                 max_chars: int = MAX_CHARS) -> list[Outcome]:
    """Store the articles of `paths`, skipping texts already stored; the model loads only if one is new."""
    batches = [(path, read_sources(path, max_chars)) for path in paths]
    model: ModelHolder | None = None
    outcomes = []
    for path, articles in batches:
        for article, source in articles:
            where = f"{path}:{article.id}" if article.id else path
            existing = store.find_document(content_hash(article.text))
            if existing is not None:
                outcomes.append(Outcome(existing.id, False, where))
                continue
            model = model or load_model()
            analysis = model.analyze(article.text, article.published, article.title)
            document, created = store.ingest(analysis, source, model.manifest.get("sha256"))
            outcomes.append(Outcome(document.id, created, where))
    return outcomes
