"""Content negotiation and the format table."""

from __future__ import annotations

import pytest

from pvgraph.errors import NotAcceptableError, UnsupportedFormatError
from pvgraph.formats import negotiate, parse_accept, rdf_format, rdf_format_for_path, result_format

OFFERED = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml;q=0.9, text/csv;q=0.5", "application/sparql-results+xml"),
        ("text/csv;q=0.9, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ],
    ids=["no-header", "anything", "exact", "q-order", "q-default-1", "wildcard-subtype", "q0-refuses"],
)
def test_negotiate_picks_the_best_offer(accept: str | None, expected: str) -> None:
    assert negotiate(accept, OFFERED) == expected


def test_negotiate_refuses_with_406_when_nothing_fits() -> None:
    with pytest.raises(NotAcceptableError) as info:
        negotiate("image/png", OFFERED)
    assert info.value.http_status == 406
    assert info.value.detail["available"] == OFFERED


def test_parse_accept_orders_specific_before_wildcards_at_equal_q() -> None:
    assert [m for m, _ in parse_accept("*/*, text/*, text/turtle")] == ["text/turtle", "text/*", "*/*"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("data.ttl", "turtle"), ("x.nt.gz", "ntriples"), ("a.jsonld", "jsonld"), ("a.TRIG", "trig"),
     ("o.owl", "rdfxml"), ("d.nq", "nquads")],
)
def test_format_from_extension(name: str, expected: str) -> None:
    assert rdf_format_for_path(name).name == expected


def test_unknown_extension_says_which_ones_work() -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        rdf_format_for_path("notes.docx")
    assert ".ttl" in str(info.value)


def test_lookup_by_media_type_and_alias() -> None:
    assert rdf_format("text/turtle; charset=utf-8").name == "turtle"
    assert result_format("application/json").name == "json"
    with pytest.raises(UnsupportedFormatError):
        result_format("text/html")


def test_every_reader_of_rdf_formats_takes_them_from_the_one_table() -> None:
    """Dumps, linked-data links, the harvest check and the build's sources read formats.RDF_FORMATS
    (adding a format is one entry there)."""
    from pvgraph.build import RDF_SUFFIXES
    from pvgraph.formats import LINKED_DATA_FORMATS, RDF_FORMATS, rdf_format
    from pvgraph.publish.dumps import KINDS
    from pvgraph.publish.harvest import HARVEST_FORMATS
    from pvgraph.server.links import FORMAT_NAMES, LINK_FORMATS, RDF_MEDIA_TYPES

    for kind in KINDS.values():
        fmt = rdf_format(kind.name)
        assert (kind.media_type, kind.eu_file_type, kind.label, kind.quads) == (
            fmt.media_type, fmt.eu_file_type, fmt.label, fmt.datasets)
        assert kind.extension.removesuffix(".gz") == fmt.extension
    assert tuple(f.media_type for f in LINKED_DATA_FORMATS) == RDF_MEDIA_TYPES
    assert [m for _, m in LINK_FORMATS] == list(RDF_MEDIA_TYPES)
    assert all(FORMAT_NAMES[name] == f.media_type for f in LINKED_DATA_FORMATS for name in f.names)
    assert FORMAT_NAMES["xml"] == FORMAT_NAMES["rdf"] == "application/rdf+xml"
    assert set(RDF_SUFFIXES) == {f.extension for f in RDF_FORMATS} | {".gz"}
    assert all(rdf_format(name).media_type == media for media, name in HARVEST_FORMATS if media != "text/n3")
    assert all(f.label and f.eu_file_type for f in RDF_FORMATS)
