"""`stance ingest` and `stance export --corrections` against a temporary store."""

from __future__ import annotations

import json

import pytest

from api.db import make_engine
from api.store import Store
from stance.cli import main
from stance.corpus import parse_labelled
from tests.api.conftest import LAUNCH, SEEDS


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    return url


def test_cli_ingest_twice_stores_once(store_url, tmp_path, capsys):
    paths = [str(SEEDS / "gold-seeds.jsonl"), str(SEEDS / "articles" / "000_60ec3dc1b0650014.txt")]
    assert main(["ingest", *paths]) == 0
    assert "5 stored, 1 already there" in capsys.readouterr().err
    counts = Store(make_engine(store_url)).counts()
    assert main(["ingest", *paths]) == 0
    assert "0 stored, 6 already there" in capsys.readouterr().err
    assert Store(make_engine(store_url)).counts() == counts


def test_cli_ingest_refuses_a_broken_file_before_storing_anything(store_url, tmp_path, capsys):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": LAUNCH}) + "\n{not json\n", encoding="utf-8")
    assert main(["ingest", str(corpus)]) == 2
    assert "bad.jsonl:2: not valid JSON" in capsys.readouterr().err
    assert Store(make_engine(store_url)).counts()["documents"] == 0


def test_cli_export_corrections_is_labelled_data(store_url, tmp_path, capsys):
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": LAUNCH, "published": "2022-10-04"}) + "\n", encoding="utf-8")
    assert main(["ingest", str(corpus)]) == 0
    store = Store(make_engine(store_url))
    store.correct(1, ["condemnation"], None, change_speaker=False)
    out = tmp_path / "corrections.jsonl"
    capsys.readouterr()
    assert main(["export", "--corrections", "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    article = parse_labelled(records[0], "export:1")
    assert article.sentences[0].labels == ["condemnation"]
    assert records[0]["sentences"][0]["corrected"] is True
    assert article.events and article.events[0].date == "2022-10-04"
