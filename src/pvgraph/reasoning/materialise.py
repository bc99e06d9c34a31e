"""Materialisation in the store: the generated SPARQL rules, run round after round to a fixpoint.

Nothing but SPARQL 1.1 Query and Update goes through the :class:`~pvgraph.store.Store`, so the
same code runs on the embedded pyoxigraph store and on a remote store (Virtuoso…). No rule
relies on the store's default graph: every update names its dataset with ``USING`` and
``USING NAMED``. Temporary delta graphs are named ``{target}/delta/{run}/{n}`` (``run`` unique
per call, so that two increments never share one) and dropped at the end.

Large rounds on a remote store are split (``partition_threshold``): each round first counts the
triples per predicate and per class it reads as new (the whole dataset in the first round of a full
run, the delta afterwards), then every rule's rows are packed into updates that each read at most
that many triples, a row heavier than that alone being split by a hash of ``?x``
(:class:`pvgraph.reasoning.updates.Budget`), so that no single request outgrows the store's limits
on time or transaction size. The threshold is the ``partition_threshold`` argument, else the
store's :attr:`~pvgraph.store.Store.partition_threshold` (a remote store's setting; the embedded
store's is None: it keeps its single, faster updates, with no counting either).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from pvgraph.namespaces import CATALOG_GRAPH, META_GRAPH, SHAPES_GRAPH
from pvgraph.reasoning.derived import derive, derive_increment
from pvgraph.reasoning.rules import RuleSet, rules_for_quads
from pvgraph.reasoning.updates import Budget, Round, Update, round_updates
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
    partitions: int = 1  # the most updates one rule was split into in a round (1: never split)
    unsupported: list[str] = field(default_factory=list)  # axioms whose rules are not run
    ontology_errors: list[str] = field(default_factory=list)  # owlrl's messages on the ontology

    def summary(self) -> str:
        """One line for logs and the CLI."""
        split = f", updates split in up to {self.partitions} partitions" if self.partitions > 1 else ""
        return (f"{self.added} inferred triples (+{self.schema_triples} schema) in "
                f"{self.rounds} rounds{split}, {self.seconds:.2f} s → {self.target_graph}")


def load_rules(store: Store, ontology_graph: str) -> RuleSet:
    """The rule tables of the ontology graph held in the store."""
    return rules_for_quads(list(store.quads(ontology_graph)))


def materialise(
    store: Store,
    *,
    ontology_graph: str,
    source_graphs: Sequence[str],
    target_graph: str,
    partition_threshold: int | None = None,
) -> MaterialisationReport:
    """Compute the entailments of source_graphs (+ the ontology) into target_graph, to a fixpoint,
    in the store.

    The target graph is emptied first, then receives the ontology's entailed subsumptions
    (schema) and every instance triple the supported rules derive that is not already asserted.
    ``partition_threshold``: split a round whose updates read more triples than this (default:
    the store's ``partition_threshold``; 0 or None there: never split).
    """
    started = time.perf_counter()
    rules = load_rules(store, ontology_graph)
    schema = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))
              for s, p, o in rules.schema_triples]
    store.replace_graph(target_graph, schema)
    dataset = [ontology_graph, *(g for g in source_graphs if g != target_graph), target_graph]
    threshold = _threshold(store, partition_threshold)
    rounds, timings, parts = _fixpoint(store, rules, dataset, target_graph, first_delta=None,
                                       threshold=threshold)
    tick = time.perf_counter()
    derive(store, rules, dataset=dataset, target=target_graph)
    timings["derived"] = time.perf_counter() - tick
    added = _count(store, target_graph) - len(schema)
    return _report(rules, target_graph, rounds, added, len(schema), started, timings, parts)


def materialise_increment(
    store: Store,
    *,
    ontology_graph: str,
    new_graph: str,
    target_graph: str,
    source_graphs: Sequence[str] | None = None,
    partition_threshold: int | None = None,
    inferred_graph: str | None = None,
) -> MaterialisationReport:
    """After a submission: add only what new_graph entails (together with what is already there),
    without recomputing everything.

    new_graph must already be in the store, and the target graph must hold the materialisation
    of the other graphs (with the same ontology). "What is already there" is ``source_graphs``
    when given, else every named graph but the target and the non-data graphs (shapes, meta,
    catalog). Semi-naive from the start: the first round's delta is new_graph itself, so only
    bindings that use at least one of its triples are evaluated. ``partition_threshold`` as for
    :func:`materialise` (a large submission into a remote store is split too).
    ``inferred_graph``: the graph holding the other graphs' materialisation, pvgraph's derived
    relations included (:mod:`pvgraph.reasoning.derived`); when given, the derived triples the
    new graph adds go into the target graph too, and those it retracts into
    ``derived.retracted_graph(target_graph)``, for the caller to delete from the inferred graph
    (the derived relations are not monotonic). Without it, only the OWL 2 RL entailments.
    """
    started = time.perf_counter()
    rules = load_rules(store, ontology_graph)
    if source_graphs is None:
        source_graphs = [g for g in store.graphs()
                         if g != target_graph and g not in NOT_INSTANCE_DATA
                         and not g.startswith(f"{target_graph}/")]  # deltas, retractions
    before = _count(store, target_graph)
    dataset = [ontology_graph, *source_graphs, new_graph, target_graph]
    threshold = _threshold(store, partition_threshold)
    rounds, timings, parts = _fixpoint(store, rules, dataset, target_graph, first_delta=new_graph,
                                       threshold=threshold)
    if inferred_graph is not None:
        tick = time.perf_counter()
        derive_increment(store, rules, dataset=dataset, inferred=inferred_graph, target=target_graph)
        timings["derived"] = time.perf_counter() - tick
    added = _count(store, target_graph) - before
    return _report(rules, target_graph, rounds, added, 0, started, timings, parts)


def _threshold(store: Store, given: int | None) -> int | None:
    """The partition threshold in force: the argument, else the store's; None: never split."""
    threshold = given if given is not None else store.partition_threshold
    if threshold is not None and threshold < 0:
        raise ValueError(f"partition_threshold must be positive, not {threshold}")
    return threshold or None


def _fixpoint(store: Store, rules: RuleSet, dataset: list[str], target: str,
              first_delta: str | None, threshold: int | None = None
              ) -> tuple[int, dict[str, float], int]:
    """Run rounds until one derives nothing new; return the number of rounds, rule timings and
    the most updates one rule was split into.

    With a threshold, each round first counts what its updates read (the dataset, or the delta)
    and splits every rule's update under the threshold (:class:`Budget`); the updates run in
    the order of the rules, so the conclusions of one rule are visible to the next ones, as
    without splitting.
    """
    timings: dict[str, float] = {}
    run = uuid.uuid4().hex[:12]
    delta = first_delta
    rounds = 0
    most = 1
    try:
        while True:
            rounds += 1
            if rounds > MAX_ROUNDS:
                raise RuntimeError(f"no fixpoint after {MAX_ROUNDS} rounds into {target}")
            next_delta = f"{target}/delta/{run}/{rounds}"  # fresh: ``run`` is unique
            where = Round(dataset=dataset, target=target, next_delta=next_delta, delta=delta)
            updates = round_updates(rules, where)
            if threshold is not None:
                budget = _budget(store, threshold, dataset if delta is None else [delta])
                split = round_updates(rules, Round(dataset=dataset, target=target,
                                                   next_delta=next_delta, delta=delta,
                                                   budget=budget))
                most = max(most, _most_split(updates, split))
                updates = split
            for update in updates:
                tick = time.perf_counter()
                store.update(update.sparql)
                timings[update.rule] = timings.get(update.rule, 0.0) + time.perf_counter() - tick
            if delta is not None and delta != first_delta:
                store.update(f"DROP SILENT GRAPH {sparql_iri(delta)}")
            delta = next_delta
            if not _has_triples(store, next_delta):
                return rounds, timings, most
    finally:
        if delta is not None and delta != first_delta:
            store.update(f"DROP SILENT GRAPH {sparql_iri(delta)}")


def _budget(store: Store, threshold: int, graphs: Sequence[str]) -> Budget:
    """Triples per predicate and per class in ``graphs`` (two GROUP BY queries)."""
    sources = " ".join(f"FROM {sparql_iri(g)}" for g in dict.fromkeys(graphs))

    def counts(pattern: str) -> dict[str, int]:
        result = store.query(f"SELECT ?k (COUNT(*) AS ?n) {sources} WHERE {{ {pattern} }} GROUP BY ?k")
        return {row[0].value: int(row[1].value) for row in result.rows
                if row[0] is not None and row[1] is not None}

    return Budget(threshold, counts("?s ?k ?o"), counts("?s a ?k"))


def _most_split(single: Sequence[Update], split: Sequence[Update]) -> int:
    """The most updates one rule became (the rule's split count over its unsplit count)."""
    before, after = Counter(u.rule for u in single), Counter(u.rule for u in split)
    return max((-(-after[rule] // n) for rule, n in before.items()), default=1)


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
            timings: dict[str, float], partitions: int = 1) -> MaterialisationReport:
    return MaterialisationReport(
        target_graph=target,
        rules={rule: n for rule, n in rules.counts().items() if n},
        rounds=rounds,
        added=added,
        schema_triples=schema,
        seconds=time.perf_counter() - started,
        rule_seconds={rule: round(s, 4) for rule, s in timings.items()},
        partitions=partitions,
        unsupported=list(rules.unsupported),
        ontology_errors=list(rules.ontology_errors),
    )
