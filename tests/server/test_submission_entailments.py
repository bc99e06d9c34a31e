"""An accepted submission's entailments: all or nothing, the same as before, from one parse.

Against a real server over a store that holds the repository's ontology, the study and the
examples, with their inferred graph materialised (as a build leaves it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from pvgraph import loading
from pvgraph.namespaces import (
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
)
from pvgraph.reasoning import materialise_increment
from pvgraph.reasoning.derived import retracted_graph
from pvgraph.settings import PROJECT_ROOT
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import KILL_AT, reconcile, records, worker
from pvgraph.submissions.worker import WORKER_STEPS, SubmissionWorker
from tests.server.conftest import Live, as_built, live_server, source_quads

pytestmark = pytest.mark.live

CONFORMING = PROJECT_ROOT / "data" / "examples" / "submissions" / "conforming.ttl"
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("entailments"), quads=source_quads()) as live:
        as_built(live.store)
        yield live


def _state(live: Live) -> tuple[dict[str, int], set[tuple[str, str, str]], list[Path]]:
    """What must not change when a submission fails: every graph and its size, the inferred
    triples themselves, and the files kept on disk."""
    inferred = {(str(q.subject), str(q.predicate), str(q.object)) for q in live.store.quads(str(INFERRED_GRAPH))}
    root = Path(live.settings.submissions_dir)
    files = sorted(p for p in root.rglob("*")) if root.is_dir() else []
    return live.store.graphs(), inferred, files


def _submit(live: Live, data: bytes) -> httpx.Response:
    return httpx.post(f"{live.url}/submissions", content=data,
                      headers={"Content-Type": "text/turtle", **live.auth()}, timeout=120)


def _variant(n: int) -> bytes:
    """conforming.ttl with IRIs of its own, so that each submission entails new triples."""
    return CONFORMING.read_bytes().replace(b"/val-de-brume/", f"/val-de-brume-{n}/".encode())


def _rows_beside_the_submission(graphs: dict[str, int]) -> int:
    """Triples in every graph but the submissions' and the provenance (where entailments go)."""
    return sum(n for g, n in graphs.items() if "/graph/submission/" not in g and g != str(META_GRAPH))


def test_a_failure_midway_through_the_entailments_leaves_the_store_as_it_was(
    server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reasoning in the store itself (a store that makes no checkpoints: remote, in memory)."""
    store = server.store
    before = _state(server)
    baseline = _rows_beside_the_submission(before[0])
    update = store.update
    written: list[int] = []

    def fail_once_something_is_inferred(sparql: str) -> None:
        update(sparql)
        if "\nUSING " in sparql:  # one rule of the materialisation
            rows = _rows_beside_the_submission(store.graphs())
            if rows > baseline:  # entailments have been written somewhere: fail now
                written.append(rows - baseline)
                raise RuntimeError("reasoning failed midway (simulated)")

    monkeypatch.setattr(store, "update", fail_once_something_is_inferred)
    monkeypatch.setattr(SubmissionWorker, "_checkpoint", lambda self: worker._Checkpoint(None))
    r = _submit(server, _variant(1))
    monkeypatch.undo()
    assert r.status_code == 500
    assert written and written[0] > 0, "the failure must come after some entailments were written"
    assert _state(server) == before  # graphs, their sizes, the inferred triples, the files


def test_a_failure_once_the_child_s_entailments_are_written_leaves_the_store_as_it_was(
    server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reasoning in the child process: its entailments are in the scratch graph, the merge fails."""
    store = server.store
    before = _state(server)
    baseline = _rows_beside_the_submission(before[0])
    update = store.update
    written: list[int] = []

    def fail_at_the_merge(sparql: str) -> None:
        if sparql.startswith(f"INSERT {{ GRAPH <{INFERRED_GRAPH}>"):
            written.append(_rows_beside_the_submission(store.graphs()) - baseline)
            raise RuntimeError("merge failed (simulated)")
        update(sparql)

    monkeypatch.setattr(store, "update", fail_at_the_merge)
    r = _submit(server, _variant(5))
    monkeypatch.undo()
    assert r.status_code == 500
    assert written and written[0] > 0, "the child's entailments must have reached the scratch graph"
    assert _state(server) == before


@pytest.mark.parametrize("step", WORKER_STEPS)
def test_a_child_killed_midway_refuses_the_submission_and_keeps_nothing(
    server: Live, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """kill -9 of the submissions' child process (before it validates, or once it has reasoned and
    before it answers): 503, nothing kept; the next submission gets a new child and is accepted."""
    before = _state(server)
    monkeypatch.setenv(KILL_AT, step)
    r = _submit(server, _variant(6))
    monkeypatch.delenv(KILL_AT)
    assert r.status_code == 503, r.text
    assert r.json()["error"] == "unavailable" and "rien n’a été conservé" in r.json()["message"]
    assert _state(server) == before
    r = _submit(server, _variant(6))
    assert r.status_code == 201, r.text


def test_a_failing_flush_takes_the_entailments_back_out(server: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    store = server.store
    before = _state(server)
    flush = store.flush
    added: dict[str, int] = {}

    def failing_flush() -> None:
        flush()
        added["inferred"] = store.graphs()[str(INFERRED_GRAPH)] - before[0][str(INFERRED_GRAPH)]
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(store, "flush", failing_flush)
    r = _submit(server, _variant(2))
    monkeypatch.undo()
    assert r.status_code == 500
    assert added["inferred"] > 0, "the entailments had reached the inferred graph when the flush failed"
    assert _state(server) == before


def test_an_accepted_submission_adds_the_same_entailments_as_before(server: Live) -> None:
    """The same inferred graph as materialise_increment writing straight into it (the old way)."""
    expected = EmbeddedStore()
    expected.replace_contents(server.store)
    before = server.store.graphs()[str(INFERRED_GRAPH)]
    r = _submit(server, _variant(3))
    assert r.status_code == 201, r.text
    graph = r.json()["graph"]
    expected.add_to_graph(graph, server.store.quads(graph))
    # Into a graph of its own, as the transaction does: the derived relations are not monotonic,
    # so what they retract is kept beside it (derived.retracted_graph) and taken out after.
    scratch = "urn:test:entailments"
    report = materialise_increment(expected, ontology_graph=str(ONTOLOGY_GRAPH), new_graph=graph,
                                   target_graph=scratch, inferred_graph=str(INFERRED_GRAPH))

    def triples(store: EmbeddedStore, g: str) -> set[str]:
        return {f"{q.subject} {q.predicate} {q.object}" for q in store.quads(g)}

    added = triples(expected, scratch)
    retracted = triples(expected, retracted_graph(scratch))
    after = triples(server.store, str(INFERRED_GRAPH))
    assert report.added > 0 and len(after) == before + len(added - retracted) - len(retracted)
    assert after == (triples(expected, str(INFERRED_GRAPH)) | added) - retracted
    assert not [g for g in server.store.graphs() if g.startswith(records.SCRATCH_PREFIX)]


def test_the_in_memory_copy_follows_a_submission_without_loading_again(server: Live) -> None:
    """Every write of a submission (its data, provenance with fresh blank nodes, entailments,
    derived relations, their retraction) is replayed on the server's in-memory copy, or its
    graphs copied: the copy is not loaded again from the store (pvgraph.store.mirror)."""
    mirror = server.store.mirror()
    assert mirror is not None and mirror.wait_ready(60)
    loads = mirror.loads
    r = _submit(server, _variant(4))
    assert r.status_code == 201, r.text
    assert mirror.loads == loads and mirror.version() == server.store.version()
    with mirror.reading(server.store.version()) as engine:
        assert engine is not None
        for graph, count in server.store.graphs().items():
            copied = {q for q in engine.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
            kept = set(server.store.quads(graph))
            if any(isinstance(t, ox.BlankNode) for q in kept for t in (q.subject, q.object)):
                assert len(copied) == count, graph  # blank nodes loaded at start got new labels
            else:
                assert copied == kept, graph


def test_an_upload_is_parsed_once(server: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted in this process: the validation that parses runs here, as for a store that makes
    no checkpoints (the child runs the same function, :func:`worker.parse_and_validate`)."""
    monkeypatch.setattr(SubmissionWorker, "_checkpoint", lambda self: worker._Checkpoint(None))
    data = _variant(4)
    parse = loading.ox.parse
    parses: list[int] = []

    def counting(source: object, *args: object, **kwargs: object) -> object:
        if source == data:
            parses.append(1)
        return parse(source, *args, **kwargs)

    monkeypatch.setattr(loading.ox, "parse", counting)
    r = _submit(server, data)
    assert r.status_code == 201, r.text
    assert len(parses) == 1
    stored = server.store.graphs()[r.json()["graph"]]
    assert stored == r.json()["triples"] == len(list(parse(data, ox.RdfFormat.TURTLE, base_iri="http://x/")))
    r = httpx.post(f"{server.url}/validate", content=data, headers={"Content-Type": "text/turtle"}, timeout=120)
    assert r.status_code == 200 and len(parses) == 2


def test_scratch_graphs_left_by_a_crash_are_dropped_at_start(tmp_path: Path) -> None:
    store = EmbeddedStore()
    scratch = records.scratch_graph("0" * 32)
    kept = "http://example.org/kept"
    triple = ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c"))
    store.add_to_graph(scratch, [triple])
    store.add_to_graph(kept, [triple])
    assert reconcile(tmp_path / "absent", store).dropped == [scratch]
    assert set(store.graphs()) == {kept}
