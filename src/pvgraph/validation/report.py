"""The validation report model: results a steward can act on, grouped by record then by field.

A :class:`ValidationReport` is plain data (dataclasses of strings), built once from pySHACL's
report graph and pvgraph's own checks; renderers (``render``) and the HTTP server only read it.
Every result carries a stable id so that two reports (two submissions of the same file, before
and after a fix) can be compared: see :func:`result_id`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

import rdflib
from rdflib import BNode, Literal, URIRef

import pvgraph.namespaces as ns
from pvgraph.errors import EXIT_NONCONFORMANT, EXIT_OK
from pvgraph.namespaces import SH

VALIDATION_NS = f"{ns.BASE}validation#"
"""Namespace of pvgraph's own constraint components (undeclared terms, referential look-ups)."""


class Severity(IntEnum):
    """SHACL severities, ordered so that the most severe sorts first with ``reverse=True``."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @property
    def label(self) -> str:
        return {1: "Info", 2: "Warning", 3: "Violation"}[int(self)]

    @property
    def iri(self) -> URIRef:
        return SH[self.label]

    @classmethod
    def from_iri(cls, iri: rdflib.term.Node | None) -> Severity:
        """The severity of ``sh:Violation``/``sh:Warning``/``sh:Info``; unknown ones count as violations."""
        if iri == SH.Info:
            return cls.INFO
        return cls.WARNING if iri == SH.Warning else cls.VIOLATION


@dataclass(frozen=True)
class Cell:
    """Where a finding is in a spreadsheet: the sheet as the steward named it, the physical row,
    the column's header, and the text the cell held (for findings on a submitted spreadsheet)."""

    sheet: str
    row: int | None = None
    column: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Result:
    """One problem: which record, which field, which value, what to do."""

    id: str
    severity: Severity
    focus_node: str  # the record's IRI, or a stable "_:…" key for a blank node
    focus_label: str  # what the steward calls the record
    path: str | None  # the field's IRI (or a SPARQL-like rendering of a complex path)
    path_label: str | None  # the field as written in Turtle, e.g. pv:ledBy
    value: str | None  # the offending value, as written in Turtle
    message: str
    component: str  # the constraint component IRI
    shape: str | None  # the source shape (IRI or stable key)
    source: str  # "shacl", "terms" or "referential"
    suggestion: str | None = None  # the closest declared term, for a misspelt one
    fix: str | None = None  # the field and value to write instead, in the steward's syntax
    line: int | None = None  # the line of the record in its file (Turtle, TriG, N-Triples, N-Quads)
    file: str | None = None  # the file that line is in
    cell: Cell | None = None  # the spreadsheet cell the finding comes from, when it does
    # The RDF terms themselves, for the Turtle report of pvgraph's own checks (not compared, not serialised).
    focus_term: rdflib.term.Node | None = field(default=None, compare=False, repr=False)
    value_term: rdflib.term.Node | None = field(default=None, compare=False, repr=False)
    report_node: rdflib.term.Node | None = field(default=None, compare=False, repr=False)  # in pySHACL's report

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k not in ("focus_term", "value_term", "report_node")}
        data["severity"] = self.severity.label
        if self.cell is None:
            del data["cell"]
        return data


def result_id(focus: str, path: str | None, component: str, shape: str | None, value: str | None) -> str:
    """A short, stable hash of focus node, path, constraint component and shape.

    The value is included too, so that two bad values of one field get two ids. Blank nodes must
    already be replaced by stable keys (see :func:`stable_key`), since parsers rename them.
    """
    text = "\x1f".join(part or "" for part in (focus, path, component, shape, value))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stable_key(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A name for ``node`` that does not depend on blank-node labels.

    IRIs and literals are themselves; a blank node is named by a hash of what it says (its
    predicates and objects, nested blank nodes one level down), which survives re-parsing.
    """
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, Literal):
        return node.n3()
    return "_:" + hashlib.sha256(_describe(graph, node, depth=2).encode("utf-8")).hexdigest()[:16]


def _describe(graph: rdflib.Graph, node: rdflib.term.Node, depth: int) -> str:
    if not isinstance(node, BNode):
        return node.n3()
    if depth == 0:
        return "[]"
    parts = sorted(f"{p.n3()} {_describe(graph, o, depth - 1)}" for p, o in graph.predicate_objects(node))
    return "[" + " ; ".join(parts) + "]"


@dataclass
class FieldGroup:
    """The results of one record about one field."""

    path: str | None
    path_label: str | None
    results: list[Result]

    @property
    def severity(self) -> Severity:
        return max(r.severity for r in self.results)


@dataclass
class RecordGroup:
    """Everything wrong with one submitted record, field by field, most severe first."""

    focus_node: str
    focus_label: str
    fields: list[FieldGroup]

    @property
    def severity(self) -> Severity:
        return max(f.severity for f in self.fields)

    @property
    def results(self) -> list[Result]:
        return [r for f in self.fields for r in f.results]

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity == severity)


@dataclass
class FileSummary:
    """One validated input: its name, format and size in triples."""

    name: str
    format: str
    triples: int


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _pvgraph_version() -> str:
    from pvgraph import __version__

    return __version__


@dataclass
class Provenance:
    """What produced a report, so that a printed or mailed report can be traced back: when,
    by which pvgraph, against which shapes and which vintage of the territorial referential
    (None when no referential was consulted)."""

    created: str = field(default_factory=_now)
    pvgraph_version: str = field(default_factory=_pvgraph_version)
    shapes_version: str | None = None
    referential: str | None = None


@dataclass
class SheetView:
    """One sheet of a submitted spreadsheet, as the HTML report shows it: some rows (physical
    numbers), their cells in the file's column order, and the result ids marking faulty cells
    (``"row:column"``) and rows."""

    name: str
    columns: list[str]
    rows: list[tuple[int, list[str]]]
    marks: dict[str, list[str]] = field(default_factory=dict)
    row_marks: dict[int, list[str]] = field(default_factory=dict)
    hidden: int = 0  # rows without findings left out
    total: int = 0


@dataclass
class ValidationReport:
    """What validation found. ``conforms`` is False exactly when there is a violation."""

    results: list[Result]
    lang: str = "fr"
    files: list[FileSummary] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    shacl_report: rdflib.Graph | None = None  # pySHACL's report graph, unchanged
    provenance: Provenance = field(default_factory=Provenance)
    sheets: list[SheetView] = field(default_factory=list)  # for a spreadsheet: its sheets, faulty cells marked

    def __post_init__(self) -> None:
        self.results = sort_results(self.results)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == Severity.VIOLATION for r in self.results)

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.conforms else EXIT_NONCONFORMANT

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def counts(self) -> dict[str, int]:
        return {s.label: self.count(s) for s in sorted(Severity, reverse=True)}

    def groups(self) -> list[RecordGroup]:
        """Results by record, then by field; most severe records and fields first."""
        records: dict[str, dict[str | None, list[Result]]] = {}
        labels: dict[str, str] = {}
        for result in self.results:
            labels.setdefault(result.focus_node, result.focus_label)
            records.setdefault(result.focus_node, {}).setdefault(result.path, []).append(result)
        groups = []
        for focus, by_path in records.items():
            fields = [FieldGroup(path, rs[0].path_label, rs) for path, rs in by_path.items()]
            fields.sort(key=lambda f: (-f.severity, f.path_label or ""))
            groups.append(RecordGroup(focus, labels[focus], fields))
        groups.sort(key=lambda g: (-g.severity, g.focus_label.casefold(), g.focus_node))
        return groups

    def to_dict(self) -> dict[str, Any]:
        """The report for programs (the JSON renderer and the HTTP API)."""
        return {
            "conforms": self.conforms,
            "lang": self.lang,
            "produced": {"created": self.provenance.created, "pvgraph": self.provenance.pvgraph_version,
                         "shapes": self.provenance.shapes_version, "referential": self.provenance.referential},
            "counts": self.counts(),
            "files": [asdict(f) for f in self.files],
            "notices": list(self.notices),
            "records": [
                {
                    "focusNode": g.focus_node,
                    "label": g.focus_label,
                    "severity": g.severity.label,
                    "counts": {s.label: g.count(s) for s in sorted(Severity, reverse=True)},
                    "fields": [
                        {
                            "path": f.path,
                            "pathLabel": f.path_label,
                            "severity": f.severity.label,
                            "results": [r.to_dict() for r in f.results],
                        }
                        for f in g.fields
                    ],
                }
                for g in self.groups()
            ],
            "results": [r.to_dict() for r in self.results],
        }


def sort_results(results: Iterable[Result]) -> list[Result]:
    """Most severe first, then by record, field and id: the same input gives the same order."""
    return sorted(
        results,
        key=lambda r: (-r.severity, r.focus_label.casefold(), r.focus_node, r.path_label or "", r.id),
    )
