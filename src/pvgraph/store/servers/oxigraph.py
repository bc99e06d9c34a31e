"""A throwaway Oxigraph server (``oxigraph serve``, from PyPI's ``oxigraph``) on loopback.

Started from the ``oxigraph`` program next to the running Python (the virtualenv's bin/), with a
fresh database in a temporary directory, on a free port, *without* ``--union-default-graph``: the
Oxigraph dialect asks for the union per request, so pvgraph works with the server's default
start-up. No authentication: the server only listens on loopback.

Endpoints of a started server: ``/query``, ``/update``, ``/store`` (Graph Store Protocol).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pvgraph.store.servers import ServerProcess, free_port


def find_binary() -> str | None:
    """``oxigraph`` beside the running interpreter (the virtualenv), else on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


@dataclass
class OxigraphServer(ServerProcess):
    """A running ``oxigraph serve``; stop it with :meth:`stop` (or use it as a context manager)."""

    LOG_NAME: ClassVar[str] = "oxigraph.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base}/store"


def start_oxigraph(directory: Path, *, binary: str | None = None, timeout: float = 60.0) -> OxigraphServer:
    """Start ``oxigraph serve`` on a fresh database in ``directory``; wait until /query answers.

    Raises RuntimeError (with the end of its log) when it does not come up in time.
    """
    binary = binary or find_binary()
    if binary is None:
        raise RuntimeError("oxigraph is not installed (pip install oxigraph, in the test extra)")
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = (directory / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}"],
        cwd=directory, stdout=log, stderr=subprocess.STDOUT,
    )
    log.close()
    server = OxigraphServer(process=process, directory=directory, http_port=port)
    deadline = time.monotonic() + timeout
    probe = f"{server.query_url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with status {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"oxigraph did not answer on {server.query_url} in {timeout:.0f} s:\n{server.log()}")
