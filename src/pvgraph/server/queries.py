"""``/queries``: the named questions — listed (JSON, or HTML for a browser) and run by name.

``GET /queries/{name}?year=2022`` runs a question with its parameters (checked and typed by
:meth:`pvgraph.queries.NamedQuery.sparql`, never pasted), in the query workers, and answers like
``/sparql`` (same negotiation, row cap, timeout). Repeated questions are answered from a cache
keyed by the store's version, so an answer is never older than the data.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from pvgraph.queries import NamedQuery, load_queries
from pvgraph.server import negotiation
from pvgraph.server.caching import cached, not_modified
from pvgraph.server.limits import CORS_READ
from pvgraph.server.query_worker import QueryJob
from pvgraph.server.runner import answer
from pvgraph.server.sparql import answer_response, result_validators
from pvgraph.server.templating import render
from pvgraph.sparql import query_form

router = APIRouter(tags=["named questions"])

RESERVED = {"format", "output", "lang"}  # URL parameters that are not the question's own
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
    return request.app.state.settings.root / "ontology" / "queries"


@router.api_route("/queries", methods=["GET", "HEAD"])
def list_queries(request: Request) -> Response:
    """Every named question with its French and English text, parameters and SPARQL."""
    questions = list(catalogue(queries_dir(request)).values())
    html = negotiation.prefers_html(request.headers.get("accept"))
    validators = cached(request.app.state.store, variant=f"/queries|{'html' if html else 'json'}",
                        vary="Accept")
    if (early := not_modified(request, validators)) is not None:
        return early
    if html:
        return render(request, "queries.html", {"questions": questions}, headers=validators.headers())
    items = [{**q.to_dict(), "url": str(request.url_for("run_query", name=q.id))} for q in questions]
    return JSONResponse({"queries": items}, headers={**validators.headers(), **CORS_READ})


@router.api_route("/queries/{name}", methods=["GET", "HEAD"], name="run_query")
async def run_query(request: Request, name: str) -> Response:
    """Run one named question; its parameters come from the URL (``?year=2022``)."""
    questions = catalogue(queries_dir(request))
    if name not in questions:
        from pvgraph.queries import get_query  # the same clear error as `pvgraph query NAME`

        get_query(queries_dir(request), name)
    question = questions[name]
    params = request.query_params
    fmt = params.get("format") or params.get("output")
    if fmt is None and negotiation.prefers_html(request.headers.get("accept")):
        return RedirectResponse(f"/editor?question={quote(name)}", status_code=303)  # a browser
    values = {k: v for k, v in params.items() if k not in RESERVED}
    text = question.sparql(values)
    choice = negotiation.choose(query_form(text), request.headers.get("accept"), fmt)
    settings = request.app.state.settings
    validators = result_validators(request, choice)
    if (early := not_modified(request, validators)) is not None:
        return early
    job = QueryJob(text, choice.result_format, choice.rdf_format, max_rows=settings.max_rows)
    # `Cache-Control: no-cache` asks for a fresh answer (RFC 9111): then the cache is not read.
    fresh = "no-cache" in request.headers.get("cache-control", "").lower()
    result, hit = await answer(request.app, job, endpoint="queries", cache=True, read_cache=not fresh)
    return answer_response(result, settings.max_rows,
                           {**validators.headers(), "X-Pvgraph-Cache": "hit" if hit else "miss"})
