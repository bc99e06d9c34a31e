"""A spreadsheet through the same gate as RDF: table checks, mapping, shapes, referential look-ups.

:func:`convert` reads a spreadsheet, runs the table checks and maps the rows to RDF;
:func:`validate_with_spreadsheets` validates the RDF made from spreadsheets (with any RDF
documents given beside them) by :func:`pvgraph.validation.validate_parsed`, exactly as an RDF
submission, then places every finding in its sheet, row and column: the table checks' own, and
the SHACL and referential results whose record came from a row (the column comes from the
result's path). A SHACL result on a cell the table checks already refused is dropped: the cell
was left out of the RDF, so the shapes only repeat the table's finding in other words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from pvgraph import messages
from pvgraph.errors import InputError, Location, error
from pvgraph.formats import rdf_format
from pvgraph.gc_pause import collector_paused
from pvgraph.loading import Document, ParsedDocument, from_rdflib_term
from pvgraph.namespaces import PREFIXES, SH
from pvgraph.settings import Settings
from pvgraph.store import Store
from pvgraph.tabular.checks import CheckedWorkbook, TableFinding, check_workbook
from pvgraph.tabular.mapping import Mapped, map_workbook
from pvgraph.tabular.reading import read_workbook
from pvgraph.tabular.spec import WorkbookSpec, workbook_spec
from pvgraph.validation.report import (
    VALIDATION_NS,
    Cell,
    FileSummary,
    Result,
    SheetView,
    ValidationReport,
    result_id,
)
from pvgraph.validation.validator import validate_parsed

CELL_SYNTAX = dataclasses.replace(rdf_format("turtle"), name="cell")
"""The RDF made from a spreadsheet is Turtle, but its records were written as cells: named
``cell``, the validator writes its suggested fixes as a cell's value (:mod:`pvgraph.validation.sources`)."""

FORMAT_NAMES = {"xlsx": "XLSX", "ods": "ODS", "csv": "CSV", "csv-zip": "CSV (zip)"}
MAX_SHOWN_ROWS = 200
"""Rows of a sheet the HTML report shows (the faulty ones first): a 10 000-row sheet with one
error shows that row, not a page of 10 000."""


@dataclass(frozen=True)
class Spreadsheet:
    """An uploaded or named spreadsheet: its name, its bytes and its format (xlsx, ods, csv, csv-zip)."""

    name: str
    data: bytes
    format: str


@dataclass
class Conversion:
    """A spreadsheet after the table checks and the mapping."""

    spreadsheet: Spreadsheet
    checked: CheckedWorkbook
    mapped: Mapped
    parsed: ParsedDocument  # the RDF made from it (a Turtle document), as validated and stored

    @property
    def turtle(self) -> bytes:
        return self.parsed.document.data


def convert(spreadsheet: Spreadsheet, spec: WorkbookSpec, lang: str) -> Conversion:
    """Read, check and map one spreadsheet; a file that holds no sheet of the template is an
    :class:`InputError` (nothing to validate)."""
    with collector_paused():  # tens of thousands of cells and terms (see pvgraph.gc_pause)
        return _convert(spreadsheet, spec, lang)


def _convert(spreadsheet: Spreadsheet, spec: WorkbookSpec, lang: str) -> Conversion:
    raw = read_workbook(spreadsheet.data, spreadsheet.name, spreadsheet.format)
    checked = check_workbook(raw, spec, lang)
    if not checked.tables:
        raise error(InputError, "spreadsheet.no-known-sheet", sheets=", ".join(s.name for s in raw.sheets) or "—",
                          expected=", ".join(s.fr for s in spec.sheets), location=Location(spreadsheet.name))
    mapped = map_workbook(checked, spec)
    converted: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}  # terms recur: converted once

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        found = converted.get(node)
        if found is None:
            found = converted[node] = from_rdflib_term(node)
        return found

    quads = [ox.Quad(term(s), term(p), term(o)) for s, p, o in mapped.triples]  # type: ignore[arg-type]
    prefixes = {p: PREFIXES[p] for p in ("pv", "org", "rdfs", "xsd", "dct")}
    turtle = ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=prefixes)  # pyoxigraph: ~20x rdflib's writer
    assert turtle is not None  # no output file given: the bytes are returned
    document = Document(name=spreadsheet.name, data=turtle, format=CELL_SYNTAX)
    return Conversion(spreadsheet, checked, mapped, ParsedDocument(document=document, quads=quads))


def validate_with_spreadsheets(
    conversions: Sequence[Conversion],
    parsed: Sequence[ParsedDocument] = (),
    *,
    settings: Settings,
    lang: str,
    referential: Store | None = None,
    use_store: bool = True,
) -> ValidationReport:
    """Validate the RDF of ``conversions`` (and ``parsed`` RDF documents) together, findings placed."""
    documents = [c.parsed for c in conversions] + list(parsed)
    report = validate_parsed(documents, settings=settings, lang=lang, referential=referential, use_store=use_store)
    results: list[Result] = []
    bad_rows = {(id(c), key, row) for c in conversions for key, row, _ in c.checked.bad_cells}
    for result in report.results:
        if _about_faulty_row(result, report, conversions, bad_rows):
            continue
        located = _locate(result, conversions, lang)
        if located is not None:
            results.append(located)
    for conversion in conversions:
        results += [_table_result(f, lang) for f in conversion.checked.findings]
    report.results = results
    report.__post_init__()  # sort again
    for i, conversion in enumerate(conversions):
        spreadsheet = conversion.spreadsheet
        report.files[i] = FileSummary(spreadsheet.name, FORMAT_NAMES.get(spreadsheet.format, spreadsheet.format),
                                      len(conversion.parsed.quads))
    report.sheets = [view for c in conversions for view in sheet_views(c, report.results, lang)]
    return report


def _about_faulty_row(result: Result, report: ValidationReport, conversions: Sequence[Conversion],
                     bad_rows: set[tuple[int, str, int]]) -> bool:
    """Whether the result's value is a record whose own row has cells the table checks refused
    (a member whose kind was misspelt is "not an organisation": its row's finding says why)."""
    if report.shacl_report is None or result.report_node is None:
        return False
    value = report.shacl_report.value(result.report_node, SH.value)
    if value is None:
        return False
    for conversion in conversions:
        origin = conversion.mapped.provenance.rows.get(value)
        if origin is not None and (id(conversion), *origin) in bad_rows:
            return True
    return False


def _locate(result: Result, conversions: Sequence[Conversion], lang: str) -> Result | None:
    """The result with its cell, and its message prefixed by the place; None when the table
    checks already reported that cell."""
    if not result.focus_node or result.focus_node.startswith("_:"):
        return result
    focus = URIRef(result.focus_node)
    for conversion in conversions:
        origin = conversion.mapped.provenance.rows.get(focus)
        if origin is None:
            continue
        sheet_key, row = origin
        table = conversion.checked.tables[sheet_key]
        columns = conversion.mapped.provenance.cell_columns(sheet_key, result.path, focus)
        present = [c for c in columns if c in table.columns] or columns
        if any((sheet_key, row, c) in conversion.checked.bad_cells for c in present):
            return None
        column = " / ".join(present) if present else None
        texts = [conversion.checked.text(sheet_key, row, c) for c in present]
        text = " / ".join(t for t in texts if t) or None
        message = f"{place(lang, table.name, row, column)}{messages.text('typography.colon', lang)} {result.message}"
        if text:
            message += f" ({messages.text('sheet.received', lang, value=text)})"
        return dataclasses.replace(result, message=message, cell=Cell(table.name, row, column, text))
    return result


def place(lang: str, sheet: str, row: int | None = None, column: str | None = None) -> str:
    """« Feuille Projets, ligne 7, colonne « porteur » » — where a finding is."""
    parts = [messages.text("sheet.place-sheet", lang, sheet=sheet)]
    if row is not None:
        parts.append(messages.text("sheet.place-row", lang, row=row))
    if column is not None:
        parts.append(messages.text("sheet.place-column", lang, column=column))
    return ", ".join(parts)


def _table_result(finding: TableFinding, lang: str) -> Result:
    where = place(lang, finding.sheet, finding.row, finding.column)
    message = f"{where}{messages.text('typography.colon', lang)} {finding.message}"
    if finding.value and finding.code not in ("unique", "choice"):
        message += f" ({messages.text('sheet.received', lang, value=finding.value)})"
    focus = f"sheet:{finding.sheet}" + (f"#row={finding.row}" if finding.row is not None else "")
    label = (messages.text("sheet.sheet-row", lang, sheet=finding.sheet, row=finding.row) if finding.row is not None
             else messages.text("sheet.place-sheet", lang, sheet=finding.sheet))
    component = VALIDATION_NS + "Table" + "".join(p.capitalize() for p in finding.code.split("-")) + "ConstraintComponent"
    return Result(
        id=result_id(focus, finding.column, component, None, finding.value),
        severity=finding.severity, focus_node=focus, focus_label=label,
        path=finding.column, path_label=finding.column, value=finding.value, message=message,
        component=component, shape=None, source="table",
        cell=Cell(finding.sheet, finding.row, finding.column, finding.value),
    )


def sheet_views(conversion: Conversion, results: Sequence[Result], lang: str) -> list[SheetView]:
    """Each sheet of the spreadsheet as a table for the HTML report: the faulty rows first (then
    the others, up to :data:`MAX_SHOWN_ROWS`), each faulty cell with the ids of its findings."""
    views = []
    for table in conversion.checked.tables.values():
        if not table.rows:
            continue
        marks: dict[tuple[int, str], list[str]] = {}
        row_marks: dict[int, list[str]] = {}
        for result in results:
            cell = result.cell
            if cell is None or cell.sheet != table.name or cell.row is None:
                continue
            if cell.column:
                for column in cell.column.split(" / "):
                    marks.setdefault((cell.row, column), []).append(result.id)
            row_marks.setdefault(cell.row, []).append(result.id)
        faulty = [r for r in table.rows if r[0] in row_marks]
        others = [r for r in table.rows if r[0] not in row_marks]
        shown = (faulty + others)[:max(MAX_SHOWN_ROWS, len(faulty))]
        shown.sort(key=lambda r: r[0])
        views.append(SheetView(
            name=table.name, columns=list(table.columns),
            rows=[(n, [cells.get(c, "") for c in table.columns]) for n, cells in shown],
            marks={f"{r}:{c}": ids for (r, c), ids in marks.items()},
            row_marks={n: ids for n, ids in row_marks.items()},
            hidden=len(table.rows) - len(shown), total=len(table.rows),
        ))
    return views


def spec_for(settings: Settings) -> WorkbookSpec:
    return workbook_spec(settings.root)
