"""SPARQL endpoint benchmark: each named question through pvgraph's HTTP endpoint, cold and warm,
against pyoxigraph answering the same question in-process on the same data (the baseline).

The graph is the project's own (study, examples, referential, ontology, inferred), built once
with ``pvgraph build`` into a temporary store (or taken from ``--store DIR``). The server is the
real thing, started as ``pvgraph serve --store DIR --port P --no-build --no-access-log`` in its
own process. *Cold* sends ``Cache-Control: no-cache`` (the answer cache is not read: the query
runs in a worker); *warm* is a repeated question answered from the cache keyed by the store
version. The baseline is ``Store.query`` on an in-memory copy plus JSON serialisation, in this
process (no HTTP, no process hop): the ratio says what HTTP, the worker hop and the limits cost.

    python -m bench.bench_endpoint            # 31 runs per question
    python -m bench.bench_endpoint --quick    # 7 runs per question
    python -m bench.bench_endpoint --store DIR  # copy this built store (default: var/store if built)

The copy is a RocksDB checkpoint of a store opened read-only: do not run it while a server writes
to that store.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.serving import (
    ROOT,
    copy_store,
    free_port,
    median_ms,
    prepare_store,
    start_pvgraph,
    time_get,
)

TARGET_MS = 50.0


def start_server(store: Path, port: int, snapshots: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PVGRAPH_MAX_CONCURRENT_QUERIES": "2", "PVGRAPH_QUERY_SNAPSHOTS": snapshots}
    env.pop("PVGRAPH_UPDATE_TOKEN", None)
    return start_pvgraph(store, port, env)


def time_http(client: httpx.Client, url: str, runs: int, *, cold: bool) -> tuple[float, int]:
    headers = {"Accept": "application/sparql-results+json, application/n-triples;q=0.9"}
    if cold:
        headers["Cache-Control"] = "no-cache"
    client.get(url, headers=headers).raise_for_status()  # connection and worker warm-up
    return time_get(client, url, headers, runs)


def time_in_process(store: ox.Store, sparql: str, runs: int) -> tuple[float, int]:
    samples, count = [], 0
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = store.query(sparql, use_default_graph_as_union=True)
        if isinstance(result, ox.QuerySolutions):
            body = result.serialize(format=ox.QueryResultsFormat.JSON)
            count = body.count(b'"type"')  # a cheap size indication
        elif isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=ox.QueryResultsFormat.JSON)
        else:
            body = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        samples.append(time.perf_counter() - start)
    return median_ms(samples[1:]), count


def run(quick: bool, store_dir: Path | None = None, snapshots: str = "disk") -> str:
    """The markdown section for bench/RESULTS.md."""
    from pvgraph.queries import load_queries

    runs = 7 if quick else 31
    work = Path(tempfile.mkdtemp(prefix="pvgraph-bench-endpoint-"))
    try:
        served = work / "served"
        build_seconds = prepare_store(served, store_dir)
        memory_store = ox.Store()
        dump = work / "all.nq"
        ox.Store.read_only(str(served)).dump(str(dump), ox.RdfFormat.N_QUADS)
        memory_store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        triples = len(memory_store)
        copy_store(served, work / "baseline")
        disk_store = ox.Store.read_only(str(work / "baseline"))
        questions = load_queries(ROOT / "ontology" / "queries")
        port = free_port()
        proc = start_server(served, port, snapshots)
        rows = []
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                floor_ms, _ = time_http(client, "/healthz", runs, cold=True)
                for q in questions.values():
                    text = q.sparql()
                    memory_ms, _ = time_in_process(memory_store, text, runs)
                    disk_ms, _ = time_in_process(disk_store, text, runs)
                    cold_ms, size = time_http(client, f"/queries/{q.id}", runs, cold=True)
                    warm_ms, _ = time_http(client, f"/queries/{q.id}", runs, cold=False)
                    rows.append((q.id, memory_ms, disk_ms, cold_ms, warm_ms, size))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cold = [r[3] for r in rows]
    warm = [r[4] for r in rows]
    lines = [
        "## SPARQL endpoint",
        "",
        f"Command: `python -m bench.bench_endpoint{' --quick' if quick else ''} --snapshots {snapshots}` — {platform.machine()}, "
        f"{os.cpu_count()} cores (shared with other jobs), Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}; {triples} quads (the built graph: study, examples, referential, "
        f"ontology, shapes, inferred{f'; built in {build_seconds:.0f} s' if build_seconds else ''}); "
        f"median of {runs} runs per question; server = `pvgraph serve --no-access-log` in its own "
        f"process (2 query workers, `query_snapshots={snapshots}`, uvicorn with uvloop and httptools).",
        "",
        "Cold: `Cache-Control: no-cache` (the query runs in a worker process, on a RocksDB checkpoint "
        "with `disk`, on an in-memory copy with `memory`). "
        "Warm: the same question again, answered from the cache keyed by the store version. "
        "Baselines, in this process, no HTTP, query + JSON serialisation: pyoxigraph's in-memory store "
        "(what the issue quotes) and pyoxigraph on a RocksDB copy of the same store (the storage the "
        f"workers read). HTTP floor (`GET /healthz`, no query): {floor_ms:.2f} ms.",
        "",
        "| question | in-process memory ms | in-process RocksDB ms | HTTP cold ms | HTTP warm ms "
        "| cold − RocksDB ms | bytes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for qid, memory, disk, c, w, size in rows:
        lines.append(f"| {qid} | {memory:.2f} | {disk:.2f} | {c:.2f} | {w:.2f} | {c - disk:+.2f} | {size} |")
    overhead = [r[3] - r[2] for r in rows]
    lines += [
        "",
        f"Cold: median over questions {statistics.median(cold):.1f} ms, worst {max(cold):.1f} ms, "
        f"{sum(c < TARGET_MS for c in cold)}/{len(cold)} under {TARGET_MS:.0f} ms; median cost of HTTP + "
        f"worker hop over in-process RocksDB {statistics.median(overhead):.1f} ms. "
        f"Warm: median {statistics.median(warm):.1f} ms, worst {max(warm):.1f} ms, "
        f"{sum(w < TARGET_MS for w in warm)}/{len(warm)} under {TARGET_MS:.0f} ms.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs per question")
    parser.add_argument("--store", type=Path, help="a built store to copy instead of building one")
    parser.add_argument("--snapshots", choices=("disk", "memory"), default="disk",
                        help="how the query workers read the store (setting query_snapshots)")
    args = parser.parse_args()
    print(run(args.quick, args.store, args.snapshots))


if __name__ == "__main__":
    main()
