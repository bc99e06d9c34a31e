"""The submission transaction: accept, replace, withdraw — each whole or not at all, even across
a ``kill -9`` — and :func:`reconcile`, which finishes or undoes at start-up what a crash cut.

One submission is one unit: its files on disk, its graph, its provenance in ``graph/meta``, its
entailments in ``graph/inferred``. The journal (``state.json``, :mod:`.records`) is the truth
about where the unit is:

accept (phase ``storing`` until the last step)
    1. files and record written, durably, with phase ``storing``     — crash point ``files``
    2. the data into its graph (several requests on a remote store)   — ``data-partial``, ``data``
    3. the provenance into meta, all but the marker                   — ``provenance``
    4. the entailments into the submission's scratch graph            — ``entailments``
    5. the scratch graph added to the inferred graph, and the derived
       relations it retracts deleted from it, by one update            — ``merged``
    6. the marker (``dct:identifier``) into meta                       — ``marker``
    7. the store flushed                                                — ``flushed``
    8. phase ``accepted`` (the commit point), then the scratch dropped  — ``accepted``
    A failure before 8 undoes all of it at once; a crash before 8 is undone by :func:`reconcile`:
    the inferred graph loses exactly what the scratch graph added (every triple of it was new
    to the inferred graph, which the reasoning reads) and gets back the derived relations it
    retracted (``…/retracted``, :mod:`pvgraph.reasoning.derived`), the scratch graphs, the data graph and the
    provenance go, then the files.

withdraw (and the second half of a replacement)
    1. phase ``withdrawing`` (the commit point)                        — ``withdrawing``
    2. the graph and its provenance removed, by one update            — ``removed``
    3. the inferred graph recomputed beside, then moved in place       — ``reasoned``
    4. flushed, the files deleted, phase ``withdrawn``                 — ``withdrawn``
    A crash after 1 is finished by :func:`reconcile`. The inferred graph is recomputed in full
    because what the withdrawn graph entailed may also follow from other graphs (owlrl-style
    increments cannot be subtracted); on the national graph that is about half a minute.

replace
    accept the new submission with ``replaces`` = the old one's id; once it is accepted, the old
    one is withdrawn (``replaced_by`` the new one). A crash in between is finished at start-up:
    an accepted submission whose ``replaces`` is not withdrawn yet gets it withdrawn.

Callers serialise writes (the server's write lock; the command line runs alone on an embedded
store, whose lock keeps a server out). Crash points are a test device: the environment variable
``PVGRAPH_TEST_KILL_AT`` set to a step's name makes the process kill itself (SIGKILL) right
after that step, so that tests can prove what a restart finds.
"""

from __future__ import annotations

import logging
import os
import signal
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from pvgraph import messages
from pvgraph.errors import QueryError, QueryTimeoutError, StoreError, error
from pvgraph.namespaces import (
    EXAMPLES_GRAPH,
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    REFERENTIAL_GRAPH,
    STUDY_GRAPH,
)
from pvgraph.reasoning.derived import retracted_graph
from pvgraph.stewards import Steward
from pvgraph.store import Store
from pvgraph.submissions import records
from pvgraph.submissions.provenance import DCT, remove_update, store_updates
from pvgraph.submissions.records import Record, SubmittedFile
from pvgraph.validation import ValidationReport

log = logging.getLogger("pvgraph.submissions")

KILL_AT = "PVGRAPH_TEST_KILL_AT"
REASONED_SOURCES = frozenset(map(str, (ONTOLOGY_GRAPH, STUDY_GRAPH, EXAMPLES_GRAPH, REFERENTIAL_GRAPH)))
"""The source graphs a build reasons over (``build.SOURCES`` but the shapes; a test keeps the
two equal), with the submissions: what a withdrawal's recomputed inferred graph comes from."""
Reasoner = Callable[[Store, str, str], None]
"""``reasoner(store, graph, scratch)``: write into the scratch graph what ``graph`` entails with
everything stored (:func:`_entailments` here; the server computes the same in its child process,
:meth:`pvgraph.submissions.worker.SubmissionWorker.entailments`)."""
ACCEPT_STEPS = ("files", "data-partial", "data", "provenance", "entailments", "merged", "marker",
                "flushed", "accepted")
WITHDRAW_STEPS = ("withdrawing", "removed", "reasoned", "withdrawn")


@dataclass(frozen=True)
class Reconciled:
    """What :func:`reconcile` did at start-up."""

    undone: list[str]  # submissions a crash cut before they were accepted, taken back out
    withdrawn: list[str]  # withdrawals (or replacements) a crash cut, finished
    dropped: list[str]  # leftover scratch graphs and directories

    def __bool__(self) -> bool:
        return bool(self.undone or self.withdrawn or self.dropped)

    def summary(self, lang: str | None = None) -> str:
        """What was done, in ``lang`` (by the one rule: French unless English is asked)."""
        return messages.text("typography.list-separator", lang).join(
            messages.text(key, lang, ids=", ".join(ids)) for key, ids in
            (("reconciled.undone", self.undone), ("reconciled.withdrawn", self.withdrawn),
             ("reconciled.dropped", self.dropped)) if ids)


def accept(store: Store, directory: Path, *, quads: Sequence[ox.Quad], files: Sequence[SubmittedFile],
           report: ValidationReport, steward: Steward, replaces: str | None = None,
           reasoner: Reasoner | None = None) -> Record:
    """Store a conforming submission — files, graph, provenance, entailments — wholly, or
    nothing of it; its record once accepted.

    ``quads`` are the very quads that were validated (the graph they name is replaced by the
    submission's); ``files`` what the steward sent, and any RDF made from it (a spreadsheet's);
    ``report`` the report that said it conforms, kept with it; ``reasoner`` what computes the
    entailments (default: here, in the store).
    """
    from pvgraph.validation.render import report_graph

    if not report.conforms:
        raise ValueError("only a conforming submission is accepted")
    submission_id = records.new_id()
    record = Record(
        id=submission_id, graph=records.graph_iri(submission_id), who=steward.name, when=records.now(),
        sha256=records.checksum(list(files)),
        files=[{"name": f.name, "format": f.format, "media_type": f.media_type, "kind": f.kind,
                "bytes": len(f.data)} for f in files],
        triples=len(quads), report=report.to_dict(), authority=steward.authority, admin=steward.admin,
        replaces=replaces,
    )
    records.write_new(directory, record, list(files))
    _step("files")
    scratch = records.scratch_graph(submission_id)
    try:
        _store(store, record, list(quads), report_graph(report), scratch, reasoner or _entailments)
        records.write_state(directory, submission_id, "accepted")  # the commit point
    except BaseException as exc:
        if _undo(store, record.graph, scratch):
            records.remove(directory, submission_id)
        # else the record stays, phase ``storing``: reconcile undoes it at the next start (without
        # it, a data graph stored before the failure would stay in the graph, nobody's)
        if isinstance(exc, QueryError) and not isinstance(exc, QueryTimeoutError):
            raise _refused(exc) from None
        raise
    _step("accepted")
    try:
        store.update(f"DROP SILENT GRAPH <{scratch}> ;\nDROP SILENT GRAPH <{retracted_graph(scratch)}>")
    except Exception:  # accepted all the same: the scratch graph only repeats inferred triples
        log.exception("could not drop %s (it is dropped at the next start)", scratch)
    if replaces is not None:
        try:
            withdraw(store, directory, replaces, replaced_by=submission_id)
        except Exception:  # the replacement is accepted: its second half is finished later
            log.exception("could not withdraw %s, replaced by %s (finished at the next start, or by "
                          "withdrawing it again)", replaces, submission_id)
    return record


def withdraw(store: Store, directory: Path, submission_id: str, *, replaced_by: str | None = None) -> None:
    """Take an accepted submission out of the graph: its data, provenance and what it entailed
    (its record stays, for its submitter, with phase ``withdrawn``). A withdrawal that failed
    half-way (phase ``withdrawing``) is finished by doing it again."""
    record = records.read_record(directory, submission_id)
    if record is None:
        raise ValueError(f"no submission {submission_id}")
    records.write_state(directory, submission_id, "withdrawing", replaced_by=replaced_by)
    _step("withdrawing")
    _finish_withdrawal(store, directory, record)


def reconcile(directory: Path, store: Store) -> Reconciled:
    """Finish or undo, by phase, what a crash left half-done; drop what is left over."""
    done = Reconciled([], [], [])
    for entry in records.debris(directory):
        records.remove(directory, entry.name)
        done.dropped.append(entry.name)
    graphs = set(store.graphs())
    marked = _marked(store)
    phases: dict[str, str] = {}
    for submission_id in records.submission_ids(directory):
        record = records.read_record(directory, submission_id)
        state = records.read_state(directory, submission_id)
        if record is None:  # a directory without its record is not a submission's
            continue
        if state is None:  # written before the journal: accepted if its marker is there
            if record.graph in marked:
                state = records.write_state(directory, submission_id, "accepted")
            else:
                state = records.State("storing", records.now())
        phases[submission_id] = state.phase
        if state.phase == "storing":
            if _undo(store, record.graph, records.scratch_graph(submission_id)):  # else: the next start
                records.remove(directory, submission_id)
                done.undone.append(submission_id)
        elif state.phase == "withdrawing":
            _finish_withdrawal(store, directory, record)
            phases[submission_id] = "withdrawn"
            done.withdrawn.append(submission_id)
    for submission_id, phase in list(phases.items()):  # a replacement cut before its second half
        record = records.read_record(directory, submission_id)
        old = record.replaces if record is not None and phase == "accepted" else None
        if old is not None and phases.get(old) == "accepted":
            withdraw(store, directory, old, replaced_by=submission_id)
            phases[old] = "withdrawn"
            done.withdrawn.append(old)
    for graph in sorted(g for g in graphs if g.startswith(records.SCRATCH_PREFIX)):
        submission_id = graph[len(records.SCRATCH_PREFIX):].split("/")[0]
        if phases.get(submission_id) in ("accepted", "withdrawn"):  # already in the inferred graph
            store.update(f"DROP SILENT GRAPH <{graph}>")
        elif submission_id not in done.undone:  # never accepted, and no files: take it all back
            _undo(store, records.graph_iri(submission_id), records.scratch_graph(submission_id))
        done.dropped.append(graph)
    for graph in sorted(g for g in graphs if g.startswith(records.REBUILD_PREFIX)):
        store.update(f"DROP SILENT GRAPH <{graph}>")
        done.dropped.append(graph)
    return done


def _store(store: Store, record: Record, quads: list[ox.Quad], report: rdflib.Graph, scratch: str,
           reasoner: Reasoner) -> None:
    """Steps 2 to 7 of an acceptance (see the module's docstring)."""
    updates = store_updates(record, quads, report, chunk_size=store.chunk_size)
    for index, update in enumerate(updates.data):
        store.update(update)
        if index == 0 and len(updates.data) > 1:
            _step("data-partial")
    _step("data")
    for update in updates.provenance:
        store.update(update)
    _step("provenance")
    reasoner(store, record.graph, scratch)
    _step("entailments")
    # the derived relations the submission retracts leave the inferred graph in the same update
    store.update(f"INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }} "
                 f"WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }} ;\n"
                 f"DELETE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }} "
                 f"WHERE {{ GRAPH <{retracted_graph(scratch)}> {{ ?s ?p ?o }} }}")
    _step("merged")
    store.update(updates.marker)
    _step("marker")
    _flush(store)
    _step("flushed")


def _entailments(store: Store, graph: str, target: str) -> None:
    """What ``graph`` entails with everything already stored (the inferred graph included,
    so nothing it holds is derived again), written into ``target``. The one way a submission's
    entailments are computed: here, or by the server's child process over a checkpoint
    (:mod:`pvgraph.submissions.worker` calls this very function)."""
    from pvgraph.reasoning import materialise_increment

    materialise_increment(store, ontology_graph=str(ONTOLOGY_GRAPH), new_graph=graph,
                          target_graph=target, inferred_graph=str(INFERRED_GRAPH))


def _undo(store: Store, graph: str, scratch: str) -> bool:
    """Take back, in one update, a submission's entailments from the inferred graph (and put
    back the derived relations it retracted), its scratch graphs (and their deltas, should the
    reasoning have left any), its graph and its provenance (blank nodes included). False if
    the store would not (the failure is logged; the caller keeps what reconcile needs)."""
    try:
        leftovers = [g for g in store.graphs() if g.startswith(f"{scratch}/")]
        store.update(
            f"DELETE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }} ;\n"
            f"INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH <{retracted_graph(scratch)}> {{ ?s ?p ?o }} }} ;\n"
            + "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in [scratch, *leftovers])
            + remove_update(graph)
        )
    except Exception:
        log.exception("could not undo the half-stored submission %s (undone at the next start)", graph)
        return False
    return True


def _finish_withdrawal(store: Store, directory: Path, record: Record) -> None:
    """Steps 2 to 4 of a withdrawal; each may be done again (a crash resumes here)."""
    store.update(remove_update(record.graph))
    _step("removed")
    rebuild_inferred(store)
    _flush(store)
    records.remove_files(directory, record)
    records.write_state(directory, record.id, "withdrawn")
    _step("withdrawn")


def rebuild_inferred(store: Store) -> None:
    """The inferred graph recomputed from the graphs a build reasons over (the sources and the
    submissions).

    Like a build, an embedded store on disk reasons in memory (its :meth:`staging_store
    <pvgraph.store.Store.staging_store>`: the reasoner's many small updates are an order of
    magnitude slower against RocksDB), then the result replaces the inferred graph; a remote
    store reasons in place, into a graph beside the live one moved in its place by one update.
    """
    from pvgraph.reasoning import materialise

    data = sorted(g for g in store.graphs() if g in REASONED_SOURCES or g.startswith(records.SUBMISSION_PREFIX))
    staging = store.staging_store()
    if staging is not store:
        for graph in data:
            staging.replace_graph(graph, store.quads(graph))
        materialise(staging, ontology_graph=str(ONTOLOGY_GRAPH), source_graphs=data,
                    target_graph=str(INFERRED_GRAPH))
        _step("reasoned")
        store.replace_graph(str(INFERRED_GRAPH), staging.quads(str(INFERRED_GRAPH)))
        return
    target = f"{records.REBUILD_PREFIX}{uuid.uuid4().hex}"
    try:
        materialise(store, ontology_graph=str(ONTOLOGY_GRAPH), source_graphs=data, target_graph=target)
        _step("reasoned")
        store.update(f"MOVE SILENT GRAPH <{target}> TO GRAPH <{INFERRED_GRAPH}>")
    finally:
        store.update(f"DROP SILENT GRAPH <{target}>")


def _marked(store: Store) -> set[str]:
    """The submission graphs whose marker is in the meta graph."""
    result = store.query(
        f"SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{DCT}identifier> ?id }} "
        f"FILTER (STRSTARTS(STR(?g), \"{records.SUBMISSION_PREFIX}\")) }}")
    return {g for g in result.values("g") if g is not None}


def _flush(store: Store) -> None:
    store.flush()


def _refused(exc: QueryError) -> StoreError:
    """The store refused an update of pvgraph's own making (storing, reasoning): not the
    submitter's mistake — their data conformed — so not a 400 telling them to fix it."""
    return error(StoreError, "submission.store-refused", said=exc.message)


def _step(name: str) -> None:
    """A crash point (tests only): die here, as ``kill -9`` would, when asked to."""
    if os.environ.get(KILL_AT) == name:
        log.warning("%s=%s: killing this process (a test of crash recovery)", KILL_AT, name)
        os.kill(os.getpid(), signal.SIGKILL)
