"""kill -9 at every step of a submission: after a restart, it is whole or absent, never half.

A real ``pvgraph serve`` over a store holding the ontology, the study and the examples with
their inferred graph (as a build leaves it) kills itself (SIGKILL) right after one step of the
transaction (``PVGRAPH_TEST_KILL_AT``, see :mod:`pvgraph.submissions.transaction`); a second
server starts on the same store and files, and what it finds is checked once it has stopped:
every graph and its size, the inferred triples themselves, the files, the submission's page.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from pvgraph.namespaces import (
    INFERRED_GRAPH,
)
from pvgraph.publish.generation import HOLD
from pvgraph.settings import PROJECT_ROOT
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import ACCEPT_STEPS, KILL_AT, WITHDRAW_STEPS, records
from pvgraph.submissions.worker import HOLD as REASONING_HOLD
from pvgraph.submissions.worker import NICENESS
from tests.conftest import children, gone_within, wait_up
from tests.live import free_port
from tests.server.conftest import TOKEN, as_built, source_quads

pytestmark = [pytest.mark.live, pytest.mark.slow]

CONFORMING = PROJECT_ROOT / "data" / "examples" / "submissions" / "conforming.ttl"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@dataclass(frozen=True)
class Snapshot:
    """What a restart must find: graphs and sizes, inferred triples (blank nodes aside), the
    submissions on disk and their phases."""

    graphs: dict[str, int]
    inferred: frozenset[str]
    phases: dict[str, str]


def _snapshot(store_dir: Path, subs: Path) -> Snapshot:
    store = EmbeddedStore(store_dir, read_only=True)
    try:
        graphs = store.graphs()
        inferred = frozenset(str(q.triple) for q in store.quads(str(INFERRED_GRAPH))
                             if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)))
    finally:
        store.close()
        del store
        gc.collect()
    phases = {}
    for sid in records.submission_ids(subs):
        state = records.read_state(subs, sid)
        phases[sid] = state.phase if state else "?"
    return Snapshot(graphs, inferred, phases)


def _named(graphs: dict[str, int]) -> dict[str, int]:
    """Graphs and sizes, the submission's graph (its id differs from run to run) named alike."""
    return {"submission" if g.startswith(records.SUBMISSION_PREFIX) else g: n for g, n in graphs.items()}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed on-disk store: ontology, study, examples, their inferred graph."""
    path = tmp_path_factory.mktemp("seed") / "store"
    store = EmbeddedStore(path)
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in source_quads():
        graphs.setdefault(quad.graph_name.value, []).append(quad)
    for graph, quads in graphs.items():
        store.add_to_graph(graph, quads)
    as_built(store)
    store.close()
    del store
    gc.collect()
    return path


class Server:
    """``pvgraph serve`` in its own process group, on a store (a copy of the seed, or a remote one)."""

    def __init__(self, store: Path | str, subs: Path, env: dict[str, str] | None = None) -> None:
        self.store, self.subs, self.port = store, subs, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, kill_at: str | None = None) -> None:
        env = {**os.environ, "PVGRAPH_UPDATE_TOKEN": TOKEN, "PVGRAPH_SUBMISSIONS_DIR": str(self.subs),
               "PVGRAPH_MAX_CONCURRENT_QUERIES": "1", "PVGRAPH_PUBLISH_DIR": str(self.subs.parent / "publish"),
               HOLD: "600",  # the publication child waits (and dies with the server): less load
               **self.env}
        env.pop(KILL_AT, None)
        if kill_at is not None:
            env[KILL_AT] = kill_at
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pvgraph", "serve", "--store", str(self.store), "--port", str(self.port),
             "--no-build", "--no-access-log"],
            env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )
        wait_up(self.url, self.proc, 90)

    def died_by_sigkill(self) -> bool:
        assert self.proc is not None
        return self.proc.wait(60) == -signal.SIGKILL

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(30)
        if self.proc is not None:  # the workers of a killed server leave by themselves
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None


@pytest.fixture
def server(seed: Path, tmp_path: Path) -> Iterator[Server]:
    shutil.copytree(seed, tmp_path / "store")
    live = Server(tmp_path / "store", tmp_path / "subs")
    try:
        yield live
    finally:
        live.stop()


def _submit(server: Server, data: bytes) -> httpx.Response | None:
    """POST the submission; None when the server died before answering."""
    try:
        return httpx.post(f"{server.url}/submissions", content=data,
                          headers={"Content-Type": "text/turtle", **AUTH}, timeout=180)
    except httpx.TransportError:
        return None


@pytest.fixture(scope="module")
def accepted(seed: Path, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """What the store holds after the submission, accepted without a crash (the reference)."""
    tmp = tmp_path_factory.mktemp("reference")
    shutil.copytree(seed, tmp / "store")
    live = Server(tmp / "store", tmp / "subs")
    try:
        live.start()
        r = _submit(live, CONFORMING.read_bytes())
        assert r is not None and r.status_code == 201, r.text if r is not None else "no answer"
    finally:
        live.stop()
    return _snapshot(tmp / "store", tmp / "subs")


EMBEDDED_STEPS = [s for s in ACCEPT_STEPS if s != "data-partial"]  # one data update when embedded


@pytest.mark.parametrize("step", EMBEDDED_STEPS)
def test_a_kill_at_any_step_leaves_the_submission_whole_or_absent(
    step: str, server: Server, seed: Path, accepted: Snapshot
) -> None:
    before = _snapshot(server.store, server.subs)
    server.start(kill_at=step)
    answer = _submit(server, CONFORMING.read_bytes())
    assert answer is None and server.died_by_sigkill(), "the server was to die at this step"
    server.stop()
    crashed = _snapshot(server.store, server.subs)  # what the crash left, to reconcile
    assert list(crashed.phases.values()) == ["storing" if step != "accepted" else "accepted"]
    server.start()  # the restart reconciles before it serves
    listing = httpx.get(f"{server.url}/submissions", headers=AUTH, timeout=30)
    server.stop()
    after = _snapshot(server.store, server.subs)
    assert [g for g in after.graphs if g.startswith(records.SCRATCH_PREFIX)] == []
    if step == "accepted":  # the commit point was passed: whole, entailments included
        assert list(after.phases.values()) == ["accepted"]
        assert _named(after.graphs) == _named(accepted.graphs)
        assert after.inferred == accepted.inferred
        assert [s["id"] for s in listing.json()["submissions"]] == list(after.phases)
    else:  # absent: as before, to the triple
        assert after.phases == {} and listing.json()["submissions"] == []
        assert after.graphs == before.graphs
        assert after.inferred == before.inferred
        assert not any(p.name.startswith(".incoming-") for p in server.subs.iterdir())


@pytest.mark.parametrize("step", WITHDRAW_STEPS)
def test_a_kill_at_any_step_of_a_withdrawal_is_finished_at_restart(step: str, server: Server) -> None:
    before = _snapshot(server.store, server.subs)
    server.start()
    r = _submit(server, CONFORMING.read_bytes())
    assert r is not None and r.status_code == 201, r.text if r is not None else "no answer"
    sid = r.json()["id"]
    server.stop()
    server.start(kill_at=step)
    try:
        answer: httpx.Response | None = httpx.delete(f"{server.url}/submissions/{sid}", headers=AUTH, timeout=180)
    except httpx.TransportError:
        answer = None
    assert answer is None and server.died_by_sigkill(), "the server was to die at this step"
    server.stop()
    server.start()  # the restart finishes the withdrawal before it serves
    page = httpx.get(f"{server.url}/submissions/{sid}", headers=AUTH, timeout=30)
    server.stop()
    assert page.status_code == 200 and page.json()["status"] == "withdrawn"
    after = _snapshot(server.store, server.subs)
    assert after.phases == {sid: "withdrawn"}
    assert after.graphs == before.graphs  # data, provenance and every leftover graph gone
    assert after.inferred == before.inferred  # and what it entailed
    assert sorted(p.name for p in (server.subs / sid).iterdir()) == ["record.json", "state.json"]


def test_a_server_killed_while_its_child_reasons_takes_the_child_along_and_undoes_at_restart(
    server: Server, accepted: Snapshot
) -> None:
    """kill -9 of the server (only it) while the submissions' child process reasons: the child
    dies with it, and the restart finds the submission absent; a new submission is accepted
    whole, entailments included."""
    before = _snapshot(server.store, server.subs)
    server.env = {REASONING_HOLD: "600"}
    server.start()
    assert server.proc is not None
    answers: list[httpx.Response | None] = []
    sending = threading.Thread(target=lambda: answers.append(_submit(server, CONFORMING.read_bytes())))
    sending.start()
    deadline = time.monotonic() + 60
    child = None
    while child is None and time.monotonic() < deadline:
        phases = [records.read_state(server.subs, s) for s in records.submission_ids(server.subs)]
        niced = [pid for pid, fields in children(server.proc.pid).items() if int(fields[16]) == NICENESS]
        if niced and any(p is not None and p.phase == "storing" for p in phases):
            child = niced[0]  # the data is stored, the child holds on before it reasons
        time.sleep(0.2)
    assert child is not None, "the submissions' child process did not start"
    time.sleep(1)
    os.kill(server.proc.pid, signal.SIGKILL)  # the server only, not its process group
    sending.join(60)
    assert answers == [None]
    assert gone_within([child], 10), "the child outlived the server"
    server.stop()
    server.env = {}
    server.start()  # reconciles: the submission cut while storing is undone
    server.stop()
    after = _snapshot(server.store, server.subs)
    assert after.phases == {} and after.graphs == before.graphs and after.inferred == before.inferred
    server.start()
    r = _submit(server, CONFORMING.read_bytes())
    server.stop()
    assert r is not None and r.status_code == 201, r.text if r is not None else "no answer"
    whole = _snapshot(server.store, server.subs)
    assert _named(whole.graphs) == _named(accepted.graphs) and whole.inferred == accepted.inferred


