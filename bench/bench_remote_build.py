"""Build into Virtuoso: ``build_project`` with the national referential into a throwaway Virtuoso 7
(src/pvgraph/store/servers/virtuoso.py) on loopback, reasoning included, against the same build into
the embedded in-memory store, measured in the same run.

Virtuoso runs with Debian's stock limit, ``MaxQueryExecutionTime = 60`` s, which one unsplit
reasoning update over 500 000 triples can pass (``SR171: Transaction timed out``). The remote
build splits every large round (``RemoteStore.partition_threshold``, 50 000 triples by default);
after it, the same materialisation is run again on the same warm server, unsplit
(``partition_threshold=0``, the baseline: its time, or the error it met) and split, so that the two
are compared in the same conditions. The inferred graph must have exactly the embedded build's
triple count.

    python -m bench remote-build            # the national referential (≈ 3–5 min)
    python -m bench remote-build --quick    # the build only, without the warm reruns
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from bench.bench_build import _copy_project
from pvgraph.build import build_project
from pvgraph.errors import PvgraphError
from pvgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from pvgraph.reasoning import MaterialisationReport, materialise
from pvgraph.settings import load_settings
from pvgraph.store import EmbeddedStore
from pvgraph.store.remote import DEFAULT_PARTITION_THRESHOLD, RemoteStore
from pvgraph.store.servers.virtuoso import PASSWORD, USER, find_binary, start_virtuoso

STOCK_LIMIT = 60  # seconds: MaxQueryExecutionTime in Debian's /etc/virtuoso-opensource-7/virtuoso.ini


class TimedStore(RemoteStore):
    """A RemoteStore that times each update (the longest tells how close a limit is)."""

    longest = 0.0
    updates = 0

    def update(self, sparql: str) -> None:
        tick = time.perf_counter()
        try:
            super().update(sparql)
        finally:
            self.longest = max(self.longest, time.perf_counter() - tick)
            self.updates += 1


def _build(root: Path, store: EmbeddedStore | RemoteStore) -> tuple[float, float, float, dict[str, int]]:
    """One build: wall seconds in all, until the last graph is loaded, for reasoning; the
    graphs' sizes."""
    stages: list[tuple[float, str]] = []
    started = time.perf_counter()
    # English progress: the stages are found by their words below
    settings = load_settings({"store": ":memory:", "root": str(root), "lang": "en"})
    report = build_project(settings, store,
                           progress=lambda m: stages.append((time.perf_counter() - started, m)))
    loaded = max(t for t, m in stages if m.startswith("loaded graph"))
    inferred = min(t for t, m in stages if m.startswith("inferred"))
    return time.perf_counter() - started, loaded, inferred - loaded, report.graphs


def _again(store: TimedStore, graphs: dict[str, int], threshold: int | None
           ) -> tuple[str, MaterialisationReport | None, int, float]:
    """The same materialisation again on the same (now warm) server, split or not (threshold 0):
    its time or the error it met, its report, its number of updates and the longest one."""
    data = [g for g in graphs if g not in (str(ONTOLOGY_GRAPH), str(SHAPES_GRAPH), str(INFERRED_GRAPH))]
    store.longest, store.updates = 0.0, 0
    started = time.perf_counter()
    try:
        report = materialise(store, ontology_graph=str(ONTOLOGY_GRAPH), source_graphs=data,
                             target_graph=str(INFERRED_GRAPH), partition_threshold=threshold)
    except PvgraphError as exc:
        said = " ".join(str(exc).split())[:160]
        return f"failed after {time.perf_counter() - started:.1f} s: {said}", None, store.updates, store.longest
    return f"{report.seconds:.1f} s", report, store.updates, store.longest


def run(quick: bool) -> str:
    binary = find_binary()
    if binary is None:
        raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    with tempfile.TemporaryDirectory(prefix="pvgraph-bench-remote-") as tmp:
        root = _copy_project(Path(tmp) / "project")
        embedded_seconds, embedded_loaded, embedded_reasoning, embedded_graphs = _build(root, EmbeddedStore(None))
        load = os.getloadavg()[0]
        with start_virtuoso(Path(tmp) / "virtuoso", binary=binary, max_seconds=STOCK_LIMIT) as server:
            store = TimedStore(server.query_url, update_url=server.update_url, user=USER, password=PASSWORD,
                               graph_store_url=server.query_url + "-graph-crud-auth", timeout=600)
            remote_seconds, remote_loaded, remote_reasoning, remote_graphs = _build(root, store)
            split_updates, split_longest = store.updates, store.longest
            reruns = [] if quick else [("unsplit (baseline)", _again(store, remote_graphs, 0)),
                                       ("split again", _again(store, remote_graphs, None))]
        load_after = os.getloadavg()[0]
    inferred = remote_graphs.get(str(INFERRED_GRAPH), 0)
    same = "yes" if remote_graphs == embedded_graphs else f"NO: {remote_graphs} vs {embedded_graphs}"

    lines = [
        "## Build into Virtuoso",
        "",
        f"Command: `python -m bench remote-build{' --quick' if quick else ''}` — Virtuoso "
        f"{_virtuoso_version(binary)} (Debian), `MaxQueryExecutionTime = {STOCK_LIMIT}` s, "
        f"NumberOfBuffers 20 000; Python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}; "
        f"2 shared cores, load average {load:.1f} before, {load_after:.1f} after.",
        "",
        "| build | total | load (end) | reasoning | updates | longest update | graphs equal to embedded |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| embedded, in memory | {embedded_seconds:.1f} s | {embedded_loaded:.1f} s | "
        f"{embedded_reasoning:.1f} s | — | — | (reference) |",
        f"| Virtuoso, split (threshold {DEFAULT_PARTITION_THRESHOLD:,}) | {remote_seconds:.1f} s | "
        f"{remote_loaded:.1f} s | {remote_reasoning:.1f} s | {split_updates} | {split_longest:.1f} s | "
        f"{same} |",
    ]
    for label, (outcome, report, updates, longest) in reruns:
        count = ("same inferred count" if report is not None
                 and report.added + report.schema_triples == inferred else "—")
        lines.append(f"| Virtuoso, the same reasoning {label}, warm server | — | — | {outcome} | "
                     f"{updates} | {longest:.1f} s | {count} |")
    warm = {label: report for label, (_, report, _, _) in reruns}
    if warm.get("unsplit (baseline)") and warm.get("split again"):
        lines.append(f"\nRatio, warm Virtuoso reasoning split / unsplit: "
                     f"{warm['split again'].seconds / warm['unsplit (baseline)'].seconds:.2f}.")
    lines += ["", f"Inferred graph: {inferred:,} triples in Virtuoso; "
              f"{embedded_graphs.get(str(INFERRED_GRAPH), 0):,} in the embedded store."]
    return "\n".join(lines)


def _virtuoso_version(binary: str) -> str:
    import subprocess

    try:
        out = subprocess.run([binary, "-?"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "7"
    for line in (out.stdout + out.stderr).splitlines():
        if "Version" in line:
            return line.split("Version", 1)[1].split()[0]
    return "7"
