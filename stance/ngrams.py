"""TF-IDF vectorizers for word and character n-grams, built for batch speed.

Both give the features of scikit-learn's `TfidfVectorizer` (sublinear tf,
smooth idf, l2-normalised rows) with less Python work per token:
- `WordCharTfidf`: character n-grams inside words, padded with a space
  (sklearn's `char_wb`). Words repeat a lot in news, so each word type is
  turned into its n-gram counts once, and a batch of sentences becomes a
  sparse product (sentences x word types) @ (word types x n-grams).
- `WordTfidf`: word unigrams and bigrams, looked up as integer pairs rather
  than joined strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

_MAX_CACHED_WORDS = 200_000  # unseen word types kept between calls; bounded so a long run cannot grow forever


class WordCharTfidf(TransformerMixin, BaseEstimator):
    """Character n-grams within word boundaries, TF-IDF weighted (sublinear tf, smooth idf, l2 rows)."""

    def __init__(self, ngram_range: tuple[int, int] = (2, 5), min_df: int = 2,
                 preprocessor: Callable[[Any], str] | None = None) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.preprocessor = preprocessor

    def fit(self, X: Iterable[Any], y: Any = None) -> WordCharTfidf:
        """Learn the n-gram vocabulary (n-grams in at least `min_df` documents) and their idf."""
        low, high = self.ngram_range
        if not 1 <= low <= high:
            raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high, not {self.ngram_range!r}")
        docs = self._words(X)
        types: dict[str, int] = {}
        counts = _doc_word_counts(docs, types)
        grams: dict[str, int] = {}
        rows = [self._grams(word, grams, grow=True) for word in types]
        word_grams = _rows_to_matrix(rows, len(grams))
        presence = (counts @ word_grams).tocsc()
        presence.data[:] = 1
        df = np.asarray(presence.sum(axis=0)).ravel()
        keep = np.flatnonzero(df >= self.min_df)
        names = np.array(list(grams), dtype=object)[keep]
        self.vocabulary_ = {str(name): i for i, name in enumerate(names)}
        self.idf_ = np.log((1 + len(docs)) / (1 + df[keep])) + 1.0
        return self

    def transform(self, X: Iterable[Any]) -> sparse.csr_matrix:
        """The TF-IDF rows of documents `X`."""
        check_is_fitted(self, "vocabulary_")
        docs = self._words(X)
        cache = self._cache()
        known = cache["types"]
        before = len(known)
        counts = _doc_word_counts(docs, known)
        if len(known) > before:
            new = list(known)[before:]
            rows = [self._grams(word, self.vocabulary_, grow=False) for word in new]
            cache["matrix"] = sparse.vstack([cache["matrix"], _rows_to_matrix(rows, len(self.vocabulary_))],
                                            format="csr")
        tf = (counts @ cache["matrix"]).tocsr()
        if len(known) > _MAX_CACHED_WORDS:
            self._cache_state = None
        return _tfidf(tf, self.idf_)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The n-grams, in column order."""
        check_is_fitted(self, "vocabulary_")
        names = np.empty(len(self.vocabulary_), dtype=object)
        for name, i in self.vocabulary_.items():
            names[i] = name
        return names

    # -- internals -----------------------------------------------------------
    def _words(self, X: Iterable[Any]) -> list[list[str]]:
        prepare = self.preprocessor or str
        return [prepare(x).split() for x in X]

    def _grams(self, word: str, vocabulary: dict[str, int], grow: bool) -> list[int]:
        low, high = self.ngram_range
        padded = f" {word} "
        out: list[int] = []
        for n in range(low, high + 1):
            if n > len(padded):
                break
            for i in range(len(padded) - n + 1):
                gram = padded[i:i + n]
                index = vocabulary.get(gram)
                if index is None and grow:
                    index = vocabulary[gram] = len(vocabulary)
                if index is not None:
                    out.append(index)
        return out

    def _cache(self) -> dict[str, Any]:
        state = getattr(self, "_cache_state", None)
        if state is None:
            state = {"types": {}, "matrix": sparse.csr_matrix((0, len(self.vocabulary_)))}
            self._cache_state = state
        return state

    def __getstate__(self) -> dict[str, Any]:
        # the word cache is rebuilt on demand: it must not bloat or vary the pickled model
        state = dict(self.__dict__)
        state.pop("_cache_state", None)
        return state


class WordTfidf(TransformerMixin, BaseEstimator):
    """Word unigrams and bigrams, TF-IDF weighted (sublinear tf, smooth idf, l2 rows)."""

    def __init__(self, token_pattern: str = r"(?u)\b\w\w+\b", bigrams: bool = True,
                 preprocessor: Callable[[Any], str] | None = None) -> None:
        self.token_pattern = token_pattern
        self.bigrams = bigrams
        self.preprocessor = preprocessor

    def fit(self, X: Iterable[Any], y: Any = None) -> WordTfidf:
        """Learn the unigram and bigram vocabulary and their idf."""
        docs = self._tokens(X)
        words: dict[str, int] = {}
        for tokens in docs:
            for token in tokens:
                words.setdefault(token, len(words))
        pairs: dict[tuple[int, int], int] = {}
        if self.bigrams:
            for tokens in docs:
                ids = [words[t] for t in tokens]
                for pair in zip(ids, ids[1:], strict=False):
                    pairs.setdefault(pair, len(words) + len(pairs))
        self.words_, self.pairs_ = words, pairs
        counts = self._counts(docs)
        df = np.bincount(counts.indices, minlength=len(words) + len(pairs))
        self.idf_ = np.log((1 + len(docs)) / (1 + df)) + 1.0
        return self

    def transform(self, X: Iterable[Any]) -> sparse.csr_matrix:
        """The TF-IDF rows of documents `X`."""
        check_is_fitted(self, "idf_")
        return _tfidf(self._counts(self._tokens(X)), self.idf_)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Unigrams, then bigrams ("north korea"), in column order."""
        check_is_fitted(self, "idf_")
        words = list(self.words_)
        return np.array(words + [f"{words[a]} {words[b]}" for a, b in self.pairs_], dtype=object)

    def _tokens(self, X: Iterable[Any]) -> list[list[str]]:
        prepare = self.preprocessor or str
        pattern = re.compile(self.token_pattern)
        return [pattern.findall(prepare(x)) for x in X]

    def _counts(self, docs: list[list[str]]) -> sparse.csr_matrix:
        """(documents x features) counts, duplicates summed."""
        words, pairs = self.words_, self.pairs_
        indices: list[int] = []
        indptr = [0]
        for tokens in docs:
            ids = [words.get(t, -1) for t in tokens]
            indices += [i for i in ids if i >= 0]
            if pairs:
                found = (pairs.get(pair) for pair in zip(ids, ids[1:], strict=False))
                indices += [i for i in found if i is not None]
            indptr.append(len(indices))
        shape = (len(docs), len(words) + len(pairs))
        matrix = sparse.csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr)),
                                   shape=shape)
        matrix.sum_duplicates()
        return matrix


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, rows scaled to unit length."""
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return normalize(counts, copy=False)


def _doc_word_counts(docs: list[list[str]], types: dict[str, int]) -> sparse.csr_matrix:
    """(documents x word types) counts; words not yet in `types` are added with the next ids."""
    indices: list[int] = []
    indptr = [0]
    for words in docs:
        for word in words:
            index = types.get(word)
            if index is None:
                index = types[word] = len(types)
            indices.append(index)
        indptr.append(len(indices))
    # repeated words stay as duplicate entries: the product with the n-gram matrix adds them up
    return sparse.csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr)),
                             shape=(len(docs), len(types)))


def _rows_to_matrix(rows: list[list[int]], width: int) -> sparse.csr_matrix:
    """A CSR matrix with one row per list of column indices (repeats add up)."""
    indptr = np.cumsum([0, *map(len, rows)])
    indices = np.fromiter((i for row in rows for i in row), dtype=np.int64, count=int(indptr[-1]))
    matrix = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), width))
    matrix.sum_duplicates()
    return matrix
