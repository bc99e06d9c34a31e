"""Route cost (issue 15): what pvgraph's own handling of a computed ``/sparql`` query costs, in
process, apart from the query.

A computed answer costs uvicorn, plus pvgraph's handling of the request, plus the query. This
bench measures the middle term: every request is sent straight to the ASGI application (no
socket, no HTTP parsing) with ``Cache-Control: no-cache`` (neither the replay layer nor the answer
cache answers it), and the runner's :func:`~pvgraph.server.runner.answer` is replaced by a stub
that returns a fixed answer at once — what is left is the layers, the routing, the protocol, the
negotiation, the validators, the response, the replay bookkeeping, the metrics. Rows:

- references: a bare ASGI callable (the floor), ``/healthz`` (answered by its pure ASGI probe),
  a replayed ``GET /sparql`` (server/replay.py);
- ``GET``, ``POST`` form and ``POST application/sparql-query`` of ``ASK {}`` and of a named
  question's first page (the text ``bench peers`` sends), as served, and — when the direct layer
  (server/sparql_direct.py) exists — through FastAPI's route with that layer stepping aside;
- the stages of the route, each timed alone: the protocol read (remembered, and the first time a
  text is read), the text's form, SERVICE calls and repeatability (remembered, and first read),
  the negotiation, the URLs, the validators, the response.

Median µs over ``N`` requests each (the machine's other jobs only add outliers). Runs against
whatever ``pvgraph`` is on the path, so the same driver measures a former revision:
``PYTHONPATH=/path/to/old/src:. python -m bench.bench_route_cost``.

    python -m bench route-cost [--quick]
    python -m bench.bench_route_cost [--requests N]
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.bench_overhead import ACCEPT, FORM, _call, _scope, floor_app
from bench.serving import ROOT, measured

QUESTION = "project-leaders"  # named in issue 15; its first page as bench peers sends it
SPARQL_QUERY = "application/sparql-query"


def _commit() -> str:
    try:
        import pvgraph

        where = Path(pvgraph.__file__).resolve().parent
        return subprocess.run(["git", "-C", str(where), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _question() -> str:
    from pvgraph.queries import DEFAULT_PAGE_SIZE, load_queries

    question = load_queries(ROOT / "ontology" / "queries")[QUESTION]
    return question.sparql(limit=DEFAULT_PAGE_SIZE) if question.pageable else question.sparql()


def _requests(text: str) -> dict[str, tuple[dict[str, Any], bytes]]:
    """GET, POST form and POST sparql-query of ``text``, asking for a fresh answer."""
    accept = [(b"accept", ACCEPT.encode()), (b"cache-control", b"no-cache")]
    form = f"query={quote(text)}".encode()
    body = text.encode()
    return {
        "GET": (_scope("GET", "/sparql", f"query={quote(text)}".encode(), accept), b""),
        "POST form": (_scope("POST", "/sparql", b"", [*accept, (b"content-type", FORM.encode()),
                                                       (b"content-length", str(len(form)).encode())]), form),
        "POST sparql-query": (_scope("POST", "/sparql", b"", [*accept, (b"content-type", SPARQL_QUERY.encode()),
                                                               (b"content-length", str(len(body)).encode())]), body),
    }


async def _median(call: Callable[[], Any], n: int, *, check: Callable[[Any], None] | None = None) -> float:
    """Median seconds of ``n`` awaited calls, after 20 to warm."""
    for _ in range(20):
        result = await call()
        if check is not None:
            check(result)
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _ok(status: int) -> None:
    if status != 200:
        raise RuntimeError(f"HTTP {status}")


async def _sync(function: Callable[[], Any]) -> Any:
    return function()


async def _measure(n: int, store_path: Path) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    from pvgraph.query_worker import QueryAnswer
    from pvgraph.server import sparql
    from pvgraph.server.app import create_app
    from pvgraph.settings import load_settings
    from pvgraph.store import EmbeddedStore

    fixed = QueryAnswer("ask", ACCEPT, b'{"head":{},"boolean":true}')

    async def stub(app: Any, job: Any, **options: Any) -> tuple[QueryAnswer, bool]:
        return fixed, False

    real_answer = sparql.answer
    sparql.answer = stub  # everything but the query (the module's global, read by the route); put back below
    direct = importlib.util.find_spec("pvgraph.server.sparql_direct") is not None
    settings = load_settings({"store": str(store_path), "root": str(ROOT),
                              "publish_dir": str(store_path.parent / "publish"),
                              "submissions_dir": str(store_path.parent / "submissions")},
                             settings_file=store_path.parent / "absent.toml")
    store = EmbeddedStore(store_path)
    app = create_app(settings, store=store)
    rows: list[tuple[str, float]] = []

    async def row(name: str, scope: dict[str, Any], body: bytes, target: Any = app) -> None:
        rows.append((name, await _median(lambda: _call(target, scope, body), n, check=_ok)))

    try:
        await row("bare ASGI callable (the floor)", _scope("GET", "/"), b"", floor_app())
        await row("pvgraph `GET /healthz` (its pure ASGI probe)", _scope("GET", "/healthz"), b"")
        await row("pvgraph `GET /sparql` `ASK {}` replayed (server/replay.py)",
                  _scope("GET", "/sparql", f"query={quote('ASK {}')}".encode(), [(b"accept", ACCEPT.encode())]), b"")
        for label, text in (("`ASK {}`", "ASK {}"), (f"`{QUESTION}` ({len(_question())} chars)", _question())):
            for kind, (scope, body) in _requests(text).items():
                await row(f"{kind} {label}, computed: as served", scope, body)
                if direct:
                    from pvgraph.server.sparql_direct import DirectQueryMiddleware

                    takes = DirectQueryMiddleware.takes
                    DirectQueryMiddleware.takes = lambda self, scope: (False, None)  # type: ignore[method-assign]
                    try:
                        await row(f"{kind} {label}, computed: FastAPI's route (the direct layer aside)", scope, body)
                    finally:
                        DirectQueryMiddleware.takes = takes  # type: ignore[method-assign]
        # The same question, a new text each time (a comment added): what a text costs the first
        # time it is read, when nothing of it is remembered.
        bodies = iter([f"query={quote(f'{_question()}# {i}')}".encode() for i in range(n + 20)])
        scope, _ = _requests(_question())["POST form"]

        async def new_text() -> int:
            body = next(bodies)
            headers = [(k, str(len(body)).encode() if k == b"content-length" else v) for k, v in scope["headers"]]
            return await _call(app, {**scope, "headers": headers}, body)

        rows.append((f"POST form `{QUESTION}`, a new text each time (nothing remembered), computed: as served",
                     await _median(new_text, n, check=_ok)))
        stages = await _stages(n, app) if direct else []
    finally:
        store.close()
        sparql.answer = real_answer  # `python -m bench` runs the other benchmarks in this process
    return rows, stages


async def _stages(n: int, app: Any) -> list[tuple[str, float]]:
    """Each stage of the route, timed alone, on the named question's POST form."""
    from starlette.datastructures import URL, QueryParams
    from starlette.requests import Request

    from pvgraph import negotiation, sparql_text
    from pvgraph.protocol import parse_request, url_params
    from pvgraph.query_worker import QueryAnswer
    from pvgraph.server import sparql
    from pvgraph.server.state import app_state

    text = _question()
    fresh = (f"{text}# {i}\n" for i in itertools.count())  # a new text each time: nothing remembered

    def _first_read(new: str) -> Any:
        return sparql_text.query_form(new), sparql_text.check_services(new, ()), sparql_text.is_repeatable(new)

    scope, body = _requests(text)["POST form"]
    get_scope, _ = _requests(text)["GET"]
    scope = {**scope, "app": app}
    state = app_state(app)
    request = Request(scope)
    proto = sparql.read_request("POST", b"", FORM, body)
    choice = negotiation.choose("select", ACCEPT, None)
    answer = QueryAnswer("select", ACCEPT, b"{}" * 500)
    planned = sparql.plan_query(request, proto)
    assert isinstance(planned, sparql.PlannedQuery)
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("Starlette `Request(scope)`", lambda: Request(scope)),
        ("protocol: `read_request` (remembered)", lambda: sparql.read_request("POST", b"", FORM, body)),
        ("protocol: `parse_request` of the form (what a text read the first time costs)",
         lambda: parse_request("POST", [], FORM, body)),
        ("protocol: the same text by GET (`url_params` + `parse_request`), the first time",
         lambda: parse_request("GET", url_params(get_scope["query_string"]), None, b"")),
        ("protocol: Starlette's `request.query_params` of that GET (what FastAPI decodes for itself)",
         lambda: QueryParams(get_scope["query_string"]).multi_items()),
        ("text: `query_form` + `check_services` + `is_repeatable` (remembered)",
         lambda: (sparql_text.query_form(text), sparql_text.check_services(text, ()),
                  sparql_text.is_repeatable(text))),
        ("text: the same, a text read the first time", lambda: _first_read(next(fresh))),
        ("`negotiation.choose` (remembered)", lambda: negotiation.choose("select", ACCEPT, None)),
        ("URLs: `request_urls` (remembered)", lambda: sparql.request_urls(get_scope)),
        ("URLs: Starlette's `request.url` and `.replace(query='')`",
         lambda: (str(URL(scope=get_scope).replace(query="")), URL(scope=get_scope).path)),
        ("validators: `query_validators` + `.headers()`",
         lambda: sparql.query_validators(state, "/sparql?query=x", choice).headers()),
        ("`plan_query` in all (form, SERVICE, negotiation, job, validators)",
         lambda: sparql.plan_query(request, proto)),
        ("`answer_response` (Starlette `Response`)", lambda: sparql.answer_response(answer, 10_000, {"a": "b"})),
    ]
    return [(name, await _median(lambda f=function: _sync(f), n)) for name, function in cases]  # type: ignore[misc]


def _table(rows: list[tuple[str, float]], floor: float | None) -> list[str]:
    lines = ["| request | µs | / floor |" if floor else "| stage | µs |", "|---|---:|---:|" if floor else "|---|---:|"]
    for name, seconds in rows:
        lines.append(f"| {name} | {seconds * 1e6:.1f} | {seconds / floor:.1f} |" if floor
                     else f"| {name} | {seconds * 1e6:.1f} |")
    return lines


def run(quick: bool, requests: int | None = None) -> str:
    n = requests or (500 if quick else 3000)
    import uvloop

    (rows, stages), load_before, load_after = measured(
        "pvgraph-bench-route-", lambda work: uvloop.run(_measure(n, work / "store")))
    head = [
        "### Route cost: pvgraph's own handling of a computed `/sparql` query, in process (bench/bench_route_cost.py)",
        "",
        f"`python -m bench.bench_route_cost --requests {n}` at {_commit()} "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {load_before:.1f} before and {load_after:.1f} after; Python {platform.python_version()}). "
        "Median µs per request sent straight to the ASGI app, `Cache-Control: no-cache`, the runner's "
        "`answer()` a stub returning a fixed answer at once.",
        "",
    ]
    out = [*head, *_table(rows, rows[0][1])]
    if stages:
        out += ["", f"Stages, each timed alone (`{QUESTION}` by POST form unless said):", "", *_table(stages, None)]
    return "\n".join([*out, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--requests", type=int, help="requests per row (default 3000, 500 with --quick)")
    args = parser.parse_args()
    print(run(args.quick, args.requests))


if __name__ == "__main__":
    main()
