"""The replay layer's key: what a cached /sparql answer depends on."""

from __future__ import annotations

from pvgraph.server.replay import request_key


def _scope(server: object) -> dict[str, object]:
    return {"type": "http", "method": "GET", "scheme": "http", "server": server, "path": "/sparql",
            "query_string": b"query=ASK%7B%7D", "headers": [(b"accept", b"application/json")]}


def test_a_server_given_as_a_list_keys_like_a_tuple() -> None:
    """ASGI lets ``server`` be any iterable; Starlette's TestClient gives a list."""
    as_list = request_key(_scope(["testserver", 80]), b"", "v1")
    as_tuple = request_key(_scope(("testserver", 80)), b"", "v1")
    assert as_list is not None and hash(as_list) == hash(as_tuple) and as_list == as_tuple


def test_no_cache_and_other_paths_are_not_keyed() -> None:
    scope = _scope(("h", 80))
    scope["headers"] = [(b"cache-control", b"no-cache")]
    assert request_key(scope, b"", "v1") is None
    assert request_key({**_scope(("h", 80)), "path": "/queries"}, b"", "v1") is None
