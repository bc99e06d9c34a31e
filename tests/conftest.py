"""Fixtures shared by every test area.

Area-specific fixtures live in each folder's own conftest.py, next to the tests that use them.
"""

from __future__ import annotations

import gc
import os
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from pvgraph.store import EmbeddedStore
from tests.live import free_port

REPO_ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


CONFORMANCE_DIR = REPO_ROOT / "tests" / "conformance"
"""The W3C suites the tests run, copied into the repository (tests/conformance/README.md)."""


def require_or_skip(available: bool, reason: str) -> None:
    """Skip when something outside the project is missing, except in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(name="free_port")
def free_port_fixture() -> int:
    """A free TCP port on the loopback interface."""
    return free_port()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


# -- ``pvgraph serve`` in a process of its own: its store, its start, its children --------------

def closed_store(path: Path, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> None:
    """An on-disk store at ``path`` holding ``quads`` in ``graph`` (not empty: ``serve`` then
    does not build), closed and released — RocksDB lets one process open it for writing, and the
    server's process comes next."""
    store = EmbeddedStore(path)
    store.add_to_graph(graph, list(quads))
    store.close()
    del store
    gc.collect()  # the closed store's lock is released when it is collected


def wait_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait until the server ``proc`` answers ``/healthz``; AssertionError if it dies first (with
    its standard error, when piped) or does not answer in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode() if proc.stderr else "the server died")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not start")


def process_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command's name (0 state, 1 parent, 11-12 CPU
    ticks, 16 niceness), or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[-1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    """The process runs (a zombie is dead)."""
    fields = process_fields(pid)
    return fields is not None and fields[0] != "Z"


def gone_within(pids: Iterable[int], seconds: float) -> bool:
    """Wait up to ``seconds`` for every process of ``pids`` to end; whether they all did."""
    pids = list(pids)
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(alive(pid) for pid in pids)


def children(pid: int) -> dict[int, list[str]]:
    """The live child processes of ``pid``, with their :func:`process_fields`."""
    found = {}
    for entry in os.listdir("/proc"):
        fields = process_fields(int(entry)) if entry.isdigit() else None
        if fields is not None and int(fields[1]) == pid and fields[0] != "Z":
            found[int(entry)] = fields
    return found


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (children, their children…)."""
    found, todo = [], [pid]
    while todo:
        below = list(children(todo.pop()))
        found += below
        todo += below
    return found
