"""pvgraph's access log writes uvicorn's own line (uvicorn's formatter is the reference), after
the response, for every HTTP request (a failing one included)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from uvicorn.config import LOGGING_CONFIG
from uvicorn.logging import AccessFormatter
from uvicorn.protocols.utils import get_client_addr, get_path_with_query_string

from pvgraph.server.access_log import AccessLogMiddleware, line


def _scope(path: str, raw: bytes, query: bytes, client: tuple[str, int] | None) -> dict[str, Any]:
    return {"type": "http", "method": "GET", "http_version": "1.1", "path": path, "raw_path": raw,
            "query_string": query, "root_path": "", "client": client, "headers": []}


def _uvicorns_line(scope: dict[str, Any], status: int) -> str:
    """The line uvicorn's access logger writes (its record, its formatter, no colours)."""
    formatter = AccessFormatter(LOGGING_CONFIG["formatters"]["access"]["fmt"], use_colors=False)
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 0, '%s - "%s %s HTTP/%s" %d',
                               (get_client_addr(scope), scope["method"], get_path_with_query_string(scope),
                                scope["http_version"], status), None)
    return formatter.format(record) + "\n"


@pytest.mark.parametrize(("scope", "status"), [
    (_scope("/healthz", b"/healthz", b"", ("127.0.0.1", 50000)), 200),
    (_scope("/sparql", b"/sparql", b"query=ASK+%7B%7D", ("10.0.0.7", 443)), 200),
    (_scope("/id/é", b"/id/%C3%A9", b"a=%22b%22", ("::1", 8000)), 404),
    (_scope('/x"y', b'/x"y', b"", None), 500),
    (_scope("/s", b"/s", b"", ("127.0.0.1", 1)), 599),  # not a status http knows
])
def test_the_line_is_uvicorns(scope: dict[str, Any], status: int) -> None:
    assert line(scope, status) == _uvicorns_line(scope, status)


def test_one_line_per_request_written_after_the_response_a_failing_one_included() -> None:
    events: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["path"] == "/fails":
            raise RuntimeError("a bug")
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message: dict[str, Any]) -> None:
        events.append(message["type"])

    logged = AccessLogMiddleware(app, write=events.append)

    async def scenario() -> None:
        await logged(_scope("/made", b"/made", b"", ("127.0.0.1", 1)), None, send)
        with pytest.raises(RuntimeError):
            await logged(_scope("/fails", b"/fails", b"", ("127.0.0.1", 1)), None, send)

    asyncio.run(scenario())
    assert events[:2] == ["http.response.start", "http.response.body"]
    assert events[2].endswith('"GET /made HTTP/1.1" 201 Created\n')
    assert events[3].endswith('"GET /fails HTTP/1.1" 500 Internal Server Error\n') and len(events) == 4
