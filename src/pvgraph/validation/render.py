"""Renderers of a :class:`ValidationReport`: text, JSON, CSV, HTML and the standard SHACL Turtle.

The HTML report is built here with ``html.escape`` rather than a Jinja template: the core never
imports Jinja (DESIGN.md), and the same page must come out of ``pvgraph validate --format html``
(no server) and ``POST /validate`` (the server calls :func:`render`). It is one self-contained
page, with its CSS inline and a print style, that a steward can save, mail and print.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable

import rdflib
from rdflib import RDF, BNode, Literal, URIRef

from pvgraph import messages
from pvgraph.errors import UnsupportedFormatError, error
from pvgraph.namespaces import PREFIXES, SH
from pvgraph.validation.render_sheets import CSS as SHEET_CSS
from pvgraph.validation.render_sheets import sheet_tables
from pvgraph.validation.report import Result, Severity, ValidationReport

# A severity's word, and its plural in the counts, in the one catalogue.
WORDS = {Severity.VIOLATION: "report.violation", Severity.WARNING: "report.warning", Severity.INFO: "report.info"}
PLURALS = {Severity.VIOLATION: "report.violations", Severity.WARNING: "report.warnings", Severity.INFO: "report.infos"}

REPORT_FORMATS: dict[str, str] = {
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "turtle": "text/turtle",
}
"""The report formats and their media types: the one table `pvgraph validate --format` and the
server's ``?format=`` and ``Accept`` read (the first is what ``*/*`` gets over HTTP)."""


def report_format_for(accept: str | None) -> str:
    """The report format that best fits an ``Accept`` header, or a media type given as
    ``?format=`` (406 when none does)."""
    from pvgraph.formats import negotiate

    offered = {media.split(";")[0]: name for name, media in REPORT_FORMATS.items()}
    return offered[negotiate(accept, list(offered))]

CSV_COLUMNS = ("id", "severity", "focus_node", "focus_label", "file", "line", "path", "value", "message",
               "fix", "component", "shape", "source", "suggestion")
"""The CSV report's columns (the keys of :meth:`Result.to_dict`); their headers are in the
report's language (``report.csv-headers`` in :mod:`pvgraph.messages`)."""

CSV_DIALECTS = {"fr": ";", "en": ","}
"""Field separator per report language: French spreadsheets (LibreOffice, Excel with a French
locale) split on ``;``, since ``,`` is their decimal separator."""


def render(report: ValidationReport, fmt: str, *, back: str | None = None) -> str:
    """The report in ``fmt`` (one of :data:`REPORT_FORMATS`).

    ``back`` is, for the HTML page a server answers, the address of the page to go back to (the
    validation form); a report saved from the command line has none.
    """
    renderers: dict[str, Callable[[ValidationReport], str]] = {
        "text": render_text, "json": render_json, "csv": render_csv,
        "html": lambda r: render_html(r, back=back), "turtle": render_turtle,
    }
    if fmt not in renderers:
        raise error(UnsupportedFormatError, "input.unknown-report-format", name=repr(fmt),
                    formats=", ".join(REPORT_FORMATS))
    return renderers[fmt](report)


def headline(report: ValidationReport) -> str:
    """One sentence: conforms or not, and the counts."""
    lang = report.lang
    violations, warnings = report.count(Severity.VIOLATION), report.count(Severity.WARNING)
    if not report.conforms:
        text = messages.text("report.not-conforms", lang)
    elif warnings:
        text = messages.text("report.conforms-with-warnings", lang)
    else:
        text = messages.text("report.conforms", lang)
    counts = f"{violations} {messages.text('report.violations', lang)}, {warnings} {messages.text('report.warnings', lang)}"
    infos = report.count(Severity.INFO)
    if infos:
        counts += f", {infos} {messages.text('report.infos', lang)}"
    return f"{text} ({counts})"


def render_text(report: ValidationReport) -> str:
    """For a terminal: records, then fields, most severe first."""
    lang = report.lang
    lines = [f"{messages.text('report.title', lang)} — {headline(report)}"]
    if report.files:
        lines.append(messages.text("report.files", lang) + messages.text("typography.colon", lang))
        lines += [f"  - {f.name} ({f.format}, {f.triples} {messages.text('report.triples', lang)})" for f in report.files]
    if report.notices:
        lines.append(messages.text("report.notices", lang) + messages.text("typography.colon", lang))
        lines += [f"  - {n}" for n in report.notices]
    for group in report.groups():
        lines.append("")
        counts = ", ".join(
            f"{group.count(s)} {messages.text(PLURALS[s], lang)}" for s in sorted(Severity, reverse=True)
            if group.count(s)
        )
        iri = "" if group.focus_node.startswith("_:") else f"  <{group.focus_node}>"
        line = _record_line(group.results, lang)
        lines.append(f"■ {group.focus_label}{iri}{line}  — {counts}")
        for fld in group.fields:
            lines.append(f"  {fld.path_label or messages.text('report.no-field', lang)}")
            for result in fld.results:
                lines.append(f"    [{messages.text(WORDS[result.severity], lang)}] {result.message}")
                detail = [f"{messages.text('report.id', lang)} {result.id}"]
                if result.value:
                    detail.insert(0, f"{messages.text('report.value', lang)} {result.value}")
                lines.append("      " + " · ".join(detail))
    return "\n".join(lines) + "\n"


def _record_line(results: list[Result], lang: str) -> str:
    """ "  (fichier.ttl, ligne 12)" for a record whose line is known, else nothing."""
    for result in results:
        if result.line is not None:
            where = messages.text("report.line", lang, line=result.line)
            return f"  ({result.file}, {where})" if result.file else f"  ({where})"
    return ""


def render_json(report: ValidationReport) -> str:
    """For programs: :meth:`ValidationReport.to_dict` as JSON."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_csv(report: ValidationReport) -> str:
    """For spreadsheets: one row per result, most severe first.

    In French (the default) it follows French spreadsheet habits, so that a double click opens
    it in columns in LibreOffice or Excel: ``;`` between fields, a UTF-8 byte-order mark (without
    it Excel reads UTF-8 as Windows-1252), French headers and severities. In English: ``,``, the
    same mark, English headers and severities.
    """
    lang = report.lang
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DIALECTS.get(lang, ";"), lineterminator="\r\n")
    headers = messages.text("report.csv-headers", lang).split("|")
    writer.writerow(headers)
    for result in report.results:
        row = result.to_dict()
        row["severity"] = messages.text(WORDS[result.severity], lang)
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


def report_graph(report: ValidationReport) -> rdflib.Graph:
    """The standard SHACL validation report: pySHACL's, plus pvgraph's own checks' results."""
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    root: rdflib.term.Node | None = None
    if report.shacl_report is not None:
        for triple in report.shacl_report:
            graph.add(triple)
        root = next(iter(report.shacl_report.subjects(RDF.type, SH.ValidationReport)), None)
    if root is None:
        root = BNode()
        graph.add((root, RDF.type, SH.ValidationReport))
    # Results pvgraph left out (about the ontology or the referential's own records, or a second
    # message for one cause) are left out of the standard report too.
    kept = {r.report_node for r in report.results if r.report_node is not None}
    for node in list(graph.objects(root, SH.result)):
        if node not in kept:
            graph.remove((root, SH.result, node))
            graph.remove((node, None, None))
    graph.set((root, SH.conforms, Literal(report.conforms)))
    for result in report.results:
        if result.report_node is not None:
            # pySHACL leaves {$this} in copied messages: put the filled-in message in its place.
            graph.remove((result.report_node, SH.resultMessage, None))
            graph.add((result.report_node, SH.resultMessage, Literal(result.message, lang=report.lang)))
            continue
        node = BNode()
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.resultSeverity, result.severity.iri))
        graph.add((node, SH.sourceConstraintComponent, URIRef(result.component)))
        graph.add((node, SH.resultMessage, Literal(result.message, lang=report.lang)))
        graph.add((node, SH.focusNode, result.focus_term if result.focus_term is not None
                   else _node(result.focus_node)))
        if result.path:
            graph.add((node, SH.resultPath, URIRef(result.path)))
        if result.value_term is not None:
            graph.add((node, SH.value, result.value_term))
    return graph


def render_turtle(report: ValidationReport) -> str:
    """The SHACL report as Turtle (what other SHACL tools read)."""
    return report_graph(report).serialize(format="turtle")


def _node(key: str) -> rdflib.term.Node:
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;
color:#1b1b1b;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin:1.6rem 0 .3rem}
a{color:#000091}a:focus,main:focus{outline:3px solid #0a76f6;outline-offset:2px}
.status{padding:.8rem 1rem;border-radius:.4rem;font-weight:600}
.ok{background:#e6f4ea;border-left:.4rem solid #18753c}.ko{background:#fdecea;border-left:.4rem solid #ce0500}
.warn{background:#fff4e5;border-left:.4rem solid #b34000}
table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem}th,td{border:1px solid #ccc;padding:.35rem .5rem;
text-align:left;vertical-align:top;font-size:.92rem}th{background:#f3f3f3}
td:first-child code,td:last-child code{word-break:normal;white-space:nowrap}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;font-size:.8rem;font-weight:700;color:#fff}
.Violation{background:#ce0500}.Warning{background:#b34000}.Info{background:#0063cb}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88rem;word-break:break-all}
.iri{color:#4a4a4a;font-size:.85rem}.id{color:#4a4a4a;font-size:.78rem}
footer{margin-top:2rem;border-top:1px solid #ccc;padding-top:.5rem}
@media print{body{margin:0;max-width:none}.status{border:1px solid #999}a{color:inherit}nav{display:none}
section{break-inside:avoid}}
"""


def provenance_line(report: ValidationReport) -> str:
    """When, by which pvgraph, against which shapes and which referential vintage."""
    lang = report.lang
    p = report.provenance
    created = p.created.replace("T", " ").replace("+00:00", " UTC")  # 2026-12-05 00:30:12 UTC
    parts = [messages.text("report.produced", lang, created=created, version=p.pvgraph_version)]
    if p.shapes_version:
        parts.append(messages.text("report.shapes-version", lang, version=p.shapes_version))
    parts.append(messages.text("report.referential-vintage", lang, vintage=p.referential) if p.referential
                 else messages.text("report.no-referential-used", lang))
    return messages.text("typography.list-separator", lang).join(parts)


def render_html(report: ValidationReport, *, back: str | None = None) -> str:
    """One self-contained, printable page (inline CSS, no script, no remote resource).

    Its content is in ``<main>`` (focusable, so that a screen reader lands on it); ``back``, when
    given, is a link back to the validation form, before and after the results; the footer says
    when and against what the report was made.
    """
    lang = report.lang
    e = html.escape
    status_class = "ko" if not report.conforms else ("warn" if report.count(Severity.WARNING) else "ok")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(messages.text('report.title', lang))} — pvgraph</title><style>{_CSS}{SHEET_CSS if report.sheets else ''}</style></head><body>",
    ]
    if back:
        parts.append(f'<nav aria-label="{e(messages.text("report.report-nav", lang))}"><p><a href="{e(back)}">'
                     f'← {e(messages.text("report.back-to-form", lang))}</a></p></nav>')
    parts += [
        '<main id="rapport" tabindex="-1">',
        f"<h1>{e(messages.text('report.title', lang))}</h1>",
        f'<p class="status {status_class}" role="status">{e(headline(report))}</p>',
    ]
    if report.files:
        parts.append(f"<h2>{e(messages.text('report.files', lang))}</h2><ul>")
        parts += [f"<li><code>{e(f.name)}</code> ({e(f.format)}, {f.triples} {e(messages.text('report.triples', lang))})</li>"
                  for f in report.files]
        parts.append("</ul>")
    if report.notices:
        parts.append(f"<h2>{e(messages.text('report.notices', lang))}</h2><ul>")
        parts += [f"<li>{e(n)}</li>" for n in report.notices]
        parts.append("</ul>")
    parts += sheet_tables(report)  # a spreadsheet's sheets, faulty cells marked and linked to their findings
    numbers = {r.id: i for i, r in enumerate(report.results, start=1)} if report.sheets else {}
    for group in report.groups():
        counts = ", ".join(
            f"{group.count(s)} {messages.text(PLURALS[s], lang)}" for s in sorted(Severity, reverse=True)
            if group.count(s)
        )
        parts.append("<section>")
        parts.append(f"<h2>{e(group.focus_label)} <span class=\"iri\">({e(counts)})</span></h2>")
        where = _record_line(group.results, lang).strip()
        iri = "" if group.focus_node.startswith("_:") else f"<code>{e(group.focus_node)}</code> "
        if iri or where:
            parts.append(f'<p class="iri">{iri}{e(where)}</p>')
        parts.append(
            f"<table><thead><tr><th scope=\"col\">{e(messages.text('report.field', lang))}</th>"
            f"<th scope=\"col\">{e(messages.text('report.severity', lang))}</th>"
            f"<th scope=\"col\">{e(messages.text('report.message', lang))}</th><th scope=\"col\">{e(messages.text('report.value', lang))}</th>"
            "</tr></thead><tbody>"
        )
        for fld in group.fields:
            for result in fld.results:
                parts.append(_html_row(result, fld.path_label or messages.text("report.no-field", lang), lang, numbers.get(result.id)))
        parts.append("</tbody></table></section>")
    if back:
        parts.append(f'<p><a href="{e(back)}">← {e(messages.text("report.back-to-form", lang))}</a></p>')
    parts.append("</main>")
    parts.append(f'<footer><p class="id">{e(provenance_line(report))}</p></footer></body></html>')
    return "\n".join(parts) + "\n"


def _html_row(result: Result, field_label: str, lang: str, number: int | None = None) -> str:
    e = html.escape
    anchor = f' id="r-{e(result.id)}"' if number is not None else ""
    numbered = f"{number}. " if number is not None else ""
    return (
        f"<tr{anchor}><td>{numbered}<code>{e(field_label)}</code></td>"
        f'<td><span class="badge {result.severity.label}">{e(messages.text(WORDS[result.severity], lang))}</span></td>'
        f'<td>{e(result.message)}<br><span class="id">{e(messages.text("report.id", lang))} {e(result.id)}</span></td>'
        f"<td><code>{e(result.value or '')}</code></td></tr>"
    )
