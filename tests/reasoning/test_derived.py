"""pvgraph's derived relations (src/pvgraph/reasoning/derived.py) equal the patterns they replace.

Each relation was, before issue 15, worked out inline by a named question for every row; the
questions as they were are kept in ``replaced/`` (088a02d), with projects-active-in-year, whose
rewrite reads no derived relation (its rule's FILTER in a group of its own). Checked here, on the project's data
built by the real pipeline and on a synthetic slice at the benchmarks' shape (real organisations
of the referential, synthetic projects led by them, built with ``bench.synthetic``):

- each relation equals the inline pattern it replaces;
- each rewritten question gives exactly the rows of the one it replaces (and on the 36 cases of
  "EPCI-led", tests/knowledge/test_epci_led.py);
- after a submission the inferred graph holds what a full build gives — additions and
  retractions (the relations are not monotonic) — and an undo gives back the graph as it was.
"""

from __future__ import annotations

import gzip
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.build import build_project
from pvgraph.queries import load_queries, parse_query_file
from pvgraph.reasoning import (
    DERIVED_PROPERTIES,
    materialise,
    materialise_increment,
    retracted_graph,
)
from pvgraph.settings import Settings
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import transaction

from .helpers import INFERRED, ONTOLOGY, graph_iri

REPO = Path(__file__).resolve().parents[2]
REPLACED = Path(__file__).parent / "replaced"
PV = "https://w3id.org/pvgraph/ontology#"
REFERENTIAL = sorted((REPO / "data" / "referential").glob("referential-*.nt.gz"))
KINDS = ("LocalAuthority", "Commune", "Departement", "Region", "GroupingOfAuthorities", "EPCI",
         "EPCIAFiscalitePropre", "Metropole", "CommunauteUrbaine", "CommunauteDAgglomeration",
         "CommunauteDeCommunes", "SyndicatMixte", "SyndicatMixteOuvert", "SyndicatMixteFerme",
         "TerritorialAlliance")
EPCI_KINDS = ("EPCI", "EPCIAFiscalitePropre", "Metropole", "CommunauteUrbaine", "CommunauteDAgglomeration",
              "CommunauteDeCommunes")
# The inline tests the questions made before (project-leaders, alliance-members, 088a02d).
NARROWER = {
    "LocalAuthority": ("Commune", "Departement", "Region"),
    "GroupingOfAuthorities": ("EPCI", "EPCIAFiscalitePropre", "Metropole", "CommunauteUrbaine",
                              "CommunauteDAgglomeration", "CommunauteDeCommunes", "SyndicatMixte",
                              "SyndicatMixteFerme", "SyndicatMixteOuvert"),
    "EPCI": ("EPCIAFiscalitePropre", "Metropole", "CommunauteUrbaine", "CommunauteDAgglomeration",
             "CommunauteDeCommunes"),
    "EPCIAFiscalitePropre": ("Metropole", "CommunauteUrbaine", "CommunauteDAgglomeration", "CommunauteDeCommunes"),
    "SyndicatMixte": ("SyndicatMixteFerme", "SyndicatMixteOuvert"),
}


def _pv(names: tuple[str, ...]) -> str:
    return ", ".join(f"pv:{n}" for n in names)


INLINE_MOST_SPECIFIC = f"""PREFIX pv: <{PV}>
SELECT DISTINCT ?s ?o WHERE {{
  ?s a ?o . FILTER (?o IN ({_pv(KINDS)}))
  {" ".join(f"FILTER (?o != pv:{k} || NOT EXISTS {{ ?s a ?n . FILTER (?n IN ({_pv(ns)})) }})"
            for k, ns in NARROWER.items())}
}}"""
# Case b of the same pattern, on (lead membership, project).
INLINE_EPCI_LEAD_FOR = f"""PREFIX pv: <{PV}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT DISTINCT ?s ?o WHERE {{
  ?o pv:ledBy ?leader . ?leader a ?leaderKind .
  FILTER (?leaderKind IN (pv:TerritorialAlliance, pv:SyndicatMixte, pv:SyndicatMixteOuvert, pv:SyndicatMixteFerme))
  ?s org:organization ?leader ; org:role pv:LeadMemberRole ; org:member ?leadMember .
  ?leadMember a ?memberKind . FILTER (?memberKind IN ({_pv(EPCI_KINDS)}))
  OPTIONAL {{ ?s org:memberDuring/pv:startYear ?ms . BIND (xsd:integer(STR(?ms)) AS ?memberFrom) }}
  OPTIONAL {{ ?s org:memberDuring/pv:endYear ?me . BIND (xsd:integer(STR(?me)) AS ?memberTo) }}
  OPTIONAL {{ ?o pv:period/pv:startYear ?ps . BIND (xsd:integer(STR(?ps)) AS ?projectFrom) }}
  OPTIONAL {{ ?o pv:period/pv:endYear ?pe . BIND (xsd:integer(STR(?pe)) AS ?projectTo) }}
  FILTER ((!BOUND(?memberTo) || !BOUND(?projectFrom) || ?memberTo >= ?projectFrom)
          && (!BOUND(?memberFrom) || !BOUND(?projectTo) || ?memberFrom <= ?projectTo))
}}"""
# The inner pattern of political-value-epci-led at 088a02d, on (project, leader).
INLINE_LED_BY_EPCI = f"""PREFIX pv: <{PV}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT DISTINCT ?s ?o WHERE {{
  ?s pv:ledBy ?o . ?o a ?leaderKind .
  FILTER (?leaderKind IN ({_pv(EPCI_KINDS)}, pv:TerritorialAlliance, pv:SyndicatMixte,
                          pv:SyndicatMixteOuvert, pv:SyndicatMixteFerme))
  OPTIONAL {{
    ?membership org:organization ?o ; org:role pv:LeadMemberRole ; org:member ?leadMember .
    ?leadMember a ?memberKind . FILTER (?memberKind IN ({_pv(EPCI_KINDS)}))
    OPTIONAL {{ ?membership org:memberDuring/pv:startYear ?ms . BIND (xsd:integer(STR(?ms)) AS ?memberFrom) }}
    OPTIONAL {{ ?membership org:memberDuring/pv:endYear ?me . BIND (xsd:integer(STR(?me)) AS ?memberTo) }}
  }}
  OPTIONAL {{ ?s pv:period/pv:startYear ?ps . BIND (xsd:integer(STR(?ps)) AS ?projectFrom) }}
  OPTIONAL {{ ?s pv:period/pv:endYear ?pe . BIND (xsd:integer(STR(?pe)) AS ?projectTo) }}
  FILTER (?leaderKind IN ({_pv(EPCI_KINDS)})
          || (BOUND(?leadMember)
              && (!BOUND(?memberTo) || !BOUND(?projectFrom) || ?memberTo >= ?projectFrom)
              && (!BOUND(?memberFrom) || !BOUND(?projectTo) || ?memberFrom <= ?projectTo)))
}}"""
def _rows(store: EmbeddedStore, sparql: str) -> Counter:
    result = store.query(sparql)
    return Counter(tuple(None if t is None else str(t) for t in row) for row in result.rows)


def _derived(store: EmbeddedStore, prop: str) -> Counter:
    return _rows(store, f"SELECT ?s ?o WHERE {{ ?s <{PV}{prop}> ?o }}")


def _copy_sources(root: Path) -> None:
    for directory in ("ontology", "shapes", "data/study", "data/examples"):
        shutil.copytree(REPO / directory, root / directory,
                        ignore=shutil.ignore_patterns("submissions"))


def _referential_slice(target: Path) -> Path:
    """One organisation in 40 of each kind of the referential, with all their triples."""
    kinds = {f"<{PV}{k}>" for k in KINDS}
    with gzip.open(REFERENTIAL[0], "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    typed = sorted({line.split(" ", 1)[0] for line in lines
                    if " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " in line
                    and line.rsplit(" ", 2)[-2] in kinds})
    chosen = set(typed[::40])
    kept = [line for line in lines if line.split(" ", 1)[0] in chosen]
    target.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(target, "wt", encoding="utf-8") as out:
        out.write("\n".join(kept) + "\n")
    return target


@pytest.fixture(scope="module")
def project_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The study and the examples, built by the real pipeline (no referential)."""
    root = tmp_path_factory.mktemp("derived-project")
    _copy_sources(root)
    store = EmbeddedStore()
    build_project(Settings(root=root, store=":memory:"), store)
    return store


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The project, a slice of the referential and 400 synthetic projects led by its organisations."""
    if not REFERENTIAL:
        pytest.skip("no territorial referential in data/referential/")
    from bench.synthetic import generate, write

    root = tmp_path_factory.mktemp("derived-synthetic")
    _copy_sources(root)
    referential = _referential_slice(root / "data" / "referential" / "referential-slice.nt.gz")
    write(generate(400, seed=15, referential=referential), root / "data" / "referential" / "synthetic.nq.gz")
    store = EmbeddedStore()
    build_project(Settings(root=root, store=":memory:"), store)
    return store


STORES = ["project_store", "synthetic_store"]


@pytest.mark.parametrize("which", STORES)
@pytest.mark.parametrize(("prop", "inline"), [("mostSpecificKind", INLINE_MOST_SPECIFIC),
                                              ("ledByEPCI", INLINE_LED_BY_EPCI),
                                              ("epciLeadFor", INLINE_EPCI_LEAD_FOR)])
def test_relation_equals_the_pattern_it_replaces(request, which: str, prop: str, inline: str) -> None:
    store = request.getfixturevalue(which)
    expected = _rows(store, inline)
    if prop == "epciLeadFor" and which == "synthetic_store":
        # the synthetic alliances have no lead member: only the project's examples have case b
        assert expected == _rows(request.getfixturevalue("project_store"), inline)
    assert expected, "nothing to compare: the test would prove nothing"
    assert _derived(store, prop) == expected


def test_the_synthetic_slice_has_every_shape(synthetic_store: EmbeddedStore) -> None:
    """Several kinds, EPCI-led and other projects: the comparisons bite."""
    kinds = {o for _s, o in _derived(synthetic_store, "mostSpecificKind")}
    assert len(kinds) >= 5
    led = {s for s, _o in _derived(synthetic_store, "ledByEPCI")}
    projects = set(_rows(synthetic_store, f"SELECT ?p WHERE {{ ?p a <{PV}DigitalTerritoryProject> }}"))
    assert 50 < len(led) < len(projects) - 50


QUESTIONS = sorted(p.stem for p in REPLACED.glob("*.rq"))


@pytest.mark.parametrize("which", STORES)
@pytest.mark.parametrize("name", QUESTIONS)
def test_question_gives_the_rows_of_the_one_it_replaces(request, which: str, name: str) -> None:
    store = request.getfixturevalue(which)
    new = load_queries(REPO / "ontology" / "queries")[name]
    old = parse_query_file(REPLACED / f"{name}.rq")
    years = ("2016", "2022", "2028", "2040") if name == "projects-active-in-year" else (None,)
    for year in years:
        values = {"year": year} if year else {}
        expected = _rows(store, old.sparql(values))
        assert expected, f"{name} {values}: no row to compare"
        assert _rows(store, new.sparql(values)) == expected, f"{name} {values}"


# -- submissions ----------------------------------------------------------------------------------

SUBMISSION = """
@prefix pv:  <https://w3id.org/pvgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:  <https://w3id.org/pvgraph/id/test/> .
# a narrower kind for an organisation the study types as an EPCI: its "most specific kind" changes
<https://w3id.org/pvgraph/id/study/organisation-case-a-epci> a pv:CommunauteDAgglomeration .
# a project led by an alliance whose lead member is an EPCI: "led by an EPCI"
ex:period a pv:Period ; pv:startYear "2019"^^xsd:gYear ; pv:endYear "2021"^^xsd:gYear .
ex:project a pv:DigitalTerritoryProject ; pv:ledBy ex:alliance ; pv:period ex:period .
ex:alliance a pv:TerritorialAlliance .
ex:lead a org:Membership ; org:organization ex:alliance ; org:member ex:epci ; org:role pv:LeadMemberRole .
ex:epci a pv:Metropole .
"""


def _derived_triples(store: EmbeddedStore) -> set[tuple[str, str, str]]:
    found = set()
    for prop in DERIVED_PROPERTIES:
        result = store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{INFERRED}> {{ ?s <{prop}> ?o }} }}")
        found |= {(str(s), prop, str(o)) for s, o in result.rows}
    return found


def _copy(store: EmbeddedStore) -> EmbeddedStore:
    copy = EmbeddedStore()
    for graph in store.graphs():
        copy.replace_graph(graph, store.quads(graph))
    return copy


def test_a_submission_adds_and_retracts_derived_relations_and_an_undo_restores_them(project_store) -> None:
    store = _copy(project_store)
    before = set(store.quads(INFERRED))
    new, scratch = graph_iri("submission/derived-test"), graph_iri("inferred/submission/derived-test")
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(new))
             for t in ox.parse(SUBMISSION.encode(), ox.RdfFormat.TURTLE)]
    store.add_to_graph(new, quads)
    materialise_increment(store, ontology_graph=ONTOLOGY, new_graph=new, target_graph=scratch,
                          inferred_graph=INFERRED)
    retracted = {(str(q.subject), q.predicate.value, str(q.object)) for q in store.quads(retracted_graph(scratch))}
    assert ("<https://w3id.org/pvgraph/id/study/organisation-case-a-epci>", PV + "mostSpecificKind",
            f"<{PV}EPCI>") in retracted
    # the merge, as the transaction makes it (one update)
    store.update(f"INSERT {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }} ;"
                 f"DELETE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }} "
                 f"WHERE {{ GRAPH <{retracted_graph(scratch)}> {{ ?s ?p ?o }} }}")

    full = _copy(store)
    sources = [g for g in full.graphs() if g not in (INFERRED, scratch, retracted_graph(scratch))
               and "/shapes" not in g and "/meta" not in g]
    materialise(full, ontology_graph=ONTOLOGY, source_graphs=sources, target_graph=INFERRED)
    assert _derived_triples(store) == _derived_triples(full)
    assert (f"<{PV[:-len('ontology#')]}id/test/project>", PV + "ledByEPCI",
            f"<{PV[:-len('ontology#')]}id/test/alliance>") in _derived_triples(store)
    assert (f"<{PV[:-len('ontology#')]}id/test/lead>", PV + "epciLeadFor",
            f"<{PV[:-len('ontology#')]}id/test/project>") in _derived_triples(store)

    transaction._undo(store, new, scratch)  # what a failure before the commit point runs
    assert set(store.quads(INFERRED)) == before
    assert not [g for g in store.graphs() if g.startswith(scratch) or g == new]
