"""``/sparql``: the SPARQL 1.1 Protocol — query, update (with a token) and service description.

- query by GET, POST form or POST ``application/sparql-query``, with ``default-graph-uri`` and
  ``named-graph-uri``; answers negotiated (``?format=`` then ``Accept`` with q-values, else 406);
  HEAD; CORS for reads. Queries run in killable worker processes (:mod:`.query_pool`).
- update by POST ``application/sparql-update`` or form ``update=``, only with the bearer token;
  ``using-graph-uri``/``using-named-graph-uri``; relative IRIs resolve against the endpoint.
- no query: the service description, rebuilt whenever the store changes; a browser (HTML
  first in its Accept) is sent to the query editor instead (303).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import URL
from starlette.types import Scope

from pvgraph import negotiation, service_description, sparql_text
from pvgraph.errors import Location, QueryError, UserError, error
from pvgraph.formats import rdf_format
from pvgraph.protocol import MethodNotAllowedError, ProtocolRequest, parse_request, url_params
from pvgraph.query_worker import QueryAnswer, QueryJob
from pvgraph.server import replay
from pvgraph.server.auth import CHALLENGE, require_token
from pvgraph.server.caching import Validators, cached, not_modified
from pvgraph.server.limits import CORS_PREFLIGHT, CORS_READ, read_body
from pvgraph.server.metrics import get_metrics
from pvgraph.server.runner import answer
from pvgraph.server.state import ServerState, app_state, state_of
from pvgraph.server.templating import choose_language
from pvgraph.sparql import serialize_triples
from pvgraph.sparql_text import query_form

router = APIRouter(tags=["sparql"])

EDITOR = "/editor"
TRUNCATED_HEADER = "X-Pvgraph-Truncated"


@router.api_route("/sparql", methods=["GET", "HEAD", "POST"])
async def sparql_endpoint(request: Request) -> Response:
    """SPARQL 1.1 Protocol: query, update or service description."""
    settings = state_of(request).settings
    body = b"" if request.method in ("GET", "HEAD") else await read_body(request, settings.max_body_bytes)
    proto = read_request(request.method, request.scope.get("query_string", b""),
                         request.headers.get("content-type"), body)
    if proto.operation == "update":
        return await _update(request, proto)
    if proto.operation == "description":
        accept = request.headers.get("accept")
        if proto.format is None and negotiation.prefers_html(accept):
            return RedirectResponse(EDITOR, status_code=303)
        return await description_response(request, accept, proto.format)
    planned = plan_query(request, proto)
    if isinstance(planned, Response):
        return planned
    return await answer_query(request, planned)


ROUTE = router.routes[0]  # queries answered in front of FastAPI (server/sparql_direct.py) are counted under it


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
async def sparql_other_methods(request: Request) -> Response:
    exc = error(MethodNotAllowedError, "protocol.method", method=request.method).in_language(
        choose_language(request, state_of(request).settings.lang))
    return JSONResponse(exc.to_dict(), status_code=405, headers={"Allow": "GET, HEAD, POST, OPTIONS"})


@router.options("/sparql", include_in_schema=False)
async def sparql_preflight() -> Response:
    """CORS preflight: reads from any origin; Authorization is not allowed cross-origin."""
    return Response(status_code=204, headers=CORS_PREFLIGHT)


def read_request(method: str, query_string: bytes, content_type: str | None, body: bytes) -> ProtocolRequest:
    """:func:`~pvgraph.protocol.parse_request` over the raw URL query and body, remembered for the
    last requests read (the route and :mod:`.sparql_direct` both read requests with it).

    Why: reading a percent-encoded question of 2 kB costs about 20 µs (``bench route-cost``), as
    much as everything else the route does, and clients ask the same few texts again and again. A
    pure function of its arguments (the URL parameters read as Starlette's ``request.query_params``
    reads them, :func:`~pvgraph.protocol.url_params`); an error is not remembered (it is raised
    again next time).
    """
    if len(query_string) + len(body) <= _MEMO_BYTES:
        return _read_request(method, query_string, content_type, body)
    return _read_request.__wrapped__(method, query_string, content_type, body)


# Longer requests are read again each time: 256 entries of 16 kB at most (the request, and the
# text or the URLs read from it) hold under 20 MB even when every request is of that size.
_MEMO_BYTES = 16_384


@functools.lru_cache(maxsize=256)
def _read_request(method: str, query_string: bytes, content_type: str | None, body: bytes) -> ProtocolRequest:
    return parse_request(method, url_params(query_string), content_type, body)


@dataclasses.dataclass(frozen=True)
class PlannedQuery:
    """A query request read and checked, before it is answered: what :func:`answer_query` needs."""

    job: QueryJob
    version: str  # the store version read first: an answer is never kept under a newer one
    validators: Validators | None  # for GET and HEAD: an answer is a function of the URL, Accept and data
    repeatable: bool  # the same text on the same data gives the same answer (sparql_text.is_repeatable)
    fresh: bool  # the client asked for a fresh answer (``Cache-Control: no-cache``)


def plan_query(request: Request, proto: ProtocolRequest) -> PlannedQuery | Response:
    """Everything the endpoint does for a query before it is answered: its form, the SERVICE
    allow-list, the negotiated format, the job, the validators — or the 304 of a conditional GET.

    Raises the request's :class:`~pvgraph.errors.UserError` (an update sent as a query, a SERVICE
    refused, no acceptable format) before anything is run, so that a layer in front of FastAPI
    (:mod:`.sparql_direct`) may leave such a request to the route.
    """
    state = state_of(request)
    settings = state.settings
    version = state.runner.read_version()  # read first: an answer is never kept under a newer version
    try:
        form = query_form(proto.text)
    except QueryError:
        form = "select"  # not recognised: let the engine's parser say where the text is wrong
    if form == "update":
        raise error(QueryError, "sparql.update-not-query")
    sparql_text.check_services(proto.text, settings.service_allowlist)
    headers = request.headers
    choice = negotiation.choose(form, headers.get("accept"), proto.format)
    endpoint, target = request_urls(request.scope)
    job = QueryJob(
        proto.text, choice.result_format, choice.rdf_format,
        default_graphs=proto.default_graphs if proto.has_dataset else None,
        named_graphs=proto.named_graphs if proto.has_dataset else None,
        max_rows=settings.max_rows,
        base_iri=endpoint,
        union_default_graph=settings.union_default_graph,
    )
    validators = None
    if request.method in ("GET", "HEAD"):  # a GET answer is a function of the URL, Accept and data
        validators = query_validators(state, target, choice)
        if (early := not_modified(request, validators)) is not None:
            return early
    # A repeated query is answered from the cache keyed by the store version, the text, the
    # dataset, the format and the row cap (the job), unless it asks for a fresh answer
    # (`Cache-Control: no-cache`, RFC 9111) or its answer may change without the data changing.
    fresh = "no-cache" in headers.get("cache-control", "").lower()
    return PlannedQuery(job, version, validators, sparql_text.is_repeatable(proto.text), fresh)


async def answer_query(request: Request, planned: PlannedQuery) -> Response:
    """The answer to a planned query (:func:`answer`: the cache or the runner), as a response,
    kept for replay when the query is repeatable (server/replay.py)."""
    repeatable = planned.repeatable
    result, hit = await answer(request.app, planned.job, endpoint="sparql", cache=repeatable,
                               read_cache=not planned.fresh)
    headers = planned.validators.headers() if planned.validators else {}
    headers["X-Pvgraph-Cache"] = "hit" if hit else ("miss" if repeatable else "off")
    response = answer_response(result, state_of(request).settings.max_rows, headers)
    if repeatable:
        replay.remember(request.scope, planned.version, request.scope.get("route"), response.raw_headers,
                        result.body)
    return response


def request_urls(scope: Scope) -> tuple[str, str]:
    """(the endpoint's URL without the query, ``path?query``) of a request, as Starlette's
    ``request.url`` gives them: the query's base IRI and what its ETag depends on.

    Remembered for the last requests (building and splitting a URL costs about 10 µs): a pure
    function of what Starlette reads in the scope to build ``request.url``.
    """
    host = next((value for name, value in scope["headers"] if name == b"host"), None)
    server = scope.get("server")
    query = scope.get("query_string", b"")
    key = (scope.get("scheme", "http"), tuple(server) if server is not None else None, scope["path"], host, query)
    if len(query) <= _MEMO_BYTES:
        return _request_urls(key)
    return _request_urls.__wrapped__(key)


@functools.lru_cache(maxsize=256)
def _request_urls(key: tuple[Any, ...]) -> tuple[str, str]:
    scheme, server, path, host, query = key
    url = URL(scope={"scheme": scheme, "server": server, "path": path, "query_string": query,
                     "headers": [(b"host", host)] if host is not None else []})
    return str(url.replace(query="")), f"{url.path}?{url.query}"


def result_validators(request: Request, choice: negotiation.Choice) -> Validators:
    """ETag/Last-Modified of a query answer: the store version, the URL and the chosen format."""
    return query_validators(state_of(request), request_urls(request.scope)[1], choice)


def query_validators(state: ServerState, target: str, choice: negotiation.Choice) -> Validators:
    """ETag/Last-Modified of a query answer asked at ``target`` (``path?query``).

    max-age 0: clients revalidate every time, and get a cheap 304 while the data is unchanged.
    """
    variant = f"{target}|{choice.result_format}|{choice.rdf_format}"
    return cached(state.store, variant=variant, max_age=0, vary="Accept", version=state.runner.read_version())


def answer_response(result: QueryAnswer, max_rows: int, extra: dict[str, str] | None = None) -> Response:
    """A query's answer as an HTTP response: content type, Vary, CORS, the truncation header."""
    headers = {"Vary": "Accept", **CORS_READ, **(extra or {})}
    if result.truncated:
        headers[TRUNCATED_HEADER] = f"true; max-rows={max_rows}"
    return Response(result.body, headers=headers, media_type=with_charset(result.media_type))


def with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"


async def description_response(request: Request, accept: str | None, fmt_param: str | None) -> Response:
    """The service description in the negotiated RDF format (cached for the store's version)."""
    app: FastAPI = request.app
    settings, store = app_state(app).settings, app_state(app).store
    fmt = rdf_format(negotiation.choose_rdf(accept, fmt_param))
    endpoint = str(request.url.replace(query=""))
    cache = app_state(app).descriptions
    key = (store.version(), endpoint, fmt.name)
    body = cache.get(key)
    if body is None:
        graphs = await asyncio.to_thread(store.graphs)
        triples = service_description.describe(
            endpoint, graphs, update=bool(settings.update_token),
            federation=bool(settings.service_allowlist))
        body = serialize_triples(triples, fmt)
        cache.clear()
        cache[key] = body
    return Response(body, media_type=with_charset(fmt.media_type), headers={"Vary": "Accept", **CORS_READ})


async def _update(request: Request, proto: ProtocolRequest) -> Response:
    settings, store = state_of(request).settings, state_of(request).store
    try:
        require_token(request, settings)
    except UserError as exc:
        headers = CHALLENGE if exc.http_status == 401 else {}
        return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)
    text = sparql_text.add_using(proto.text, proto.using_graphs, proto.using_named_graphs)
    endpoint = str(request.url.replace(query=""))
    text, shift = sparql_text.with_base(text, endpoint)
    try:
        async with write_lock(request.app):
            await asyncio.to_thread(store.update, text)
    except QueryError as exc:
        raise _unshift(exc, shift) from None
    get_metrics(request.app).updates.inc()
    return Response(status_code=204)


@asynccontextmanager
async def write_lock(app: FastAPI) -> AsyncIterator[None]:
    """One write at a time (updates, Graph Store writes, submissions). Readers keep the version
    before the write while it is under way, and get the new one before the writer's response
    goes (:meth:`pvgraph.query_pool.QueryPool.hold`, :meth:`~pvgraph.query_pool.QueryPool.publish`)."""
    state = app_state(app)
    async with state.write_lock:
        await state.runner.hold()
        try:
            yield
        finally:
            await state.runner.publish()


def _unshift(exc: QueryError, shift: int) -> QueryError:
    """Correct the column of an error on line 1 for the BASE we put in front of the update."""
    loc = exc.location
    if loc is not None and loc.line == 1 and loc.column is not None and loc.column > shift:
        exc.location = dataclasses.replace(loc, column=loc.column - shift)
    elif loc is not None and loc.line is None:
        exc.location = Location(loc.file)
    return exc
