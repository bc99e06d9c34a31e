"""Write the spreadsheet test fixtures of tests/tabular/fixtures/ (see SOURCE.md there).

For each case of tests/tabular/cases.py: the template filled by pvgraph (XLSX, and the zip of
CSVs), then the XLSX opened and saved again by LibreOffice, headless, as ODS and as XLSX — what a
steward's LibreOffice writes. Run from the repository root, with LibreOffice installed
(scripts/install-system-deps.sh):  python scripts/make_sheet_fixtures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.tabular.cases import CONFORMING, SHAPE_MISTAKES, TABLE_MISTAKES  # noqa: E402

from pvgraph.tabular.spec import workbook_spec  # noqa: E402
from pvgraph.tabular.template import write_template  # noqa: E402

OUT = ROOT / "tests" / "tabular" / "fixtures"
CASES = {"conforming": CONFORMING, "table-mistakes": TABLE_MISTAKES, "shape-mistakes": SHAPE_MISTAKES}


def libreoffice(source: Path, target_format: str, outdir: Path) -> Path:
    """Open ``source`` in LibreOffice and save it as ``target_format`` (ods or xlsx) in ``outdir``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: run scripts/install-system-deps.sh")
    with tempfile.TemporaryDirectory() as profile:
        filters = {"ods": "ods", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", filters[target_format], "--outdir", str(outdir), str(source)],
                       check=True, capture_output=True, timeout=180)
    return outdir / f"{source.stem}.{target_format}"


def main() -> None:
    spec = workbook_spec(ROOT)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in CASES.items():
        (OUT / f"{name}.xlsx").write_bytes(write_template(spec, "xlsx", rows=rows))
        (OUT / f"{name}.zip").write_bytes(write_template(spec, "csv", rows=rows))
        with tempfile.TemporaryDirectory() as tmp:
            made = Path(tmp) / f"{name}.libreoffice.xlsx"
            made.write_bytes((OUT / f"{name}.xlsx").read_bytes())
            ods = libreoffice(made, "ods", Path(tmp) / "ods")
            shutil.copy(ods, OUT / f"{name}.libreoffice.ods")
            xlsx = libreoffice(ods, "xlsx", Path(tmp) / "xlsx")
            shutil.copy(xlsx, OUT / f"{name}.libreoffice.xlsx")
        print(name, "written")


if __name__ == "__main__":
    main()
