import pickle

import numpy as np
import pytest
from sklearn.base import clone

from stance.classifier import NARRATION, StanceClassifier, statement
from stance.errors import DataError, ModelError
from stance.model import load_model, save_model
from stance.records import LABELS, RuleHit, Speaker


def test_classifier_overfits_tiny_set(overfit_classifier, tiny_statements) -> None:
    X, y = tiny_statements
    predicted = overfit_classifier.predict(X)
    expected = np.array([[int(label in row) for label in LABELS] for row in y])
    assert (predicted == expected).all()


def test_classifier_survives_clone(overfit_classifier, tiny_statements) -> None:
    copy = clone(overfit_classifier)
    assert copy.get_params() == overfit_classifier.get_params()
    assert not hasattr(copy, "models_")
    X, y = tiny_statements
    assert (copy.fit(X, y).predict(X) == overfit_classifier.predict(X)).all()


def test_classifier_survives_pickle(overfit_classifier, tiny_statements) -> None:
    X, _ = tiny_statements
    restored = pickle.loads(pickle.dumps(overfit_classifier))
    assert np.allclose(restored.predict_proba(X), overfit_classifier.predict_proba(X))


def test_classifier_refuses_unknown_labels(tiny_statements) -> None:
    X, y = tiny_statements
    y = [list(row) for row in y]
    y[0] = ["praise"]
    with pytest.raises(DataError, match="unknown label"):
        StanceClassifier(threshold_folds=0).fit(X, y)


def test_classifier_predict_before_fit_fails(tiny_statements) -> None:
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        StanceClassifier().predict_proba(tiny_statements[0])


def test_classifier_explains_with_top_features(overfit_classifier) -> None:
    x = {"text": "Japan condemned the launch.", "meta": ["spk=person"]}
    [top] = overfit_classifier.explain(overfit_classifier.transform([x]), "condemnation")
    assert top and any("condemn" in feature for feature in top)


def test_classifier_batch_explanations_rank_contributions_per_row(overfit_classifier, tiny_statements) -> None:
    X, _ = tiny_statements
    features = overfit_classifier.transform(X)
    coef = overfit_classifier.models_[0].coef_[0]
    rows = [2, 0]
    for row, top in zip(rows, overfit_classifier.explain(features, LABELS[0], k=2, rows=rows), strict=True):
        line = features[row]
        names = overfit_classifier.feature_names_
        readable = overfit_classifier._readable()  # words and meta tokens; character n-grams are not shown
        contribution = {names[c]: v * coef[c] for c, v in zip(line.indices, line.data, strict=True) if readable[c]}
        best = sorted((f for f in contribution if contribution[f] > 0), key=contribution.get, reverse=True)[:2]
        assert top == best


def test_readable_part_keeps_only_shown_entries_and_the_same_explanations(overfit_classifier, tiny_statements) -> None:
    X, _ = tiny_statements
    features = overfit_classifier.transform(X)
    shown = overfit_classifier.readable(features)
    readable = overfit_classifier._readable()
    assert shown.shape == features.shape and 0 < shown.nnz < features.nnz
    assert readable[shown.indices].all()
    assert (shown - features.multiply(readable[np.newaxis, :])).nnz == 0  # nothing readable lost
    rows = list(range(len(X)))
    for label in LABELS:
        assert overfit_classifier.explain(shown, label, rows=rows) == overfit_classifier.explain(features, label,
                                                                                                  rows=rows)


def test_model_save_load_keeps_predictions(overfit_classifier, tiny_statements, tmp_path) -> None:
    X, _ = tiny_statements
    path = tmp_path / "tiny.joblib"
    manifest = save_model(overfit_classifier, path, {"metrics": {}})
    loaded, read = load_model(path)
    assert read["sha256"] == manifest["sha256"]
    assert np.allclose(loaded.predict_proba(X), overfit_classifier.predict_proba(X))


def test_model_tampered_file_is_refused(overfit_classifier, tmp_path) -> None:
    path = tmp_path / "tiny.joblib"
    save_model(overfit_classifier, path, {})
    with path.open("ab") as stream:
        stream.write(b"tampered")
    with pytest.raises(ModelError, match="does not match its manifest"):
        load_model(path)


def test_model_incompatible_version_is_refused(overfit_classifier, tmp_path) -> None:
    import json

    path = tmp_path / "tiny.joblib"
    save_model(overfit_classifier, path, {})
    manifest_file = path.with_suffix(".json")
    manifest = json.loads(manifest_file.read_text())
    manifest["versions"]["scikit-learn"] = "0.1.0"
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="scikit-learn"):
        load_model(path)


_MINISTER = Speaker("Taro Aso", "person", "Minister", "Japan")


@pytest.mark.parametrize(
    ("text", "speaker", "narration"),
    [
        ("The two navies shared tracking data on the launch.", None, True),
        ("Seoul will share tracking data with Tokyo, officials said.", None, False),
        ('"We will share tracking data with Tokyo."', None, False),
        ("The minister will share tracking data with Tokyo.", _MINISTER, False),
        ("The United States and its allies shared tracking data.", None, True),
        ("The allies switched on a warning system for sharing data.", None, True),
        ("We will share tracking data with our partners.", None, False),
        ("Tokyo reaffirmed its pledge to share tracking data.", None, False),
        ("According to the ministry, the allies share tracking data.", None, False),
    ],
)
def test_classifier_statement_marks_narration(text: str, speaker: Speaker | None, narration: bool) -> None:
    assert (NARRATION in statement(text, speaker, [])["meta"]) is narration


@pytest.mark.parametrize(
    ("text", "hedged"),
    [("The missile could reach Guam.", True), ("The test appears designed to pressure Seoul.", True),
     ("The missile flew 900 km.", False)],
)
def test_classifier_statement_marks_hedges(text: str, hedged: bool) -> None:
    assert ("hedge" in statement(text, None, [])["meta"]) is hedged


def test_classifier_does_not_emit_voiced_labels_in_narration(overfit_classifier) -> None:
    hit = RuleHit("coop.share", "cooperation_pledge", "shared data", 0, 11, True)
    narrated = statement("The allies shared data.", None, [hit])
    voiced = statement("The allies shared data.", _MINISTER, [hit])
    proba = np.ones((2, len(LABELS)))
    emitted = overfit_classifier.decide([narrated, voiced], proba)
    j = LABELS.index("cooperation_pledge")
    assert emitted[0, j] == 0 and emitted[1, j] == 1
    assert emitted[0, LABELS.index("condemnation")] == 1


def test_classifier_refuses_unknown_voiced_labels(tiny_statements) -> None:
    X, y = tiny_statements
    with pytest.raises(ValueError, match="voiced_labels"):
        StanceClassifier(threshold_folds=0, voiced_labels=("praise",)).fit(X, y)


@pytest.mark.parametrize(
    ("text", "speaker", "token", "present"),
    [
        ("The launch appears designed to test the new government.", None, "narration=hedge", True),
        ("The launch appears designed to test the new government, he said.", None, "narration=hedge", False),
        ("The missile flew 900 km.", None, "narration=hedge", False),
    ],
)
def test_classifier_statement_marks_hedged_narration(text: str, speaker: Speaker | None, token: str,
                                                               present: bool) -> None:
    assert (token in statement(text, speaker, [])["meta"]) is present

