"""``pvgraph serve`` as a process: its access log (written by its own thread) keeps every line,
and SIGTERM stops it cleanly — the lifespan's shutdown, the store closed, exit status 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from pvgraph.store import EmbeddedStore
from tests.conftest import closed_store

pytestmark = [pytest.mark.live, pytest.mark.slow]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_the_access_log_keeps_every_line_and_sigterm_stops_cleanly(tmp_path: Path, free_port: int) -> None:
    closed_store(tmp_path / "store", "http://example.org/seed", [ox.Triple(
        ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c"))])
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PVGRAPH_")}
    url = f"http://127.0.0.1:{free_port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pvgraph", "serve", "--store", str(tmp_path / "store"),
             "--port", str(free_port), "--no-build"],  # the access log on: the default
            env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not start"
                try:
                    if httpx.get(f"{url}/healthz?start", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            with httpx.Client(base_url=url) as client:
                for i in range(200):
                    client.get(f"/healthz?n={i}").raise_for_status()
                client.get("/sparql", params={"query": "ASK {}"}).raise_for_status()
                assert client.get("/nothing/here").status_code == 404
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(60) == 0  # after uvicorn's graceful shutdown, not killed by the signal
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(30)
    text = log.read_text()
    for i in range(200):
        assert f'"GET /healthz?n={i} HTTP/1.1" 200' in text
    assert '"GET /sparql?query=ASK+%7B%7D HTTP/1.1" 200' in text
    assert '"GET /nothing/here HTTP/1.1" 404' in text
    assert text.index("Application shutdown complete") > text.index("/nothing/here")
    store = EmbeddedStore(tmp_path / "store")  # closed by the server: opens again, whole
    try:
        assert store.query("ASK { ?s ?p ?o }", union_default_graph=True).boolean is True
    finally:
        store.close()
