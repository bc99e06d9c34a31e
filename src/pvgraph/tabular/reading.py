"""Reading a steward's spreadsheet: XLSX, ODS, one CSV or a zip of CSVs, into rows of text.

Recognised by content first (a zip holding ``xl/workbook.xml`` is XLSX, one whose ``mimetype`` is
the ODF spreadsheet type is ODS, one holding ``.csv`` files is a set of sheets; text whose first
line names template columns is a CSV), by name otherwise. XLSX and ODS are read by calamine
(python-calamine: Rust, one reader for both, ~100× faster than odfpy on ODS), CSV by the
standard library after the French habits are settled: a UTF-8 BOM or Windows-1252 bytes, ``;``
separators.

Every cell becomes text here, the way the steward sees it: a number cell ``18400.0`` is
``18400``, a date cell is ``2026-12-31``, a boolean is ``oui``/``non``. Row numbers are the
sheet's physical rows (the header is row 1), so a finding points at the cell the steward sees.
Trailing empty rows and columns (LibreOffice keeps styled empty ranges) are dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import python_calamine

from pvgraph.errors import InputError, Location, PayloadTooLargeError, error

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SPREADSHEET_EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods", ".csv": "csv", ".zip": "zip"}
MEDIA_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/csv": "csv",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
}
MAX_CELLS = 2_000_000
"""Most cells one upload may hold once unzipped (a zip bomb of empty cells stops here)."""


@dataclass
class RawSheet:
    """One sheet as read: its name and its rows of text (row 1 first, trailing blanks trimmed)."""

    name: str
    rows: list[list[str]]


@dataclass
class RawWorkbook:
    """What a spreadsheet file holds, before the template is recognised in it."""

    name: str
    format: str  # xlsx, ods, csv, csv-zip
    sheets: list[RawSheet] = field(default_factory=list)


def spreadsheet_format(data: bytes, name: str = "", media_type: str | None = None) -> str | None:
    """``xlsx``, ``ods``, ``csv`` or ``csv-zip`` when the bytes are a spreadsheet, else None.

    The content decides for zips (an ``.xlsx`` that is really an ODS is read as ODS); a text
    file counts as CSV when its name or media type says so, or when its first line is a header
    of the template (``header_names``: every column name the template knows).
    """
    if data[:4] == b"PK\x03\x04":
        return _zip_kind(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"  # the old binary Excel format: refused with advice by read_workbook
    declared = (media_type or "").split(";")[0].strip().lower()
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv" or declared in ("text/csv", "application/csv"):
        return "csv"
    return None


def looks_like_csv(data: bytes, header_names: set[str]) -> bool:
    """Whether text with no telling name starts with a header row of the template."""
    text = _decode(data[:4096])[0]
    first = text.splitlines()[0] if text.strip() else ""
    from pvgraph.tabular.spec import fold

    cells = {fold(c) for c in re.split(r"[;,\t]", first) if c.strip()}
    return len(cells) >= 2 and len(cells & header_names) >= 2


def read_workbook(data: bytes, name: str, fmt: str) -> RawWorkbook:
    """Read a spreadsheet of a known format; a file that cannot be read is an :class:`InputError`
    naming it and what to do."""
    if fmt == "xls":
        raise error(InputError, "spreadsheet.xls", location=Location(name))
    if fmt in ("xlsx", "ods"):
        return RawWorkbook(name, fmt, _read_calamine(data, name))
    if fmt == "csv-zip":
        return RawWorkbook(name, fmt, _read_zip(data, name))
    return RawWorkbook(name, "csv", [_read_csv(data, PurePath(name).name or name, name)])


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                return "ods"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if names and any(n.lower().endswith(".csv") for n in names):
                return "csv-zip"
    except zipfile.BadZipFile:
        return None
    return None


def _read_calamine(data: bytes, name: str) -> list[RawSheet]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        cells = 0
        for sheet_name in book.sheet_names:
            rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            cells += sum(len(r) for r in rows)
            if cells > MAX_CELLS:
                raise error(PayloadTooLargeError, "spreadsheet.too-many-cells", limit=MAX_CELLS, location=Location(name))
            sheets.append(RawSheet(sheet_name, _trim([[cell_text(v) for v in row] for row in rows])))
        return sheets
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own errors for damaged files
        raise error(InputError, "spreadsheet.unreadable", detail=str(exc), location=Location(name)) from None


def _read_zip(data: bytes, name: str) -> list[RawSheet]:
    sheets = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = 0
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".csv") or "__MACOSX" in info.filename:
                continue
            total += info.file_size
            if total > 200 * 1024 * 1024:
                raise error(PayloadTooLargeError, "spreadsheet.too-many-cells", limit=MAX_CELLS, location=Location(name))
            member = PurePath(info.filename)
            sheets.append(_read_csv(archive.read(info), member.name, f"{name}/{member.name}"))
    return sheets


def _read_csv(data: bytes, sheet_name: str, where: str) -> RawSheet:
    text, _encoding = _decode(data)
    lines = text.splitlines()
    delimiter = _delimiter(lines[0] if lines else "")
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise error(InputError, "spreadsheet.csv-unreadable", detail=str(exc), location=Location(where)) from None
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise error(PayloadTooLargeError, "spreadsheet.too-many-cells", limit=MAX_CELLS, location=Location(where))
    return RawSheet(sheet_name, _trim(rows))


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without a BOM), else Windows-1252 (what Excel writes for « CSV (séparateur: point-virgule) »)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(header: str) -> str:
    """The separator of the header line: the most frequent of ``;``, ``,`` and tab outside quotes."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def cell_text(value: Any) -> str:
    """A cell's value as the steward reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")  # a decimal, written the French way
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty rows, and empty columns past the last filled one."""
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    return [r[:width] + [""] * (width - len(r[:width])) for r in rows]
