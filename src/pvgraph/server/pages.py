"""The front door: the home page, the query editor and the validator's upload form.

The pages hold no business logic: counts come from the store, the named questions from
:mod:`pvgraph.queries`, query answers from the server's query runner (the same pool, timeout and
row limit as ``/sparql``). ``/editor`` works without JavaScript: its form sends the query back to
``/editor``, which shows the answer as an HTML table; with JavaScript, YASGUI takes over the page
and talks to ``/sparql`` itself.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from pvgraph import messages
from pvgraph.errors import NotFoundError, UserError, error
from pvgraph.languages import resolve
from pvgraph.overview import Overview, graph_overview
from pvgraph.publish.schema_org import dataset_jsonld
from pvgraph.queries import NamedQuery, load_queries
from pvgraph.server.caching import cached, not_modified
from pvgraph.server.deps import SettingsDep, StoreDep
from pvgraph.server.links import local_href
from pvgraph.server.state import ServerState, app_state, state_of
from pvgraph.server.templating import choose_language, render
from pvgraph.settings import Settings
from pvgraph.sparql_text import query_form
from pvgraph.store import Store

log = logging.getLogger("pvgraph.server.pages")


def warm_counts(state: ServerState) -> None:
    """Count what the graph holds in the background as the server starts: on a million triples
    it takes seconds, which the first visitor of the home page would otherwise wait."""
    store = state.store

    def warm() -> None:
        try:
            state.pages.get(store.version(), ("overview",), lambda: graph_overview(store))
        except Exception:  # the home page will compute it (and report the error) itself
            log.exception("could not count the graph in the background")

    threading.Thread(target=warm, name="pvgraph-home-counts", daemon=True).start()


router = APIRouter(tags=["pages"])

GRAPH_NAMES: dict[str, str] = {
    "ontology": "graph.ontology", "shapes": "graph.shapes", "study": "graph.study",
    "referential": "graph.referential", "examples": "graph.examples", "inferred": "graph.inferred",
    "catalog": "graph.catalog", "meta": "graph.meta",
}
"""How the home page names the build's graphs (the last segment of their IRI): their names'
keys in the one catalogue."""

T = TypeVar("T")

EDITOR_MAX_ROWS = 1000
"""Rows shown by the editor's HTML table (the endpoint itself gives up to ``max_rows``)."""


@dataclass(frozen=True)
class ResultTable:
    """A query answer as the editor's no-JavaScript table shows it."""

    kind: str  # select, ask or graph
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[dict[str, str] | None, ...], ...] = ()
    boolean: bool | None = None
    text: str = ""  # a graph answer, as Turtle
    truncated: bool = False


def named_questions(settings: Settings) -> list[NamedQuery]:
    """The named questions, or none when the directory is not there (a store-only deployment)."""
    try:
        return list(load_queries(settings.root / "ontology" / "queries").values())
    except NotFoundError:
        return []


def graph_name(key: str, lang: str) -> str:
    """A graph's name for people (``study`` → « Étude (cas A à D) »)."""
    if key.startswith("submission/"):
        return messages.text("graph.submission", lang, id=key.split("/", 1)[1])
    return messages.text(GRAPH_NAMES[key], lang) if key in GRAPH_NAMES else key


def per_version(app: FastAPI, store: Store, key: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()`` once per store version and ``key``, kept in the app's state (never shared
    between apps): the home page's counts take seconds on a million triples, and change only on
    writes (:class:`~pvgraph.server.state.VersionMemo`)."""
    return app_state(app).pages.get(store.version(), key, compute)


class _CountedStore:
    """The store, with its per-graph triple counts already known (from the overview).

    :func:`pvgraph.publish.schema_org.dataset_jsonld` asks ``graphs()`` only to know which
    parts are present; answering from the overview saves the first visitor seconds.
    """

    def __init__(self, store: Store, overview: Overview) -> None:
        self._store = store
        self._counts = {g.iri: g.triples for g in overview.graphs}

    def graphs(self) -> dict[str, int]:
        return dict(self._counts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def dataset_markup(request: Request, store: Store, settings: Settings, overview: Overview) -> dict[str, Any]:
    """The schema.org ``Dataset`` of the publication (what the catalogue says, as schema.org)."""
    counted: Any = _CountedStore(store, overview)
    return dataset_jsonld(counted, str(request.base_url), public_base=settings.public_base)


@router.api_route("/", methods=["GET", "HEAD"], summary="Home page (French; English with ?lang=en)")
def home(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    lang = choose_language(request, settings.lang)
    validators = cached(store, variant=f"/|{lang}", vary="Accept-Language")
    if (early := not_modified(request, validators)) is not None:
        return early
    overview = per_version(request.app, store, ("overview",), lambda: graph_overview(store))
    jsonld = per_version(request.app, store, ("schema.org", str(request.base_url)),
                         lambda: dataset_markup(request, store, settings, overview))
    total = overview.triples
    questions = named_questions(settings)
    return render(request, "home.html", {
        "overview": overview,
        "graph_name": lambda key: graph_name(key, lang),
        "total": total,
        "questions": questions,
        "jsonld": jsonld,
        "href": lambda iri: local_href(iri, settings.public_base),
    }, headers=validators.headers())


@router.api_route("/editor", methods=["GET", "HEAD"], summary="SPARQL query editor (YASGUI, and a plain form)")
async def editor(request: Request, settings: SettingsDep) -> Response:
    lang = choose_language(request, settings.lang)
    questions = named_questions(settings)
    by_id = {q.id: q for q in questions}
    query = request.query_params.get("query", "")
    chosen = request.query_params.get("question")
    failure: UserError | None = None
    if chosen:
        if chosen in by_id:
            query = by_id[chosen].sparql()
        else:
            failure = error(NotFoundError, "question.unknown-here", name=chosen)
    table = None
    if query.strip() and failure is None and request.method == "GET":
        try:
            table = await run_for_page(request, query)
        except UserError as exc:
            failure = exc
    if failure is not None:
        failure = failure.in_language(lang)  # the page's language
    examples = [
        {"id": q.id, "name": q.question_fr if resolve(lang) == "fr" else q.question_en, "query": q.sparql()}
        for q in questions
    ]
    return render(request, "editor.html", {
        "query": query or default_query(),
        "questions": questions,
        "examples": examples,
        "examples_json": json.dumps(examples, ensure_ascii=False),
        "table": table,
        "error": failure,
        "chosen": chosen,
        "public_base": settings.public_base,
        "href": lambda iri: local_href(iri, settings.public_base),
    }, status=failure.http_status if failure is not None else 200)


@router.get("/validate", summary="Upload form of the validator (the form posts to POST /validate)")
def validate_form(request: Request) -> Response:
    return render(request, "validate.html", {})


def default_query() -> str:
    """A first query that is cheap on the whole graph and shows the study's subject."""
    return (
        "PREFIX pv: <https://w3id.org/pvgraph/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n"
        "# Les projets de territoire numérique et leur libellé\n"
        "SELECT ?projet ?libelle WHERE {\n"
        "  ?projet a pv:DigitalTerritoryProject ;\n"
        "          rdfs:label ?libelle .\n"
        '  FILTER(LANG(?libelle) = "fr")\n'
        "}\nORDER BY ?libelle\nLIMIT 50\n"
    )


async def run_for_page(request: Request, query: str) -> ResultTable:
    """Run a query through the server's runner (pool, timeout, row cap) for the HTML table."""
    from pvgraph.query_worker import QueryJob
    from pvgraph.server.runner import answer

    settings: Settings = state_of(request).settings
    form = query_form(query)
    if form == "update":
        raise error(UserError, "sparql.editor-update")
    job = QueryJob(sparql=query, result_format="json", rdf_format="turtle",
                   max_rows=min(settings.max_rows, EDITOR_MAX_ROWS))
    result, _ = await answer(request.app, job, endpoint="editor")
    if result.kind == "graph":
        return ResultTable("graph", text=result.body.decode("utf-8"), truncated=result.truncated)
    data = json.loads(result.body)
    if result.kind == "ask":
        return ResultTable("ask", boolean=bool(data.get("boolean")))
    variables = tuple(data["head"]["vars"])
    rows = tuple(
        tuple(binding.get(v) for v in variables) for binding in data["results"]["bindings"]
    )
    return ResultTable("select", variables, rows, truncated=result.truncated)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for /favicon.ico on every page that names no icon (the validator's report)."""
    from importlib.resources import files

    icon = files("pvgraph").joinpath("static/favicon.svg").read_bytes()
    return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
