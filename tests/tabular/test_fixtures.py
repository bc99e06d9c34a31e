"""Realistic filled templates — made by pvgraph, and saved again by LibreOffice (ODS, XLSX), and
as CSV files — give the same verdict and the same findings, at the same cells."""

from __future__ import annotations

import pytest

from pvgraph.settings import Settings
from pvgraph.tabular.spec import WorkbookSpec
from tests.tabular.cases import SHAPE_FINDINGS, TABLE_FINDINGS
from tests.tabular.conftest import FIXTURES, cells, validate_bytes

FORMS = ["xlsx", "libreoffice.ods", "libreoffice.xlsx", "zip"]


def _normalised(found: set[tuple[str, int | None, str | None]], spec: WorkbookSpec) -> set[tuple[str, int | None, str | None]]:
    """Sheet names as keys (a CSV is named organisations.csv, a tab « Organisations »)."""
    out = set()
    for sheet, row, column in found:
        known = spec.find_sheet(sheet)
        out.add((known.key if known else sheet, row, column))
    return out


@pytest.mark.parametrize("form", FORMS)
def test_conforming_is_accepted(form: str, spec: WorkbookSpec, settings: Settings) -> None:
    report = validate_bytes((FIXTURES / f"conforming.{form}").read_bytes(), f"conforming.{form}", spec, settings)
    assert report.conforms, [r.message for r in report.results]
    assert not cells(report, severity="Warning"), [r.message for r in report.results]


@pytest.mark.parametrize("form", FORMS)
def test_table_mistakes_are_reported_at_their_cells(form: str, spec: WorkbookSpec, settings: Settings) -> None:
    report = validate_bytes((FIXTURES / f"table-mistakes.{form}").read_bytes(), f"t.{form}", spec, settings)
    assert not report.conforms
    assert _normalised(cells(report), spec) == TABLE_FINDINGS
    by_column = {r.cell.column: r.message for r in report.results if r.cell}
    assert "« 01053 » ?" in by_column["code_insee"]  # the likely fix, built from the value received
    assert "Vouliez-vous dire « communauté de communes » ?" in by_column["type"]
    assert "Vouliez-vous dire « territoire connecté » ?" in by_column["appellation"]
    assert "Vouliez-vous dire « alliance-brume » ?" in by_column["identifiant"]
    assert by_column["porteur"].startswith("Feuille Projets, ligne 2, colonne « porteur » :") or form == "zip"


@pytest.mark.parametrize("form", FORMS)
def test_shape_mistakes_point_back_to_their_rows(form: str, spec: WorkbookSpec, settings: Settings) -> None:
    report = validate_bytes((FIXTURES / f"shape-mistakes.{form}").read_bytes(), f"s.{form}", spec, settings)
    assert not report.conforms
    assert _normalised(cells(report), spec) == SHAPE_FINDINGS
    assert all(r.source in ("shacl", "table") for r in report.results if r.cell)
    siren = next(r for r in report.results if r.cell and r.cell.column == "siren")
    assert siren.cell.text == "213500001" and "213500001" in siren.message


def test_english_report(spec: WorkbookSpec, settings: Settings) -> None:
    report = validate_bytes((FIXTURES / "table-mistakes.xlsx").read_bytes(), "t.xlsx", spec, settings, lang="en")
    message = next(r.message for r in report.results if r.cell and r.cell.column == "porteur")
    assert message.startswith('Sheet Projets, row 2, column "porteur":')
