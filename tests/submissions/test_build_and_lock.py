"""A build keeps the submissions whole — their provenance carried over, crash leftovers
reconciled first — and one process at a time writes the submissions (the writer lock)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pvgraph.build import SOURCES, build_project
from pvgraph.cli import cli
from pvgraph.namespaces import INFERRED_GRAPH, META_GRAPH, SHAPES_GRAPH
from pvgraph.settings import Settings, load_settings
from pvgraph.stewards import Steward
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import SubmittedFile, accept, records
from pvgraph.submissions import transaction as tx
from pvgraph.submissions.transaction import REASONED_SOURCES
from pvgraph.validation import ValidationReport

EX = "http://example.org/"
ONTOLOGY = f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<{EX}Project> a owl:Class ; rdfs:subClassOf <{EX}Activity> .
<{EX}Activity> a owl:Class .
"""
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
STEWARD = Steward("commune-a", "https://w3id.org/pvgraph/id/organisation/200000172")


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "core.ttl").write_text(ONTOLOGY, encoding="utf-8")
    return load_settings({"root": str(tmp_path), "store": ":memory:", "submissions_dir": str(tmp_path / "subs")},
                         settings_file=tmp_path / "absent.toml")


def _accept(store: EmbeddedStore, settings: Settings, thing: str) -> records.Record:
    return accept(store, Path(settings.submissions_dir), quads=[ox.Quad(ox.NamedNode(EX + thing), TYPE,
                                                                        ox.NamedNode(EX + "Project"))],
                  files=[SubmittedFile(f"{thing}.ttl", b"data")], report=ValidationReport([]), steward=STEWARD)


def _entailed(store: EmbeddedStore, thing: str) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ <{EX}{thing}> a <{EX}Activity> }} }}").boolean)


def test_the_reasoned_sources_are_the_build_s() -> None:
    assert {graph for _d, graph, _v in SOURCES if graph != str(SHAPES_GRAPH)} == REASONED_SOURCES


def test_a_build_keeps_the_submissions_provenance(project: Settings) -> None:
    store = EmbeddedStore()
    build_project(project, store)
    record = _accept(store, project, "p1")
    build_project(project, store)
    assert record.graph in store.graphs() and _entailed(store, "p1")
    who = store.query(
        f"SELECT ?name ?authority WHERE {{ GRAPH <{META_GRAPH}> {{ <{record.graph}> "
        f"<http://www.w3.org/ns/prov#wasAttributedTo> ?agent . ?agent <http://xmlns.com/foaf/0.1/name> ?name ; "
        f"<http://www.w3.org/ns/prov#actedOnBehalfOf> ?authority }} }}")
    assert [tuple(r.values()) for r in who.strings()] == [("commune-a", STEWARD.authority)]
    marker = store.query(f"ASK {{ GRAPH <{META_GRAPH}> {{ <{record.graph}> <http://purl.org/dc/terms/identifier> ?id }} }}")
    assert marker.boolean is True


class _Crash(BaseException):
    pass


def test_a_build_reconciles_a_cut_submission_before_carrying_it_over(project: Settings,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore()
    build_project(project, store)

    def crash(name: str) -> None:
        if name == "merged":
            raise _Crash

    monkeypatch.setattr(tx, "_step", crash)
    monkeypatch.setattr(tx, "_undo", lambda *args: None)  # the process died: nothing undone then
    monkeypatch.setattr(records, "remove", lambda *args: None)
    with pytest.raises(_Crash):
        _accept(store, project, "p2")
    monkeypatch.undo()
    assert _entailed(store, "p2")  # the cut submission's entailment reached the inferred graph
    build_project(project, store)
    assert not [g for g in store.graphs() if g.startswith(records.SUBMISSION_PREFIX)]
    assert not _entailed(store, "p2") and list(records.submission_ids(Path(project.submissions_dir))) == []


def test_one_writer_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subs = tmp_path / "subs"
    held = records.WriterLock(subs)
    assert held.acquire()
    try:
        assert not records.WriterLock(subs).acquire()  # a second open file: refused, even here
        monkeypatch.setenv("PVGRAPH_SUBMISSIONS_DIR", str(subs))
        monkeypatch.setenv("PVGRAPH_STORE", str(tmp_path / "store"))
        monkeypatch.setenv("PVGRAPH_SETTINGS_FILE", str(tmp_path / "absent.toml"))
        conforming = Path(__file__).resolve().parents[2] / "data" / "examples" / "submissions" / "conforming.ttl"
        result = CliRunner().invoke(cli, ["submit", str(conforming)])
        assert result.exit_code == 2 and "un autre processus pvgraph" in result.stderr
        assert list(records.submission_ids(subs)) == []
    finally:
        held.release()
    again = records.WriterLock(subs)
    assert again.acquire()  # released: free again
    again.release()
