"""The named questions next to the national territorial referential (half a million triples): the
answers do not change, and every question still answers quickly.

The referential holds real communes, EPCIs and their org:memberOf links; none of it is a project, an
alliance or a statement, so the study's and the examples' answers must stay exactly the same.
"""

from __future__ import annotations

import gzip
import time
from collections import Counter

import pyoxigraph as ox
import pytest

from pvgraph.queries import NamedQuery

from .helpers import GRAPH, REPO, SOURCES, add_derived, load_plain, short

REFERENTIAL = sorted((REPO / "data" / "referential").glob("*.nt.gz"))
SECONDS = 5.0  # generous: a shared CI machine; on a quiet one each question takes well under 0.5 s

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REFERENTIAL, reason="no territorial referential in data/referential/"),
]


@pytest.fixture(scope="module")
def with_referential() -> ox.Store:
    store = load_plain(SOURCES, derived=False)
    for path in REFERENTIAL:
        with gzip.open(path, "rb") as handle:
            store.bulk_load(handle, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH + "referential"))
    add_derived(store)  # over the referential too: its organisations get their kinds
    return store


def _answer(store: ox.Store, sparql: str) -> Counter:
    result = store.query(sparql, use_default_graph_as_union=True)
    variables = [v.value for v in result.variables]
    return Counter(tuple(short(s[v]) for v in variables) for s in result)


def test_the_referential_changes_no_answer_and_slows_no_question(
    with_referential: ox.Store, plain_store: ox.Store, queries: dict[str, NamedQuery]
) -> None:
    slow = {}
    for name, query in queries.items():
        started = time.perf_counter()
        got = _answer(with_referential, query.sparql())
        elapsed = time.perf_counter() - started
        assert got == _answer(plain_store, query.sparql()), name
        if elapsed > SECONDS:
            slow[name] = round(elapsed, 1)
    assert not slow
