"""Shape lint (``pvgraph check``): the shapes must mean what they say.

A SHACL engine silently ignores what it does not understand: ``sh:minlength`` (a typo) is just
another triple, so the data "conforms" (pySHACL issue #12). And a shape can name a class the
ontology renamed last week. So, across the shapes and the ontology:

- every ``sh:`` term used in the shapes is part of SHACL (an unknown one is an error);
- every ``sh:targetClass``, ``sh:class`` and ``sh:path`` names a term the ontology declares;
- every class a steward can submit (:data:`SUBMITTABLE_CLASSES`) is targeted by a shape;
- the shapes conform to the W3C "SHACL shapes for SHACL" (shacl-shacl);
- every shape with a constraint has ``sh:message`` in French and in English, every property
  shape ``sh:name``, ``sh:description``, ``sh:order`` and ``sh:group``; every SPARQL constraint
  parses; every shape is reachable (targeted, or used by another shape).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS
from rdflib.namespace import OWL as OWL_NS
from rdflib.namespace import RDF as RDF_NS
from rdflib.namespace import RDFS as RDFS_NS
from rdflib.namespace import SH as SH_VOCABULARY
from rdflib.term import Node

import pvgraph.namespaces as ns
from pvgraph import messages
from pvgraph.namespaces import PV, SH
from pvgraph.validation.engine import meta_validate, translate_query

SUBMITTABLE_CLASSES: tuple[str, ...] = (
    # organisations (and their territories), alliances and memberships
    "http://www.w3.org/ns/org#FormalOrganization",
    str(PV.Territory),
    str(PV.TerritorialAlliance),
    "http://www.w3.org/ns/org#Membership",
    # projects, their periods, policies, objectives, use cases, actions and tools
    str(PV.DigitalTerritoryProject),
    str(PV.Period),
    str(PV.PublicPolicy),
    str(PV.Objective),
    str(PV.UseCase),
    str(PV.Action),
    str(PV.Tool),
    # value-creation statements (and other statements with their evidence), case studies
    str(PV.ValueCreationStatement),
    str(PV.Statement),
    str(PV.CaseStudy),
)
"""The classes a steward can submit instances of; each must be the target of a shape."""

# Predicates that describe a shape (or target it) without constraining anything.
NON_CONSTRAINT = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target,
    SH.name, SH.description, SH.order, SH.group, SH.message, SH.severity, SH.deactivated,
    SH.property, SH.path, SH.defaultValue, SH.declare, SH.prefixes,
    SH.sparql,  # a SPARQL constraint carries its own sh:message (checked separately)
}
SHAPES_NS = f"{ns.BASE}shapes#"
STANDARD_VOCABULARIES = (RDF_NS, RDFS_NS, OWL_NS, SKOS, DCTERMS, ORG, PROV, FOAF)
"""Terms of these vocabularies are declared by their standards (rdflib knows their closed lists)."""
LINKING = (SH.node, SH.property, SH["not"], SH["and"], SH["or"], SH.xone, SH.qualifiedValueShape)


@dataclass(frozen=True)
class LintProblem(messages.Keyed):
    """One thing wrong with the shapes: which shape (or term), what, and how bad. What is
    wrong is an entry of the one catalogue (``lint.…``) and its parameters, so that
    ``pvgraph check`` tells it in the lang setting's language; ``str()`` speaks English."""

    severity: str  # "error" or "warning"
    subject: str
    key: str
    params: tuple[tuple[str, str], ...] = ()

    def describe(self, lang: str | None) -> str:
        """``[error] subject: message`` in ``lang`` (by the one rule: French unless English is asked)."""
        severity = messages.text(SEVERITIES[self.severity], lang)
        colon = messages.text("typography.colon", lang)
        return f"[{severity}] {self.subject}{colon} {self.message_in(lang)}"

    def __str__(self) -> str:
        return self.describe("en")


SEVERITIES = {"error": "lint.severity-error", "warning": "lint.severity-warning"}


def _problem(subject: str, key: str, **params: object) -> LintProblem:
    return LintProblem("error", subject, key, tuple((k, str(v)) for k, v in params.items()))


def lint_shapes(shapes: rdflib.Graph, ontology: rdflib.Graph, *, meta: bool = True) -> list[LintProblem]:
    """Every problem of ``shapes`` against ``ontology`` and SHACL itself (empty: all is well)."""
    problems = list(_unknown_shacl_terms(shapes))
    problems += _undeclared_references(shapes, ontology)
    problems += _untargeted_classes(shapes, ontology)
    problems += _missing_documentation(shapes)
    problems += _sparql_problems(shapes)
    problems += _codelists(shapes, ontology)
    problems += _unreachable_shapes(shapes)
    if meta:
        conforms, text = meta_validate(shapes)
        if not conforms:
            problems.append(_problem("shacl-shacl", "lint.shacl-shacl", report=text))
    return sorted(problems, key=lambda p: (p.severity != "error", p.subject, p.message))


def _unknown_shacl_terms(shapes: rdflib.Graph) -> Iterator[LintProblem]:
    ns = str(SH)
    seen: set[URIRef] = set()
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(ns) and term not in seen:
                seen.add(term)
                if term not in SH_VOCABULARY:
                    yield _problem(_short(term), "lint.not-shacl")


def _path_terms(shapes: rdflib.Graph, path: rdflib.term.Node) -> Iterator[URIRef]:
    if isinstance(path, URIRef):
        yield path
        return
    for key in (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = shapes.value(path, key)
        if inner is not None:
            yield from _path_terms(shapes, inner)
            return
    alternatives = shapes.value(path, SH.alternativePath)
    items = Collection(shapes, alternatives) if alternatives is not None else Collection(shapes, path)
    for item in items:
        yield from _path_terms(shapes, item)


def _declared(term: URIRef, declared: set[rdflib.term.Node]) -> bool:
    if term in declared:
        return True
    return any(str(term).startswith(str(ns._NS)) and term in ns for ns in STANDARD_VOCABULARIES)


def _undeclared_references(shapes: rdflib.Graph, ontology: rdflib.Graph) -> Iterator[LintProblem]:
    declared: set[Node] = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    for predicate in (SH.targetClass, SH["class"]):
        for shape, cls in shapes.subject_objects(predicate):
            if isinstance(cls, URIRef) and not _declared(cls, declared):
                yield _problem(_name(shapes, shape), "lint.undeclared-class", predicate=_short(predicate),
                               term=_short(cls))
    for shape, path in shapes.subject_objects(SH.path):
        for term in _path_terms(shapes, path):
            if not _declared(term, declared):
                yield _problem(_name(shapes, shape), "lint.undeclared-path", term=_short(term))


def _untargeted_classes(shapes: rdflib.Graph, ontology: rdflib.Graph) -> Iterator[LintProblem]:
    targeted = {str(c) for c in shapes.objects(None, SH.targetClass)}
    for cls in SUBMITTABLE_CLASSES:
        if (URIRef(cls), None, None) not in ontology:
            yield _problem(_short(URIRef(cls)), "lint.submittable-undeclared")
        # A target on the class or on one of its superclasses covers its instances.
        ancestors = {str(c) for c in ontology.transitive_objects(URIRef(cls), RDFS.subClassOf)}
        if not ancestors & targeted:
            yield _problem(_short(URIRef(cls)), "lint.submittable-untargeted")


def _has_both_languages(shapes: rdflib.Graph, node: rdflib.term.Node, predicate: URIRef) -> bool:
    langs = {o.language for o in shapes.objects(node, predicate) if isinstance(o, Literal)}
    return {"fr", "en"} <= langs


def _shapes(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    """Shapes that speak to the steward: not the members of sh:or/sh:and/sh:xone lists, whose
    results are reported (with its message) by the shape holding the list."""
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.objects(None, SH.property)) | set(shapes.subjects(SH.path, None))
    nested = {member for key in (SH["or"], SH["and"], SH.xone)
              for head in shapes.objects(None, key) for member in Collection(shapes, head)}
    return found - nested


def _missing_documentation(shapes: rdflib.Graph) -> Iterator[LintProblem]:
    for shape in _shapes(shapes):
        constrains = any(
            str(p).startswith(str(SH)) and p not in NON_CONSTRAINT and p != RDF.type
            for p in shapes.predicates(shape)
        )
        if constrains and not _has_both_languages(shapes, shape, SH.message):
            yield _problem(_name(shapes, shape), "lint.no-message")
        if (shape, SH.path, None) in shapes:
            for predicate in (SH.name, SH.description):
                if not _has_both_languages(shapes, shape, predicate):
                    yield _problem(_name(shapes, shape), "lint.not-bilingual", predicate=_short(predicate))
            for predicate in (SH.order, SH.group):
                if (shape, predicate, None) not in shapes:
                    yield _problem(_name(shapes, shape), "lint.missing", predicate=_short(predicate))
    for _shape, constraint in shapes.subject_objects(SH.sparql):
        if not _has_both_languages(shapes, constraint, SH.message):
            yield _problem(_name(shapes, _shape), "lint.sparql-no-message")


def _sparql_problems(shapes: rdflib.Graph) -> Iterator[LintProblem]:
    prefixes = {str(p): str(n) for _, decl in shapes.subject_objects(SH.declare)
                for p in shapes.objects(decl, SH.prefix) for n in shapes.objects(decl, SH.namespace)}
    header = "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(prefixes.items()))
    queries = list(shapes.subject_objects(SH.sparql)) + list(shapes.subject_objects(SH.target))
    for shape, constraint in queries:
        query = shapes.value(constraint, SH.select) or shapes.value(constraint, SH.ask)
        if query is None:
            yield _problem(_name(shapes, shape), "lint.sparql-no-query")
            continue
        try:
            translate_query(header + str(query), None, ())
        except Exception as exc:  # rdflib raises pyparsing's and its own errors
            yield _problem(_name(shapes, shape), "lint.sparql-syntax", error=exc)


def _codelists(shapes: rdflib.Graph, ontology: rdflib.Graph) -> Iterator[LintProblem]:
    """Each sh:in list holds declared terms; with rdfs:seeAlso a scheme, exactly that scheme's concepts."""
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    for shape, head in shapes.subject_objects(SH["in"]):
        members = set(Collection(shapes, head))
        for member in sorted(m for m in members if isinstance(m, URIRef) and m not in declared):
            yield _problem(_name(shapes, shape), "lint.in-undeclared", term=_short(member))
        for scheme in shapes.objects(shape, RDFS.seeAlso):
            concepts = set(ontology.subjects(SKOS.inScheme, scheme))
            for missing in sorted(concepts - members, key=str):
                yield _problem(_name(shapes, shape), "lint.in-lacks", term=_short(missing), scheme=_short(scheme))
            for extra in sorted(members - concepts, key=str):
                yield _problem(_name(shapes, shape), "lint.in-extra", term=_short(extra), scheme=_short(scheme))


def _unreachable_shapes(shapes: rdflib.Graph) -> Iterator[LintProblem]:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    used: set[rdflib.term.Node] = set()
    for predicate in LINKING:
        for value in shapes.objects(None, predicate):
            used.add(value)
            if isinstance(value, BNode) and (value, RDF.first, None) in shapes:
                used.update(Collection(shapes, value))
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if shape in used or any((shape, t, None) in shapes for t in targets):
            continue
        if (shape, RDF.type, RDFS.Class) in shapes:  # implicit class target
            continue
        yield _problem(_name(shapes, shape), "lint.unreachable")


def _short(term: rdflib.term.Node) -> str:
    from pvgraph.namespaces import PREFIXES

    text = str(term)
    for prefix, iri in sorted({**PREFIXES, "pvs": SHAPES_NS}.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri):
            return f"{prefix}:{text[len(iri):]}"
    return f"<{text}>"


def _name(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    """A shape's IRI, or for a blank property shape its parent and path."""
    if isinstance(shape, URIRef):
        return _short(shape)
    parent = shapes.value(None, SH.property, shape)
    path = shapes.value(shape, SH.path)
    parent_name = _short(parent) if isinstance(parent, URIRef) else "[ ]"
    return f"{parent_name} / {_short(path) if isinstance(path, URIRef) else '[ ]'}"
