"""Error pages for people: a French (or English) HTML page when a browser meets a 404 or 405.

Programs keep FastAPI's JSON answer; only a request whose ``Accept`` header puts HTML first
(what browsers send) gets the page. The project's own errors (``UserError``) keep the one JSON
shape on every API route; the HTML pages render their own errors.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pvgraph.formats import parse_accept
from pvgraph.server.state import state_of
from pvgraph.server.templating import choose_language, render

MESSAGES: dict[int, tuple[tuple[str, str], tuple[str, str]]] = {
    404: (("Page introuvable", "Page not found"),
          ("Il n’y a rien à cette adresse.", "There is nothing at this address.")),
    405: (("Méthode non permise", "Method not allowed"),
          ("Cette adresse n’accepte pas cette méthode HTTP.", "This address does not accept this HTTP method.")),
}


def prefers_html(request: Request) -> bool:
    """True when the client's most wanted media type is HTML (a browser), not ``*/*``."""
    for media, q in parse_accept(request.headers.get("accept")):
        if q > 0:
            return media in ("text/html", "application/xhtml+xml")
    return False


def install(app: FastAPI) -> None:
    """Register the HTML error pages on ``app``."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in MESSAGES and prefers_html(request):
            (title_fr, title_en), (msg_fr, msg_en) = MESSAGES[exc.status_code]
            lang_title = {"fr": title_fr, "en": title_en}
            lang_msg = {"fr": msg_fr, "en": msg_en}
            lang = choose_language(request, state_of(request).settings.lang)
            return render(request, "error.html", {
                "title": lang_title[lang], "message": lang_msg[lang], "hint": None,
            }, status=exc.status_code, headers=dict(exc.headers or {}))
        return await http_exception_handler(request, exc)
