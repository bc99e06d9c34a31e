"""pvgraph's SHACL results are plain pySHACL's; the SIREN check digit in SPARQL is Luhn's."""

from __future__ import annotations

import random
from collections import Counter

import pyshacl
import rdflib
from rdflib import URIRef

from pvgraph.namespaces import PV, SH
from pvgraph.referential import siren_is_valid
from pvgraph.validation import Schema, ValidationReport, validate_graph
from pvgraph.validation.engine import PYSHACL_ARGUMENTS, copy_graph

from .conftest import FIXTURES, graph_of


def key(focus: str, component: str, shape: str | None, severity: str) -> tuple[str, str, str, str]:
    return focus, component, shape or "", severity


def test_report_equals_plain_pyshacl(schema: Schema, failing_report: ValidationReport) -> None:
    """Same input, same arguments: every pySHACL result is in pvgraph's report, and nothing else
    pvgraph reports comes from SHACL (its own checks are marked with their source) — except a
    pattern or allowed-values result about a value already given a fix (one message per cause)."""
    fixed = {(r.focus_node, r.path) for r in failing_report.results if r.fix}
    data = graph_of(FIXTURES / "failing.ttl")
    conforms, plain, _text = pyshacl.validate(
        data, shacl_graph=copy_graph(schema.shapes), ont_graph=schema.ontology, **PYSHACL_ARGUMENTS
    )
    assert isinstance(plain, rdflib.Graph)
    expected: Counter[tuple[str, str, str, str]] = Counter()
    repeated = ontology_terms = 0
    for node in plain.objects(None, SH.result):
        focus = plain.value(node, SH.focusNode)
        if not isinstance(focus, URIRef):
            continue  # blank nodes are named differently on each side (see test_report)
        if (focus, None, None) in schema.ontology and (focus, None, None) not in data:
            ontology_terms += 1  # the ontology, mixed into the data graph, is not the submission
            continue
        shape = plain.value(node, SH.sourceShape)
        severity = plain.value(node, SH.resultSeverity)
        component = str(plain.value(node, SH.sourceConstraintComponent))
        if component.endswith(("#PatternConstraintComponent", "#InConstraintComponent")) \
                and (str(focus), str(plain.value(node, SH.resultPath))) in fixed:
            repeated += 1
            continue
        expected[key(str(focus), str(plain.value(node, SH.sourceConstraintComponent)),
                     str(shape) if isinstance(shape, URIRef) else None, str(severity).rsplit("#")[-1])] += 1
    ours = Counter(
        key(r.focus_node, r.component, r.shape, r.severity.label)
        for r in failing_report.results if r.source == "shacl" and not r.focus_node.startswith("_:")
    )
    assert expected and ours == expected
    total = sum(1 for _ in plain.objects(None, SH.result))
    assert 0 < repeated < 5
    assert len([r for r in failing_report.results if r.source == "shacl"]) == total - repeated - ontology_terms
    # pySHACL's verdict counts warnings as conforming, like ours; our own checks only add violations.
    assert conforms is False and failing_report.conforms is False


def test_siren_check_digit_in_sparql_agrees_with_luhn(schema: Schema) -> None:
    rng = random.Random(20261127)
    sirens = {f"{rng.randrange(10**9):09d}" for _ in range(60)}
    sirens |= {"130000003", "130000011", "000000000", "999999999", "732829320", "732829321"}
    data = rdflib.Graph()
    for siren in sirens:
        org = URIRef(f"https://w3id.org/pvgraph/id/test/org-{siren}")
        data.add((org, PV.siren, rdflib.Literal(siren)))
    report = validate_graph(data, shapes=schema.shapes, ontology=schema.ontology)
    flagged = {r.focus_node.rsplit("-", 1)[-1] for r in report.results
               if r.shape == "https://w3id.org/pvgraph/shapes#SirenShape"}
    assert flagged == {s for s in sirens if not siren_is_valid(s)}
    assert 0 < len(flagged) < len(sirens)
