"""Dereferencing: every IRI of the graph answers on this server, as HTML or RDF.

``GET /id/…``, ``/graph/…`` and ``/resource?iri=…`` show what the graph says about a thing
(:mod:`pvgraph.resources`); ``GET /ontology`` documents the ontology
(:mod:`pvgraph.ontology_doc`). Each is one address with several representations, chosen by the
``Accept`` header (or ``?format=``): HTML for browsers, Turtle, JSON-LD, RDF/XML or N-Triples for
machines, with ``Vary: Accept``, ``Link: rel=alternate`` headers and ETags from the store version.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from pvgraph.errors import NotFoundError, error
from pvgraph.namespaces import ONTOLOGY_GRAPH
from pvgraph.ontology_doc import OntologyDoc, ontology_doc
from pvgraph.resources import describe, resource_triples
from pvgraph.server.caching import cached, not_modified
from pvgraph.server.deps import SettingsDep, StoreDep
from pvgraph.server.links import (
    HTML,
    alternate_links,
    choose_media_type,
    link_header,
    local_href,
    rdf_format_of,
)
from pvgraph.server.state import state_of
from pvgraph.server.templating import choose_language, render
from pvgraph.sparql import serialize_triples

router = APIRouter(tags=["linked data"])

VARY = "Accept, Accept-Language"


def _page_path(request: Request) -> str:
    """The page's own path with its identifying query (``iri=``), without format or language."""
    iri = request.query_params.get("iri")
    path = quote(request.url.path, safe="/:@!$&'()*+,;=-._~")  # headers take ASCII only
    return path + ("?iri=" + quote(iri, safe="") if iri is not None else "")


def _headers(request: Request, media: str, lang: str, store: StoreDep) -> tuple[dict[str, str], Response | None]:
    """Validators, Vary and Link headers; a 304 response when the client's copy is current."""
    path = _page_path(request)
    variant = f"{path}|{media}|{lang if media == HTML else ''}"
    validators = cached(store, variant=variant, vary=VARY)
    headers = validators.headers()
    headers["Link"] = link_header(path)
    return headers, not_modified(request, validators)


@router.api_route("/ontology", methods=["GET", "HEAD"], summary="The ontology: documentation (HTML) or RDF")
def ontology(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    media = choose_media_type(request)
    lang = choose_language(request, settings.lang)
    headers, early = _headers(request, media, lang, store)
    if early is not None:
        return early
    if media != HTML:
        triples = list(store.quads(str(ONTOLOGY_GRAPH)))
        body = serialize_triples(triples, rdf_format_of(media))
        return Response(body, media_type=media, headers=headers)
    doc = _ontology_doc_for(request, store)
    return render(request, "ontology.html", {
        "doc": doc,
        "href": lambda iri: local_href(iri, settings.public_base),
        "describe_href": lambda iri: "/resource?iri=" + quote(iri, safe=""),
        "alternates": alternate_links(request.url.path),
    }, headers=headers)


def _ontology_doc_for(request: Request, store: StoreDep) -> OntologyDoc:
    """The ontology's documentation model, built once per store version and kept on the app."""
    version = store.version()
    state = state_of(request)
    memo = state.ontology_doc
    if memo is not None and memo[0] == version:
        return memo[1]
    doc = ontology_doc(store)
    state.ontology_doc = (version, doc)  # one tuple, replaced whole: no lock needed
    return doc


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"], summary="A thing of the graph (HTML or RDF)")
def thing(path: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return _dereference(settings.public_base + "id/" + path, request, store, settings)


@router.api_route("/graph/{path:path}", methods=["GET", "HEAD"], summary="A named graph's description")
def graph(path: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return _dereference(settings.public_base + "graph/" + path, request, store, settings)


@router.api_route("/resource", methods=["GET", "HEAD"], summary="What the graph says about any IRI")
def resource(iri: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return _dereference(iri, request, store, settings)


def _dereference(iri: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    media = choose_media_type(request)
    lang = choose_language(request, settings.lang)
    headers, early = _headers(request, media, lang, store)
    if early is not None:
        return early
    if media != HTML:
        triples = resource_triples(store, iri)
        if not triples:
            unknown = error(NotFoundError, "iri.unknown", iri=iri).in_language(lang)
            return JSONResponse(unknown.to_dict(), status_code=unknown.http_status, headers={"Vary": VARY})
        return Response(serialize_triples(triples, rdf_format_of(media)), media_type=media, headers=headers)
    view = describe(store, iri, lang)
    href = lambda target: local_href(target, settings.public_base)  # noqa: E731
    if view is None:
        return render(request, "not_found.html", {"iri": iri, "href": href}, status=404,
                      headers={"Vary": VARY})
    illustrative = any(g.endswith("/graph/examples") for g in view.graphs)
    return render(request, "resource.html", {
        "view": view,
        "href": href,
        "illustrative": illustrative,
        "alternates": alternate_links(_page_path(request)),
    }, headers=headers)
