"""The publication child process never outlives the server: not after a kill -9, not after a
clean stop (on the national graph it holds hundreds of MB).

A real ``pvgraph serve`` starts publishing its store at once; ``PVGRAPH_TEST_PUBLISH_HOLD``
makes the child wait ten minutes before working, so that the test finds it running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pvgraph.publish.generation import HOLD, Children, PublicationStoppedError, _in_child
from pvgraph.settings import PROJECT_ROOT
from pvgraph.submissions.worker import NICENESS
from tests.conftest import alive, children, closed_store, gone_within, wait_up
from tests.live import free_port
from tests.server.conftest import sample_quads

pytestmark = [pytest.mark.live, pytest.mark.slow]


def _publication_children(pid: int, *, niceness: int = 0) -> list[int]:
    """The server's spawned children running multiprocessing's spawn_main (the query workers
    come from the forkserver, whose command line differs) at this niceness: 0 for the
    publication, :data:`NICENESS` for the submissions' child process."""
    found = []
    for child, fields in children(pid).items():
        try:
            with open(f"/proc/{child}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except OSError:
            continue
        if int(fields[16]) == niceness and b"spawn_main" in cmdline:
            found.append(child)
    return found


def _serve(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    closed_store(tmp / "store", "http://example.org/g", sample_quads())
    port = free_port()
    env = {**os.environ, HOLD: "600", "PVGRAPH_PUBLISH_DIR": str(tmp / "publish"),
           "PVGRAPH_SUBMISSIONS_DIR": str(tmp / "subs"), "PVGRAPH_MAX_CONCURRENT_QUERIES": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pvgraph", "serve", "--store", str(tmp / "store"), "--port", str(port),
         "--no-build", "--no-access-log"],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_up(url, proc)
    return proc, url


def _the_child(proc: subprocess.Popen[bytes], niceness: int = 0) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = _publication_children(proc.pid, niceness=niceness)
        if found:
            assert len(found) == 1
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the server started no publication child")


@pytest.mark.parametrize("how", ["kill -9", "clean stop"])
def test_the_publication_child_dies_with_the_server(tmp_path: Path, how: str) -> None:
    """And so does the submissions' child process, which ``pvgraph serve`` starts at once."""
    proc, url = _serve(tmp_path)
    child = None
    try:
        child = _the_child(proc)
        submissions_child = _the_child(proc, NICENESS)
        assert httpx.get(f"{url}/catalog", headers={"Accept": "text/turtle"}, timeout=60).status_code == 503
        if how == "kill -9":
            os.kill(proc.pid, signal.SIGKILL)  # the server only, not its process group
            proc.wait(30)
        else:
            os.kill(proc.pid, signal.SIGTERM)
            assert proc.wait(30) in (0, -signal.SIGTERM)  # without waiting for the ten-minute child
        assert gone_within([child], 10)
        assert gone_within([submissions_child], 10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
        if child is not None and alive(child):  # the failure above: leave nothing behind
            os.kill(child, signal.SIGKILL)


def _boom() -> None:
    raise ValueError("the child's own error")


def test_the_child_s_exception_reaches_the_parent_and_a_stopped_set_starts_nothing() -> None:
    children = Children()
    with pytest.raises(ValueError, match="the child's own error"):
        _in_child(children, _boom)  # type: ignore[arg-type]
    children.stop()
    with pytest.raises(PublicationStoppedError):
        _in_child(children, _boom)  # type: ignore[arg-type]
