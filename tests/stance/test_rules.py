import pytest

from stance.rules import default_lexicon


def _labels(text: str, has_speaker: bool = True) -> set[str]:
    return {hit.label for hit in default_lexicon().match(text, has_speaker)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan condemned the launch.", {"condemnation"}),
        ("Japan did not condemn the launch.", set()),
        ("China stopped short of condemning the test.", set()),
        ("He called the launch a clear violation of Security Council resolutions.", {"condemnation"}),
        ("Officials confirmed there was no damage to ships or aircraft.", {"reassurance"}),
        ("The launch poses no immediate threat to U.S. territory.", {"reassurance"}),
        ("The allies agreed to expand trilateral cooperation.", {"cooperation_pledge"}),
        ("Tokyo will work closely with Washington and Seoul.", {"cooperation_pledge"}),
        ("The missile poses a serious threat to regional security.", {"threat_assessment"}),
        ("Seoul urged Pyongyang to stop its launches immediately.", {"condemnation"}),
        ("Beijing urged all parties to exercise restraint.", set()),
        ("Beijing asked the parties concerned to keep calm.", set()),
        ("The minister said he was deeply concerned about the test.", {"threat_assessment"}),
        ("The launch raised concerns over the safety of flights.", {"threat_assessment"}),
        ("The envoy conveyed his concerns to his counterpart.", {"threat_assessment"}),
        ("Officials said the rocket posed no threat to the country.", {"reassurance"}),
        ("The command said the firing did not pose an 'immediate threat' to allies.", {"reassurance"}),
        ("Tokyo said the object did not appear to have landed in its exclusive economic zone.", {"reassurance"}),
        ("The coast guard said no debris had landed near the port.", {"reassurance"}),
        ("The army said it was stepping up its surveillance of the border.", {"reassurance"}),
        ("The premier called the firing extremely regrettable.", {"condemnation"}),
        ("Both envoys requested an urgent Security Council meeting on the launches.", {"condemnation"}),
        ("The ministry said the test breached several U.N. resolutions.", {"condemnation"}),
        ("He said Seoul would push for tougher sanctions.", {"condemnation"}),
        ("The launch came days after new sanctions on Pyongyang took effect.", set()),
        ("Moscow argued that additional sanctions will not help.", set()),
        ("Such drunken flights endanger civilian airliners.", {"threat_assessment"}),
        ("The firing appears designed to test the new administration.", {"threat_assessment"}),
        ("The rocket could have flown much farther on a normal trajectory.", {"threat_assessment"}),
        ("The regime will face deeper isolation, the minister warned.", {"condemnation", "threat_assessment"}),
        ("Tokyo ruled out any chance that the missile fell inside its territory.", {"reassurance"}),
        ('Officials stressed there was "no possibility" of the rocket having struck the island.', {"reassurance"}),
        ("He said there was no evidence that debris had landed on the coast.", {"reassurance"}),
        ("The minister ruled out the possibility of new talks.", set()),
        ("There is no sign of a missile launch yet.", set()),
        ("The test was staged in protest against the new government, the army said.", {"threat_assessment"}),
        ("Seoul protested to Pyongyang over the launch.", {"condemnation"}),
    ],
)
def test_rules_match_cues(text: str, expected: set[str]) -> None:
    assert _labels(text) == expected


def test_rules_provocation_needs_a_speaker() -> None:
    text = "He called the launch a provocation."
    assert "condemnation" in _labels(text, has_speaker=True)
    assert "condemnation" not in _labels(text, has_speaker=False)


def test_rules_future_provocations_are_not_condemnation() -> None:
    assert _labels("The army is watching for further provocations.") == set()


def test_rules_hit_records_id_and_match() -> None:
    (hit,) = [h for h in default_lexicon().match("Tokyo strongly condemned it.", True) if h.label == "condemnation"]
    assert hit.rule_id == "cond.condemn"
    assert hit.match == "condemned"


@pytest.mark.parametrize(
    ("text", "has_speaker", "strong"),
    [
        ("The navy said it would cooperate closely with allies.", True, True),
        ("The navies cooperate closely with allies in the strait.", False, False),
        ("Japan condemned the launch.", False, True),
    ],
)
def test_rules_pledge_cues_are_strong_only_with_a_speaker(text: str, has_speaker: bool, strong: bool) -> None:
    (hit,) = default_lexicon().match(text, has_speaker)
    assert hit.strong is strong


@pytest.mark.parametrize("window", [
    "Japan did not", "Japan did NOT strongly", "It never ", "it didn't really", "Seoul DECLINED\u00a0TO",
    "refused  to openly", "stopped short of", "neıther", "İnstead of", "the notion", "another", "", "no",
    "rather than merely", "Nor", "without any", "ſtopped short of", "It did not do so and then",
])
def test_rules_negation_check_equals_the_negation_regex(window: str) -> None:
    from stance.rules import _NEGATION, _negated
    assert _negated(window) is (_NEGATION.search(window) is not None)
