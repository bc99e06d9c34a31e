"""The rules, read from the ontology's OWL 2 RL closure.

owlrl closes the ontology (a few thousand triples: cheap) with every ``scm-*`` rule, so the
tables read here are already complete: the class and property hierarchies are transitive,
equivalences have become two-way subsumptions (scm-eqc1, scm-eqp1), domains and ranges are
inherited (scm-dom1/2, scm-rng1/2), unions and intersections have given their subsumptions
(scm-uni, scm-int). The tables are then closed once more in Python (transitive hierarchy,
domains and ranges extended to every superclass) so that a single application of a typing rule
gives every type: that is what lets the fixpoint treat derived ``rdf:type`` triples as final.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import owlrl
import pyoxigraph as ox
import rdflib
from rdflib import OWL, RDF, RDFS, BNode, URIRef
from rdflib.collection import Collection

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning.vocabulary import is_vocabulary_term

ERROR_PREDICATE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


@dataclass(frozen=True)
class ChainStep:
    """One link of a property chain: ``property``, read backwards when ``inverse``."""

    property: str
    inverse: bool = False


@dataclass(frozen=True)
class Chain:
    """``head`` holds between the ends of a path along ``steps`` (prp-spo2)."""

    steps: tuple[ChainStep, ...]
    head: str


@dataclass
class RuleSet:
    """Every table the SPARQL rules and the consistency checks are generated from."""

    superclasses: dict[str, frozenset[str]] = field(default_factory=dict)  # strict, transitive
    superproperties: dict[str, frozenset[str]] = field(default_factory=dict)
    inverses: set[tuple[str, str]] = field(default_factory=set)  # x p y ⇒ y q x (incl. symmetric)
    transitive: set[str] = field(default_factory=set)
    chains: list[Chain] = field(default_factory=list)
    domains: dict[str, frozenset[str]] = field(default_factory=dict)  # with every superclass
    ranges: dict[str, frozenset[str]] = field(default_factory=dict)
    # The single-premise rules composed (see _compose): what one triple ``x p y`` gives alone.
    forward: dict[str, frozenset[str]] = field(default_factory=dict)  # x p y ⇒ x f y
    backward: dict[str, frozenset[str]] = field(default_factory=dict)  # x p y ⇒ y b x
    subject_types: dict[str, frozenset[str]] = field(default_factory=dict)  # x p y ⇒ x a C
    object_types: dict[str, frozenset[str]] = field(default_factory=dict)  # x p y ⇒ y a C
    disjoint_classes: set[frozenset[str]] = field(default_factory=set)
    nothing_classes: set[str] = field(default_factory=set)  # classes the ontology makes empty
    irreflexive: set[str] = field(default_factory=set)
    asymmetric: set[str] = field(default_factory=set)
    disjoint_properties: set[frozenset[str]] = field(default_factory=set)
    schema_triples: list[tuple[str, str, str]] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    ontology_errors: list[str] = field(default_factory=list)

    def joined_properties(self) -> set[str]:
        """Properties read by the two-premise rules (prp-trp, prp-spo2): a new triple of one of
        them must be fed back to the next round. The single-premise rules need no feeding: their
        composed tables already give everything one triple entails on its own."""
        found = set(self.transitive)
        for chain in self.chains:
            found.update(step.property for step in chain.steps)
        return found

    def body_properties(self) -> set[str]:
        """Every property some rule reads."""
        return (self.joined_properties() | set(self.forward) | set(self.backward)
                | set(self.subject_types) | set(self.object_types))

    def counts(self) -> dict[str, int]:
        """How many axioms each supported OWL 2 RL instance rule was generated from."""
        return {
            "cax-sco": sum(len(v) for v in self.superclasses.values()),
            "prp-spo1": sum(len(v) for v in self.superproperties.values()),
            "prp-inv1/2+prp-symp": len(self.inverses),
            "prp-trp": len(self.transitive),
            "prp-spo2": len(self.chains),
            "prp-dom": sum(len(v) for v in self.domains.values()),
            "prp-rng": sum(len(v) for v in self.ranges.values()),
        }


# Constructs whose instance-level OWL 2 RL rules pvgraph does not run (see the package docstring).
_UNSUPPORTED_PREDICATES = {
    OWL.hasValue: "cls-hv1/2",
    OWL.someValuesFrom: "cls-svf1/2",
    OWL.allValuesFrom: "cls-avf",
    OWL.intersectionOf: "cls-int1 (only its subsumptions scm-int are used)",
    OWL.maxCardinality: "cls-maxc1/2",
    OWL.maxQualifiedCardinality: "cls-maxqc1-4",
    OWL.oneOf: "cls-oo",
    OWL.hasKey: "prp-key",
    OWL.complementOf: "cls-com",
    OWL.sameAs: "eq-* (owl:sameAs)",
    OWL.sourceIndividual: "prp-npa1/2",
}
_UNSUPPORTED_TYPES = {
    OWL.FunctionalProperty: "prp-fp",
    OWL.InverseFunctionalProperty: "prp-ifp",
}

_CACHE: dict[str, RuleSet] = {}
_CACHE_SIZE = 4


def ontology_closure(ontology: rdflib.Graph) -> rdflib.Graph:
    """owlrl's OWL 2 RL closure of a copy of the ontology (the input is left untouched)."""
    closed = rdflib.Graph()
    for triple in ontology:
        closed.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closed)
    return closed


def rules_for_quads(quads: Sequence[ox.Quad]) -> RuleSet:
    """The same from pyoxigraph quads, converted to rdflib only when not cached (the cache key
    is computed on pyoxigraph's own N-Triples rendering: fast)."""
    key = _key(str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads)
    return _cached(key, lambda: to_rdflib_graph(quads))


def _key(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def _cached(key: str, ontology: Callable[[], rdflib.Graph]) -> RuleSet:
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = derive_rules(ontology())
    return _CACHE[key]


def derive_rules(ontology: rdflib.Graph) -> RuleSet:
    """Close the ontology with owlrl and read the rule tables from the closure."""
    closed = ontology_closure(ontology)
    rules = RuleSet()
    rules.superclasses = _transitive(_named_pairs(closed, RDFS.subClassOf))
    rules.superproperties = _transitive(_named_pairs(closed, RDFS.subPropertyOf))
    for p, q in _named_pairs(closed, OWL.inverseOf):
        rules.inverses.update({(p, q), (q, p)})
    rules.inverses.update((p, p) for p in _named_typed(closed, OWL.SymmetricProperty))
    rules.transitive = set(_named_typed(closed, OWL.TransitiveProperty))
    rules.chains = _chains(closed, rules)
    rules.domains = _with_superclasses(_named_pairs(closed, RDFS.domain), rules.superclasses)
    rules.ranges = _with_superclasses(_named_pairs(closed, RDFS.range), rules.superclasses)
    _inherit_from_superproperties(rules.domains, rules.superproperties, rules.superclasses)
    _inherit_from_superproperties(rules.ranges, rules.superproperties, rules.superclasses)
    _compose(rules)
    _read_constraints(closed, rules)
    rules.schema_triples = _schema_triples(ontology, rules)
    rules.unsupported = _unsupported(ontology)
    rules.ontology_errors = sorted(str(o) for o in closed.objects(None, ERROR_PREDICATE))
    return rules


def _named_pairs(graph: rdflib.Graph, predicate: URIRef) -> set[tuple[str, str]]:
    """(s, o) for every ``s predicate o`` between two distinct named, non-built-in terms."""
    return {
        (str(s), str(o))
        for s, o in graph.subject_objects(predicate)
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o
        and is_vocabulary_term(str(s)) and is_vocabulary_term(str(o))
    }


def _named_typed(graph: rdflib.Graph, cls: URIRef) -> Iterable[str]:
    for s in graph.subjects(RDF.type, cls):
        if isinstance(s, URIRef) and is_vocabulary_term(str(s)):
            yield str(s)


def _transitive(pairs: set[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each term's strict ancestors (owlrl's closure is already transitive; this makes sure)."""
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in pairs:
        direct[sub].add(sup)
    result: dict[str, frozenset[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        seen.discard(start)
        if seen:
            result[start] = frozenset(seen)
    return result


def _with_superclasses(
    pairs: set[tuple[str, str]], superclasses: dict[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for prop, cls in pairs:
        table[prop].add(cls)
        table[prop].update(superclasses.get(cls, ()))
    return {p: frozenset(c) for p, c in table.items()}


def _inherit_from_superproperties(
    table: dict[str, frozenset[str]],
    superproperties: dict[str, frozenset[str]],
    superclasses: dict[str, frozenset[str]],
) -> None:
    """scm-dom2/scm-rng2 once more: a subproperty's triples type like its superproperties'."""
    for prop, supers in superproperties.items():
        inherited = set(table.get(prop, ()))
        for sup in supers:
            inherited.update(table.get(sup, ()))
        for cls in list(inherited):
            inherited.update(superclasses.get(cls, ()))
        if inherited:
            table[prop] = frozenset(inherited)


def _compose(rules: RuleSet) -> None:
    """Compose the single-premise rules once, in Python, so that one SPARQL pass gives all they
    entail together: from ``x p y``, the forward properties F (``x f y``) and backward ones B
    (``y b x``) are closed under prp-spo1 (superproperties) and prp-inv1/2, prp-symp (inverses),
    and the types under prp-dom, prp-rng and cax-sco. Then only prp-trp and prp-spo2 need rounds:
    without this, every inverse's conclusions went round again for their types and
    superproperties (measured: most of the time of the second round)."""
    inverse_of: dict[str, set[str]] = defaultdict(set)
    for p, q in rules.inverses:
        inverse_of[p].add(q)
    properties = (set(rules.superproperties) | set(inverse_of) | set(rules.domains)
                  | set(rules.ranges) | rules.transitive
                  | {step.property for chain in rules.chains for step in chain.steps}
                  | {chain.head for chain in rules.chains})
    for p in properties:
        forward, backward = {p}, set[str]()
        while True:
            size = len(forward) + len(backward)
            for f in list(forward):
                forward.update(rules.superproperties.get(f, ()))
                backward.update(inverse_of.get(f, ()))
            for b in list(backward):
                backward.update(rules.superproperties.get(b, ()))
                forward.update(inverse_of.get(b, ()))
            if len(forward) + len(backward) == size:
                break
        subject_types: set[str] = set()
        object_types: set[str] = set()
        for f in forward:
            subject_types.update(rules.domains.get(f, ()))
            object_types.update(rules.ranges.get(f, ()))
        for b in backward:
            subject_types.update(rules.ranges.get(b, ()))
            object_types.update(rules.domains.get(b, ()))
        if forward - {p}:
            rules.forward[p] = frozenset(forward - {p})
        if backward:
            rules.backward[p] = frozenset(backward)
        if subject_types:
            rules.subject_types[p] = frozenset(subject_types)
        if object_types:
            rules.object_types[p] = frozenset(object_types)


def _chains(graph: rdflib.Graph, rules: RuleSet) -> list[Chain]:
    """prp-spo2 axioms whose links are named properties or ``[owl:inverseOf named]``."""
    chains: list[Chain] = []
    for head, head_list in graph.subject_objects(OWL.propertyChainAxiom):
        if not (isinstance(head, URIRef) and is_vocabulary_term(str(head))):
            continue
        steps: list[ChainStep] = []
        for member in Collection(graph, head_list):
            if isinstance(member, URIRef) and is_vocabulary_term(str(member)):
                steps.append(ChainStep(str(member)))
                continue
            inverse_of = graph.value(member, OWL.inverseOf) if isinstance(member, BNode) else None
            if isinstance(inverse_of, URIRef) and is_vocabulary_term(str(inverse_of)):
                steps.append(ChainStep(str(inverse_of), inverse=True))
            else:
                rules.unsupported.append(f"prp-spo2: chain of {head} has an unnamed link {member}")
                steps = []
                break
        if steps:  # a one-link chain is a subproperty or inverse axiom: same machinery
            chains.append(Chain(tuple(steps), str(head)))
    return sorted(set(chains), key=lambda c: (c.head, c.steps))


def _read_constraints(graph: rdflib.Graph, rules: RuleSet) -> None:
    """The tables of the consistency checks (cax-dw, cax-adc, cls-nothing2, prp-irp/asyp/pdw)."""
    for a, b in _named_pairs(graph, OWL.disjointWith):
        rules.disjoint_classes.add(frozenset((a, b)))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [str(m) for m in Collection(graph, graph.value(node, OWL.members) or RDF.nil)
                   if isinstance(m, URIRef) and is_vocabulary_term(str(m))]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a != b:
                    rules.disjoint_classes.add(frozenset((a, b)))
    for cls in graph.subjects(RDFS.subClassOf, OWL.Nothing):
        if isinstance(cls, URIRef) and is_vocabulary_term(str(cls)):
            rules.nothing_classes.add(str(cls))
    rules.irreflexive = set(_named_typed(graph, OWL.IrreflexiveProperty))
    rules.asymmetric = set(_named_typed(graph, OWL.AsymmetricProperty))
    for a, b in _named_pairs(graph, OWL.propertyDisjointWith):
        rules.disjoint_properties.add(frozenset((a, b)))


def _schema_triples(ontology: rdflib.Graph, rules: RuleSet) -> list[tuple[str, str, str]]:
    """The subsumptions the ontology entails but does not state (handy for queries)."""
    found: list[tuple[str, str, str]] = []
    for table, predicate in ((rules.superclasses, RDFS.subClassOf),
                             (rules.superproperties, RDFS.subPropertyOf)):
        for sub, supers in table.items():
            for sup in supers:
                if (URIRef(sub), predicate, URIRef(sup)) not in ontology:
                    found.append((sub, str(predicate), sup))
    return sorted(found)


def _unsupported(ontology: rdflib.Graph) -> list[str]:
    """The axioms whose instance-level consequences pvgraph does not materialise."""
    notes: set[str] = set()
    for predicate, rule in _UNSUPPORTED_PREDICATES.items():
        for subject in ontology.subjects(predicate, None):
            notes.add(f"{rule}: {predicate.n3()} on {subject.n3()}")
    for cls, rule in _UNSUPPORTED_TYPES.items():
        for subject in ontology.subjects(RDF.type, cls):
            notes.add(f"{rule}: {subject.n3()} a {cls.n3()}")
    return sorted(notes)
