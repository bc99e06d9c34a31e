"""Coverage of the source document: each item of the ten sections listed in the seed's README
(shared/seed/README.md) is in the graph, with the presentation as its source (dct:source) and, where
the presentation credits it to a cited work, that work (pv:creditedTo).

Each item is a SPARQL ASK over the ontology and the study (no examples, nothing inferred), and again
over the graph built by the pipeline.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from .helpers import load_plain, presentation_figures

PREFIXES = """
PREFIX pv:    <https://w3id.org/pvgraph/ontology#>
PREFIX rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd:   <http://www.w3.org/2001/XMLSchema#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX dct:   <http://purl.org/dc/terms/>
PREFIX org:   <http://www.w3.org/ns/org#>
PREFIX bibo:  <http://purl.org/ontology/bibo/>
PREFIX study: <https://w3id.org/pvgraph/id/study/>
PREFIX case:  <https://w3id.org/pvgraph/id/case/>
PREFIX project: <https://w3id.org/pvgraph/id/project/>
PREFIX src:   <https://w3id.org/pvgraph/id/source/>
"""

STUDY = "study:territoires-numeriques"


def concept(iri: str, scheme: str, label: str, *credited: str, finding: str | None = None) -> str:
    """A concept of a scheme whose French label contains ``label``, taken from the presentation
    (dct:source), credited by it to the given works (pv:creditedTo), and, when given, reported by the
    study with ``finding``."""
    extra = "".join(f" {iri} pv:creditedTo {s} ." for s in credited)
    reported = f" {STUDY} {finding} {iri} ." if finding else ""
    return (f"{iri} skos:inScheme {scheme} ; skos:prefLabel ?l ; dct:source src:presentation ."
            f' FILTER (LANG(?l) = "fr" && CONTAINS(LCASE(STR(?l)), "{label}")){extra}{reported}')


def definition(iri: str, text: str) -> str:
    return f'{iri} skos:definition ?d . FILTER (LANG(?d) = "fr" && CONTAINS(STR(?d), "{text}"))'


def population(territory: str, figure: int) -> str:
    """An anonymised territory whose population band holds the presentation's figure. The graph
    gives the band (pv:populationBand, bounds pv:populationMin/pv:populationMax), never the figure:
    it is disclosure control (docs/conventions.md, "Figures of the anonymised cases"); the figure
    is the presentation's (test_the_figures_are_the_presentations reads it there), and the territory
    cites the presentation. No census pv:population either."""
    return (f"study:{territory} a pv:AnonymisedTerritory ; pv:populationBand ?band ; dct:source src:presentation ."
            " ?band skos:inScheme pv:PopulationBandScheme ; pv:populationMin ?min . OPTIONAL { ?band pv:populationMax ?max }"
            f" FILTER ({figure} >= ?min && (!BOUND(?max) || {figure} <= ?max))"
            f" FILTER NOT EXISTS {{ study:{territory} pv:population ?any }}")


# The presentation's population figures, per case (its slide on the four cases): the graph holds the
# band of each (ITEMS below), and test_the_figures_are_the_presentations finds each in the source text.
FIGURES = {"A": (150000, 300000), "B": (110000, 275000), "C": (25000, 310000), "D": (680000,)}


def period(project: str, start: int, end: int | None) -> str:
    end_part = (f" ?period pv:endYear ?e . FILTER (STR(?e) = '{end}')" if end
                else " FILTER NOT EXISTS { ?period pv:endYear ?e }")
    return (f"project:{project} pv:period ?period ; dct:source src:presentation ."
            f" ?period pv:startYear ?s ; dct:source src:presentation . FILTER (STR(?s) = '{start}'){end_part}")


def member(who: str, of: str, role: str) -> str:
    return (f"?m org:member study:{who} ; org:organization study:{of} ; org:role {role} ; dct:source src:presentation .")


def value_type(iri: str, label: str, kind: str, kind_label: str) -> str:
    """A value type credited to Harrison et al. (2012), with the presentation's example as an
    illustration (skos:example), never as a value-creation statement."""
    return (concept(iri, "pv:PublicValueTypeScheme", label, "src:harrison-2012")
            + f" {iri} skos:example {kind} . FILTER NOT EXISTS {{ ?s pv:createdValueType {iri} ; dct:source src:presentation }}"
            + f' {kind} skos:prefLabel ?k . FILTER (LANG(?k) = "fr" && CONTAINS(LCASE(STR(?k)), "{kind_label}"))')


ITEMS: dict[str, str] = {
    # 1. labels for digital territories
    # (from the introduction: presented, not reported as findings of the cases)
    **{f"1-label-{label}": concept(iri, "pv:DigitalTerritoryLabelScheme", label)
       for iri, label in [("pv:LabelDigitalTerritory", "territoire numérique"),
                          ("pv:LabelConnectedTerritory", "territoire connecté"),
                          ("pv:LabelSmartTerritory", "smart territoire"),
                          ("pv:LabelIntelligentTerritory", "territoire intelligent"),
                          ("pv:LabelServiceTerritory", "territoire serviciel"),
                          ("pv:LabelSmartCity", "smart city"),
                          ("pv:LabelAugmentedTerritory", "territoire augmenté")]},
    # 2. context
    **{f"2-context-{label}": concept(iri, "pv:ContextFactorScheme", label)
       for iri, label in [("pv:PlanFranceTresHautDebit", "plan france très haut débit"),
                          ("pv:RegulatoryConstraints", "contraintes réglementaires"),
                          ("pv:FinancialPressuresAndIncentives", "pressions et incitations financières"),
                          ("pv:PoliticalCityAlgorithmicCityConflict", "« cité politique » et « ville algorithmique »"),
                          ("pv:SurveillanceCapitalismShift", "capitalisme de surveillance")]},
    "2-context-second-term-left-open": "pv:SurveillanceCapitalismShift pv:leftOpen ?open .",
    # 3. Moore's strategic triangle
    "3-moore-1995": "src:moore-1995 a bibo:Book ; dct:issued ?y . FILTER (STR(?y) = '1995')"
                    f" {STUDY} pv:usesFramework pv:StrategicTriangleScheme .",
    **{f"3-triangle-{label}": concept(iri, "pv:StrategicTriangleScheme", label, "src:moore-1995")
       for iri, label in [("pv:AuthorizingEnvironment", "environnement de soutien et de légitimité"),
                          ("pv:OperationalCapacity", "capacités opérationnelles"),
                          ("pv:PublicValueProposition", "propositions de valeur publique")]},
    # 4. Harrison et al.'s public value types, each with the presentation's example
    "4-harrison-2012": "src:harrison-2012 pv:citedAs 'Harrison et al., 2012' ; pv:identifiedBy src:pvgraph ."
                       f" {STUDY} pv:usesFramework pv:PublicValueTypeScheme .",
    "4-ideological": value_type("pv:IdeologicalValue", "idéologique", "pv:DigitalTwin", "jumeau"),
    "4-stewardship": value_type("pv:StewardshipValue", "intendance", "pv:SatisfactionMeasurementTool",
                                "mesure de la satisfaction"),
    "4-economic": value_type("pv:EconomicValue", "économique", "pv:OpticalFibre", "fibre optique"),
    "4-political": value_type("pv:PoliticalValue", "politique", "pv:ParticipatoryBudget", "budget participatif"),
    "4-social": value_type("pv:SocialValue", "sociale", "pv:SolidaritySocialNetwork", "solidarité"),
    "4-strategic": value_type("pv:StrategicValue", "stratégique", "pv:Hackathon", "hackathon"),
    "4-quality-of-life": value_type("pv:QualityOfLifeValue", "qualité de vie", "pv:CivicTech", "civic tech"),
    # 5. Carassus's steering framework
    "5-carassus-2020": f"src:carassus-2020 dct:issued ?y . FILTER (STR(?y) = '2020') {STUDY} pv:usesFramework pv:SteeringLeverScheme .",
    **{f"5-lever-{label}": concept(iri, "pv:SteeringLeverScheme", label, "src:carassus-2020")
       for iri, label in [("pv:FinancialResources", "ressources financières"),
                          ("pv:HumanResources", "ressources humaines"),
                          ("pv:OrganisationalPerformance", "performance organisationnelle"),
                          ("pv:InformationSystems", "systèmes d'information")]},
    # 6. the four case studies
    # "(2021 – 2023)": printed next to the cases, what it dates left open (not the study's pv:period)
    "6-four-cases-2021-2023": f"{{ SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {STUDY} pv:hasCaseStudy ?c }} }} FILTER (?n = 4)"
                              f" {STUDY} pv:associatedPeriod ?p ; dct:source src:presentation . ?p pv:startYear ?s ; pv:endYear ?e ;"
                              " pv:leftOpen ?open . FILTER (STR(?s) = '2021' && STR(?e) = '2023')"
                              f" FILTER NOT EXISTS {{ {STUDY} pv:period ?any }}",
    "6-alliances-territoriales": f'{STUDY} dct:description ?d . FILTER (CONTAINS(STR(?d), "alliances territoriales"))',
    "6-A-ville-centre-150000": population("territory-case-a-ville-centre", FIGURES["A"][0])
                               + " study:organisation-case-a-ville-centre a pv:Commune ; pv:anonymisedTerritory study:territory-case-a-ville-centre .",
    "6-A-epci-300000": population("territory-case-a-epci", FIGURES["A"][1])
                       + " study:organisation-case-a-epci a pv:EPCI ; pv:anonymisedTerritory study:territory-case-a-epci ; pv:leftOpen ?open ."
                       " FILTER NOT EXISTS { study:organisation-case-a-epci a pv:EPCIAFiscalitePropre }",
    "6-A-ville-centre-of-its-epci": member("organisation-case-a-ville-centre", "organisation-case-a-epci", "pv:CentralCityRole"),
    "6-A-project-of-ville-centre-and-epci": "project:case-a pv:ledBy study:alliance-case-a ; dct:source src:presentation ."
        " study:alliance-case-a a pv:TerritorialAlliance ."
        + member("organisation-case-a-ville-centre", "alliance-case-a", "?r1").replace("?m ", "?m1 ")
        + member("organisation-case-a-epci", "alliance-case-a", "?r2").replace("?m ", "?m2 "),
    "6-A-2018-2032": period("case-a", 2018, 2032),
    "6-A-20-interviews": "case:A pv:usesMethod pv:SemiStructuredInterview ; pv:interviewCount 20 ; pv:studiesProject project:case-a ;"
                         " dct:source src:presentation .",
    "6-B-ville-centre-110000": population("territory-case-b-ville-centre", FIGURES["B"][0]),
    "6-B-epci-275000": population("territory-case-b-epci", FIGURES["B"][1]),
    "6-B-ville-centre-of-its-epci": member("organisation-case-b-ville-centre", "organisation-case-b-epci", "pv:CentralCityRole"),
    "6-B-project-of-ville-centre": "project:case-b pv:ledBy study:organisation-case-b-ville-centre ; dct:source src:presentation .",
    "6-B-2014-2026": period("case-b", 2014, 2026),
    "6-B-10-interviews": "case:B pv:usesMethod pv:SemiStructuredInterview ; pv:interviewCount 10 ; pv:studiesProject project:case-b ;"
                         " dct:source src:presentation .",
    "6-C-studied-town-25000": population("territory-case-c-ville", FIGURES["C"][0]),
    "6-C-epci-310000": population("territory-case-c-epci", FIGURES["C"][1]),
    "6-C-project-of-studied-town": "project:case-c pv:ledBy study:organisation-case-c-ville ; dct:source src:presentation ."
                                   " study:organisation-case-c-ville a pv:Commune .",
    "6-C-2020-2026": period("case-c", 2020, 2026),
    "6-C-participant-observation": "case:C pv:usesMethod pv:ParticipantObservation ; pv:studiesProject project:case-c ;"
                                   " dct:source src:presentation .",
    "6-D-departement-680000": population("territory-case-d-departement", FIGURES["D"][0])
                              + " study:organisation-case-d-departement a pv:Departement .",
    "6-D-project-of-syndicat-mixte": "project:case-d pv:ledBy study:organisation-case-d-syndicat-mixte ; dct:source src:presentation ."
        " study:organisation-case-d-syndicat-mixte a pv:SyndicatMixte , pv:TerritorialAlliance ;"
        " pv:hasMembersOfKind pv:EPCI ; pv:leftOpen ?open ."
        # "ouvert" by law, attributed to the CGCT, not to the presentation
        " ?st rdf:subject study:organisation-case-d-syndicat-mixte ; rdf:predicate rdf:type ; rdf:object pv:SyndicatMixteOuvert ;"
        " dct:source src:cgct-l5721-2 ."
        + member("organisation-case-d-departement", "organisation-case-d-syndicat-mixte", "?r1").replace("?m ", "?m1 "),
    "6-D-since-2018": period("case-d", 2018, None),
    "6-D-non-participant-observation": "case:D pv:usesMethod pv:NonParticipantObservation ; pv:studiesProject project:case-d ;"
                                       " dct:source src:presentation .",
    # 7. digital-uses policies beside the other local policies
    "7-digital-uses-policy": "pv:DigitalUsesPolicy rdfs:subClassOf pv:PublicPolicy ; dct:source src:presentation ;"
                             " rdfs:label 'politique publique des usages numériques'@fr .",
    "7-other-local-policies": "pv:OtherLocalPolicy rdfs:subClassOf pv:PublicPolicy ; dct:source src:presentation ;"
                              " rdfs:label 'autre politique publique locale'@fr . pv:dialoguesWith a ?t .",
    # 8. objectives (three characteristics) and actions and tools (four types), Frucquet et al. (2021)
    **{f"8-objective-{label}": concept(iri, "pv:ObjectiveCharacteristicScheme", label, "src:frucquet-2021")
       for iri, label in [("pv:AdaptedToContext", "adapté au contexte"),
                          ("pv:MultiDimensional", "multidimensionnel"),
                          ("pv:BrokenDownIntoUseCases", "cas d'usage")]},
    **{f"8-action-{label}": concept(iri, "pv:ActionTypeScheme", label, "src:frucquet-2021")
       for iri, label in [("pv:TechnologyPlatformDeployment", "déploiement des socles technologiques et des outils"),
                          ("pv:DataStrategy", "stratégies « datas »"),
                          ("pv:OrganisationalTransformation", "transformation des organisations"),
                          ("pv:ChangeManagementAndCommunication", "accompagnement au changement et communication")]},
    "8-objective-and-use-case-classes": "pv:Objective dct:source src:presentation . pv:UseCase dct:source src:presentation ."
                                        " pv:Tool dct:source src:presentation .",
    # 9. difficulties
    "9-project-phasing": concept("pv:ProjectPhasing", "pv:DifficultyScheme", "phasage des projets",
                                 finding="pv:identifiesDifficulty")
                         + " " + definition("pv:ProjectPhasing", "socle technologique constituent des prérequis"),
    "9-available-resources": concept("pv:AvailableResources", "pv:DifficultyScheme", "ressources disponibles",
                                     finding="pv:identifiesDifficulty")
                             + " " + definition("pv:AvailableResources", "consommatrices de ressources humaines et financières"),
    "9-network-governance": concept("pv:NetworkGovernance", "pv:DifficultyScheme", "gouvernance en réseau",
                                    finding="pv:identifiesDifficulty")
                            + " " + definition("pv:NetworkGovernance", "intérêts parfois contradictoires"),
    # 10. one recommendation, qualified by four clauses (its narrower concepts, not sibling findings)
    "10-design-digital-uses-policies": concept("pv:DesignDigitalUsesPolicies", "pv:RecommendationScheme",
                                               "politiques publiques des usages du numérique",
                                               finding="pv:makesRecommendation")
                                       + " pv:DesignDigitalUsesPolicies a pv:Recommendation ."
                                       + " pv:RecommendationScheme skos:hasTopConcept pv:DesignDigitalUsesPolicies ."
                                       + f" FILTER NOT EXISTS {{ {STUDY} pv:makesRecommendation ?other"
                                       + " FILTER (?other != pv:DesignDigitalUsesPolicies) }",
    "10-dialogue-on-equal-footing": concept("pv:DialogueOnEqualFooting", "pv:RecommendationScheme", "rang égal")
                                    + " pv:DialogueOnEqualFooting a pv:RecommendationClause ;"
                                    + " skos:broader pv:DesignDigitalUsesPolicies .",
    "10-proactive-open-governance": concept("pv:ProactiveOpenGovernance", "pv:RecommendationScheme",
                                            "gouvernance proactive et ouverte")
                                    + " pv:ProactiveOpenGovernance a pv:RecommendationClause ;"
                                    + " skos:broader pv:DesignDigitalUsesPolicies .",
    "10-openness-from-initiation": concept("pv:OpennessFromInitiation", "pv:RecommendationScheme", "ouverture")
                                   + " pv:OpennessFromInitiation a pv:RecommendationClause ;"
                                   + " skos:broader pv:DesignDigitalUsesPolicies ."
                                   + " " + definition("pv:OpennessFromInitiation", "ressources ad hoc"),
    "10-leadership-walravens-2015": concept("pv:PublicValueChainLeadership", "pv:RecommendationScheme",
                                            "leadership de la chaîne de valeur publique")
                                    + " pv:PublicValueChainLeadership a pv:RecommendationClause ;"
                                    + " skos:broader pv:DesignDigitalUsesPolicies ; pv:creditedTo src:walravens-2015 ."
                                    + " " + definition("pv:PublicValueChainLeadership", "limites administratives, les enjeux de pouvoirs et… les égos")
                                    + " src:walravens-2015 dct:issued ?y . FILTER (STR(?y) = '2015')",
    # the presentation itself, citing its references
    "0-presentation-cites-its-references": "src:presentation a bibo:Slideshow ; dct:title ?t ;"
        " dct:references src:moore-1995 , src:harrison-2012 , src:carassus-2020 ,"
        " src:frucquet-2021 , src:walravens-2015 .",
}


@pytest.fixture(scope="module")
def study_store() -> ox.Store:
    return load_plain((("ontology", "ontology"), ("data/study", "study")))


def test_the_ten_sections_are_covered() -> None:
    sections = {int(key.split("-")[0]) for key in ITEMS}
    assert sections == set(range(11))


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_the_study_graph_holds_the_item_with_its_source(item: str, study_store: ox.Store) -> None:
    assert study_store.query(PREFIXES + "ASK { " + ITEMS[item] + " }", use_default_graph_as_union=True), item


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_the_built_graph_holds_the_item(item: str, built_store) -> None:
    assert built_store.query(PREFIXES + "ASK { " + ITEMS[item] + " }").boolean, item


WRONG = {
    "wrong-population": population("territory-case-a-ville-centre", 99999),  # the band below A's
    "wrong-interviews": "case:A pv:interviewCount 21 .",
    "wrong-end-year": period("case-d", 2018, 2030),
    "wrong-start-year": period("case-b", 2015, 2026),
    "wrong-label": concept("pv:LabelSmartCity", "pv:DigitalTerritoryLabelScheme", "smart village"),
    "wrong-source": concept("pv:HumanResources", "pv:SteeringLeverScheme", "ressources humaines", "src:moore-1995"),
    "wrong-role": member("organisation-case-c-ville", "organisation-case-c-epci", "pv:CentralCityRole"),
}


def test_the_figures_are_the_presentations() -> None:
    """Each figure the coverage checks is printed in the presentation, in its case's column, as
    "150 000 habitants": the bands in the graph are checked against the source's own numbers."""
    assert presentation_figures() == FIGURES


@pytest.mark.parametrize("item", sorted(WRONG))
def test_the_checks_can_fail(item: str, study_store: ox.Store) -> None:
    """The ASK templates are not trivially true: a wrong figure, label, source or role is not found."""
    assert not study_store.query(PREFIXES + "ASK { " + WRONG[item] + " }", use_default_graph_as_union=True), item
