"""The command line on each remote engine, as a user runs it: ``pvgraph build --store URL``,
``pvgraph query NAME --store URL`` and ``pvgraph serve --store URL`` in real processes, with the
store's URLs and credentials in the environment (PVGRAPH_*), as docs/remote-stores.md tells.

The answers are compared with the same commands on an embedded store built from the same project
(the referential slice of ``test_remote_build.project_copy``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pvgraph.queries import load_queries
from pvgraph.store.remote import results_from_json
from tests.live import free_port

from .conftest import Endpoints
from .test_remote_build import answer, concatenated_columns, project_copy

pytestmark = [pytest.mark.remote, pytest.mark.live, pytest.mark.slow]

QUESTIONS = ("case-studies", "objectives-use-cases")


def _env(root: Path, store: str, extra: dict[str, str | None] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PVGRAPH_")}
    env.update({"PVGRAPH_ROOT": str(root), "PVGRAPH_STORE": store,
                "PVGRAPH_SETTINGS_FILE": str(root / "absent.toml")})
    env.update({k: v for k, v in (extra or {}).items() if v is not None})
    return env


def _remote_env(engine: Endpoints, root: Path) -> dict[str, str]:
    values = engine.settings()
    return _env(root, values.pop("store"), {f"PVGRAPH_{k.upper()}": v for k, v in values.items()})


def _pvgraph(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    done = subprocess.run([sys.executable, "-m", "pvgraph", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"pvgraph {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def built(engine: Endpoints, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Endpoints, Path]]:
    """The project built by `pvgraph build` into the engine and into an embedded store."""
    root = project_copy(tmp_path_factory.mktemp("cli-project")).root
    store = engine.store()
    for graph in store.graphs():  # the engine is shared by the session: start from nothing
        store.drop_graph(graph)
    _pvgraph(_remote_env(engine, root), "build")
    _pvgraph(_env(root, str(root / "var" / "store")), "build")
    yield engine, root
    for graph in store.graphs():
        store.drop_graph(graph)


def test_build_gives_the_same_graphs(built: tuple[Endpoints, Path]) -> None:
    engine, root = built
    from pvgraph.store import EmbeddedStore

    embedded = EmbeddedStore(root / "var" / "store", read_only=True)
    assert engine.store().graphs() == embedded.graphs()


@pytest.mark.parametrize("name", QUESTIONS)
def test_query_answers_as_on_the_embedded_store(built: tuple[Endpoints, Path], name: str) -> None:
    engine, root = built
    there = _pvgraph(_remote_env(engine, root), "query", name, "--format", "json", "--all")
    here = _pvgraph(_env(root, str(root / "var" / "store")), "query", name, "--format", "json", "--all")
    columns = concatenated_columns(load_queries(root / "ontology" / "queries")[name].sparql())
    assert (answer(results_from_json(there.encode(), "remote"), columns)
            == answer(results_from_json(here.encode(), "embedded"), columns))
    assert json.loads(there)["results"]["bindings"]


def test_serve_answers_a_named_question(built: tuple[Endpoints, Path]) -> None:
    engine, root = built
    port = free_port()
    env = _remote_env(engine, root)
    env.update({"PVGRAPH_PUBLISH_DIR": str(root / "var" / "publish"),
                "PVGRAPH_SUBMISSIONS_DIR": str(root / "var" / "submissions")})
    process = subprocess.Popen([sys.executable, "-m", "pvgraph", "serve", "--no-build", "--no-access-log",
                                "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "pvgraph serve did not come up"
            time.sleep(0.3)
        response = httpx.get(f"{url}/queries/{QUESTIONS[0]}", params={"limit": 1000},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert response.status_code == 200, response.text
        here = _pvgraph(_env(root, str(root / "var" / "store")), "query", QUESTIONS[0], "--format", "json")
        assert answer(results_from_json(response.content, url)) == answer(results_from_json(here.encode(), "embedded"))
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
