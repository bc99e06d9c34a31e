"""Concurrency benchmark: many readers at once, and readers while writers change the graph.

On the national graph (a copy of a built store), ``pvgraph serve`` with its defaults:

- **16 clients**: 16 threads, each asking the named questions (their default first page, a POST
  of ``query=…`` asking for SPARQL JSON, as ``bench peers`` does) in turn; throughput and p99.
  The same on ``oxigraph serve`` loaded with the same quads, in the same run (``--no-peer``
  leaves it out: loading a million quads takes a while).
- **reads while writing**: 6 reading clients alone, then the same 6 while 2 writers write, one
  write after another: stewards' submissions (``POST /submissions`` of the conforming example,
  validated, stored, reasoned over: the issue's case; each a case of its own, the example's IRIs
  renamed — the same file sent again and again put the same triples in one more graph each time,
  and the questions that join them over the union of the graphs slowed down with every copy
  (after eight, six of the 21 ran past the 30 s timeout)), or with ``--writes update`` SPARQL Updates
  (one ``INSERT DATA`` of one triple into a graph of their own) at most ``WRITE_EVERY`` seconds
  apart. Each write changes the store version: every cached answer becomes unreachable and the
  workers move to a new snapshot. The ratios "while writing / alone" say what readers feel.

    python -m bench concurrency [--quick]
    python -m bench.bench_concurrency [--quick] [--store DIR] [--seconds S] [--no-peer] [--writes update]
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from bench.serving import (
    ROOT,
    code_version,
    free_port,
    freeze_code,
    prepare_store,
    start_pvgraph,
    stop_process_group,
)

ACCEPT = "application/sparql-results+json"
TIMEOUT = 60.0
WRITE_EVERY = 0.5  # seconds between the starts of two writes of one writer (a busy steward desk)
BIN = Path(sys.executable).parent
SUBMISSION = ROOT / "data" / "examples" / "submissions" / "conforming.ttl"


def questions() -> list[str]:
    from pvgraph.queries import DEFAULT_PAGE_SIZE, load_queries

    return [q.sparql(limit=DEFAULT_PAGE_SIZE) if q.pageable else q.sparql()
            for q in load_queries(ROOT / "ontology" / "queries").values()]


class Failures:
    """The requests that failed, each with when, what and why, so that the server's log of the
    run (``server.log``) can explain them; writers also mark their requests in that log."""

    def __init__(self, log: Path | None = None) -> None:
        self.log = log
        self.kinds: dict[str, int] = {}
        self.listed: list[str] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return sum(self.kinds.values())

    def add(self, who: str, started: float, exc: Exception) -> None:
        """``exc`` (an HTTP status raised, a transport error, a body that is not JSON) ended the
        request ``who`` sent at ``started`` (time.time())."""
        if isinstance(exc, httpx.HTTPStatusError):
            kind = str(exc.response.status_code)
            why = f"HTTP {kind}: {exc.response.text[:300]!r}"
        else:
            kind = type(exc).__name__
            why = f"{kind}: {exc!r}"
        line = (f"{_clock(started)} {who}: failed after {time.time() - started:.1f} s, {why}")
        with self._lock:
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
            self.listed.append(line)
        self.mark(line)

    def mark(self, line: str) -> None:
        """Write ``line`` into the server's log (appended: the server's lines stay whole), so that
        its warnings and tracebacks can be placed among the benchmark's requests."""
        if self.log is not None:
            with open(self.log, "a", encoding="utf-8") as out:
                out.write(f"[bench] {line}\n")


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.gmtime(at)) + f".{int(at % 1 * 1000):03d}"


def readers(url: str, texts: list[str], clients: int, seconds: float, log: Path | None = None) -> dict[str, Any]:
    """Throughput, median and p99 of ``clients`` threads asking ``texts`` in turn; the requests
    that failed (marked in ``log``)."""
    latencies: list[float] = []
    failed = Failures(log)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def read(offset: int) -> None:
        with httpx.Client(timeout=TIMEOUT) as client:
            i = offset
            while time.monotonic() < stop_at:
                started, at = time.perf_counter(), time.time()
                try:
                    response = client.post(url, data={"query": texts[i % len(texts)]}, headers={"Accept": ACCEPT})
                    response.raise_for_status()
                    response.json()
                    with lock:
                        latencies.append(time.perf_counter() - started)
                except (httpx.HTTPError, ValueError) as exc:
                    failed.add(f"reader {offset // 3}, question {i % len(texts)}", at, exc)
                i += 1

    started = time.monotonic()
    threads = [threading.Thread(target=read, args=(k * 3,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + TIMEOUT + 5)
    elapsed = time.monotonic() - started
    return {"rps": len(latencies) / elapsed, "median": statistics.median(latencies) * 1000,
            "p99": statistics.quantiles(latencies, n=100)[98] * 1000, "requests": len(latencies),
            "errors": len(failed), "kinds": failed.kinds, "failures": failed}


def writers(url: str, token: str, count: int, stop: threading.Event, kind: str, failures: Failures
            ) -> tuple[list[float], list[threading.Thread]]:
    """Start ``count`` writer threads; returns their write latencies, filled as they go (their
    failures go to ``failures``), and the threads (join them before stopping the server: a write
    cut by the server's stop is not the server's error)."""
    latencies: list[float] = []
    submission = SUBMISSION.read_bytes()
    run = secrets.token_hex(3)
    base = url.removesuffix("/sparql")

    def write(k: int) -> None:
        with httpx.Client(timeout=TIMEOUT, headers={"Authorization": f"Bearer {token}"}) as client:
            n = 0
            while not stop.is_set():
                started, at = time.perf_counter(), time.time()
                who = f"writer {k}, {kind} {n}"
                try:
                    if kind == "submission":  # a case of its own: the example's IRIs renamed
                        failures.mark(f"{_clock(at)} {who}: sent")
                        case = submission.replace(b"/val-de-brume/", f"/val-de-brume-{run}-{k}-{n}/".encode())
                        response = client.post(f"{base}/submissions", content=case,
                                               headers={"Content-Type": "text/turtle", "Accept": "application/json"})
                    else:
                        update = (f"INSERT DATA {{ GRAPH <https://example.org/bench/writer-{k}> {{ "
                                  f"<https://example.org/bench/w{k}-{n}> <https://example.org/bench/n> {n} }} }}")
                        response = client.post(url, content=update.encode(),
                                               headers={"Content-Type": "application/sparql-update"})
                    response.raise_for_status()
                    latencies.append(time.perf_counter() - started)
                    if kind == "submission":
                        failures.mark(f"{_clock(time.time())} {who}: {response.status_code} after "
                                      f"{time.perf_counter() - started:.1f} s")
                except httpx.HTTPError as exc:
                    failures.add(who, at, exc)
                n += 1
                if kind == "update":
                    stop.wait(max(0.0, WRITE_EVERY - (time.perf_counter() - started)))

    threads = [threading.Thread(target=write, args=(k,), daemon=True) for k in range(count)]
    for thread in threads:
        thread.start()
    return latencies, threads


def _row(name: str, r: dict[str, Any], ref: dict[str, Any] | None = None) -> str:
    ratios = ("", "") if ref is None else (f"{r['rps'] / ref['rps']:.2f}", f"{r['p99'] / ref['p99']:.2f}")
    return (f"| {name} | {r['rps']:.1f} | {r['median']:.1f} | {r['p99']:.0f} | {r['requests']:.0f} "
            f"| {r['errors']:.0f}{_kinds(r['kinds'])} | {ratios[0]} | {ratios[1]} |")


def _kinds(kinds: dict[str, int]) -> str:
    return f" ({', '.join(f'{n}× {k}' for k, n in sorted(kinds.items()))})" if kinds else ""


WRITERS = {
    "submission": "`POST /submissions` of data/examples/submissions/conforming.ttl, one after another",
    "update": f"SPARQL Update `INSERT DATA` of one triple, one every {WRITE_EVERY:g} s at most per writer",
}


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f}" if samples else "—"


def start_oxigraph(store: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    dump = work / "dump.nq"
    ox.Store.read_only(str(store)).dump(str(dump), ox.RdfFormat.N_QUADS)
    location = work / "oxigraph"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(dump)],
                   check=True, capture_output=True, timeout=1200)
    port = free_port()
    proc = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.post(url, data={"query": "ASK {}"}, headers={"Accept": ACCEPT}, timeout=5).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop_process_group(proc)
    raise RuntimeError("oxigraph serve did not start")




def run(quick: bool, store_dir: Path | None = None, seconds: float | None = None, peer: bool = True,
        writes: str = "submission") -> str:
    seconds = seconds or (10.0 if quick else 20.0)
    texts = questions()
    version = code_version()
    token = secrets.token_urlsafe(16)
    work = Path(tempfile.mkdtemp(prefix="pvgraph-bench-concurrency-"))
    log = work / "server.log"  # kept when anything failed (the rest of the work directory goes)
    writes_failed = Failures(log)
    failed: list[Failures] = []
    loads = [os.getloadavg()[0]]
    rows = []
    try:
        served = work / "store"
        prepare_store(served, store_dir)
        triples = len(ox.Store.read_only(str(served)))
        # Submissions and dumps of this run's own; the publication of the served version (a
        # minute or more of a core at this size, at every start) is held off, not measured here.
        # The server runs a copy of the code: a merge into the working tree cannot reach it mid-run.
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("PVGRAPH_")},
               **freeze_code(work / "code"), "PVGRAPH_UPDATE_TOKEN": token, "PVGRAPH_SUBMISSIONS_DIR": str(work / "submissions"),
               "PVGRAPH_PUBLISH_DIR": str(work / "publish"), "PVGRAPH_TEST_PUBLISH_HOLD": "3600"}
        port = free_port()
        proc = start_pvgraph(served, port, env, log=log)
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            failed.append(writes_failed)
            warm = readers(url, texts, 4, 3.0, log)  # every question once: warm workers and cache
            failed.append(warm["failures"])
            sixteen = readers(url, texts, 16, seconds, log)
            failed.append(sixteen["failures"])
            alone = readers(url, texts, 6, seconds, log)
            failed.append(alone["failures"])
            stop = threading.Event()
            write_latencies, threads = writers(url, token, 2, stop, writes, writes_failed)
            try:
                during = readers(url, texts, 6, seconds, log)
                failed.append(during["failures"])
            finally:
                stop.set()
                done_by_then = len(write_latencies)
                for thread in threads:  # the writes under way finish (counted in the errors if they fail)
                    thread.join(TIMEOUT + 5)
            loads.append(os.getloadavg()[0])
        finally:
            stop_process_group(proc)
        done = done_by_then
        peer_row = None
        if peer:
            oxi, oxi_url = start_oxigraph(served, work)
            try:
                readers(oxi_url, texts, 4, 3.0)
                peer_row = readers(oxi_url, texts, 16, seconds)
            finally:
                stop_process_group(oxi)
        rows.append(_row("pvgraph, 16 clients", sixteen, peer_row))
        if peer_row is not None:
            rows.append(_row("oxigraph serve, 16 clients", peer_row))
        rows += [_row("pvgraph, 6 readers alone", alone),
                 _row(f"pvgraph, 6 readers while 2 writers write ({done} {writes}s, "
                      f"{done / seconds:.1f}/s, median {_median_ms(write_latencies)} ms"
                      f"{f', {len(writes_failed)} errors{_kinds(writes_failed.kinds)}' if writes_failed else ''})",
                      during, alone)]
        loads.append(os.getloadavg()[0])
    finally:
        listed = sorted(line for f in failed for line in f.listed)
        _clear(work, keep=log if listed else None)
    head = [
        "### Concurrency (bench/bench_concurrency.py) — lectures simultanées, lectures pendant les écritures",
        "",
        f"Command: `.venv/bin/python -m bench concurrency{' --quick' if quick else ''}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, code {version}; {platform.machine()}, {os.cpu_count()} "
        f"cores shared with other jobs, load average {' → '.join(f'{x:.1f}' for x in loads)}; Python "
        f"{platform.python_version()}, oxigraph {ox.__version__}). {triples:,} quads; {len(texts)} named "
        f"questions (first page) asked in turn by each client, {seconds:.0f} s per row; `pvgraph serve` "
        f"with its defaults; writers: {WRITERS[writes]}. Ratios: to oxigraph serve for 16 clients, to the readers "
        "alone for the readers while writing.",
        "",
        "| clients | requests/s | median ms | p99 ms | requests | errors | requests/s ratio | p99 ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    tail = ["", f"Failed requests ({len(listed)}; the server's log, with the benchmark's marks: {log}):",
            *(f"- {line}" for line in listed)] if listed else []
    return "\n".join([*head, *rows, *tail, ""])


def _clear(work: Path, *, keep: Path | None) -> None:
    """Delete the work directory (the store's copy is large), all but ``keep``."""
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
        return
    for path in work.iterdir():
        if path == keep:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--store", type=Path, help="a built store to copy (default: var/store if built, else a build)")
    parser.add_argument("--seconds", type=float, help="seconds per row (default 20, 10 with --quick)")
    parser.add_argument("--no-peer", action="store_true", help="leave oxigraph serve out")
    parser.add_argument("--writes", choices=("submission", "update"), default="submission",
                        help="what the 2 writers send (default: stewards' submissions)")
    args = parser.parse_args()
    print(run(args.quick, args.store, args.seconds, peer=not args.no_peer, writes=args.writes))


if __name__ == "__main__":
    main()
