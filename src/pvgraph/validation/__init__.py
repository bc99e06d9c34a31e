"""SHACL validation for data stewards: shapes, reports a person can act on, safe input.

Entry points (the build, the CLI and the HTTP server call these):

- :func:`validate_graph` — one rdflib graph against the shapes and the ontology;
- :func:`validate_documents` — files or uploaded documents, read through :mod:`pvgraph.loading`;
- :func:`validate_parsed` — documents already parsed (to store the same quads once they conform);
- :func:`render` — a report as text, JSON, CSV, HTML or Turtle (:data:`REPORT_FORMATS`);
- :func:`load_schema` — the repository's shapes and ontology, cached;
- :func:`lint_shapes` — the shapes checked against the ontology and SHACL itself.
"""

from pvgraph.validation.lint import LintProblem, lint_shapes
from pvgraph.validation.render import REPORT_FORMATS, render, report_format_for
from pvgraph.validation.report import Result, Severity, ValidationReport
from pvgraph.validation.shapes import Schema, load_schema
from pvgraph.validation.validator import validate_documents, validate_graph, validate_parsed

__all__ = [
    "REPORT_FORMATS",
    "LintProblem",
    "Result",
    "Schema",
    "Severity",
    "ValidationReport",
    "lint_shapes",
    "load_schema",
    "render",
    "report_format_for",
    "validate_documents",
    "validate_graph",
    "validate_parsed",
]
