"""Accepted submissions on disk and in the store: all or nothing, and durable once acknowledged.

An accepted submission is (1) a directory ``submissions_dir/{id}/`` holding the original bytes
and ``record.json`` (who, when, SHA-256, the report), and (2) the named graph
``graph/submission/{id}`` plus its provenance in ``graph/meta``, written by one SPARQL Update.

Order of the steps, and why it is safe to crash anywhere:
1. the files are written in ``.incoming-{id}/`` and fsync'ed, then the directory is renamed to
   ``{id}/`` and the parent fsync'ed — a crash before leaves only ``.incoming-*`` debris;
2. the graph and its provenance go in with one update (atomic); the entailments are computed
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


def store_update(record: Record, quads: list[ox.Quad], report: rdflib.Graph) -> str:
    """Step 2 as one SPARQL Update: the data in its graph, provenance and report in meta."""
    graph = record.graph
    data = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    meta = "\n".join(f"{s} {p} {o} ." for s, p, o in provenance(record, report))
    return (f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}\n}}\n"
            f"GRAPH <{META_GRAPH}> {{\n{meta}\n}} }}")


def remove_update(record: Record) -> str:
    """The undo of :func:`store_update`, as one SPARQL Update: the graph, and in meta the
    submission's description with the blank nodes it leads to (agent, checksum, SHACL report)."""
    any_link = "(<urn:pvgraph:any>|!<urn:pvgraph:any>)*"  # any path, of any length
    return (f"DROP SILENT GRAPH <{record.graph}> ;\n"
            f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{META_GRAPH}> {{ "
            f"<{record.graph}> {any_link} ?s . ?s ?p ?o FILTER (?s = <{record.graph}> || isBlank(?s)) }} }}")


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
    """Delete what a crash left half-done: debris, directories without their graph, and scratch
    graphs (whose triples, if they reached the inferred graph, are there already)."""
    removed: list[str] = []
    graphs = set(store.graphs())
    for graph in sorted(g for g in graphs if g.startswith(SCRATCH_PREFIX)):
        store.update(f"DROP SILENT GRAPH <{graph}>")
        removed.append(graph)
    if not directory.is_dir():
        return removed
    for entry in directory.iterdir():
        debris = entry.name.startswith(".incoming-")
        orphan = bool(_ID.fullmatch(entry.name)) and graph_iri(entry.name) not in graphs
        if debris or orphan:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
    return removed


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
