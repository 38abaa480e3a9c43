"""Regular expressions for long phrase lists, shaped as a trie.

Python's `re` tries the branches of `a|b|c` one after another at every
position, so a plain alternation of hundreds of names or titles is slow. A
trie-shaped pattern (`Prime (?:Minister|...)`) shares prefixes, so a position
that cannot start any phrase is rejected after one character. Longer phrases
are preferred, as with a longest-first alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""

# Python's re.IGNORECASE also equates "ı" and "İ" with "i" and "ſ" with "s":
# a matched phrase must fold to its lexicon key with the same equivalences
_FOLD_EXTRA = str.maketrans({"ı": "i", "\u0307": None})


def fold(text: str) -> str:
    """The lexicon key of text matched case-insensitively ("Frıday", "MILES", "mileſ" -> "friday", "miles")."""
    return text.casefold().translate(_FOLD_EXTRA)


def phrase_pattern(phrases: Iterable[str], fold_case: bool = False) -> str:
    """A non-capturing regex source matching any of `phrases` (longest first).

    With `fold_case`, phrases are lower-cased before the trie is built; use
    the result inside `(?i:...)` or with `re.IGNORECASE`.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for char in phrase.lower() if fold_case else phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not trie:
        return "(?!)"  # matches nothing, as an empty list should
    return _render(trie)


def word_alternation(words: Iterable[str], escape: bool = True) -> str:
    """A longest-first alternation of `words` in which a space matches any run of whitespace.

    With `escape` the words are literals; without, they are regex fragments.
    """
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") if escape else w.replace(" ", r"\s+") for w in items)


def _render(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        # the phrase may also end here: try the longer continuation first
        return (f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?")
    return body
