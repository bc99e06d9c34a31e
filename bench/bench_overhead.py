"""Overhead benchmark: what pvgraph's own layers cost on a request that asks (almost) nothing.

Two parts, in one run:

- **HTTP**: ``N`` sequential requests, interleaved round-robin (so that the shared machine's load
  falls on every target alike), to ``oxigraph serve`` (``ASK {}``); to a bare ASGI app under
  uvicorn with pvgraph's settings (uvloop, httptools, no access log: the floor of any Python
  server here), and the same with an access log, uvicorn's or ``pvgraph serve``'s; to the same
  app under granian (a Rust HTTP server for Python apps, the candidate for a lower floor: its
  defaults, and its single-threaded runtime with Rust tasks); and to ``pvgraph serve``
  (``/healthz``, with and without its access log; ``ASK {}`` by GET and by POST form, answered
  from the cache; ``ASK {}`` with ``Cache-Control: no-cache``, computed: by a query worker the
  first time, then in the server's process from its in-memory copy, pvgraph.query_lane). Each
  row has its own server process (see :func:`http_part`) and its own keep-alive connection
  (``http.client``, the leanest client in the standard library, so that the client's own cost
  hides as little as possible). Median and p99 of each, and the ratio to ``oxigraph serve``'s
  ``ASK {}`` measured in the same run.
- **in process** (no socket): the same requests sent straight to the ASGI applications (a bare
  ASGI callable, a bare Starlette app, a bare FastAPI app, pvgraph's app), so that the cost of
  each layer is the difference between two rows.

Both stores hold the same few thousand triples (the ontology): ``ASK {}`` does not read them.

    python -m bench overhead [--quick]
    python -m bench.bench_overhead [--quick] [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from bench.serving import ROOT, free_port, measured, stop_process_group

BIN = Path(sys.executable).parent
ASK = "ASK {}"
ACCEPT = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


@dataclass
class Target:
    """One kind of request to one server."""

    name: str
    port: int
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


# -- servers ----------------------------------------------------------------------------------


def _popen(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)




def _wait(port: int, path: str, proc: subprocess.Popen[bytes], deadline_s: float = 120,
          accept: str = ACCEPT) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited at start-up")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Accept": accept})
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not answer")


def _data(work: Path) -> tuple[Path, Path]:
    """A pvgraph store and an N-Quads dump of the same quads (the ontology, one graph)."""
    from pvgraph.store import EmbeddedStore

    quads = []
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph = ox.NamedNode(f"https://w3id.org/pvgraph/bench/{path.stem}")
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph)
                  for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    store = EmbeddedStore(work / "pvgraph-store")
    store.replace_graph("https://w3id.org/pvgraph/bench/ontology", quads)
    store.close()
    dump = work / "data.nq"
    dump.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return work / "pvgraph-store", dump


def floor_app() -> Callable[..., Any]:
    """The least an ASGI app can do: a fixed 200 with a small JSON body."""
    body = b'{"head":{},"boolean":true}'
    start = {"type": "http.response.start", "status": 200,
             "headers": [(b"content-type", b"application/sparql-results+json"),
                         (b"content-length", str(len(body)).encode())]}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # lifespan: nothing to start
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})

    return app


GRANIAN = [str(BIN / "granian"), "--interface", "asgi", "--loop", "uvloop", "--http", "1", "--no-ws",
           "--log-level", "warning", "--factory"]  # as uvicorn runs here: uvloop, HTTP/1.1, no websockets
GRANIAN_TUNED = ["--runtime-mode", "st", "--task-impl", "rust"]  # its lowest latency in trials


def granian_floor(*tuning: str) -> list[str]:
    """The command serving :func:`floor_app` under granian (the ``bench`` extra installs it)."""
    if not (BIN / "granian").is_file():
        raise SystemExit("granian is not installed: pip install -e '.[bench]'")
    return [*GRANIAN, *tuning, "--host", "127.0.0.1", "--port", "{port}", "bench.bench_overhead:floor_app"]


def serve_floor(port: int, access_log: str | None = None) -> None:
    """The floor server: :func:`floor_app` under uvicorn, configured as ``pvgraph serve`` runs it;
    ``access_log``: none, uvicorn's own (written before the response), or pvgraph's
    (:mod:`pvgraph.server.access_log`: the same line, written after it)."""
    import uvicorn

    from pvgraph.server.access_log import AccessLogMiddleware

    app = AccessLogMiddleware(floor_app()) if access_log == "pvgraph" else floor_app()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info" if access_log else "warning",
                access_log=access_log == "uvicorn")


# -- measuring --------------------------------------------------------------------------------


def interleaved(targets: list[Target], requests: int) -> dict[str, list[float]]:
    """Seconds of each request, ``requests`` per target, sent round-robin over keep-alive."""
    conns = {t.name: http.client.HTTPConnection("127.0.0.1", t.port, timeout=30) for t in targets}
    samples: dict[str, list[float]] = {t.name: [] for t in targets}
    try:
        for i in range(requests + 20):  # the first 20 warm each connection and cache
            for t in targets:
                conn = conns[t.name]
                started = time.perf_counter()
                conn.request(t.method, t.path, body=t.body or None, headers=t.headers)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200:
                    raise RuntimeError(f"{t.name}: HTTP {response.status}")
                if i >= 20:
                    samples[t.name].append(elapsed)
    finally:
        for conn in conns.values():
            conn.close()
    return samples


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def http_part(requests: int, work: Path) -> tuple[list[str], dict[str, float]]:
    """Every row on a server process of its own: a process that answers several rows of the
    round-robin runs more often than one that answers a single row, and so finds its caches warm
    and is woken sooner (the shared machine's scheduler): rows sharing a process measured up to
    25 % below the uvicorn floor in trials."""
    store, dump = _data(work)
    procs: list[subprocess.Popen[bytes]] = []
    waits: list[tuple[int, str, subprocess.Popen[bytes]]] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("PVGRAPH_")}
    ask = quote(ASK)

    def start(args: list[str], ready: str, env: dict[str, str] | None = None) -> int:
        port = free_port()
        procs.append(_popen([arg.replace("{port}", str(port)) for arg in args], env))
        waits.append((port, ready, procs[-1]))
        return port

    published: list[int] = []

    def pvgraph(*flags: str) -> int:
        """``pvgraph serve`` on a copy of the store, its dumps and submissions in the bench's
        directory (not the repository's var/, which the servers would share)."""
        own = work / f"pvgraph-{len(procs)}"
        shutil.copytree(store, own / "store")  # RocksDB: one server per store
        port = start([sys.executable, "-m", "pvgraph", "serve", "--store", str(own / "store"), "--port", "{port}",
                      "--no-build", *flags], "/healthz",
                     env | {"PVGRAPH_PUBLISH_DIR": str(own / "publish"),
                            "PVGRAPH_SUBMISSIONS_DIR": str(own / "submissions")})
        published.append(port)
        return port

    floor = [sys.executable, "-m", "bench.bench_overhead", "--floor-server", "{port}"]
    try:
        ox_dir = work / "oxigraph"
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(ox_dir), "--file", str(dump)],
                       check=True, capture_output=True, timeout=600)
        accept = {"Accept": ACCEPT}
        form = f"query={quote(ASK)}".encode()
        targets = [
            Target("oxigraph serve: GET /query ASK {}", start(
                [str(BIN / "oxigraph"), "serve", "--location", str(ox_dir), "--bind", "127.0.0.1:{port}",
                 "--union-default-graph"], f"/query?query={ask}"), "GET", f"/query?query={ask}", accept),
            Target("uvicorn floor: bare ASGI app", start(floor, "/"), "GET", "/", accept),
            Target("uvicorn floor with uvicorn's access log",
                   start([*floor, "--access-log", "uvicorn"], "/"), "GET", "/", accept),
            Target("uvicorn floor with pvgraph's access log (the same line, after the response)",
                   start([*floor, "--access-log", "pvgraph"], "/"), "GET", "/", accept),
            Target("granian floor: bare ASGI app", start(granian_floor(), "/"), "GET", "/", accept),
            Target("granian floor, `--runtime-mode st --task-impl rust`",
                   start(granian_floor(*GRANIAN_TUNED), "/"), "GET", "/", accept),
            Target("pvgraph: GET /healthz", pvgraph("--no-access-log"), "GET", "/healthz", {}),
            Target("pvgraph with its access log (the default): GET /healthz", pvgraph(), "GET", "/healthz", {}),
            Target("pvgraph: GET /sparql ASK {} (cache)", pvgraph("--no-access-log"), "GET",
                   f"/sparql?query={ask}", accept),
            Target("pvgraph: POST /sparql ASK {} form (cache)", pvgraph("--no-access-log"), "POST", "/sparql",
                   {**accept, "Content-Type": FORM}, form),
            Target("pvgraph: GET /sparql ASK {} no-cache (computed: a worker first, then the lane)", pvgraph("--no-access-log"), "GET",
                   f"/sparql?query={ask}", {**accept, "Cache-Control": "no-cache"}),
            Target("pvgraph: POST /sparql ASK {} form no-cache (computed: a worker first, then the lane)", pvgraph("--no-access-log"), "POST",
                   "/sparql", {**accept, "Content-Type": FORM, "Cache-Control": "no-cache"}, form),
        ]
        for port, path, proc in waits:
            _wait(port, path, proc)
        for port in published:  # each writes its dumps when it starts: not while measured
            _wait(port, "/catalog", next(p for q, _, p in waits if q == port), accept="text/turtle")
        samples = interleaved(targets, requests)
    finally:
        for proc in procs:
            stop_process_group(proc)
    reference = statistics.median(samples[targets[0].name])
    reference_p99 = p99(samples[targets[0].name])
    lines = ["| request | median ms | p99 ms | median / oxigraph | p99 / oxigraph |",
             "|---|---:|---:|---:|---:|"]
    medians = {}
    for t in targets:
        med, tail = statistics.median(samples[t.name]), p99(samples[t.name])
        medians[t.name] = med
        lines.append(f"| {t.name} | {med * 1000:.3f} | {tail * 1000:.3f} | {med / reference:.2f} "
                     f"| {tail / reference_p99:.2f} |")
    return lines, medians


# -- in process -------------------------------------------------------------------------------


def _scope(method: str, path: str, query: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None
           ) -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query,
            "root_path": "", "headers": [(b"host", b"127.0.0.1:8000"), *(headers or [])],
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}


async def _call(app: Any, scope: dict[str, Any], body: bytes) -> int:
    status = [0]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]

    await app(dict(scope), receive, send)
    return status[0]


async def _time(app: Any, scope: dict[str, Any], body: bytes, n: int) -> float:
    """The median seconds of ``n`` calls (the median: the machine's other jobs only add outliers)."""
    for _ in range(20):
        if (status := await _call(app, scope, body)) != 200:
            raise RuntimeError(f"{scope['method']} {scope['path']}: {status}")
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        await _call(app, scope, body)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def _lifespan(app: Any) -> tuple[asyncio.Queue[dict[str, Any]], asyncio.Task[None], Any]:
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await inbox.put({"type": "lifespan.startup"})
    task = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                                   inbox.get, outbox.put))
    await outbox.get()
    return inbox, task, outbox


async def _in_process(n: int, store_path: Path) -> list[tuple[str, float]]:
    from fastapi import FastAPI
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    from pvgraph.server.app import create_app
    from pvgraph.settings import load_settings
    from pvgraph.store import EmbeddedStore

    async def plain(request: Any) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    starlette_app = Starlette(routes=[Route("/healthz", plain)])
    fastapi_app = FastAPI()

    @fastapi_app.get("/healthz")
    async def fastapi_health() -> dict[str, str]:
        return {"status": "ok", "version": "x"}

    @fastapi_app.get("/sync")
    def fastapi_sync() -> dict[str, str]:  # a plain def runs in FastAPI's thread pool
        return {"status": "ok", "version": "x"}

    settings = load_settings({"store": str(store_path), "root": str(ROOT)})
    store = EmbeddedStore(store_path)
    app = create_app(settings, store=store)
    inbox, task, outbox = await _lifespan(app)
    accept = [(b"accept", ACCEPT.encode())]
    ask = quote(ASK).encode()
    form = f"query={quote(ASK)}".encode()
    cases: list[tuple[str, Any, dict[str, Any], bytes, int]] = [
        ("bare ASGI callable", floor_app(), _scope("GET", "/"), b"", n),
        ("Starlette, one route", starlette_app, _scope("GET", "/healthz"), b"", n),
        ("FastAPI, one `async def` route returning a dict", fastapi_app, _scope("GET", "/healthz"), b"", n),
        ("FastAPI, one `def` route (run in the thread pool)", fastapi_app, _scope("GET", "/sync"), b"", n),
        ("pvgraph GET /healthz", app, _scope("GET", "/healthz"), b"", n),
        ("pvgraph GET /sparql ASK {} (cache)", app, _scope("GET", "/sparql", b"query=" + ask, accept), b"", n),
        ("pvgraph POST /sparql ASK {} form (cache)", app,
         _scope("POST", "/sparql", b"", [*accept, (b"content-type", FORM.encode()),
                                          (b"content-length", str(len(form)).encode())]), form, n),
        ("pvgraph GET /sparql ASK {} no-cache (computed: a worker first, then the lane)", app,
         _scope("GET", "/sparql", b"query=" + ask, [*accept, (b"cache-control", b"no-cache")]), b"", max(50, n // 10)),
    ]
    rows = []
    try:
        for name, target, scope, body, count in cases:
            rows.append((name, await _time(target, scope, body, count)))
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await task
        store.close()
    return rows


def in_process_part(n: int, work: Path) -> list[str]:
    import uvloop

    store_path = work / "in-process-store"
    shutil.copytree(work / "pvgraph-store", store_path)
    rows = uvloop.run(_in_process(n, store_path))
    lines = ["| ASGI application, request | µs per request | more than the row above |", "|---|---:|---:|"]
    previous = None
    for name, seconds in rows:
        delta = "" if previous is None else f"{(seconds - previous) * 1e6:+.0f}"
        lines.append(f"| {name} | {seconds * 1e6:.0f} | {delta} |")
        previous = seconds
    return lines


# -- report -----------------------------------------------------------------------------------


def run(quick: bool, requests: int | None = None) -> str:
    given = f" --requests {requests}" if requests else ""
    requests = requests or (300 if quick else 2000)

    def measure(work: Path) -> tuple[list[str], list[str]]:
        return http_part(requests, work)[0], in_process_part(max(200, requests), work)

    (http_lines, asgi_lines), load_before, load_after = measured("pvgraph-bench-overhead-", measure)
    head = [
        "### Overhead: one trivial request (bench/bench_overhead.py) — surcoût d'une requête triviale",
        "",
        f"Command: `.venv/bin/python -m bench overhead{' --quick' if quick else ''}{given}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.machine()}, "
        f"{os.cpu_count()} cores shared with other jobs, load average {load_before:.1f} before and "
        f"{load_after:.1f} after; Python {platform.python_version()}, oxigraph {ox.__version__}). "
        f"{requests} requests per row over HTTP, round-robin over the rows, each row on its own server "
        "process with its own keep-alive connection (`http.client`); pvgraph as `pvgraph serve "
        "--no-access-log` with its defaults (one row with the access log, written to /dev/null).",
        "",
    ]
    return "\n".join([*head, *http_lines, "", "In process (no socket, no HTTP parsing; median of each row's requests):",
                      "", *asgi_lines, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--requests", type=int, help="requests per row (default 2000, 300 with --quick)")
    parser.add_argument("--floor-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--access-log", choices=["uvicorn", "pvgraph"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_server:
        serve_floor(args.floor_server, args.access_log)
        return
    print(run(args.quick, args.requests))


if __name__ == "__main__":
    main()
