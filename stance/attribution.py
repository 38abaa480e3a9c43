"""Speaker attribution: who each sentence's words or position belong to.

Rule-based, over one article at a time, because speakers carry over: "he
added", "the minister", a quote that spans sentences, a headline credited to
a person named later. The guide's conventions decide between a messenger and
the stance holder it reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .actors import Gazetteer, Mention, default_gazetteer
from .datafiles import load_json
from .phrases import phrase_pattern
from .records import Span, Speaker

# what may stand between a subject and its verb: adverbs, auxiliaries, time and venue phrases
_GAP = re.compile(
    r"^(?:\s|,|\b(?:also|later|further|earlier|again|then|separately|previously|repeatedly|strongly|firmly|"
    r"swiftly|quickly|sharply|publicly|officially|jointly|immediately|reportedly|likewise|similarly|too|"
    r"has|have|had|was|were|is|are|will|would|did|does|do|not|never|had|already|however|in\s+turn|"
    r"in\s+response|this\s+week|last\s+week|on\s+\w+(?:\s+\d+)?|in\s+an?\s+\w+|at\s+an?\s+\w+(?:\s+\w+)?|"
    r"today|yesterday|tonight|who|once\s+again|\w+ly|was\s+(?:also\s+)?(?:quoted|cited)(?:\s+by\s+[\w ]+?)?\s+as|"
    r"on\s+\w+,\s+\w+\s+\d+,?|\(\w+\))\b)*$",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"^\s*,[^,\"“”]{1,140},\s*")
_ACCORDING = re.compile(r"\b(?:[Aa]ccording\s+to|[Cc]iting|[Qq]uoting|[Ii]n\s+the\s+(?:words|view|assessment)\s+of|"
                        r"[Bb]y\s+the\s+account\s+of)\s+")
_HEADLINE_TAIL = re.compile(r"\s[-–—]+\s*(?P<attr>[^-–—]{2,60})$|:\s+(?P<attr2>[A-Z][^:]{1,40})$|"
                            r",\s+(?P<attr3>[^,]{2,40}?)\s+(?:says?|warns?|claims?|tells?)$")
_HEADLINE_HEAD = re.compile(r"^(?P<attr>[A-Z][\w .'’-]{1,40}):\s")
_CAPS_BEFORE = re.compile(r"((?:[A-Z][\w'’]*(?:-\w+)*\s+){0,3}[A-Z][\w'’]*(?:-\w+)*)\s*$")
_QUOTED_AS = re.compile(r"\b(?:quoted|cited)\s+(?P<who>.+?)\s+as\s+(?:saying|stating|telling)\b")
_GENERIC_GROUPS = re.compile(r"^(?:the\s+)?(?:two\s+|three\s+)?sides$", re.IGNORECASE)
_QUOTE_MARK = re.compile(r'[“”"]')
_NOT_SUBJECT = frozenset("It This That There These Those What Which Who The A An".split())


@dataclass(frozen=True)
class Verbs:
    """Reporting and stance verbs, read from `data/reporting.json`."""

    speech: frozenset[str]
    stance: frozenset[str]
    inverted: frozenset[str]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def default_verbs() -> Verbs:
    raw = load_json("reporting.json")
    words = set(raw["speech"]) | set(raw["stance"])
    # headlines capitalise verbs ("Kishida Slams ..."), so match any case
    pattern = re.compile(rf"\b{phrase_pattern(words, fold_case=True)}\b", re.IGNORECASE)
    return Verbs(frozenset(raw["speech"]), frozenset(raw["stance"]), frozenset(raw["inverted"]), pattern)


@dataclass(frozen=True)
class Frame:
    """A reporting or stance construction: its verb and the subject found for it."""

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

    def learn(self, speaker: Speaker) -> None:
        if speaker.kind == "person" and len(speaker.name.split()) >= 2 and speaker.name[0].isupper():
            self.persons.setdefault(speaker.name.split()[-1], speaker)
            first = speaker.name.split()[0]
            if first in ("Kim", "Lee", "Park", "Choi", "Moon", "Yoon"):
                # Korean names: the family name comes first ("Kim said")
                self.persons.setdefault(first, speaker)

    def by_role(self, desc: str) -> Speaker | None:
        """A person introduced earlier whose role matches "the minister", "the spokesperson" ..."""
        words = [w for w in desc.lower().split() if w not in ("senior", "top", "chief", "deputy")]
        key = words[-1] if words else ""
        key = "spokes" if key.startswith("spokes") else key
        for speaker in reversed(self.speakers):
            role = (speaker.role or "").lower()
            if speaker.kind == "person" and key and key in role and all(w in role for w in words[:-1] if
                                                                      w != "the"):
                return speaker
        return None


class Attributor:
    """Assigns a speaker to every sentence of an article."""

    def __init__(self, gazetteer: Gazetteer | None = None, verbs: Verbs | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.verbs = verbs or default_verbs()

    def attribute(self, text: str, spans: list[Span], title: str | None = None) -> list[Speaker | None]:
        """Speakers for `spans` of `text`, in order (None where the author speaks)."""
        memory = Memory()
        speakers: list[Speaker | None] = []
        quote_open: list[bool] = []  # whether a quote is still open at the end of each sentence
        in_quote = False
        headline_attr: list[tuple[int, str]] = []
        for index, span in enumerate(spans):
            sentence = text[span.start:span.end]
            mask, in_quote_end = _quote_mask(sentence, in_quote)
            mentions = self.gazetteer.mentions(sentence)
            # a headline: the title, or a first line without a final stop
            headline = bool(title and sentence.strip() == title.strip()) or (
                index == 0 and not sentence.rstrip().endswith((".", "!", "?", "”", '"')))
            speaker = self._speaker(sentence, mentions, mask, memory, headline)
            if speaker is None and headline:
                attr = _headline_attribution(sentence)
                if attr:
                    speaker = self._resolve_phrase(attr, memory)
                    if speaker is None or speaker.kind == "person" and speaker.role == speaker.name:
                        headline_attr.append((index, attr))
            for m in mentions:
                if m.how in ("title", "appositive", "gazetteer") and m.speaker.kind == "person":
                    memory.learn(m.speaker)
            if speaker is not None:
                memory.learn(speaker)
                memory.last_speaker = speaker
                memory.speakers.append(speaker)
                if speaker.kind == "person":
                    memory.last_person = speaker
            speakers.append(speaker)
            quote_open.append(in_quote_end)
            in_quote = in_quote_end
        _fill_quote_runs(speakers, quote_open, [text[s.start:s.end] for s in spans])
        for index, attr in headline_attr:
            found = memory.by_role(attr)
            if found is not None:
                speakers[index] = found
        return speakers

    # -- one sentence --------------------------------------------------------
    def _speaker(self, sentence: str, mentions: list[Mention], mask: list[bool],
                 memory: Memory, headline: bool) -> Speaker | None:
        frames = self._frames(sentence, mentions, mask, headline)
        if not frames:
            return None
        ordered = sorted(frames, key=lambda f: (f.subject.media, f.at))
        chosen = ordered[0]
        if chosen.kind != "stance":
            holder = self._stance_holder(chosen, frames)
            if holder is not None:
                chosen = holder
        return self._resolve(chosen.subject, memory)

    def _stance_holder(self, messenger: Frame, frames: list[Frame]) -> Frame | None:
        """A different actor whose stance the messenger relays ("Hayashi said Blinken condemned ...")."""
        for frame in frames:
            if frame.kind != "stance" or frame.at <= messenger.at or frame.subject.how == "pronoun":
                continue
            subject, carrier = frame.subject.speaker, messenger.subject.speaker
            if subject.name == carrier.name or _GENERIC_GROUPS.match(subject.name):
                continue
            if frame.kind == "stance" and frame.verb == "quoted":
                return frame
            named_person = subject.kind == "person" and frame.subject.how in ("title", "appositive", "gazetteer")
            if named_person and subject.country != carrier.country:
                return frame
            if subject.kind == "group" and messenger.kind == "according":
                return frame
        return None

    def _frames(self, sentence: str, mentions: list[Mention], mask: list[bool], headline: bool) -> list[Frame]:
        frames: list[Frame] = []
        for m in _ACCORDING.finditer(sentence):
            subject = _mention_at(mentions, m.end(), sentence)
            if subject is not None and not mask[m.start()]:
                frames.append(Frame("according to", m.start(), subject, "according"))
        for m in _QUOTED_AS.finditer(sentence):
            inner = [x for x in mentions if m.start("who") <= x.start < m.end("who")]
            if inner and not mask[m.start()]:
                frames.append(Frame("quoted", m.start(), inner[0], "stance"))
        for m in self.verbs.pattern.finditer(sentence):
            # capitalised verbs only in headlines: elsewhere "States" is part of a name
            if mask[m.start()] or (m.group()[0].isupper() and not headline):
                continue
            verb = m.group()
            kind = "stance" if verb.lower() in self.verbs.stance else "speech"
            subject = self._subject_before(sentence, m.start(), mentions)
            if subject is None and verb.lower() in self.verbs.inverted:
                subject = _mention_at(mentions, m.end(), sentence)
            if subject is not None:
                frames.append(Frame(verb, m.start(), subject, kind))
        return frames

    def _subject_before(self, sentence: str, at: int, mentions: list[Mention]) -> Mention | None:
        before = [m for m in mentions if m.end <= at]
        for back in range(1, min(4, len(before)) + 1):
            m = before[-back]
            gap = sentence[m.end:at]
            paren = _PARENTHETICAL.match(gap)
            if paren:
                gap = gap[paren.end():]
            elif back > 1:
                continue
            if _GAP.match(gap):
                return _coordinated(m, before[:-back], sentence)
        # an unlisted name right before the verb: "Trump said", "Park added"
        caps = _CAPS_BEFORE.search(sentence[:at])
        if caps:
            words = caps.group(1).split()
            while words and words[0] in _NOT_SUBJECT:
                words.pop(0)
            if words and words[0] not in _NOT_SUBJECT and (caps.start(1) == 0 or sentence[caps.start(1) - 1] in " ,"):
                name = " ".join(words)
                start = at - len(sentence[:at]) + sentence[:at].rfind(name)
                return Mention(start, start + len(name), Speaker(name, "person"), "name")
        return None

    def _resolve(self, mention: Mention, memory: Memory) -> Speaker | None:
        speaker = mention.speaker
        if mention.how == "pronoun":
            if speaker.name in ("he", "she"):
                return memory.last_person or memory.last_speaker
            return memory.last_speaker
        if mention.how == "backref":
            for earlier in reversed(memory.speakers):
                if speaker.name == "it" and earlier.kind != "person":
                    return earlier
                if speaker.name in ("report", "statement") or speaker.name in earlier.name.lower():
                    return earlier
            return None if speaker.name == "it" else Speaker(speaker.name.capitalize(), "organization")
        if mention.how == "role" and mention.det == "the":
            found = memory.by_role(speaker.name)
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


def _coordinated(last: Mention, earlier: list[Mention], sentence: str) -> Mention:
    """Join "A, B and C" into one group mention when they share the verb."""
    members = [last]
    for m in reversed(earlier):
        gap = sentence[m.end:members[0].start]
        if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", gap):
            members.insert(0, m)
        else:
            break
    if len(members) == 1:
        return last
    names = [m.speaker.name for m in members]
    name = ", ".join(names[:-1]) + " and " + names[-1]
    return Mention(members[0].start, last.end, Speaker(name, "group", None, None), "group")


def _mention_at(mentions: list[Mention], at: int, sentence: str) -> Mention | None:
    """The mention that begins at `at` (after an optional "the"/"a")."""
    skip = re.match(r"(?:the\s+|a\s+|an\s+)?", sentence[at:])
    begin = at + (skip.end() if skip else 0)
    for m in mentions:
        if at <= m.start <= begin:
            return m
    return None


def _quote_mask(sentence: str, open_at_start: bool) -> tuple[list[bool], bool]:
    """Per character: inside a quotation? Also whether a quote is open at the end."""
    mask: list[bool] = []
    inside = open_at_start
    done = 0
    # quote marks are few: fill the stretches between them rather than testing every character
    for m in _QUOTE_MARK.finditer(sentence):
        i, ch = m.start(), m.group()
        mask += [inside] * (i - done)
        if ch == "“" or (ch == '"' and not inside):
            inside = True
            mask.append(True)
        else:
            mask.append(inside)
            inside = False
        done = i + 1
    mask += [inside] * (len(sentence) - done)
    mask.append(False)
    return mask, inside


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

