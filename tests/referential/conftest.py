"""Fixtures for the referential tests: the committed RDF, its counts, and the npm package itself."""

from __future__ import annotations

import json
import os
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pvgraph.referential import PACKAGE_VERSION, VINTAGE, Package, fetch_package, iter_triples
from pvgraph.settings import PROJECT_ROOT
from tests.conftest import require_or_skip

REFERENTIAL_DIR = PROJECT_ROOT / "data" / "referential"
REFERENTIAL_FILE = REFERENTIAL_DIR / f"referential-{VINTAGE}.nt.gz"
FIXTURE_PACKAGE = Path(__file__).parent / "fixtures" / "package"
# Where scripts/build_referential.py and the fixture below cache the unpacked npm package (not committed).
PACKAGE_CACHE = Path(
    os.environ.get(
        "PVGRAPH_REFERENTIAL_PACKAGE",
        Path.home() / ".cache" / "pvgraph" / f"decoupage-administratif-{PACKAGE_VERSION}" / "package" / "data",
    )
)


@dataclass
class Index:
    """The referential file, indexed the few ways the tests need."""

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_predicate: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    triples: int = 0

    def subjects_of_type(self, cls: str) -> set[str]:
        return {s for s, types in self.types.items() if cls in types}


def index_file(path: Path) -> Index:
    index = Index()
    for triple in iter_triples(path):
        index.triples += 1
        s, p, o = triple.subject.value, triple.predicate.value, triple.object.value
        if p.endswith("22-rdf-syntax-ns#type"):
            index.types[s].add(o)
        else:
            index.by_predicate[p].append((s, o))
    return index


@pytest.fixture(scope="session")
def referential() -> Index:
    assert REFERENTIAL_FILE.is_file(), f"{REFERENTIAL_FILE} is missing: run scripts/build_referential.py"
    return index_file(REFERENTIAL_FILE)


@pytest.fixture(scope="session")
def recorded_counts() -> dict:
    return json.loads((REFERENTIAL_DIR / "counts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_package() -> Package:
    return Package.read(FIXTURE_PACKAGE)


@pytest.fixture(scope="session")
def package_data() -> Path:
    """The npm package's data/ folder, fetched from the registry (``npm pack``) on first use."""
    if (PACKAGE_CACHE / "communes.json").is_file():
        return PACKAGE_CACHE
    require_or_skip(shutil.which("npm") is not None,
                    "npm is not installed, so the package cannot be fetched to compare with")
    return fetch_package(PACKAGE_CACHE.parent.parent)
