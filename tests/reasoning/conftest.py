"""The fixture ontology, parsed once per session."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from .helpers import FIXTURES, quads_of


@pytest.fixture(scope="session")
def fixture_ontology() -> list[ox.Quad]:
    return quads_of([FIXTURES / "ontology.ttl"])
