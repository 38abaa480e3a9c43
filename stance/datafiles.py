"""Reading the JSON data files (lexicons, gazetteer) that users may extend or replace."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


def load_json(name: str, path: str | Path | None = None) -> Any:
    """`path` if given, else the shipped `stance/data/<name>`; a clear error when unreadable."""
    try:
        if path is None:
            text = resources.files("stance").joinpath("data", name).read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read data file {path or name}: {exc}") from None
