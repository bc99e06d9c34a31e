"""The DCAT 3 / DCAT-AP 3.0 catalogue of pvgraph, built from the store and its dumps.

Why built, not written by hand: the checksums, sizes, versions, dates and provenance change with
every build, and a portal rejects a catalogue that disagrees with its downloads. Everything here
comes from the dump manifest (``dumps.write_dumps``), the build's provenance (graph ``meta``) and
the named questions. The result passes the official DCAT-AP 3.0.1 shapes (core, ranges,
recommended) with no violation: every resource it points to is typed in the catalogue itself
(the range shapes check ``sh:class`` in the data, without imports).

What portals need besides the shapes (their harvesters run in the tests, see
``tests/publish/test_portals.py``): the period of time is a blank node (data.gouv.fr downloads
an IRI instead of reading it), France has a WKT geometry (a place without one is dropped), the
data service has a ``dct:identifier`` (udata skips it otherwise), every dataset has a landing
page of its own and an accrual periodicity. What differs per consumer (checksum datatype, the
data service as an access service, format names) is chosen by a :mod:`profile
<pvgraph.publish.profiles>`.

Identifiers: the catalogue, datasets, distributions and the data service get IRIs under the
public base (``https://w3id.org/pvgraph/id/…``), stable whatever server answers; download,
access and endpoint URLs are under ``base_url``, where the files really are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph import __version__
from pvgraph.namespaces import BASE
from pvgraph.publish.dumps import DumpKind, Manifest
from pvgraph.publish.parts import (
    DATA_THEME,
    FREQUENCY,
    FREQUENCY_LABELS,
    PARTS,
    STUDY_SOURCE,
    THEME_LABELS,
    WHOLE,
    Part,
)
from pvgraph.publish.profiles import DEFAULT, Profile
from pvgraph.publish.provenance import GraphProvenance, read_provenance
from pvgraph.publish.rdf import Triples, plain, typed
from pvgraph.queries import NamedQuery
from pvgraph.sparql_text import query_form
from pvgraph.store import Store

DCAT = str(ns.DCAT)
DCT = str(ns.DCTERMS)
FOAF = str(ns.FOAF)
PROV = str(ns.PROV)
SPDX = str(ns.SPDX)
SKOS = str(ns.SKOS)
RDFS = str(ns.RDFS)
VCARD = str(ns.VCARD)
DCATAP = str(ns.DCATAP)
ADMS = str(ns.ADMS)
SH = str(ns.SH)
SDO = str(ns.SDO)
IANA = str(ns.IANA_MEDIA_TYPES)
EU = str(ns.EU_AUTHORITY)
LANGUAGES = {"FRA": ("français", "French"), "ENG": ("anglais", "English")}
FRANCE = EU + "country/FRA"
STABLE = EU + "planned-availability/STABLE"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/Academia-ScientificOrganisation"
LICENCE_TYPE = "http://purl.org/adms/licencetype/Attribution"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
FRANCE_WKT = (
    "MULTIPOLYGON ("
    "((-5.2 41.3, 9.6 41.3, 9.6 51.1, -5.2 51.1, -5.2 41.3)), "  # metropolitan France, Corsica
    "((-61.9 15.8, -60.9 15.8, -60.9 16.6, -61.9 16.6, -61.9 15.8)), "  # Guadeloupe
    "((-61.3 14.3, -60.8 14.3, -60.8 14.9, -61.3 14.9, -61.3 14.3)), "  # Martinique
    "((-54.7 2.1, -51.5 2.1, -51.5 5.8, -54.7 5.8, -54.7 2.1)), "  # Guyane
    "((55.2 -21.4, 55.9 -21.4, 55.9 -20.8, 55.2 -20.8, 55.2 -21.4)), "  # La Réunion
    "((44.9 -13.1, 45.4 -13.1, 45.4 -12.6, 44.9 -12.6, 44.9 -13.1)))"  # Mayotte
)
"""France with the five overseas régions the referential covers, as the bounding box of each
territory (longitude latitude, WGS 84, rounded outwards to 0.1°): one box for the whole would
cover half the globe. Coarse, but a portal keeps a place only when it has a geometry, and shows
it on a map."""

LandingPage = Callable[[str], str]
"""A dataset key → the URL of its web page."""


def landing_pages(base_url: str, suffix: str = "") -> LandingPage:
    """``{base_url}datasets/{key}``: the server's page (``suffix=".html"`` for a static host)."""
    return lambda key: f"{base_url}datasets/{key}{suffix}"


def catalog_iri(public_base: str = BASE) -> str:
    return f"{public_base}id/catalog/pvgraph"


def dataset_iri(key: str, public_base: str = BASE) -> str:
    return f"{public_base}id/dataset/{key}"


def distribution_iri(name: str, public_base: str = BASE) -> str:
    return f"{public_base}id/distribution/{name}"


def service_iri(public_base: str = BASE) -> str:
    return f"{public_base}id/service/sparql"


def publisher_iri(public_base: str = BASE) -> str:
    return f"{public_base}id/agent/pvgraph"


def dump_url(base_url: str, name: str) -> str:
    return f"{base_url}dumps/{name}"


def build_catalog(
    store: Store,
    manifest: Manifest,
    base_url: str,
    *,
    queries: Iterable[NamedQuery] = (),
    public_base: str = BASE,
    profile: Profile = DEFAULT,
    landing_page: LandingPage | None = None,
) -> list[ox.Triple]:
    """The catalogue's triples in one profile, sorted (``base_url`` ends with ``/``)."""
    t = Triples()
    page = landing_page or landing_pages(base_url)
    provenance = read_provenance(store)
    cat = catalog_iri(public_base)
    publisher = publisher_iri(public_base)
    published = [p for p in (WHOLE, *PARTS) if manifest.for_part(p.key)]
    times = sorted(x for p in published for x in _times(p, provenance))

    t.type(cat, DCAT + "Catalog")
    t.text(cat, DCT + "title", "pvgraph — catalogue des données",
           "pvgraph — data catalogue")
    t.text(cat, DCT + "description",
           "Graphe de connaissances, en données liées ouvertes, de la manière dont les territoires "
           "français créent de la valeur publique par leurs politiques numériques : ontologie, "
           "formes SHACL, données de l'étude, référentiel territorial et exemples.",
           "Linked-open-data knowledge graph of how French territories create public value with "
           "digital policies: ontology, SHACL shapes, study data, territorial referential and "
           "examples.")
    t.add(cat, DCT + "publisher", publisher)
    t.add(cat, DCT + "license", _licence(t, PARTS[0]))
    t.add(cat, FOAF + "homepage", _document(t, base_url))
    t.add(cat, DCAT + "themeTaxonomy", _theme_scheme(t))
    t.add(cat, DCT + "spatial", _france(t))
    for code in LANGUAGES:
        t.add(cat, DCT + "language", _language(t, code))
    if times:
        t.add(cat, DCT + "issued", typed(times[0], "dateTime"))
        t.add(cat, DCT + "modified", typed(times[-1], "dateTime"))
    _publisher(t, publisher, base_url)

    for current in published:
        iri = _dataset(t, current, manifest, base_url, provenance, public_base, profile,
                       page(current.key))
        t.add(cat, DCAT + "dataset", iri)
    whole = dataset_iri(WHOLE.key, public_base)
    if manifest.for_part(WHOLE.key):
        for current in published:
            if current.key != WHOLE.key and current.graphs[0] in WHOLE.graphs \
                    and not current.concept_schemes_only:
                t.add(whole, DCT + "hasPart", dataset_iri(current.key, public_base))

    service = _service(t, published, base_url, public_base, queries)
    t.add(cat, DCAT + "service", service)
    if profile.service_distributions:
        for current in published:
            _service_distribution(t, current, service, base_url, public_base, profile)
    return t.sorted()


def _times(current: Part, provenance: dict[str, GraphProvenance]) -> list[str]:
    return [time for g in current.graphs if g in provenance and (time := provenance[g].generated)]


def _dataset(
    t: Triples,
    current: Part,
    manifest: Manifest,
    base_url: str,
    provenance: dict[str, GraphProvenance],
    public_base: str,
    profile: Profile,
    landing_page: str,
) -> str:
    iri = dataset_iri(current.key, public_base)
    t.type(iri, DCAT + "Dataset")
    t.text(iri, DCT + "title", current.title_fr, current.title_en)
    t.text(iri, DCT + "description", current.description_fr, current.description_en)
    t.add(iri, DCT + "identifier", plain(iri))
    t.add(iri, DCT + "publisher", publisher_iri(public_base))
    t.add(iri, DCAT + "contactPoint", _contact(t, public_base, base_url))
    t.add(iri, DCAT + "landingPage", _document(t, landing_page))
    t.add(iri, DCAT + "version", plain(manifest.versions[current.key]))
    t.add(iri, DCT + "accrualPeriodicity", _frequency(t, current.frequency))
    t.add(iri, DCT + "spatial", _france(t))
    for code in LANGUAGES:
        t.add(iri, DCT + "language", _language(t, code))
    for theme in current.themes:
        t.add(iri, DCAT + "theme", _theme(t, theme))
    for keyword in current.keywords_fr:
        t.add(iri, DCAT + "keyword", ox.Literal(keyword, language="fr"))
    times = sorted(_times(current, provenance))
    if times:
        t.add(iri, DCT + "issued", typed(times[0], "dateTime"))
        t.add(iri, DCT + "modified", typed(times[-1], "dateTime"))
    if current.key == "study":
        t.add(iri, PROV + "wasDerivedFrom", STUDY_SOURCE)
    if current.temporal:
        period = ox.BlankNode(f"temporal-{current.key}")
        t.add(iri, DCT + "temporal", period)
        t.type(period, DCT + "PeriodOfTime")
        t.add(period, DCAT + "startDate", typed(current.temporal[0], "date"))
        t.add(period, DCAT + "endDate", typed(current.temporal[1], "date"))
    _provenance(t, iri, current, provenance, profile)
    rights = _rights(t, iri, current)
    for dump in manifest.for_part(current.key):
        kind = dump.dump_kind
        dist = distribution_iri(dump.name, public_base)
        url = dump_url(base_url, dump.name)
        t.add(iri, DCAT + "distribution", dist)
        t.type(dist, DCAT + "Distribution")
        t.text(dist, DCT + "title", f"{current.title_fr} ({kind.name}, {dump.name})",
               f"{current.title_en} ({kind.name}, {dump.name})")
        t.text(dist, DCT + "description",
               f"{dump.triples} triplets, version {dump.version}, format {kind.name}"
               + (" compressé gzip" if kind.gzipped else "") + ".",
               f"{dump.triples} triples, version {dump.version}, {kind.name} format"
               + (" compressed with gzip" if kind.gzipped else "") + ".")
        t.add(dist, DCAT + "downloadURL", url)
        t.add(dist, DCAT + "accessURL", url)
        _formats(t, dist, kind, profile)
        t.add(dist, DCT + "license", _licence(t, current))
        t.add(dist, DCT + "rights", rights)
        t.add(dist, DCATAP + "availability", _availability(t))
        t.add(dist, DCAT + "byteSize", typed(dump.byte_size, "nonNegativeInteger"))
        checksum = f"{dist}#sha256"
        t.add(dist, SPDX + "checksum", checksum)
        t.type(checksum, SPDX + "Checksum")
        t.add(checksum, SPDX + "algorithm", _sha256_algorithm(t))
        t.add(checksum, SPDX + "checksumValue", _checksum_value(dump.sha256, profile))
        if times:
            t.add(dist, DCT + "issued", typed(times[0], "dateTime"))
            t.add(dist, DCT + "modified", typed(times[-1], "dateTime"))
    return iri


def _rights(t: Triples, iri: str, current: Part) -> str:
    rights = f"{iri}#rights"
    t.type(rights, DCT + "RightsStatement")
    t.text(rights, RDFS + "label", current.rights_fr, current.rights_en)
    return rights


def _formats(t: Triples, dist: str, kind: DumpKind, profile: Profile) -> None:
    """Media type and format: IANA and EU IRIs (DCAT-AP), or their names (what CKAN shows)."""
    if profile.literal_formats:
        t.add(dist, DCAT + "mediaType", plain(kind.media_type))
        t.add(dist, DCT + "format", plain(kind.label))
        if kind.gzipped:
            t.add(dist, DCAT + "compressFormat", plain("application/gzip"))
        return
    t.add(dist, DCAT + "mediaType", _media_type(t, kind.media_type))
    t.add(dist, DCT + "format", _file_type(t, kind.eu_file_type))
    if kind.gzipped:
        t.add(dist, DCAT + "compressFormat", _media_type(t, "application/gzip"))


def _checksum_value(sha256: str, profile: Profile) -> ox.Literal:
    """``xsd:hexBinary`` as DCAT-AP wants, or a plain string for udata, which stores
    ``toPython()`` of the literal (bytes for hexBinary) in a string field and refuses it."""
    return typed(sha256, "hexBinary") if profile.typed_checksums else plain(sha256)


def _service_distribution(t: Triples, current: Part, service: str, base_url: str,
                          public_base: str, profile: Profile) -> None:
    """The SPARQL endpoint as a distribution of the dataset, through its data service."""
    dataset = dataset_iri(current.key, public_base)
    dist = distribution_iri(f"sparql-{current.key}", public_base)
    endpoint = f"{base_url}sparql"
    t.add(dataset, DCAT + "distribution", dist)
    t.type(dist, DCAT + "Distribution")
    t.text(dist, DCT + "title", f"{current.title_fr} (point d'accès SPARQL)",
           f"{current.title_en} (SPARQL endpoint)")
    graphs = " ".join(f"<{g}>" for g in current.graphs)
    t.text(dist, DCT + "description",
           f"Interroger ces données en SPARQL 1.1, sur le graphe nommé {graphs}.",
           f"Query these data with SPARQL 1.1, in the named graph {graphs}.")
    t.add(dist, DCAT + "accessURL", endpoint)
    t.add(dist, DCAT + "accessService", service)
    t.add(dist, DCT + "license", _licence(t, current))
    t.add(dist, DCT + "rights", _rights(t, dataset, current))
    t.add(dist, DCATAP + "availability", _availability(t))
    if profile.literal_formats:
        t.add(dist, DCT + "format", plain("SPARQL"))


def _provenance(t: Triples, iri: str, current: Part, provenance: dict[str, GraphProvenance],
                profile: Profile) -> None:
    """PROV-O: which build made the dataset, from which files, with which pvgraph."""
    records = [provenance[g] for g in current.graphs if g in provenance]
    statement = f"{iri}#provenance"
    t.type(statement, DCT + "ProvenanceStatement")
    t.add(iri, DCT + "provenance", statement)
    files = sorted({s.path or s.iri for r in records for s in r.sources})
    builds = sorted({r.activity for r in records if r.activity})
    if records:
        fr = (f"Produit par la construction de pvgraph ({', '.join(builds) or 'build'}) à partir de "
              f"{len(files)} fichier(s) source : {', '.join(files) or '—'}.")
        en = (f"Produced by the pvgraph build ({', '.join(builds) or 'build'}) from {len(files)} "
              f"source file(s): {', '.join(files) or '—'}.")
    else:
        fr = f"Produit par pvgraph {__version__} ; la construction n'a pas laissé de provenance."
        en = f"Produced by pvgraph {__version__}; the build left no provenance record."
    t.text(statement, RDFS + "label", fr, en)
    for record in records:
        if record.activity:
            t.add(iri, PROV + "wasGeneratedBy", record.activity)
            t.type(record.activity, PROV + "Activity")
            if record.ended:
                t.add(record.activity, PROV + "endedAtTime", typed(record.ended, "dateTime"))
            if record.software:
                t.add(record.activity, PROV + "wasAssociatedWith", record.software)
                t.type(record.software, PROV + "SoftwareAgent")
                if record.software_title:
                    t.add(record.software, DCT + "title", plain(record.software_title))
        if record.generated:
            t.add(iri, PROV + "generatedAtTime", typed(record.generated, "dateTime"))
        for source in record.sources:
            t.add(iri, PROV + "wasDerivedFrom", source.iri)
            t.type(source.iri, PROV + "Entity")
            if source.path:
                t.add(source.iri, DCT + "identifier", plain(source.path))
            if source.sha256:
                checksum = f"{source.iri}#sha256"
                t.add(source.iri, SPDX + "checksum", checksum)
                t.type(checksum, SPDX + "Checksum")
                t.add(checksum, SPDX + "algorithm", _sha256_algorithm(t))
                t.add(checksum, SPDX + "checksumValue", _checksum_value(source.sha256, profile))


def _service(
    t: Triples, published: list[Part], base_url: str, public_base: str,
    queries: Iterable[NamedQuery],
) -> str:
    iri = service_iri(public_base)
    endpoint = f"{base_url}sparql"
    t.type(iri, DCAT + "DataService")
    t.text(iri, DCT + "title", "pvgraph — point d'accès SPARQL", "pvgraph — SPARQL endpoint")
    t.text(iri, DCT + "description",
           "Point d'accès SPARQL 1.1 (protocole, description de service) sur le graphe entier, "
           "avec des questions nommées prêtes à l'emploi.",
           "SPARQL 1.1 endpoint (protocol, service description) over the whole graph, with "
           "ready-made named questions.")
    t.add(iri, DCT + "identifier", plain(iri))  # udata skips a data service without one
    t.add(iri, DCAT + "endpointURL", endpoint)
    t.add(iri, DCAT + "endpointDescription", endpoint)
    t.type(endpoint, RDFS + "Resource")  # the "unique-ids-ranges" DCAT-AP shapes check this class
    t.add(iri, DCAT + "landingPage", _document(t, base_url))
    t.add(iri, DCT + "publisher", publisher_iri(public_base))
    t.add(iri, DCAT + "contactPoint", _contact(t, public_base, base_url))
    t.add(iri, DCT + "license", _licence(t, PARTS[0]))
    t.add(iri, DCT + "conformsTo", SPARQL_PROTOCOL)
    t.type(SPARQL_PROTOCOL, DCT + "Standard")
    t.text(SPARQL_PROTOCOL, DCT + "title", None, "SPARQL 1.1 Protocol")
    t.add(iri, DCAT + "theme", _theme(t, "GOVE"))
    for keyword in ("SPARQL", "données liées", "valeur publique"):
        t.add(iri, DCAT + "keyword", ox.Literal(keyword, language="fr"))
    for current in published:
        t.add(iri, DCAT + "servesDataset", dataset_iri(current.key, public_base))
    for named in sorted(queries, key=lambda q: q.id):
        _question(t, iri, named, base_url, public_base)
    return iri


def _question(t: Triples, service: str, named: NamedQuery, base_url: str, public_base: str) -> None:
    """A named question, described as data: its wording, its SPARQL, where to run it."""
    iri = f"{public_base}id/question/{named.id}"
    form = query_form(named.text)
    executable = {"select": "SPARQLSelectExecutable", "ask": "SPARQLAskExecutable",
                  "construct": "SPARQLConstructExecutable"}.get(form, "SPARQLExecutable")
    t.add(service, SDO + "potentialAction", iri)
    t.type(iri, SH + executable, SDO + "SearchAction")
    t.text(iri, RDFS + "label", named.question_fr, named.question_en)
    t.add(iri, DCT + "identifier", plain(named.id))
    t.add(iri, SDO + "target", f"{base_url}queries/{named.id}")
    if form in ("select", "ask", "construct"):
        t.add(iri, SH + form, plain(named.text))


# --- typed references: the range shapes want each referenced resource typed in the data ---

def _licence(t: Triples, current: Part) -> str:
    iri = current.licence
    t.type(iri, DCT + "LicenseDocument")
    t.text(iri, DCT + "title", "Licence Ouverte / Open Licence version 2.0",
           "Open Licence version 2.0 (Etalab)")
    t.add(iri, DCT + "type", LICENCE_TYPE)
    t.type(LICENCE_TYPE, SKOS + "Concept")
    t.text(LICENCE_TYPE, SKOS + "prefLabel", "Attribution", "Attribution")
    return iri


def _document(t: Triples, url: str) -> str:
    t.type(url, FOAF + "Document")
    return url


def _theme_scheme(t: Triples) -> str:
    scheme = DATA_THEME.rstrip("/")
    t.type(scheme, SKOS + "ConceptScheme")
    t.text(scheme, DCT + "title", "Thèmes des données (UE)", "Data theme (EU)")
    return scheme


def _theme(t: Triples, code: str) -> str:
    iri = DATA_THEME + code
    fr, en = THEME_LABELS[code]
    t.type(iri, SKOS + "Concept")
    t.text(iri, SKOS + "prefLabel", fr, en)
    t.add(iri, SKOS + "inScheme", _theme_scheme(t))
    return iri


def _language(t: Triples, code: str) -> str:
    iri = f"{EU}language/{code}"
    t.type(iri, DCT + "LinguisticSystem")
    return iri


def _france(t: Triples) -> str:
    t.type(FRANCE, DCT + "Location")
    t.text(FRANCE, SKOS + "prefLabel", "France", "France")
    # dcat:bbox, not locn:geometry: the DCAT-AP core shapes want a literal for locn:geometry and
    # the "unique identifiers" shapes a locn:Geometry node; both accept a literal dcat:bbox.
    t.add(FRANCE, DCAT + "bbox", ox.Literal(FRANCE_WKT, datatype=ox.NamedNode(WKT)))
    return FRANCE


def _frequency(t: Triples, code: str) -> str:
    iri = FREQUENCY + code
    fr, en = FREQUENCY_LABELS[code]
    t.type(iri, DCT + "Frequency")
    t.text(iri, SKOS + "prefLabel", fr, en)
    return iri


def _media_type(t: Triples, media_type: str) -> str:
    iri = IANA + media_type
    t.type(iri, DCT + "MediaType")
    return iri


def _file_type(t: Triples, code: str) -> str:
    iri = f"{EU}file-type/{code}"
    t.type(iri, DCT + "MediaTypeOrExtent")
    return iri


def _sha256_algorithm(t: Triples) -> str:
    iri = SPDX + "checksumAlgorithm_sha256"
    t.type(iri, SPDX + "ChecksumAlgorithm")  # the "unique-ids" DCAT-AP shapes check this class
    return iri


def _availability(t: Triples) -> str:
    t.type(STABLE, SKOS + "Concept")
    t.text(STABLE, SKOS + "prefLabel", "stable", "stable")
    return STABLE


def _publisher(t: Triples, iri: str, base_url: str) -> None:
    t.type(iri, FOAF + "Agent", FOAF + "Organization")
    t.text(iri, FOAF + "name", "Projet pvgraph", "pvgraph project")
    t.add(iri, FOAF + "homepage", _document(t, base_url))
    t.add(iri, DCT + "type", PUBLISHER_TYPE)
    t.type(PUBLISHER_TYPE, SKOS + "Concept")
    t.text(PUBLISHER_TYPE, SKOS + "prefLabel", "Université / organisme de recherche",
           "Academia/Scientific organisation")


def _contact(t: Triples, public_base: str, base_url: str) -> str:
    iri = f"{publisher_iri(public_base)}#contact"
    t.type(iri, VCARD + "Kind", VCARD + "Organization")
    t.add(iri, VCARD + "fn", plain("pvgraph"))
    t.add(iri, VCARD + "hasURL", base_url)
    return iri
