"""Quick label check: grouped k-fold of the classifier and cues alone, on gold sentence spans.

Skips segmentation and events, so a run takes minutes instead of the full
`stance evaluate`; figures differ from it only by segmentation. Two checks:
`gold` (folds over the gold articles, written ones always train) and
`written` (one fold per written file among `--held`, gold and the other
written files train), the guard that a change does not only fit the gold set.
Run: `python bench/label_folds.py gold --errors`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from stance.classifier import StanceClassifier
from stance.corpus import LabelledArticle, read_labelled
from stance.records import LABELS
from stance.train import training_set


def _scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    out = {}
    for j, label in enumerate(LABELS):
        total = truth[:, j].sum() + predicted[:, j].sum()
        out[label] = 2 * int((truth[:, j] & predicted[:, j]).sum()) / total if total else 0.0
    out["micro"] = 2 * int((truth & predicted).sum()) / (truth.sum() + predicted.sum())
    out["macro"] = float(np.mean([out[label] for label in LABELS]))
    return out


def run(articles: list[LabelledArticle], test_group: dict[str, str], folds: int,
        errors: bool = False) -> dict[str, float]:
    """Held-out scores over the articles named in `test_group` (article id -> fold group); the rest always train."""
    X, labels, groups = training_set(articles)
    Y = np.array([[int(label in row) for label in LABELS] for row in labels])
    fold = np.array([test_group.get(g, "") for g in groups])
    tested = np.flatnonzero(fold != "")
    predicted = np.zeros_like(Y)
    for _, test in GroupKFold(n_splits=folds).split(tested, groups=fold[tested]):
        held = set(fold[tested[test]])
        train = [i for i in range(len(X)) if fold[i] not in held]
        classifier = StanceClassifier().fit([X[i] for i in train], [labels[i] for i in train],
                                            groups=[groups[i] for i in train])
        predicted[tested[test]] = classifier.predict([X[i] for i in tested[test]])
    if errors:
        for i in tested:
            if (Y[i] != predicted[i]).any():
                gold = [label for j, label in enumerate(LABELS) if Y[i, j]]
                got = [label for j, label in enumerate(LABELS) if predicted[i, j]]
                print(f"[{groups[i]}] gold={gold} predicted={got} meta={X[i]['meta']}\n    {X[i]['text']}")
    return _scores(Y[tested], predicted[tested])


def main() -> None:
    """Parse arguments, run one check, print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", choices=["gold", "written"])
    parser.add_argument("--seeds", default="seeds")
    parser.add_argument("--held", default="abcdefg", help="letters of the written files held out by `written`")
    parser.add_argument("--errors", action="store_true", help="print the wrong held-out sentences")
    args = parser.parse_args()
    articles = read_labelled([Path(args.seeds)])
    if args.check == "gold":
        tests = {a.id: a.id for a in articles if a.source.startswith("gold-")}
    else:
        held = {f"written-{letter}.jsonl" for letter in args.held}
        tests = {a.id: a.source for a in articles if a.source in held}
    folds = 5 if args.check == "gold" else len(set(tests.values()))
    scores = run(articles, tests, folds, args.errors)
    print(args.check, " ".join(f"{name}={value:.3f}" for name, value in scores.items()))


if __name__ == "__main__":
    main()
