"""What pvgraph needs from a quad store, whatever the engine behind it.

Every module outside :mod:`pvgraph.store` talks to a :class:`Store` and only to it: when a caller
needs something an engine does differently (a frozen copy for the query workers, a build staged
aside and swapped in, how many triples one update request may carry, how far a reasoning round may
read before it is split, making writes durable), it asks the store, never checks which store it
has. Results come back as :class:`QueryResult`, made of pyoxigraph terms (pvgraph's term model)
whatever the engine, so serialisers and tests need not care.
"""

from __future__ import annotations

import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pyoxigraph as ox

from pvgraph.namespaces import BASE, META_GRAPH, PV

if TYPE_CHECKING:
    from pvgraph.loading import Document
    from pvgraph.store.mirror import Mirror

QueryKind = Literal["select", "ask", "graph"]
Term = ox.NamedNode | ox.BlankNode | ox.Literal

# The store's version token, changed by every write, is bookkeeping, not data. The embedded store
# keeps it beside its files; a remote store, shared by several processes, keeps it as one triple
# in VERSION_GRAPH, outside the graph/ namespace, so that graphs(), quads(), dumps and counts
# never see it (a remote store's own union default graph still does). Earlier versions of pvgraph
# kept it in graph meta, where both stores now remove it.
VERSION_PREDICATE = ox.NamedNode(str(PV["storeVersion"]))
VERSION_GRAPH = ox.NamedNode(BASE + "store-version")
META = ox.NamedNode(str(META_GRAPH))


@dataclass
class QueryResult:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False  # cut at max_rows

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def records(self) -> list[dict[str, Term | None]]:
        """SELECT rows as dicts keyed by variable name (handy in tests)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def strings(self) -> list[dict[str, str]]:
        """SELECT rows as dicts of their bound variables' plain strings (IRIs, lexical forms)."""
        return [{v: t.value for v, t in zip(self.variables, row, strict=True) if t is not None}
                for row in self.rows]

    def values(self, variable: str) -> list[str | None]:
        """One column as plain strings (IRIs and lexical forms)."""
        index = self.variables.index(variable)
        return [None if (term := row[index]) is None else term.value for row in self.rows]


@dataclass(frozen=True)
class Snapshot:
    """A frozen copy of a store that another process opens with
    :func:`pvgraph.store.open_snapshot`: ``rocksdb`` (a checkpoint directory, hard links) or
    ``nquads`` (a dump loaded into memory)."""

    version: str
    path: str
    kind: Literal["rocksdb", "nquads"]


NO_SNAPSHOT = Snapshot("", "", "nquads")


class Store(ABC):
    """A quad store. Queries see the union of all graphs unless a dataset is given."""

    #: Reasoning rounds reading more triples than this are split (pvgraph.reasoning); None:
    #: never split (the embedded store's single updates are faster, and it has no request limit).
    partition_threshold: int | None = None
    #: Whether another process may use this very object (pickled): a remote store, which is only
    #: URLs and credentials. An embedded store cannot be shared; it makes a snapshot instead.
    shared_across_processes: bool = False
    #: Whether :meth:`snapshot` makes frozen copies (then queries run in killable worker
    #: processes over them; otherwise they go to the store itself, from a thread).
    makes_snapshots: bool = False

    @property
    def chunk_size(self) -> int | None:
        """Triples one SPARQL Update request may carry; None: any number (one request, one
        transaction). A remote store's engine sets it (Virtuoso's parser fails near 5 000)."""
        return None

    @abstractmethod
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
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query (SPARQL 1.1 Protocol dataset rules).

        With no dataset given, the default graph is the union of all graphs, or with
        ``union_default_graph=False`` the store's own default graph (the setting of that name,
        for /sparql; pvgraph's own queries always see the union)."""

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
        """A SELECT or ASK answer already written in ``written_as`` by the engine, where it can
        (the whole answer, uncut: for queries whose own LIMIT keeps them short); otherwise —
        another form, or an engine that cannot — the result as :meth:`query` gives it
        (``max_rows`` applies to it)."""
        return self.query(sparql, default_graphs=default_graphs, named_graphs=named_graphs,
                          max_rows=max_rows, base_iri=base_iri, union_default_graph=union_default_graph)

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update, all or nothing."""

    def update_all(self, requests: Sequence[str]) -> None:
        """Run updates made for this store's :attr:`chunk_size`: as one request (one
        transaction) when it takes any size, else one request each, in order (not atomic)."""
        if not requests:
            return
        if self.chunk_size is None:
            self.update(" ;\n".join(requests))
        else:
            for request in requests:
                self.update(request)

    @abstractmethod
    def replace_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        """Make ``graph`` hold exactly these triples (their own graph names are ignored)."""

    @abstractmethod
    def add_to_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        """Add these triples to ``graph``, all or nothing."""

    def load_document(self, graph: str, document: Document) -> None:
        """Add a document's triples to ``graph``. Stores that can parse it themselves (the
        embedded one, in Rust) do, without a Python object per triple; this one parses it first,
        so a syntax error leaves the store as it was."""
        from pvgraph.loading import parse_document

        self.add_to_graph(graph, parse_document(document).quads)

    @abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and its triples (no error when absent)."""

    @abstractmethod
    def graphs(self) -> dict[str, int]:
        """Every named graph with its triple count."""

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        """Every quad of one named graph, or of all of them."""

    def ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples text, lines in no particular order.

        Why: publishing sorts, hashes and re-serialises whole graphs; text that an engine writes
        itself (the embedded store, in Rust) saves a Python object per triple. Stores without
        such a writer serialise their quads here.
        """
        data = ox.serialize((q.triple for q in self.quads(graph)), format=ox.RdfFormat.N_TRIPLES)
        return data or b""

    @abstractmethod
    def version(self) -> str:
        """An opaque string that changes whenever the store's content does (caches, ETags)."""

    def is_empty(self) -> bool:
        return not self.graphs()

    # -- what callers used to reach around the interface for -----------------------------------

    def staging_store(self) -> Store:
        """Where a build writes before :meth:`replace_contents` puts it in place: this store
        itself (written in place) unless the engine has a faster way."""
        return self

    def replace_contents(self, source: Store) -> int:
        """Make this store hold exactly ``source``'s graphs; return how many quads.

        The generic way: every graph of ``source`` replaced, every other graph dropped (not
        atomic). The embedded store on disk overrides it with a swap of directories.
        """
        if source is self:
            return sum(self.graphs().values())
        wanted = source.graphs()
        for graph in set(self.graphs()) - set(wanted):
            self.drop_graph(graph)
        return sum(self.replace_graph(graph, source.quads(graph)) for graph in sorted(wanted))

    def snapshot(self, directory: Path, *,
                 form: Literal["cheapest", "checkpoint", "dump"] = "cheapest") -> Snapshot | None:
        """A frozen copy of the present content at a new path under ``directory``, that another
        process opens with :func:`pvgraph.store.open_snapshot`: ``checkpoint`` only if it costs
        milliseconds, ``dump`` an N-Quads copy, ``cheapest`` whichever the store has. None: this
        store makes none (a remote store: ask it directly)."""
        return None

    def mirror(self) -> Mirror | None:
        """An in-memory copy kept in step with every write, for fast reads in this process
        (:mod:`pvgraph.store.mirror`); None where the store has none (a remote store, a store
        already in memory)."""
        return None

    def scratch_directory(self, purpose: str) -> Path:
        """A new, empty directory for this store's snapshots (the caller deletes it)."""
        return Path(tempfile.mkdtemp(prefix=f"pvgraph-{purpose}-"))

    def flush(self) -> None:  # noqa: B027 - optional hook
        """Make every write durable now (the default: they already are)."""

    def close(self) -> None:
        """Flush, and release what the store holds (files, locks); do not use it afterwards."""
        self.flush()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
