"""The one place that calls pySHACL.

Every argument is explicit, so that a pySHACL upgrade that changes a default (it changed the
default inference once) cannot change our results silently:

- ``inference="none"``: the class hierarchy comes from the ontology mixed in, so a
  ``pv:CommunauteDAgglomeration`` is a ``pv:EPCI`` for ``sh:targetClass`` and ``sh:class``
  without the cost of an RDFS/OWL closure;
- ``allow_warnings=True``: warnings and infos do not make the data non-conformant;
- ``advanced=True``: SHACL Advanced Features, for the SPARQL targets of recommended.ttl (there
  are no rules in the shapes, so nothing is added to the data);
- ``do_owl_imports=False``, ``js=False``: nothing is fetched, nothing runs but SHACL;
- a fresh copy of the shapes graph per call: pySHACL caches state on the graphs it is given, and
  a server validates concurrently; in that copy, property shapes carry their node shapes' targets
  (:func:`hoist_property_targets`, same results, about three times faster), and SPARQL targets
  are replaced by the focus nodes Oxigraph finds for them (:mod:`pvgraph.validation.targets`).

pySHACL given ``ont_graph`` copies the whole data graph, then adds the ontology's class and
property axioms to the copy (its "inoculation"); on 71 517 triples the copy took longer than the
validation proper. :func:`run_shacl` gives it instead a graph that already holds those axioms
(:func:`ontology_axioms`, the same triples pySHACL would add) with ``inplace=True``: the caller's
own scratch graph, the axioms taken out again afterwards, or a quick copy.

pySHACL's exceptions are translated here, once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import rdflib
import rdflib.plugin
import rdflib.query
from pyshacl import validate as pyshacl_validate
from pyshacl.errors import ReportableRuntimeError, ValidationFailure
from pyshacl.rdfutil.inoculate import inoculate
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from pvgraph.errors import PvgraphError
from pvgraph.loading import simple_graph
from pvgraph.namespaces import SH
from pvgraph.validation.targets import (
    engines_may_differ,
    find_focus_nodes,
    oxigraph_copy,
    sparql_targets,
    with_explicit_targets,
)

PYSHACL_ARGUMENTS: dict[str, Any] = {
    "inference": "none",
    "advanced": True,  # SHACL-AF: the SPARQL targets of shapes/recommended.ttl
    "inplace": False,
    "abort_on_first": False,
    "allow_infos": True,
    "allow_warnings": True,
    "meta_shacl": False,
    "do_owl_imports": False,
    "js": False,
    "debug": False,
}
"""The arguments of every pySHACL call (the equality test calls plain pySHACL with them too)."""


class ShaclEngineError(PvgraphError):
    """pySHACL could not run the shapes: a defect of the shapes, hence a bug (exit 70)."""


def copy_graph(graph: rdflib.Graph, *, simple: bool = False) -> rdflib.Graph:
    """A new graph with the same triples and prefixes (blank nodes keep their identity);
    ``simple``: on rdflib's SimpleMemory store (:func:`pvgraph.loading.simple_graph`)."""
    fresh = simple_graph() if simple else rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        fresh.bind(prefix, namespace, override=False)
    for triple in graph:
        fresh.add(triple)
    return fresh


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
SHAPE_LINKS = (SH.node, SH["not"], SH.qualifiedValueShape)
LIST_LINKS = (SH["and"], SH["or"], SH.xone)


def hoist_property_targets(shapes: rdflib.Graph) -> rdflib.Graph:
    """A copy of ``shapes`` where property shapes carry their node shape's targets themselves.

    pySHACL validates a property shape reached through ``sh:property`` once per focus node, and
    re-reads its parameters and rebuilds its constraint objects each time; a property shape with
    targets of its own is validated once for all its focus nodes. On a 10 000-triple submission
    that is about three times faster. A property shape linked from one node shape ``N`` validates
    exactly ``N``'s focus nodes, so giving it ``N``'s targets instead of the link changes no
    result, provided that (checked against the W3C SHACL test suite, tests/validation):

    - the property shape has exactly one parent, is used by no other shape (a shape reached
      twice reports twice) and has no ``sh:property`` or ``sh:node`` of its own (their results
      are about the value nodes, which several focus nodes may share);
    - ``N`` has targets, is not deactivated, not used by another shape, not ``sh:closed`` (closed
      shapes read their ``sh:property`` paths) and none of its property shapes is qualified
      (``sh:qualifiedValueShapesDisjoint`` reads the sibling property shapes);
    - ``N`` has no SHACL-AF target (``sh:target``) left: those are not carried over (the run
      replaces SPARQL targets by their focus nodes first, :func:`explicit_sparql_targets`).
    """
    graph = copy_graph(shapes)
    used: set[rdflib.term.Node] = set()
    for key in SHAPE_LINKS:
        used |= set(graph.objects(None, key))
    for key in LIST_LINKS:
        for head in graph.objects(None, key):
            used.update(graph.items(head))
    parents: dict[rdflib.term.Node, list[rdflib.term.Node]] = {}
    for node, prop in graph.subject_objects(SH.property):
        parents.setdefault(prop, []).append(node)
    for prop, nodes in parents.items():
        if len(nodes) != 1 or prop in used:
            continue
        node = nodes[0]
        targets = [(p, o) for p in TARGETS for o in graph.objects(node, p)]
        siblings = list(graph.objects(node, SH.property))
        if (
            not targets
            or (prop, SH.property, None) in graph  # nested shapes report their value nodes as focus
            or (prop, SH.node, None) in graph
            or node in used
            or (node, SH.deactivated, None) in graph
            or (node, SH.target, None) in graph
            or (node, SH.closed, None) in graph
            or any((sibling, SH.qualifiedValueShape, None) in graph for sibling in siblings)
        ):
            continue
        for predicate, target in targets:
            graph.add((prop, predicate, target))
        graph.remove((node, SH.property, prop))
    return graph


def run_shacl(
    data: rdflib.Graph, *, shapes: rdflib.Graph, ontology: rdflib.Graph | None, scratch: bool = False
) -> tuple[bool, rdflib.Graph]:
    """Validate ``data`` against ``shapes`` with ``ontology`` mixed in; (conforms, report graph).

    ``scratch=True`` says ``data`` was made for this validation: pySHACL then works on it
    directly, with the ontology's axioms added for the run and taken out again (``data`` holds
    the same triples afterwards). Otherwise it works on a copy; ``data`` is never changed.
    """
    if (None, SH.rule, None) in shapes or (None, SH.entailment, None) in shapes:
        # Rules add triples to the graph they run on: leave the copying to pySHACL.
        return _pyshacl(data, hoist_property_targets(shapes), ontology, inplace=False)
    graph = data if scratch else copy_graph(data, simple=True)
    added = []
    if ontology is not None:
        for triple in ontology_axioms(ontology):
            if triple not in graph:
                graph.add(triple)
                added.append(triple)
    try:
        with _translated_errors():
            explicit = explicit_sparql_targets(copy_graph(shapes), graph)
        return _pyshacl(graph, hoist_property_targets(explicit), None, inplace=True)  # a fresh copy, faster to run
    finally:
        if scratch:
            for triple in added:
                graph.remove(triple)


def explicit_sparql_targets(shapes: rdflib.Graph, graph: rdflib.Graph) -> rdflib.Graph:
    """``shapes`` (a copy made for one validation, changed in place and returned) with its SPARQL
    targets replaced by the focus nodes Oxigraph finds in ``graph``, pySHACL's data graph; left
    to pySHACL when a literal of ``graph`` might be read differently by the two SPARQL engines."""
    targets = sparql_targets(shapes)
    if not targets:
        return shapes
    copy = oxigraph_copy(graph)
    if not engines_may_differ(copy.literals()):
        with_explicit_targets(shapes, find_focus_nodes(targets, copy))
    return shapes


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except (ReportableRuntimeError, ValidationFailure, NotImplementedError) as exc:
        # NotImplementedError: a SHACL feature pySHACL lacks (e.g. $shapesGraph in SPARQL).
        raise ShaclEngineError(f"pySHACL could not run the shapes: {exc}") from exc


def ontology_axioms(ontology: rdflib.Graph) -> rdflib.Graph:
    """What pySHACL adds to the data graph from ``ontology`` (classes, properties and their
    axioms, named individuals): its own inoculation, into an empty graph. It depends on the
    ontology alone, so adding it to the data is the same as letting pySHACL add it."""
    axioms = rdflib.Graph()
    inoculate(axioms, ontology)  # type: ignore[arg-type]  # pySHACL's DataGraph is an rdflib graph
    return axioms


def _pyshacl(
    data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph | None, *, inplace: bool
) -> tuple[bool, rdflib.Graph]:
    with _translated_errors():
        conforms, report, _text = pyshacl_validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference=PYSHACL_ARGUMENTS["inference"],
            advanced=PYSHACL_ARGUMENTS["advanced"],
            inplace=inplace,
            abort_on_first=PYSHACL_ARGUMENTS["abort_on_first"],
            allow_infos=PYSHACL_ARGUMENTS["allow_infos"],
            allow_warnings=PYSHACL_ARGUMENTS["allow_warnings"],
            meta_shacl=PYSHACL_ARGUMENTS["meta_shacl"],
            do_owl_imports=PYSHACL_ARGUMENTS["do_owl_imports"],
            js=PYSHACL_ARGUMENTS["js"],
            debug=PYSHACL_ARGUMENTS["debug"],
        )
    if not isinstance(report, rdflib.Graph):  # pySHACL returns a ValidationFailure in place of a graph
        raise ShaclEngineError(f"pySHACL could not run the shapes: {report}")
    return bool(conforms), report


def shacl_shacl_path() -> Path:
    """The W3C "SHACL shapes for SHACL" graph (shacl-shacl), as shipped with pySHACL."""
    return Path(str(resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"))


_meta_results: dict[str, tuple[bool, str]] = {}


def meta_validate(shapes: rdflib.Graph) -> tuple[bool, str]:
    """Validate a shapes graph against shacl-shacl; (conforms, pySHACL's text report).

    It takes seconds (shacl-shacl targets every node of the shapes), so the answer is remembered
    for the exact same triples (``pvgraph check`` and the tests ask about the same shapes).
    """
    key = hashlib.sha256("\n".join(sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in shapes)).encode()).hexdigest()
    if key not in _meta_results:
        _meta_results[key] = _meta_validate(shapes)
    return _meta_results[key]


def _meta_validate(shapes: rdflib.Graph) -> tuple[bool, str]:
    meta = rdflib.Graph().parse(shacl_shacl_path(), format="turtle")
    try:
        conforms, _graph, text = pyshacl_validate(
            copy_graph(shapes), shacl_graph=meta, ont_graph=None, inference="none",
            advanced=False, inplace=False, abort_on_first=False, allow_infos=True,
            allow_warnings=True, meta_shacl=False, do_owl_imports=False, js=False, debug=False,
        )
    except (ReportableRuntimeError, ValidationFailure) as exc:
        raise ShaclEngineError(f"pySHACL could not run shacl-shacl: {exc}") from exc
    return bool(conforms), str(text)


class CachingSPARQLProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, remembering parsed queries.

    pySHACL runs a SHACL-SPARQL constraint once per focus node, passing the query text each time,
    and rdflib parses it again each time (about 0.2 s here): a 10 000-triple submission would
    spend minutes parsing the same few queries. Parsing and translating a query text is a pure
    function, and a translated query is reusable (that is what ``prepareQuery`` is for), so the
    result is cached by text, base and namespaces. Registered as rdflib's "sparql" processor when
    this module is imported; queries that are already parsed pass through unchanged.
    """

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Identifier] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = translate_query(strOrQuery, base, namespaces)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@lru_cache(maxsize=256)
def translate_query(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Query:
    """A query text parsed and translated to SPARQL algebra, once (rdflib's errors pass through)."""
    return translateQuery(parseQuery(text), base, dict(namespaces) or None)


rdflib.plugin.register("sparql", rdflib.query.Processor, __name__, "CachingSPARQLProcessor")
