"""The graph built into Virtuoso answers every named question as the embedded store does.

The project's ontology, shapes, study and examples, with a slice of the referential (the fixture
package of tests/referential, so the test stays under a minute; the national referential in
Virtuoso is measured in bench/), are built by ``build_project`` into the embedded store and into
Virtuoso (reasoning included, run as SPARQL updates inside Virtuoso). Then every question of
ontology/queries/ runs on both and the answers are compared as multisets of rows. Terms are
compared by value where stores legitimately differ in form: blank node labels, the case of
language tags, canonical lexical forms and subtypes of numbers, booleans.
"""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.build import build_project
from pvgraph.namespaces import REFERENTIAL_GRAPH
from pvgraph.queries import load_queries
from pvgraph.referential import Package, known_commune_codes, referential_lines, write_ntriples_gz
from pvgraph.remote_store import RemoteStore
from pvgraph.settings import PROJECT_ROOT, Settings, load_settings
from pvgraph.store import EmbeddedStore, QueryResult, Store

from ..referential.conftest import FIXTURE_PACKAGE
from .conftest import Endpoints

pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "nonNegativeInteger",
                             "positiveInteger", "int", "long")}


def normal(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> tuple[str, ...]:
    """A term as a comparable tuple, equal for equal values whatever the store's spelling."""
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if term.language:
        return ("lang", term.value, term.language.lower())
    datatype = term.datatype.value
    if datatype in NUMERIC:
        try:
            return ("number", str(Decimal(term.value).normalize()))
        except InvalidOperation:
            return ("literal", term.value, datatype)
    if datatype == XSD + "boolean":
        return ("boolean", str(term.value in ("true", "1")))
    return ("literal", term.value, datatype)


def answer(result: QueryResult) -> object:
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return Counter(tuple(normal(t) for t in (tr.subject, tr.predicate, tr.object)) for tr in result.triples)
    return (tuple(result.variables), Counter(tuple(normal(t) for t in row) for row in result.rows))


# Questions Virtuoso 7.2.5 answers differently, and why (checked by hand on the same data). The test
# fails on any other difference; a question that comes to answer the same simply stops differing.
# The queries avoid the property paths Virtuoso 7.2.5 mis-evaluates (docs/remote-stores.md):
# `rdfs:subClassOf+` with a bound end inside FILTER NOT EXISTS, `a/rdfs:subClassOf*` beside a UNION,
# an OPTIONAL or an alternative path, and IF(BOUND(…), …, ?unbound). What is left is not a bug:
KNOWN_VIRTUOSO_DIVERGENCES = {
    # Same rows; only ?characteristics differs: the order GROUP_CONCAT joins the labels in, and
    # whether the result keeps their language tag (pyoxigraph: @fr; Virtuoso: a plain string), are
    # both left undefined by SPARQL 1.1. Fixing either would change the embedded store's answer.
    "objectives-use-cases": "GROUP_CONCAT order and language tag (both undefined by SPARQL)",
}


def project_copy(root: Path) -> Settings:
    """The repository's sources, with the referential replaced by the committed fixture slice."""
    for name in ("ontology", "shapes"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    for name in ("study", "examples"):
        if (PROJECT_ROOT / "data" / name).is_dir():
            shutil.copytree(PROJECT_ROOT / "data" / name, root / "data" / name)
    (root / "data" / "referential").mkdir(parents=True)
    write_ntriples_gz(referential_lines(Package.read(FIXTURE_PACKAGE)),
                      root / "data" / "referential" / "slice.nt.gz")
    return load_settings({"store": ":memory:", "root": str(root)})


@pytest.fixture(scope="module")
def built(virtuoso: Endpoints, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Store]:
    settings = project_copy(tmp_path_factory.mktemp("project"))
    embedded = EmbeddedStore()
    build_project(settings, embedded)
    remote = RemoteStore(virtuoso.query_url, update_url=virtuoso.update_url, user=virtuoso.user,
                         password=virtuoso.password, graph_store_url=virtuoso.graph_store_url,
                         timeout=120)
    build_project(settings, remote)
    return embedded, remote


def test_same_graphs_and_sizes(built: tuple[Store, Store]) -> None:
    embedded, remote = built
    assert remote.graphs() == embedded.graphs()
    assert remote.graphs()[str(REFERENTIAL_GRAPH)] > 1_000


def test_every_named_question_gives_the_same_answer(built: tuple[Store, Store]) -> None:
    embedded, remote = built
    catalogue = load_queries(PROJECT_ROOT / "ontology" / "queries")
    assert catalogue, "ontology/queries/ holds no named question to compare"
    differ = []
    for name, named in catalogue.items():
        text = named.sparql()
        if answer(embedded.query(text)) != answer(remote.query(text)):
            differ.append(name)
    unexplained = sorted(set(differ) - set(KNOWN_VIRTUOSO_DIVERGENCES))
    assert unexplained == [], f"these named questions answer differently on Virtuoso: {unexplained}"
    assert len(differ) < len(catalogue), "no named question answers the same on Virtuoso"


def test_known_codes_are_the_same(built: tuple[Store, Store]) -> None:
    embedded, remote = built
    codes = known_commune_codes(remote)
    assert codes == {c["code"] for c in Package.read(FIXTURE_PACKAGE).kept_communes()}
    assert codes == known_commune_codes(embedded)
