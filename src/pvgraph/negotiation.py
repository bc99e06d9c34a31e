"""Choosing the format of an answer: ``?format=`` first, then ``Accept`` with its q-values.

Clients that cannot set headers (SPARQLWrapper sends ``format=json``, ``format=xml``…) name the
format in the URL; the same short name means the result format for SELECT/ASK and the matching
RDF format for CONSTRUCT/DESCRIBE (``xml`` → RDF/XML, ``json`` → JSON-LD), as SPARQLWrapper
expects. Nothing that fits gives 406, with the list of what is offered.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pvgraph.errors import NotAcceptableError, error
from pvgraph.formats import RDF_FORMATS, RESULT_FORMATS, negotiate, parse_accept

# Short names clients put in ?format= / ?output=, per query kind.
_RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_RDF_NAMES = {
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle", "ntriples": "ntriples", "nt": "ntriples",
    "n-triples": "ntriples", "xml": "rdfxml", "rdf": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml",
    "json": "jsonld", "jsonld": "jsonld", "json-ld": "jsonld", "trig": "trig", "nquads": "nquads",
    "nq": "nquads", "n-quads": "nquads",
}


@dataclass(frozen=True)
class Choice:
    """The format names for a query's answer (one of them is ``None`` when it cannot apply)."""

    result_format: str | None
    rdf_format: str | None


def result_offers() -> dict[str, str]:
    """Media type (and aliases) → result format name, preferred first (JSON)."""
    offers = {f.media_type: f.name for f in RESULT_FORMATS}
    for f in RESULT_FORMATS:
        for alias in f.aliases:
            offers.setdefault(alias, f.name)
    return offers


def rdf_offers() -> dict[str, str]:
    """Media type (and aliases) → RDF format name, preferred first (Turtle)."""
    offers = {f.media_type: f.name for f in RDF_FORMATS}
    for f in RDF_FORMATS:
        for alias in f.aliases:
            offers.setdefault(alias, f.name)
    offers.setdefault("application/json", "jsonld")
    return offers


def choose(form: str, accept: str | None, format_param: str | None) -> Choice:
    """The answer's format for a query of this form ('select', 'ask', 'construct', 'describe').

    Remembered for the last Accept headers seen (clients send the same few again and again, and
    reading one with its q-values costs more than answering from the cache); a 406 is not.
    """
    if len(accept or "") + len(format_param or "") <= 1024:
        return _choose(form, accept, format_param)
    return _choose.__wrapped__(form, accept, format_param)


@functools.lru_cache(maxsize=256)
def _choose(form: str, accept: str | None, format_param: str | None) -> Choice:
    graph = form in ("construct", "describe")
    if format_param:
        name = _from_param(format_param, graph)
        return Choice(None, name) if graph else Choice(name, None)
    offers = rdf_offers() if graph else result_offers()
    media = negotiate(accept, list(offers))
    return Choice(None, offers[media]) if graph else Choice(offers[media], None)


def choose_rdf(accept: str | None, format_param: str | None) -> str:
    """An RDF format name (service description, Graph Store GET)."""
    if format_param:
        return _from_param(format_param, True)
    offers = rdf_offers()
    return offers[negotiate(accept, list(offers))]


def prefers_html(accept: str | None) -> bool:
    """True when the client's first choice is a web page (a browser)."""
    ranges = parse_accept(accept)
    return bool(accept) and ranges[0][0] in ("text/html", "application/xhtml+xml") and ranges[0][1] > 0


def _from_param(value: str, graph: str | bool) -> str:
    key = value.strip().lower()
    names = _RDF_NAMES if graph else _RESULT_NAMES
    if key in names:
        return names[key]
    offers = rdf_offers() if graph else result_offers()
    media = key.split(";")[0].strip()
    if media in offers:
        return offers[media]
    raise error(NotAcceptableError, "format.not-for-form", value=value, names=", ".join(sorted(set(names))), extra={"available": sorted(set(names))})
