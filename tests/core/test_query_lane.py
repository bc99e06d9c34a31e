"""The lane's rule: only a query seen cheap on this very version runs in the server's process,
and one that outlives the timeout there closes the lane until it ends (pvgraph.query_lane)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph import query_lane
from pvgraph.errors import QueryTimeoutError
from pvgraph.query_lane import Lane
from pvgraph.query_worker import QueryAnswer, QueryJob
from pvgraph.store import EmbeddedStore, Snapshot

EX = "https://example.org/lane/"
JOB = QueryJob(f"SELECT ?o WHERE {{ <{EX}s> <{EX}p> ?o }} LIMIT 5", "json", None, max_rows=100)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "store")
    store.add_to_graph(EX + "g", [ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("1"))])
    mirror = store.mirror()
    assert mirror is not None and mirror.wait_ready(30)
    yield store
    store.close()


def _lane(store: EmbeddedStore, **limits: float) -> Lane:
    mirror = store.mirror()
    assert mirror is not None
    return Lane(mirror, budget=limits.get("budget", 1.0), inline=limits.get("inline", 0.002), threads=2)


def _seen(lane: Lane, job: QueryJob, version: str, seconds: float) -> None:
    """As the pool does after a worker answered ``job`` on the snapshot of ``version``."""
    lane.observe(replace(job, snapshot=Snapshot(version, "/unused", "rocksdb")), seconds)


def test_a_query_never_seen_or_seen_slow_or_seen_on_another_version_is_not_taken(store: EmbeddedStore) -> None:
    lane = _lane(store)
    version = store.version()
    assert asyncio.run(lane.run(JOB, version, timeout=5)) is None  # never seen
    _seen(lane, JOB, version, 2.0)
    assert asyncio.run(lane.run(JOB, version, timeout=5)) is None  # over the budget
    _seen(lane, JOB, "an-older-version", 0.001)
    assert asyncio.run(lane.run(JOB, version, timeout=5)) is None  # cheap, but on other data
    _seen(lane, JOB, version, 0.001)
    answer = asyncio.run(lane.run(JOB, version, timeout=5))
    assert isinstance(answer, QueryAnswer) and b'"1"' in answer.body
    assert lane.answered == lane.inline_answered == 1


def test_a_query_of_a_few_ms_keeps_its_place_across_a_replayed_write_only(store: EmbeddedStore) -> None:
    lane = _lane(store)
    mirror = store.mirror()
    assert mirror is not None
    _seen(lane, JOB, store.version(), 0.001)
    store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> 2 }} }}")  # replayed
    answer = asyncio.run(lane.run(JOB, store.version(), timeout=5))
    assert isinstance(answer, QueryAnswer) and b"2" in answer.body
    assert lane.inline_answered == 0  # carried over: in a thread, under the timeout
    store.update(f"INSERT DATA {{ _:b <{EX}p> 3 }}")  # a fresh blank node in the default graph: loaded again
    assert mirror.wait_ready(30)
    assert asyncio.run(lane.run(JOB, store.version(), timeout=5)) is None
    lane.close()


def test_the_copy_at_another_version_is_not_read(store: EmbeddedStore) -> None:
    lane = _lane(store)
    old = store.version()
    _seen(lane, JOB, old, 0.001)
    store.add_to_graph(EX + "g2", [ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("2"))])
    # A reader that must still see the old version (a write being published) is not answered
    # from the copy, which already holds the new one.
    assert asyncio.run(lane.run(JOB, old, timeout=5)) is None


def test_a_query_that_outlives_the_timeout_closes_the_lane_until_it_ends(
        store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = query_lane.execute

    def stuck(engine: EmbeddedStore, job: QueryJob) -> QueryAnswer:
        if job == JOB:
            release.wait(30)
        return real(engine, job)

    monkeypatch.setattr(query_lane, "execute", stuck)
    lane = _lane(store)
    version = store.version()
    other = replace(JOB, sparql="ASK {}")
    _seen(lane, JOB, version, 0.01)  # over the inline limit: a thread, with the timeout
    _seen(lane, other, version, 0.01)

    async def scenario() -> None:
        with pytest.raises(QueryTimeoutError):
            await lane.run(JOB, version, timeout=0.2)
        assert await lane.run(other, version, timeout=5) is None  # the lane is closed meanwhile
        assert await lane.run(JOB, version, timeout=5) is None  # and that query goes to a worker
        release.set()
        for _ in range(200):  # the stuck query ends: the lane opens again
            await asyncio.sleep(0.01)
            if not lane._overtime:
                break
        assert isinstance(await lane.run(other, version, timeout=5), QueryAnswer)

    asyncio.run(scenario())
    lane.close()
