"""Events: launches, nuclear tests, meetings and exercises mentioned in an article, with their facts.

Rules, not a model. Each sentence is scanned for event mentions (a cheap
keyword check first, regexes only where a keyword is found); mentions of the
same happening become one event (same type, no conflicting date or weapon);
every sentence is linked to the event it reports on or reacts to, carrying
the topic over from sentence to sentence the way news reports do. Facts
(date, count, missile, range, apogee, origin, landing) are kept as claims
with their source sentence and speaker; the shown value follows the guide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from . import dates as dating
from . import numbers
from .datafiles import load_json
from .phrases import fold, word_alternation
from .prefilter import Finder, Prefilter, loosen
from .records import Claim, Event, Sentence

LAUNCH, NUCLEAR, MEETING, EXERCISE = "missile_launch", "nuclear_test", "diplomatic_meeting", "military_exercise"
OTHER = "other"
RECENT = 2
"""A bare "the missile" refers to a launch mentioned this many sentences back; otherwise to the main launch."""


@dataclass(frozen=True)
class Patterns:
    """The compiled event lexicon (`data/events.json`); `Finder`s scan with RE2 first, same matches as `re`."""

    keyword: Finder
    weapon: Finder
    launch_verb: Finder
    launch_noun: Finder
    nuclear: Finder
    meeting: Finder
    meeting_ref: Finder
    meeting_excluded: Finder
    meeting_request: Finder
    exercise: Finder
    secondary: Finder
    past: Finder
    background: Finder
    generic: Finder
    condemnation: Finder
    agreement: Finder
    reporting: re.Pattern[str]
    statement_before: Finder
    report_verb: re.Pattern[str]
    statement_after: re.Pattern[str]
    landing_verb: Finder
    water: Finder
    zone: Finder
    origin: Finder
    story_subject: re.Pattern[str]
    families: dict[str, re.Pattern[str]]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    d: dict[str, Any] = load_json("events.json")
    raw, literal = partial(word_alternation, escape=False), word_alternation  # data entries: regex fragments or words
    heads = raw([re.escape(h) for h in d["weapon_heads"]] + d["weapon_names"])
    mods = raw([re.escape(m) for m in d["weapon_modifiers"]] + d["weapon_names"])
    weapon = rf"(?:(?:{mods})[\s-]+){{0,4}}(?:{heads})(?:\s+\((?:[A-Z]{{3,5}}s?)\))?"
    i = re.I

    def words(source: str) -> Finder:
        """`source` as whole words (no letter, digit or hyphen on either side), case-insensitive."""
        return Finder(re.compile(rf"(?<![\w-])(?:{source})(?![\w-])", i))

    keyword = (r"missile|rocket|projectile|satellite|ICBM|SLBM|SRBM|IRBM|launch|fire|firing|test|Hwasong|nuclear|"
               r"talks|call|phone|spoke|talked|met\b|meet|summit|consult|conference|session|host|discussion|dialogue|"
               r"drill|exercise|maneuver|manoeuvre|war ?game|the sides|leaders|ministers|participants")
    return Patterns(
        keyword=Finder(re.compile(keyword, i)),
        weapon=Finder(re.compile(rf"(?<![\w-])(?P<weapon>{weapon})(?![\w-])", i)),
        launch_verb=words(literal(d["launch_verbs"])),
        launch_noun=words(literal(d["launch_nouns"])),
        nuclear=words(raw(d["nuclear"])),
        meeting=words(raw(d["meeting_narration"])),
        meeting_ref=words(literal(d["meeting_references"])),
        meeting_excluded=Finder(re.compile(rf"(?:{literal(d['meeting_excluded'])})", i)),
        meeting_request=Finder(re.compile(rf"(?<![\w-])(?:{raw(d['meeting_requests'])})$", i)),
        exercise=words(raw(d["exercise"])),
        secondary=words(raw(d["secondary"])),
        past=words(raw(d["past_markers"])),
        background=Finder(re.compile(rf"(?:{raw(d['background'])})", i)),
        generic=words(raw(d["generic"])),
        condemnation=Finder(re.compile(rf"(?<![\w-])(?:{raw(d['condemnation'])})", i)),
        agreement=words(raw(d["agreement"])),
        report_verb=re.compile(rf"(?<![\w-])(?:{literal(d['reporting'])})(?![\w-])", i),
        statement_before=Finder(re.compile(rf"\b(?:{raw(d['statement_verbs'])})\b(?:\s+[\w.-]+){{0,4}}\s+"
                                           r"(?:on\s+|late\s+|early\s+)?$", i)),
        statement_after=re.compile(rf"^(?:\s+(?:morning|afternoon|evening|night))?,?\s+(?:(?:also|formally|strongly|"
                                   rf"publicly|officially)\s+)?(?:{raw(d['statement_verbs'])})\b", i),
        reporting=re.compile(rf"(?<![\w-])(?:{literal(d['reporting'])})\s+(?:on\s+)?$", i),
        landing_verb=words(literal(d["landing_verbs"])),
        water=Finder(re.compile(rf"(?<![\w-])(?:{literal(d['waters'])})"
                                rf"(?:\s+(?:east|west|north|south)\s+of\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)?", re.I)),
        zone=Finder(re.compile(rf"(?:{raw(d['zones'])})", i)),
        origin=Finder(re.compile(r"(?<![\w-])(?:from|off)\s+(?:the\s+)?(?P<place>(?:(?:near|around|northern|southern|eastern|"
                          r"western|central)\s+)?(?:the\s+)?[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)*(?:\s+(?:area|region|"
                          r"site|launch site|province|Province|county|city|coast|Bay|airport))?(?:,\s+[A-Z][\w-]+"
                          r"(?:\s+[A-Z][\w-]+)*\s+[Pp]rovince)?)")),
        story_subject=re.compile(rf"(?<![\w-])(?:{literal(d['story_subjects'])})(?![\w-])"),
        families={k: re.compile(rf"(?<![\w-])(?:{raw(v)})", i) for k, v in d["families"].items()},
    )


NOT_PLACES = frozenset({"North Korea", "South Korea", "Japan", "Seoul", "Tokyo", "Washington", "Beijing", "Moscow",
                        "China", "Russia", "United States", "U.S.", "US", "North", "Pyongyang's", "Yonhap", "KCNA"})
NON_EVENT_AFTER = re.compile(r"\s*(?:program|programme|defen[cs]e|alert|system|capabilit|technolog|development|"
                             r"threat|warning|data|shield|force|arsenal|site|pad|base|unit|battery|batteries|launcher|"
                             r"readiness|preparation|engine|motor|industr|production|factor|range|tests?\b|"
                             r"launch)", re.I)
NEGATED = re.compile(r"\b(?:not|never|n['’]t)\s+(?:yet\s+|been\s+|be\s+)?$", re.I)
CLAUSE_BREAK = Finder(re.compile(r"[.;]|\b(?:and|but|while)\s+(?:the|it|he|she|they)\b"))
TO_BEFORE = re.compile(r"\bto\s+$")
NUCLEAR_BEFORE = re.compile(r"\bnuclear\s+$", re.I)
TO_THE_BEFORE = re.compile(r"\bto\s+the\s+$")
# The word-list patterns ending a window are `Finder`s: `re` alone would try every start of the window
WEAPON_REFERENCE = Finder(re.compile(r"(?:\b(?:the|this|that|these|those|its|latest|new)\s+(?:[\w-]+\s+){0,2}|"
                                     r"['’]s\s+)$", re.I))
COUNTED_BEFORE = Finder(re.compile(r"\b(?:an?|one|two|three|four|five|six|seven|eight|\d+)\s+(?:[\w-]+\s+){0,3}$",
                                   re.I))
GENERIC_BEFORE = Finder(re.compile(r"\b(?:any|every|each|further|future|(?<!one\s)(?<!once\s)more|other|such)\s+"
                                   r"(?:[\w-]+\s+){0,2}$", re.I))
DETERMINED_BEFORE = Finder(re.compile(r"(?:\b(?:the|these|those|both)|\w+day['’]s|\d|two|three|four|five|six|"
                                      r"seven)\s+(?:[\w-]+\s+){0,4}$", re.I))
SINCE_BEFORE = re.compile(r"\b(?:since|first\s+\w+(?:\s+\w+)?\s+in)\s+$", re.I)
WEEKDAY_COMMA = re.compile(r"[A-Z][a-z]+day,\s*$")
WEAPON_ONLY = re.compile(r"(?:warheads?|weapons?)$", re.I)
NOT_A_LAUNCH_AFTER = re.compile(r"\s+(?:site|pad|vehicle|readiness|time|window|preparations?|a\s+response|"
                                r"an?\s+(?:attack|investigation|probe|campaign|offensive))\b", re.I)
""""launch site", "test a response": the noun names no launch."""
TEST_DETERMINER = Finder(re.compile(r"(?:missile|rocket|ICBM|weapons?|the|this|that|latest|its|flight|launch|"
                                    r"\w+day['’]s)\s+(?:[\w-]+\s+){0,2}$", re.I))
FIRING = re.compile(r"fir", re.I)
NOUN_DETERMINER = Finder(re.compile(r"(?:\b(?:the|a|an|this|that|these|those|its|their|his|her|our|latest|last|"
                                    r"previous|first|second|third|fourth|fifth|sixth|new|recent|failed|successful|"
                                    r"unsuccessful|most recent|missile|rocket|ICBM|SLBM|satellite|weapons?|ballistic|"
                                    r"cruise|flight|\w+['’]s)\s+(?:[\w-]+\s+){0,3})$", re.I))


@dataclass
class Mention:
    """One event mention in a sentence."""

    type: str
    start: int
    end: int
    text: str
    reference: bool = False  # "the launch", "the call": points back rather than introducing
    secondary: bool = False  # inside an "after ..." clause: context, not the sentence's topic
    past: bool = False  # about an earlier happening ("its previous launch", "last week")
    generic: bool = False  # launches in general ("its missile launches violate ...")
    date: str | None = None
    date_text: str | None = None
    statement_date: str | None = None  # "said on Monday that ...": used only when nothing better is known
    bare: bool = False  # "the test" with no weapon named: a launch or a nuclear test, by context
    family: str | None = None
    name: str | None = None


@dataclass
class _State:
    events: list[Event] = field(default_factory=list)
    last_seen: dict[str, int] = field(default_factory=dict)  # event id -> last sentence naming it
    main: dict[str, str] = field(default_factory=dict)  # type -> the article's main event of that type
    past_ids: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)  # event id -> exercise name
    families: dict[str, str] = field(default_factory=dict)
    narration: dict[str, str] = field(default_factory=dict)  # meeting id -> the sentences naming it (participants)
    dates: dict[str, str] = field(default_factory=dict)  # event id -> the first day a mention of it gives


@lru_cache(maxsize=1024)  # a lexicon lookup: few weapon phrases recur across articles
def family_of(text: str | None) -> str | None:
    """The weapon family a missile description names ("icbm", "srbm", "cruise", "satellite", ...), if any."""
    if not text:
        return None
    for name, pattern in patterns().families.items():
        if pattern.search(text):
            return name
    return None


def _clause_start(text: str, pos: int) -> int:
    cut = max(text.rfind(",", 0, pos), text.rfind(";", 0, pos), text.rfind("—", 0, pos), text.rfind(" – ", 0, pos))
    return cut + 1


def _is_secondary(text: str, start: int, clause_start: int) -> bool:
    window = text[clause_start:start]
    return bool(search_in("secondary", text, window)) and len(window) < 120


@lru_cache(maxsize=1024)
def weapons(text: str) -> tuple[re.Match[str], ...]:
    """Every weapon phrase of a sentence: mention and fact rules all ask, so the sentence is scanned once."""
    return tuple(patterns().weapon.finditer(text))


@lru_cache(maxsize=1024)
def _near_weapon(text: str, start: int, end: int) -> re.Match[str] | None:
    after = text[end:end + 70]
    first = search_in("weapon", text, after)
    if first is not None and not CLAUSE_BREAK.search(after[:first.start()]) and \
            NON_EVENT_AFTER.match(after[first.end():]) is None:
        return first
    before = text[max(0, start - 70):start]
    found = None
    for match in _finditer_in("weapon", text, before):
        found = match
    rest = before[found.end():] if found else ""
    if found and "." not in rest and ";" not in rest and NON_EVENT_AFTER.match(rest) is None:
        return found
    return None


MEETING_SUBJECT = re.compile(r"^\W*(?:They|Both|The\s+(?:two|three|four|sides|leaders|ministers|officials|envoys|"
                             r"allies|"
                             r"participants|council|meeting|talks|call))\b")
FLIGHT_DETAIL = re.compile(r"\b(?:missiles?|rockets?|projectiles?|flew|flight|altitude|apogee|trajector\w+|km|"
                           r"kilomet\w+|miles)\b", re.I)
IN_FLIGHT = re.compile(r"[^.;]{0,60}?\b(?:flew|fell|landed|splashed\s+down|came\s+down|crashed|plunged|passed|"
                       r"was\s+(?:launched|fired)|were\s+(?:launched|fired))\b", re.I)
ANOTHER = re.compile(r"\b(?:also|another|separately|second|earlier|previous|again)\b", re.I)
GAP = Finder(re.compile(r"\b(?:since|than)\b[^,;.]*|\b(?:the\s+)?previous\s+day(?:['’]s)?", re.I))
""""first launch since last year", "higher than any previous shot": comparisons, not an earlier happening."""
REPORTED_PLUPERFECT = re.compile(r"\b(?:said|says|told|reported|announced|claimed|added|confirmed|stated|noted|"
                                 r"warned|believed|suspected|thought|knew)(?:\s+(?:on\s+)?[A-Z]\w+)?"
                                 r"\s+(?:that\s+)?"
                                 r"(?:it|they|the\s+\w+|North\s+Korea|Pyongyang)?\s*$|"
                                 r"\b(?:that|which)\s+(?:it|the\s+North|North\s+Korea|Pyongyang)\s*$", re.I)
""""the North said it had fired", "the missile that North Korea had launched": the report's tense, not earlier."""


EARLIER_TIME = re.compile(r"last|earlier|previous|ago|[A-Z]")
""""last month", "earlier this year", "in March": a vague time that puts a happening before the story."""
DAY_BEFORE = re.compile(r"(?:the\s+)?(?:previous\s+day|day\s+before)|a\s+day\s+earlier", re.I)
""""On Tuesday, North Korea confirmed a test launch the previous day": the day before the report's."""
SAME_DAY = re.compile(r"\b(?:the|that|same)\s+day\b", re.I)
""""Earlier in the day", "earlier that day": the story's own day, not an earlier happening."""


def _past_marker(text: str, start: int, end: int) -> bool:
    """An earlier-happening marker around the mention ("its previous launch"), not inside a comparison or a report."""
    if not can_match("past", text):
        return False  # blanking comparisons out of a window (below) cannot join a marker's words across them
    opening = text.find(",")
    if 0 < opening < min(start, 40) and patterns().past.search(text[:opening]):
        return True  # "Earlier on the same day, North Korea fired another missile"
    lo = max(0, start - 30)
    window = text[lo:end + 30]
    for match in patterns().past.finditer(_blank_gaps(window) if can_match("gap", text) else window):
        if match.group(0).lower().startswith("had") and REPORTED_PLUPERFECT.search(text[max(0, lo + match.start() - 40):
                                                                                        lo + match.start()]):
            continue  # "the North said it had fired ...": the report's tense, not an earlier launch
        return True
    return False




def _blank_gaps(text: str) -> str:
    """`text` with its comparisons blanked out, offsets kept."""
    out, at = [], 0
    for gap in GAP.finditer(text):
        out += (text[at:gap.start()], " " * (gap.end() - gap.start()))
        at = gap.end()
    out.append(text[at:])
    return "".join(out)


@lru_cache(maxsize=1024)
def _gap_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where a sentence's comparisons are: its date rules ask for each date phrase, so it is scanned once."""
    return tuple(gap.span() for gap in GAP.finditer(text)) if can_match("gap", text) else ()


def _in_gap(text: str, at: int) -> bool:
    """Whether `at` is inside one of the sentence's comparisons ("since April", "the previous day")."""
    return any(start < at < end for start, end in _gap_spans(text))


def _in_other_time_zone(text: str, d: dating.DateMention) -> bool:
    """"(2206 GMT Wednesday)": the same moment told in another time zone, not the local day."""
    open_at = text.rfind("(", 0, d.start)
    return open_at > text.rfind(")", 0, d.start) and bool(re.search(r"\b(?:GMT|UTC)\b", text[open_at:d.end + 10]))


def sentence_date(text: str, published: str | None) -> dating.DateMention | None:
    """The first day a sentence names (not a dateline, a gap or another time zone): the lead's day, as a last resort."""
    for d in _dates(text, published):
        if d.date and not d.dateline and not _in_other_time_zone(text, d) and \
                not _in_gap(text, d.start):
            return d
    return None


LEAD_IN = re.compile(r"^\W*(?:On\s+|Late\s+|Early\s+)?$")
""""On Friday, KCNA reported that the launch ...": a day opening the sentence before its reporter is the report's."""


@dataclass(frozen=True)
class _DateContext:
    """What a sentence says around one of its date phrases, whatever the mention asking."""

    date: dating.DateMention
    said: bool  # "X said on Monday": a reporting verb right before it
    said_launch: bool  # ... and that verb is a launch verb ("fired on Monday")
    stated_after: bool  # "Japan on Wednesday lodged a protest"
    lead_in: bool  # the date opens the sentence ("On Friday, KCNA reported ...")
    gap: bool  # "its first ICBM launch since April": not a date of an event


@lru_cache(maxsize=1024)
def _date_contexts(text: str, published: str | None) -> tuple[_DateContext, ...]:
    """The usable date phrases of a sentence with their context, computed once for all its mentions."""
    p = patterns()
    out = []
    for d in _dates(text, published):
        if d.dateline or d.kind in ("year",) or _in_other_time_zone(text, d):
            continue
        said = search_in("statement_before", text, text[max(0, d.start - 50):d.start])
        out.append(_DateContext(
            d, bool(said), bool(said and search_in("launch_verb", text, said.group(0))),
            bool(p.statement_after.search(text[d.end:d.end + 40])), bool(LEAD_IN.match(text[:d.start])),
            _in_gap(text, d.start) or bool(search_in("since_before", text, text[max(0, d.start - 30):d.start]))))
    return tuple(out)


def _date_near(text: str, start: int, end: int, published: str | None,
               secondary: bool = False) -> tuple[dating.DateMention | None, dating.DateMention | None]:
    """The date phrase of the mention's clause (not a dateline), and the date of the statement reporting it."""
    p = patterns()
    best, best_gap, statement = None, 10**9, None
    clause_end = text.find(",", end)
    for c in _date_contexts(text, published):
        d = c.date
        if (c.said and (d.start < start or not c.said_launch)) or c.stated_after or (
                d.end < start and c.lead_in and p.report_verb.search(text[d.end:start])):
            statement = statement or d
            continue  # "X said on Monday that ...", "Japan on Wednesday lodged a protest": the day of a reaction
        if c.gap:
            continue  # "its first ICBM launch since April": a gap, not a date of this event
        if secondary and not (d.start >= start and (clause_end < 0 or d.start < clause_end or
                                                    WEEKDAY_COMMA.search(text[:d.start]))):
            continue
        gap = d.start - end if d.start >= end else start - d.end
        if gap < best_gap:
            best, best_gap = d, gap
    return (best if best_gap < 140 else None), statement


def _gap(m: Mention, d: dating.DateMention) -> int:
    return d.start - m.end if d.start >= m.end else m.start - d.end


_SCANNED = ("launch_verb", "launch_noun", "weapon", "nuclear", "meeting", "meeting_ref", "exercise")
_EXACT = (*_SCANNED, "keyword")
"""Patterns put in the sentence filter as they are: on ASCII text its answer for them is exact (see `Prefilter`)."""


_GATED = ("weapon", "secondary", "background", "meeting_excluded", "launch_verb", "meeting", "exercise", "agreement",
          "generic", "landing_verb", "water", "zone", "condemnation", "past", "gap", "date", "distance",
          "generic_before", "negated", "nuclear_before", "since_before", "statement_before")


@lru_cache(maxsize=1)
def _window_rules() -> dict[str, Finder | re.Pattern[str]]:
    """The patterns gated by the sentence filter, by name: the lexicon's, then rules of this module and its helpers."""
    p = patterns()
    rules: dict[str, Finder | re.Pattern[str]] = {name: getattr(p, name) for name in _GATED if hasattr(p, name)}
    rules.update(gap=GAP, date=dating.finder(), distance=numbers.distance_finder(), generic_before=GENERIC_BEFORE,
                 negated=NEGATED, nuclear_before=NUCLEAR_BEFORE, since_before=SINCE_BEFORE)
    return rules


def _gate_source(rule: Finder | re.Pattern[str]) -> str:
    """A pattern matching wherever `rule` matches in any window of a sentence: loosened, not held to the end."""
    source = rule.regex.pattern if isinstance(rule, Finder) else rule.pattern
    return loosen(source[:-1] if source.endswith("$") and not source.endswith("\\$") else source)


@lru_cache(maxsize=1)
def _sentence_filter() -> Prefilter:
    """One RE2 set for a sentence: the patterns mentions are scanned with and the keyword, then the window patterns.

    Window patterns are loosened without word boundaries: a window cut mid-word may match where the
    whole sentence would not.
    """
    p, rules = patterns(), _window_rules()
    return Prefilter([getattr(p, name).regex.pattern for name in _EXACT] +
                     [_gate_source(rules[name]) for name in _GATED], ignore_case=True)


@lru_cache(maxsize=1024)
def _hits(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    return _hit_names(frozenset(_sentence_filter().candidates(sentence)))


@lru_cache(maxsize=1024)
def _hit_names(hits: frozenset[int]) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the filter's hits: few combinations recur, so the name sets are built once each."""
    names, exact = (*_EXACT, *_GATED), len(_EXACT)
    return (frozenset(names[i] for i in hits if i < exact), frozenset(names[i] for i in hits if i >= exact))


def _scanned(text: str) -> frozenset[str]:
    """Which whole-sentence patterns (and the keyword) can match `text` (one RE2 pass; the others are skipped)."""
    return _hits(text)[0]


def _scan(name: str, text: str, may: frozenset[str]) -> Iterator[re.Match[str]]:
    return getattr(patterns(), name).finditer(text) if name in may else iter(())


def can_match(name: str, sentence: str) -> bool:
    """Whether window pattern `name` may match in `sentence` or a slice of it (False: it matches nowhere there).

    Answered by the same RE2 pass over the sentence as `_scanned`.
    """
    return name in _hits(sentence)[1]


def search_in(name: str, sentence: str, window: str | None = None) -> re.Match[str] | None:
    """Pattern `name`'s first match in `window`, a slice of `sentence` (the whole sentence by default).

    A window of a sentence cannot match where the sentence as a whole has no loose match, so most
    windows are settled by one scan of their sentence.
    """
    if not can_match(name, sentence):
        return None
    return _window_rules()[name].search(sentence if window is None else window)


def _finditer_in(name: str, sentence: str, window: str) -> Iterator[re.Match[str]]:
    return _window_rules()[name].finditer(window) if can_match(name, sentence) else iter(())


def _dates(sentence: str, published: str | None, text: str | None = None) -> list[dating.DateMention]:
    """The date phrases of `text`, a slice of `sentence` (the whole sentence by default)."""
    return dating.find_dates(sentence if text is None else text, published) if can_match("date", sentence) else []


def _launch_mentions(text: str, published: str | None, may: frozenset[str] = frozenset(_SCANNED)) -> list[Mention]:
    spans: list[Mention] = []
    for match in _scan("launch_verb", text, may):
        word = match.group(0).lower()
        if text[max(0, match.start() - 5):match.start()].lower().endswith("live-"):
            continue
        if search_in("negated", text, text[max(0, match.start() - 20):match.start()]):
            continue  # "the North had not fired a missile since 2017": no launch
        if word in ("launch", "test", "fire") and TO_BEFORE.search(text[max(0, match.start() - 4):match.start()]):
            if not _near_weapon(text, match.start(), match.end()):
                continue
        weapon = _near_weapon(text, match.start(), match.end())
        if weapon is None:
            continue
        between = text[match.end():max(match.end(), text.find(weapon.group(0), match.end()))]
        if search_in("meeting", text, between) or search_in("exercise", text, between):
            continue  # "conducted a phone consultation regarding the missile": the verb's object is the talks
        spans.append(Mention(LAUNCH, match.start(), match.end(), match.group(0)))
    for match in _scan("launch_noun", text, may):
        before = text[max(0, match.start() - 60):match.start()]
        word = match.group(0).lower()
        if search_in("nuclear_before", text, before) or TO_THE_BEFORE.search(before):
            continue
        after = text[match.end():match.end() + 30]
        if NOT_A_LAUNCH_AFTER.match(after):
            continue
        if NOUN_DETERMINER.search(before) is None:
            continue
        if word.startswith("test") and not TEST_DETERMINER.search(before):
            continue
        bare = word.startswith("test") and not any(
            not WEAPON_ONLY.search(w.group(0)) for w in weapons(text))  # "a nuclear weapon": no missile
        spans.append(Mention(LAUNCH, match.start(), match.end(), match.group(0), bare=bare))
    for match in weapons(text) if "weapon" in may else ():
        before = text[max(0, match.start() - 30):match.start()]
        if NON_EVENT_AFTER.match(text, match.end()):
            continue
        if WEAPON_REFERENCE.search(before):
            spans.append(Mention(LAUNCH, match.start(), match.end(), match.group(0), reference=True))
        elif COUNTED_BEFORE.search(before) \
                and IN_FLIGHT.match(text[match.end():match.end() + 80]):
            spans.append(Mention(LAUNCH, match.start(), match.end(), match.group(0)))  # "a missile fell into the sea"
    return spans


def _other_mentions(text: str, may: frozenset[str] = frozenset(_SCANNED)) -> list[Mention]:
    p = patterns()
    out: list[Mention] = []
    for match in _scan("nuclear", text, may):
        out.append(Mention(NUCLEAR, match.start(), match.end(), match.group(0)))
    for match in _scan("meeting", text, may):
        window = text[max(0, match.start() - 45):match.end() + 25]
        if search_in("meeting_excluded", text, window) or \
                p.meeting_request.search(text[max(0, match.start() - 60):match.end()]):
            continue  # a press conference, the cabinet; a meeting asked for is a reaction, not yet a meeting
        if match.group(0).lower() in ("session", "meeting", "meetings", "talks", "discussions") and re.search(
                r"\b(?:resume|return\s+to|back\s+to|stalled|nuclear|six-party|denucleari\w+)\s+(?:[\w-]+\s+){0,1}$",
                text[max(0, match.start() - 30):match.start()], re.I):
            continue
        out.append(Mention(MEETING, match.start(), match.end(), match.group(0)))
    for match in _scan("meeting_ref", text, may):
        out.append(Mention(MEETING, match.start(), match.end(), match.group(0), reference=True))
    for match in _scan("exercise", text, may):
        before = text[max(0, match.start() - 40):match.start()]
        if re.match(r"\s+(?:restraint|self-restraint|caution|patience|its\s+right|their\s+right|control)",
                    text[match.end():match.end() + 20], re.I):
            continue
        name = re.search(r"((?:[A-Z][a-z]+\s+){1,3})(?:[\w-]+\s+){0,2}$", before)
        out.append(Mention(EXERCISE, match.start(), match.end(), match.group(0),
                           reference=bool(re.search(r"\b(?:the|this|that)\s+$", before)),
                           name=name.group(1).strip() if name and not before.rstrip().endswith(".") else None))
    return out


def find_mentions(text: str, published: str | None = None) -> list[Mention]:
    """The event mentions of one sentence, in order, with their date, past/generic/secondary status."""
    p = patterns()
    may = _scanned(text)
    if "keyword" not in may or len(may) == 1 or not (text.isascii() or p.keyword.search(text)):
        return []  # no pattern can find a mention here
    mentions = _launch_mentions(text, published, may) + _other_mentions(text, may)
    mentions.sort(key=lambda m: (m.start, -m.end))
    merged: list[Mention] = []
    for m in mentions:
        if merged and m.start < merged[-1].end:
            if m.type == EXERCISE and merged[-1].type == LAUNCH:  # "ballistic missile drill": an exercise
                merged[-1] = m
            continue
        merged.append(m)
    generic_sentence = bool(search_in("generic", text))
    clause_starts = [_clause_start(text, m.start) for m in merged]
    for m, clause_start in zip(merged, clause_starts, strict=True):
        m.secondary = _is_secondary(text, m.start, clause_start)
    if _date_contexts(text, published):
        dated = [_date_near(text, m.start, m.end, published, m.secondary) for m in merged]
    else:
        dated = [(None, None)] * len(merged)  # no date phrase: nothing to place
    closest: dict[int, int] = {}  # date phrase start -> the smallest distance from a mention to it
    for m, (near, _) in zip(merged, dated, strict=True):
        if near is not None and not m.secondary:  # "after a first launch on July 4" leaves the day to the story
            closest[near.start] = min(closest.get(near.start, 10**9), _gap(m, near))
    for m, (near, statement), clause_start in zip(merged, dated, clause_starts, strict=True):
        if near is not None and _gap(m, near) > closest.get(near.start, 10**9) + 40:
            near = None  # "fired its latest missile after ... the missile it launched on January 5": the nearer one's
        if near is not None:
            m.date, m.date_text = near.date, near.text
        if statement is not None:
            m.statement_date = statement.date
        if near is not None and statement is not None and statement.date and DAY_BEFORE.fullmatch(near.text):
            m.date = (dating.to_date(statement.date) - dt.timedelta(days=1)).isoformat()  # the day before the report
            near = None
        m.past = _past_marker(text, m.start, m.end) or bool(
            near is not None and near.kind in ("vague", "month") and EARLIER_TIME.search(near.text)
            and not SAME_DAY.search(near.text) and (near.start - m.end < 60 or not m.reference))
        if m.type != MEETING and search_in("generic_before", text, text[max(0, m.start - 40):m.start]):
            m.generic, m.past = True, False
        lowered = m.text.lower()
        plural = lowered.endswith("s") and not lowered.endswith("ss")
        if m.type in (LAUNCH, EXERCISE) and plural and (generic_sentence or m.date is None) and \
                not DETERMINED_BEFORE.search(text[max(0, m.start - 50):m.start]):
            m.generic = not m.reference and m.date is None
        if m.type == LAUNCH:
            weapon = _near_weapon(text, m.start, m.end)
            m.family = family_of(weapon.group(0) if weapon else m.text)
        if m.date is None and plural and search_in("background", text, text[clause_start:clause_start + 200]):
            m.generic = True
        if m.past and m.generic and re.search(r"last|earlier|previous", text, re.I):
            m.generic = False  # "several missile launches last week": an earlier happening, not launches at large
    return merged


def _weekday_of(iso: str) -> str:
    day = dating.to_date(iso)
    return day.strftime("%A").lower()[:3] if day else "-"


class _Builder:
    """Groups mentions into events and links sentences, one article at a time."""

    def __init__(self, published: str | None) -> None:
        self.published = published
        self.state = _State()
        self.counter = 0
        self._by_id: dict[str, Event] = {}

    def add(self, event: Event) -> Event:
        """Keep `event` among the article's events."""
        self.state.events.append(event)
        self._by_id[event.id] = event
        return event

    def new(self, mention: Mention, index: int) -> Event:
        self.counter += 1
        event = self.add(Event(id=f"e{self.counter}", type=mention.type))
        if mention.past and mention.type in self.state.main:
            self.state.past_ids.add(event.id)
        elif mention.type not in self.state.main:
            self.state.main[mention.type] = event.id
        if mention.name:
            self.state.names[event.id] = mention.name
        return event

    def note(self, target: Mention, event: Event, index: int) -> None:
        """Remember what sentence `index` tells of `event`: its family, its day, where it was last named."""
        s = self.state
        if target.type == LAUNCH and target.family and event.id not in s.families:
            s.families[event.id] = target.family
        s.last_seen[event.id] = index
        if target.date and event.id not in s.dates:
            s.dates[event.id] = target.date
        if event.type == MEETING:
            s.narration[event.id] = s.narration.get(event.id, "") + " " + self.sentence_text

    def by_id(self, ident: str) -> Event:
        return self._by_id[ident]

    def _continues_past(self, m: Mention, index: int, current: str) -> bool:
        """"The missile" right after a sentence on an earlier launch is that launch; "the launch" is the story's own."""
        main = self.state.main.get(LAUNCH)
        if m.family and main and self.state.families.get(main) == m.family:
            return False  # "the cruise missile" names the story's own launch
        return index - self.state.last_seen.get(current, -99) == 1 and \
            not patterns().launch_noun.regex.fullmatch(m.text)

    def _another_day(self, m: Mention) -> bool:
        """A launch dated apart from the story's ("also fired ... on April 15"): another launch, not a restatement."""
        main = self.state.main.get(m.type)
        known = self.state.dates.get(main) if main else None
        if m.type != LAUNCH or known is None or m.date is None or known == m.date:
            return False
        days = (dating.to_date(known) - dating.to_date(m.date)).days
        if days == 7 and m.date_text and m.date_text.split()[0].lower().startswith(_weekday_of(known)):
            return False  # the same weekday read without the cue ("early Sunday") that put it after the report
        return abs(days) > 1 or bool(ANOTHER.search(self.sentence_text))

    def _continues_meeting(self, current: str, sentence: Sentence) -> bool:
        """A sentence goes on with a meeting when it tells of its outcome or a participant speaks."""
        if search_in("agreement", sentence.text) or MEETING_SUBJECT.match(sentence.text):
            return True
        name = sentence.speaker.name if sentence.speaker else None
        told = self.state.narration.get(current, "")
        return bool(name) and any(len(w) > 2 and w[0].isupper() and w in told for w in name.split())

    def carry(self, current: str | None, sentence: Sentence, index: int) -> str | None:
        """The event a sentence without mentions continues: an earlier happening is recalled, then the story resumes.

        Flight details in the author's voice right after it ("All missiles were
        ballistic.") still describe the earlier launch; reactions are the story's.
        """
        if current is not None and self.by_id(current).type == MEETING:
            return current if self._continues_meeting(current, sentence) else self.state.main.get(LAUNCH, current)
        if current is not None and current not in self.state.past_ids and self.by_id(current).type == OTHER:
            return current if SYSTEM_WORD.search(sentence.text) else self.state.main.get(LAUNCH, current)
        if current is None or current not in self.state.past_ids:
            return current
        if sentence.speaker is None and index - self.state.last_seen.get(current, -99) == 1 and \
                FLIGHT_DETAIL.search(sentence.text):
            self.state.last_seen[current] = index
            return current
        return self.state.main.get(self.by_id(current).type) or self.state.main.get(LAUNCH, current)

    def aside(self, index: int) -> Event:
        """A happening told beside the story (a warning, a pact): an `other` event later sentences leave."""
        self.counter += 1
        event = self.add(Event(id=f"e{self.counter}", type=OTHER))
        self.state.past_ids.add(event.id)
        self.state.last_seen[event.id] = index
        return event

    def latest(self, kind: str) -> Event | None:
        candidates = [e for e in self.state.events if e.type == kind]
        if not candidates:
            return None
        return max(candidates, key=lambda e: (self.state.last_seen.get(e.id, -1), e.id))

    def resolve(self, m: Mention, index: int, current: str | None) -> Event:
        s = self.state
        if m.type == OTHER:  # one system or team started per story, told again
            return self.by_id(s.main[OTHER]) if OTHER in s.main else self.new(m, index)
        same = [e for e in s.events if e.type == m.type]
        if m.date:
            for e in same:
                if s.dates.get(e.id) == m.date:
                    return e
        family_ok = [e for e in same if not (m.family and s.families.get(e.id) and s.families[e.id] != m.family)]
        if m.type == LAUNCH and not m.date and not m.past and s.main.get(LAUNCH):
            family_ok = family_ok or [self.by_id(s.main[LAUNCH])]  # another name for the story's launch
        if m.date and not m.past and self._another_day(m):
            m.past = True
            return self.new(m, index)
        if m.date:
            undated = [e for e in family_ok if e.id not in s.dates and (e.id in s.past_ids) == m.past]
            if undated and not m.past:
                main = s.main.get(m.type)
                pick = next((e for e in undated if e.id == main), undated[-1])
                return pick
            if undated and m.past:
                return undated[-1]
            main = s.main.get(m.type)
            if main and not m.past and any(e.id == main for e in family_ok):
                return self.by_id(main)  # the story's launch told again with its day
            return self.new(m, index)
        if m.past:
            past = [e for e in family_ok if e.id in s.past_ids]
            if past and (m.reference or not re.search(r"last|previous|earlier", m.text, re.I)):
                return past[-1]
            if same:
                return self.new(m, index)
        if m.type == MEETING:
            if current and self.by_id(current).type == MEETING and (m.reference or not re.search(
                    r"\b(?:also|separately|earlier|meanwhile|another|later)\b", self.sentence_text, re.I)):
                return self.by_id(current)
            if m.reference and same:
                return self.latest(MEETING) or self.new(m, index)
            return self.new(m, index)
        if m.type == EXERCISE:
            named = [e for e in same if m.name and s.names.get(e.id) == m.name]
            if named:
                return named[-1]
            if same and (m.reference or not m.name or not s.names.get(self.latest(EXERCISE).id)):
                return self.latest(EXERCISE)
            return self.new(m, index)
        if not family_ok:
            return self.new(m, index)
        recent = [e for e in family_ok if index - s.last_seen.get(e.id, -99) <= RECENT]
        if current in s.past_ids and not self._continues_past(m, index, current):
            recent = [e for e in recent if e.id not in s.past_ids]
        if current and any(e.id == current for e in recent):
            return self.by_id(current)
        main = s.main.get(m.type)
        if main and any(e.id == main for e in family_ok):
            return self.by_id(main)
        if recent:
            return recent[-1]
        return family_ok[-1]

    sentence_text = ""


SET_AGAINST = re.compile(r"^\W*(?:(?:The|This|That|Its|Their|[A-Z]\w+day['’]s)\s+(?:[\w-]+\s+){0,3}?"
                         r"(?:launch|launches|test|"
                         r"tests|firing|firings|missile|missiles|move)|It|They)\s+(?:also\s+)?(?:came|comes|coincided\s+with|"
                         r"followed)\b(?!\s+(?:in|as\s+a)\s+response)")


def _set_against_match(text: str) -> re.Match[str] | None:
    """`SET_AGAINST`'s match, if any: a sentence without any of the verbs it needs is settled without a scan."""
    if "came" in text or "comes" in text or "coincided" in text or "followed" in text:
        return SET_AGAINST.search(text)
    return None


SET_AFTER = re.compile(r"\s+(?:(?:only|just|(?:\w+\s+)?(?:days?|weeks?|hours?))\s+)*after\b")
EARLIER_WARNING = re.compile(r"\b(?:had\s+)?(?:warned|threatened)\b(?:(?!\bthat\b)[^.;])*?\b(?:last\s+(?:week|month)|"
                             r"earlier\s+(?:this|that|the\s+same)\s+(?:week|month)|(?:a|one|two|three|several)\s+days?"
                             r"\s+earlier|days\s+earlier)\b|\b(?:last\s+(?:week|month)|earlier\s+(?:this|that)\s+"
                             r"(?:week|month)|(?:a|one|two|three|several)\s+days?\s+earlier),?\s+(?:[\w'’.-]+\s+){1,8}?"
                             r"(?:had\s+)?(?:warned|threatened)\b", re.I)


COMPARED = re.compile(r"^\W*(?:It|This|The\s+(?:launch|launches|test|tests|firing))\s+(?:was|is|marked)\s+"
                      r"(?:(?:the\s+)?(?:North['’]s|North\s+Korea['’]s|Pyongyang['’]s|its|the)\s+)?(?:first|second|"
                      r"third|fourth|fifth|sixth|\w+th)\b(?!\s+time)[^,;]{0,80}?,?\s+(?:since|following|after)\s+")
EARLIER_ONE = re.compile(r"(?:an?|the|one|its)\s+(?:[\w.-]+\s+){0,4}?(?:test|launch|firing|one)\b(?![\w-])|one\s+on\s+|"
                         r"(?:it|the\s+North)\s+(?:fired|launched|test-fired)\b|"
                         r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+when\b|the\s+[A-Z][\w-]+\s+made\s+its\s+debut\b")
SEVERAL = re.compile(r"\band\b.*\b(?:launch|launches|tests|firings|missiles)\b|\b(?:tests|launches)\s+on\b")


def _compared_launch(text: str, published: str | None) -> Mention | None:
    """"It was the North's first ICBM launch since Feb. 18, when ...": the sentence tells of that earlier launch.

    Only when what follows "since", "following" or "after" is one launch (a
    "when" clause, "one on July 4", "a Jan. 6 test"); a bare date ("since
    April") or several launches keep the sentence on the story's launch.
    """
    if "since" not in text and "following" not in text and "after" not in text:
        return None  # none of the words `COMPARED` needs
    match = COMPARED.match(text)
    if match is None:
        return None
    rest = text[match.end():]
    if not EARLIER_ONE.match(rest) or SEVERAL.search(rest):
        return None
    m = Mention(LAUNCH, match.end(), len(text), rest, past=True)
    day = next((d for d in _dates(text, published, rest) if d.date and d.kind not in ("year", "vague")), None)
    if day is not None:
        m.date, m.date_text = day.date, day.text
    return m

RELATIVE_BEFORE = re.compile(r"\w\s+(?:that|which|who|it|they)\s+(?:had\s+)?$")
""""a pact it had threatened to scrap last month": a relative clause, not the sentence's warning."""


SYSTEM_STARTED = re.compile(r"(?<!\bto\s)(?<!\bwill\s)\b(?:switched\s+on|activated?|put\s+into\s+operation|"
                            r"began\s+sharing|begun\s+sharing|started\s+sharing|launched)\s+(?:[\w'’-]+\s+){0,6}?"
                            r"(?:system|mechanism|data(?:\s+sharing)?|data-sharing|team)\b", re.I)


SYSTEM_WORD = re.compile(r"\b(?:system|mechanism|data|link|team)\b", re.I)
"""What a sentence must name to go on with a system switched on; others return to the story's launch."""


ALLIED_FIRING = re.compile(r"(?:\b(?:South\s+Korea(?:n|['’]s)?|S\.\s*Korea|U\.S\.|United\s+States|allies|allied)\b"
                           r"(?:(?!\b(?:North|N\.\s*Korea|Pyongyang|DPRK|said|says|reported|according|after)\b)[^.;])*?"
                           r"\b(?:fired|fire|by\s+firing)|\bfired\s+by\s+(?:the\s+)?(?:South\s+Korean|U\.S\.|allied))$")
""""U.S. and South Korean soldiers fired missiles into the sea": the allies' answer is a drill, not a launch."""
NORTH_BEFORE = re.compile(r"\b(?:North|N\.\s*Korea|Pyongyang|DPRK)\b")
"""The North named before the allies: "North Korea turned up the pressure on the United States by firing"."""


def _system_started(text: str) -> Mention | None:
    """"The allies switched on a system for sharing missile warning data": a happening of its own (`other`)."""
    if "system" not in text and "sharing" not in text and "mechanism" not in text and "team" not in text:
        return None
    match = SYSTEM_STARTED.search(text)
    return Mention(OTHER, match.start(), match.end(), match.group(0)) if match else None


def _aside_happening(text: str, mentions: list[Mention], match: re.Match[str] | None) -> bool:
    """"The launch came a day after the North flew balloons", "X had warned last week": a happening of its own.

    Set against the story's launch with no launch, test, meeting or drill named
    after "came ... after", or a warning told with an earlier time: `other`. `match`: the sentence's `SET_AGAINST`.
    """
    if match is not None:
        return SET_AFTER.match(text, match.end()) is not None and \
            not [m for m in mentions if m.start >= match.end() and not m.generic]
    if "warned" not in text and "threatened" not in text:
        return False
    return not [m for m in mentions if not m.generic] and any(
        not RELATIVE_BEFORE.search(text, 0, w.start()) for w in EARLIER_WARNING.finditer(text))


DAYS_AFTER = re.compile(r"\s+(?:only\s+|just\s+)?(?P<n>a|one|two|three)\s+days?\s+after\b", re.I)
NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3}


def _days_before(text: str, match: re.Match[str] | None) -> int | None:
    """"The launch came a day after the North fired ...": how many days the earlier launch preceded the story's."""
    gap = DAYS_AFTER.match(text, match.end()) if match else None
    return NUMBERS[fold(gap.group("n"))] if gap else None


def _set_against(mentions: list[Mention], match: re.Match[str] | None) -> Mention | None:
    """"The launch came a day after the allies met": the sentence tells of the happening the story is set against."""
    if match is None:
        return None
    after = [m for m in mentions if m.start >= match.end() and not m.generic]
    if not after:
        return None
    if after[0].type == LAUNCH:
        after[0].past = True  # "came two weeks after the North fired ...": an earlier launch
    return after[0]


AGREED = re.compile(r"(?:\b(?:and|leaders|ministers|sides|officials|envoys)|,)\s+(?:[\w.-]+\s+){0,5}?(?:agreed|"
                    r"agree|pledged|vowed\s+to\s+work|reaffirmed)\b")
""""Abe and Trump agreed to work closely": an agreement of two parties tells of their talks."""
ASIDE = re.compile(r"\b(?:after|before|addressing|speaking|briefing)\b[^,;]*$", re.I)


def _aside(text: str, m: Mention) -> bool:
    """"After the call, Abe told reporters ...", "Addressing the council, Zhang said ...": the meeting is a setting."""
    return m.secondary and bool(ASIDE.search(text[_clause_start(text, m.start):m.start]))


def _background(text: str, index: int, is_headline: bool) -> bool:
    words = text.split()
    if is_headline:
        return False
    if len(words) <= 4 and not re.search(r"[.!?\"”]$", text.strip()):
        return True
    if len(words) <= 6 and not re.search(r"[.!?\"”]$", text.strip()) and _dates(text, None):
        return True  # a place-and-date line ("New York, 21 November 2022")
    if len(words) <= 2:
        return True
    return bool(search_in("background", text))


def extract_events(text: str, sentences: Sequence[Sentence], published: str | None = None,
                   title: str | None = None) -> tuple[list[Event], list[str | None]]:
    """The events of one article and, per sentence, the id of the event it reports or reacts to (or None)."""
    builder = _Builder(published)
    state = builder.state
    links: list[str | None] = []
    current: str | None = None
    pending_headline = False
    lead: list[int] = []
    per_sentence: list[tuple[Mention | None, list[Mention]]] = []
    asides: dict[int, tuple[str, Mention]] = {}
    earlier: dict[int, int] = {}  # sentence -> days its earlier launch preceded the story's
    for index, sentence in enumerate(sentences):
        stext = sentence.text
        builder.sentence_text = stext
        mentions = find_mentions(stext, published)
        specific = [m for m in mentions if not m.generic]
        primary = [m for m in specific if not m.secondary] or specific
        if primary and all(m.type == MEETING and _aside(stext, m) for m in primary) and LAUNCH in state.main:
            primary = []  # "After the call, Abe told reporters ...", "Addressing the council, ...": a reaction
        told: Mention | None = None  # a launch told in passing by a sentence on something else
        if primary and all(m.type == LAUNCH and m.secondary for m in primary) and (
                agreed := AGREED.search(stext)) and not search_in("condemnation", stext):
            told = next((m for m in primary if m.date), None)
            primary = [Mention(MEETING, agreed.start(), agreed.end(), agreed.group(0))]  # leaders agreed: they met
        target: Mention | None = None
        setting: Mention | None = None  # the meeting a condemnation was voiced at: later sentences may go on with it
        compared = _compared_launch(stext, published) if LAUNCH in state.main else None
        against = _set_against_match(stext)  # asked by three rules: matched once
        backdrop = _set_against(mentions, against) or compared
        if backdrop is not None and backdrop.type == LAUNCH and backdrop.past and backdrop.date is None and \
                (days := _days_before(stext, against)):
            earlier[index] = days  # "came a day after the North fired ...": dated from the story's launch
        if backdrop is None and state.main and _aside_happening(stext, mentions, against):
            links.append(builder.aside(index).id)  # its own happening; the story goes on after it
            per_sentence.append((None, mentions))
            continue
        if backdrop is not None:
            target = backdrop
        elif started := _system_started(stext):
            target = started
        elif primary:
            target = primary[0]
            # a condemnation of the launch voiced in a call: the launch; the call's own business: the call
            launch_refs = [m for m in primary if m.type == LAUNCH]
            if target.type == MEETING and launch_refs and search_in("condemnation", stext) and not search_in(
                    "agreement", stext):
                setting, target = target, launch_refs[0]
            if target.type == LAUNCH and search_in("agreement", stext) and current and \
                    builder.by_id(current).type == MEETING and target.reference:
                target = None
                links.append(current)
                per_sentence.append((None, mentions))
                continue
        allied: Mention | None = None
        if target is not None and target.type == LAUNCH and (fired := ALLIED_FIRING.search(
                stext, 0, target.end if FIRING.match(target.text) else 0)) and \
                not NORTH_BEFORE.search(stext, 0, fired.start()):
            target.type, target.past = EXERCISE, False  # the allies fired in answer: their drill
            allied = target
        is_headline = index == 0 and (title is None or stext.strip() == (title or "").strip() or len(sentences) > 1)
        if target is None:
            link = None
            if search_in("agreement", stext) and current and builder.by_id(current).type == MEETING:
                link = current
            elif search_in("agreement", stext) and (met := builder.latest(MEETING)) is not None and \
                    index - state.last_seen.get(met.id, -99) <= RECENT:
                link = current = met.id  # "They also agreed ..." after a condemnation voiced at the talks
            elif search_in("condemnation", stext) and current and builder.by_id(current).type != LAUNCH \
                    and LAUNCH in state.main and re.search(r"\b(?:North|Pyongyang|DPRK|launch)", stext):
                link = state.main[LAUNCH]
            elif _background(stext, index, is_headline and index == 0):
                link = None
            elif index == 0:
                pending_headline = True
                link = None
            elif current is None:
                lead.append(index)  # the story's opening, before its happening is named
            else:
                link = builder.carry(current, sentence, index)
            links.append(link)
            per_sentence.append((None, mentions))
            continue
        if search_in("background", stext) and target.date is None and not target.reference and index > 0 \
                and not target.past:
            links.append(None)  # "Over recent months North Korea has stepped up its testing": background
            per_sentence.append((None, mentions))
            continue
        if target.bare:
            kind = builder.by_id(current).type if current else None
            if kind == NUCLEAR or (kind != LAUNCH and NUCLEAR in state.main):
                target.type = NUCLEAR
        if target.type == EXERCISE and target.reference and EXERCISE not in state.main and current and \
                builder.by_id(current).type == LAUNCH and stext[:target.start].lower().endswith("this "):
            target.type = LAUNCH  # "the results of this exercise" with no drill told: the North's word for its launch
        event = builder.resolve(target, index, current)
        builder.note(target, event, index)
        for opening in lead:
            links[opening] = event.id
        lead.clear()
        links.append(event.id)
        per_sentence.append((target, mentions))
        current = event.id if target is not compared and target is not allied else state.main.get(LAUNCH, event.id)
        if setting is not None:
            met = builder.resolve(setting, index, current)
            builder.note(setting, met, index)
            current = met.id
        if told is None and event.type == MEETING:
            told = next((m for m in specific if m.type == LAUNCH and m.secondary), None)
        if told is not None:
            launch = builder.resolve(told, index, current)
            builder.note(told, launch, index)
            if told.date:
                asides[index] = (launch.id, told)
    if not state.events and any(patterns().story_subject.search(s.text) for s in sentences[:3]):
        links = _story_links(builder, sentences)
    if pending_headline and links and links[0] is None and state.events:
        main = state.main.get(LAUNCH) or state.events[0].id
        links[0] = main
    for index, event_id in enumerate(links):
        if event_id is not None:
            builder.by_id(event_id).mentions.append(index)
    _fill_facts(state.events, sentences, links, per_sentence, published, asides)
    _date_earlier(builder, links, earlier)
    used = {e for e in links if e}
    events = [e for e in state.events if e.id in used]
    return events, links


def _date_earlier(builder: _Builder, links: list[str | None], earlier: dict[int, int]) -> None:
    """An earlier launch told only as "a day after" the story's takes its day from the story's launch."""
    main = builder.state.main.get(LAUNCH)
    known = dating.to_date(builder.by_id(main).date) if main else None
    for index, days in earlier.items():
        event = builder.by_id(links[index]) if links[index] else None
        if known is None or event is None or event.id == main or event.date is not None:
            continue
        event.date = (known - dt.timedelta(days=days)).isoformat()
        event.why["date"] = f"{days} day(s) before the story's launch, sentence {index}"


def _story_links(builder: _Builder, sentences: Sequence[Sentence]) -> list[str | None]:
    """No launch, test, meeting or drill named in a story on the North: its happening (a pact, a warning) is `other`."""
    story = builder.add(Event(id="e1", type=OTHER))
    return [None if _background(s.text, i, i == 0) else story.id for i, s in enumerate(sentences)]


def _speaker(sentence: Sentence) -> str | None:
    return sentence.speaker.name if sentence.speaker else None


def _fill_facts(events: list[Event], sentences: Sequence[Sentence], links: list[str | None],
                per_sentence: list[tuple[Mention | None, list[Mention]]], published: str | None,
                asides: dict[int, tuple[str, Mention]]) -> None:
    from .facts import choose, launch_claims  # local import: facts builds on this module's patterns

    by_id = {e.id: e for e in events}
    for index, (sentence, link) in enumerate(zip(sentences, links, strict=True)):
        if index in asides:
            ident, told = asides[index]
            by_id[ident].claims.append(Claim("date", told.date, index, _speaker(sentence), told.date_text or ""))
            by_id[ident].claims.extend(launch_claims(sentence.text, index, _speaker(sentence), True))
        if link is None:
            continue
        event = by_id[link]
        target, _ = per_sentence[index]
        speaker = _speaker(sentence)
        if target is not None and target.date:
            event.claims.append(Claim("date", target.date, index, speaker, target.date_text or ""))
        elif target is not None and target.statement_date:
            event.claims.append(Claim("statement_date", target.statement_date, index, speaker, ""))
        elif event.type == LAUNCH and (day := sentence_date(sentence.text, published)) is not None:
            event.claims.append(Claim("sentence_date", day.date, index, speaker, day.text))
        if event.type == LAUNCH:
            event.claims.extend(launch_claims(sentence.text, index, speaker, target is not None))
    for event in events:
        choose(event)
