"""Shape lint (`pvgraph check`): the repository's shapes are clean, and each kind of defect is caught."""

from __future__ import annotations

import pytest
import rdflib
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.validation import Schema, lint_shapes
from pvgraph.validation.engine import copy_graph, meta_validate
from pvgraph.validation.lint import SUBMITTABLE_CLASSES

PREFIXES = """
@prefix pvs: <https://w3id.org/pvgraph/shapes#> .
@prefix pv: <https://w3id.org/pvgraph/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
GOOD_PROPERTY = """
    sh:name "n"@fr , "n"@en ; sh:description "d"@fr , "d"@en ; sh:order 1 ; sh:group pvs:IdentityGroup ;
    sh:message "m"@fr , "m"@en .
"""


def lint_with(schema: Schema, extra: str) -> list[str]:
    shapes = copy_graph(schema.shapes)
    shapes.parse(data=PREFIXES + extra, format="turtle")
    return [str(p) for p in lint_shapes(shapes, schema.ontology, meta=False)]


def test_repository_shapes_are_clean(schema: Schema) -> None:
    assert [str(p) for p in lint_shapes(schema.shapes, schema.ontology)] == []


def test_shapes_conform_to_shacl_shacl(schema: Schema) -> None:
    conforms, text = meta_validate(schema.shapes)
    assert conforms, text


def test_shacl_shacl_catches_a_malformed_shape() -> None:
    shapes = rdflib.Graph().parse(data=PREFIXES + 'pvs:Bad a sh:PropertyShape ; sh:path pv:ledBy ; sh:minCount "one" .',
                                  format="turtle")
    conforms, text = meta_validate(shapes)
    assert not conforms and "minCount" in text


def test_cli_check_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PVGRAPH_LANG", raising=False)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "fichiers vérifiés : 0 erreur(s), 0 avertissement(s)" in result.output  # French unless set
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    english = CliRunner().invoke(cli, ["check"])
    assert english.exit_code == 0 and "files checked: 0 error(s), 0 warning(s)" in english.output


def test_a_problem_is_told_in_french_unless_english_is_asked(schema: Schema) -> None:
    shapes = copy_graph(schema.shapes)
    shapes.parse(data=PREFIXES + "pvs:S1 a sh:NodeShape ; sh:targetClass pv:DigitalTerritoryProjet .",
                 format="turtle")
    problem = next(p for p in lint_shapes(shapes, schema.ontology, meta=False) if "Projet" in p.subject + p.message)
    assert problem.describe("fr") == ("[erreur] pvs:S1 : sh:targetClass pv:DigitalTerritoryProjet "
                                      "n'est pas déclaré dans l'ontologie")
    assert problem.describe(None) == problem.describe("fr")
    assert str(problem) == problem.describe("en") == \
        "[error] pvs:S1: sh:targetClass pv:DigitalTerritoryProjet is not declared in the ontology"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # pySHACL issue #12: a typo in a SHACL term is silently ignored by every engine
        ("pvs:P1 a sh:PropertyShape ; sh:path pv:ledBy ; sh:minlength 3 ;" + GOOD_PROPERTY, "sh:minlength: not a SHACL term"),
        ("pvs:S1 a sh:NodeShape ; sh:targetClass pv:DigitalTerritoryProjet .", "pv:DigitalTerritoryProjet is not declared"),
        ("pvs:P2 a sh:PropertyShape ; sh:path pv:ledby ; sh:minCount 1 ;" + GOOD_PROPERTY, "sh:path pv:ledby is not declared"),
        ("pvs:P3 a sh:PropertyShape ; sh:path skos:prefLable ; sh:minCount 1 ;" + GOOD_PROPERTY, "sh:path skos:prefLable is not declared"),
        ("pvs:P4 a sh:PropertyShape ; sh:path pv:ledBy ; sh:class pv:Organisation ;" + GOOD_PROPERTY, "sh:class pv:Organisation is not declared"),
        ("pvs:S2 a sh:NodeShape ; sh:targetClass pv:Action ; sh:property pvs:P5 .\n"
         "pvs:P5 a sh:PropertyShape ; sh:path pv:ledBy ; sh:minCount 1 .", "sh:message in @fr and @en"),
        ("pvs:S3 a sh:NodeShape ; sh:targetClass pv:Action ; sh:property pvs:P6 .\n"
         'pvs:P6 a sh:PropertyShape ; sh:path pv:ledBy ; sh:minCount 1 ; sh:message "m"@fr , "m"@en .', "no sh:name"),
        ("pvs:S4 a sh:NodeShape ; sh:targetClass pv:Action ; sh:sparql [ sh:message \"m\"@fr , \"m\"@en ; "
         "sh:select \"SELECT $this WHERE { $this ?p }\" ] .", "a SPARQL query does not parse"),
        ("pvs:S5 a sh:NodeShape ; sh:property pvs:Label .", "targets nothing"),
        ("pvs:P7 a sh:PropertyShape ; sh:path pv:claimsLabel ; sh:in ( pv:LabelSmartCity ) ; "
         "rdfs:seeAlso pv:DigitalTerritoryLabelScheme ;" + GOOD_PROPERTY, "sh:in lacks pv:LabelAugmentedTerritory"),
        ("pvs:P8 a sh:PropertyShape ; sh:path pv:claimsLabel ; sh:in ( pv:LabelMetaverse ) ;" + GOOD_PROPERTY,
         "sh:in names pv:LabelMetaverse, not declared"),
    ],
)
def test_lint_catches(extra: str, expected: str, schema: Schema) -> None:
    problems = lint_with(schema, extra)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("[error]") for p in problems if expected in p)


def test_untargeted_submittable_class_is_an_error(schema: Schema) -> None:
    shapes = rdflib.Graph()
    for triple in schema.shapes:
        if triple[1] != rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass") or \
                str(triple[2]) != "https://w3id.org/pvgraph/ontology#CaseStudy":
            shapes.add(triple)
    problems = [str(p) for p in lint_shapes(shapes, schema.ontology, meta=False)]
    assert any("pv:CaseStudy: a steward can submit this class but no shape targets it" in p for p in problems)


def test_submittable_classes_are_declared(schema: Schema) -> None:
    for cls in SUBMITTABLE_CLASSES:
        assert (rdflib.URIRef(cls), None, None) in schema.ontology, cls
