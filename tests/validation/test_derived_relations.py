"""pvgraph's own derived relations (pv:mostSpecificKind, pv:ledByEPCI, pv:epciLeadFor) stated by a
submission: one violation each, naming the record, the relation and what pvgraph computes it
from, in French unless English is asked, in every report format (tests/server/test_submissions.py
and tests/core/test_cli_stewards.py refuse them over HTTP and from the command line)."""

from __future__ import annotations

import json

import pytest
import rdflib

from pvgraph.loading import ParsedDocument, document_from_bytes, parse_document
from pvgraph.namespaces import PV
from pvgraph.reasoning.derived import PROPERTIES
from pvgraph.settings import Settings
from pvgraph.validation import render, validate_parsed
from pvgraph.validation.derived import BASIS, DERIVED

from .conftest import STATED, SUB, SUBMISSIONS, stating


def parsed_case(prop: str) -> ParsedDocument:
    return parse_document(document_from_bytes(stating(prop), name="case.ttl"))


def test_every_derived_relation_is_covered() -> None:
    assert set(STATED) == set(PROPERTIES) == set(BASIS)


@pytest.mark.parametrize("prop", sorted(STATED))
def test_a_stated_derived_relation_is_a_violation_named_in_french_then_english(
        prop: str, settings: Settings) -> None:
    parsed = [parsed_case(prop)]
    report = validate_parsed(parsed, settings=settings, lang="fr", use_store=False)
    assert not report.conforms
    [found] = [r for r in report.results if r.component == DERIVED]
    subject = SUB + STATED[prop][0]
    assert (found.focus_node, found.path, found.file) == (subject, prop, "case.ttl")
    lines = (SUBMISSIONS / "conforming.ttl").read_text(encoding="utf-8").splitlines()
    assert found.line == lines.index(f"sub:{STATED[prop][0]}") + 1  # where the record starts
    assert "calcule lui-même" in found.message and "Retirez ce triplet" in found.message
    assert [r for r in report.results if r.component != DERIVED] == []  # nothing else is wrong
    english = validate_parsed(parsed, settings=settings, lang="en", use_store=False)
    [told] = [r for r in english.results if r.component == DERIVED]
    assert "computes itself" in told.message and "Remove this triple" in told.message


def test_every_report_format_says_it(settings: Settings) -> None:
    prop = str(PV.ledByEPCI)
    report = validate_parsed([parsed_case(prop)], settings=settings, lang="fr", use_store=False)
    [result] = json.loads(render(report, "json"))["results"]
    assert result["component"] == DERIVED and result["path"] == prop
    assert "pv:ledByEPCI" in render(report, "text") and "pv:ledByEPCI" in render(report, "csv")
    assert "calcule lui-même" in render(report, "html")
    shacl = rdflib.Graph().parse(data=render(report, "turtle"), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.sourceConstraintComponent, rdflib.URIRef(DERIVED)) in shacl
    assert (None, sh.resultPath, rdflib.URIRef(prop)) in shacl
