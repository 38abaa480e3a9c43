"""The loaded analyzer, shared by requests and swapped in place by `reloadModel`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from stance.analyzer import Analyzer
from stance.records import Analysis


class ModelHolder:
    """Holds the current analyzer; analysis runs in worker threads, one at a time per model."""

    def __init__(self, analyzer: Analyzer, path: Path | None = None) -> None:
        self.analyzer = analyzer
        self.path = path
        self._lock = threading.Lock()  # the pipeline's tokenizer and caches are not made for concurrent calls

    @classmethod
    def load(cls, path: Path | None = None) -> ModelHolder:
        return cls(Analyzer.load(path), path)

    @property
    def manifest(self) -> dict[str, Any]:
        return self.analyzer.manifest

    def analyze(self, text: str, published: str | None, title: str | None = None) -> Analysis:
        """Analyse one article (blocking: call it from a worker thread)."""
        analyzer = self.analyzer
        with self._lock:
            return analyzer.analyze(text, published=published, title=title)

    def reload(self) -> dict[str, Any]:
        """Load the model file again (a newly trained default) and serve it from the next request on."""
        fresh = Analyzer.load(self.path)  # a broken file raises here and the current model stays
        with self._lock:
            self.analyzer = fresh
        return fresh.manifest
