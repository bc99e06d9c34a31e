"""Throwaway SPARQL servers on loopback (one module per engine), for the tests and benchmarks.

Nothing in the core imports these: they start real engines (``virtuoso-t``, ``oxigraph serve``) in
a temporary directory on free ports, wait until they answer, and stop them.
"""

from __future__ import annotations

import socket

__all__ = ["free_port"]


def free_port() -> int:
    """A TCP port nobody listens on right now, on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
