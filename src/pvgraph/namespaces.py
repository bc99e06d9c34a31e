"""The IRIs pvgraph mints and the vocabularies it reuses."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

BASE = "https://w3id.org/pvgraph/"
PV = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_IRI = BASE + "ontology"

ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
SH = Namespace("http://www.w3.org/ns/shacl#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
FORMATS = Namespace("http://www.w3.org/ns/formats/")  # W3C unique URIs for file formats
IANA_MEDIA_TYPES = Namespace("https://www.iana.org/assignments/media-types/")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")  # EU vocabularies
DATA_THEME = Namespace(EU_AUTHORITY + "data-theme/")
FREQUENCY = Namespace(EU_AUTHORITY + "frequency/")
SHAPES = Namespace(BASE + "shapes#")  # pvgraph's shapes
VALIDATION = Namespace(BASE + "validation#")  # pvgraph's validation report terms

# The graphs the build writes; submissions get GRAPH[f"submission/{id}"].
ONTOLOGY_GRAPH = GRAPH["ontology"]
SHAPES_GRAPH = GRAPH["shapes"]
STUDY_GRAPH = GRAPH["study"]
REFERENTIAL_GRAPH = GRAPH["referential"]
EXAMPLES_GRAPH = GRAPH["examples"]
INFERRED_GRAPH = GRAPH["inferred"]
CATALOG_GRAPH = GRAPH["catalog"]
META_GRAPH = GRAPH["meta"]

PREFIXES: dict[str, str] = {
    "pv": str(PV),
    "pvid": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "org": str(ORG),
    "cv": str(CV),
    "igeo": str(IGEO),
    "sh": str(SH),
    "bibo": str(BIBO),
    "schema": str(SDO),
    "void": str(VOID),
    "adms": str(ADMS),
    "spdx": str(SPDX),
    "sd": str(SD),
}
