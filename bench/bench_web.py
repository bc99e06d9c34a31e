"""Web pages benchmark: how long the front door's pages take on the project's built graph.

The graph is the project's own, built with ``pvgraph build`` into a temporary store (or copied
from ``--store DIR``, default ``var/store`` when built); the server is the real
``pvgraph serve --no-build --no-access-log`` in its own process. Each page is asked ``runs``
times without validators (no ``If-None-Match``: the page is rendered every time); the first
visit to the home page is reported apart, since it computes the per-graph counts that are then
kept for the store version. The baseline is ``/healthz`` on the same server (HTTP and the event
loop, no store work): the ratio says what each page costs beyond a bare answer.

    python -m bench.bench_web            # 21 runs per page
    python -m bench.bench_web --quick    # 5 runs per page
    python -m bench.bench_web --store DIR
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.serving import free_port, prepare_store, start_pvgraph, time_get

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TURTLE = {"accept": "text/turtle"}


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    """``pvgraph serve`` on ``store`` in its own process group, with the default settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PVGRAPH_")}
    return start_pvgraph(store, port, env)


def pages(client: httpx.Client) -> list[tuple[str, str, dict[str, str]]]:
    """(label, path, headers) of the pages measured; the IRIs are picked from the graph."""
    def first(sparql: str) -> str | None:
        answer = client.post("/sparql", data={"query": sparql},
                             headers={"accept": "application/sparql-results+json"})
        rows = answer.json()["results"]["bindings"] if answer.status_code == 200 else []
        return rows[0]["x"]["value"] if rows else None

    pv = "https://w3id.org/pvgraph/ontology#"
    project = first(f"SELECT ?x WHERE {{ GRAPH <https://w3id.org/pvgraph/graph/study> "
                    f"{{ ?x a <{pv}DigitalTerritoryProject> }} }} ORDER BY ?x LIMIT 1")
    region = first(f"SELECT ?x WHERE {{ ?x a <{pv}RegionTerritory> . ?s ?p ?x }} "
                   "GROUP BY ?x ORDER BY DESC(COUNT(?s)) LIMIT 1")  # the most linked région
    chosen = [
        ("home (kept counts)", "/", BROWSER),
        ("home, English", "/?lang=en", BROWSER),
        ("editor", "/editor", BROWSER),
        ("ontology documentation", "/ontology", BROWSER),
        ("ontology, Turtle", "/ontology", TURTLE),
    ]
    base = "https://w3id.org/pvgraph/"
    for label, iri in (("study project", project), ("région (thousands of links)", region)):
        if iri and iri.startswith(base):
            path = "/" + iri[len(base):]
            chosen += [(f"{label}, HTML", path, BROWSER), (f"{label}, Turtle", path, TURTLE)]
    return chosen


def run(quick: bool, store_dir: Path | None = None) -> str:
    """The markdown section for bench/RESULTS.md."""
    runs = 5 if quick else 21
    work = Path(tempfile.mkdtemp(prefix="pvgraph-bench-web-"))
    try:
        served = work / "served"
        build_seconds = prepare_store(served, store_dir)
        quads = len(ox.Store.read_only(str(served)))
        port = free_port()
        proc = start_server(served, port)
        rows = []
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
                start = time.perf_counter()
                client.get("/", headers=BROWSER).raise_for_status()
                first_home_ms = (time.perf_counter() - start) * 1000
                floor_ms, _ = time_get(client, "/healthz", {}, runs)
                for label, path, headers in pages(client):
                    ms, size = time_get(client, path, headers, runs)
                    rows.append((label, path, headers["accept"].split(",")[0], ms, size))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "## Web pages",
        "",
        f"Command: `python -m bench.bench_web{' --quick' if quick else ''}` — {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, pyoxigraph {ox.__version__}; "
        f"{quads} quads (the built graph{f', built in {build_seconds:.0f} s' if build_seconds else ''}); "
        f"median of {runs} requests per page, no validators (every page rendered); server = "
        "`pvgraph serve` in its own process, default settings. Baseline: `/healthz` on the same server "
        f"({floor_ms:.1f} ms).",
        "",
        f"First visit to the home page once the server answers: {first_home_ms:.0f} ms (the per-graph "
        "triple and class counts start in the background at start-up, then are kept for the store "
        "version).",
        "",
        "| page | path | type | ms | × /healthz | bytes |",
        "|---|---|---|---:|---:|---:|",
    ]
    for label, path, media, ms, size in rows:
        lines.append(f"| {label} | `{path}` | {media} | {ms:.1f} | {ms / floor_ms:.0f}× | {size} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--store", type=Path, default=None, help="copy this built store")
    args = parser.parse_args()
    print(run(args.quick, args.store))


if __name__ == "__main__":
    main()
