"""Start ``pvgraph serve`` in its own process for a benchmark, and wait until it answers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def start_pvgraph(store: Path, port: int, env: dict[str, str], *, timeout: float = 120,
                  log: Path | None = None) -> subprocess.Popen[bytes]:
    """``pvgraph serve --no-build`` on ``store`` in its own process group (stop it with killpg).

    ``log``: a file that gets the server's output (its warnings, a 500's traceback); without it
    the output is dropped, and a failure seen by the benchmark cannot be explained afterwards."""
    with open(log, "ab") if log is not None else open(os.devnull, "wb") as out:  # the child keeps its copy
        proc = subprocess.Popen(
            [sys.executable, "-m", "pvgraph", "serve", "--store", str(store), "--port", str(port),
             "--no-build", "--no-access-log"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pvgraph serve exited at start-up{f' (its output: {log})' if log else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("pvgraph serve did not start")


def freeze_code(target: Path) -> dict[str, str]:
    """A copy of ``src/pvgraph`` in ``target``, and the environment that makes a server (and
    every process it starts) run it, with the project's files still read from ROOT.

    Why: a server run from the working tree imports some modules only when first used, and its
    child processes import theirs when they start. A commit landing in the working tree during a
    run (the shared checkout moves on every merge) then mixes two versions in one server: on
    2026-12-05 at 04:38 a merge that added ``messages.Keyed`` made the first submission's lazy
    import of ``pvgraph.reasoning`` fail in a server that had the older ``messages`` loaded — a
    500 in ``bench concurrency``, reproduced by changing the files under a running server."""
    shutil.copytree(ROOT / "src" / "pvgraph", target / "pvgraph",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return {"PYTHONPATH": str(target), "PVGRAPH_ROOT": str(ROOT)}


def code_version() -> str:
    """The commit of the code measured (``-dirty`` with uncommitted changes)."""
    found = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                           capture_output=True, text=True, check=False)
    return found.stdout.strip() or "unknown"


def _metric(base: str, name: str) -> float | None:
    """The sum of a metric's series on ``base``'s /metrics (None when it has none)."""
    text = httpx.get(f"{base}/metrics", timeout=30).text
    values = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
              if line.startswith(name) and (line[len(name)] in " {")]
    return sum(values) if values else None


def wait_mirror(base: str, deadline_s: float) -> float | None:
    """Wait until pvgraph's in-memory copy of its store is loaded (``pvgraph_store_mirror_ready``
    1; it loads in the background at start: queries meanwhile all go to the workers). Returns
    the seconds waited, None if not ready in time or the server keeps no copy."""
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        ready = _metric(base, "pvgraph_store_mirror_ready")
        if ready is None:
            return None
        if ready >= 1:
            return time.monotonic() - started
        time.sleep(1)
    return None


def lane_answers(base: str) -> int:
    """Queries pvgraph answered in its own process from its in-memory copy, since it started."""
    return int(_metric(base, "pvgraph_query_lane_answers") or 0)


def stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started in its own process group: SIGTERM, then SIGKILL after 20 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def free_port() -> int:
    """A TCP port that is free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_store(target: Path) -> float:
    """Build the project's graph into ``target`` with the real command; returns seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pvgraph", "build", "--store", str(target)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def copy_store(source: Path, target: Path) -> None:
    """A private copy of a built store (a RocksDB checkpoint; the source is only read)."""
    ox.Store.read_only(str(source)).backup(str(target))


def prepare_store(target: Path, store_dir: Path | None) -> float | None:
    """Fill ``target`` with the project's graph: a copy of ``store_dir``, else of the store
    `make build` left in var/store, else a fresh build. Returns the build's seconds, if built."""
    if store_dir is None and (ROOT / "var" / "store" / "CURRENT").is_file():
        store_dir = ROOT / "var" / "store"
    if store_dir is not None:
        copy_store(store_dir, target)
        return None
    return build_store(target)


def median_ms(samples: list[float]) -> float:
    """The median of durations in seconds, in milliseconds."""
    return statistics.median(samples) * 1000


def time_get(client: httpx.Client, path: str, headers: dict[str, str], runs: int) -> tuple[float, int]:
    """Median milliseconds of ``runs`` GETs of ``path``, and the size of the last body."""
    samples, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append(time.perf_counter() - start)
        response.raise_for_status()
        size = len(response.content)
    return median_ms(samples), size


def measured(prefix: str, measure: Callable[[Path], T]) -> tuple[T, float, float]:
    """``measure(work)`` in a fresh temporary directory, removed after; with the load average
    (one minute) before and after, which every benchmark's report states."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        before = os.getloadavg()[0]
        result = measure(work)
        return result, before, os.getloadavg()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
