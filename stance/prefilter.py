r"""One linear-time pass that tells which of many regexes could match a text.

Our cue and actor patterns are Python regexes with lookarounds, which RE2
does not support. Each is loosened into an RE2 pattern that matches at least
everything the original matches (lookarounds and `\b` dropped), and all are
compiled into one `re2.Set`. A text is scanned once by RE2's automaton; only
the patterns it reports are then run by Python's `re`. Most sentences hit a
handful of the patterns, so most regex work is skipped, with identical results.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

try:
    from re import _parser  # Python >= 3.11
except ImportError:  # pragma: no cover
    import sre_parse as _parser  # type: ignore[no-redef]

import re2
from re2 import _re2

_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_WORD = r"[\pL\pN_]"  # Python's Unicode \w; RE2's \w is ASCII only
# Python's Unicode \s and \d; RE2's are ASCII only (its \s lacks even \v), so a no-break space would be missed
_SPACE = r"[\s\v\x1c-\x1f\x85\pZ]"
_DIGIT = r"[\p{Nd}]"
_DFA_MEMORY = 64 << 20  # room for the automaton of a few hundred alternatives, so RE2 does not fall back
_UNANCHORED = _re2.RE2.Anchor.UNANCHORED
# Python's case folding matches "i" and "I" with the dotless "ı" and the dotted "İ"; RE2's does not (the only
# such differences for ASCII letters)
_FOLD_ONLY_IN_PYTHON = ("ı", "İ")


def loosen(pattern: str, keep_boundaries: bool = False, bare: bool = False) -> str:
    r"""`pattern` (Python syntax) without lookarounds and word boundaries, `\w`, `\s`, `\d` made Unicode.

    With `keep_boundaries`, `\b` stays: RE2's ASCII `\b` is Python's on ASCII text. With `bare`, groups do
    not capture, so RE2 need not track them.
    """
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
            elif escape == "s":
                out.append(_SPACE[1:-1] if in_class else _SPACE)
            elif escape == "d":
                out.append(_DIGIT[1:-1] if in_class else _DIGIT)
            elif escape in "bB" and not in_class and not (keep_boundaries and escape == "b"):
                pass  # a boundary only narrows a match; dropping it keeps a superset
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if bare and char == "(" and not in_class:
            group = re.match(r"\((?:\?P<\w+>)?", pattern[i:])
            assert group is not None
            if group.end() > 1 or not pattern.startswith("(?", i):
                out.append("(?:")
                i += group.end()
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
        self._source = (list(patterns), ignore_case)
        options = _options()
        # one set for any text; one keeping `\\b`, much more selective, for ASCII text
        self._loose = re2.Set.SearchSet(options)
        self._ascii = re2.Set.SearchSet(options)
        self._ids: list[int] = []  # RE2 set index -> pattern index
        always: set[int] = set()
        folded: set[int] = set()
        flags = "(?i)" if ignore_case else ""
        for index, pattern in enumerate(patterns):
            loose = _end_anchor(loosen(pattern, bare=True))
            if _anchored(loose):
                always.add(index)
                continue
            strict = _end_anchor(loosen(pattern, keep_boundaries=True, bare=True))
            sources = (f"{flags}(?:{loose})", f"{flags}(?:{strict})")
            if not all(_takes(source) for source in sources):
                always.add(index)  # both sets must take it, or their indices would drift apart
                continue
            self._loose.Add(sources[0])
            self._ascii.Add(sources[1])
            self._ids.append(index)
            if ignore_case or "(?i" in pattern:
                folded.add(index)
        self.always = frozenset(always)
        self._folded = frozenset(folded | always)
        if self._ids:
            self._loose.Compile()
            self._ascii.Compile()

    def __reduce__(self) -> tuple[type[Prefilter], tuple[list[str], bool]]:
        # RE2 sets do not pickle: rebuild from the patterns (worker processes get an analyzer this way)
        return type(self), self._source

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns that may match somewhere in `text`."""
        if not self._ids:
            return set(self.always)
        # the engine under the wrapper, handed bytes: the wrapper's own checks and encoding cost more than the scan
        if text.isascii():
            hits = self._ascii._set.Match(text.encode())
            found = set(self.always)
        else:
            hits = self._loose._set.Match(text.encode())
            found = set(self._folded if _python_folds(text) else self.always)
        ids = self._ids
        for i in hits or ():
            found.add(ids[i])
        return found


def _python_folds(text: str) -> bool:
    """Whether `text` has a letter that only Python's case folding matches with an ASCII letter."""
    return _FOLD_ONLY_IN_PYTHON[0] in text or _FOLD_ONLY_IN_PYTHON[1] in text


def _options() -> re2.Options:
    options = re2.Options()
    options.max_mem = _DFA_MEMORY
    options.log_errors = False  # a pattern RE2 cannot take is expected: it is left to `re`
    return options


def _takes(source: str) -> bool:
    """Whether RE2 compiles `source`."""
    try:
        return _re2.RE2(source.encode(), _options()).ok()
    except re2.error:
        return False


class Finder:
    r"""`regex.finditer` and `regex.search`, same matches, found faster.

    RE2 scans in linear time for where the loosened pattern matches; Python's `re` is tried only at those
    starts. A match of the pattern is a match of its loosened form at the same start, so no start is missed.
    On ASCII text the loosened form keeps `\b` and proposes far fewer starts ("he" not inside "the").
    Patterns RE2 cannot take, or that may match the empty string, are left to `re` alone.
    """

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self._fold = bool(regex.flags & re.IGNORECASE) or "(?i" in regex.pattern
        self._loose: _re2.RE2 | None = None
        self._ascii: _re2.RE2 | None = None
        loose = _end_anchor(loosen(regex.pattern, bare=True))
        self._end_anchored = loose != loosen(regex.pattern, bare=True)
        if _anchored(loose) or _parser.parse(regex.pattern, regex.flags).getwidth()[0] == 0:
            return
        flags = "(?i)" if regex.flags & re.IGNORECASE else ""
        strict = _end_anchor(loosen(regex.pattern, keep_boundaries=True, bare=True))
        sources = (f"{flags}(?:{loose})", f"{flags}(?:{strict})")
        if all(_takes(source) for source in sources):
            self._loose, self._ascii = (_re2.RE2(source.encode(), _options()) for source in sources)

    def __reduce__(self) -> tuple[type[Finder], tuple[re.Pattern[str]]]:
        return type(self), (self.regex,)  # RE2 programs do not pickle: rebuild from the pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Like `regex.finditer(text)`."""
        engine = self._engine(text)
        if engine is None:
            yield from self.regex.finditer(text)
            return
        raw = text.encode()
        at = 0
        if len(raw) != len(text):
            while (m := self._search(engine, text, raw, at)) is not None:
                yield m
                at = m.end()  # never empty: such patterns are left to `re`
            return
        # ASCII, so byte and character offsets agree: `_search` inlined, as this runs for every sentence
        scan, match, end = engine.Match, self.regex.match, len(raw)
        while at <= end:
            hit = scan(_UNANCHORED, raw, at, end)[0][0]
            if hit < 0:
                return
            m = match(text, hit)
            if m is None:
                at = hit + 1
            else:
                yield m
                at = m.end()

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `regex.search(text, pos, endpos)`; with `endpos` the match is on `text[:endpos]`, same spans."""
        if endpos is not None and endpos < len(text):
            text = text[:endpos]  # what `endpos` means to `re`: the text ends there, also for `$` and lookaheads
        engine = self._engine(text)
        if engine is None:
            return self.regex.search(text, pos)
        return self._search(engine, text, text.encode(), pos)

    def finditer_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[re.Match[str]]]:
        """For each `(start, end)` of `spans`, `list(regex.finditer(text[start:end]))`: one RE2 pass over `text`.

        Spans must be in order and must not overlap (sentences of an article). RE2 jumps from one span where
        the loosened pattern matches to the next, so spans without a possible match cost nothing; only the
        others are sliced and matched. Offsets are those of the sliced span, as in a per-span loop.
        """
        if self._loose is None or self._end_anchored or (self._fold and _python_folds(text)):
            # a final `$` means the end of each span, which a pass over the whole text cannot see
            return [list(self.regex.finditer(text[start:end])) for start, end in spans]
        out: list[list[re.Match[str]]] = [[] for _ in spans]
        for k in _spans_with_hits(self._loose, text, spans):
            start, end = spans[k]
            out[k] = list(self.finditer(text[start:end]))
        return out

    def _engine(self, text: str) -> _re2.RE2 | None:
        """The RE2 program whose starts include the pattern's on `text`, if any."""
        if text.isascii():
            return self._ascii
        if self._fold and _python_folds(text):
            return None
        return self._loose

    def _search(self, engine: _re2.RE2, text: str, raw: bytes, at: int) -> re.Match[str] | None:
        """The leftmost match from `at`: the first RE2 start where `re` confirms one."""
        scan, match, end = engine.Match, self.regex.match, len(raw)
        if end == len(text):  # ASCII: byte and character offsets agree
            while at <= end:
                hit = scan(_UNANCHORED, raw, at, end)[0][0]
                if hit < 0:
                    return None
                m = match(text, hit)
                if m is not None:
                    return m
                at = hit + 1
            return None
        while at <= len(text):
            hit = scan(_UNANCHORED, raw, len(text[:at].encode()), end)[0][0]
            if hit < 0:
                return None
            start = len(raw[:hit].decode())
            m = match(text, start)
            if m is not None:
                return m
            at = start + 1
        return None


def _spans_with_hits(engine: _re2.RE2, text: str, spans: Sequence[tuple[int, int]]) -> Iterator[int]:
    """Indices of the spans (in order, not overlapping) inside which `engine` finds a match.

    `engine` is a loosened pattern (no anchors, boundaries or lookarounds), so a match inside a span is
    also a match in the whole text, and the leftmost match from a span's start is never past it.
    """
    raw = text.encode()
    if len(raw) == len(text):
        starts, ends = [start for start, _ in spans], [end for _, end in spans]
    else:  # byte offsets, one piece of text at a time
        starts, ends, at, done = [], [], 0, 0
        for start, end in spans:
            at += len(text[done:start].encode())
            starts.append(at)
            at += len(text[start:end].encode())
            ends.append(at)
            done = end
    k = 0
    while k < len(spans):
        found = engine.Match(_UNANCHORED, raw, starts[k], len(raw))[0]
        if found[0] < 0:
            return
        k = bisect_right(ends, found[0], k)  # the first span ending after the match starts
        if k == len(spans):
            return
        if found[0] >= starts[k]:
            # inside span k; a match running past its end may hide a shorter one that stays inside
            if found[1] <= ends[k] or engine.Match(_UNANCHORED, raw, found[0], ends[k])[0][0] >= 0:
                yield k
            k += 1


def _end_anchor(pattern: str) -> str:
    r"""`pattern` with a final `$` (only group ends after it) as RE2 reads Python's: the end or before a last newline.

    RE2's `$` is the end of the text (`\z`); Python's also matches before a final newline. Consuming that
    newline is harmless because nothing follows the `$` on the way to the match's end.
    """
    tail = re.search(r"(?<!\\)((?:\\\\)*)\$(\)*)\Z", pattern)
    if tail is None:
        return pattern
    return f"{pattern[:tail.start()]}{tail.group(1)}(?:\\n?\\z){tail.group(2)}"


def _anchored(pattern: str) -> bool:
    r"""Whether `pattern` may use `^`, `$`, `\A` or `\Z`, which RE2 reads differently at a start position."""
    return re.search(r"(?<!\\)(?:\\\\)*(?:\^|\$|\\[AZ])", pattern.replace("[^", "[")) is not None
