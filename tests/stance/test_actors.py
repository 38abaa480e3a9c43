import re

import pytest

from stance.actors import _appears, default_gazetteer


@pytest.mark.parametrize(
    "text",
    [
        "Japanese Foreign Minister Jane Doe and the South Korean defense ministry met U.S. officials.",
        "Senior U.S. and South Korean officials, the ministry’s spokesperson and José Ruiz, a researcher, spoke.",
        "The administrator said the Ministry of Defense had told “analysts” in Seoul about it.",
        "He said the\u00a0Foreign Minister\u00a0Jane Doe, they and she met; ıt was the ministry’s view.",
        "",
    ],
)
def test_actors_located_scan_equals_python_scan(text: str) -> None:
    """Patterns scanned from RE2 candidates find exactly what a plain `finditer` finds, also in non-ASCII text."""
    for finder in default_gazetteer()._finders.values():
        fast = [(m.span(), m.groupdict()) for m in finder.finditer(text)]
        assert fast == [(m.span(), m.groupdict()) for m in finder.regex.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an initial inside a name does not end it
        ("Adm. Harry B. Harris Jr., head of U.S. Pacific Command, spoke.", ("Harry B. Harris Jr", "person", None)),
        ("U.S. Secretary of State John F. Kerry said so.", ("John F. Kerry", "person", "United States")),
        # a role before the name
        ("Foreign Minister Cho Tae-yul and his Japanese counterpart, Takeshi Iwaya, agreed.",
         ("Takeshi Iwaya", "person", "Japan")),
        ("Blinken met their South Korean counterparts, Cho Tae-yul and Kim Yong-hyun.",
         ("Kim Yong-hyun", "person", "South Korea")),
        # a title right after a comma-closed role is found too, not swallowed as the role's "name"
        ("Adm. Kawano Katsutoshi, chief of staff of Japan's Self-Defense Force, Gen. Joseph F. Dunford, spoke.",
         ("Joseph F. Dunford", "person", None)),
    ],
)
def test_actors_title_names(text: str, expected: tuple[str, str, str | None]) -> None:
    found = [(m.speaker.name, m.speaker.kind, m.speaker.country) for m in default_gazetteer().mentions(text)]
    assert expected in found


@pytest.mark.parametrize("form", ["U.S.", "the U.S.", "North Korea", "KCNA", "joint chiefs of staff", "S", "Frıday"])
@pytest.mark.parametrize("text", ["The U.S. said", "U.S.-Japan ties", "north korea's test", "NORTH KOREA-led",
                                  "KCNA_x", "xKCNA", "KCNA, KCNA.", "the Joint Chiefs of Staff said", "", "S S",
                                  "-S_", "1S2", "Friday", "FRIDAY", "ſ"])
@pytest.mark.parametrize("fold_case", [False, True])
def test_whole_phrase_lookup_agrees_with_its_regex(form, text, fold_case) -> None:
    # the ASCII path finds phrases with str.find; it must say what the regex says, also at edges and in any case
    regex = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", re.IGNORECASE if fold_case else 0)
    assert _appears(form, text, fold_case) is (regex.search(text) is not None)
