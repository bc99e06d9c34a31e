"""Which triples the reasoner is about: the instance (ABox) triples in the ontology's vocabulary.

pvgraph materialises what the data says in the vocabularies it describes (pvgraph's own terms and
the ones it reuses: ORG, SKOS, PROV, DCT, igeo…), never statements in RDF, RDFS or OWL's own
vocabulary (``x a rdfs:Resource``, ``x owl:sameAs x``, ``p a owl:ObjectProperty``): owlrl derives
thousands of those, they answer no researcher's question, and they would swamp the store.
The same definition filters owlrl's output in the oracle tests, so both sides agree on the scope.
"""

from __future__ import annotations

import re

import pvgraph.namespaces as ns

RDF_NS = str(ns.RDF)
RDFS_NS = str(ns.RDFS)
OWL_NS = str(ns.OWL)
XSD_NS = str(ns.XSD)
BUILTIN_NAMESPACES = (RDF_NS, RDFS_NS, OWL_NS, XSD_NS)

RDF_TYPE = RDF_NS + "type"

# Characters that may not appear inside <…> in SPARQL: an IRI holding one is never spliced.
_UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def is_builtin(iri: str) -> bool:
    """True for a term of RDF, RDFS, OWL or XSD themselves."""
    return iri.startswith(BUILTIN_NAMESPACES)


def is_vocabulary_term(iri: str) -> bool:
    """A named class or property the rules may be about: an IRI, not a built-in, safe in SPARQL."""
    return bool(iri) and not is_builtin(iri) and not _UNSAFE_IRI.search(iri)


def sparql_iri(iri: str) -> str:
    """``<iri>``, refusing what could break out of the brackets (rules are generated text)."""
    if _UNSAFE_IRI.search(iri):
        raise ValueError(f"IRI not safe to splice into SPARQL: {iri!r}")
    return f"<{iri}>"
