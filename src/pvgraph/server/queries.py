"""``/queries``: the named questions — listed (JSON, or HTML for a browser) and run by name.

``GET /queries/{name}?year=2022`` runs a question with its parameters (checked and typed by
:meth:`pvgraph.queries.NamedQuery.sparql`, never pasted), in the query workers, and answers like
``/sparql`` (same negotiation, row cap, timeout). Repeated questions are answered from a cache
keyed by the store's version, so an answer is never older than the data.

Answers come a page at a time (``?limit=`` rows, default :data:`DEFAULT_PAGE_SIZE`, after
``?offset=``): a question that enumerates the whole country stays interactive. A full page carries
a ``Link: <…>; rel="next"`` header (RFC 8288); a browser gets an HTML page with a pager.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from pvgraph import negotiation
from pvgraph.queries import DEFAULT_PAGE_SIZE, NamedQuery, Page, load_queries, read_page
from pvgraph.query_worker import QueryJob
from pvgraph.server.caching import cached, not_modified
from pvgraph.server.limits import CORS_READ
from pvgraph.server.links import local_href
from pvgraph.server.runner import answer
from pvgraph.server.sparql import answer_response, result_validators
from pvgraph.server.state import state_of
from pvgraph.server.templating import render, url_with
from pvgraph.sparql_text import query_form

router = APIRouter(tags=["named questions"])

RESERVED = {"format", "output", "lang", "limit", "offset"}  # URL parameters that are not the question's own
_lock = threading.Lock()
_catalogues: dict[Path, tuple[tuple[tuple[str, float], ...], dict[str, NamedQuery]]] = {}


def catalogue(directory: Path) -> dict[str, NamedQuery]:
    """The named questions, re-read only when a file changed (by name and modification time)."""
    files = tuple(sorted((p.name, p.stat().st_mtime) for p in directory.glob("*.rq"))) \
        if directory.is_dir() else ()
    with _lock:
        known = _catalogues.get(directory)
        if known is not None and known[0] == files:
            return known[1]
    queries = load_queries(directory)
    with _lock:
        _catalogues[directory] = (files, queries)
    return queries


def queries_dir(request: Request) -> Path:
    return state_of(request).settings.root / "ontology" / "queries"


@router.api_route("/queries", methods=["GET", "HEAD"])
def list_queries(request: Request) -> Response:
    """Every named question with its French and English text, parameters and SPARQL."""
    questions = list(catalogue(queries_dir(request)).values())
    html = negotiation.prefers_html(request.headers.get("accept"))
    validators = cached(state_of(request).store, variant=f"/queries|{'html' if html else 'json'}",
                        vary="Accept")
    if (early := not_modified(request, validators)) is not None:
        return early
    if html:
        return render(request, "queries.html", {"questions": questions, "default_page_size": DEFAULT_PAGE_SIZE},
                      headers=validators.headers())
    items = [{**q.to_dict(), "url": str(request.url_for("run_query", name=q.id))} for q in questions]
    return JSONResponse({"queries": items}, headers={**validators.headers(), **CORS_READ})


@router.api_route("/queries/{name}", methods=["GET", "HEAD"], name="run_query")
async def run_query(request: Request, name: str) -> Response:
    """Run one named question; its parameters come from the URL (``?year=2022``), and the page
    from ``?limit=`` and ``?offset=``."""
    questions = catalogue(queries_dir(request))
    if name not in questions:
        from pvgraph.queries import get_query  # the same clear error as `pvgraph query NAME`

        get_query(queries_dir(request), name)
    question = questions[name]
    params = request.query_params
    settings = state_of(request).settings
    values = {k: v for k, v in params.items() if k not in RESERVED}
    page = read_page(question, params.get("limit"), params.get("offset"), max_limit=settings.max_rows)
    text = question.sparql(values, limit=page.limit, offset=page.offset)
    fmt = params.get("format") or params.get("output")
    if fmt is None and negotiation.prefers_html(request.headers.get("accept")):
        return await _html_page(request, question, values, page, text)  # a browser
    choice = negotiation.choose(query_form(text), request.headers.get("accept"), fmt)
    validators = result_validators(request, choice)
    if (early := not_modified(request, validators)) is not None:
        return early
    job = QueryJob(text, choice.result_format, choice.rdf_format, max_rows=settings.max_rows, count_rows=True)
    # `Cache-Control: no-cache` asks for a fresh answer (RFC 9111): then the cache is not read.
    fresh = "no-cache" in request.headers.get("cache-control", "").lower()
    result, hit = await answer(request.app, job, endpoint="queries", cache=True, read_cache=not fresh)
    headers = {**validators.headers(), "X-Pvgraph-Cache": "hit" if hit else "miss"}
    if links := page_links(request, page, result.count):
        headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    return answer_response(result, settings.max_rows, headers)


def page_links(request: Request, page: Page, count: int) -> dict[str, str]:
    """The neighbouring pages' URLs by relation (next, prev, first). A full page has a next one
    (which may be empty: counting the whole answer would cost what paging saves)."""
    if page.limit is None:
        return {}
    links: dict[str, str] = {}
    if count >= page.limit > 0:
        links["next"] = url_with(request, limit=str(page.limit), offset=str(page.offset + page.limit))
    if page.offset > 0:
        links["prev"] = url_with(request, limit=str(page.limit), offset=str(max(0, page.offset - page.limit)))
        links["first"] = url_with(request, limit=str(page.limit), offset=None)
    return links


@dataclass(frozen=True)
class PageTable:
    """One page of a question's answer as the HTML page shows it."""

    kind: str  # select, ask or graph
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[dict[str, str] | None, ...], ...] = ()
    boolean: bool | None = None
    text: str = ""  # a graph answer, as Turtle
    count: int = 0


async def _html_page(request: Request, question: NamedQuery, values: dict[str, str], page: Page,
                     text: str) -> Response:
    """The question, its parameter form, one page of its answer and a pager."""
    settings = state_of(request).settings
    job = QueryJob(text, "json", "turtle", max_rows=settings.max_rows, count_rows=True)
    result, _ = await answer(request.app, job, endpoint="queries", cache=True)
    if result.kind == "graph":
        table = PageTable("graph", text=result.body.decode("utf-8"), count=result.count)
    elif result.kind == "ask":
        table = PageTable("ask", boolean=bool(json.loads(result.body).get("boolean")))
    else:
        data = json.loads(result.body)
        variables = tuple(data["head"]["vars"])
        rows = tuple(tuple(b.get(v) for v in variables) for b in data["results"]["bindings"])
        table = PageTable("select", variables, rows, count=len(rows))
    current = {p.name: values.get(p.name, p.default) for p in question.parameters}
    downloads = {fmt: url_with(request, format=fmt) for fmt in ("json", "csv", "tsv", "xml")} \
        if result.kind != "graph" else {fmt: url_with(request, format=fmt) for fmt in ("turtle", "ntriples", "jsonld")}
    return render(request, "query.html", {
        "q": question,
        "current": current,
        "page": page,
        "table": table,
        "truncated": result.truncated,
        "links": page_links(request, page, result.count),
        "downloads": downloads,
        "sparql": text,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "href": lambda iri: local_href(iri, settings.public_base),
    }, headers={"Vary": "Accept"})
