"""Limits that keep a public endpoint standing: request bodies, and CORS for reads.

The body limit is enforced twice: by a pure ASGI middleware that refuses a declared
``Content-Length`` over the limit before anything is read, and by :func:`read_body`, which counts
the bytes of a chunked body as they arrive. Query time and concurrency are limited in
:mod:`pvgraph.query_pool`; rows in the query workers.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from pvgraph.errors import PayloadTooLargeError, UserError, error
from pvgraph.server.templating import choose_language

# Reads are open to every origin; writes need a token, and Authorization is not an allowed
# cross-origin header, so a browser page elsewhere cannot write with a user's token.
CORS_READ = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "X-Pvgraph-Truncated"}
CORS_PREFLIGHT = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Max-Age": "86400",
}



def too_large(size: int | str | None, limit: int) -> PayloadTooLargeError:
    """The 413 (in French and English); ``size`` None when the body was cut off as it came in."""
    if size is None:
        return error(PayloadTooLargeError, "input.body-too-large-streamed", limit=limit)
    return error(PayloadTooLargeError, "input.body-too-large", size=size, limit=limit)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(declared, limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(None, limit)
        chunks.append(chunk)
    return b"".join(chunks)


class BodyLimitMiddleware:
    """Refuse a request whose declared Content-Length is over the limit, before reading it."""

    def __init__(self, app: Any, limit: int, lang: str = "fr") -> None:
        self.app = app
        self.limit = limit
        self.lang = lang  # the setting's: the layer runs before the app puts itself in the scope

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", []):
                if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                    # told in the request's language, as the app's own handler tells every error
                    refusal: UserError = too_large(value.decode(), self.limit).in_language(
                        choose_language(Request(scope), self.lang))
                    body = json.dumps(refusal.to_dict()).encode()
                    await send({"type": "http.response.start", "status": 413,
                                "headers": [(b"content-type", b"application/json"),
                                            (b"content-length", str(len(body)).encode()),
                                            (b"connection", b"close")]})
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)
