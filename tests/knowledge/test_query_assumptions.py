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

from pvgraph.reasoning import derived
from pvgraph.reasoning.rules import RuleSet, derive_rules

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
    [("alliance-members", "allianceKind", ["TerritorialAlliance|SyndicatMixte"]),
     ("central-cities", "epciKind", ["EPCI"])],
)
def test_listed_kinds_are_exactly_the_hierarchy(ontology: rdflib.Graph, query: str, variable: str,
                                                roots: list[str]) -> None:
    """Each list of kinds is exactly a class and everything below it, one list per root."""
    expected = [set().union(*(subclasses(ontology, PV[r]) for r in root.split("|"))) for root in roots]
    found = listed_kinds(QUERIES / f"{query}.rq", variable)
    assert found, f"{query} lists no kind for ?{variable}"
    assert {frozenset(kinds) for kinds in found} == {frozenset(kinds) for kinds in expected}


# The most specific kind (project-leaders, alliance-members) and "an EPCI of any kind" inside "led by
# an EPCI" are pvgraph's derived relations now (src/pvgraph/reasoning/derived.py): their kind lists
# are computed from the ontology's rule tables; these tests check them against rdflib's own reading
# of the hierarchy, as the questions' written lists were.


@pytest.fixture(scope="module")
def rules(ontology: rdflib.Graph) -> RuleSet:
    return derive_rules(ontology)


@pytest.mark.parametrize(("roots", "expected"), [
    (derived.KIND_ROOTS, "LocalAuthority|GroupingOfAuthorities|TerritorialAlliance"),
    ([derived.EPCI_ROOT], "EPCI"),
    (derived.GROUPING_ROOTS, "TerritorialAlliance|SyndicatMixte"),
])
def test_derived_kinds_are_exactly_the_hierarchy(ontology: rdflib.Graph, rules: RuleSet, roots, expected: str) -> None:
    wanted = set().union(*(subclasses(ontology, PV[r]) for r in expected.split("|")))
    assert len(wanted) >= 4
    assert {rdflib.URIRef(k) for k in derived.subclasses_of(rules, roots)} == wanted


def test_most_specific_kind_drops_exactly_the_strictly_broader_kinds(ontology: rdflib.Graph, rules: RuleSet) -> None:
    """Every (kind, strictly narrower class) pair of the ontology among the kinds: one missing pair
    would keep a broader kind as well."""
    kinds = derived.subclasses_of(rules, derived.KIND_ROOTS)
    expected = {(k, n) for k in kinds for n in map(str, subclasses(ontology, rdflib.URIRef(k))) if n != k}
    assert len(expected) >= 10, "hardly any narrower class: the test would prove little"
    assert {(k, n) for k, ns in derived.narrower_kinds(rules, kinds).items() for n in ns} == expected


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
