"""A :class:`~pvgraph.store.Store` over any SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, QLever,
an Oxigraph server), so pvgraph runs unchanged when one machine is not enough. What one engine
does its own way is in its :class:`~pvgraph.store.dialects.Dialect`, not here.

Queries go by the SPARQL 1.1 Protocol through SPARQLWrapper; answers come back as SPARQL JSON
(SELECT/ASK) or Turtle (CONSTRUCT/DESCRIBE) and are turned into pyoxigraph terms, so a
:class:`~pvgraph.store.QueryResult` looks the same whatever the engine. Writes are SPARQL 1.1
Updates sent in chunks (``INSERT DATA``; triples that share blank nodes travel together in one
``INSERT {…} WHERE {}``, see :func:`pvgraph.sparql_text.insert_requests`), or Graph Store POSTs.
SPARQLWrapper's, httpx's and urllib's exceptions are translated here, once, into :mod:`pvgraph.errors`.

Limits, said once: a remote write is not atomic across chunks (a failure half-way leaves the
graph partly written; the error says so and rebuilding fixes it); the default graph of a query
is the union of the graphs only where the dialect can ask for it or the store is set up so
(Virtuoso: always, its system graphs included; Fuseki: ``unionDefaultGraph``; Oxigraph: asked per
request, see docs/remote-stores.md); :meth:`RemoteStore.graphs` only lists pvgraph's graphs
(``https://w3id.org/pvgraph/graph/…``), so a store's own system graphs stay out of sight.
"""

from __future__ import annotations

import ast
import hashlib
import json
import time
import urllib.error
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

import pvgraph.namespaces as ns
from pvgraph.errors import (
    ConfigError,
    QueryError,
    QueryTimeoutError,
    StoreError,
    error,
    operation_word,
)
from pvgraph.namespaces import GRAPH
from pvgraph.sparql_text import chunks as split_chunks
from pvgraph.sparql_text import insert_requests, ntriples, query_form, with_base
from pvgraph.store.dialects import GENERIC, Dialect, detect, dialect
from pvgraph.store.interface import META, VERSION_GRAPH, VERSION_PREDICATE, QueryResult, Store, Term

if TYPE_CHECKING:
    from pvgraph.settings import Settings

XSD_BOOLEAN = f"{ns.XSD}boolean"
DEFAULT_GSP_CHUNK = 50000  # triples per Graph Store POST (~7 MB)
DEFAULT_PAGE = 10000  # rows per page when reading a graph back (Virtuoso's default row cap)
# Reasoning (pvgraph.reasoning): a round whose updates read more triples than this is split into
# partitions of its bindings, so that no single update outgrows the store's per-request limits
# (Virtuoso: MaxQueryExecutionTime; any store: the HTTP timeout). See docs/remote-stores.md.
DEFAULT_PARTITION_THRESHOLD = 50000
DEFAULT_VERSION_TTL = 1.0  # seconds a version read from the store is trusted (RemoteStore.version)


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint used as pvgraph's store."""

    shared_across_processes = True  # only URLs and credentials: a child process can use it too

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: str = "digest",
        timeout: float = 30.0,
        engine: str | Dialect = "auto",
        chunk_size: int | None = None,
        page_size: int = DEFAULT_PAGE,
        graph_store_url: str | None = None,
        gsp_chunk_size: int = DEFAULT_GSP_CHUNK,
        partition_threshold: int | None = DEFAULT_PARTITION_THRESHOLD,
        version_ttl: float = DEFAULT_VERSION_TTL,
    ) -> None:
        if auth not in ("basic", "digest"):
            raise error(ConfigError, "store.unknown-auth", auth=auth)
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.user, self.password, self.auth = user, password, auth
        self.timeout = timeout
        # The engine's quirks: named, or recognised at the first request that needs them.
        self._dialect: Dialect | None = engine if isinstance(engine, Dialect) else (
            None if engine == "auto" else dialect(engine))
        self._chunk_size = chunk_size  # None: the dialect's
        self.page_size = page_size
        self.graph_store_url = graph_store_url
        self.gsp_chunk_size = gsp_chunk_size
        self.partition_threshold = partition_threshold  # read by pvgraph.reasoning; None: never split
        self.version_ttl = version_ttl
        self._version: tuple[str, float] | None = None  # (value, when read), see version()

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        return cls(
            settings.store,
            update_url=settings.store_update_url,
            user=settings.store_user,
            password=settings.store_password,
            auth=settings.store_auth,
            timeout=settings.query_timeout,
            engine=settings.store_engine,
            graph_store_url=settings.store_graph_store_url,
            version_ttl=settings.store_version_ttl,
            partition_threshold=settings.store_partition_threshold or None,
        )

    @property
    def dialect(self) -> Dialect:
        """The engine's quirks (asked of the endpoint once when the engine is ``auto``)."""
        if self._dialect is None:
            found = detect(self.query_url, timeout=min(self.timeout, 10.0))
            if found is None:
                return GENERIC  # not answering: the request itself will say so; ask again later
            self._dialect = found
        return self._dialect

    @property
    def chunk_size(self) -> int:  # the engine's, unless given
        return self._chunk_size or self.dialect.chunk_size

    # -- reading ---------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
        base_iri: str | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        form = query_form(sparql)
        if form == "update":
            raise error(QueryError, "sparql.update-not-query")
        if base_iri is not None:
            sparql = with_base(sparql, base_iri)[0]
        wrapper = self._wrapper(self.query_url)
        wrapper.setQuery(sparql)
        # SPARQLWrapper guesses the form with its own regular expressions, comments included: a
        # question whose header comment says "co-creation" went out as an update (update=…),
        # which Oxigraph rightly refused. The one tokenizer's answer is the form sent.
        wrapper.queryType = form.upper()
        for graph in default_graphs or ():
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs or ():
            wrapper.addNamedGraph(graph)
        if default_graphs is None and named_graphs is None and union_default_graph:
            for name, value in self.dialect.union_parameters.items():
                wrapper.addParameter(name, value)
        if form in ("construct", "describe"):
            wrapper.setReturnFormat(TURTLE)
            body = self._send(wrapper, self.query_url, "query")
            return _graph_result(body, self.query_url, max_rows)
        wrapper.setReturnFormat(JSON)
        body = self._send(wrapper, self.query_url, "query")
        return results_from_json(body, self.query_url, max_rows=max_rows)

    def graphs(self) -> dict[str, int]:
        result = self.query(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(STRSTARTS(STR(?g), \"{GRAPH}\")) }} GROUP BY ?g"
        )
        return {g.value: int(n.value) for g, n in result.rows if g is not None and n is not None}

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        for name in [graph] if graph else sorted(self.graphs()):
            node = ox.NamedNode(name)
            offset = 0
            while True:
                page = self.query(
                    f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }} "
                    f"ORDER BY ?s ?p ?o LIMIT {self.page_size} OFFSET {offset}"
                )
                for s, p, o in page.rows:
                    yield ox.Quad(s, p, o, node)  # type: ignore[arg-type]
                if len(page.rows) < self.page_size:
                    break
                offset += self.page_size

    def version(self) -> str:
        """The version token, re-read at most every ``version_ttl`` seconds.

        Why remembered: the server asks for it several times per request (answer cache, ETag),
        and each time was a round trip to the store (about 2.5 ms on a local Virtuoso, more than
        the question itself). Writes made through this object forget it at once; a write by
        another process is seen within ``version_ttl`` seconds (0: always re-read).
        """
        now = time.monotonic()
        if self._version is not None and now - self._version[1] < self.version_ttl:
            return self._version[0]
        result = self.query(
            f"SELECT ?v WHERE {{ GRAPH {VERSION_GRAPH} {{ {VERSION_GRAPH} {VERSION_PREDICATE} ?v }} }} LIMIT 1"
        )
        values = result.values("v")
        value = (values[0] or "empty") if values else "empty"
        self._version = (value, now)
        return value

    # -- writing ---------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        self._update(f"{sparql.rstrip().rstrip(';')}\n;\n{_bump_update()}")

    def update_all(self, requests: Sequence[str]) -> None:
        """One request each (the chunks were made for this store's limit), the version once."""
        for request in requests:
            self._update(request)
        self._update(_bump_update())

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        batch = list(quads)
        self._update(f"DROP SILENT GRAPH <{graph}>")
        return self._insert(graph, batch)

    def add_to_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        return self._insert(graph, list(quads))

    def drop_graph(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH <{graph}>\n;\n{_bump_update()}")

    def _insert(self, graph: str, batch: list[ox.Quad | ox.Triple]) -> int:
        parts = split_chunks(batch, self.gsp_chunk_size if self.graph_store_url else self.chunk_size)
        for number, chunk in enumerate(parts, start=1):
            try:
                if self.graph_store_url:
                    self._post_graph(graph, chunk)
                else:
                    self._update(insert_requests(graph, chunk, None)[0])
            except StoreError as exc:
                exc.message += (f" (request {number} of {len(parts)}: graph <{graph}> is now "
                                "partly written)")
                exc.hint = "fix the cause, then rebuild: `pvgraph build --store URL` rewrites every graph"
                raise
        self._update(_bump_update())
        return len(batch)

    # -- HTTP ------------------------------------------------------------------------------

    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url)
        wrapper.setMethod(POST)
        wrapper.setTimeout(max(1, round(self.timeout)))
        return wrapper

    def _update(self, text: str) -> None:
        self._version = None
        wrapper = self._wrapper(self.update_url)
        if self.user is not None:
            wrapper.setHTTPAuth(DIGEST if self.auth == "digest" else BASIC)
            wrapper.setCredentials(self.user, self.password or "")
        wrapper.setQuery(text)
        wrapper.queryType = "INSERT"  # an update, whatever SPARQLWrapper would guess (see query())
        self._send(wrapper, self.update_url, "update")

    def _post_graph(self, graph: str, chunk: list[ox.Quad | ox.Triple]) -> None:
        """Add triples to a graph by the Graph Store Protocol (POST ?graph=…)."""
        self._version = None
        url = self.graph_store_url or ""
        auth: httpx.Auth | None = None
        if self.user is not None:
            auth = (httpx.DigestAuth(self.user, self.password or "") if self.auth == "digest"
                    else httpx.BasicAuth(self.user, self.password or ""))
        try:
            response = httpx.post(url, params={"graph": graph}, content=ntriples(chunk), auth=auth,
                                  headers={"Content-Type": "text/turtle; charset=utf-8"},
                                  timeout=max(self.timeout, 120.0))
        except httpx.TimeoutException:
            raise error(QueryTimeoutError, "store.gsp-timeout", url=url) from None
        except httpx.HTTPError as exc:
            raise error(StoreError, "store.gsp-unreachable", url=url, reason=exc) from None
        if response.status_code in (401, 403):
            raise error(StoreError, "store.gsp-credentials", url=url, status=response.status_code)
        if response.status_code >= 300:
            raise error(StoreError, "store.gsp-failed", url=url, status=response.status_code, said=" ".join(response.text.split())[:300], engine_hint=self.dialect.graph_store_hint)

    def _send(self, wrapper: SPARQLWrapper, url: str, kind: str) -> bytes:
        """Run the request; every failure becomes a pvgraph error naming the endpoint."""
        engine = self.dialect
        try:
            response: Any = wrapper.query().response
            if engine.is_partial(response.headers):
                # A partial answer is not an answer (a COUNT then has no row at all).
                response.close()
                raise error(QueryTimeoutError, "store.partial", url=url, kind=operation_word(kind))
            return bytes(response.read())
        except QueryBadFormed as exc:
            raise error(QueryError, "store.refused", url=url, kind=operation_word(kind), said=_said(exc)) from None
        except Unauthorized:
            raise error(StoreError, "store.credentials", url=url, kind=operation_word(kind)) from None
        except EndPointNotFound:
            raise error(StoreError, "store.no-endpoint", url=url, engine_hint=engine.query_hint) from None
        except EndPointInternalError as exc:
            said = _said(exc)
            if engine.timed_out(said):  # e.g. Virtuoso rolled back an update past its limit
                raise error(QueryTimeoutError, "store.time-limit", url=url, kind=operation_word(kind), said=said) from None
            if kind == "update":
                raise error(StoreError, "store.update-failed-500", url=url, said=said,
                            engine_hint=engine.update_hint) from None
            raise error(StoreError, "store.query-failed-500", url=url, said=said) from None
        except urllib.error.HTTPError as exc:
            if exc.code == 403:
                raise error(StoreError, "store.forbidden", url=url, kind=operation_word(kind), engine_hint=engine.update_hint) from None
            raise error(StoreError, "store.http-status", url=url, status=exc.code, kind=operation_word(kind)) from None
        except TimeoutError:
            raise error(QueryTimeoutError, "store.timeout", url=url, kind=operation_word(kind), seconds=f"{self.timeout:.0f}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise error(QueryTimeoutError, "store.timeout", url=url, kind=operation_word(kind), seconds=f"{self.timeout:.0f}") from None
            raise error(StoreError, "store.unreachable", url=url, reason=exc.reason) from None
        except (SPARQLWrapperException, OSError) as exc:
            raise error(StoreError, "store.failed", url=url, kind=operation_word(kind), reason=exc) from None


# -- helpers (pure functions, tested on their own) -------------------------------------------------


def _said(exc: SPARQLWrapperException) -> str:
    """The endpoint's own message, short."""
    # SPARQLWrapper keeps the response only inside its message, as the repr of the bytes.
    _, _, tail = str(exc).partition("Response:\n")
    try:
        raw = ast.literal_eval(tail) if tail else b""
    except (ValueError, SyntaxError):
        raw = tail.encode()
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:500] or exc.msg


def _bump_update() -> str:
    """The update that gives the store a new version (one triple in VERSION_GRAPH; a token left
    in graph meta by earlier versions of pvgraph goes)."""
    token = VERSION_GRAPH
    return (
        f"DELETE {{ GRAPH {META} {{ {META} {VERSION_PREDICATE} ?v }} }} "
        f"WHERE {{ GRAPH {META} {{ {META} {VERSION_PREDICATE} ?v }} }} ;\n"
        f"DELETE {{ GRAPH {token} {{ {token} {VERSION_PREDICATE} ?v }} }} "
        f"WHERE {{ GRAPH {token} {{ {token} {VERSION_PREDICATE} ?v }} }} ;\n"
        f"INSERT DATA {{ GRAPH {token} {{ {token} {VERSION_PREDICATE} \"{uuid.uuid4().hex}\" }} }}"
    )


def term_from_json(binding: dict[str, str]) -> Term:
    """One SPARQL JSON term as a pyoxigraph term, tolerant of what real stores send.

    Virtuoso sends ``typed-literal`` (SPARQL 2008 JSON), blank nodes named ``nodeID://b1`` (not a
    valid blank node label: hashed into one) and booleans as ``1``/``0`` (canonicalised).
    """
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        label = value if value.replace("_", "").replace("-", "").isalnum() else \
            "b" + hashlib.sha1(value.encode()).hexdigest()[:16]
        return ox.BlankNode(label)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype == XSD_BOOLEAN and value in ("1", "0"):
        value = "true" if value == "1" else "false"
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def results_from_json(body: bytes, url: str, *, max_rows: int | None = None) -> QueryResult:
    """A SPARQL JSON results document as a :class:`QueryResult`."""
    try:
        document = json.loads(body)
        if "boolean" in document:
            return QueryResult(kind="ask", boolean=bool(document["boolean"]))
        variables = list(document["head"].get("vars", []))
        bindings = document["results"]["bindings"]
        truncated = max_rows is not None and len(bindings) > max_rows
        rows = [
            tuple(term_from_json(b[v]) if v in b else None for v in variables)
            for b in (bindings[:max_rows] if truncated else bindings)
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise error(StoreError, "store.not-json", url=url, reason=exc) from None
    return QueryResult(kind="select", variables=variables, rows=rows, truncated=truncated)


def _graph_result(body: bytes, url: str, max_rows: int | None) -> QueryResult:
    try:
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        raise error(StoreError, "store.not-turtle", url=url, reason=exc) from None
    truncated = max_rows is not None and len(triples) > max_rows
    return QueryResult(kind="graph", triples=triples[:max_rows] if truncated else triples, truncated=truncated)
