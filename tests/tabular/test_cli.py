"""``pvgraph template`` and ``pvgraph validate`` on spreadsheets, as a steward runs them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pvgraph.cli import cli
from tests.tabular.conftest import FIXTURES


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("PVGRAPH_STORE", ":memory:")
    monkeypatch.setenv("PVGRAPH_SETTINGS_FILE", str(tmp_path / "absent.toml"))
    return CliRunner()


def test_template_in_every_format(runner: CliRunner, tmp_path: Path) -> None:
    for fmt, name in (("xlsx", "m.xlsx"), ("ods", "m.ods"), ("csv", "m.zip")):
        result = runner.invoke(cli, ["template", "--format", fmt, "--output", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "m.xlsx")
    assert book.sheetnames[0] == "Aide" and "Projets" in book.sheetnames and "Énoncés de valeur" in book.sheetnames
    assert book["Listes"].sheet_state == "hidden"
    projets = book["Projets"]
    assert projets["C1"].value == "porteur" and "leader" in projets["C1"].comment.text  # French header, English beside
    assert "Obligatoire" in projets["C1"].comment.text
    lists = {str(dv.sqref)[:1] for dv in projets.data_validations.dataValidation}
    assert "G" in lists  # appellation: a drop-down
    with zipfile.ZipFile(tmp_path / "m.ods") as ods:
        content = ods.read("content.xml").decode()
    assert "table:content-validation " in content and "valeur politique" in content and "office:annotation" in content
    assert 'table:default-cell-style-name="text-cell"' in content  # codes keep their leading zero
    with zipfile.ZipFile(tmp_path / "m.zip") as archive:
        assert {"projets.csv", "schemas/projets.json", "datapackage.json"} <= set(archive.namelist())


def test_template_with_schemas_and_from_rdf(runner: CliRunner, tmp_path: Path) -> None:
    rdf = Path(__file__).resolve().parents[2] / "data/examples/submissions/conforming.ttl"
    result = runner.invoke(cli, ["template", "--from", str(rdf), "-o", str(tmp_path / "c.xlsx"),
                                 "--schemas", str(tmp_path / "schemas")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "schemas" / "enonces.json").read_text())["fields"][0]["name"] == "identifiant"
    projets = load_workbook(tmp_path / "c.xlsx")["Projets"]
    assert projets["B2"].value == "Val-de-Brume connecté (projet fictif)"


def test_validate_exit_codes_and_json(runner: CliRunner) -> None:
    ok = runner.invoke(cli, ["validate", str(FIXTURES / "conforming.libreoffice.ods")])
    assert ok.exit_code == 0, ok.output
    assert "(ODS," in ok.output
    bad = runner.invoke(cli, ["validate", str(FIXTURES / "table-mistakes.xlsx"), "--format", "json"])
    assert bad.exit_code == 1
    report = json.loads(bad.output)
    placed = [r["cell"] for r in report["results"] if "cell" in r]
    assert {"sheet": "Organisations", "row": 3, "column": "code_insee", "text": "1053"} in placed


def test_validate_reads_a_spreadsheet_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "-", "--lang", "en"], input=(FIXTURES / "conforming.zip").read_bytes())
    assert result.exit_code == 0, result.output
    assert "The data conforms" in result.output
