"""Saving and loading trained models, each with a manifest that is checked on load.

The manifest (`<name>.json` beside `<name>.joblib`) records the file's sha256,
the library versions, the label set, the training data's hash and the
metrics; loading refuses a file that does not match it before unpickling.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import joblib
import sklearn

from .classifier import StanceClassifier
from .errors import ModelError
from .records import LABELS

FORMAT = 1
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_NAME = "default"


def default_model_path() -> Path:
    """`$STANCE_MODEL` if set, else `models/default.joblib` of this checkout."""
    return Path(os.environ.get("STANCE_MODEL") or MODELS_DIR / f"{DEFAULT_NAME}.joblib")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    import numpy
    import scipy

    return {"scikit-learn": sklearn.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__,
            "joblib": joblib.__version__, "format": str(FORMAT)}


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def manifest_path(path: Path) -> Path:
    return path.with_suffix(".json")


def save_model(classifier: StanceClassifier, path: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """Write the model and its manifest atomically (temp files, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".joblib.tmp", delete=False) as tmp:
        tmp_model = Path(tmp.name)
    try:
        joblib.dump({"format": FORMAT, "classifier": classifier}, tmp_model, compress=3)
        manifest = {"name": path.stem, "file": path.name, "sha256": sha256_file(tmp_model),
                    "versions": _versions(), "labels": list(LABELS),
                    "params": {k: repr(v) for k, v in classifier.get_params().items()},
                    "thresholds": dict(zip(LABELS, map(float, classifier.thresholds_), strict=True)), **extra}
        tmp_manifest = manifest_path(tmp_model)
        tmp_manifest.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        os.replace(tmp_model, path)
        os.replace(tmp_manifest, manifest_path(path))
    finally:
        tmp_model.unlink(missing_ok=True)
        manifest_path(tmp_model).unlink(missing_ok=True)
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a model file; a clear error when missing or unreadable."""
    mpath = manifest_path(path)
    try:
        manifest = json.loads(mpath.read_text("utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: no manifest {mpath.name} beside the model; retrain with 'stance train'") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{mpath}: unreadable manifest ({exc})") from None
    if not isinstance(manifest, dict) or "sha256" not in manifest:
        raise ModelError(f"{mpath}: not a stance model manifest")
    return manifest


def load_model(path: Path | None = None) -> tuple[StanceClassifier, dict[str, Any]]:
    """Load a classifier after checking its hash, versions and label set against the manifest."""
    path = Path(path) if path is not None else default_model_path()
    if not path.exists():
        raise ModelError(f"{path}: no such model; train one with 'stance train seeds/'")
    manifest = read_manifest(path)
    actual = sha256_file(path)
    if actual != manifest["sha256"]:
        raise ModelError(f"{path}: sha256 {actual[:12]}... does not match its manifest "
                         f"({str(manifest['sha256'])[:12]}...); the file was changed or corrupted, retrain it")
    versions = manifest.get("versions", {})
    here = _versions()
    for package in ("scikit-learn", "format"):
        if _minor(str(versions.get(package, "?"))) != _minor(here[package]):
            raise ModelError(f"{path}: trained with {package} {versions.get(package)}, this environment has "
                             f"{here[package]}; install the matching version or retrain with 'stance train'")
    if manifest.get("labels") != list(LABELS):
        raise ModelError(f"{path}: label set {manifest.get('labels')} differs from this library's {list(LABELS)}")
    try:
        bundle = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means an unusable file
        raise ModelError(f"{path}: cannot be loaded ({type(exc).__name__}: {exc})") from None
    classifier = bundle.get("classifier") if isinstance(bundle, dict) else None
    if not isinstance(classifier, StanceClassifier):
        raise ModelError(f"{path}: does not hold a StanceClassifier")
    return classifier, manifest
