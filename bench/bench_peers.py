"""Peers benchmark (issue 15): each named question over HTTP on pvgraph's server, Oxigraph's own
server (``oxigraph serve``) and Virtuoso 7, on the same quads, at every graph size; the ratio of
pvgraph to the faster peer per question; 16 concurrent clients at M (throughput, p99); the build
cost of each size; a plot of latency and ratios against size (bench/peers-latency.png) and of the
build cost (bench/build-cost.png).

Sizes (bench/sizes.py): *S* the project without the referential, *M* the national graph, *L* M
plus a million synthetic triples, *XL* M plus ten million (``--quick``: S and M, fewer runs).

Data: each size is built by the real command (``python -m pvgraph build``, measured: wall, CPU,
peak memory) into a pvgraph store. Oxigraph's server is given a RocksDB checkpoint of that very
store (the same engine and version as pyoxigraph: the same quads, byte for byte, and no load to
wait for); Virtuoso gets the store's N-Quads dump through its bulk loader (``ld_dir`` and two
``rdf_loader_run`` in parallel, then a checkpoint), and the bench checks that it then holds as many
quads as pvgraph.

Every request is a POST of the question (``query=…``) asking for SPARQL JSON. The text is the
question's first page as pvgraph serves it by default (``NamedQuery.sparql(limit=DEFAULT_PAGE_SIZE)``:
the file plus ``LIMIT 1000``), the same text for every system. *Cold* is the first time a question
is asked after the server started; *warm* is the median of the next runs. All the servers of a
size run at once, and each question is asked of each in turn (cold on each, then rounds of warm
runs), so that the shared machine's changing load falls on all of them alike. pvgraph is measured
twice, by one server: "pvgraph computed" sends ``Cache-Control: no-cache``
with every request, which both the replaying middleware (server/replay.py) and the answer cache
(server/runner.py ``read_cache=False``) obey, so every answer is computed by a query worker — the
column compared with the peers, which have no answer cache; "pvgraph cached" sends nothing, so a
repeated question is answered from the cache, as users get it (it is asked first, so its cold run
is computed too). ``pvgraph serve`` starts writing its dumps when it starts: nothing is measured
until they are written (``/catalog`` answers), so that the questions do not share the cores with
the publication — earlier runs of this bench measured pvgraph while it published. The bench counts the
``X-Pvgraph-Cache`` header of every warm answer and reports it, so a column that did not measure
what it says is visible.

Each request has a 30 s timeout. Every question is asked of every system at every size: a
question whose cold run times out is not re-run warm (and the system is given a few seconds to
settle), a question slower than 5 s cold gets 2 warm runs instead of 7. "rows" compares the number
of rows with pvgraph's. The ratio of a question is pvgraph's warm median over the faster peer's
(the smaller of the peers' warm medians); when pvgraph timed out it is counted as over 1.5, when
both peers timed out and pvgraph answered it is at most pvgraph's time over the timeout.

    python -m bench peers [--quick]
    python -m bench --sizes M,L peers
"""

from __future__ import annotations

import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from bench import sizes as graph_sizes
from bench.serving import copy_store, lane_answers, stop_process_group, wait_mirror
from pvgraph.queries import DEFAULT_PAGE_SIZE, load_queries
from pvgraph.settings import PROJECT_ROOT
from pvgraph.store.servers import free_port
from pvgraph.store.servers.virtuoso import (
    PASSWORD,
    USER,
    VirtuosoServer,
    find_binary,
    start_virtuoso,
)

HERE = Path(__file__).resolve().parent
PLOT = HERE / "peers-latency.png"
BUILD_PLOT = HERE / "build-cost.png"
PARTIAL = HERE / "out" / "peers-partial.md"  # gitignored
TIMEOUT = 30.0
SLOW = 5.0  # seconds: a question slower than this cold gets SLOW_RUNS warm runs
SLOW_RUNS = 2
SETTLE = 5.0  # seconds left to a server after a timeout (it may still be computing)
ACCEPT = "application/sparql-results+json"
BIN = Path(sys.executable).parent
AIM_RATIO = 1.5  # no question above 1.5x the faster peer
AIM_FIRST_PAGE = 0.100  # every first page under 100 ms at L
COMPUTED, CACHED, OXIGRAPH, VIRTUOSO = "pvgraph computed", "pvgraph cached", "oxigraph serve", "Virtuoso 7"
PEERS = (OXIGRAPH, VIRTUOSO)


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
    cache: Counter[str] = field(default_factory=Counter)  # X-Pvgraph-Cache of the warm answers

    @property
    def median(self) -> float | None:
        return statistics.median(self.warm) if self.warm else None


class LoadWatch:
    """The load average sampled every 15 s while the benchmark runs (the machine is shared)."""

    def __init__(self) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(15):
            self.samples.append(os.getloadavg()[0])

    def mark(self) -> int:
        return len(self.samples)

    def since(self, mark: int) -> str:
        values = self.samples[max(0, mark - 1):] or self.samples[-1:]
        return f"{min(values):.1f}–{max(values):.1f} (median {statistics.median(values):.1f})"

    def stop(self) -> None:
        self._done.set()
        self.samples.append(os.getloadavg()[0])


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


def _popen(args: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PVGRAPH_UPDATE_TOKEN"} | (extra_env or {})
    return subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _serving(name: str, proc: subprocess.Popen[bytes], url: str, deadline_s: float) -> Server:
    """The started server once it answers; stopped (not left running) if it never does."""
    try:
        _wait(url, proc, deadline_s)
    except RuntimeError:
        stop_process_group(proc)
        raise
    return Server(name, url, lambda: stop_process_group(proc))


def start_pvgraph(store_dir: Path, workdir: Path) -> tuple[Server, Server]:
    """One ``pvgraph serve`` for both pvgraph columns: "cached" (as users get it) and "computed"
    (``Cache-Control: no-cache``). It writes its dumps into ``workdir`` (not the repository's
    var/publish): :func:`wait_published` lets it finish before anything is measured."""
    port = free_port()
    proc = _popen([sys.executable, "-m", "pvgraph", "serve", "--store", str(store_dir), "--port", str(port),
                   "--no-build", "--no-access-log"], PROJECT_ROOT,
                  {"PVGRAPH_PUBLISH_DIR": str(workdir / "publish")})
    cached = _serving(CACHED, proc, f"http://127.0.0.1:{port}/sparql", 300)
    computed = Server(COMPUTED, cached.url, cached.stop, {"Cache-Control": "no-cache"})
    return cached, computed


def wait_published(server: Server, deadline_s: float) -> float | None:
    """Wait until pvgraph has written the dumps it starts writing when it starts (``/catalog``
    answers 200): measured meanwhile, its questions would share the cores with the publication.
    Returns the seconds waited, None if it was not done in time."""
    base = server.url.removesuffix("/sparql")
    started = time.monotonic()
    with httpx.Client(timeout=60) as client:
        while time.monotonic() - started < deadline_s:
            try:
                if client.get(f"{base}/catalog", headers={"Accept": "text/turtle"}).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(2)
    return None


def start_oxigraph(store_dir: Path, workdir: Path) -> Server:
    location = Path(tempfile.mkdtemp(dir=workdir, prefix="oxigraph-"))
    location.rmdir()
    copy_store(store_dir, location)
    port = free_port()
    proc = _popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"], workdir)
    return _serving(OXIGRAPH, proc, f"http://127.0.0.1:{port}/query", 180)


def _sql_port(server: VirtuosoServer) -> int:
    ini = (server.directory / "virtuoso.ini").read_text(encoding="utf-8")
    found = re.search(r"^ServerPort\s*=\s*[\d.]+:(\d+)", ini, re.MULTILINE)
    if found is None:
        raise RuntimeError("no SQL port in virtuoso.ini")
    return int(found.group(1))


def _isql(port: int, statement: str, timeout: float) -> str:
    done = subprocess.run(["isql-vt", f"127.0.0.1:{port}", USER, PASSWORD, f"exec={statement}"],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql {statement!r}: {(done.stdout + done.stderr)[-800:]}")
    return done.stdout


def _count_in(url: str, graphs: list[str]) -> int:
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    response = httpx.post(url, data={"query": query}, headers={"Accept": ACCEPT}, timeout=600)
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def start_virtuoso_with(store_dir: Path, workdir: Path, quads: int) -> tuple[Server, float]:
    """Virtuoso holding the store's quads, loaded by its bulk loader: (server, load seconds)."""
    buffers = 100_000 if quads < 3_000_000 else 340_000  # 8 kB pages: ~0.8 GB, ~2.7 GB at XL
    server = start_virtuoso(Path(tempfile.mkdtemp(dir=workdir, prefix="virtuoso-")), buffers=buffers,
                            timeout=180)
    try:
        started = time.perf_counter()
        load = server.directory / "load"
        load.mkdir()
        source = ox.Store.read_only(str(store_dir))
        graphs = [g.value for g in source.named_graphs()]
        source.dump(str(load / "all.nq"), format=ox.RdfFormat.N_QUADS)
        del source
        # Two loaders (the machine has two cores), so two files of whole lines.
        subprocess.run(["split", "-n", "l/2", "--additional-suffix=.nq", str(load / "all.nq"), str(load / "part-")],
                       check=True)
        (load / "all.nq").unlink()
        port = _sql_port(server)
        _isql(port, f"ld_dir('{load}', '*.nq', 'urn:pvgraph:bench:unused');", 60)
        loaders = [subprocess.Popen(["isql-vt", f"127.0.0.1:{port}", USER, PASSWORD, "exec=rdf_loader_run();"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        for loader in loaders:
            loader.wait(timeout=7200)
        _isql(port, "checkpoint;", 1800)
        failed = _isql(port, "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;", 60)
        if "0 Rows" not in failed:
            raise RuntimeError(f"Virtuoso's bulk loader failed: {failed[-800:]}")
        seconds = time.perf_counter() - started
        held = _count_in(server.query_url, graphs)
        if held != quads:
            raise RuntimeError(f"Virtuoso holds {held} quads in pvgraph's graphs, pvgraph {quads}")
        for part in load.iterdir():
            part.unlink()
    except Exception:
        server.stop()
        raise
    return Server(VIRTUOSO, server.query_url, server.stop), seconds


# -- measuring --------------------------------------------------------------------------------


def ask(client: httpx.Client, server: Server, text: str) -> tuple[float, int, str]:
    """(seconds, rows, X-Pvgraph-Cache) of one request."""
    headers = {"Accept": ACCEPT, **server.headers}
    started = time.perf_counter()
    response = client.post(server.url, data={"query": text}, headers=headers, timeout=TIMEOUT)
    response.raise_for_status()
    rows = len(response.json()["results"]["bindings"])
    return time.perf_counter() - started, rows, response.headers.get("x-pvgraph-cache", "")


def measure(servers: dict[str, Server], questions: dict[str, str], runs: int) -> dict[str, dict[str, Measure]]:
    """Every question of every server, interleaved: a question once cold on each server, then its
    warm runs in rounds (one request to each server per round). Why interleaved: the machine is
    shared, and its load changes from minute to minute; asked in turn, the systems meet the same
    load, so their ratios hold even when the absolute times do not. A slow question (over 5 s
    cold) gets fewer warm runs on that server, a question that timed out none."""
    results: dict[str, dict[str, Measure]] = {name: {} for name in servers}
    clients = {name: httpx.Client() for name in servers}

    def one(name: str, question: str, cold: bool) -> None:
        m = results[name].setdefault(question, Measure())
        try:
            seconds, rows, cache = ask(clients[name], servers[name], questions[question])
        except httpx.TimeoutException:
            m.error = f"timeout (> {TIMEOUT:.0f} s)" + ("" if cold else " warm")
            time.sleep(SETTLE)
            return
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            m.error = f"error: {str(exc)[:60]}"
            return
        if cold:
            m.cold, m.rows = seconds, rows
        else:
            m.warm.append(seconds)
            m.cache[cache or "none"] += 1

    try:
        for question in questions:
            for name in servers:
                one(name, question, cold=True)
            for round_ in range(runs):
                for name in servers:
                    m = results[name][question]
                    if m.error is None and round_ < (SLOW_RUNS if (m.cold or 0) > SLOW else runs):
                        one(name, question, cold=False)
    finally:
        for client in clients.values():
            client.close()
    return results


def concurrency(server: Server, questions: dict[str, str], seconds: float,
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
                    latency, _, _ = ask(client, server, texts[i % len(texts)])
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


# -- ratios -----------------------------------------------------------------------------------


@dataclass
class Ratio:
    """pvgraph's warm median over the faster peer's, for one question (``value`` None: not known)."""

    value: float | None
    note: str = ""

    def cell(self) -> str:
        if self.value is None:
            return self.note or "—"
        text = "∞" if math.isinf(self.value) else f"{self.value:.2f}"
        return f"**{text}**" if self.value > AIM_RATIO else text + (f" {self.note}" if self.note else "")


def ratio(mine: Measure | None, peers: list[Measure]) -> Ratio:
    answered = [p.median for p in peers if p.median is not None]
    if mine is None or mine.median is None:
        return Ratio(math.inf, "pvgraph timed out") if answered else Ratio(None, "nobody answered")
    if not answered:
        return Ratio(mine.median / TIMEOUT, "(peers timed out: at most)")
    return Ratio(mine.median / min(answered))


@dataclass
class SizeSummary:
    size: str
    quads: int
    median: float | None
    worst: tuple[str, float] | None
    over_aim: list[str]
    slow_pages: list[tuple[str, float | None]]  # pvgraph computed first pages over 100 ms

    def cells(self) -> list[str]:
        median = "—" if self.median is None else f"{self.median:.2f}"
        worst = "—" if self.worst is None else \
            f"{'∞' if math.isinf(self.worst[1]) else f'{self.worst[1]:.2f}'} ({self.worst[0]})"
        return [self.size, f"{self.quads:,}", median, worst, str(len(self.over_aim)), str(len(self.slow_pages))]


def summarise(size: str, quads: int, results: dict[str, dict[str, Measure]], column: str,
              questions: list[str]) -> SizeSummary:
    ratios = {q: ratio(results.get(column, {}).get(q), [results.get(p, {}).get(q) or Measure() for p in PEERS])
              for q in questions}
    known = {q: r.value for q, r in ratios.items() if r.value is not None}
    worst = max(known.items(), key=lambda kv: kv[1]) if known else None
    slow = [(q, m.median) for q in questions
            if (m := results.get(column, {}).get(q)) is not None and (m.median is None or m.median > AIM_FIRST_PAGE)]
    return SizeSummary(size, quads, statistics.median(known.values()) if known else None, worst,
                       [q for q, v in known.items() if v > AIM_RATIO], slow)


# -- report -----------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f}"


def _cell(m: Measure | None, reference: Measure | None) -> str:
    if m is None:
        return "not run"
    if m.error:
        return m.error
    same = "" if reference is None or reference.rows is None or m.rows is None or m.rows == reference.rows \
        else f" (rows {m.rows} ≠ {reference.rows})"
    return f"{_ms(m.cold)} / {_ms(m.median)}{same}"


def plot(latency: dict[str, list[tuple[int, float]]], ratios: dict[str, list[tuple[int, float, float]]],
         path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for system, values in sorted(latency.items()):
        if values:
            xs, ys = zip(*sorted(values), strict=True)
            left.plot(xs, [y * 1000 for y in ys], marker="o", label=system)
    _against_size(left, "median warm latency over the questions (ms)",
                  "Named questions (first page) over HTTP\nquestions nommées (1re page) en HTTP", legend=8)
    for column, values in sorted(ratios.items()):
        if values:
            xs, medians, worsts = zip(*sorted(values), strict=True)
            line, = right.plot(xs, medians, marker="o", label=f"{column}: median of ratios")
            right.plot(xs, [min(w, 1000) for w in worsts], marker="x", linestyle="--", color=line.get_color(),
                       label=f"{column}: worst question")
    right.axhline(1.0, color="grey", linewidth=0.8)
    right.axhline(AIM_RATIO, color="red", linewidth=0.8, linestyle=":", label="aim: no question above 1.5×")
    _against_size(right, "pvgraph / faster peer (warm)",
                  "Ratio to the faster of Oxigraph and Virtuoso\nrapport au plus rapide des pairs", legend=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _against_size(axes: Any, ylabel: str, title: str, *, legend: int) -> None:
    """One panel of the plot: log–log against the graph's size, its labels, grid and legend."""
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("quads in the store / quads dans le magasin")
    axes.set_ylabel(ylabel)
    axes.set_title(title, fontsize=10)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=legend)


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def run(quick: bool, sizes: list[str] | None = None) -> str:
    sizes = sizes or (["S", "M"] if quick else ["S", "M", "L", "XL"])
    runs = 3 if quick else 7
    conc_seconds = 5.0 if quick else 15.0
    questions = {n: q.sparql(limit=DEFAULT_PAGE_SIZE) if q.pageable else q.sparql()
                 for n, q in load_queries(PROJECT_ROOT / "ontology" / "queries").items()}
    names = list(questions)
    systems = [CACHED, COMPUTED, OXIGRAPH] + ([VIRTUOSO] if find_binary() else [])
    watch = LoadWatch()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    commit = _commit()
    costs: list[graph_sizes.BuildCost] = []
    sections: list[str] = []
    summaries: dict[str, list[SizeSummary]] = defaultdict(list)
    latency: dict[str, list[tuple[int, float]]] = defaultdict(list)
    ratio_points: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    conc_rows: dict[str, tuple[float, float, int, int]] = {}
    cache_notes: list[str] = []
    loads: list[str] = []
    failures: list[str] = []

    def report() -> str:
        """The markdown of what has been measured so far (and both plots)."""
        plot(latency, ratio_points, PLOT)
        if len(costs) >= 2:
            graph_sizes.plot(costs, BUILD_PLOT)
        done = [c.size for c in costs]
        missing = [size for size in sizes if size not in done]
        head = [
            "### Peers: every named question over HTTP at every size (bench/bench_peers.py)",
            "",
            f"Command: `.venv/bin/python -m bench{' --quick' if quick else ''} --sizes {','.join(sizes)} peers` "
            f"at commit {commit}, started {started}, ended {time.strftime('%H:%M UTC', time.gmtime())}"
            + (f" (**not measured: {', '.join(missing)}**). " if missing else ". ")
            + "".join(f"**{f}** " for f in failures) +
            f"{platform.machine()}, Python {platform.python_version()}, pyoxigraph/oxigraph {ox.__version__}, "
            "Virtuoso 7.2.5 (Debian), loopback; 2 cores (the load average counts the benchmark's own builds, bulk loads and servers, and anything else running): load average "
            f"{min(watch.samples):.1f}–{max(watch.samples):.1f} over the run (median "
            f"{statistics.median(watch.samples):.1f}), per size: {'; '.join(loads)}. "
            f"{runs} warm runs per question ({SLOW_RUNS} when slower than {SLOW:.0f} s cold, none after a cold "
            f"timeout), {TIMEOUT:.0f} s timeout per request, each question's first page (LIMIT {DEFAULT_PAGE_SIZE}), "
            "the same text to every system.",
            "",
            "Ratio of pvgraph to the faster of Oxigraph's server and Virtuoso, per question (warm medians), "
            f"summarised per size (aims: median below 1, no question above {AIM_RATIO}×, every first page under "
            f"{AIM_FIRST_PAGE * 1000:.0f} ms at L):",
            "",
            "| column | size | quads | median of ratios | worst ratio (question) | questions above 1.5× | "
            "first pages over 100 ms (pvgraph) |",
            "|---|---|---:|---:|---|---:|---:|",
        ]
        for column in (COMPUTED, CACHED):
            for s in summaries[column]:
                head.append(f"| {column} | " + " | ".join(s.cells()) + " |")
        for column in (COMPUTED,):
            for s in summaries[column]:
                if s.over_aim or s.slow_pages:
                    head.append("")
                    head.append(f"- {column} at {s.size}: above 1.5×: {', '.join(s.over_aim) or 'none'}; "
                                "over 100 ms: " + (", ".join(f"{q} ({_ms(v)} ms)" if v is not None else f"{q} (timeout)"
                                                             for q, v in s.slow_pages) or "none"))
        head += ["", "Median warm latency over the questions each system answered (ms):", "",
                 "| system | " + " | ".join(done) + " |", "|---|" + "---:|" * len(done)]
        for system in systems:
            by_quads = dict(latency.get(system, []))
            head.append(f"| {system} | " + " | ".join(_ms(by_quads.get(c.quads)) for c in costs) + " |")
        head += ["", f"![latency and ratios against graph size]({PLOT.name})", "",
                 "Cache check (every warm answer's `X-Pvgraph-Cache`: the computed column must show no hit):", "",
                 *[f"- {n}" for n in cache_notes]]
        if conc_rows:
            head += ["", f"#### 16 clients on loopback, size M, {conc_seconds:.0f} s, the questions in turn", "",
                     "| system | requests/s | p99 ms | requests | errors | req/s ÷ Virtuoso | p99 ÷ Virtuoso | "
                     "req/s ÷ Oxigraph | p99 ÷ Oxigraph |",
                     "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
            virt, oxi = conc_rows.get(VIRTUOSO), conc_rows.get(OXIGRAPH)
            for system, (rps, p99, count, errors) in conc_rows.items():
                rel = [f"{rps / peer[0]:.2f} | {p99 / peer[1]:.2f}" if peer and peer[0] else "— | —" for peer in (virt, oxi)]
                head.append(f"| {system} | {rps:.1f} | {p99:.0f} | {count} | {errors} | {rel[0]} | {rel[1]} |")
        head += ["", "#### Build of each size (the same run; `python -m pvgraph build` in a child process)", "",
                 *graph_sizes.table(costs), "", *graph_sizes.reading(costs), "",
                 f"![build time and memory against size]({BUILD_PLOT.name})", "",
                 "#### Per question, cold / warm ms"]
        return "\n".join(head + sections)

    with tempfile.TemporaryDirectory(prefix="pvgraph-bench-peers-") as tmp:
        workdir = Path(tmp)
        for size in sizes:
            mark = watch.mark()
            print(f"  size {size}: preparing the sources…", flush=True)
            store_dir = workdir / f"store-{size}"
            try:
                root = graph_sizes.prepare_root(size, workdir)
                cost = graph_sizes.build(size, root, store_dir)
            except Exception as exc:  # one size that cannot be built must not lose the others
                print(f"  size {size}: not built: {exc}", flush=True)
                failures.append(f"{size} was not built: {str(exc)[-300:]}")
                for leftover in workdir.iterdir():
                    shutil.rmtree(leftover, ignore_errors=True)
                continue
            costs.append(cost)
            print(f"  size {size}: {cost.quads} quads built in {cost.wall:.0f} s ({cost.cpu:.0f} s CPU, "
                  f"peak {cost.peak_rss / 2**30:.1f} GiB)", flush=True)
            results: dict[str, dict[str, Measure]] = {}
            notes: list[str] = []
            servers: dict[str, Server] = {}
            try:
                for system in systems:
                    print(f"  size {size}: {system}: starting…", flush=True)
                    t1 = time.perf_counter()
                    try:
                        if system == OXIGRAPH:
                            servers[system] = start_oxigraph(store_dir, workdir)
                        elif system == VIRTUOSO:
                            servers[system], seconds = start_virtuoso_with(store_dir, workdir, cost.quads)
                            notes.append(f"Virtuoso's bulk load: {seconds:.0f} s")
                        elif system == CACHED:
                            servers[CACHED], servers[COMPUTED] = start_pvgraph(store_dir, workdir)
                        else:
                            continue  # started with CACHED
                    except Exception as exc:  # a peer that cannot start is reported, not fatal
                        print(f"  size {size}: {system}: could not start: {exc}", flush=True)
                        notes.append(f"{system} did not start: {str(exc)[:200]}")
                        continue
                    print(f"  size {size}: {system}: up in {time.perf_counter() - t1:.0f} s", flush=True)
                if CACHED in servers:
                    waited = wait_published(servers[CACHED], 3600)
                    notes.append("pvgraph's start-up publication " + (f"done {waited:.0f} s after the peers were up"
                                                                       if waited is not None else "not done in 1 h"))
                    base = servers[CACHED].url.removesuffix("/sparql")
                    loaded = wait_mirror(base, 900)
                    notes.append("pvgraph's in-memory copy " + (f"loaded {(waited or 0) + loaded:.0f} s after the peers were up"
                                                               if loaded is not None else "not loaded"))
                    lane_before = lane_answers(base)
                print(f"  size {size}: asking every question of {', '.join(servers)}, in turn…", flush=True)
                results = measure(servers, questions, runs)
                for system in servers:
                    answered = [m.median for m in results[system].values() if m.median is not None]
                    if answered:
                        latency[system].append((cost.quads, statistics.median(answered)))
                    print(f"  size {size}: {system}: {len(answered)}/{len(names)} answered, median warm "
                          f"{_ms(statistics.median(answered) if answered else None)} ms", flush=True)
                    if system.startswith("pvgraph"):
                        caches = sum((m.cache for m in results[system].values()), Counter())
                        cache_notes.append(f"{size}, {system}: warm answers by X-Pvgraph-Cache: "
                                           + ", ".join(f"{k} {v}" for k, v in sorted(caches.items())))
                if CACHED in servers:
                    lane = lane_answers(servers[CACHED].url.removesuffix("/sparql")) - lane_before
                    cache_notes.append(f"{size}: answers computed in pvgraph's process from its in-memory copy "
                                       f"(the lane, both columns, cold runs included): {lane}")
                if size == "M":
                    for system, server in servers.items():  # one at a time, the others idle
                        conc_rows[system] = concurrency(server, questions, conc_seconds)
                        rps, p99, *_ = conc_rows[system]
                        print(f"  size {size}: {system}: 16 clients: {rps:.1f} req/s, p99 {p99:.0f} ms", flush=True)
            finally:
                for server in servers.values():
                    server.stop()  # the two pvgraph columns share one server: stopping twice is harmless
            for column in (COMPUTED, CACHED):
                summary = summarise(size, cost.quads, results, column, names)
                summaries[column].append(summary)
                if summary.median is not None and summary.worst is not None:
                    ratio_points[column].append((cost.quads, summary.median, summary.worst[1]))
            loads.append(f"{size}: {watch.since(mark)}")
            reference = results.get(COMPUTED, {})
            rows = [f"#### Size {size}: {cost.quads:,} quads (load average {watch.since(mark)}"
                    + (f"; {'; '.join(notes)}" if notes else "") + ")", "",
                    "| question | " + " | ".join(f"{s} cold / warm ms" for s in systems)
                    + " | computed / faster peer | cached / faster peer |",
                    "|---|" + "---:|" * (len(systems) + 2)]
            for name in names:
                peers = [results.get(p, {}).get(name) or Measure() for p in PEERS]
                cells = [_cell(results.get(s, {}).get(name) if s in results else None, reference.get(name))
                         for s in systems]
                rows.append(f"| {name} | " + " | ".join(cells) + f" | {ratio(reference.get(name), peers).cell()} | "
                            f"{ratio(results.get(CACHED, {}).get(name), peers).cell()} |")
            sections += ["", *rows]
            print(f"  size {size}: " + "; ".join(f"{c}: median ratio {s[-1].cells()[2]}, worst {s[-1].cells()[3]}"
                                                 for c, s in summaries.items()), flush=True)
            for leftover in workdir.iterdir():  # stores, checkpoints, peers' databases of this size
                shutil.rmtree(leftover, ignore_errors=True)
            PARTIAL.parent.mkdir(exist_ok=True)
            PARTIAL.write_text(report() + "\n", encoding="utf-8")  # what is measured, should the run be cut
            print(f"  size {size}: done; the report so far is in {PARTIAL}", flush=True)
    watch.stop()
    return report()


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
