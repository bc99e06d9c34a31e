"""The terminal table a researcher first meets (``pvgraph query NAME``): compact, labels first, as
wide as the terminal and no wider; the machine formats keep every value in full."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.text_table import fit_widths, query_prefixes, render

EX = "https://w3id.org/pvgraph/id/example/"
PV = "https://w3id.org/pvgraph/ontology#"

VARIABLES = ["action", "actionLabel", "project", "projectLabel", "leader", "leaderLabel", "statement", "source"]


def political_rows() -> list[list[ox.NamedNode | ox.Literal | None]]:
    """Rows shaped like political-value-epci-led's: long IRIs and long French labels."""
    def iri(local: str) -> ox.NamedNode:
        return ox.NamedNode(EX + local)

    def fr(text: str) -> ox.Literal:
        return ox.Literal(text, language="fr")

    return [
        [iri("action-ca-budget-participatif"), fr("Budget participatif en ligne (action fictive)"),
         iri("project-ca-exemple-numerique"),
         fr("Exemple numérique, projet de la Communauté d'agglomération Exemple (fictif)"),
         iri("organisation-ca-exemple"), fr("Communauté d'agglomération Exemple (fictive)"),
         iri("value-creation-ca-budget-participatif"), iri("source")],
        [iri("action-guichet-comite-usagers"), fr("Comité d'usagers\ndu guichet numérique (action fictive)"),
         iri("project-guichet-partage"), None, iri("alliance-agglo-exemple"), None,
         iri("value-creation-guichet-comite-usagers"), iri("source")],
    ]


def table_lines(text: str) -> list[str]:
    """The table's own lines: header, rule and rows (the notes under it start with '(' or 'prefixes')."""
    lines = text.splitlines()
    return lines[: 2 + len(political_rows())]


def test_full_width_compacts_iris_and_puts_labels_first() -> None:
    text = render(VARIABLES, political_rows())
    header = text.splitlines()[0].split()
    assert header[:3] == ["actionLabel", "projectLabel", "leaderLabel"]
    # the IRIs a label already names come last
    assert header[-3:] == ["action", "project", "leader"]
    assert "ex:action-ca-budget-participatif" in text and EX + "action" not in text.split("prefixes")[0]
    assert f"ex: <{EX}>" in text
    assert "…" not in text
    # a multi-line literal stays on its row, without its language tag
    assert "Comité d'usagers du guichet numérique (action fictive)" in text and "@fr" not in text


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_every_line_fits_the_terminal(width: int) -> None:
    text = render(VARIABLES, political_rows(), width=width)
    assert all(len(line) <= width for line in text.splitlines()), text
    assert any("…" in line for line in table_lines(text))
    assert text.splitlines()[0].startswith("actionLabel")


def test_columns_that_cannot_fit_are_named() -> None:
    text = render(VARIABLES, political_rows(), width=60)
    header = text.splitlines()[0].split()
    hidden = [v for v in VARIABLES if v not in header]
    assert hidden, "at 60 characters some columns must be left out"
    notes = " ".join(text.splitlines()[2 + 2:])
    assert all(name in notes for name in hidden)
    assert "--format csv" in notes


def test_the_old_table_was_unreadable() -> None:
    """What the terminal showed before: full IRIs, every column at its natural width."""
    text = render(VARIABLES, political_rows(), prefixes={}, width=None)
    assert max(len(line) for line in table_lines(text)) > 200
    fitted = render(VARIABLES, political_rows(), width=100)
    assert max(len(line) for line in fitted.splitlines()) <= 100


def test_widths_share_the_room_and_keep_short_columns_whole() -> None:
    widths, shown = fit_widths([80, 9, 60, 40], 100)
    assert shown == 4 and sum(widths) + 2 * 3 <= 100
    assert widths[1] == 9  # short enough to stay whole
    assert widths[0] == widths[2] or widths[0] > widths[2]
    assert fit_widths([10, 20], None) == ([10, 20], 2)
    assert fit_widths([300], 50)[0] == [50]
    assert fit_widths([300, 300, 300, 300], 40)[1] == 2  # two 16-character columns at most


def test_query_prefixes_are_read() -> None:
    assert query_prefixes("PREFIX my: <http://my.example/>\nSELECT * {}") == {"my": "http://my.example/"}
    row = [[ox.NamedNode("http://my.example/thing")]]
    assert "my:thing" in render(["x"], row, prefixes={"my": "http://my.example/"})


# --- the command line ----------------------------------------------------------------------------------

QUERY = """# id: long-names
# fr: Quelles choses ont des noms longs ?
# en: Which things have long names?
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing ?thingLabel WHERE { ?thing rdfs:label ?thingLabel } ORDER BY ?thing
"""
DATA = "\n".join(
    f'<{EX}a-thing-with-a-rather-long-identifier-number-{n}> '
    f'<http://www.w3.org/2000/01/rdf-schema#label> "{"Une chose au nom très long, " * 4}n° {n}"@fr .'
    for n in range(3))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ontology" / "queries").mkdir(parents=True)
    (tmp_path / "ontology" / "queries" / "long-names.rq").write_text(QUERY, encoding="utf-8")
    (tmp_path / "data" / "study").mkdir(parents=True)
    (tmp_path / "data" / "study" / "things.ttl").write_text(DATA, encoding="utf-8")
    monkeypatch.setenv("PVGRAPH_ROOT", str(tmp_path))
    monkeypatch.setenv("PVGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.delenv("PVGRAPH_SETTINGS_FILE", raising=False)
    assert CliRunner().invoke(cli, ["build", "--no-reasoning"], catch_exceptions=False).exit_code == 0
    return tmp_path


@pytest.mark.parametrize("columns", ["60", "100"])
def test_cli_table_fits_the_terminal(project: Path, columns: str) -> None:
    result = CliRunner(env={"COLUMNS": columns}).invoke(cli, ["query", "long-names"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] == "thingLabel"
    assert all(len(line) <= int(columns) for line in lines), result.stdout
    assert "…" in result.stdout and "ex:a-thing" in result.stdout


def test_cli_width_zero_and_machine_formats_stay_full(project: Path) -> None:
    full = CliRunner(env={"COLUMNS": "60"}).invoke(cli, ["query", "long-names", "--width", "0"])
    assert "…" not in full.stdout and "ex:a-thing-with-a-rather-long-identifier-number-2" in full.stdout
    as_json = CliRunner(env={"COLUMNS": "60"}).invoke(cli, ["query", "long-names", "--format", "json"])
    values = [b["thing"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]]
    assert values[0] == f"{EX}a-thing-with-a-rather-long-identifier-number-0"
    as_csv = CliRunner(env={"COLUMNS": "60"}).invoke(cli, ["query", "long-names", "--format", "csv"])
    assert f"{EX}a-thing-with-a-rather-long-identifier-number-1" in as_csv.stdout
    assert "…" not in as_csv.stdout
