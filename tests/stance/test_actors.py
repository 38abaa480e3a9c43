import pytest

from stance.actors import default_gazetteer


@pytest.mark.parametrize(
    "text",
    [
        "Japanese Foreign Minister Jane Doe and the South Korean defense ministry met U.S. officials.",
        "Senior U.S. and South Korean officials, the ministry’s spokesperson and José Ruiz, a researcher, spoke.",
        "The administrator said the Ministry of Defense had told “analysts” in Seoul about it.",
        "",
    ],
)
def test_actors_located_scan_equals_python_scan(text: str) -> None:
    """Patterns scanned from RE2 candidates find exactly what a plain `finditer` finds, also in non-ASCII text."""
    for located in default_gazetteer()._located.values():
        fast = [m.span() for m in located.finditer(text, text.encode())]
        assert fast == [m.span() for m in located.regex.finditer(text)]
