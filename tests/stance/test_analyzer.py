import gc
import json
import pickle

import pytest

from stance import Analysis
from stance.analyzer import Analyzer
from stance.corpus import parse_labelled
from stance.errors import InputError

ARTICLE = (
    "North Korea Fires Missile Over Japan\n\n"
    "Japanese Prime Minister Fumio Kishida condemned the launch as an outrageous act. "
    "He said there was no damage to ships or aircraft. "
    "Kishida added that Japan would work closely with the United States and South Korea."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.load()


def test_analyzer_labels_speakers_and_offsets(analyzer) -> None:
    analysis = analyzer.analyze(ARTICLE, published="2022-10-04")
    assert isinstance(analysis, Analysis)
    assert [s.text for s in analysis.sentences][0] == "North Korea Fires Missile Over Japan"
    condemn, reassure, cooperate = analysis.sentences[1:]
    assert "condemnation" in condemn.labels
    assert "reassurance" in reassure.labels
    assert "cooperation_pledge" in cooperate.labels
    assert {s.speaker.name for s in analysis.sentences[1:]} == {"Fumio Kishida"}
    for s in analysis.sentences:
        assert ARTICLE[s.start:s.end] == s.text
        assert set(s.scores) == {"condemnation", "reassurance", "cooperation_pledge", "threat_assessment"}


def test_analyzer_evidence_names_rule_or_model(analyzer) -> None:
    sentence = analyzer.analyze(ARTICLE).sentences[1]
    sources = {e.source for e in sentence.evidence if e.label == "condemnation"}
    assert sources
    for e in sentence.evidence:
        assert (e.source == "rule" and e.rule_id and e.match) or (e.source == "model" and e.features)


def test_analyzer_output_loads_back_as_training_data(analyzer) -> None:
    out = analyzer.analyze(ARTICLE, published="2022-10-04", id="rt").to_dict()
    back = parse_labelled(json.loads(json.dumps(out)), "roundtrip")
    assert [(s.text, s.start, s.end, s.labels) for s in back.sentences] == [
        (s["text"], s["start"], s["end"], sorted(s["labels"])) for s in out["sentences"]]
    assert [s.speaker.to_dict() if s.speaker else None for s in back.sentences] == [
        s["speaker"] for s in out["sentences"]]


def test_analyzer_pipe_keeps_order_and_ids(analyzer) -> None:
    articles = [{"id": str(i), "text": f"Seoul condemned launch {i}."} for i in range(40)]
    assert [a.id for a in analyzer.pipe(articles, batch_size=7)] == [str(i) for i in range(40)]


def test_analyzer_survives_pickling(analyzer) -> None:
    # worker processes that are spawned, not forked, receive the analyzer pickled; RE2 programs are rebuilt
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy.analyze(ARTICLE).to_dict() == analyzer.analyze(ARTICLE).to_dict()


@pytest.mark.parametrize("enabled", [True, False])
def test_pipe_leaves_the_collector_as_it_found_it(analyzer, enabled, monkeypatch) -> None:
    # the collector is held off during a batch only; a caller's choice survives, also when a batch fails
    (gc.enable if enabled else gc.disable)()
    try:
        seen = []
        for _ in analyzer.pipe([ARTICLE, ARTICLE], batch_size=1):
            seen.append(gc.isenabled())
        assert gc.isenabled() is enabled
        assert seen == [enabled, enabled]  # the caller's code between batches runs under its own setting

        def fail(*args):
            assert not gc.isenabled()
            raise RuntimeError("inside the batch")
        monkeypatch.setattr(analyzer, "label", fail)
        with pytest.raises(RuntimeError, match="inside the batch"):
            list(analyzer.pipe([ARTICLE]))
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


@pytest.mark.parametrize("text", ["", "   \n", None])
def test_analyzer_refuses_empty_text(analyzer, text) -> None:
    with pytest.raises(InputError):
        analyzer.analyze(text)


# Python's re.IGNORECASE equates these with ASCII letters, so lexicon lookups of matched text must too
CASE_TWINS = [("i", "ı"), ("I", "İ"), ("s", "ſ"), ("k", "\u212a")]
TWIN_STORY = ("North Korea fired two ballistic missiles on Friday, March 3, flying about 600 miles, "
              "Japan said. Kishida held talks with Washington and Seoul on Saturday.")


@pytest.mark.parametrize("plain,twin", CASE_TWINS)
def test_case_folding_twins_do_not_break_fact_lookups(analyzer, plain, twin) -> None:
    from stance.merge import merge_events

    plain_result = analyzer.analyze(TWIN_STORY, published="2023-03-05")
    twin_result = analyzer.analyze(TWIN_STORY.replace(plain, twin), published="2023-03-05")
    merge_events([twin_result])
    assert [(e.type, e.date, e.count, e.range_km) for e in plain_result.events][0] == (
        "missile_launch", "2023-03-03", 2, 965)
    # weekday, month, unit and capital lookups fold the twin; counts need case-sensitive weapon words
    facts = [(e.type, e.date, e.range_km) for e in plain_result.events]
    assert [(e.type, e.date, e.range_km) for e in twin_result.events] == facts


def test_fold_gives_the_lexicon_key() -> None:
    from stance.phrases import fold

    assert [fold(w) for w in ("Frıday", "MILES", "mileſ", "WASHİNGTON", "\u212am")] == [
        "friday", "miles", "miles", "washington", "km"]
