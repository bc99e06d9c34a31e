"""ETag / Last-Modified / 304 / Cache-Control helpers, through a tiny FastAPI app."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient

from pvgraph.server.caching import (
    cached,
    http_date,
    is_fresh,
    make_etag,
    not_modified,
    parse_http_date,
)
from pvgraph.store import EmbeddedStore


def _app(store: EmbeddedStore) -> FastAPI:
    app = FastAPI()

    @app.get("/thing")
    def thing(request: Request) -> Response:
        validators = cached(store, "thing|text/plain", vary="Accept")
        early = not_modified(request, validators)
        if early is not None:
            return early
        return Response("hello", media_type="text/plain", headers=validators.headers())

    return app


def _store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    ex = ox.NamedNode("https://example.org/a")
    store.add_to_graph("https://example.org/g", [ox.Triple(ex, ex, ox.Literal("x"))])
    return store


def test_etag_depends_on_version_and_variant() -> None:
    assert make_etag("v1", "a") != make_etag("v1", "b")
    assert make_etag("v1", "a") != make_etag("v2", "a")
    assert make_etag("v1", "a") == make_etag("v1", "a")
    assert make_etag("v1").startswith('"') and make_etag("v1").endswith('"')


def test_conditional_get_answers_304_then_200_after_a_write() -> None:
    store = _store()
    client = TestClient(_app(store))
    first = client.get("/thing")
    assert first.status_code == 200
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    assert "max-age=" in first.headers["cache-control"]
    assert first.headers["vary"] == "Accept"

    again = client.get("/thing", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get("/thing", headers={"If-None-Match": f'"nope", W/{etag}'}).status_code == 304
    assert client.get("/thing", headers={"If-None-Match": "*"}).status_code == 304
    assert client.get("/thing", headers={"If-Modified-Since": last_modified}).status_code == 304
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    assert client.get("/thing", headers={"If-None-Match": '"other"',
                                         "If-Modified-Since": last_modified}).status_code == 200
    assert client.get("/thing", headers={"If-Modified-Since": "garbage"}).status_code == 200

    ex = ox.NamedNode("https://example.org/b")
    store.add_to_graph("https://example.org/g", [ox.Triple(ex, ex, ex)])
    changed = client.get("/thing", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_if_modified_since_older_than_version_is_not_fresh() -> None:
    store = _store()
    validators = cached(store)
    assert not is_fresh({"if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT"}, validators)
    assert is_fresh({"if-modified-since": http_date(validators.last_modified)}, validators)
    assert not is_fresh({}, validators)


def test_http_date_round_trip() -> None:
    validators = cached(_store())
    assert parse_http_date(http_date(validators.last_modified)) == validators.last_modified
    assert parse_http_date("not a date") is None
