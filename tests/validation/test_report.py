"""The report model and its renderers: grouping, order, stable ids, the five formats, two languages."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import rdflib

from pvgraph.namespaces import SH
from pvgraph.validation import Schema, Severity, ValidationReport, render, validate_graph
from pvgraph.validation.report import Result, result_id

from .conftest import SUBMISSIONS, graph_of

BLANK_NODES = """
@prefix pv: <https://w3id.org/pvgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
[] a pv:DigitalTerritoryProject ; rdfs:label "Projet anonyme"@fr ;
   pv:period [ a pv:Period ; pv:startYear "2024"^^xsd:gYear ; pv:endYear "2020"^^xsd:gYear ] .
"""


@pytest.fixture(scope="module")
def mixed(schema: Schema) -> ValidationReport:
    """Two failing submissions at once: several records, fields and severities."""
    data = graph_of(SUBMISSIONS / "misspelt-property.ttl")
    data += rdflib.Graph().parse(data=BLANK_NODES, format="turtle")
    return validate_graph(data, shapes=schema.shapes, ontology=schema.ontology)


def test_results_most_severe_first_and_grouped_by_record_then_field(mixed: ValidationReport) -> None:
    severities = [r.severity for r in mixed.results]
    assert severities == sorted(severities, reverse=True)
    groups = mixed.groups()
    assert [g.severity for g in groups] == sorted((g.severity for g in groups), reverse=True)
    assert sum(len(g.results) for g in groups) == len(mixed.results)
    for group in groups:
        assert len({r.focus_node for r in group.results}) == 1
        paths = [f.path for f in group.fields]
        assert len(paths) == len(set(paths))
        assert [f.severity for f in group.fields] == sorted((f.severity for f in group.fields), reverse=True)
    counts = mixed.counts()
    assert counts["Violation"] == mixed.count(Severity.VIOLATION) > 0
    assert counts["Warning"] == mixed.count(Severity.WARNING) > 0


def test_result_ids_are_stable_across_parses_even_for_blank_nodes(schema: Schema) -> None:
    def ids() -> list[str]:
        data = rdflib.Graph().parse(data=BLANK_NODES, format="turtle")
        return sorted(r.id for r in validate_graph(data, shapes=schema.shapes, ontology=schema.ontology).results)

    first, second = ids(), ids()
    assert first and first == second
    assert len(set(first)) == len(first)


def test_result_id_depends_on_each_part() -> None:
    base = ("f", "p", "c", "s", "v")
    ids = {result_id(*base)}
    for i in range(len(base)):
        changed = list(base)
        changed[i] = "x"
        ids.add(result_id(*changed))
    assert len(ids) == 1 + len(base)


def test_conforms_is_false_exactly_when_there_is_a_violation() -> None:
    def result(severity: Severity) -> Result:
        return Result(id=severity.label, severity=severity, focus_node="f", focus_label="f", path=None,
                      path_label=None, value=None, message="m", component="c", shape=None, source="shacl")

    assert ValidationReport(results=[]).conforms
    assert ValidationReport(results=[result(Severity.WARNING), result(Severity.INFO)]).conforms
    assert not ValidationReport(results=[result(Severity.WARNING), result(Severity.VIOLATION)]).conforms
    assert ValidationReport(results=[result(Severity.VIOLATION)]).exit_code == 1


def test_json_report(mixed: ValidationReport) -> None:
    body = json.loads(render(mixed, "json"))
    assert body["conforms"] is False
    assert len(body["results"]) == len(mixed.results)
    assert [r["focusNode"] for r in body["records"]] == [g.focus_node for g in mixed.groups()]
    first = body["results"][0]
    assert set(first) >= {"id", "severity", "focus_node", "path", "value", "message", "component", "shape"}


def test_csv_report_follows_french_spreadsheet_conventions(mixed: ValidationReport) -> None:
    text = render(mixed, "csv")
    assert text.startswith("\ufeff")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert list(rows[0])[:3] == ["identifiant", "gravité", "enregistrement"]
    assert [row["identifiant"] for row in rows] == [r.id for r in mixed.results]
    assert {row["gravité"] for row in rows} == {"Erreur", "Recommandation"}


def test_csv_report_in_english(schema: Schema) -> None:
    data = graph_of(SUBMISSIONS / "missing-project-lead.ttl")
    report = validate_graph(data, shapes=schema.shapes, ontology=schema.ontology, lang="en")
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").removeprefix("\ufeff"))))
    assert [(row["id"], row["severity"]) for row in rows] == [(r.id, "Error") for r in report.results]


def test_html_report_says_when_and_against_what_it_was_made(mixed: ValidationReport) -> None:
    page = render(mixed, "html")
    footer = page[page.index("<footer>"):]
    assert f"pvgraph {mixed.provenance.pvgraph_version}" in footer
    assert mixed.provenance.created[:10] in footer
    assert mixed.provenance.shapes_version and f"formes SHACL {mixed.provenance.shapes_version}" in footer
    assert "sans référentiel territorial" in footer  # none was given
    assert "<main" in page and "href=" not in page  # no way back outside a server
    assert 'href="/validate"' in render(mixed, "html", back="/validate")
    assert json.loads(render(mixed, "json"))["produced"]["pvgraph"] == mixed.provenance.pvgraph_version


def test_html_report_is_one_self_contained_escaped_page(schema: Schema) -> None:
    data = rdflib.Graph().parse(data="""
        @prefix pv: <https://w3id.org/pvgraph/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/pvgraph/id/test/x> a pv:DigitalTerritoryProject ;
            rdfs:label "<script>alert('x')</script> & co"@fr .
    """, format="turtle")
    page = render(validate_graph(data, shapes=schema.shapes, ontology=schema.ontology), "html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "@media print" in page
    # No remote resource: no src= or href= to another host, no script.
    assert not re.search(r"""(src|href)=["']?https?:""", page)


def test_turtle_report_is_the_standard_shacl_report(mixed: ValidationReport) -> None:
    graph = rdflib.Graph().parse(data=render(mixed, "turtle"), format="turtle")
    report = next(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms).toPython() is False
    results = list(graph.objects(report, SH.result))
    assert len(results) == len(mixed.results)
    for node in results:
        assert graph.value(node, SH.focusNode) is not None
        assert graph.value(node, SH.resultSeverity) in (SH.Violation, SH.Warning, SH.Info)
        messages = list(graph.objects(node, SH.resultMessage))
        assert messages and all("{$" not in m for m in messages)


def test_english_on_request(schema: Schema) -> None:
    data = graph_of(SUBMISSIONS / "missing-project-lead.ttl")
    report = validate_graph(data, shapes=schema.shapes, ontology=schema.ontology, lang="en")
    assert report.results[0].message.startswith("Project “Val-de-Brume connecté (projet fictif)” has no recognised leader")
    assert render(report, "text").startswith("Validation report")


def test_unknown_language_and_format_are_user_errors(schema: Schema) -> None:
    from pvgraph.errors import UserError

    with pytest.raises(UserError):
        validate_graph(rdflib.Graph(), shapes=schema.shapes, ontology=schema.ontology, lang="de")
    with pytest.raises(UserError):
        render(ValidationReport(results=[]), "pdf")


def test_misspelt_term_gets_the_closest_declared_term(mixed: ValidationReport) -> None:
    typo = [r for r in mixed.results if r.source == "terms"]
    assert [(r.value, r.suggestion) for r in typo] == [
        ("pv:ledby", "https://w3id.org/pvgraph/ontology#ledBy"),
    ]
    assert "pv:ledBy" in typo[0].message


def test_misspelt_terms_in_every_position(schema: Schema) -> None:
    data = rdflib.Graph().parse(data="""
        @prefix pv: <https://w3id.org/pvgraph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/pvgraph/id/test/p> a pv:DigitalTerritoryProjet ;
            skos:prefLable "P"@fr ;
            pv:claimsLabel pv:LabelSmartCiti .
    """, format="turtle")
    report = validate_graph(data, shapes=schema.shapes, ontology=schema.ontology)
    found = {(r.value, r.suggestion, r.severity.label) for r in report.results if r.source == "terms"}
    assert found == {
        ("pv:DigitalTerritoryProjet", "https://w3id.org/pvgraph/ontology#DigitalTerritoryProject", "Violation"),
        ("pv:LabelSmartCiti", "https://w3id.org/pvgraph/ontology#LabelSmartCity", "Violation"),
        ("skos:prefLable", "http://www.w3.org/2004/02/skos/core#prefLabel", "Warning"),
    }


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "« Action X » : le champ pv:actionType est obligatoire (au moins 1 valeur(s)) ; ajoutez-le."),
    ("en", "“Action X”: the field pv:actionType is required (at least 1 value(s)); add it."),
])
def test_default_message_when_a_shape_has_none(lang: str, expected: str) -> None:
    """Shapes written elsewhere (without sh:message) still get a plain-language message."""
    shapes = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix pv: <https://w3id.org/pvgraph/ontology#> .
        <http://example.org/S> a sh:NodeShape ; sh:targetClass pv:Action ;
            sh:property [ sh:path pv:actionType ; sh:minCount 1 ] .
    """, format="turtle")
    data = rdflib.Graph().parse(data="""
        @prefix pv: <https://w3id.org/pvgraph/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://example.org/a> a pv:Action ; rdfs:label "Action X"@fr .
    """, format="turtle")
    report = validate_graph(data, shapes=shapes, ontology=rdflib.Graph(), lang=lang)
    assert [r.message for r in report.results if r.source == "shacl"] == [expected]
