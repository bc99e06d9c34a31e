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

An error a data steward meets carries its text in French and English (``texts``), built from
the one catalogue by :func:`error`; the command line and the HTTP server tell it in the report's
language with :meth:`UserError.in_language`. Raised without being told, it speaks English.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pvgraph import messages
from pvgraph.languages import LANGUAGES, resolve

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
        return self.describe("en")

    def describe(self, lang: str) -> str:
        """``file, line 3, column 7`` (``ligne 3, colonne 7`` in French)."""
        line_word, column_word = messages.text("location.line", lang), messages.text("location.column", lang)
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(f"{line_word} {self.line}")
            if self.column is not None:
                parts.append(f"{column_word} {self.column}")
        return ", ".join(parts)



@dataclass
class UserError(PvgraphError):
    """An error the user can fix. ``message`` says what is wrong; ``hint`` what to do.

    ``texts`` maps a language to the (message, hint) pair in that language, when the error has
    twins; ``lang`` is the language ``message`` and ``hint`` are in; ``told`` says that a caller
    chose that language (the HTTP server's handler tells an untold error in the request's
    language, and leaves one a route told, in a form field's language say, as it is). None of
    the three is in the JSON shape.
    """

    message: str
    hint: str | None = None
    location: Location | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, tuple[str, str | None]] = field(default_factory=dict, repr=False, compare=False)
    lang: str = field(default="en", repr=False, compare=False)
    told: bool = field(default=False, repr=False, compare=False)

    http_status = 400
    exit_code = EXIT_USER_ERROR
    code = "user-error"

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        text = self.message
        if self.location is not None:
            colon = messages.text("typography.colon", self.lang)  # French puts a space before it
            text = f"{self.location.describe(self.lang)}{colon} {text}"
        if self.hint:
            text = f"{text}\n  → {self.hint}"
        return text

    def in_language(self, lang: str) -> UserError:
        """The same error (same type, place and detail) told in ``lang`` (by the one rule of
        :func:`pvgraph.languages.resolve`), when it has texts; otherwise this error unchanged."""
        lang = resolve(lang)
        if lang not in self.texts or (lang == self.lang and self.told):
            return self
        message, hint = self.texts[lang]
        return replace(self, message=message, hint=hint, lang=lang, told=True)

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


E = TypeVar("E", bound=UserError)


def error(cls: type[E], key: str, /, *, location: Location | None = None,
          extra: dict[str, Any] | None = None, **params: object) -> E:
    """A ``cls`` error with the message ``key`` and its hint ``KEY.hint`` of the one catalogue
    (:mod:`pvgraph.messages`) in every language, speaking English until told otherwise (what
    callers that choose no language have always read). A parameter that is itself an entry
    (a :class:`~pvgraph.messages.T`, such as ``messages.word("operation.query")``) is put in
    each language's text in that language; ``extra`` is the JSON shape's ``detail``."""
    texts: dict[str, tuple[str, str | None]] = {}
    for lang in LANGUAGES:
        told = {k: v.in_language(lang) if isinstance(v, messages.T) else v for k, v in params.items()}
        texts[lang] = (messages.text(key, lang, **told), messages.text(f"{key}.hint", lang, **told))
    message, hint = texts["en"]
    return cls(message, hint=hint, location=location, detail=dict(extra or {}), texts=texts)


# The two SPARQL operations, as a message names them ("la requête", "the update"): by key.
OPERATIONS = {"query": "operation.query", "update": "operation.update"}


def operation_word(kind: str) -> messages.T:
    """The word for a SPARQL operation (``query`` or ``update``), for a message's ``{kind}``."""
    return messages.MESSAGES[OPERATIONS[kind]]
