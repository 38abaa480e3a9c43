"""Merging the events of many articles into canonical events.

Two events are one happening when they have the same type, dates at most a
day apart, and compatible facts (no conflicting missile class, count, range
or apogee). Dated events are compared only within (type, date) buckets of
the day before, the day and the day after, so the work grows with the number
of events, never with its square. Undated events are matched on facts, looked
up by figure buckets: same type and an identifying figure in common (range
or apogee), or the same count and weapon family together with another
agreeing fact; with nothing to go on they stay apart.
Meetings carry no figures, so they also need participants (the countries
of the speakers and of the parties named in the sentences linked to them):
two meetings are one only when the participants of one include the other's.
Deterministic: events are taken in input order and ties go to the earliest
canonical event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .datafiles import load_json
from .events import family_of
from .phrases import fold, phrase_pattern
from .records import Analysis, Event, EventFacts

MEETING = "diplomatic_meeting"

FIGURE_TOLERANCE = 0.1
"""Range and apogee figures within 10% are the same measurement reported by different sources."""


@dataclass
class Mention:
    """Where a canonical event is spoken of: an article, its event id there, and the linked sentences."""

    article: str
    event: str
    sentences: list[int]


@dataclass
class CanonicalEvent(EventFacts):
    """One happening across articles: merged facts and every article mention."""

    family: str | None = None
    participants: frozenset[str] = frozenset()
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({m.article for m in self.mentions})

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("id", "type", "date", "count", "missile", "range_km", "apogee_km",
                                             "origin", "landing")}
        if self.participants:
            out["participants"] = sorted(self.participants)
        out["mentions"] = [{"article": m.article, "event": m.event, "sentences": m.sentences} for m in self.mentions]
        return out


@lru_cache(maxsize=1)
def _country_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every country name, adjective and alias in the actor gazetteer, and alias -> country."""
    aliases: dict[str, str] = {}
    for country in load_json("actors.json")["countries"]:
        for alias in [country["name"], *country.get("adjectives", []), *country.get("aliases", [])]:
            aliases[alias.lower()] = country["name"]
    return re.compile(rf"(?<![\w-]){phrase_pattern(aliases)}(?![\w-])", re.I), aliases


def participants(analysis: Analysis, event_id: str) -> frozenset[str]:
    """The countries taking part in a meeting: its speakers' and those named where it is told.

    North Korea is the usual topic of the allies' calls, so only as a speaker does it take part.
    """
    pattern, aliases = _country_names()
    found: set[str] = set()
    for sentence in analysis.sentences:
        if sentence.event != event_id:
            continue
        if sentence.speaker is not None and sentence.speaker.country:
            found.add(sentence.speaker.country)
        found.update(c for m in pattern.finditer(sentence.text)
                     if (c := aliases[fold(m.group(0))]) != "North Korea")
    return frozenset(found)


def _same_parties(a: frozenset[str], b: frozenset[str]) -> bool:
    """Meetings are one only when both have known parties and one side's include the other's."""
    return bool(a) and bool(b) and (a <= b or b <= a)


def _close(a: int | float | None, b: int | float | None) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= FIGURE_TOLERANCE * max(abs(a), abs(b))


def compatible(canonical: CanonicalEvent, event: Event, parties: frozenset[str] = frozenset()) -> bool:
    """No fact of `event` contradicts the canonical event (unknown facts never contradict; meetings need parties)."""
    if canonical.type != event.type:
        return False
    if event.type == MEETING and not _same_parties(canonical.participants, parties):
        return False
    family = family_of(event.missile)
    if canonical.family and family and canonical.family != family:
        return False
    if canonical.count is not None and event.count is not None and canonical.count != event.count:
        return False
    return _close(canonical.range_km, event.range_km) and _close(canonical.apogee_km, event.apogee_km)


def _evidence(canonical: CanonicalEvent, event: Event) -> int:
    """How many identifying facts agree (used to match undated events and to break ties)."""
    score = 0
    for name in ("range_km", "apogee_km"):
        a, b = getattr(canonical, name), getattr(event, name)
        if a is not None and b is not None and _close(a, b):
            score += 2
    if canonical.count is not None and canonical.count == event.count:
        score += 1
    family = family_of(event.missile)
    if canonical.family and canonical.family == family:
        score += 1
    return score


def _absorb(canonical: CanonicalEvent, event: Event) -> None:
    for name in ("date", "count", "missile", "range_km", "apogee_km", "origin", "landing"):
        if getattr(canonical, name) is None and getattr(event, name) is not None:
            setattr(canonical, name, getattr(event, name))
    canonical.family = canonical.family or family_of(event.missile)


def _days(date: str, spread: int) -> list[str]:
    day = dt.date.fromisoformat(date)
    return [(day + dt.timedelta(days=d)).isoformat() for d in range(-spread, spread + 1)]


def _figure_keys(event: Event | CanonicalEvent) -> list[tuple[Any, ...]]:
    """Blocking keys for matching on facts: figure buckets (with neighbours) and count + weapon family."""
    keys: list[tuple[Any, ...]] = []
    for name in ("range_km", "apogee_km"):
        value = getattr(event, name)
        if value:
            bucket = int(value // 100)
            keys += [(name, event.type, b) for b in (bucket - 1, bucket, bucket + 1)]
    family = event.family if isinstance(event, CanonicalEvent) else family_of(event.missile)
    if event.count is not None and family:
        keys.append(("count", event.type, event.count, family))
    return keys


def merge_events(analyses: Iterable[Analysis]) -> list[CanonicalEvent]:
    """Canonical events for all analyses, each with the articles and sentences that mention it."""
    canon: list[CanonicalEvent] = []
    dated: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_facts: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for number, analysis in enumerate(analyses):
        article = analysis.id if analysis.id is not None else f"#{number}"
        sentences: dict[str, list[int]] = defaultdict(list)
        for i, sentence in enumerate(analysis.sentences):
            if sentence.event:
                sentences[sentence.event].append(i)
        seen: set[int] = set()  # the extractor already told this article's events apart
        for event in analysis.events:
            mention = Mention(article, event.id, sentences.get(event.id, list(event.mentions)))
            parties = participants(analysis, event.id) if event.type == MEETING else frozenset()
            if event.date:
                if event.type == MEETING:  # meetings carry no identifying figures: the same day only
                    candidates = list(dated.get((event.type, event.date), []))
                else:
                    candidates = [c for day in _days(event.date, 1) for c in dated.get((event.type, day), [])]
                fits = [c for c in sorted(set(candidates)) if compatible(canon[c], event, parties) and c not in seen]
                best = max(fits, key=lambda c: (canon[c].date == event.date, _evidence(canon[c], event), -c),
                           default=None)
            else:
                candidates = sorted({c for key in _figure_keys(event) for c in by_facts.get(key, [])})
                fits = [c for c in candidates
                        if c not in seen and compatible(canon[c], event, parties) and _evidence(canon[c], event) >= 2]
                best = max(fits, key=lambda c: (_evidence(canon[c], event), -c), default=None)
            if best is None:
                best = len(canon)
                canon.append(CanonicalEvent(id=f"c{best + 1}", type=event.type))
            target = canon[best]
            _absorb(target, event)
            target.participants |= parties
            target.mentions.append(mention)
            seen.add(best)
            if target.date and best not in dated[(target.type, target.date)]:
                dated[(target.type, target.date)].append(best)
            for key in _figure_keys(target):
                if best not in by_facts[key]:
                    by_facts[key].append(best)
    return canon
