"""The ontology's documentation, generated from the ontology graph itself (as Widoco does).

:func:`build_ontology_doc` reads the triples of the ontology graph and returns an
:class:`OntologyDoc`: the ontology's metadata, its classes (with their hierarchy), its object,
datatype and annotation properties (domain, range, inverse, characteristics) and its SKOS concept
schemes with their concept trees — each term with its labels and definitions in French and
English. Only the terms of the pvgraph namespace are documented; reused terms (org:, dct:, …)
appear as references with whatever label the graph gives them. The server renders the model in
either language; nothing here knows about HTML.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph.languages import resolve
from pvgraph.namespaces import ONTOLOGY_GRAPH, ONTOLOGY_IRI, PV
from pvgraph.sparql import compact
from pvgraph.store import Store

_RDF = str(ns.RDF)
_RDFS = str(ns.RDFS)
_OWL = str(ns.OWL)
_SKOS = str(ns.SKOS)
_DCT = str(ns.DCTERMS)

TYPE = _RDF + "type"
LABELS = (_SKOS + "prefLabel", _RDFS + "label", _DCT + "title")
DEFINITIONS = (_SKOS + "definition", _RDFS + "comment", _DCT + "description")

KINDS: dict[str, str] = {
    _OWL + "Class": "class",
    _RDFS + "Class": "class",
    _OWL + "ObjectProperty": "object-property",
    _OWL + "DatatypeProperty": "datatype-property",
    _OWL + "AnnotationProperty": "annotation-property",
    _RDF + "Property": "object-property",
    _SKOS + "ConceptScheme": "concept-scheme",
    _SKOS + "Concept": "concept",
}
"""rdf:type → the section a term is documented in (the first match in this order wins)."""

# A property characteristic's word is an entry of the one catalogue (pvgraph.messages).
CHARACTERISTICS: dict[str, str] = {
    _OWL + "TransitiveProperty": "page.ontology.transitive",
    _OWL + "SymmetricProperty": "page.ontology.symmetric",
    _OWL + "FunctionalProperty": "page.ontology.functional",
    _OWL + "InverseFunctionalProperty": "page.ontology.inverse-functional",
    _OWL + "AsymmetricProperty": "page.ontology.asymmetric",
    _OWL + "IrreflexiveProperty": "page.ontology.irreflexive",
    _OWL + "ReflexiveProperty": "page.ontology.reflexive",
}


@dataclass(frozen=True)
class Text:
    """A text in French and English; either may be missing."""

    fr: str | None = None
    en: str | None = None
    other: str | None = None  # untagged or in another language

    def get(self, lang: str) -> str | None:
        """The text in ``lang``, else in the other language, else any."""
        first, second = (self.fr, self.en) if resolve(lang) == "fr" else (self.en, self.fr)
        return first or second or self.other

    def has(self, lang: str) -> bool:
        return bool(self.fr if resolve(lang) == "fr" else self.en)


@dataclass(frozen=True)
class TermRef:
    """A link from one documented term to another (ours or reused)."""

    iri: str
    label: Text
    anchor: str | None  # the fragment of a pv: term documented on the page, else None

    @property
    def curie(self) -> str:
        return compact(ox.NamedNode(self.iri))

    def text(self, lang: str) -> str:
        return self.label.get(lang) or self.curie


@dataclass(frozen=True)
class TermDoc:
    """One documented term of the pvgraph namespace."""

    iri: str
    anchor: str
    kind: str
    label: Text
    definition: Text
    parents: tuple[TermRef, ...] = ()  # rdfs:subClassOf / subPropertyOf / skos:broader
    children: tuple[TermRef, ...] = ()
    domain: tuple[TermRef, ...] = ()
    range: tuple[TermRef, ...] = ()
    inverse: tuple[TermRef, ...] = ()
    equivalents: tuple[TermRef, ...] = ()
    schemes: tuple[TermRef, ...] = ()  # for concepts: skos:inScheme
    characteristics: tuple[str, ...] = ()  # keys of the catalogue
    notation: str | None = None

    @property
    def curie(self) -> str:
        return f"pv:{self.anchor}"


@dataclass(frozen=True)
class ConceptNode:
    """A concept of a scheme with its narrower concepts, for the scheme's tree."""

    concept: TermRef
    narrower: tuple[ConceptNode, ...] = ()


@dataclass(frozen=True)
class SchemeDoc:
    """A concept scheme and the tree of its concepts."""

    term: TermDoc
    tree: tuple[ConceptNode, ...]


@dataclass(frozen=True)
class OntologyDoc:
    """The whole documentation page's model."""

    iri: str
    namespace: str
    title: Text
    description: Text
    version: str | None
    license: str | None
    modified: str | None
    classes: tuple[TermDoc, ...]
    class_tree: tuple[ConceptNode, ...]
    object_properties: tuple[TermDoc, ...]
    datatype_properties: tuple[TermDoc, ...]
    annotation_properties: tuple[TermDoc, ...]
    schemes: tuple[SchemeDoc, ...]
    concepts: tuple[TermDoc, ...]
    triples: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def sections(self) -> tuple[tuple[str, str, tuple[TermDoc, ...]], ...]:
        """(id, the catalogue's key of its title, terms) of each list of terms, in page order."""
        return (
            ("classes", "page.ontology.section-classes", self.classes),
            ("object-properties", "page.ontology.section-object-properties", self.object_properties),
            ("datatype-properties", "page.ontology.section-datatype-properties", self.datatype_properties),
            ("annotation-properties", "page.ontology.section-annotation-properties", self.annotation_properties),
            ("concepts", "page.ontology.section-concepts", self.concepts),
        )

    def terms(self) -> tuple[TermDoc, ...]:
        """Every documented term, schemes included."""
        return (*self.classes, *self.object_properties, *self.datatype_properties,
                *self.annotation_properties, *(s.term for s in self.schemes), *self.concepts)


class _Index:
    """The ontology's triples indexed both ways, with term-level lookups."""

    def __init__(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        self.out: dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]] = defaultdict(
            lambda: defaultdict(list))
        self.inc: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.count = 0
        self.documented: set[str] = set()  # the terms that get an entry (and an anchor)
        for t in triples:
            self.count += 1
            if isinstance(t.subject, ox.NamedNode) and not isinstance(t.object, ox.Triple):
                self.out[t.subject.value][t.predicate.value].append(t.object)
            if isinstance(t.object, ox.NamedNode) and isinstance(t.subject, ox.NamedNode):
                self.inc[t.object.value][t.predicate.value].append(t.subject.value)

    def iris(self, subject: str, predicate: str) -> list[str]:
        return sorted({o.value for o in self.out.get(subject, {}).get(predicate, [])
                       if isinstance(o, ox.NamedNode)})

    def literals(self, subject: str, predicates: tuple[str, ...]) -> list[ox.Literal]:
        found = []
        for p in predicates:
            found += [o for o in self.out.get(subject, {}).get(p, []) if isinstance(o, ox.Literal)]
        return found

    def text(self, subject: str, predicates: tuple[str, ...]) -> Text:
        """The first French, English and other literal over ``predicates`` (in their order)."""
        fr = en = other = None
        for lit in self.literals(subject, predicates):
            tag = (lit.language or "").lower().split("-")[0]
            if tag == "fr" and fr is None:
                fr = lit.value
            elif tag == "en" and en is None:
                en = lit.value
            elif tag not in ("fr", "en") and other is None:
                other = lit.value
        return Text(fr, en, other)

    def ref(self, iri: str) -> TermRef:
        anchor = _anchor(iri) if iri in self.documented else None
        return TermRef(iri, self.text(iri, LABELS), anchor)

    def refs(self, iris: Iterable[str]) -> tuple[TermRef, ...]:
        refs = [self.ref(i) for i in iris]
        return tuple(sorted(refs, key=lambda r: (r.anchor is None, (r.label.fr or r.curie).casefold())))


def build_ontology_doc(triples: Iterable[ox.Triple | ox.Quad], namespace: str = str(PV),
                       ontology_iri: str = ONTOLOGY_IRI) -> OntologyDoc:
    """The documentation model of the ontology made of ``triples``."""
    index = _Index(triples)
    kinds: dict[str, str] = {}
    for subject, props in index.out.items():
        if not subject.startswith(namespace) or subject == namespace:
            continue
        types = {o.value for o in props.get(TYPE, []) if isinstance(o, ox.NamedNode)}
        for type_iri, kind in KINDS.items():
            if type_iri in types:
                kinds[subject] = kind
                break
        else:
            # concepts are often typed by a subclass of skos:Concept (pv:DigitalTerritoryLabel):
            # membership of a scheme is what makes them concepts here
            if _SKOS + "inScheme" in props or _SKOS + "topConceptOf" in props:
                kinds[subject] = "concept"
    index.documented = set(kinds)

    def doc(iri: str) -> TermDoc:
        kind = kinds[iri]
        out = index.out[iri]
        if kind == "class":
            parents = index.iris(iri, _RDFS + "subClassOf")
            children = index.inc.get(iri, {}).get(_RDFS + "subClassOf", [])
        elif kind == "concept":
            parents = index.iris(iri, _SKOS + "broader")
            children = sorted(set(index.inc.get(iri, {}).get(_SKOS + "broader", []))
                              | set(index.iris(iri, _SKOS + "narrower")))
        elif kind == "concept-scheme":
            parents, children = [], []
        else:
            parents = index.iris(iri, _RDFS + "subPropertyOf")
            children = index.inc.get(iri, {}).get(_RDFS + "subPropertyOf", [])
        inverse = set(index.iris(iri, _OWL + "inverseOf")) | set(
            index.inc.get(iri, {}).get(_OWL + "inverseOf", []))
        types = {o.value for o in out.get(TYPE, []) if isinstance(o, ox.NamedNode)}
        notation = index.literals(iri, (_SKOS + "notation",))
        return TermDoc(
            iri=iri,
            anchor=_anchor(iri),
            kind=kind,
            label=index.text(iri, LABELS),
            definition=index.text(iri, DEFINITIONS),
            parents=index.refs(parents),
            children=index.refs(sorted(set(children))),
            domain=index.refs(index.iris(iri, _RDFS + "domain")),
            range=index.refs(index.iris(iri, _RDFS + "range")),
            inverse=index.refs(sorted(inverse - {iri})),
            equivalents=index.refs(index.iris(iri, _OWL + "equivalentClass")
                                   + index.iris(iri, _OWL + "equivalentProperty")),
            schemes=index.refs(set(index.iris(iri, _SKOS + "inScheme"))
                               | set(index.iris(iri, _SKOS + "topConceptOf"))),
            characteristics=tuple(CHARACTERISTICS[t] for t in CHARACTERISTICS if t in types),
            notation=notation[0].value if notation else None,
        )

    docs = {iri: doc(iri) for iri in kinds}

    def by_label(kind: str) -> tuple[TermDoc, ...]:
        chosen = [d for d in docs.values() if d.kind == kind]
        return tuple(sorted(chosen, key=lambda d: (d.label.fr or d.label.en or d.anchor).casefold()))

    schemes = tuple(SchemeDoc(d, _scheme_tree(d, docs, index)) for d in by_label("concept-scheme"))
    classes = by_label("class")
    meta = ontology_iri
    license_iris = index.iris(meta, _DCT + "license")
    modified = index.literals(meta, (_DCT + "modified",))
    version = index.literals(meta, (_OWL + "versionInfo",))
    return OntologyDoc(
        iri=ontology_iri,
        namespace=namespace,
        title=index.text(meta, (_DCT + "title", _RDFS + "label")),
        description=index.text(meta, (_DCT + "description", _RDFS + "comment")),
        version=version[0].value if version else None,
        license=license_iris[0] if license_iris else None,
        modified=modified[0].value if modified else None,
        classes=classes,
        class_tree=_class_tree(classes, docs, index),
        object_properties=by_label("object-property"),
        datatype_properties=by_label("datatype-property"),
        annotation_properties=by_label("annotation-property"),
        schemes=schemes,
        concepts=by_label("concept"),
        triples=index.count,
    )


def ontology_doc(store: Store) -> OntologyDoc:
    """The documentation of the ontology graph the store holds."""
    return build_ontology_doc(store.quads(str(ONTOLOGY_GRAPH)))


def _anchor(iri: str) -> str:
    """The fragment a term gets on the page: its local name (pv:Territory → Territory)."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _tree(roots: Iterable[str], children_of: dict[str, list[str]], index: _Index,
          seen: frozenset[str] = frozenset()) -> tuple[ConceptNode, ...]:
    nodes = []
    for iri in roots:
        if iri in seen:  # a cycle in broader/subClassOf: stop rather than recurse forever
            continue
        below = _tree(children_of.get(iri, []), children_of, index, seen | {iri})
        nodes.append(ConceptNode(index.ref(iri), below))
    return tuple(sorted(nodes, key=lambda n: _order_key(index, n.concept)))


def _order_key(index: _Index, ref: TermRef) -> tuple[int, float, str]:
    """Concepts in the order of their ``skos:notation`` when they have one (1, 2, 10…), else by
    label: the four action types read in the order their authors gave them."""
    notation = index.literals(ref.iri, (_SKOS + "notation",))
    label = (ref.label.fr or ref.curie).casefold()
    if notation:
        try:
            return 0, float(notation[0].value), label
        except ValueError:
            return 1, 0.0, notation[0].value.casefold() + label
    return 2, 0.0, label


def _class_tree(classes: tuple[TermDoc, ...], docs: dict[str, TermDoc],
                index: _Index) -> tuple[ConceptNode, ...]:
    """The hierarchy of our classes; a class whose parents are all reused terms is a root."""
    ours = {c.iri for c in classes}
    children_of = {c.iri: [ch.iri for ch in c.children if ch.iri in ours] for c in classes}
    roots = [c.iri for c in classes if not any(p.iri in ours for p in c.parents)]
    return _tree(roots, children_of, index)


def _scheme_tree(scheme: TermDoc, docs: dict[str, TermDoc], index: _Index) -> tuple[ConceptNode, ...]:
    """A scheme's concepts as a tree: top concepts (or those without a broader one) first."""
    members = {d.iri for d in docs.values() if d.kind == "concept" and scheme.iri in {s.iri for s in d.schemes}}
    members |= set(index.iris(scheme.iri, _SKOS + "hasTopConcept"))
    members &= set(docs)
    children_of = {iri: [c.iri for c in docs[iri].children if c.iri in members] for iri in members}
    tops = set(index.iris(scheme.iri, _SKOS + "hasTopConcept"))
    tops |= {iri for iri in members if not any(p.iri in members for p in docs[iri].parents)}
    return _tree(sorted(tops & members), children_of, index)
