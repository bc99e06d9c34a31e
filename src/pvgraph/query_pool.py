"""Killable query workers, the snapshots they read, and a small cache of answers.

The event loop never runs a query: it hands a :class:`QueryJob` to an idle worker process (see
:mod:`pvgraph.query_worker`) and waits for the answer in a helper thread. When a query
outlives the timeout, its worker is killed with SIGKILL — that is what really stops the work and
gives the CPU back — and a fresh worker takes its place. When every worker is busy, a query waits
``query_queue_timeout`` seconds for one, then gets 503.

Workers never open the live store (RocksDB allows one writer, and reading it from another process
while it is written is undefined behaviour). The server makes a *snapshot* whenever the store's
version changed since the last one: a RocksDB checkpoint (hard links, a few milliseconds) for a
store on disk, or an N-Quads dump for an in-memory store. A snapshot is deleted once no worker
holds it and a newer one exists.

While the server writes (:meth:`QueryPool.hold` … :meth:`QueryPool.publish`, around every write
the server makes under its write lock), readers keep the snapshot of the version before the
write, and the answers cached for it: a submission changes the store a dozen times on its way
(data, provenance, entailments, marker…), and each change used to make every cached answer
unreachable and send the workers to a new snapshot. When the write is done, its snapshot is made
and opened in idle workers, then published, before the writer gets its response: a read that
starts after that response sees the write; one that starts during the write may get the version
before it (it is concurrent with the write, which takes effect, for readers, at the publication).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import shutil
import threading
import time
from collections import Counter, OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

from pvgraph import query_worker
from pvgraph.errors import QueryTimeoutError, UserError, error
from pvgraph.query_lane import Lane
from pvgraph.query_worker import QueryAnswer, QueryJob, WorkerError
from pvgraph.store import NO_SNAPSHOT, Snapshot, Store

log = logging.getLogger("pvgraph.server.queries")


_OPEN = QueryJob("ASK {}", "json", None)  # sent to make a worker open or load a new snapshot
PREOPEN = 2
"""Idle workers that open a write's snapshot before the writer's response goes: the next
queries go to them (last in, first out). Not all of them: each opening costs tens of ms of CPU
at 1 M quads, for every write, and the workers idle longest are seldom taken."""


class ServerBusyError(UserError):
    """Every query worker stayed busy for longer than the queue wait."""

    http_status = 503
    code = "busy"


class WorkerCrashedError(RuntimeError):
    """A worker process died while running a query (a bug or an out-of-memory kill)."""


class SnapshotMaker:
    """Frozen copies of the live store for the workers, made when the version changes."""

    def __init__(self, store: Store, *, in_memory: bool = False) -> None:
        self.store = store
        self.form: Literal["cheapest", "dump"] = "dump" if in_memory else "cheapest"
        self.directory = store.scratch_directory("snapshots")
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._all: list[Snapshot] = []
        # Snapshots handed to a query that no worker has opened yet: never deleted until released.
        # Without this, a write between handing out a snapshot and the worker opening it let
        # collect() delete it, and the query failed with "cannot open the store" (502).
        self._pins: Counter[Snapshot] = Counter()
        self._pins_lock = threading.Lock()
        self._held = False  # a write is under way: readers keep the current snapshot

    def read_version(self) -> str:
        """The version readers see: during a write, the snapshot's before it; else the store's."""
        current = self._current
        if self._held and current is not None:
            return current.version
        return self.store.version()

    def hold(self) -> None:
        """A write begins: until :meth:`adopt`, readers keep the present snapshot (made now if
        the store changed since the last one)."""
        self.current()
        with self._lock:
            self._held = True

    def prepare(self) -> Snapshot:
        """The snapshot of the store as it is now (the write done), pinned, not yet the readers'."""
        with self._lock:
            version = self.store.version()
            if self._current is not None and self._current.version == version:
                snapshot = self._current
            else:
                made = self.store.snapshot(self.directory, form=self.form)
                if made is None:
                    raise TypeError("the query pool needs a store that makes snapshots")
                snapshot = made
                self._all.append(snapshot)
            self._pin(snapshot)
            return snapshot

    def adopt(self, snapshot: Snapshot | None) -> None:
        """The write is done: readers get ``snapshot`` (from :meth:`prepare`, then unpinned) or,
        when it could not be made (None), whatever the store holds when they ask."""
        with self._lock:
            if snapshot is not None:
                self._current = snapshot
            self._held = False
        if snapshot is not None:
            self.release(snapshot)

    def current(self, *, pin: bool = False) -> Snapshot:
        """The snapshot of the store's present version (made now if needed; thread-safe);
        ``pin``: kept until :meth:`release`."""
        with self._lock:
            if self._current is None or (not self._held and self._current.version != self.store.version()):
                snapshot = self.store.snapshot(self.directory, form=self.form)
                if snapshot is None:
                    raise TypeError("the query pool needs a store that makes snapshots")
                self._current = snapshot
                self._all.append(snapshot)
            if pin:
                self._pin(self._current)
            return self._current

    def fresh(self, *, pin: bool = False) -> Snapshot | None:
        """The current snapshot if the store has not changed since it was made, else None.

        Cheap (one point read), so the event loop may call it; making a new one is not.
        """
        current = self._current
        if current is not None and (self._held or current.version == self.store.version()):
            if pin:
                self._pin(current)
            return current
        return None

    def _pin(self, snapshot: Snapshot) -> None:
        with self._pins_lock:
            self._pins[snapshot] += 1

    def release(self, snapshot: Snapshot) -> None:
        """The query given ``snapshot`` is done with it (its worker holds it, or it failed)."""
        with self._pins_lock:
            self._pins[snapshot] -= 1
            if self._pins[snapshot] <= 0:
                del self._pins[snapshot]

    def collect(self, in_use: set[Snapshot]) -> None:
        """Delete the snapshots that are neither current nor open in a worker."""
        with self._lock:
            keep = []
            with self._pins_lock:
                in_use = in_use | set(self._pins)
            for snapshot in self._all:
                if snapshot == self._current or snapshot in in_use:
                    keep.append(snapshot)
                else:
                    _remove(Path(snapshot.path))
            self._all = keep

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass(eq=False)  # identity, so that workers can live in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    snapshot: Snapshot = NO_SNAPSHOT

    def call(self, job: QueryJob) -> QueryAnswer | WorkerError:
        """Send one job and wait for its answer (in a helper thread, never the event loop)."""
        self.snapshot = job.snapshot
        try:
            self.conn.send(job)
            return self.conn.recv()
        except (EOFError, OSError) as exc:
            raise WorkerCrashedError(f"query worker {self.process.pid} died: {exc}") from None

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class QueryPool:
    """``size`` worker processes over snapshots of one store (one that makes snapshots)."""

    def __init__(self, store: Store, *, size: int, queue_timeout: float,
                 in_memory: bool = False, lane: Lane | None = None) -> None:
        self.size = max(1, size)
        self.lane = lane  # cheap queries answered in this process (pvgraph.query_lane)
        self.queue_timeout = queue_timeout
        self.snapshots = SnapshotMaker(store, in_memory=in_memory)
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["pvgraph.query_worker"])
        self._executor = ThreadPoolExecutor(self.size * 2 + 2, thread_name_prefix="pvgraph-query")
        self._workers: set[_Worker] = set()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._closed = False
        self._started = 0  # workers running or being started
        self.killed = 0  # workers killed on timeout (read by tests and /metrics)

    async def start(self) -> None:
        """Start the first worker and make the first snapshot (once; later calls do nothing).

        More workers are started on demand, up to ``size``: an idle server holds one process.
        """
        if self._idle is not None:
            return
        # Last in, first out: the worker that answered last takes the next query. When fewer
        # queries run at once than there are workers, the same few workers stay busy, with their
        # snapshot already open and their caches warm; after a write only those open the new
        # snapshot, not every worker in turn (each opening costs tens of milliseconds at 1 M quads).
        self._idle = asyncio.LifoQueue()
        self._started = 1
        loop = asyncio.get_running_loop()
        self._idle.put_nowait(await loop.run_in_executor(self._executor, self._spawn))
        await loop.run_in_executor(self._executor, self.snapshots.current)

    def _grow(self) -> None:
        """Start one more worker in the background when all are busy and the limit allows."""
        assert self._idle is not None
        if not self._idle.empty() or self._started >= self.size or self._closed:
            return
        self._started += 1
        loop = asyncio.get_running_loop()
        idle = self._idle

        def ready(future: asyncio.Future[_Worker]) -> None:
            if future.exception() is not None:
                self._started -= 1
                log.error("could not start a query worker: %s", future.exception())
            else:
                idle.put_nowait(future.result())

        loop.run_in_executor(self._executor, self._spawn).add_done_callback(
            lambda f: loop.call_soon_threadsafe(ready, f))

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def busy(self) -> int:
        return len(self._workers) - (self._idle.qsize() if self._idle else 0)

    async def run(self, job: QueryJob, *, timeout: float) -> QueryAnswer:
        """Run a query in a worker; kill the worker if it takes longer than ``timeout``.

        A query seen cheap is answered by the lane instead, when it can (:mod:`pvgraph.query_lane`).
        """
        await self.start()
        if self.lane is not None:
            answered = await self.lane.run(job, self.read_version(), timeout=timeout)
            if answered is not None:
                return answered
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        self._grow()
        try:
            # an idle worker is taken at once; wait_for (a task, a timer) only when there is none
            worker = (self._idle.get_nowait() if not self._idle.empty()
                      else await asyncio.wait_for(self._idle.get(), self.queue_timeout))
        except TimeoutError:
            raise error(ServerBusyError, "sparql.busy", size=self.size, seconds=f"{self.queue_timeout:g}") from None
        calling = False  # a job is in the worker's pipe: the worker is not free until it answers
        snapshot: Snapshot | None = None
        try:
            snapshot = self.snapshots.fresh(pin=True)
            if snapshot is None:  # the store changed: copy it (not counted in the query's time)
                snapshot = await loop.run_in_executor(self._executor, partial(self.snapshots.current, pin=True))
            job = replace(job, snapshot=snapshot)
            if worker.snapshot != snapshot:  # the worker opens or loads it first, also not counted
                calling = True
                await loop.run_in_executor(self._executor, worker.call, replace(_OPEN, snapshot=snapshot))
            calling = True
            started = time.perf_counter()
            try:
                async with asyncio.timeout(timeout):  # no task of its own, as wait_for makes
                    reply = await loop.run_in_executor(self._executor, worker.call, job)
            except TimeoutError:
                self.killed += 1
                raise error(QueryTimeoutError, "sparql.timeout", seconds=f"{timeout:g}", extra={"timeout_seconds": timeout}) from None
            calling = False
        except BaseException:
            if not self._closed:
                if calling:
                    # Timed out, crashed, or the request was cancelled while the worker was busy:
                    # it cannot be reused (its next answer would be this job's), so it is replaced.
                    await asyncio.shield(loop.create_task(self._replace(worker)))
                else:
                    self._idle.put_nowait(worker)
            raise
        finally:
            if snapshot is not None:
                self.snapshots.release(snapshot)
        self._idle.put_nowait(worker)
        self.snapshots.collect({w.snapshot for w in self._workers})
        if self.lane is not None and not isinstance(reply, WorkerError):
            self.lane.observe(job, time.perf_counter() - started)
        if isinstance(reply, WorkerError):
            if reply.bug:
                raise RuntimeError(f"query worker failed:\n{reply.bug}")
            raise query_worker.rebuild_error(reply)
        return reply

    def read_version(self) -> str:
        """The store version a read that starts now gets (see the module's docstring)."""
        return self.snapshots.read_version()

    async def hold(self) -> None:
        """A write begins: readers keep the version before it until :meth:`publish`."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self.snapshots.hold)

    async def publish(self) -> None:
        """The write is done: make its snapshot, open it in the idle workers (up to
        :data:`PREOPEN`), then hand it to readers — before the writer's response goes."""
        loop = asyncio.get_running_loop()
        snapshot: Snapshot | None = None
        try:
            snapshot = await loop.run_in_executor(self._executor, self.snapshots.prepare)
            # With the in-memory copy at this version, the next reads go to the lane: a worker
            # opens the snapshot when a query needs it (tens of ms of CPU per worker and per
            # write saved: at 4 writes a second, a tenth of the machine).
            if self.lane is None or self.lane.mirror.version() != snapshot.version:
                await self._preopen(snapshot)
        except Exception:  # readers then make the snapshot themselves, as without a write lock
            log.exception("could not publish the store's new version to the query workers")
        finally:
            self.snapshots.adopt(snapshot)
        self.snapshots.collect({w.snapshot for w in self._workers})

    async def _preopen(self, snapshot: Snapshot) -> None:
        """Open ``snapshot`` in the idle workers that take the next queries (the last ones in),
        so that the first reads after a write do not wait for it (tens of ms at 1 M quads)."""
        if self._idle is None or self._closed:
            return
        idle: list[_Worker] = []
        while not self._idle.empty() and len(idle) < PREOPEN:
            idle.append(self._idle.get_nowait())
        loop = asyncio.get_running_loop()
        to_open = [w for w in idle if w.snapshot != snapshot]
        outcomes = await asyncio.gather(
            *(loop.run_in_executor(self._executor, w.call, replace(_OPEN, snapshot=snapshot)) for w in to_open),
            return_exceptions=True)
        # A worker that died is replaced; one that could not open the snapshot tries again with
        # its next query (as when a query brings a new snapshot).
        failed = {w for w, o in zip(to_open, outcomes, strict=True) if isinstance(o, BaseException)}
        for worker in reversed(idle):  # back in the order they were (last in, first out)
            if worker in failed:
                await self._replace(worker)
            else:
                self._idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker and delete the snapshots."""
        self._closed = True
        if self.lane is not None:
            self.lane.close()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.snapshots.close()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=query_worker.main, args=(child, os.getpid()), daemon=True,
                                    name="pvgraph-query-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.add(worker)
        return worker

    async def _replace(self, worker: _Worker) -> None:
        """Kill a worker and put a fresh one in its place (in the background)."""
        self._workers.discard(worker)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, worker.kill)
        if self._closed:
            return
        fresh = await loop.run_in_executor(self._executor, self._spawn)
        assert self._idle is not None
        self._idle.put_nowait(fresh)


class AnswerCache:
    """Answers of repeated queries, keyed by the store's version (a write empties it in effect).

    Bounded by entries and by bytes in all: ``/sparql`` caches whatever the public asks, so the
    cache must not grow with the variety of queries.
    """

    def __init__(self, entries: int = 256, max_bytes: int = 2 * 1024 * 1024,
                 total_bytes: int = 64 * 1024 * 1024) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self.total_bytes = total_bytes
        self._data: OrderedDict[tuple[Any, ...], QueryAnswer] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> QueryAnswer | None:
        answer = self._data.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._data.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: tuple[Any, ...], answer: QueryAnswer) -> None:
        if len(answer.body) > self.max_bytes:
            return
        if (old := self._data.pop(key, None)) is not None:
            self._bytes -= len(old.body)
        self._data[key] = answer
        self._bytes += len(answer.body)
        while len(self._data) > self.entries or self._bytes > self.total_bytes:
            _key, evicted = self._data.popitem(last=False)
            self._bytes -= len(evicted.body)

    @property
    def size_bytes(self) -> int:
        """Bytes of the answers held."""
        return self._bytes


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

