"""pvgraph's table checks and the frictionless library give the same verdicts, cell by cell.

The Table Schemas pvgraph publishes are run by frictionless over CSV files; pvgraph's own reader
(faster, in French, with the likely fix) must find faults at exactly the cells frictionless
finds them — no more, no fewer. References between sheets are pvgraph's own check (a Table
Schema alone cannot see another file) and are left out of the comparison; blank rows are
skipped by pvgraph, reported by frictionless (``blank-row``), and left out too.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from frictionless import Dialect, Resource, Schema, formats

from pvgraph.tabular.checks import check_workbook
from pvgraph.tabular.reading import read_workbook
from pvgraph.tabular.spec import Sheet, WorkbookSpec
from pvgraph.tabular.table_schema import table_schema
from pvgraph.tabular.template import sheet_csv
from tests.tabular.cases import CONFORMING
from tests.tabular.conftest import FIXTURES

# Values tried in every column: good and bad forms of French spreadsheet habits.
CANDIDATES = [
    "", "x", "Abc", "abc-1", "a b", "18400", "18 400", "18\u00a0400", "6 200,00", "6200,5", "18.400", "-5",
    "1053", "01053", "2A004", "2a004", "35", "974", "213500000", "21350000", "213 500 000",
    "2026", "31/12/2026", "2026-12-31", "12/2026", "1850", "oui", "non", "Oui", "vrai", "peut-être",
    "valeur politique", "Valeur politique", "valeur politique, valeur sociale", "territoire connecté",
    "territoire connecté, territoire numérique", "territoire connecté,territoire numérique",
    "commune", "alliance territoriale", "chef de file", "ville centre, membre",
]


def frictionless_cells(sheet: Sheet, spec: WorkbookSpec, data: bytes) -> set[tuple[int, str]]:
    """(row, field) of every error frictionless reports (primary-key errors on the key's first field)."""
    schema = Schema.from_descriptor(table_schema(sheet, spec))
    resource = Resource(data=data, format="csv", encoding="utf-8-sig", schema=schema,
                        dialect=Dialect(controls=[formats.CsvControl(delimiter=";")]))
    report = resource.validate(limit_errors=100_000)
    found = set()
    for error in report.tasks[0].errors:
        kind = error.type
        if kind == "blank-row":
            continue
        if kind == "primary-key":
            key = schema.primary_key[0]
            found.add((error.row_number, key))
            continue
        found.add((error.row_number, error.field_name))
    return found


def pvgraph_cells(sheet: Sheet, spec: WorkbookSpec, data: bytes) -> set[tuple[int, str]]:
    raw = read_workbook(data, f"{sheet.key}.csv", "csv")
    checked = check_workbook(raw, spec, "fr")
    return {(f.row, f.column) for f in checked.findings if f.schema and f.row is not None and f.column}


def _candidate_rows(sheet: Sheet) -> list[list[str]]:
    base = CONFORMING.get(sheet.key, [[]])[0] or ["" for _ in sheet.columns]
    rows = []
    for index, column in enumerate(sheet.columns):
        for n, value in enumerate(CANDIDATES):
            row = list(base)
            if sheet.identifier and column.name != sheet.identifier:
                row[0] = f"r{index}-{n}"  # other rows' identifiers stay unique
            if sheet.primary_key and column.name not in sheet.primary_key:
                row[1] = f"o{index}-{n}"
            row[index] = value
            rows.append(row)
    return rows


@pytest.mark.parametrize("key", ["organisations", "adhesions", "projets", "politiques", "objectifs",
                                 "cas_usage", "outils", "actions", "enonces"])
def test_same_cells_as_frictionless_on_every_habit(key: str, spec: WorkbookSpec) -> None:
    sheet = spec.sheet(key)
    data = sheet_csv(sheet, _candidate_rows(sheet))
    ours, theirs = pvgraph_cells(sheet, spec, data), frictionless_cells(sheet, spec, data)
    assert theirs, "the candidates must include faults"
    assert ours == theirs, {"pvgraph only": sorted(ours - theirs)[:10], "frictionless only": sorted(theirs - ours)[:10]}


@pytest.mark.parametrize("case", ["conforming", "table-mistakes", "shape-mistakes"])
def test_same_cells_as_frictionless_on_the_fixtures(case: str, spec: WorkbookSpec) -> None:
    with zipfile.ZipFile(io.BytesIO((FIXTURES / f"{case}.zip").read_bytes())) as archive:
        for sheet in spec.sheets:
            data = archive.read(f"{sheet.key}.csv")
            assert pvgraph_cells(sheet, spec, data) == frictionless_cells(sheet, spec, data), sheet.key


def test_the_template_validates_as_a_data_package(spec: WorkbookSpec, tmp_path) -> None:
    """``frictionless validate datapackage.json`` on the conforming CSV set, as a steward's tool would."""
    from frictionless import Package

    with zipfile.ZipFile(io.BytesIO((FIXTURES / "conforming.zip").read_bytes())) as archive:
        archive.extractall(tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "rowNumber", "fieldName", "note"])
