"""What "EPCI-led" means in the question political-value-epci-led: a project led by an EPCI of any
kind, or by an alliance or a syndicat mixte whose lead member (pv:LeadMemberRole) is an EPCI of
any kind while the project runs — and nothing else: belonging is not leading.

Each case is a tiny graph of its own (a project, its leader, one action whose own statement says it
creates political value), asked together with the ontology, as written and after owlrl's closure.
Both answers are checked: the cases that must be in, and those that must stay out.
"""

from __future__ import annotations

import pytest

from .helpers import store_with

PREFIXES = """
@prefix pv:  <https://w3id.org/pvgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t:   <https://w3id.org/pvgraph/id/test/> .
"""

PROJECT = """
t:project a pv:DigitalTerritoryProject ; pv:ledBy t:leader ; pv:hasAction t:action .
t:action a pv:Action .
t:statement a pv:ValueCreationStatement ; pv:createdByAction t:action ; pv:createdValueType pv:PoliticalValue .
"""

EPCI_KINDS = ["EPCI", "EPCIAFiscalitePropre", "Metropole", "CommunauteUrbaine", "CommunauteDAgglomeration",
              "CommunauteDeCommunes"]
GROUPING_KINDS = ["TerritorialAlliance", "SyndicatMixte", "SyndicatMixteOuvert", "SyndicatMixteFerme"]


def period(node: str, start: int | None, end: int | None = None) -> str:
    """A pv:Period (start and end years, either may be absent) named t:{node}."""
    years = [f'pv:startYear "{start}"^^xsd:gYear'] if start else []
    years += [f'pv:endYear "{end}"^^xsd:gYear'] if end else []
    return f"t:{node} a pv:Period ; " + " ; ".join(years) + " ." if years else ""


def led_by_grouping(member_kind: str, *, role: str = "LeadMemberRole", kind: str = "TerritorialAlliance",
                    member: tuple[int | None, int | None] | None = None,
                    project: tuple[int | None, int | None] | None = None) -> str:
    """A project led by a grouping with one member of ``member_kind`` in ``role``; the membership's and
    the project's periods when given."""
    data = (f"t:leader a pv:{kind} . t:member a pv:{member_kind} . "
            f"t:m a org:Membership ; org:member t:member ; org:organization t:leader ; org:role pv:{role} .")
    if member:
        data += " t:m org:memberDuring t:mp . " + period("mp", *member)
    if project:
        data += " t:project pv:period t:pp . " + period("pp", *project)
    return data


CASES: dict[str, tuple[str, bool]] = {
    # (a) led by an EPCI of any kind
    **{f"led-by-{kind}": (f"t:leader a pv:{kind} .", True) for kind in EPCI_KINDS},
    # (b) a grouping of any kind whose lead member is an EPCI of any kind
    **{f"{kind}-led-by-an-EPCI": (led_by_grouping("CommunauteDeCommunes", kind=kind), True)
       for kind in GROUPING_KINDS},
    **{f"alliance-led-by-{kind}": (led_by_grouping(kind), True) for kind in EPCI_KINDS},
    "lead-membership-covers-the-project": (led_by_grouping("Metropole", member=(2015, None), project=(2020, 2024)), True),
    "lead-membership-ends-during-the-project": (
        led_by_grouping("Metropole", member=(2015, 2021), project=(2020, 2024)), True),
    "lead-membership-starts-during-the-project": (
        led_by_grouping("Metropole", member=(2022, None), project=(2020, 2024)), True),
    "lead-membership-ends-the-year-the-project-starts": (
        led_by_grouping("Metropole", member=(2015, 2020), project=(2020, 2024)), True),
    "lead-membership-without-period": (led_by_grouping("Metropole", project=(2020, 2024)), True),
    "project-without-period": (led_by_grouping("Metropole", member=(2015, 2019)), True),
    "open-ended-project-after-a-lead-that-started": (led_by_grouping("Metropole", member=(2015, None),
                                                                     project=(2030, None)), True),
    # not EPCI-led
    "lead-membership-ended-before-the-project": (
        led_by_grouping("Metropole", member=(2015, 2019), project=(2020, 2024)), False),
    "lead-membership-ended-before-an-open-ended-project": (
        led_by_grouping("Metropole", member=(2015, 2021), project=(2022, None)), False),
    "lead-membership-starts-after-the-project": (
        led_by_grouping("Metropole", member=(2025, None), project=(2020, 2024)), False),
    "alliance-with-an-EPCI-as-plain-member": (led_by_grouping("Metropole", role="MemberRole"), False),
    "alliance-with-an-EPCI-member-without-role": (
        "t:leader a pv:TerritorialAlliance . t:epci a pv:Metropole . "
        "t:m a org:Membership ; org:member t:epci ; org:organization t:leader .", False),
    "alliance-led-by-a-commune-with-an-EPCI-member": (
        led_by_grouping("Commune") + " t:epci a pv:CommunauteDAgglomeration . "
        "t:m2 a org:Membership ; org:member t:epci ; org:organization t:leader ; org:role pv:MemberRole .", False),
    "syndicat-led-by-a-departement-with-an-EPCI-member": (
        led_by_grouping("Departement", kind="SyndicatMixteOuvert") + " t:epci a pv:CommunauteDeCommunes . "
        "t:m2 a org:Membership ; org:member t:epci ; org:organization t:leader ; org:role pv:MemberRole .", False),
    "syndicat-ferme-with-epci-member-by-memberOf": (
        "t:leader a pv:SyndicatMixteFerme . t:epci a pv:CommunauteDeCommunes ; org:memberOf t:leader .", False),
    "syndicat-ouvert-with-epci-member-by-hasMember": (
        "t:leader a pv:SyndicatMixteOuvert ; org:hasMember t:epci . t:epci a pv:Metropole .", False),
    "led-by-commune": ("t:leader a pv:Commune .", False),
    "led-by-commune-member-of-an-epci": (
        "t:leader a pv:Commune . t:epci a pv:Metropole . "
        "t:m a org:Membership ; org:member t:leader ; org:organization t:epci .", False),
    "led-by-commune-lead-member-of-an-epci": (
        "t:leader a pv:Commune . t:epci a pv:Metropole . "
        "t:m a org:Membership ; org:member t:leader ; org:organization t:epci ; org:role pv:LeadMemberRole .", False),
    "alliance-of-communes-only": (led_by_grouping("Commune"), False),
    "led-by-departement": ("t:leader a pv:Departement .", False),
    # a participatory budget, the presentation's example of political value, but no statement about it
    "led-by-an-EPCI-an-example-kind-without-statement": ("t:leader a pv:Metropole .", False),
}

# Cases whose action is of the kind the presentation illustrates political value with (skos:example),
# with no value-creation statement about the action: an example is no rule about actions.
ABOUT_THE_KIND = {"led-by-an-EPCI-an-example-kind-without-statement"}
PROJECT_ABOUT_THE_KIND = """
t:project a pv:DigitalTerritoryProject ; pv:ledBy t:leader ; pv:hasAction t:action .
t:action a pv:Action ; pv:initiativeKind pv:ParticipatoryBudget .
"""

TEST = "https://w3id.org/pvgraph/id/test/"


def cases_turtle() -> str:
    """All the cases in one document, each under its own namespace (the prefix t: is redefined)."""
    parts = [PREFIXES]
    for name, (data, _expected) in sorted(CASES.items()):
        project = PROJECT_ABOUT_THE_KIND if name in ABOUT_THE_KIND else PROJECT
        parts.append(f"@prefix t: <{TEST}{name}/> .\n{project}\n{data}\n")
    return "\n".join(parts)


@pytest.fixture(scope="module", params=[False, True], ids=["as-written", "owlrl-closure"])
def epci_led_rows(request: pytest.FixtureRequest, queries) -> set[tuple[str, str | None]]:
    """(action, lead member) of every row the question finds over the ontology and all the cases
    (closed by owlrl or not)."""
    store = store_with(cases_turtle(), closure=request.param)
    result = store.query(queries["political-value-epci-led"].sparql())
    return {(s["action"].value, s["leadMember"].value if s["leadMember"] else None) for s in result}


@pytest.mark.parametrize("case", sorted(CASES))
def test_epci_led_means_led_by_an_epci_and_nothing_else(case: str, epci_led_rows: set[tuple[str, str | None]]) -> None:
    _data, expected = CASES[case]
    assert (f"{TEST}{case}/action" in {action for action, _lead in epci_led_rows}) is expected


def test_both_answers_are_tested() -> None:
    """The cases hold both answers, and the cases the question used to get wrong are among the outs."""
    outs = {name for name, (_data, expected) in CASES.items() if not expected}
    assert {"alliance-led-by-a-commune-with-an-EPCI-member", "lead-membership-ended-before-the-project",
            "syndicat-ferme-with-epci-member-by-memberOf"} <= outs
    assert len(outs) >= 10 and len(CASES) - len(outs) >= 10


def test_the_lead_member_says_why_a_grouping_counts(epci_led_rows: set[tuple[str, str | None]]) -> None:
    rows = dict(epci_led_rows)
    assert rows[f"{TEST}alliance-led-by-Metropole/action"] == f"{TEST}alliance-led-by-Metropole/member"
    assert rows[f"{TEST}led-by-Metropole/action"] is None
