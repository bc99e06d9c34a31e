"""The worker pool on its own (no HTTP): a cancelled request never leaves its worker behind."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.query_pool import AnswerCache, WorkerCrashedError
from pvgraph.query_worker import QueryAnswer, QueryJob, execute
from pvgraph.store import EmbeddedStore
from tests.server.conftest import EX, runaway_under_way, sample_quads, started_pool


def test_a_cancelled_request_does_not_leave_a_busy_worker_in_the_pool(sample_store: EmbeddedStore) -> None:
    async def scenario() -> None:
        async with started_pool(sample_store) as pool:
            busy = await runaway_under_way(pool)
            first = set(pool.pids())
            busy.cancel()
            with pytest.raises(asyncio.CancelledError):
                await busy
            answer = await pool.run(QueryJob("ASK { ?s ?p ?o }", "json", None), timeout=20)
            assert json.loads(answer.body)["boolean"] is True
            assert set(pool.pids()).isdisjoint(first)  # the interrupted worker was replaced

    asyncio.run(scenario())


def test_the_answer_cache_is_bounded_by_bytes_as_well_as_entries() -> None:
    cache = AnswerCache(entries=100, max_bytes=40, total_bytes=100)
    answers = [QueryAnswer("select", "text/plain", bytes(30))
               for _ in range(5)]
    for i, a in enumerate(answers):
        cache.put(("v", i), a)
    assert cache.size_bytes <= 100
    assert cache.get(("v", 0)) is None and cache.get(("v", 4)) is answers[4]
    cache.put(("v", "big"), QueryAnswer("select", "text/plain", bytes(41)))
    assert cache.get(("v", "big")) is None  # one answer over max_bytes is not kept
    cache.put(("v", 4), answers[4])  # the same key again is not counted twice
    assert cache.size_bytes == 90


def test_a_snapshot_handed_to_a_query_is_not_deleted_before_its_worker_opens_it(tmp_path: Path) -> None:
    # A write between handing a snapshot out and the worker opening it made collect() delete it:
    # the query failed with "cannot open the store" (502) under concurrent writes.
    from pvgraph.query_pool import SnapshotMaker

    store = EmbeddedStore(tmp_path / "store")
    store.add_to_graph(EX + "g", sample_quads())
    maker = SnapshotMaker(store)
    handed = maker.current(pin=True)
    store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}new> <{EX}p> 1 }} }}")
    newer = maker.current()
    assert newer != handed
    maker.collect(set())
    assert Path(handed.path).exists()  # pinned: kept
    maker.release(handed)
    maker.collect(set())
    assert not Path(handed.path).exists() and Path(newer.path).exists()
    maker.close()
    store.close()


def test_a_long_answer_comes_whole_through_the_workers_socket(tmp_path: Path) -> None:
    # Far longer than a socket's buffer: the loop reads it in many chunks as the worker writes it.
    store = EmbeddedStore(tmp_path / "store")
    store.add_to_graph(EX + "g", [ox.Quad(ox.NamedNode(f"{EX}s/{i}"), ox.NamedNode(EX + "text"),
                                          ox.Literal(f"{i} " + "é" * 200), ox.NamedNode(EX + "g"))
                                  for i in range(10_000)])
    job = QueryJob("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None, "ntriples")

    async def scenario() -> QueryAnswer:
        async with started_pool(store) as pool:
            return await pool.run(job, timeout=60)

    answer = asyncio.run(scenario())
    assert len(answer.body) > 4_000_000 and answer.count == 10_000
    assert answer == execute(store, job)  # the bytes the worker wrote, all of them
    store.close()


def test_a_worker_that_dies_mid_query_is_an_error_and_is_replaced(sample_store: EmbeddedStore) -> None:
    async def scenario() -> None:
        async with started_pool(sample_store) as pool:
            busy = await runaway_under_way(pool)
            await asyncio.sleep(0.2)  # the job is in the worker
            (pid,) = pool.pids()
            os.kill(pid, signal.SIGKILL)
            with pytest.raises(WorkerCrashedError, match=str(pid)):
                await busy
            answer = await pool.run(QueryJob("ASK { ?s ?p ?o }", "json", None), timeout=20)
            assert json.loads(answer.body)["boolean"] is True
            assert pid not in pool.pids()

    asyncio.run(scenario())
