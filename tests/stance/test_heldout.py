"""Accuracy on held-out articles: grouped folds over the gold files, whole pipeline.

These are regression guards set below the figures in the README (measured
with 5 folds); the issue's own floors are reported by `stance evaluate`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stance.corpus import read_labelled
from stance.evaluate import Report, cross_validate

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def report() -> Report:
    articles = read_labelled([SEEDS])
    return cross_validate(articles, folds=3, is_test=lambda a: a.source.startswith("gold-"))


def test_heldout_labels(report: Report) -> None:
    assert report.articles == 42
    assert report.micro_f1 >= 0.72
    assert report.macro_f1 >= 0.70


def test_heldout_speakers_and_boundaries(report: Report) -> None:
    assert report.speaker_accuracy >= 0.88
    assert report.boundary_f1 >= 0.97


def test_heldout_events(report: Report) -> None:
    assert report.events is not None
    assert report.events.link_accuracy >= 0.83
    assert report.events.fact_accuracy >= 0.92
