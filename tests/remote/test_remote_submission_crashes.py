"""kill -9 at every step of a large submission to a ``pvgraph serve`` over each remote engine
(Virtuoso, Oxigraph's server, Fuseki where installed): after a restart it is whole (its
entailments included) or absent, to the triple.

The submission is larger than one request to Virtuoso (its ``chunk_size``), so there the data
goes in several requests and ``data-partial`` (a crash between two of them) is a step. The
accepted case is then withdrawn over HTTP, which recomputes the inferred graph in the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from pvgraph.build import build_project
from pvgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from pvgraph.reasoning import materialise_increment
from pvgraph.settings import Settings
from pvgraph.store import open_store
from pvgraph.store.remote import RemoteStore
from pvgraph.submissions import ACCEPT_STEPS, records
from tests.server.conftest import TOKEN
from tests.server.test_submission_crashes import Server

from .conftest import Endpoints
from .test_remote_build import project_copy
from .test_remote_serve import _large_submission, drop_pvgraph_graphs, remote_settings

pytestmark = [pytest.mark.remote, pytest.mark.live, pytest.mark.slow]

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@dataclass
class Built:
    settings: Settings
    store: RemoteStore
    env: dict[str, str]
    work: Path


@pytest.fixture(scope="module")
def built(engine: Endpoints, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = project_copy(tmp_path_factory.mktemp("crash-project")).root
    work = tmp_path_factory.mktemp("crash-work")
    settings = remote_settings(engine, root, work, update_token=TOKEN)
    store = open_store(settings)
    assert isinstance(store, RemoteStore)
    drop_pvgraph_graphs(store)
    build_project(settings, store)
    env = {f"PVGRAPH_{name.upper()}": str(value) for name, value in engine.settings().items()
           if value is not None and name != "store"}
    env.update({"PVGRAPH_ROOT": str(root), "PVGRAPH_QUERY_TIMEOUT": "60"})
    try:
        yield Built(settings, store, env, work)
    finally:
        drop_pvgraph_graphs(store)


def _inferred(store: RemoteStore) -> set[str]:
    return {str(q.triple) for q in store.quads(str(INFERRED_GRAPH))
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def _phases(subs: Path) -> dict[str, str]:
    return {sid: state.phase for sid in records.submission_ids(subs)
            if (state := records.read_state(subs, sid)) is not None}


@pytest.mark.parametrize("step", ACCEPT_STEPS)
def test_a_kill_at_any_step_on_a_remote_store_leaves_it_whole_or_absent(step: str, built: Built, tmp_path: Path) -> None:
    store, subs = built.store, tmp_path / "subs"
    data = _large_submission()
    before_graphs, before_inferred = store.graphs(), _inferred(store)
    server = Server(built.settings.store, subs, built.env)
    try:
        server.start(kill_at=step)
        try:
            answer: httpx.Response | None = httpx.post(
                f"{server.url}/submissions", content=data, headers={"Content-Type": "text/turtle", **AUTH},
                timeout=300)
        except httpx.TransportError:
            answer = None
        if answer is not None and step == "data-partial":  # this engine took all the data at once
            assert answer.status_code == 201, answer.text
            assert len(list(ox.parse(data, ox.RdfFormat.TURTLE))) <= (built.store.chunk_size or 0)
            httpx.delete(answer.headers["location"], headers=AUTH, timeout=600).raise_for_status()
            return
        assert answer is None and server.died_by_sigkill(), "the server was to die at this step"
        server.stop()
        assert list(_phases(subs).values()) == ["storing" if step != "accepted" else "accepted"]
        server.start()  # reconciles before it serves
        after = store.graphs()
        assert not [g for g in after if g.startswith((records.SCRATCH_PREFIX, records.REBUILD_PREFIX))]
        if step != "accepted":
            assert _phases(subs) == {}
            assert after == before_graphs and _inferred(store) == before_inferred
            return
        (sid, phase), = _phases(subs).items()
        graph = records.graph_iri(sid)
        assert phase == "accepted" and after[graph] == len(list(ox.parse(data, ox.RdfFormat.TURTLE)))
        # Its entailments are all there: computing them again adds nothing.
        check = f"{records.REBUILD_PREFIX}check"
        try:
            again = materialise_increment(store, ontology_graph=str(ONTOLOGY_GRAPH), new_graph=graph,
                                          target_graph=check)
        finally:
            store.drop_graph(check)
        assert again.added == 0 and _inferred(store) > before_inferred
        # Withdrawn over HTTP: the inferred graph is recomputed in the engine, as it was before.
        gone = httpx.delete(f"{server.url}/submissions/{sid}", headers=AUTH, timeout=600)
        assert gone.status_code == 200, gone.text
        assert store.graphs() == before_graphs and _inferred(store) == before_inferred
    finally:
        server.stop()
