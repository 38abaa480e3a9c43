"""Throughput of the analyzer against spaCy's bare blank("en") tokenizer, on the same texts in one run.

Prints words/s and sentences/s for both and their ratio. Run: `make bench`
(or `python bench/throughput.py --repeat 3`).
"""

from __future__ import annotations

import argparse
import time

import spacy

from stance.analyzer import Analyzer
from stance.corpus import read_labelled


def _texts(copies: int) -> list[str]:
    base = [a.text for a in read_labelled(["seeds/"])]
    return base * copies


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=5, help="times the labelled corpus is repeated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best is kept)")
    parser.add_argument("--model", default=None, help="model file (default: models/default.joblib)")
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


if __name__ == "__main__":
    main()
