r"""One linear-time pass that tells which of many regexes could match a text.

Our cue and actor patterns are Python regexes with lookarounds, which RE2
does not support. Each is loosened into an RE2 pattern that matches at least
everything the original matches (lookarounds and `\b` dropped), and all are
compiled into one `re2.Set`. A text is scanned once by RE2's automaton; only
the patterns it reports are then run by Python's `re`. Most sentences hit a
handful of the patterns, so most regex work is skipped, with identical results.
"""

from __future__ import annotations

import re2

_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_WORD = r"[\pL\pN_]"  # Python's Unicode \w; RE2's \w is ASCII only
_DFA_MEMORY = 64 << 20  # room for the automaton of a few hundred alternatives, so RE2 does not fall back


def loosen(pattern: str) -> str:
    r"""`pattern` (Python syntax) without lookarounds and word boundaries, `\w` made Unicode."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        if not in_class and pattern.startswith(_LOOKAROUNDS, i):
            i = _group_end(pattern, i)
            continue
        char = pattern[i]
        if char == "\\" and i + 1 < n:
            escape = pattern[i + 1]
            if escape == "w":
                out.append(_WORD[1:-1] if in_class else _WORD)
            elif escape == "W" and not in_class:
                out.append(r"[^\pL\pN_]")
            elif escape in "bB" and not in_class:
                pass  # a boundary only narrows a match; dropping it keeps a superset
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class and out and out[-1] != "[":
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group that opens at `start`."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(pattern)


class Prefilter:
    """Which of `patterns` may match a text; patterns RE2 cannot take are always candidates."""

    def __init__(self, patterns: list[str], ignore_case: bool = False) -> None:
        options = re2.Options()
        options.max_mem = _DFA_MEMORY
        self._set = re2.Set.SearchSet(options)
        self._ids: list[int] = []  # RE2 set index -> pattern index
        self.always: frozenset[int] = frozenset()
        always: set[int] = set()
        flags = "(?i)" if ignore_case else ""
        for index, pattern in enumerate(patterns):
            try:
                self._set.Add(f"{flags}(?:{loosen(pattern)})")
            except re2.error:
                always.add(index)
                continue
            self._ids.append(index)
        self.always = frozenset(always)
        self.size = len(patterns)
        if self._ids:
            self._set.Compile()

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns that may match somewhere in `text`."""
        found = set(self.always)
        if self._ids:
            # hand RE2 bytes: its wrapper's own encoding step is slower than str.encode()
            for i in self._set.Match(text.encode()) or ():
                found.add(self._ids[i])
        return found
