import pytest

from stance.corpus import parse_labelled, read_labelled
from stance.event_eval import score_events
from stance.events import extract_events, find_mentions
from stance.records import Analysis, Sentence


def _sentences(*texts: str) -> tuple[str, list[Sentence]]:
    text, out = "", []
    for t in texts:
        start = len(text)
        text += t + " "
        out.append(Sentence(text=t, start=start, end=start + len(t)))
    return text.strip(), out


def _gold(article_id: str):
    return next(a for a in read_labelled(["seeds/gold-seeds.jsonl"]) if a.id == article_id)


def test_events_seed_001_launch_has_range_and_apogee_with_their_source() -> None:
    article = _gold("seed-01")
    sentences = [Sentence(text=s.text, start=s.start, end=s.end, speaker=s.speaker) for s in article.sentences]
    events, links = extract_events(article.text, sentences, article.published, article.title)
    launch = events[0]
    assert launch.type == "missile_launch" and links[0] == launch.id
    assert (launch.range_km, launch.apogee_km) == (4600, 1000)
    sources = {c.field: c for c in launch.claims if c.field in ("range_km", "apogee_km")}
    assert sources["range_km"].sentence == sources["apogee_km"].sentence == 7
    assert "4,600" in sources["range_km"].text and sources["range_km"].speaker == "Japanese military"
    assert "first figure, sentence 7" in launch.why["range_km"]


def test_events_launch_facts_and_reactions_link_to_it() -> None:
    text, sentences = _sentences(
        "North Korea fired two short-range ballistic missiles from the Sunan area on Tuesday.",
        "The missiles flew about 350 km and reached an altitude of 50 km before falling into the East Sea.",
        "Japan condemned the launch as a clear violation of UN resolutions.",
        "Analysts note that sanctions have failed for years.")
    events, links = extract_events(text, sentences, "2022-10-05")
    (launch,) = events
    assert links[:3] == [launch.id] * 3 and links[3] is None
    assert (launch.date, launch.count, launch.range_km, launch.apogee_km) == ("2022-10-04", 2, 350, 50)
    assert launch.missile == "short-range ballistic missiles" and launch.origin == "Sunan area"
    assert "East Sea" in launch.landing


def test_events_call_and_its_agreements_link_to_the_call() -> None:
    text, sentences = _sentences(
        "North Korea launched an intercontinental ballistic missile on Friday.",
        "Later, Prime Minister Kishida held a phone call with President Biden.",
        "The two leaders agreed to strengthen deterrence.",
        "After the call, Kishida told reporters he had strongly condemned the launch.")
    events, links = extract_events(text, sentences, "2023-03-18")
    types = {e.id: e.type for e in events}
    assert [types.get(link) for link in links] == ["missile_launch", "diplomatic_meeting", "diplomatic_meeting",
                                                   "missile_launch"]


def test_events_earlier_launch_is_a_separate_event() -> None:
    text, sentences = _sentences(
        "North Korea fired a ballistic missile on Thursday.",
        "Its previous launch came on March 10, when it fired several ballistic missiles.")
    events, links = extract_events(text, sentences, "2025-05-08")
    assert len(events) == 2 and links[0] != links[1]
    assert [e.date for e in events] == ["2025-05-08", "2025-03-10"]
    assert events[1].count is None  # "several"


def test_events_conflicting_counts_are_null_with_every_claim_kept() -> None:
    text, sentences = _sentences("North Korea fired two ballistic missiles on Monday.",
                                 "Japan said the North fired three ballistic missiles.")
    (launch,), _ = extract_events(text, sentences, "2022-10-04")
    assert launch.count is None and {c.value for c in launch.claims if c.field == "count"} == {2, 3}
    assert launch.why["count"].startswith("null")


@pytest.mark.parametrize(
    "text",
    ["Officials met to discuss the weather.", "The parade was held on February 30.", "", "   ",
     "The missile could reach 25,000 km.", "The missile flew 300-400 km.",
     "Seoul urged all sides to exercise restraint."],
)
def test_events_bad_input_gives_null_facts_or_no_event(text: str) -> None:
    sentences = [Sentence(text=text, start=0, end=len(text))] if text.strip() else []
    events, links = extract_events(text, sentences, "2022-02-28")
    assert len(links) == len(sentences)
    for event in events:
        assert event.range_km is None and event.date is None


def test_events_article_without_events() -> None:
    text, sentences = _sentences("The weather in Tokyo was mild.", "Markets rose on Tuesday.")
    assert extract_events(text, sentences, None) == ([], [None, None])


def test_events_mentions_skip_non_launch_uses() -> None:
    assert find_mentions("The allies agreed to launch a response at the United Nations.") == []
    assert find_mentions("They put China's resolve to the test.") == []
    assert [m.type for m in find_mentions("South Korea held a live-fire ballistic missile drill.")] == [
        "military_exercise"]


def test_events_output_loads_back_as_annotation() -> None:
    article = _gold("seed-02")
    sentences = [Sentence(text=s.text, start=s.start, end=s.end, speaker=s.speaker) for s in article.sentences]
    events, links = extract_events(article.text, sentences, article.published, article.title)
    for sentence, link in zip(sentences, links, strict=True):
        sentence.event = link
    record = Analysis(article.id, article.title, article.published, article.text, sentences, events).to_dict()
    assert all("claims" in e for e in record["events"] if e["type"] == "missile_launch")
    loaded = parse_labelled(record, "roundtrip")
    assert [e.id for e in loaded.events] == [e.id for e in events]


def test_events_evaluation_on_gold_check_set() -> None:
    articles = read_labelled(["seeds/gold-seeds.jsonl", "seeds/gold-news.jsonl"])
    analyses = []
    for a in articles:
        sentences = [Sentence(text=s.text, start=s.start, end=s.end, speaker=s.speaker) for s in a.sentences]
        events, links = extract_events(a.text, sentences, a.published, a.title)
        for sentence, link in zip(sentences, links, strict=True):
            sentence.event = link
        analyses.append(Analysis(a.id, a.title, a.published, a.text, sentences, events))
    report = score_events(articles, analyses)
    assert report.links == sum(len(a.sentences) for a in articles)
    assert report.fact_accuracy >= 0.7 and report.link_accuracy >= 0.7


def _link_types(published: str, *texts: str) -> list[str]:
    """Per sentence: "main", "other launch", "meeting", ... or "-" for no event (tests read the story, not ids)."""
    text, sentences = _sentences(*texts)
    events, links = extract_events(text, sentences, published)
    main = links[0]
    kinds = {e.id: e.type for e in events}
    return ["-" if link is None else "main" if link == main else kinds[link] for link in links]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # an earlier launch is recalled, then the story's reactions resume
        (("North Korea fired a cruise missile on Friday.",
          "It came two weeks after the North launched a rocket last month that exploded after liftoff.",
          "The foreign minister said the launch was deplorable.",
          "He ordered officials to gather information."),
         ["main", "missile_launch", "main", "main"]),
        # flight details in the author's voice still describe the earlier launch
        (("North Korea fired a ballistic missile on Monday.",
          "The North had fired three rockets last week.",
          "All of them flew about 200 km.",
          "Tokyo lodged a protest."),
         ["main", "missile_launch", "missile_launch", "main"]),
        # comparisons and reported tense are not earlier launches
        (("North Korea launched an ICBM on Sunday.",
          "It was the first ICBM launch since March last year.",
          "The minister said the missile flew higher than any previous missile."),
         ["main", "main", "main"]),
        (("Pyongyang said on Thursday it had tested a new tactical missile.",
          "The state media said the test was a success."),
         ["main", "main"]),
        # "first launch since <one earlier launch>" tells of that launch; the story resumes after it
        (("North Korea fired an ICBM on Wednesday.",
          "It was the North's first ICBM launch since Feb. 18, when a Hwasong-15 came down in the sea.",
          "The missile flew for 74 minutes, the ministry said."),
         ["main", "missile_launch", "main"]),
        (("North Korea fired an ICBM on Wednesday.",
          "The launch was the North's second ICBM test this month, following one on July 4.",
          "Tokyo lodged a protest."),
         ["main", "missile_launch", "main"]),
        # ... but a bare date, several launches or "the first time since" keep the story's launch
        (("North Korea fired an ICBM on Wednesday.",
          "It was the North's first ICBM launch since April."),
         ["main", "main"]),
        (("North Korea fired a ballistic missile on Wednesday.",
          "The launch was the North's third in a week, following tests of a cruise missile and a rocket."),
         ["main", "main"]),
        (("North Korea fired a ballistic missile on Wednesday.",
          "It was the first time since 2009, when the North launched a rocket, that a missile crossed Japan."),
         ["main", "main"]),
    ],
)
def test_events_links_return_to_the_story_after_an_earlier_launch(texts: tuple[str, ...],
                                                                   expected: list[str]) -> None:
    assert _link_types("2024-06-07", *texts) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # "the launch came after ...": the sentence tells of the happening the story is set against
        (("North Korea fired two ballistic missiles on Tuesday.",
          "The launch came a day after the defense chiefs of the two allies met in Seoul.",
          "The foreign ministry condemned the launch."),
         ["main", "diplomatic_meeting", "main"]),
        (("North Korea fired a cruise missile on Tuesday.",
          "It came days after the North launched a ballistic missile into the sea.",
          "Officials said the cruise missile flew 300 km."),
         ["main", "missile_launch", "main"]),
        # a meeting as the setting of a reaction ("Before the call, ... told reporters"): the launch
        (("North Korea fired an ICBM on Friday.",
          "Before the call, the prime minister told reporters that further sanctions were needed."),
         ["main", "main"]),
        (("North Korea fired an ICBM on Friday.",
          "It also came days after the two leaders held talks in Tokyo."),
         ["main", "diplomatic_meeting"]),
        # a condemnation voiced in talks is the launch's; what the talks agreed is the talks'
        (("North Korea fired an ICBM on Friday.",
          "The top envoys of the three countries held a phone conversation and condemned the launch.",
          "They agreed to keep working closely together."),
         ["main", "main", "diplomatic_meeting"]),
        (("North Korea fired an ICBM on Friday.",
          "The defense chiefs of the three countries held talks in Hawaii on Monday.",
          "They reaffirmed that the launch violated U.N. resolutions.",
          "They also agreed to step up coordination."),
         ["main", "diplomatic_meeting", "main", "diplomatic_meeting"]),
        # "the launch came after" a happening that is no launch, test, meeting or drill: its own `other` event
        (("North Korea fired two ballistic missiles on Tuesday.",
          "The launch came a day after the North flew some 260 balloons carrying trash across the border.",
          "The foreign ministry condemned the launch."),
         ["main", "other", "main"]),
        (("North Korea fired two ballistic missiles on Tuesday.",
          "They came days after Kim visited a uranium enrichment facility.",
          "Tokyo lodged a protest."),
         ["main", "other", "main"]),
        (("North Korea fired two ballistic missiles on Tuesday.",
          "The launches came three days before the anniversary of the armistice."),
         ["main", "main"]),
        # a warning told with an earlier time is its own happening; one without stays with the story
        (("North Korea fired an ICBM on Friday.",
          "North Korea's foreign ministry warned earlier this month that it could resume its nuclear program.",
          "Tokyo lodged a protest."),
         ["main", "other", "main"]),
        (("North Korea fired an ICBM on Friday.",
          "Earlier this week, North Korea's Defense Ministry had threatened to shoot down U.S. spy planes."),
         ["main", "other"]),
        (("North Korea fired an ICBM on Friday.",
          "Kim Yo Jong warned that Washington would pay a price."),
         ["main", "main"]),
        (("North Korea fired an ICBM on Friday.",
          "Yoon said Seoul would restore an intelligence pact it had threatened to scrap last month."),
         ["main", "main"]),
        # the allies firing in answer hold a drill, not a launch; the reactions after it are the launch's
        (("North Korea fired an IRBM over Japan on Tuesday.",
          "Hours later, U.S. and South Korean forces fired surface-to-surface missiles into the sea.",
          "Tokyo lodged a protest."),
         ["main", "military_exercise", "main"]),
        (("North Korea fired an IRBM over Japan on Tuesday.",
          "South Korea's military responded by firing a barrage of missiles into the sea."),
         ["main", "military_exercise"]),
        (("North Korea fired an IRBM over Japan on Tuesday.",
          "South Korea's Joint Chiefs of Staff said the North fired the missile from Jagang."),
         ["main", "main"]),
        (("North Korea fired an IRBM over Japan on Tuesday.",
          "North Korea turned up the pressure on the United States by firing the missile.",
          "South Korean President Moon described the firing as a protest."),
         ["main", "main", "main"]),
        # a system or team switched on is its own `other` happening; one planned or agreed on is not
        (("North Korea fired an ICBM on Monday.",
          "After the launch, the US and its allies switched on a trilateral system for sharing missile warning data.",
          "Tokyo lodged a protest."),
         ["main", "other", "main"]),
        (("North Korea fired an ICBM on Monday.",
          "Japan and South Korea have begun sharing North Korean missile warning data in real time.",
          "Under the new system, radar data is relayed through U.S. Indo-Pacific Command."),
         ["main", "other", "other"]),
        (("North Korea fired an ICBM on Monday.",
          "The three countries have said they will begin sharing missile warning data in real time in December."),
         ["main", "main"]),
        (("North Korea fired an ICBM on Monday.",
          "The North's launch system was moved to the coast before the missile was fired."),
         ["main", "main"]),
        # a call goes on while its participants speak or its outcome is told; other reactions are the launch's
        (("North Korea fired an ICBM on Friday.",
          "Later, Foreign Minister Tanaka held a phone call with Secretary Brown.",
          "Brown stressed that the alliance stood firm.",
          "The two ministers agreed to work together at the United Nations.",
          "The defense minister told reporters there was no damage."),
         ["main", "diplomatic_meeting", "diplomatic_meeting", "diplomatic_meeting", "main"]),
    ],
)
def test_events_links_of_backdrop_and_meeting_sentences(texts: tuple[str, ...], expected: list[str]) -> None:
    from stance.records import Speaker

    text, sentences = _sentences(*texts)
    for sentence in sentences:
        if sentence.text.startswith(("Brown", "The defense minister")):
            name = "Brown" if sentence.text.startswith("Brown") else "the defense minister"
            sentence.speaker = Speaker(name=name, kind="person")
    events, links = extract_events(text, sentences, "2024-06-07")
    kinds = {e.id: e.type for e in events}
    assert ["-" if link is None else "main" if link == links[0] else kinds[link] for link in links] == expected


@pytest.mark.parametrize(
    ("texts", "published", "dates"),
    [
        # the day of a reaction or a naming is not the launch's day
        (("The government on Thursday lodged a protest over the launch of a ballistic missile.",
          "The missile was fired at 6:10 a.m. Wednesday and fell into the sea."), "2024-05-09", ["2024-05-08"]),
        (("The North's new ICBM, which it named the Hwasong-30 on Friday, was larger than earlier models.",
          "State media said the missile, launched on Thursday, flew 1,000 km."), "2024-05-10", ["2024-05-09"]),
        # a launch on another day is another launch; the same launch told again joins the story's
        (("North Korea fired two cruise missiles on Monday.",
          "The North also fired a ballistic missile on April 2 that exploded after liftoff."), "2024-04-22",
         ["2024-04-22", "2024-04-02"]),
        # the day the lead names, when no clause dates the launch itself
        (("A North Korean ICBM fell into the sea off Hokkaido on Saturday morning, alarming fishermen.",), "2024-05-11",
         ["2024-05-11"]),
        # the earlier launch a comparison names has its own day
        (("North Korea fired a ballistic missile on Thursday.",
          "It was the North's first ballistic missile launch since June 5, when it fired eight SRBMs."), "2022-10-06",
         ["2022-10-06", "2022-06-05"]),
        # "came a day after the North fired ...": the earlier launch's day counts back from the story's
        (("North Korea fired a ballistic missile on Thursday.",
          "The launch came a day after the North fired more than 20 missiles."), "2022-11-03",
         ["2022-11-03", "2022-11-02"]),
        (("North Korea fired a ballistic missile on Thursday.",
          "The launch came less than two weeks after the North fired a submarine-launched missile."), "2022-11-03",
         ["2022-11-03", None]),
        # another time zone in brackets is not the local day
        (("The missile was fired at 7:06 a.m. (2206 GMT Wednesday) on Thursday.",), "2024-05-09", ["2024-05-09"]),
    ],
)
def test_events_launch_dates(texts: tuple[str, ...], published: str, dates: list[str]) -> None:
    text, sentences = _sentences(*texts)
    events, _ = extract_events(text, sentences, published)
    assert [e.date for e in events if e.type == "missile_launch"] == dates


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("North Korea fired at least 17 missiles on Monday, the most since the war ended.", 17),
        ("North Korea fired two missiles on Monday, bringing its launches this year to 30.", 2),
    ],
)
def test_events_count_beside_a_tally_elsewhere_in_the_sentence(sentence: str, count: int) -> None:
    text, sentences = _sentences(sentence)
    (launch,), _ = extract_events(text, sentences, "2024-05-06")
    assert launch.count == count


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # a story on the North naming no launch, test, meeting or drill is about an `other` happening
        (("Kim's sister warns U.S. spy planes over East Sea",
          "Kim Yo Jong said the aircraft had intruded into the North's airspace.",
          "The Pentagon did not respond."),
         [("other", [0, 1, 2])]),
        # not a story on the North: nothing to link
        (("The weather in Tokyo was mild.", "Markets rose on Tuesday."), []),
        # "one more missile test" is this story's launch, not launches at large
        (("Officials confirmed that North Korea conducted one more missile test on Friday.",),
         [("missile_launch", [0])]),
    ],
)
def test_events_story_events(texts: tuple[str, ...], expected: list[tuple[str, list[int]]]) -> None:
    text, sentences = _sentences(*texts)
    events, links = extract_events(text, sentences, "2024-06-07")
    assert [(e.type, [i for i, link in enumerate(links) if link == e.id]) for e in events] == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # the story's opening, before its happening is named, belongs to the first happening named
        (("Russia vetoes renewal of UN panel",
          "Russia on Thursday blocked the resolution.",
          "The vote was 13 in favor.",
          "Ambassadors met in New York for the session."),
         [("diplomatic_meeting", [0, 1, 2, 3])]),
        # a place-and-date line is not part of the story
        (("North Korea fired an ICBM on Friday.", "New York, 21 November 2022", "The missile flew 1,000 km."),
         [("missile_launch", [0, 2])]),
        # "earlier in the day" is the story's day: the same launch
        (("North Korea fired a ballistic missile on Wednesday.",
          "Earlier in the day, the military said North Korea had fired several projectiles."),
         [("missile_launch", [0, 1])]),
        # two leaders who agreed after the launch tell of their talks
        (("North Korea fired an ICBM on Wednesday.",
          "Following the launch, Prime Minister Abe and President Trump agreed to work closely together."),
         [("missile_launch", [0]), ("diplomatic_meeting", [1])]),
        (("Following North Korea's missile launch on Wednesday, Abe and Trump agreed to work closely.",),
         [("diplomatic_meeting", [0])]),
        # a launch verb whose object is talks is not a launch
        (("Officials of the three nations conducted a phone consultation regarding the recent missile launch.",),
         [("diplomatic_meeting", [0])]),
        # a meeting asked for is a reaction to the launch, not yet a meeting
        (("North Korea fired an ICBM on Monday.", "Japan requested an emergency meeting of the Security Council."),
         [("missile_launch", [0, 1])]),
        # "dialogue and consultation", "in close consultation with allies": ways of working, not meetings
        (("North Korea fired an ICBM on Monday.",
          "China urged a settlement reached through dialogue and consultation.",
          "The command said it stayed in close consultation with allies."),
         [("missile_launch", [0, 1, 2])]),
        # "this meeting" is the story's meeting even when another clause names an earlier visit
        (("The defense ministers will meet in Yokosuka on January 30.",
          "North Korea fired two ballistic missiles on Tuesday.",
          "This meeting builds on recent diplomacy, including the president's visit to Japan earlier this month."),
         [("diplomatic_meeting", [0, 2]), ("missile_launch", [1])]),
        # history and trends are background, not the story's launch
        (("North Korea fired an ICBM on Monday.",
          "Over recent months North Korea has stepped up its weapons testing.",
          "North Korea has previously responded to joint exercises with launches.",
          "The missile flew 1,000 km."),
         [("missile_launch", [0, 3])]),
        # a day belongs to the mention nearest it, not to the story's launch told earlier in the sentence
        (("North Korea fired a missile on Tuesday.",
          "He pointed out that the North fired its latest missile after members of the UN Security Council had "
          "met to discuss how to respond to the missile it launched on January 5, NHK reported."),
         [("missile_launch", [0, 1])]),
        # a meeting convened after a launch: the launch, told in passing, still gets its day and count
        (("Speaking at a UN Security Council meeting on Thursday, October 6, the ambassador opposed sanctions.",
          "The meeting had been convened after a North Korean missile flew over Japan on Tuesday, October 4.",
          "The launch came in response to a joint military drill."),
         [("diplomatic_meeting", [0, 1]), ("missile_launch", [2])]),
        # calls to engage in talks are not meetings
        (("North Korea fired an ICBM on Monday.", "Miller called on the North to engage in talks."),
         [("missile_launch", [0, 1])]),
    ],
)
def test_events_story_structure(texts: tuple[str, ...], expected: list[tuple[str, list[int]]]) -> None:
    text, sentences = _sentences(*texts)
    events, links = extract_events(text, sentences, "2024-06-07")
    assert [(e.type, [i for i, link in enumerate(links) if link == e.id]) for e in events] == expected


def test_events_launch_told_in_passing_by_a_meeting_sentence_keeps_its_facts() -> None:
    text, sentences = _sentences(
        "Speaking at a UN Security Council meeting on Thursday, October 6, the ambassador opposed sanctions.",
        "The meeting had been convened after a North Korean missile flew over Japan on Tuesday, October 4.",
        "The launch came in response to a joint military drill.")
    events, _ = extract_events(text, sentences, "2022-10-08")
    launch = next(e for e in events if e.type == "missile_launch")
    assert (launch.date, launch.count) == ("2022-10-04", 1)


@pytest.mark.parametrize(
    ("sentence", "published", "date"),
    [
        ("On Tuesday, North Korea confirmed a test launch the previous day of a solid-fuel ICBM.", "2023-12-19",
         "2023-12-18"),
        ("North Korea said Monday it had test-fired a Hwasong-12 missile the previous day.", "2022-01-31",
         "2022-01-30"),
    ],
)
def test_events_the_previous_day_counts_from_the_report(sentence: str, published: str, date: str) -> None:
    text, sentences = _sentences(sentence)
    events, links = extract_events(text, sentences, published)
    assert [(e.type, e.date) for e in events] == [("missile_launch", date)] and links == ["e1"]


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        # two parties who agree after a launch tell of their talks, headline style ("X, Y agree")
        ("Yoon, Kishida agree to restart shuttle diplomacy hours after N. Korea ICBM launch", "diplomatic_meeting"),
        ("Abe and Trump agreed to step up pressure after North Korea's missile launch", "diplomatic_meeting"),
        # ... not when they condemn the launch, nor when no one agrees
        ("Yoon, Kishida agree to condemn North Korea after ICBM launch", "missile_launch"),
        ("Japan, U.S. to closely work with Seoul after N. Korea missile launch", "missile_launch"),
    ],
)
def test_events_headline_agreement_after_a_launch_is_a_meeting(headline: str, kind: str) -> None:
    text, sentences = _sentences(headline, "North Korea fired an ICBM into the sea on Thursday.")
    events, links = extract_events(text, sentences, "2023-03-16", headline)
    assert {e.id: e.type for e in events}[links[0]] == kind
