"""The parts of the graph that pvgraph publishes, each one a DCAT dataset with its own dumps.

Why a table: the dumps, the catalogue, VoID and the home page's schema.org markup must agree on
what is published, under which licence and with which attribution. One declaration here, read
by all of them. Human-facing text is French first, English second.
"""

from __future__ import annotations

from dataclasses import dataclass

import pvgraph.namespaces as ns
from pvgraph.namespaces import (
    EXAMPLES_GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    REFERENTIAL_GRAPH,
    SHAPES_GRAPH,
    STUDY_GRAPH,
)

LICENCE_OUVERTE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
"""Licence Ouverte / Open Licence 2.0 (Etalab): the URL data.gouv.fr knows this licence by."""

DATA_THEME = str(ns.DATA_THEME)
FREQUENCY = str(ns.FREQUENCY)
FREQUENCY_LABELS: dict[str, tuple[str, str]] = {
    "IRREG": ("irrégulière", "irregular"),
    "ANNUAL": ("annuelle", "annual"),
}
THEME_LABELS: dict[str, tuple[str, str]] = {
    "GOVE": ("Gouvernement et secteur public", "Government and public sector"),
    "REGI": ("Régions et villes", "Regions and cities"),
    "TECH": ("Science et technologie", "Science and technology"),
    "SOCI": ("Population et société", "Population and society"),
}

STUDY_SOURCE = f"{ns.ID}source/presentation"
"""The presentation the study's statements come from (every study statement cites it)."""

SKOS = str(ns.SKOS)
CONCEPT_CLASSES = (SKOS + "ConceptScheme", SKOS + "Concept")
CONCEPT_LINKS = (SKOS + "inScheme", SKOS + "topConceptOf")


@dataclass(frozen=True)
class Part:
    """One published dataset: which graph(s) it takes its triples from, and how it is described."""

    key: str
    graphs: tuple[str, ...]
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    themes: tuple[str, ...]
    keywords_fr: tuple[str, ...]
    rights_fr: str
    rights_en: str
    concept_schemes_only: bool = False  # a view: the SKOS schemes of the ontology graph
    temporal: tuple[str, str] | None = None  # (start, end) xsd:date of what the data describes
    frequency: str = "IRREG"
    """How often it changes (EU frequency code): the project's parts change when the study, the
    ontology or the examples do, at no fixed rhythm; the referential with each yearly vintage."""

    @property
    def licence(self) -> str:
        """Every part is under Licence Ouverte 2.0; attribution differs (``rights_*``)."""
        return LICENCE_OUVERTE


_OWN_RIGHTS_FR = "Licence Ouverte 2.0 (Etalab). Mention : « pvgraph », avec la date de mise à jour."
_OWN_RIGHTS_EN = "Open Licence 2.0 (Etalab). Attribution: “pvgraph”, with the date of the last update."

PARTS: tuple[Part, ...] = (
    Part(
        "ontology", (str(ONTOLOGY_GRAPH),),
        "pvgraph — ontologie", "pvgraph — ontology",
        "L'ontologie OWL de pvgraph : territoires, organisations, politiques numériques, projets et "
        "valeur publique, avec ses alignements (ORG, CPOV, INSEE, PROV-O) et ses schémas de concepts.",
        "The pvgraph OWL ontology: territories, organisations, digital policies, projects and public "
        "value, with its alignments (ORG, CPOV, INSEE, PROV-O) and its concept schemes.",
        ("GOVE", "TECH"), ("ontologie", "valeur publique", "territoire numérique"),
        _OWN_RIGHTS_FR, _OWN_RIGHTS_EN,
    ),
    Part(
        "concept-schemes", (str(ONTOLOGY_GRAPH),),
        "pvgraph — schémas de concepts", "pvgraph — concept schemes",
        "Les schémas de concepts SKOS de pvgraph (types de valeur publique, rôles, catégories…), "
        "extraits de l'ontologie.",
        "The SKOS concept schemes of pvgraph (types of public value, roles, categories…), taken "
        "from the ontology.",
        ("GOVE",), ("vocabulaire", "SKOS", "valeur publique"),
        _OWN_RIGHTS_FR, _OWN_RIGHTS_EN, concept_schemes_only=True,
    ),
    Part(
        "shapes", (str(SHAPES_GRAPH),),
        "pvgraph — formes SHACL", "pvgraph — SHACL shapes",
        "Les formes SHACL qui disent à quoi doivent ressembler les données versées dans pvgraph.",
        "The SHACL shapes that say what data submitted to pvgraph must look like.",
        ("GOVE", "TECH"), ("SHACL", "validation", "qualité des données"),
        _OWN_RIGHTS_FR, _OWN_RIGHTS_EN,
    ),
    Part(
        "study", (str(STUDY_GRAPH),),
        "pvgraph — données de l'étude", "pvgraph — study data",
        "Les quatre cas anonymisés (A à D) de l'étude sur la création de valeur publique par les "
        "politiques numériques des territoires, chaque énoncé citant la présentation source.",
        "The four anonymised cases (A to D) of the study of how territories create public value "
        "with digital policies; every statement cites the source presentation.",
        ("GOVE", "REGI"), ("valeur publique", "politique numérique", "collectivités territoriales"),
        "Licence Ouverte 2.0 (Etalab). Mention : « pvgraph, d'après la présentation source de "
        "l'étude (" + STUDY_SOURCE + ") », avec la date de mise à jour.",
        "Open Licence 2.0 (Etalab). Attribution: “pvgraph, after the study's source presentation ("
        + STUDY_SOURCE + ")”, with the date of the last update.",
    ),
    Part(
        "referential", (str(REFERENTIAL_GRAPH),),
        "pvgraph — référentiel territorial", "pvgraph — territorial referential",
        "Communes, EPCI à fiscalité propre, départements et régions de France, avec leurs codes "
        "INSEE, SIREN, populations et appartenances (millésime 2026).",
        "French communes, EPCI, départements and régions, with their INSEE codes, SIREN, "
        "populations and memberships (2026 vintage).",
        ("REGI", "GOVE", "SOCI"), ("commune", "EPCI", "code officiel géographique", "SIREN"),
        "Licence Ouverte 2.0 (Etalab). Source : INSEE (Code officiel géographique, populations "
        "de référence), DGCL (liste des EPCI à fiscalité propre), via @etalab/decoupage-administratif.",
        "Open Licence 2.0 (Etalab). Source: INSEE (official geographic code, reference "
        "populations), DGCL (list of EPCI), via @etalab/decoupage-administratif.",
        temporal=("2026-01-01", "2026-12-31"),  # the 2026 vintage (COG at 1 January 2026)
        frequency="ANNUAL",
    ),
    Part(
        "examples", (str(EXAMPLES_GRAPH),),
        "pvgraph — exemples illustratifs (fictifs)", "pvgraph — illustrative examples (fictional)",
        "Données fictives qui illustrent l'usage de l'ontologie ; elles ne décrivent aucun "
        "territoire réel et ne font pas partie des résultats de l'étude.",
        "Fictional data illustrating how to use the ontology; they describe no real territory and "
        "are not part of the study's findings.",
        ("GOVE",), ("exemple", "données fictives"),
        _OWN_RIGHTS_FR, _OWN_RIGHTS_EN,
    ),
    Part(
        "inferred", (str(INFERRED_GRAPH),),
        "pvgraph — triplets inférés", "pvgraph — inferred triples",
        "Les triplets déduits des données par le raisonnement (OWL 2 RL) sur l'ontologie, "
        "publiés à part des triplets affirmés.",
        "The triples inferred from the data by reasoning (OWL 2 RL) over the ontology, published "
        "apart from the asserted triples.",
        ("GOVE", "TECH"), ("inférence", "raisonnement"),
        _OWN_RIGHTS_FR, _OWN_RIGHTS_EN,
    ),
)

WHOLE = Part(
    "pvgraph",
    tuple(g for p in PARTS if p.key not in ("inferred", "concept-schemes") for g in p.graphs),
    "pvgraph — graphe complet", "pvgraph — whole graph",
    "Le graphe de connaissances pvgraph en entier (ontologie, formes, étude, référentiel, "
    "exemples), un graphe nommé par partie ; les triplets inférés sont publiés à part.",
    "The whole pvgraph knowledge graph (ontology, shapes, study, referential, examples), one named "
    "graph per part; the inferred triples are published apart.",
    ("GOVE", "REGI"), ("valeur publique", "territoire numérique", "données liées"),
    "Licence Ouverte 2.0 (Etalab). Mentions : celles de chaque partie (étude : présentation source ; "
    "référentiel : INSEE, DGCL).",
    "Open Licence 2.0 (Etalab). Attribution: that of each part (study: the source presentation; "
    "referential: INSEE, DGCL).",
)
"""The whole asserted graph (the N-Quads and TriG dumps)."""


def part(key: str) -> Part:
    """The part with this key (the whole graph is ``"pvgraph"``)."""
    for candidate in (*PARTS, WHOLE):
        if candidate.key == key:
            return candidate
    raise KeyError(key)
