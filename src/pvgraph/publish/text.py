"""The store's graphs read once, as N-Triples text, by everything one publication writes.

Why: reading the graphs out of the store is most of what a publication costs (on the embedded
store about 3 s of CPU per 500 000 triples, whether a Python object or a line of text comes out),
and the dumps and the sitemap's things each read every graph again. Text is also cheap to hold
and to work on: sorting lines of bytes, hashing them and rewriting them as N-Quads happen in C
(or Rust), where a Python object per triple cost seconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from pvgraph.store import Store

READERS = 2
"""Graphs read at once: the embedded store writes a graph's text without holding Python's
lock, so two big graphs (the referential, the inferred triples) are read on two cores."""


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

    def read(self, names: Iterable[str]) -> None:
        """Read every one of ``names`` not read yet, ``READERS`` at a time."""
        missing = [n for n in dict.fromkeys(names) if n not in self._graphs]
        if len(missing) < 2:
            for name in missing:
                self.graph(name)
            return
        with ThreadPoolExecutor(READERS, thread_name_prefix="pvgraph-read") as pool:
            for name, data in zip(missing, pool.map(self.store.ntriples, missing), strict=True):
                self._graphs[name] = data

    def names(self) -> list[str]:
        """Every named graph of the store, sorted."""
        if self._names is None:
            self._names = sorted(self.store.graphs())
        return self._names
