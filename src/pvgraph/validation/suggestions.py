"""A suggested fix, built from the value the steward wrote, in the syntax they wrote it in.

Stewards copy the fix a report gives them; an example with another value ("write
``"2021"^^xsd:gYear``" for a steward who wrote ``"2023"``) makes them copy the wrong year. So the
fix is made from the value received: the same year with the right datatype, the same number
without its spaces, the same code as a text, the concept whose name the steward typed. When the
fix is only a guess (an INSEE code whose leading zero a spreadsheet dropped: ``1053`` → ``"01053"``)
it is given as a question.

:func:`write_fix` writes a field and value as the steward's syntax spells them: Turtle/TriG,
N-Triples/N-Quads, JSON-LD, RDF/XML; ``cell`` is the hook for spreadsheets (the value as typed in a
cell): the spreadsheet reader can name a cell's syntax ``cell`` in :class:`.sources.Sources`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

import rdflib
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from pvgraph.namespaces import PREFIXES, PV, SH

INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long}
# What "looks French" means, here and in shapes/recommended.ttl (pvs:Label-frenchTaggedEnglish).
FRENCH = re.compile(r"[àâçéèêëîïôûùüÿœæ]|(^| )(le|la|les|de|des|du|en|aux|et|pour|avec|une|dans|sur|par)( |$)"
                    r"|(^| )[ld]['’][a-z]", re.I)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


@dataclass(frozen=True)
class Fix:
    """A value to write instead of the one received; ``guess``: ask, do not assert."""

    term: rdflib.term.Node
    guess: bool = False


def suggest(value: rdflib.term.Node | None, *, path: rdflib.term.Node | None, shapes: rdflib.Graph,
            shape: rdflib.term.Node | None, component: str, ontology: rdflib.Graph | None) -> Fix | None:
    """The value the steward meant, when it can be read from the value they wrote."""
    if value is None or shape is None:
        return None
    if component == "DatatypeConstraintComponent":
        datatype = shapes.value(shape, SH.datatype)
        return _retyped(value, datatype, path) if isinstance(datatype, URIRef) else None
    if component == "OrConstraintComponent":
        datatypes = [shapes.value(member, SH.datatype) for member in _members(shapes, shape)]
        for datatype in datatypes:
            if isinstance(datatype, URIRef) and (fix := _retyped(value, datatype, path)) is not None:
                return fix
        return None
    if component == "NodeKindConstraintComponent" and shapes.value(shape, SH.nodeKind) == SH.IRI:
        return _concept_named(value, ontology) if isinstance(value, Literal) else None
    return None


def _members(shapes: rdflib.Graph, shape: rdflib.term.Node) -> list[rdflib.term.Node]:
    head = shapes.value(shape, SH["or"])
    out: list[rdflib.term.Node] = []
    while head is not None and head != RDF.nil:
        first = shapes.value(head, RDF.first)
        if first is not None:
            out.append(first)
        head = shapes.value(head, RDF.rest)
    return out


def _retyped(value: rdflib.term.Node, datatype: URIRef, path: rdflib.term.Node | None) -> Fix | None:
    if not isinstance(value, Literal):
        return None
    lexical = str(value).strip()
    if datatype == XSD.gYear:
        return Fix(Literal(lexical, datatype=XSD.gYear)) if re.fullmatch(r"[0-9]{4}", lexical) else None
    if datatype in INTEGER_TYPES:
        digits = _SPACES.sub("", lexical)
        if (re.fullmatch(r"[0-9]+", digits) and digits != lexical) or (
                re.fullmatch(r"[0-9]+", digits) and value.datatype not in INTEGER_TYPES):
            return Fix(Literal(int(digits)))
        return None
    if datatype == XSD.string:
        if path == PV.inseeCode and re.fullmatch(r"[0-9]{4}", lexical):
            return Fix(Literal("0" + lexical), guess=True)  # a spreadsheet dropped the leading zero
        if value.datatype is not None or value.language:
            return Fix(Literal(lexical))
        return None
    if datatype == RDF.langString and value.language is None and FRENCH.search(lexical):
        return Fix(Literal(lexical, lang="fr"), guess=True)
    return None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in text if not unicodedata.combining(c)))


def _concept_named(value: Literal, ontology: rdflib.Graph | None) -> Fix | None:
    """The ontology term whose local name or label the steward typed as text ("PoliticalValue",
    "pv:PoliticalValue", "valeur politique")."""
    if ontology is None:
        return None
    wanted = _fold(str(value).split(":")[-1].split("#")[-1])
    if not wanted:
        return None
    for subject in sorted(set(ontology.subjects()), key=str):
        if not isinstance(subject, URIRef) or not str(subject).startswith(str(PV)):
            continue
        names = [str(subject)[len(str(PV)):]] + [str(x) for x in ontology.objects(subject, SKOS.prefLabel)]
        if any(_fold(name) == wanted for name in names):
            return Fix(subject)
    return None


def write_fix(path: rdflib.term.Node | None, fix: Fix, syntax: str) -> str:
    """The field and value, written as a steward using ``syntax`` would write them."""
    term = fix.term
    if syntax == "cell":
        return str(term) if not isinstance(term, URIRef) else _prefixed(str(term))
    if syntax in ("ntriples", "nquads"):
        return f"<{path}> {term.n3()}" if path is not None else term.n3()
    if syntax == "jsonld":
        key = json.dumps(str(path)) if path is not None else None
        if isinstance(term, URIRef):
            body = json.dumps({"@id": str(term)}, ensure_ascii=False)
        elif isinstance(term, Literal) and term.language:
            body = json.dumps({"@value": str(term), "@language": term.language}, ensure_ascii=False)
        elif isinstance(term, Literal) and term.datatype in INTEGER_TYPES:
            body = str(term)
        elif isinstance(term, Literal) and term.datatype is not None and term.datatype != XSD.string:
            body = json.dumps({"@value": str(term), "@type": str(term.datatype)}, ensure_ascii=False)
        else:
            body = json.dumps(str(term), ensure_ascii=False)
        return f"{key}: {body}" if key else body
    if syntax == "rdfxml":
        element = _prefixed(str(path)) if path is not None else "rdf:value"
        if isinstance(term, URIRef):
            return f'<{element} rdf:resource="{term}"/>'
        text = str(term).replace("&", "&amp;").replace("<", "&lt;")
        if isinstance(term, Literal) and term.language:
            return f'<{element} xml:lang="{term.language}">{text}</{element}>'
        if isinstance(term, Literal) and term.datatype is not None and term.datatype != XSD.string:
            return f'<{element} rdf:datatype="{term.datatype}">{text}</{element}>'
        return f"<{element}>{text}</{element}>"
    # Turtle and TriG
    written = _turtle(term)
    return f"{_prefixed(str(path))} {written}" if path is not None else written


def _turtle(term: rdflib.term.Node) -> str:
    if isinstance(term, URIRef):
        return _prefixed(str(term))
    if isinstance(term, Literal):
        if term.datatype in INTEGER_TYPES and re.fullmatch(r"[0-9]+", str(term)):
            return str(term)
        lexical = str(term).replace("\\", "\\\\").replace('"', '\\"')
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{lexical}"^^{_prefixed(str(term.datatype))}'
        return f'"{lexical}"'
    return term.n3()


def _prefixed(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w.-]*", local or "-"):
            return f"{prefix}:{local}"
    return f"<{iri}>"
