"""Date phrases in a sentence, resolved against the article's publication date.

"on Tuesday" is the latest Tuesday on or before publication (the same day
when published on a Tuesday); "Dec. 30" without a year is the most recent
Dec. 30 not after publication; "yesterday" and "today" count from
publication. Vague phrases ("last week") and impossible dates ("February
30") resolve to None, never to an invented day. Without a publication date
only dates that carry their year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta, weekday

from .datafiles import load_json
from .phrases import fold, word_alternation
from .prefilter import Finder


@dataclass(frozen=True)
class DateMention:
    """A date phrase: where it is, what kind it is, and the ISO date it means (None when unknown)."""

    start: int
    end: int
    text: str
    kind: str  # "explicit", "month_day", "weekday", "relative", "vague", "month", "year"
    date: str | None
    dateline: bool = False


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    return load_json("dates.json")


@lru_cache(maxsize=1)
def _month_day_after() -> re.Pattern[str]:
    """", April 13": a month and day right after a weekday name."""
    return re.compile(r",?\s+(?:" + word_alternation(list(_lexicon()["months"])) + r")\.?\s+\d", re.I)


@lru_cache(maxsize=1)
def finder() -> Finder:
    """The date pattern, located by RE2 first (same matches as `re`)."""
    return Finder(_pattern())


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    lex = _lexicon()
    month = rf"(?P<{{g}}>{word_alternation(list(lex['months']))})\.?"
    day = r"(?P<{g}>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    year = r"(?P<{g}>(?:19|20)\d\d)(?!\d)"
    weekday_names = word_alternation(list(lex["weekdays"]))
    parts = [
        r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d)",
        month.format(g="m1") + r"\s+" + day.format(g="d1") + rf"(?:,?\s+{year.format(g='y1')})?",
        day.format(g="d2") + r"\s+(?:of\s+)?" + month.format(g="m2") + rf"(?:,?\s+{year.format(g='y2')})?",
        rf"(?P<wd>{weekday_names})(?:'s|’s)?",
        rf"(?P<rel>{word_alternation(list(lex['relative_days']))})",
        rf"(?P<vague>{word_alternation(lex['vague'])})",
        month.format(g="m3") + rf"(?:\s+(?:of\s+)?{year.format(g='y3')})?",
        rf"(?:in|since|of|during|until|by)\s+{year.format(g='y4')}",
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)


def to_date(value: str | dt.date | None) -> dt.date | None:
    """An ISO date string as a date (None when missing or malformed)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_weekday(index: int, published: str | dt.date | None, ahead: bool = False) -> dt.date | None:
    """The latest such weekday (0 = Monday) on or before publication; the day after it when `ahead`.

    `ahead` says the text tells the day in a time zone ahead of the report's
    or in the future ("early Sunday, local time" in a paper dated Saturday).
    """
    base = to_date(published)
    if base is None:
        return None
    day = base + relativedelta(weekday=weekday(index)(-1))
    return day + dt.timedelta(days=7) if ahead and (base - day).days == 6 else day


AHEAD_BEFORE = re.compile(r"(?:\b(?:scheduled|due|set|expected|plans?|will)\b[^.;]*|\b[Ee]arly\s+)$")
AHEAD_AFTER = re.compile(r"^(?:\s+(?:morning|afternoon|evening|night))?,?\s+local\s+time\b")
""""due to meet on Tuesday", "early Sunday", "Friday morning, local time": a day that may follow the report's date."""


def resolve_month_day(month: int, day: int, year: int | None, published: str | dt.date | None) -> dt.date | None:
    """Month and day with the year given, or else the most recent such day not after publication."""
    if year is not None:
        return safe_date(year, month, day)
    base = to_date(published)
    if base is None or not 1 <= day <= 31:
        return None
    for candidate_year in (base.year, base.year - 1):
        candidate = safe_date(candidate_year, month, day)
        if candidate is not None and candidate <= base:
            return candidate
    # 29 February of a past leap year, or an impossible date
    return None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


DATELINE_AFTER = re.compile(r"\s*(?:\(|--|—|–)")
DATELINE_BEFORE = re.compile(r"(?:^|\n)[A-Z][A-Za-z .,'-]*,\s*$")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """A dispatch date ("SEOUL, Jan. 6 (Yonhap) --"): the date of the report, not of the event."""
    after = text[end:end + 3]
    before = text[max(0, start - 40):start]
    return bool(DATELINE_AFTER.match(after)) and bool(DATELINE_BEFORE.search(before))


def find_dates(text: str, published: str | dt.date | None = None) -> list[DateMention]:
    """Every date phrase in `text` with its resolved ISO date (None when unknown or vague)."""
    # event rules ask for the same sentence's dates several times: compute them once
    return list(_find_dates(text, published))


@lru_cache(maxsize=256)  # one article's sentences: repeats across articles are rare
def _find_dates(text: str, published: str | dt.date | None) -> tuple[DateMention, ...]:
    lex = _lexicon()
    months, weekdays, relative = lex["months"], lex["weekdays"], lex["relative_days"]
    base = to_date(published)
    found: list[DateMention] = []
    for match in finder().finditer(text):
        groups = match.groupdict()
        phrase = match.group(0)
        kind, value = "vague", None
        if groups["iso"]:
            kind, value = "explicit", to_date(groups["iso"])
        elif groups["m1"] or groups["m2"]:
            name = fold(groups["m1"] or groups["m2"])
            if name == "may" and groups["m1"] and not phrase.startswith("May"):
                continue  # the verb "may"
            day = int(groups["d1"] or groups["d2"])
            year = groups["y1"] or groups["y2"]
            kind = "explicit" if year else "month_day"
            value = resolve_month_day(months[name], day, int(year) if year else None, base)
        elif groups["wd"]:
            if _month_day_after().match(text[match.end():]):
                continue  # "Thursday, April 13, 2023": the month-day phrase that follows says it
            if not phrase[0].isupper():
                continue
            ahead = bool(AHEAD_BEFORE.search(text[:match.start()]) or AHEAD_AFTER.match(text[match.end():]))
            kind, value = "weekday", resolve_weekday(weekdays[fold(groups["wd"])], base, ahead)
        elif groups["rel"]:
            offset = relative.get(" ".join(fold(groups["rel"]).split()))
            kind = "relative" if offset is not None else "vague"
            value = base + dt.timedelta(days=offset) if base is not None and offset is not None else None
        elif groups["vague"]:
            kind = "vague"
        elif groups["m3"]:
            if not groups["m3"][0].isupper() or (fold(groups["m3"]) in ("may", "march") and not groups["y3"]):
                continue  # "may", "march" as verbs; a bare month name is still a past marker below
            kind = "month"
        elif groups["y4"]:
            kind = "year"
        found.append(DateMention(match.start(), match.end(), phrase, kind, _iso(value),
                                 _is_dateline(text, match.start(), match.end())))
    return tuple(found)


def resolve(phrase: str, published: str | dt.date | None = None) -> str | None:
    """The ISO date of the first date phrase in `phrase`, or None."""
    for mention in find_dates(phrase, published):
        return mention.date
    return None
