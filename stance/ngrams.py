"""TF-IDF vectorizers for word and character n-grams, built for batch speed.

Both give the features of scikit-learn's `TfidfVectorizer` (sublinear tf,
smooth idf, l2-normalised rows) with little Python work per token. Words
repeat a lot in news, so each whitespace-separated word type is analysed once
and cached (`_WordTypes`); a batch of sentences then becomes arrays of word
type ids, and counting is done by numpy and scipy:
- `WordCharTfidf`: character n-grams inside words, padded with a space
  (sklearn's `char_wb`): a sparse product (sentences x word types) @
  (word types x n-grams).
- `WordTfidf`: word unigrams and bigrams; each word type's tokens are cached
  as vocabulary ids, and bigrams are looked up as integer codes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

try:
    from re import _parser  # Python >= 3.11
except ImportError:  # pragma: no cover
    import sre_parse as _parser  # type: ignore[no-redef]

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

_MAX_CACHED_WORDS = 200_000  # unseen word types kept between calls; bounded so a long run cannot grow forever
_CACHE_LOCK = threading.Lock()


class Batch(Sequence[Any]):
    """Documents for several vectorizers: each preprocessed and split into words once, not once per vectorizer."""

    def __init__(self, docs: Iterable[Any]) -> None:
        self.docs = list(docs)
        self._words: dict[Callable[[Any], str] | None, list[list[str]]] = {}

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, index: Any) -> Any:
        return self.docs[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.docs)

    def words(self, preprocessor: Callable[[Any], str] | None) -> list[list[str]]:
        """The whitespace-separated words of each document after `preprocessor`."""
        words = self._words.get(preprocessor)
        if words is None:
            prepare = preprocessor or str
            words = self._words[preprocessor] = [prepare(x).split() for x in self.docs]
        return words


def _split(X: Iterable[Any], preprocessor: Callable[[Any], str] | None) -> list[list[str]]:
    """The whitespace-separated words of each document after `preprocessor` (shared when `X` is a `Batch`)."""
    return (X if isinstance(X, Batch) else Batch(X)).words(preprocessor)


class _WordTypes:
    """Whitespace-separated word types seen so far, numbered in order of first appearance."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def number(self, docs: list[list[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """The type id of every word of `docs` in order, the word count of each doc, and the types new here."""
        types = self.ids
        before = len(types)
        words = list(chain.from_iterable(docs))
        ids = list(map(types.get, words))
        if None in ids:
            ids = [types.setdefault(word, len(types)) if index is None else index
                   for word, index in zip(words, ids, strict=True)]
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        new = list(types)[before:] if len(types) > before else []
        return np.array(ids, dtype=np.int64), lengths, new


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
        self._cache_state = None  # a word cache of an earlier fit maps words to that fit's n-grams
        types = _WordTypes()
        occurrences, lengths, new = types.number(docs)
        grams: dict[str, int] = {}
        rows = [self._grams(word, grams, grow=True) for word in new]
        word_grams = _rows_to_matrix(rows, len(grams))
        presence = (_occurrence_matrix(occurrences, lengths, len(new)) @ word_grams).tocsc()
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
        with _CACHE_LOCK:  # the word types and their rows must grow together, also with threads
            types, matrix = self._cache()
            occurrences, lengths, new = types.number(docs)
            if new:
                rows = [self._grams(word, self.vocabulary_, grow=False) for word in new]
                matrix = sparse.vstack([matrix, _rows_to_matrix(rows, len(self.vocabulary_))], format="csr")
                self._cache_state = (types, matrix)
            if len(types.ids) > _MAX_CACHED_WORDS:
                self._cache_state = None
        tf = _occurrence_matrix(occurrences, lengths, matrix.shape[0]) @ matrix
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
        return _split(X, self.preprocessor)

    def _grams(self, word: str, vocabulary: dict[str, int], grow: bool) -> list[int]:
        low, high = self.ngram_range
        padded = f" {word} "
        grams = [padded[i:i + n] for n in range(low, min(high, len(padded)) + 1) for i in range(len(padded) - n + 1)]
        if grow:
            return [vocabulary.setdefault(gram, len(vocabulary)) for gram in grams]
        found = list(map(vocabulary.get, grams))
        return [index for index in found if index is not None]

    def _cache(self) -> tuple[_WordTypes, sparse.csr_matrix]:
        """The word types seen so far and their (word types x n-grams) counts."""
        state = getattr(self, "_cache_state", None)
        if state is None:
            state = self._cache_state = (_WordTypes(), sparse.csr_matrix((0, len(self.vocabulary_))))
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
        prepare, pattern = self.preprocessor or str, re.compile(self.token_pattern)
        docs = [pattern.findall(prepare(x)) for x in X]
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
        self._cache_state = self._pairs_state = None  # built from an earlier fit's vocabulary
        ids = np.array([words[t] for t in chain.from_iterable(docs)], dtype=np.int64)
        counts = self._counts(ids, _owners(np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))), len(docs))
        df = np.bincount(counts.indices, minlength=len(words) + len(pairs))
        self.idf_ = np.log((1 + len(docs)) / (1 + df)) + 1.0
        return self

    def transform(self, X: Iterable[Any]) -> sparse.csr_matrix:
        """The TF-IDF rows of documents `X`."""
        check_is_fitted(self, "idf_")
        prepare, pattern = self.preprocessor or str, re.compile(self.token_pattern)
        if not _within_words(self.token_pattern):
            docs = [pattern.findall(prepare(x)) for x in X]
            lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
            ids = np.array([self.words_.get(t, -1) for t in chain.from_iterable(docs)], dtype=np.int64)
            return _tfidf(self._counts(ids, _owners(lengths), len(docs)), self.idf_)
        # a text's tokens are those of its whitespace-separated words in turn, so each word type is tokenised once
        words = _split(X, self.preprocessor)
        with _CACHE_LOCK:  # the word types and their tokens must grow together, also with threads
            types, table = self._cache()
            occurrences, lengths, new = types.number(words)
            if new:
                table.add([[self.words_.get(t, -1) for t in pattern.findall(word)] for word in new])
            first, ids = table.arrays()
            if len(types.ids) > _MAX_CACHED_WORDS:
                self._cache_state = None
        start, size = first[occurrences], first[occurrences + 1] - first[occurrences]
        # token k of a word occurrence is ids[start + k]: every token of the batch in one gather
        before = np.cumsum(size) - size
        tokens = ids[np.arange(int(size.sum()), dtype=np.int64) + np.repeat(start - before, size)]
        counts = self._counts(tokens, np.repeat(_owners(lengths), size), len(words))
        return _tfidf(counts, self.idf_)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Unigrams, then bigrams ("north korea"), in column order."""
        check_is_fitted(self, "idf_")
        words = list(self.words_)
        return np.array(words + [f"{words[a]} {words[b]}" for a, b in self.pairs_], dtype=object)

    # -- internals -----------------------------------------------------------
    def _counts(self, ids: np.ndarray, owner: np.ndarray, n_docs: int) -> sparse.csr_matrix:
        """(documents x features) counts of the token ids `ids` (-1: unknown) of documents `owner`, in order."""
        known = ids >= 0
        rows, columns = [owner[known]], [ids[known]]
        codes, pair_columns = self._pair_table()
        if len(codes) and len(ids) > 1:
            # a bigram is two known tokens in a row of one document; its code is first * |words| + second
            first, second = ids[:-1], ids[1:]
            inside = (owner[:-1] == owner[1:]) & known[:-1] & known[1:]
            code = first[inside] * len(self.words_) + second[inside]
            at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
            found = codes[at] == code
            rows.append(owner[:-1][inside][found])
            columns.append(pair_columns[at[found]])
        return _count_matrix(np.concatenate(rows), np.concatenate(columns),
                             (n_docs, len(self.words_) + len(self.pairs_)))

    def _pair_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The bigrams as sorted codes (first * |words| + second) and their columns; built once per model."""
        table = getattr(self, "_pairs_state", None)
        if table is None:
            size = len(self.words_)
            codes = np.array([a * size + b for a, b in self.pairs_], dtype=np.int64)
            columns = np.fromiter(self.pairs_.values(), dtype=np.int64, count=len(self.pairs_))
            order = np.argsort(codes, kind="stable")
            table = self._pairs_state = (codes[order], columns[order])
        return table

    def _cache(self) -> tuple[_WordTypes, _Ragged]:
        """The word types seen so far and the vocabulary ids of their tokens."""
        state = getattr(self, "_cache_state", None)
        if state is None:
            state = self._cache_state = (_WordTypes(), _Ragged())
        return state

    def __getstate__(self) -> dict[str, Any]:
        # caches are rebuilt on demand: they must not bloat the pickled model, and old models load the same
        state = dict(self.__dict__)
        state.pop("_pairs_state", None)
        state.pop("_cache_state", None)
        return state


class _Ragged:
    """Rows of integers of varying length, appended in batches, read as (row starts, values) arrays."""

    def __init__(self) -> None:
        self._first = np.zeros(1, dtype=np.int64)
        self._values = np.zeros(0, dtype=np.int64)

    def add(self, rows: list[list[int]]) -> None:
        """Append `rows`."""
        sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        self._first = np.concatenate([self._first, self._first[-1] + np.cumsum(sizes)])
        self._values = np.concatenate([self._values, np.fromiter(chain.from_iterable(rows), dtype=np.int64)])

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Row `i` is `values[first[i]:first[i + 1]]`."""
        return self._first, self._values


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, rows scaled to unit length."""
    if counts.nnz:
        # counts are whole numbers, mostly 1 or 2: look up 1 + log(count) rather than take a million logarithms
        sublinear = 1.0 + np.log(np.arange(1, int(counts.data.max()) + 1, dtype=np.float64))
        counts.data = sublinear[counts.data.astype(np.intp) - 1]
        counts.data *= idf[counts.indices]
    return normalize(counts, copy=False)


def _owners(lengths: np.ndarray) -> np.ndarray:
    """For items counted per document by `lengths`, the document of each item."""
    return np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)


def _occurrence_matrix(occurrences: np.ndarray, lengths: np.ndarray, n_types: int) -> sparse.csr_matrix:
    """(documents x word types) with a 1 per word occurrence; repeats stay as duplicate entries for a product."""
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return sparse.csr_matrix((np.ones(len(occurrences)), occurrences, indptr), shape=(len(lengths), n_types))


def _count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """A CSR matrix counting the (row, column) pairs, in canonical form (sorted, no duplicates)."""
    width = max(shape[1], 1)
    keys, counts = np.unique(rows * width + columns, return_counts=True)
    indptr = np.searchsorted(keys // width, np.arange(shape[0] + 1))
    return sparse.csr_matrix((counts.astype(np.float64), keys % width, indptr), shape=shape)


def _rows_to_matrix(rows: list[list[int]], width: int) -> sparse.csr_matrix:
    """A CSR matrix with one row per list of column indices (repeats add up)."""
    indptr = np.cumsum([0, *map(len, rows)])
    indices = np.fromiter((i for row in rows for i in row), dtype=np.int64, count=int(indptr[-1]))
    matrix = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), width))
    matrix.sum_duplicates()
    return matrix


@lru_cache(maxsize=16)
def _within_words(pattern: str) -> bool:
    """Whether `pattern` finds in any text the tokens it finds in the text's whitespace-separated words, in turn.

    So it is when no match can be empty or contain whitespace, and its only assertions are word boundaries,
    which see whitespace and the ends of a text alike (neither is a word character).
    """
    try:
        tree = _parser.parse(pattern)
    except re.error:
        return False
    return tree.getwidth()[0] > 0 and _spaceless(tree)


def _spaceless(items: Any) -> bool:
    """Whether parsed regex `items` can match no whitespace and assert nothing but word boundaries."""
    c = _parser  # the opcode names
    for op, value in items:
        if op is c.LITERAL:
            if chr(value).isspace():
                return False
        elif op is c.IN:
            if not all(_class_item_spaceless(item_op, item) for item_op, item in value):
                return False
        elif op is c.AT:
            if value not in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY):
                return False
        elif op is c.BRANCH:
            if not all(_spaceless(branch) for branch in value[1]):
                return False
        elif op is c.SUBPATTERN:
            if not _spaceless(value[-1]):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            if not _spaceless(value[2]):
                return False
        else:  # any character, negations, lookarounds, anchors, back-references: not provably the same
            return False
    return True


def _class_item_spaceless(op: Any, value: Any) -> bool:
    c = _parser
    if op is c.LITERAL:
        return not chr(value).isspace()
    if op is c.RANGE:
        return not any(value[0] <= ord(space) <= value[1] for space in _spaces())
    if op is c.CATEGORY:
        return value in (c.CATEGORY_WORD, c.CATEGORY_DIGIT, c.CATEGORY_NOT_SPACE)
    return False  # NEGATE and anything else


@lru_cache(maxsize=1)
def _spaces() -> str:
    r"""Every character Python counts as whitespace (`str.isspace`, `str.split`, `\s`); all are below U+3001."""
    return "".join(c for c in map(chr, range(0x3001)) if c.isspace())
