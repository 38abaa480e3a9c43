import pytest

from stance.corpus import read_labelled
from stance.merge import merge_events
from stance.records import Analysis, Event, Sentence


def _analysis(article_id: str, *events: Event) -> Analysis:
    sentences = [Sentence(text="x", start=0, end=1, event=e.id) for e in events]
    return Analysis(article_id, None, None, "x", sentences, list(events))


def _gold(*ids: str) -> list[Analysis]:
    articles = {a.id: a for a in read_labelled(["seeds/written", "seeds/gold-news.jsonl", "seeds/gold-seeds.jsonl"])}
    return [Analysis(i, articles[i].title, articles[i].published, articles[i].text, articles[i].sentences,
                     articles[i].events) for i in ids]


def _launches(canonical):
    return [c for c in canonical if c.type == "missile_launch"]


def test_merge_same_launch_from_two_corpus_articles() -> None:
    # the 2022-01-05 hypersonic missile, reported by Yonhap and recalled by an NHK-sourced article
    canonical = merge_events(_gold("b2-05", "b5-07"))
    merged = [c for c in _launches(canonical) if c.date == "2022-01-05"]
    assert len(merged) == 1 and merged[0].articles == ["b2-05", "b5-07"]
    assert merged[0].range_km == 700


def test_merge_same_launch_dated_and_undated_by_facts() -> None:
    # the 2022-11-18 ICBM: United Nations briefing and a written report agree on range and apogee
    canonical = merge_events(_gold("b2-12", "wa-14"))
    assert any(c.articles == ["b2-12", "wa-14"] for c in _launches(canonical))


def test_merge_keeps_launches_a_day_apart_with_conflicting_facts_and_other_types_apart() -> None:
    a = Event("e1", "missile_launch", date="2022-01-05", count=1, missile="hypersonic missile", range_km=700)
    b = Event("e1", "missile_launch", date="2022-01-06", count=2, missile="short-range ballistic missiles")
    c = Event("e2", "diplomatic_meeting", date="2022-01-05")
    canonical = merge_events([_analysis("x", a, c), _analysis("y", b)])
    assert len(canonical) == 3


def test_merge_launches_a_day_apart_with_compatible_facts_merge() -> None:
    a = Event("e1", "missile_launch", date="2022-10-04", count=1, missile="IRBM", range_km=4600)
    b = Event("e1", "missile_launch", date="2022-10-03", missile="ballistic missile", range_km=4500)
    canonical = merge_events([_analysis("x", a), _analysis("y", b)])
    assert len(canonical) == 1 and canonical[0].date == "2022-10-04"
    assert [m.article for m in canonical[0].mentions] == ["x", "y"]


def test_merge_different_missile_classes_and_two_launches_of_one_article_stay_apart() -> None:
    a = Event("e1", "missile_launch", date="2023-03-16", missile="ICBM")
    b = Event("e1", "missile_launch", date="2023-03-16", missile="cruise missiles")
    c = Event("e2", "missile_launch", date="2023-03-16", missile="ballistic missile")
    assert len(merge_events([_analysis("x", a), _analysis("y", b)])) == 2
    assert len(merge_events([_analysis("z", a, c)])) == 2


def test_merge_undated_events_without_facts_stay_apart_and_is_deterministic() -> None:
    a = Event("e1", "missile_launch", missile="missile")
    b = Event("e1", "missile_launch", missile="missile")
    analyses = [_analysis("x", a), _analysis("y", b)]
    assert len(merge_events(analyses)) == 2
    assert [c.to_dict() for c in merge_events(analyses)] == [c.to_dict() for c in merge_events(analyses)]


def test_merge_scales_by_blocking() -> None:
    analyses = [_analysis(f"a{i}", Event("e1", "missile_launch", date=f"20{10 + i % 10}-0{1 + i % 9}-1{i % 10}",
                                          count=1 + i % 3)) for i in range(20000)]
    canonical = merge_events(analyses)
    assert sum(len(c.mentions) for c in canonical) == 20000


def _meeting_article(article_id: str, date: str, *texts: str, country: str | None = None) -> Analysis:
    from stance.records import Speaker

    speaker = Speaker(name="the ministry", kind="organization", country=country) if country else None
    sentences = [Sentence(text=t, start=0, end=len(t), event="e1", speaker=speaker) for t in texts]
    return Analysis(article_id, None, None, " ".join(texts), sentences,
                    [Event("e1", "diplomatic_meeting", date=date)])


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        # the same call told by each side
        (("The Japanese and U.S. foreign ministers spoke by phone.",), ("Tokyo and Washington held a call.",), True),
        (("The Japanese foreign minister spoke by phone with his U.S. counterpart.",),
         ("The U.S. secretary of state called Tokyo and agreed to condemn North Korea.",), True),
        # two calls on one day with different partners
        (("Japan's foreign minister spoke by phone with the U.S. secretary of state.",),
         ("Japan's foreign minister held a call with his South Korean counterpart.",), False),
        # parties unknown: never merged on the day alone
        (("The two leaders held talks.",), ("The two leaders held talks.",), False),
    ],
)
def test_merge_meetings_need_the_same_parties(first: tuple[str, ...], second: tuple[str, ...], merged: bool) -> None:
    a = _meeting_article("x", "2024-03-01", *first)
    b = _meeting_article("y", "2024-03-01", *second)
    assert (len(merge_events([a, b])) == 1) is merged


def test_merge_meeting_parties_come_from_speakers_but_not_north_korea_as_a_topic() -> None:
    from stance.merge import participants

    analysis = _meeting_article("x", "2024-03-01", "They condemned North Korea's launch.", country="Japan")
    assert participants(analysis, "e1") == frozenset({"Japan"})
