import pytest

from stance.actors import default_gazetteer


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
