"""The table checks: what a Table Schema can say about the sheets, checked before any RDF is made.

Header (mandatory columns present, unknown ones ignored with a warning), then every cell against
its column (mandatory, pattern, closed list, yes/no), then uniqueness (identifiers, SIRENs,
INSEE codes, a membership's member and organisation), then references between sheets (which a
Table Schema alone cannot check, but a reference to no row would only come back from the shapes
as an untyped node). The verdicts on the Table Schema's part are the ones the ``frictionless``
library gives with the schemas of :mod:`.table_schema` (tests/tabular/test_frictionless.py);
the messages are pvgraph's, in French or English, with the likely fix built from the value
received (a lost leading zero, a misspelt list value, an identifier with capitals or accents).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from pvgraph import messages
from pvgraph.tabular.reading import RawWorkbook
from pvgraph.tabular.spec import FALSE_VALUES, TRUE_VALUES, Column, Sheet, WorkbookSpec, fold
from pvgraph.validation.report import Severity

# The template's own help sheets, skipped without a word.
HELP_SHEETS = {"aide", "help", "listes", "lists"}


@dataclass
class TableFinding:
    """One problem of the table stage, at a sheet, maybe a row, maybe a column."""

    code: str
    severity: Severity
    sheet: str  # the sheet's name as the steward sees it
    sheet_key: str | None
    row: int | None
    column: str | None  # the column's header
    value: str | None
    message: str
    schema: bool = True  # a Table Schema says the same (False: pvgraph's own, e.g. references)


@dataclass
class SheetTable:
    """One recognised sheet: its spec, its header and its rows (physical row number, cells by column)."""

    sheet: Sheet
    name: str  # as the steward named it
    rows: list[tuple[int, dict[str, str]]]
    columns: list[str] = field(default_factory=list)  # the columns present, in the file's order
    by_number: dict[int, dict[str, str]] | None = field(default=None, repr=False)


@dataclass
class CheckedWorkbook:
    """The workbook after the table checks: the sheets, the findings and the faulty cells."""

    raw: RawWorkbook
    tables: dict[str, SheetTable]
    findings: list[TableFinding]
    bad_cells: set[tuple[str, int, str]] = field(default_factory=set)  # (sheet key, row, column)

    @property
    def conforms(self) -> bool:
        return not any(f.severity == Severity.VIOLATION for f in self.findings)

    def text(self, sheet_key: str, row: int, column: str) -> str:
        """The text of a cell (read through an index of the rows, built once: a report on a
        10 000-row sheet asks for many cells)."""
        table = self.tables.get(sheet_key)
        if table is None:
            return ""
        if table.by_number is None:
            table.by_number = dict(table.rows)
        return table.by_number.get(row, {}).get(column, "")


def check_workbook(raw: RawWorkbook, spec: WorkbookSpec, lang: str) -> CheckedWorkbook:
    """Recognise the template's sheets in ``raw`` and run every table check on them."""
    checked = CheckedWorkbook(raw=raw, tables={}, findings=[])
    for raw_sheet in raw.sheets:
        sheet = spec.find_sheet(raw_sheet.name)
        if sheet is None and raw.format == "csv" and len(raw.sheets) == 1:
            sheet = _sheet_from_header(raw_sheet.rows[0] if raw_sheet.rows else [], spec)
        if sheet is None:
            if fold(raw_sheet.name) not in HELP_SHEETS and raw_sheet.rows:
                checked.findings.append(TableFinding(
                    "unknown-sheet", Severity.WARNING, raw_sheet.name, None, None, None, None,
                    messages.text("sheet.unknown-sheet", lang, sheet=raw_sheet.name), schema=False))
            continue
        table = _table(raw_sheet.name, raw_sheet.rows, sheet, checked, lang)
        if table is not None:
            checked.tables[sheet.key] = table
    for table in checked.tables.values():
        _check_cells(table, checked, lang)
        _check_unique(table, checked, lang)
    _check_references(spec, checked, lang)
    return checked


def _sheet_from_header(header: list[str], spec: WorkbookSpec) -> Sheet | None:
    """The sheet whose columns a lone CSV's header names best."""
    names = {fold(h) for h in header if h}
    scored = [(len(names & {fold(c.name) for c in s.columns}), s) for s in spec.sheets]
    best = max(scored, key=lambda x: x[0], default=(0, None))
    return best[1] if best[0] >= 2 else None


def _header_index(sheet: Sheet) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in sheet.columns:
        for alias in (column.name, column.fr, column.en, f"{column.fr} ({column.en})"):
            index.setdefault(fold(alias), column)
    return index


def _table(name: str, rows: list[list[str]], sheet: Sheet, checked: CheckedWorkbook, lang: str) -> SheetTable | None:
    if not rows:
        rows = [[]]
    header, body = rows[0], rows[1:]
    index = _header_index(sheet)
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        if not title:
            continue
        column = index.get(fold(title))
        if column is None:
            checked.findings.append(TableFinding(
                "extra-column", Severity.WARNING, name, sheet.key, 1, title, None,
                messages.text("sheet.extra-column", lang, column=title)))
        elif column.name in positions:
            checked.findings.append(TableFinding(
                "duplicate-column", Severity.VIOLATION, name, sheet.key, 1, title, None,
                messages.text("sheet.duplicate-column", lang, column=title)))
        else:
            positions[column.name] = i
    for column in sheet.columns:
        if column.required and column.name not in positions and body:
            checked.findings.append(TableFinding(
                "missing-column", Severity.VIOLATION, name, sheet.key, 1, column.name, None,
                messages.text("sheet.missing-column", lang, column=column.name)))
    table_rows = []
    for offset, row in enumerate(body, start=2):
        if not any(row):
            continue  # a blank row inside the sheet: nothing to say, nothing to map
        cells = {col: (row[i] if i < len(row) else "") for col, i in positions.items()}
        table_rows.append((offset, cells))
    return SheetTable(sheet=sheet, name=name, rows=table_rows, columns=list(positions))


def _check_cells(table: SheetTable, checked: CheckedWorkbook, lang: str) -> None:
    present = set(table.columns)
    for number, cells in table.rows:
        for column in table.sheet.columns:
            if column.name not in present:
                continue
            text = cells.get(column.name, "")
            problem = check_cell(column, text, lang)
            if problem is None:
                continue
            code, message = problem
            checked.findings.append(TableFinding(code, Severity.VIOLATION, table.name, table.sheet.key, number,
                                                 column.name, text or None, message))
            checked.bad_cells.add((table.sheet.key, number, column.name))


def check_cell(column: Column, text: str, lang: str) -> tuple[str, str] | None:
    """(code, message) when ``text`` does not fit ``column``; None when it does (or is empty and optional)."""
    if not text:
        return ("required", messages.text("sheet.required", lang)) if column.required else None
    if column.kind == "class" or (column.kind == "choice" and not column.multi):
        if text in {c.fr for c in column.choices}:
            return None
        return "choice", _choice_message(column, text, lang)
    if column.kind == "boolean":
        if text in TRUE_VALUES or text in FALSE_VALUES:
            return None
        return "boolean", messages.text("sheet.boolean", lang)
    pattern = column.pattern
    if pattern is None or re.fullmatch(pattern, text):
        return None
    if column.kind == "choice":
        bad = next((v for v in split_values(text) if v not in {c.fr for c in column.choices}), text)
        return "choice", _choice_message(column, bad, lang)
    code, key = {"identifier": ("identifier", "sheet.identifier"), "ref": ("identifier", "sheet.identifier"),
                 "integer": ("integer", "sheet.integer"), "year": ("year", "sheet.year")}.get(
        column.kind, ("pattern", "sheet.pattern"))
    message = messages.text(key, lang, help=column.help(lang))
    hint = _hint(column, text, lang)
    return code, f"{message} {hint}" if hint else message


def split_values(text: str) -> list[str]:
    """The values of a multi-valued cell (``a, b``)."""
    return [v.strip() for v in text.split(",") if v.strip()]


def _choice_message(column: Column, text: str, lang: str) -> str:
    labels = [c.fr for c in column.choices]
    message = messages.text("sheet.choice", lang, value=text, choices=", ".join(messages.text("sheet.quoted", lang, text=v)
                                                                          for v in labels))
    suggestion = suggest_choice(column, text)
    if suggestion:
        message += " " + messages.text("sheet.did-you-mean", lang, suggestion=suggestion)
    return message


def suggest_choice(column: Column, text: str) -> str | None:
    """The list value ``text`` most likely means (another case or accents, the English label, the
    code, the IRI's local name, a near spelling); None when nothing is close."""
    wanted = fold(text)
    for choice in column.choices:
        names = {choice.fr, choice.en, choice.notation or "", str(choice.iri).split("#")[-1]}
        if wanted in {fold(n) for n in names if n}:
            return choice.fr
    close = difflib.get_close_matches(wanted, [fold(c.fr) for c in column.choices], n=1, cutoff=0.75)
    if close:
        return next(c.fr for c in column.choices if fold(c.fr) == close[0])
    return None


def _hint(column: Column, text: str, lang: str) -> str | None:
    """The likely fix, built from the value received — never a silent correction."""
    if column.kind in ("identifier", "ref"):
        slug = slugify(text)
        if slug and slug != text and re.fullmatch(column.pattern or "", slug):
            return messages.text("sheet.did-you-mean", lang, suggestion=slug)
        return None
    if column.kind == "string" and text.isdigit():
        for zeros in ("0", "00"):
            if re.fullmatch(column.pattern or "", zeros + text):
                return messages.text("sheet.lost-zero", lang, suggestion=zeros + text)
    compact = re.sub(r"[\s.\u00a0\u202f]", "", text)
    if compact != text and re.fullmatch(column.pattern or "", compact):
        return messages.text("sheet.did-you-mean", lang, suggestion=compact)
    return None


def slugify(text: str) -> str:
    """``Projet Été 2024`` → ``projet-ete-2024``: the identifier a steward probably meant."""
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text if text[:1].isalpha() else ""


def _check_unique(table: SheetTable, checked: CheckedWorkbook, lang: str) -> None:
    for column in table.sheet.columns:
        if not column.unique or column.name not in table.columns:
            continue
        first: dict[str, int] = {}
        for number, cells in table.rows:
            text = cells.get(column.name, "")
            if not text:
                continue
            if text in first:
                checked.findings.append(TableFinding(
                    "unique", Severity.VIOLATION, table.name, table.sheet.key, number, column.name, text,
                    messages.text("sheet.unique", lang, value=text, first=first[text])))
                checked.bad_cells.add((table.sheet.key, number, column.name))
            else:
                first[text] = number
    key = table.sheet.primary_key
    if key and all(k in table.columns for k in key):
        seen: dict[tuple[str, ...], int] = {}
        for number, cells in table.rows:
            values = tuple(cells.get(k, "") for k in key)
            if values in seen:
                checked.findings.append(TableFinding(
                    "primary-key", Severity.VIOLATION, table.name, table.sheet.key, number, key[0], None,
                    messages.text("sheet.primary-key", lang, first=seen[values], columns=", ".join(key))))
            else:
                seen[values] = number


def _check_references(spec: WorkbookSpec, checked: CheckedWorkbook, lang: str) -> None:
    identifiers: dict[str, set[str]] = {}
    faulty: dict[str, dict[str, int]] = {}  # sheet → the identifier a faulty one probably meant → its row
    for key, t in checked.tables.items():
        for number, cells in t.rows:
            value = cells.get("identifiant", "")
            if (key, number, "identifiant") in checked.bad_cells:
                if slugify(value):
                    faulty.setdefault(key, {})[slugify(value)] = number
            elif value:
                identifiers.setdefault(key, set()).add(value)
    for table in checked.tables.values():
        for column in table.sheet.columns:
            if column.kind != "ref" or column.name not in table.columns:
                continue
            target = spec.sheet(column.ref or "")
            known = identifiers.get(target.key, set())
            for number, cells in table.rows:
                if (table.sheet.key, number, column.name) in checked.bad_cells:
                    continue
                for value in split_values(cells.get(column.name, "")):
                    if value in known:
                        continue
                    bad_row = faulty.get(target.key, {}).get(value)
                    if bad_row is not None:
                        # One cause, one message: the row it names has an identifier to fix.
                        message = messages.text("sheet.reference-faulty", lang, value=value, sheet=target.title(lang),
                                               row=bad_row)
                        close = None
                    else:
                        message = messages.text("sheet.reference", lang, value=value, sheet=target.title(lang))
                        close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.7)
                    if close:
                        message += " " + messages.text("sheet.did-you-mean", lang, suggestion=close[0])
                    checked.findings.append(TableFinding(
                        "reference", Severity.VIOLATION, table.name, table.sheet.key, number, column.name,
                        cells.get(column.name), message, schema=False))
                    checked.bad_cells.add((table.sheet.key, number, column.name))
                    break
