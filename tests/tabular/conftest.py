"""Shared helpers of the spreadsheet tests: the workbook spec, and validating a file as the CLI does."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvgraph.settings import Settings, load_settings
from pvgraph.tabular.inputs import as_spreadsheet
from pvgraph.tabular.spec import WorkbookSpec, workbook_spec
from pvgraph.tabular.validation import convert, validate_with_spreadsheets
from pvgraph.validation.report import ValidationReport

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def spec() -> WorkbookSpec:
    return workbook_spec(ROOT)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings({"store": ":memory:", "root": str(ROOT)},
                         settings_file=tmp_path_factory.mktemp("s") / "absent.toml")


def validate_bytes(data: bytes, name: str, spec: WorkbookSpec, settings: Settings,
                   lang: str = "fr") -> ValidationReport:
    """A spreadsheet's report, without the referential (the tests' data is fictional)."""
    sheet = as_spreadsheet(data, name, spec)
    assert sheet is not None, f"{name} was not recognised as a spreadsheet"
    conversion = convert(sheet, spec, lang)
    return validate_with_spreadsheets([conversion], settings=settings, lang=lang, use_store=False)


def cells(report: ValidationReport, *, severity: str = "Violation") -> set[tuple[str, int | None, str | None]]:
    """(sheet name, row, column) of every finding of ``severity``."""
    return {(r.cell.sheet, r.cell.row, r.cell.column) for r in report.results
            if r.cell is not None and r.severity.label == severity}
