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
