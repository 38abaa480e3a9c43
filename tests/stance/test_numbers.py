import pytest

from stance.numbers import find_distances, is_vague, parse_count, parse_number, plausible, to_km


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("seven", 7), ("23", 23), ("at least 23", 23), ("two more", 2), ("twenty-three", 23),
        ("three hundred and five", 305), ("one hundred", 100), ("a", 1), ("an", 1), ("more than 60", 60),
        ("several", None), ("a barrage", None), ("a volley", None), ("multiple", None), ("", None),
        ("purple", None),
    ],
)
def test_numbers_counts(phrase: str, expected: int | None) -> None:
    assert parse_count(phrase) == expected


@pytest.mark.parametrize("phrase", ["several", "a barrage of", "a volley", "multiple", "a number of"])
def test_numbers_vague_quantities(phrase: str) -> None:
    assert is_vague(phrase)


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("flew 4,600 km", 4600), ("about 4,600 kilometers (2,860 miles)", 4600), ("roughly 350 kilometres", 350),
        ("some 300 miles", 483), ("more than 930 miles", 1497), ("more than 625 miles", 1006),
        ("exceeding 4,000 km", 4000), ("nearly 1,000 kilometers", 1000), ("120 nautical miles", 222),
        ("1000km", 1000), ("a distance of 1,002.3 kilometers", 1002.3), ("three hundred kilometres", 300),
        ("1,240 miles", 1995),
    ],
)
def test_numbers_distances_in_km(text: str, km: float) -> None:
    assert find_distances(text)[0].km == km


@pytest.mark.parametrize("text", ["300-400 km", "300 to 400 km", "270 and 420 kilometres", "between 300 and 400 km"])
def test_numbers_ranges_of_figures_are_null(text: str) -> None:
    found = find_distances(text)
    assert len(found) == 1 and found[0].km is None and found[0].is_range


def test_numbers_conversion_in_brackets_is_marked() -> None:
    first, second = find_distances("flew 1,002.3 kilometers [622 miles]")
    assert not first.conversion and second.conversion


@pytest.mark.parametrize(("km", "kind", "expected"), [
    (25000, "range", None), (12000, "apogee", None), (6000, "apogee", 6000), (0, "range", None),
    (None, "range", None)])
def test_numbers_absurd_figures_are_null(km: int | None, kind: str, expected: int | None) -> None:
    assert plausible(km, kind) == expected


def test_numbers_units_and_words() -> None:
    assert to_km(100, "miles") == 161
    assert to_km(10, "nautical miles") == 19
    assert parse_number("1,002.3") == 1002.3
    with pytest.raises(ValueError, match="unknown distance unit"):
        to_km(1, "furlongs")
