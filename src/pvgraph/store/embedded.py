"""The embedded store: pyoxigraph, on disk (RocksDB) or in memory.

It keeps pvgraph's version token itself, outside the RDF data (a file in the RocksDB directory,
an attribute in memory, replaced before and after every write), makes the query workers' snapshots (a RocksDB checkpoint: hard links, milliseconds; or an N-Quads
dump) and swaps a whole build in by renaming directories (:meth:`EmbeddedStore.replace_contents`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from pvgraph.errors import Location, QueryError, StoreError, error, operation_word
from pvgraph.loading import Document, parse_with
from pvgraph.store.interface import (
    META,
    VERSION_PREDICATE,
    QueryKind,
    QueryResult,
    Snapshot,
    Store,
    Term,
)
from pvgraph.store.mirror import Change, Mirror, copy_graphs, repeatable_update, touched_graphs

# On disk, a transactional extend of the 500 000-triple referential takes twice as long as
# bulk_extend; callers parse and check everything before writing, so a large batch takes the
# bulk path and small ones (submissions) keep the transaction.
BULK_THRESHOLD = 50_000
# The version token lives in this file inside the RocksDB directory, outside the RDF data: a
# triple would show in every query's default graph (COUNT(*) over an emptied store answered 1).
# RocksDB leaves files it did not write alone; the swap moves the token with the data.
VERSION_FILE = "pvgraph-version"
# An update that starts by emptying the whole store ends in a state that does not depend on what
# the store held: on a large store it runs on an empty in-memory one, swapped in afterwards, where
# pyoxigraph's transactional CLEAR ALL in a multi-operation update took 49 s over a million quads.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.I)
_EMPTIES_ALL = re.compile(r"(?:CLEAR|DROP)\s+(?:SILENT\s+)?ALL\b", re.I)

SnapshotForm = Literal["cheapest", "checkpoint", "dump"]


class EmbeddedStore(Store):
    """pyoxigraph, on disk (RocksDB) or in memory (``path`` None)."""

    makes_snapshots = True

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path else None
        self.read_only = read_only
        try:
            if self.path is None:
                engine = ox.Store()
            elif read_only:
                engine = ox.Store.read_only(str(self.path))
            else:
                _recover_swap(self.path)
                self.path.mkdir(parents=True, exist_ok=True)
                engine = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:  # pyoxigraph raises RuntimeError on a damaged store
            raise error(StoreError, "store.cannot-open", path=self.path, reason=exc) from None
        self._engine: ox.Store | None = engine
        self._version = "empty"  # in memory; on disk, VERSION_FILE
        # Writes hold it from their first change to the copy's replay (see pvgraph.store.mirror).
        self.write_lock = threading.RLock()
        self._mirror: Mirror | None = None
        if self.path is not None and not read_only:
            self._adopt_version()

    @classmethod
    def wrapping(cls, engine: ox.Store, *, read_only: bool = True) -> EmbeddedStore:
        """An EmbeddedStore over an already-open pyoxigraph store."""
        self = cls.__new__(cls)
        self.path = None
        self.read_only = read_only
        self._engine = engine
        self._version = "snapshot"
        self.write_lock = threading.RLock()
        self._mirror = None
        return self

    @property
    def _db(self) -> ox.Store:
        if self._engine is None:
            raise RuntimeError(f"bug: the store at {self.path} is closed and was used again")
        return self._engine

    def __len__(self) -> int:
        return len(self._db)

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
        """Run a query with the SPARQL 1.1 Protocol's dataset rules.

        With neither list, the default graph is the union of all graphs (pvgraph's promise), or
        the store's own default graph with ``union_default_graph=False``; given lists replace the
        query's own FROM/FROM NAMED, and with only one of the two the other part of the dataset
        is empty (Protocol, section 2.1.4).
        """
        kwargs = _dataset(default_graphs, named_graphs, base_iri, union_default_graph)
        with _query_errors():  # the evaluation is lazy: its errors come while the rows are read
            raw = self._db.query(sparql, **kwargs)  # type: ignore[arg-type]
            return result_from_oxigraph(raw, max_rows=max_rows)

    def query_written(
        self,
        sparql: str,
        written_as: ox.QueryResultsFormat,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
        base_iri: str | None = None,
        union_default_graph: bool = True,
    ) -> tuple[QueryKind, bytes] | QueryResult:
        """pyoxigraph writes SELECT and ASK answers itself, as its server does: no Python object
        per term (a fifth to a half of a small question's time, more for a page of 1 000 rows)."""
        kwargs = _dataset(default_graphs, named_graphs, base_iri, union_default_graph)
        with _query_errors():
            raw = self._db.query(sparql, **kwargs)  # type: ignore[arg-type]
            if isinstance(raw, ox.QuerySolutions | ox.QueryBoolean):
                body = raw.serialize(format=written_as)
                assert body is not None  # no output file given: the bytes are returned
                return ("select" if isinstance(raw, ox.QuerySolutions) else "ask"), body
            return result_from_oxigraph(raw, max_rows=max_rows)

    def graphs(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        solutions = self._db.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            graph, count = solution["g"], solution["n"]
            if graph is not None and count is not None:
                counts[graph.value] = int(count.value)
        for node in self._db.named_graphs():
            if isinstance(node, ox.NamedNode):
                counts.setdefault(node.value, 0)
        return counts

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self._db.quads_for_pattern(None, None, None, g)

    def ntriples(self, graph: str) -> bytes:
        return self._db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""

    def version(self) -> str:
        if self.path is not None and self.read_only:  # the writer is another process: read again
            try:
                return (self.path / VERSION_FILE).read_text(encoding="ascii").strip() or "empty"
            except OSError:
                return self._legacy_version() or "empty"
        return self._version

    # -- writing ---------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        with self.write_lock:
            self._update(sparql)
            if self._mirror is not None:
                self._mirrored(self._update_change(sparql))

    def _update_change(self, sparql: str) -> Change | None:
        """How the copy follows an update that was just run: run again there when that gives
        the same data; else the graphs it wrote copied from here when they can be told from its
        text; else (None) the copy is loaded again. A whole store emptied is loaded again (cheap
        then) rather than cleared quad by quad."""
        if _EMPTIES_ALL.match(sparql, _PROLOGUE.match(sparql).end()) is not None:  # type: ignore[union-attr]
            return None
        if repeatable_update(sparql):
            return _run_update(sparql)
        graphs = touched_graphs(sparql)
        return None if graphs is None else copy_graphs(self._db, [ox.NamedNode(g) for g in sorted(graphs)])

    def _update(self, sparql: str) -> None:
        prologue = _PROLOGUE.match(sparql)  # always matches (possibly nothing)
        start = prologue.end() if prologue else 0
        empties_all = _EMPTIES_ALL.match(sparql, start) is not None \
            and self._holds_at_least(BULK_THRESHOLD)  # a small store empties fast enough in place
        target = ox.Store() if empties_all else self._db
        try:
            target.update(sparql)
        except SyntaxError as exc:
            raise query_syntax_error(exc, kind="update") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise error(QueryError, "store.update-failed", reason=exc) from None
        self._bump()
        if empties_all:
            self._replace_contents(EmbeddedStore.wrapping(target))
        self._bump()

    def _holds_at_least(self, count: int) -> bool:
        quads = self._db.quads_for_pattern(None, None, None, None)
        return next(islice(quads, count - 1, None), None) is not None

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        node = ox.NamedNode(graph)
        batch = _in_graph(quads, node)
        with self.write_lock:
            self._bump()
            if self._db.contains_named_graph(node):
                self._db.remove_graph(node)
            self._db.add_graph(node)
            self._write(batch)
            self._bump()
            self._mirrored(lambda engine: _replace_in(engine, node, batch))
        return batch.size

    def add_to_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        node = ox.NamedNode(graph)
        batch = _in_graph(quads, node)
        with self.write_lock:
            self._bump()
            self._db.add_graph(node)
            self._write(batch)
            self._bump()
            self._mirrored(lambda engine: _add_in(engine, node, batch))
        return batch.size

    def load_document(self, graph: str, document: Document) -> None:
        """Parsed by pyoxigraph straight into the store (see :func:`pvgraph.loading.parse_with`):
        a document that is wrong halfway leaves its first triples, so the build uses this only
        on its staging store, which it throws away on error."""
        if document.format.datasets:
            super().load_document(graph, document)
            return
        node = ox.NamedNode(graph)
        with self.write_lock:
            self._bump()
            self._db.add_graph(node)
            parse_with(document, lambda doc, base: self._db.load(doc.data, doc.format.oxigraph, base_iri=base,
                                                                 to_graph=node))
            self._bump()
            self._mirrored(copy_graphs(self._db, [node]) if self._mirror is not None else None)

    def drop_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        with self.write_lock:
            if self._db.contains_named_graph(node):
                self._bump()
                self._db.remove_graph(node)
                self._bump()
                self._mirrored(lambda engine: _drop_in(engine, node))

    def _write(self, batch: _InGraph) -> None:
        if self.path is not None and batch.size > BULK_THRESHOLD:
            self._db.bulk_extend(batch)
        else:
            self._db.extend(batch)

    def _mirrored(self, change: Change | None) -> None:
        """Tell the in-memory copy, if there is one, what the write just done was (None: not
        repeatable, the copy loads again)."""
        if self._mirror is not None:
            self._mirror.after_write(change, self._version)

    def mirror(self) -> Mirror | None:
        """The in-memory copy of a writable store on disk (made and loaded on the first call,
        in the background); None for a store in memory or read-only."""
        if self.path is None or self.read_only:
            return None
        with self.write_lock:
            if self._mirror is None:
                self._mirror = Mirror(self)
                self._mirror.load()
            return self._mirror

    def _bump(self) -> None:
        """A new version token. Writes call it before and after they change anything, so that a
        crash in between still leaves a token that no cache has seen."""
        if self.read_only:
            return
        self._version = uuid.uuid4().hex
        if self.path is not None:
            fresh = self.path / f".{VERSION_FILE}.tmp"
            fresh.write_text(self._version, encoding="ascii")
            os.replace(fresh, self.path / VERSION_FILE)

    def _adopt_version(self) -> None:
        """Read the token of a store on disk; one kept as a triple in graph meta by earlier
        versions of pvgraph moves out of the data, into the file."""
        assert self.path is not None
        try:
            self._version = (self.path / VERSION_FILE).read_text(encoding="ascii").strip()
        except OSError:
            self._version = ""
        legacy = self._legacy_version()
        if legacy is not None:
            for quad in list(self._db.quads_for_pattern(META, VERSION_PREDICATE, None, META)):
                self._db.remove(quad)
            if next(self._db.quads_for_pattern(None, None, None, META), None) is None:
                self._db.remove_graph(META)  # it held nothing else
            self._version = self._version or legacy
            if not (self.path / VERSION_FILE).exists():
                (self.path / VERSION_FILE).write_text(self._version, encoding="ascii")
        if not self._version:
            self._bump()

    def _legacy_version(self) -> str | None:
        for quad in self._db.quads_for_pattern(META, VERSION_PREDICATE, None, META):
            if isinstance(quad.object, ox.Literal):
                return quad.object.value
        return None

    # -- build, snapshots, durability ------------------------------------------------------------

    def staging_store(self) -> Store:
        """A writable store on disk is built in memory first: the reasoner's many small updates
        are an order of magnitude slower against RocksDB, and the store on disk is then touched
        once, by :meth:`replace_contents`."""
        if self.path is not None and not self.read_only:
            return EmbeddedStore(None)
        return self

    def replace_contents(self, source: Store) -> int:
        """Make this store hold exactly ``source``'s quads; return how many.

        The in-memory copy, if any, is loaded again afterwards (a build swaps everything).
        """
        with self.write_lock:
            count = self._replace_contents(source)
            if source is not self:
                self._mirrored(None)
            return count

    def _replace_contents(self, source: Store) -> int:
        """:meth:`replace_contents` without telling the copy.

        On disk, the quads are bulk-written into a new directory beside this one, which then
        takes its place: emptying RocksDB of a million quads costs about a minute (61 s measured
        for the national graph) where the bulk loader writes them into a fresh directory in about
        15 s, and a failure while writing leaves the old store as it was.
        """
        if source is self:
            return len(self._db)
        if self.read_only:
            raise RuntimeError(f"bug: a build was given the read-only store at {self.path}")
        if self.path is None:
            self._db.clear()
            self._db.extend(source.quads())
            self._bump()
            return len(self._db)
        path = self.path
        fresh = path.with_name(f".{path.name}.new-{uuid.uuid4().hex[:8]}")
        retired = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:8]}")
        try:
            written = ox.Store(str(fresh))
            written.bulk_extend(source.quads())
            written.flush()
            count = len(written)
            del written  # closes the new database before its directory moves
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            raise error(StoreError, "store.cannot-write-new", path=path, reason=exc) from None
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        self._engine = None  # RocksDB holds a lock on the directory until the handle is dropped
        self._swap(path, fresh, retired)
        return count

    def _swap(self, path: Path, fresh: Path, retired: Path) -> None:
        """Put ``fresh`` in place of ``path``, keeping the old store at ``retired`` until done.

        Whatever fails, the old data is never lost: back in place and reopened, or — when even
        putting it back fails — left at ``retired`` with ``path`` absent, which is exactly what
        :func:`_recover_swap` undoes at the next open (nothing is opened at ``path`` then: an
        empty store there would hide the old one from the recovery).
        """
        try:
            path.rename(retired)
        except OSError as exc:
            self._engine = ox.Store(str(path))  # nothing moved
            shutil.rmtree(fresh, ignore_errors=True)
            raise error(StoreError, "store.cannot-retire", path=path, reason=exc) from None
        try:
            fresh.rename(path)
        except OSError as exc:
            try:
                retired.rename(path)
            except OSError as again:
                raise error(StoreError, "store.cannot-swap-nor-restore", path=path, reason=exc, again=again, retired=retired) from None
            self._engine = ox.Store(str(path))
            shutil.rmtree(fresh, ignore_errors=True)
            raise error(StoreError, "store.cannot-swap", path=path, reason=exc) from None
        self._engine = ox.Store(str(path))
        shutil.rmtree(retired, ignore_errors=True)
        self._bump()  # the new directory has no token yet

    def snapshot(self, directory: Path, *, form: SnapshotForm = "cheapest") -> Snapshot | None:
        """A frozen copy under ``directory``: a RocksDB checkpoint of a store on disk (hard
        links, a few milliseconds) or an N-Quads dump (``form="dump"``, or a store in memory).
        ``form="checkpoint"`` asks for a checkpoint only (None in memory).

        The version is read *before* copying: a write racing with the copy then only makes the
        snapshot newer than its label, and the next look at the version sees a new one anyway.
        """
        version = self.version()
        target = directory / uuid.uuid4().hex[:12]
        if form != "dump" and self.path is not None:
            self._db.backup(str(target))
            return Snapshot(version, str(target), "rocksdb")
        if form == "checkpoint":
            return None
        target = target.with_suffix(".nq")
        self._db.dump(str(target), ox.RdfFormat.N_QUADS)
        return Snapshot(version, str(target), "nquads")

    def scratch_directory(self, purpose: str) -> Path:
        """Beside the store on disk (same file system: checkpoints are hard links).

        Named after the store, which RocksDB lets only one process open for writing, so what is
        left in it (a server killed with -9) is stale and deleted here.
        """
        if self.path is None:
            return super().scratch_directory(purpose)
        path = self.path.resolve()
        directory = path.parent / f".{path.name}.{purpose}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        return directory

    def flush(self) -> None:
        """Make every write durable now (RocksDB flushes lazily)."""
        if self.path is not None and not self.read_only and self._engine is not None:
            self._engine.flush()

    def close(self) -> None:
        """Flush and drop the engine: RocksDB's lock on the directory goes with it."""
        if self._mirror is not None:
            self._mirror.close()
            self._mirror = None
        self.flush()
        self._engine = None


def open_snapshot(snapshot: Snapshot) -> EmbeddedStore:
    """Open a :class:`Snapshot` (in another process): a checkpoint read-only, a dump in memory."""
    if snapshot.kind == "rocksdb":
        return EmbeddedStore(snapshot.path, read_only=True)
    engine = ox.Store()
    engine.bulk_load(path=snapshot.path, format=ox.RdfFormat.N_QUADS)
    return EmbeddedStore.wrapping(engine)


def _recover_swap(path: Path) -> None:
    """Finish what a :meth:`EmbeddedStore.replace_contents` interrupted between its two renames
    (the old store moved aside, the new one not yet in place): put the old store back rather
    than open an empty one. Only when the store is missing: a directory being written by a
    build that holds the store open must not be touched."""
    if path.exists():
        return
    retired = sorted(path.parent.glob(f".{path.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if not retired:
        return
    retired.pop().rename(path)
    for stale in [*retired, *path.parent.glob(f".{path.name}.new-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def result_from_oxigraph(raw: object, *, max_rows: int | None = None) -> QueryResult:
    """Materialise pyoxigraph's lazy results (SELECT, ASK or triples), cut at ``max_rows``."""
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows: list[tuple[Term | None, ...]] = []
        truncated = False
        for solution in raw:
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(solution[v] for v in variables))
        return QueryResult(kind="select", variables=variables, rows=rows, truncated=truncated)
    if isinstance(raw, ox.QueryTriples):
        triples: list[ox.Triple] = []
        truncated = False
        for triple in raw:
            if max_rows is not None and len(triples) >= max_rows:
                truncated = True
                break
            triples.append(triple)
        return QueryResult(kind="graph", triples=triples, truncated=truncated)
    raise TypeError(f"unexpected query result {type(raw)!r}")


def query_syntax_error(exc: SyntaxError, *, kind: str = "query") -> QueryError:
    """pyoxigraph's SyntaxError as a QueryError with line and column."""
    text = str(exc)
    line, column = exc.lineno, exc.offset
    match = re.search(r"line (\d+) column (\d+)", text) or re.search(r"at (\d+):(\d+)", text)
    if match and line is None:
        line, column = int(match.group(1)), int(match.group(2))
    return error(QueryError, "sparql.syntax", kind=operation_word(kind), detail=text, location=Location("query", line, column))


@contextlib.contextmanager
def _query_errors() -> Iterator[None]:
    """pyoxigraph's errors while a query is read or run, as QueryErrors (the syntax with its place)."""
    try:
        yield
    except SyntaxError as exc:
        raise query_syntax_error(exc) from None
    except (ValueError, OSError, RuntimeError) as exc:
        raise error(QueryError, "store.query-failed", reason=exc) from None


def _dataset(default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None,
             base_iri: str | None, union_default_graph: bool) -> dict[str, object]:
    """pyoxigraph's arguments for the SPARQL 1.1 Protocol's dataset rules (see ``query``)."""
    kwargs: dict[str, object] = {"base_iri": base_iri}
    if default_graphs is None and named_graphs is None:
        kwargs["use_default_graph_as_union"] = union_default_graph
    else:
        kwargs["default_graph"] = [_graph_node(g) for g in default_graphs or ()]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
    return kwargs


def _run_update(sparql: str) -> Change:
    return lambda engine: engine.update(sparql)


def _replace_in(engine: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
    if engine.contains_named_graph(graph):
        engine.remove_graph(graph)
    _add_in(engine, graph, quads)


def _add_in(engine: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
    engine.add_graph(graph)
    engine.extend(quads)


def _drop_in(engine: ox.Store, graph: ox.NamedNode) -> None:
    if engine.contains_named_graph(graph):
        engine.remove_graph(graph)


def _graph_node(graph: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph in ("", "default") else ox.NamedNode(graph)


class _InGraph:
    """The quads to write, moved into ``graph``.

    Why not a list: a build hands over millions of parsed quads (ten million at the benchmarks'
    size XL), and a second list of them, moved into their graph, doubled the build's peak memory.
    A sequence is already all read, so its quads are moved one by one while they are written;
    anything else (an iterator, which may read this very store) is read whole first, before the
    write removes what it reads.
    """

    def __init__(self, quads: Iterable[ox.Quad | ox.Triple], graph: ox.NamedNode) -> None:
        self.graph = graph
        self.quads: Sequence[ox.Quad | ox.Triple] = quads if isinstance(quads, Sequence) else list(quads)
        self.size = len(self.quads)

    def __iter__(self) -> Iterator[ox.Quad]:
        graph = self.graph
        return (ox.Quad(q.subject, q.predicate, q.object, graph) for q in self.quads)


def _in_graph(quads: Iterable[ox.Quad | ox.Triple], graph: ox.NamedNode) -> _InGraph:
    return _InGraph(quads, graph)
