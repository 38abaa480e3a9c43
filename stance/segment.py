"""Sentence segmentation for news text on spaCy's blank English tokenizer.

News breaks the usual splitters: headlines and one-line paragraphs carry no
final stop, abbreviations ("U.S.", "a.m.", "Gen.") contain stops, and quotes
close after the stop. Every sentence keeps exact character offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from .datafiles import load_json
from .records import Span

_FINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSERS = frozenset({"”", "’", ")", "]", "»"})
_OPENERS = frozenset({"“", "‘", "(", "[", "«", '"', "'"})
_STRAIGHT = frozenset({'"'})
_MARKS = re.compile(r'[.!?…"\n]')  # the characters a token needs to end a sentence or open a quote


@lru_cache(maxsize=1)
def _data() -> tuple[frozenset[str], frozenset[str]]:
    raw = load_json("segmentation.json")
    return frozenset(raw["titles"]), frozenset(raw["sentence_starters"])


@lru_cache(maxsize=1)
def tokenizer_pipeline() -> Language:
    """The shared blank English pipeline (tokenizer only); built once per process."""
    return spacy.blank("en")


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in _OPENERS


def sentence_spans(doc: Doc, text: str | None = None) -> list[Span]:
    """Split a tokenised article into sentences; returns character spans into `doc.text`.

    Pass the article's `text` when you have it: rebuilding `doc.text` walks every token.
    """
    text = doc.text if text is None else text
    if len(doc) == 0:
        return []
    # offsets and lengths as arrays: a Token object per token would cost more than the rules
    starts = doc.to_array(IDX).tolist()
    lengths = doc.to_array(LENGTH).tolist()

    def word(k: int) -> str:
        return text[starts[k]:starts[k] + lengths[k]]

    spans: list[Span] = []
    begin = 0
    for cut in _cuts(text, starts, word):
        first, last = begin, cut - 1
        while first < cut and word(first).isspace():
            first += 1
        while last >= first and word(last).isspace():
            last -= 1
        if first <= last:
            spans.append(Span(starts[first], starts[last] + lengths[last]))
        begin = cut
    return spans


def _cuts(text: str, starts: list[int], word: Callable[[int], str]) -> list[int]:
    """Token indices where a sentence ends (exclusive), the last being the token count.

    Only tokens holding a stop, a quote mark or a line break can end a sentence
    or change the quote state, so only those are visited.
    """
    titles, starters = _data()
    n = len(starts)
    marked = sorted({bisect_right(starts, m.start()) - 1 for m in _MARKS.finditer(text)})
    cuts: list[int] = []
    in_straight_quote = False
    resume = 0  # closing quotes and brackets taken into a sentence are not visited again
    for i in marked:
        if i < resume:
            continue
        current = word(i)
        if current.isspace():
            if "\n" in current:
                cuts.append(i)
            continue
        if current in _STRAIGHT:
            in_straight_quote = not in_straight_quote
        if current in _FINAL or (len(current) > 1 and current[-1] in "!?" and current[0].isalpha()):
            # absorb closing quotes and brackets that belong to this sentence
            j = i + 1
            while j < n and (word(j) in _CLOSERS or (word(j) in _STRAIGHT and in_straight_quote)):
                if word(j) in _STRAIGHT:
                    in_straight_quote = False
                j += 1
            nxt = j
            while nxt < n and word(nxt).isspace() and "\n" not in word(nxt):
                nxt += 1
            if nxt >= n or word(nxt).isspace():
                cuts.append(j)
            elif _starts_sentence(word(nxt)):
                # "Capt." and "No." reach us split as "Capt" + "."
                if not (current == "." and i > 0 and word(i - 1).lower() + "." in titles):
                    cuts.append(j)
            resume = j
        elif len(current) > 1 and current.endswith(".") and i + 1 < n:
            # an abbreviation: ends a sentence only before a typical sentence opener
            is_initial = len(current) == 2 and current[0].isupper()
            if not is_initial and current.lower() not in titles and word(i + 1) in starters:
                cuts.append(i + 1)
    cuts.append(n)
    return cuts


def segment(text: str) -> list[Span]:
    """Sentence spans of one text (tokenises it on the shared pipeline)."""
    return sentence_spans(tokenizer_pipeline()(text), text)


def segment_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Span]]:
    """Sentence spans for many texts, tokenised in batches."""
    texts = list(texts)
    for text, doc in zip(texts, tokenizer_pipeline().pipe(texts, batch_size=batch_size), strict=True):
        yield sentence_spans(doc, text)


@Language.component("news_sentences")
def news_sentences(doc: Doc) -> Doc:
    """spaCy component: sets `is_sent_start` from the news segmentation rules."""
    starts = {span.start for span in sentence_spans(doc)}
    for token in doc:
        token.is_sent_start = token.idx in starts
    return doc
