"""The query worker: a separate process that runs SPARQL queries on a read-only snapshot.

Why a process: pyoxigraph cannot cancel a running query and a thread cannot be killed, so the
only way to stop a runaway query *and free its CPU* is to kill the process running it. Each worker
opens a snapshot of the store that nobody writes to (:meth:`pvgraph.store.Store.snapshot`: a
RocksDB checkpoint opened read-only, or an in-memory copy loaded from an N-Quads dump), so a killed worker never damages anything and a new
one can take its place at once.

This module is imported in the worker processes: it must stay light (no FastAPI, no Jinja).
Messages are plain picklable dataclasses; errors travel as their JSON shape and are rebuilt as
:class:`pvgraph.errors.UserError` subclasses on the server side.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Literal

import pvgraph.namespaces as ns
from pvgraph.errors import Location, QueryError, UserError, error
from pvgraph.formats import rdf_format, result_format
from pvgraph.sparql import result_to_json, serialize_result
from pvgraph.sparql_text import query_form, top_limit
from pvgraph.store import NO_SNAPSHOT, QueryResult, Snapshot, Store, open_snapshot

TRUNCATED_NOTE = f"{ns.PV}truncatedResult"
UNCOUNTED = -1


@dataclass(frozen=True)
class QueryJob:
    """One query to run, with the format to write its answer in (chosen by the server)."""

    sparql: str
    result_format: str | None  # for SELECT/ASK (a ResultFormat name), None when not acceptable
    rdf_format: str | None  # for CONSTRUCT/DESCRIBE (an RdfFormat name)
    default_graphs: tuple[str, ...] | None = None  # protocol default-graph-uri (None: union)
    named_graphs: tuple[str, ...] | None = None  # protocol named-graph-uri
    max_rows: int | None = None
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint)
    # With no protocol dataset: the union of all graphs (pvgraph's own queries), or the store's
    # own default graph (/sparql with the setting union_default_graph = false).
    union_default_graph: bool = True
    # Whether the answer's rows must be counted (a page's "next" link): then pvgraph writes the
    # answer itself; when not, a SELECT/ASK that cannot exceed max_rows is written by the engine.
    count_rows: bool = False
    snapshot: Snapshot = NO_SNAPSHOT  # filled in by the pool just before sending


@dataclass(frozen=True)
class QueryAnswer:
    """The serialised answer of a query."""

    kind: Literal["select", "ask", "graph"]
    media_type: str
    body: bytes
    truncated: bool = False
    count: int = 0  # rows or triples; UNCOUNTED when the engine wrote the answer (count_rows False)


@dataclass(frozen=True)
class WorkerError:
    """A user error raised in the worker, as its JSON shape (rebuilt by :func:`rebuild_error`)."""

    payload: dict[str, Any] = field(default_factory=dict)
    status: int = 400
    bug: str | None = None  # a traceback when this is not a user error
    texts: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # its words in each language


def main(conn: Connection, server_pid: int) -> None:
    """The worker's loop: receive a job, answer it, forever (until the pipe closes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which kills us
    _watch_server(server_pid)
    opened: tuple[Snapshot, Store] | None = None
    while True:
        try:
            job: QueryJob = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if opened is None or opened[0] != job.snapshot:
                opened = (job.snapshot, open_snapshot(job.snapshot))
            reply: QueryAnswer | WorkerError = execute(opened[1], job)
        except UserError as exc:
            reply = WorkerError(exc.to_dict(), exc.http_status, texts=exc.texts)
        except Exception:
            reply = WorkerError({}, 500, bug=traceback.format_exc())
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


def _watch_server(server_pid: int, interval: float = 0.5) -> None:
    """Exit as soon as the server is gone, even in the middle of a query.

    A server killed with -9 cannot stop its workers, and the workers' parent is multiprocessing's
    fork server, not the server: so each worker watches the server itself, in a thread (pyoxigraph
    releases the GIL while it evaluates, so this thread runs even during a runaway query).
    """

    def watch() -> None:
        while True:
            time.sleep(interval)
            if not _alive(server_pid):
                os._exit(0)

    threading.Thread(target=watch, name="pvgraph-watch-server", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (dead, not yet reaped) is gone too
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True


def execute(store: Store, job: QueryJob) -> QueryAnswer:
    """Run the job's query on the snapshot and serialise its answer.

    A SELECT or ASK that its own LIMIT keeps within ``max_rows``, and whose rows nobody needs to
    count, is written by the engine in Rust, as Oxigraph's server does; anything else is
    materialised, cut at ``max_rows`` and written here.
    """
    if job.result_format is not None and not job.count_rows and _never_cut(job):
        fmt = result_format(job.result_format)
        written = store.query_written(
            job.sparql, fmt.oxigraph, default_graphs=job.default_graphs, named_graphs=job.named_graphs,
            max_rows=job.max_rows, base_iri=job.base_iri, union_default_graph=job.union_default_graph)
        if isinstance(written, tuple):
            kind, body = written
            return QueryAnswer(kind, fmt.media_type, body, False, UNCOUNTED)
        return serialise(written, job)
    result = store.query(job.sparql, default_graphs=job.default_graphs, named_graphs=job.named_graphs,
                         max_rows=job.max_rows, base_iri=job.base_iri,
                         union_default_graph=job.union_default_graph)
    return serialise(result, job)


def _never_cut(job: QueryJob) -> bool:
    """Whether the answer cannot have more rows than the cap: no cap, ASK, or a LIMIT within it."""
    if job.max_rows is None:
        return True
    try:
        if query_form(job.sparql) == "ask":
            return True
    except UserError:
        return False  # not a query: the engine's parser will say where
    limit = top_limit(job.sparql)
    return limit is not None and limit <= job.max_rows


def serialise(result: QueryResult, job: QueryJob) -> QueryAnswer:
    """Write the result in the chosen format; a cut result says so in the body where it can."""
    name = job.rdf_format if result.kind == "graph" else job.result_format
    if name is None:
        raise error(QueryError, "sparql.no-format", kind=result.kind.upper())
    fmt = rdf_format(name) if result.kind == "graph" else result_format(name)
    count = len(result) if result.kind != "ask" else 1
    if result.truncated and result.kind == "select" and fmt.name == "json":
        doc = result_to_json(result)
        head = doc["head"]
        assert isinstance(head, dict)
        head["link"] = [TRUNCATED_NOTE]
        doc["truncated"] = True
        doc["message"] = (f"résultat coupé à {job.max_rows} lignes / result cut at {job.max_rows} rows")
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    else:
        body = serialize_result(result, fmt)
        if result.truncated:
            body = _note(body, fmt.name, job.max_rows)
    return QueryAnswer(result.kind, fmt.media_type, body, result.truncated, count)


def _note(body: bytes, fmt: str, max_rows: int | None) -> bytes:
    """Say in the body that it was cut, in the formats whose syntax has room for it."""
    text = f"result cut at {max_rows} rows (résultat coupé à {max_rows} lignes)"
    if fmt in ("turtle", "ntriples", "nquads", "trig"):
        return f"# {text}\n".encode() + body
    if fmt == "xml":
        return body.replace(b"</head>", f'<link href="{TRUNCATED_NOTE}"/></head>'.encode(), 1)
    return body  # CSV, TSV, RDF/XML, JSON-LD: the X-Pvgraph-Truncated header says it


def rebuild_error(error: WorkerError) -> UserError:
    """The worker's user error as an exception of the same status and shape."""
    payload = error.payload
    loc = payload.get("location")
    exc = QueryError(
        payload.get("message", "the query failed"),
        hint=payload.get("hint"),
        location=Location(loc.get("file"), loc.get("line"), loc.get("column")) if loc else None,
        detail=payload.get("detail") or {},
        texts=error.texts,
    )
    exc.code = payload.get("error", exc.code)
    exc.http_status = error.status
    return exc
