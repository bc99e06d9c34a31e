"""The DCAT-AP catalogue: the official shapes find no violation; it says what portals read."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SH, XSD

from pvgraph.errors import NotFoundError
from pvgraph.publish.catalog import build_catalog, dataset_iri
from pvgraph.publish.dumps import Manifest, write_dumps
from pvgraph.publish.parts import LICENCE_OUVERTE
from pvgraph.publish.profiles import CKAN as CKAN_PROFILE
from pvgraph.publish.profiles import (
    DATAGOUV,
    DEFAULT,
    PROFILES,
    Profile,
    negotiate_profile,
    profile_named,
)
from pvgraph.publish.rdf import serialise
from pvgraph.queries import load_queries
from pvgraph.store import EmbeddedStore

SHAPES = Path(__file__).parent / "dcat-ap"
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
GEO = rdflib.Namespace("http://www.opengis.net/ont/geosparql#")
BASE_URL = "http://127.0.0.1:9/"
QUESTION = """# id: projects-by-type
# fr: Quels projets de chaque type ?
# en: Which projects of each type?
PREFIX pv: <https://w3id.org/pvgraph/ontology#>
SELECT ?p WHERE { ?p a pv:Project }
"""


@pytest.fixture
def published(tmp_path: Path, store: EmbeddedStore) -> tuple[rdflib.Graph, Manifest]:
    manifest = write_dumps(store, tmp_path / "dumps")
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "projects-by-type.rq").write_text(QUESTION, encoding="utf-8")
    queries = load_queries(tmp_path / "queries").values()
    triples = build_catalog(store, manifest, BASE_URL, queries=queries)
    graph = rdflib.Graph().parse(data=serialise(triples, "turtle"), format="turtle")
    return graph, manifest


SHAPE_SETS = {
    "core": ["shapes.ttl"], "ranges": ["range.ttl"], "recommended": ["shapes_recommended.ttl"],
    "deprecated": ["deprecateduris.ttl"], "unique-ids": ["unique-ids.ttl"],
    "unique-ids-ranges": ["unique-ids.ttl", "unique-ids-ranges.ttl"],
}


def _shape_set(name: str) -> rdflib.Graph:
    """One DCAT-AP shape set, as the reference runner loads it: the unique-ids files name
    property shapes they never declare (no sh:path); those references are dropped."""
    graph = rdflib.Graph()
    for file in SHAPE_SETS[name]:
        graph.parse(SHAPES / file, format="turtle")
    if name.startswith("unique-ids"):
        for shape, prop in list(graph.subject_objects(SH.property)):
            if graph.value(prop, SH.path) is None:
                graph.remove((shape, SH.property, prop))
    return graph


@pytest.mark.parametrize("shapes", list(SHAPE_SETS))
def test_catalogue_passes_the_official_dcat_ap_shapes(published: tuple[rdflib.Graph, Manifest], shapes: str) -> None:
    """Each set alone, no imports, as the reference runner (validate_dcat_ap.py) does."""
    graph, _ = published
    shapes_graph = _shape_set(shapes)
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none",
                                    allow_warnings=True)
    violations = [
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert violations == []


def test_the_shape_test_can_fail(published: tuple[rdflib.Graph, Manifest]) -> None:
    """A distribution without accessURL is a violation of the core shapes: the check bites."""
    graph, _ = published
    distribution = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.remove((distribution, DCAT.accessURL, None))
    shapes_graph = rdflib.Graph().parse(SHAPES / "shapes.ttl", format="turtle")
    conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none")
    assert not conforms


def test_every_dump_is_a_distribution_with_what_portals_read(published: tuple[rdflib.Graph, Manifest]) -> None:
    graph, manifest = published
    distributions = {d for d in graph.subjects(RDF.type, DCAT.Distribution)
                     if graph.value(d, DCAT.accessService) is None}
    assert len(distributions) == len(manifest.files)
    by_url = {str(graph.value(d, DCAT.downloadURL)): d for d in distributions}
    for dump in manifest.files:
        node = by_url[f"{BASE_URL}dumps/{dump.name}"]
        assert graph.value(node, DCAT.accessURL) is not None
        assert str(graph.value(node, DCTERMS.license)) == LICENCE_OUVERTE
        media = str(graph.value(node, DCAT.mediaType))
        assert media == f"https://www.iana.org/assignments/media-types/{dump.dump_kind.media_type}"
        assert str(graph.value(node, DCTERMS.format)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/")
        checksum = graph.value(node, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(graph.value(checksum, SPDX.checksumValue)) == dump.sha256
        assert int(graph.value(node, DCAT.byteSize)) == dump.byte_size
        assert graph.value(node, DCTERMS.issued) is not None
        assert graph.value(node, DCTERMS.modified) is not None
        if dump.dump_kind.gzipped:
            assert graph.value(node, DCAT.compressFormat) is not None


def test_catalogue_is_bilingual_and_datasets_have_attribution(published: tuple[rdflib.Graph, Manifest]) -> None:
    graph, _ = published
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert {t.language for t in graph.objects(catalog, DCTERMS.title)} == {"fr", "en"}
    assert {t.language for t in graph.objects(catalog, DCTERMS.description)} == {"fr", "en"}
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert set(graph.objects(catalog, DCAT.dataset)) == datasets

    def rights(key: str) -> str:
        dataset = rdflib.URIRef(dataset_iri(key))
        node = graph.value(next(graph.objects(dataset, DCAT.distribution)), DCTERMS.rights)
        return " ".join(str(x) for x in graph.objects(node, rdflib.RDFS.label))

    assert "présentation source" in rights("study")
    assert "INSEE" in rights("referential") and "DGCL" in rights("referential")


def test_provenance_names_the_build_and_the_source_files(published: tuple[rdflib.Graph, Manifest]) -> None:
    graph, _ = published
    study = rdflib.URIRef(dataset_iri("study"))
    activity = graph.value(study, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in graph
    assert graph.value(activity, PROV.wasAssociatedWith) is not None
    sources = {str(graph.value(s, DCTERMS.identifier)) for s in graph.objects(study, PROV.wasDerivedFrom)}
    assert "data/study/mini.ttl" in sources
    assert graph.value(study, DCTERMS.provenance) is not None


def test_data_service_describes_the_endpoint_and_the_named_questions(published: tuple[rdflib.Graph, Manifest]) -> None:
    graph, _ = published
    service = next(graph.subjects(RDF.type, DCAT.DataService))
    assert str(graph.value(service, DCAT.endpointURL)) == BASE_URL + "sparql"
    actions = list(graph.objects(service, rdflib.URIRef("https://schema.org/potentialAction")))
    assert len(actions) == 1
    labels = {str(x) for x in graph.objects(actions[0], rdflib.RDFS.label)}
    assert labels == {"Quels projets de chaque type ?", "Which projects of each type?"}
    assert "SELECT ?p" in str(graph.value(actions[0], SH.select))


@pytest.mark.parametrize("fmt", ["rdfxml", "jsonld", "ntriples", "trig"])
def test_every_serialisation_says_the_same(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    manifest = write_dumps(store, tmp_path)
    triples = build_catalog(store, manifest, BASE_URL)
    turtle = rdflib.Graph().parse(data=serialise(triples, "turtle"), format="turtle")
    rdflib_format = {"rdfxml": "xml", "jsonld": "json-ld", "ntriples": "nt", "trig": "trig"}[fmt]
    other = rdflib.Graph()
    if fmt == "trig":
        other = rdflib.Dataset()
    other.parse(data=serialise(triples, fmt), format=rdflib_format)
    flat = rdflib.Graph()
    for triple in (other.triples((None, None, None)) if fmt != "trig" else
                   ((s, p, o) for s, p, o, _ in other.quads((None, None, None, None)))):
        flat.add(triple)
    assert isomorphic(turtle, flat)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.token)
def test_every_profile_carries_what_portals_need(tmp_path: Path, store: EmbeddedStore,
                                                  profile: Profile) -> None:
    """A period as a blank node with dates, France with a WKT geometry, an identifier on the data
    service, a typed frequency and a page of its own for every dataset; the profile decides the
    checksum datatype, the service distributions and the format names."""
    manifest = write_dumps(store, tmp_path)
    triples = build_catalog(store, manifest, BASE_URL, profile=profile)
    graph = rdflib.Graph().parse(data=serialise(triples, "turtle"), format="turtle")
    referential = rdflib.URIRef(dataset_iri("referential"))
    period = graph.value(referential, DCTERMS.temporal)
    assert isinstance(period, rdflib.BNode)
    assert str(graph.value(period, DCAT.startDate)) == "2026-01-01"
    geometry = graph.value(graph.value(referential, DCTERMS.spatial), DCAT.bbox)
    assert geometry.datatype == GEO.wktLiteral and str(geometry).startswith("MULTIPOLYGON")
    service = next(graph.subjects(RDF.type, DCAT.DataService))
    assert graph.value(service, DCTERMS.identifier) is not None
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    pages = {str(graph.value(d, DCAT.landingPage)) for d in datasets}
    assert len(pages) == len(datasets) and BASE_URL not in pages
    for dataset in datasets:
        frequency = graph.value(dataset, DCTERMS.accrualPeriodicity)
        assert (frequency, RDF.type, DCTERMS.Frequency) in graph
    values = list(graph.objects(None, SPDX.checksumValue))
    assert values and all((v.datatype == XSD.hexBinary) == profile.typed_checksums for v in values)
    through_service = set(graph.subjects(DCAT.accessService, service))
    assert len(through_service) == (len(datasets) if profile.service_distributions else 0)
    media = list(graph.objects(None, DCAT.mediaType))
    assert all(isinstance(m, rdflib.Literal) == profile.literal_formats for m in media)


def test_profiles_by_name_and_by_accept_profile_header() -> None:
    assert profile_named("datagouv") is DATAGOUV
    assert profile_named(DATAGOUV.uri) is DATAGOUV
    with pytest.raises(NotFoundError):
        profile_named("datagov")
    assert negotiate_profile(None) is DEFAULT
    assert negotiate_profile("<urn:unknown>") is DEFAULT
    assert negotiate_profile(f"<{DATAGOUV.uri}>;q=0.5, ckan;q=0.8") is CKAN_PROFILE
    assert negotiate_profile(f"<{CKAN_PROFILE.uri}>;q=0, <{DATAGOUV.uri}>") is DATAGOUV
