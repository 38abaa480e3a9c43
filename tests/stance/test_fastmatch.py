"""The speed-ups must not change results: trie patterns, the RE2 prefilter and our TF-IDF vectorizers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from stance.ngrams import WordCharTfidf, WordTfidf
from stance.phrases import phrase_pattern
from stance.prefilter import Finder, Prefilter, loosen

PHRASES = ["Prime Minister", "Prime", "Minister", "Foreign Minister", "Defense Minister", "U.S.", "US", "a+b"]
TEXTS = [
    "Prime Minister Fumio Kishida met the Foreign Minister.",
    "The U.S. and US forces; Prime ministers; a+b and ab.",
    "Nothing to see here.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_trie_pattern_finds_what_a_longest_first_alternation_finds(text: str) -> None:
    plain = "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True))
    assert [m.span() for m in re.finditer(phrase_pattern(PHRASES), text)] == \
        [m.span() for m in re.finditer(plain, text)]


def test_trie_pattern_folds_case_and_empty_list_matches_nothing() -> None:
    assert re.fullmatch(f"(?i:{phrase_pattern(['Prime Minister'], fold_case=True)})", "PRIME minister")
    assert re.search(phrase_pattern([]), "anything") is None


@pytest.mark.parametrize(("pattern", "loosened"), [
    (r"(?<![\w-])condemn(?![\w-])", "condemn"),
    (r"\bhe\b", "he"),
    (r"[\w'-]+", r"[\pL\pN_'-]+"),
    (r"(?<!further )provocation(?! (?:if|should))", "provocation"),
    (r"a\.b", r"a\.b"),
])
def test_loosen_drops_lookarounds_and_boundaries(pattern: str, loosened: str) -> None:
    assert loosen(pattern) == loosened


CUES = [r"(?<![\w-])condemn(?:s|ed)?(?![\w-])", r"\bno (?:\w+ )?damage\b", r"(?<!further )provocations?",
        r"\b[Hh]e\b", r"caf\w+ (?=au lait)", r"(?P<x>a)(?P=x)"]
SENTENCES = ["Tokyo condemned it.", "There was no serious damage.", "It was a further provocation.",
             "The theme", "He said", "Le café au lait", "aa", "Ürümqi condemns", "uncondemned"]


@pytest.mark.parametrize("text", SENTENCES)
def test_prefilter_never_drops_a_pattern_that_matches(text: str) -> None:
    prefilter = Prefilter(CUES)
    truth = {i for i, p in enumerate(CUES) if re.search(p, text)}
    assert truth <= prefilter.candidates(text)


def test_prefilter_rules_out_and_keeps_what_re2_cannot_take() -> None:
    prefilter = Prefilter(CUES)
    assert 5 in prefilter.always  # a back-reference: RE2 cannot take it, so it is always tried
    assert prefilter.candidates("nothing relevant") == {5}


CORPUS = ["North Korea fired a ballistic missile on Tuesday.",
          "Japan's prime minister condemned the launch as an outrageous act.",
          "Seoul said the missile flew 1,000 km before landing in the sea.",
          "Officials said there was no damage to ships or aircraft.",
          "The allies agreed to share missile warning data in real time."]
UNSEEN = ["The missile, North Korea's latest, flew over Japan.", "Kishida called it outrageous!!", "zzz qqq"]


def _same_columns(ours, theirs, ours_names, theirs_vocabulary) -> float:
    columns = [theirs_vocabulary[name] for name in ours_names]
    return float(abs(theirs[:, columns] - ours).max())


def test_word_char_tfidf_equals_sklearn_char_wb() -> None:
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2).fit(CORPUS)
    ours = WordCharTfidf(ngram_range=(2, 4), min_df=2, preprocessor=str.lower).fit(CORPUS)
    assert set(ours.vocabulary_) == set(reference.vocabulary_)
    for docs in (UNSEEN, CORPUS, UNSEEN):  # the second pass of UNSEEN runs on the word cache
        assert _same_columns(ours.transform(docs).toarray(), reference.transform(docs).toarray(),
                             ours.get_feature_names_out(), reference.vocabulary_) < 1e-12


def test_word_tfidf_equals_sklearn_unigrams_and_bigrams() -> None:
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(CORPUS)
    ours = WordTfidf(preprocessor=str.lower).fit(CORPUS)
    names = ours.get_feature_names_out()
    assert set(names) == set(reference.vocabulary_)
    got = ours.transform(UNSEEN + CORPUS).toarray()
    assert _same_columns(got, reference.transform(UNSEEN + CORPUS).toarray(), names, reference.vocabulary_) < 1e-12
    assert np.allclose(np.linalg.norm(got[:2], axis=1), 1.0)


FINDER_PATTERNS = [
    r"\b(?P<p>[Hh]e|[Ss]he|[Tt]hey)\b",
    r"(?<![\w-])(?:U\.S\.|United States|the US)(?![\w-])",
    r"\b[A-Z][a-z]+\b",
    r"(?i:\bsaid|warn(?:ed|s)?|vowed\b)",
    r"\b[Tt]he\s+(?P<head>ministry|it)\b(?![\'’-])",
    r"Foreign\s+Minister\s+(?P<name>\w+)(?=[\s,.;:'’)]|$)",
    r"caf\w+",
    r"\d+\s*km",
    r"said$",
    r"((?:[A-Z][\w'’]*\s+){0,3}[A-Z][\w'’]*)\s*$",
]
FINDER_TEXTS = [
    "He said the theme; they warned. She vowed",
    "The U.S. and United States-led talks; the US.",
    "Café owner José said “he” would go; éHe and Heé",
    "the\u00a0ministry said; Foreign\u00a0Minister\u00a0Kim, and Foreign Minister Ryu",
    "SAİD and saıd and sa\u0131d; WARNS; Kelvin \u212a and ſaid",
    "İT SAİD; it saİd",
    "１２ km and 12\u2009km and ٣ km",
    "the ministry’s view; the ministry-led; the it",
    "Jane Doe said\n",
    "Jane Doe said\n\n",
    "",
]


@pytest.mark.parametrize("pattern", FINDER_PATTERNS)
@pytest.mark.parametrize("text", FINDER_TEXTS)
def test_finder_finds_what_re_finds(pattern: str, text: str) -> None:
    regex = re.compile(pattern)
    finder = Finder(regex)
    assert [(m.span(), m.groupdict()) for m in finder.finditer(text)] == \
        [(m.span(), m.groupdict()) for m in regex.finditer(text)]
    for pos in range(len(text) + 1):
        fast, slow = finder.search(text, pos), regex.search(text, pos)
        assert (fast and fast.span()) == (slow and slow.span())


@pytest.mark.parametrize("pattern", FINDER_PATTERNS)
@pytest.mark.parametrize("text", FINDER_TEXTS)
def test_prefilter_keeps_every_matching_pattern_on_tricky_text(pattern: str, text: str) -> None:
    prefilter = Prefilter([pattern])
    assert re.search(pattern, text) is None or 0 in prefilter.candidates(text)


def test_finder_leaves_what_re2_cannot_take_to_re() -> None:
    for pattern in [r"(?P<x>a)(?P=x)", r"^said", r"x*", r"(?:said$|told)"]:
        finder = Finder(re.compile(pattern))
        assert finder._loose is None
        assert [m.span() for m in finder.finditer("said aa x said")] == \
            [m.span() for m in re.finditer(pattern, "said aa x said")]


SPAN_TEXTS = [
    # sentences that abut, a match running across a sentence end, a lookbehind at a sentence start
    ("He said so.She said no. They warned", [(0, 11), (11, 23), (24, 35)]),
    ("The U.S. and United States-led talks; the US. the ministry said", [(0, 9), (9, 37), (38, 45), (46, 63)]),
    ("Foreign Minister Kim. Foreign\u00a0Minister Ryu said 12 km", [(0, 21), (22, 42), (43, 53)]),
    ("Café owner José said “he” would go; éHe and Heé. Jane Doe said", [(0, 48), (49, 62)]),
    ("SAİD and saıd; WARNS. caf caféx", [(0, 21), (22, 31)]),
    ("no match here at all. none", [(0, 21), (22, 26)]),
    ("said said said", [(0, 4), (5, 9), (10, 14)]),
    ("Jane Doe said\n\nKim said", [(0, 13), (15, 23)]),
    ("", []),
]


@pytest.mark.parametrize("pattern", FINDER_PATTERNS)
@pytest.mark.parametrize(("text", "spans"), SPAN_TEXTS)
def test_finder_bucketed_matches_equal_per_span_matches(pattern: str, text: str, spans: list[tuple[int, int]]) -> None:
    regex = re.compile(pattern)
    got = Finder(regex).finditer_spans(text, spans)
    assert [[(m.span(), m.groupdict()) for m in ms] for ms in got] == \
        [[(m.span(), m.groupdict()) for m in regex.finditer(text[a:b])] for a, b in spans]


def test_finder_bucketed_matches_skip_a_long_match_that_hides_a_short_one() -> None:
    # across the span end "ab+" takes "abbb"; inside the first span only "ab" fits
    regex = re.compile(r"ab+")
    assert [[m.group() for m in ms] for ms in Finder(regex).finditer_spans("xabbb", [(0, 3), (3, 5)])] == \
        [["ab"], []]
