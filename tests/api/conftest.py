"""API fixtures: one loaded model for the session, a fresh SQLite file and app per test, driven over HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.config import Settings
from api.runtime import ModelHolder
from api.store import Store

TOKEN = "t0ken"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
LAUNCH = ("North Korea fired a ballistic missile on Tuesday morning, Japan's Defense Ministry said. "
          "Japan strongly condemned the launch as a violation of UN Security Council resolutions. "
          "Chief Cabinet Secretary Hirokazu Matsuno said there was no damage to ships or aircraft.")


class Api:
    """The app in-process over httpx's ASGI transport, with its lifespan run on a private event loop."""

    def __init__(self, settings: Settings, model: ModelHolder) -> None:
        self.app = create_app(settings, model=model)
        self.loop = asyncio.new_event_loop()
        self._lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self._lifespan.__aenter__())
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://test")

    @property
    def store(self) -> Store:
        return self.app.state.store

    def post(self, body: bytes | dict[str, Any], headers: dict[str, str] | None = None) -> httpx.Response:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.loop.run_until_complete(self.client.post(
            "/graphql", content=content, headers={"content-type": "application/json", **(headers or {})}))

    def get(self, path: str) -> httpx.Response:
        return self.loop.run_until_complete(self.client.get(path))

    def gql(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        """The JSON answer to a GraphQL request (data and errors)."""
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = self.post({"query": query, "variables": variables or {}}, headers)
        assert response.status_code == 200, response.text
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None, token: str | None = TOKEN) -> dict[str, Any]:
        """The data of a request that must succeed without errors."""
        answer = self.gql(query, variables, token)
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.run_until_complete(self._lifespan.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="session")
def model() -> ModelHolder:
    return ModelHolder.load()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'stance.db'}", token=TOKEN)


@pytest.fixture
def api(settings: Settings, model: ModelHolder) -> Iterator[Api]:
    client = Api(settings, model)
    yield client
    client.close()


def seed_records() -> list[dict[str, Any]]:
    with (SEEDS / "gold-seeds.jsonl").open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


@pytest.fixture
def seeded(api: Api, model: ModelHolder) -> Api:
    """The app with the five seed articles stored (dated 2022-10-0N so date filters have work to do)."""
    for n, record in enumerate(seed_records()):
        analysis = model.analyze(record["text"], f"2022-10-0{n + 1}", record["title"])
        api.store.ingest(analysis, record.get("source_url"), model.manifest.get("sha256"))
    return api
