"""Service settings, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .db import database_url


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    """What the app needs to know: where data and model are, who may write, and the size limits."""

    database_url: str
    token: str | None = None
    model_path: Path | None = None
    production: bool = False
    max_article_chars: int = 200_000
    max_body_bytes: int = 2_000_000  # room for a maximal article in UTF-8 plus JSON escaping

    @classmethod
    def from_env(cls, production: bool = False) -> Settings:
        """Settings from `STANCE_DATABASE_URL`, `STANCE_API_TOKEN`, `STANCE_MODEL` and `STANCE_MAX_*`."""
        model = os.environ.get("STANCE_MODEL")
        return cls(database_url=database_url(), token=os.environ.get("STANCE_API_TOKEN") or None,
                   model_path=Path(model) if model else None, production=production,
                   max_article_chars=_int("STANCE_MAX_ARTICLE_CHARS", cls.max_article_chars),
                   max_body_bytes=_int("STANCE_MAX_BODY_BYTES", cls.max_body_bytes))
