"""RDF → the template's rows: an accepted submission goes back to the spreadsheet it came from.

The inverse of :mod:`.mapping`, read from the same :class:`WorkbookSpec`: each sheet's records
are the subjects of its class (or of one of its kinds), each column's cell is the column's
predicate read on the record or on its secondary node, written the way the steward writes it
(a concept's French label, an identifier for a reference, ``oui`` for true). Mapping the rows
made here gives back the same graph (tests/tabular/test_round_trip.py).
"""

from __future__ import annotations

import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS

from pvgraph.tabular.spec import Column, Sheet, WorkbookSpec
from pvgraph.tabular.template import Rows


def rows_from_graph(graph: rdflib.Graph, spec: WorkbookSpec) -> Rows:
    """The rows of every sheet that ``graph`` has records for, sorted for stable output."""
    identifiers: dict[str, dict[rdflib.term.Node, str]] = {}  # sheet key → node (record or its nodes) → identifier
    records: dict[str, list[rdflib.term.Node]] = {}
    for sheet in spec.sheets:
        subjects = sorted({s for cls in sheet.classes() for s in graph.subjects(RDF.type, cls)}, key=str)
        records[sheet.key] = subjects
        names: dict[rdflib.term.Node, str] = {}
        for subject in subjects:
            identifier = _identifier(graph, subject, sheet, spec)
            if identifier is None:
                continue
            names[subject] = identifier
            for node in sheet.nodes:
                value = graph.value(subject, node.link)
                if value is not None:
                    names.setdefault(value, identifier)
        identifiers[sheet.key] = names
    rows: dict[str, list[list[str]]] = {}
    for sheet in spec.sheets:
        sheet_rows = []
        for subject in records[sheet.key]:
            nodes = {n.key: graph.value(subject, n.link) for n in sheet.nodes}
            row = [_cell(graph, subject, nodes, column, sheet, identifiers) for column in sheet.columns]
            sheet_rows.append(row)
        if sheet_rows:
            rows[sheet.key] = sorted(sheet_rows)
    return rows


def _identifier(graph: rdflib.Graph, subject: rdflib.term.Node, sheet: Sheet, spec: WorkbookSpec) -> str | None:
    kept = graph.value(subject, DCTERMS.identifier)
    if kept is not None:
        return str(kept)
    if sheet.identifier is None:
        return None
    text = str(subject)
    for template in sheet.iri:
        prefix = spec.base + template.split("{identifiant}")[0]
        if "{identifiant}" in template and text.startswith(prefix):
            return text[len(prefix):]
    return text.rsplit("/", 1)[-1]


def _cell(graph: rdflib.Graph, subject: rdflib.term.Node, nodes: dict[str, rdflib.term.Node | None],
          column: Column, sheet: Sheet, identifiers: dict[str, dict[rdflib.term.Node, str]]) -> str:
    if column.kind == "identifier":
        return identifiers[sheet.key].get(subject, "")
    if column.kind == "class":
        types = set(graph.objects(subject, RDF.type))
        return next((k.fr for k in column.choices if k.iri in types), "")
    holder = nodes.get(column.node) if column.node else subject
    if holder is None or column.predicate is None:
        return ""
    values = list(graph.objects(holder, column.predicate))
    texts: list[str] = []
    for value in values:
        if column.kind == "choice":
            texts += [c.fr for c in column.choices if c.iri == value]
        elif column.kind == "ref":
            name = identifiers.get(column.ref or "", {}).get(value)
            if name is not None:
                texts.append(name)
        elif column.kind == "boolean":
            texts.append("oui" if isinstance(value, Literal) and value.toPython() is True else "non")
        elif isinstance(value, (Literal, URIRef)):
            texts.append(str(value))
    if column.kind == "boolean" and texts == ["non"]:
        return ""
    return ", ".join(sorted(texts)) if column.multi else (sorted(texts)[0] if texts else "")
