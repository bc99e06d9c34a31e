"""Undeclared terms: a misspelt class or property, with the closest declared term suggested.

SHACL cannot see a typo: ``pv:ledby`` is simply another property, so a project "has no lead" and
the real mistake goes unnoticed (peers' users ask for exactly this). Every term of the pvgraph
namespace used in a submission must be declared by the ontology (a violation otherwise: the data
would be lost); terms of the well-known vocabularies rdflib knows closed lists of (SKOS, ORG,
Dublin Core, PROV, FOAF, RDF, RDFS, OWL) are checked the same way, as warnings, since those lists
may lag a vocabulary's latest version.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, DefinedNamespaceMeta

from pvgraph import messages
from pvgraph.namespaces import PV
from pvgraph.validation.explain import Namer, default_message, fill
from pvgraph.validation.report import VALIDATION_NS, Result, Severity, result_id, stable_key

COMPONENT = VALIDATION_NS + "UndeclaredTermConstraintComponent"
CLOSED_VOCABULARIES: tuple[DefinedNamespaceMeta, ...] = (SKOS, ORG, DCTERMS, PROV, FOAF, RDF, RDFS, OWL)

PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
                  OWL.InverseFunctionalProperty)
CLASS_TYPES = (OWL.Class, RDFS.Class)


@dataclass(frozen=True)
class Vocabulary:
    """What the ontology declares, split by kind so that suggestions fit the position of the typo."""

    terms: frozenset[str]
    properties: tuple[str, ...]
    classes: tuple[str, ...]

    @classmethod
    def from_ontology(cls, ontology: rdflib.Graph) -> Vocabulary:
        ns = str(PV)
        terms = {str(s) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
        properties = {str(s) for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t)}
        properties |= {str(s) for s in ontology.subjects(RDFS.subPropertyOf, None)}
        classes = {str(s) for t in CLASS_TYPES for s in ontology.subjects(RDF.type, t)}
        classes |= {str(s) for s in ontology.subjects(RDFS.subClassOf, None)}
        return cls(
            terms=frozenset(terms),
            properties=tuple(sorted(p for p in properties if p in terms)),
            classes=tuple(sorted(c for c in classes if c in terms)),
        )


def closest(term: str, candidates: Iterable[str]) -> str | None:
    """The candidate whose local name is closest to ``term``'s (case-insensitive), if any is close."""
    by_local: dict[str, str] = {}
    for candidate in candidates:
        by_local.setdefault(_local(candidate).casefold(), candidate)
    match = difflib.get_close_matches(_local(term).casefold(), list(by_local), n=1, cutoff=0.75)
    return by_local[match[0]] if match else None


def undeclared_terms(data: rdflib.Graph, ontology: rdflib.Graph, *, lang: str) -> list[Result]:
    """One result per record and undeclared term it uses (as property, class or value)."""
    vocabulary = Vocabulary.from_ontology(ontology)
    namer = Namer(data, lang)
    seen: set[tuple[str, str, str]] = set()
    out: list[Result] = []
    problems: dict[tuple[URIRef, str], tuple[Severity, Iterable[str]] | None] = {}  # terms recur
    for s, p, o in data:
        for term, position in ((p, "property"), (o, "class" if p == RDF.type else "value")):
            if not isinstance(term, URIRef):
                continue
            key = (term, position)
            if key in problems:
                problem = problems[key]
            else:
                problem = problems[key] = _problem(term, position, vocabulary)
            if problem is None:
                continue
            severity, candidates = problem
            focus_key = stable_key(data, s)
            path = str(term) if position == "property" else str(p)
            if (focus_key, path, str(term)) in seen:
                continue
            seen.add((focus_key, path, str(term)))
            suggestion = closest(str(term), candidates)
            value_text = namer.term(term)
            hint = messages.text("report.did-you-mean", lang, suggestion=namer.iri(suggestion)) if suggestion else ""
            out.append(
                Result(
                    id=result_id(focus_key, path, COMPONENT, None, value_text),
                    severity=severity,
                    focus_node=focus_key,
                    focus_label=namer.label(s),
                    path=path,
                    path_label=namer.iri(path),
                    value=value_text,
                    message=fill(default_message("UndeclaredTermConstraintComponent", lang),
                                 this=namer.label(s), path=namer.iri(path), value=value_text,
                                 param="", suggestion=hint),
                    component=COMPONENT,
                    shape=None,
                    source="terms",
                    suggestion=suggestion,
                    focus_term=s,
                    value_term=term,
                )
            )
    return out


def _problem(term: URIRef, position: str, vocabulary: Vocabulary) -> tuple[Severity, Iterable[str]] | None:
    """None when the term is known; else the severity and the terms to suggest from."""
    iri = str(term)
    if iri.startswith(str(PV)):
        if iri in vocabulary.terms:
            return None
        kind = {"property": vocabulary.properties, "class": vocabulary.classes}.get(position)
        return Severity.VIOLATION, kind or sorted(vocabulary.terms)
    for namespace in CLOSED_VOCABULARIES:
        ns = str(namespace._NS)
        if iri.startswith(ns) and len(iri) > len(ns):
            if term in namespace:
                return None
            return Severity.WARNING, [str(t) for t in dir(namespace) if isinstance(t, URIRef)]
    return None


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
