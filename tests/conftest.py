"""Shared fixtures: a small labelled corpus built inline and a classifier overfitted on it."""

from __future__ import annotations

import pytest

from stance.classifier import StanceClassifier
from stance.corpus import LabelledArticle, parse_labelled

TINY = [
    {"id": "t1", "published": "2022-10-04", "title": None,
     "text": "Japan condemned the launch. Officials said there was no damage to ships. The missile flew 900 km.",
     "sentences": [
         {"text": "Japan condemned the launch.", "labels": ["condemnation"],
          "speaker": {"name": "Japan", "kind": "country", "role": None, "country": "Japan"}, "event": None},
         {"text": "Officials said there was no damage to ships.", "labels": ["reassurance"],
          "speaker": {"name": "Officials", "kind": "group", "role": None, "country": None}, "event": None},
         {"text": "The missile flew 900 km.", "labels": [], "speaker": None, "event": None}],
     "events": []},
    {"id": "t2", "published": None, "title": None,
     "text": "Seoul agreed to expand cooperation with Washington. Analysts said the missile could reach Guam.",
     "sentences": [
         {"text": "Seoul agreed to expand cooperation with Washington.", "labels": ["cooperation_pledge"],
          "speaker": {"name": "South Korea", "kind": "country", "role": None, "country": "South Korea"},
          "event": None},
         {"text": "Analysts said the missile could reach Guam.", "labels": ["threat_assessment"],
          "speaker": {"name": "Analysts", "kind": "group", "role": None, "country": None}, "event": None}],
     "events": []},
]


@pytest.fixture
def tiny_articles() -> list[LabelledArticle]:
    return [parse_labelled(record, f"tiny:{i}") for i, record in enumerate(TINY)]


@pytest.fixture
def tiny_statements() -> tuple[list[dict], list[list[str]]]:
    texts = {
        "condemnation": ["Japan condemned the launch.", "Seoul denounced the provocation.",
                         "The ministry slammed the test as unacceptable."],
        "reassurance": ["Officials said there was no damage.", "No threat to ships was reported by the ministry.",
                        "The minister said citizens are safe."],
        "cooperation_pledge": ["They agreed to expand cooperation.", "Tokyo will work closely with Washington.",
                               "The allies reaffirmed their ironclad alliance."],
        "threat_assessment": ["The missile could reach Guam.", "Analysts warned of a grave threat.",
                              "The weapon poses a serious danger to the region."],
    }
    X, y = [], []
    for label, sentences in texts.items():
        for text in sentences:
            X.append({"text": text, "meta": ["spk=person"]})
            y.append([label])
    X.append({"text": "The missile flew 900 km.", "meta": ["spk=none"]})
    y.append([])
    return X, y


@pytest.fixture
def overfit_classifier(tiny_statements) -> StanceClassifier:
    X, y = tiny_statements
    return StanceClassifier(C=100.0, threshold_folds=0).fit(X, y)
