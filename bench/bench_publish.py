"""Publication benchmark: the deterministic dumps, the catalogue, VoID counts and sitemap of the
project's graph (ontology, shapes, study, examples and the national referential; the inferred
graph is left out to keep the run short: reasoning is measured in bench_reasoning).

The last row is all of it at once, as ``pvgraph publish`` does (each graph read once for the dumps
and the sitemap, the VoID counts made beside the dumps). Baseline, measured in the same run: one plain, unsorted N-Quads serialisation of the same quads
(the least a dump can cost). Wall and CPU times are both given: the machine is shared, so wall
time is noisy; CPU time is what the work costs.

    python -m bench publish            # 3 runs
    python -m bench publish --quick    # 1 run, without the referential
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pvgraph.build import parse_sources, provenance
from pvgraph.namespaces import META_GRAPH
from pvgraph.publish.bundle import named_queries, publish
from pvgraph.publish.catalog import build_catalog
from pvgraph.publish.dumps import write_dumps
from pvgraph.publish.sitemap import thing_iris
from pvgraph.publish.stats import statistics as void_statistics
from pvgraph.server.catalog import static_dataset_page
from pvgraph.settings import PROJECT_ROOT
from pvgraph.store import EmbeddedStore


def _store(quick: bool) -> EmbeddedStore:
    store = EmbeddedStore(None)
    sources = [s for s in parse_sources(PROJECT_ROOT)
               if not (quick and s.directory == "data/referential")]
    for source in sources:
        store.replace_graph(source.graph, source.quads)
    store.replace_graph(str(META_GRAPH), provenance(PROJECT_ROOT, sources))
    return store


def _time(action: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds over ``runs``, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def run(quick: bool) -> str:
    runs = 1 if quick else 3
    store = _store(quick)
    quads = sum(n for g, n in store.graphs().items() if g != str(META_GRAPH))
    work = Path(tempfile.mkdtemp(prefix="pvgraph-bench-publish-"))
    try:
        base_wall, base_cpu, _ = _time(
            lambda: ox.serialize(list(store.quads()), format=ox.RdfFormat.N_QUADS), runs)
        dump_runs = max(runs, 2)  # at least two, to compare their bytes
        counter = iter(range(dump_runs))
        dump_wall, dump_cpu, manifest = _time(
            lambda: write_dumps(store, work / f"run-{next(counter)}"), dump_runs)
        first, second = work / "run-0", work / f"run-{dump_runs - 1}"
        identical = all((first / f.name).read_bytes() == (second / f.name).read_bytes()
                        for f in manifest.files)  # type: ignore[union-attr]
        cat_wall, cat_cpu, catalogue = _time(
            lambda: build_catalog(store, manifest, "http://127.0.0.1:8000/"), runs)  # type: ignore[arg-type]
        void_wall, void_cpu, _ = _time(lambda: void_statistics(store), runs)
        site_wall, site_cpu, things = _time(lambda: thing_iris(store), runs)
        questions = named_queries(PROJECT_ROOT)
        all_counter = iter(range(runs))
        all_wall, all_cpu, report = _time(lambda: publish(
            store, work / f"all-{next(all_counter)}", "http://127.0.0.1:8000/", queries=questions,
            render_page=lambda page: static_dataset_page(page, "fr")), runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(f.byte_size for f in manifest.files)  # type: ignore[union-attr]
    lines = [
        "## Publication",
        "",
        f"`python -m bench publish{' --quick' if quick else ''}` — {quads} quads "
        f"({'without' if quick else 'with'} the referential, no inferred graph), "
        f"median of {runs} run(s).",
        "",
        "| step | wall s | CPU s | × baseline (CPU) |",
        "|---|---:|---:|---:|",
        f"| baseline: one unsorted N-Quads serialisation | {base_wall:.1f} | {base_cpu:.1f} | 1.0 |",
        f"| all dumps ({len(manifest.files)} files, {total / 1e6:.1f} MB), sorted, canonical, gzip "  # type: ignore[union-attr]
        f"| {dump_wall:.1f} | {dump_cpu:.1f} | {dump_cpu / max(base_cpu, 1e-9):.1f} |",
        f"| catalogue ({len(catalogue)} triples) | {cat_wall:.2f} | {cat_cpu:.2f} | "  # type: ignore[arg-type]
        f"{cat_cpu / max(base_cpu, 1e-9):.2f} |",
        f"| VoID counts | {void_wall:.1f} | {void_cpu:.1f} | {void_cpu / max(base_cpu, 1e-9):.1f} |",
        f"| sitemap things ({len(things)} pages) | {site_wall:.1f} | {site_cpu:.1f} | "  # type: ignore[arg-type]
        f"{site_cpu / max(base_cpu, 1e-9):.1f} |",
        f"| whole publication as `pvgraph publish` writes it ({len(report.written)} descriptions "  # type: ignore[union-attr]
        f"besides the dumps) | {all_wall:.1f} | {all_cpu:.1f} | {all_cpu / max(base_cpu, 1e-9):.1f} |",
        "",
        f"Byte-identical dumps across runs: {'yes' if identical else 'NO'}.",
    ]
    return "\n".join(lines)
