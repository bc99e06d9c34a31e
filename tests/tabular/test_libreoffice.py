"""The template as LibreOffice sees it: opened, saved in LibreOffice's own formats, read back.

Runs the real LibreOffice (headless) on the template pvgraph serves now — the committed
fixtures were made the same way (fixtures/SOURCE.md). Skips without LibreOffice on a developer
machine; fails under CI=true, where scripts/install-system-deps.sh installs it.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from pvgraph.settings import Settings
from pvgraph.tabular.spec import WorkbookSpec
from pvgraph.tabular.template import write_template
from tests.conftest import require_or_skip
from tests.tabular.cases import TABLE_FINDINGS, TABLE_MISTAKES
from tests.tabular.conftest import cells, validate_bytes

pytestmark = pytest.mark.slow


def _make_libreoffice(tmp_path: Path):
    require_or_skip(shutil.which("soffice") is not None, "LibreOffice (soffice) is not installed")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from make_sheet_fixtures import libreoffice

    return libreoffice


def test_libreoffice_keeps_the_drop_downs_and_reads_back(tmp_path: Path, spec: WorkbookSpec,
                                                         settings: Settings) -> None:
    libreoffice = _make_libreoffice(tmp_path)
    source = tmp_path / "envoi.xlsx"
    source.write_bytes(write_template(spec, "xlsx", rows=TABLE_MISTAKES))
    ods = libreoffice(source, "ods", tmp_path / "out")
    with zipfile.ZipFile(ods) as archive:
        content = archive.read("content.xml").decode()
    assert "table:content-validation " in content  # the drop-down lists survived
    assert "office:annotation" in content  # and the help comments
    report = validate_bytes(ods.read_bytes(), "envoi.ods", spec, settings)
    found = {(spec.find_sheet(s).key, r, c) for s, r, c in cells(report)}
    assert found == TABLE_FINDINGS
