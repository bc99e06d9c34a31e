"""What the named questions assume about the class hierarchy, checked against the ontology.

To give the same answers on Virtuoso 7.2.5 (which mishandles ``rdfs:subClassOf+`` inside
``FILTER NOT EXISTS`` and ``a/rdfs:subClassOf*`` joined with ``UNION``), some questions list kinds
explicitly, write subclass steps out, or use plain type tests. These tests fail as soon as the
ontology grows past what the queries were written for, so the queries are updated with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDFS

from .helpers import PV as PV_IRI
from .helpers import REPO, turtle_files

QUERIES = REPO / "ontology" / "queries"
PV = rdflib.Namespace(PV_IRI)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in turtle_files(REPO / "ontology"):
        graph.parse(path)
    return graph


def subclasses(graph: rdflib.Graph, cls: rdflib.URIRef) -> set[rdflib.URIRef]:
    """``cls`` and every class below it (reflexive, transitive)."""
    return {c for c in graph.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, rdflib.URIRef)}


def depth_below(graph: rdflib.Graph, cls: rdflib.URIRef) -> int:
    children = [c for c in graph.subjects(RDFS.subClassOf, cls) if c != cls]
    return 0 if not children else 1 + max(depth_below(graph, c) for c in children)


def values_block(path: Path, variable: str) -> set[rdflib.URIRef]:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"VALUES\s+\?" + variable + r"\s*\{([^}]*)\}", text)
    assert match, f"{path.name} has no VALUES ?{variable} block"
    return {PV[name] for name in re.findall(r"pv:(\w+)", match.group(1))}


def listed_kinds(path: Path, variable: str) -> list[set[rdflib.URIRef]]:
    """Every list of kinds the query gives ``?variable``: ``VALUES ?variable { … }`` blocks and
    ``?variable IN ( … )`` tests, in the order they appear."""
    text = query_body(path)
    pattern = r"VALUES\s+\?" + variable + r"\s*\{([^}]*)\}|\?" + variable + r"\s+IN\s*\(([^)]*)\)"
    return [{PV[name] for name in re.findall(r"pv:(\w+)", values or in_list)}
            for values, in_list in re.findall(pattern, text)]


@pytest.mark.parametrize("cls", ["Action", "Objective", "DigitalTerritoryProject", "DigitalUsesPolicy", "Departement", "Commune"])
def test_classes_typed_without_a_subclass_path_have_no_subclass(ontology: rdflib.Graph, cls: str) -> None:
    assert subclasses(ontology, PV[cls]) == {PV[cls]}


@pytest.mark.parametrize(
    ("query", "variable", "roots"),
    [("political-value-epci-led", "leaderKind", ["EPCI|TerritorialAlliance|SyndicatMixte", "EPCI"]),
     ("political-value-epci-led", "memberKind", ["EPCI"]),
     ("alliance-members", "allianceKind", ["TerritorialAlliance|SyndicatMixte"]),
     ("alliance-members", "memberKind", ["LocalAuthority|GroupingOfAuthorities|TerritorialAlliance"]),
     ("project-leaders", "leaderKind", ["LocalAuthority|GroupingOfAuthorities|TerritorialAlliance"]),
     ("central-cities", "epciKind", ["EPCI"])],
)
def test_listed_kinds_are_exactly_the_hierarchy(ontology: rdflib.Graph, query: str, variable: str,
                                                roots: list[str]) -> None:
    """Each list of kinds is exactly a class and everything below it, one list per root."""
    expected = [set().union(*(subclasses(ontology, PV[r]) for r in root.split("|"))) for root in roots]
    found = listed_kinds(QUERIES / f"{query}.rq", variable)
    assert found, f"{query} lists no kind for ?{variable}"
    assert {frozenset(kinds) for kinds in found} == {frozenset(kinds) for kinds in expected}


def narrower_pairs(path: Path, variable: str) -> set[tuple[rdflib.URIRef, rdflib.URIRef]]:
    """The pairs (kind, strictly narrower class) the query drops ``?variable``'s kind with: written
    ``FILTER (?variable != pv:Kind || NOT EXISTS { ?x a ?n . FILTER (?n IN (pv:A, pv:B…)) })``."""
    text = query_body(path)
    clauses = re.findall(r"\?" + variable + r"\s*!=\s*pv:(\w+)\s*\|\|\s*NOT\s+EXISTS\s*\{[^{}]*?\?\w+\s+IN\s*\(([^)]*)\)",
                         text)
    assert clauses, f"{path.name} drops no broader kind of ?{variable}"
    return {(PV[kind], PV[narrower]) for kind, names in clauses for narrower in re.findall(r"pv:(\w+)", names)}


@pytest.mark.parametrize(
    ("query", "variable"),
    [("project-leaders", "leaderKind"), ("alliance-members", "allianceKind"), ("alliance-members", "memberKind")],
)
def test_most_specific_kind_pairs_are_exactly_the_strict_subclasses(ontology: rdflib.Graph, query: str,
                                                                   variable: str) -> None:
    """The FILTER NOT EXISTS that keeps the most specific kind lists every (kind, strictly narrower
    class) pair of the ontology for the listed kinds: one missing pair would keep a broader kind as well."""
    path = QUERIES / f"{query}.rq"
    kinds = set().union(*listed_kinds(path, variable))
    expected = {(k, n) for k in kinds for n in subclasses(ontology, k) if n != k}
    assert expected, "no narrower class at all: the test would prove nothing"
    assert narrower_pairs(path, variable) == expected


def query_body(path: Path) -> str:
    """The query text without comments (IRIs kept whole, since they may hold a '#')."""
    text = re.sub(r"<[^<>\s]*>", "<iri>", path.read_text(encoding="utf-8"))
    return "\n".join(re.sub(r"#.*", "", line) for line in text.splitlines())


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_no_subclass_path_next_to_a_union(path: Path) -> None:
    """Virtuoso 7.2.5 loses rows on ``a/rdfs:subClassOf*`` joined with a UNION, and whether it does
    depends on the data it holds: projects-involving-departement answered right on the test build
    (with a slice of the referential) and 0 rows instead of 2 on the project alone (the peers
    benchmark at size S). A comparison on one build cannot catch it, so the shape is kept out."""
    body = query_body(path)
    assert not (re.search(r"rdfs:subClassOf\s*[*+]", body) and re.search(r"\bUNION\b", body))


def test_the_union_check_sees_the_shape() -> None:
    """The check above fails on the shape it guards against (kept in the former question)."""
    body = query_body(QUERIES / "projects-involving-departement.rq").replace(
        "?leader a pv:Departement .", "FILTER EXISTS { ?leader a/rdfs:subClassOf* pv:Departement }")
    assert re.search(r"rdfs:subClassOf\s*[*+]", body) and re.search(r"\bUNION\b", body)
