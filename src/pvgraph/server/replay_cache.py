"""The complete ``/sparql`` answers kept for replay (server/replay.py): the server state holds one
:class:`Replays`, and the replaying middleware reads the state — apart, so that the state needs
nothing from the middleware (no import cycle).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

MAX_ANSWER = 256 * 1024  # bytes of an answer kept for replay
ENTRIES = 256


class Replays:
    """The last complete answers, keyed by :func:`request_key` (least recently used dropped)."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._data: OrderedDict[tuple[Any, ...], tuple[Any, list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> tuple[Any, list[tuple[bytes, bytes]], bytes] | None:
        found = self._data.get(key)
        if found is not None:
            self._data.move_to_end(key)
        return found

    def put(self, key: tuple[Any, ...], route: Any, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if len(body) > MAX_ANSWER:
            return
        hit = [(name, b"hit" if name == b"x-pvgraph-cache" else value) for name, value in headers]
        self._data[key] = (route, hit, body)
        self._data.move_to_end(key)
        while len(self._data) > self.entries:
            self._data.popitem(last=False)
