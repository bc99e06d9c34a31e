"""The named questions of ontology/queries/ and their exact answers on the study and the examples.

Every expected answer below was derived by reading data/study/ and data/examples/ and is written out
literally: a change of data, ontology or query that changes an answer must change this file too.
Each question is asked of two stores (see conftest.py): the sources parsed as they are, and the same
sources built by the pipeline with the inferred graph; the answers must be the same.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pvgraph.queries import NamedQuery

from .helpers import REPO, Runner, load_plain, short

PRESENTATION = "src:presentation"
EX_SOURCE = "ex:source"

REQUIRED_QUESTIONS = {
    "political-value-epci-led",        # the question the brief names
    "actions-creating-value-type",     # a value-type parameter
    "value-types-examples",            # value types with their examples and sources
    "alliance-members",                # alliances, members and roles
    "projects-active-in-year",         # a year parameter
    "case-studies",                    # each case's method, interviews and period
    "difficulties-responses",          # difficulties and the levers/recommendations answering them
    "context-factors",
    "action-types",
    "labels-claimed",
    "projects-involving-departement",
    "value-types-not-created",         # value types that no action of a project creates
    "concept-sources",                 # the source of every concept
}


# --- the catalogue ------------------------------------------------------------------------------------

def test_at_least_fifteen_questions_with_the_required_ones(queries: dict[str, NamedQuery]) -> None:
    assert len(queries) >= 15
    assert set(queries) >= REQUIRED_QUESTIONS


def test_every_question_has_an_id_matching_its_file_and_both_languages(queries: dict[str, NamedQuery]) -> None:
    for name, query in queries.items():
        assert query.path.stem == name
        assert query.question_fr and query.question_en
        assert query.question_fr.endswith("?") and query.question_en.endswith("?")


def test_the_questions_the_documentation_names_exist(queries: dict[str, NamedQuery]) -> None:
    """A reader who copies `pvgraph query NAME` or `/queries/NAME` from the docs gets an answer."""
    named: dict[str, set[str]] = {}
    for page in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for name in re.findall(r"(?:pvgraph query|/queries/)\s?([a-z][a-z0-9-]+)", text):
            named.setdefault(name, set()).add(page.name)
    assert named, "the documentation names no question: the pattern above is out of date"
    assert {n: sorted(pages) for n, pages in named.items() if n not in queries} == {}


def test_parameters_have_defaults(queries: dict[str, NamedQuery]) -> None:
    params = {name: {(p.name, p.type, p.default) for p in q.parameters} for name, q in queries.items()}
    assert params["projects-active-in-year"] == {("year", "year", "2022")}
    assert params["actions-creating-value-type"] == {
        ("valueType", "iri", "<https://w3id.org/pvgraph/ontology#PoliticalValue>")}
    assert params["value-types-not-created"] == {
        ("project", "iri", "<https://w3id.org/pvgraph/id/example/project-ca-exemple-numerique>")}


def test_epci_led_question_says_what_epci_led_means(queries: dict[str, NamedQuery]) -> None:
    query = queries["political-value-epci-led"]
    assert "chef de file" in query.question_fr and "lead member" in query.question_en
    text = query.text
    assert "pv:LeadMemberRole" in text and "org:memberDuring" in text
    assert re.search(r"Belonging is not leading", text)


def test_every_question_answers_without_duplicates(ask: Runner, queries: dict[str, NamedQuery]) -> None:
    for name in queries:
        rows = ask(name)
        duplicates = [row for row, n in Counter(rows).items() if n > 1]
        assert not duplicates, f"{name} repeats rows: {duplicates[:3]}"


def test_no_question_has_a_column_it_never_fills(built_store, queries: dict[str, NamedQuery]) -> None:
    """A column unbound in every row over the study and the examples promises what the graph cannot
    give (a study that reports context factors, a statement behind each example): say it in the
    header's comment and leave the column out."""
    empty = {}
    for name, query in queries.items():
        result = built_store.query(query.sparql())
        if result.kind == "select":
            columns = [v for i, v in enumerate(result.variables) if all(row[i] is None for row in result.rows)]
            if columns:
                empty[name] = columns
    assert empty == {}


def test_every_question_answers_from_the_examples_alone(examples_store, queries: dict[str, NamedQuery]) -> None:
    for name, query in queries.items():
        rows = list(examples_store.query(query.sparql(), use_default_graph_as_union=True))
        assert rows, f"{name} returns nothing on the ontology and the examples alone"


# --- exact answers ----------------------------------------------------------------------------------

def test_political_value_epci_led(ask: Runner) -> None:
    rows = ask("political-value-epci-led", "project", "leader", "leadMember", "action", "statement", "source")
    assert set(rows) == {
        # led by a communauté d'agglomération; the action's own statement
        ("ex:project-ca-exemple-numerique", "ex:organisation-ca-exemple", None, "ex:action-ca-budget-participatif",
         "ex:value-creation-ca-budget-participatif", EX_SOURCE),
        # led by an alliance whose lead member, since 2020, is the communauté d'agglomération (2021-2024)
        ("ex:project-guichet-partage", "ex:alliance-agglo-exemple", "ex:organisation-ca-exemple",
         "ex:action-guichet-comite-usagers", "ex:value-creation-guichet-comite-usagers", EX_SOURCE),
    }
    labels = set(ask("political-value-epci-led", "action", "actionLabel", "leaderLabel"))
    assert ("ex:action-ca-budget-participatif", "Budget participatif en ligne (action fictive)",
            "Communauté d'agglomération Exemple (fictive)") in labels


@pytest.mark.parametrize(
    ("action", "why_not"),
    [("ex:action-alliance-budget-quartier", "an alliance led by a commune, with an EPCI among its members"),
     ("ex:action-syndicat-consultation", "a syndicat mixte led by a département, with EPCIs among its members"),
     ("ex:action-vallees-conseil-citoyen", "an alliance whose EPCI lead member left before the project"),
     ("ex:action-bourg-budget-participatif", "a commune, itself a member of an EPCI")],
)
def test_political_value_in_projects_not_led_by_an_epci(ask: Runner, action: str, why_not: str) -> None:
    """Each of these actions creates political value by its own statement, in a project that involves
    an EPCI without being led by one (``why_not``): the question leaves it out."""
    assert action in {a for (a,) in ask("actions-creating-value-type", "action")}
    assert action not in {a for (a,) in ask("political-value-epci-led", "action")}, why_not


POLITICAL_ACTIONS = {
    ("ex:action-bourg-budget-participatif", "ex:project-bourg-augmente",
     "ex:value-creation-bourg-budget-participatif", EX_SOURCE),
    ("ex:action-ca-budget-participatif", "ex:project-ca-exemple-numerique",
     "ex:value-creation-ca-budget-participatif", EX_SOURCE),
    ("ex:action-syndicat-consultation", "ex:project-syndicat-fibre", "ex:value-creation-syndicat-consultation", EX_SOURCE),
    ("ex:action-alliance-budget-quartier", "ex:project-alliance-territoire-intelligent",
     "ex:value-creation-alliance-budget-quartier", EX_SOURCE),
    ("ex:action-vallees-conseil-citoyen", "ex:project-vallees-connectees",
     "ex:value-creation-vallees-conseil-citoyen", EX_SOURCE),
    ("ex:action-guichet-comite-usagers", "ex:project-guichet-partage",
     "ex:value-creation-guichet-comite-usagers", EX_SOURCE),
}


def test_actions_creating_the_default_value_type(ask: Runner) -> None:
    assert set(ask("actions-creating-value-type", "action", "project", "statement", "source")) == POLITICAL_ACTIONS


@pytest.mark.parametrize(
    ("value_type", "expected"),
    [
        ("pv:PoliticalValue", {(a, s) for a, _p, s, _src in POLITICAL_ACTIONS}),
        # an action's kind of initiative (a solidarity social network, a civic tech…) creates nothing by
        # itself: without a statement about the action, no value
        ("pv:SocialValue", set()),
        ("pv:QualityOfLifeValue", set()),
        ("pv:StewardshipValue", set()),
        ("pv:IdeologicalValue", set()),
        ("pv:EconomicValue", {("ex:action-syndicat-deploiement-fibre", "ex:value-creation-syndicat-fibre")}),
        ("pv:StrategicValue", {("ex:action-ca-strategie-donnees", "ex:value-creation-ca-strategie-donnees"),
                               ("ex:action-alliance-hackathon", "ex:value-creation-alliance-hackathon")}),
    ],
)
def test_actions_creating_each_value_type(ask: Runner, value_type: str, expected: set) -> None:
    assert set(ask("actions-creating-value-type", "action", "statement", valueType=value_type)) == expected


# Actions of the examples whose only link to a value type is their kind of initiative.
ONLY_BY_KIND = {"ex:action-alliance-jumeau-numerique", "ex:action-bourg-reseau-entraide",
                "ex:action-ca-enquete-satisfaction"}


@pytest.mark.parametrize("value_type", sorted(["pv:PoliticalValue", "pv:SocialValue", "pv:QualityOfLifeValue",
                                               "pv:StewardshipValue", "pv:IdeologicalValue", "pv:EconomicValue",
                                               "pv:StrategicValue"]))
def test_a_statement_about_a_kind_of_initiative_says_nothing_of_each_action(ask: Runner, value_type: str) -> None:
    """Only a statement about the action counts: an action of a kind some statement is about (a
    digital twin, a solidarity social network…) is not listed through that statement, so no fictional
    action is ever answered with the presentation as its source."""
    rows = ask("actions-creating-value-type", "action", "source", valueType=value_type)
    assert not [(action, source) for action, source in rows if action.startswith("ex:") and source == PRESENTATION]
    assert not ONLY_BY_KIND & {action for action, _source in rows}


def test_value_types_with_examples_and_sources(ask: Runner) -> None:
    assert set(ask("value-types-examples", "valueType", "example", "source")) == {
        # the presentation's example for each type: an illustration (skos:example), no statement
        ("pv:IdeologicalValue", "pv:DigitalTwin", PRESENTATION),
        ("pv:StewardshipValue", "pv:SatisfactionMeasurementTool", PRESENTATION),
        ("pv:EconomicValue", "pv:OpticalFibre", PRESENTATION),
        ("pv:PoliticalValue", "pv:ParticipatoryBudget", PRESENTATION),
        ("pv:SocialValue", "pv:SolidaritySocialNetwork", PRESENTATION),
        ("pv:StrategicValue", "pv:Hackathon", PRESENTATION),
        ("pv:QualityOfLifeValue", "pv:CivicTech", PRESENTATION),
    }
    labels = set(ask("value-types-examples", "valueTypeLabel", "exampleLabel"))
    assert {("valeur idéologique", "jumeau numérique"), ("valeur d'intendance", "outil de mesure de la satisfaction"),
            ("valeur économique", "fibre optique"), ("valeur politique", "budget participatif"),
            ("valeur sociale", "réseau social de solidarité"), ("valeur stratégique", "hackathon"),
            ("valeur qualité de vie", "civic tech")} <= labels


def test_alliance_members_and_roles(ask: Runner) -> None:
    rows = ask("alliance-members", "alliance", "allianceKind", "member", "memberKind", "role", "since", "until")
    assert set(rows) == {
        ("study:alliance-case-a", "pv:TerritorialAlliance", "study:organisation-case-a-ville-centre", "pv:Commune",
         "pv:MemberRole", None, None),
        # the presentation does not say which kind of EPCI: pv:EPCI only
        ("study:alliance-case-a", "pv:TerritorialAlliance", "study:organisation-case-a-epci", "pv:EPCI",
         "pv:MemberRole", None, None),
        # case D's syndicat mixte is both an open syndicat mixte (by law) and, for the presentation, a
        # territorial alliance; its EPCIs are not enumerated (pv:hasMembersOfKind), so no row for them
        ("study:organisation-case-d-syndicat-mixte", "pv:SyndicatMixteOuvert", "study:organisation-case-d-departement",
         "pv:Departement", "pv:MemberRole", None, None),
        ("study:organisation-case-d-syndicat-mixte", "pv:TerritorialAlliance", "study:organisation-case-d-departement",
         "pv:Departement", "pv:MemberRole", None, None),
        ("ex:alliance-exemple", "pv:TerritorialAlliance", "ex:organisation-ville-exemple", "pv:Commune",
         "pv:LeadMemberRole", "2020", None),
        ("ex:alliance-exemple", "pv:TerritorialAlliance", "ex:organisation-ca-exemple", "pv:CommunauteDAgglomeration",
         "pv:MemberRole", "2020", None),
        ("ex:organisation-syndicat-numerique-fictif", "pv:SyndicatMixteOuvert", "ex:organisation-departement-fictif",
         "pv:Departement", "pv:LeadMemberRole", "2015", None),
        ("ex:organisation-syndicat-numerique-fictif", "pv:SyndicatMixteOuvert", "ex:organisation-ca-exemple",
         "pv:CommunauteDAgglomeration", "pv:MemberRole", "2015", None),
        ("ex:organisation-syndicat-numerique-fictif", "pv:SyndicatMixteOuvert", "ex:organisation-cc-fictive",
         "pv:CommunauteDeCommunes", "pv:MemberRole", "2015", "2022"),
        # the cases of political-value-epci-led (epci-led.ttl): an EPCI lead member that left…
        ("ex:alliance-vallees", "pv:TerritorialAlliance", "ex:organisation-cc-fictive", "pv:CommunauteDeCommunes",
         "pv:LeadMemberRole", "2016", "2021"),
        ("ex:alliance-vallees", "pv:TerritorialAlliance", "ex:organisation-bourg-fictif", "pv:Commune",
         "pv:LeadMemberRole", "2022", None),
        # … and one that leads throughout
        ("ex:alliance-agglo-exemple", "pv:TerritorialAlliance", "ex:organisation-ca-exemple",
         "pv:CommunauteDAgglomeration", "pv:LeadMemberRole", "2020", None),
        ("ex:alliance-agglo-exemple", "pv:TerritorialAlliance", "ex:organisation-bourg-fictif", "pv:Commune",
         "pv:MemberRole", "2020", None),
    }
    assert {label for (label,) in ask("alliance-members", "roleLabel")} == {"membre", "chef de file"}


def test_central_cities(ask: Runner) -> None:
    """A study's central cities come with the bands of their figures, never a figure (the example,
    fictional, has census populations)."""
    assert set(ask("central-cities", "commune", "communePopulation", "communePopulationBand", "epci", "epciPopulation",
                   "epciPopulationBand")) == {
        ("study:organisation-case-a-ville-centre", None, "pv:PopulationBand100000To199999",
         "study:organisation-case-a-epci", None, "pv:PopulationBand200000To499999"),
        ("study:organisation-case-b-ville-centre", None, "pv:PopulationBand100000To199999",
         "study:organisation-case-b-epci", None, "pv:PopulationBand200000To499999"),
        ("ex:organisation-ville-exemple", "62000", None, "ex:organisation-ca-exemple", "120000", None),
    }


PROJECTS_2022 = {
    ("project:case-a", "2018", "2032"),
    ("project:case-b", "2014", "2026"),
    ("project:case-c", "2020", "2026"),
    ("project:case-d", "2018", None),
    ("ex:project-ca-exemple-numerique", "2019", "2025"),
    ("ex:project-alliance-territoire-intelligent", "2021", "2023"),
    ("ex:project-syndicat-fibre", "2016", None),
    ("ex:project-guichet-partage", "2021", "2024"),
}


def test_projects_active_in_the_default_year(ask: Runner) -> None:
    assert set(ask("projects-active-in-year", "project", "startYear", "endYear")) == PROJECTS_2022


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("2022", {p for p, _s, _e in PROJECTS_2022}),
        ("2030", {"project:case-a", "project:case-d", "ex:project-syndicat-fibre"}),
        ("2024", {"project:case-a", "project:case-b", "project:case-c", "project:case-d",
                  "ex:project-ca-exemple-numerique", "ex:project-syndicat-fibre", "ex:project-bourg-augmente",
                  "ex:project-guichet-partage", "ex:project-vallees-connectees"}),
        ("2014", {"project:case-b"}),
        ("2013", set()),
        ("2033", {"project:case-d", "ex:project-syndicat-fibre"}),
    ],
)
def test_projects_active_in_other_years(ask: Runner, year: str, expected: set) -> None:
    assert {p for (p,) in ask("projects-active-in-year", "project", year=year)} == expected


def test_case_studies_methods_interviews_periods(ask: Runner) -> None:
    rows = ask("case-studies", "case", "code", "method", "interviews", "project", "projectStart", "projectEnd",
               "fieldworkStart", "fieldworkEnd", "source")
    # the presentation prints "(2021 – 2023)" without saying it dates the fieldwork: no fieldwork period
    assert set(rows) == {
        ("case:A", "A", "pv:SemiStructuredInterview", "20", "project:case-a", "2018", "2032", None, None, PRESENTATION),
        ("case:B", "B", "pv:SemiStructuredInterview", "10", "project:case-b", "2014", "2026", None, None, PRESENTATION),
        ("case:C", "C", "pv:ParticipantObservation", None, "project:case-c", "2020", "2026", None, None, PRESENTATION),
        ("case:D", "D", "pv:NonParticipantObservation", None, "project:case-d", "2018", None, None, None, PRESENTATION),
        ("ex:case-exemple", "EX", "pv:SemiStructuredInterview", "6", "ex:project-ca-exemple-numerique", "2019", "2025",
         "2024", "2025", EX_SOURCE),
        ("ex:case-exemple", "EX", "pv:NonParticipantObservation", "6", "ex:project-ca-exemple-numerique", "2019", "2025",
         "2024", "2025", EX_SOURCE),
    }


def test_case_populations(ask: Runner) -> None:
    """The study's territories have a band and no population; the example's, a census population."""
    assert set(ask("case-populations", "case", "organisation", "population", "populationBand", "populationBandLabel")) == {
        ("case:A", "study:organisation-case-a-ville-centre", None, "pv:PopulationBand100000To199999",
         "de 100 000 à 199 999 habitants"),
        ("case:A", "study:organisation-case-a-epci", None, "pv:PopulationBand200000To499999", "de 200 000 à 499 999 habitants"),
        ("case:B", "study:organisation-case-b-ville-centre", None, "pv:PopulationBand100000To199999",
         "de 100 000 à 199 999 habitants"),
        ("case:B", "study:organisation-case-b-epci", None, "pv:PopulationBand200000To499999", "de 200 000 à 499 999 habitants"),
        ("case:C", "study:organisation-case-c-ville", None, "pv:PopulationBand20000To49999", "de 20 000 à 49 999 habitants"),
        ("case:C", "study:organisation-case-c-epci", None, "pv:PopulationBand200000To499999", "de 200 000 à 499 999 habitants"),
        ("case:D", "study:organisation-case-d-departement", None, "pv:PopulationBand500000To999999",
         "de 500 000 à 999 999 habitants"),
        ("case:D", "study:organisation-case-d-syndicat-mixte", None, None, None),
        ("ex:case-exemple", "ex:organisation-ca-exemple", "120000", None, None),
    }


def test_difficulties_and_their_answers(ask: Runner) -> None:
    assert set(ask("difficulties-responses", "difficulty", "answer", "answerScheme", "response", "project")) == {
        ("pv:ProjectPhasing", "pv:FinancialResources", "pv:SteeringLeverScheme", "ex:response-syndicat-phasage",
         "ex:project-syndicat-fibre"),
        ("pv:AvailableResources", "pv:HumanResources", "pv:SteeringLeverScheme", "ex:response-ca-ressources",
         "ex:project-ca-exemple-numerique"),
        ("pv:AvailableResources", "pv:OpennessFromInitiation", "pv:RecommendationScheme", "ex:response-ca-ressources",
         "ex:project-ca-exemple-numerique"),
        ("pv:NetworkGovernance", "pv:PublicValueChainLeadership", "pv:RecommendationScheme",
         "ex:response-alliance-gouvernance", "ex:project-alliance-territoire-intelligent"),
    }


def test_the_study_alone_answers_no_difficulty(queries: dict[str, NamedQuery]) -> None:
    """The presentation links no lever or recommendation to a difficulty: nothing is asserted."""
    store = load_plain((("ontology", "ontology"), ("data/study", "study")))
    result = store.query(queries["difficulties-responses"].sparql(), use_default_graph_as_union=True)
    rows = {(short(s["difficulty"]), short(s["answer"])) for s in result}
    assert rows == {("pv:ProjectPhasing", None), ("pv:AvailableResources", None), ("pv:NetworkGovernance", None)}


def test_context_factors(ask: Runner) -> None:
    # the context factors come from the presentation's introduction: no study reports them as findings
    assert set(ask("context-factors", "factor", "source", "project")) == {
        ("pv:PlanFranceTresHautDebit", PRESENTATION, "ex:project-syndicat-fibre"),
        ("pv:RegulatoryConstraints", PRESENTATION, "ex:project-syndicat-fibre"),
        ("pv:FinancialPressuresAndIncentives", PRESENTATION,
         "ex:project-ca-exemple-numerique"),
        ("pv:PoliticalCityAlgorithmicCityConflict", PRESENTATION,
         "ex:project-alliance-territoire-intelligent"),
        ("pv:SurveillanceCapitalismShift", PRESENTATION, None),
    }


def test_action_types(ask: Runner) -> None:
    assert set(ask("action-types", "actionType", "action", "project")) == {
        ("pv:TechnologyPlatformDeployment", "ex:action-ca-budget-participatif", "ex:project-ca-exemple-numerique"),
        ("pv:TechnologyPlatformDeployment", "ex:action-alliance-jumeau-numerique", "ex:project-alliance-territoire-intelligent"),
        ("pv:TechnologyPlatformDeployment", "ex:action-syndicat-deploiement-fibre", "ex:project-syndicat-fibre"),
        ("pv:TechnologyPlatformDeployment", "ex:action-bourg-reseau-entraide", "ex:project-bourg-augmente"),
        ("pv:DataStrategy", "ex:action-ca-strategie-donnees", "ex:project-ca-exemple-numerique"),
        ("pv:OrganisationalTransformation", "ex:action-ca-formation-agents", "ex:project-ca-exemple-numerique"),
        ("pv:ChangeManagementAndCommunication", "ex:action-ca-enquete-satisfaction", "ex:project-ca-exemple-numerique"),
        ("pv:ChangeManagementAndCommunication", "ex:action-alliance-hackathon", "ex:project-alliance-territoire-intelligent"),
        ("pv:ChangeManagementAndCommunication", "ex:action-alliance-budget-quartier",
         "ex:project-alliance-territoire-intelligent"),
        ("pv:ChangeManagementAndCommunication", "ex:action-syndicat-consultation", "ex:project-syndicat-fibre"),
        ("pv:ChangeManagementAndCommunication", "ex:action-bourg-budget-participatif", "ex:project-bourg-augmente"),
        ("pv:ChangeManagementAndCommunication", "ex:action-vallees-conseil-citoyen", "ex:project-vallees-connectees"),
        ("pv:ChangeManagementAndCommunication", "ex:action-guichet-comite-usagers", "ex:project-guichet-partage"),
    }
    assert {label for (label,) in ask("action-types", "actionTypeLabel")} == {
        "déploiement des socles technologiques et des outils",
        "définition et mise en œuvre de stratégies « datas »",
        "transformation des organisations",
        "accompagnement au changement et communication",
    }


def test_labels_claimed(ask: Runner) -> None:
    assert set(ask("labels-claimed", "label", "labelName", "project")) == {
        ("pv:LabelDigitalTerritory", "territoire numérique", None),
        ("pv:LabelConnectedTerritory", "territoire connecté", "ex:project-syndicat-fibre"),
        ("pv:LabelSmartTerritory", "smart territoire", "ex:project-ca-exemple-numerique"),
        ("pv:LabelIntelligentTerritory", "territoire intelligent", "ex:project-alliance-territoire-intelligent"),
        ("pv:LabelServiceTerritory", "territoire serviciel", "ex:project-ca-exemple-numerique"),
        ("pv:LabelSmartCity", "smart city", None),
        ("pv:LabelAugmentedTerritory", "territoire augmenté", "ex:project-bourg-augmente"),
    }


def test_projects_involving_a_departement(ask: Runner) -> None:
    assert set(ask("projects-involving-departement", "project", "leader", "departement", "role")) == {
        ("project:case-d", "study:organisation-case-d-syndicat-mixte", "study:organisation-case-d-departement",
         "pv:MemberRole"),
        ("ex:project-syndicat-fibre", "ex:organisation-syndicat-numerique-fictif", "ex:organisation-departement-fictif",
         "pv:LeadMemberRole"),
    }


ALL_VALUE_TYPES = {"pv:IdeologicalValue", "pv:StewardshipValue", "pv:EconomicValue", "pv:PoliticalValue",
                   "pv:SocialValue", "pv:StrategicValue", "pv:QualityOfLifeValue"}


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        # statements about its actions: political and strategic value
        (None, ALL_VALUE_TYPES - {"pv:PoliticalValue", "pv:StrategicValue"}),
        # no statement about any action of the project: no answer, not "every value type"
        ("https://w3id.org/pvgraph/id/project/case-a", set()),
        ("https://w3id.org/pvgraph/id/example/project-syndicat-fibre",
         ALL_VALUE_TYPES - {"pv:EconomicValue", "pv:PoliticalValue"}),
        ("https://w3id.org/pvgraph/id/example/project-bourg-augmente", ALL_VALUE_TYPES - {"pv:PoliticalValue"}),
        ("https://w3id.org/pvgraph/id/example/project-alliance-territoire-intelligent",
         ALL_VALUE_TYPES - {"pv:StrategicValue", "pv:PoliticalValue"}),
    ],
    ids=["default", "case-a", "syndicat", "bourg", "alliance"],
)
def test_value_types_no_action_of_a_project_creates(ask: Runner, project: str | None, expected: set) -> None:
    params = {"project": project} if project else {}
    assert {v for (v,) in ask("value-types-not-created", "valueType", **params)} == expected


CONCEPT_SOURCES = {
    # scheme: (its concepts, their source (dct:source), the work the presentation credits them to)
    "pv:ActionTypeScheme": ({"pv:TechnologyPlatformDeployment", "pv:DataStrategy", "pv:OrganisationalTransformation",
                             "pv:ChangeManagementAndCommunication"}, "src:presentation", "src:frucquet-2021"),
    "pv:ObjectiveCharacteristicScheme": ({"pv:AdaptedToContext", "pv:MultiDimensional", "pv:BrokenDownIntoUseCases"},
                                         "src:presentation", "src:frucquet-2021"),
    "pv:ContextFactorScheme": ({"pv:PlanFranceTresHautDebit", "pv:RegulatoryConstraints",
                                "pv:FinancialPressuresAndIncentives", "pv:PoliticalCityAlgorithmicCityConflict",
                                "pv:SurveillanceCapitalismShift"}, "src:presentation", None),
    "pv:DifficultyScheme": ({"pv:ProjectPhasing", "pv:AvailableResources", "pv:NetworkGovernance"},
                            "src:presentation", None),
    "pv:DigitalTerritoryLabelScheme": ({"pv:LabelDigitalTerritory", "pv:LabelConnectedTerritory",
                                        "pv:LabelSmartTerritory", "pv:LabelIntelligentTerritory",
                                        "pv:LabelServiceTerritory", "pv:LabelSmartCity",
                                        "pv:LabelAugmentedTerritory"}, "src:presentation", None),
    "pv:FieldworkMethodScheme": ({"pv:SemiStructuredInterview", "pv:Observation", "pv:ParticipantObservation",
                                  "pv:NonParticipantObservation"}, "src:presentation", None),
    "pv:InitiativeKindScheme": ({"pv:DigitalTwin", "pv:SatisfactionMeasurementTool", "pv:OpticalFibre",
                                 "pv:ParticipatoryBudget", "pv:SolidaritySocialNetwork", "pv:Hackathon",
                                 "pv:CivicTech"}, "src:presentation", None),
    "pv:LegalCategoryScheme": ({f"pv:LegalCategory{code}" for code in
                                ("7210", "7220", "7229", "7230", "7343", "7344", "7346", "7348", "7354", "7355")},
                               "src:insee-legal-categories", None),
    "pv:SteeringLeverScheme": ({"pv:FinancialResources", "pv:HumanResources", "pv:OrganisationalPerformance",
                                "pv:InformationSystems"}, "src:presentation", "src:carassus-2020"),
    "pv:StrategicTriangleScheme": ({"pv:AuthorizingEnvironment", "pv:OperationalCapacity",
                                    "pv:PublicValueProposition"}, "src:presentation", "src:moore-1995"),
    # the presentation's types, credited to Harrison et al. (2012); Cresswell et al. (2006), whom pvgraph
    # quotes for six definitions, is the definitions' source (pv:definitionSource), not the concepts'
    "pv:PublicValueTypeScheme": (ALL_VALUE_TYPES, "src:presentation", "src:harrison-2012"),
}


def test_source_of_every_concept(ask: Runner) -> None:
    """What pvgraph took each concept from, and, apart, the work the presentation credits it to."""
    expected: set[tuple[str, str, str | None, str | None]] = set()
    for scheme, (concepts, source, credited) in CONCEPT_SOURCES.items():
        expected |= {(scheme, c, source, credited) for c in concepts}
    expected |= {("pv:RecommendationScheme", r, "src:presentation", None) for r in
                 ("pv:DesignDigitalUsesPolicies", "pv:DialogueOnEqualFooting", "pv:ProactiveOpenGovernance",
                  "pv:OpennessFromInitiation")}
    expected.add(("pv:RecommendationScheme", "pv:PublicValueChainLeadership", "src:presentation", "src:walravens-2015"))
    expected |= {("pv:MembershipRoleScheme", "pv:CentralCityRole", "src:presentation", None),
                 # roles pvgraph adds on its own: pvgraph is their source
                 ("pv:MembershipRoleScheme", "pv:MemberRole", "src:pvgraph", None),
                 ("pv:MembershipRoleScheme", "pv:LeadMemberRole", "src:pvgraph", None)}
    # population bands: INSEE's size classes of urban units, and pvgraph's below and above them
    insee_bands = {"pv:PopulationBand2000To4999", "pv:PopulationBand5000To9999", "pv:PopulationBand10000To19999",
                   "pv:PopulationBand20000To49999", "pv:PopulationBand50000To99999", "pv:PopulationBand100000To199999"}
    pvgraph_bands = {"pv:PopulationBand0To1999", "pv:PopulationBand200000To499999", "pv:PopulationBand500000To999999",
                     "pv:PopulationBand1000000To1999999", "pv:PopulationBand2000000AndMore"}
    expected |= {("pv:PopulationBandScheme", b, "src:insee-unites-urbaines", None) for b in insee_bands}
    expected |= {("pv:PopulationBandScheme", b, "src:pvgraph", None) for b in pvgraph_bands}
    assert set(ask("concept-sources", "scheme", "concept", "source", "creditedTo")) == expected


def test_project_leaders(ask: Runner) -> None:
    assert set(ask("project-leaders", "project", "leader", "leaderKind", "startYear", "endYear")) == {
        ("project:case-a", "study:alliance-case-a", "pv:TerritorialAlliance", "2018", "2032"),
        ("project:case-b", "study:organisation-case-b-ville-centre", "pv:Commune", "2014", "2026"),
        ("project:case-c", "study:organisation-case-c-ville", "pv:Commune", "2020", "2026"),
        ("project:case-d", "study:organisation-case-d-syndicat-mixte", "pv:SyndicatMixteOuvert", "2018", None),
        ("project:case-d", "study:organisation-case-d-syndicat-mixte", "pv:TerritorialAlliance", "2018", None),
        ("ex:project-ca-exemple-numerique", "ex:organisation-ca-exemple", "pv:CommunauteDAgglomeration", "2019", "2025"),
        ("ex:project-alliance-territoire-intelligent", "ex:alliance-exemple", "pv:TerritorialAlliance", "2021", "2023"),
        ("ex:project-syndicat-fibre", "ex:organisation-syndicat-numerique-fictif", "pv:SyndicatMixteOuvert", "2016", None),
        ("ex:project-bourg-augmente", "ex:organisation-bourg-fictif", "pv:Commune", "2023", "2027"),
        ("ex:project-vallees-connectees", "ex:alliance-vallees", "pv:TerritorialAlliance", "2023", "2026"),
        ("ex:project-guichet-partage", "ex:alliance-agglo-exemple", "pv:TerritorialAlliance", "2021", "2024"),
    }


def test_objectives_use_cases_and_actions(ask: Runner) -> None:
    rows = ask("objectives-use-cases", "objective", "project", "useCase", "action", "characteristics")
    got = {(o, p, u, a, frozenset(c.split(" ; "))) for o, p, u, a, c in rows}
    all_three = frozenset({"adapté au contexte", "multidimensionnel", "décliné sous forme de cas d'usage"})
    assert got == {
        ("ex:objective-ca-participation", "ex:project-ca-exemple-numerique", "ex:use-case-vote-en-ligne",
         "ex:action-ca-budget-participatif", all_three),
        ("ex:objective-ca-participation", "ex:project-ca-exemple-numerique", "ex:use-case-retour-usagers",
         "ex:action-ca-enquete-satisfaction", all_three),
        ("ex:objective-syndicat-couverture", "ex:project-syndicat-fibre", "ex:use-case-teletravail",
         "ex:action-syndicat-deploiement-fibre", frozenset({"adapté au contexte"})),
    }


def test_policies_dialogue(ask: Runner) -> None:
    assert set(ask("policies-dialogue", "digitalPolicy", "otherPolicy", "otherKind", "conductedBy")) == {
        ("ex:policy-ca-usages-numeriques", "ex:policy-ca-mobilite", "pv:OtherLocalPolicy", "ex:organisation-ca-exemple"),
        ("ex:policy-ca-usages-numeriques", "ex:policy-ca-cohesion-sociale", "pv:OtherLocalPolicy",
         "ex:organisation-ca-exemple"),
    }


def test_steering_levers(ask: Runner) -> None:
    assert set(ask("steering-levers", "lever", "leverLabel", "difficulty", "project")) == {
        ("pv:FinancialResources", "ressources financières", "pv:ProjectPhasing", "ex:project-syndicat-fibre"),
        ("pv:HumanResources", "ressources humaines", "pv:AvailableResources", "ex:project-ca-exemple-numerique"),
        ("pv:OrganisationalPerformance", "performance organisationnelle", None, None),
        ("pv:InformationSystems", "systèmes d'information", None, None),
    }


def test_strategic_triangle(ask: Runner) -> None:
    assert set(ask("strategic-triangle", "dimension", "dimensionLabel", "assessment", "project")) == {
        ("pv:AuthorizingEnvironment", "environnement de soutien et de légitimité", "ex:assessment-ca-soutien",
         "ex:project-ca-exemple-numerique"),
        ("pv:OperationalCapacity", "capacités opérationnelles", None, None),
        ("pv:PublicValueProposition", "propositions de valeur publique", None, None),
    }


def test_bibliography(ask: Runner) -> None:
    assert set(ask("bibliography", "reference", "year", "doi")) == {
        ("src:moore-1995", "1995", None),
        # one entry for "Harrison et al., 2012"; its DOI is pvgraph's identification (pv:identifiedBy)
        ("src:harrison-2012", "2012", "10.3233/IP-2012-0269"),
        ("src:carassus-2020", "2020", None),
        ("src:frucquet-2021", "2021", None),
        ("src:walravens-2015", "2015", None),
    }
    # as the presentation cites them; a DOI is pvgraph's identification, and says so
    assert set(ask("bibliography", "reference", "citedAs", "identifiedBy")) == {
        ("src:moore-1995", "Moore, 1995", "src:pvgraph"),
        ("src:harrison-2012", "Harrison et al., 2012", "src:pvgraph"),
        ("src:carassus-2020", "Carassus, 2020", None),
        ("src:frucquet-2021", "Frucquet et al. (2021)", None),
        ("src:walravens-2015", "Walravens, 2015", None),
    }


def test_query_files_use_only_https_w3id_terms() -> None:
    """No stray namespace: every pv term in the queries is written with the project's namespace."""
    for path in sorted((REPO / "ontology" / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        assert "PREFIX pv:   <https://w3id.org/pvgraph/ontology#>" in text or "pv:" not in text, path.name


@pytest.mark.parametrize("width", [80, 120])
def test_the_readme_first_answer_reads_well_in_a_terminal(built_store, queries: dict[str, NamedQuery],
                                                          width: int) -> None:
    """`pvgraph query political-value-epci-led`, the README's first example: labels first, IRIs
    compacted, no line wider than the terminal."""
    from pvgraph.sparql import render_table
    from pvgraph.text_table import query_prefixes

    text = queries["political-value-epci-led"].sparql()
    table = render_table(built_store.query(text), width=width, prefixes=query_prefixes(text))
    lines = table.splitlines()
    assert all(len(line) <= width for line in lines), table
    assert lines[0].split()[0] == "actionLabel"
    assert "Budget partici" in table and "https://w3id.org/pvgraph/id/" not in "\n".join(lines[:4])
