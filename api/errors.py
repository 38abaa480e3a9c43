"""Expected API errors: typed results for the schema, and exceptions shown unmasked.

Validation, not-found and too-large outcomes of mutations and `analyze` are
union members a front-end can switch on; the few that cannot be (a bad
`first`, a refused mutation) are `ApiError`s, whose messages pass through
`MaskErrors` while every other exception is masked.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError


class ApiError(Exception):
    """An expected error raised in a resolver; its message reaches the client, with a code."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = {"code": self.code}


class ForbiddenError(ApiError):
    """A mutation without the right bearer token, or on a read-only server."""

    code = "FORBIDDEN"


def should_mask(error: GraphQLError) -> bool:
    """Mask resolver crashes; keep expected errors and request errors (syntax, validation, limits) readable."""
    original = error.original_error
    if original is None or isinstance(original, ApiError | GraphQLError):
        return False
    return error.path is not None


@strawberry.interface(description="An expected failure: the message says what went wrong and how to fix it.")
class Error:
    message: str


@strawberry.type(description="Input that breaks a rule (empty text, bad date, unknown label).")
class ValidationError(Error):
    field: str | None = None


@strawberry.type(description="Input over a size limit.")
class TooLargeError(Error):
    limit: int
    size: int


@strawberry.type(description="No object with this id.")
class NotFoundError(Error):
    id: strawberry.ID
