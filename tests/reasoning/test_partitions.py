"""Split updates (what a remote store gets for large rounds): rules' rows packed under a budget,
heavy rows split by a hash of ?x where every binding falls in exactly one partition, and a split
materialisation gives exactly the single one's triples.

Run on the embedded store here (fast, exact comparison); tests/remote/ runs the same on Virtuoso.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning import materialise, materialise_increment
from pvgraph.reasoning.rules import rules_for_quads
from pvgraph.reasoning.updates import (
    MAX_PARTITIONS,
    Budget,
    Round,
    partition_filter,
    round_updates,
)

from .helpers import FIXTURES, INFERRED, ONTOLOGY, graph_iri, parse_turtle, quads_of, store_with

EX = "https://w3id.org/pvgraph/id/example/"


def subjects_store() -> tuple[ox.Store, set[ox.NamedNode | ox.BlankNode]]:
    """500 IRI subjects and 20 blank-node subjects, each with one triple."""
    store = ox.Store()
    p = ox.NamedNode(EX + "p")
    subjects: set[ox.NamedNode | ox.BlankNode] = {ox.NamedNode(f"{EX}s{i}") for i in range(500)}
    subjects |= {ox.BlankNode() for _ in range(20)}
    store.extend(ox.Quad(s, p, ox.Literal("v"), ox.DefaultGraph()) for s in subjects)
    return store, subjects


@pytest.mark.parametrize("count", [2, 3, 7, 16, 100, MAX_PARTITIONS])
def test_every_subject_is_in_exactly_one_partition(count: int) -> None:
    store, subjects = subjects_store()
    seen: list[ox.NamedNode | ox.BlankNode] = []
    sizes = []
    for index in range(count):
        rows = store.query(f"SELECT ?x WHERE {{ ?x ?p ?o {partition_filter('?x', index, count)} }}")
        part = [row["x"] for row in rows]
        sizes.append(len(part))
        seen += part
    assert len(seen) == len(subjects) and set(seen) == subjects  # a partition of the subjects
    if count <= 7:  # the hash spreads them: no partition is empty or holds most of them
        assert min(sizes) > 0 and max(sizes) < len(subjects) * 0.6


def test_partition_filter_bounds() -> None:
    assert partition_filter("?x", 0, 1) == ""
    first, last = partition_filter("?x", 0, 4), partition_filter("?x", 3, 4)
    assert "isBlank(?x) ||" in first and '< "40"' in first
    assert "!isBlank(?x)" in last and '>= "c0"' in last and "<" not in last.replace("<=", "")
    for index, count in ((0, 0), (2, 2), (-1, 3), (0, MAX_PARTITIONS + 1)):
        with pytest.raises(ValueError):
            partition_filter("?x", index, count)


def test_budget_packs_rows_and_splits_heavy_ones() -> None:
    budget = Budget(threshold=100, predicates={}, classes={})
    assert budget.groups([10, 50, 40, 0, 1, 99]) == [([0, 1, 2, 3], None), ([4, 5], None)]
    assert budget.groups([30, 250, 30]) == [([1], (0, 3)), ([1], (1, 3)), ([1], (2, 3)),
                                            ([0, 2], None)]  # light rows still packed together
    assert budget.groups([10**9]) == [([0], (i, MAX_PARTITIONS)) for i in range(MAX_PARTITIONS)]
    assert budget.groups([]) == []


def test_unsplit_updates_are_unchanged(fixture_ontology) -> None:
    """Without a budget (the embedded store) each rule is one update, with no hash filter."""
    rules = rules_for_quads(fixture_ontology)
    where = Round([ONTOLOGY, graph_iri("data")], INFERRED, "urn:d", None)
    plain = round_updates(rules, where)
    assert plain and not any("MD5" in u.sparql for u in plain)
    weights = {p: 1000 for p in rules.body_properties()}
    split = round_updates(rules, Round(where.dataset, INFERRED, "urn:d", None,
                                       budget=Budget(1500, weights, {})))
    assert {u.rule for u in split} == {u.rule for u in plain} and len(split) > len(plain)
    roomy = round_updates(rules, Round(where.dataset, INFERRED, "urn:d", None,
                                       budget=Budget(10**9, weights, {})))
    assert [u.rule for u in roomy] == [u.rule for u in plain]  # under budget: not split
    assert not any("MD5" in u.sparql for u in roomy)
    hashed = round_updates(rules, Round(where.dataset, INFERRED, "urn:d", None,
                                        budget=Budget(400, weights, {})))
    assert all("MD5(STR(?x))" in u.sparql for u in hashed if u.rule != "prp-dom+prp-rng+cax-sco")


def inferred(store) -> set:
    return set(to_rdflib_graph(store.quads(INFERRED)))


@pytest.mark.parametrize("data", ["data-basic.ttl", "data-chains.ttl"])
@pytest.mark.parametrize("threshold", [1, 5, 20])
def test_partitioned_materialisation_equals_the_single_one(fixture_ontology, data, threshold):
    quads = quads_of([FIXTURES / data])
    single = store_with(fixture_ontology, {"data": quads})
    one = materialise(single, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                      target_graph=INFERRED)
    split = store_with(fixture_ontology, {"data": quads})
    many = materialise(split, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                       target_graph=INFERRED, partition_threshold=threshold)
    assert one.partitions == 1
    assert many.partitions > 1
    assert inferred(split) == inferred(single)
    assert many.added == one.added > 0
    assert [g for g in split.graphs() if "/delta/" in g] == []


def test_partitioned_increment_equals_the_single_one(fixture_ontology) -> None:
    submission = parse_turtle(
        "@prefix pv: <https://w3id.org/pvgraph/ontology#> . @prefix org: <http://www.w3.org/ns/org#> . "
        f"@prefix ex: <{EX}> . ex:t0 pv:directlyWithin ex:t1 . ex:t7 pv:withinTerritory ex:t8 . "
        "[] org:member ex:org2 ; org:organization ex:alliance . ex:org9 pv:leads ex:p9 ; pv:governs ex:t0 .")
    data = quads_of([FIXTURES / "data-chains.ttl"])  # parsed once: the same blank nodes in both
    stores = []
    for threshold in (None, 2):
        store = store_with(fixture_ontology, {"data": data})
        materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                    target_graph=INFERRED)
        store.add_to_graph(graph_iri("submission/1"), submission)
        report = materialise_increment(store, ontology_graph=ONTOLOGY,
                                       new_graph=graph_iri("submission/1"), target_graph=INFERRED,
                                       partition_threshold=threshold)
        assert (report.partitions > 1) is (threshold is not None)
        stores.append((store, report.added))
    (single, added_single), (split, added_split) = stores
    assert added_split == added_single > 0
    assert inferred(split) == inferred(single)


def test_a_store_attribute_sets_the_threshold(fixture_ontology) -> None:
    """A store may ask for partitions (RemoteStore does); the argument overrides it."""
    store = store_with(fixture_ontology, {"data": quads_of([FIXTURES / "data-basic.ttl"])})
    store.partition_threshold = 10  # type: ignore[attr-defined]
    report = materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                         target_graph=INFERRED)
    assert report.partitions > 1
    report = materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                         target_graph=INFERRED, partition_threshold=0)
    assert report.partitions == 1
