"""Split reasoning on each real engine: the inferred graph equals the embedded store's, triple for
triple, when every round is split into many updates (rows packed under a small threshold, the
heavy rows by the MD5 hash of ``?x``).

The data is the project's own sources with the referential's committed fixture slice (about 4 500
triples); the threshold is forced down so that this moderate graph is split as the national
referential (500 000 triples) is under the default threshold. The full-size run is measured by
``python -m bench remote_build`` (bench/RESULTS.md, "Build into Virtuoso").
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.build import parse_sources
from pvgraph.namespaces import SHAPES_GRAPH
from pvgraph.reasoning import MaterialisationReport, materialise, materialise_increment
from pvgraph.reasoning.updates import partition_filter
from pvgraph.store import EmbeddedStore, Store
from pvgraph.store.remote import RemoteStore

from .conftest import Endpoints
from .test_remote_build import project_copy

pytestmark = [pytest.mark.remote, pytest.mark.slow]

PREFIX = "https://w3id.org/pvgraph/graph/test-split/"  # apart from the build test's graphs
ONTOLOGY, INFERRED = PREFIX + "ontology", PREFIX + "inferred"
THRESHOLD = 300  # triples one update may read: forces splitting on a 4 500-triple graph
SUBMISSION = PREFIX + "submission"


class RecordingStore(RemoteStore):
    """A RemoteStore that keeps the text of every update it sends."""

    sent: list[str]

    def update(self, sparql: str) -> None:
        self.sent.append(sparql)
        super().update(sparql)


def sources(root: Path) -> dict[str, list[ox.Quad]]:
    """The project's data graphs (shapes left out), renamed under PREFIX."""
    graphs = {}
    for source in parse_sources(project_copy(root).root):
        if source.graph != str(SHAPES_GRAPH):
            graphs[PREFIX + source.graph.rsplit("/", 1)[-1]] = source.quads
    return graphs


def triples(store: Store, graph: str) -> tuple[set[tuple[str, str, str]], int]:
    """The graph's triples without blank nodes (compared exactly), and how many have one
    (Virtuoso relabels blank nodes, so those are counted)."""
    plain, blank = set(), 0
    for quad in store.quads(graph):
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank += 1
        else:
            plain.add((str(quad.subject), str(quad.predicate), str(quad.object)))
    return plain, blank


@pytest.fixture(scope="module")
def loaded(engine: Endpoints, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[EmbeddedStore, RecordingStore, list[str]]:
    """The same graphs in both stores, materialised: embedded as usual, the engine split."""
    graphs = sources(tmp_path_factory.mktemp("split-project"))
    assert ONTOLOGY in graphs and sum(map(len, graphs.values())) > 10 * THRESHOLD
    embedded = EmbeddedStore()
    remote = RecordingStore(engine.query_url, update_url=engine.update_url, user=engine.user,
                            password=engine.password, auth=engine.auth, engine=engine.engine,
                            graph_store_url=engine.graph_store_url,
                            timeout=120)
    remote.sent = []
    for name, quads in graphs.items():
        embedded.replace_graph(name, quads)
        remote.replace_graph(name, quads)
    remote.drop_graph(SUBMISSION)
    return embedded, remote, [g for g in graphs if g != ONTOLOGY]


@pytest.fixture(scope="module")
def materialised(loaded) -> tuple[EmbeddedStore, RecordingStore, list[str], MaterialisationReport,
                                  MaterialisationReport, list[str]]:
    embedded, remote, data = loaded
    single = materialise(embedded, ontology_graph=ONTOLOGY, source_graphs=data, target_graph=INFERRED)
    remote.sent = []
    split = materialise(remote, ontology_graph=ONTOLOGY, source_graphs=data, target_graph=INFERRED,
                        partition_threshold=THRESHOLD)
    return embedded, remote, data, single, split, remote.sent


def test_split_reasoning_on_the_engine_equals_the_embedded_store(materialised) -> None:
    embedded, remote, _, single, split, sent = materialised
    assert single.partitions == 1 and split.partitions > 1
    rules = [u for u in sent if u.lstrip().startswith("INSERT {")]
    assert len(rules) > 3 * len(single.rule_seconds)  # many updates per rule, not one
    assert any("MD5(STR(?x))" in u for u in rules)  # and heavy rows split by the hash
    assert split.added == single.added > 1000
    assert triples(remote, INFERRED) == triples(embedded, INFERRED)
    assert [g for g in remote.graphs() if "/delta/" in g] == []


def test_split_increment_on_the_engine_equals_the_embedded_store(materialised) -> None:
    """A submission on top: the delta rounds are split too, with the same result."""
    embedded, remote, data, *_ = materialised
    submission = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                  for q in embedded.quads(PREFIX + "examples")]  # restated: mostly known
    extra = ox.parse(b"@prefix pv: <https://w3id.org/pvgraph/ontology#> . "
                     b"@prefix ex: <https://w3id.org/pvgraph/id/synthetic/> . "
                     b"ex:t0 pv:directlyWithin ex:t1 . ex:t1 pv:withinTerritory ex:t2 . "
                     b"ex:org pv:governs ex:t0 ; pv:leads ex:project .", format=ox.RdfFormat.TURTLE)
    submission += [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in extra]
    reports = []
    for store, threshold in ((embedded, None), (remote, THRESHOLD)):
        store.replace_graph(SUBMISSION, submission)
        reports.append(materialise_increment(store, ontology_graph=ONTOLOGY, new_graph=SUBMISSION,
                                             target_graph=INFERRED, source_graphs=data,
                                             partition_threshold=threshold))
    assert reports[1].partitions > 1
    assert reports[0].added == reports[1].added > 0
    assert triples(remote, INFERRED) == triples(embedded, INFERRED)


@pytest.mark.parametrize("count", [3, 16])
def test_the_engine_puts_every_subject_in_exactly_one_hash_partition(engine: Endpoints, count: int) -> None:
    """What the split relies on, checked on the real engine: MD5, SUBSTR, string order, isBlank."""
    remote = engine.store()
    graph = PREFIX + "subjects"
    p = ox.NamedNode("https://w3id.org/pvgraph/id/synthetic/p")
    named = [ox.NamedNode(f"https://w3id.org/pvgraph/id/synthetic/s{i}") for i in range(300)]
    blanks = [ox.BlankNode() for _ in range(5)]
    remote.replace_graph(graph, [ox.Triple(s, p, ox.Literal("v")) for s in [*named, *blanks]])
    seen: list[str] = []
    blank_parts = []
    for index in range(count):
        rows = remote.query(f"SELECT ?x WHERE {{ GRAPH <{graph}> {{ ?x ?p ?o }} "
                            f"{partition_filter('?x', index, count)} }}").rows
        seen += [row[0].value for row in rows if isinstance(row[0], ox.NamedNode)]
        blank_parts += [index for row in rows if isinstance(row[0], ox.BlankNode)]
    assert sorted(seen) == sorted(s.value for s in named)  # each IRI once
    assert blank_parts == [0] * len(blanks)  # blank nodes all in the first partition
    remote.drop_graph(graph)
