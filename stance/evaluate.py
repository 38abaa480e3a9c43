"""Evaluation on held-out articles: grouped k-fold, so no article is in both train and test.

Each fold trains on the other articles and runs the whole analyzer (our own
segmentation included) on the held-out texts; predictions are aligned to the
gold sentences by character overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold
from tqdm import tqdm

from . import train as training
from .analyzer import Analyzer
from .corpus import LabelledArticle
from .event_eval import EventReport, align, score_events
from .records import LABELS, Analysis, Sentence, Speaker

_STOP = frozenset({"the", "of", "s", "for", "and"})


def _name_words(name: str) -> set[str]:
    name = re.sub(r"[^\w\s]", " ", name.lower().replace("’", "'"))
    return {w for w in name.split() if w not in _STOP}


def speaker_matches(gold: Speaker | None, predicted: Speaker | None) -> bool:
    """Same speaker: both none, or names equal up to case, punctuation and one being a part of the other.

    "Defense Ministry" matches "Japanese Defense Ministry" and "Matsuno" matches
    "Hirokazu Matsuno"; "Japan" does not match "Fumio Kishida".
    """
    if gold is None or predicted is None:
        return gold is None and predicted is None
    a, b = _name_words(gold.name), _name_words(predicted.name)
    return bool(a and b) and (a <= b or b <= a)


@dataclass
class Report:
    """Held-out figures: per-label P/R/F1, micro and macro F1, speakers, boundaries, confusion."""

    per_label: dict[str, dict[str, float]]
    micro_f1: float
    macro_f1: float
    speaker_accuracy: float
    speaker_accuracy_all: float
    boundary_f1: float
    confusion: dict[str, dict[str, int]]
    articles: int
    sentences: int
    folds: int
    notes: list[str] = field(default_factory=list)
    events: EventReport | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "events"}
        if self.events is not None:
            out["events"] = self.events.to_dict()
        return out

    def format(self) -> str:
        lines = [f"held-out evaluation: {self.articles} articles, {self.sentences} sentences, {self.folds} folds",
                 f"{'label':<20}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
        for label, m in self.per_label.items():
            lines.append(f"{label:<20}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>10.3f}{m['support']:>10.0f}")
        lines += [f"micro-F1 {self.micro_f1:.3f}   macro-F1 {self.macro_f1:.3f}",
                  f"speaker accuracy on labelled statements {self.speaker_accuracy:.3f} "
                  f"(all sentences {self.speaker_accuracy_all:.3f})",
                  f"sentence-boundary F1 {self.boundary_f1:.3f}",
                  "confusion (rows gold, columns predicted; 'none' = no label):"]
        names = [*LABELS, "none"]
        lines.append(" " * 20 + "".join(f"{n[:9]:>10}" for n in names))
        for g in names:
            lines.append(f"{g:<20}" + "".join(f"{self.confusion[g][p]:>10}" for p in names))
        if self.events is not None:
            lines.append(self.events.format())
        return "\n".join(lines + self.notes)


def _aligned(gold: list[Sentence], predicted: list[Sentence]) -> list[Sentence | None]:
    """For each gold sentence, the predicted sentence that overlaps it most."""
    return [predicted[k] if k is not None else None for k in align(gold, predicted)]


def score(gold_articles: list[LabelledArticle], analyses: list[Analysis], folds: int = 0) -> Report:
    """Compare analyses with the gold articles they were made from."""
    truth, pred = [], []
    speaker_ok = speaker_n = speaker_all_ok = 0
    boundary_tp = boundary_pred = boundary_gold = 0
    names = [*LABELS, "none"]
    confusion = {g: dict.fromkeys(names, 0) for g in names}
    for article, analysis in zip(gold_articles, analyses, strict=True):
        gold_spans = {(s.start, s.end) for s in article.sentences}
        pred_spans = {(s.start, s.end) for s in analysis.sentences}
        boundary_tp += len(gold_spans & pred_spans)
        boundary_gold += len(gold_spans)
        boundary_pred += len(pred_spans)
        for g, p in zip(article.sentences, _aligned(article.sentences, analysis.sentences), strict=True):
            labels = p.labels if p else []
            truth.append([int(label in g.labels) for label in LABELS])
            pred.append([int(label in labels) for label in LABELS])
            for gl in g.labels or ["none"]:
                for pl in labels or ["none"]:
                    confusion[gl][pl] += 1
            same = speaker_matches(g.speaker, p.speaker if p else None)
            speaker_all_ok += same
            if g.labels:
                speaker_n += 1
                speaker_ok += same
    T, P = np.array(truth), np.array(pred)
    per_label: dict[str, dict[str, float]] = {}
    for j, label in enumerate(LABELS):
        tp = int((T[:, j] & P[:, j]).sum())
        precision = tp / P[:, j].sum() if P[:, j].sum() else 0.0
        recall = tp / T[:, j].sum() if T[:, j].sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": int(T[:, j].sum())}
    tp = int((T & P).sum())
    micro = 2 * tp / (T.sum() + P.sum()) if T.sum() + P.sum() else 0.0
    bp = boundary_tp / boundary_pred if boundary_pred else 0.0
    br = boundary_tp / boundary_gold if boundary_gold else 0.0
    return Report(per_label=per_label, micro_f1=float(micro),
                  macro_f1=float(np.mean([m["f1"] for m in per_label.values()])),
                  speaker_accuracy=speaker_ok / speaker_n if speaker_n else 0.0,
                  speaker_accuracy_all=speaker_all_ok / len(truth) if truth else 0.0,
                  boundary_f1=2 * bp * br / (bp + br) if bp + br else 0.0,
                  confusion=confusion, articles=len(gold_articles), sentences=len(truth), folds=folds)


def cross_validate(articles: list[LabelledArticle], folds: int = 5,
                   is_test: Callable[[LabelledArticle], bool] = lambda a: True,
                   progress: bool = False, **params: Any) -> Report:
    """Grouped k-fold: each fold's test articles (among those `is_test` accepts) are never trained on.

    Articles `is_test` refuses (for example data written to grow the training
    set) are used for training in every fold and never for testing.
    """
    testable = [a for a in articles if is_test(a)]
    train_only = [a for a in articles if not is_test(a)]
    folds = min(folds, len(testable))
    if folds < 2:
        raise ValueError("cross-validation needs at least two testable articles")
    ordered_gold: list[LabelledArticle] = []
    analyses: list[Analysis] = []
    splitter = GroupKFold(n_splits=folds)
    groups = [a.id for a in testable]
    splits = list(splitter.split(testable, groups=groups))
    for train_idx, test_idx in tqdm(splits, desc="folds", disable=not progress):
        classifier = training.fit([testable[i] for i in train_idx] + train_only, **params)
        analyzer = Analyzer(classifier)
        test = [testable[i] for i in test_idx]
        analyses += list(analyzer.pipe([a.article for a in test]))
        ordered_gold += test
    report = score(ordered_gold, analyses, folds)
    report.events = score_events(ordered_gold, analyses)
    return report
