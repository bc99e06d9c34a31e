"""The app's one error handler: every error leaves the server in the project's one JSON shape.

``{"error": code, "message", "hint"?, "location"?, "detail"?}`` for pvgraph's own errors
(``UserError.to_dict``) and for the framework's too, which FastAPI would otherwise answer as
``{"detail": …}``: a route that does not exist (404), a method a route does not take (405, with
``Allow``), a parameter missing or of the wrong type (422). Every message is told in the
request's language (``?lang=``, ``Accept-Language``, else the ``lang`` setting: French), from the
one catalogue: an error a route raised without choosing a language here, the framework's own
there. A browser (``Accept`` puts HTML first) meeting a 404 or a 405 gets an HTML page instead.
Anything else is a bug: 500 ``internal-error``, the traceback logged, nothing of it sent — and
the connection kept (:class:`SettledBugs`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pvgraph import messages
from pvgraph.errors import UserError
from pvgraph.formats import parse_accept
from pvgraph.languages import resolve
from pvgraph.server.auth import CHALLENGE
from pvgraph.server.state import state_of
from pvgraph.server.templating import choose_language, render

log = logging.getLogger("pvgraph.server")

# The HTML pages a browser gets for the framework's own 404 and 405: (title, message) in the catalogue.
PAGES: dict[int, tuple[str, str]] = {
    404: ("page.not-found.title", "page.not-found.message"),
    405: ("page.method-not-allowed.title", "page.method-not-allowed.message"),
}
# The codes of UserError's subclasses, for the same statuses raised by the framework.
CODES = {401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
         406: "not-acceptable", 413: "too-large", 415: "unsupported-format", 422: "invalid-request",
         500: "internal-error", 503: "unavailable"}


def prefers_html(request: Request) -> bool:
    """True when the client's most wanted media type is HTML (a browser), not ``*/*``."""
    for media, q in parse_accept(request.headers.get("accept")):
        if q > 0:
            return media in ("text/html", "application/xhtml+xml")
    return False


def error_body(status: int, message: str, hint: str | None = None,
               detail: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one JSON shape, for an error that is not a :class:`UserError`."""
    code = CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "-")
    body: dict[str, Any] = {"error": code, "message": message}
    if hint:
        body["hint"] = hint
    if detail:
        body["detail"] = detail
    return body


def _language(request: Request) -> str:
    """The language the request asks for (``?lang=``, ``Accept-Language``), else the setting's,
    else French — for a bug too, when the app's state cannot be read (the request's own choice
    still holds)."""
    try:
        setting: str | None = state_of(request).settings.lang
    except Exception:  # a bug's answer must not fail on it
        setting = None
    return choose_language(request, resolve(setting))


async def user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    if not exc.told:  # a route that chose the language (a form's ``lang`` field) keeps it
        exc = exc.in_language(_language(request))
    headers = CHALLENGE if exc.http_status == 401 else None  # every 401 says how (RFC 6750)
    return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's and Starlette's own HTTP errors (an unknown address, a method a route lacks)."""
    assert isinstance(exc, StarletteHTTPException)
    status, headers = exc.status_code, dict(exc.headers or {})
    lang = _language(request)
    if status in PAGES and prefers_html(request):
        title, message = PAGES[status]
        return render(request, "error.html", {
            "title": messages.text(title, lang), "message": messages.text(message, lang), "hint": None,
        }, status=status, headers=headers)
    path = request.url.path
    generic = isinstance(exc.detail, str) and exc.detail == HTTPStatus(status).phrase
    if status == 404:
        message, hint = _told("framework.not-found", lang, path=path)
    elif status == 405:
        allowed = headers.get("allow") or headers.get("Allow") or ""
        key = "framework.method-not-allowed" if allowed else "framework.method-not-listed"
        message, hint = _told(key, lang, path=path, method=request.method, allowed=allowed)
    else:
        message = HTTPStatus(status).phrase.lower() if generic else str(exc.detail)
        hint = None
    if status == 401:
        headers = {**CHALLENGE, **headers}
    return JSONResponse(error_body(status, message, hint), status_code=status, headers=headers)


async def invalid_request(request: Request, exc: Exception) -> Response:
    """FastAPI's 422: a parameter missing or of the wrong type, told in the one shape."""
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body"))
        source = next((p for p in error.get("loc", ()) if p in ("query", "path", "body", "header")), "")
        problems.append({"parameter": where, "in": source, "problem": str(error.get("msg", ""))})
    listed = "; ".join(f"{p['parameter'] or '-'}: {p['problem']}" for p in problems)
    message, hint = _told("framework.invalid-request", _language(request), problems=listed)
    return JSONResponse(error_body(422, message, hint, {"problems": problems}), status_code=422)


LOGGED = "pvgraph.bug"  # the request's scope holds the exception :func:`bug` logged and answered


async def bug(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path)
    request.scope[LOGGED] = exc
    message, hint = _told("framework.internal-error", _language(request))
    return JSONResponse(error_body(500, message, hint), status_code=500)


def _told(key: str, lang: str, **params: object) -> tuple[str, str]:
    """The message ``key`` of the catalogue and its hint, in ``lang``."""
    return messages.text(key, lang, **params), messages.text(f"{key}.hint", lang, **params)


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = {
    UserError: user_error,
    StarletteHTTPException: http_error,
    RequestValidationError: invalid_request,
    Exception: bug,
}


class SettledBugs:
    """Pure ASGI, in front of FastAPI and of the plain ``/sparql`` layer: a bug ends with its 500,
    not with the connection.

    Why: Starlette raises a bug again once :func:`bug` has answered it (so that a server may
    log it; so does :mod:`.sparql_direct` after :func:`error_response`), and uvicorn then closes
    the connection. A client that had already sent its next
    request on that connection (a steward's script sending submissions one after another) got a
    "connection reset" for it, while the server could still be working on it: a submission
    possibly accepted, the steward told it failed. (``bench concurrency``, 2026-12-05: one 500,
    then a ``ReadError`` for the same writer's next submission.) Here the bug that :func:`bug`
    logged and answered ends; one that escaped a layer in front of FastAPI before any answer is
    logged and answered the same way; one that broke an answer half-sent goes on to uvicorn,
    which must close the connection. (Behind pvgraph's other layers, which raise nothing on
    purpose: ``/healthz`` and the replayed answers do not pay for it.) The app's bugs are
    logged once, by :func:`bug`.
    """

    def __init__(self, app: ASGIApp, app_ref: FastAPI) -> None:
        self.app = app
        self.app_ref = app_ref

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = {"start": False, "end": False}

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["start"] = True
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                sent["end"] = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if scope.get(LOGGED) is exc and sent["end"]:
                return  # logged and answered by bug()
            if sent["start"]:
                raise
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            scope.setdefault("app", self.app_ref)  # as FastAPI puts itself there, for the language rule
            message, hint = _told("framework.internal-error", _language(Request(scope)))
            await JSONResponse(error_body(500, message, hint), status_code=500)(scope, receive, send)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app`` (the only place the app's errors are turned into answers)."""
    for kind, handler in HANDLERS.items():
        app.add_exception_handler(kind, handler)


async def error_response(request: Request, exc: Exception) -> tuple[Response, bool]:
    """The answer the app gives when a route raises ``exc``, and whether it is a bug (500: the
    exception must then go on to the server's log, as FastAPI's outermost layer lets it).

    For a layer in front of FastAPI that answers a request with the routes' functions
    (server/sparql_direct.py): its errors are answered as the route's would be. The handler is
    the one of the exception's nearest class, as Starlette looks it up.
    """
    handler = next(HANDLERS[kind] for kind in type(exc).__mro__ if kind in HANDLERS)
    return await handler(request, exc), handler is bug
