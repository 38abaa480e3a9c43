"""Numbers in news text: counts ("at least 23 missiles"), distances with units, hedges and ranges.

The guide's conventions: a bound is the number given ("more than 930 miles"
= 1497 km, "exceeding 4,000 km" = 4000), a range of figures ("300-400 km")
is null, and vague quantities ("several", "a barrage") are null. Absurd
figures are null too, never a guess.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .datafiles import load_json
from .phrases import fold, word_alternation
from .prefilter import Finder

Number = int | float


@dataclass(frozen=True)
class Lexicon:
    """Number words, bounds, vague quantities and distance units (from `data/numbers.json`)."""

    words: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    specials: dict[str, int]
    bounds: tuple[str, ...]
    vague: tuple[str, ...]
    units: dict[str, float]
    limits_km: dict[str, int]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data: dict[str, Any] = load_json("numbers.json")
    return Lexicon(words=data["units"], tens=data["tens"], scales=data["scales"], specials=data["specials"],
                   bounds=tuple(data["bounds"]), vague=tuple(data["vague"]), units=data["distance_units"],
                   limits_km=data["limits_km"])


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    simple = word_alternation([*lex.words, *lex.tens])
    word = rf"(?:{simple})(?:[\s-]+(?:and\s+)?(?:{simple}|{word_alternation(list(lex.scales))}))*"
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    number = rf"(?:{digits}|{word})"
    bound = word_alternation(lex.bounds)
    unit = word_alternation(list(lex.units))
    distance = (rf"(?<![\w.,])(?:(?P<bound>{bound})\s+)?(?:between\s+)?(?P<a>{number})"
                rf"(?:\s*(?P<sep>-|–|—|to|and|or)\s*(?P<b>{number}))?\s*-?\s*(?P<unit>{unit})(?![a-z])")
    count = (rf"(?<![\w-])(?:(?P<bound>{bound})\s+)?(?P<n>{digits}|{word})(?:\s+more)?(?![\w-])")
    return {
        "number": re.compile(rf"^(?:{number})$", re.I),
        "distance": re.compile(distance, re.I),
        "count": re.compile(count, re.I),
        "vague": re.compile(rf"(?<![\w-])(?:{word_alternation(lex.vague)})(?![\w-])", re.I),
    }


def word_number(text: str) -> int | None:
    """An English number in words up to the thousands ("twenty-three", "three hundred and five")."""
    lex = lexicon()
    total = current = 0
    seen = False
    for token in re.split(r"[\s-]+", text.lower().strip()):
        if token == "and" and seen:
            continue
        if token in lex.words:
            current += lex.words[token]
        elif token in lex.tens:
            current += lex.tens[token]
        elif token in lex.scales and seen:
            scale = lex.scales[token]
            if scale >= 1000:
                total, current = total + max(current, 1) * scale, 0
            else:
                current = max(current, 1) * scale
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> Number | None:
    """A number written in digits ("4,600", "1,002.3") or words ("seven"); None otherwise."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        cleaned = text.replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            return None
        return int(value) if value.is_integer() and "." not in cleaned else value
    return word_number(text)


def parse_count(phrase: str) -> int | None:
    """How many: "seven" = 7, "at least 23" = 23, "two more" = 2, "a" = 1; vague or unknown = None."""
    phrase = " ".join(phrase.lower().split())
    if not phrase:
        return None
    special = lexicon().specials.get(phrase)
    if special is not None:
        return special
    match = _patterns()["count"].fullmatch(phrase)
    if not match:
        return None
    value = parse_number(match.group("n"))
    return int(value) if isinstance(value, int) or (isinstance(value, float) and value.is_integer()) else None


def is_vague(phrase: str) -> bool:
    """True for quantities that name no figure ("several", "a barrage of", "multiple")."""
    return bool(_patterns()["vague"].fullmatch(" ".join(phrase.lower().split())))


LOWER_BOUNDS = frozenset({"more than", "over", "exceeding", "at least", "no less than", "just over", "well over"})


def to_km(value: Number, unit: str, bound: str | None = None) -> Number:
    """`value` in `unit` as kilometres: km kept as given, miles and nautical miles in whole km.

    Converted figures are rounded, except after a lower bound, where they round
    up ("more than 930 miles" is more than 1496.4 km: 1497).
    """
    factor = lexicon().units.get(" ".join(fold(unit).split()))
    if factor is None:
        raise ValueError(f"unknown distance unit {unit!r}")
    if factor == 1:
        return value
    km = value * factor
    if bound is not None and " ".join(fold(bound).split()) in LOWER_BOUNDS:
        return int(math.ceil(km - 1e-9))
    return int(round(km))


def plausible(km: Number | None, kind: str) -> Number | None:
    """`km` if it can be a measured `kind` ("range" or "apogee") of a missile flight, else None."""
    if km is None:
        return None
    limit = lexicon().limits_km.get(kind)
    if km <= 0 or (limit is not None and km > limit):
        return None
    return km


@dataclass(frozen=True)
class Distance:
    """A distance in the text: its value in km (None for a range of figures), where it is, how it was said."""

    km: Number | None
    start: int
    end: int
    text: str
    bound: str | None = None
    is_range: bool = False
    conversion: bool = False


@lru_cache(maxsize=1)
def distance_finder() -> Finder:
    """The distance pattern, located by RE2 first (same matches as `re`)."""
    return Finder(_patterns()["distance"])


def find_distances(text: str) -> list[Distance]:
    """Every distance with a unit, in order; conversions in brackets after a figure are marked."""
    found: list[Distance] = []
    for match in distance_finder().finditer(text):
        first = parse_number(match.group("a"))
        second = parse_number(match.group("b")) if match.group("b") else None
        if first is None:
            continue
        is_range = second is not None
        unit = match.group("unit")
        bound = match.group("bound")
        km = None if is_range else to_km(first, unit, bound)
        before = text[found[-1].end:match.start()] if found else ""
        conversion = bool(found) and bool(re.fullmatch(r"\s*[(\[]\s*(?:about|around|roughly|some|or)?\s*", before))
        found.append(Distance(km=km, start=match.start(), end=match.end(), text=match.group(0),
                              bound=bound.lower() if bound else None, is_range=is_range, conversion=conversion))
    return found
