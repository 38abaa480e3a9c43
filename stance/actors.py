"""Actor mentions in a sentence: gazetteer entries plus title, name and role patterns.

The gazetteer (`data/actors.json`) lists countries, bodies and people; the
patterns find actors it does not list ("Foreign Minister Jane Doe",
"Canada's Defence Department", "a senior defense official").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .datafiles import load_json
from .errors import ConfigError
from .phrases import fold, phrase_pattern
from .prefilter import Finder, Prefilter
from .records import Speaker

# a capitalised name word: "Kim", "Jong-un", "O'Brien", "DiCarlo", "António"
_WORD = r"[A-ZÀ-Þ][\w'’]*(?:-\w+)*"
_NAME = rf"{_WORD}(?:\s+(?:[A-Z]\.|{_WORD})){{0,3}}"  # an initial before a word: "Harry B. Harris"
_NOT_NAME = frozenset(
    """The A An On In At By For From With And But Or Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December He She It They
    We I This That These Those His Her Its Their Our Meanwhile However Earlier Later Also After Before When
    While Speaking According North South East West Mr Mrs Ms Dr Capt Gen Adm Col Lt Maj Sgt Sen Rep""".split()
)
_ORG_WORDS = frozenset(
    """Assembly Council Ministry Command Agency Office House Department Forces Force Staff Committee Party Sea
    Ocean Peninsula Korea Japan China Russia States Nations Union Government Army Navy Guard Service News
    Press Times Post Center Centre Institute University Foundation Endowment Secretariat Commission""".split()
)
_LIST_LINK = re.compile(r"\s*,\s*|\s+and\s+")
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE_END = re.compile(r"['’]s$")
_CAPITALISED = re.compile(r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?['’]?s?")  # words of a role that may name a country
_GROUP_DETERMINER = re.compile(r"^(?i:the|some|many|several)\s+")
_LIST_MARK = re.compile(r",|\band\b")  # a prefix naming several countries
_MEDIA_HEADS = ("news agency", "state media", "broadcaster", "newspaper")


class Mention(NamedTuple):
    """An actor found in a sentence: where, who, and how it was found.

    A named tuple, not a frozen dataclass: thousands are built per article, and a tuple builds several times faster.
    """

    start: int
    end: int
    speaker: Speaker
    how: str  # title | appositive | org | gazetteer | group | role | surname | pronoun | name
    media: bool = False
    det: str = ""  # "the" for definite role mentions that may refer back


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0].rstrip(".") in _NOT_NAME:
        words.pop(0)
    for i, word in enumerate(words):
        if word in _NOT_NAME:
            words = words[:i]
            break
    return " ".join(words)


class Gazetteer:
    """Known actors and the compiled patterns that find actors in text."""

    def __init__(self, data: dict) -> None:
        try:
            self._build(data)
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"actor gazetteer is malformed: missing or wrong field {exc}") from None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """Read a gazetteer JSON file (default: the one shipped in `stance/data`)."""
        return cls(load_json("actors.json", path))

    def _build(self, data: dict) -> None:
        self._countries: dict[str, str | None] = {}  # phrase -> country, memo of `country()` (a hot path)
        self._media_names: dict[str, bool] = {}  # name -> news outlet?, memo of `is_media()`
        self.country_of: dict[str, str] = {}  # adjective, name or alias (lower) -> country
        self.fixed: dict[str, Speaker] = {}  # alias (exact) -> speaker
        self.media: set[str] = set()
        self.variants: dict[str, tuple[str, ...]] = {}  # name -> other forms an article may name it by
        blocs = set(data.get("blocs", []))
        possessive: list[str] = []
        adjectives: list[str] = []
        for c in data["countries"]:
            name = c["name"]
            kind = "organization" if name in blocs else "country"
            for form in [name, *c.get("aliases", [])]:
                self.fixed[form] = Speaker(name, kind, None, name)
                self.country_of[form.lower()] = name
                possessive.append(form)
            # "the US" for "United States": an article that never spells the name out is followed
            abbreviations = [a for a in c.get("aliases", []) if _initials(a) == _initials(name)
                             and not re.search(r"[a-z]", re.sub(r"^the\s+", "", a))]
            if abbreviations or c.get("names"):
                self.variants[name] = (*c.get("names", []), *_strip_the(abbreviations))
            for adj in c.get("adjectives", []):
                self.country_of[adj.lower()] = name
                adjectives.append(adj)
        self.medium: dict[str, str] = {}  # news outlet -> "news agency" | "broadcaster" | "newspaper"
        for o in data["organizations"]:
            speaker = Speaker(o["name"], "organization", None, o.get("country"))
            if o.get("medium"):
                self.medium[o["name"]] = o["medium"]
            for form in [o["name"], *o.get("aliases", [])]:
                self.fixed[form] = speaker
            if o.get("aliases"):
                self.variants[o["name"]] = _strip_the(o["aliases"])
                self.country_of.setdefault(form.lower(), o.get("country") or "")
            if o.get("media") or any(w in o["name"] for w in ("News", "Press", "Times", "Yonhap", "NHK", "Kyodo",
                                                              "Xinhua", "TASS", "RIA", "Reuters", "CNN", "BBC",
                                                              "AFP", "Associated")):
                self.media.add(o["name"])
        for p in data["persons"]:
            speaker = Speaker(p["name"], "person", p.get("role"), p.get("country"))
            for form in [p["name"], *p.get("aliases", [])]:
                self.fixed[form] = speaker
        self.media.update({"Korean Central News Agency", "Rodong Sinmun", "Global Times"})
        self.titles: frozenset[str] = frozenset(data["titles"])

        adj = phrase_pattern(adjectives)
        poss = phrase_pattern(possessive)
        one_prefix = rf"(?:(?:the\s+)?(?:{adj})|(?:the\s+)?(?:{poss})['’]s)"
        prefix = rf"(?P<pre>{one_prefix}(?:(?:\s*,\s*|\s+and\s+){one_prefix})*)"
        titles = phrase_pattern(data["titles"], fold_case=True)
        heads = phrase_pattern(data["org_heads"])
        groups = phrase_pattern(data["groups"], fold_case=True)
        fixed = phrase_pattern(self.fixed)
        # every pattern starts at a word boundary: most positions are rejected by that one check
        self._title_re = re.compile(
            rf"\b(?:{prefix}\s+)?(?:(?P<orgpre>{fixed})\s+)?"
            rf"(?P<title>(?i:{titles}))(?P<of>\s+(?:of|to|for|at)\s+(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,4}})?"
            rf"(?:,)?\s+(?P<name>{_NAME})(?=[\s,.;:'’)]|$)"
        )
        role_words = (r"minister|spokes\w+|ambassador|president|secretary|director|professor|analyst|expert|"
                      r"fellow|researcher|official|envoy|chief|head|representative|advis[eo]r|leader|diplomat|"
                      r"scholar|commander|general|lawmaker|chair\w*|physicist|scientist|economist|editor|"
                      r"founder|co-director|deputy|senator|governor|mayor")
        self._appositive_re = re.compile(
            rf"(?P<name>{_WORD}(?:\s+{_WORD}){{1,3}}),\s+(?:(?:the|a|an|who\s+is\s+(?:a|an|the))\s+)?"
            rf"(?P<role>[^,;:\"“”]{{0,60}}?\b(?i:{role_words})\b[^,;:\"“”]{{0,70}}?),"
        )
        # a body may also take its country's bare name: "the South Korea foreign ministry"
        names = phrase_pattern([c["name"] for c in data["countries"] if c["name"] not in blocs])
        # a role before the name: "his Japanese counterpart, Takeshi Iwaya", "their counterparts, A and B"
        self._counterpart_re = re.compile(
            rf"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+(?:(?P<adj>{adj})\s+)?(?P<role>counterparts?),\s+"
            rf"(?P<name>{_NAME})(?:,?\s+and\s+(?P<name2>{_NAME}))?(?=[\s,.;:'’)]|$)"
        )
        self._fixed_re = re.compile(rf"(?<![\w-]){fixed}(?![\w-])")
        # the same without its lookbehind, so `re` skips to the first letters of names by itself (see _fixed_matches)
        self._fixed_body = re.compile(rf"{fixed}(?![\w-])")
        self._org_re = re.compile(rf"\b(?:(?:{prefix}|(?P<bare>(?:the\s+)?(?:{names})))\s+)?(?P<org>{heads})\b")
        modifiers = phrase_pattern(
            "senior top unnamed anonymous local some many several other foreign military government defense "
            "defence security intelligence western regional u.s. us two three both".split(), fold_case=True)
        self._group_re = re.compile(
            rf"\b(?:{prefix}\s+)?(?P<mods>(?:(?i:{modifiers})\s+)*)(?P<group>(?i:{groups}))\b"
        )
        self._role_re = re.compile(
            rf"\b(?P<det>[Tt]he|[Aa]n?|(?:the\s+)?(?P<owner>{poss})['’]s)\s+(?P<desc>(?:(?:(?i:senior|top|unnamed|chief|deputy|former|acting)"
            rf"|{adj})\s+)*(?i:{titles}))\b(?!\s*,?\s+[A-Z][a-z])"
            rf"(?:\s+(?:for|of|at|from)\s+(?:the\s+)?(?P<ofpre>{one_prefix}\s+)?(?P<oforg>{heads}))?"
        )
        self._pronoun_re = re.compile(r"\b(?P<p>[Hh]e|[Ss]he|[Tt]hey)\b")
        self._backref_re = re.compile(
            r"\b(?P<it>[Ii]t)\b|\b[Tt]he\s+(?:[A-Z][\w.]*\s+|\d+-(?:member|nation)\s+)?(?P<head>ministry|command|agency|military|"
            r"government|council|office|department|embassy|report|statement|broadcaster|newspaper|committee|"
            r"institute|authority|regulator|watchdog|bureau|"
            r"news agency|administration|mission)\b"
        )
        self._patterns = {name[1:-3]: regex for name, regex in vars(self).items() if name.endswith("_re")}
        self._prefilter = Prefilter([regex.pattern for regex in self._patterns.values()])
        self._names = list(self._patterns)
        # each pattern is tried by Python's `re` only where RE2 finds it may start
        self._finders = {name: Finder(regex) for name, regex in self._patterns.items()}
        self._listed = {form: (speaker, self.is_media(speaker)) for form, speaker in self.fixed.items()}
        self._plain_speakers: dict[tuple[str, str], Speaker] = {}  # memo of `_plain()`
        # mentions are found in the order the patterns are defined above, which breaks ties in `_longest`
        adders = {"title": self._add_titles, "appositive": self._add_appositives, "counterpart": self._add_counterparts,
                  "fixed": self._add_listed, "org": self._add_bodies, "group": self._add_groups,
                  "role": self._add_roles, "pronoun": self._add_pronouns, "backref": self._add_backrefs}
        self._adders = [adders[name] for name in self._names]

    # -- helpers -------------------------------------------------------------
    def country(self, phrase: str | None) -> str | None:
        """The country a prefix ("Japan's", "the South Korean") or alias names."""
        if not phrase:
            return None
        cached = self._countries.get(phrase, False)
        if cached is not False:
            return cached
        first = _LIST_LINK.split(phrase.strip())[0]
        first = _POSSESSIVE_END.sub("", _LEADING_THE.sub("", first))
        found = self.country_of.get(fold(first)) or None
        if len(self._countries) > 100_000:
            self._countries.clear()  # bounded: a long-running server sees endless phrases
        self._countries[phrase] = found
        return found

    def article_name(self, name: str, text: str) -> str:
        """How `text` names a listed body or country: the listed name if it appears, else its longest form there.

        The guide names an organisation as the article does ("KCNA" in an article that never spells it out).
        """
        forms = self.variants.get(name)
        if not forms or _appears(name, text, fold_case=True):
            return name
        return next((form for form in forms if _appears(form, text)), name)

    def is_media(self, speaker: Speaker) -> bool:
        """Whether `speaker` is a news outlet (listed, or named "... news agency", "state media")."""
        known = self._media_names.get(speaker.name)
        if known is None:
            known = speaker.name in self.media or any(h in speaker.name.lower() for h in _MEDIA_HEADS)
            if len(self._media_names) < 100_000:  # bounded memo: called for every body mention
                self._media_names[speaker.name] = known
        return known

    # -- mention finding -----------------------------------------------------
    def mentions(self, text: str) -> list[Mention]:
        """All actor mentions in `text`, longest first where they overlap."""
        found: list[Mention] = []
        may = self._prefilter.candidates(text)
        adders = self._adders
        for index in sorted(may):
            adders[index](text, found)
        return _longest(found)

    def _matches(self, name: str, text: str) -> Iterator[re.Match[str]]:
        """Matches of one pattern, `re` tried only where RE2 finds it may start."""
        return self._finders[name].finditer(text)

    def _fixed_matches(self, text: str) -> Iterator[re.Match[str]]:
        """Listed names in `text`; a longer name wins over an alias with "the" that starts inside it.

        "the U.S. Indo-Pacific Command" is the command, not "the U.S." followed by "Indo-Pacific Command".
        """
        regex, search = self._fixed_re, self._fixed_body.search
        at = 0
        while (m := search(text, at)) is not None:
            start = m.start()
            if start and _in_word(text[start - 1]):
                at = start + 1  # the lookbehind of `_fixed_re`, checked here
                continue
            if m.group().startswith("the "):
                longer = regex.match(text, start + 4)
                if longer is not None and longer.end() > m.end():
                    m = longer
            yield m
            at = m.end()

    def _title_matches(self, text: str) -> Iterator[re.Match[str]]:
        """Title-and-name matches; the next search starts at the name, whose first word may be a title itself.

        In "chief of staff of X, Gen. Joseph F. Dunford" the first match takes "Gen" for a name.
        """
        finder = self._finders["title"]
        at = 0
        while (m := finder.search(text, at)) is not None:
            yield m
            at = m.start("name")

    def _plain(self, name: str, kind: str) -> Speaker:
        """A speaker known by name and kind only, built once: pronouns and back-references are a few words."""
        speaker = self._plain_speakers.get((name, kind))
        if speaker is None:
            speaker = self._plain_speakers[name, kind] = Speaker(name, kind)
        return speaker

    def _add_titles(self, text: str, found: list[Mention]) -> None:
        """Title-and-name mentions: "Foreign Minister Jane Doe", "Japan's Defense Minister Jane Doe"."""
        for m in self._title_matches(text):
            raw = m.group("name")
            name = _clean_name(raw)
            if not name or name.split()[-1] in _ORG_WORDS or name in self.fixed and \
                    self.fixed[name].kind != "person":
                continue
            end = m.start("name") + raw.find(name) + len(name)
            country = self.country(m.group("pre"))
            org = m.group("orgpre")
            if org and country is None:
                country = self.fixed[org].country
            role = m.group("title") + (m.group("of") or "")
            if org:
                role = f"{org} {role}"
            found.append(Mention(m.start(), end, Speaker(name, "person", role, country), "title"))

    def _add_appositives(self, text: str, found: list[Mention]) -> None:
        """A name with its role after a comma: "José Ruiz, a researcher at ..."."""
        for m in self._matches("appositive", text):
            name = _clean_name(m.group("name"))
            if len(name.split()) < 2 or name in self.fixed or name.split()[-1] in _ORG_WORDS or name.isupper():
                continue  # "CAMP DAVID, Md. (AP) - President ...": a dateline, not a name
            role = m.group("role").strip()
            country = None
            for word in _CAPITALISED.findall(role):
                country = self.country(word) or country
                if country:
                    break
            found.append(Mention(m.start("name"), m.end("role"), Speaker(name, "person", role, country),
                                 "appositive"))

    def _add_counterparts(self, text: str, found: list[Mention]) -> None:
        """Names after a role: "his Japanese counterpart, Takeshi Iwaya"."""
        for m in self._matches("counterpart", text):
            country = self.country(m.group("adj"))
            for group in ("name", "name2"):
                name = _clean_name(m.group(group) or "")
                if len(name.split()) >= 2 and name not in self.fixed:
                    start = m.start(group)
                    found.append(Mention(start, start + len(name), Speaker(name, "person", "counterpart", country),
                                         "appositive"))

    def _add_listed(self, text: str, found: list[Mention]) -> None:
        """Countries, bodies and people of the gazetteer."""
        listed = self._listed
        for m in self._fixed_matches(text):
            speaker, media = listed[m.group()]
            found.append(Mention(m.start(), m.end(), speaker, "gazetteer", media))

    def _add_bodies(self, text: str, found: list[Mention]) -> None:
        """Bodies by their head: "Canada's Defence Department", "the Foreign Ministry"."""
        for m in self._matches("org", text):
            pre, org = m.group("pre") or m.group("bare"), m.group("org")
            if pre is None and org[0].islower():
                continue
            speaker = Speaker(org[0].upper() + org[1:] if pre else org, "organization", None, self.country(pre))
            found.append(Mention(m.start(), m.end(), speaker, "org", self.is_media(speaker)))

    def _add_groups(self, text: str, found: list[Mention]) -> None:
        """Groups of people: "senior U.S. officials", "some analysts"."""
        for m in self._matches("group", text):
            name = _GROUP_DETERMINER.sub("", m.group().strip())
            pre = m.group("pre")
            country = None if pre and _LIST_MARK.search(pre) else self.country(pre)
            found.append(Mention(m.start(), m.end(), Speaker(name, "group", None, country), "group"))

    def _add_roles(self, text: str, found: list[Mention]) -> None:
        """A role without a name: "the foreign minister", "a senior defense official"."""
        for m in self._matches("role", text):
            desc = m.group("desc")
            country = self.country(m.group("ofpre")) or self.country(m.group("owner"))
            if m.group("oforg"):
                desc = f"{m.group('oforg')} {desc}"
            else:
                for adj in desc.split():
                    country = country or self.country(adj)
            speaker = Speaker(desc, "person", desc, country)
            det = "the" if m.group("owner") else m.group("det").lower()  # "Japan's foreign minister": definite
            found.append(Mention(m.start(), m.end(), speaker, "role", det=det))

    def _add_pronouns(self, text: str, found: list[Mention]) -> None:
        """He, she, they."""
        for m in self._matches("pronoun", text):
            found.append(Mention(m.start(), m.end(), self._plain(m.group("p").lower(), "person"), "pronoun"))

    def _add_backrefs(self, text: str, found: list[Mention]) -> None:
        """Words that may refer back to a body: "it", "the ministry"."""
        for m in self._matches("backref", text):
            head = (m.group("head") or "it").lower()
            found.append(Mention(m.start(), m.end(), self._plain(head, "organization"), "backref"))


def _in_word(char: str) -> bool:
    r"""Whether `char` is one of `[\w-]`, the characters a listed name may not follow or precede."""
    return char.isalnum() or char == "_" or char == "-"


def _initials(phrase: str) -> str:
    """The capitals of a name without its article: "United States" and "the U.S." both give "US"."""
    return "".join(ch for ch in re.sub(r"^the\s+", "", phrase) if ch.isupper())


def _strip_the(forms: list[str]) -> tuple[str, ...]:
    """Forms without a leading "the", longest first, each once."""
    bare = {re.sub(r"^the\s+", "", form) for form in forms}
    return tuple(sorted(bare, key=lambda form: (-len(form), form)))


@lru_cache(maxsize=1024)
def _form_pattern(form: str, fold_case: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", re.IGNORECASE if fold_case else 0)


def _appears(form: str, text: str, fold_case: bool = False) -> bool:
    """Whether `form` occurs in `text` as a whole phrase (in any case with `fold_case`: "joint chiefs of staff")."""
    if form and text.isascii() and form.isascii():
        # ASCII: lower() is exactly re's case folding, so plain finds decide; a regex scan of the article costs more
        return _whole_phrase_in(_lowered(text), form.lower()) if fold_case else _whole_phrase_in(text, form)
    if not fold_case and form not in text:
        return False  # no quick test in any case: re folds "ı", "İ", "ſ" and the Kelvin sign where lower() does not
    return _form_pattern(form, fold_case).search(text) is not None


def _whole_phrase_in(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in ASCII `text` with no word character or hyphen right before or after it."""
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _in_word(text[at - 1])) and (end == len(text) or not _in_word(text[end])):
            return True
        at = text.find(phrase, at + 1)
    return False


@lru_cache(maxsize=8)
def _lowered(text: str) -> str:
    """An article in lower case: several names are looked up in the same article in turn."""
    return text.lower()


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside longer ones; keep the rest in text order (`mentions` itself is sorted)."""
    if len(mentions) < 2:
        return mentions
    mentions.sort(key=_span_order)
    last = mentions[0]
    kept = [last]
    for m in mentions[1:]:
        if m.start < last.end:
            if m.end - m.start > last.end - last.start:
                kept[-1] = last = m
            continue
        kept.append(m)
        last = m
    return kept


def _span_order(m: Mention) -> tuple[int, int]:
    """Text order, the longer of two mentions at one place first."""
    return m.start, m.start - m.end


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return Gazetteer.load()
