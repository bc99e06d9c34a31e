"""Turn pySHACL's report graph into :class:`Result`s a steward can read.

pySHACL copies a shape's ``sh:message`` through but only substitutes variables in SPARQL-based
constraints, and says nothing when a shape has no message. Here every result gets a text in the
requested language: the shape's own ``sh:message`` (``{$this}``, ``{$value}`` and ``{$path}`` are
replaced by the record's label, the value and the field), else pvgraph's default for the
constraint component (``messages.DEFAULTS``).
"""

from __future__ import annotations

import re

import rdflib
from rdflib import RDF, RDFS, SKOS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF

from pvgraph.namespaces import PREFIXES, SH
from pvgraph.validation.messages import DEFAULTS, default_message
from pvgraph.validation.report import Result, Severity, result_id, stable_key

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name)
_VAR = re.compile(r"\{[$?](\w+)\}")


class Namer:
    """Short, readable names for IRIs, values and records (prefixed names, labels)."""

    def __init__(self, data: rdflib.Graph, lang: str) -> None:
        self.data = data
        self.lang = lang
        # Longest namespace first so that pvid: beats a shorter overlapping prefix.
        self._prefixes = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def iri(self, iri: str) -> str:
        """``pv:ledBy`` for a known namespace, ``<…>`` otherwise."""
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and re.fullmatch(r"[\w.-]*", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

    def term(self, node: rdflib.term.Node) -> str:
        """A term as it would be written in Turtle."""
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, Literal):
            lexical = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            if len(lexical) > 80:
                lexical = lexical[:77] + "…"
            if node.language:
                return f'"{lexical}"@{node.language}'
            if node.datatype is not None and str(node.datatype) != str(rdflib.XSD.string):
                return f'"{lexical}"^^{self.iri(str(node.datatype))}'
            return f'"{lexical}"'
        if isinstance(node, BNode):
            return "[ ]"
        return str(node)

    def label(self, node: rdflib.term.Node) -> str:
        """The record's label in the report's language, else any label, else its short name."""
        if isinstance(node, (URIRef, BNode)):
            for predicate in LABEL_PREDICATES:
                labels = list(self.data.objects(node, predicate))
                if labels:
                    best = [x for x in labels if isinstance(x, Literal) and x.language == self.lang]
                    return str(sorted(best or labels, key=str)[0])
            if isinstance(node, BNode):
                types = sorted(str(t) for t in self.data.objects(node, RDF.type))
                return f"[{self.iri(types[0])}]" if types else "[ ]"
            return self.short(str(node))
        return self.term(node)

    def short(self, iri: str) -> str:
        """A compact name for display only (``pvid:example/p1``), not necessarily valid Turtle."""
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and re.fullmatch(r"[\w./-]+", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def path(self, shapes: rdflib.Graph, path: rdflib.term.Node | None) -> tuple[str | None, str | None]:
        """(key, label) of a result path; complex paths are written in SPARQL property-path syntax."""
        if path is None:
            return None, None
        if isinstance(path, URIRef):
            return str(path), self.iri(str(path))
        inverse = shapes.value(path, SH.inversePath)
        if inverse is not None:
            key, label = self.path(shapes, inverse)
            return f"^{key}", f"^{label}"
        alternatives = shapes.value(path, SH.alternativePath)
        if alternatives is not None:
            parts = [self.path(shapes, item) for item in Collection(shapes, alternatives)]
            return "|".join(p[0] or "" for p in parts), "|".join(p[1] or "" for p in parts)
        items = list(Collection(shapes, path)) if (path, RDF.first, None) in shapes else []
        if items:
            parts = [self.path(shapes, item) for item in items]
            return "/".join(p[0] or "" for p in parts), "/".join(p[1] or "" for p in parts)
        key = stable_key(shapes, path)
        return key, key


def results_from_shacl(
    report: rdflib.Graph, *, data: rdflib.Graph, shapes: rdflib.Graph, lang: str
) -> list[Result]:
    """One :class:`Result` per ``sh:result`` of pySHACL's report graph (nested details skipped)."""
    namer = Namer(data, lang)
    out: list[Result] = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        raw_path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        component = report.value(node, SH.sourceConstraintComponent)
        shape = report.value(node, SH.sourceShape)
        constraint = report.value(node, SH.sourceConstraint)
        severity = Severity.from_iri(report.value(node, SH.resultSeverity))
        # pySHACL copies complex paths into the report graph; look for them there first.
        path_graph = report if raw_path is None or (raw_path, None, None) in report else shapes
        path_key, path_label = namer.path(path_graph, raw_path)
        focus_key = stable_key(data, focus) if focus is not None else ""
        shape_key = stable_key(shapes, shape) if shape is not None else None
        value_text = namer.term(value) if value is not None else None
        component_iri = str(component) if component is not None else str(SH.ConstraintComponent)
        # The shape's own words first, then pvgraph's default for the component, then pySHACL's.
        template = _shape_message(shapes, constraint, lang) or _shape_message(shapes, shape, lang)
        if template is None and _local(component_iri) in DEFAULTS:
            template = default_message(_local(component_iri), lang)
        if template is None:
            template = _report_message(report, node, lang) or default_message(_local(component_iri), lang)
        message = fill(
            template,
            this=namer.label(focus) if focus is not None else "",
            path=path_label or "",
            value=value_text or "",
            param=_parameter(shapes, shape, component_iri, namer),
            suggestion="",
        )
        out.append(
            Result(
                id=result_id(focus_key, path_key, component_iri, shape_key, value_text),
                severity=severity,
                focus_node=focus_key,
                focus_label=namer.label(focus) if focus is not None else "",
                path=path_key,
                path_label=path_label,
                value=value_text,
                message=message,
                component=component_iri,
                shape=shape_key,
                source="shacl",
                focus_term=focus,
                value_term=value,
                report_node=node,
            )
        )
    return out


def fill(template: str, *, this: str, path: str, value: str, param: str, suggestion: str) -> str:
    """Replace SHACL's ``{$var}``/``{?var}`` and pvgraph's ``{var}`` placeholders."""
    values = {"this": this, "path": path, "value": value, "param": param, "suggestion": suggestion}

    def sub(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    text = _VAR.sub(sub, template)
    for key, val in values.items():
        text = text.replace("{" + key + "}", val)
    return " ".join(text.split())


def _shape_message(shapes: rdflib.Graph, node: rdflib.term.Node | None, lang: str) -> str | None:
    if node is None:
        return None
    messages = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
    chosen = [m for m in messages if m.language == lang]
    return str(chosen[0]) if chosen else None


def _report_message(report: rdflib.Graph, node: rdflib.term.Node, lang: str) -> str | None:
    """pySHACL's own message, only when it is in the right language (its defaults are English)."""
    messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    chosen = [m for m in messages if m.language == lang or (lang == "en" and m.language is None)]
    return str(sorted(chosen)[0]) if chosen else None


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _parameter(shapes: rdflib.Graph, shape: rdflib.term.Node | None, component: str, namer: Namer) -> str:
    """The value of the parameter a component is named after (sh:minCount for MinCount…)."""
    if shape is None:
        return ""
    name = _local(component).removesuffix("ConstraintComponent")
    if not name:
        return ""
    parameter = SH[name[0].lower() + name[1:]]
    value = shapes.value(shape, parameter)
    if value is None:
        return ""
    if isinstance(value, BNode) and (value, RDF.first, None) in shapes:
        return ", ".join(namer.term(v) for v in Collection(shapes, value))
    if isinstance(value, Literal):
        return str(value)
    return namer.term(value)
