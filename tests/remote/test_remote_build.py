"""The graph built into each remote engine answers every named question as the embedded store does.

The project's ontology, shapes, study and examples, with a slice of the referential (the fixture
package of tests/referential, so the test stays under a minute; the national referential in
Virtuoso is measured in bench/), are built by ``build_project`` into the embedded store and into
each engine of ``engine`` (Virtuoso, Oxigraph's server, Fuseki; reasoning included, run as SPARQL
updates inside the engine, split into small updates as the national referential is). Then every question of ontology/queries/ runs on both and the
answers are compared as multisets of rows; a GROUP_CONCAT column as the multiset of its parts,
since SPARQL leaves their order undefined. Terms are compared by value where stores legitimately
differ in form: blank node labels, the case of language tags, canonical lexical forms and
subtypes of numbers, booleans.
"""

from __future__ import annotations

import re
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
from pvgraph.settings import PROJECT_ROOT, Settings, load_settings
from pvgraph.store import EmbeddedStore, QueryResult, Store

from ..referential.conftest import FIXTURE_PACKAGE
from .conftest import Endpoints

pytestmark = [pytest.mark.remote, pytest.mark.slow]

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


# ``(GROUP_CONCAT(DISTINCT STR(?label); separator=" ; ") AS ?labels)``: the column and its separator.
GROUP_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)',
    re.IGNORECASE)


def concatenated_columns(sparql: str) -> dict[str, str]:
    """The columns a query fills with GROUP_CONCAT, each with its separator."""
    return {variable: separator for separator, variable in GROUP_CONCAT.findall(sparql)}


def normal_concat(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, separator: str) -> tuple[str, ...]:
    """A GROUP_CONCAT result: the same kind of literal, with the same parts in any order.

    SPARQL 1.1 leaves the order GROUP_CONCAT joins its values in undefined, so only the multiset
    of the parts is the answer; the literal's form (plain string or language tag) still counts."""
    if not isinstance(term, ox.Literal):
        return normal(term)
    form = normal(ox.Literal("", language=term.language) if term.language
                  else ox.Literal("", datatype=term.datatype))
    return (*form, "parts", *sorted(term.value.split(separator)))


def answer(result: QueryResult, concatenated: dict[str, str] | None = None) -> object:
    """The result as comparable data: a boolean, a multiset of triples, or the variables and a
    multiset of rows (the ``concatenated`` columns compared by their parts)."""
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return Counter(tuple(normal(t) for t in (tr.subject, tr.predicate, tr.object)) for tr in result.triples)
    separators = [(concatenated or {}).get(v) for v in result.variables]
    return (tuple(result.variables), Counter(
        tuple(normal(t) if sep is None else normal_concat(t, sep) for t, sep in zip(row, separators, strict=True))
        for row in result.rows))


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
def built(engine: Endpoints, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Store]:
    settings = project_copy(tmp_path_factory.mktemp("project"))
    embedded = EmbeddedStore()
    build_project(settings, embedded)
    remote = engine.store(graph_store_url=engine.graph_store_url, timeout=120,
                          partition_threshold=1000)  # reasoning split, as at full size
    for graph in remote.graphs():  # the engine is shared by the session: start from nothing
        remote.drop_graph(graph)
    build_project(settings, remote)
    return embedded, remote


def test_same_graphs_and_sizes(built: tuple[Store, Store]) -> None:
    embedded, remote = built
    assert remote.graphs() == embedded.graphs()
    assert remote.graphs()[str(REFERENTIAL_GRAPH)] > 1_000


def test_every_named_question_gives_the_same_answer(built: tuple[Store, Store]) -> None:
    """No known divergence left: every question answers the same on both stores."""
    embedded, remote = built
    catalogue = load_queries(PROJECT_ROOT / "ontology" / "queries")
    assert catalogue, "ontology/queries/ holds no named question to compare"
    differ = []
    for name, named in catalogue.items():
        text = named.sparql()
        columns = concatenated_columns(text)
        local, there = embedded.query(text), remote.query(text)
        assert local.kind != "select" or local.rows, f"{name} answers nothing on the embedded store"
        if answer(local, columns) != answer(there, columns):
            differ.append(name)
    assert differ == [], f"these named questions answer differently on the remote engine: {differ}"


def test_group_concat_columns_compare_by_parts_and_form() -> None:
    """The comparison forgives GROUP_CONCAT's order, and nothing else."""
    columns = concatenated_columns(load_queries(PROJECT_ROOT / "ontology" / "queries")
                                   ["objectives-use-cases"].sparql())
    assert columns == {"characteristics": " ; "}

    def one(value: ox.Literal) -> QueryResult:
        return QueryResult(kind="select", variables=["characteristics"], rows=[(value,)])

    same = answer(one(ox.Literal("a ; b ; c")), columns)
    assert answer(one(ox.Literal("c ; a ; b")), columns) == same
    assert answer(one(ox.Literal("a ; b")), columns) != same  # a missing characteristic
    assert answer(one(ox.Literal("a ; b ; d")), columns) != same  # another characteristic
    assert answer(one(ox.Literal("a ; b ; c", language="fr")), columns) != same  # another form
    assert answer(one(ox.Literal("c ; a ; b"))) != answer(one(ox.Literal("a ; b ; c")))  # other columns: exact


def test_known_codes_are_the_same(built: tuple[Store, Store]) -> None:
    embedded, remote = built
    codes = known_commune_codes(remote)
    assert codes == {c["code"] for c in Package.read(FIXTURE_PACKAGE).kept_communes()}
    assert codes == known_commune_codes(embedded)
