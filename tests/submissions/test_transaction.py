"""The submission transaction on its own (no server): accept, replace, withdraw, and what
``reconcile`` does with each phase a crash can leave (tests/server/test_submission_crashes.py
kills a real server at every step)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.errors import AuthError, ForbiddenError, NotFoundError
from pvgraph.namespaces import EXAMPLES_GRAPH, INFERRED_GRAPH, META_GRAPH, ONTOLOGY_GRAPH
from pvgraph.stewards import Steward
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import (
    ConflictError,
    SubmittedFile,
    accept,
    find,
    listing,
    reconcile,
    records,
    replace,
    visible,
    withdraw,
)
from pvgraph.submissions import transaction as tx
from pvgraph.validation import ValidationReport

EX = "http://example.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
A = Steward("commune-a", "https://w3id.org/pvgraph/id/organisation/200000172")
B = Steward("commune-b")
ADMIN = Steward("admin", admin=True)


def _n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


@pytest.fixture
def store() -> EmbeddedStore:
    """An ontology where every Project is an Activity: a submission typed Project entails one triple."""
    store = EmbeddedStore()
    store.add_to_graph(str(ONTOLOGY_GRAPH), [ox.Triple(_n("Project"), ox.NamedNode(RDFS + "subClassOf"),
                                                       _n("Activity"))])
    store.add_to_graph(str(EXAMPLES_GRAPH), [ox.Triple(_n("seed"), TYPE, _n("Project"))])
    store.add_to_graph(str(INFERRED_GRAPH), [ox.Triple(_n("seed"), TYPE, _n("Activity"))])  # as built
    return store


def _quads(thing: str) -> list[ox.Quad]:
    return [ox.Quad(_n(thing), TYPE, _n("Project"))]


def _accept(store: EmbeddedStore, directory: Path, thing: str, steward: Steward = A) -> records.Record:
    return accept(store, directory, quads=_quads(thing), files=[SubmittedFile(f"{thing}.ttl", b"data")],
                  report=ValidationReport([]), steward=steward)


def _graphs(store: EmbeddedStore) -> set[str]:
    """The graphs that hold something (an emptied graph may stay declared)."""
    return {g for g, n in store.graphs().items() if n}


def _inferred(store: EmbeddedStore) -> set[str]:
    return {str(q.triple) for q in store.quads(str(INFERRED_GRAPH))}


def test_accept_stores_data_provenance_entailments_and_files(store: EmbeddedStore, tmp_path: Path) -> None:
    record = _accept(store, tmp_path, "p1")
    assert f"<{EX}p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Activity>" in _inferred(store)
    assert store.graphs()[record.graph] == 1
    assert find(tmp_path, record.id).phase == "accepted"
    assert not [g for g in store.graphs() if g.startswith(records.SCRATCH_PREFIX)]
    assert (tmp_path / record.id / "00-p1.ttl").read_bytes() == b"data"


def test_a_refused_report_is_never_accepted(store: EmbeddedStore, tmp_path: Path) -> None:
    class Refused(ValidationReport):
        conforms = False  # type: ignore[assignment]

    with pytest.raises(ValueError):
        accept(store, tmp_path, quads=_quads("p"), files=[], report=Refused([]), steward=A)
    assert list(records.submission_ids(tmp_path)) == []


def test_withdraw_takes_the_entailments_back_out(store: EmbeddedStore, tmp_path: Path) -> None:
    before_graphs, before = store.graphs(), _inferred(store)
    record = _accept(store, tmp_path, "p1")
    kept = _accept(store, tmp_path, "p2")
    withdraw(store, tmp_path, record.id, A)
    assert record.graph not in store.graphs() and kept.graph in store.graphs()
    assert _inferred(store) == before | {f"<{EX}p2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Activity>"}
    assert find(tmp_path, record.id).phase == "withdrawn"
    assert sorted(p.name for p in (tmp_path / record.id).iterdir()) == ["record.json", "state.json"]
    withdraw(store, tmp_path, kept.id, A)
    assert _graphs(store) == set(before_graphs) and _inferred(store) == before


def test_who_may_do_what(store: EmbeddedStore, tmp_path: Path) -> None:
    record = _accept(store, tmp_path, "p1")
    with pytest.raises(ForbiddenError):
        withdraw(store, tmp_path, record.id, B)
    with pytest.raises(ForbiddenError) as caught:
        replace(store, tmp_path, record.id, quads=_quads("p3"), files=[], report=ValidationReport([]), steward=B)
    assert caught.value.in_language("fr").message.endswith("vous ne pouvez pas la remplacer")
    assert visible(tmp_path, record.id, None).public  # accepted: public
    assert [s.record.id for s in listing(tmp_path, A)] == [record.id] and listing(tmp_path, B) == []
    new = replace(store, tmp_path, record.id, quads=_quads("p3"), files=[], report=ValidationReport([]),
                  steward=ADMIN)
    assert new.who == "admin" and new.replaces == record.id
    with pytest.raises(AuthError):
        visible(tmp_path, record.id, None)  # withdrawn: private
    with pytest.raises(ForbiddenError):
        visible(tmp_path, record.id, B)
    assert visible(tmp_path, record.id, A).replaced_by == new.id
    with pytest.raises(ConflictError):
        withdraw(store, tmp_path, record.id, A)
    with pytest.raises(NotFoundError):
        find(tmp_path, "0" * 32)
    with pytest.raises(NotFoundError):
        find(tmp_path, "../etc")


def test_reconcile_undoes_storing_and_drops_an_accepted_one_s_scratch(store: EmbeddedStore, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    before_graphs, before = store.graphs(), _inferred(store)
    accepted = _accept(store, tmp_path, "p1")
    with_p1 = _inferred(store)
    # A crash of another submission after its entailments were merged (phase still storing):
    # the process dies, so nothing is undone then.
    monkeypatch.setattr(tx, "_step", lambda name: _crash() if name == "marker" else None)
    monkeypatch.setattr(tx, "_undo", lambda *args: None)
    monkeypatch.setattr(records, "remove", lambda *args: None)
    with pytest.raises(_Crash):
        _accept(store, tmp_path, "p2")
    monkeypatch.undo()
    cut = next(i for i in records.submission_ids(tmp_path) if i != accepted.id)
    assert records.read_state(tmp_path, cut).phase == "storing"  # type: ignore[union-attr]
    store.update(f"INSERT DATA {{ GRAPH <{records.scratch_graph(accepted.id)}> {{ <{EX}p1> a <{EX}Activity> }} }}")
    done = reconcile(tmp_path, store)
    assert done.undone == [cut] and records.scratch_graph(accepted.id) in done.dropped
    assert _inferred(store) == with_p1  # p2's entailment gone, p1's kept
    assert list(records.submission_ids(tmp_path)) == [accepted.id]
    assert _graphs(store) == set(before_graphs) | {accepted.graph, str(META_GRAPH)}
    assert before < with_p1


def test_reconcile_finishes_a_withdrawal_and_a_half_done_replacement(store: EmbeddedStore, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    before = _inferred(store)
    first = _accept(store, tmp_path, "p1")
    second = _accept(store, tmp_path, "p2")
    monkeypatch.setattr(tx, "_step", lambda name: _crash() if name == "removed" else None)
    with pytest.raises(_Crash):
        withdraw(store, tmp_path, first.id, A)
    monkeypatch.setattr(tx, "_step", lambda name: _crash() if name == "accepted" else None)
    with pytest.raises(_Crash):  # the replacement is accepted, the old one not withdrawn yet
        replace(store, tmp_path, second.id, quads=_quads("p3"), files=[], report=ValidationReport([]), steward=A)
    monkeypatch.undo()
    done = reconcile(tmp_path, store)
    assert sorted(done.withdrawn) == sorted([first.id, second.id])
    phases = {i: find(tmp_path, i).phase for i in records.submission_ids(tmp_path)}
    assert sorted(phases.values()) == ["accepted", "withdrawn", "withdrawn"]
    assert _inferred(store) == before | {f"<{EX}p3> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Activity>"}
    assert not [g for g in store.graphs() if g.startswith((records.SCRATCH_PREFIX, records.REBUILD_PREFIX))]
    assert str(META_GRAPH) in store.graphs()


def test_a_directory_from_before_the_journal_is_judged_by_its_marker(store: EmbeddedStore, tmp_path: Path) -> None:
    record = _accept(store, tmp_path, "p1")
    (tmp_path / record.id / "state.json").unlink()  # as written by pvgraph before the journal
    assert not reconcile(tmp_path, store).undone
    assert find(tmp_path, record.id).phase == "accepted"


class _Crash(BaseException):
    """Stands for the process dying at a crash point."""


def _crash() -> None:
    raise _Crash


def test_a_journal_that_cannot_say_accepted_undoes_everything(store: EmbeddedStore, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before_graphs, before = store.graphs(), _inferred(store)
    write_state = records.write_state

    def full_disk(directory: Path, submission_id: str, phase: str, **kwargs: object) -> object:
        if phase == "accepted":
            raise OSError(28, "No space left on device (simulated)")
        return write_state(directory, submission_id, phase, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(records, "write_state", full_disk)
    with pytest.raises(OSError):
        _accept(store, tmp_path, "p1")
    assert _graphs(store) == set(before_graphs) and _inferred(store) == before
    assert list(records.submission_ids(tmp_path)) == []


def test_a_failed_withdrawal_or_replacement_is_finished_by_withdrawing_again(
        store: EmbeddedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _inferred(store)
    first = _accept(store, tmp_path, "p1")

    def broken(_store: object) -> None:
        raise RuntimeError("reasoning failed (simulated)")

    monkeypatch.setattr(tx, "rebuild_inferred", broken)
    new = replace(store, tmp_path, first.id, quads=_quads("p2"), files=[], report=ValidationReport([]), steward=A)
    assert find(tmp_path, new.id).phase == "accepted"  # the replacement stands
    assert find(tmp_path, first.id).phase == "withdrawing"
    with pytest.raises(RuntimeError):
        withdraw(store, tmp_path, new.id, A)
    assert find(tmp_path, new.id).phase == "withdrawing"
    monkeypatch.undo()
    assert withdraw(store, tmp_path, first.id, A).phase == "withdrawn"
    assert withdraw(store, tmp_path, new.id, A).phase == "withdrawn"
    assert _inferred(store) == before


def test_what_reconcile_did_is_told_in_french_unless_english_is_asked() -> None:
    done = tx.Reconciled(undone=["a", "b"], withdrawn=[], dropped=["c"])
    assert done.summary() == "annulées : a, b ; supprimés : c"
    assert done.summary("en") == "undone: a, b; dropped: c"


def test_a_store_that_fails_mid_way_and_then_refuses_the_undo_leaves_it_to_reconcile(
        store: EmbeddedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store takes the data, then refuses every update (gone away): the undo cannot run
    either. The record stays (phase ``storing``), so that the next start takes the data back
    out; without it the data graph would stay in the graph, nobody's."""
    before_graphs, before = _graphs(store), _inferred(store)
    update, calls = store.update, [0]

    def going_away(text: str) -> None:
        calls[0] += 1
        if calls[0] > 1:  # the data went in
            raise OSError(5, "the store went away (simulated)")
        update(text)

    monkeypatch.setattr(store, "update", going_away)
    with pytest.raises(OSError):
        _accept(store, tmp_path, "p1")
    monkeypatch.undo()
    assert _graphs(store) != before_graphs  # the data is still there
    [left] = records.submission_ids(tmp_path)
    assert records.read_state(tmp_path, left).phase == "storing"
    assert reconcile(tmp_path, store).undone == [left]
    assert _graphs(store) == before_graphs and _inferred(store) == before
    assert list(records.submission_ids(tmp_path)) == []
