"""Telling a spreadsheet from an RDF document, for the command line and the server.

A file is a spreadsheet when its content says so (an XLSX, ODS or zip of CSVs; the old ``.xls``
is recognised to be refused with advice), when its name or media type says CSV, or when text
with no telling name starts with a header row of the template. Everything else goes to the RDF
reader, unchanged.
"""

from __future__ import annotations

from pvgraph.tabular.reading import looks_like_csv, spreadsheet_format
from pvgraph.tabular.spec import WorkbookSpec, fold
from pvgraph.tabular.validation import Spreadsheet


def header_names(spec: WorkbookSpec) -> set[str]:
    """Every header the template's sheets know (folded)."""
    return {fold(n) for s in spec.sheets for c in s.columns for n in (c.name, c.fr, c.en)}


def as_spreadsheet(data: bytes, name: str, spec: WorkbookSpec, media_type: str | None = None, *,
                   sniff_text: bool = True) -> Spreadsheet | None:
    """A :class:`Spreadsheet` when ``data`` is one, else None (an RDF document, or unreadable)."""
    fmt = spreadsheet_format(data, name, media_type)
    if fmt is None and sniff_text and data[:1] not in (b"@", b"<", b"{", b"[") and looks_like_csv(data, header_names(spec)):
        fmt = "csv"
    return Spreadsheet(name, data, fmt) if fmt else None
