"""The command line: exit codes, messages, and the build → query round trip on a tiny project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pvgraph.cli import cli

ONTOLOGY = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix pv: <https://w3id.org/pvgraph/ontology#> .
pv:Project a owl:Class ; rdfs:label "projet"@fr, "project"@en .
"""
STUDY = """@prefix pv: <https://w3id.org/pvgraph/ontology#> .
<https://w3id.org/pvgraph/id/project/x> a pv:Project ; pv:startYear 2018 .
<https://w3id.org/pvgraph/id/project/y> a pv:Project ; pv:startYear 2024 .
"""
QUERY = """# id: started-before
# fr: Quels projets ont commencé avant une année ?
# en: Which projects started before a year?
# param: year year — l'année / the year
PREFIX pv: <https://w3id.org/pvgraph/ontology#>
SELECT ?project WHERE {
  VALUES ?year { 2020 }
  ?project a pv:Project ; pv:startYear ?start .
  FILTER(?start < ?year)
} ORDER BY ?project
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ontology" / "queries").mkdir(parents=True)
    (tmp_path / "ontology" / "core.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (tmp_path / "ontology" / "queries" / "started.rq").write_text(QUERY, encoding="utf-8")
    (tmp_path / "data" / "study").mkdir(parents=True)
    (tmp_path / "data" / "study" / "cases.ttl").write_text(STUDY, encoding="utf-8")
    monkeypatch.setenv("PVGRAPH_ROOT", str(tmp_path))
    monkeypatch.setenv("PVGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.delenv("PVGRAPH_SETTINGS_FILE", raising=False)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_build_then_named_question_with_default_and_parameter(project: Path) -> None:
    code, out, _ = run("build", "--no-reasoning")
    assert code == 0, out
    assert "study" in out
    code, out, _ = run("query", "started-before", "--format", "json")
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    assert [r["project"]["value"] for r in rows] == ["https://w3id.org/pvgraph/id/project/x"]
    code, out, _ = run("query", "started-before", "--param", "year=2030", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1:] == ["https://w3id.org/pvgraph/id/project/x",
                                    "https://w3id.org/pvgraph/id/project/y"]


def test_named_question_by_pages(project: Path) -> None:
    assert run("build", "--no-reasoning")[0] == 0
    code, out, err = run("query", "started-before", "--param", "year=2030", "--format", "csv", "--limit", "1")
    assert code == 0 and out.splitlines()[1:] == ["https://w3id.org/pvgraph/id/project/x"]
    assert "page suivante : --offset 1" in err  # a full page says how to get the next one, in French
    code, out, err = run("query", "started-before", "--param", "year=2030", "--format", "csv",
                         "--limit", "1", "--offset", "1")
    assert code == 0 and out.splitlines()[1:] == ["https://w3id.org/pvgraph/id/project/y"]
    code, out, err = run("query", "started-before", "--param", "year=2030", "--format", "csv", "--all")
    assert code == 0 and len(out.splitlines()) == 3 and err == ""


@pytest.mark.parametrize("args", [("--limit", "0"), ("--offset", "-1"), ("--all", "--limit", "5")])
def test_bad_pages_exit_2(project: Path, args: tuple[str, ...]) -> None:
    run("build", "--no-reasoning")
    code, _, err = run("query", "started-before", *args)
    assert code == 2 and "Traceback" not in err


def test_queries_lists_the_catalogue(project: Path) -> None:
    code, out, _ = run("queries")
    assert code == 0
    assert "started-before [--param year=2020]" in out
    assert "fr: Quels projets" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("query", "nope"), "il n'y a pas de question nommée"),
     (("query", "started-before", "--param", "year=soon"), "année à quatre chiffres"),
     (("query", "--sparql", "SELECT WHERE {"), "la requête SPARQL ne se lit pas"),
     (("query",), "exactement un de")],
    ids=["unknown-question", "bad-parameter", "bad-sparql", "nothing-to-run"],
)
def test_user_errors_exit_2_with_a_message(project: Path, args: tuple[str, ...], needle: str) -> None:
    run("build", "--no-reasoning")
    code, _, err = run(*args)
    assert code == 2
    assert err.startswith("erreur : ") and needle in err  # French unless the setting lang says otherwise
    assert "Traceback" not in err


def test_user_errors_are_told_in_the_setting_language(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    code, _, err = run("query", "nope")
    assert code == 2 and err.startswith("error: there is no named question 'nope'")
    assert "`pvgraph queries` lists them" in err


def test_syntax_error_in_a_source_names_the_place_and_changes_nothing(project: Path) -> None:
    assert run("build", "--no-reasoning")[0] == 0
    _, before, _ = run("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    (project / "data" / "study" / "zz-new.ttl").write_text(
        "<https://w3id.org/pvgraph/id/project/z> a <https://w3id.org/pvgraph/ontology#Project> .\n",
        encoding="utf-8")
    (project / "data" / "study" / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    code, _, err = run("build", "--no-reasoning")
    assert code == 2
    assert "broken.ttl, ligne 1" in err
    _, after, _ = run("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert after == before


def test_query_without_a_store_says_build_first(project: Path) -> None:
    code, _, err = run("query", "started-before")
    assert code == 2
    assert "pvgraph build" in err


def test_real_process_exit_code_and_no_traceback(project: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pvgraph", "query", "nope"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_rebuild_keeps_graphs_the_build_does_not_make_and_replaces_its_own(project: Path) -> None:
    from pvgraph.store import EmbeddedStore

    assert run("build")[0] == 0
    submission = "https://w3id.org/pvgraph/graph/submission/s1"
    foreign = "http://example.org/graph/put-by-graph-store"
    triple = ox.Triple(ox.NamedNode("https://w3id.org/pvgraph/id/project/z"),
                       ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       ox.NamedNode("https://w3id.org/pvgraph/ontology#Project"))
    store = EmbeddedStore(project / "store")
    store.add_to_graph(submission, [triple])
    store.add_to_graph(foreign, [triple])
    store.close()
    del store
    (project / "data" / "study" / "cases.ttl").write_text(STUDY.split("<https://w3id.org/pvgraph/id/project/y>")[0],
                                                          encoding="utf-8")
    code, out, _ = run("build")
    assert code == 0, out
    graphs = EmbeddedStore(project / "store", read_only=True).graphs()
    assert graphs[submission] == 1 and graphs[foreign] == 1
    assert graphs["https://w3id.org/pvgraph/graph/study"] == 2  # y is gone, x's two triples stay
    assert not [p.name for p in project.iterdir() if p.name.startswith(".store.")]


REFERENTIAL = """<https://w3id.org/pvgraph/id/commune/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/pvgraph/ontology#Project> .
<https://w3id.org/pvgraph/id/commune/1> <http://www.w3.org/2000/01/rdf-schema#label> "Une commune"@fr .
"""


def test_the_referential_parsed_by_the_store_gives_the_graph_the_parser_gives(project: Path) -> None:
    """On disk, the build parses the referential straight into its staging store (no Python
    object per triple); in memory, it parses every file first. Same graph either way."""
    import gzip

    from pvgraph.loading import parse_file
    from pvgraph.store import EmbeddedStore

    (project / "data" / "referential").mkdir()
    (project / "data" / "referential" / "a.nt").write_text(REFERENTIAL, encoding="utf-8")
    (project / "data" / "referential" / "b.nt.gz").write_bytes(
        gzip.compress(b'<https://w3id.org/pvgraph/id/commune/2> <http://www.w3.org/2000/01/rdf-schema#label> "Deux" .\n'))
    assert run("build")[0] == 0
    on_disk = EmbeddedStore(project / "store", read_only=True)
    code, out, _ = run("build", "--store", ":memory:")
    assert code == 0, out
    graph = "https://w3id.org/pvgraph/graph/referential"
    assert on_disk.graphs()[graph] == 3
    assert f"referential    {3:>9} triplets" in out  # the in-memory build parsed the same 3 triples
    parsed = {str(q.triple) for name in ("a.nt", "b.nt.gz")
              for q in parse_file(project / "data" / "referential" / name).quads}
    assert {str(q.triple) for q in on_disk.quads(graph)} == parsed


def test_a_syntax_error_in_the_referential_leaves_the_built_store_as_it_was(project: Path) -> None:
    from pvgraph.store import EmbeddedStore

    assert run("build")[0] == 0
    before = EmbeddedStore(project / "store", read_only=True).graphs()
    (project / "data" / "referential").mkdir()
    (project / "data" / "referential" / "a.nt").write_text(REFERENTIAL + "<https://w3id.org/x> <https://w3id.org/p> .\n",
                                                           encoding="utf-8")
    code, out, err = run("build")
    assert code == 2, out + err
    assert "a.nt" in out + err and "3" in out + err  # the file and its line
    assert EmbeddedStore(project / "store", read_only=True).graphs() == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".store.")]


SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix pv: <https://w3id.org/pvgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
pv:ProjectShape a sh:NodeShape ; sh:targetClass pv:Project ;
  sh:property [ sh:path pv:startYear ; sh:maxInclusive 2020 ;
                sh:message "l'année de début est trop tardive"@fr, "the start year is too late"@en ] .
"""


def test_build_speaks_french_unless_english_is_asked(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress (stderr), the summary and the next steps follow the setting lang, as errors do."""
    code, out, err = run("build", "--no-reasoning")
    assert code == 0, out + err
    assert "triplets construits dans" in out and "ensuite : `pvgraph queries`" in out
    assert "data/study/ lu : 1 fichiers, 4 triplets" in err and "graphe study chargé" in err
    assert "built " not in out and "next:" not in out
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    code, out, err = run("build", "--no-reasoning")
    assert code == 0, out + err
    assert "triples in" in out and f"study          {4:>9} triples" in out and "next: `pvgraph queries`" in out
    assert "read data/study/: 1 files, 4 triples" in err and "loaded graph study" in err


def test_the_next_page_note_in_english(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("build", "--no-reasoning")[0] == 0
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    code, _, err = run("query", "started-before", "--param", "year=2030", "--format", "csv", "--limit", "1")
    assert code == 0 and "(page of 1 rows from row 1; next page: --offset 1, whole answer: --all)" in err


def test_a_nonconforming_study_is_refused_with_the_report_in_the_chosen_language(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validation report in the refusal's hint is in the message's language, not English always."""
    (project / "shapes").mkdir()
    (project / "shapes" / "project.ttl").write_text(SHAPES, encoding="utf-8")
    code, out, err = run("build", "--no-reasoning")
    assert code == 2, out + err
    assert "data/study/ n'est pas conforme aux formes" in err
    assert "l'année de début est trop tardive" in err and "the start year is too late" not in err
    from pvgraph.store import EmbeddedStore

    assert EmbeddedStore(project / "store", read_only=True).is_empty()  # nothing was built
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    code, out, err = run("build", "--no-reasoning")
    assert code == 2, out + err
    assert "data/study/ does not conform to the shapes" in err
    assert "the start year is too late" in err and "l'année de début" not in err


def test_an_inconsistent_graph_is_refused_with_its_clashes_in_the_chosen_language(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "ontology" / "disjoint.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix pv: <https://w3id.org/pvgraph/ontology#> .\n"
        "pv:Policy a owl:Class ; owl:disjointWith pv:Project .\n", encoding="utf-8")
    (project / "data" / "study" / "clash.ttl").write_text(
        "@prefix pv: <https://w3id.org/pvgraph/ontology#> .\n<https://w3id.org/pvgraph/id/project/x> a pv:Policy .\n",
        encoding="utf-8")
    code, out, err = run("build")
    assert code == 2, out + err
    assert "[cax-dw] https://w3id.org/pvgraph/id/project/x appartient aux classes disjointes" in err
    monkeypatch.setenv("PVGRAPH_LANG", "en")
    code, out, err = run("build")
    assert code == 2, out + err
    assert "[cax-dw] https://w3id.org/pvgraph/id/project/x is a member of the disjoint classes" in err
