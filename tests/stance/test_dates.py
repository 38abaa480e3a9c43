import pytest

from stance.dates import find_dates, resolve, resolve_month_day

TUESDAY = "2022-10-04"


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("on Tuesday", TUESDAY, "2022-10-04"),  # published on the weekday itself: that same day
        ("on Monday", TUESDAY, "2022-10-03"),
        ("on Wednesday", TUESDAY, "2022-09-28"),
        ("Sunday's launch", TUESDAY, "2022-10-02"),
        ("on Friday", "2023-01-02", "2022-12-30"),  # across the year boundary
        ("Dec. 30", "2023-01-02", "2022-12-30"),
        ("Jan. 2", "2023-01-02", "2023-01-02"),
        ("Oct. 4, 2022", None, "2022-10-04"),
        ("4 October", TUESDAY, "2022-10-04"),
        ("on 18 November", "2022-11-21", "2022-11-18"),
        ("Thursday, April 13, 2023", None, "2023-04-13"),
        ("yesterday", TUESDAY, "2022-10-03"),
        ("today", TUESDAY, "2022-10-04"),
        ("last week", TUESDAY, None),
        ("earlier this month", TUESDAY, None),
        ("February 30", TUESDAY, None),
        ("February 30, 2022", None, None),
        # the day after a report dated the day before, told with its local-time or future cue
        ("Early Sunday, North Korea fired a missile", "2017-02-11", "2017-02-12"),
        ("on Friday morning, local time", "2017-09-14", "2017-09-15"),
        ("The envoys are due to meet in Tokyo on Tuesday", "2016-09-05", "2016-09-06"),
        ("The previous attempt, on Saturday, failed", "2017-04-28", "2017-04-22"),  # no cue: the week before
        ("on Tuesday", None, None),  # no publication date: only explicit dates resolve
        ("Dec. 30", None, None),
    ],
)
def test_dates_resolve_against_publication(phrase: str, published: str | None, expected: str | None) -> None:
    assert resolve(phrase, published) == expected


def test_dates_leap_day_of_a_past_year() -> None:
    assert resolve_month_day(2, 29, None, "2023-03-01") is None
    assert resolve_month_day(2, 29, None, "2024-03-01").isoformat() == "2024-02-29"


def test_dates_dateline_is_marked() -> None:
    mentions = find_dates("SEOUL, Jan. 6 (Yonhap) -- Analysts said Thursday that", "2022-01-06")
    assert mentions[0].dateline and not mentions[1].dateline


def test_dates_modal_may_is_not_a_month() -> None:
    assert find_dates("North Korea may launch again", TUESDAY) == []
