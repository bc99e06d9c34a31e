"""The spreadsheet template, written from the :class:`WorkbookSpec` (hence from the shapes).

Three forms of the same workbook: XLSX (openpyxl), ODS (odfpy: the only well-known Python
library that writes ODF content validations, i.e. drop-down lists) and a zip of CSV files
(UTF-8 with a BOM, ``;`` separators: what French Excel opens in columns), with the Table Schemas
and a ``datapackage.json`` beside them so that ``frictionless validate datapackage.json`` checks
a filled set as is.

In XLSX and ODS: a first sheet « Aide » (how to fill, then every column of every sheet: French
and English names, what to write, an example, mandatory or not, the values of its list), then
one sheet per kind of record whose header cells carry a comment (same help), drop-down lists
for every closed list (kept on a hidden sheet « Listes »: Excel limits an inline list to 255
characters), code and identifier columns formatted as text (so that ``01053`` keeps its zero),
and the header row frozen. ``rows`` fills the sheets (an export of accepted data).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence

from pvgraph.tabular.spec import Column, Sheet, WorkbookSpec
from pvgraph.tabular.table_schema import field_description, requirement, table_schema

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "application/zip",
}
EXTENSIONS = {"xlsx": "xlsx", "ods": "ods", "csv": "zip"}
VALIDATED_ROWS = 10_000
"""Rows of each sheet that carry the drop-down lists and the text format."""

Rows = Mapping[str, Sequence[Sequence[str]]]  # sheet key → rows of cell texts, in column order

HELP_TITLE = "Aide"
LISTS_TITLE = "Listes"


def write_template(spec: WorkbookSpec, fmt: str, *, rows: Rows | None = None, base_url: str = "https://w3id.org/pvgraph/") -> bytes:
    """The template (or, with ``rows``, a filled workbook) in ``fmt``: xlsx, ods or csv (a zip)."""
    rows = rows or {}
    if fmt == "xlsx":
        return _xlsx(spec, rows)
    if fmt == "ods":
        return _ods(spec, rows)
    if fmt == "csv":
        return _csv_zip(spec, rows, base_url)
    raise ValueError(f"unknown template format {fmt!r}")


def help_rows(spec: WorkbookSpec) -> list[list[str]]:
    """The « Aide » sheet's table: one line per column of every sheet."""
    out = [["Feuille (sheet)", "Colonne (column)", "Nom", "Name", "Obligatoire ?", "Ce qu'il faut écrire", "Exemple"]]
    for sheet in spec.sheets:
        for column in sheet.columns:
            out.append([sheet.fr, column.name, column.fr, column.en, requirement(column, "fr"),
                        field_description(column, spec, "fr"), column.example])
    return out


INTRO = [
    "Modèle de soumission pvgraph — pvgraph submission template",
    "Une feuille par genre d'enregistrement ; une ligne par enregistrement ; la ligne 1 (l'en-tête) ne se modifie pas.",
    "Chaque ligne a un identifiant (lettres minuscules sans accent, chiffres, tirets) par lequel les autres feuilles la désignent.",
    "Plusieurs valeurs dans une cellule : séparez-les par une virgule. Les listes déroulantes donnent les valeurs possibles.",
    "Les années s'écrivent 2026 (une date 31/12/2026 est lue comme son année) ; les nombres 18400 ou 18 400.",
    "Validez le fichier sur la page « Valider » de pvgraph (ou : pvgraph validate fichier.xlsx) : le rapport indique feuille, ligne et colonne.",
    "One sheet per kind of record, one row per record; column names and help in English are in the comments and below.",
]


def _comment(column: Column, spec: WorkbookSpec) -> str:
    text = f"{column.fr} — {column.en}\n{field_description(column, spec, 'fr')}"
    if column.example:
        text += f"\nExemple : {column.example}"
    return text


def _is_text_column(column: Column) -> bool:
    return column.kind in ("identifier", "ref", "string")


def _list_column(column: Column) -> bool:
    return column.kind in ("class", "choice", "boolean")


def _list_values(column: Column) -> list[str]:
    return ["oui", "non"] if column.kind == "boolean" else [c.fr for c in column.choices]


# --- XLSX ------------------------------------------------------------------------------------------


def _xlsx(spec: WorkbookSpec, rows: Rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    help_sheet = book.active
    assert isinstance(help_sheet, Worksheet)  # a new workbook's one sheet
    help_sheet.title = HELP_TITLE
    for line in INTRO:
        help_sheet.append([line])
    help_sheet["A1"].font = Font(bold=True, size=14)
    help_sheet.append([])
    for i, row in enumerate(help_rows(spec)):
        help_sheet.append(row)
        if i == 0:
            for cell in help_sheet[help_sheet.max_row]:
                cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (18, 22, 26, 26, 22, 90, 24), strict=True):
        help_sheet.column_dimensions[letter].width = width

    lists = book.create_sheet(LISTS_TITLE)
    list_ranges: dict[tuple[str, str], str] = {}
    list_column = 0
    header_fill = PatternFill("solid", fgColor="DDE5F0")
    for sheet in spec.sheets:
        ws = book.create_sheet(sheet.fr)
        ws.append([c.name for c in sheet.columns])
        ws.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            cell = ws.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=False)
            comment = Comment(_comment(column, spec), "pvgraph")
            comment.width, comment.height = 420, 220
            cell.comment = comment
            ws.column_dimensions[letter].width = max(14, min(40, len(column.name) + 6))
            target = f"{letter}2:{letter}{VALIDATED_ROWS + 1}"
            if _list_column(column):
                values = _list_values(column)
                key = (sheet.key, column.name)
                list_column += 1
                list_letter = get_column_letter(list_column)
                lists.cell(row=1, column=list_column, value=f"{sheet.key}.{column.name}")
                for r, value in enumerate(values, start=2):
                    lists.cell(row=r, column=list_column, value=value)
                list_ranges[key] = f"{quote_sheetname(LISTS_TITLE)}!${list_letter}$2:${list_letter}${len(values) + 1}"
                validation = DataValidation(
                    type="list", formula1=list_ranges[key], allow_blank=True,
                    errorStyle="information" if column.multi else "stop",
                    showErrorMessage=True, showInputMessage=True,
                    promptTitle=column.fr[:32], prompt=(requirement(column, "fr") + (
                        " — plusieurs valeurs : séparez-les par une virgule" if column.multi else ""))[:255],
                    errorTitle="Valeur hors liste"[:32],
                    error=("Choisissez une valeur de la liste." if not column.multi
                           else "Plusieurs valeurs : séparez par une virgule des valeurs de la liste."),
                )
                ws.add_data_validation(validation)
                validation.add(target)
            elif _is_text_column(column):
                ws.column_dimensions[letter].number_format = "@"
        for r, data_row in enumerate(rows.get(sheet.key, ()), start=2):
            for index, (column, text) in enumerate(zip(sheet.columns, data_row, strict=False), start=1):
                cell = ws.cell(row=r, column=index, value=_xlsx_value(column, text))
                if _is_text_column(column):
                    cell.number_format = "@"
    lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(column: Column, text: str) -> str | int | None:
    if not text:
        return None
    if column.kind in ("integer", "year") and text.isdigit():
        return int(text)
    return text


# --- ODS -------------------------------------------------------------------------------------------


def _ods(spec: WorkbookSpec, rows: Rows) -> bytes:
    from odf.number import TextContent, TextStyle
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties, TableColumnProperties, TextProperties
    from odf.table import (
        ContentValidation,
        ContentValidations,
        ErrorMessage,
        HelpMessage,
        Table,
        TableCell,
        TableColumn,
        TableRow,
    )
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    bold = Style(name="header", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    bold.addElement(TableCellProperties(backgroundcolor="#dde5f0"))
    doc.automaticstyles.addElement(bold)
    wide = Style(name="wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="4.5cm"))
    doc.automaticstyles.addElement(wide)
    # Code and identifier columns hold text ("01053" keeps its zero), as in the XLSX.
    text_format = TextStyle(name="text-format")
    text_format.addElement(TextContent())
    doc.automaticstyles.addElement(text_format)
    text_cell = Style(name="text-cell", family="table-cell", datastylename="text-format")
    doc.automaticstyles.addElement(text_cell)

    def cell(text: str, *, style: Style | None = None, validation: str | None = None,
             note: str | None = None, number: bool = False) -> TableCell:
        attrs: dict[str, object] = {}
        if style is not None:
            attrs["stylename"] = style
        if validation is not None:
            attrs["contentvalidationname"] = validation
        if number and text.isdigit():
            element = TableCell(valuetype="float", value=text, **attrs)
        else:
            element = TableCell(valuetype="string", **attrs) if text else TableCell(**attrs)
        if note:
            annotation = Annotation()
            for line in note.split("\n"):
                annotation.addElement(P(text=line))
            element.addElement(annotation)
        if text:
            element.addElement(P(text=text))
        return element

    validations = ContentValidations()
    help_table = Table(name=HELP_TITLE)
    help_table.addElement(TableColumn(numbercolumnsrepeated=7, stylename=wide))
    for line in [*([x] for x in INTRO), [], *help_rows(spec)]:
        row = TableRow()
        for text in line:
            row.addElement(cell(text))
        help_table.addElement(row)
    doc.spreadsheet.addElement(validations)
    doc.spreadsheet.addElement(help_table)
    counter = 0
    for sheet in spec.sheets:
        table = Table(name=sheet.fr)
        for column in sheet.columns:
            if _is_text_column(column):
                table.addElement(TableColumn(stylename=wide, defaultcellstylename=text_cell))
            else:
                table.addElement(TableColumn(stylename=wide))
        header = TableRow()
        names: list[str | None] = []
        for column in sheet.columns:
            header.addElement(cell(column.name, style=bold, note=_comment(column, spec)))
            name = None
            if _list_column(column):
                counter += 1
                name = f"liste{counter}"
                values = ";".join('"' + v.replace('"', '""') + '"' for v in _list_values(column))
                validation = ContentValidation(
                    name=name, condition=f"of:cell-content-is-in-list({values})", allowemptycell="true",
                    displaylist="unsorted", basecelladdress=f"'{sheet.fr}'.A2")
                validation.addElement(HelpMessage(title=column.fr, display="true"))
                validation.addElement(ErrorMessage(title="Valeur hors liste", display="true",
                                                   messagetype="information" if column.multi else "stop"))
                validations.addElement(validation)
            names.append(name)
        table.addElement(header)
        data_rows = rows.get(sheet.key, ())
        for data_row in data_rows:
            row = TableRow()
            for column, name, text in zip(sheet.columns, names, data_row, strict=False):
                row.addElement(cell(text, validation=name, number=column.kind in ("integer", "year")))
            table.addElement(row)
        empty = TableRow(numberrowsrepeated=max(VALIDATED_ROWS - len(data_rows), 1))
        for name in names:
            empty.addElement(cell("", validation=name))
        table.addElement(empty)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


# --- CSV -------------------------------------------------------------------------------------------


def sheet_csv(sheet: Sheet, rows: Sequence[Sequence[str]] = ()) -> bytes:
    """One sheet as CSV: UTF-8 with a BOM, ``;`` separators, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in sheet.columns])
    for row in rows:
        writer.writerow(list(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_zip(spec: WorkbookSpec, rows: Rows, base_url: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        resources = []
        for sheet in spec.sheets:
            _write(archive, f"{sheet.key}.csv", sheet_csv(sheet, rows.get(sheet.key, ())))
            schema = table_schema(sheet, spec, base_url)
            _write(archive, f"schemas/{sheet.key}.json",
                   (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
            resources.append({"name": sheet.key, "path": f"{sheet.key}.csv", "title": sheet.fr,
                              "schema": f"schemas/{sheet.key}.json", "encoding": "utf-8-sig",
                              "dialect": {"delimiter": ";"}, "format": "csv", "mediatype": "text/csv"})
        package = {"name": "pvgraph-soumission", "title": "Soumission pvgraph", "resources": resources}
        _write(archive, "datapackage.json", (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        readme = "\n".join(INTRO) + "\n\n" + "\n".join(";".join(r) for r in help_rows(spec)) + "\n"
        _write(archive, "LISEZMOI.txt", readme.encode("utf-8"))
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same bytes every time
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)
