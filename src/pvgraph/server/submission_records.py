"""Accepted submissions on disk and in the store: all or nothing, and durable once acknowledged.

An accepted submission is (1) a directory ``submissions_dir/{id}/`` holding the original bytes
and ``record.json`` (who, when, SHA-256, the report), and (2) the named graph
``graph/submission/{id}`` plus its provenance in ``graph/meta``, written by one SPARQL Update.

Order of the steps, and why it is safe to crash anywhere:
1. the files are written in ``.incoming-{id}/`` and fsync'ed, then the directory is renamed to
   ``{id}/`` and the parent fsync'ed — a crash before leaves only ``.incoming-*`` debris;
2. the graph and its provenance go in with one update (atomic; on a remote store, which takes
   only so many triples per request, with several, undone together on failure, see
   :func:`store_updates`); the entailments are computed
   into the submission's scratch graph (:func:`scratch_graph`) and added to the inferred graph by
   one update; the store is flushed, and the scratch graph dropped;
3. only then is the submission acknowledged.
At start-up :func:`reconcile` deletes debris, any directory whose graph never made it into the
store (a crash between 1 and 2), and any scratch graph left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from pvgraph.errors import NotFoundError
from pvgraph.loading import from_rdflib_term
from pvgraph.namespaces import GRAPH, INFERRED_GRAPH, META_GRAPH, PV
from pvgraph.store import Store

PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Record:
    """What is kept about an accepted submission (``record.json``)."""

    id: str
    graph: str
    who: str
    when: str
    sha256: str
    files: list[dict[str, Any]]
    triples: int
    report: dict[str, Any]
    status: str = "accepted"


def new_id() -> str:
    return uuid.uuid4().hex


def graph_iri(submission_id: str) -> str:
    return str(GRAPH[f"submission/{submission_id}"])


SCRATCH_PREFIX = f"{INFERRED_GRAPH}/submission/"


def scratch_graph(submission_id: str) -> str:
    """Where a submission's entailments are computed before they join the inferred graph."""
    return f"{SCRATCH_PREFIX}{submission_id}"


def checksum(files: list[tuple[str, bytes]]) -> str:
    """SHA-256 of the submitted bytes (of the one file, or of the files in order)."""
    digest = hashlib.sha256()
    for _, data in files:
        digest.update(data)
    return digest.hexdigest()


def write_files(directory: Path, record: Record, files: list[tuple[str, bytes]]) -> Path:
    """Step 1: the original bytes and the record, durably, under ``directory/{id}``."""
    directory.mkdir(parents=True, exist_ok=True)
    incoming = directory / f".incoming-{record.id}"
    incoming.mkdir()
    try:
        for index, (name, data) in enumerate(files):
            _write_synced(incoming / f"{index:02d}-{_safe_name(name)}", data)
        _write_synced(incoming / "record.json",
                      json.dumps(asdict(record), ensure_ascii=False, indent=1).encode("utf-8"))
        _fsync_dir(incoming)
        final = directory / record.id
        os.rename(incoming, final)
        _fsync_dir(directory)
        return final
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise


def store_updates(record: Record, quads: list[ox.Quad], report: rdflib.Graph, *,
                  chunk_size: int | None = None) -> list[str]:
    """Step 2 as SPARQL Updates: the data in its graph, provenance and report in meta.

    Plain triples go in ``INSERT DATA``; triples with blank nodes (the provenance's agent and
    checksum, the SHACL report, any in the data) in ``INSERT { … } WHERE {}``, whose blank nodes
    are fresh for each request and shared within it (SPARQL 1.1 Update, 3.1.3). Blank nodes in
    ``INSERT DATA`` are allowed by SPARQL 1.1 but refused by Virtuoso 7 (``SP031``), and the
    template form means the same on every store, the embedded one included: the stored graph
    holds the blank nodes that were validated, never IRIs made up for them.

    Without ``chunk_size``: one update (one transaction on the embedded store). With it (a
    remote store's ``chunk_size``): requests of about that many triples, triples that share a
    blank node kept together — Virtuoso's SPARQL compiler refuses requests of a few thousand
    triples; a failure half-way is undone by :func:`remove_update`. The submission's
    ``dct:identifier`` in meta goes last: it says the submission is wholly in the store
    (:func:`reconcile` takes back a crash's partial writes, which lack it).
    """
    from pvgraph.remote_store import insert_requests  # pure text helpers, shared with remote loads

    meta: list[ox.Quad | ox.Triple] = [ox.Triple(s, p, o) for s, p, o in provenance(record, report)]
    marker = [t for t in meta if t.predicate == _n(DCT + "identifier")]  # last: see reconcile
    rest = [t for t in meta if t.predicate != _n(DCT + "identifier")]
    data: list[ox.Quad | ox.Triple] = list(quads)
    requests = [
        *insert_requests(record.graph, data, chunk_size or max(1, len(data))),
        *insert_requests(str(META_GRAPH), rest, chunk_size or max(1, len(rest))),
        *insert_requests(str(META_GRAPH), marker, 1),
    ]
    return requests if chunk_size is not None else [" ;\n".join(requests)]


def remove_update(record: Record) -> str:
    """The undo of :func:`store_updates`, as one SPARQL Update: the graph, and in meta the
    submission's description with the blank nodes it leads to (agent, checksum, SHACL report)."""
    return _remove_graph_update(record.graph)


def _remove_graph_update(graph: str) -> str:
    any_link = "(<urn:pvgraph:any>|!<urn:pvgraph:any>)*"  # any path, of any length
    return (f"DROP SILENT GRAPH <{graph}> ;\n"
            f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{META_GRAPH}> {{ "
            f"<{graph}> {any_link} ?s . ?s ?p ?o FILTER (?s = <{graph}> || isBlank(?s)) }} }}")


def provenance(record: Record, report: rdflib.Graph) -> list[tuple[Any, Any, Any]]:
    """PROV-O about the submission graph: who, when, the bytes' checksum, the SHACL report."""
    g = ox.NamedNode(record.graph)
    agent, check = ox.BlankNode(), ox.BlankNode()
    triples: list[tuple[Any, Any, Any]] = [
        (g, _n(RDF_TYPE), _n(PROV + "Entity")),
        (g, _n(DCT + "identifier"), ox.Literal(record.id)),
        (g, _n(PROV + "generatedAtTime"), ox.Literal(record.when, datatype=_n(XSD + "dateTime"))),
        (g, _n(PROV + "wasAttributedTo"), agent),
        (agent, _n(RDF_TYPE), _n(PROV + "Agent")),
        (agent, _n(FOAF + "name"), ox.Literal(record.who)),
        (g, _n(SPDX + "checksum"), check),
        (check, _n(RDF_TYPE), _n(SPDX + "Checksum")),
        (check, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
        (check, _n(SPDX + "checksumValue"), ox.Literal(record.sha256)),
    ]
    for file in record.files:
        triples.append((g, _n(DCT + "source"), ox.Literal(file["name"])))
    root = next(iter(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationReport"))), None)
    bnodes: dict[rdflib.BNode, ox.BlankNode] = {}

    def term(node: rdflib.term.Node) -> Any:
        if isinstance(node, rdflib.BNode):
            return bnodes.setdefault(node, ox.BlankNode())
        return from_rdflib_term(node)

    for s, p, o in report:
        triples.append((term(s), term(p), term(o)))
    if root is not None:
        triples.append((g, _n(str(PV["validationReport"])), term(root)))
    return triples


def read_record(directory: Path, submission_id: str) -> Record:
    """The record of an accepted submission, or 404."""
    path = directory / submission_id / "record.json"
    if not _ID.fullmatch(submission_id) or not path.is_file():
        raise NotFoundError(f"there is no accepted submission {submission_id!r}",
                            hint="a refused submission is not kept; check the id you were given")
    return Record(**json.loads(path.read_text(encoding="utf-8")))


def remove(directory: Path, submission_id: str) -> None:
    shutil.rmtree(directory / submission_id, ignore_errors=True)


def reconcile(directory: Path, store: Store) -> list[str]:
    """Delete what a crash left half-done: debris, directories whose submission never fully
    reached the store, and scratch graphs (whose triples, if they reached the inferred graph,
    are there already).

    A submission reached the store when its ``dct:identifier`` did: :func:`store_updates` sends
    it last, so on a remote store, where the data may take several requests, a graph without it
    is a partial write — it is taken back out, with its provenance and its files."""
    removed: list[str] = []
    graphs = set(store.graphs())
    for graph in sorted(g for g in graphs if g.startswith(SCRATCH_PREFIX)):
        store.update(f"DROP SILENT GRAPH <{graph}>")
        removed.append(graph)
    if not directory.is_dir():
        return removed
    described = _described(store)
    for entry in directory.iterdir():
        debris = entry.name.startswith(".incoming-")
        complete = graph_iri(entry.name) in graphs and graph_iri(entry.name) in described
        orphan = bool(_ID.fullmatch(entry.name)) and not complete
        if orphan and graph_iri(entry.name) in graphs:
            store.update(_remove_graph_update(graph_iri(entry.name)))
        if debris or orphan:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
    return removed


def _described(store: Store) -> set[str]:
    """The submission graphs whose provenance is in the meta graph."""
    result = store.query(
        f"SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{DCT}identifier> ?id }} "
        f"FILTER (STRSTARTS(STR(?g), \"{GRAPH}submission/\")) }}")
    return {g for g in result.values("g") if g is not None}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _safe_name(name: str) -> str:
    base = Path(name).name or "upload"
    return re.sub(r"[^\w.-]", "_", base)[:100]


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
