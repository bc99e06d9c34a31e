"""What each SPARQL engine does its own way, in one object per engine.

:class:`~pvgraph.store.remote.RemoteStore` speaks the SPARQL 1.1 Protocol to every engine; a
:class:`Dialect` holds what differs: how many triples one update request may carry, how the engine
says it stopped at its time limit, what to add to a query so that its default graph is the union of
the named graphs, how to recognise the engine, and the addresses to suggest when a URL is wrong.
Adding a store is adding one entry to :data:`DIALECTS` (docs/conventions.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Dialect:
    """One engine's quirks. The defaults are plain SPARQL 1.1, for an engine pvgraph does not know."""

    name: str
    label: str
    #: Triples per SPARQL Update request (each a request of its own; see sparql_text.insert_requests).
    chunk_size: int = 1000
    #: Recognised by a response header: (header name, lower-case text it contains; "" = present).
    signature: tuple[str, str] | None = None
    #: Query parameters that make a query's default graph the union of the named graphs, sent
    #: when the request names no dataset (pvgraph's promise: queries see every graph).
    union_parameters: dict[str, str] = field(default_factory=dict)
    #: Response header (name, value) by which the engine sends a partial answer as a success.
    partial_answer: tuple[str, str] | None = None
    #: Texts in an error message by which the engine says it stopped at its time limit.
    timeout_marks: tuple[str, ...] = ()
    #: Where the engine's endpoints usually are (for hints).
    query_hint: str = "the store's SPARQL query endpoint"
    update_hint: str = "the store's SPARQL Update endpoint"
    graph_store_hint: str = "the store's Graph Store Protocol endpoint"

    def is_partial(self, headers: Any) -> bool:
        """Whether a 200 answer is really the engine's time limit cutting the work short."""
        if self.partial_answer is None:
            return False
        name, value = self.partial_answer
        return str(headers.get(name, "")) == value

    def timed_out(self, message: str) -> bool:
        """Whether an error message is the engine's time limit."""
        return any(mark in message for mark in self.timeout_marks)

    def recognises(self, headers: Any) -> bool:
        if self.signature is None:
            return False
        name, text = self.signature
        value = headers.get(name)
        return value is not None and text in str(value).lower()


VIRTUOSO = Dialect(
    name="virtuoso",
    label="OpenLink Virtuoso 7",
    # Its SPARQL compiler runs out of stack near 5 000 triples in one request.
    chunk_size=1000,
    signature=("Server", "virtuoso"),
    # Its default graph is already the union of every graph (its own system graphs included).
    # Its "anytime" answer: stopped at MaxQueryExecutionTime (or ?timeout= in the URL), sent
    # as 200 with the rows found so far and this header; an update past it is rolled back (SR171).
    partial_answer=("X-SQL-State", "S1TAT"),
    timeout_marks=("SR171",),
    query_hint="Virtuoso: http://HOST:8890/sparql",
    update_hint="Virtuoso: http://HOST:8890/sparql-auth, with store_user, store_password and "
                "store_auth=digest",
    graph_store_hint="Virtuoso: http://HOST:8890/sparql-graph-crud-auth",
)

# Not run on this project's machines (no Fuseki can be installed there: see docs/remote-stores.md);
# what is here follows Fuseki's documentation and source, and stays minimal for that reason.
FUSEKI = Dialect(
    name="fuseki",
    label="Apache Jena Fuseki",
    chunk_size=10000,
    # Fuseki marks every response with its request number.
    signature=("Fuseki-Request-Id", ""),
    # The default graph must be configured as the union (tdb2:unionDefaultGraph true).
    query_hint="Fuseki: http://HOST:3030/DATASET/query (or /DATASET/sparql)",
    update_hint="Fuseki: http://HOST:3030/DATASET/update, with --update or a configuration that allows it",
    graph_store_hint="Fuseki: http://HOST:3030/DATASET/data",
)

OXIGRAPH = Dialect(
    name="oxigraph",
    label="Oxigraph server",
    chunk_size=10000,
    signature=("Server", "oxigraph"),
    # `oxigraph serve` without --union-default-graph has a plain default graph; this protocol
    # parameter asks for the union per request, so pvgraph works with either start-up flag.
    union_parameters={"union-default-graph": ""},
    query_hint="Oxigraph: http://HOST:7878/query",
    update_hint="Oxigraph: http://HOST:7878/update (no authentication of its own: keep it on loopback "
                "or behind a proxy)",
    graph_store_hint="Oxigraph: http://HOST:7878/store",
)

GENERIC = Dialect(name="generic", label="a SPARQL 1.1 store")

DIALECTS: dict[str, Dialect] = {d.name: d for d in (VIRTUOSO, FUSEKI, OXIGRAPH, GENERIC)}
ENGINE_CHOICES = ("auto", *DIALECTS)


def dialect(name: str) -> Dialect:
    """The dialect of an engine name (``auto`` is resolved by :func:`detect`)."""
    from pvgraph.errors import ConfigError, error

    if name not in DIALECTS:
        raise error(ConfigError, "store.unknown-engine", name=name, choices=", ".join(ENGINE_CHOICES))
    return DIALECTS[name]


def detect(query_url: str, *, timeout: float = 10.0) -> Dialect | None:
    """The engine behind an endpoint, from the headers of its answer to ``ASK {}``; GENERIC when
    no dialect recognises it; None when the endpoint does not answer (try again later)."""
    try:
        response = httpx.get(query_url, params={"query": "ASK {}"}, timeout=timeout,
                             headers={"Accept": "application/sparql-results+json"})
    except httpx.HTTPError:
        return None
    for candidate in DIALECTS.values():
        if candidate.recognises(response.headers):
            return candidate
    return GENERIC
