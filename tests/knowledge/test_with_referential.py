"""The named questions next to the national territorial referential (half a million triples): the
answers do not change (their speed at every size is measured by `python -m bench questions`).

The referential holds real communes, EPCIs and their org:memberOf links; none of it is a project, an
alliance or a statement, so the study's and the examples' answers must stay exactly the same.
"""

from __future__ import annotations

import gzip
from collections import Counter

import pyoxigraph as ox
import pytest

from pvgraph.queries import NamedQuery

from .helpers import GRAPH, REPO, SOURCES, add_derived, load_plain, short

REFERENTIAL = sorted((REPO / "data" / "referential").glob("*.nt.gz"))

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


def test_the_referential_changes_no_answer(
    with_referential: ox.Store, plain_store: ox.Store, queries: dict[str, NamedQuery]
) -> None:
    """Same answers with the national referential loaded; how fast is bench's to say
    (``python -m bench questions``, ``python -m bench peers``), not a test's."""
    for name, query in queries.items():
        assert _answer(with_referential, query.sparql()) == _answer(plain_store, query.sparql()), name
