"""Limits over HTTP: depth, aliases, tokens, body size; unexpected errors are masked."""

from __future__ import annotations

from api.schema import MAX_ALIASES, MAX_DEPTH


def _message(answer) -> str:
    return answer["errors"][0]["message"]


def test_security_query_depth_is_limited(api):
    deep = "{ statements { edges { node { speaker { statements { edges { node { event { statements { edges { " \
           "node { document { statements { edges { node { id } } } } } } } } } } } } } } } }"
    answer = api.gql(deep)
    assert "exceeds maximum operation depth" in _message(answer)
    assert str(MAX_DEPTH) in _message(answer)
    assert "data" not in answer or answer["data"] is None


def test_security_aliases_are_limited(api):
    query = "{ " + " ".join(f"a{i}: model {{ name }}" for i in range(MAX_ALIASES + 1)) + " }"
    assert "aliases found" in _message(api.gql(query)).lower()


def test_security_tokens_are_limited(api):
    query = "{ model { " + " ".join(["name"] * 2100) + " } }"
    assert "more than 2000 tokens" in _message(api.gql(query))


def test_security_body_over_the_cap_is_refused_before_parsing(api):
    response = api.post(b'{"query": "' + b"x" * 2_000_001 + b'"}')
    assert response.status_code == 413
    assert "request body over" in response.json()["errors"][0]["message"]
    assert api.store.counts()["documents"] == 0


def test_security_unexpected_errors_are_masked(api, monkeypatch):
    from api.store import Store

    def broken(*args, **kwargs):
        raise RuntimeError("secret path /etc/stance")

    monkeypatch.setattr(Store, "documents", broken)
    answer = api.gql("{ documents { edges { cursor } } }")
    assert _message(answer) == "Unexpected error."
    assert "secret" not in str(answer)


def test_security_graphiql_only_in_development(settings, model):
    from dataclasses import replace

    from tests.api.conftest import Api

    for production, status in ((False, 200), (True, 404)):
        api = Api(replace(settings, production=production), model)
        try:
            response = api.loop.run_until_complete(api.client.get("/graphql", headers={"accept": "text/html"}))
            assert response.status_code == status
        finally:
            api.close()
