"""Peers benchmark: each named question through HTTP on pvgraph's server, Oxigraph's own server
(``oxigraph serve``), Virtuoso 7 and rdflib-endpoint, on the same data, at several graph sizes;
then 16 concurrent clients on loopback (throughput and p99 latency); and a PNG plot of latency
against graph size (bench/peers-latency.png).

Data: ``build_project`` builds the graph (with its inferred triples) into a pvgraph store; the
same quads are dumped as N-Quads and loaded into each peer (Oxigraph: ``oxigraph load``;
Virtuoso: Graph Store Protocol; rdflib-endpoint: its own loader, in memory). Sizes: *S* = the
project without the referential, *M* = the project (national referential included), *L* = M plus
a million synthetic triples (``--quick``: S and M only, fewer runs).

Every request is a POST of the question (``query=…``) asking for SPARQL JSON. The text is the
question's first page as pvgraph serves it by default (``NamedQuery.sparql(limit=DEFAULT_PAGE_SIZE)``:
the file plus ``LIMIT 1000``), the same text for every system. *Cold* is the first time a question
is asked after the server started; *warm* is the median of the next runs. pvgraph is measured
twice: as users get it (``/sparql`` answers a repeated query from its cache keyed by the store
version, the text, the dataset and the format: its warm column is the cache) and, as "pvgraph
computed", with ``Cache-Control: no-cache`` on every request (every answer computed, the column to
compare with the peers, which have no answer cache). Each request has a 30 s
timeout. Every question is asked of every system at every size: a question whose cold run times
out is not re-run warm (and the system is given a few seconds to settle), a question slower than
5 s cold gets 2 warm runs instead of 7. "rows" compares the number of rows with pvgraph's: a peer
whose default graph is not the union of the named graphs answers differently, and the table says
so rather than hiding it. rdflib-endpoint runs at S only: at M it needs minutes to load and times
out on most questions, which would cost 10 minutes of timeouts to say again.

    python -m bench peers [--quick]
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.serving import stop_process_group
from bench.synthetic import generate_triples, write
from pvgraph.build import build_project
from pvgraph.queries import DEFAULT_PAGE_SIZE, load_queries
from pvgraph.settings import PROJECT_ROOT, load_settings
from pvgraph.store import EmbeddedStore
from pvgraph.store.remote import RemoteStore
from pvgraph.store.servers import free_port
from pvgraph.store.servers.virtuoso import PASSWORD, USER, find_binary, start_virtuoso

HERE = Path(__file__).resolve().parent
PLOT = HERE / "peers-latency.png"
TIMEOUT = 30.0
SLOW = 5.0  # seconds: a question slower than this cold gets SLOW_RUNS warm runs
SLOW_RUNS = 2
SETTLE = 5.0  # seconds left to a server after a timeout (it may still be computing)
ACCEPT = "application/sparql-results+json"
BIN = Path(sys.executable).parent


@dataclass
class Server:
    name: str
    url: str
    stop: Callable[[], None]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Measure:
    cold: float | None = None
    warm: list[float] = field(default_factory=list)
    rows: int | None = None
    error: str | None = None


# -- data -------------------------------------------------------------------------------------


def _copy_project(target: Path, *, referential: bool) -> Path:
    for name in ("ontology", "shapes"):
        shutil.copytree(PROJECT_ROOT / name, target / name)
    names = ("study", "examples", "referential") if referential else ("study", "examples")
    for name in names:
        if (PROJECT_ROOT / "data" / name).is_dir():
            shutil.copytree(PROJECT_ROOT / "data" / name, target / "data" / name,
                            ignore=shutil.ignore_patterns("submissions"))
    return target


def prepare(size: str, workdir: Path, synthetic: int) -> tuple[Path, Path, int]:
    """Build the graph of one size: (pvgraph store dir, N-Quads dump, triples)."""
    root = _copy_project(workdir / f"root-{size}", referential=size != "S")
    if size == "L":
        write(generate_triples(synthetic), root / "data" / "referential" / "synthetic.nq.gz")
    store_dir = workdir / f"store-{size}"
    store = EmbeddedStore(store_dir)
    build_project(load_settings({"store": str(store_dir), "root": str(root)}), store)
    dump = workdir / f"dump-{size}.nq"
    dump.write_bytes(ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS))
    triples = len(store)
    store.close()
    del store
    return store_dir, dump, triples


# -- servers ----------------------------------------------------------------------------------


def _wait(url: str, proc: subprocess.Popen[bytes] | None, deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server for {url} exited at start-up")
        try:
            if httpx.post(url, data={"query": "ASK {}"}, headers={"Accept": ACCEPT}, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {deadline_s:.0f} s")


def _popen(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PVGRAPH_UPDATE_TOKEN"}
    return subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _serving(name: str, proc: subprocess.Popen[bytes], url: str, deadline_s: float) -> Server:
    """The started server once it answers; stopped (not left running) if it never does."""
    try:
        _wait(url, proc, deadline_s)
    except RuntimeError:
        _stopper(proc)()
        raise
    return Server(name, url, _stopper(proc))


def _stopper(proc: subprocess.Popen[bytes]) -> Callable[[], None]:
    return lambda: stop_process_group(proc)


def start_pvgraph(store_dir: Path, workdir: Path) -> Server:
    port = free_port()
    proc = _popen([sys.executable, "-m", "pvgraph", "serve", "--store", str(store_dir), "--port", str(port),
                   "--no-build", "--no-access-log"], PROJECT_ROOT)
    return _serving("pvgraph", proc, f"http://127.0.0.1:{port}/sparql", 120)


def start_oxigraph(dump: Path, workdir: Path) -> Server:
    location = Path(tempfile.mkdtemp(dir=workdir, prefix="oxigraph-"))
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(dump)],
                   check=True, capture_output=True, timeout=600)
    port = free_port()
    proc = _popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"], workdir)
    return _serving("oxigraph serve", proc, f"http://127.0.0.1:{port}/query", 60)


def start_virtuoso_with(dump: Path, workdir: Path) -> Server:
    server = start_virtuoso(Path(tempfile.mkdtemp(dir=workdir, prefix="virtuoso-")), buffers=100000)
    try:
        store = RemoteStore(server.query_url, update_url=server.update_url, user=USER, password=PASSWORD,
                            graph_store_url=server.query_url + "-graph-crud-auth", timeout=600)
        by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
        for quad in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS):
            by_graph[quad.graph_name.value].append(quad)
        for graph, quads in by_graph.items():
            store.add_to_graph(graph, quads)
    except Exception:
        server.stop()
        raise
    return Server("Virtuoso 7", server.query_url, server.stop)


def start_rdflib_endpoint(dump: Path, workdir: Path) -> Server:
    port = free_port()
    proc = _popen([str(BIN / "rdflib-endpoint"), "serve", str(dump), "--host", "127.0.0.1", "--port", str(port)],
                  workdir)
    return _serving("rdflib-endpoint", proc, f"http://127.0.0.1:{port}/", 300)


# -- measuring --------------------------------------------------------------------------------


def ask(client: httpx.Client, server: Server, text: str, *, no_cache: bool = False) -> tuple[float, int]:
    headers = {"Accept": ACCEPT, **server.headers}
    if no_cache:
        headers["Cache-Control"] = "no-cache"
    started = time.perf_counter()
    response = client.post(server.url, data={"query": text}, headers=headers, timeout=TIMEOUT)
    response.raise_for_status()
    rows = len(response.json()["results"]["bindings"])
    return time.perf_counter() - started, rows


def measure(server: Server, questions: dict[str, str], runs: int, *, no_cache: bool = False) -> dict[str, Measure]:
    """Every question once cold, then warm (fewer runs when slow; none after a cold timeout)."""
    results: dict[str, Measure] = {}
    with httpx.Client() as client:
        for name, text in questions.items():
            m = results.setdefault(name, Measure())
            try:
                m.cold, m.rows = ask(client, server, text, no_cache=no_cache)
                for _ in range(SLOW_RUNS if m.cold > SLOW else runs):
                    m.warm.append(ask(client, server, text, no_cache=no_cache)[0])
            except httpx.TimeoutException:
                m.error = f"timeout (> {TIMEOUT:.0f} s)" + (" warm" if m.cold is not None else "")
                time.sleep(SETTLE)
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                m.error = f"error: {str(exc)[:60]}"
    return results


def concurrency(server: Server, questions: dict[str, str], seconds: float, *, no_cache: bool = False,
                clients: int = 16) -> tuple[float, float, int, int]:
    """(requests per second, p99 latency in ms, requests, errors) with ``clients`` threads."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    texts = list(questions.values())
    stop_at = time.monotonic() + seconds

    def worker(offset: int) -> None:
        with httpx.Client() as client:
            i = offset
            while time.monotonic() < stop_at:
                try:
                    latency, _ = ask(client, server, texts[i % len(texts)], no_cache=no_cache)
                    with lock:
                        latencies.append(latency)
                except (httpx.HTTPError, ValueError, KeyError):
                    with lock:
                        errors[0] += 1
                i += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + TIMEOUT + 5)
    elapsed = time.monotonic() - started
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) >= 2 else float("nan")
    return len(latencies) / elapsed, p99, len(latencies), errors[0]


# -- report -----------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f}"


def _summary(results: dict[str, Measure]) -> float | None:
    warm = [statistics.median(m.warm) for m in results.values() if m.warm]
    return statistics.median(warm) if warm else None


def plot(points: dict[str, list[tuple[int, float]]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for system, values in sorted(points.items()):
        if values:
            xs, ys = zip(*sorted(values), strict=True)
            ax.plot(xs, [y * 1000 for y in ys], marker="o", label=system)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples in the store / triplets dans le magasin")
    ax.set_ylabel("median warm latency per question (ms)")
    ax.set_title("Named questions (first page) over HTTP\nquestions nommées (1re page) en HTTP")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run(quick: bool) -> str:
    sizes = ("S", "M") if quick else ("S", "M", "L")
    runs = 3 if quick else 7
    synthetic = 1_000_000
    conc_seconds = 5.0 if quick else 10.0
    questions = {n: q.sparql(limit=DEFAULT_PAGE_SIZE) if q.pageable else q.sparql()
                 for n, q in load_queries(PROJECT_ROOT / "ontology" / "queries").items()}
    lines: list[str] = []
    points: dict[str, list[tuple[int, float]]] = defaultdict(list)
    conc_rows: list[str] = []
    summary: dict[tuple[str, str], str] = {}
    starters: list[tuple[str, Callable[[Path, Path, Path], Server], bool]] = [
        ("pvgraph", lambda store, dump, wd: start_pvgraph(store, wd), False),
        ("pvgraph computed", lambda store, dump, wd: start_pvgraph(store, wd), True),
        ("oxigraph serve", lambda store, dump, wd: start_oxigraph(dump, wd), False),
    ]
    if find_binary():
        starters.append(("Virtuoso 7", lambda store, dump, wd: start_virtuoso_with(dump, wd), False))
    starters.append(("rdflib-endpoint", lambda store, dump, wd: start_rdflib_endpoint(dump, wd), False))
    with tempfile.TemporaryDirectory(prefix="pvgraph-bench-peers-") as tmp:
        workdir = Path(tmp)
        for size in sizes:
            print(f"  size {size}: building…", flush=True)
            t0 = time.perf_counter()
            store_dir, dump, triples = prepare(size, workdir, synthetic)
            print(f"  size {size}: {triples} triples ({time.perf_counter() - t0:.0f} s)", flush=True)
            lines += ["", f"#### Size {size}: {triples:,} triples", "",
                      "| question | " + " | ".join(f"{s} cold / warm ms" for s, *_ in starters) + " |",
                      "|---|" + "---:|" * len(starters)]
            table: dict[str, dict[str, str]] = defaultdict(dict)
            reference: dict[str, Measure] = {}
            for system, start, no_cache in starters:
                if system == "rdflib-endpoint" and size != "S":
                    for name in questions:
                        table[name][system] = "not run (S only)"
                    continue
                print(f"  size {size}: {system}: starting…", flush=True)
                t1 = time.perf_counter()
                try:
                    server = start(store_dir, dump, workdir)
                except Exception as exc:  # a peer that cannot start is reported, not fatal
                    print(f"  size {size}: {system}: could not start: {exc}", flush=True)
                    for name in questions:
                        table[name][system] = "did not start"
                    continue
                try:
                    print(f"  size {size}: {system}: up in {time.perf_counter() - t1:.0f} s; asking…", flush=True)
                    results = measure(server, questions, runs, no_cache=no_cache)
                    if system == "pvgraph":
                        reference = results
                    for name, m in results.items():
                        ref = reference.get(name)
                        same = "" if ref is None or ref.rows is None or m.rows is None or m.rows == ref.rows \
                            else f" (rows {m.rows} ≠ {ref.rows})"
                        table[name][system] = m.error or \
                            f"{_ms(m.cold)} / {_ms(statistics.median(m.warm) if m.warm else None)}{same}"
                    median = _summary(results)
                    answered = sum(1 for m in results.values() if m.warm)
                    summary[(system, size)] = ("—" if median is None else f"{median * 1000:.1f}") + \
                        f" ({answered}/{len(results)})"
                    if median is not None:
                        points[system].append((triples, median))
                    print(f"  size {size}: {system}: median warm {summary[(system, size)]}", flush=True)
                    if size == "M":
                        rps, p99, count, errors = concurrency(server, questions, conc_seconds, no_cache=no_cache)
                        conc_rows.append(f"| {system} | {rps:.1f} | {p99:.0f} | {count} | {errors} |")
                        print(f"  size {size}: {system}: 16 clients: {rps:.1f} req/s, p99 {p99:.0f} ms", flush=True)
                finally:
                    server.stop()
            for name in questions:
                lines.append(f"| {name} | " + " | ".join(table[name].get(s, "—") for s, *_ in starters) + " |")
    plot(points, PLOT)
    header = [
        "### Peers: named questions over HTTP (bench/bench_peers.py)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 shared cores, loopback. "
        f"Command: `.venv/bin/python -m bench peers{' --quick' if quick else ''}`. "
        f"{runs} warm runs per question ({SLOW_RUNS} when slower than {SLOW:.0f} s cold, none after a "
        f"cold timeout); {TIMEOUT:.0f} s timeout per request; every question asked at every size; "
        f"each question's default first page (LIMIT {DEFAULT_PAGE_SIZE}), the same text to every system. "
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average at the end "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        "Median warm latency over the questions answered (ms), per size, and how many were answered:",
        "",
        "| system | " + " | ".join(sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for system, *_ in starters:
        cells = [summary.get((system, size), "—") for size in sizes]
        header.append(f"| {system} | " + " | ".join(cells) + " |")
    header += ["", f"![latency against graph size]({PLOT.name})", ""]
    conc = ["", f"#### Concurrency: 16 clients on loopback, size M, {conc_seconds:.0f} s, all questions in turn", "",
            "| system | requests/s | p99 ms | requests | errors |", "|---|---:|---:|---:|---:|", *conc_rows]
    return "\n".join(header + lines + conc)


if __name__ == "__main__":
    print(run("--quick" in sys.argv))

