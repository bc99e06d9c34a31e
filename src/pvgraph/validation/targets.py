"""SHACL-AF SPARQL targets answered by Oxigraph, handed to pySHACL as explicit target nodes.

pySHACL evaluates each ``sh:SPARQLTarget`` with rdflib's SPARQL engine over the whole data graph.
On a 10 000-row spreadsheet (71 517 triples) the five SPARQL targets of the project's shapes took
1.4 s, one of them (French-looking names tagged ``@en``: a REGEX on every label) 1.1 s; Oxigraph
answers the same queries in milliseconds. So, before pySHACL runs:

- :func:`sparql_targets` reads the targets with pySHACL's own code (its ``Shape`` and query
  helper), so the query text, prefixes included, is exactly the one pySHACL would run;
- :func:`find_focus_nodes` runs them on an Oxigraph copy of pySHACL's data graph
  (:func:`oxigraph_copy`: the same triples, literals in rdflib's lexical forms);
- :func:`with_explicit_targets` replaces each ``sh:target`` in the shapes copy pySHACL is given by
  the ``sh:targetNode`` values found. A shape's focus nodes are the union of its targets, and a
  target node is a focus node whether or not the data mentions it, so the shape validates exactly
  the same nodes, with the same results.

The two engines read a few literals differently: rdflib casts with Python's ``int``, ``float``
and ``Decimal`` (which accept ``" 2024"``, ``"2_024"``, Arabic-Indic digits, ``"inf"``), its
``REGEX`` is Python's (``$`` also matches before a final newline), and Oxigraph lowercases
language tags where rdflib keeps them. When the data holds such a literal
(:func:`engines_may_differ`) the targets are left to pySHACL: slower, never different.
tests/validation/test_targets.py checks, target by target, that the focus nodes equal pySHACL's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import rdflib
from pyshacl.consts import SH_SPARQLTarget
from pyshacl.shapes_graph import ShapesGraph
from rdflib.term import Node

from pvgraph.errors import QueryError
from pvgraph.loading import from_rdflib_term, to_rdflib_term
from pvgraph.namespaces import SH
from pvgraph.store import EmbeddedStore


@dataclass(frozen=True)
class SparqlTarget:
    """One ``sh:target`` of a shape, with the SELECT query pySHACL would run for it."""

    shape: Node
    target: Node
    query: str


def sparql_targets(shapes: rdflib.Graph) -> list[SparqlTarget]:
    """The SPARQL targets of ``shapes``, read by pySHACL (which adds to the graph it reads: give it
    a copy). Targets of another kind (SPARQL target types with parameters, JavaScript) are not
    listed: pySHACL keeps them."""
    if (None, SH.target, None) not in shapes:
        return []
    found = []
    for shape in ShapesGraph(shapes).shapes:
        shape.set_advanced(True)
        for target, declared in (shape.advanced_target() or {}).items():
            if declared.get("type") != SH_SPARQLTarget:
                continue
            helper = declared["qh"]
            found.append(SparqlTarget(shape.node, target, helper.apply_prefixes(helper.select_text)))
    return found


COPY_GRAPH = "urn:pvgraph:validation:data"  # the copy's one graph (the store keeps data in named graphs)


class OxigraphCopy:
    """An Oxigraph store holding the triples of an rdflib graph, and the way back to its terms."""

    def __init__(self) -> None:
        self.store = EmbeddedStore()  # in memory
        self._to_ox: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        self.to_rdflib: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(self, node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        found = self._to_ox.get(node)
        if found is None:
            # A blank node gets a fresh Oxigraph label (rdflib's labels need not be valid ones).
            found = ox.BlankNode() if isinstance(node, rdflib.BNode) else from_rdflib_term(node)
            self._to_ox[node] = found
            self.to_rdflib[found] = node
        return found

    def literals(self) -> list[rdflib.Literal]:
        """The distinct literals of the graph."""
        return [node for node in self._to_ox if isinstance(node, rdflib.Literal)]

    def add(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        term = self.term
        self.store.add_to_graph(COPY_GRAPH, (ox.Triple(term(s), term(p), term(o))  # type: ignore[arg-type]
                                             for s, p, o in triples))


def oxigraph_copy(graph: rdflib.Graph) -> OxigraphCopy:
    """``graph`` in Oxigraph, its literals written as rdflib holds them (rdflib normalises some
    lexical forms, ``"01"^^xsd:integer`` to ``"1"``: ``STR()`` must see the same text)."""
    copy = OxigraphCopy()
    copy.add(graph)
    return copy


def find_focus_nodes(targets: list[SparqlTarget], copy: OxigraphCopy) -> dict[SparqlTarget, set[Node]]:
    """Each target's focus nodes: the ``?this`` of its query's answers, as the rdflib terms of
    the graph (pySHACL adds ``r['this']`` of every answer). A query Oxigraph cannot run (rdflib
    accepts a few extensions) is left out: pySHACL keeps that target."""
    found: dict[SparqlTarget, set[Node]] = {}
    for target in targets:
        try:
            answer = copy.store.query(target.query)  # the one graph: the union is the data graph
        except QueryError:
            continue
        if answer.kind != "select" or "this" not in answer.variables:
            continue
        column = answer.variables.index("this")
        nodes: set[Node] = set()
        for row in answer.rows:
            this = row[column]
            if this is not None:
                nodes.add(copy.to_rdflib.get(this) or to_rdflib_term(this))  # or made up by the query
        found[target] = nodes
    return found


def with_explicit_targets(shapes: rdflib.Graph, found: dict[SparqlTarget, set[Node]]) -> None:
    """Replace, in ``shapes`` (a copy made for one validation), each SPARQL target by its focus
    nodes as ``sh:targetNode`` values."""
    for target, nodes in found.items():
        shapes.remove((target.shape, SH.target, target.target))
        for node in nodes:
            shapes.add((target.shape, SH.targetNode, node))


XSD_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN")
"""The lexical forms of xsd:integer, decimal, float and double: what Oxigraph casts to a number."""


def engines_may_differ(literals: Iterable[rdflib.Literal]) -> bool:
    """Whether rdflib's SPARQL and Oxigraph may answer differently about one of ``literals``: a
    text Python reads as a number and XSD does not (rdflib's casts accept it, Oxigraph's do
    not), a text ending with a newline (Python's ``$`` matches before it), a language tag
    with capitals (Oxigraph lowercases it), a boolean in capitals (rdflib casts ``"TRUE"``)."""
    for literal in literals:
        text = str(literal)
        if text.endswith("\n") or (text.lower() in ("true", "false") and text not in ("true", "false")):
            return True
        language = literal.language
        if language and language != language.lower():
            return True
        if text and _python_reads_number(text) and not XSD_NUMBER.fullmatch(text):
            return True
    return False


def _python_reads_number(text: str) -> bool:
    if not any(c.isdecimal() for c in text) and text.strip().lstrip("+-").lower() not in ("inf", "infinity", "nan", "snan"):
        return False
    try:
        float(text)
        return True
    except ValueError:
        pass
    try:
        Decimal(text)
        return True
    except (InvalidOperation, ValueError):
        return False
