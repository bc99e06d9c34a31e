"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

A pure function over the method, the URL parameters, the content type and the body, so that each
rule of the protocol (https://www.w3.org/TR/sparql11-protocol/) is tested without a server, and
each malformed request the W3C tests send becomes a 4xx with a message — never a 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

import pyoxigraph as ox

from pvgraph.errors import InputError, UnsupportedFormatError, UserError, error, operation_word

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

Operation = Literal["query", "update", "description"]


class ProtocolError(UserError):
    """A request the SPARQL 1.1 Protocol does not allow."""

    code = "bad-request"


class MethodNotAllowedError(UserError):
    http_status = 405
    code = "method-not-allowed"


@dataclass(frozen=True)
class ProtocolRequest:
    """What a SPARQL protocol request asks for."""

    operation: Operation
    text: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()
    format: str | None = None  # ?format= / ?output= for clients that cannot set Accept

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    """A Content-Type header as (type, parameters), lower-cased."""
    if not content_type:
        return "", {}
    main, *rest = content_type.split(";")
    params = {}
    for part in rest:
        key, _, value = part.partition("=")
        params[key.strip().lower()] = value.strip().strip('"').lower()
    return main.strip().lower(), params


def parse_request(
    method: str,
    url_params: Sequence[tuple[str, str]],
    content_type: str | None,
    body: bytes,
) -> ProtocolRequest:
    """Read a request to the SPARQL endpoint, or raise a 4xx :class:`UserError`."""
    method = method.upper()
    if method in ("GET", "HEAD"):
        params = list(url_params)
        if _values(params, "update"):
            raise error(ProtocolError, "protocol.update-with-get")
        return _build(params, text_key="query", text=None)
    if method != "POST":
        raise error(MethodNotAllowedError, "protocol.method", method=method)
    kind, ctype_params = media_type(content_type)
    if kind == FORM:
        form = _parse_form(body)
        for name in ("query", "update"):
            if _values(url_params, name):
                raise error(ProtocolError, "protocol.field-in-url", name=name)
        queries, updates = _values(form, "query"), _values(form, "update")
        if queries and updates:
            raise error(ProtocolError, "protocol.query-and-update")
        params = [*url_params, *form]
        if updates:
            return _build(params, text_key="update", text=None)
        if not queries:
            raise error(ProtocolError, "protocol.form-empty")
        return _build(params, text_key="query", text=None)
    if kind in (SPARQL_QUERY, SPARQL_UPDATE):
        charset = ctype_params.get("charset", "utf-8")
        if charset not in ("utf-8", "utf8"):
            raise error(UnsupportedFormatError, "protocol.charset", charset=charset)
        text = _utf8(body)
        key = "query" if kind == SPARQL_QUERY else "update"
        if _values(url_params, "query") or _values(url_params, "update"):
            raise error(ProtocolError, "protocol.text-in-body-and-url", operation=operation_word(key))
        return _build(list(url_params), text_key=key, text=text)
    if not kind:
        raise error(ProtocolError, "protocol.no-content-type", types=f"{SPARQL_QUERY}, {SPARQL_UPDATE}, {FORM}")
    raise error(UnsupportedFormatError, "protocol.body-type", kind=kind, types=f"{SPARQL_QUERY}, {SPARQL_UPDATE}, {FORM}")


def _build(params: list[tuple[str, str]], *, text_key: str, text: str | None) -> ProtocolRequest:
    if text is None:
        values = _values(params, text_key)
        if len(values) > 1:
            raise error(ProtocolError, "protocol.several-texts", count=len(values), field=text_key)
        if not values:
            return ProtocolRequest("description", format=_format(params))
        text = values[0]
    if not text.strip():
        raise error(ProtocolError, "protocol.empty-text", operation=operation_word(text_key))
    operation: Operation = "query" if text_key == "query" else "update"
    if operation == "query" and (_values(params, "using-graph-uri") or _values(params, "using-named-graph-uri")):
        raise error(ProtocolError, "protocol.using-for-updates")
    if operation == "update" and (_values(params, "default-graph-uri") or _values(params, "named-graph-uri")):
        raise error(ProtocolError, "protocol.dataset-for-queries")
    return ProtocolRequest(
        operation,
        text,
        default_graphs=_iris(params, "default-graph-uri"),
        named_graphs=_iris(params, "named-graph-uri"),
        using_graphs=_iris(params, "using-graph-uri"),
        using_named_graphs=_iris(params, "using-named-graph-uri"),
        format=_format(params),
    )


def _iris(params: Sequence[tuple[str, str]], name: str) -> tuple[str, ...]:
    """The values of a graph parameter, each checked to be an absolute IRI."""
    out = []
    for value in _values(params, name):
        try:
            iri = ox.NamedNode(value).value
        except ValueError as exc:
            raise error(ProtocolError, "protocol.not-an-iri", name=name, value=value, reason=exc) from None
        out.append(iri)
    return tuple(out)


def _format(params: Sequence[tuple[str, str]]) -> str | None:
    for name in ("format", "output"):
        values = _values(params, name)
        if values:
            return values[-1]
    return None


def _values(params: Sequence[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in params if k == name]


def _parse_form(body: bytes) -> list[tuple[str, str]]:
    text = _utf8(body)
    try:
        return parse_fields(text, errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise error(ProtocolError, "protocol.form-unreadable", reason=exc) from None


def url_params(query_string: bytes) -> list[tuple[str, str]]:
    """The parameters of a raw URL query, as Starlette's ``request.query_params`` reads them
    (Latin-1 bytes, percent-escapes decoded as UTF-8 with replacement, blank values kept)."""
    return parse_fields(query_string.decode("latin-1"), errors="replace")


def parse_fields(text: str, *, errors: str) -> list[tuple[str, str]]:
    """``urllib.parse.parse_qsl(text, keep_blank_values=True, errors=errors)``, faster.

    Why: ``parse_qsl`` decodes a percent-escape at a time in Python, about 90 µs for a query of
    2 kB sent as a form or in the URL (``bench route-cost``) — more than everything else the
    endpoint does for it. Here a field's escapes are decoded by the ``unicode_escape`` codec (in
    C) when that is the same thing: an ASCII field without backslashes whose every ``%`` starts
    an escape; any other field, and any field the codec refuses, is decoded by ``unquote`` itself,
    so the fields, and the errors, are parse_qsl's (a property test compares the two).
    """
    fields = []
    for field in text.split("&") if text else ():
        if not field:
            continue
        name, _, value = field.partition("=")
        fields.append((_unquote(name.replace("+", " "), errors), _unquote(value.replace("+", " "), errors)))
    return fields


def _unquote(text: str, errors: str) -> str:
    """``urllib.parse.unquote(text, errors=errors)`` (UTF-8)."""
    if "%" not in text:
        return text
    if text.isascii() and "\\" not in text:
        try:
            raw = text.replace("%", "\\x").encode("ascii").decode("unicode_escape").encode("latin-1")
        except UnicodeDecodeError:  # a % that starts no escape: unquote keeps it as it is
            return unquote(text, errors=errors)
        return raw.decode("utf-8", errors)  # one ASCII run: unquote decodes it whole, the same way
    return unquote(text, errors=errors)


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(InputError, "protocol.not-utf8", position=exc.start) from None
