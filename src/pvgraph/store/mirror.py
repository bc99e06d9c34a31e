"""An in-memory copy of an embedded store on disk, kept in step with its writes.

Why: the same query runs two to six times faster on pyoxigraph's in-memory storage than on
RocksDB (bench/RESULTS.md, "Peers"), and Oxigraph's own server reads RocksDB. The server answers
the queries it has seen to be cheap from this copy, in its own process
(:mod:`pvgraph.query_lane`); everything else still goes to the killable workers over RocksDB
checkpoints.

How it stays exact: every write of :class:`~pvgraph.store.embedded.EmbeddedStore` tells the mirror
what it did once it is done (:meth:`Mirror.after_write`), under the store's write lock. A graph
written with explicit quads is written the same way here; a SPARQL Update is run again here when
its outcome depends only on the data (no fresh blank node, no ``NOW()``, ``RAND()``, ``UUID()``,
no ``LOAD`` or ``SERVICE``); anything else makes the copy stale, and it is loaded again in the
background from a checkpoint, the writes made meanwhile replayed on top. The copy carries the
store version it holds: a reader uses it only when that is the version it must read
(:meth:`Mirror.reading`), so a stale or half-replayed copy is never read.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate

if TYPE_CHECKING:
    from pvgraph.store.embedded import EmbeddedStore

log = logging.getLogger("pvgraph.store.mirror")

# An update whose effect may differ when run twice on the same data: fresh blank nodes (`_:x`,
# `[ ]` in a template), functions that are not functions of their arguments, or reads elsewhere.
# A false alarm only costs a reload; a miss would make the copy wrong, so the test is broad
# (`[` anywhere, a keyword anywhere, strings and comments included).
_UNREPEATABLE = re.compile(r"_:|\[|\b(?:BNODE|UUID|STRUUID|RAND|NOW|LOAD|SERVICE)\b", re.IGNORECASE)

Change = Callable[[ox.Store], None]
"""One write, as it is replayed on the copy."""


def repeatable_update(sparql: str) -> bool:
    """Whether running ``sparql`` again on a copy of the same data gives the same data."""
    return _UNREPEATABLE.search(sparql) is None


class Mirror:
    """The in-memory copy of ``store`` (an :class:`EmbeddedStore` on disk)."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self._engine: ox.Store | None = None
        self._version: str | None = None  # the primary's version the copy holds; None: unusable
        # Readers share the copy; a replay waits until they are done, and readers do not enter
        # while one waits or runs (they go to the workers instead: never blocked here).
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        # While a full load runs: the writes made since its checkpoint, replayed once it is in.
        self._pending: list[Change] | None = None
        self._reload_wanted = False
        self._loading = False
        self._loader: threading.Thread | None = None
        self._closed = False
        # The versions the copy went through by replays only share a lineage number; a full
        # load starts a new one (bounded: the last few thousand versions).
        self._lineage: OrderedDict[str, int] = OrderedDict()
        self.loads = 0  # full loads done (the first and every reload)

    # -- reading -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self, version: str) -> Iterator[ox.Store | None]:
        """The copy, if it holds exactly ``version`` and no replay is under way; else None.

        Never waits: a reader that cannot have the copy at once is answered elsewhere.
        """
        with self._cond:
            usable = (self._engine is not None and not self._writing and self._version == version)
            if usable:
                self._readers += 1
        if not usable:
            yield None
            return
        try:
            yield self._engine
        finally:
            with self._cond:
                self._readers -= 1
                if self._readers == 0:
                    self._cond.notify_all()

    def version(self) -> str | None:
        """The store version the copy holds (None while it is being loaded or is stale)."""
        return self._version

    def replayed_between(self, older: str, newer: str) -> bool:
        """Whether the copy went from version ``older`` to ``newer`` by replaying writes only
        (no full load between them: what changed is what those writes wrote)."""
        lineage = self._lineage.get(older)
        return lineage is not None and lineage == self._lineage.get(newer)

    def _remember(self, version: str) -> None:
        self._lineage[version] = self.loads
        while len(self._lineage) > 4096:
            self._lineage.popitem(last=False)

    def state(self) -> str:
        """"ready" (at some version), "loading", or "stale" (a load failed: the workers answer)."""
        if self._version is not None:
            return "ready"
        return "loading" if self._loading else "stale"

    # -- writing (called by the store, under its write lock) -----------------------------------

    def after_write(self, change: Change | None, version: str) -> None:
        """The store made a write and now is at ``version``: do the same here (``change``), or,
        when it cannot be replayed (None), load the copy again."""
        if self._closed:
            return
        if self._pending is not None:  # a load is under way: replayed when it is in
            if change is None:
                self.load()  # one more load after this one
            else:
                self._pending.append(change)
            return
        if change is None or self._engine is None or self._version is None:
            self._invalidate()
            self.load()
            return
        with self._exclusive():
            try:
                change(self._engine)
            except Exception:  # the store took it, so this is a bug: reload rather than be wrong
                log.exception("the in-memory copy could not replay a write; loading it again")
            else:
                self._version = version
                self._remember(version)
                return
        self._invalidate()
        self.load()

    def _invalidate(self) -> None:
        """Unusable until loaded again; its memory is given back now (a reload would otherwise
        hold two copies at once: ten gigabytes at the benchmarks' size XL)."""
        with self._exclusive():
            self._version = None
            self._engine = None

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        with self._cond:
            self._writing = True
            while self._readers:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._writing = False

    # -- loading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Load the copy again, in the background; asked for while a load runs, one more load
        follows it (the one running may have missed the write that asked)."""
        with self._cond:
            if self._closed:
                return
            self._reload_wanted = True
            if self._loading:
                return
            self._loading = True
            self._pending = []  # writes from now on are kept until the checkpoint (see _load)
            self._loader = threading.Thread(target=self._loads, name="pvgraph-mirror-load", daemon=True)
        self._loader.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the copy holds the store's present version (for tests and benchmarks)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._version is not None and self._version == self._store.version():
                return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.02)

    def _loads(self) -> None:
        """The loading thread: one load after another while they are asked for."""
        while True:
            with self._cond:
                if not self._reload_wanted or self._closed:
                    self._loading = False
                    return
                self._reload_wanted = False
            self._load()

    def _load(self) -> None:
        started = time.perf_counter()
        directory = self._store.scratch_directory("mirror")
        try:
            # The checkpoint and the start of the log of writes are one step for the writers:
            # each write is then either in the checkpoint or in the log, never both.
            with self._store.write_lock:
                checkpoint = self._store.snapshot(directory, form="checkpoint")
                self._pending = []
            if checkpoint is None:
                raise RuntimeError("bug: a mirror of a store that makes no checkpoint")
            engine = self._fill(checkpoint.path)
            with self._store.write_lock:  # no write slips in while the log is replayed
                for change in self._pending or []:
                    change(engine)
                with self._cond:
                    again = self._reload_wanted  # a write that cannot be replayed came meanwhile
                # while another load follows, writes keep being logged for it
                self._pending = [] if again else None
                with self._exclusive():
                    self._engine = engine
                    self.loads += 1
                    self._version = None if again else self._store.version()
                    if self._version is not None:
                        self._remember(self._version)
        except Exception:
            log.exception("could not load the in-memory copy of the store; queries use the workers")
            self._pending = None
            with contextlib.suppress(Exception):
                self._invalidate()
            return
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        log.info("in-memory copy of the store loaded in %.1f s", time.perf_counter() - started)

    def _fill(self, checkpoint: str) -> ox.Store:
        """A new in-memory store holding the checkpoint's quads (the writes made meanwhile are
        replayed on it afterwards).

        Through an N-Quads file, written and read by pyoxigraph in Rust: both let go of the GIL,
        where handing the quads over as Python objects held it for the whole load (22 s at 1 M
        quads, the server's event loop frozen meanwhile). The loader gives blank nodes fresh
        labels: the copy names a blank node differently from the store, which SPARQL allows (a
        result's labels are its own), and answers the same.
        """
        dump = Path(checkpoint).with_suffix(".nq")
        try:
            ox.Store.read_only(checkpoint).dump(str(dump), format=ox.RdfFormat.N_QUADS)
            engine = ox.Store()
            engine.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        finally:
            dump.unlink(missing_ok=True)
        return engine

    def close(self) -> None:
        """Drop the copy (the store is closing)."""
        with self._cond:
            self._closed = True
        loader = self._loader
        if loader is not None:
            loader.join(timeout=60)
        with self._exclusive():
            self._engine = None
            self._version = None


def copy_graphs(source: ox.Store, graphs: Iterable[ox.NamedNode]) -> Change:
    """A change that makes the copy's ``graphs`` what ``source`` holds in them now (blank nodes
    keep their labels: a graph copied is the store's, byte for byte)."""
    held = {graph: (source.contains_named_graph(graph), list(source.quads_for_pattern(None, None, None, graph)))
            for graph in graphs}

    def change(engine: ox.Store) -> None:
        for graph, (exists, quads) in held.items():
            if engine.contains_named_graph(graph):
                engine.remove_graph(graph)
            if exists:
                engine.add_graph(graph)
                engine.extend(quads)

    return change


def touched_graphs(update: str) -> frozenset[str] | None:
    """The named graphs an update may change, read from its text; None when it may change the
    default graph, a graph named by a variable, or more than named graphs (``CLEAR ALL``…), or
    when the text cannot be read here.

    Why: an update that cannot be replayed (it makes fresh blank nodes, as a submission's
    provenance does) but writes into named graphs only is copied graph by graph from the store
    after it ran, rather than loading the whole copy again.
    """
    try:
        operations = translateUpdate(parseUpdate(update)).algebra
    except Exception:  # rdflib's reading differs from the engine's: load the copy again
        return None
    graphs: set[str] = set()
    for op in operations:
        found = _op_graphs(op)
        if found is None:
            return None
        graphs |= found
    return frozenset(graphs)


def _op_graphs(op: Any) -> set[str] | None:
    def part(key: str) -> Any:
        return _part(op, key)

    name = op.name
    if name in ("InsertData", "DeleteData", "DeleteWhere"):
        return _template_graphs(part("quads"), part("triples"), None)
    if name == "Modify":
        graphs: set[str] = set()
        for clause in (part("delete"), part("insert")):
            if clause is None:
                continue
            found = _template_graphs(_part(clause, "quads"), _part(clause, "triples"), part("withClause"))
            if found is None:
                return None
            graphs |= found
        return graphs
    if name in ("Clear", "Drop", "Create", "Load"):
        target = part("graphiri")
        return {str(target)} if isinstance(target, URIRef) else None
    return None  # ADD, MOVE, COPY: rare enough to load the copy again


def _part(value: Any, key: str) -> Any:
    """A part of rdflib's algebra, None when absent (``CompValue.get`` answers the key itself)."""
    return dict.get(value, key)


def _template_graphs(quads: Any, triples: Any, default: Any) -> set[str] | None:
    graphs: set[str] = set()
    if triples:
        if not isinstance(default, URIRef):
            return None  # the default graph
        graphs.add(str(default))
    for graph in (quads or {}):
        if not isinstance(graph, URIRef):
            return None  # GRAPH ?g
        graphs.add(str(graph))
    return graphs
