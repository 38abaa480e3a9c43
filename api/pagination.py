"""Opaque cursors and the bounds of `first` for every connection."""

from __future__ import annotations

import base64
import binascii

from .errors import ApiError

MAX_FIRST = 100
DEFAULT_FIRST = 20


def encode_cursor(kind: str, ident: int) -> str:
    """An opaque cursor for row `ident` of connection `kind` (keyset pagination on ids)."""
    return base64.urlsafe_b64encode(f"{kind}:{ident}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> int | None:
    """The row id after which a page starts; a clear error for a cursor from elsewhere."""
    if cursor is None:
        return None
    try:
        prefix, _, ident = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if prefix == kind:
            return int(ident)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ApiError(f"'after' is not a cursor of this {kind} list: {cursor!r}; pass an endCursor it returned")


def check_first(first: int) -> int:
    """`first` within 1..MAX_FIRST, else an error saying so."""
    if not 1 <= first <= MAX_FIRST:
        raise ApiError(f"'first' must be between 1 and {MAX_FIRST}, got {first}; page with 'after' for more")
    return first


def parse_id(value: str | int, what: str) -> int:
    """A numeric id from a GraphQL ID; an error naming what was looked for."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(f"{what} id must be a number as returned by the API, got {value!r}") from None
