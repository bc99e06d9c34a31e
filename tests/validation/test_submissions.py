"""The example submissions: each fails the way its name says, and conforms once fixed as its header says.

This is the promise of docs/validation.md: a steward takes a failing submission, reads the French
report, fixes the file, and sees it conform.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.settings import Settings
from pvgraph.store import EmbeddedStore
from pvgraph.validation import Schema, validate_documents, validate_graph
from pvgraph.validation.render import render_text

from .conftest import KNOWN_COMMUNE, SUBMISSIONS, graph_of

# file → (component the report must name, field, the fix: text to replace, replacement)
FAILING = {
    "missing-project-lead.ttl": ("MinCountConstraintComponent", "pv:ledBy",
                                 "    pv:period sub:periode-projet ;\n",
                                 "    pv:ledBy sub:alliance ;\n    pv:period sub:periode-projet ;\n"),
    "population-as-text.ttl": ("OrConstraintComponent", "pv:population", 'pv:population "18 400"', "pv:population 18400"),
    "ill-typed-number.ttl": ("OrConstraintComponent", "pv:population", 'pv:population "deux mille"^^xsd:integer',
                             "pv:population 6200"),
    "misspelt-property.ttl": ("UndeclaredTermConstraintComponent", "pv:ledby", "    pv:ledby sub:alliance", "    pv:ledBy sub:alliance"),
    "unknown-value-type.ttl": ("InConstraintComponent", "pv:createdValueType",
                               "    pv:createdValueType pv:EnvironmentalValue", "    pv:createdValueType pv:PoliticalValue"),
    "states-derived-relation.ttl": ("DerivedRelationConstraintComponent", "pv:ledByEPCI",
                                    "    pv:ledByEPCI sub:alliance ;\n", ""),
    "unknown-commune-code.ttl": ("UnknownInseeCodeConstraintComponent", "pv:inseeCode", 'pv:inseeCode "99999"',
                                 f'pv:inseeCode "{KNOWN_COMMUNE}"'),
}


def test_every_example_submission_is_covered() -> None:
    names = {p.name for p in SUBMISSIONS.glob("*.ttl")}
    assert names == set(FAILING) | {"conforming.ttl"}


@pytest.mark.parametrize("name", sorted(FAILING))
def test_failing_submission_fails_then_conforms_once_fixed(
    name: str, schema: Schema, referential: EmbeddedStore, tmp_path: Path
) -> None:
    component, field, bad, good = FAILING[name]
    path = SUBMISSIONS / name
    report = validate_graph(graph_of(path), shapes=schema.shapes, ontology=schema.ontology, referential=referential)
    assert not report.conforms
    named = [r for r in report.results if r.component.endswith(component)]
    assert named, render_text(report)
    assert any(r.path_label == field for r in named)
    # French first: every message is in French.
    assert all("«" in r.message for r in report.results)
    text = path.read_text(encoding="utf-8")
    assert bad in text
    fixed = tmp_path / name
    fixed.write_text(text.replace(bad, good, 1), encoding="utf-8")
    after = validate_graph(graph_of(fixed), shapes=schema.shapes, ontology=schema.ontology, referential=referential)
    assert after.conforms, render_text(after)
    assert after.results == []


def test_unknown_commune_code_needs_the_referential_and_says_so(schema: Schema) -> None:
    report = validate_graph(graph_of(SUBMISSIONS / "unknown-commune-code.ttl"), shapes=schema.shapes,
                            ontology=schema.ontology)
    assert report.conforms  # the code is well-formed: only the referential can tell it does not exist
    assert any("référentiel" in n for n in report.notices)


def test_unknown_siren_is_a_warning(schema: Schema, referential: EmbeddedStore) -> None:
    data = graph_of(SUBMISSIONS / "conforming.ttl")
    text = data.serialize(format="turtle")
    text += '\n<https://w3id.org/pvgraph/id/example/submission/val-de-brume/cc-val-de-brume> ' \
            '<https://w3id.org/pvgraph/ontology#siren> "130000011" .\n'
    from rdflib import Graph
    report = validate_graph(Graph().parse(data=text, format="turtle"), shapes=schema.shapes,
                            ontology=schema.ontology, referential=referential)
    assert report.conforms
    assert [r.component.rsplit("#")[-1] for r in report.results] == ["UnknownSirenConstraintComponent"]


def test_validate_documents_reads_several_files_and_names_them(settings: Settings) -> None:
    report = validate_documents([SUBMISSIONS / "conforming.ttl", SUBMISSIONS / "missing-project-lead.ttl"],
                                settings=settings, lang="en")
    # The union: the lead given in conforming.ttl covers the project of the other file (same IRIs).
    assert report.conforms
    assert [f.name for f in report.files] == [str(SUBMISSIONS / "conforming.ttl"),
                                               str(SUBMISSIONS / "missing-project-lead.ttl")]
    assert all(f.format == "turtle" and f.triples > 50 for f in report.files)


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html", "turtle"])
def test_cli_formats_and_exit_code(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["validate", str(SUBMISSIONS / "misspelt-property.ttl"), "--format", fmt,
                                      "--lang", "en"], env={"PVGRAPH_STORE": ":memory:"})
    assert result.exit_code == 1, result.output
    assert "ledby" in result.output
    if fmt == "json":
        body = json.loads(result.output)
        assert body["conforms"] is False and body["lang"] == "en"
        assert body["records"][0]["fields"]


def test_cli_conforming_exits_0_and_warnings_alone_conform(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(SUBMISSIONS / "conforming.ttl")],
                         env={"PVGRAPH_STORE": ":memory:"}).exit_code == 0
    text = (SUBMISSIONS / "conforming.ttl").read_text(encoding="utf-8")
    # Without its period the project only gets a recommendation (a warning): still exit 0.
    warned = tmp_path / "warned.ttl"
    warned.write_text(text.replace("    pv:period sub:periode-projet ;\n", ""), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(warned)], env={"PVGRAPH_STORE": ":memory:"})
    assert result.exit_code == 0, result.output
    assert "Recommandation" in result.output


def test_validate_parsed_validates_what_the_caller_keeps(settings: Settings) -> None:
    """The server parses an upload once, validates it, and stores the same quads if it conforms."""
    from pvgraph.loading import document_from_bytes, parse_document
    from pvgraph.validation import validate_parsed

    upload = (SUBMISSIONS / "population-as-text.ttl").read_bytes()
    parsed = parse_document(document_from_bytes(upload, name="upload", media_type="text/turtle"))
    report = validate_parsed([parsed], settings=settings)
    assert not report.conforms
    assert report.files[0].name == "upload" and report.files[0].triples == len(parsed.quads)


def test_unreadable_referential_store_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "CURRENT").write_text("not a store\n")
    result = CliRunner().invoke(cli, ["validate", str(SUBMISSIONS / "unknown-commune-code.ttl"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "n'a pas pu être ouvert" in result.output
