"""Throughput of the analyzer against spaCy's bare blank("en") tokenizer, on the same texts in one run.

Prints words/s and sentences/s for both and their ratio (the headline), then
each stage's time in units of the tokenizer's, all measured in the same run
(best of `--repeat`), so the figures compare on a loaded machine. Run:
`make bench` (or `python bench/throughput.py --copies 3 --repeat 3`; add `--clock cpu` on a busy
machine).
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


def _best_of(jobs: dict[str, Callable[[], Any]], repeat: int, clock: Callable[[], float]) -> dict[str, float]:
    """Best seconds of each job over `repeat` rounds; each round runs every job once, so load drift hits all alike."""
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(repeat):
        for name, job in jobs.items():
            start = clock()
            job()
            best[name] = min(best[name], clock() - start)
    return best


class _Given:
    """An attributor that hands back speakers found before, so cue matching is timed on its own."""

    def __init__(self, speakers: list[list[Speaker | None]]) -> None:
        self._speakers = iter(speakers)

    def attribute(self, text: str, spans: list[Span], title: str | None = None) -> list[Speaker | None]:
        return next(self._speakers)


def _stages(analyzer: Analyzer, texts: list[str]) -> dict[str, Callable[[], Any]]:
    """A job per stage, each run alone on the previous stage's output."""
    articles = [Article(text=t) for t in texts]
    spans = list(segment_many(texts))
    speakers = [analyzer.attributor.attribute(a.text, s, a.title) for a, s in zip(articles, spans, strict=True)]
    _, statements = featurize(articles, spans, _Given(speakers), analyzer.lexicon)
    features = analyzer.classifier.transform(statements)
    analyses = analyzer.label(articles, spans)
    classifier = analyzer.classifier
    return {
        "segmentation (incl. tokenizer)": lambda: list(segment_many(texts)),
        "attribution": lambda: [analyzer.attributor.attribute(a.text, s, a.title)
                                for a, s in zip(articles, spans, strict=True)],
        "cues + statement features": lambda: featurize(articles, spans, _Given(speakers), analyzer.lexicon),
        "TF-IDF transform": lambda: classifier.transform(statements),
        "logistic regression": lambda: classifier.proba(features),
        "events": lambda: [extract_events(a.text, a.sentences, a.published, a.title) for a in analyses],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=5, help="times the labelled corpus is repeated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best is kept)")
    parser.add_argument("--model", default=None, help="model file (default: models/default.joblib)")
    parser.add_argument("--no-stages", action="store_true", help="print the headline only")
    parser.add_argument("--jobs", type=int, default=1, help="also time the analyzer over this many worker "
                        "processes (printed apart: the headline compares one process with one)")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="wall time, or this process's CPU time (steadier on a shared machine; "
                             "threads count in full, so no parallel speed-up is credited)")
    args = parser.parse_args()
    texts = _texts(args.copies)
    nlp = spacy.blank("en")
    analyzer = Analyzer.load(args.model)
    words = sum(len(doc) for doc in nlp.pipe(texts))
    sentences = sum(len(a.sentences) for a in analyzer.pipe(texts))
    jobs = {"tokenizer": lambda: list(nlp.pipe(texts, batch_size=64)),
            "analyzer": lambda: list(analyzer.pipe(texts, batch_size=64))}
    if args.jobs > 1:
        jobs["parallel"] = lambda: list(analyzer.pipe(texts, batch_size=64, n_process=args.jobs))
    if not args.no_stages:
        jobs.update(_stages(analyzer, texts))
    times = _best_of(jobs, args.repeat, time.perf_counter if args.clock == "wall" else time.process_time)
    bare, full, parallel = times.pop("tokenizer"), times.pop("analyzer"), times.pop("parallel", None)
    print(f"corpus: {len(texts)} articles, {words:,} tokens, {sentences:,} sentences")
    print(f"{'':<28}{'seconds':>10}{'words/s':>12}{'sentences/s':>14}")
    print(f"{'spaCy blank(en) tokenizer':<28}{bare:>10.3f}{words / bare:>12,.0f}{sentences / bare:>14,.0f}")
    print(f"{'stance analyzer':<28}{full:>10.3f}{words / full:>12,.0f}{sentences / full:>14,.0f}")
    print(f"ratio analyzer/tokenizer: {bare / full:.1%} (target >= 25%)")
    if parallel is not None:
        print(f"with --jobs {args.jobs}: {words / parallel:,.0f} words/s, {full / parallel:.2f}x one process "
              f"(workers start inside the timing)")
    if args.no_stages:
        return
    times["the rest (decisions, evidence, records)"] = full - sum(times.values())
    times["whole analyzer"] = full
    print("stages, in units of the tokenizer's time (same run, measured in turns with it):")
    for name, seconds in times.items():
        print(f"  {name:<42}{seconds / bare:>7.2f}")
    # the fixed shape (tokenizer segmentation, n-gram TF-IDF, LR, records) is paid before any speaker or event rule
    floor = full - times["attribution"] - times["events"]
    print(f"the analyzer without attribution and events: {floor / bare:.2f} units ({bare / floor:.1%}); "
          f"the 25% target (4 units) leaves {max(0.0, 4 - floor / bare):.2f} units for both")


if __name__ == "__main__":
    main()
