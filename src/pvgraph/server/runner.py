"""How the server answers a query: the worker pool (or a thread for a remote store), the cache
of repeated questions, the timeout and the metrics — one function, :func:`answer`, used by
``/sparql`` and ``/queries/{name}`` alike.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from fastapi import FastAPI

from pvgraph import query_worker
from pvgraph.errors import QueryTimeoutError, error
from pvgraph.query_lane import Lane
from pvgraph.query_pool import QueryPool, ServerBusyError
from pvgraph.query_worker import QueryAnswer, QueryJob
from pvgraph.server.state import app_state
from pvgraph.settings import Settings
from pvgraph.sparql import run_query
from pvgraph.store import Store


class Runner(Protocol):
    lane: Lane | None  # the in-process lane of cheap queries, where there is one
    async def start(self) -> None: ...
    async def run(self, job: QueryJob, *, timeout: float) -> QueryAnswer: ...
    async def close(self) -> None: ...
    def busy(self) -> int: ...
    def read_version(self) -> str: ...  # the store version a read that starts now gets
    async def hold(self) -> None: ...  # a write begins (readers keep the version before it)
    async def publish(self) -> None: ...  # the write is done: readers get it from now on


class ThreadRunner:
    """For a store that makes no snapshots (a remote store): the query runs in a thread, and the
    store enforces its own timeout (an HTTP request can be abandoned; nothing runs here after the answer is dropped)."""

    lane: Lane | None = None  # a remote store has no in-memory copy

    def __init__(self, store: Store, size: int) -> None:
        self.store = store
        self._slots = asyncio.Semaphore(size)
        self._running = 0

    async def start(self) -> None:
        return None

    def busy(self) -> int:
        return self._running

    def read_version(self) -> str:
        return self.store.version()

    async def hold(self) -> None:  # the remote store is read as it is, writes and all
        return None

    async def publish(self) -> None:
        return None

    async def run(self, job: QueryJob, *, timeout: float) -> QueryAnswer:
        def work() -> QueryAnswer:
            result = run_query(self.store, job.sparql, default_graphs=job.default_graphs,
                               named_graphs=job.named_graphs, max_rows=job.max_rows,
                               base_iri=job.base_iri, union_default_graph=job.union_default_graph)
            return query_worker.serialise(result, job)

        async with self._slots:
            self._running += 1
            try:
                return await asyncio.wait_for(asyncio.to_thread(work), timeout)
            except TimeoutError:
                raise error(QueryTimeoutError, "sparql.timeout", seconds=f"{timeout:g}") from None
            finally:
                self._running -= 1

    async def close(self) -> None:
        return None


def make_runner(settings: Settings, store: Store) -> Runner:
    """Worker processes over snapshots when the store makes them, else a thread per query."""
    if store.makes_snapshots:
        mirror = store.mirror() if settings.query_mirror else None
        lane = None if mirror is None else Lane(
            mirror, budget=settings.query_lane_seconds, inline=settings.query_inline_seconds,
            threads=settings.max_concurrent_queries)
        return QueryPool(store, size=settings.max_concurrent_queries,
                         queue_timeout=settings.query_queue_timeout,
                         in_memory=settings.query_snapshots == "memory", lane=lane)
    return ThreadRunner(store, settings.max_concurrent_queries)


async def answer(
    app: FastAPI, job: QueryJob, *, endpoint: str, cache: bool = False, read_cache: bool = True
) -> tuple[QueryAnswer, bool]:
    """Run a job (or take its answer from the cache); returns the answer and whether it was cached.

    The cache key holds the store's version readers see (:meth:`Runner.read_version`), so a
    write makes every cached answer unreachable once it is done. A question already being
    answered for that version is not asked again: the request waits for the same answer (after
    a write, the readers of one question would otherwise all compute it at once).
    """
    state = app_state(app)
    metrics = state.metrics
    start = time.perf_counter()
    if not cache:
        return await _run(app, job, endpoint, start), False
    key = (state.runner.read_version(), job)  # the job is frozen: hashed and compared by its fields
    if read_cache:
        hit = state.answers.get(key)
        if hit is not None:
            metrics.query_seconds(endpoint, "hit").observe(time.perf_counter() - start)
            return hit, True
        pending = state.answering.get(key)
        if pending is not None:
            try:
                shared = await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():  # this request was cancelled, not the other one
                    raise
            else:  # (when the other request's client left, this one asks the question itself)
                metrics.query_seconds(endpoint, "hit").observe(time.perf_counter() - start)
                return shared, True
    leads = key not in state.answering  # others asking the same wait for this request's answer
    running: asyncio.Future[QueryAnswer] = asyncio.get_running_loop().create_future()
    if leads:
        state.answering[key] = running
    try:
        result = await _run(app, job, endpoint, start)
    except asyncio.CancelledError:
        running.cancel()
        raise
    except BaseException as exc:
        running.set_exception(exc)
        running.exception()  # retrieved: nobody may be waiting for it
        raise
    finally:
        if leads:
            state.answering.pop(key, None)
    running.set_result(result)
    state.answers.put(key, result)
    return result, False


async def _run(app: FastAPI, job: QueryJob, endpoint: str, start: float) -> QueryAnswer:
    """The job run by the runner, with its metrics."""
    state = app_state(app)
    metrics = state.metrics
    try:
        result = await state.runner.run(job, timeout=state.settings.query_timeout)
    except QueryTimeoutError:
        metrics.timeouts.inc()
        raise
    except ServerBusyError:
        metrics.busy.inc()
        raise
    metrics.query_seconds(endpoint, "miss").observe(time.perf_counter() - start)
    if result.truncated:
        metrics.truncated.inc()
    return result
