"""Queries seen cheap on this very version of the data are answered in the server's process,
from the store's in-memory copy, with the same bytes a worker gives (pvgraph.query_lane)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pvgraph.server.state import app_state
from tests.server.conftest import EX, Live, live_server, sample_quads

pytestmark = pytest.mark.live

FRESH = {"Cache-Control": "no-cache"}  # computed every time: the answer cache is not read


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("lane"), quads=sample_quads(), max_rows=10) as live:
        mirror = live.store.mirror()
        assert mirror is not None and mirror.wait_ready(30)
        yield live


def _lane_answers(live: Live) -> int:
    text = httpx.get(f"{live.url}/metrics").text
    return sum(int(float(n)) for n in re.findall(r'^pvgraph_query_lane_answers\{path="\w+"\} (\S+)$', text, re.M))


def _ask(live: Live, query: str, accept: str = "application/sparql-results+json") -> httpx.Response:
    response = httpx.post(live.sparql, data={"query": query}, headers={"Accept": accept, **FRESH}, timeout=60)
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize(("query", "accept"), [
    (f"SELECT ?s ?v WHERE {{ ?s <{EX}value> ?v }} ORDER BY ?v LIMIT 5", "application/sparql-results+json"),
    (f"SELECT ?s ?v WHERE {{ ?s <{EX}value> ?v }} ORDER BY ?v LIMIT 5", "text/csv"),
    (f"SELECT ?s ?v WHERE {{ ?s <{EX}value> ?v }} ORDER BY ?v LIMIT 5", "application/sparql-results+xml"),
    (f"ASK {{ ?s <{EX}value> 3 }}", "application/sparql-results+json"),
    # more rows than max_rows (10): cut, and said so, in the lane too
    (f"SELECT ?s WHERE {{ ?s <{EX}value> ?v }} ORDER BY ?s", "application/sparql-results+json"),
    (f"CONSTRUCT {{ ?s <{EX}value> ?v }} WHERE {{ ?s <{EX}value> ?v }} ORDER BY ?v LIMIT 3", "text/turtle"),
], ids=["select-json", "select-csv", "select-xml", "ask", "select-cut", "construct"])
def test_the_second_run_is_answered_in_process_with_the_same_answer(server: Live, query: str, accept: str) -> None:
    before = _lane_answers(server)
    first = _ask(server, query, accept)  # never seen: a worker
    assert _lane_answers(server) == before
    second = _ask(server, query, accept)  # seen cheap on this version: the lane
    assert _lane_answers(server) == before + 1
    assert second.content == first.content
    assert {k: v for k, v in second.headers.items() if k.lower() not in ("date", "server")} == \
        {k: v for k, v in first.headers.items() if k.lower() not in ("date", "server")}


def _update(live: Live, update: str) -> None:
    done = httpx.post(live.sparql, content=update, timeout=60,
                      headers={"Content-Type": "application/sparql-update", **live.auth()})
    assert done.status_code == 204, done.text


def test_after_a_replayed_write_the_next_run_stays_in_process_and_sees_the_write(server: Live) -> None:
    query = f"SELECT ?v WHERE {{ <{EX}thing/lane> <{EX}value> ?v }} LIMIT 5"
    _ask(server, query)
    before = _lane_answers(server)
    assert _ask(server, query).json()["results"]["bindings"] == []
    assert _lane_answers(server) == before + 1
    _update(server, f"INSERT DATA {{ GRAPH <{EX}g1> {{ <{EX}thing/lane> <{EX}value> 99 }} }}")
    # The copy replayed the write, and the query took a few ms: it stays here (in a thread).
    seen = _ask(server, query).json()["results"]["bindings"]
    assert [b["v"]["value"] for b in seen] == ["99"]
    assert _lane_answers(server) == before + 2
    mirror = server.store.mirror()
    assert mirror is not None and mirror.loads == 1  # replayed, never loaded again


def test_after_a_write_the_copy_could_not_replay_the_next_run_goes_to_a_worker(server: Live) -> None:
    query = f"SELECT ?v WHERE {{ <{EX}thing/fresh> <{EX}value> ?v }} LIMIT 5"
    _ask(server, query)
    _ask(server, query)
    mirror = server.store.mirror()
    assert mirror is not None
    loads = mirror.loads
    # A fresh blank node in the default graph: the copy is loaded again from the store.
    _update(server, f"INSERT DATA {{ <{EX}thing/fresh> <{EX}value> 5 . _:b <{EX}value> 6 }}")
    assert mirror.wait_ready(30) and mirror.loads == loads + 1
    before = _lane_answers(server)
    seen = _ask(server, query).json()["results"]["bindings"]
    assert [b["v"]["value"] for b in seen] == ["5"]
    assert _lane_answers(server) == before  # a worker: its cost on this copy is not known
    assert _ask(server, query).json()["results"]["bindings"] == seen
    assert _lane_answers(server) == before + 1


def test_a_named_question_page_is_answered_in_process_too(server: Live) -> None:
    pool = app_state(server.app).runner
    assert pool.lane is not None
    url = f"{server.url}/queries"
    listing = httpx.get(url, headers={"Accept": "application/json"}).json()["queries"]
    name = listing[0]["id"]  # one of the repository's questions (no rows on this store)
    first = httpx.get(f"{url}/{name}", headers={"Accept": "application/sparql-results+json", **FRESH})
    before = _lane_answers(server)
    second = httpx.get(f"{url}/{name}", headers={"Accept": "application/sparql-results+json", **FRESH})
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and _lane_answers(server) == before + 1


def test_without_the_setting_every_query_goes_to_a_worker(tmp_path: Path) -> None:
    with live_server(tmp_path, quads=sample_quads(), query_mirror=False) as live:
        assert app_state(live.app).runner.lane is None
        for _ in range(3):
            _ask(live, "ASK {}")
        assert _lane_answers(live) == 0
