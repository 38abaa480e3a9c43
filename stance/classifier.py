"""The stance classifier: TF-IDF (word and character n-grams) into per-label logistic regression.

It follows the scikit-learn estimator contract (parameters stored as given,
learned state ending in `_`, validation in `fit`), so `clone`, grid search
and pickling work. Inputs are statements: dicts with the sentence `text` and
`meta` tokens (rule hits, speaker kind) made by `statement`.

Combination with the rules (`rule_policy`):
- "features": rule hits are features only; a label is emitted when its
  probability reaches the label's threshold.
- "union" (default): as "features", and a *strong* cue also emits its label
  on its own. Strong cues are those precise enough to trust alone.
Under both, `voiced_labels` are never emitted for plain narration (no speaker,
quote or reporting verb): the author's voice narrates cooperation, it does not
pledge it.
Thresholds are chosen per label on held-out folds of the training data.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted

from .attribution import default_lexicon
from .errors import DataError
from .ngrams import Batch, WordCharTfidf, WordTfidf
from .phrases import phrase_pattern
from .prefilter import Finder
from .records import LABELS, RuleHit, Speaker

_DIGITS = re.compile(r"\d[\d,.]*")
# modal and evidential hedges mark judgements ("could reach", "appears designed to")
_HEDGE = Finder(re.compile(r"\b(?:could|may|might|would|likely|possibly|probably|appear(?:s|ed)?|seem(?:s|ed)?)\b",
                           re.IGNORECASE))
# "we", "our": the sentence quotes a statement even when its quote marks are in another sentence
_FIRST_PERSON = Finder(re.compile(r"\b(?:we|our|us|I)\b"))
_THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.025), 3)
# meta token of a sentence with no speaker, quote or reporting verb: the author's own narration
NARRATION = "narration"


def statement(text: str, speaker: Speaker | None, hits: Sequence[RuleHit]) -> dict[str, Any]:
    """The classifier's input for one sentence: its text and meta tokens."""
    meta = [f"spk={speaker.kind if speaker else 'none'}"]
    meta += [f"rule={h.rule_id}" for h in hits]
    meta += [f"label={h.label}" for h in hits]
    meta += [f"strong={h.label}" for h in hits if h.strong]
    meta += _voice(text, speaker, hits)
    return {"text": text, "meta": meta}


def _voice(text: str, speaker: Speaker | None, hits: Sequence[RuleHit]) -> list[str]:
    """Tokens telling a voiced statement from narration: quotes, reporting verbs, hedges.

    A cue in plain narration ("the allies shared data") reports a fact; the
    same cue in a quoted or reported statement carries the speaker's stance.
    """
    quoted = "“" in text or '"' in text or bool(_FIRST_PERSON.search(text))
    reported = bool(_reporting().search(text))
    meta = ["quote"] if quoted else []
    if reported:
        meta.append("reported")
    if speaker is None and not quoted and not reported:
        meta.append(NARRATION)
        meta += [f"{NARRATION}={h.label}" for h in hits]
    if _HEDGE.search(text):
        meta.append("hedge")
        if NARRATION in meta:
            # the author's hedged judgement ("appears designed to", "could mark") assesses; plain narration reports
            meta.append(f"{NARRATION}=hedge")
    return meta


@lru_cache(maxsize=1)
def _reporting() -> Finder:
    """Speech verbs ("said", "told"), past and -ing stance verbs ("reaffirmed", "vowing") and "according to".

    Matched in lower case only: "States" in "United States" is no verb. Bare
    stance forms ("support", "protest") and "warning" are too often nouns.
    """
    verbs = default_lexicon()
    stance = {w for w in verbs.stance if w.endswith(("ed", "ing")) and w != "warning"}
    return Finder(re.compile(rf"\b{phrase_pattern(verbs.speech | stance | {'according to', 'According to'})}\b"))


def _text(x: dict[str, Any]) -> str:
    return _DIGITS.sub("0", x["text"].lower())


def _meta(x: dict[str, Any]) -> list[str]:
    return x["meta"]


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label stance classifier over statements (see the module docstring)."""

    def __init__(self, C: float = 4.0, word_ngrams: tuple[int, int] = (1, 2),
                 char_ngrams: tuple[int, int] = (2, 5), meta_weight: float = 0.5,
                 threshold_folds: int = 5, rule_policy: str = "union",
                 voiced_labels: tuple[str, ...] = ("cooperation_pledge",), random_state: int = 0) -> None:
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.meta_weight = meta_weight
        self.threshold_folds = threshold_folds
        self.rule_policy = rule_policy
        self.voiced_labels = voiced_labels
        self.random_state = random_state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickle; models saved before a parameter existed get its default."""
        super().__setstate__(state)
        for name, param in inspect.signature(type(self).__init__).parameters.items():
            if name != "self" and not hasattr(self, name):
                setattr(self, name, param.default)

    # -- fitting -------------------------------------------------------------
    def fit(self, X: Sequence[dict[str, Any]], y: Any, groups: Sequence[Any] | None = None) -> StanceClassifier:
        """Learn vocabulary, weights and per-label thresholds; `y` is label lists or an (n, 4) 0/1 array."""
        if self.rule_policy not in ("features", "union"):
            raise ValueError(f"rule_policy must be 'features' or 'union', not {self.rule_policy!r}")
        if tuple(self.word_ngrams) not in ((1, 1), (1, 2)):
            raise ValueError(f"word_ngrams must be (1, 1) or (1, 2), not {self.word_ngrams!r}")
        unknown = set(self.voiced_labels) - set(LABELS)
        if unknown:
            raise ValueError(f"voiced_labels has unknown label(s) {sorted(unknown)}; known labels: {', '.join(LABELS)}")
        X = _check_statements(X)
        Y = self._binarize(y, len(X))
        self.classes_ = np.array(LABELS)
        self.thresholds_ = self._choose_thresholds(X, Y, groups)
        self.vectorizer_, self.models_ = self._fit_models(X, Y)
        self.feature_names_ = np.array([name.split("__", 1)[-1] for name in self.vectorizer_.get_feature_names_out()])
        return self

    def _binarize(self, y: Any, n: int) -> np.ndarray:
        if isinstance(y, np.ndarray) and y.ndim == 2:
            Y = y.astype(int)
        else:
            rows = list(y)
            unknown = {label for row in rows for label in row} - set(LABELS)
            if unknown:
                raise DataError(f"unknown label(s) {sorted(unknown)}; known labels: {', '.join(LABELS)}")
            Y = np.array([[int(label in row) for label in LABELS] for row in rows], dtype=int).reshape(-1, len(LABELS))
        if Y.shape != (n, len(LABELS)):
            raise ValueError(f"y has shape {Y.shape}, expected ({n}, {len(LABELS)})")
        return Y

    def _vectorizer(self) -> FeatureUnion:
        return FeatureUnion([
            ("word", WordTfidf(token_pattern=r"(?u)\b\w[\w'-]*\b", bigrams=tuple(self.word_ngrams) == (1, 2),
                               preprocessor=_text)),
            ("char", WordCharTfidf(ngram_range=self.char_ngrams, min_df=2, preprocessor=_text)),
            ("meta", CountVectorizer(analyzer=_meta, binary=True)),
        ], transformer_weights={"word": 1.0, "char": 1.0, "meta": self.meta_weight})

    def _fit_models(self, X: list[dict[str, Any]], Y: np.ndarray) -> tuple[FeatureUnion, list[Any]]:
        vectorizer = self._vectorizer()
        features = vectorizer.fit_transform(X)
        models: list[Any] = []
        for j in range(Y.shape[1]):
            column = Y[:, j]
            if column.min() == column.max():
                models.append(float(column[0]))  # constant: the label never (or always) occurs
                continue
            model = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear",
                                       max_iter=2000, random_state=self.random_state)
            models.append(model.fit(features, column))
        return vectorizer, models

    def _choose_thresholds(self, X: list[dict[str, Any]], Y: np.ndarray, groups: Sequence[Any] | None) -> np.ndarray:
        folds = min(self.threshold_folds, len(set(groups)) if groups is not None else len(X))
        if folds < 2:
            return np.full(len(LABELS), 0.5)
        splitter = GroupKFold(n_splits=folds) if groups is not None else \
            KFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        held_out = np.zeros(Y.shape, dtype=float)
        for train, test in splitter.split(X, Y, groups):
            vectorizer, models = self._fit_models([X[i] for i in train], Y[train])
            held_out[test] = _probabilities(vectorizer.transform([X[i] for i in test]), models)
        thresholds = np.full(len(LABELS), 0.5)
        for j in range(len(LABELS)):
            if Y[:, j].sum() == 0:
                continue
            f1 = [_f1(Y[:, j], held_out[:, j] >= t) for t in _THRESHOLDS]
            best = max(f1)
            # among near-best thresholds take the middle one: steadier on unseen text
            near = [t for t, f in zip(_THRESHOLDS, f1, strict=True) if f >= best - 0.005]
            thresholds[j] = float(near[len(near) // 2])
        return thresholds

    # -- prediction ----------------------------------------------------------
    def transform(self, X: Sequence[dict[str, Any]]) -> sparse.csr_matrix:
        """The feature matrix of statements (reuse it for `proba` and `explain`)."""
        check_is_fitted(self, "models_")
        # a Batch: the word and character vectorizers share one preprocessing and split of the texts
        X = Batch(_check_statements(X))
        # the union's own transform spends milliseconds per call on metadata routing; stack the parts directly
        weights = self.vectorizer_.transformer_weights or {}
        blocks = []
        for name, part in self.vectorizer_.transformer_list:
            block, weight = part.transform(X), weights.get(name, 1.0)
            blocks.append(block if weight == 1.0 else block * weight)  # times 1 would only copy a big block
        return sparse.hstack(blocks, format="csr")

    def proba(self, features: sparse.spmatrix) -> np.ndarray:
        """Label probabilities from a feature matrix made by `transform`."""
        return _probabilities(features, self.models_)

    def predict_proba(self, X: Sequence[dict[str, Any]]) -> np.ndarray:
        """Probability of each label (columns in `classes_` order) for each statement."""
        return self.proba(self.transform(X))

    def predict(self, X: Sequence[dict[str, Any]]) -> np.ndarray:
        """0/1 matrix of emitted labels after thresholds and the rule policy."""
        X = _check_statements(X)
        return self.decide(X, self.predict_proba(X))

    def decide(self, X: Sequence[dict[str, Any]], proba: np.ndarray) -> np.ndarray:
        """Emitted labels: thresholds, plus strong cues under "union", minus voiced labels in narration."""
        emitted = (proba >= self.thresholds_).astype(int)
        voiced = [LABELS.index(label) for label in self.voiced_labels]
        for i, x in enumerate(X):
            if self.rule_policy == "union":
                for j, label in enumerate(LABELS):
                    if f"strong={label}" in x["meta"]:
                        emitted[i, j] = 1
            if NARRATION in x["meta"]:
                emitted[i, voiced] = 0
        return emitted

    def explain(self, features: sparse.spmatrix, label: str, k: int = 3,
                rows: Sequence[int] | None = None) -> list[list[str]]:
        """For each of `rows` (default: all) of a transformed matrix, the `k` features that pushed `label` up most."""
        features = sparse.csr_matrix(features)
        rows = np.arange(features.shape[0]) if rows is None else np.asarray(rows, dtype=int)
        model = self.models_[LABELS.index(label)]
        if isinstance(model, float) or len(rows) == 0:
            return [[] for _ in rows]
        picked = features[rows]
        owner = np.repeat(np.arange(len(rows)), np.diff(picked.indptr))
        contribution = picked.data * model.coef_[0, picked.indices]
        # one sort for the whole batch: by row, then by falling contribution; positive, readable ones only
        positive = (contribution > 0) & self._readable()[picked.indices]
        owner, column, contribution = owner[positive], picked.indices[positive], contribution[positive]
        order = np.lexsort((-contribution, owner))
        owner, column = owner[order], column[order]
        first = np.searchsorted(owner, np.arange(len(rows)))
        rank = np.arange(len(owner)) - first[owner]
        top = rank < k
        out: list[list[str]] = [[] for _ in rows]
        for i, name in zip(owner[top].tolist(), self.feature_names_[column[top]].tolist(), strict=True):
            out[i].append(name)
        return out

    def readable(self, features: sparse.spmatrix) -> sparse.csr_matrix:
        """`features` with only the entries `explain` may show (words, meta tokens): a much smaller matrix.

        Explaining several labels over the same rows is cheaper on it; `explain` gives the same answers.
        """
        features = sparse.csr_matrix(features)
        keep = self._readable()[features.indices]
        owner = np.repeat(np.arange(features.shape[0]), np.diff(features.indptr))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(owner[keep], minlength=features.shape[0]))])
        return sparse.csr_matrix((features.data[keep], features.indices[keep], indptr), shape=features.shape)

    def _readable(self) -> np.ndarray:
        """Mask of the columns worth showing as evidence: words and meta tokens, not character n-grams."""
        mask = getattr(self, "_readable_mask", None)
        if mask is None:
            blocks = [(name, len(part.get_feature_names_out())) for name, part in self.vectorizer_.transformer_list]
            mask = np.concatenate([np.full(size, name != "char") for name, size in blocks])
            self._readable_mask = mask
        return mask


def _probabilities(features: sparse.spmatrix, models: list[Any]) -> np.ndarray:
    out = np.zeros((features.shape[0], len(models)))
    for j, model in enumerate(models):
        out[:, j] = model if isinstance(model, float) else model.predict_proba(features)[:, 1]
    return out


def _f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = int(np.sum(truth & predicted))
    denominator = int(truth.sum() + predicted.sum())
    return 2 * tp / denominator if denominator else 0.0


def _check_statements(X: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    X = list(X)
    for x in X:
        if not isinstance(x, dict) or not isinstance(x.get("text"), str) or not isinstance(x.get("meta"), list):
            raise ValueError("each statement must be a dict with 'text' (str) and 'meta' (list); use statement()")
    return X
