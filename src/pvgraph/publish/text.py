"""The store's graphs read once, as N-Triples text, by everything one publication writes.

Why: reading the graphs out of the store is most of what a publication costs (on the embedded
store about 3 s of CPU per 500 000 triples, whether a Python object or a line of text comes out),
and the dumps and the sitemap's things each read every graph again. Text is also cheap to hold
and to work on: sorting lines of bytes, hashing them and rewriting them as N-Quads happen in C
(or Rust), where a Python object per triple cost seconds.
"""

from __future__ import annotations

from pvgraph.store import Store


class StoreText:
    """Each named graph of ``store`` as N-Triples (lines in the store's order), read on first
    use and kept: one publication, one read of each graph."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._graphs: dict[str, bytes] = {}
        self._names: list[str] | None = None

    def graph(self, name: str) -> bytes:
        if name not in self._graphs:
            self._graphs[name] = self.store.ntriples(name)
        return self._graphs[name]

    def names(self) -> list[str]:
        """Every named graph of the store, sorted."""
        if self._names is None:
            self._names = sorted(self.store.graphs())
        return self._names
