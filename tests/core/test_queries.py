"""The named-question catalogue: headers, parameters and safe substitution."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvgraph.errors import NotFoundError, QueryError, UserError
from pvgraph.queries import get_query, load_queries, parse_query_file

ACTIVE = """# id: active-projects
# fr: Quels projets sont actifs une année donnée ?
# en: Which projects are active in a given year?
# param: year year — l'année / the year
# param: kind iri — le type / the kind
PREFIX pv: <https://w3id.org/pvgraph/ontology#>
SELECT ?p WHERE {
  VALUES ?year { 2022 }
  VALUES ?kind { pv:Project }
  ?p a ?kind ; pv:startYear ?s .
  FILTER(?s <= ?year)
}
"""


@pytest.fixture
def query_dir(tmp_path: Path) -> Path:
    (tmp_path / "active.rq").write_text(ACTIVE, encoding="utf-8")
    return tmp_path


def test_header_and_defaults_are_read(query_dir: Path) -> None:
    q = get_query(query_dir, "active-projects")
    assert q.question_fr.startswith("Quels projets")
    assert [(p.name, p.type, p.default) for p in q.parameters] == [
        ("year", "year", "2022"), ("kind", "iri", "pv:Project")]


def test_default_text_runs_as_is(query_dir: Path) -> None:
    q = get_query(query_dir, "active-projects")
    assert q.sparql() == ACTIVE


def test_parameters_replace_the_values_block(query_dir: Path) -> None:
    text = get_query(query_dir, "active-projects").sparql({"year": "2030", "kind": "pv:Other"})
    assert "VALUES ?year { 2030 }" in text
    assert "VALUES ?kind { <https://w3id.org/pvgraph/ontology#Other> }" in text


@pytest.mark.parametrize(
    ("name", "value"),
    [("year", "2030 } ?x ?y ?z {"), ("year", "20"), ("kind", "<http://e/a> } DELETE"),
     ("kind", "not an iri")],
    ids=["year-injection", "year-short", "iri-injection", "iri-garbage"],
)
def test_bad_values_are_refused_not_pasted(query_dir: Path, name: str, value: str) -> None:
    with pytest.raises(QueryError):
        get_query(query_dir, "active-projects").sparql({name: value})


def test_unknown_parameter_lists_the_known_ones(query_dir: Path) -> None:
    with pytest.raises(QueryError) as info:
        get_query(query_dir, "active-projects").sparql({"yaer": "2030"})
    assert "year" in str(info.value)


def test_unknown_question_lists_the_catalogue(query_dir: Path) -> None:
    with pytest.raises(NotFoundError) as info:
        get_query(query_dir, "nope")
    assert "active-projects" in str(info.value)


def test_header_without_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.rq").write_text("# fr: x\n# en: y\nSELECT * {}", encoding="utf-8")
    with pytest.raises(UserError):
        parse_query_file(tmp_path / "bad.rq")


def test_parameter_without_values_block_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.rq").write_text(
        "# id: x\n# fr: x\n# en: y\n# param: year year\nSELECT * {}", encoding="utf-8")
    with pytest.raises(UserError):
        load_queries(tmp_path)
