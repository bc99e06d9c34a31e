"""Fixtures shared by every test area.

Area-specific fixtures live in each folder's own conftest.py, next to the tests that use them.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


def conformance_root() -> Path:
    """The shared W3C/SEMIC conformance material (``PVGRAPH_CONFORMANCE_DIR`` overrides)."""
    return Path(os.environ.get("PVGRAPH_CONFORMANCE_DIR", REPO_ROOT.parent / "shared" / "conformance"))


def require_or_skip(available: bool, reason: str) -> None:
    """Skip when something outside the project is missing, except in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def conformance_dir() -> Path:
    root = conformance_root()
    require_or_skip(root.is_dir(), f"the conformance material is not at {root}")
    return root


@pytest.fixture
def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
