"""Fixtures shared by every test area.

Area-specific fixtures live in each folder's own conftest.py, next to the tests that use them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
