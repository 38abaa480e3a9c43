"""What every resolver receives: the store, the model, the settings, the request and its loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request

from .config import Settings
from .loaders import Loaders
from .runtime import ModelHolder
from .store import Store

T = TypeVar("T")


@dataclass
class Context:
    """The per-request context handed to resolvers as `info.context`."""

    store: Store
    model: ModelHolder
    settings: Settings
    loaders: Loaders
    request: Request | None = None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run blocking work (SQL, the analyzer) in a worker thread so the event loop keeps serving."""
        return await asyncio.to_thread(function, *args)
