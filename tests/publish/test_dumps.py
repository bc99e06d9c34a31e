"""Dumps: deterministic bytes, names carrying the version, and content equal to the store's."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from pvgraph.loading import parse_file, to_rdflib_graph
from pvgraph.namespaces import INFERRED_GRAPH, META_GRAPH, ONTOLOGY_GRAPH, STUDY_GRAPH
from pvgraph.publish.dumps import (
    canonical_ntriples,
    canonical_quads,
    gzip_bytes,
    read_manifest,
    write_dumps,
)
from pvgraph.publish.parts import PARTS, WHOLE
from pvgraph.publish.prefixes import with_stable_header
from pvgraph.publish.sitemap import thing_iris
from pvgraph.publish.text import StoreText
from pvgraph.store import EmbeddedStore, Store

from .conftest import make_store

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _graph_of(store: EmbeddedStore, graphs: tuple[str, ...]) -> rdflib.Graph:
    return to_rdflib_graph(q for g in graphs for q in store.quads(g))


def test_two_runs_on_two_stores_give_byte_identical_files(tmp_path: Path) -> None:
    first = write_dumps(make_store(), tmp_path / "a")
    second = write_dumps(make_store(), tmp_path / "b")  # other blank-node ids, other store version
    assert [f.name for f in first.files] == [f.name for f in second.files]
    for name in [f.name for f in first.files] + ["manifest.json"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_every_part_and_format_is_written_with_its_version_in_the_name(tmp_path: Path, store: EmbeddedStore) -> None:
    manifest = write_dumps(store, tmp_path)
    assert set(manifest.versions) == {WHOLE.key, *(p.key for p in PARTS)}
    for part_key, version in manifest.versions.items():
        files = manifest.for_part(part_key)
        expected = {"nquads", "trig"} if part_key == WHOLE.key else {"turtle", "ntriples", "jsonld"}
        assert {f.kind for f in files} == expected
        for f in files:
            assert version in f.name
            assert (tmp_path / f.name).stat().st_size == f.byte_size
    assert read_manifest(tmp_path) == manifest


def test_each_part_dump_holds_exactly_what_the_store_holds(tmp_path: Path, store: EmbeddedStore) -> None:
    manifest = write_dumps(store, tmp_path)
    for current in PARTS:
        if current.concept_schemes_only:
            continue
        expected = _graph_of(store, current.graphs)
        for dump in manifest.for_part(current.key):
            loaded = to_rdflib_graph(parse_file(tmp_path / dump.name).quads)
            assert len(loaded) == dump.triples == len(expected), dump.name
            assert isomorphic(loaded, expected), dump.name


def test_whole_graph_dumps_hold_each_named_graph_apart_without_meta_or_inferred(
    tmp_path: Path, store: EmbeddedStore
) -> None:
    manifest = write_dumps(store, tmp_path)
    for dump in manifest.for_part(WHOLE.key):
        quads = parse_file(tmp_path / dump.name).quads
        graphs = {q.graph_name.value for q in quads}
        assert graphs == set(WHOLE.graphs)
        assert str(META_GRAPH) not in graphs and str(INFERRED_GRAPH) not in graphs
        for graph in WHOLE.graphs:
            loaded = to_rdflib_graph(q for q in quads if q.graph_name.value == graph)
            assert isomorphic(loaded, _graph_of(store, (graph,))), (dump.name, graph)


def test_concept_schemes_part_holds_the_schemes_and_their_concepts_only(tmp_path: Path, store: EmbeddedStore) -> None:
    manifest = write_dumps(store, tmp_path)
    (dump,) = [f for f in manifest.for_part("concept-schemes") if f.kind == "turtle"]
    graph = rdflib.Graph().parse(tmp_path / dump.name)
    subjects = {str(s) for s in graph.subjects()}
    pv = "https://w3id.org/pvgraph/ontology#"
    assert subjects == {pv + "PublicValueTypeScheme", pv + "PoliticalValue", pv + "SocialValue"}
    ontology = _graph_of(store, (str(ONTOLOGY_GRAPH),))
    assert all(t in ontology for t in graph)


def test_blank_nodes_get_canonical_labels(store: EmbeddedStore) -> None:
    quads = canonical_quads(store, [str(STUDY_GRAPH)])[str(STUDY_GRAPH)]
    blanks = {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    assert blanks and all(label.startswith("c14n") for label in blanks)


def test_a_change_in_one_part_changes_only_its_version(tmp_path: Path) -> None:
    before = write_dumps(make_store(), tmp_path / "a").versions
    changed = make_store()
    ex = ox.NamedNode("https://w3id.org/pvgraph/id/example/project-2")
    changed.add_to_graph("https://w3id.org/pvgraph/graph/examples",
                         [ox.Triple(ex, ox.NamedNode(SKOS + "note"), ox.Literal("deux"))])
    after = write_dumps(changed, tmp_path / "b").versions
    assert after["examples"] != before["examples"]
    assert after[WHOLE.key] != before[WHOLE.key]
    assert {k: v for k, v in after.items() if k not in ("examples", WHOLE.key)} == \
        {k: v for k, v in before.items() if k not in ("examples", WHOLE.key)}


def test_gzip_has_no_name_and_no_date() -> None:
    data = gzip_bytes(b"<a> <b> <c> .\n")
    assert data == gzip_bytes(b"<a> <b> <c> .\n")
    assert data[3] & 0x08 == 0  # FNAME flag unset: no file name
    assert data[4:8] == b"\x00\x00\x00\x00"  # MTIME zero
    assert gzip.decompress(data) == b"<a> <b> <c> .\n"


def test_prefix_header_is_rewritten_in_the_fixed_order() -> None:
    raw = (b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
           b"@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n<a> <b> <c> .\n")
    out = with_stable_header(raw).decode().splitlines()
    assert out[0].startswith("@prefix rdf:") and out[1].startswith("@prefix skos:")
    assert out[2] == "<a> <b> <c> ."


def _tricky_store() -> EmbeddedStore:
    """Terms whose texts are prefixes of one another (literal and tagged/typed literal, IRI and
    longer IRI), escapes and non-ASCII text: where sorting lines could part from sorting quads."""
    store = make_store()
    s, p = ox.NamedNode("https://w3id.org/pvgraph/id/x"), ox.NamedNode("http://e.org/p")
    objects = [ox.Literal("a"), ox.Literal("a", language="fr"), ox.Literal("a b"),
               ox.Literal("a", datatype=ox.NamedNode("http://e.org/t")), ox.Literal("a\n\"é"),
               ox.Literal("a "), ox.Literal("_: not a blank node"),
               ox.NamedNode("http://e.org/a"), ox.NamedNode("http://e.org/a/b"),
               ox.NamedNode("http://e.org/a#b"), ox.NamedNode("http://e.org/ä")]
    triples = [ox.Triple(subject, p, o) for subject in (s, ox.NamedNode("https://w3id.org/pvgraph/id/x/y"))
               for o in objects]
    store.add_to_graph("https://w3id.org/pvgraph/graph/examples", triples)
    store.add_to_graph("https://w3id.org/pvgraph/graph/referential", triples[:5])
    return store


def test_graphs_sorted_as_text_are_the_canonical_quads_in_the_same_order() -> None:
    store = _tricky_store()
    graphs = [g for g in store.graphs() if g != str(META_GRAPH)]
    expected = canonical_quads(store, graphs)
    texts = canonical_ntriples(StoreText(store), graphs)
    assert any(b"_:" not in t for t in texts.values()) and any(b"_:" in t for t in texts.values())
    for graph in graphs:
        triples = [q.triple for q in expected[graph]]
        assert texts[graph] == (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""), graph


def test_every_store_writes_a_graph_as_the_same_n_triples(store: EmbeddedStore) -> None:
    for graph in store.graphs():
        own = store.ntriples(graph).splitlines()
        generic = Store.ntriples(store, graph).splitlines()  # what a store without a writer does
        assert own and sorted(own) == sorted(generic), graph


def test_things_read_from_text_are_the_subjects_under_the_public_base() -> None:
    store = _tricky_store()
    prefix = "https://w3id.org/pvgraph/id/"
    expected = sorted({q.subject.value for q in store.quads()
                       if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)})
    assert thing_iris(store) == expected and "https://w3id.org/pvgraph/id/x/y" in expected


def test_progress_and_summary_speak_french_unless_english_is_asked(tmp_path: Path, store: EmbeddedStore) -> None:
    from pvgraph.publish.bundle import PublishReport

    french: list[str] = []
    manifest = write_dumps(store, tmp_path / "fr", progress=french.append)
    english: list[str] = []
    write_dumps(store, tmp_path / "en", progress=english.append, lang="en")
    first = manifest.files[0]
    assert french[0] == f"{first.name} écrit ({first.byte_size} octets)"
    assert english[0] == f"wrote {first.name} ({first.byte_size} bytes)"
    report = PublishReport(outdir=tmp_path / "fr", manifest=manifest, written=["void.ttl"])
    assert report.summary().startswith(f"{len(manifest.files)} exports et 1 descriptions publiés dans ")
    assert f"{first.byte_size:>12} octets" in report.summary()
    assert report.summary("en").startswith(f"published {len(manifest.files)} dumps and 1 descriptions into ")
