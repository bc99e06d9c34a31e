"""Reading RDF: every bad input is a UserError naming the place, and nothing half-read."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import rdflib

from pvgraph.errors import InputError, PayloadTooLargeError, RdfSyntaxError, UnsupportedFormatError
from pvgraph.formats import rdf_format
from pvgraph.loading import (
    Document,
    document_from_bytes,
    parse_document,
    parse_file,
    read_document,
    simple_graph,
    to_rdflib_graph,
)

TTL = b"@prefix ex: <http://example.org/> .\nex:a ex:p 1 .\n"


def test_turtle_file_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "ok.ttl"
    path.write_bytes(TTL)
    parsed = parse_file(path)
    assert len(parsed.quads) == 1
    assert parsed.quads[0].object.value == "1"


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_bytes(b"@prefix ex: <http://example.org/> .\nex:a ex:p ex:b ;\n  ex:q \"open .\n")
    with pytest.raises(RdfSyntaxError) as info:
        parse_file(path)
    assert info.value.location.file == str(path)
    assert info.value.location.line == 3
    assert info.value.location.column is not None
    assert "bad.ttl, line 3" in str(info.value)


def test_gzip_is_looked_through(tmp_path: Path) -> None:
    path = tmp_path / "data.ttl.gz"
    path.write_bytes(gzip.compress(TTL))
    assert len(parse_file(path).quads) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"  \n\t", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
     ("ex:a ex:b \"é\" .".encode("latin-1"), "not UTF-8")],
    ids=["empty", "blank", "binary", "latin1"],
)
def test_unreadable_bytes_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        document_from_bytes(data, name="upload.ttl")
    assert message in info.value.message


def test_too_large_is_refused_before_parsing() -> None:
    with pytest.raises(PayloadTooLargeError):
        document_from_bytes(TTL * 100, name="big.ttl", max_bytes=100)


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"#" * 5_000_000)
    with pytest.raises(PayloadTooLargeError):
        document_from_bytes(bomb, name="bomb.ttl.gz", max_bytes=1_000_000)


def test_xml_entity_expansion_is_refused_not_expanded() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
        b'<rdf:Description rdf:about="http://e/x"><ex:p>&b;</ex:p></rdf:Description></rdf:RDF>'
    )
    doc = document_from_bytes(laughs, name="bomb.rdf")
    with pytest.raises(InputError) as info:
        parse_document(doc)
    assert "entities" in info.value.message


def test_external_entity_is_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
        b'<rdf:Description rdf:about="http://e/x"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>'
    )
    with pytest.raises(InputError):
        parse_document(document_from_bytes(xxe, name="xxe.rdf"))


def test_remote_jsonld_context_is_never_fetched() -> None:
    doc = document_from_bytes(b'{"@context": "http://127.0.0.1:9/ctx", "name": "x"}', name="x.jsonld")
    with pytest.raises(RdfSyntaxError) as info:
        parse_document(doc)
    assert "remote @context" in info.value.message


def test_owl_imports_are_noticed_not_followed() -> None:
    doc = document_from_bytes(
        b"<http://e/o> <http://www.w3.org/2002/07/owl#imports> <http://127.0.0.1:9/other> .\n",
        name="o.nt",
    )
    parsed = parse_document(doc)
    assert any("not followed" in n for n in parsed.notices)


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b'{"@id": "http://e/a"}', "jsonld"), (TTL, "trig"),
     (b'<?xml version="1.0"?><rdf:RDF/>', "rdfxml"),
     (b"<http://e/a> <http://e/p> <http://e/b> .\n", "nquads")],
)
def test_format_is_sniffed_when_nothing_names_it(data: bytes, expected: str) -> None:
    assert document_from_bytes(data, name="<stdin>").format.name == expected


def test_unrecognisable_text_is_an_unsupported_format() -> None:
    with pytest.raises(UnsupportedFormatError):
        document_from_bytes(b"hello world, this is prose", name="<stdin>")


def test_missing_file_and_directory_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_document(tmp_path / "absent.ttl")
    with pytest.raises(InputError):
        read_document(tmp_path)


def test_simple_graph_counts_and_finds_its_triples() -> None:
    """The graph validation runs on: its length stays right through duplicates and removals,
    and its triples are found through an rdflib Dataset over its store, as pySHACL looks them up."""
    graph = simple_graph()
    a, b = rdflib.URIRef("http://example.org/a"), rdflib.BNode()
    graph.add((a, rdflib.RDF.type, rdflib.OWL.Thing))
    graph.add((a, rdflib.RDF.type, rdflib.OWL.Thing))
    graph.add((b, rdflib.RDFS.label, rdflib.Literal("b")))
    graph.add((a, rdflib.RDFS.seeAlso, b))
    assert len(graph) == 3
    graph.remove((a, None, None))
    graph.remove((a, None, None))
    assert len(graph) == 1 and set(graph) == {(b, rdflib.RDFS.label, rdflib.Literal("b"))}
    quads = list(rdflib.Dataset(store=graph.store).quads((b, None, None, None)))
    assert [q[3] for q in quads] == [graph.identifier]


def test_rdflib_graph_from_quads_is_the_same_on_either_store() -> None:
    text = b'@prefix ex: <http://example.org/> . ex:a ex:p "01"^^<http://www.w3.org/2001/XMLSchema#integer> , "x"@fr , [ ex:q ex:a ] .'
    quads = parse_document(Document("x.ttl", text, rdf_format("turtle"))).quads
    assert set(to_rdflib_graph(quads)) == set(to_rdflib_graph(quads, simple=True))
    assert len(to_rdflib_graph(quads, simple=True)) == len(quads) == 4
