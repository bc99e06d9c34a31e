"""The bearer token that guards every write (SPARQL Update, Graph Store writes, submissions).

One token, set by the setting ``update_token`` (``PVGRAPH_UPDATE_TOKEN``); no token configured
means no writes at all. 401 when the request carries no token, 403 when it carries a wrong one.
The comparison takes constant time.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from pvgraph.errors import AuthError, ForbiddenError
from pvgraph.settings import Settings

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="pvgraph"'}


class WritesDisabledError(ForbiddenError):
    code = "writes-disabled"


def require_token(request: Request, settings: Settings) -> str:
    """The token holder's label, or raise 401/403."""
    if not settings.update_token:
        raise WritesDisabledError(
            "writing is off on this server: no update token is configured "
            "(écriture désactivée : aucun jeton configuré)",
            hint="the operator sets PVGRAPH_UPDATE_TOKEN to allow updates and submissions",
        )
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError(
            "this operation needs a bearer token (cette opération demande un jeton)",
            hint="send the header `Authorization: Bearer <token>`",
        )
    if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise ForbiddenError("the token is not valid (jeton refusé)",
                             hint="check the token with the server's operator")
    return settings.update_token_label
