"""Mutations over HTTP: ingest (new, duplicate, bad input), corrections, model reload, and the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.runtime import ModelHolder
from tests.api.conftest import LAUNCH, TOKEN, Api

INGEST = """mutation($input: DocumentInput!) { ingestDocument(input: $input) { __typename
  ... on IngestSuccess { duplicate document { id title published source statements(first: 10) {
    edges { node { text labels { label } speaker { name } event { type date } } } } } }
  ... on Error { message } ... on ValidationError { field } ... on TooLargeError { limit size } } }"""


def _ingest(api: Api, token: str | None = TOKEN, **fields) -> dict:
    document = {"title": "Launch", "text": LAUNCH, "published": "2022-10-04", "source": "https://example.test/a"}
    return api.gql(INGEST, {"input": {**document, **fields}}, token)


def test_mutations_ingest_stores_the_analysis(api):
    result = _ingest(api)["data"]["ingestDocument"]
    assert result["__typename"] == "IngestSuccess" and result["duplicate"] is False
    document = result["document"]
    assert (document["title"], document["published"], document["source"]) == (
        "Launch", "2022-10-04", "https://example.test/a")
    nodes = [e["node"] for e in document["statements"]["edges"]]
    assert len(nodes) == 3
    assert nodes[0]["event"] == {"type": "MISSILE_LAUNCH", "date": "2022-10-04"}
    assert api.store.counts()["documents"] == 1


def test_mutations_ingest_duplicate_returns_the_stored_document(api):
    first = _ingest(api)["data"]["ingestDocument"]["document"]["id"]
    counts = api.store.counts()
    again = _ingest(api, title="Another title")["data"]["ingestDocument"]
    assert again["duplicate"] is True and again["document"]["id"] == first
    assert api.store.counts() == counts


def test_mutations_same_event_in_two_articles_is_one_event(api):
    _ingest(api)
    other = ("Japan's Defense Ministry said North Korea launched a ballistic missile on Tuesday. "
             "South Korea condemned the launch.")
    _ingest(api, text=other)
    data = api.data('{ events(filter: {type: MISSILE_LAUNCH}) { edges { node { date documents { id } } } } }')
    events = [e["node"] for e in data["events"]["edges"]]
    assert len(events) == 1
    assert len(events[0]["documents"]) == 2


@pytest.mark.parametrize(("fields", "typename", "needle"), [
    ({"text": ""}, "ValidationError", "empty"),
    ({"text": " \n\t "}, "ValidationError", "empty"),
    ({"published": "04/10/2022"}, "ValidationError", "not a valid date"),
    ({"published": "2022-02-30"}, "ValidationError", "not a valid date"),
    ({"text": "North Korea fired. " * 20_000}, "TooLargeError", "over the limit"),
])
def test_mutations_ingest_bad_input_changes_nothing(api, fields, typename, needle):
    _ingest(api)
    counts = api.store.counts()
    result = _ingest(api, **fields)["data"]["ingestDocument"]
    assert result["__typename"] == typename
    assert needle in result["message"]
    assert api.store.counts() == counts


def test_mutations_ingest_failure_midway_rolls_back(api, monkeypatch):
    from api import store as store_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_module.Store, "_merge_events", broken)
    counts = api.store.counts()
    answer = _ingest(api)
    assert answer["errors"][0]["message"] == "Unexpected error."  # masked: no internals leak
    assert api.store.counts() == counts


@pytest.mark.parametrize("token", [None, "wrong"])
def test_mutations_need_the_bearer_token(api, token):
    answer = _ingest(api, token=token)
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "Authorization: Bearer" in answer["errors"][0]["message"]
    assert api.store.counts()["documents"] == 0


def test_mutations_read_only_without_a_configured_token(settings, model):
    from dataclasses import replace

    api = Api(replace(settings, token=None), model)
    try:
        answer = _ingest(api, token="anything")
        assert "read-only" in answer["errors"][0]["message"]
        assert api.store.counts()["documents"] == 0
        assert api.get("/healthz").json()["read_only"] is True
    finally:
        api.close()


CORRECT = """mutation($id: ID!, $labels: [StanceLabel!], $speaker: SpeakerInput) {
  correctStatement(id: $id, labels: $labels, speaker: $speaker) { __typename
    ... on CorrectionSuccess { statement { id corrected labels { label score evidence { source } }
      speaker { name kind country } modelAnswer { labels { label } speaker { name } } } }
    ... on Error { message } } }"""


def test_mutations_correct_statement_keeps_the_model_answer(api):
    _ingest(api)
    original = api.data('{ statement(id: "2") { labels { label } speaker { name } } }')["statement"]
    result = api.data(CORRECT, {"id": "2", "labels": ["THREAT_ASSESSMENT"],
                                "speaker": {"name": "Fumio Kishida", "kind": "PERSON", "country": "Japan"}}
                      )["correctStatement"]
    statement = result["statement"]
    assert statement["corrected"] is True
    assert [item["label"] for item in statement["labels"]] == ["THREAT_ASSESSMENT"]
    assert statement["labels"][0]["evidence"] == [{"source": "correction"}]
    assert statement["speaker"] == {"name": "Fumio Kishida", "kind": "PERSON", "country": "Japan"}
    assert statement["modelAnswer"]["labels"] == original["labels"]
    assert statement["modelAnswer"]["speaker"] == original["speaker"]
    found = api.data('{ statements(filter: {labels: [THREAT_ASSESSMENT], speaker: "fumio kishida"}) '
                     '{ edges { node { id } } } }')
    assert [e["node"]["id"] for e in found["statements"]["edges"]] == ["2"]
    assert api.store.counts()["corrections"] == 1


def test_mutations_correct_statement_can_clear_the_speaker(api):
    _ingest(api)
    result = api.data(CORRECT, {"id": "3", "speaker": None})["correctStatement"]
    assert result["statement"]["speaker"] is None
    assert result["statement"]["modelAnswer"]["speaker"] is not None


@pytest.mark.parametrize(("variables", "typename"), [
    ({"id": "999", "labels": []}, "NotFoundError"),
    ({"id": "1"}, "ValidationError"),
    ({"id": "1", "speaker": {"name": " ", "kind": "PERSON"}}, "ValidationError"),
])
def test_mutations_correct_statement_expected_errors_are_typed(api, variables, typename):
    _ingest(api)
    counts = api.store.counts()
    assert api.data(CORRECT, variables)["correctStatement"]["__typename"] == typename
    assert api.store.counts() == counts


RELOAD = "mutation { reloadModel { __typename ... on ReloadSuccess { model { sha256 } } ... on Error { message } } }"


def test_mutations_reload_model(api, model):
    result = api.data(RELOAD)["reloadModel"]
    assert result == {"__typename": "ReloadSuccess", "model": {"sha256": model.manifest["sha256"]}}


def test_mutations_reload_of_a_broken_model_keeps_the_current_one(settings, model, tmp_path: Path):
    holder = ModelHolder(model.analyzer, tmp_path / "missing.joblib")
    api = Api(settings, holder)
    try:
        result = api.data(RELOAD)["reloadModel"]
        assert result["__typename"] == "ModelLoadError"
        assert holder.analyzer is model.analyzer
    finally:
        api.close()
