"""The only place that knows a storage engine.

- :mod:`.interface`: :class:`Store` (what every other module uses), :class:`QueryResult`,
  :class:`Snapshot`;
- :mod:`.embedded`: :class:`EmbeddedStore`, pyoxigraph on disk or in memory;
- :mod:`.remote`: :class:`RemoteStore`, any SPARQL 1.1 endpoint, with one
  :class:`~.dialects.Dialect` per engine (:mod:`.dialects`: Virtuoso, Fuseki, Oxigraph server);
- :mod:`.servers`: throwaway Virtuoso and Oxigraph servers on loopback, for tests and benchmarks.

:func:`open_store` turns the settings into a store. The remote store (and SPARQLWrapper with it)
is imported only when a URL is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pvgraph.errors import NotFoundError, error
from pvgraph.store.embedded import EmbeddedStore, open_snapshot
from pvgraph.store.interface import (
    META,
    NO_SNAPSHOT,
    VERSION_PREDICATE,
    QueryKind,
    QueryResult,
    Snapshot,
    Store,
    Term,
)

if TYPE_CHECKING:
    from pvgraph.settings import Settings
    from pvgraph.store.remote import RemoteStore

__all__ = [
    "META",
    "NO_SNAPSHOT",
    "VERSION_PREDICATE",
    "EmbeddedStore",
    "QueryKind",
    "QueryResult",
    "RemoteStore",
    "Snapshot",
    "Store",
    "Term",
    "open_snapshot",
    "open_store",
]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name: a directory, ':memory:', or a SPARQL endpoint URL."""
    target = settings.store
    if target.startswith(("http://", "https://")):
        from pvgraph.store.remote import RemoteStore

        return RemoteStore.from_settings(settings)
    if target == ":memory:":
        return EmbeddedStore(None)
    path = Path(target)
    if not path.is_absolute():
        path = settings.root / path
    if read_only and not path.is_dir():
        raise error(NotFoundError, "store.not-found", path=path)
    return EmbeddedStore(path, read_only=read_only)


def __getattr__(name: str) -> Any:
    if name == "RemoteStore":  # imported on demand: it brings SPARQLWrapper
        from pvgraph.store.remote import RemoteStore

        return RemoteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
