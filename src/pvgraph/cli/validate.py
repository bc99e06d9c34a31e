"""``pvgraph validate``: check a steward's files against the shapes and print the report.

A file that cannot be read stops everything with exit 2 and a message in the report's language
(``--lang``, else the setting ``lang``: French).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pvgraph.cli.options import settings_from, store_option
from pvgraph.errors import InputError, Location, UserError, error
from pvgraph.formats import RDF_FORMATS, rdf_format
from pvgraph.languages import LANGUAGES
from pvgraph.loading import Document, document_from_bytes, parse_document, read_document
from pvgraph.settings import Settings
from pvgraph.tabular.inputs import as_spreadsheet
from pvgraph.tabular.spec import workbook_spec
from pvgraph.tabular.validation import Spreadsheet, convert, validate_with_spreadsheets
from pvgraph.validation import REPORT_FORMATS, ValidationReport, render, validate_documents

SPREADSHEETS = {"xlsx": "xlsx", "ods": "ods", "csv": "csv", "csv-zip": "csv-zip"}

STDIN = "-"


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default="text", show_default=True,
              help="Report format: text for people, json/csv for programs, html to print, turtle for SHACL tools.")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default=None,
              help="Language of the report (default: the setting lang, French).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--input-format", type=click.Choice([f.name for f in RDF_FORMATS] + list(SPREADSHEETS)), default=None,
              help="Format of the input files, when neither their extension nor their content tells it.")
@click.option("--no-referential", is_flag=True,
              help="Do not compare INSEE codes and SIRENs with the referential in the store.")
@store_option
@click.pass_context
def validate(ctx: click.Context, files: tuple[str, ...], fmt: str, lang: str | None, output: Path | None,
             input_format: str | None, no_referential: bool, store: str | None) -> None:
    """Validate FILE… (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD; spreadsheets filled from
    `pvgraph template`: XLSX, ODS, CSV or a zip of CSVs; - reads standard input).

    \b
    Exit status: 0 the data conforms (recommendations alone still conform),
                 1 it does not conform (the report says what to fix),
                 2 a file could not be read (the message says what, where and what to do).
    """
    settings = settings_from(store=store)
    lang = lang or settings.lang
    try:
        report = _validate(files, settings, lang, input_format, use_store=not no_referential)
        text = render(report, fmt)
        if output is None:
            click.echo(text, nl=False)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise error(UserError, "input.report-unwritable", reason=exc.strerror,
                                 location=Location(str(output))) from None
    except UserError as exc:
        told = exc.in_language(lang)
        if fmt == "json":
            # A program that asked for JSON gets JSON whatever happens: the one error shape of the
            # HTTP API, on standard output, with the same exit code (the message goes to stderr too).
            click.echo(json.dumps(told.to_dict(), ensure_ascii=False, indent=2))
        raise told from None
    ctx.exit(report.exit_code)


def _validate(files: tuple[str, ...], settings: Settings, lang: str, input_format: str | None, *,
              use_store: bool) -> ValidationReport:
    spreadsheets: list[Spreadsheet] = []
    inputs: list[Document] = []
    spec = workbook_spec(settings.root)
    for name in files:
        data = _read_stdin_bytes(settings.max_body_bytes) if name == STDIN else _read_file(name, settings.max_body_bytes)
        label = "<stdin>" if name == STDIN else name
        if input_format in SPREADSHEETS:
            spreadsheets.append(Spreadsheet(label, data, SPREADSHEETS[input_format]))
            continue
        sheet = None if input_format else as_spreadsheet(data, label, spec)
        if sheet is not None:
            spreadsheets.append(sheet)
        elif name == STDIN:
            inputs.append(document_from_bytes(data, name=label, format=rdf_format(input_format) if input_format else None,
                                              max_bytes=settings.max_body_bytes))
        else:
            inputs.append(read_document(name, format=rdf_format(input_format) if input_format else None,
                                        max_bytes=settings.max_body_bytes, sniff=True))
    if not spreadsheets:
        return validate_documents(inputs, settings=settings, lang=lang, use_store=use_store)
    conversions = [convert(s, spec, lang) for s in spreadsheets]
    parsed = [parse_document(d) for d in inputs]
    return validate_with_spreadsheets(conversions, parsed, settings=settings, lang=lang, use_store=use_store)


def _read_file(name: str, max_bytes: int) -> bytes:
    """The file's bytes (read again by the RDF reader when it is not a spreadsheet)."""
    path = Path(name)
    if not path.is_file():
        return b""  # read_document says what is wrong with it
    if path.stat().st_size > max_bytes:
        return b""
    return path.read_bytes()


def _read_stdin_bytes(max_bytes: int) -> bytes:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if not data:
        raise error(InputError, "input.stdin-empty", location=Location("<stdin>"))
    return data
