"""Helpers shared by the knowledge tests: loading the sources, short names for terms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import rdflib

from pvgraph.reasoning.derived import derived_triples
from pvgraph.reasoning.rules import RuleSet, derive_rules

REPO = Path(__file__).resolve().parents[2]
GRAPH = "https://w3id.org/pvgraph/graph/"
PV = "https://w3id.org/pvgraph/ontology#"
PRESENTATION = "https://w3id.org/pvgraph/id/source/presentation"
# The presentation's text (data/study/source/), the study's one source.
PRESENTATION_TEXT = REPO / "data" / "study" / "source" / "territoires-numeriques-valeur-publique.txt"

# Short names used in the expected answers of the tests.
SHORT = (
    ("pv:", PV),
    ("ex:", "https://w3id.org/pvgraph/id/example/"),
    ("study:", "https://w3id.org/pvgraph/id/study/"),
    ("project:", "https://w3id.org/pvgraph/id/project/"),
    ("case:", "https://w3id.org/pvgraph/id/case/"),
    ("src:", "https://w3id.org/pvgraph/id/source/"),
)

# (source directory, named graph) of what the knowledge tests load.
SOURCES = (("ontology", "ontology"), ("data/study", "study"), ("data/examples", "examples"))

Row = tuple[str | None, ...]
Runner = Callable[..., list[Row]]


def turtle_files(directory: Path) -> list[Path]:
    """A source directory's Turtle files (the examples' ``submissions/`` are test inputs, not data)."""
    return sorted(p for p in directory.rglob("*.ttl") if "submissions" not in p.relative_to(directory).parts)


def load_plain(sources: Iterable[tuple[str, str]], *, derived: bool = True) -> ox.Store:
    """The Turtle files of each source directory parsed into its named graph, nothing inferred by
    OWL; with ``derived``, pvgraph's derived relations (:func:`add_derived`) in graph/inferred."""
    store = ox.Store()
    for directory, graph in sources:
        for path in turtle_files(REPO / directory):
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH + graph))
    if derived:
        add_derived(store)
    return store


@cache
def ontology_rules() -> RuleSet:
    """The rule tables of the repository's ontology (its class hierarchy, for the kinds)."""
    graph = rdflib.Graph()
    for path in turtle_files(REPO / "ontology"):
        graph.parse(path, format="turtle")
    return derive_rules(graph)


def add_derived(store: ox.Store) -> None:
    """pvgraph's derived relations (pv:mostSpecificKind, pv:ledByEPCI), computed by
    the build's own function from what the store holds (the union of its graphs) — into
    graph/inferred when the store has named graphs, else into its default graph. Named questions
    that read them need them on a store without the OWL closure too; their bodies give the same
    relations with or without it (tests/reasoning/test_derived.py)."""
    def select(sparql: str, _dataset: object) -> list[tuple]:  # always the union here
        result = store.query(sparql, use_default_graph_as_union=True)
        width = len(result.variables)
        return [tuple(solution[i] for i in range(width)) for solution in result]

    found = derived_triples(select, ontology_rules())
    named = any(True for _ in store.named_graphs())
    graph = ox.NamedNode(GRAPH + "inferred") if named else ox.DefaultGraph()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for triples in found.values() for t in triples)

def store_with(turtle: str, *, closure: bool) -> ox.Store:
    """The ontology and a Turtle snippet in one store, as written or closed by owlrl (OWL 2 RL),
    with pvgraph's derived relations (:func:`add_derived`).

    owlrl's closure holds generalised triples (literal subjects): only RDF ones are kept."""
    import owlrl

    graph = rdflib.Graph()
    for path in turtle_files(REPO / "ontology"):
        graph.parse(path, format="turtle")
    graph.parse(data=turtle, format="turtle")
    if closure:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    valid = rdflib.Graph()
    for s, p, o in graph:
        if not isinstance(s, rdflib.Literal) and isinstance(p, rdflib.URIRef):
            valid.add((s, p, o))
    store = ox.Store()
    store.load(valid.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    add_derived(store)
    return store


def short(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    """An IRI as a short name (``pv:PoliticalValue``, ``ex:…``), a literal as its lexical form."""
    if term is None:
        return None
    value = term.value
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in SHORT:
            if value.startswith(namespace):
                return prefix + value[len(namespace):]
    return value


def presentation_figures() -> dict[str, tuple[int, ...]]:
    """The population figures the presentation prints in each case's column ("150 000 habitants"
    under "Collectivité A"), read from its text: {"A": (150000, 300000), …}, in their order."""
    text = PRESENTATION_TEXT.read_text(encoding="utf-8")
    columns = dict(zip(*[iter(re.split(r"Collectivité ([A-D])\b", text)[1:])] * 2, strict=True))
    return {case: tuple(int(n.replace(" ", "")) for n in re.findall(r"(\d{1,3}(?: \d{3})*)\s+habitants", column))
            for case, column in columns.items()}
