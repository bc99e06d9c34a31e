"""Bearer tokens: who is writing, and may they.

The setting ``update_token`` (``PVGRAPH_UPDATE_TOKEN``) is the admin's token: SPARQL Update,
Graph Store writes, submissions, and every submission's page and actions. No token configured
means no writes at all. 401 (with a ``WWW-Authenticate: Bearer`` challenge) when the request
carries no token, 403 when it carries a wrong one. The comparison takes constant time.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from pvgraph.errors import AuthError, ForbiddenError
from pvgraph.settings import Settings
from pvgraph.stewards import Steward

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="pvgraph"'}


class WritesDisabledError(ForbiddenError):
    code = "writes-disabled"


def require_token(request: Request, settings: Settings) -> str:
    """The admin token holder's label, or raise 401/403 (SPARQL Update, Graph Store writes)."""
    steward = require_steward(request, settings)
    if not steward.admin:
        raise ForbiddenError("this operation needs an admin token (opération réservée aux administrateurs)",
                             hint="a steward's token only submits; ask the service's operators")
    return steward.name


def require_steward(request: Request, settings: Settings, *, token: str | None = None) -> Steward:
    """The steward the request's bearer token names (or ``token``, from a browser's form field),
    or raise 401/403."""
    if not settings.update_token:
        raise WritesDisabledError(
            "writing is off on this server: no update token is configured "
            "(écriture désactivée : aucun jeton configuré)",
            hint="the operator sets PVGRAPH_UPDATE_TOKEN to allow updates and submissions",
        )
    token = token or _bearer(request)
    if token is None:
        raise AuthError(
            "this operation needs a bearer token (cette opération demande un jeton)",
            hint="send the header `Authorization: Bearer <token>`",
        )
    if not hmac.compare_digest(token.encode(), settings.update_token.encode()):
        raise ForbiddenError("the token is not valid (jeton refusé)",
                             hint="check the token with the server's operator")
    return Steward(settings.update_token_label, admin=True)


def optional_steward(request: Request, settings: Settings) -> Steward | None:
    """The steward named by the request's token, None without one; a wrong token is 403."""
    if _bearer(request) is None:
        return None
    return require_steward(request, settings)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
