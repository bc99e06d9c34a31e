"""``pvgraph template``: write the spreadsheet template (XLSX, ODS or a zip of CSVs), generated
from the shapes; ``--from`` fills it with RDF data (an accepted submission goes back to the
spreadsheet it came from); ``--schemas DIR`` writes the Table Schemas beside it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pvgraph.cli.options import settings_from
from pvgraph.errors import Location, UserError, error
from pvgraph.loading import parse_file, to_rdflib_graph
from pvgraph.tabular.export import rows_from_graph
from pvgraph.tabular.spec import workbook_spec
from pvgraph.tabular.table_schema import table_schema
from pvgraph.tabular.template import EXTENSIONS, write_template


@click.command()
@click.option("--format", "fmt", type=click.Choice(["xlsx", "ods", "csv"]), default="xlsx", show_default=True,
              help="xlsx (Excel, LibreOffice), ods (LibreOffice, OpenOffice) or csv (a zip: one CSV per sheet, "
                   "the Table Schemas and a datapackage.json).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: modele-pvgraph.xlsx, .ods or .zip in the current folder).")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Fill the template with the records of this RDF file (e.g. an accepted submission).")
@click.option("--schemas", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write one Table Schema per sheet (schema.data.gouv.fr form) into this folder.")
def template(fmt: str, output: Path | None, source: Path | None, schemas: Path | None) -> None:
    """Write the spreadsheet template a steward fills (one sheet per kind of record).

    \b
    Validate the filled file with: pvgraph validate FILE.xlsx
    """
    settings = settings_from()
    spec = workbook_spec(settings.root)
    rows = rows_from_graph(to_rdflib_graph(parse_file(source).quads), spec) if source else None
    output = output or Path(f"modele-pvgraph.{EXTENSIONS[fmt]}")
    _write(output, write_template(spec, fmt, rows=rows))
    click.echo(f"{output}")
    if schemas is not None:
        schemas.mkdir(parents=True, exist_ok=True)
        for sheet in spec.sheets:
            path = schemas / f"{sheet.key}.json"
            _write(path, (json.dumps(table_schema(sheet, spec), ensure_ascii=False, indent=2) + "\n").encode())
            click.echo(f"{path}")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise error(UserError, "spreadsheet.unwritable", reason=exc.strerror, location=Location(str(path))) from None
