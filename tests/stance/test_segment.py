import pytest

from stance.segment import segment


def _sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in segment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korea fired a missile. Japan protested.", ["North Korea fired a missile.", "Japan protested."]),
        ("The U.S. and the U.N. condemned it. Seoul agreed.", ["The U.S. and the U.N. condemned it.", "Seoul agreed."]),
        ("It fell at 7:44 a.m. Japan time on Tuesday.", ["It fell at 7:44 a.m. Japan time on Tuesday."]),
        ("It fell at 7 a.m. The ministry said so.", ["It fell at 7 a.m.", "The ministry said so."]),
        ("Gen. Mark Milley spoke. He left.", ["Gen. Mark Milley spoke.", "He left."]),
        ("Navy Capt. Jeff Davis said: \"We assess it was an ICBM.\" He left.",
         ["Navy Capt. Jeff Davis said: \"We assess it was an ICBM.\"", "He left."]),
        ("“It fell,” he said. “We are safe.” The end.", ["“It fell,” he said.", "“We are safe.”", "The end."]),
        ("\"Talking is not the answer!\" he added. Next.", ["\"Talking is not the answer!\" he added.", "Next."]),
        ("Missile Flies Over Japan\n\nTokyo protested.", ["Missile Flies Over Japan", "Tokyo protested."]),
        ("Cooperation grew through:\nIntelligence sharing\nJoint drills",
         ["Cooperation grew through:", "Intelligence sharing", "Joint drills"]),
        ("The U.S. Secretary of State spoke.", ["The U.S. Secretary of State spoke."]),
        ("It was the No. 2 official. Then more.", ["It was the No. 2 official.", "Then more."]),
        ("Is it over? Nobody knows.", ["Is it over?", "Nobody knows."]),
        ("Pyongyang: North Korea said it succeeded.", ["Pyongyang: North Korea said it succeeded."]),
    ],
)
def test_segment_splits_news_text(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_segment_offsets_are_exact() -> None:
    text = "  Headline here\n\nFirst sentence.  Second one!\n"
    for span in segment(text):
        assert text[span.start:span.end].strip() == text[span.start:span.end]
    assert [text[s.start:s.end] for s in segment(text)] == ["Headline here", "First sentence.", "Second one!"]


def test_segment_empty_text_has_no_sentences() -> None:
    assert segment("   \n ") == []
