"""Per-request DataLoaders: every speaker, event and document a page refers to is read in one query per kind."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader

from .db import Document, Event, Speaker
from .store import Store


def _loader(store: Store, model: type) -> DataLoader[int, Any]:
    async def load(keys: Sequence[int]) -> list[Any]:
        return await asyncio.to_thread(store.by_ids, model, list(keys))

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    """One loader per row kind; made fresh for each request so nothing is cached across requests."""

    documents: DataLoader[int, Any]
    speakers: DataLoader[int, Any]
    events: DataLoader[int, Any]

    @classmethod
    def for_store(cls, store: Store) -> Loaders:
        return cls(_loader(store, Document), _loader(store, Speaker), _loader(store, Event))
