"""A runaway query cannot knock the server over: the timeout kills its worker (the CPU is freed),
the event loop keeps answering while it runs, extra queries get 503, big bodies get 413."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from pvgraph.server.state import app_state
from tests.conftest import alive, closed_store, descendants, gone_within, process_fields, wait_up
from tests.server.conftest import RUNAWAY, Live, live_server, sample_quads

pytestmark = [pytest.mark.live, pytest.mark.slow]

# Six unconstrained patterns over ~30 triples: about 10^9 solutions, far beyond any timeout.


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("guarded"), quads=sample_quads(),
                     query_timeout=10, max_concurrent_queries=2, query_queue_timeout=0.5,
                     max_body_bytes=2000) as server:
        yield server


def _in_background(live: Live, results: dict[str, httpx.Response], key: str) -> threading.Thread:
    def go() -> None:  # each its own text: the same question asked twice at once is run once
        results[key] = httpx.get(live.sparql, params={"query": f"{RUNAWAY}\n# {key}"}, timeout=60)

    thread = threading.Thread(target=go)
    thread.start()
    return thread


def _wait_busy(live: Live, n: int) -> None:
    runner = app_state(live.app).runner
    deadline = time.monotonic() + 10
    while runner.busy() < n:
        assert time.monotonic() < deadline, "the runaway queries never started"
        time.sleep(0.02)


def test_runaway_queries_are_stopped_and_nothing_blocks(guarded: Live) -> None:
    runner = app_state(guarded.app).runner
    results: dict[str, httpx.Response] = {}
    first = _in_background(guarded, results, "first")
    _wait_busy(guarded, 1)

    # While a long query runs, ASK {} and /healthz answer (the slow one is still running after).
    ask = httpx.get(guarded.sparql, params={"query": "ASK {}"}, timeout=60)
    health = httpx.get(f"{guarded.url}/healthz", timeout=60)
    assert ask.status_code == 200 and ask.json()["boolean"] is True
    assert health.status_code == 200
    assert first.is_alive(), "the slow query ended before the quick ones: the test proves nothing"

    # Both workers busy: one more query waits query_queue_timeout, then 503 "busy".
    second = _in_background(guarded, results, "second")
    _wait_busy(guarded, 2)
    before = set(runner.pids())  # the two workers running the runaway queries
    # A query seen cheap is still answered, computed (no-cache), in the server's process from
    # the store's in-memory copy (pvgraph.query_lane): the busy workers do not hold it up.
    mirror = guarded.store.mirror()
    assert mirror is not None and mirror.wait_ready(30)
    lane = httpx.get(guarded.sparql, params={"query": "ASK {}"}, timeout=60,
                     headers={"Cache-Control": "no-cache"})
    assert lane.status_code == 200 and lane.json()["boolean"] is True
    # A query never seen needs a worker: it waits query_queue_timeout, then gets 503 "busy".
    busy = httpx.get(guarded.sparql, params={"query": "ASK { ?s <urn:pvgraph:test:unseen> ?o }"},
                     timeout=60, headers={"Cache-Control": "no-cache"})
    assert busy.status_code == 503 and busy.json()["error"] == "busy"
    assert httpx.get(f"{guarded.url}/healthz").status_code == 200

    first.join(60)
    second.join(60)
    for key in ("first", "second"):
        assert results[key].status_code == 503
        body = results[key].json()
        assert body["error"] == "timeout" and "10 s" in body["message"]

    # The workers that ran them were killed (their CPU is free) and replaced.
    deadline = time.monotonic() + 10
    while len(runner.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    after = set(runner.pids())
    killed = before - after
    assert len(killed) == 2 and len(after) == 2
    assert not any(alive(pid) for pid in killed)
    assert httpx.get(guarded.sparql, params={"query": "ASK {}"}).json()["boolean"] is True
    metrics = httpx.get(f"{guarded.url}/metrics").text
    assert "pvgraph_query_timeouts_total 2.0" in metrics
    assert "pvgraph_query_rejected_busy_total 1.0" in metrics


def test_body_limit_declared(guarded: Live) -> None:
    query = "ASK { " + "# padding\n" * 300 + "}"
    r = httpx.post(guarded.sparql, content=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.json()["error"] == "too-large"


def test_body_limit_streamed(guarded: Live) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"ASK { "
        for _ in range(300):
            yield b"# padding\n"
        yield b"}"

    r = httpx.post(guarded.sparql, content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_small_bodies_pass(guarded: Live) -> None:
    r = httpx.post(guarded.sparql, content="ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200


def test_workers_die_with_a_killed_server(tmp_path) -> None:
    """kill -9 gives the server no chance to stop its workers: they must notice and exit."""
    import signal

    from tests.live import free_port
    from tests.server.test_submissions import _start

    closed_store(tmp_path / "store", "http://example.org/g", sample_quads())
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _start(tmp_path / "store", tmp_path / "subs", port)
    try:
        wait_up(url, proc)
        runaway = threading.Thread(target=lambda: _quietly(url), daemon=True)
        runaway.start()
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while not workers and time.monotonic() < deadline:  # the worker busy with the query
            before = {pid: _cpu_ticks(pid) for pid in descendants(proc.pid)}
            time.sleep(0.5)
            # an idle worker uses no CPU; a busy one gets at least 50 ms in 0.5 s even on a loaded machine
            workers = [pid for pid, ticks in before.items() if _cpu_ticks(pid) - ticks > 5]
        assert workers, "no worker picked up the runaway query"
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # the server only, not its process group
        proc.wait(30)
    assert gone_within(workers, 20)


def _quietly(url: str) -> None:
    with contextlib.suppress(httpx.HTTPError):
        httpx.get(f"{url}/sparql", params={"query": RUNAWAY}, timeout=120)


def _cpu_ticks(pid: int) -> int:
    fields = process_fields(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0  # utime + stime
