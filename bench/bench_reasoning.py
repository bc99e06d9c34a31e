"""Reasoning benchmark: pvgraph's in-store materialisation against owlrl, on the same graphs.

Synthetic instance data (IRIs under https://w3id.org/pvgraph/id/synthetic/, never written to
data/) is generated against the real ontology (ontology/*.ttl): communes and their territories
within départements within régions (prp-trp), memberships in EPCIs (prp-spo2 with an inverse
link), projects led by communes (prp-inv), actions, labels; typing by prp-dom, prp-rng, cax-sco.
pvgraph materialises into an on-disk pyoxigraph store (as the build does); owlrl runs in a child
process, capped in time, on ontology ∪ data: RDFS_Semantics (the reference of issue 7: 46 s for
25 000 triples) and OWLRL_Semantics (the oracle), whose in-scope entailments are compared with
pvgraph's at the sizes where owlrl finishes.

    python -m bench.bench_reasoning            # full: 25k, 100k, 1M triples (≈ 15 min)
    python -m bench.bench_reasoning --quick    # 5k and 25k, owlrl capped at 120 s
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

from pvgraph.loading import parse_file, to_rdflib_graph
from pvgraph.reasoning import MaterialisationReport, materialise, materialise_increment
from pvgraph.reasoning.oracle import new_in_scope
from pvgraph.reasoning.rules import rules_for_quads
from pvgraph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SYN = "https://w3id.org/pvgraph/id/synthetic/"
PV = "https://w3id.org/pvgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
ONTOLOGY_GRAPH = "https://w3id.org/pvgraph/graph/ontology"
DATA_GRAPH = "https://w3id.org/pvgraph/graph/synthetic"
TARGET_GRAPH = "https://w3id.org/pvgraph/graph/inferred"
COMMUNES_PER_DEPARTEMENT = 300
COMMUNES_PER_EPCI = 25
DEPARTEMENTS_PER_REGION = 6
EPCI_KINDS = ("CommunauteDeCommunes", "CommunauteDAgglomeration", "CommunauteUrbaine", "Metropole")
ACTION_TYPES = ("TechnologyPlatformDeployment", "DataStrategy", "OrganisationalTransformation",
                "ChangeManagementAndCommunication")
LABELS = ("LabelSmartCity", "LabelConnectedTerritory", "LabelDigitalTerritory")


def ontology_quads() -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        quads.extend(parse_file(path).quads)
    return quads


def synthetic_triples(target: int, start: int = 0) -> list[ox.Triple]:
    """About ``target`` triples of fictional communes, EPCIs, projects and actions, numbered
    from ``start`` (a later batch can play a submission that joins the earlier ones)."""
    triples: list[ox.Triple] = []

    def iri(path: str) -> ox.NamedNode:
        return ox.NamedNode(SYN + path)

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def pv(name: str) -> ox.NamedNode:
        return ox.NamedNode(PV + name)

    i = start
    while len(triples) < target:
        commune, territory = iri(f"organisation/commune-{i}"), iri(f"territory/commune-{i}")
        dep_index, epci_index = i // COMMUNES_PER_DEPARTEMENT, i // COMMUNES_PER_EPCI
        departement = iri(f"territory/departement-{dep_index}")
        epci = iri(f"organisation/epci-{epci_index}")
        if i % COMMUNES_PER_DEPARTEMENT == 0:
            region = iri(f"territory/region-{dep_index // DEPARTEMENTS_PER_REGION}")
            add(departement, RDF_TYPE, pv("DepartementTerritory"))
            add(departement, PV + "withinTerritory", region)
            add(region, RDF_TYPE, pv("RegionTerritory"))
        if i % COMMUNES_PER_EPCI == 0:
            add(epci, RDF_TYPE, pv(EPCI_KINDS[epci_index % len(EPCI_KINDS)]))
            add(epci, RDFS_LABEL, ox.Literal(f"EPCI fictif {epci_index}", language="fr"))
        add(commune, RDF_TYPE, pv("Commune"))
        add(commune, RDFS_LABEL, ox.Literal(f"Commune fictive {i}", language="fr"))
        add(commune, PV + "governs", territory)
        add(territory, PV + "withinTerritory", departement)
        add(territory, PV + "population",
            ox.Literal(str(500 + i % 9000), datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
        membership = iri(f"membership/commune-{i}")
        add(membership, ORG + "member", commune)
        add(membership, ORG + "organization", epci)
        project = iri(f"project/{i}")
        add(project, PV + "ledBy", commune)
        add(project, PV + "coversTerritory", territory)
        add(project, PV + "claimsLabel", pv(LABELS[i % len(LABELS)]))
        add(project, RDFS_LABEL, ox.Literal(f"Projet fictif {i}", language="fr"))
        for k in range(2):
            action = iri(f"action/{i}-{k}")
            add(project, PV + "hasAction", action)
            add(action, PV + "actionType", pv(ACTION_TYPES[(i + k) % len(ACTION_TYPES)]))
            add(action, RDFS_LABEL, ox.Literal(f"Action fictive {i}-{k}", language="fr"))
        i += 1
    return triples


def time_pvgraph(ontology: list[ox.Quad], data: list[ox.Triple], runs: int, *, on_disk: bool
                 ) -> tuple[list[tuple[float, float]], MaterialisationReport, EmbeddedStore]:
    """Materialise ``runs`` times, each in a fresh store (in memory, or on disk in a temporary
    directory as the build does); the last store is returned open. Times are (wall, CPU): the
    engine runs in this process, single-threaded, so CPU time is what the work costs, whatever
    else the shared machine is doing."""
    seconds: list[tuple[float, float]] = []
    report: MaterialisationReport | None = None
    store: EmbeddedStore | None = None
    for _ in range(runs):
        if store is not None:
            store.close()
        store = EmbeddedStore(tempfile.mkdtemp(prefix="pvgraph-bench-reasoning-") if on_disk
                              else None)
        store.add_to_graph(ONTOLOGY_GRAPH, ontology)
        store.add_to_graph(DATA_GRAPH, data)
        cpu = time.process_time()
        report = materialise(store, ontology_graph=ONTOLOGY_GRAPH, source_graphs=[DATA_GRAPH],
                             target_graph=TARGET_GRAPH)
        seconds.append((report.seconds, time.process_time() - cpu))
    assert store is not None and report is not None
    return seconds, report, store


def time_owlrl(ontology: list[ox.Quad], data: list[ox.Triple], semantics: str, cap: float,
               compare_with: set | None) -> tuple[tuple[float, float] | None, str]:
    """owlrl in a child process (killed at ``cap`` seconds); return its time and a note."""
    with tempfile.TemporaryDirectory(prefix="pvgraph-bench-owlrl-") as tmp:
        onto_path, data_path, out_path = (Path(tmp) / n for n in ("o.nt", "d.nt", "out.nt"))
        ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in ontology],
                     str(onto_path), ox.RdfFormat.N_TRIPLES)
        ox.serialize(data, str(data_path), ox.RdfFormat.N_TRIPLES)
        command = [sys.executable, "-m", "bench.bench_reasoning", "--owlrl-child", semantics,
                   str(onto_path), str(data_path), str(out_path)]
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=cap,
                                  check=True)
        except subprocess.TimeoutExpired:  # run() has killed and reaped the child: count its CPU
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
            return None, f"stopped at {cap:.0f} s (CPU {used:.0f} s)"
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        seconds = (measured["seconds"], measured["cpu"])
        if compare_with is None:
            return seconds, ""
        theirs = {(t.subject, t.predicate, t.object) for t in ox.parse(path=str(out_path))}
        equal = theirs == compare_with
        return seconds, ("equal to pvgraph's" if equal else
                         f"DIFFERENT: {len(theirs - compare_with)} missing, "
                         f"{len(compare_with - theirs)} extra in pvgraph")


def _owlrl_child(semantics: str, onto_path: str, data_path: str, out_path: str) -> None:
    """Child process: owlrl's closure of ontology ∪ data; writes its in-scope entailments."""
    import rdflib

    from pvgraph.reasoning.oracle import owlrl_entailments
    ontology = rdflib.Graph().parse(onto_path, format="nt")
    data = rdflib.Graph().parse(data_path, format="nt")
    started, cpu = time.perf_counter(), time.process_time()
    entailed = owlrl_entailments(ontology, data, rdfs=semantics == "rdfs")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    out = rdflib.Graph()
    for triple in entailed:
        out.add(triple)
    out.serialize(out_path, format="nt", encoding="utf-8")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "entailed": len(entailed)}))


def _in_scope_of(store: EmbeddedStore, ontology: list[ox.Quad], data: list[ox.Triple]) -> set:
    """pvgraph's in-scope entailments as pyoxigraph (s, p, o) tuples."""
    asserted = set(to_rdflib_graph(ontology)) | set(to_rdflib_graph(
        ox.Quad(t.subject, t.predicate, t.object) for t in data))
    mine = new_in_scope(to_rdflib_graph(store.quads(TARGET_GRAPH)), asserted)
    from pvgraph.loading import from_rdflib_term
    return {tuple(from_rdflib_term(term) for term in triple) for triple in mine}


def run(quick: bool) -> str:
    """The "Reasoning" section of bench/RESULTS.md, as markdown."""
    sizes = [2_000, 5_000] if quick else [25_000, 100_000, 1_000_000]
    cap = 60.0 if quick else 1200.0
    ontology = ontology_quads()
    started = time.perf_counter()
    rules = rules_for_quads(ontology)  # cached under the key materialise() computes
    derivation = time.perf_counter() - started
    lines = [
        "## Reasoning",
        "",
        "Command: `.venv/bin/python -m bench.bench_reasoning" + (" --quick`" if quick else "`"),
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pyoxigraph {version('pyoxigraph')}, owlrl {version('owlrl')}; shared with other jobs.",
        "",
        f"Ontology: ontology/*.ttl ({len(ontology)} triples); rules derived by owlrl from its "
        f"closure in {derivation:.2f} s (once per process, cached): "
        + ", ".join(f"{rule} {n}" for rule, n in rules.counts().items()) + ".",
        "pvgraph = `materialise()` (rules cached) in a fresh pyoxigraph store, in memory (median "
        "of the runs shown) and on disk (RocksDB; one run); owlrl = `DeductiveClosure(...)"
        ".expand()` on ontology ∪ data, in memory, in a child process, one run, stopped at "
        f"{cap:.0f} s of wall time. Each time is `wall / CPU` seconds; ratios are owlrl's CPU "
        "time over pvgraph's in-memory CPU time (the machine is shared: wall time includes waiting "
        "for a core, CPU time does not), wall-time ratio in brackets.",
        "",
        "| data triples | inferred | rounds | pvgraph in memory | runs | pvgraph on disk "
        "| owlrl RDFS | ratio | owlrl OWL RL | ratio | owlrl OWL RL = pvgraph? |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    increment_note = ""
    for size in sizes:
        data = synthetic_triples(size)
        runs = 1 if size >= 1_000_000 else 3
        seconds, report, store = time_pvgraph(ontology, data, runs, on_disk=False)
        median = (statistics.median(w for w, _ in seconds), statistics.median(c for _, c in seconds))
        owl, owl_note = None, "not run (too slow)"
        if size <= 25_000:
            owl, owl_note = time_owlrl(ontology, data, "owlrl", cap,
                                       _in_scope_of(store, ontology, data))
        if size == sizes[-1]:
            increment_note = _increment(store, ontology, size, median[1])
        store.close()
        disk_seconds, _, disk_store = time_pvgraph(ontology, data, 1, on_disk=True)
        disk_store.close()
        rdfs, rdfs_note = (time_owlrl(ontology, data, "rdfs", cap, None) if size <= 100_000
                           else (None, "not run (too slow)"))
        lines.append(
            f"| {len(data):,} | {report.added:,} | {report.rounds} | {_fmt(median, '')} | "
            f"{len(seconds)} | {_fmt(disk_seconds[0], '')} | {_fmt(rdfs, rdfs_note)} | "
            f"{_ratio(rdfs, median, cap, rdfs_note)} | {_fmt(owl, owl_note)} | "
            f"{_ratio(owl, median, cap, owl_note)} | {owl_note if owl else '—'} |"
        )
        print(lines[-1], file=sys.stderr, flush=True)
    lines += [
        "",
        "A ratio written `> N×` means owlrl was stopped at the cap (its CPU time until then is "
        "given): the true ratio is larger. The rule "
        "derivation above is paid once per build (and once per server process for submissions).",
        "",
        increment_note,
    ]
    return "\n".join(lines) + "\n"


def _increment(store: EmbeddedStore, ontology: list[ox.Quad], size: int, full_cpu: float) -> str:
    """A submission (1 % of the graph, at most 10 000 triples) on top of the materialised
    ``size`` triples: the increment against the full materialisation's time (``full``, measured
    above on the same data)."""
    submission = synthetic_triples(min(10_000, max(size // 100, 200)), start=10_000_000)
    new_graph = "https://w3id.org/pvgraph/graph/submission/bench"
    store.add_to_graph(new_graph, submission)
    cpu = time.process_time()
    inc = materialise_increment(store, ontology_graph=ONTOLOGY_GRAPH, new_graph=new_graph,
                                target_graph=TARGET_GRAPH, source_graphs=[DATA_GRAPH])
    inc_cpu = time.process_time() - cpu
    return (f"Submission of {len(submission):,} triples on top of {size:,} already materialised "
            f"(in memory): `materialise_increment` {inc.seconds:.2f} s wall / {inc_cpu:.2f} s CPU "
            f"({inc.added:,} triples added, {inc.rounds} rounds), against {full_cpu:.2f} s CPU "
            f"for the full `materialise` (ratio {full_cpu / max(inc_cpu, 1e-3):.1f}).")


def _fmt(seconds: tuple[float, float] | None, note: str) -> str:
    if seconds is None:
        return note
    return f"{seconds[0]:.2f} / {seconds[1]:.2f}"


def _ratio(theirs: tuple[float, float] | None, ours: tuple[float, float], cap: float,
           note: str = "") -> str:
    """owlrl's time over pvgraph's (CPU, then wall in brackets); a lower bound at the cap."""
    if min(ours) <= 0:
        return "—"
    if theirs is None:
        if not note.startswith("stopped"):
            return "—"
        used = float(note.rsplit("CPU ", 1)[1].split(" s")[0])
        return f"> {used / ours[1]:.0f}× (> {cap / ours[0]:.0f}×)"
    return f"{theirs[1] / ours[1]:.0f}× ({theirs[0] / ours[0]:.0f}×)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--owlrl-child", nargs=4, metavar=("SEMANTICS", "ONTO", "DATA", "OUT"))
    args = parser.parse_args()
    if args.owlrl_child:
        _owlrl_child(*args.owlrl_child)
        return
    print(run(args.quick))


if __name__ == "__main__":
    main()
