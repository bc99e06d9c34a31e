"""The server's one state: built whole by :func:`pvgraph.server.app.create_app`, read by the routes.

Before, ``app.state`` was a bag that a dozen places filled on first use (the query runner, the
answer cache, the metrics, the publication cache, the token registry, locks, memos), each with
its own ``getattr(app.state, …)``. Now every piece exists from the start, typed, in one
:class:`ServerState` (``app.state.pvgraph``), and routes ask :func:`state_of` for it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import FastAPI, Request

from pvgraph.query_pool import AnswerCache
from pvgraph.server.replay_cache import Replays
from pvgraph.settings import Settings
from pvgraph.stewards import TokenRegistry
from pvgraph.store import Store
from pvgraph.submissions.worker import SubmissionWorker

if TYPE_CHECKING:  # server modules that themselves read the state (no import cycle at run time)
    from pvgraph.server.catalog import PublishState
    from pvgraph.server.metrics import Metrics
    from pvgraph.server.runner import Runner

T = TypeVar("T")


class VersionMemo:
    """Values computed once per store version and key (older versions are dropped); one
    computation at a time, so that a visitor arriving while the start-up thread computes waits
    for its answer instead of computing again beside it."""

    def __init__(self) -> None:
        self._computing = threading.Lock()
        self._values: dict[tuple[str, ...], Any] = {}

    def get(self, version: str, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        with self._computing:
            if (version, *key) in self._values:
                return self._values[(version, *key)]
            value = compute()
            fresh = {k: v for k, v in self._values.items() if k[0] == version}
            fresh[(version, *key)] = value
            self._values = fresh
            return value


@dataclass
class ServerState:
    """Everything one app keeps between requests."""

    settings: Settings
    store: Store
    runner: Runner  # the query workers (or a thread for a store that makes no snapshots)
    answers: AnswerCache  # answers of repeated questions, keyed by the store's version
    metrics: Metrics  # this app's Prometheus registry
    publish: PublishState  # dumps, catalogue, VoID per store version
    tokens: TokenRegistry  # the stewards' tokens
    submission_worker: SubmissionWorker  # validation and reasoning, in a child process
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one writer at a time
    validation_slot: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(1))
    descriptions: dict[tuple[str, ...], bytes] = field(default_factory=dict)  # service descriptions
    pages: VersionMemo = field(default_factory=VersionMemo)  # the home page's counts
    replays: Replays = field(default_factory=Replays)  # complete /sparql answers (server/replay.py)
    answering: dict[tuple[Any, ...], asyncio.Future[Any]] = field(default_factory=dict)  # questions being answered
    ontology_doc: tuple[str, Any] | None = None  # (store version, the ontology's documentation)


def app_state(app: FastAPI) -> ServerState:
    """The app's state (made by create_app)."""
    state = app.state.pvgraph
    assert isinstance(state, ServerState)
    return state


def state_of(request: Request) -> ServerState:
    """The state of the app serving this request."""
    return app_state(request.app)
