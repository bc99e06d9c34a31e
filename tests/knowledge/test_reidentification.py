"""The study's four cases stay anonymous in the graph, next to the national referential.

The store is the one tests/knowledge/test_with_referential.py builds (the ontology, the study, the
examples and the 2026 referential of every commune, EPCI, département and région, with their
populations, kinds and memberships). A re-identifier with SPARQL tries the joins below; none may tie
a study thing to a real place:

- a shared term: a study resource named in the referential, or a study figure equal, term for term,
  to a referential value (the join ``?study ?p ?v . ?real ?q ?v``);
- a path: from any study resource, following any link in either direction (but not through the
  ontology's vocabulary), no referential resource is reached;
- the national questions: communes, EPCIs and populations asked in the referential's own terms
  (pv:CommuneTerritory, igeo:Commune, pv:population, pv:governs, org:memberOf) return no study thing,
  and the study's figures are in none of the national counts, before or after OWL 2 RL reasoning;
- the study's own terms: a query written with pv:roundedPopulation and pv:anonymisedTerritory
  reaches only the study's anonymised territories.

What the graph cannot prevent, and does not: the rounded figures are the presentation's, printed in
it; a person who compares them by hand with census populations (a window of a few per cent) may
narrow a case down to few places. pvgraph publishes them exactly as the presentation gives them,
under their own terms, and adds nothing (no code, no kind of EPCI, no year) that would narrow them
further.
"""

from __future__ import annotations

import gzip
from collections import deque

import owlrl
import pyoxigraph as ox
import pytest
import rdflib

from .helpers import GRAPH, PV, REPO, SOURCES, load_plain, turtle_files

REFERENTIAL = sorted((REPO / "data" / "referential").glob("*.nt.gz"))
STUDY_GRAPH = ox.NamedNode(GRAPH + "study")
REFERENTIAL_GRAPH = ox.NamedNode(GRAPH + "referential")
STUDY_NS = ("https://w3id.org/pvgraph/id/study/", "https://w3id.org/pvgraph/id/case/",
            "https://w3id.org/pvgraph/id/project/")
VOCABULARY = (PV, "http://www.w3.org/", "http://purl.org/", "http://rdf.insee.fr/def/", "http://data.europa.eu/",
              "http://xmlns.com/", "https://w3id.org/pvgraph/id/source/", "https://schema.org/")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REFERENTIAL, reason="no territorial referential in data/referential/"),
]

PREFIXES = """
PREFIX pv:   <https://w3id.org/pvgraph/ontology#>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX igeo: <http://rdf.insee.fr/def/geo#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def national() -> ox.Store:
    store = load_plain(SOURCES)
    for path in REFERENTIAL:
        with gzip.open(path, "rb") as handle:
            store.bulk_load(handle, format=ox.RdfFormat.N_TRIPLES, to_graph=REFERENTIAL_GRAPH)
    return store


def _is_study(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(STUDY_NS)


def _rows(store: ox.Store, sparql: str) -> list[tuple]:
    result = store.query(PREFIXES + sparql, use_default_graph_as_union=True)
    variables = list(result.variables)
    return [tuple(solution[v] for v in variables) for solution in result]


def test_the_store_holds_the_study_and_the_nation(national: ox.Store) -> None:
    assert len(national) > 500_000
    assert _rows(national, f"SELECT ?t WHERE {{ GRAPH <{STUDY_GRAPH.value}> {{ ?t pv:roundedPopulation ?p }} }}")


def test_no_study_term_is_shared_with_the_referential(national: ox.Store) -> None:
    """No study resource is named in the referential, and no value that describes a study place (a
    rounded figure, a label, a notation) equals a referential value term for term: the join
    ``?study ?p ?v . ?real ?q ?v`` finds nothing. (Years and interview counts are shared with the
    referential's population years and figures by chance, and describe no place.)"""
    shared = _rows(national, f"""
        SELECT DISTINCT ?v WHERE {{
          GRAPH <{STUDY_GRAPH.value}> {{ ?s ?p ?v }}
          FILTER (?p NOT IN (pv:startYear, pv:endYear, pv:interviewCount))
          GRAPH <{REFERENTIAL_GRAPH.value}> {{ ?real ?q ?v }}
          FILTER (isLiteral(?v) || STRSTARTS(STR(?v), "https://w3id.org/pvgraph/id/"))
        }}""")
    assert shared == []
    # the same join is not empty by construction: on the years, it does meet the referential
    assert national.query(PREFIXES + f"""ASK {{ GRAPH <{STUDY_GRAPH.value}> {{ ?s pv:startYear|pv:endYear ?v }}
                                      GRAPH <{REFERENTIAL_GRAPH.value}> {{ ?r ?q ?v }} }}""")
    named = _rows(national, f"""
        SELECT DISTINCT ?s WHERE {{
          GRAPH <{REFERENTIAL_GRAPH.value}> {{ {{ ?s ?p ?o }} UNION {{ ?o ?p ?s }} }}
          FILTER (isIRI(?s) && (STRSTARTS(STR(?s), "https://w3id.org/pvgraph/id/study/")
                                || STRSTARTS(STR(?s), "https://w3id.org/pvgraph/id/case/")))
        }} LIMIT 5""")
    assert named == []


def test_no_path_leads_from_a_study_thing_to_a_real_place(national: ox.Store) -> None:
    """A breadth-first walk over the union, from every study resource, along every link in both
    directions except through the vocabulary (classes, properties, concepts, sources), never
    reaches a resource of the referential."""
    start = {q.subject for q in national.quads_for_pattern(None, None, None, STUDY_GRAPH)
             if isinstance(q.subject, ox.NamedNode)}
    seen, queue = set(start), deque(start)
    while queue:
        node = queue.popleft()
        neighbours = [q.object for q in national.quads_for_pattern(node, None, None)]
        neighbours += [q.subject for q in national.quads_for_pattern(None, None, node)]
        for other in neighbours:
            if not isinstance(other, ox.NamedNode) or other in seen or other.value.startswith(VOCABULARY):
                continue
            seen.add(other)
            queue.append(other)
    real = [n for n in seen if any(True for _ in national.quads_for_pattern(n, None, None, REFERENTIAL_GRAPH))]
    assert real == []
    assert len(seen) > 30  # the walk did cover the study (its resources link to each other)


@pytest.mark.parametrize("question", [
    # communes of about 150 000 (any window) in an EPCI of about 300 000, in the referential's terms
    """SELECT ?x WHERE { ?x a pv:CommuneTerritory ; pv:population ?p .
                         FILTER (?p > 100000 && ?p < 200000) }""",
    """SELECT ?x WHERE { ?x a igeo:Commune ; pv:population ?p . FILTER (?p > 20000) }""",
    """SELECT ?x WHERE { ?c pv:governs ?x . ?c org:memberOf ?e . ?e pv:governs ?et . ?et pv:population ?p }""",
    """SELECT ?x WHERE { ?x pv:population ?p . FILTER (?p IN (150000, 300000, 110000, 275000, 25000, 310000, 680000)) }""",
    """SELECT ?x WHERE { ?x a pv:Territory }""",
    """SELECT ?x WHERE { ?x pv:withinTerritory ?y }""",
])
def test_national_questions_return_no_study_thing(national: ox.Store, question: str) -> None:
    rows = _rows(national, question)
    assert not [row for row in rows if any(_is_study(t) for t in row)]


def test_the_study_figures_are_in_no_national_count(national: ox.Store) -> None:
    """Counting the nation's communes, EPCIs and départements with their populations gives the
    referential's counts alone (data/referential/counts.json); the study adds nothing to them."""
    counts = {kind: int(_rows(national, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pv:{kind} ; pv:population ?p }}")[0][0].value)
              for kind in ("CommuneTerritory", "EPCITerritory", "DepartementTerritory")}
    in_referential = {kind: int(_rows(national, f"""SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{
                          GRAPH <{REFERENTIAL_GRAPH.value}> {{ ?t a pv:{kind} ; pv:population ?p }} }}""")[0][0].value)
                      for kind in counts}
    examples = {kind: int(_rows(national, f"""SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{
                          GRAPH <{GRAPH}examples> {{ ?t a pv:{kind} ; pv:population ?p }} }}""")[0][0].value)
                for kind in counts}
    assert counts == {k: in_referential[k] + examples[k] for k in counts}
    assert in_referential["CommuneTerritory"] > 30_000


def test_the_study_terms_reach_only_the_anonymised_territories(national: ox.Store) -> None:
    rows = _rows(national, "SELECT ?t ?p WHERE { ?o pv:anonymisedTerritory ?t . ?t pv:roundedPopulation ?p }")
    assert len(rows) == 7 and all(_is_study(t) for t, _p in rows)


def test_reasoning_puts_no_study_thing_among_the_national_classes() -> None:
    """The OWL 2 RL closure of the ontology and the study types no study territory as a territory
    of the referential (pv:Territory, igeo:*), and links none by pv:withinTerritory or pv:governs."""
    graph = rdflib.Graph()
    for path in turtle_files(REPO / "ontology") + turtle_files(REPO / "data" / "study"):
        graph.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    national = {rdflib.URIRef(PV + c) for c in ("Territory", "CommuneTerritory", "EPCITerritory",
                                                "DepartementTerritory", "RegionTerritory")}
    study = {s for s in graph.subjects() if str(s).startswith(STUDY_NS)}
    typed = {(s, c) for s in study for c in graph.objects(s, rdflib.RDF.type)
             if c in national or str(c).startswith("http://rdf.insee.fr/def/geo#")}
    assert typed == set()
    links = {rdflib.URIRef(PV + p) for p in ("withinTerritory", "governs", "governedBy", "population")}
    assert not [t for t in graph if t[0] in study and t[1] in links]
