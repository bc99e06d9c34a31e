"""Real SPARQL servers for the remote-store tests: Virtuoso 7, Oxigraph's server, Apache Jena
Fuseki, each started on loopback by its module in :mod:`pvgraph.store.servers`.

``engine`` is parametrised over the three, so a test that takes it (or a fixture built on it)
runs once per engine, and proves the same behaviour on each. Under CI=true a missing Virtuoso or
Oxigraph fails the tests (``make system-deps`` and the test extra install them); elsewhere they
skip, saying why. Fuseki is the exception: its jar comes from Maven Central, which this project's
workplace cannot reach, so where ``scripts/install-system-deps.sh`` found Maven Central out of
reach (``var/fuseki/unreachable``) its tests skip, even under CI=true, and say so once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pvgraph.store.remote import RemoteStore
from pvgraph.store.servers import fuseki, oxigraph, virtuoso
from tests.conftest import REPO_ROOT, require_or_skip

ENGINES = ("virtuoso", "oxigraph", "fuseki")


@dataclass(frozen=True)
class Endpoints:
    """Where a test server answers, and how to write to it."""

    engine: str
    query_url: str
    update_url: str
    graph_store_url: str
    user: str | None
    password: str | None
    auth: str = "digest"

    def store(self, **options: Any) -> RemoteStore:
        """pvgraph's client of this server (``options``: RemoteStore's keyword arguments)."""
        return RemoteStore(self.query_url, update_url=self.update_url, user=self.user,
                           password=self.password, auth=self.auth, engine=self.engine, **options)

    def settings(self) -> dict[str, Any]:
        """The settings naming this server as pvgraph's store, as a user writes them."""
        return {"store": self.query_url, "store_update_url": self.update_url,
                "store_graph_store_url": self.graph_store_url, "store_user": self.user,
                "store_password": self.password, "store_auth": self.auth}


def _virtuoso(directory: Path) -> Iterator[Endpoints]:
    binary = virtuoso.find_binary()
    require_or_skip(binary is not None, "virtuoso-t is not installed "
                    "(apt-get install virtuoso-opensource, or make system-deps)")
    with virtuoso.start_virtuoso(directory, binary=binary) as server:
        yield Endpoints("virtuoso", server.query_url, server.update_url,
                        server.query_url + "-graph-crud-auth", virtuoso.USER, virtuoso.PASSWORD)


def _oxigraph(directory: Path) -> Iterator[Endpoints]:
    binary = oxigraph.find_binary()
    require_or_skip(binary is not None, "oxigraph is not installed (pip install -e '.[test]')")
    with oxigraph.start_oxigraph(directory, binary=binary) as server:
        yield Endpoints("oxigraph", server.query_url, server.update_url, server.graph_store_url,
                        None, None)


FUSEKI_UNREACHABLE = REPO_ROOT / "var" / "fuseki" / "unreachable"


def fuseki_unreachable() -> str | None:
    """Why the Fuseki tests skip, when scripts/install-system-deps.sh could not reach Maven
    Central (its note in ``var/fuseki/unreachable``); None when it did, or has not run."""
    if fuseki.find_jar(REPO_ROOT) is not None or not FUSEKI_UNREACHABLE.is_file():
        return None
    note = FUSEKI_UNREACHABLE.read_text(encoding="utf-8").strip()
    return (f"Apache Jena Fuseki is not available here: Maven Central, the only source of "
            f"{fuseki.ARTIFACT}, cannot be reached ({note}). This workplace reaches PyPI, Debian and "
            "npm only (Debian has Jena 4.5's libraries but no Fuseki; npm's `fuseki` package "
            "downloads it from Apache at install time). `make system-deps` fetches it where Maven "
            "Central is reachable.")


def _fuseki(directory: Path) -> Iterator[Endpoints]:
    unreachable = fuseki_unreachable()
    if unreachable is not None:
        pytest.skip(unreachable)  # not require_or_skip: out of this workplace's reach, CI or not
    jar = fuseki.find_jar(REPO_ROOT)
    require_or_skip(jar is not None, f"Apache Jena Fuseki is not installed: run `make system-deps` "
                    f"(scripts/install-system-deps.sh fetches {fuseki.JAR} from Maven Central)")
    require_or_skip(fuseki.find_java() is not None, "java is not installed (make system-deps)")
    assert jar is not None
    with fuseki.start_fuseki(directory, jar=jar) as server:
        yield Endpoints("fuseki", server.query_url, server.update_url, server.graph_store_url,
                        None, None, auth="basic")


STARTERS = {"virtuoso": _virtuoso, "oxigraph": _oxigraph, "fuseki": _fuseki}


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoints]:
    """Each engine in turn (one server at a time: the previous one stops first)."""
    yield from STARTERS[request.param](tmp_path_factory.mktemp(request.param))


def only_on(endpoints: Endpoints, *engines: str) -> None:
    """Skip a test about one engine's own behaviour on the others."""
    if endpoints.engine not in engines:
        pytest.skip(f"about {' and '.join(engines)} only")

