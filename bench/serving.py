"""Start ``pvgraph serve`` in its own process for a benchmark, and wait until it answers."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def start_pvgraph(store: Path, port: int, env: dict[str, str], *, timeout: float = 120) -> subprocess.Popen[bytes]:
    """``pvgraph serve --no-build`` on ``store`` in its own process group (stop it with killpg)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pvgraph", "serve", "--store", str(store), "--port", str(port),
         "--no-build", "--no-access-log"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("pvgraph serve exited at start-up")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("pvgraph serve did not start")
