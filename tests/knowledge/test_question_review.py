"""Each named question answers what its header asks: the cases a review of header against SPARQL
found answered wrongly, each in a tiny graph of its own, asked as written and after owlrl's closure.

- alliance-members missed members stated with org:memberOf or org:hasMember (no org:Membership),
  and dropped members of no listed kind;
- central-cities did not check that the member is a commune and the organisation an EPCI;
- value-types-not-created read a project with no recorded statement as one that creates nothing;
- projects-involving-departement counted a département whose membership of the leader had ended
  before the project started.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pvgraph.queries import NamedQuery

from .helpers import short, store_with

PREFIXES = """
@prefix pv:   <https://w3id.org/pvgraph/ontology#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <https://w3id.org/pvgraph/id/example/> .
"""


@pytest.fixture(scope="module", params=[False, True], ids=["as-written", "owlrl-closure"])
def closure(request: pytest.FixtureRequest) -> bool:
    return request.param


def answer(queries: dict[str, NamedQuery], name: str, turtle: str, closure: bool, *columns: str,
           **params: str) -> set[tuple[str | None, ...]]:
    store = store_with(PREFIXES + turtle, closure=closure)
    result = store.query(queries[name].sparql(params))
    assert isinstance(result, ox.QuerySolutions)
    return {tuple(short(solution[c]) for c in columns) for solution in result}


# --- alliance-members -----------------------------------------------------------------------------

ALLIANCE = """
ex:alliance a pv:TerritorialAlliance .
ex:by-membership a pv:Commune .
ex:m1 a org:Membership ; org:member ex:by-membership ; org:organization ex:alliance ; org:role pv:LeadMemberRole .
ex:by-member-of a pv:Metropole ; org:memberOf ex:alliance .
ex:alliance org:hasMember ex:by-has-member .
ex:by-has-member a pv:Departement .
ex:both a pv:CommunauteDeCommunes ; org:memberOf ex:alliance .
ex:m2 a org:Membership ; org:member ex:both ; org:organization ex:alliance ; org:role pv:MemberRole .
ex:association a org:FormalOrganization ; org:memberOf ex:alliance .
"""


def test_alliance_members_stated_every_way(queries: dict[str, NamedQuery], closure: bool) -> None:
    """A member stated by org:memberOf or org:hasMember alone is a member (no role, no period); one
    that a membership also states is listed once, with the membership's role; a member of no listed
    kind is listed without a kind."""
    rows = answer(queries, "alliance-members", ALLIANCE, closure, "member", "memberKind", "role")
    assert rows == {
        ("ex:by-membership", "pv:Commune", "pv:LeadMemberRole"),
        ("ex:by-member-of", "pv:Metropole", None),
        ("ex:by-has-member", "pv:Departement", None),
        ("ex:both", "pv:CommunauteDeCommunes", "pv:MemberRole"),
        ("ex:association", None, None),
    }


# --- central-cities ---------------------------------------------------------------------------------

CENTRAL = """
ex:ville a pv:Commune .
ex:ca a pv:CommunauteDAgglomeration .
ex:m1 a org:Membership ; org:member ex:ville ; org:organization ex:ca ; org:role pv:CentralCityRole .
ex:syndicat a pv:SyndicatMixteFerme .
ex:m2 a org:Membership ; org:member ex:ville ; org:organization ex:syndicat ; org:role pv:CentralCityRole .
ex:departement a pv:Departement .
ex:m3 a org:Membership ; org:member ex:departement ; org:organization ex:ca ; org:role pv:CentralCityRole .
ex:epci a pv:EPCI .
ex:bourg a pv:Commune .
ex:m4 a org:Membership ; org:member ex:bourg ; org:organization ex:epci ; org:role pv:CentralCityRole .
"""


def test_central_cities_are_communes_of_an_epci(queries: dict[str, NamedQuery], closure: bool) -> None:
    """The role in a syndicat mixte, or held by a département, is not a central city of an EPCI."""
    rows = answer(queries, "central-cities", CENTRAL, closure, "commune", "epci")
    assert rows == {("ex:ville", "ex:ca"), ("ex:bourg", "ex:epci")}


# --- value-types-not-created --------------------------------------------------------------------------

PROJECTS = """
ex:with-statement a pv:DigitalTerritoryProject ; pv:hasAction ex:a1 .
ex:a1 a pv:Action .
ex:s1 a pv:ValueCreationStatement ; pv:createdByAction ex:a1 ; pv:createdValueType pv:PoliticalValue .
ex:without-statement a pv:DigitalTerritoryProject ; pv:hasAction ex:a2 .
ex:a2 a pv:Action ; pv:initiativeKind pv:ParticipatoryBudget .
"""
VALUE_TYPES = {"pv:IdeologicalValue", "pv:StewardshipValue", "pv:EconomicValue", "pv:PoliticalValue",
               "pv:SocialValue", "pv:StrategicValue", "pv:QualityOfLifeValue"}


def test_value_types_not_created_only_where_something_is_recorded(queries: dict[str, NamedQuery],
                                                                  closure: bool) -> None:
    """With a statement about one of its actions, the others are listed; with none, nothing is
    (the graph records nothing about the project's value, which is not "creates none")."""
    base = "https://w3id.org/pvgraph/id/example/"
    listed = answer(queries, "value-types-not-created", PROJECTS, closure, "valueType",
                    project=base + "with-statement")
    assert {v for (v,) in listed} == VALUE_TYPES - {"pv:PoliticalValue"}
    assert answer(queries, "value-types-not-created", PROJECTS, closure, "valueType",
                  project=base + "without-statement") == set()


def test_value_types_not_created_says_what_it_reads(queries: dict[str, NamedQuery]) -> None:
    question = queries["value-types-not-created"]
    assert "énoncé" in question.question_fr and "statement" in question.question_en


# --- projects-involving-departement -----------------------------------------------------------------

DEPARTEMENTS = """
ex:dep a pv:Departement .
ex:syndicat a pv:SyndicatMixteOuvert .
ex:m a org:Membership ; org:member ex:dep ; org:organization ex:syndicat ; org:role pv:MemberRole ;
    org:memberDuring ex:p2015-2019 .
ex:p2015-2019 a pv:Period ; pv:startYear "2015"^^xsd:gYear ; pv:endYear "2019"^^xsd:gYear .
ex:before a pv:DigitalTerritoryProject ; pv:ledBy ex:syndicat ; pv:period ex:p2016 .
ex:p2016 a pv:Period ; pv:startYear "2016"^^xsd:gYear ; pv:endYear "2018"^^xsd:gYear .
ex:after a pv:DigitalTerritoryProject ; pv:ledBy ex:syndicat ; pv:period ex:p2021 .
ex:p2021 a pv:Period ; pv:startYear "2021"^^xsd:gYear .
ex:undated a pv:DigitalTerritoryProject ; pv:ledBy ex:syndicat .
ex:alliance a pv:TerritorialAlliance ; org:hasMember ex:dep .
ex:allied a pv:DigitalTerritoryProject ; pv:ledBy ex:alliance ; pv:period ex:p2021 .
ex:own a pv:DigitalTerritoryProject ; pv:ledBy ex:dep .
"""


def test_departement_involved_while_a_member(queries: dict[str, NamedQuery], closure: bool) -> None:
    """A département that left the leader in 2019 is not involved in its 2021 project."""
    rows = answer(queries, "projects-involving-departement", DEPARTEMENTS, closure, "project", "departement", "role")
    assert rows == {
        ("ex:before", "ex:dep", "pv:MemberRole"),
        ("ex:undated", "ex:dep", "pv:MemberRole"),
        ("ex:allied", "ex:dep", None),
        ("ex:own", "ex:dep", None),
    }
