"""Counts about the store, for VoID (and anyone who must agree with VoID).

Why one module: the VoID description and the SPARQL service description must give the same
numbers. Both take the triples per named graph from ``store.graphs()``; the totals here are sums
of those counts (quads, so that a triple present in two graphs counts twice, as in the per-graph
figures), and the property partitions count quads too, so that they add up to the total.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pvgraph.store import Store

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?class } FILTER(isIRI(?class))
} GROUP BY ?class ORDER BY ?class
"""
_PROPERTIES = """
SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p
"""
_ENTITIES = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }
"""
_SUBJECTS_OBJECTS = """
SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { GRAPH ?g { ?s ?p ?o } }
"""


@dataclass
class Statistics:
    """What VoID says about the dataset as a whole."""

    graphs: dict[str, int]
    entities: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # class → instances
    properties: dict[str, int] = field(default_factory=dict)  # property → quads

    @property
    def triples(self) -> int:
        """The sum of the per-graph counts of ``store.graphs()``."""
        return sum(self.graphs.values())


def graph_counts(store: Store) -> dict[str, int]:
    """Triples per named graph: the one source of counts for VoID and the service description."""
    return dict(sorted(store.graphs().items()))


def statistics(store: Store) -> Statistics:
    """Every count VoID publishes, from the store as it is now."""
    stats = Statistics(graphs=graph_counts(store))
    if not stats.graphs:
        return stats
    stats.classes = {r["class"]: int(r["n"]) for r in store.query(_CLASSES).strings()}
    stats.properties = {r["p"]: int(r["n"]) for r in store.query(_PROPERTIES).strings()}
    row = store.query(_ENTITIES).strings()[0]
    stats.entities = int(row["n"])
    row = store.query(_SUBJECTS_OBJECTS).strings()[0]
    stats.distinct_subjects = int(row["subjects"])
    stats.distinct_objects = int(row["objects"])
    return stats


def statistics_aside(store: Store) -> Callable[[], Statistics]:
    """Start :func:`statistics` in a thread; the function returned waits for it (and raises what
    it raised).

    Why: the counts are SPARQL aggregates that the embedded store evaluates without holding
    Python's lock, so started before the dumps they take the second core while the dumps are
    written, instead of adding their seconds after them.
    """
    pool = ThreadPoolExecutor(1, thread_name_prefix="pvgraph-statistics")
    future = pool.submit(statistics, store)
    pool.shutdown(wait=False)
    return future.result


def vocabulary_of(iri: str) -> str:
    """The namespace an IRI belongs to (up to its last ``#`` or ``/``)."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
