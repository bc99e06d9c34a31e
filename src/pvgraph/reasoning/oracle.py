"""owlrl as the oracle: the instance triples its full closure holds, in pvgraph's scope.

The comparison the tests make (and the benchmark repeats at scale) is:

    oracle   = in_scope(owlrl_OWL_RL(ontology ∪ data)) − (ontology ∪ data)
    pvgraph  = in_scope(inferred graph) − (ontology ∪ data)

with ``in_scope`` = triples whose subject is not a literal and that are either ``s rdf:type C``
with ``C`` a named class outside RDF/RDFS/OWL/XSD, or ``s p o`` with ``p`` a named property
outside those vocabularies (see :mod:`pvgraph.reasoning.vocabulary`). owlrl runs with every OWL 2
RL rule on the input as it is: the sets are equal when the ontology's axioms only call for the
supported instance rules, which the fixtures check and ``RuleSet.unsupported`` reports otherwise.
Only for tests and benchmarks: owlrl works in Python memory and does not scale.
"""

from __future__ import annotations

from collections.abc import Iterable

import owlrl
import rdflib
from rdflib import Literal, URIRef

from pvgraph.reasoning.rules import ERROR_PREDICATE
from pvgraph.reasoning.vocabulary import RDF_TYPE, is_builtin

Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]


def in_scope(triple: Triple) -> bool:
    """Is this an instance triple in the ontology's vocabulary (what pvgraph materialises)?"""
    s, p, o = triple
    if isinstance(s, Literal) or not isinstance(p, URIRef):
        return False
    if str(p) == RDF_TYPE:
        return isinstance(o, URIRef) and not is_builtin(str(o))
    return not is_builtin(str(p))


def owlrl_closure(ontology: rdflib.Graph, data: rdflib.Graph, *, rdfs: bool = False
                  ) -> tuple[set[Triple], list[str]]:
    """owlrl's closure of ontology ∪ data (OWL 2 RL, or RDFS): the in-scope triples it adds, and
    its inconsistency messages."""
    graph = rdflib.Graph()
    for triple in ontology:
        graph.add(triple)
    for triple in data:
        graph.add(triple)
    asserted = set(graph)
    semantics = owlrl.RDFS_Semantics if rdfs else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    errors = set(graph.subjects(ERROR_PREDICATE, None))
    entailed = {t for t in graph if t not in asserted and t[0] not in errors and in_scope(t)}
    return entailed, sorted(str(o) for o in graph.objects(None, ERROR_PREDICATE))


def owlrl_entailments(ontology: rdflib.Graph, data: rdflib.Graph, *, rdfs: bool = False
                      ) -> set[Triple]:
    """The in-scope triples owlrl's closure of ontology ∪ data adds."""
    return owlrl_closure(ontology, data, rdfs=rdfs)[0]


def owlrl_errors(ontology: rdflib.Graph, data: rdflib.Graph) -> list[str]:
    """owlrl's inconsistency messages on ontology ∪ data (OWL 2 RL)."""
    return owlrl_closure(ontology, data)[1]


def new_in_scope(triples: Iterable[Triple], asserted: set[Triple]) -> set[Triple]:
    """The in-scope triples of an inferred graph that are not asserted, without pvgraph's own
    derived relations (no OWL entailment: tests/reasoning/test_derived.py checks them)."""
    from pvgraph.reasoning.derived import PROPERTIES

    derived = {URIRef(p) for p in PROPERTIES}
    return {t for t in triples if t not in asserted and in_scope(t) and t[1] not in derived}
