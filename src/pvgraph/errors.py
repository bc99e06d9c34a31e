"""The exception tree.

    PvgraphError
    └── UserError                 the user can fix it: a message saying what, where, what to do
        ├── ConfigError           a bad setting
        ├── InputError            input that cannot be read (empty, binary, too large, not UTF-8…)
        │   ├── RdfSyntaxError    a parser error, with file, line and column
        │   └── UnsupportedFormatError
        ├── QueryError            a SPARQL query that does not parse or cannot run
        │   └── QueryTimeoutError
        ├── NotFoundError
        ├── NotAcceptableError    no offered format fits the Accept header
        ├── AuthError             a missing or wrong token
        └── StoreError            a store that cannot be reached or refuses a request

Anything that is not a ``PvgraphError`` is a bug: exit 70, HTTP 500, traceback logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXIT_OK = 0
EXIT_NONCONFORMANT = 1
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 70


class PvgraphError(Exception):
    """Base of every error pvgraph raises on purpose."""


@dataclass
class Location:
    """Where in the input a problem is; any part may be unknown."""

    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
            if self.column is not None:
                parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass
class UserError(PvgraphError):
    """An error the user can fix. ``message`` says what is wrong; ``hint`` what to do."""

    message: str
    hint: str | None = None
    location: Location | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    http_status = 400
    exit_code = EXIT_USER_ERROR
    code = "user-error"

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        text = self.message
        if self.location is not None:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text}\n  → {self.hint}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The body of the single JSON error shape used by every HTTP error."""
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.hint:
            body["hint"] = self.hint
        if self.location is not None:
            body["location"] = {
                k: v
                for k, v in (
                    ("file", self.location.file),
                    ("line", self.location.line),
                    ("column", self.location.column),
                )
                if v is not None
            }
        if self.detail:
            body["detail"] = self.detail
        return body


class ConfigError(UserError):
    code = "bad-config"


class InputError(UserError):
    code = "bad-input"


class RdfSyntaxError(InputError):
    code = "syntax-error"


class UnsupportedFormatError(InputError):
    http_status = 415
    code = "unsupported-format"


class PayloadTooLargeError(InputError):
    http_status = 413
    code = "too-large"


class QueryError(UserError):
    code = "bad-query"


class QueryTimeoutError(QueryError):
    http_status = 503
    code = "timeout"


class NotFoundError(UserError):
    http_status = 404
    code = "not-found"


class NotAcceptableError(UserError):
    http_status = 406
    code = "not-acceptable"


class AuthError(UserError):
    http_status = 401
    code = "unauthorized"


class ForbiddenError(AuthError):
    http_status = 403
    code = "forbidden"


class StoreError(UserError):
    http_status = 502
    code = "store-error"
