"""What a steward reported (issue 11): links to the referential accepted as they are, and what
the submission says cross-checked with what the referential knows (real communes of the Ain,
read from data/referential/)."""

from __future__ import annotations

import pytest
import rdflib

from pvgraph.store import EmbeddedStore
from pvgraph.validation import Schema, ValidationReport, validate_graph
from pvgraph.validation.render import render_text

PREFIXES = """
@prefix pv: <https://w3id.org/pvgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ref: <https://w3id.org/pvgraph/id/> .
@prefix sub: <https://w3id.org/pvgraph/id/test/submission/> .
"""

# A project led by Bourg-en-Bresse's commune, covering its territory, both named by their
# referential IRI only (the form the report recommends).
LINKS_ONLY = PREFIXES + """
sub:projet a pv:DigitalTerritoryProject ; rdfs:label "Projet de test"@fr ;
    pv:ledBy ref:organisation\\/210100533 ;
    pv:coversTerritory <https://w3id.org/pvgraph/id/territory/commune/01053> ;
    pv:period [ a pv:Period ; pv:startYear "2024"^^xsd:gYear ] .
"""


def validate(schema: Schema, text: str, referential: EmbeddedStore | None = None,
             lang: str = "fr") -> ValidationReport:
    data = rdflib.Graph().parse(data=text, format="turtle")
    return validate_graph(data, shapes=schema.shapes, ontology=schema.ontology, referential=referential, lang=lang)


def components(report: ValidationReport) -> list[tuple[str, str | None]]:
    return sorted((r.component.rsplit("#", 1)[-1], r.path_label) for r in report.results)


def test_links_to_the_referential_need_no_description(schema: Schema, real_referential: EmbeddedStore) -> None:
    report = validate(schema, LINKS_ONLY, real_referential)
    assert report.results == [], render_text(report)
    assert report.provenance.referential and report.provenance.referential.startswith("2026")


def test_links_without_a_referential_are_not_errors_and_the_report_says_so(schema: Schema) -> None:
    report = validate(schema, LINKS_ONLY)
    assert report.conforms, render_text(report)
    assert [r for r in report.results if "Class" in r.component or "MinCount" in r.component] == []
    assert any("n'ont pas été vérifiés" in n and "pvgraph build" in n for n in report.notices)


def test_a_link_the_referential_does_not_know_is_one_violation(schema: Schema,
                                                                real_referential: EmbeddedStore) -> None:
    report = validate(schema, LINKS_ONLY.replace("210100533", "210100999"), real_referential)
    assert components(report) == [("UnknownReferentialIriConstraintComponent", "pv:ledBy")]
    assert "n'existe pas dans le référentiel" in report.results[0].message


COMMUNE = PREFIXES + """
sub:commune a pv:Commune ; rdfs:label "{name}"@fr ; pv:siren "{siren}" ; pv:governs sub:territoire ;
    pv:legalCategory pv:LegalCategory7210 .
sub:territoire a pv:CommuneTerritory ; rdfs:label "Territoire de {name}"@fr ; pv:inseeCode "{code}" .
"""


def test_a_described_commune_that_matches_the_referential_conforms(schema: Schema,
                                                                   real_referential: EmbeddedStore) -> None:
    report = validate(schema, COMMUNE.format(name="Bourg-en-Bresse", siren="210100533", code="01053"),
                      real_referential)
    assert report.results == [], render_text(report)


def test_a_row_shifted_by_one_is_caught(schema: Schema, real_referential: EmbeddedStore) -> None:
    """Bourg-en-Bresse's name and SIREN with Ambérieu-en-Bugey's code (01004)."""
    report = validate(schema, COMMUNE.format(name="Bourg-en-Bresse", siren="210100533", code="01004"),
                      real_referential)
    assert components(report) == [("ReferentialNameMismatchConstraintComponent", "pv:inseeCode"),
                                  ("SirenCodeMismatchConstraintComponent", "pv:siren")]
    by_component = {r.component.rsplit("#", 1)[-1]: r for r in report.results}
    assert "Ambérieu-en-Bugey" in by_component["ReferentialNameMismatchConstraintComponent"].message
    mismatch = by_component["SirenCodeMismatchConstraintComponent"]
    assert mismatch.severity.label == "Violation"
    assert "« Bourg-en-Bresse » (01053)" in mismatch.message and '"01004"' in mismatch.message


def test_a_siren_of_another_commune_is_caught(schema: Schema, real_referential: EmbeddedStore) -> None:
    report = validate(schema, COMMUNE.format(name="Bourg-en-Bresse", siren="210100046", code="01053"),
                      real_referential)
    assert components(report) == [("ReferentialNameMismatchConstraintComponent", "pv:siren"),
                                  ("SirenCodeMismatchConstraintComponent", "pv:siren")]


def test_a_wrong_check_digit_is_one_message_not_two(schema: Schema, real_referential: EmbeddedStore) -> None:
    report = validate(schema, COMMUNE.format(name="Bourg-en-Bresse", siren="210100534", code="01053"),
                      real_referential)
    assert [(r.path_label, r.value) for r in report.results] == [("pv:siren", '"210100534"')], render_text(report)
    assert "clé de contrôle" in report.results[0].message


@pytest.mark.parametrize("with_referential", [True, False])
def test_the_same_commune_given_twice(schema: Schema, real_referential: EmbeddedStore,
                                      with_referential: bool) -> None:
    text = COMMUNE.format(name="Bourg-en-Bresse", siren="210100533", code="01053") + """
sub:territoire-bis a pv:CommuneTerritory ; rdfs:label "Bourg-en-Bresse (bis)"@fr ; pv:inseeCode "01053" .
"""
    report = validate(schema, text, real_referential if with_referential else None)
    duplicates = [r for r in report.results if r.component.endswith("DuplicateIdentifierConstraintComponent")]
    assert len(duplicates) == 1, render_text(report)
    assert duplicates[0].severity.label == "Violation"
    assert "décrite deux fois" in duplicates[0].message and "Territoire de Bourg-en-Bresse" in duplicates[0].message
