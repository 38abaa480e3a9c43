"""Throughput of the analyzer against spaCy's bare blank("en") tokenizer, on the same texts in one run.

Prints words/s and sentences/s for both and their ratio (the headline), then
each stage's time in units of the tokenizer's, all measured in the same run
(best of `--repeat`), so the figures compare on a loaded machine. Run:
`make bench` (or `python bench/throughput.py --copies 3 --repeat 3`).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import spacy

from stance.analyzer import Analyzer, featurize
from stance.corpus import read_labelled
from stance.events import extract_events
from stance.records import Article, Span, Speaker
from stance.segment import segment_many


def _texts(copies: int) -> list[str]:
    base = [a.text for a in read_labelled(["seeds/"])]
    return base * copies


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


class _Given:
    """An attributor that hands back speakers found before, so cue matching is timed on its own."""

    def __init__(self, speakers: list[list[Speaker | None]]) -> None:
        self._speakers = iter(speakers)

    def attribute(self, text: str, spans: list[Span], title: str | None = None) -> list[Speaker | None]:
        return next(self._speakers)


def _stages(analyzer: Analyzer, texts: list[str], repeat: int) -> dict[str, float]:
    """Seconds per stage, each run alone on the previous stage's output."""
    articles = [Article(text=t) for t in texts]
    spans = list(segment_many(texts))
    speakers = [analyzer.attributor.attribute(a.text, s, a.title) for a, s in zip(articles, spans, strict=True)]
    _, statements = featurize(articles, spans, _Given(speakers), analyzer.lexicon)
    features = analyzer.classifier.transform(statements)
    analyses = analyzer.label(articles, spans)
    classifier = analyzer.classifier
    return {
        "segmentation (incl. tokenizer)": _best(lambda: list(segment_many(texts)), repeat),
        "attribution": _best(lambda: [analyzer.attributor.attribute(a.text, s, a.title)
                                      for a, s in zip(articles, spans, strict=True)], repeat),
        "cues + statement features": _best(lambda: featurize(articles, spans, _Given(speakers), analyzer.lexicon),
                                           repeat),
        "TF-IDF transform": _best(lambda: classifier.transform(statements), repeat),
        "logistic regression": _best(lambda: classifier.proba(features), repeat),
        "events": _best(lambda: [extract_events(a.text, a.sentences, a.published, a.title) for a in analyses],
                        repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=5, help="times the labelled corpus is repeated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best is kept)")
    parser.add_argument("--model", default=None, help="model file (default: models/default.joblib)")
    parser.add_argument("--no-stages", action="store_true", help="print the headline only")
    args = parser.parse_args()
    texts = _texts(args.copies)
    nlp = spacy.blank("en")
    analyzer = Analyzer.load(args.model)
    words = sum(len(doc) for doc in nlp.pipe(texts))
    sentences = sum(len(a.sentences) for a in analyzer.pipe(texts))
    bare = _best(lambda: list(nlp.pipe(texts, batch_size=64)), args.repeat)
    full = _best(lambda: list(analyzer.pipe(texts, batch_size=64)), args.repeat)
    print(f"corpus: {len(texts)} articles, {words:,} tokens, {sentences:,} sentences")
    print(f"{'':<28}{'seconds':>10}{'words/s':>12}{'sentences/s':>14}")
    print(f"{'spaCy blank(en) tokenizer':<28}{bare:>10.3f}{words / bare:>12,.0f}{sentences / bare:>14,.0f}")
    print(f"{'stance analyzer':<28}{full:>10.3f}{words / full:>12,.0f}{sentences / full:>14,.0f}")
    print(f"ratio analyzer/tokenizer: {bare / full:.1%} (target >= 25%)")
    if args.no_stages:
        return
    stages = _stages(analyzer, texts, args.repeat)
    stages["the rest (decisions, evidence, records)"] = full - sum(stages.values())
    stages["whole analyzer"] = full
    print("stages, in units of the tokenizer's time (same run):")
    for name, seconds in stages.items():
        print(f"  {name:<42}{seconds / bare:>7.2f}")


if __name__ == "__main__":
    main()
