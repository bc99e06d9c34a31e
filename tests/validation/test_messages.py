"""What a steward reported (issue 11): one message per cause, a fix built from the value received
and written in the steward's own syntax, unnamed records named through their owner, the lines of
Turtle records, the value types in French, a recommendation for names without a (right) language."""

from __future__ import annotations

import json

import pytest
import rdflib

from pvgraph.formats import rdf_format
from pvgraph.loading import document_from_bytes, parse_document
from pvgraph.settings import Settings
from pvgraph.store import EmbeddedStore
from pvgraph.validation import Schema, ValidationReport, render, validate_graph, validate_parsed

PREFIXES = """@prefix pv: <https://w3id.org/pvgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix sub: <https://w3id.org/pvgraph/id/test/submission/> .
"""
PROJECT = "https://w3id.org/pvgraph/id/test/submission/projet"


def validate(schema: Schema, text: str, referential: EmbeddedStore | None = None,
             lang: str = "fr") -> ValidationReport:
    data = rdflib.Graph().parse(data=PREFIXES + text, format="turtle")
    return validate_graph(data, shapes=schema.shapes, ontology=schema.ontology, referential=referential, lang=lang)


def on(report: ValidationReport, path: str) -> list:
    return [r for r in report.results if r.path_label == path]


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "« Projet » : « Bourg-en-Bresse » (<https://w3id.org/pvgraph/id/territory/commune/01053>), donné pour "
           "pv:ledBy (porteur), est un territoire, pas une organisation ; son organisation est « Bourg-en-Bresse » "
           "(<https://w3id.org/pvgraph/id/organisation/210100533>) : écrivez "
           "pv:ledBy <https://w3id.org/pvgraph/id/organisation/210100533>."),
    ("en", "“Projet”: “Bourg-en-Bresse” (<https://w3id.org/pvgraph/id/territory/commune/01053>), given as "
           "pv:ledBy (leader), is a territory, not an organisation; its organisation is “Bourg-en-Bresse” "
           "(<https://w3id.org/pvgraph/id/organisation/210100533>): write "
           "pv:ledBy <https://w3id.org/pvgraph/id/organisation/210100533>."),
])
def test_a_territory_as_lead_is_not_a_missing_lead(schema: Schema, real_referential: EmbeddedStore,
                                                   lang: str, expected: str) -> None:
    report = validate(schema, """
sub:projet a pv:DigitalTerritoryProject ; rdfs:label "Projet"@fr ; pv:period [ a pv:Period ; pv:startYear "2024"^^xsd:gYear ] ;
    pv:ledBy <https://w3id.org/pvgraph/id/territory/commune/01053> ;
    pv:coversTerritory <https://w3id.org/pvgraph/id/territory/commune/01053> .
""", real_referential, lang)
    assert [r.message for r in report.results] == [expected]


def test_a_territory_as_lead_without_a_known_organisation(schema: Schema) -> None:
    report = validate(schema, """
sub:projet a pv:DigitalTerritoryProject ; rdfs:label "Projet"@fr ; pv:ledBy sub:territoire .
sub:territoire a pv:CommuneTerritory ; rdfs:label "Territoire"@fr .
""")
    (lead,) = on(report, "pv:ledBy")
    assert "est un territoire, pas une organisation" in lead.message
    assert "porteur reconnu" not in lead.message and "nommez l'organisation qui le gouverne" in lead.message


def test_a_value_of_the_wrong_kind_is_not_must_name_exactly_one(schema: Schema) -> None:
    report = validate(schema, """
sub:valeur a pv:ValueCreationStatement ; rdfs:label "Énoncé"@fr ; pv:createdValueType "PoliticalValue" ;
    pv:createdByAction sub:action ; pv:evidence "Entretiens"@fr .
sub:action a pv:Action ; rdfs:label "Action"@fr .
""")
    (kind,) = on(report, "pv:createdValueType")  # one message: not also "not one of the seven"
    assert "exactement un" not in kind.message
    assert kind.message.endswith("Écrivez : pv:createdValueType pv:PoliticalValue.")
    assert kind.fix == "pv:createdValueType pv:PoliticalValue"


@pytest.mark.parametrize(("written", "fix"), [
    ('pv:startYear "2023"', 'pv:startYear "2023"^^xsd:gYear'),
    ('pv:startYear "2023"^^xsd:integer', 'pv:startYear "2023"^^xsd:gYear'),
    ("pv:startYear 2023", 'pv:startYear "2023"^^xsd:gYear'),
])
def test_the_fix_is_built_from_the_value_received(schema: Schema, written: str, fix: str) -> None:
    report = validate(schema, f"""
sub:projet a pv:DigitalTerritoryProject ; rdfs:label "Projet"@fr ; pv:ledBy sub:o ; pv:coversTerritory sub:t ;
    pv:period [ a pv:Period ; {written} ] .
""")
    (year,) = [r for r in on(report, "pv:startYear") if r.severity.label == "Violation"]
    assert year.fix == fix and f"Écrivez : {fix}." in year.message
    assert '"2018"' not in year.message  # never another value than the one received


def test_a_lost_leading_zero_is_asked_not_asserted(schema: Schema) -> None:
    report = validate(schema, """
sub:t a pv:CommuneTerritory ; rdfs:label "Territoire"@fr ; pv:inseeCode 1053 .
""")
    (code,) = on(report, "pv:inseeCode")  # not also "not shaped like a commune code"
    assert code.message.endswith('Vouliez-vous écrire pv:inseeCode "01053" ?')


def test_population_written_with_spaces(schema: Schema) -> None:
    report = validate(schema, """
sub:t a pv:CommuneTerritory ; rdfs:label "Territoire"@fr ; pv:population "18 400" .
""")
    (population,) = [r for r in on(report, "pv:population") if r.severity.label == "Violation"]
    assert population.fix == "pv:population 18400" and "12500" not in population.message


START_YEAR = {
    "turtle": (PREFIXES + 'sub:p a pv:Period ; pv:startYear "2023" .\n', 'pv:startYear "2023"^^xsd:gYear'),
    "ntriples": ('<https://w3id.org/pvgraph/id/test/submission/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                 '<https://w3id.org/pvgraph/ontology#Period> .\n<https://w3id.org/pvgraph/id/test/submission/p> '
                 '<https://w3id.org/pvgraph/ontology#startYear> "2023" .\n',
                 '<https://w3id.org/pvgraph/ontology#startYear> "2023"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
    "jsonld": (json.dumps({"@id": "https://w3id.org/pvgraph/id/test/submission/p",
                           "@type": "https://w3id.org/pvgraph/ontology#Period",
                           "https://w3id.org/pvgraph/ontology#startYear": "2023"}),
               '"https://w3id.org/pvgraph/ontology#startYear": '
               '{"@value": "2023", "@type": "http://www.w3.org/2001/XMLSchema#gYear"}'),
    "rdfxml": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns:pv="https://w3id.org/pvgraph/ontology#">\n<pv:Period '
               'rdf:about="https://w3id.org/pvgraph/id/test/submission/p"><pv:startYear>2023</pv:startYear>'
               '</pv:Period>\n</rdf:RDF>\n',
               '<pv:startYear rdf:datatype="http://www.w3.org/2001/XMLSchema#gYear">2023</pv:startYear>'),
}


@pytest.mark.parametrize("syntax", sorted(START_YEAR))
def test_the_fix_is_written_in_the_stewards_syntax(settings: Settings, syntax: str) -> None:
    text, fix = START_YEAR[syntax]
    parsed = parse_document(document_from_bytes(text.encode(), name=f"periode.{syntax}", format=rdf_format(syntax)))
    report = validate_parsed([parsed], settings=settings, use_store=False)
    (year,) = [r for r in report.results if r.path_label == "pv:startYear"]
    assert year.fix == fix, year.message


def test_unnamed_records_are_named_through_their_owner_never_a_blank_node(schema: Schema) -> None:
    report = validate(schema, """
sub:projet a pv:DigitalTerritoryProject ; rdfs:label "Val connecté"@fr ; pv:ledBy sub:alliance ;
    pv:coversTerritory sub:t ;
    pv:period [ a pv:Period ; pv:endYear "2023"^^xsd:gYear ] .
sub:alliance a pv:TerritorialAlliance ; rdfs:label "Alliance"@fr .
sub:commune a pv:Commune ; rdfs:label "Commune A"@fr .
[] a org:Membership ; org:member sub:commune ; org:organization sub:alliance ; org:role pv:Chief .
""")
    labels = {r.focus_label for r in report.results}
    assert "la période du projet « Val connecté »" in labels
    assert "l'adhésion de « Commune A » à « Alliance »" in labels
    (start,) = on(report, "pv:startYear")
    assert start.message.startswith("La période du projet « Val connecté » doit avoir exactement une année de début")
    assert "valeur reçue : ." not in start.message
    assert "_:" not in render(report, "text") and "_:" not in render(report, "html")


def test_value_types_are_named_in_french(schema: Schema) -> None:
    report = validate(schema, """
sub:valeur a pv:ValueCreationStatement ; rdfs:label "Énoncé"@fr ; pv:createdValueType pv:LabelSmartCity ;
    pv:createdByAction sub:action ; pv:evidence "Entretiens"@fr .
sub:action a pv:Action ; rdfs:label "Action"@fr .
""")
    (kind,) = on(report, "pv:createdValueType")
    assert "valeur politique (pv:PoliticalValue)" in kind.message and "valeur d'intendance" in kind.message


def test_turtle_findings_give_the_line_of_the_record(settings: Settings) -> None:
    text = PREFIXES + """
sub:projet a pv:DigitalTerritoryProject ;
    rdfs:label "Projet"@fr .

sub:t a pv:CommuneTerritory ; rdfs:label "Territoire"@fr ;
    pv:population "18 400" .
"""
    parsed = parse_document(document_from_bytes(text.encode(), name="soumission.ttl", format=None))
    report = validate_parsed([parsed], settings=settings, use_store=False)
    lines = {r.path_label: (r.file, r.line) for r in report.results}
    assert lines["pv:ledBy"] == ("soumission.ttl", 7)
    assert lines["pv:population"] == ("soumission.ttl", 10)
    assert "(soumission.ttl, ligne 10)" in render(report, "text")


@pytest.mark.parametrize(("label", "warned"), [
    ('"Budget participatif"', "n'a pas de balise de langue"),
    ('"Budget participatif en ligne"@en', "semble écrit en français"),
    ('"Plateforme numérique"@en', "semble écrit en français"),
    ('"Online participatory budget"@en', None),
    ('"Budget participatif"@fr', None),
])
def test_names_without_a_language_or_french_tagged_english_get_a_recommendation(
        schema: Schema, label: str, warned: str | None) -> None:
    report = validate(schema, f"sub:outil a pv:Tool ; rdfs:label {label} .\n")
    found = [r for r in report.results if r.shape and r.shape.endswith(("Label-languageTag", "FrenchTaggedEnglishShape"))]
    assert report.conforms
    if warned is None:
        assert found == []
    else:
        (result,) = found
        assert result.severity.label == "Warning" and warned in result.message
