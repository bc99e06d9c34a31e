"""Consistency: the OWL 2 RL rules that conclude ``false``, as SPARQL queries returning data.

Run after materialisation, over the sources and the inferred graph, so that a clash hidden behind
a hierarchy (two disjoint superclasses) is found. Problems come back as :class:`Inconsistency`
records; the build decides that they are an error. Checked: cax-dw and cax-adc (disjoint
classes), cls-nothing2 (a member of owl:Nothing, or of a class the ontology makes empty),
eq-diff1 (owl:sameAs and owl:differentFrom between the same two things, or a thing different from
itself; asserted owl:sameAs only, since pvgraph does not reason with equality), prp-irp, prp-asyp,
prp-pdw; and the errors owlrl found in the ontology itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pvgraph import messages
from pvgraph.reasoning.materialise import load_rules
from pvgraph.reasoning.vocabulary import OWL_NS, sparql_iri
from pvgraph.store import Store

DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class Inconsistency(messages.Keyed):
    """One violated rule: which, about what, and what is wrong as an entry of the one catalogue
    (``clash.…``) and its parameters, so that the build tells it in the message's language."""

    rule: str
    focus: str
    key: str
    params: tuple[tuple[str, str], ...] = ()


def _clash(rule: str, focus: str, key: str, **params: str) -> Inconsistency:
    return Inconsistency(rule, focus, key, tuple(params.items()))


def check_consistency(
    store: Store, *, ontology_graph: str, graphs: Sequence[str], limit: int = DEFAULT_LIMIT
) -> list[Inconsistency]:
    """Every clash in the union of ``graphs`` (give the inferred graph too), at most ``limit``
    per rule."""
    rules = load_rules(store, ontology_graph)
    problems = [_clash("ontology", ontology_graph, "clash.ontology", error=message)
                for message in rules.ontology_errors]
    dataset = [ontology_graph, *graphs]

    def select(sparql: str) -> list[tuple[str, ...]]:
        result = store.query(f"{sparql}\nLIMIT {int(limit)}", default_graphs=dataset)
        return [tuple(term.value if term is not None else "" for term in row)
                for row in result.rows]

    pairs = sorted(tuple(sorted(pair)) for pair in rules.disjoint_classes)
    if pairs:
        rows = _values(("?a", "?b"), pairs)
        for x, a, b in select(
            f"SELECT DISTINCT ?x ?a ?b WHERE {{ {rows} ?x a ?a . ?x a ?b . }}"
        ):
            problems.append(_clash("cax-dw", x, "clash.disjoint-classes", x=x, a=a, b=b))
    nothing = sorted({OWL_NS + "Nothing", *rules.nothing_classes})
    for x, c in select(
        f"SELECT DISTINCT ?x ?c WHERE {{ {_values(('?c',), [(c,) for c in nothing])} ?x a ?c }}"
    ):
        problems.append(_clash("cls-nothing2", x, "clash.empty-class", x=x, c=c))
    same, different = sparql_iri(OWL_NS + "sameAs"), sparql_iri(OWL_NS + "differentFrom")
    for x, y in select(
        f"SELECT DISTINCT ?x ?y WHERE {{ ?x {different} ?y . "
        f"FILTER(sameTerm(?x, ?y) || EXISTS {{ ?x {same} ?y }} || EXISTS {{ ?y {same} ?x }}) }}"
    ):
        problems.append(_clash("eq-diff1", x, "clash.same-and-different", x=x, y=y))
    if rules.irreflexive:
        rows = _values(("?p",), [(p,) for p in sorted(rules.irreflexive)])
        for x, p in select(f"SELECT DISTINCT ?x ?p WHERE {{ {rows} ?x ?p ?x }}"):
            problems.append(_clash("prp-irp", x, "clash.irreflexive", x=x, p=p))
    if rules.asymmetric:
        rows = _values(("?p",), [(p,) for p in sorted(rules.asymmetric)])
        for x, p, y in select(
            f"SELECT DISTINCT ?x ?p ?y WHERE {{ {rows} ?x ?p ?y . ?y ?p ?x }}"
        ):
            problems.append(_clash("prp-asyp", x, "clash.asymmetric", x=x, y=y, p=p))
    if rules.disjoint_properties:
        rows = _values(("?p", "?q"), sorted(tuple(sorted(p)) for p in rules.disjoint_properties))
        for x, p, q, y in select(
            f"SELECT DISTINCT ?x ?p ?q ?y WHERE {{ {rows} ?x ?p ?y . ?x ?q ?y }}"
        ):
            problems.append(_clash("prp-pdw", x, "clash.disjoint-properties", x=x, y=y, p=p, q=q))
    return problems


def _values(variables: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    body = " ".join("(" + " ".join(sparql_iri(term) for term in row) + ")" for row in rows)
    return f"VALUES ({' '.join(variables)}) {{ {body} }}"
