"""The app's one error handler: every error leaves the server in the project's one JSON shape.

``{"error": code, "message", "hint"?, "location"?, "detail"?}`` for pvgraph's own errors
(``UserError.to_dict``) and for the framework's too, which FastAPI would otherwise answer as
``{"detail": …}``: a route that does not exist (404), a method a route does not take (405, with
``Allow``), a parameter missing or of the wrong type (422). A browser (``Accept`` puts HTML first)
meeting a 404 or a 405 gets a French (or English) HTML page instead. Anything else is a bug: 500
``internal-error``, the traceback logged, nothing of it sent.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pvgraph import messages
from pvgraph.errors import UserError
from pvgraph.formats import parse_accept
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


async def user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    headers = CHALLENGE if exc.http_status == 401 else None  # every 401 says how (RFC 6750)
    return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's and Starlette's own HTTP errors (an unknown address, a method a route lacks)."""
    assert isinstance(exc, StarletteHTTPException)
    status, headers = exc.status_code, dict(exc.headers or {})
    if status in PAGES and prefers_html(request):
        title, message = PAGES[status]
        lang = choose_language(request, state_of(request).settings.lang)
        return render(request, "error.html", {
            "title": messages.text(title, lang), "message": messages.text(message, lang), "hint": None,
        }, status=status, headers=headers)
    path = request.url.path
    generic = isinstance(exc.detail, str) and exc.detail == HTTPStatus(status).phrase
    if status == 404:
        message, hint = f"there is nothing at {path}", "see the home page (/) or the API (/-/docs)"
    elif status == 405:
        allowed = headers.get("allow") or headers.get("Allow") or ""
        message = f"{path} does not accept {request.method}"
        hint = f"use {allowed}" if allowed else "see the API (/-/docs)"
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
    listed = "; ".join(f"{p['parameter'] or 'request'}: {p['problem']}" for p in problems)
    body = error_body(422, f"the request's parameters are not right: {listed}",
                      "see the API (/-/docs) for each route's parameters", {"problems": problems})
    return JSONResponse(body, status_code=422)


async def bug(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path)
    return JSONResponse(error_body(500, "internal error: this is a bug in pvgraph; it has been logged"),
                        status_code=500)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app`` (the only place the app's errors are turned into answers)."""
    app.add_exception_handler(UserError, user_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, bug)
