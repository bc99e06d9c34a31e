"""Named questions, this commit's text against a former revision's, on the same built graph.

Why: a question rewritten for correctness (issue 13: "EPCI-led" means led) must not get slower, and
the rewrites for speed must be checked at every size (issue 15). Each question's first page as
pvgraph serves it (``NamedQuery.sparql(limit=DEFAULT_PAGE_SIZE)``) is run in this process on a
read-only pyoxigraph store over the union of the graphs, query + SPARQL JSON serialisation, the old
and the new text interleaved, median of 5 runs after one warm-up. The time is CPU time of this
process (``time.process_time``): on a shared machine wall time varies several-fold with the other
jobs, CPU time much less. Sizes as bench_peers: *S* = the project without the referential, *M* =
with the national referential, *L* = M plus a million synthetic triples (``--quick``: M only). A question the old revision did
not have is left out; "rows" counts result terms, old/new (a question whose meaning changed answers
differently, and says so here).

    python -m bench questions [--quick]
    PVGRAPH_BENCH_BASE=REV          the revision to compare with (default: cea2bb9, before issue 13)
    PVGRAPH_BENCH_STORES=DIR        reuse DIR/store-S, DIR/store-M and DIR/store-L if they exist (else built here, bench.sizes)
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from pvgraph.queries import DEFAULT_PAGE_SIZE, NamedQuery, load_queries, parse_query_file
from pvgraph.settings import PROJECT_ROOT

BASE = os.environ.get("PVGRAPH_BENCH_BASE", "cea2bb9")
RUNS = 5


def old_questions(revision: str, target: Path) -> dict[str, NamedQuery]:
    """The named questions as they were at ``revision`` (read with git, written under ``target``)."""
    listing = subprocess.run(["git", "-C", str(PROJECT_ROOT), "ls-tree", "--name-only", revision,
                              "ontology/queries/"], check=True, capture_output=True, text=True).stdout.split()
    questions: dict[str, NamedQuery] = {}
    for name in listing:
        if name.endswith(".rq"):
            path = target / Path(name).name
            path.write_bytes(subprocess.run(["git", "-C", str(PROJECT_ROOT), "show", f"{revision}:{name}"],
                                            check=True, capture_output=True).stdout)
            question = parse_query_file(path)
            questions[question.id] = question
    return questions


def first_page(question: NamedQuery) -> str:
    return question.sparql(limit=DEFAULT_PAGE_SIZE) if question.pageable else question.sparql()


def timed(store: ox.Store, text: str) -> tuple[float, int]:
    start = time.process_time()
    result = store.query(text, use_default_graph_as_union=True)
    body = b"" if isinstance(result, ox.QueryTriples) else result.serialize(format=ox.QueryResultsFormat.JSON)
    return (time.process_time() - start) * 1000, body.count(b'"type"')


def compare(store: ox.Store, old: dict[str, NamedQuery], new: dict[str, NamedQuery]) -> list[tuple[str, float, float, str]]:
    rows = []
    for name in (n for n in new if n in old):
        texts = first_page(old[name]), first_page(new[name])
        timed(store, texts[0])
        timed(store, texts[1])
        samples: tuple[list[float], list[float]] = ([], [])
        sizes = [0, 0]
        for _ in range(RUNS):
            for which in (0, 1):
                ms, sizes[which] = timed(store, texts[which])
                samples[which].append(ms)
            if max(samples[0][-1], samples[1][-1]) > 5000:
                break
        rows.append((name, statistics.median(samples[0]), statistics.median(samples[1]), f"{sizes[0]}/{sizes[1]}"))
    return rows


def store_for(size: str, workdir: Path) -> Path:
    reuse = os.environ.get("PVGRAPH_BENCH_STORES")
    if reuse and (Path(reuse) / f"store-{size}").is_dir():
        return Path(reuse) / f"store-{size}"
    from bench.sizes import prepare_root
    from pvgraph.build import build_project
    from pvgraph.settings import load_settings
    from pvgraph.store import EmbeddedStore

    root, store_dir = prepare_root(size, workdir), workdir / f"store-{size}"
    store = EmbeddedStore(store_dir)
    build_project(load_settings({"store": str(store_dir), "root": str(root)}), store)
    store.close()
    return store_dir


def run(quick: bool) -> str:
    sizes = ["M"] if quick else ["S", "M", "L"]
    new = load_queries(PROJECT_ROOT / "ontology" / "queries")
    out = ["## Named questions against a former revision (bench/bench_questions.py)", ""]
    with tempfile.TemporaryDirectory() as tmp:
        old = old_questions(BASE, Path(tmp))
        load = os.getloadavg()[0]
        out += [f"Command: `python -m bench questions{' --quick' if quick else ''}` (base {BASE}) — "
                f"{platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the start; "
                f"first page, in process, CPU ms, median of {RUNS}.", ""]
        for size in sizes:
            store = ox.Store.read_only(str(store_for(size, Path(tmp))))
            out += [f"### {size} ({len(store)} quads)", "", "| question | old ms | new ms | new / old | terms old/new |",
                    "|---|---:|---:|---:|---:|"]
            for name, before, after, terms in compare(store, old, new):
                out.append(f"| {name} | {before:.1f} | {after:.1f} | {after / before:.2f} | {terms} |")
            out.append("")
            del store
    return "\n".join(out)
