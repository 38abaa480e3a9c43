"""Every error the library raises on purpose: a base class and coded subclasses.

Messages say what went wrong, with which input, and how to fix it; the CLI
prints them without a traceback.
"""

from __future__ import annotations


class StanceError(Exception):
    """Base class of the library's expected errors."""

    code = "E000"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class InputError(StanceError):
    """An article or labelled record that cannot be read as given."""

    code = "E001"


class DataError(StanceError):
    """Labelled training data that breaks the annotation format."""

    code = "E002"


class ModelError(StanceError):
    """A model file that is missing, tampered with or incompatible."""

    code = "E003"


class ConfigError(StanceError):
    """A data file (lexicon, gazetteer) that cannot be used."""

    code = "E004"
