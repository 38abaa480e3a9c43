"""Our TF-IDF vectorizers equal scikit-learn's on tricky text, through their word caches and pickling."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from stance.ngrams import Batch, WordCharTfidf, WordTfidf, _within_words

TRAIN = [
    "North Korea's launch -- the third this week -- drew a 'firm' response.",
    "U.S. and R.O.K. forces held drills; the U.S.-led drills ended.",
    "north\u00a0korea\u2009fired\u3000two missiles\n\nover japan's north",
    "snake_case and under_score words, and 'quoted' words' ends",
    "the the the the north north korea korea",
    "",
    "!!! ... --- '''",
    "Ünïcödé wörds: Çağrı and İstanbul, naïve café, ½ and ² signs",
]
UNSEEN = [
    "Korea's north and the U.S.-Japan talks -- 'never' again.",
    "  leading and trailing\tspaces\x1c and separators\x85 ",
    "",
    "zzz qqq unseen-words all-over",
    "the the north korea korea korea",
    "café naïve İstanbul wörds",
]
PATTERNS = [r"(?u)\b\w\w+\b", r"(?u)\b\w[\w'-]*\b"]


def _same_columns(ours: np.ndarray, theirs: np.ndarray, ours_names: np.ndarray, theirs_vocabulary: dict) -> float:
    columns = [theirs_vocabulary[name] for name in ours_names]
    return float(abs(theirs[:, columns] - ours).max())


@pytest.mark.parametrize("pattern", [*PATTERNS, r"\S+\s\S+"])  # the last one is tokenised text-wide, not per word
def test_ngrams_word_tfidf_equals_sklearn_on_tricky_text(pattern: str) -> None:
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=pattern, lowercase=False)
    reference.fit(TRAIN)
    ours = WordTfidf(token_pattern=pattern).fit(TRAIN)
    names = ours.get_feature_names_out()
    assert set(names) == set(reference.vocabulary_)
    for docs in (UNSEEN, TRAIN, UNSEEN[::-1]):  # later passes run on the word cache
        got = ours.transform(docs).toarray()
        assert _same_columns(got, reference.transform(docs).toarray(), names, reference.vocabulary_) < 1e-12


def test_ngrams_word_char_tfidf_equals_sklearn_on_tricky_text() -> None:
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                lowercase=False).fit(TRAIN)
    ours = WordCharTfidf(ngram_range=(2, 5), min_df=2).fit(TRAIN)
    assert set(ours.vocabulary_) == set(reference.vocabulary_)
    for docs in (UNSEEN, TRAIN, UNSEEN[::-1]):
        assert _same_columns(ours.transform(docs).toarray(), reference.transform(docs).toarray(),
                             ours.get_feature_names_out(), reference.vocabulary_) < 1e-12


@pytest.mark.parametrize("vectorizer", [WordTfidf(token_pattern=PATTERNS[1]), WordCharTfidf()])
def test_ngrams_pickle_and_refit_drop_the_word_caches(vectorizer) -> None:
    fitted = vectorizer.fit(TRAIN)
    before = fitted.transform(UNSEEN).toarray()
    restored = pickle.loads(pickle.dumps(fitted))
    assert "_cache_state" not in restored.__dict__
    assert np.array_equal(restored.transform(UNSEEN).toarray(), before)
    # a second fit on other text must not reuse the words cached under the first vocabulary
    fitted.fit(UNSEEN)
    fresh = type(vectorizer)(**vectorizer.get_params()).fit(UNSEEN)
    assert np.array_equal(fitted.transform(TRAIN).toarray(), fresh.transform(TRAIN).toarray())


@pytest.mark.parametrize(("pattern", "per_word"), [
    (r"(?u)\b\w[\w'-]*\b", True),
    (r"(?u)\b\w\w+\b", True),
    (r"\S+", True),
    (r"(?:north|south)-?\w*", True),
    (r"\w*", False),  # empty matches: their number depends on the spaces between words
    (r"\w+\s\w+", False),
    (r"[^x]+", False),
    (r"[\x00-\x7f]+", False),
    (r"(?<=a)b", False),
    (r"^\w+", False),
    (r".+", False),
])
def test_ngrams_per_word_tokenising_only_for_patterns_that_cannot_span_words(pattern: str, per_word: bool) -> None:
    assert _within_words(pattern) is per_word


def test_ngrams_batch_preprocesses_once_for_both_vectorizers_with_the_same_features() -> None:
    calls: list[str] = []

    def prepare(text: str) -> str:
        calls.append(text)
        return text.lower()

    word = WordTfidf(token_pattern=PATTERNS[1], preprocessor=prepare).fit(TRAIN)
    char = WordCharTfidf(preprocessor=prepare).fit(TRAIN)
    expected = [word.transform(UNSEEN).toarray(), char.transform(UNSEEN).toarray()]
    calls.clear()
    batch = Batch(UNSEEN)
    got = [word.transform(batch).toarray(), char.transform(batch).toarray()]
    assert calls == UNSEEN
    assert all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True))
