"""Training: labelled articles -> fitted classifier -> model file with manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .analyzer import featurize
from .attribution import Attributor
from .classifier import StanceClassifier
from .corpus import LabelledArticle
from .model import save_model
from .records import Span
from .rules import default_lexicon


def training_set(articles: list[LabelledArticle]) -> tuple[list[dict[str, Any]], list[list[str]], list[str]]:
    """Statements (with predicted speakers and rule hits, as at run time), gold labels, article groups."""
    spans = [[Span(s.start, s.end) for s in a.sentences] for a in articles]
    rows, statements = featurize([a.article for a in articles], spans, Attributor(), default_lexicon())
    labels = [s.labels for a in articles for s in a.sentences]
    groups = [articles[index].id for index, *_ in rows]
    return statements, labels, groups


def fit(articles: list[LabelledArticle], **params: Any) -> StanceClassifier:
    """A classifier fitted on the articles' gold sentences."""
    statements, labels, groups = training_set(articles)
    return StanceClassifier(**params).fit(statements, labels, groups=groups)


def data_hash(articles: list[LabelledArticle]) -> str:
    """A hash of the training data's content, recorded in the manifest."""
    digest = hashlib.sha256()
    for a in sorted(articles, key=lambda a: a.id):
        digest.update(json.dumps([a.id, a.text, [(s.text, s.labels) for s in a.sentences]]).encode())
    return digest.hexdigest()


def train(articles: list[LabelledArticle], out: Path, metrics: dict[str, Any] | None = None,
          **params: Any) -> dict[str, Any]:
    """Fit on all articles and save to `out` with a manifest; returns the manifest."""
    classifier = fit(articles, **params)
    extra = {"training_data": {"sha256": data_hash(articles), "articles": len(articles),
                               "sentences": sum(len(a.sentences) for a in articles),
                               "sources": sorted({a.source for a in articles})},
             "metrics": metrics or {}}
    return save_model(classifier, out, extra)
