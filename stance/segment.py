"""Sentence segmentation for news text on spaCy's blank English tokenizer.

News breaks the usual splitters: headlines and one-line paragraphs carry no
final stop, abbreviations ("U.S.", "a.m.", "Gen.") contain stops, and quotes
close after the stop. Every sentence keeps exact character offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
    titles, starters = _data()
    spans: list[Span] = []
    # read offsets and lengths as arrays: creating a Token object per token costs more than the rules
    text = doc.text if text is None else text
    starts = doc.to_array(IDX).tolist()
    words = [text[s:s + n] for s, n in zip(starts, doc.to_array(LENGTH).tolist(), strict=True)]
    n = len(words)
    begin = -1  # index of the first token of the open sentence
    last = -1  # index of the last non-space token of the open sentence
    in_straight_quote = False

    def close() -> None:
        nonlocal begin, last
        if begin >= 0:
            spans.append(Span(starts[begin], starts[last] + len(words[last])))
        begin = last = -1

    i = 0
    while i < n:
        word = words[i]
        if word.isspace():
            if "\n" in word:
                close()
            i += 1
            continue
        if begin < 0:
            begin = i
        last = i
        if word in _STRAIGHT:
            in_straight_quote = not in_straight_quote
        boundary = False
        if word in _FINAL or (len(word) > 1 and word[-1] in "!?" and word[0].isalpha()):
            # absorb closing quotes and brackets that belong to this sentence
            j = i + 1
            while j < n and (words[j] in _CLOSERS or (words[j] in _STRAIGHT and in_straight_quote)):
                if words[j] in _STRAIGHT:
                    in_straight_quote = False
                last = j
                j += 1
            nxt = j
            while nxt < n and words[nxt].isspace() and "\n" not in words[nxt]:
                nxt += 1
            if nxt >= n or words[nxt].isspace():
                boundary = True
            elif _starts_sentence(words[nxt]):
                # "Capt." and "No." reach us split as "Capt" + "."
                boundary = not (word == "." and i > 0 and words[i - 1].lower() + "." in titles)
            i = j - 1
        elif len(word) > 1 and word.endswith(".") and i + 1 < n:
            # an abbreviation: ends a sentence only before a typical sentence opener
            nxt = words[i + 1]
            lowered = word.lower()
            is_initial = len(word) == 2 and word[0].isupper()
            if not is_initial and lowered not in titles and nxt in starters:
                boundary = True
        if boundary:
            close()
        i += 1
    close()
    return spans


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
