"""The named-question catalogue: headers, parameters and safe substitution."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvgraph.errors import NotFoundError, QueryError, UserError
from pvgraph.queries import (
    DEFAULT_PAGE_SIZE,
    Page,
    get_query,
    load_queries,
    page_query,
    parse_query_file,
    read_page,
    sets_own_limit,
)

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


# -- paging ---------------------------------------------------------------------------------------

def test_a_page_is_the_file_plus_limit_and_offset(query_dir: Path) -> None:
    q = get_query(query_dir, "active-projects")
    assert q.pageable
    assert q.sparql(limit=10) == ACTIVE + "LIMIT 10\n"
    assert q.sparql({"year": "2030"}, limit=10, offset=20).endswith("}\nLIMIT 10 OFFSET 20\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * { ?s ?p ?o } ORDER BY ?s", "SELECT * { ?s ?p ?o } ORDER BY ?s\nLIMIT 5 OFFSET 10\n"),
        # a trailing VALUES block comes after the solution modifiers
        ("SELECT * { ?s ?p ?o } VALUES ?s { <http://e/a> }",
         "SELECT * { ?s ?p ?o } LIMIT 5 OFFSET 10\nVALUES ?s { <http://e/a> }"),
        # braces and keywords in strings, IRIs and comments are not syntax
        ('SELECT * { ?s <http://e/p#}> "} LIMIT 3" } # LIMIT 2 }',
         'SELECT * { ?s <http://e/p#}> "} LIMIT 3" } # LIMIT 2 }\nLIMIT 5 OFFSET 10\n'),
        ('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p """x\n{ LIMIT""" }',
         'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p """x\n{ LIMIT""" }\nLIMIT 5 OFFSET 10\n'),
    ],
    ids=["order-by", "trailing-values", "braces-in-terms", "construct-long-string"],
)
def test_page_query_puts_the_clause_where_the_grammar_wants_it(text: str, expected: str) -> None:
    assert page_query(text, 5, 10) == expected


@pytest.mark.parametrize("text", ["SELECT * { ?s ?p ?o } LIMIT 3", "SELECT * { ?s ?p ?o } OFFSET 3",
                                  "SELECT * { ?s ?p ?o } limit 3 VALUES ?s { 1 }"])
def test_a_query_with_its_own_limit_is_not_paged(text: str, tmp_path: Path) -> None:
    assert sets_own_limit(text)
    with pytest.raises(QueryError):
        page_query(text, 5)
    (tmp_path / "own.rq").write_text(f"# id: own\n# fr: a ?\n# en: a?\n{text}\n", encoding="utf-8")
    q = get_query(tmp_path, "own")
    assert not q.pageable and read_page(q, None, None) == Page(None, 0)
    with pytest.raises(QueryError):
        read_page(q, "10", None)


def test_a_limit_inside_a_subquery_is_not_the_query_s_own() -> None:
    text = "SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 3 } }"
    assert not sets_own_limit(text)
    assert page_query(text, 2) == text + "\nLIMIT 2\n"


def test_read_page_defaults_and_bounds(query_dir: Path) -> None:
    q = get_query(query_dir, "active-projects")
    assert read_page(q, None, None) == Page(DEFAULT_PAGE_SIZE, 0)
    assert read_page(q, None, None, max_limit=10) == Page(10, 0)
    assert read_page(q, "25", "50") == Page(25, 50)
    for limit, offset in (("0", None), ("11", None), ("x", None), (None, "-1"), ("1e3", None)):
        with pytest.raises(QueryError):
            read_page(q, limit, offset, max_limit=10)
    with pytest.raises(QueryError, match="cannot be negative"):  # not "must be a whole number"
        read_page(q, "-1", None, max_limit=10)


def test_every_named_question_of_the_project_can_be_paged() -> None:
    for name, q in load_queries(Path(__file__).resolve().parents[2] / "ontology" / "queries").items():
        assert q.pageable, name
        assert q.sparql(limit=7).startswith(q.text), name
