"""A real Virtuoso 7 for the remote-store tests, started once per session on loopback.

Under CI=true the tests must run: a missing ``virtuoso-t`` fails them (``make system-deps``
installs it). Elsewhere they skip, saying why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from pvgraph.store.servers.virtuoso import (
    PASSWORD,
    USER,
    VirtuosoServer,
    find_binary,
    start_virtuoso,
)


@dataclass(frozen=True)
class Endpoints:
    """Where the test Virtuoso answers, and how to write to it."""

    query_url: str
    update_url: str
    graph_store_url: str
    user: str
    password: str


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoints]:
    binary = find_binary()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is missing under CI=true: run `make system-deps` "
                        "(apt-get install virtuoso-opensource)")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource, or make system-deps)")
    server: VirtuosoServer = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), binary=binary)
    try:
        base = server.query_url
        yield Endpoints(base, server.update_url, base + "-graph-crud-auth", USER, PASSWORD)
    finally:
        server.stop()
