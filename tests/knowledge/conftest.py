"""Stores holding the ontology, the study and the illustrative examples, for the knowledge tests.

Two ways of loading the same sources, so that every named question is checked both ways:

- ``plain_store``: the Turtle files parsed with pyoxigraph into their named graphs (ontology,
  study, examples), nothing inferred by OWL; only pvgraph's derived relations are added (the
  questions that read them need them; ``helpers.add_derived`` runs the build's own updates,
  whose result does not depend on the OWL closure). The named questions must be right on it.
- ``built_store``: the same sources (plus the shapes) built by ``pvgraph.build.build_project``,
  which validates them against the shapes and adds the inferred graph. The named questions must
  give exactly the same answers on it.

The territorial referential is left out on purpose: the exact answers are those of the study and the
examples. Both stores are queried over the union of their graphs.
"""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from pvgraph.build import build_project
from pvgraph.queries import NamedQuery, load_queries
from pvgraph.settings import Settings
from pvgraph.store import EmbeddedStore

from .helpers import REPO, SOURCES, Row, Runner, load_plain, short


@pytest.fixture(scope="session")
def queries() -> dict[str, NamedQuery]:
    return load_queries(REPO / "ontology" / "queries")


@pytest.fixture(scope="session")
def plain_store() -> ox.Store:
    return load_plain(SOURCES)


@pytest.fixture(scope="session")
def examples_store() -> ox.Store:
    """The ontology and the illustrative examples only (no study)."""
    return load_plain((("ontology", "ontology"), ("data/examples", "examples")))


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The sources built by the real pipeline (shapes gate, inferred graph), without the referential."""
    root = tmp_path_factory.mktemp("knowledge-root")
    for directory in ("ontology", "shapes", "data/study", "data/examples"):
        if (REPO / directory).is_dir():
            shutil.copytree(REPO / directory, root / directory)
    store = EmbeddedStore()
    build_project(Settings(root=root, store=":memory:"), store)
    return store


def _rows_plain(store: ox.Store, sparql: str) -> tuple[list[str], list[Row]]:
    result = store.query(sparql, use_default_graph_as_union=True)
    variables = [v.value for v in result.variables]
    return variables, [tuple(short(solution[v]) for v in variables) for solution in result]


def _rows_built(store: EmbeddedStore, sparql: str) -> tuple[list[str], list[Row]]:
    result = store.query(sparql)
    return list(result.variables), [tuple(short(term) for term in row) for row in result.rows]


@pytest.fixture(scope="session", params=["plain", "built"])
def ask(request: pytest.FixtureRequest, queries: dict[str, NamedQuery]) -> Runner:
    """Run a named question on one of the two stores: ``ask(name, *columns, **params)``.

    Returns the rows projected on the given columns (all of them when none is given), as short
    names and lexical forms.
    """
    if request.param == "plain":
        store, rows_of = request.getfixturevalue("plain_store"), _rows_plain
    else:
        store, rows_of = request.getfixturevalue("built_store"), _rows_built

    def run(name: str, *columns: str, **params: str) -> list[Row]:
        variables, rows = rows_of(store, queries[name].sparql(params))
        if not columns:
            return rows
        index = [variables.index(c) for c in columns]
        return [tuple(row[i] for i in index) for row in rows]

    return run
