"""The analyzer: article text in, `Analysis` out (sentences, speakers, labels, evidence).

Work is batched: articles are tokenised with `nlp.pipe`, and all sentences of
a batch go through the classifier in one call.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from .attribution import Attributor
from .classifier import StanceClassifier, statement
from .corpus import MAX_CHARS, check_date, check_text
from .errors import InputError
from .events import extract_events
from .model import load_model
from .parallel import map_ordered
from .records import LABELS, Analysis, Article, Evidence, RuleHit, Sentence, Span, Speaker
from .rules import Lexicon, default_lexicon
from .segment import segment_many


class Analyzer:
    """Segments, attributes and labels articles with a trained classifier."""

    def __init__(self, classifier: StanceClassifier, manifest: dict[str, Any] | None = None,
                 attributor: Attributor | None = None, lexicon: Lexicon | None = None,
                 max_chars: int = MAX_CHARS) -> None:
        self.classifier = classifier
        self.manifest = manifest or {}
        self.attributor = attributor or Attributor()
        self.lexicon = lexicon or default_lexicon()
        self.max_chars = max_chars

    @classmethod
    def load(cls, path: str | Path | None = None) -> Analyzer:
        """The analyzer with the model at `path` (default: `models/default.joblib`)."""
        classifier, manifest = load_model(Path(path) if path is not None else None)
        return cls(classifier, manifest)

    def analyze(self, text: str, published: str | None = None, title: str | None = None,
                id: str | None = None) -> Analysis:
        """Analyse one article."""
        return next(self.pipe([Article(text=text, id=id, title=title, published=published)]))

    def pipe(self, articles: Iterable[Article | dict[str, Any] | str], batch_size: int = 32,
             n_process: int = 1) -> Iterator[Analysis]:
        """Analyse many articles lazily, in batches; yields one `Analysis` per article, in order.

        With `n_process` > 1, batches are analysed in that many worker processes (one per core pays; the
        output is the same).
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be 1 or more, got {batch_size}")
        stream = (self._article(a, i) for i, a in enumerate(articles))
        batches = iter(lambda: list(islice(stream, batch_size)), [])
        for analyses in map_ordered(self._batch, batches, n_process):
            yield from analyses

    def _article(self, item: Article | dict[str, Any] | str, index: int) -> Article:
        if isinstance(item, str):
            item = Article(text=item)
        elif isinstance(item, dict):
            item = Article(text=item.get("text"), id=item.get("id"), title=item.get("title"),
                           published=item.get("published"))
        if not isinstance(item, Article):
            raise InputError(f"article {index}: expected text, a dict or an Article, got {type(item).__name__}")
        where = f"article {item.id if item.id is not None else index}"
        check_text(item.text, where, self.max_chars)
        check_date(item.published, where)
        return item

    def _batch(self, articles: list[Article]) -> list[Analysis]:
        with _collector_paused():
            all_spans = list(segment_many([a.text for a in articles]))
            return self.label(articles, all_spans)

    def label(self, articles: list[Article], all_spans: list[list[Span]]) -> list[Analysis]:
        """Attribute and label given sentence spans (used with gold spans in training)."""
        items, statements = featurize(articles, all_spans, self.attributor, self.lexicon)
        analyses = [Analysis(a.id, a.title, a.published, a.text, []) for a in articles]
        if not statements:
            return analyses
        features = self.classifier.transform(statements)
        proba = self.classifier.proba(features)
        emitted = self.classifier.decide(statements, proba)
        explained = proba >= self.classifier.thresholds_
        # model evidence for every (sentence, label) the model itself supports, one batch per label
        reasons: dict[tuple[int, int], list[str]] = {}
        shown = self.classifier.readable(features)
        for j, label in enumerate(LABELS):
            supported = np.flatnonzero(emitted[:, j].astype(bool) & explained[:, j])
            tops = self.classifier.explain(shown, label, rows=supported)
            for row, top in zip(supported.tolist(), tops, strict=True):
                reasons[row, j] = top
        # plain Python rows: indexing numpy arrays element by element costs more than the records
        for row, ((index, span, speaker, hits), inputs, flags, scores) in enumerate(
                zip(items, statements, emitted.tolist(), proba.tolist(), strict=True)):
            labels = [label for label, flag in zip(LABELS, flags, strict=True) if flag]
            evidence: list[Evidence] = []
            for label in labels:
                evidence += [Evidence(label, "rule", h.rule_id, h.match) for h in hits if h.label == label]
                top = reasons.get((row, LABELS.index(label)))
                if top is not None:
                    evidence.append(Evidence(label, "model", features=tuple(top)))
            analyses[index].sentences.append(Sentence(
                text=inputs["text"], start=span.start, end=span.end, labels=labels,
                scores=dict(zip(LABELS, scores, strict=True)), evidence=evidence, speaker=speaker, event=None,
            ))
        for analysis in analyses:
            analysis.events, links = extract_events(analysis.text, analysis.sentences, analysis.published,
                                                    analysis.title)
            for sentence, link in zip(analysis.sentences, links, strict=True):
                sentence.event = link
        return analyses


Row = tuple[int, Span, Speaker | None, list[RuleHit]]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a batch runs.

    A batch makes tens of thousands of small acyclic records; each few hundred set off a collection that walks
    every live object, the loaded model included. Reference counting frees the records all the same; the
    collector runs again once the batch is done. Whoever found it enabled turns it back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def featurize(articles: list[Article], all_spans: list[list[Span]], attributor: Attributor,
              lexicon: Lexicon) -> tuple[list[Row], list[dict[str, Any]]]:
    """Speakers, rule hits and classifier inputs for every sentence span of the articles."""
    rows: list[Row] = []
    statements: list[dict[str, Any]] = []
    for index, (article, spans) in enumerate(zip(articles, all_spans, strict=True)):
        speakers = attributor.attribute(article.text, spans, article.title)
        for span, speaker in zip(spans, speakers, strict=True):
            text = article.text[span.start:span.end]
            hits = lexicon.match(text, speaker is not None)
            rows.append((index, span, speaker, hits))
            statements.append(statement(text, speaker, hits))
    return rows, statements
