"""Rows → RDF, by the declarative mapping of ``sheets.toml`` read into a :class:`WorkbookSpec`.

There is no code per column: a column says which predicate it fills (from its shape), on which
node (the row's record, or a secondary node: the territory an organisation governs, the period
of a project), and what kind of value it holds; the kind alone decides how a cell's text becomes
a term (a French label → the concept's IRI, ``18 400`` → ``18400``, ``31/12/2026`` in a year
column → ``"2026"^^xsd:gYear``, an identifier → the IRI of the row it names). A row's IRI comes
from the first of its sheet's templates whose columns are all filled (an organisation with a
SIREN gets the referential's IRI, ``id/organisation/{siren}``; without one, ``…/{identifiant}``).

Cells that failed the table checks are left out, so the shapes do not report them a second time.
The :class:`Provenance` kept on the way says which sheet and row made each subject and which
column each predicate comes from: a SHACL result is traced back to its cell with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from pvgraph.tabular.checks import CheckedWorkbook, split_values
from pvgraph.tabular.spec import TRUE_VALUES, Column, Sheet, WorkbookSpec

_PLACEHOLDER = re.compile(r"\{([\w.]+)\}")


@dataclass
class Provenance:
    """Where each subject of the mapped graph comes from."""

    rows: dict[rdflib.term.Node, tuple[str, int]] = field(default_factory=dict)  # subject → (sheet key, row)
    columns: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (sheet key, predicate) → columns
    node_columns: dict[rdflib.term.Node, list[str]] = field(default_factory=dict)  # secondary node → its columns

    def cell_columns(self, sheet_key: str, path: str | None, focus: rdflib.term.Node | None = None) -> list[str]:
        """The columns a result path points at (each predicate of an alternative or sequence
        path, in the path's order); with no path, the columns of the secondary node in focus."""
        if not path:
            return list(self.node_columns.get(focus, [])) if focus is not None else []
        found: list[tuple[int, str]] = []
        for (sheet, predicate), columns in self.columns.items():
            position = path.find(predicate)
            if sheet != sheet_key or position < 0:
                continue
            end = position + len(predicate)
            if end < len(path) and path[end] not in "|/":
                continue  # a longer IRI that starts with this one
            found += [(position, c) for c in columns]
        out: list[str] = []
        for _, column in sorted(found):
            if column not in out:
                out.append(column)
        return out


@dataclass
class Mapped:
    """The triples made from a workbook, and where every subject came from."""

    triples: set[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]]
    provenance: Provenance
    record_iris: dict[str, dict[str, URIRef]]  # sheet key → identifier → IRI
    _graph: rdflib.Graph | None = field(default=None, repr=False)

    @property
    def graph(self) -> rdflib.Graph:
        """The triples as an rdflib graph (built once, when asked: adding to an rdflib graph costs
        more than the whole mapping, and validation reads the quads)."""
        if self._graph is None:
            self._graph = rdflib.Graph()
            for triple in self.triples:
                self._graph.add(triple)
        return self._graph


def map_workbook(checked: CheckedWorkbook, spec: WorkbookSpec) -> Mapped:
    """The RDF graph the rows of ``checked`` stand for (faulty cells left out)."""
    graph: set[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]] = set()
    provenance = Provenance()
    for sheet in spec.sheets:
        _index_columns(sheet, provenance)
    # First pass: every row's IRI and its nodes' IRIs, so that references can point forward.
    rows: dict[str, list[tuple[int, dict[str, str], URIRef, dict[str, URIRef]]]] = {}
    by_identifier: dict[str, dict[str, tuple[URIRef, dict[str, URIRef]]]] = {}
    for key, table in checked.tables.items():
        sheet = table.sheet
        for number, cells in table.rows:
            clean = {c: v for c, v in cells.items() if (key, number, c) not in checked.bad_cells}
            iri = _iri(sheet.iri, clean, sheet, spec)
            if iri is None:
                continue
            nodes = {}
            for node in sheet.nodes:
                node_iri = _iri(node.iri, clean, sheet, spec)
                if node_iri is None:
                    continue
                if node.class_from_kind is not None:
                    # An authority always governs a territory (an alliance none), filled in or not.
                    if _node_class(node.class_from_kind, node.cls, clean, sheet, spec) is not None:
                        nodes[node.key] = node_iri
                elif any(clean.get(c.name) for c in sheet.columns if c.node == node.key):
                    nodes[node.key] = node_iri
            rows.setdefault(key, []).append((number, clean, iri, nodes))
            if sheet.identifier and clean.get(sheet.identifier):
                by_identifier.setdefault(key, {})[clean[sheet.identifier]] = (iri, nodes)
    for key, sheet_rows in rows.items():
        sheet = spec.sheet(key)
        for number, clean, iri, nodes in sheet_rows:
            provenance.rows[iri] = (key, number)
            if sheet.identifier and clean.get(sheet.identifier) and not str(iri).endswith("/" + clean[sheet.identifier]):
                # The IRI came from another column (an organisation's SIREN): keep the steward's
                # own key, so that the data goes back to the same spreadsheet (tabular.export).
                graph.add((iri, DCTERMS.identifier, Literal(clean[sheet.identifier])))
            if sheet.cls is not None:
                graph.add((iri, RDF.type, sheet.cls))
            for node in sheet.nodes:
                if node.key not in nodes:
                    continue
                node_iri = nodes[node.key]
                provenance.rows[node_iri] = (key, number)
                provenance.node_columns[node_iri] = [c.name for c in sheet.columns if c.node == node.key]
                graph.add((iri, node.link, node_iri))
                cls = _node_class(node.class_from_kind, node.cls, clean, sheet, spec)
                if cls is not None:
                    graph.add((node_iri, RDF.type, cls))
                if node.label and clean.get(node.label):
                    graph.add((node_iri, RDFS.label, Literal(clean[node.label], lang="fr")))
            for column in sheet.columns:
                text = clean.get(column.name, "")
                if not text:
                    continue
                subject = nodes.get(column.node) if column.node else iri
                if subject is None:
                    continue
                subjects = [subject, *nodes.values()] if column.every_node else [subject]
                for obj in _objects(column, text, by_identifier):
                    predicate = RDF.type if column.kind == "class" else column.predicate
                    if predicate is None:
                        continue
                    for each in subjects:
                        graph.add((each, predicate, obj))
                    if column.inverse is not None and isinstance(obj, URIRef):
                        graph.add((obj, column.inverse, subject))
    return Mapped(graph, provenance, {k: {i: v[0] for i, v in d.items()} for k, d in by_identifier.items()})


def _index_columns(sheet: Sheet, provenance: Provenance) -> None:
    for column in sheet.columns:
        predicate = str(RDF.type) if column.kind == "class" else str(column.predicate) if column.predicate else None
        if predicate:
            provenance.columns.setdefault((sheet.key, predicate), []).append(column.name)
        if column.inverse is not None:
            provenance.columns.setdefault((sheet.key, str(column.inverse)), []).append(column.name)
    for node in sheet.nodes:
        first = [c.name for c in sheet.columns if c.node == node.key][:1]
        provenance.columns.setdefault((sheet.key, str(node.link)), []).extend(first)


def _iri(templates: tuple[str, ...], cells: dict[str, str], sheet: Sheet, spec: WorkbookSpec) -> URIRef | None:
    """The first template whose placeholders are all filled."""
    for template in templates:
        values = {}
        for name in _PLACEHOLDER.findall(template):
            value = _placeholder(name, cells, sheet, spec)
            if not value:
                break
            values[name] = value
        else:
            return URIRef(spec.base + _PLACEHOLDER.sub(_filler(values), template))
    return None


def _placeholder(name: str, cells: dict[str, str], sheet: Sheet, spec: WorkbookSpec) -> str | None:
    if name.startswith("kind."):
        kind = _kind(cells, sheet)
        return spec.kinds.get(kind.split("#")[-1], {}).get(name.split(".", 1)[1]) if kind else None
    value = cells.get(name, "").strip()
    return value if value and re.fullmatch(r"[A-Za-z0-9-]+", value) else None


def _kind(cells: dict[str, str], sheet: Sheet) -> str | None:
    if not sheet.class_from:
        return None
    text = cells.get(sheet.class_from, "")
    return next((str(k.iri) for k in sheet.kinds if k.fr == text), None)


def _node_class(extra: str | None, cls: URIRef | None, cells: dict[str, str], sheet: Sheet,
                spec: WorkbookSpec) -> URIRef | None:
    if cls is not None:
        return cls
    kind = _kind(cells, sheet)
    if extra is None or kind is None:
        return None
    local = spec.kinds.get(kind.split("#")[-1], {}).get(extra)
    return URIRef(kind.rsplit("#", 1)[0] + "#" + local) if local else None


def _objects(column: Column, text: str, by_identifier: dict[str, dict[str, tuple[URIRef, dict[str, URIRef]]]]
             ) -> list[rdflib.term.Node]:
    """The terms one cell stands for."""
    kind = column.kind
    if kind in ("class", "choice"):
        values = split_values(text) if column.multi else [text]
        return [c.iri for v in values for c in column.choices if c.fr == v]
    if kind == "ref":
        targets = by_identifier.get(column.ref or "", {})
        out: list[rdflib.term.Node] = []
        for value in split_values(text):
            if value in targets:
                iri, nodes = targets[value]
                node = nodes.get(column.ref_node) if column.ref_node else iri
                if node is not None:
                    out.append(node)
        return out
    if kind == "integer":
        digits = re.sub(r"[\s\u00a0\u202f]", "", text)
        return [Literal(int(re.sub(r",0+$", "", digits)), datatype=XSD.integer)]
    if kind == "year":
        return [Literal(year_of(text), datatype=XSD.gYear)]
    if kind == "boolean":
        return [Literal(True)] if text in TRUE_VALUES else []
    if kind == "text":
        return [Literal(text, lang=column.lang)] if column.lang else [Literal(text)]
    return [Literal(text)]


def year_of(text: str) -> str:
    """``2026``, ``31/12/2026`` or ``2026-12-31`` → ``2026``."""
    match = re.search(r"(?:^|/)((?:19|20)[0-9]{2})(?:$|-)", text)
    return match.group(1) if match else text


def _filler(values: dict[str, str]) -> Callable[[re.Match[str]], str]:
    """Replaces a ``{name}`` placeholder by its value."""
    return lambda m: values[m.group(1)]
