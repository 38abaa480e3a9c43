"""Every query over HTTP: documents, statements and their filters, speakers, events, summary, analyze."""

from __future__ import annotations

import pytest

CONDEMNATIONS = """{ statements(filter: {labels: [CONDEMNATION]}, first: 50) {
  edges { node { text labels { label } speaker { name country } event { type date } } }
  pageInfo { hasNextPage endCursor } } }"""


def _nodes(connection):
    return [edge["node"] for edge in connection["edges"]]


def test_queries_condemnations_with_speaker_country_and_event(seeded):
    nodes = _nodes(seeded.data(CONDEMNATIONS)["statements"])
    assert nodes
    assert all("CONDEMNATION" in [item["label"] for item in node["labels"]] for node in nodes)
    assert any(node["speaker"] and node["speaker"]["country"] for node in nodes)
    assert any(node["event"] and node["event"]["type"] == "MISSILE_LAUNCH" for node in nodes)


def test_queries_documents_paginate_with_cursors(seeded):
    query = "query($after: String) { documents(first: 2, after: $after) { edges { node { id title } cursor } " \
            "pageInfo { hasNextPage endCursor } } }"
    ids, after, pages = [], None, 0
    while True:
        page = seeded.data(query, {"after": after})["documents"]
        ids += [node["id"] for node in _nodes(page)]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert pages == 3
    assert len(ids) == len(set(ids)) == 5


def test_queries_document_by_id_with_its_statements(seeded):
    data = seeded.data('{ document(id: "1") { id title published statements(first: 3) { edges { node { index '
                       'document { id } } } pageInfo { hasNextPage } } } missing: document(id: "999") { id } }')
    assert data["document"]["published"] == "2022-10-01"
    assert [n["index"] for n in _nodes(data["document"]["statements"])] == [0, 1, 2]
    assert all(n["document"]["id"] == "1" for n in _nodes(data["document"]["statements"]))
    assert data["missing"] is None


@pytest.mark.parametrize("after", ["garbage", "ZG9jdW1lbnQ6MQ=="])  # the second is a document cursor
def test_queries_foreign_cursor_is_a_clear_error(seeded, after):
    answer = seeded.gql("query($a: String) { statements(after: $a) { edges { cursor } } }", {"a": after})
    assert "not a cursor of this statement list" in answer["errors"][0]["message"]


def test_queries_first_over_100_is_refused(seeded):
    answer = seeded.gql("{ statements(first: 101) { edges { cursor } } }")
    assert "'first' must be between 1 and 100" in answer["errors"][0]["message"]
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def _statements(api, filter_text):
    query = ("{ statements(filter: FILTER, first: 100) { edges { node { id labels { label score } "
             "speaker { id name country } event { id } document { id published } } } } }")
    query = query.replace("FILTER", filter_text)
    return _nodes(api.data(query)["statements"])


def test_queries_statement_filters(seeded):
    everything = _statements(seeded, "{}")
    spoken = [n for n in everything if n["speaker"] and n["speaker"]["country"] == "Japan"]
    assert spoken
    assert {n["id"] for n in _statements(seeded, '{country: "japan"}')} == {n["id"] for n in spoken}
    name = spoken[0]["speaker"]["name"]
    assert all(n["speaker"]["name"] == name for n in _statements(seeded, f'{{speaker: "{name}"}}'))
    by_id = _statements(seeded, '{speakerId: "' + spoken[0]["speaker"]["id"] + '"}')
    assert by_id and all(n["speaker"]["id"] == spoken[0]["speaker"]["id"] for n in by_id)
    linked = next(n for n in everything if n["event"])
    assert all(n["event"]["id"] == linked["event"]["id"]
               for n in _statements(seeded, '{eventId: "' + linked["event"]["id"] + '"}'))
    assert {n["document"]["id"] for n in _statements(seeded, '{documentId: "2"}')} == {"2"}
    dated = _statements(seeded, '{publishedFrom: "2022-10-02", publishedTo: "2022-10-03"}')
    assert {n["document"]["published"] for n in dated} == {"2022-10-02", "2022-10-03"}
    scores = sorted(item["score"] for n in _statements(seeded, "{labels: [REASSURANCE]}") for item in n["labels"]
                    if item["label"] == "REASSURANCE")
    cut = scores[len(scores) // 2]
    strong = _statements(seeded, f"{{labels: [REASSURANCE], minScore: {cut}}}")
    assert len(strong) == sum(score >= cut for score in scores)
    both = _statements(seeded, "{labels: [REASSURANCE, CONDEMNATION], country: \"Japan\"}")
    assert all(n["speaker"]["country"] == "Japan" for n in both)


def test_queries_speakers_are_canonical_with_aliases_and_statements(seeded):
    data = seeded.data('{ speakers(first: 100) { edges { node { id name kind role country aliases '
                       'statements(first: 5) { edges { node { speaker { id } } } } } } } }')
    speakers = _nodes(data["speakers"])
    keys = [(s["name"].casefold(), s["kind"], s["country"]) for s in speakers]
    assert len(keys) == len(set(keys))
    for speaker in speakers:
        assert speaker["name"] in speaker["aliases"]
        assert all(n["speaker"]["id"] == speaker["id"] for n in _nodes(speaker["statements"]))
    japan = seeded.data('{ speakers(country: "Japan") { edges { node { country } } } }')["speakers"]
    assert {n["country"] for n in _nodes(japan)} == {"Japan"}


def test_queries_events_with_facts_documents_and_statements(seeded):
    data = seeded.data('{ events(filter: {type: MISSILE_LAUNCH}, first: 100) { edges { node { id type date '
                       'missile facts { field value claims { text sentenceIndex document { id } } } documents { id } '
                       'statements(first: 100) { edges { node { event { id } } } } } } } }')
    events = _nodes(data["events"])
    assert events and all(e["type"] == "MISSILE_LAUNCH" for e in events)
    event = next(e for e in events if e["facts"])
    assert any(fact["claims"] for fact in event["facts"])
    assert event["documents"]
    assert all(n["event"]["id"] == event["id"] for n in _nodes(event["statements"]))
    one = seeded.data('query($id: ID!) { event(id: $id) { id } none: event(id: "999") { id } }', {"id": event["id"]})
    assert one == {"event": {"id": event["id"]}, "none": None}


def test_queries_events_by_date_range(api, model):
    from tests.api.conftest import LAUNCH

    for published in ("2022-10-04", "2023-03-16"):
        api.store.ingest(model.analyze(LAUNCH + f" ({published})", published), None)
    query = '{ events(filter: {from: "2023-01-01", to: "2023-12-31"}) { edges { node { date } } } }'
    dates = [n["date"] for n in _nodes(api.data(query)["events"])]
    assert dates and all(d.startswith("2023-") for d in dates)


@pytest.mark.parametrize("group", ["COUNTRY", "SPEAKER", "EVENT"])
def test_queries_stance_summary_counts_every_label(seeded, group):
    data = seeded.data("{ stanceSummary(groupBy: " + group + ") { key total counts { label count } "
                       "speaker { name } event { id } } }")
    groups = data["stanceSummary"]
    assert sum(g["total"] for g in groups) == seeded.store.counts()["statement_labels"]
    for g in groups:
        assert [c["label"] for c in g["counts"]] == ["CONDEMNATION", "REASSURANCE", "COOPERATION_PLEDGE",
                                                     "THREAT_ASSESSMENT"]
        assert sum(c["count"] for c in g["counts"]) == g["total"]
        if group == "SPEAKER" and g["speaker"]:
            assert g["key"] == g["speaker"]["name"]
        if group == "EVENT" and g["event"]:
            assert g["key"] == g["event"]["id"]


ANALYZE = """query($text: String!, $published: String) { analyze(text: $text, published: $published) {
  __typename ... on Analysis { sentences { text labels { label evidence { source } } speaker { name } event }
  events { id type date } model { sha256 } } ... on Error { message } ... on TooLargeError { limit size } } }"""


def test_queries_analyze_runs_the_model_and_stores_nothing(api):
    from tests.api.conftest import LAUNCH

    before = api.store.counts()
    result = api.data(ANALYZE, {"text": LAUNCH, "published": "2022-10-04"})["analyze"]
    assert result["__typename"] == "Analysis"
    assert len(result["sentences"]) == 3
    assert "CONDEMNATION" in [item["label"] for item in result["sentences"][1]["labels"]]
    assert result["events"][0]["type"] == "MISSILE_LAUNCH"
    assert result["model"]["sha256"]
    assert api.store.counts() == before


@pytest.mark.parametrize(("text", "published", "typename", "needle"), [
    ("   ", None, "ValidationError", "empty"),
    ("Japan condemned the launch.", "2022-13-45", "ValidationError", "not a valid date"),
    ("x" * 200_001, None, "TooLargeError", "over the limit"),
])
def test_queries_analyze_bad_input_is_a_typed_error(api, text, published, typename, needle):
    result = api.data(ANALYZE, {"text": text, "published": published})["analyze"]
    assert result["__typename"] == typename
    assert needle in result["message"]


def test_queries_model_and_healthz(api):
    assert api.data("{ model { name sha256 labels } }")["model"]["labels"] == [
        "condemnation", "reassurance", "cooperation_pledge", "threat_assessment"]
    health = api.get("/healthz").json()
    assert health["status"] == "ok" and health["read_only"] is False
