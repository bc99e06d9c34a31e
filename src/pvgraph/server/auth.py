"""Bearer tokens: who is writing, and may they.

Two kinds of token (docs/conventions.md, "Stewards and their tokens"):

- the admin's, the setting ``update_token`` (``PVGRAPH_UPDATE_TOKEN``), and any steward token
  added with ``--admin``: SPARQL Update, Graph Store writes, submissions, every submission;
- a steward's, from the tokens file (``pvgraph tokens add``): submissions only, their own.

No admin token and no steward token configured means no writes at all. No token on a protected
route is 401 with a ``WWW-Authenticate: Bearer`` challenge (the app's error handler adds it to
every 401); a token that is not valid, or not allowed there, is 403, told in the request's
language (``?lang=``, ``Accept-Language``, else the setting ``lang``). Comparisons take constant
time (``hmac.compare_digest``; steward tokens are checked against their scrypt hash).
"""

from __future__ import annotations

import hmac
from typing import TypeVar

from fastapi import FastAPI, Request

from pvgraph.errors import AuthError, ForbiddenError, UserError, error
from pvgraph.server.state import app_state
from pvgraph.server.templating import choose_language
from pvgraph.settings import Settings
from pvgraph.stewards import Steward, TokenRegistry

E = TypeVar("E", bound=UserError)

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="pvgraph"'}


class WritesDisabledError(ForbiddenError):
    code = "writes-disabled"


def registry(app: FastAPI) -> TokenRegistry:
    """The app's token registry (from the setting ``tokens_file``)."""
    return app_state(app).tokens


def require_token(request: Request, settings: Settings) -> str:
    """The admin's name, or raise 401/403 (SPARQL Update, Graph Store writes)."""
    steward = require_steward(request, settings)
    if not steward.admin:
        raise _told(request, settings, error(ForbiddenError, "auth.admin-only", name=repr(steward.name)))
    return steward.name


def require_steward(request: Request, settings: Settings, *, token: str | None = None) -> Steward:
    """The steward the request's bearer token names (or ``token``, from a browser's form field),
    or raise 401/403."""
    tokens = registry(request.app)
    if not settings.update_token and not tokens.any_active():
        raise _told(request, settings, error(WritesDisabledError, "auth.writes-disabled"))
    token = token or _bearer(request)
    if token is None:
        raise _told(request, settings, error(AuthError, "auth.token-needed"))
    if settings.update_token and hmac.compare_digest(token.encode(), settings.update_token.encode()):
        return Steward(settings.update_token_label, admin=True)
    steward = tokens.check(token)
    if steward is None:
        raise _told(request, settings, error(ForbiddenError, "auth.token-refused"))
    return steward


def optional_steward(request: Request, settings: Settings) -> Steward | None:
    """The steward named by the request's token, None without one; a wrong token is 403."""
    if _bearer(request) is None:
        return None
    return require_steward(request, settings)


def _told(request: Request, settings: Settings, refusal: E) -> E:
    """``refusal`` in the request's language."""
    return refusal.in_language(choose_language(request, settings.lang))  # type: ignore[return-value]


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
