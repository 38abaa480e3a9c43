"""Speaker attribution: who each sentence's words or position belong to.

Rule-based, over one article at a time, because speakers carry over: "he
added", "the minister", a quote that spans sentences, a headline credited to
a person named later. The guide's conventions decide between a messenger and
the stance holder it reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from .actors import Gazetteer, Mention, default_gazetteer
from .datafiles import load_json
from .phrases import phrase_pattern
from .prefilter import Finder, Prefilter
from .records import Span, Speaker


class _Tail:
    """An end-anchored pattern whose match has one of a few words among its last `within` words.

    Before any regex runs, the last words of the text are looked up: for most texts that rules the match out.
    With `suffix`, a word only needs to end with one of them ("—and").
    """

    def __init__(self, pattern: str, words: str, within: int = 1, suffix: bool = False) -> None:
        self._finder = Finder(re.compile(pattern))
        self._words = frozenset(words.split())
        self._endings = tuple(words.split()) if suffix else None
        self._within = within

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `re.Pattern.search(text, pos, endpos)`."""
        last = text[pos:endpos].rsplit(None, self._within)[-self._within:]
        endings = self._endings
        may = any(w.endswith(endings) for w in last) if endings else not self._words.isdisjoint(last)
        return self._finder.search(text, pos, endpos) if may else None


# what may stand between a subject and its verb: adverbs, auxiliaries, time and venue phrases
_GAP = re.compile(
    r"^(?:\s|,|\b(?:also|later|further|earlier|again|then|separately|previously|repeatedly|strongly|firmly|"
    r"swiftly|quickly|sharply|publicly|officially|jointly|immediately|reportedly|likewise|similarly|too|"
    r"has|have|had|was|were|is|are|will|would|did|does|do|not|never|had|already|however|in\s+turn|"
    r"in\s+response|this\s+week|last\s+week|on\s+\w+(?:\s+\d+)?|in\s+an?\s+\w+|at\s+an?\s+\w+(?:\s+\w+)?|"
    r"today|yesterday|tonight|who|once\s+again|since|now|went\s+on\s+to|continues\s+to|continued\s+to|"
    r"(?:was|were|is|are)\s+(?:quick|swift|eager|ready|keen|first)\s+to|"
    r"\w+ly|was\s+(?:also\s+)?(?:quoted|cited)(?:\s+by\s+[\w ]+?)?\s+as|"
    r"on\s+\w+,\s+\w+\s+\d+,?|\(\w+\))\b)*$",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"^\s*,[^,\"“”]{1,140},\s*")
_ACCORDING = re.compile(r"\b(?:[Aa]ccording\s+to|[Cc]iting|[Qq]uoting|[Aa]ttributed\s+to|"
                        r"[Ii]n\s+the\s+(?:words|view|assessment)\s+of|[Bb]y\s+the\s+account\s+of)\s+")
_HEADLINE_TAIL = re.compile(r"\s[-–—]+\s*(?P<attr>[^-–—]{2,60})$|:\s+(?P<attr2>[A-Z][^:]{1,40})$|"
                            r",\s+(?P<attr3>[^,]{2,40}?)\s+(?:says?|warns?|claims?|tells?)$")
_HEADLINE_HEAD = re.compile(r"^(?P<attr>[A-Z][\w .'’-]{1,40}):\s")
# where a headline clause may open: its start (past a "(LEAD)" tag), after a semicolon or a comma
_HEADLINE_CLAUSE = re.compile(r"^\s*(?:\([A-Z ]+\)\s*)?|[;,]\s*")
# what may part a headline's subject from its verb: "Allies line up to condemn", "Seoul firmly rejects"
_HEADLINE_LINK = re.compile(r"(?:\s+(?:(?:line\s+up|move|set|vow|plan)\s+)?to|\s+[a-z]+ly)+\s*$")
_LOWER = re.compile(r"[a-z]")
# patterns anchored at the end, where `re` tries every start: RE2 finds the start first
_CAPS_BEFORE = Finder(re.compile(r"((?:[A-Z][\w'’]*(?:-\w+)*\s+){0,3}[A-Z][\w'’]*(?:-\w+)*)\s*$"))
_QUOTED_AS = re.compile(r"\b(?:quoted|cited)\s+(?!by\b)(?P<who>.+?)\s+as\s+(?:saying|stating|telling|\w+ing)\b")
_GENERIC_GROUPS = re.compile(r"^(?:the\s+)?(?:two\s+|three\s+)?sides$", re.IGNORECASE)
_QUOTE_MARK = re.compile(r'[“”"]')
_FLAG = (b"\0", b"\1")  # a quote mask's byte for outside, inside
_START = attrgetter("start")
# the scanner's rarer patterns, most sentences having none of either kind: one set test skips them all
_EXTRA_MENTIONS = frozenset({"anaphor", "body", "office", "spokesman"})
_CITED_FRAMES = frozenset({"view_of", "reaction", "according", "quoted_as"})
_HE_SHE = re.compile(r"\b(?:he|she)\b")
_NOT_SUBJECT = frozenset("""It This That There These Those What Which Who The A An We I You He She They Our As If When
    While After Before Since But And In On At For With Despite Amid""".split())
_CALENDAR = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December""".split())
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us)\b")
_PASSIVE_BY = re.compile(r"\s+by\s+")
_PASSIVE_AUX = frozenset("was were been be is are being".split())
# an aside right before the verb: "A U.S. official, speaking on condition of anonymity, said"
_TRAILING_PAREN = Finder(re.compile(r",[^,\"“”]{1,100},\s*$"))
# a place or body after the role: the preposition is among the last six words ("in the Blue House West Wing")
_TRAILING_PLACE = _Tail(r"\s+(?:in|at|from|based\s+in)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*$",
                        "in at from", within=6)
_TRAILING_OF = _Tail(r"\s+(?:for|of)\s+(?:the\s+|its\s+|their\s+)?(?:[\w.'’-]+\s+){0,3}[\w.'’-]+\s*$", "for of",
                     within=6)
_AUX = frozenset("""also later further then earlier separately had has have was were would will did does not only
    reportedly previously again once""".split())
_INDEFINITE = frozenset("a an one some several many two three other another".split())
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "both": 2}
_PP_BEFORE = _Tail(r"\s+(?:in|at|of|from)\s+(?:the\s+)?$", "in at of from the")
_NAME_OF = Finder(re.compile(r"(?P<name>[A-Z][\w'’]*(?:-\w+)*(?:\s+[A-Z][\w'’]*(?:-\w+)*){1,3})"
                      r"\s+(?:of|from|at)\s+(?:the\s+)?$"))
_COORDINATED_VERB = _Tail(r"(?:\band|\bbut)\s+(?:(?:also|later|then|further|\w+ly)\s+)?$", "and but", within=2,
                          suffix=True)
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?")
_COORDINATION_END = re.compile(r"\s*,?\s*and\s+(?:the\s+)?")  # a list's last link: "A, B and C"
_MODAL = Finder(re.compile(r"\b(?:would|will|could|can|may|might|should|must|to)\s+(?:\w+ly\s+|also\s+|not\s+)*$"))
# between a messenger's verb and the relayed subject: "said (on Tuesday) (that)", "told reporters that", "and that"
_COMPLEMENT = re.compile(r"(?:\s+(?:reporters|journalists|him|her|them|on\s+\w+|in\s+a\s+\w+|late\s+\w+|"
                         r"afterwards?|later|earlier|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))*"
                         r"(?:\s*,?\s+(?:and\s+)?that)?\s+(?:the\s+)?")
_CITED_AS = re.compile(r"(?:\s+by\s+[^,.;]{1,60}?)?\s+as\s+(?:saying|stating)\b")
_RELATIVE = re.compile(r",\s*who\s+(?:\w+ly\s+|also\s+|later\s+|had\s+|has\s+)*")
_DATELINE = re.compile(r"[A-Z][A-Z .'/-]{2,40}(?:,\s+[\w. ]{2,40}?)?\s*(?:\([\w .]+\))?\s*(?:--|—|–|-)\s*"
                       r"|[A-Z][A-Za-z ]{2,30},\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2})"
                       r"(?:,?\s+\d{4})?\s*(?:--|—|–|-)\s*")
# a country's role, then the person's name as an aside: "'s new president, Jane Doe,"
_APPOSITIVE_NAME = re.compile(r"['’]s\s+(?:[a-z][\w-]*\s+){0,3}(?P<role>[a-z][\w-]*),\s+"
                              r"(?P<name>[A-Z][\w'’]*(?:-\w+)*(?:\s+[A-Z][\w'’]*(?:-\w+)*){1,3}),")
_BARE_NAME = re.compile(r"[A-Z][\w'’]*(?:-\w+)*(?:\s+[A-Z][\w'’]*(?:-\w+)*){1,3}")
_TRAILING_AUX_WORDS = "has have had also later likewise similarly further then earlier separately previously again " \
                      "would will"
_TRAILING_AUX = _Tail(rf"(?:\s+(?:{'|'.join(_TRAILING_AUX_WORDS.split())}))+\s*$", _TRAILING_AUX_WORDS)
_RELATIVE_ASIDE = re.compile(r"\s*,\s*(?:who|which|whose)\b[^\"“”]{1,200},\s*")
# an aside may quote: "China, which said it "strongly condemns" the test, urged ..."
_RELATIVE_OPEN = re.compile(r",\s*(?:who|which|whose)\b")
_TRAILING_RELATIVE = Finder(re.compile(rf"{_RELATIVE_OPEN.pattern}[^\"“”]{{1,200}}"
                                       r"(?:[\"“][^\"“”]{1,100}[\"”][^\"“”]{0,100})?,\s*(?:(?:also|later|then)\s+)?$"))
_POSSESSIVE_GAP = re.compile(r"['’]s\s+")
_ARTICLE = re.compile(r"(?:the\s+|a\s+|an\s+)?")
_MODIFIER_GAP = re.compile(r"(?:['’]s)?\s+")
# a leader's office speaks for them: "Moon's office said", "his office said"
_OFFICE_OF = re.compile(r"\b(?:(?P<pron>[Hh]is|[Hh]er)|(?P<owner>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})['’]s)"
                        r"\s+office\b")
# a person's spokesman speaks for that person: "Guterres was deeply concerned, his spokesman said"
_SPOKESMAN_OF = re.compile(r"\b(?P<p>[Hh]is|[Hh]er)\s+spokes(?:man|woman|person)\b")
_VIEW_OF = re.compile(r"\b[Ii]n\s+(?P<p>his|her)\s+(?:view|words|assessment|opinion)\b")
# a reaction credited to its source: "drew condemnation from Seoul and Tokyo"
# ... and words credited to theirs: "a statement from its foreign ministry", "remarks by President X"
_REACTION_FROM = re.compile(r"\b(?:condemnation|criticism|protests?|rebukes?|denunciations?)\s+from\s+"
                            r"|\b(?:statements?|remarks|comments|warnings?)\s+(?:from|by)\s+")
_NOT_MEMBER = frozenset({"pronoun", "backref", "anaphor", "allies", "office", "principal"})
_GROUP_PARTS = re.compile(r",\s*(?:and\s+)?|\s+and\s+")  # the members of a joint speaker's name
_PRONOUN_AND = _Tail(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e)\s+and\s+$", "and")
# what may open a sentence before its subject: a dateline, a phrase closed by a comma, a determiner and modifiers
_LEAD_IN = re.compile(
    r"(?:[^\n]{0,80}?(?:--|—|–|\s-)\s*)?(?:[A-Z][^,]{0,60},\s*)?"
    r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+)?(?:[a-z][\w-]*\s+){0,3}"
)


@dataclass(frozen=True)
class Lexicon:
    """Reporting verbs and the other word lists of attribution, read from `data/reporting.json`."""

    speech: frozenset[str]
    stance: frozenset[str]
    inverted: frozenset[str]
    pattern: re.Pattern[str]
    role_heads: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()
    government_words: frozenset[str] = frozenset()
    kickers: frozenset[str] = frozenset()
    author_kickers: frozenset[str] = frozenset()
    transcript_titles: tuple[str, ...] = ()
    vocatives: tuple[str, ...] = ()
    country_anaphors: frozenset[str] = frozenset()
    anaphor: re.Pattern[str] | None = None
    body: re.Pattern[str] | None = None
    role_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    role_head: re.Pattern[str] | None = None  # any of `role_heads` as a word, in any case
    headline_verb: re.Pattern[str] | None = None  # a speech, stance or headline verb, in any case
    headline_heads: frozenset[str] = frozenset()
    body_heads: frozenset[str] = frozenset()  # `body_backrefs`, lower case


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Read and compile the shipped lexicon, once per process."""
    raw = load_json("reporting.json")
    words = set(raw["speech"]) | set(raw["stance"])
    # headlines capitalise verbs ("Kishida Slams ..."), so match any case
    pattern = re.compile(rf"\b{phrase_pattern(words, fold_case=True)}\b", re.IGNORECASE)
    nouns = sorted(set(raw["group_anaphors"]) | set(raw["country_anaphors"]), key=len, reverse=True)
    numbers = "|".join(raw["numbers"])
    # "the (two) (top) leaders", or a bare count: "the three agreed"
    anaphor = re.compile(
        rf"\b[Tt]he\s+(?:(?P<num>{numbers})\s+)?(?:(?:top|senior|chief|two|three)\s+)?"
        rf"(?P<noun>{phrase_pattern(nouns)})\b(?![\'’-])"
        rf"|\b[Tt]he\s+(?P<count>{numbers})\b(?=\s+(?:also\s+|later\s+|then\s+|further\s+)*[a-z]+ed\b)"
    )
    # "the coast guard", "the Hokkaido prefectural government"
    heads = "|".join(map(re.escape, raw["body_backrefs"]))
    body = re.compile(rf"\b[Tt]he\s+(?P<name>(?:[A-Z][\w.'’-]*\s+)?(?P<head>{heads}))\b")
    return Lexicon(
        frozenset(raw["speech"]), frozenset(raw["stance"]), frozenset(raw["inverted"]), pattern,
        role_heads=frozenset(raw["role_heads"]), org_words=frozenset(raw["org_words"]),
        government_words=frozenset(raw["government_words"]), kickers=frozenset(raw["kickers"]),
        author_kickers=frozenset(raw.get("author_kickers", ())),
        transcript_titles=tuple(raw["transcript_titles"]), vocatives=tuple(raw["vocatives"]),
        country_anaphors=frozenset(raw["country_anaphors"]), anaphor=anaphor, body=body,
        role_synonyms={head: tuple(t.lower() for t in titles) for head, titles in raw.get("role_synonyms", {}).items()},
        role_head=re.compile(rf"(?<!\S){phrase_pattern(raw['role_heads'], fold_case=True)}(?![^\s,])", re.IGNORECASE),
        headline_verb=re.compile(rf"\b{phrase_pattern(words | set(raw.get('headline_verbs', ())), fold_case=True)}\b",
                                 re.IGNORECASE),
        headline_heads=frozenset(raw.get("headline_heads", ())) | frozenset(raw["role_heads"]),
        body_heads=frozenset(b.lower() for b in raw["body_backrefs"]),
    )


class Frame(NamedTuple):
    """A reporting or stance construction: its verb and the subject found for it.

    A named tuple: several are made per sentence, and a tuple is built far faster than a frozen dataclass.
    """

    verb: str
    at: int
    subject: Mention
    kind: str  # speech | stance | according



@dataclass
class Memory:
    """What the article has introduced so far, for carry-over."""

    persons: dict[str, Speaker] = field(default_factory=dict)  # surname -> person
    last_speaker: Speaker | None = None
    last_person: Speaker | None = None
    speakers: list[Speaker] = field(default_factory=list)
    ensemble: Speaker | None = None  # the last several persons acting together, for "the two leaders"
    allies: Speaker | None = None  # the last several countries acting together, for "the allies"
    sentence_persons: list[tuple[int, Speaker]] = field(default_factory=list)  # persons of the current sentence
    sentence: str = ""  # the sentence being attributed
    index: int = 0  # its position in the article
    ensemble_at: int = -9  # where the ensemble was last named
    unnamed: list[Speaker] = field(default_factory=list)  # "North Korea's foreign minister", named later maybe
    role_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role head -> titles that are it

    def named_later(self, role: Speaker) -> Speaker | None:
        """Find the named person an earlier role speaker turned out to be: same country, role with the same head."""
        head = role.name.lower().split()[-1]
        head = "spokes" if head.startswith("spokes") else head
        for person in [*self.persons.values(), *self.speakers]:
            title = (person.role or "").lower()
            if person.kind != "person" or person.name == role.name or head not in title or role.country is None:
                continue
            # a title without a country ("Defence Minister Kang") must repeat the whole description
            if person.country == role.country or person.country is None and role.name.lower() in title:
                return person
        return None

    def learn(self, speaker: Speaker, spoke: bool = False) -> None:
        """Remember a named person by surname; one who speaks takes the surname over from one only mentioned."""
        words = speaker.name.split()
        if speaker.kind == "person" and len(words) >= 2 and speaker.name[0].isupper():
            keys = [words[-1]]
            if words[0] in ("Kim", "Lee", "Park", "Choi", "Moon", "Yoon") or len(words) == 2 and "-" in words[1]:
                keys.append(words[0])  # Korean names: the family name comes first ("Cho Tae-yul": "Cho said")
            for key in keys:
                if spoke:
                    self.persons[key] = speaker
                else:
                    self.persons.setdefault(key, speaker)

    def by_role(self, desc: str) -> Speaker | None:
        """Find a person introduced earlier whose role matches "the minister", "the spokesperson" ...

        Speakers come first, then persons only mentioned; a title that is the role ("Chief Cabinet
        Secretary" for "the spokesman") counts as the role.
        """
        words = [w for w in desc.lower().split() if w not in ("senior", "top", "chief", "deputy", "the")]
        key = words[-1] if words else ""
        key = "spokes" if key.startswith("spokes") else key
        if not key:
            return None
        heads = (key, *self.role_synonyms.get(key, ()))
        for speaker in [*reversed(self.speakers), *reversed(self.persons.values())]:
            role = (speaker.role or "").lower()
            if speaker.kind == "person" and any(h in role for h in heads) and all(w in role for w in words[:-1]):
                return speaker
        return None

    def by_country(self, country: str | None) -> Speaker | None:
        """Find the latest person speaker from `country`: "the Russian diplomat" after a named Russian."""
        if country:
            for speaker in reversed(self.speakers[-4:]):
                if speaker.kind == "person" and speaker.country == country:
                    return speaker
        return None

    def country_hint(self) -> str | None:
        """Return the latest speaker's country: whose "government" an unqualified mention means."""
        for speaker in reversed(self.speakers):
            if speaker.country:
                return speaker.country
        return None


class Attributor:
    """Assigns a speaker to every sentence of an article."""

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.lexicon = lexicon or default_lexicon()
        # the last words of titles and roles: what "Japan's new <word>, Jane Doe," must end with to be a person
        self._role_words = frozenset(t.split()[-1].lower() for t in self.gazetteer.titles) | self.lexicon.role_heads
        self._role_head = Finder(self.lexicon.role_head) if self.lexicon.role_head is not None else None
        # a role noun as a word: what `role_head` finds, told apart by the prefilter ("president" has "resident")
        role = re.compile(rf"\b{phrase_pattern(self.lexicon.role_heads, fold_case=True)}\b", re.IGNORECASE)
        self._scanner = _Scanner({"verb": self.lexicon.pattern, "anaphor": self.lexicon.anaphor,
                                  "body": self.lexicon.body, "view_of": _VIEW_OF, "reaction": _REACTION_FROM,
                                  "according": _ACCORDING, "quoted_as": _QUOTED_AS, "office": _OFFICE_OF,
                                  "spokesman": _SPOKESMAN_OF, "relative": _RELATIVE_OPEN, "role": role})

    def attribute(self, text: str, spans: list[Span], title: str | None = None) -> list[Speaker | None]:
        """Speakers for `spans` of `text`, in order (None where the author speaks)."""
        memory = Memory(role_synonyms=self.lexicon.role_synonyms)
        sentences = [text[s.start:s.end] for s in spans]
        speakers: list[Speaker | None] = []
        quote_open: list[bool] = []  # whether a quote is still open at the end of each sentence
        in_quote = False
        headline_attr: list[tuple[int, str]] = []
        governments: list[int] = []
        for index, sentence in enumerate(sentences):
            mask, in_quote_end = _quote_mask(sentence, in_quote)
            may = self._scanner.candidates(sentence)
            mentions = self._mentions(sentence, memory, may)
            memory.sentence, memory.index = sentence, index
            memory.sentence_persons = self._persons(mentions, memory)
            # a headline: the title, or a first line without a final stop
            headline = bool(title and sentence.strip() == title.strip()) or (
                index == 0 and not sentence.rstrip().endswith((".", "!", "?", "”", '"')))
            speaker = None if headline and self._authors_headline(sentence) else \
                self._speaker(sentence, mentions, mask, memory, headline, may)
            if speaker is None and headline:
                attr = _headline_attribution(self._without_kicker(sentence))
                if attr:
                    speaker = self._resolve_phrase(attr, memory)
                    if speaker is None or speaker.kind == "person" and speaker.role == speaker.name:
                        headline_attr.append((index, attr))
                if speaker is None and not self._authors_headline(sentence):
                    speaker = self._headline_subject(sentence)
                    if speaker is not None and speaker.kind != "person" and headline_attr[-1:] and \
                            headline_attr[-1][0] == index:
                        headline_attr.pop()  # "..., coast guard says": a body, not a person's role
            if speaker is not None and speaker.kind == "organization" and \
                    speaker.name.lower() in self.lexicon.government_words:
                governments.append(index)  # "the government said" before any country: the article tells later
            self._remember(sentence, mentions, speaker, memory)
            speakers.append(speaker)
            quote_open.append(in_quote_end)
            in_quote = in_quote_end
        _fill_quote_runs(speakers, quote_open, sentences)
        for index, attr in headline_attr:
            found = memory.by_role(attr)
            if found is not None:
                speakers[index] = found
        for index in governments:
            country = next((s.country for s in speakers[index + 1:] if s is not None and s.country), None)
            if country:
                speakers[index] = Speaker(country, "country", None, country)
        self._fill_transcript(speakers, sentences, title, memory)
        self._name_roles(speakers, memory)
        named: dict[Speaker, Speaker | None] = {}  # a speaker recurs: name it once per article
        for s in speakers:
            if s is not None and s not in named:
                named[s] = self._as_article_names(s, text)
        return [named[s] if s is not None else None for s in speakers]

    @staticmethod
    def _name_roles(speakers: list[Speaker | None], memory: Memory) -> None:
        """Replace a role speaker by the person the article names later ("North Korea's foreign minister told")."""
        names = {role: memory.named_later(role) for role in memory.unnamed}
        for i, speaker in enumerate(speakers):
            found = names.get(speaker) if speaker is not None else None
            if found is not None:
                speakers[i] = found

    def _as_article_names(self, speaker: Speaker | None, text: str) -> Speaker | None:
        """Name listed bodies and countries as the article does, also inside a joint speaker ("A, B and C")."""
        if speaker is None or speaker.kind == "person":
            return speaker
        name = self.gazetteer.article_name(speaker.name, text)
        if name == speaker.name and speaker.kind == "group" and " and " in speaker.name:
            parts = _GROUP_PARTS.split(speaker.name)
            named = [self.gazetteer.article_name(part, text) for part in parts]
            if named != parts:
                name = ", ".join(named[:-1]) + " and " + named[-1]
        return speaker if name == speaker.name else replace(speaker, name=name)

    # -- article-level carry-over --------------------------------------------
    def _remember(self, sentence: str, mentions: list[Mention], speaker: Speaker | None, memory: Memory) -> None:
        """Update what later sentences may refer back to."""
        for m in mentions:
            if m.how in ("title", "appositive", "gazetteer") and m.speaker.kind == "person":
                memory.learn(m.speaker)
        persons = _distinct([p for _, p in memory.sentence_persons])
        if speaker is not None:
            memory.learn(speaker, spoke=True)
            memory.last_speaker = speaker
            memory.speakers.append(speaker)
            if speaker.kind == "person":
                memory.last_person = speaker
        else:
            # "Ambassador X presided over the session. He said ..." - the subject is who "he" is
            subject = self._main_subject(sentence, mentions, len(sentence))
            if subject is not None and subject.speaker.kind == "person" and subject.how != "pronoun":
                memory.last_person = self._resolve(subject, memory)
        countries = _countries_together(mentions, persons, sentence)
        if countries is not None:
            memory.allies = countries  # "Seoul and Washington began drills. The allies say ..."
        if speaker is not None and speaker.kind == "group" and " and " in speaker.name:
            parts = _GROUP_PARTS.split(speaker.name)
            known = {p.name for p in memory.persons.values()} | {p.name for p in persons}
            if all(part in known for part in parts):
                memory.ensemble, memory.ensemble_at = speaker, memory.index
            elif all(self.gazetteer.country(part) for part in parts):
                memory.allies = speaker
        elif len(persons) >= 2:
            memory.ensemble, memory.ensemble_at = _group(persons), memory.index

    def _headline_subject(self, headline: str) -> Speaker | None:
        """Find the party a headline clause opens with, before its verb: "Japan, U.S. sign pact", "..., regulator says".

        Headlines drop articles and conjunctions, so the subject is read as a list of bare names or descriptions.
        Only speech, stance and headline verbs count: "North Korea fires missile" has no speaker.
        """
        verb = self.lexicon.headline_verb
        if verb is None:
            return None
        for clause in _HEADLINE_CLAUSE.finditer(headline):
            start = clause.end()
            end = headline.find(";", start)
            found = verb.search(headline, start, end if end >= 0 else len(headline))
            if found is None:
                if clause.start() == 0:
                    continue
                break
            phrase = headline[start:found.start()]
            phrase = phrase[:link.start()] if (link := _HEADLINE_LINK.search(phrase)) else phrase
            parties = self._headline_parties(phrase.strip())
            if parties is not None:
                return parties
        return None

    def _headline_parties(self, phrase: str) -> Speaker | None:
        """Read "Japan, U.S., S. Korea" or "UN chief" as the speaker it names, if every part is a party."""
        if not phrase or len(phrase.split()) > 8:
            return None
        parties = []
        for part in _GROUP_PARTS.split(phrase):
            party = self._headline_party(part.strip())
            if party is None:
                return None
            parties.append(party)
        if len(parties) == 1:
            return parties[0]
        # a list is named as the headline writes it ("Japan, U.S., S. Korea"); a capital names its country
        parts = [part.strip() for part in _GROUP_PARTS.split(phrase)]
        return _group([replace(p, name=part) if p.kind != "country" or "." in part or not _LOWER.search(part) else p
                       for p, part in zip(parties, parts, strict=True)])

    def _headline_party(self, part: str) -> Speaker | None:
        words = part.split()
        if not words or len(words) > 3:
            return None
        fixed = self.gazetteer.fixed.get(part)
        if fixed is not None:
            return fixed
        country = self.gazetteer.country(part)
        if country is not None:
            # a country's name, or an abbreviation used as one ("U.S."), not an adjective ("North Korean")
            return Speaker(country, "country", None, country) if not _LOWER.search(part) else None
        mentions = self.gazetteer.mentions(part)
        if len(mentions) == 1 and mentions[0].end - mentions[0].start == len(part) and mentions[0].how != "pronoun":
            return mentions[0].speaker
        head = words[-1].lower()
        if head in self.lexicon.headline_heads and not words[0][0].islower() or len(words) == 1 and head in \
                self.lexicon.headline_heads or head in self.lexicon.government_words:
            if head in self.lexicon.government_words:
                return Speaker(part.lower(), "organization")
            kind = "group" if head.endswith("s") and not head.endswith("ss") else "person"
            return Speaker(part, kind, part if kind == "person" else None,
                           next((c for c in map(self.gazetteer.country, words) if c), None))
        if " ".join(words[-2:]).lower() in self.lexicon.body_heads or head in self.lexicon.body_heads:
            return Speaker(part[0].upper() + part[1:], "organization")
        if all(w[0].isupper() and _LOWER.search(w) for w in words) and not self._is_body(part) and \
                not any(w in _NOT_SUBJECT or w in _CALENDAR for w in words):
            return Speaker(part, "person")  # a surname: "Biden, Yoon and Kishida open talks"
        return None

    def _authors_headline(self, headline: str) -> bool:
        """Whether a headline opens with the label of an analysis or opinion piece, the author's own voice."""
        label, colon, _ = headline.partition(":")
        return bool(colon) and label.strip() in self.lexicon.author_kickers

    def _without_kicker(self, headline: str) -> str:
        """Drop a headline's label ("Analysis: ..."), which names no speaker."""
        label, colon, rest = headline.partition(":")
        return rest.strip() if colon and label.strip() in self.lexicon.kickers else headline

    def _fill_transcript(self, speakers: list[Speaker | None], sentences: list[str], title: str | None,
                         memory: Memory) -> None:
        """In a speech transcript the unattributed sentences are the speaker's own words."""
        owner = None
        if title:
            for mark in self.lexicon.transcript_titles:
                if title.startswith(mark):
                    owner = self._resolve_phrase(title[len(mark):].split(" on ")[0].strip(), memory)
                    break
        if owner is None:
            if not any(s.lstrip().startswith(self.lexicon.vocatives) for s in sentences):
                return
            owner = next((s for s in speakers[:1] if s is not None), None)  # the headline's speaker
        if owner is None:
            return
        started = False  # the speech starts at its first vocative or first-person sentence
        for i, speaker in enumerate(speakers):
            started = started or bool(_FIRST_PERSON.search(sentences[i])) or \
                sentences[i].lstrip().startswith(self.lexicon.vocatives)
            if started and speaker is None and i > 0:
                speakers[i] = owner

    # -- one sentence --------------------------------------------------------
    def _mentions(self, sentence: str, memory: Memory, may: set[str]) -> list[Mention]:
        """Gazetteer mentions, plus plural back-references ("the two leaders") and known surnames."""
        found = self.gazetteer.mentions(sentence)
        extra = self._extra_mentions(sentence, found, may) if not may.isdisjoint(_EXTRA_MENTIONS) else None
        if extra:
            found = [f for f in found if not any(f.start < e.end and e.start < f.end for e in extra)] + extra
        # every dateline ends in a dash: most sentences have none
        dateline = _DATELINE.match(sentence) if "-" in sentence or "—" in sentence or "–" in sentence else None
        if dateline:
            # "SEOUL, Jan. 15 (Yonhap) --": a place and a source, never the sentence's speaker
            found = [f for f in found if f.start >= dateline.end()]
        for start, end in _surnames(memory.persons, sentence):
            if not any(f.start < end and start < f.end for f in found):
                found.append(Mention(start, end, memory.persons[sentence[start:end]], "surname"))
        return sorted(found, key=_START)

    def _extra_mentions(self, sentence: str, found: list[Mention], may: set[str]) -> list[Mention]:
        """Plural back-references, bodies by their noun, offices and spokesmen, over the gazetteer's `found`."""
        extra: list[Mention] = []
        for m in self._scanner.finditer("anaphor", sentence, may):
            noun = m.group("noun") or m.group("count")
            how = "allies" if noun in self.lexicon.country_anaphors else "anaphor"
            extra.append(Mention(m.start(), m.end(), Speaker(m.group()[4:], "group"), how,
                                 det=m.group("num") or m.group("count") or ""))
        for m in self._scanner.finditer("body", sentence, may):
            name = m.group("name")
            if not any(f.start <= m.start("name") and m.end() <= f.end and f.end - f.start >= len(name) for f in found):
                extra.append(Mention(m.start(), m.end(), Speaker(name[0].upper() + name[1:], "organization"), "body"))
        for m in self._scanner.finditer("office", sentence, may):
            owner = m.group("owner")  # a person, not a body ("the Prime Minister's office" is listed)
            if owner is None or owner.split()[-1] not in self.lexicon.org_words and not self.gazetteer.country(owner):
                extra.append(Mention(m.start(), m.end(), Speaker(m.group(), "organization"), "office"))
        for m in self._scanner.finditer("spokesman", sentence, may):
            pronoun = "he" if m.group("p").lower() == "his" else "she"
            extra.append(Mention(m.start(), m.end(), Speaker(pronoun, "person"), "principal"))
        return extra

    def _persons(self, mentions: list[Mention], memory: Memory) -> list[tuple[int, Speaker]]:
        """List the named persons of a sentence, resolved, with their positions."""
        found = []
        for m in mentions:
            if m.speaker.kind == "person" and m.how in ("title", "appositive", "gazetteer", "surname"):
                speaker = self._resolve(m, memory)
                if speaker is not None and len(speaker.name.split()) >= 2:
                    found.append((m.start, speaker))
        return found

    def _speaker(self, sentence: str, mentions: list[Mention], mask: bytes,
                 memory: Memory, headline: bool, may: set[str]) -> Speaker | None:
        frames = self._frames(sentence, mentions, mask, headline, may)
        if not frames:
            return None
        if len(frames) > 1:
            explicit = [f.at for f in frames if f.subject.how not in ("pronoun", "backref")]
            first = min(explicit) if explicit else None
            # "KCNA said ..., which it called reckless": a later pronoun refers back, it does not speak first;
            # but "his office said the council condemned" relays another body's stance
            frames = [f for f in frames if f.subject.how not in ("pronoun", "backref") or first is None
                      or f.at < first or _is_other_body(f.subject)]
        chosen = min(frames, key=lambda f: (f.subject.media, f.at))  # the first of the best, as a stable sort
        speaker = self._resolve(chosen.subject, memory)
        if chosen.subject.how == "role" and speaker is chosen.subject.speaker and chosen.subject.det == "the":
            memory.unnamed.append(speaker)  # a definite role nobody named yet: perhaps named further down
        if chosen.kind == "stance" and chosen.verb != "according to" or speaker is None:
            return speaker
        return self._stance_holder(chosen, speaker, frames, memory) or speaker

    def _stance_holder(self, messenger: Frame, carrier: Speaker, frames: list[Frame],
                       memory: Memory) -> Speaker | None:
        """Find a different party whose stance the messenger relays ("Abe said Trump had told him ...")."""
        sentence = memory.sentence
        principal = self._principal(messenger, memory)
        if principal is not None:
            return principal
        for frame in frames:
            if frame is messenger or frame.kind == "according" or frame.subject.how == "pronoun" or \
                    frame.subject.how == "backref" and (messenger.kind == "according" or
                                                        not _is_other_body(frame.subject)):
                continue
            subject = frame.subject
            office = messenger.subject.how == "office"  # "her office said she and Obama agreed": not her side
            if _GENERIC_GROUPS.match(subject.speaker.name) or not office and _PRONOUN_AND.search(sentence, 0,
                                                                                                  subject.start):
                continue  # "the sides agreed", "he and Biden agreed": the messenger speaks for its side
            if _MODAL.search(sentence, 0, frame.at):
                continue  # "the envoys would reaffirm": the messenger's expectation, not a relayed stance
            if not self._relayed(messenger, subject, frame.at, sentence):
                continue
            holder = self._resolve(subject, memory)
            if holder is None or holder.name == carrier.name or subject.media:
                continue
            if frame.verb == "quoted":
                return holder
            how = subject.how
            if holder.kind == "person" and (how in ("title", "appositive", "gazetteer", "surname")
                                            or how == "role" and holder is not subject.speaker):
                return holder
            if holder.kind == "group" and how in ("anaphor", "group", "description"):
                return holder
            if holder.kind == "country" and carrier.country and holder.country != carrier.country and \
                    carrier.kind != "country" and not sentence[:subject.end].endswith(("'s", "’s")):
                return holder  # "Hayashi said the United States reaffirmed": another side's position
            if holder.kind == "organization" and (messenger.subject.media or carrier.kind == "organization"):
                return holder
        return None

    @staticmethod
    def _principal(messenger: Frame, memory: Memory) -> Speaker | None:
        """Find who a spokesperson speaks for, relayed by a pronoun: "A spokesperson for X said he condemned"."""
        if messenger.subject.how != "description" or not messenger.subject.speaker.name.lower().startswith("spokes"):
            return None
        persons = [p for at, p in memory.sentence_persons if messenger.subject.start < at < messenger.at]
        said = messenger.at + len(messenger.verb)
        pronoun = _HE_SHE.search(memory.sentence, said)
        if len(persons) == 1 and pronoun is not None and _COMPLEMENT.fullmatch(memory.sentence, said, pronoun.start()):
            return persons[0]
        return None

    @staticmethod
    def _relayed(messenger: Frame, subject: Mention, at: int, sentence: str) -> bool:
        """Tell whether `subject` opens the clause the messenger reports.

        That is right after the messenger's verb, the sentence's main subject, or a relative clause's antecedent.
        """
        if _RELATIVE.fullmatch(sentence, subject.end, at):
            return True  # "... a call with Blinken, who condemned the launch"
        if subject.start > messenger.at and _COMPLEMENT.fullmatch(sentence, messenger.at + len(messenger.verb),
                                                                   subject.start):
            return True
        return bool(_LEAD_IN.fullmatch(sentence, 0, subject.start))

    def _frames(self, sentence: str, mentions: list[Mention], mask: bytes, headline: bool,
                may: set[str]) -> list[Frame]:
        frames = self._cited_frames(sentence, mentions, mask, may) if not may.isdisjoint(_CITED_FRAMES) else []
        lexicon = self.lexicon
        for m in self._scanner.finditer("verb", sentence, may):
            start, end = m.span()
            verb = m.group()
            # capitalised verbs only in headlines: elsewhere "States" is part of a name
            if mask[start] or (verb[0].isupper() and not headline):
                continue
            lower = verb.lower()
            kind = "stance" if lower in lexicon.stance else "speech"
            subject = self._agent(sentence, start, end, mentions, headline) if kind == "stance" else None
            if subject is None:
                participle = lower.split()[0].endswith(("ed", "en")) or lower in ("told", "said")
                if participle and _word_before(sentence, start) in _PASSIVE_AUX and \
                        not _CITED_AS.match(sentence, end):
                    continue  # "the statement was issued": the subject is not the one acting
                subject = self._subject_before(sentence, start, mentions, headline, may)
            if subject is None and lower in lexicon.inverted:
                subject = (_mention_at(mentions, end, sentence) or self._description_after(sentence, end)
                           or self._name_after(sentence, end))
            if subject is not None:
                frames.append(Frame(verb, start, subject, kind))
        return frames

    def _cited_frames(self, sentence: str, mentions: list[Mention], mask: bytes, may: set[str]) -> list[Frame]:
        """Frames without a reporting verb: "in his view", "condemnation from", "according to", "quoted X as"."""
        scan = self._scanner.finditer
        frames: list[Frame] = []
        for m in scan("view_of", sentence, may):
            if not mask[m.start()]:
                pronoun = Speaker("he" if m.group("p").lower() == "his" else "she", "person")
                frames.append(Frame("according to", m.start(), Mention(m.start("p"), m.end("p"), pronoun, "pronoun"),
                                    "according"))
        for m in scan("reaction", sentence, may):
            subject = _mention_at(mentions, m.end(), sentence)
            if subject is not None and not mask[m.start()]:
                rest = [x for x in mentions if x.start > subject.start]
                frames.append(Frame(m.group(), m.start(), _coordinated_forward(subject, rest, sentence), "stance"))
        for m in scan("according", sentence, may):
            subject = _mention_at(mentions, m.end(), sentence) or self._name_after(sentence, m.end() - 1)
            if subject is not None and not mask[m.start()]:
                frames.append(Frame("according to", m.start(), subject, "according"))
        for m in scan("quoted_as", sentence, may):
            inner = [x for x in mentions if m.start("who") <= x.start < m.end("who")]
            if inner and not mask[m.start()]:
                frames.append(Frame("quoted", m.start(), inner[0], "stance"))
        return frames

    def _agent(self, sentence: str, start: int, end: int, mentions: list[Mention], headline: bool) -> Mention | None:
        """Find the agent of a passive stance verb: "has been condemned by the Secretary-General"."""
        after = _PASSIVE_BY.match(sentence, end)
        if after is None:
            return None
        before = _word_before(sentence, start)
        if not headline and before is not None and before.lower() not in _PASSIVE_AUX:
            return None
        return _mention_at(mentions, after.end(), sentence) or self._description_after(sentence, after.end() - 1)

    def _subject_before(self, sentence: str, at: int, mentions: list[Mention], headline: bool,
                        may: set[str]) -> Mention | None:
        """Find the subject of the verb at `at`: the actor right before it, past adverbs and asides.

        `may` is the scanner's verdict on the sentence: a pattern it rules out is not searched for.
        """
        aside = _TRAILING_RELATIVE.search(sentence, 0, at) if "relative" in may else None
        if aside is not None and aside.start() > 0:
            # "X, who met the leaders of A, B and C on Monday, said": the subject precedes the clause
            return self._subject_before(sentence, aside.start(), [m for m in mentions if m.end <= aside.start()],
                                        headline, may)
        described = self._description_before(sentence, at, may)
        if described is not None:
            return described
        before = [m for m in mentions if m.end <= at]
        if before:
            last = before[-1]
            gap = sentence[last.end:at]
            adjacent = _GAP.match(gap)
            if adjacent and not gap.lstrip().startswith(","):
                return self._head_of(last, before[:-1], sentence, headline, may)
            # "Kim Yo Jong, the sister of leader Kim Jong Un, warned": the actor before the aside
            for back in range(1, min(5, len(before) + 1)):
                m = before[-back]
                aside = sentence[m.end:at]
                # both asides open with a comma: most gaps are ruled out without a regex
                paren = (_PARENTHETICAL.match(aside) or _RELATIVE_ASIDE.match(aside)) \
                    if aside.lstrip().startswith(",") else None
                if paren and _GAP.match(sentence[m.end + paren.end():at]):
                    return self._head_of(m, before[:-back], sentence, headline, may)
            if adjacent:
                return self._head_of(last, before[:-1], sentence, headline, may)
        named = self._name_before(sentence, at)
        if named is not None:
            return named
        finite = not sentence[at:].split(None, 1)[0].endswith("ing")
        if finite and _COORDINATED_VERB.search(sentence, 0, at) or not finite and sentence[:at].rstrip().endswith(","):
            # "The coast guard issued a warning and said ...", "... issued a warning, adding ...": the clause's subject
            return self._main_subject(sentence, mentions, at)
        return None

    def _head_of(self, m: Mention, earlier: list[Mention], sentence: str, headline: bool, may: set[str]) -> Mention:
        """Widen `m` to its phrase: a coordination ("A and B"), or the head of "Analysts in Tokyo", "X of Japan"."""
        while m.speaker.kind in ("country", "organization"):
            link = _PP_BEFORE.search(sentence, 0, m.start)
            if link is None:
                break
            head = [e for e in earlier if e.end == link.start()]
            if head and head[0].speaker.kind in ("group", "person", "organization") and head[0].how not in _NOT_MEMBER:
                m, earlier = head[0], [e for e in earlier if e.end <= head[0].start]
                continue
            name = _NAME_OF.search(sentence, 0, m.start)
            if name is not None and not self._is_body(name.group("name")):
                who = name.group("name")
                return Mention(name.start("name"), m.end, Speaker(who, "person", None, m.speaker.country), "name")
            described = self._description_before(sentence, link.start(), may)
            if described is not None:
                return described
            break
        return _coordinated(m, earlier, sentence, headline)

    def _is_body(self, phrase: str) -> bool:
        """Whether a capitalised phrase names a body rather than a person ("Sejong Institute")."""
        return any(w in self.lexicon.org_words for w in phrase.split()) or self.gazetteer.country(phrase) is not None

    def _name_before(self, sentence: str, at: int) -> Mention | None:
        """Find an unlisted name right before the verb: "Trump said", "Park added", "Lee of the Asan Institute"."""
        head = sentence[:at]
        paren = _trailing_paren(head)
        if paren:
            inner = head[paren.start() + 1:].strip(" ,")
            if _BARE_NAME.fullmatch(inner) and not self._is_body(inner):
                # "The EU's foreign policy chief, Jane Doe, said"
                start = head.find(inner, paren.start())
                role = re.split(r",\s*", head[:paren.start()])[-1]
                country = next((c for c in map(self.gazetteer.country, re.findall(r"[A-Z][\w.'’]*", role)) if c), None)
                return Mention(start, start + len(inner), Speaker(inner, "person", None, country), "name")
            head = head[:paren.start()]
        aux = _TRAILING_AUX.search(head)  # anchored at the end: the one match `sub` would drop
        if aux is not None:
            head = head[:aux.start()] + head[aux.end():]
        last = head.rsplit(None, 1)[-1:]
        # a name ends in a capitalised word: a last word in lower case rules it out
        caps = _CAPS_BEFORE.search(head) if last and not last[0].islower() else None
        if not caps:
            return None
        words = caps.group(1).split()
        while words and words[0] in _NOT_SUBJECT:
            words.pop(0)
        if not words or words[0] in _NOT_SUBJECT or any(w in _CALENDAR for w in words):
            return None
        if caps.start(1) > 0 and head[caps.start(1) - 1] not in " ,":
            return None
        name = " ".join(words)
        if name.isupper() and len(name) > 4 or name in self.lexicon.kickers:
            return None  # a dateline ("CAMP DAVID") or a label
        start = head.rfind(name)
        titled = self._titled(words)
        if titled is not None:
            # a headline's "Japan PM Kishida", whose name the title pattern ran into the verb
            role, country, bare = titled
            return Mention(start, start + len(name), Speaker(bare, "person", role, country), "title")
        country = self.gazetteer.country(name)
        if country is not None:
            return Mention(start, start + len(name), Speaker(country, "country", None, country), "gazetteer")
        if self._is_body(name):
            of = _NAME_OF.search(sentence, 0, start)
            if of is not None and not self._is_body(of.group("name")):
                return Mention(of.start("name"), start + len(name), Speaker(of.group("name"), "person"), "name")
            return Mention(start, start + len(name), Speaker(name, "organization"), "org")
        return Mention(start, start + len(name), Speaker(name, "person"), "name")

    def _titled(self, words: list[str]) -> tuple[str, str | None, str] | None:
        """Split "Japan PM Kishida" into a title ("PM"), its country and the name, if it opens with a title."""
        titles, country, i = [], None, 0
        while i < len(words) - 1:
            pair = " ".join(words[i:i + 2])
            if i < len(words) - 2 and pair in self.gazetteer.titles:
                titles.append(pair)
                i += 2
            elif words[i] in self.gazetteer.titles:
                titles.append(words[i])
                i += 1
            elif not titles and self.gazetteer.country(words[i]):
                country = self.gazetteer.country(words[i])
                i += 1
            else:
                break
        return (" ".join(titles), country, " ".join(words[i:])) if titles else None

    def _description_before(self, sentence: str, at: int, may: set[str]) -> Mention | None:
        """Find an unnamed speaker described right before the verb: "a White House official said"."""
        if self._role_head is not None and ("role" not in may or not self._role_head.search(sentence, 0, at)):
            return None  # no role noun before the verb at all: the common case, mostly told by the scanner
        head = sentence[:at]
        paren = _trailing_paren(head)
        if paren:
            head = head[:paren.start()]
        place = _TRAILING_PLACE.search(head) or _TRAILING_OF.search(head)
        if place:
            head = head[:place.start()]
        words = head.split()
        while words and words[-1].lower() in _AUX:
            words.pop()
        if not words or words[-1].lower() not in self.lexicon.role_heads:
            return None
        for k in range(len(words) - 2, max(len(words) - 8, -1), -1):
            word = words[k]
            if word[-1] in ",;:\"“”":
                return None
            if word.lower() in _INDEFINITE:
                return self._described(" ".join(words[k + 1:]), head.rfind(" ".join(words[k:])))
            if word.lower() == "the":
                return None  # a definite role refers back: left to the role mentions
        return None

    def _name_after(self, sentence: str, at: int) -> Mention | None:
        """Find an unlisted name right after an inverted verb: "..., said Jane Doe, a researcher at ..."."""
        name = _BARE_NAME.match(sentence, at + 1) if sentence[at:at + 1] == " " else None
        if name is None or self._is_body(name.group()) or any(w in _CALENDAR for w in name.group().split()):
            return None
        return Mention(name.start(), name.end(), Speaker(name.group(), "person"), "name")

    def _description_after(self, sentence: str, at: int) -> Mention | None:
        """Find an unnamed speaker described right after an inverted verb: "... said a local fisherman"."""
        words = sentence[at:at + 120].split()
        if not words or words[0].lower() not in _INDEFINITE:
            return None
        for k in range(1, min(8, len(words))):
            word = words[k].rstrip(",.;:")
            if word.lower() in self.lexicon.role_heads:
                desc = " ".join(w.rstrip(",.;:") for w in words[1:k + 1])
                return self._described(desc, sentence.find(desc, at))
            if words[k][-1] in ",.;:":
                return None
        return None

    def _described(self, desc: str, start: int) -> Mention:
        kind = "group" if desc.endswith("s") and not desc.endswith("ss") else "person"
        role = desc if kind == "person" else None
        country = next((c for c in map(self.gazetteer.country, desc.split()) if c), None)
        return Mention(max(start, 0), max(start, 0) + len(desc), Speaker(desc, kind, role, country), "description")

    def _main_subject(self, sentence: str, mentions: list[Mention], at: int) -> Mention | None:
        """Find the actor that opens the sentence's main clause, after a dateline or a lead-in phrase."""
        for i, m in enumerate(mentions):
            if m.start >= at:
                return None
            if _LEAD_IN.fullmatch(sentence, 0, m.start):
                rest = mentions[i + 1:]
                while rest and _POSSESSIVE_GAP.fullmatch(sentence, m.end, rest[0].start):
                    m, rest = rest[0], rest[1:]  # "Japan's Ambassador X": X, not Japan
                named = _APPOSITIVE_NAME.match(sentence, m.end) if m.speaker.kind == "country" else None
                if named is not None and named.group("role").lower() in self._role_words and \
                        not self._is_body(named.group("name")):
                    # "South Korea's new president, Jane Doe, who ...": the person, not the country
                    return Mention(named.start("name"), named.end("name"),
                                   Speaker(named.group("name"), "person", None, m.speaker.country), "name")
                return _coordinated_forward(m, rest, sentence)
            if "," not in sentence[m.end:at]:
                return None  # not inside an opening phrase ("Before leaving Seoul, ..."): no subject found
        return None

    def _resolve(self, mention: Mention, memory: Memory) -> Speaker | None:
        speaker = mention.speaker
        if mention.how == "pronoun":
            if speaker.name in ("he", "she"):
                return memory.last_person or memory.last_speaker
            if speaker.name == "they" and (memory.last_speaker is None or memory.last_speaker.kind != "group"):
                # "they" after persons named together, unless a group spoke since
                if memory.ensemble is not None and memory.index - memory.ensemble_at <= 2:
                    return memory.ensemble
            return memory.last_speaker
        if mention.how == "anaphor":
            return self._resolve_ensemble(mention, memory)
        if mention.how == "office":
            return self._office(mention, memory)
        if mention.how == "principal":
            before = [p for at, p in memory.sentence_persons if at < mention.start]
            return before[-1] if before else memory.last_person
        if mention.how == "body":
            head = speaker.name.lower()
            if head in self.lexicon.government_words:
                return self._as_country(mention, memory)
            earlier = next((e for e in reversed(memory.speakers) if head in e.name.lower()), None)
            return earlier or speaker
        if mention.how == "allies":
            allies = memory.allies
            size = allies.name.count(",") + 2 if allies is not None else 0
            return allies if allies is not None and _COUNTS.get(mention.det, size) == size else speaker
        if mention.how == "backref":
            if speaker.name in self.lexicon.government_words:
                return self._as_country(mention, memory)
            for earlier in reversed(memory.speakers):
                if speaker.name == "it" and earlier.kind != "person":
                    return earlier
                if self.gazetteer.medium.get(earlier.name) == speaker.name:
                    return earlier  # "the BBC reported ... the British broadcaster said"
                if speaker.name in ("report", "statement") or speaker.name in earlier.name.lower():
                    return earlier
            return None if speaker.name == "it" else Speaker(speaker.name.capitalize(), "organization")
        if speaker.kind == "organization" and speaker.name in self.lexicon.government_words:
            return self._as_country(mention, memory)
        if mention.how == "role" and mention.det == "the":
            found = memory.by_role(speaker.name) or memory.by_country(speaker.country)
            if found is not None:
                return found
        if speaker.kind == "person" and len(speaker.name.split()) == 1:
            found = memory.persons.get(speaker.name)
            if found is not None:
                return found
        if speaker.kind == "person" and speaker.country is None:
            found = memory.persons.get(speaker.name.split()[-1])
            if found is not None and found.name == speaker.name:
                return found
        return speaker

    @staticmethod
    def _office(mention: Mention, memory: Memory) -> Speaker:
        """Name "his office" after its holder, the person named last (first in this sentence): "Lee's office"."""
        owner, _, rest = mention.speaker.name.partition(" ")
        if owner.lower() not in ("his", "her"):
            return mention.speaker
        before = [p for at, p in memory.sentence_persons if at < mention.start]
        person = before[-1] if before else memory.last_person
        if person is None:
            return mention.speaker
        return Speaker(f"{person.name}'s {rest}", "organization", None, person.country)

    def _resolve_ensemble(self, mention: Mention, memory: Memory) -> Speaker:
        """Resolve "the two leaders" / "the three": the persons just named together, else the last such group.

        When the count the text gives does not fit what was found, the description as written is safer.
        """
        persons = _distinct([p for at, p in memory.sentence_persons if at < mention.start])
        count = _COUNTS.get(mention.det, 0)
        if len(persons) < 2:
            recent = next((s for s in reversed(memory.speakers[-3:]) if s.kind == "group"), None)
            found = memory.ensemble or recent
            if found is not None and " and " not in found.name:
                # a group named by a noun ("ASEAN foreign ministers") is "the ministers", not "the three leaders"
                noun = mention.speaker.name.split()[-1].lower()
                return found if noun in _COUNTS or noun in found.name.lower() else mention.speaker
            size = found.name.count(",") + 2 if found is not None else 0
            return found if found is not None and count in (0, size) else mention.speaker
        if count > len(persons):
            return mention.speaker
        return _group(persons[-count:] if count else persons)

    def _as_country(self, mention: Mention, memory: Memory) -> Speaker | None:
        """Map a government to its country: "the Japanese government" = Japan; a bare one: the article's."""
        country = mention.speaker.country
        if not country:
            # the words before the head: "the Japanese government", "South Korea's government"
            words = memory.sentence[mention.start:mention.end].split()[:-1]
            country = self.gazetteer.country(" ".join(w for w in words if w.lower() != "the"))
        country = country or memory.country_hint()
        if not country:
            return mention.speaker
        return Speaker(country, "country", None, country)

    def _resolve_phrase(self, phrase: str, memory: Memory) -> Speaker | None:
        mentions = self.gazetteer.mentions(phrase)
        if mentions:
            return self._resolve(mentions[0], memory)
        phrase = phrase.strip()
        if phrase and phrase[0].isupper():
            if any(w in phrase.lower() for w in ("minister", "secretary", "spokes", "president", "official")):
                return Speaker(phrase, "person", phrase, None)
            return Speaker(phrase, "person")
        return None


class _Scanner:
    """Named patterns over one sentence: one RE2 pass tells which may match; only those are run, from RE2 starts."""

    def __init__(self, patterns: dict[str, re.Pattern[str]]) -> None:
        self._names = list(patterns)
        self._finders = {name: Finder(regex) for name, regex in patterns.items()}
        self._prefilter = Prefilter([_inline_flags(regex) for regex in patterns.values()])

    def candidates(self, sentence: str) -> set[str]:
        """The names of the patterns that may match in `sentence`."""
        return {self._names[i] for i in self._prefilter.candidates(sentence)}

    def finditer(self, name: str, sentence: str, may: set[str]) -> Iterator[re.Match[str]]:
        """`finditer` of the pattern `name`, skipped when the prefilter rules it out."""
        return self._finders[name].finditer(sentence) if name in may else iter(())


def _inline_flags(regex: re.Pattern[str]) -> str:
    """The source of `regex` with its case folding written inline, for the prefilter."""
    return f"(?i:{regex.pattern})" if regex.flags & re.IGNORECASE else regex.pattern


def _surnames(persons: dict[str, Speaker], sentence: str) -> list[tuple[int, int]]:
    """The spans of the matches of `_CAPITALISED` in `sentence` that are known surnames, in order.

    Such a match is a whole word "Xxx", no word character on either side, so it is exactly an occurrence of a
    known surname of that shape as a whole word; `str.find` locates the few surnames present far faster than
    a regex tried at every position. Whole words cannot overlap, and "Xxx" cannot recur inside itself.
    """
    found = []
    for key in persons:
        if key in sentence and _is_capitalised_word(key):
            at = sentence.find(key)
            while at >= 0:
                end = at + len(key)
                if not (at and _is_word_char(sentence[at - 1])) and not (end < len(sentence) and
                                                                          _is_word_char(sentence[end])):
                    found.append((at, end))
                at = sentence.find(key, end)
    found.sort()
    return found


@lru_cache(maxsize=4096)
def _is_capitalised_word(key: str) -> bool:
    return _CAPITALISED_WORD.fullmatch(key) is not None


def _is_word_char(char: str) -> bool:
    r"""Whether `char` is a word character to `re` (`\w`, and so to `\b`)."""
    return char.isalnum() or char == "_"


def _trailing_paren(head: str) -> re.Match[str] | None:
    """The aside that ends `head`, closed by a comma: ", speaking on condition of anonymity,"."""
    return _TRAILING_PAREN.search(head) if head.count(",") >= 2 and head.rstrip().endswith(",") else None


def _word_before(sentence: str, at: int) -> str | None:
    """The last word of the 30 characters before `at` that is not an adverb in "-ly", if any."""
    for word in reversed(sentence[max(0, at - 30):at].split()):
        if not word.endswith("ly"):
            return word
    return None


def _distinct(speakers: list[Speaker]) -> list[Speaker]:
    seen: dict[str, Speaker] = {}
    for s in speakers:
        seen.setdefault(s.name, s)
    return list(seen.values())


def _is_other_body(subject: Mention) -> bool:
    """Whether a back-reference names a body by its noun ("the council"), which may not be the messenger."""
    return subject.how == "backref" and subject.speaker.name not in ("it", "report", "statement")


def _countries_together(mentions: list[Mention], persons: list[Speaker], sentence: str) -> Speaker | None:
    """The countries a sentence names together ("Seoul and Washington"), or those of persons it names together.

    These are what a later "the allies" or "the two sides" refers to.
    """
    found = None
    indices = [i for i, m in enumerate(mentions) if m.speaker.kind == "country"]
    for i in indices[:-1]:  # a list needs two; most sentences have none
        m = mentions[i]
        if m.how != "group" and not _COORDINATION.fullmatch(sentence, m.end, mentions[i + 1].start):
            continue  # as `_coordinated_forward` would find at once: no link to the next mention, no list
        if found is None or m.start >= found.end:
            joint = _coordinated_forward(m, mentions[i + 1:], sentence)
            if joint.how == "group" and all(p.speaker.kind == "country" for p in mentions if
                                            joint.start <= p.start < joint.end):
                found = joint
    if found is not None:
        return found.speaker
    countries = [p.country for p in persons]
    if len(countries) >= 2 and all(countries) and len(set(countries)) == len(countries):
        return _group([Speaker(c, "country", None, c) for c in countries if c])
    return None


def _group(members: list[Speaker]) -> Speaker:
    """Make a joint speaker: "A, B and C", kind group, no country (the guide's convention)."""
    names = [m.name for m in members]
    return Speaker(", ".join(names[:-1]) + " and " + names[-1], "group", None, None)


def _coordinated(last: Mention, earlier: list[Mention], sentence: str, headline: bool = False) -> Mention:
    """Join "A, B and C" into one group mention when they share the verb (headlines may drop the "and")."""
    members = [last]
    for m in reversed(earlier if last.how not in _NOT_MEMBER else []):
        final = len(members) == 1 and not headline
        if m.how in _NOT_MEMBER or not (_COORDINATION_END if final else _COORDINATION).fullmatch(sentence, m.end,
                                                                                                 members[0].start):
            break
        members.insert(0, m)
    return _joint(members)


def _coordinated_forward(first: Mention, later: list[Mention], sentence: str) -> Mention:
    """Join the coordination that starts at `first`: "A and B later spoke by phone"."""
    members = [first]
    for m in later:
        end = members[-1].end
        if m.how in _NOT_MEMBER or not _COORDINATION.fullmatch(sentence, end, m.start):
            break
        members.append(m)
        if _COORDINATION_END.fullmatch(sentence, end, m.start):
            break
    if len(members) == 1 or not _COORDINATION_END.fullmatch(sentence, members[-2].end, members[-1].start):
        return first  # "A, B" without a closing "and" is an aside, not a list
    return _joint(members)


def _joint(members: list[Mention]) -> Mention:
    if len(members) == 1:
        return members[0]
    speaker = _group([m.speaker for m in members])
    return Mention(members[0].start, members[-1].end, speaker, "group")


def _mention_at(mentions: list[Mention], at: int, sentence: str) -> Mention | None:
    """Find the mention that begins at `at` (after an optional "the"/"a"), past a possessor ("Seoul's Yonhap")."""
    begin = _ARTICLE.match(sentence, at).end()
    for i, m in enumerate(mentions):
        if at <= m.start <= begin:
            for later in mentions[i + 1:]:
                if m.speaker.kind != "country" or not _MODIFIER_GAP.fullmatch(sentence, m.end, later.start):
                    break
                m = later
            return m
    return None


def _quote_mask(sentence: str, open_at_start: bool) -> tuple[bytes, bool]:
    """Per character: inside a quotation (1) or not (0)? Also whether a quote is open at the end.

    Bytes rather than a list of bools: a stretch is filled by one repetition in C, with no object per character.
    """
    if '"' not in sentence and "“" not in sentence and "”" not in sentence:
        return _FLAG[open_at_start] * len(sentence) + b"\0", open_at_start  # no marks: one stretch
    mask = bytearray()
    inside = open_at_start
    done = 0
    # quote marks are few: fill the stretches between them rather than testing every character
    for m in _QUOTE_MARK.finditer(sentence):
        i, ch = m.start(), m.group()
        mask += _FLAG[inside] * (i - done)
        if ch == "“" or (ch == '"' and not inside):
            inside = True
            mask.append(1)
        else:
            mask.append(inside)
            inside = False
        done = i + 1
    mask += _FLAG[inside] * (len(sentence) - done)
    mask.append(0)
    return bytes(mask), inside


def _fill_quote_runs(speakers: list[Speaker | None], quote_open: list[bool], sentences: list[str]) -> None:
    """Sentences inside a quote that spans several sentences take the quote's speaker."""
    i = 0
    while i < len(speakers):
        if not quote_open[i]:
            i += 1
            continue
        j = i
        while j < len(speakers) - 1 and quote_open[j]:
            j += 1
        run = range(i, j + 1)
        found = next((speakers[k] for k in reversed(run) if speakers[k] is not None), None)
        if found is not None:
            for k in run:
                if speakers[k] is None and ('"' in sentences[k] or "“" in sentences[k] or quote_open[k]
                                            or (k > 0 and quote_open[k - 1])):
                    speakers[k] = found
        i = j + 1


def _headline_attribution(sentence: str) -> str | None:
    tail = _HEADLINE_TAIL.search(sentence.strip())
    if tail:
        return tail.group("attr") or tail.group("attr2") or tail.group("attr3")
    head = _HEADLINE_HEAD.match(sentence)
    if head:
        return head.group("attr")
    return None

