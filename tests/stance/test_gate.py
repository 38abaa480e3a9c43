"""The metric gate of `stance train`: the comparison, the destination check, and the CLI around it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stance.cli import REFUSED, main
from stance.gate import check, compare, metric
from stance.model import MODELS_DIR

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(("new", "current", "tolerance", "accepted"), [
    (0.80, 0.80, 0.0, True),      # equal is accepted
    (0.81, 0.80, 0.0, True),
    (0.79, 0.80, 0.0, False),
    (0.79, 0.80, 0.02, True),     # within the tolerance
    (0.77, 0.80, 0.02, False),
    (None, None, 0.0, True),      # nothing to compare with
    (0.10, None, 0.0, True),
    (None, 0.80, 0.0, False),     # the gate cannot run without new figures
])
def test_gate_compare(new, current, tolerance, accepted) -> None:
    assert compare(new, current, tolerance).accepted is accepted


def test_gate_refusal_names_both_figures() -> None:
    reason = compare(0.7512, 0.8228).reason
    assert "0.7512" in reason and "0.8228" in reason and "--force" in reason
    assert "--folds" in compare(None, 0.8228).reason


@pytest.mark.parametrize(("metrics", "value"), [
    ({"micro_f1": 0.5}, 0.5), ({"micro_f1": 1}, 1.0), ({}, None), (None, None), ({"micro_f1": "0.5"}, None),
    ({"micro_f1": True}, None),
])
def test_gate_metric(metrics, value) -> None:
    assert metric(metrics) == value


def _model(directory: Path, manifest: dict | None) -> Path:
    path = directory / "m.joblib"
    path.write_bytes(b"model")
    if manifest is not None:
        path.with_suffix(".json").write_text(json.dumps(manifest))
    return path


def test_gate_check_reads_the_current_manifest(tmp_path: Path) -> None:
    assert check({"micro_f1": 0.1}, tmp_path / "none.joblib").accepted  # no current model
    path = _model(tmp_path, {"sha256": "x", "metrics": {"micro_f1": 0.8}})
    assert not check({"micro_f1": 0.7}, path).accepted
    assert check({"micro_f1": 0.7}, path, tolerance=0.1).accepted
    assert not check({}, path).accepted
    assert check({}, _model(tmp_path, {"sha256": "x", "metrics": {}})).accepted  # current has no figures


def test_gate_check_accepts_over_a_model_without_manifest(tmp_path: Path) -> None:
    decision = check({"micro_f1": 0.1}, _model(tmp_path, None))
    assert decision.accepted and "cannot be read" in decision.reason


@pytest.fixture
def current(tmp_path: Path) -> Path:
    """A copy of the shipped model (its manifest records a held-out micro-F1)."""
    for name in ("default.joblib", "default.json"):
        shutil.copy(MODELS_DIR / name, tmp_path / name)
    return tmp_path / "default.joblib"


def test_cli_train_without_evaluation_is_refused_over_a_measured_model(current: Path, capsys) -> None:
    before = current.read_bytes(), current.with_suffix(".json").read_bytes()
    args = ["train", str(SEEDS / "gold-seeds.jsonl"), "--out-dir", str(current.parent), "--folds", "0"]
    assert main(args) == REFUSED
    err = capsys.readouterr().err
    assert "stance: refused:" in err and "--folds" in err and "Traceback" not in err
    assert (current.read_bytes(), current.with_suffix(".json").read_bytes()) == before
    assert sorted(p.name for p in current.parent.iterdir()) == ["default.joblib", "default.json"]


def test_cli_train_force_overrides_the_gate(current: Path, capsys) -> None:
    before = current.read_bytes()
    args = ["train", str(SEEDS / "gold-seeds.jsonl"), "--out-dir", str(current.parent), "--folds", "0", "--force"]
    assert main(args) == 0
    assert "overridden by --force" in capsys.readouterr().err
    assert current.read_bytes() != before
    assert json.loads(current.with_suffix(".json").read_text())["training_data"]["articles"] == 5


def test_cli_train_refuses_a_negative_tolerance(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["train", "x.jsonl", "--tolerance", "-0.1"])
    assert exc.value.code == 2
    assert "must be 0 or more" in capsys.readouterr().err
