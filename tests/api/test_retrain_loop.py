"""The correction loop end to end: ingest, correct, export, train behind the metric gate, reload, serve."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from api.config import Settings
from api.runtime import ModelHolder
from stance.analyzer import Analyzer
from stance.cli import REFUSED, main
from stance.model import MODELS_DIR, manifest_path
from tests.api.conftest import LAUNCH, SEEDS, Api

INGEST = """mutation($input: DocumentInput!) { ingestDocument(input: $input) { __typename
  ... on IngestSuccess { document { statements(first: 10) { edges { node { id text } } } } } } }"""
CORRECT = """mutation($id: ID!, $labels: [StanceLabel!]) { correctStatement(id: $id, labels: $labels) {
  __typename ... on CorrectionSuccess { statement { corrected labels { label } } } } }"""
RELOAD = "mutation { reloadModel { __typename ... on ReloadSuccess { model { sha256 } } } }"
ANALYZE = """query($text: String!) { analyze(text: $text, published: "2022-10-04") {
  ... on Analysis { sentences { text labels { label } } model { sha256 } } } }"""


def _set_metric(model: Path, value: float) -> None:
    """Record a held-out micro-F1 in a model's manifest (the sha256 covers the model file, not the manifest)."""
    path = manifest_path(model)
    manifest = json.loads(path.read_text("utf-8"))
    manifest["metrics"]["micro_f1"] = value
    path.write_text(json.dumps(manifest), "utf-8")


def _files(model: Path) -> tuple[bytes, bytes]:
    return model.read_bytes(), manifest_path(model).read_bytes()


def _served_labels(api: Api) -> tuple[str, list[list[str]]]:
    """The model hash and the labels `analyze` answers for the launch article."""
    analysis = api.data(ANALYZE, {"text": LAUNCH})["analyze"]
    return analysis["model"]["sha256"], [[x["label"].lower() for x in s["labels"]] for s in analysis["sentences"]]


def _ingest_and_correct(api: Api) -> str:
    """Store the launch article and relabel its last statement; the corrected text."""
    result = api.data(INGEST, {"input": {"title": "Launch", "text": LAUNCH, "published": "2022-10-04",
                                         "source": "https://example.test/a"}})["ingestDocument"]
    last = result["document"]["statements"]["edges"][-1]["node"]
    corrected = api.data(CORRECT, {"id": last["id"], "labels": ["REASSURANCE", "THREAT_ASSESSMENT"]}
                         )["correctStatement"]["statement"]
    assert corrected["corrected"] is True
    return last["text"]


def test_retrain_loop_correct_export_train_gate_reload(settings: Settings, tmp_path: Path, monkeypatch, capsys):
    current = tmp_path / "models" / "default.joblib"
    current.parent.mkdir()
    for name in ("default.joblib", "default.json"):
        shutil.copy(MODELS_DIR / name, current.parent / name)
    _set_metric(current, 0.0)  # a current model weak on paper, so the small retrain below passes the gate
    api = Api(settings, ModelHolder.load(current))
    try:
        old_sha = api.get("/healthz").json()["model"]
        text = _ingest_and_correct(api)

        monkeypatch.setenv("STANCE_DATABASE_URL", settings.database_url)
        exported = tmp_path / "corrections.jsonl"
        assert main(["export", "--corrections", "--out", str(exported)]) == 0
        [record] = [json.loads(line) for line in exported.read_text("utf-8").splitlines()]
        assert [s["labels"] for s in record["sentences"] if s["text"] == text] == [["reassurance", "threat_assessment"]]

        # small and fast: five gold articles (the held-out set) plus the export (trained on, never tested)
        train = ["train", str(SEEDS / "gold-seeds.jsonl"), str(exported), "--out-dir", str(current.parent),
                 "--name", "default", "--folds", "2"]
        capsys.readouterr()
        assert main(train) == 0, capsys.readouterr().err
        assert "metric gate: the new model scores at least as well" in capsys.readouterr().err
        manifest = json.loads(manifest_path(current).read_text("utf-8"))
        assert "corrections.jsonl" in manifest["training_data"]["sources"]
        new_sha, score = manifest["sha256"], manifest["metrics"]["micro_f1"]
        assert new_sha != old_sha

        assert api.data(RELOAD)["reloadModel"] == {"__typename": "ReloadSuccess", "model": {"sha256": new_sha}}
        assert api.get("/healthz").json()["model"] == new_sha
        served_sha, labels = _served_labels(api)
        expected = Analyzer.load(current).analyze(LAUNCH, published="2022-10-04")
        assert (served_sha, labels) == (new_sha, [s.labels for s in expected.sentences])

        # the same retrain against a current model recorded as better is refused and changes nothing
        _set_metric(current, score + 0.01)
        before = _files(current)
        assert main(train) == REFUSED
        err = capsys.readouterr().err
        assert "refused" in err and f"new held-out micro-F1 {score:.4f}, current {score + 0.01:.4f}" in err
        assert _files(current) == before
        assert not [p for p in current.parent.iterdir() if p.name not in {"default.joblib", "default.json"}]
        assert api.data(RELOAD)["reloadModel"]["model"]["sha256"] == new_sha
    finally:
        api.close()
