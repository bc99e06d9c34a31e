"""materialise_increment: after a submission, only what the submission entails is added, and the
result is the full materialisation's (prp-* and cax-* rules semi-naively from the new graph)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning import materialise, materialise_increment

from .helpers import FIXTURES, INFERRED, ONTOLOGY, graph_iri, parse_turtle, quads_of, store_with

EX = "https://w3id.org/pvgraph/id/example/"
PREFIXES = ("@prefix pv: <https://w3id.org/pvgraph/ontology#> . "
            "@prefix org: <http://www.w3.org/ns/org#> . "
            f"@prefix ex: <{EX}> .\n")

SUBMISSIONS = {
    # extends a transitive chain at both ends and in the middle, through a subproperty
    "chain": "ex:t0 pv:directlyWithin ex:t1 . ex:t7 pv:withinTerritory ex:t8 . "
             "ex:t3 pv:withinTerritory ex:t3b .",
    # a membership whose chain conclusion (org:memberOf) needs the existing graph's triples
    "membership": "ex:m9 org:member ex:org2 ; org:organization ex:alliance .",
    # leads (inverse) + governs: the three-link chain pv:projectTerritory across old and new
    "project": "ex:org9 pv:leads ex:p9 ; pv:governs ex:t0 . ex:org1 pv:leads ex:p10 .",
    # restates things already inferred, and adds nothing new
    "redundant": "ex:t1 pv:withinTerritory ex:t3 . ex:org1 a org:Organization .",
}


def closure(store, graphs) -> set:
    triples = set()
    for graph in graphs:
        triples |= set(to_rdflib_graph(store.quads(graph)))
    return triples


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_increment_equals_full_rebuild(fixture_ontology, name):
    base = quads_of([FIXTURES / "data-chains.ttl"])
    submission = parse_turtle(PREFIXES + SUBMISSIONS[name])
    data, new = graph_iri("data"), graph_iri("submission/1")

    full = store_with(fixture_ontology, {"data": base, "submission/1": submission})
    materialise(full, ontology_graph=ONTOLOGY, source_graphs=[data, new], target_graph=INFERRED)

    incremental = store_with(fixture_ontology, {"data": base})
    materialise(incremental, ontology_graph=ONTOLOGY, source_graphs=[data], target_graph=INFERRED)
    previous = closure(incremental, [INFERRED])
    incremental.add_to_graph(new, submission)
    report = materialise_increment(incremental, ontology_graph=ONTOLOGY, new_graph=new,
                                   target_graph=INFERRED)

    everything = [ONTOLOGY, data, new, INFERRED]
    assert closure(incremental, everything) == closure(full, everything)
    after = closure(incremental, [INFERRED])
    assert previous <= after, "an increment never removes an inferred triple"
    assert report.added == len(after - previous)
    leftovers = [g for g in incremental.graphs() if "/delta/" in g]
    assert leftovers == []


def test_increment_with_nothing_new_adds_nothing(fixture_ontology):
    base = quads_of([FIXTURES / "data-basic.ttl"])
    store = store_with(fixture_ontology, {"data": base})
    materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                target_graph=INFERRED)
    store.add_to_graph(graph_iri("submission/2"), base)  # the same triples again
    report = materialise_increment(store, ontology_graph=ONTOLOGY,
                                   new_graph=graph_iri("submission/2"), target_graph=INFERRED)
    assert report.added == 0
    assert report.rounds == 1


def test_increment_reads_only_the_named_sources(fixture_ontology):
    """With source_graphs given, a graph outside them is not joined with the submission."""
    unrelated = parse_turtle(PREFIXES + "ex:m1 org:member ex:a .")
    submission = parse_turtle(PREFIXES + "ex:m1 org:organization ex:b .")
    store = store_with(fixture_ontology, {"data": [], "other": unrelated})
    materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                target_graph=INFERRED)
    store.add_to_graph(graph_iri("submission/3"), submission)
    materialise_increment(store, ontology_graph=ONTOLOGY, new_graph=graph_iri("submission/3"),
                          target_graph=INFERRED, source_graphs=[graph_iri("data")])
    ask = f"ASK {{ GRAPH <{INFERRED}> {{ <{EX}a> <http://www.w3.org/ns/org#memberOf> <{EX}b> }} }}"
    assert not store.query(ask).boolean
    materialise_increment(store, ontology_graph=ONTOLOGY, new_graph=graph_iri("submission/3"),
                          target_graph=INFERRED)  # default: every data graph in the store
    assert store.query(ask).boolean


PV = "https://w3id.org/pvgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
NODES = [f"{EX}n{i}" for i in range(6)]
PROPERTIES = [PV + p for p in ("governs", "governedBy", "ledBy", "coLedBy", "leads",
                               "withinTerritory", "directlyWithin", "partnerOf")]
PROPERTIES += [ORG + "member", ORG + "organization"]
edge = st.tuples(st.sampled_from(NODES), st.sampled_from(PROPERTIES), st.sampled_from(NODES))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edge, max_size=12), st.lists(edge, min_size=1, max_size=6))
def test_random_increments_equal_full_rebuild(fixture_ontology, base_edges, new_edges):
    def quads(edges):
        return parse_turtle("\n".join(f"<{s}> <{p}> <{o}> ." for s, p, o in edges))

    data, new = graph_iri("data"), graph_iri("submission/r")
    full = store_with(fixture_ontology, {"data": quads(base_edges), "submission/r": quads(new_edges)})
    materialise(full, ontology_graph=ONTOLOGY, source_graphs=[data, new], target_graph=INFERRED)
    step = store_with(fixture_ontology, {"data": quads(base_edges)})
    materialise(step, ontology_graph=ONTOLOGY, source_graphs=[data], target_graph=INFERRED)
    step.add_to_graph(new, quads(new_edges))
    materialise_increment(step, ontology_graph=ONTOLOGY, new_graph=new, target_graph=INFERRED)
    everything = [ONTOLOGY, data, new, INFERRED]
    assert closure(step, everything) == closure(full, everything)
