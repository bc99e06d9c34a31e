"""The fast lane: queries seen to be cheap, answered in the server's process from the store's
in-memory copy.

Why: a query worker is a separate process, so that a runaway query can be killed (pyoxigraph
cannot cancel one); the hop there and back costs about a millisecond over HTTP, and the workers
read RocksDB checkpoints, two to six times slower than pyoxigraph's in-memory storage. Most
questions the server gets are asked again and again, and take a millisecond or less: for them
the hop and the storage were most of the time, and Oxigraph's own server, which has neither,
answered first (bench/RESULTS.md, "Peers").

The rule: a query runs here only when its last run, in a worker or here, took less than
``query_lane_seconds`` — a query never seen, or seen slow, or one that timed out, goes to a
worker, which can be killed. Here it runs in a thread (pyoxigraph lets go of the GIL while it
evaluates), or right on the event loop when it took less than ``query_inline_seconds`` (a thread's
wake-ups would cost more than the query). What this gives up: a query that was cheap on the
last version of the data and is not on this one cannot be stopped here; it is answered with a
timeout at ``query_timeout`` like any other, goes back to the workers, and the lane takes nothing
more until it has finished (a single such query at a time, at most).
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


class CostBook:
    """How long each query took the last time it ran (seconds), for the last ``entries`` queries."""

    def __init__(self, entries: int = 4096) -> None:
        self.entries = entries
        self._seconds: OrderedDict[QueryJob, float] = OrderedDict()
        self._lock = threading.Lock()  # written from the lane's threads and the event loop

    def get(self, job: QueryJob) -> float | None:
        return self._seconds.get(_key(job))

    def put(self, job: QueryJob, seconds: float) -> None:
        key = _key(job)
        with self._lock:
            self._seconds[key] = seconds
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
        """A worker ran ``job`` in ``seconds`` (its next run may come here if that was short)."""
        self.costs.put(job, seconds)

    def takes(self, job: QueryJob) -> bool:
        """Whether ``job`` would be tried here (seen cheap, and the lane not clogged)."""
        cost = self.costs.get(job)
        return cost is not None and cost < self.budget and self._overtime == 0

    async def run(self, job: QueryJob, version: str, *, timeout: float) -> QueryAnswer | None:
        """The answer, computed here on the copy of ``version``; None when the query belongs in a
        worker (unseen or slow, the copy not at that version, or the lane's threads all busy)."""
        cost = self.costs.get(job)
        if cost is None or cost >= self.budget or self._overtime:
            return None
        if cost < self.inline:
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
            self.costs.put(job, NEVER)  # to a worker from now on, where it can be stopped
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
            self.costs.put(job, time.perf_counter() - started)
        self.answered += 1
        return answer

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
