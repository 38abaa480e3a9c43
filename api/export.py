"""Corrected statements with their articles, written as labelled JSONL in the annotation format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from stance.records import EVENT_FIELDS

from .db import Event, Speaker
from .store import Store


def _event(row: Event) -> dict[str, Any]:
    values = {name: getattr(row, name, None) for name in EVENT_FIELDS if name != "id"}
    values["date"] = row.date.isoformat() if row.date else None
    for name in ("range_km", "apogee_km"):
        if isinstance(values[name], float) and values[name].is_integer():
            values[name] = int(values[name])
    return {"id": f"e{row.id}", **values}


def _speaker(row: Speaker | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"name": row.name, "kind": row.kind, "role": row.role, "country": row.country}


def corrected_records(store: Store) -> Iterator[dict[str, Any]]:
    """One annotation-format record per corrected document: every sentence as it now stands.

    Corrected sentences carry the analyst's answer, the others the model's; `corrected` tells which.
    """
    for document, statements, speakers, events in store.corrected_documents():
        yield {
            "id": f"doc-{document.id}",
            "published": document.published.isoformat() if document.published else None,
            "title": document.title,
            "source": document.source,
            "text": document.text,
            "sentences": [{"text": s.text, "labels": [item["label"] for item in s.labels],
                           "speaker": _speaker(speakers.get(s.speaker_id)) if s.speaker_id else None,
                           "event": f"e{s.event_id}" if s.event_id else None, "corrected": s.corrected}
                          for s in statements],
            "events": [_event(row) for row in events.values()],
        }


def write_corrections(store: Store, out: TextIO) -> int:
    """Write the corrected documents as JSON Lines; the number written."""
    count = 0
    for record in corrected_records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
