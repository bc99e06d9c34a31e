"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol.

Reads (GET, HEAD) are open to all and run in the query workers like any query, with the same
timeout. Writes (PUT replaces a graph, POST adds to it or creates a new graph, DELETE drops it)
need the bearer token. Each is one SPARQL Update, all or nothing, on a store that takes updates of
any size (the embedded one); on a remote store, whose engine limits a request's size, the triples
go in requests of its ``chunk_size`` (:func:`pvgraph.sparql_text.insert_requests`), as submissions do. Graphs are named
indirectly (``/store?graph=IRI``, ``/store?default``) or directly (``/store/anything`` names the
graph whose IRI is that URL).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from pvgraph import negotiation
from pvgraph.errors import NotFoundError, UserError, error
from pvgraph.formats import rdf_format_for_path
from pvgraph.loading import document_from_bytes, parse_document
from pvgraph.protocol import MethodNotAllowedError, ProtocolError
from pvgraph.query_worker import QueryJob
from pvgraph.server.auth import require_token
from pvgraph.server.limits import CORS_READ
from pvgraph.server.metrics import get_metrics
from pvgraph.server.runner import answer
from pvgraph.server.sparql import with_charset, write_lock
from pvgraph.server.state import app_state, state_of
from pvgraph.server.uploads import Upload, read_uploads
from pvgraph.sparql_text import insert_requests
from pvgraph.store import Store

router = APIRouter(tags=["graph store"])

DEFAULT = None  # the default graph, as a graph name
_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


@router.api_route("/store", methods=_METHODS)
async def indirect(request: Request) -> Response:
    """Indirect graph identification: ``?graph=IRI`` or ``?default``."""
    params = request.query_params
    graphs = params.getlist("graph")
    if "default" in params and graphs:
        raise error(ProtocolError, "gsp.both")
    if len(graphs) > 1:
        raise error(ProtocolError, "gsp.several")
    if graphs:
        return await _operate(request, _checked_iri(graphs[0]))
    if "default" in params:
        return await _operate(request, DEFAULT)
    if request.method == "POST":
        return await _create(request)
    raise error(ProtocolError, "gsp.no-graph")


@router.api_route("/store/{path:path}", methods=_METHODS)
async def direct(request: Request, path: str) -> Response:
    """Direct graph identification: the request URL is the graph's IRI."""
    return await _operate(request, str(request.url.replace(query="")))


async def _operate(request: Request, graph: str | None) -> Response:
    method = request.method
    if method in ("GET", "HEAD"):
        return await _read(request, graph)
    require_token(request, state_of(request).settings)
    if method == "DELETE":
        return await _delete(request, graph)
    if method in ("PUT", "POST"):
        return await _write(request, graph, replace=method == "PUT")
    raise error(MethodNotAllowedError, "gsp.method", method=method, methods=", ".join(_METHODS))


async def _read(request: Request, graph: str | None) -> Response:
    fmt = negotiation.choose_rdf(request.headers.get("accept"), request.query_params.get("format"))
    if graph is DEFAULT:
        job = QueryJob("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None, fmt,
                       default_graphs=("default",), named_graphs=())
    else:
        job = QueryJob(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", None, fmt)
    result, _ = await answer(request.app, job, endpoint="store")
    if graph is not DEFAULT and result.count == 0:
        raise error(NotFoundError, "gsp.no-such-graph", graph=graph)
    return Response(result.body, media_type=with_charset(result.media_type),
                    headers={"Vary": "Accept", **CORS_READ})


async def _write(request: Request, graph: str | None, *, replace: bool) -> Response:
    app = request.app
    base = graph or str(request.url.replace(query=""))
    uploads = await read_uploads(request, app_state(app).settings.max_body_bytes, default_name=base)
    triples = [t for upload in uploads for t in parse_upload(upload, base)]
    async with write_lock(app):
        existed = graph is DEFAULT or await asyncio.to_thread(_exists, app_state(app).store, graph)
        store: Store = app_state(app).store
        target = "DEFAULT" if graph is DEFAULT else f"GRAPH <{graph}>"
        steps = [f"DROP SILENT {target}"] if replace else []
        steps += insert_requests(graph, triples, store.chunk_size)
        await asyncio.to_thread(store.update_all, steps)
    get_metrics(app).updates.inc()
    return Response(status_code=204 if existed else 201)


async def _create(request: Request) -> Response:
    """POST to the store itself: a new graph under /store/, whose IRI is its URL (201 + Location)."""
    require_token(request, state_of(request).settings)
    graph = str(request.url.replace(query="", path=f"{request.url.path.rstrip('/')}/{uuid.uuid4().hex}"))
    response = await _write(request, graph, replace=True)
    response.status_code = 201
    response.headers["Location"] = graph
    return response


async def _delete(request: Request, graph: str | None) -> Response:
    app = request.app
    async with write_lock(app):
        if graph is not DEFAULT and not await asyncio.to_thread(_exists, app_state(app).store, graph):
            raise error(NotFoundError, "gsp.nothing-to-delete", graph=graph)
        await asyncio.to_thread(app_state(app).store.update,
                                "DROP SILENT DEFAULT" if graph is DEFAULT else f"DROP SILENT GRAPH <{graph}>")
    get_metrics(app).updates.inc()
    return Response(status_code=204)


def parse_upload(upload: Upload, base: str) -> list[ox.Triple]:
    """The triples of one uploaded document (relative IRIs resolve against the graph's IRI)."""
    fmt = None
    if upload.media_type is None and "." in upload.name:
        with contextlib.suppress(UserError):
            fmt = rdf_format_for_path(upload.name)
    document = document_from_bytes(upload.data, name=base, format=fmt, media_type=upload.media_type)
    parsed = parse_document(document, base_iri=base)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in parsed.quads]


def _exists(store: Store, graph: str) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").boolean)


def _checked_iri(value: str) -> str:
    try:
        node = ox.NamedNode(value)
    except ValueError as exc:
        raise error(ProtocolError, "gsp.not-an-iri", value=value, reason=exc) from None
    if ":" not in node.value:
        raise error(ProtocolError, "gsp.not-absolute", value=value)
    return node.value
