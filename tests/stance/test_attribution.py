import pytest

from stance.attribution import Attributor
from stance.segment import segment


def _speakers(text: str, title: str | None = None) -> list[str | None]:
    spans = segment(text)
    return [s.name if s else None for s in Attributor().attribute(text, spans, title)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japanese Prime Minister Fumio Kishida said the launch was unacceptable.", ["Fumio Kishida"]),
        ("The launch was unacceptable, Chief Cabinet Secretary Hirokazu Matsuno said.", ["Hirokazu Matsuno"]),
        ("Foreign Minister Jane Doe condemned the test. She added that talks would continue.",
         ["Jane Doe", "Jane Doe"]),
        ("Canada's Defence Department said it was monitoring the launch.", ["Defence Department"]),
        ("The launch took place on Tuesday, according to Seoul.", ["South Korea"]),
        ("Tokyo lodged a protest through diplomatic channels.", ["Japan"]),
        ("Analysts said the missile could reach Guam.", ["Analysts"]),
        ("North Korea fired a missile into the sea.", [None]),
        ("Defense Minister Yasukazu Hamada said it fell at sea. Hamada said no damage was reported.",
         ["Yasukazu Hamada", "Yasukazu Hamada"]),
        ("Prime Minister Fumio Kishida told reporters it fell. The prime minister said Japan was safe.",
         ["Fumio Kishida", "Fumio Kishida"]),
        ("The Kremlin called for calm.", ["Kremlin"]),
        ("North Korea Fires Missile Over Japan - Defense Minister\nDefense Minister Taro Kono said it flew 900 km.",
         ["Taro Kono", "Taro Kono"]),
        ("The United States, South Korea and Japan condemned the test.", ["United States, South Korea and Japan"]),
        ("Richard Haass, president of the Council on Foreign Relations, said the test was a challenge.",
         ["Richard Haass"]),
    ],
)
def test_attribution_finds_speaker(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


def test_attribution_ignores_verbs_inside_quotes() -> None:
    text = "“We condemn this,” Peskov said."
    assert _speakers(text) == ["Peskov"]


def test_attribution_quote_spanning_sentences_takes_quote_speaker() -> None:
    text = "“The launch is reckless. It threatens peace,” NSC Spokesperson Adrienne Watson said."
    assert _speakers(text) == ["Adrienne Watson", "Adrienne Watson"]


def test_attribution_speaker_records_country_and_role() -> None:
    text = "South Korean President Yoon Suk Yeol vowed a stern response."
    (speaker,) = Attributor().attribute(text, segment(text))
    assert speaker is not None
    assert (speaker.kind, speaker.role, speaker.country) == ("person", "President", "South Korea")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plural back-references resolve to the persons just named together
        ("Prime Minister Anna Berg spoke by phone with President Tom Reyes, and the two leaders agreed to meet.",
         ["Anna Berg and Tom Reyes"]),
        ("Prime Minister Anna Berg met President Tom Reyes on Monday. The leaders condemned the test.",
         [None, "Anna Berg and Tom Reyes"]),
        ("Prime Minister Anna Berg met President Tom Reyes. They agreed to share radar data.",
         [None, "Anna Berg and Tom Reyes"]),
        # a count that does not fit the persons found keeps the description as written
        ("Prime Minister Anna Berg met President Tom Reyes. The five leaders condemned the test.",
         [None, "five leaders"]),
        # "A and B later spoke and agreed": the clause's subject carries to the coordinated verb
        ("Prime Minister Anna Berg and President Tom Reyes met. Berg and Reyes later spoke by phone and agreed to "
         "keep up pressure.", [None, "Anna Berg and Tom Reyes"]),
        ("The Defense Ministry issued a warning and said no ships were hit.", ["Defense Ministry"]),
    ],
)
def test_attribution_joint_speakers(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stance relayed by a messenger belongs to its holder
        ("President Tom Reyes called Prime Minister Anna Berg. Berg said Reyes had told her the pact was firm.",
         ["Tom Reyes", "Tom Reyes"]),
        ("Military officials said the two defense ministers agreed to hold drills.", ["two defense ministers"]),
        ("Foreign Minister Jane Doe said she spoke with President John Roe, who condemned the test.",
         ["John Roe"]),
        # ... but not an expectation, nor the messenger's own side
        ("A ministry official said the envoys would reaffirm their coordination.", ["ministry official"]),
        ("Foreign Minister Jane Doe said she and John Roe agreed to cooperate.", ["Jane Doe"]),
        ("Nobody disputed the figures, the agency reported, citing Reuters.", ["Agency"]),
    ],
)
def test_attribution_messenger_and_stance_holder(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an aside or relative clause between the subject and its verb
        ("Jane Doe, a close ally of President John Roe, warned of a firm response.", ["Jane Doe"]),
        ("Senator Jane Doe, in a statement on Sunday, charged that the test was illegal.", ["Jane Doe"]),
        ("South Korea, which does not sit on the council, said it backed the measures.", ["South Korea"]),
        # "X of Y", "X in Y": the head of the phrase speaks
        ("Priya Raman of India said the test was reckless.", ["Priya Raman"]),
        ("Analysts in Tokyo said the test changed little.", ["Analysts"]),
        ("The Joint Chiefs of Staff in Seoul said the missile flew 600 km.", ["Joint Chiefs of Staff"]),
        # unnamed speakers are named by their description
        ("The drills will go on, a Navy official said.", ["Navy official"]),
        ("A defense official, speaking on condition of anonymity, said the flight was tracked.",
         ["defense official"]),
        ("“It came down near us,” said a local fisherman in the port.", ["local fisherman"]),
        # a government speaks for its country
        ("The Japanese government lodged a protest.", ["Japan"]),
        # passives: the agent speaks; without one nobody does
        ("The launch has been condemned by the Secretary-General.", ["Secretary-General"]),
        ("The statement was issued hours after the launch.", [None]),
        # headline labels and datelines are not speakers
        ("Analysis: Allies weigh their answer to the launch", [None]),
        ("Priya Raman of India said on Friday the test was reckless.", ["Priya Raman"]),
    ],
)
def test_attribution_subject_phrases(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


def test_attribution_transcript_sentences_belong_to_the_speaker() -> None:
    title = "Remarks by the Foreign Minister on the Launch"
    text = f"{title}\nA short time ago, a missile was fired. We condemn this act. It is a grave violation."
    assert _speakers(text, title) == [None, None, "Foreign Minister", "Foreign Minister"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dateline names a place and a source, not the speaker
        ("OSLO, May 2 (Reuters) - Norway condemned the launch.", ["Norway"]),
        # "the coast guard" refers back to the body named earlier
        ("The Japan Coast Guard said ships were safe. The coast guard said it would keep watch.",
         ["Japan Coast Guard", "Japan Coast Guard"]),
        ("In Akita, the prefectural government said no boats were hit.", ["Prefectural government"]),
        # the role first, the name in commas
        ("The bloc's foreign policy chief, Jane Doe, said the test was a grave breach.", ["Jane Doe"]),
        # a relative clause with its own commas
        ("Jane Doe, who met the leaders of Peru, Chile and Spain on Monday, said the talks went well.", ["Jane Doe"]),
        # an unlisted name after an inverted verb, and the quote before it
        ("“It is a bigger missile. Bigger is not better,” said Lars Holm, a researcher at a Oslo institute.",
         ["Lars Holm", "Lars Holm"]),
        # Korean family names come first
        ("Foreign Minister Cho Min-ho spoke with reporters. Cho said the launch was a provocation.",
         [None, "Cho Min-ho"]),
        # "the three" after a group that spoke
        ("The envoys of Peru, Chile and Spain held talks and strongly condemned the launch. The three agreed to meet.",
         ["envoys", "envoys"]),
        ("A spokesperson for the ministry said the drills were routine.", ["spokesperson"]),
        ("President Tom Reyes visited the base. The agency quoted Reyes as ordering more drills.",
         [None, "Tom Reyes"]),
    ],
)
def test_attribution_more_subject_phrases(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # past a possessor or a country adjective to the body itself
        ("According to Tokyo's Kyodo news agency, the navy said the test was routine.", ["Navy"]),
        ("The strike was planned, according to the U.S. Indo-Pacific Command.", ["U.S. Indo-Pacific Command"]),
        # a coordinated list keeps "the" inside; a country's other proper name is kept as written
        ("The United States, Japan and the Republic of Korea vowed strong countermeasures.",
         ["United States, Japan and Republic of Korea"]),
        ("Britain, France and Germany said the launches were provocative.", ["Britain, France and Germany"]),
        ("The United Kingdom condemned the launch. Britain said it was illegal.", ["United Kingdom", "United Kingdom"]),
        ("Albania and Ireland issued a joint statement condemning the launch.", ["Albania and Ireland"]),
        # stance predicates and "quick to" phrasing
        ("Tokyo is in close coordination with Washington.", ["Japan"]),
        ("France and Germany were quick to condemn the launch.", ["France and Germany"]),
        # reactions credited with "from"
        ("The test drew condemnation from France and Germany.", ["France and Germany"]),
        # passives with an adverb
        ("The launch has been strongly condemned by the Secretary-General.", ["Secretary-General"]),
        # sentence-opening function words are not names
        ("As fears grew, the foreign ministry said it was concerned.", ["Foreign ministry"]),
        # a name after "according to" that no list knows
        ("The launch was a milestone, according to Lars Holm of the Oslo Institute.", ["Lars Holm"]),
    ],
)
def test_attribution_sources_and_predicates(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


def test_attribution_role_refers_back_by_country() -> None:
    text = "France's top negotiator, Marie Roux, said sanctions had failed. The French diplomat stressed the risks."
    assert _speakers(text) == ["Marie Roux", "Marie Roux"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # headlines report in the present tense
        ("Norway lodges protest over missile launch", ["Norway"]),
        ("Seoul plays down the weapon test", ["South Korea"]),
        # the headline of an analysis piece is the author's voice
        ("Analysis: Allies play down the new missiles", [None]),
    ],
)
def test_attribution_headline_verbs(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body is named as the article names it: by its abbreviation when never spelled out ...
        ("KCNA said the test was a success.", ["KCNA"]),
        ("The Korean Central News Agency (KCNA) said the test was a success. KCNA said it flew far.",
         ["Korean Central News Agency", "Korean Central News Agency"]),
        ("The U.N. Security Council condemned the launch.", ["U.N. Security Council"]),
        # ... and a country too, but a capital still names its country
        ("Washington condemned the launch, and the US imposed sanctions.", ["US"]),
        ("Washington condemned the launch.", ["United States"]),
        ("Seoul, Tokyo and Washington condemned the launch, the US said.", ["South Korea, Japan and US"]),
        # a longer listed name wins over an alias with "the" that starts inside it
        ("The strike was planned, according to the U.S. Indo-Pacific Command.", ["U.S. Indo-Pacific Command"]),
    ],
)
def test_attribution_names_bodies_as_the_article_does(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a country's official by role, named further down
        ("Canada's foreign minister warned of a firm response. He called the test reckless. "
         "Canadian Foreign Minister Anne Roy spoke later.", ["Anne Roy", "Anne Roy", None]),
        ("Canada's defence minister warned of a firm response. Defence Minister Anne Roy spoke later.",
         ["Anne Roy", None]),
        # never named: the role as written
        ("Canada's foreign minister warned of a firm response.", ["foreign minister"]),
        # an indefinite description is not someone named later
        ("A Canadian minister warned of a firm response. Canadian Foreign Minister Anne Roy spoke later.",
         ["Canadian minister", None]),
    ],
)
def test_attribution_role_named_later(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


def _records(text: str, title: str | None = None) -> list[tuple[str, str, str | None] | None]:
    spans = segment(text)
    return [(s.name, s.kind, s.country) if s else None for s in Attributor().attribute(text, spans, title)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Japan's Chief Cabinet Secretary is the government's spokesman
        ("Chief Cabinet Secretary Hirokazu Matsuno said the launch was regrettable. "
         "The spokesman added that Japan would respond firmly.",
         [("Hirokazu Matsuno", "person", None), ("Hirokazu Matsuno", "person", None)]),
        # not a person named further on in the same sentence
        ("Japan will protect its people, the Cabinet spokesman stressed, after Chief Cabinet Secretary "
         "Yoshimasa Hayashi spoke.", [("Cabinet spokesman", "person", None)]),
        ("Chief Cabinet Secretary Yoshimasa Hayashi met reporters. Japan will protect its people, "
         "the Cabinet spokesman stressed.", [None, ("Yoshimasa Hayashi", "person", None)]),
        # a person only mentioned so far may be who "the minister" is
        ("Kishida met Japanese Foreign Minister Taro Kono on Monday. The minister said the test was reckless.",
         [None, ("Taro Kono", "person", "Japan")]),
        # a role with a qualifier the earlier title lacks stays unresolved
        ("Chief Cabinet Secretary Yoshimasa Hayashi met reporters. The Pentagon spokesman said it was reckless.",
         [None, ("Pentagon spokesman", "person", None)]),
    ],
)
def test_attribution_roles_held_under_another_title(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the allies" / "the two sides": the countries last named together, speaking or not
        ("The drills began a day after Seoul and Washington started talks. The allies say the drills are defensive.",
         [None, ("South Korea and United States", "group", None)]),
        # ... or the countries of the persons last named together
        ("U.S. President Joe Biden and South Korean President Yoon Suk Yeol set up the group in April. "
         "The two sides said they would strengthen deterrence.",
         [None, ("U.S. and South Korea", "group", None)]),
        # a count that does not fit keeps the description as written
        ("The drills began after Seoul and Washington started talks. The three allies say the drills are defensive.",
         [None, ("three allies", "group", None)]),
        # a lone country is not a pair
        ("Japan's Defense Ministry said it tracked the missile. The allies say the drills are defensive.",
         [("Defense Ministry", "organization", "Japan"), ("allies", "group", None)]),
    ],
)
def test_attribution_allies_are_the_countries_named_together(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body prefixed by its country's bare name
        ("The South Korea foreign ministry said Seoul would keep working with allies.",
         [("Foreign ministry", "organization", "South Korea")]),
        ("The Japan defense ministry said it would respond.", [("Defense ministry", "organization", "Japan")]),
        # a statement released, past an aside, is its body's position
        ("South Korea's Unification Ministry, which handles inter-Korean affairs, released a strongly worded "
         "statement condemning the launch.", [("Unification Ministry", "organization", "South Korea")]),
        # agreement without a reporting verb
        ("President Donald Trump met Prime Minister Shinzo Abe. Trump and Abe found common ground on the need "
         "for more pressure.", [None, ("Donald Trump and Shinzo Abe", "group", None)]),
        # members of a body speak as a group, and "the members" refers back to them
        ("NSC members condemned the launches as a provocation. The members also said they would keep coordinating.",
         [("members", "group", None), ("members", "group", None)]),
        # a release that is not by an actor has no speaker
        ("The video released on Friday showed the launch.", [None]),
    ],
)
def test_attribution_bodies_and_stance_phrases(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a news outlet named again by its kind
        ("The BBC reported that it was the first test since 2017. The launch was banned, the British broadcaster "
         "reported.", [("BBC", "organization", "United Kingdom"), ("BBC", "organization", "United Kingdom")]),
        ("The BBC reported the test. KCNA said it was a success. The launch was a warning, the news agency said.",
         [("BBC", "organization", "United Kingdom"), ("KCNA", "organization", "North Korea"),
          ("KCNA", "organization", "North Korea")]),
        # a kind that fits no outlet named so far stays as written
        ("The BBC reported the test. The launch was a warning, the newspaper said.",
         [("BBC", "organization", "United Kingdom"), ("Newspaper", "organization", None)]),
        # a headline's title before a name the verb follows
        ("Japan PM Kishida Slams N. Korean Missile Launch", [("Kishida", "person", None)]),
    ],
)
def test_attribution_outlets_and_headline_titles(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a leader's office speaks for itself, named after its holder
        ("Moon's office expressed regret over the launch.", [("Moon's office", "organization", None)]),
        ("President Yoon Suk Yeol's office said the launch was aimed at Washington.",
         [("President Yoon Suk Yeol's office", "organization", None)]),
        ("South Korean President Lee Myung-bak convened a meeting of security ministers, and his office said the "
         "launch posed a threat.", [("Lee Myung-bak's office", "organization", "South Korea")]),
        # a listed office of a title stays the listed body
        ("The Prime Minister's Office said it was gathering information.",
         [("Prime Minister's Office", "organization", None)]),
        # an office relays the stance of another body named by its noun
        ("The National Security Council said it was watching. His office said the council condemned the launches.",
         [("National Security Council", "organization", None), ("National Security Council", "organization", None)]),
        # a headline's "U.N. council", and a council described by its size, are the Security Council
        ("U.N. council condemns North Korea nuclear test", [("U.N. council", "organization", "United Nations")]),
        ("The U.N. Security Council said it would meet. The 15-member council strongly condemned the launches.",
         [("U.N. Security Council", "organization", "United Nations"),
          ("U.N. Security Council", "organization", "United Nations")]),
        # citing a source, the agency speaks for itself
        ("Yonhap reported the test. Citing the Joint Chiefs of Staff, the agency said the missile flew 500 km.",
         [("Yonhap", "organization", "South Korea"), ("Joint Chiefs of Staff", "organization", "South Korea")]),
    ],
)
def test_attribution_offices_and_councils(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the four ministers": the persons named together before, counterparts included
        ("The launch coincided with a meeting between US Secretary of State Antony Blinken and Defense Secretary "
         "Lloyd Austin and their South Korean counterparts, Cho Tae-yul and Kim Yong-hyun. "
         "The four ministers condemned the launch.",
         [None, ("Antony Blinken, Lloyd Austin, Cho Tae-yul and Kim Yong-hyun", "group", None)]),
        # a dateline before the first name is not an appositive name
        ("CAMP DAVID, Md. (AP) - President Joe Biden, South Korean President Yoon Suk Yeol and Japanese Prime "
         "Minister Fumio Kishida met on Friday. The three pledged to step up joint efforts.",
         [None, ("Joe Biden, Yoon Suk Yeol and Fumio Kishida", "group", None)]),
        # a count that fits nobody named stays as written
        ("Blinken met his counterpart, Park Jin. The four ministers condemned the launch.",
         [None, ("four ministers", "group", None)]),
        # a group named by a noun is "the ministers" again, not "the three leaders"
        ("ASEAN foreign ministers said they were concerned. The ministers also reaffirmed their support.",
         [("ASEAN foreign ministers", "group", "ASEAN"), ("ASEAN foreign ministers", "group", "ASEAN")]),
        ("Experts said the failure would not deter the North. The three leaders agreed to share data.",
         [("Experts", "group", None), ("three leaders", "group", None)]),
    ],
)
def test_attribution_ensembles_named_earlier(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "..., saying/adding ...": the participle's subject is the clause's subject
        ("The Japan Coast Guard put out a navigational warning soon after midnight, adding that no vessel had "
         "reported damage.", [("Japan Coast Guard", "organization", "Japan")]),
        ("North Korea conducted its fifth nuclear test on Friday, saying it had mastered the warhead.",
         [("North Korea", "country", "North Korea")]),
        # a participle without a comma belongs to its noun, not to the clause's subject
        ("Xi sent Kim a message saying Beijing was ready.", [None]),
        # a body named again by its noun
        ("The Nuclear Weapons Institute said the test succeeded. The institute said there had been no leakage.",
         [("Nuclear Weapons Institute", "organization", None), ("Nuclear Weapons Institute", "organization", None)]),
        # a rank before a name is not the name
        ("Pentagon spokesman Capt. Jeff Davis said the launch was detected.", [("Jeff Davis", "person", None)]),
        # listed bodies: the Treasury
        ("The U.S. Treasury on Wednesday imposed sanctions on five officials.",
         [("U.S. Treasury", "organization", "United States")]),
    ],
)
def test_attribution_participles_ranks_and_bodies(text: str, expected: list) -> None:
    assert _records(text) == expected


TRICKY = [
    "North Korea's Foreign Ministry spokesperson Kim Yo Jong, the sister of leader Kim Jong Un, warned",
    "Professor Lee of the Asan Institute in Seoul, who has also written on it, then ",
    "“We will respond,” Defence Minister José Ruiz-Álvarez has also said and they would not ",
    "Park\u00a0Jin and\u00a0she and ",
    "Kim Jong Un\n",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_attribution_finders_search_as_re_does(text: str) -> None:
    """The patterns searched through RE2 find what `re` finds, at every end position."""
    import stance.attribution as attribution

    for finder in [value for value in vars(attribution).values() if isinstance(value, attribution.Finder)]:
        for end in range(len(text) + 1):
            fast, slow = finder.search(text, 0, end), finder.regex.search(text, 0, end)
            assert (fast and (fast.span(), fast.groups())) == (slow and (slow.span(), slow.groups()))


@pytest.mark.parametrize("text", TRICKY + ["Kim met Kimura and Lee; Lee’s aide, Kim-Lee, LeeX and Leé."])
def test_surnames_are_the_capitalised_words_that_are_known(text: str) -> None:
    from stance.attribution import _CAPITALISED, _surnames

    persons = {key: None for key in ["Kim", "Kimura", "Lee", "Jin", "Ruiz-Álvarez", "Park Jin", "Le"]}
    expected = [m.span() for m in _CAPITALISED.finditer(text) if m.group() in persons]
    assert _surnames(persons, text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["No marks at all.", "He said “yes” and \"no\".", "“Open", 'close" it', ""])
@pytest.mark.parametrize("open_at_start", [False, True])
def test_quote_mask_equals_a_per_character_scan(text: str, open_at_start: bool) -> None:
    from stance.attribution import _quote_mask

    mask, inside = [], open_at_start
    for ch in text:
        if ch == "“" or (ch == '"' and not inside):
            inside = True
            mask.append(True)
        elif ch in '”"':
            mask.append(inside)
            inside = False
        else:
            mask.append(inside)
    found, open_at_end = _quote_mask(text, open_at_start)
    assert ([bool(flag) for flag in found], open_at_end) == (mask + [False], inside)


@pytest.mark.parametrize(
    "text",
    [
        "A senior U.S. official, speaking on condition of anonymity, said the launch failed.",
        "A White House official in Seoul said so, and a local fisherman of the coop added that, officials said.",
        "Some OFFICIALS said it; an aide, not named, told reporters.",
        "",
    ],
)
def test_attribution_description_shortcut_changes_nothing(text: str) -> None:
    """The role-noun search that skips `_description_before` finds every description the full scan finds."""
    from dataclasses import replace

    from stance.attribution import default_lexicon

    fast, slow = Attributor(), Attributor(lexicon=replace(default_lexicon(), role_head=None))
    may = fast._scanner.candidates(text)
    for at in range(len(text) + 1):
        assert fast._description_before(text, at, may) == slow._description_before(text, at, set())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline's subject speaks without a reporting verb; a list is named as written, a capital as its country
        ("Japan, U.S., S. Korea activate real-time missile data sharing",
         [("Japan, U.S. and S. Korea", "group", None)]),
        ("Britain, France, Germany seek U.N. meeting as North Korea tests missile",
         [("Britain, France and Germany", "group", None)]),
        ("Seoul asks Tokyo for missile data", [("South Korea", "country", "South Korea")]),
        ("Security Council votes to punish North Korea over test",
         [("Security Council", "organization", "United Nations")]),
        ("NATO, EU and Pacific partners line up to condemn the test",
         [("NATO, EU and Pacific partners", "group", None)]),
        # a clause after a semicolon or a comma, its subject a bare description
        ("Fishing boats unharmed after missiles splash down, coast guard says",
         [("Coast guard", "organization", None)]),
        ("Missile passes over Hokkaido; government says no damage\n"
         "Japanese Prime Minister Fumio Kishida said the launch was outrageous.",
         [("Japan", "country", "Japan"), ("Fumio Kishida", "person", "Japan")]),
        # must not fire: an act is not a stance, an adjective is not a party, a body sentence is not a headline
        ("North Korea fires missile over Japan", [None]),
        ("North Korean missile passes over Hokkaido", [None]),
        # a bare "government" nobody places stays as written; a body is not a person's role named later
        ("Missile passes over Hokkaido; government says no damage", [("government", "organization", None)]),
        ("No damage to vessels after missile lands, coast guard says\nA coast guard official said no ships were hit.",
         [("Coast guard", "organization", None), ("coast guard official", "person", None)]),
        # a bare "the government" before any country is the country of the article's next speaker
        ("The government said no missile fell on land. Japanese Prime Minister Fumio Kishida said it was outrageous.",
         [("Japan", "country", "Japan"), ("Fumio Kishida", "person", "Japan")]),
        ("North Korea fired a missile on Monday.\nJapan, U.S. sign pact.", [None, None]),
    ],
)
def test_attribution_headline_subjects(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the relayed clause may follow a time word: "told reporters afterward that", "said Tuesday that"
        ("Prime Minister Anna Berg met President Tom Reyes. Berg told reporters afterward that Reyes had reaffirmed "
         "the pact.", [None, ("Tom Reyes", "person", None)]),
        ("The Canadian foreign ministry said Tuesday that Foreign Minister Anne Roy condemned the launch.",
         [("Anne Roy", "person", None)]),
        # another side's position relayed by a messenger is that side's
        ("Japanese Foreign Minister Jane Doe told reporters that the United States had reaffirmed its commitment.",
         [("United States", "country", "United States")]),
        # must not fire: the messenger's own side, or a country that only owns the subject
        ("Japanese Foreign Minister Jane Doe said Japan lodged a protest.", [("Jane Doe", "person", "Japan")]),
        ("German Foreign Minister Jane Doe said North Korea's support for Russia showed the risks.",
         [("Jane Doe", "person", "Germany")]),
    ],
)
def test_attribution_relayed_sides_and_times(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject precedes a relative aside, even one that quotes or opens with "whose"
        ('China, which said it "strongly condemns" the test, urged the North to stop.',
         [("China", "country", "China")]),
        ("Foreign Minister Jane Doe, whose ministry handles the file, urged restraint.",
         [("Jane Doe", "person", None)]),
        # must not fire: the aside's own speaker stays the messenger's when a reporting verb precedes it
        ('Analysts said the launch, which Pyongyang called "a warning", followed the drills.',
         [("Analysts", "group", None)]),
    ],
)
def test_attribution_subjects_before_relative_asides(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words credited to their source without a reporting verb
        ("His statement followed remarks by President Tom Reyes that the pact would hold.",
         [("Tom Reyes", "person", None)]),
        # must not fire: a statement with no source named
        ("The statement was released on Monday.", [None]),
        ("The launch followed statements in Seoul and Tokyo.", [None]),
    ],
)
def test_attribution_words_credited_to_a_source(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a statement attributed to its source is that source's
        ("The statement, attributed to the Foreign Ministry, said the drills were a provocation.",
         [("Foreign Ministry", "organization", None)]),
        ("The statement, attributed to a spokesperson for the ministry, said the allies would pay dearly.",
         [("spokesperson", "person", None)]),
        # must not fire: a cause is not a source
        ("The failure was attributed to engine trouble.", [None]),
    ],
)
def test_attribution_statements_attributed_to_a_source(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a spokesperson relaying "he"/"she" speaks for the person named in "a spokesperson for X"
        ("A spokesperson for U.N. Secretary-General Maria Lopez said she condemned the launch.",
         [("Maria Lopez", "person", "United Nations")]),
        # must not fire: no pronoun relayed, or nobody named to speak for
        ("A spokesperson for U.N. Secretary-General Maria Lopez said the launch was a violation.",
         [("spokesperson", "person", None)]),
        ("A spokesperson for the ministry said he condemned the launch.", [("spokesperson", "person", None)]),
    ],
)
def test_attribution_spokesperson_for_a_principal(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a country's role named in an aside opens the clause: the person, not the country
        ("Canada's new president, Anne Roy, who took office in May, convened the council and called the launch "
         "reckless.", [("Anne Roy", "person", "Canada")]),
        # must not fire: an aside naming a place, not a role's holder
        ("Canada's largest city, New Town, hosted talks and called for calm.", [("Canada", "country", "Canada")]),
    ],
)
def test_attribution_country_role_named_in_an_aside(text: str, expected: list) -> None:
    assert _records(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "his/her spokesman said" relays the position of the person it speaks for
        ("U.N. Secretary-General Maria Lopez was deeply concerned by the launch, his spokesman said.",
         [("Maria Lopez", "person", "United Nations")]),
        ("Prime Minister Anna Berg met President Tom Reyes. The pact was firm, her spokeswoman said.",
         [None, ("Anna Berg", "person", None)]),
        # must not fire: a body's spokesman is not a pronoun's
        ("The ministry's spokesman said the launch was a provocation.", [None]),
    ],
)
def test_attribution_spokesman_speaks_for_the_person(text: str, expected: list) -> None:
    assert _records(text) == expected
