"""Where each record of a submission came from: its file, its syntax, its line.

A report is only useful if the steward finds the record in their own file. Parsers give no
positions for triples, so the line of a record is found by reading the file the way a person
does: in Turtle, TriG, N-Triples and N-Quads a record starts at the beginning of a line with its
subject (``sub:projet``, ``<https://…>``), which is expanded with the file's own prefixes. A record
written otherwise (a blank node ``[ … ]``, a subject indented) gets no line of its own; the report
then gives the line of the record it belongs to. JSON-LD and RDF/XML records get no line.

The syntax a record was written in chooses how a suggested fix is written (Turtle, N-Triples,
JSON-LD, RDF/XML; a spreadsheet cell once spreadsheets are read: see :mod:`.suggestions`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib

from pvgraph.loading import ParsedDocument

LINE_SYNTAXES = ("turtle", "trig", "ntriples", "nquads")
_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)
_BASE = re.compile(r"^\s*(?:@base|BASE)\s+<([^>]*)>", re.I)
_SUBJECT = re.compile(r"^(<[^>\s]*>|(?:[A-Za-z][\w.-]*)?:(?:[\w\-.:%]|\\.)*)(?=[\s;,]|$)")


@dataclass
class Sources:
    """Per record (its IRI, or a blank node's label in the parsed quads): file, syntax, line."""

    syntax: dict[str, str] = field(default_factory=dict)
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)
    default_syntax: str = "turtle"

    def syntax_of(self, node: rdflib.term.Node | None) -> str:
        return self.syntax.get(str(node), self.default_syntax) if node is not None else self.default_syntax

    def line_of(self, node: rdflib.term.Node | None) -> tuple[str, int] | None:
        return self.lines.get(str(node)) if node is not None else None


def sources_of(parsed: Sequence[ParsedDocument]) -> Sources:
    """The sources of parsed documents (the first document's syntax is the default)."""
    sources = Sources(default_syntax=parsed[0].document.format.name if parsed else "turtle")
    for doc in parsed:
        syntax = doc.document.format.name
        for quad in doc.quads:
            subject = quad.subject
            if isinstance(subject, ox.Triple):
                continue  # a quoted triple (RDF-star) names no record
            key = subject.value if isinstance(subject, ox.NamedNode) else str(rdflib.BNode(subject.value))
            sources.syntax.setdefault(key, syntax)
        if syntax in LINE_SYNTAXES:
            for iri, line in subject_lines(doc.document.data.decode("utf-8", "replace")).items():
                sources.lines.setdefault(iri, (doc.document.name, line))
    return sources


def subject_lines(text: str) -> dict[str, int]:
    """IRI of each subject written at the start of a line → its first line (1-based)."""
    prefixes: dict[str, str] = {}
    base = ""
    out: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if (m := _PREFIX.match(line)) is not None:
            prefixes[m.group(1) or ""] = m.group(2)
            continue
        if (m := _BASE.match(line)) is not None:
            base = m.group(1)
            continue
        m = _SUBJECT.match(line)
        if m is None:
            continue
        token = m.group(1)
        if token.startswith("<"):
            iri = token[1:-1]
            if base and not re.match(r"^[A-Za-z][\w+.-]*:", iri):
                iri = base + iri
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes or prefix.lower() in ("prefix", "base"):
                continue
            iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        out.setdefault(iri, number)
    return out
