"""The same oracle comparison on pvgraph's real ontology (ontology/*.ttl), with the study's data,
the illustrative examples and a slice of the national referential as instance data."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning import (
    check_consistency,
    load_rules,
    materialise,
    materialise_increment,
    retracted_graph,
)
from pvgraph.reasoning.oracle import owlrl_closure

from .helpers import INFERRED, ONTOLOGY, graph_iri, inferred_in_scope, quads_of, store_with

ROOT = Path(__file__).resolve().parents[2]
REFERENTIAL = ROOT / "data" / "referential" / "referential-2026.nt.gz"
REFERENTIAL_SLICE = 400  # lines: owlrl is slow, the slice keeps the test to seconds
pytestmark = pytest.mark.slow  # owlrl closes the real ontology twice (≈ 10 s on an idle machine)


def real_ontology() -> list[ox.Quad]:
    files = sorted((ROOT / "ontology").glob("*.ttl"))
    assert files, "ontology/*.ttl is missing"
    return quads_of(files)


def real_data() -> dict[str, list[ox.Quad]]:
    graphs = {name: quads_of(sorted((ROOT / "data" / name).glob("*.ttl")))
              for name in ("study", "examples")}
    if REFERENTIAL.exists():
        with gzip.open(REFERENTIAL, "rt", encoding="utf-8") as lines:
            head = "".join(line for _, line in zip(range(REFERENTIAL_SLICE), lines, strict=False))
        graphs["referential"] = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                                 for t in ox.parse(head.encode(), ox.RdfFormat.N_TRIPLES)]
    return graphs


@pytest.fixture(scope="module")
def loaded():
    ontology, graphs = real_ontology(), real_data()
    store = store_with(ontology, graphs)
    report = materialise(store, ontology_graph=ONTOLOGY,
                         source_graphs=[graph_iri(n) for n in graphs], target_graph=INFERRED)
    return ontology, graphs, store, report


@pytest.fixture(scope="module")
def oracle(loaded):
    """owlrl's closure of the same ontology and data, computed once for the module."""
    ontology, graphs, _, _ = loaded
    onto = to_rdflib_graph(ontology)
    data = to_rdflib_graph(q for quads in graphs.values() for q in quads)
    entailed, errors = owlrl_closure(onto, data)
    return onto + data, entailed, errors


def test_real_ontology_equals_owlrl(loaded, oracle):
    _, _, store, report = loaded
    asserted, oracle, _ = oracle
    mine = inferred_in_scope(store, asserted)
    assert sorted(oracle - mine) == [], f"missing (unsupported axioms: {report.unsupported})"
    assert sorted(mine - oracle) == []
    assert mine, "the real data entails something"


def test_real_graph_is_consistent(loaded, oracle):
    _, graphs, store, _ = loaded
    problems = check_consistency(store, ontology_graph=ONTOLOGY,
                                 graphs=[*(graph_iri(n) for n in graphs), INFERRED])
    assert problems == []
    assert oracle[2] == [], "owlrl finds no inconsistency either"


def test_real_ontology_rules_cover_the_fixed_terms(loaded):
    """The territory terms of docs/conventions.md give the rules the build relies on."""
    _, _, store, _ = loaded
    rules = load_rules(store, ONTOLOGY)
    pv, org = "https://w3id.org/pvgraph/ontology#", "http://www.w3.org/ns/org#"
    assert org + "FormalOrganization" in rules.superclasses[pv + "Metropole"]
    assert (pv + "governs", pv + "governedBy") in rules.inverses
    assert pv + "withinTerritory" in rules.transitive
    # no property chain: a membership that ended must not become a present org:memberOf, nor the
    # presentation's example of a value type a rule about actions (chains are tested on fixtures)
    assert rules.chains == []
    assert (org + "hasMember", org + "memberOf") in rules.inverses or (org + "memberOf", org + "hasMember") in rules.inverses


def test_real_increment_equals_full(loaded):
    ontology, graphs, _, _ = loaded
    names = sorted(graphs)
    *before, last = names
    full = store_with(ontology, graphs)
    materialise(full, ontology_graph=ONTOLOGY, source_graphs=[graph_iri(n) for n in names],
                target_graph=INFERRED)
    step = store_with(ontology, {n: graphs[n] for n in before})
    materialise(step, ontology_graph=ONTOLOGY, source_graphs=[graph_iri(n) for n in before],
                target_graph=INFERRED)
    step.add_to_graph(graph_iri(last), graphs[last])
    # as a submission does: entailments (pvgraph's derived relations too) into a scratch graph,
    # merged into the inferred graph with the retracted derived triples taken out
    scratch = graph_iri("inferred/submission/test")
    materialise_increment(step, ontology_graph=ONTOLOGY, new_graph=graph_iri(last),
                          target_graph=scratch, inferred_graph=INFERRED)
    step.update(f"INSERT {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }} ;"
                f"DELETE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH <{retracted_graph(scratch)}> {{ ?s ?p ?o }} }} ;"
                f"DROP GRAPH <{scratch}> ; DROP SILENT GRAPH <{retracted_graph(scratch)}>")
    every = [ONTOLOGY, *(graph_iri(n) for n in names), INFERRED]
    closure = [set().union(*(set(s.quads(g)) for g in every)) for s in (full, step)]
    as_triples = [{(q.subject, q.predicate, q.object) for q in c} for c in closure]
    assert as_triples[0] == as_triples[1]
