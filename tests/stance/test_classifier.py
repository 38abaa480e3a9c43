import pickle

import numpy as np
import pytest
from sklearn.base import clone

from stance.classifier import StanceClassifier
from stance.errors import DataError, ModelError
from stance.model import load_model, save_model
from stance.records import LABELS


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
