"""The sheets of a submitted spreadsheet in the HTML report: each as a table, faulty cells marked.

A faulty cell is marked by more than colour (WCAG 1.4.1): a thick border, a « ⚠ » sign, the
words « à corriger » for screen readers, and links to its findings (numbered in the report), so
that a steward can go from the cell to what is wrong and back. Rows without findings are shown
up to a limit (the faulty ones always).
"""

from __future__ import annotations

import html

from pvgraph import messages
from pvgraph.validation.report import ValidationReport

CSS = """
.sheet{overflow-x:auto;margin:.5rem 0 1.5rem}.sheet table{width:auto;min-width:50%}
.sheet td.bad{border:3px solid #ce0500;background:#fdecea;font-weight:600}
.sheet td.bad a{color:#8c0000}.sheet th[scope=row]{background:#f3f3f3;text-align:right}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}
"""


def sheet_tables(report: ValidationReport) -> list[str]:
    """HTML sections, one per sheet (empty when the report is not about a spreadsheet)."""
    if not report.sheets:
        return []
    e = html.escape
    lang = report.lang
    numbers = {r.id: i for i, r in enumerate(report.results, start=1)}
    parts = [f'<section aria-labelledby="sheets-title"><h2 id="sheets-title">{e(messages.text("sheet.sheets-heading", lang))}</h2>']
    for index, view in enumerate(report.sheets):
        caption = f"{view.name} ({messages.text('sheet.rows', lang, count=view.total)})"
        parts.append(f'<div class="sheet" role="region" aria-labelledby="sheet-{index}" tabindex="0">')
        parts.append(f'<table><caption id="sheet-{index}"><strong>{e(caption)}</strong></caption>')
        parts.append(f'<thead><tr><th scope="col">{e(messages.text("sheet.row", lang))}</th>'
                     + "".join(f'<th scope="col">{e(c)}</th>' for c in view.columns) + "</tr></thead><tbody>")
        for number, cells in view.rows:
            row = [f'<tr><th scope="row">{number}</th>']
            for column, text in zip(view.columns, cells, strict=False):
                ids = view.marks.get(f"{number}:{column}")
                if not ids:
                    row.append(f"<td>{e(text)}</td>")
                    continue
                links = " ".join(f'<a href="#r-{e(i)}">{numbers.get(i, "?")}</a>' for i in ids)
                row.append(f'<td class="bad">⚠ {e(text)} <span class="sr-only">({e(messages.text("sheet.marker", lang))} :'
                           f"</span> {links}<span class=\"sr-only\">)</span></td>")
            parts.append("".join(row) + "</tr>")
        parts.append("</tbody></table></div>")
        if view.hidden:
            parts.append(f"<p>{e(messages.text('sheet.rows-not-shown', lang, count=view.hidden))}</p>")
        elif not view.marks and not view.row_marks:
            parts.append(f"<p>{e(messages.text('sheet.sheet-ok', lang, count=view.total))}</p>")
    parts.append("</section>")
    return parts
