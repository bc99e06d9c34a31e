"""What "EPCI-led" covers in the question political-value-epci-led: every kind of EPCI, and the
alliances and syndicats mixtes an EPCI of any kind belongs to — and nothing else.

Each case is a tiny graph of its own (a project, its leader, one action whose own statement says it
creates political value), asked together with the ontology, as written and after owlrl's closure.
"""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
import pytest
import rdflib

from .helpers import REPO, turtle_files

PREFIXES = """
@prefix pv:  <https://w3id.org/pvgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix t:   <https://w3id.org/pvgraph/id/test/> .
"""

PROJECT = """
t:project a pv:DigitalTerritoryProject ; pv:ledBy t:leader ; pv:hasAction t:action .
t:action a pv:Action .
t:statement a pv:ValueCreationStatement ; pv:createdByAction t:action ; pv:createdValueType pv:PoliticalValue .
"""

EPCI_KINDS = ["EPCI", "EPCIAFiscalitePropre", "Metropole", "CommunauteUrbaine", "CommunauteDAgglomeration",
              "CommunauteDeCommunes"]

CASES: dict[str, tuple[str, bool]] = {
    **{f"led-by-{kind}": (f"t:leader a pv:{kind} .", True) for kind in EPCI_KINDS},
    **{f"alliance-with-{kind}-member": (
        f"t:leader a pv:TerritorialAlliance . t:epci a pv:{kind} . "
        "t:m a org:Membership ; org:member t:epci ; org:organization t:leader .", True) for kind in EPCI_KINDS},
    "syndicat-ferme-with-epci-member-by-memberOf": (
        "t:leader a pv:SyndicatMixteFerme . t:epci a pv:CommunauteDeCommunes ; org:memberOf t:leader .", True),
    "syndicat-ouvert-with-epci-member-by-hasMember": (
        "t:leader a pv:SyndicatMixteOuvert ; org:hasMember t:epci . t:epci a pv:Metropole .", True),
    "led-by-commune": ("t:leader a pv:Commune .", False),
    "led-by-commune-member-of-an-epci": (
        "t:leader a pv:Commune . t:epci a pv:Metropole . "
        "t:m a org:Membership ; org:member t:leader ; org:organization t:epci .", False),
    "alliance-of-communes-only": (
        "t:leader a pv:TerritorialAlliance . t:c a pv:Commune . "
        "t:m a org:Membership ; org:member t:c ; org:organization t:leader .", False),
    "led-by-departement": ("t:leader a pv:Departement .", False),
    "syndicat-of-a-departement-only": (
        "t:leader a pv:SyndicatMixteOuvert . t:d a pv:Departement ; org:memberOf t:leader .", False),
}


TEST = "https://w3id.org/pvgraph/id/test/"


def cases_turtle() -> str:
    """All the cases in one document, each under its own namespace (the prefix t: is redefined)."""
    parts = [PREFIXES]
    for name, (data, _expected) in sorted(CASES.items()):
        parts.append(f"@prefix t: <{TEST}{name}/> .\n{PROJECT}\n{data}\n")
    return "\n".join(parts)


@pytest.fixture(scope="module", params=[False, True], ids=["as-written", "owlrl-closure"])
def epci_led_actions(request: pytest.FixtureRequest, queries) -> set[str]:
    """The actions the question finds over the ontology and all the cases (closed by owlrl or not)."""
    graph = rdflib.Graph()
    for path in turtle_files(REPO / "ontology"):
        graph.parse(path, format="turtle")
    graph.parse(data=cases_turtle(), format="turtle")
    if request.param:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    valid = rdflib.Graph()  # owlrl's closure holds generalised triples (literal subjects): keep RDF ones
    for s, p, o in graph:
        if not isinstance(s, rdflib.Literal) and isinstance(p, rdflib.URIRef):
            valid.add((s, p, o))
    store = ox.Store()
    store.load(valid.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    result = store.query(queries["political-value-epci-led"].sparql())
    return {s["action"].value for s in result}


@pytest.mark.parametrize("case", sorted(CASES))
def test_epci_led_covers_every_kind_of_epci_and_nothing_else(case: str, epci_led_actions: set[str]) -> None:
    _data, expected = CASES[case]
    assert (f"{TEST}{case}/action" in epci_led_actions) is expected
