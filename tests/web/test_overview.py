"""The home page's overview (pvgraph.overview)."""

from __future__ import annotations

from pvgraph.namespaces import EXAMPLES_GRAPH
from pvgraph.overview import class_counts, graph_overview, triple_counts


def test_triple_counts_agree_with_the_store(store):
    assert triple_counts(store) == store.graphs()


def test_overview_counts_things_by_class_in_each_graph_of_things(store):
    overview = graph_overview(store)
    assert overview.version == store.version()
    assert overview.triples == sum(store.graphs().values())
    described = overview.described()
    assert [g.key for g in described] == ["examples"]  # the ontology graph is not a graph of things
    counts = {c.label("fr"): c.count for c in described[0].classes}
    assert counts == {"projet numérique": 2, "collectivité": 1}
    assert {c.label("en") for c in described[0].classes} == {"digital project", "authority"}


def test_class_counts_are_cut_at_the_limit(store):
    top = class_counts(store, str(EXAMPLES_GRAPH), limit=1)
    assert [(c.label("fr"), c.count) for c in top] == [("projet numérique", 2)]
