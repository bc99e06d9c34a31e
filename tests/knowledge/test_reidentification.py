"""The study's four cases stay anonymous in the graph, next to the national referential.

The store is the one tests/knowledge/test_with_referential.py builds (the ontology, the study, the
examples and the 2026 referential of every commune, EPCI, département and région, with their
populations, kinds and memberships). A re-identifier with SPARQL tries the joins below; none may tie
a study thing to a real place:

- a shared term: a study resource named in the referential, or a study value equal, term for term,
  to a referential value (the join ``?study ?p ?v . ?real ?q ?v``);
- a path: from any study resource, following any link in either direction (but not through the
  ontology's vocabulary), no referential resource is reached;
- the national questions: communes, EPCIs and populations asked in the referential's own terms
  (pv:CommuneTerritory, igeo:Commune, pv:population, pv:governs, org:memberOf) return no study thing,
  and the study's figures are in none of the national counts, before or after OWL 2 RL reasoning;
- the study's own terms: a query written with pv:populationBand and pv:anonymisedTerritory reaches
  only the study's anonymised territories;
- the figures (disclosure control, docs/conventions.md "Figures of the anonymised cases"): the graph
  gives no case's figure, in no form, only the band of pv:PopulationBandScheme it falls into; the
  join "a commune whose population is in the band of case A's ville centre, member of an EPCI of the
  kind the graph states whose population is in the band of A's EPCI, and the most populous commune
  of that EPCI (ville centre)", and its likes for B, C and D (a département, its population summed
  from its communes' when the referential gives none), leaves at least K real candidates for each
  case. The same join fed with the presentation's own figures (±5 %) leaves fewer for some case:
  that is why the graph publishes bands (and why this test can fail).

What the graph cannot prevent: the figures are printed in the presentation (data/study/source/),
which a person can read and compare by hand with census populations. pvgraph does not make that
comparison a query.

Tests assert on counts only: no real place is named here.
"""

from __future__ import annotations

import gzip
import re
from collections import deque

import owlrl
import pyoxigraph as ox
import pytest
import rdflib

from .helpers import GRAPH, PV, REPO, SOURCES, load_plain, presentation_figures, turtle_files

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
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
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
    assert _rows(national, f"SELECT ?t WHERE {{ GRAPH <{STUDY_GRAPH.value}> {{ ?t pv:populationBand ?b }} }}")


def test_no_study_term_is_shared_with_the_referential(national: ox.Store) -> None:
    """No study resource is named in the referential, and no value that describes a study place (a
    label, a notation) equals a referential value term for term: the join
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
    rows = _rows(national, "SELECT ?t ?b WHERE { ?o pv:anonymisedTerritory ?t . ?t pv:populationBand ?b }")
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


# --- the figures: disclosure control (docs/conventions.md, "Figures of the anonymised cases") -----------

K = 10  # the fewest real candidates any join may leave for a case; conventions.md says why 10
CENTRAL_CITY = PV + "CentralCityRole"
NUMERIC = re.compile(r"\d(?:[\d\s\u00a0\u202f,.]*\d)?")


def _window(variable: str, low: float, high: float | None) -> str:
    return f"?{variable} >= {low}" + (f" && ?{variable} <= {high}" if high is not None else "")


def _kinds_of(study_thing: str, real: str) -> str:
    """The real thing is of every kind the graph states of the study thing (pv:Commune, pv:EPCI…)."""
    return (f"FILTER NOT EXISTS {{ GRAPH <{STUDY_GRAPH.value}> {{ <{study_thing}> a ?kind }}"
            f" FILTER NOT EXISTS {{ ?{real} a/rdfs:subClassOf* ?kind }} }}")


def _bands(store: ox.Store) -> dict[str, tuple[int, int | None]]:
    """Each study organisation with a band: the band's bounds, read from the graph (the only numeric
    window the graph gives about it)."""
    rows = _rows(store, f"""SELECT ?o ?low ?high WHERE {{
        GRAPH <{STUDY_GRAPH.value}> {{ ?o pv:anonymisedTerritory/pv:populationBand ?band }}
        ?band pv:populationMin ?low . OPTIONAL {{ ?band pv:populationMax ?high }} }}""")
    return {o.value: (int(low.value), int(high.value) if high is not None else None) for o, low, high in rows}


def _pairs(store: ox.Store) -> list[tuple[str, str, str, str]]:
    """(case, member, organisation, role) of each study membership between two organisations with
    bands: a commune in its EPCI (cases A, B, C)."""
    rows = _rows(store, f"""SELECT ?code ?member ?organisation ?role WHERE {{ GRAPH <{STUDY_GRAPH.value}> {{
        ?case skos:notation ?code ; pv:studiedOrganisation ?member , ?organisation .
        ?m org:member ?member ; org:organization ?organisation ; org:role ?role .
        ?member pv:anonymisedTerritory/pv:populationBand ?b1 . ?organisation pv:anonymisedTerritory/pv:populationBand ?b2 }} }}""")
    return [(code.value, member.value, organisation.value, role.value) for code, member, organisation, role in rows]


def _singles(store: ox.Store) -> list[tuple[str, str]]:
    """(case, organisation) of each study organisation with a band in no such membership (case D)."""
    paired = {o for _c, m, e, _r in _pairs(store) for o in (m, e)}
    rows = _rows(store, f"""SELECT ?code ?o WHERE {{ GRAPH <{STUDY_GRAPH.value}> {{
        ?case skos:notation ?code ; pv:studiedOrganisation ?o . ?o pv:anonymisedTerritory/pv:populationBand ?b }} }}""")
    return [(code.value, o.value) for code, o in rows if o.value not in paired]


def _pair_candidates(store: ox.Store, member: str, organisation: str, central: bool,
                     member_window: tuple[float, float | None], organisation_window: tuple[float, float | None]) -> tuple[int, int]:
    """Real (commune, EPCI) pairs a re-identifier finds: the commune's population in the member's
    window, member (org:memberOf) of an organisation whose population is in the other window, both
    of the kinds the graph states; for a ville centre, the most populous commune of its EPCI (the
    ontology's own definition of the role). Returns (pairs, distinct EPCIs)."""
    most_populous = (f"""{{ SELECT ?e (MAX(?op) AS ?top) WHERE {{ GRAPH <{REFERENTIAL_GRAPH.value}> {{
                            ?e pv:governs ?et2 . ?et2 pv:population ?ep2 . FILTER ({_window("ep2", *organisation_window)})
                            ?other org:memberOf ?e ; pv:governs ?ot . ?ot pv:population ?op }} }} GROUP BY ?e }}
                         FILTER (?cp = ?top)""" if central else "")
    rows = _rows(store, f"""SELECT (COUNT(*) AS ?pairs) (COUNT(DISTINCT ?e) AS ?organisations) WHERE {{
        SELECT DISTINCT ?c ?e WHERE {{
          GRAPH <{REFERENTIAL_GRAPH.value}> {{
            ?ct pv:population ?cp . FILTER ({_window("cp", *member_window)})
            ?c pv:governs ?ct ; org:memberOf ?e .
            ?e pv:governs ?et . ?et pv:population ?ep . FILTER ({_window("ep", *organisation_window)}) }}
          {_kinds_of(member, "c")}
          {_kinds_of(organisation, "e")}
          {most_populous}
        }} }}""")
    return int(rows[0][0].value), int(rows[0][1].value)


def _single_candidates(store: ox.Store, organisation: str, window: tuple[float, float | None]) -> int:
    """Real organisations of the kinds the graph states (a pv:Departement) whose territory's
    population is in the window: the referential's own figure, or, as it gives none for a
    département, the sum of its communes' populations."""
    rows = _rows(store, f"""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        {{ SELECT ?d (SUM(?cp) AS ?summed) WHERE {{
             {{ SELECT DISTINCT ?d ?dt WHERE {{
                  GRAPH <{STUDY_GRAPH.value}> {{ <{organisation}> a ?stated }} ?d a/rdfs:subClassOf* ?stated .
                  GRAPH <{REFERENTIAL_GRAPH.value}> {{ ?d pv:governs ?dt }}
                  {_kinds_of(organisation, "d")} }} }}
             GRAPH <{REFERENTIAL_GRAPH.value}> {{ ?ct pv:withinTerritory ?dt ; a pv:CommuneTerritory ; pv:population ?cp }}
           }} GROUP BY ?d }}
        OPTIONAL {{ GRAPH <{REFERENTIAL_GRAPH.value}> {{ ?d pv:governs/pv:population ?direct }} }}
        BIND (COALESCE(?direct, ?summed) AS ?p)
        FILTER ({_window("p", *window)})
    }}""")
    return int(rows[0][0].value)


def _candidates(store: ox.Store, windows: dict[str, tuple[float, float | None]]) -> dict[str, list[int]]:
    """Per case, the candidate counts of every join (pairs, their EPCIs; singles), each study
    organisation given the window in ``windows``."""
    counts: dict[str, list[int]] = {}
    for case, member, organisation, role in _pairs(store):
        counts.setdefault(case, []).extend(_pair_candidates(store, member, organisation, role == CENTRAL_CITY,
                                                            windows[member], windows[organisation]))
    for case, organisation in _singles(store):
        counts.setdefault(case, []).append(_single_candidates(store, organisation, windows[organisation]))
    return counts


def test_every_join_of_the_bands_with_the_referential_leaves_k_candidates(national: ox.Store) -> None:
    """For each case, the joins a re-identifier writes with the graph's bands and the referential's
    populations, kinds and memberships leave at least K real places (pairs and EPCIs for A–C,
    départements for D)."""
    counts = _candidates(national, _bands(national))
    assert set(counts) == {"A", "B", "C", "D"}
    assert all(min(c) >= K for c in counts.values()), counts


def test_the_same_joins_on_the_presentations_figures_would_single_out_a_case(national: ox.Store) -> None:
    """Control: fed with the presentation's own figures (±5 %), the same joins leave fewer than K
    candidates for some case. The joins can tell a safe publication from an unsafe one, and bands,
    not figures, are what keeps the cases anonymous."""
    figures = presentation_figures()
    order = {case: iter(values) for case, values in figures.items()}
    windows: dict[str, tuple[float, float | None]] = {}
    for case, member, organisation, _role in sorted(_pairs(national)):
        windows[member], windows[organisation] = (
            (f * 0.95, f * 1.05) for f in (next(order[case]), next(order[case])))
    for case, organisation in _singles(national):
        f = next(order[case])
        windows[organisation] = (f * 0.95, f * 1.05)
    counts = _candidates(national, windows)
    assert min(min(c) for c in counts.values()) < K


def test_no_figure_of_the_presentation_is_in_the_graph(national: ox.Store) -> None:
    """No literal of the study, numeric or text ("150 000", "150,000"), holds a population figure
    of the presentation; no numeric literal is attached to a study territory at all."""
    figures = {f for values in presentation_figures().values() for f in values}
    assert len(figures) == 7
    found = set()
    for quad in national.quads_for_pattern(None, None, None, STUDY_GRAPH):
        if isinstance(quad.object, ox.Literal):
            numbers = {int(re.sub(r"\D", "", run)) for run in NUMERIC.findall(quad.object.value)}
            found |= numbers & figures
    assert found == set()
    territories = {t for (t,) in _rows(national, "SELECT DISTINCT ?t WHERE { ?o pv:anonymisedTerritory ?t }")}
    assert len(territories) == 7
    attached = [q for t in territories for q in national.quads_for_pattern(t, None, None)
                if isinstance(q.object, ox.Literal) and q.object.datatype.value.startswith("http://www.w3.org/2001/XMLSchema#")
                and q.object.datatype.value.rsplit("#", 1)[1] not in ("string",)]
    assert attached == []


def test_the_only_numbers_near_a_study_territory_are_its_band_bounds(national: ox.Store) -> None:
    """Within two links of a study territory (rdf:type aside), the only numbers are the bounds of
    its band: the windows the joins above use are all the graph gives."""
    near = _rows(national, """SELECT DISTINCT ?t ?v WHERE { ?o pv:anonymisedTerritory ?t .
        { ?t ?p ?v } UNION { ?t ?p ?x . ?x ?q ?v FILTER (?p != rdf:type) }
        FILTER (isNumeric(?v)) }""")
    bounds = _rows(national, """SELECT DISTINCT ?t ?v WHERE { ?o pv:anonymisedTerritory ?t .
        ?t pv:populationBand/(pv:populationMin|pv:populationMax) ?v }""")
    assert set(near) == set(bounds) and len(bounds) >= 7
