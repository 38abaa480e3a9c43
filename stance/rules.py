"""The cue lexicon: phrases per label with negation, read from `data/cues.json`.

A hit is evidence (rule id and matched text) and a feature for the model;
strong cues may also emit their label on their own (see `classifier.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafiles import load_json
from .errors import ConfigError
from .prefilter import Finder, Prefilter
from .records import LABELS, RuleHit

# a negation close before a cue cancels it: "did not condemn", "stopped short of condemning"
_NEGATION = re.compile(
    r"\b(?:not|never|no|neither|nor|without|n't|declined\s+to|refused\s+to|stopped\s+short\s+of|"
    r"avoided|refrained\s+from|rather\s+than|instead\s+of)\b(?:\s+\w+){0,2}\s*$|n't(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    id: str
    label: str
    pattern: re.Pattern[str]
    negatable: bool = False
    needs_speaker: bool = False
    strong: bool = False
    # strong only in a speaker's sentence: narrated cooperation ("the allies shared data") is a fact, not a pledge
    strong_needs_speaker: bool = False

    def is_strong(self, has_speaker: bool) -> bool:
        """Whether a hit of this cue may emit its label alone in a sentence with or without a speaker."""
        return self.strong and (has_speaker or not self.strong_needs_speaker)


class Lexicon:
    """Compiled cues; `match` returns the hits in one sentence."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        self._prefilter = Prefilter([cue.pattern.pattern for cue in cues], ignore_case=True)
        # a cue's pattern starts with a lookbehind and a long alternation: RE2 finds where `re` need try it
        self._finders = [Finder(cue.pattern) for cue in cues]

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """Read a cue file (default: the shipped `data/cues.json`)."""
        try:
            entries = load_json("cues.json", path)["cues"]
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"cue lexicon {path or 'cues.json'} has no 'cues' list: {exc}") from None
        cues: list[Cue] = []
        seen: set[str] = set()
        for entry in entries:
            ident = entry.get("id")
            if ident in seen:
                raise ConfigError(f"cue lexicon: duplicate id {ident!r}")
            if entry.get("label") not in LABELS:
                raise ConfigError(f"cue lexicon: {ident!r} has unknown label {entry.get('label')!r}")
            try:
                pattern = re.compile(rf"(?<![\w-])(?:{entry['pattern']})(?![\w-])", re.IGNORECASE)
            except (re.error, KeyError) as exc:
                raise ConfigError(f"cue lexicon: {ident!r} has a bad pattern: {exc}") from None
            seen.add(ident)
            cues.append(Cue(ident, entry["label"], pattern, bool(entry.get("negatable")),
                            bool(entry.get("needs_speaker")), bool(entry.get("strong")),
                            bool(entry.get("strong_needs_speaker"))))
        return cls(cues)

    def match(self, text: str, has_speaker: bool) -> list[RuleHit]:
        """Every cue hit in `text` that survives negation and the speaker condition."""
        hits: list[RuleHit] = []
        for index in sorted(self._prefilter.candidates(text)):
            cue = self.cues[index]
            if cue.needs_speaker and not has_speaker:
                continue
            for m in self._finders[index].finditer(text):
                if cue.negatable and _negated(text[max(0, m.start() - 40):m.start()]):
                    continue
                hits.append(RuleHit(cue.id, cue.label, m.group(), m.start(), m.end(), cue.is_strong(has_speaker)))
                break
        return hits


def _negated(window: str) -> bool:
    """Whether a negation ends `window` (the text just before a cue)."""
    return bool(_may_negate().candidates(window)) and _NEGATION.search(window) is not None


@lru_cache(maxsize=1)
def _may_negate() -> Prefilter:
    """The negation without its final anchor: a superset, so RE2 rules most windows out before `re` runs."""
    return Prefilter([_NEGATION.pattern.replace(r"\s*$", "")], ignore_case=True)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, compiled once per process."""
    return Lexicon.load()
