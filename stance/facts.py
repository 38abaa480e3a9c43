"""Launch facts as claims (one per figure and source sentence), and the value each field shows.

Guide conventions: several different counts for one event -> null; a
range of figures -> null; a bound is the number given; a measured figure
("flew 4,600 km") is a fact, a capability ("could reach 10,000 km") is not.
When range or apogee figures disagree across sentences, the first figure
reported is shown and every claim is kept; figures that disagree within one
sentence (two missiles, "900 km and 950 km") give null.
"""

from __future__ import annotations

import re

from . import numbers
from .events import WEAPON_ONLY, can_match, patterns, search_in, weapons
from .prefilter import Finder
from .records import Claim, Event

QUANTITY = Finder(re.compile(
    r"(?:(?P<bound>at least|as many as|up to|more than|some|about|around|roughly|nearly|a total of|no fewer than)\s+)?"
    r"(?P<n>\d{1,3}(?:,\d{3})*|[a-z]+(?:-[a-z]+)?|a number of|a barrage of|a volley of|a salvo of|a pair of|"
    r"a couple of)\s+(?:more\s+|other\s+)?(?:(?:what|which)\s+(?:\w+\s+){1,3}to\s+be\s+)?$", re.I))
"""A quantity right before a weapon ("at least 23", "a barrage of"); RE2 finds where it can start."""
DETERMINER = Finder(re.compile(r"(?:\b(?:a|an|the|its|this|that|one|another|single)\s+(?:[\w-]+\s+){0,2}|['’]s\s+)$",
                              re.I))
# word lists searched in windows: `Finder`s, as `re` alone would try every word at every start
GENERIC_COUNT = Finder(re.compile(r"\b(?:this year|so far|in total|since|of the year|in all|per cent|percent|times)\b",
                                  re.I))
CAPABILITY = Finder(re.compile(r"\b(?:could|would|capable|theoretical|potential|able|can|enough|designed|"
                               r"estimated range|within|strike|reach(?:es)?\s+(?:anywhere|targets))\b", re.I))
APOGEE = Finder(re.compile(r"altitude|apogee|height|climbed|climbing|soared|rose|ascended|lofted|high\b|peak", re.I))
RANGE = Finder(re.compile(r"\b(?:flew|flown|flying|fly|flight|traveled|travelled|traveling|travelling|covered|"
                          r"covering|distance|went|paths?|range|horizontal|trajectory)\b", re.I))
LOCATION_AFTER = re.compile(r"\s*(?:(?:\(|\[)[^)\]]*(?:\)|\]))?\s*(?:north|south|east|west|northeast|northwest|"
                            r"southeast|southwest|off|from|away\s+from|short\s+of|inland|offshore|beyond|outside)\b",
                            re.I)


def _count_claims(text: str, index: int, speaker: str | None) -> list[Claim]:
    claims: list[Claim] = []
    for match in weapons(text):
        weapon = match.group("weapon")
        head = weapon.split("(")[0].strip()
        if WEAPON_ONLY.search(head):
            continue
        window = text[max(0, match.start() - 25):match.start()].split(",")[-1] + \
            text[match.start():match.end() + 35].split(",")[0]
        if GENERIC_COUNT.search(window):
            continue  # "23 missiles this year", "the 10th launch in total": a tally, not this launch's count
        before = text[max(0, match.start() - 60):match.start()]
        quantity = QUANTITY.search(before)
        plural = head.lower().endswith("s")
        if quantity:
            phrase = quantity.group(0).strip()
            n = quantity.group("n")
            value = numbers.parse_count(n)
            if numbers.is_vague(n) or numbers.is_vague(phrase.split(" what")[0]):
                claims.append(Claim("count", None, index, speaker, f"{phrase} {weapon}"))
                continue
            if value is not None and (value == 1) != plural:
                weak = n.lower() in ("a", "an")
                claims.append(Claim("count_singular" if weak else "count", value, index, speaker,
                                    f"{phrase} {weapon}"))
                continue
        if not plural and DETERMINER.search(before):
            claims.append(Claim("count_singular", 1, index, speaker, weapon))
    return claims


def _distance_claims(text: str, index: int, speaker: str | None) -> list[Claim]:
    claims: list[Claim] = []
    for d in numbers.find_distances(text) if can_match("distance", text) else ():
        if d.conversion:
            continue
        before = text[max(0, d.start - 60):d.start]
        after = text[d.end:d.end + 40]
        if LOCATION_AFTER.match(after) and not re.match(r"\s*away\b", after, re.I):
            continue
        if CAPABILITY.search(before[-45:]):
            continue
        apogee = [m.end() for m in APOGEE.finditer(before)]
        ranged = [m.end() for m in RANGE.finditer(before)]
        if re.match(r"\s*(?:in\s+)?(?:altitude|high)\b", after, re.I):
            kind = "apogee_km"
        elif re.match(r"\s*(?:away\b|ballistic|missile|-range|range)", after, re.I) and not apogee:
            kind = "range_km"
        elif apogee or ranged:
            kind = "apogee_km" if max(apogee, default=-1) > max(ranged, default=-1) else "range_km"
        else:
            continue
        value = numbers.plausible(d.km, "apogee" if kind == "apogee_km" else "range")
        claims.append(Claim(kind, value, index, speaker, d.text))
    return claims


def _place_claims(text: str, index: int, speaker: str | None) -> list[Claim]:
    p = patterns()
    claims: list[Claim] = []
    # the pattern is case-sensitive: a sentence with neither word is settled without a scan
    for match in p.origin.finditer(text) if "from" in text or "off" in text else ():
        place = match.group("place").strip()
        before = text[max(0, match.start() - 80):match.start()]
        if place.split("’")[0].split("'")[0] in _NOT_PLACES:
            continue
        if re.search(r"\b(?:fired|launched|launch|launches|lifted off|took off|originated|test-fired|test-launched|"
                     r"missiles?)\b[^.;]*$", before, re.I) and not re.search(r"\baccording\b", before[-20:], re.I):
            claims.append(Claim("origin", place, index, speaker, match.group(0)))
            break
    # no water or zone named: no landing, whatever the verb
    if (can_match("water", text) or can_match("zone", text)) and search_in("landing_verb", text):
        water = search_in("water", text)
        zone = search_in("zone", text)
        parts = [m.group(0) for m in (water, zone) if m]
        if parts:
            value = ", ".join(parts)
            claims.append(Claim("landing", value, index, speaker, value))
    return claims


_NOT_PLACES = frozenset({"North Korea", "South Korea", "Japan", "Seoul", "Tokyo", "Washington", "Beijing", "Moscow",
                         "China", "Russia", "United States", "U.S", "US", "North", "Yonhap", "KCNA", "The", "Korea"})


def _missile_claims(text: str, index: int, speaker: str | None) -> list[Claim]:
    out = []
    for match in weapons(text):
        weapon = match.group("weapon")
        if WEAPON_ONLY.search(weapon.split("(")[0].strip()):
            continue
        out.append(Claim("missile", weapon, index, speaker, weapon))
    return out


def launch_claims(text: str, index: int, speaker: str | None, mentioned: bool) -> list[Claim]:
    """Every launch fact `text` states: counts and the missile only where it mentions a launch."""
    claims = _distance_claims(text, index, speaker) + _place_claims(text, index, speaker)
    if mentioned:
        claims = _count_claims(text, index, speaker) + _missile_claims(text, index, speaker) + claims
    return claims


def _choose_count(event: Event) -> None:
    stated = [c for c in event.claims if c.field == "count"]
    figures = [c for c in stated if c.value is not None]
    vague = [c for c in stated if c.value is None]
    singular = [c for c in event.claims if c.field == "count_singular"]
    values = {c.value for c in figures}
    if len(values) == 1:
        event.count = figures[0].value
        event.why["count"] = f"stated in sentence {figures[0].sentence}"
    elif len(values) > 1:
        event.count = None
        event.why["count"] = "null: different figures " + ", ".join(str(v) for v in sorted(values))
    elif vague:
        event.why["count"] = f"null: vague quantity in sentence {vague[0].sentence} ({vague[0].text})"
    elif singular:
        event.count = 1
        event.why["count"] = f"one missile, sentence {singular[0].sentence}"


def _choose_figure(event: Event, name: str) -> None:
    claims = [c for c in event.claims if c.field == name]
    if not claims:
        return
    first = claims[0]
    same_sentence = {c.value for c in claims if c.sentence == first.sentence}
    if len(same_sentence) > 1 or first.value is None:
        setattr(event, name, None)
        event.why[name] = f"null: {'a range of figures' if first.value is None else 'different figures'} " \
                          f"in sentence {first.sentence}"
        return
    setattr(event, name, first.value)
    others = {c.value for c in claims} - {first.value}
    event.why[name] = f"first figure, sentence {first.sentence}" + (
        f" (other figures: {', '.join(str(v) for v in sorted(others, key=str))})" if others else "")


def _choose_text(event: Event, name: str) -> None:
    claims = [c for c in event.claims if c.field == name and c.value]
    if not claims:
        return
    pick = claims[0]
    if name == "missile":
        specific = [c for c in claims if c.value.lower() not in ("missile", "missiles", "weapon", "projectile",
                                                                 "projectiles")]
        pick = (specific or claims)[0]
    setattr(event, name, pick.value)
    event.why[name] = f"first mention, sentence {pick.sentence}"


def choose(event: Event) -> None:
    """Set the event's fields from its claims, recording why each value is shown."""
    dates = [c for c in event.claims if c.field == "date" and c.value]
    stated = [c for c in event.claims if c.field == "statement_date" and c.value]
    if dates:
        event.date = dates[0].value
        event.why["date"] = f"sentence {dates[0].sentence} ({dates[0].text})"
    elif stated:
        event.date = stated[0].value
        event.why["date"] = f"the day it was reported, sentence {stated[0].sentence}"
    elif told := [c for c in event.claims if c.field == "sentence_date" and c.value]:
        event.date = told[0].value
        event.why["date"] = f"the day a sentence on it names, sentence {told[0].sentence} ({told[0].text})"
    if event.type != "missile_launch":
        event.claims = [c for c in event.claims if c.field in ("date", "statement_date", "sentence_date")]
        return
    _choose_count(event)
    _choose_figure(event, "range_km")
    _choose_figure(event, "apogee_km")
    for name in ("missile", "origin", "landing"):
        _choose_text(event, name)
