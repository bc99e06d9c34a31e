"""The fast lane: queries seen to be cheap, answered in the server's process from the store's
in-memory copy.

Why: a query worker is a separate process, so that a runaway query can be killed (pyoxigraph
cannot cancel one); the hop there and back costs about a millisecond over HTTP, and the workers
read RocksDB checkpoints, two to six times slower than pyoxigraph's in-memory storage. Most
questions the server gets are asked again and again, and take a millisecond or less: for them
the hop and the storage were most of the time, and Oxigraph's own server, which has neither,
answered first (bench/RESULTS.md, "Peers").

The rule: a query runs here only when it already ran on this very version of the data, in a
worker or here, in less than ``query_lane_seconds``. The same query on the same data does the
same work, so what runs here has been seen to end, and soon: a query never seen, or seen slow,
goes to a worker, which can be killed. (Keyed by the store's version, not by the question alone:
a query cheap before a write may be a runaway after it, and pyoxigraph cannot stop one.) One
exception, :data:`CARRY`: a query of a few milliseconds keeps its place across writes that the
copy replayed, in a thread. Here a query runs in a thread (pyoxigraph lets go of the GIL while it
evaluates), or right on the event loop when it took less than ``query_inline_seconds`` on this
version (a thread's wake-ups would cost more than the query). Should one outlive
``query_timeout`` here (a write that made it a runaway, a machine suddenly overloaded), it is
answered with a timeout like any other, goes back to the workers, and the lane takes nothing more
until it has finished: at most one query at a time runs on, which a worker would have stopped.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from pvgraph.errors import QueryTimeoutError, error
from pvgraph.query_worker import QueryAnswer, QueryJob, execute
from pvgraph.store import NO_SNAPSHOT, EmbeddedStore
from pvgraph.store.mirror import Mirror

NEVER = float("inf")
CARRY = 0.01
"""A query that took less than this (seconds) on the version before a write that the copy
replayed (explicit triples, or an update that does the same when run again) is tried here on the
new version without a worker run first — in a thread, with the timeout, never on the event loop:
a steward's submission or one SPARQL Update then does not send every question back to the workers
(reads during writes; issue 15)."""


class CostBook:
    """How long each query took on one version of the store (seconds), for the last ``entries``
    queries; a query's time on another version is not known."""

    def __init__(self, entries: int = 4096) -> None:
        self.entries = entries
        self._seconds: OrderedDict[QueryJob, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()  # written from the lane's threads and the event loop

    def get(self, job: QueryJob, version: str) -> float | None:
        known = self._seconds.get(_key(job))
        return known[1] if known is not None and known[0] == version else None

    def last(self, job: QueryJob) -> tuple[str, float] | None:
        """(the version, the seconds) of the query's last run, whatever the version."""
        return self._seconds.get(_key(job))

    def put(self, job: QueryJob, version: str, seconds: float) -> None:
        key = _key(job)
        with self._lock:
            self._seconds[key] = (version, seconds)
            self._seconds.move_to_end(key)
            while len(self._seconds) > self.entries:
                self._seconds.popitem(last=False)


def _key(job: QueryJob) -> QueryJob:
    return job if job.snapshot == NO_SNAPSHOT else replace(job, snapshot=NO_SNAPSHOT)


class Lane:
    """Runs cheap queries on ``mirror`` in this process (see the module's docstring)."""

    def __init__(self, mirror: Mirror, *, budget: float, inline: float, threads: int) -> None:
        self.mirror = mirror
        self.budget = budget
        self.inline = inline
        self.costs = CostBook()
        self._threads = max(1, threads)
        self._executor = ThreadPoolExecutor(self._threads, thread_name_prefix="pvgraph-lane")
        self._running = 0  # queries in the lane's threads now
        self._overtime = 0  # lane queries answered with a timeout and still running
        self.answered = 0  # read by /metrics and the tests
        self.inline_answered = 0

    def observe(self, job: QueryJob, seconds: float) -> None:
        """A worker ran ``job`` on its snapshot in ``seconds`` (its next run on that version may
        come here if that was short)."""
        self.costs.put(job, job.snapshot.version, seconds)

    async def run(self, job: QueryJob, version: str, *, timeout: float) -> QueryAnswer | None:
        """The answer, computed here on the copy of ``version``; None when the query belongs in a
        worker (unseen or slow, the copy not at that version, or the lane's threads all busy)."""
        cost, carried = self.costs.get(job, version), False
        if cost is None and (last := self.costs.last(job)) is not None and last[1] < CARRY \
                and self.mirror.replayed_between(last[0], version):
            cost, carried = last[1], True
        if cost is None or cost >= self.budget or self._overtime:
            return None
        if cost < self.inline and not carried:
            answer = self._answer(job, version)
            self.inline_answered += answer is not None
            return answer
        if self._running >= self._threads:
            return None
        self._running += 1
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self._answer, job, version)
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.shield(future)
        except TimeoutError:
            self.costs.put(job, version, NEVER)  # to a worker from now on, where it can be stopped
            self._overtime += 1
            future.add_done_callback(self._overtime_done)
            raise error(QueryTimeoutError, "sparql.timeout", seconds=f"{timeout:g}",
                        extra={"timeout_seconds": timeout}) from None
        finally:
            self._running -= 1

    def _overtime_done(self, _future: asyncio.Future[QueryAnswer | None]) -> None:
        self._overtime -= 1

    def _answer(self, job: QueryJob, version: str) -> QueryAnswer | None:
        with self.mirror.reading(version) as engine:
            if engine is None:
                return None
            started = time.perf_counter()
            answer = execute(EmbeddedStore.wrapping(engine), job)
            self.costs.put(job, version, time.perf_counter() - started)
        self.answered += 1
        return answer

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
