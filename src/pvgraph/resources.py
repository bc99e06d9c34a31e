"""What a linked-data page shows for one IRI: its labels, types and properties in both directions.

This is the model behind ``GET /id/…`` (LodView and Trifid show the same things): the server
turns a :class:`ResourceView` into HTML, and :func:`resource_triples` gives the RDF that machines
get at the same address. Everything is read with SPARQL from the :class:`~pvgraph.store.Store`,
so it works on the embedded store and on a remote endpoint alike. Labels are chosen in the
reader's language first (French by default), then the other language, then any.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from pvgraph.errors import InputError
from pvgraph.namespaces import PREFIXES
from pvgraph.sparql import compact
from pvgraph.store import Store, Term

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

LABEL_PROPERTIES: tuple[str, ...] = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
    "https://schema.org/name",
    "http://www.w3.org/ns/org#identifier",
)
"""Where a thing's name is found, best first."""

DESCRIPTION_PROPERTIES: tuple[str, ...] = (
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://purl.org/dc/terms/description",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)

WELL_KNOWN_LABELS: dict[str, tuple[str, str]] = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("type", "type"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("libellé", "label"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("commentaire", "comment"),
    "http://www.w3.org/2000/01/rdf-schema#subClassOf": ("sous-classe de", "subclass of"),
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf": ("sous-propriété de", "subproperty of"),
    "http://www.w3.org/2000/01/rdf-schema#domain": ("domaine", "domain"),
    "http://www.w3.org/2000/01/rdf-schema#range": ("portée", "range"),
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy": ("défini par", "defined by"),
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": ("voir aussi", "see also"),
    "http://www.w3.org/2002/07/owl#sameAs": ("identique à", "same as"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("libellé préféré", "preferred label"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("autre libellé", "alternative label"),
    "http://www.w3.org/2004/02/skos/core#definition": ("définition", "definition"),
    "http://www.w3.org/2004/02/skos/core#notation": ("notation", "notation"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("dans le schéma", "in scheme"),
    "http://www.w3.org/2004/02/skos/core#broader": ("concept plus large", "broader concept"),
    "http://www.w3.org/2004/02/skos/core#narrower": ("concept plus précis", "narrower concept"),
    "http://www.w3.org/2004/02/skos/core#topConceptOf": ("concept de tête de", "top concept of"),
    "http://purl.org/dc/terms/title": ("titre", "title"),
    "http://purl.org/dc/terms/description": ("description", "description"),
    "http://purl.org/dc/terms/source": ("source", "source"),
    "http://purl.org/dc/terms/created": ("créé le", "created"),
    "http://purl.org/dc/terms/modified": ("modifié le", "modified"),
    "http://purl.org/dc/terms/license": ("licence", "licence"),
    "http://purl.org/dc/terms/creator": ("auteur", "creator"),
    "http://xmlns.com/foaf/0.1/name": ("nom", "name"),
}
"""Names of the most common reused properties, for when the graph does not label them."""

MAX_VALUES = 500
"""Most values shown per direction; a commune's région has thousands of incoming links."""


@dataclass(frozen=True)
class TermView:
    """One RDF term as a page shows it: an IRI with its label, or a literal with its tags."""

    kind: str  # "iri", "bnode" or "literal"
    value: str  # the IRI, the blank node id, or the lexical form
    label: str | None = None  # for IRIs: the best label found in the graph
    language: str | None = None  # for literals
    datatype: str | None = None  # for literals other than plain strings, compacted (xsd:date)

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"

    @property
    def text(self) -> str:
        """What to show: the label, else the compact IRI, else the literal's lexical form."""
        if self.kind == "iri":
            return self.label or compact(ox.NamedNode(self.value))
        if self.kind == "bnode":
            return f"_:{self.value}"
        return self.value


@dataclass(frozen=True)
class PropertyGroup:
    """The values of one property, outgoing (this → value) or incoming (value → this)."""

    predicate: TermView
    values: tuple[TermView, ...]
    incoming: bool = False


@dataclass(frozen=True)
class ResourceView:
    """Everything a page says about one IRI."""

    iri: str
    label: str | None
    description: str | None
    types: tuple[TermView, ...]
    outgoing: tuple[PropertyGroup, ...]
    incoming: tuple[PropertyGroup, ...]
    graphs: tuple[str, ...] = ()
    truncated: bool = False  # more values exist than were read (MAX_VALUES per direction)
    labels: tuple[TermView, ...] = field(default_factory=tuple)  # every label, all languages
    incoming_total: int = 0  # things linking here (all of them, also when cut)

    @property
    def title(self) -> str:
        return self.label or compact(ox.NamedNode(self.iri))


def describe(store: Store, iri: str, lang: str = "fr", *, limit: int = MAX_VALUES) -> ResourceView | None:
    """The page model of ``iri``, or ``None`` when the graph says nothing with it."""
    node = _iri(iri)
    # No ORDER BY: sorting thousands of incoming links before the LIMIT costs seconds on a
    # région; the values are grouped and sorted by label below anyway.
    out = store.query(f"SELECT DISTINCT ?p ?o WHERE {{ {node} ?p ?o }} LIMIT {limit + 1}")
    inc = store.query(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {node} }} LIMIT {limit + 1}")
    if not out.rows and not inc.rows:
        used_as_predicate = store.query(f"ASK {{ ?s {node} ?o }}")
        if not used_as_predicate.boolean:
            return None
    truncated = len(out.rows) > limit or len(inc.rows) > limit
    incoming_total = len(inc.rows)
    if len(inc.rows) > limit:
        counted = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p {node} }}")
        incoming_total = int(counted.values("n")[0] or 0)
    out_rows = [(p, o) for p, o in out.rows[:limit] if p is not None and o is not None]
    inc_rows = [(p, s) for s, p in inc.rows[:limit] if p is not None and s is not None]

    to_label = {iri}
    to_label.update(t.value for p, o in out_rows for t in (p, o) if isinstance(t, ox.NamedNode))
    to_label.update(t.value for p, s in inc_rows for t in (p, s) if isinstance(t, ox.NamedNode))
    labels = fetch_labels(store, sorted(to_label), lang)

    own_labels = tuple(
        _term(o, labels) for p, o in out_rows if p.value in LABEL_PROPERTIES and isinstance(o, ox.Literal)
    )
    description = _best_literal(
        [o for p, o in out_rows if p.value in DESCRIPTION_PROPERTIES and isinstance(o, ox.Literal)], lang
    )
    types = tuple(_term(o, labels) for p, o in out_rows if p.value == RDF_TYPE)
    outgoing = _group([(p, o) for p, o in out_rows if p.value != RDF_TYPE], labels, incoming=False)
    incoming = _group(inc_rows, labels, incoming=True)
    return ResourceView(
        iri=iri,
        label=labels.get(iri),
        description=description,
        types=types,
        outgoing=outgoing,
        incoming=incoming,
        graphs=tuple(graphs_of(store, iri)),
        truncated=truncated,
        labels=own_labels,
        incoming_total=incoming_total,
    )


def resource_triples(store: Store, iri: str, *, limit: int = 10 * MAX_VALUES) -> list[ox.Triple]:
    """The RDF served at ``iri``: its statements both ways, and its blank nodes' statements.

    This is the "symmetric concise bounded description" a linked-data client expects at a slash
    IRI, cut at ``limit`` triples in each direction.
    """
    node = _iri(iri)
    result = store.query(
        f"""CONSTRUCT {{ {node} ?p ?o . ?o ?bp ?bo . ?s ?ip {node} }}
        WHERE {{
          {{ {{ SELECT DISTINCT ?p ?o WHERE {{ {node} ?p ?o }} LIMIT {limit} }}
             OPTIONAL {{ FILTER(isBlank(?o)) ?o ?bp ?bo }} }}
          UNION
          {{ SELECT DISTINCT ?s ?ip WHERE {{ ?s ?ip {node} }} LIMIT {limit} }}
        }}"""
    )
    return sorted(set(result.triples), key=str)


def graphs_of(store: Store, iri: str) -> list[str]:
    """The named graphs that hold statements about ``iri`` (to tell study from illustration)."""
    node = _iri(iri)
    result = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} ORDER BY ?g")
    return [v for v in result.values("g") if v]


def fetch_labels(store: Store, iris: Sequence[str], lang: str = "fr") -> dict[str, str]:
    """The best label of each IRI that has one (``lang`` first, then the other, then any)."""
    found: dict[str, list[tuple[int, ox.Literal]]] = {}
    # One UNION branch per property: oxigraph then looks each (thing, property) up in its index;
    # a second VALUES block for the properties made it scan instead (4 s against 0.1 s).
    branches = " UNION ".join(f"{{ ?x <{p}> ?l BIND(<{p}> AS ?p) }}" for p in LABEL_PROPERTIES)
    for start in range(0, len(iris), 200):
        chunk = iris[start:start + 200]
        values = " ".join(_iri(i) for i in chunk)
        result = store.query(f"SELECT DISTINCT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} {branches} }}")
        for x, p, label in result.rows:
            if isinstance(x, ox.NamedNode) and isinstance(p, ox.NamedNode) and isinstance(label, ox.Literal):
                found.setdefault(x.value, []).append((LABEL_PROPERTIES.index(p.value), label))
    best: dict[str, str] = {}
    for iri, candidates in found.items():
        text = _best_literal([lit for _, lit in sorted(candidates, key=lambda c: c[0])], lang)
        if text:
            best[iri] = text
    for iri in iris:
        if iri not in best and iri in WELL_KNOWN_LABELS:
            fr, en = WELL_KNOWN_LABELS[iri]
            best[iri] = fr if lang == "fr" else en
    return best


def language_rank(literal: ox.Literal, lang: str) -> int:
    """0 for the reader's language, 1 for untagged, 2 for the other project language, 3 else."""
    tag = (literal.language or "").lower().split("-")[0]
    if tag == lang:
        return 0
    if not tag:
        return 1
    if tag in ("fr", "en"):
        return 2
    return 3


def _best_literal(literals: Iterable[ox.Literal], lang: str) -> str | None:
    ranked = sorted(enumerate(literals), key=lambda item: (language_rank(item[1], lang), item[0]))
    return ranked[0][1].value if ranked else None


def _group(
    pairs: Sequence[tuple[Term, Term]], labels: dict[str, str], *, incoming: bool
) -> tuple[PropertyGroup, ...]:
    """Values grouped by property, properties ordered by their label (labels, types first)."""
    by_predicate: dict[str, list[Term]] = {}
    for predicate, value in pairs:
        by_predicate.setdefault(predicate.value, []).append(value)

    def order(predicate: str) -> tuple[int, str]:
        first = 0 if predicate in LABEL_PROPERTIES else 1 if predicate in DESCRIPTION_PROPERTIES else 2
        return first, (labels.get(predicate) or compact(ox.NamedNode(predicate))).casefold()

    groups = []
    for predicate in sorted(by_predicate, key=order):
        values = sorted(
            (_term(v, labels) for v in by_predicate[predicate]),
            key=lambda t: (t.kind != "iri", t.text.casefold(), t.language or ""),
        )
        groups.append(PropertyGroup(_term(ox.NamedNode(predicate), labels), tuple(values), incoming))
    return tuple(groups)


def _term(term: Term, labels: dict[str, str]) -> TermView:
    if isinstance(term, ox.NamedNode):
        return TermView("iri", term.value, label=labels.get(term.value))
    if isinstance(term, ox.BlankNode):
        return TermView("bnode", term.value)
    datatype = term.datatype.value
    shown = None if term.language or datatype in (XSD_STRING, RDF_LANG_STRING) else compact(term.datatype)
    return TermView("literal", term.value, language=term.language or None, datatype=shown)


def _iri(iri: str) -> str:
    """``<iri>`` for a SPARQL text, refusing what could break out of the IRI."""
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"{iri!r} is not a valid IRI: {exc}",
                         hint="give an absolute IRI without spaces, quotes or angle brackets") from None
    return f"<{node.value}>"


def prefixed(iri: str) -> str:
    """``pv:Term`` when the IRI is in a known namespace, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
