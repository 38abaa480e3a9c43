"""The metric gate of `stance train`: a retrained model must not score below the model it would replace.

The figure compared is the held-out micro-F1 recorded in each manifest by the
cross-validation `stance train` runs. Both figures come from grouped k-fold on
the gold articles, so corrections (trained on, never tested) do not move the
test set; they are still estimates, hence the tolerance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ModelError
from .model import read_manifest

METRIC = "micro_f1"
EPSILON = 1e-9  # float rounding: a drop of exactly the tolerance (0.8 - 0.7 vs 0.1) must count as within it


@dataclass(frozen=True)
class Decision:
    """Whether the new model may replace the current one, and why."""

    accepted: bool
    reason: str


def metric(metrics: Mapping[str, Any] | None) -> float | None:
    """The gated figure of a manifest's metrics, or None when it was not measured."""
    value = (metrics or {}).get(METRIC)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def compare(new: float | None, current: float | None, tolerance: float = 0.0) -> Decision:
    """Accept unless the new figure is below the current one by more than `tolerance`."""
    if current is None:
        return Decision(True, "the current model records no held-out micro-F1, nothing to compare with")
    if new is None:
        return Decision(False, f"the new model has no held-out micro-F1 (--folds 0 or 1 skips the evaluation), "
                               f"so it cannot be compared with the current model's {current:.4f}; "
                               "train with --folds 2 or more, or pass --force")
    figures = f"new held-out micro-F1 {new:.4f}, current {current:.4f}, tolerance {tolerance:.4f}"
    if current - new > tolerance + EPSILON:
        return Decision(False, f"the new model scores below the current one ({figures}); "
                               "the current model is kept (--force replaces it anyway)")
    return Decision(True, f"the new model scores at least as well as the current one ({figures})")


def check(new_metrics: Mapping[str, Any] | None, destination: Path, tolerance: float = 0.0) -> Decision:
    """The gate for writing a model with `new_metrics` to `destination` over whatever is there."""
    if not destination.exists():
        return Decision(True, f"no current model at {destination}")
    try:
        current = read_manifest(destination)
    except ModelError as exc:
        # a model without a readable manifest cannot be loaded anyway, so there is nothing worth protecting
        return Decision(True, f"the current model cannot be read ({exc.message})")
    return compare(metric(new_metrics), metric(current.get("metrics")), tolerance)
