"""Throwaway SPARQL servers on loopback (one module per engine), for the tests and benchmarks.

Nothing in the core imports these: they start real engines (``virtuoso-t``, ``oxigraph serve``) in
a temporary directory on free ports, wait until they answer, and stop them.
"""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Self

__all__ = ["ServerProcess", "free_port"]


def free_port() -> int:
    """A TCP port nobody listens on right now, on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A running engine started by one of these modules: its process, its scratch directory (where
    its log is written) and its HTTP port. Stop it with :meth:`stop`, or use it as a context
    manager; each engine's subclass names its log file and its endpoints."""

    LOG_NAME: ClassVar[str] = "server.log"

    process: subprocess.Popen[bytes]
    directory: Path
    http_port: int

    def log(self) -> str:
        """The end of the engine's log, for the error that says why it did not come up."""
        path = self.directory / self.LOG_NAME
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        """Terminate the engine, and kill it if it has not stopped within 30 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
