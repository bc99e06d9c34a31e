"""Materialisation in the store: the generated SPARQL rules, run round after round to a fixpoint.

Nothing but SPARQL 1.1 Query and Update goes through the :class:`~pvgraph.store.Store`, so the
same code runs on the embedded pyoxigraph store and on a remote store (Virtuoso…). No rule
relies on the store's default graph: every update names its dataset with ``USING`` and
``USING NAMED``. Temporary delta graphs are named ``{target}/delta/{run}/{n}`` (``run`` unique
per call, so that two increments never share one) and dropped at the end.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from pvgraph.namespaces import CATALOG_GRAPH, META_GRAPH, SHAPES_GRAPH
from pvgraph.reasoning.rules import RuleSet, rules_for_quads
from pvgraph.reasoning.updates import Round, round_updates
from pvgraph.reasoning.vocabulary import sparql_iri
from pvgraph.store import Store

MAX_ROUNDS = 1000  # a finite fixpoint is always reached long before; more means a bug
NOT_INSTANCE_DATA = (str(SHAPES_GRAPH), str(META_GRAPH), str(CATALOG_GRAPH))


@dataclass
class MaterialisationReport:
    """What a materialisation did: rules (with the axioms they come from), rounds, triples, time."""

    target_graph: str
    rules: dict[str, int]  # OWL 2 RL rule → number of axioms it was generated from
    rounds: int
    added: int  # instance triples written into the target graph
    schema_triples: int  # entailed subsumptions written into the target graph (full runs)
    seconds: float
    rule_seconds: dict[str, float] = field(default_factory=dict)
    unsupported: list[str] = field(default_factory=list)  # axioms whose rules are not run
    ontology_errors: list[str] = field(default_factory=list)  # owlrl's messages on the ontology

    def summary(self) -> str:
        """One line for logs and the CLI."""
        return (f"{self.added} inferred triples (+{self.schema_triples} schema) in "
                f"{self.rounds} rounds, {self.seconds:.2f} s → {self.target_graph}")


def load_rules(store: Store, ontology_graph: str) -> RuleSet:
    """The rule tables of the ontology graph held in the store."""
    return rules_for_quads(list(store.triples(ontology_graph)))


def materialise(
    store: Store, *, ontology_graph: str, source_graphs: Sequence[str], target_graph: str
) -> MaterialisationReport:
    """Compute the entailments of source_graphs (+ the ontology) into target_graph, to a fixpoint,
    in the store.

    The target graph is emptied first, then receives the ontology's entailed subsumptions
    (schema) and every instance triple the supported rules derive that is not already asserted.
    """
    started = time.perf_counter()
    rules = load_rules(store, ontology_graph)
    schema = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))
              for s, p, o in rules.schema_triples]
    store.replace_graph(target_graph, schema)
    dataset = [ontology_graph, *(g for g in source_graphs if g != target_graph), target_graph]
    rounds, timings = _fixpoint(store, rules, dataset, target_graph, first_delta=None)
    added = _count(store, target_graph) - len(schema)
    return _report(rules, target_graph, rounds, added, len(schema), started, timings)


def materialise_increment(
    store: Store,
    *,
    ontology_graph: str,
    new_graph: str,
    target_graph: str,
    source_graphs: Sequence[str] | None = None,
) -> MaterialisationReport:
    """After a submission: add only what new_graph entails (together with what is already there),
    without recomputing everything.

    new_graph must already be in the store, and the target graph must hold the materialisation
    of the other graphs (with the same ontology). "What is already there" is ``source_graphs``
    when given, else every named graph but the target and the non-data graphs (shapes, meta,
    catalog). Semi-naive from the start: the first round's delta is new_graph itself, so only
    bindings that use at least one of its triples are evaluated.
    """
    started = time.perf_counter()
    rules = load_rules(store, ontology_graph)
    if source_graphs is None:
        source_graphs = [g for g in store.graphs()
                         if g != target_graph and g not in NOT_INSTANCE_DATA
                         and not g.startswith(f"{target_graph}/delta/")]
    before = _count(store, target_graph)
    dataset = [ontology_graph, *source_graphs, new_graph, target_graph]
    rounds, timings = _fixpoint(store, rules, dataset, target_graph, first_delta=new_graph)
    added = _count(store, target_graph) - before
    return _report(rules, target_graph, rounds, added, 0, started, timings)


def _fixpoint(store: Store, rules: RuleSet, dataset: list[str], target: str,
              first_delta: str | None) -> tuple[int, dict[str, float]]:
    """Run rounds until one derives nothing new; return the number of rounds and rule timings."""
    timings: dict[str, float] = {}
    run = uuid.uuid4().hex[:12]
    delta = first_delta
    rounds = 0
    try:
        while True:
            rounds += 1
            if rounds > MAX_ROUNDS:
                raise RuntimeError(f"no fixpoint after {MAX_ROUNDS} rounds into {target}")
            next_delta = f"{target}/delta/{run}/{rounds}"  # fresh: ``run`` is unique
            where = Round(dataset=dataset, target=target, next_delta=next_delta, delta=delta)
            for update in round_updates(rules, where):
                tick = time.perf_counter()
                store.update(update.sparql)
                timings[update.rule] = timings.get(update.rule, 0.0) + time.perf_counter() - tick
            if delta is not None and delta != first_delta:
                store.update(f"DROP SILENT GRAPH {sparql_iri(delta)}")
            delta = next_delta
            if not _has_triples(store, next_delta):
                return rounds, timings
    finally:
        if delta is not None and delta != first_delta:
            store.update(f"DROP SILENT GRAPH {sparql_iri(delta)}")


def _has_triples(store: Store, graph: str) -> bool:
    result = store.query(f"ASK {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}")
    return bool(result.boolean)


def _count(store: Store, graph: str) -> int:
    result = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}"
    )
    value = result.rows[0][0] if result.rows else None
    return int(value.value) if value is not None else 0


def _report(rules: RuleSet, target: str, rounds: int, added: int, schema: int, started: float,
            timings: dict[str, float]) -> MaterialisationReport:
    return MaterialisationReport(
        target_graph=target,
        rules={rule: n for rule, n in rules.counts().items() if n},
        rounds=rounds,
        added=added,
        schema_triples=schema,
        seconds=time.perf_counter() - started,
        rule_seconds={rule: round(s, 4) for rule, s in timings.items()},
        unsupported=list(rules.unsupported),
        ontology_errors=list(rules.ontology_errors),
    )
