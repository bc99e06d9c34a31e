"""A submission's validation and reasoning, done off the server, in one child process.

Why: pySHACL and rdflib are pure Python. Validating a submission in a thread of the server held
the interpreter lock for a quarter of a second to seconds at a time, and the event loop and the
threads that talk to the query workers waited behind it: on the national graph, readers kept
0.07–0.48 of their throughput while two stewards submitted (``bench/RESULTS.md``,
"Concurrency"). In a child process (:class:`pvgraph.child_process.ChildWorker`, which dies with
the server) the work only takes a core, and the child runs at a lower priority (:data:`NICENESS`)
so that the server's own processes get the cores first.

What the child reads is a RocksDB checkpoint of the live store (hard links, milliseconds), never
the live store, which RocksDB lets only the server open for writing:

- **validation** (:meth:`SubmissionWorker.validate`, before the write lock): the referential
  is looked up in a checkpoint of the store as it is;
- **reasoning** (:meth:`SubmissionWorker.entailments`, the ``reasoner`` of
  :func:`pvgraph.submissions.accept`, under the write lock): the checkpoint is made once the
  submission's data and provenance are stored, so it holds exactly what the live store holds —
  blank nodes included, with their identifiers. The child opens it writable (a private copy),
  computes the entailments with the very function the in-process path runs
  (:func:`pvgraph.submissions.transaction._entailments`) into the scratch graph, and sends them
  back; the server writes them into the scratch graph of the live store, and the transaction goes
  on as before (merged, marker, flushed, accepted: :mod:`.transaction`).

The all-or-nothing unit is unchanged: the child writes nothing the server keeps. If the child
dies (killed, out of memory) the call raises :class:`WorkerStoppedError` (503: nothing was
kept, try again), the transaction undoes what it had stored, and the next call starts a new
child. A store that makes no checkpoints (remote, in memory) is validated and reasoned over
here, as before; so is ``pvgraph submit``, which runs alone.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from pvgraph.child_process import ChildStoppedError, ChildWorker
from pvgraph.errors import UserError, error
from pvgraph.loading import Document, ParsedDocument, parse_document
from pvgraph.settings import Settings
from pvgraph.store import EmbeddedStore, Snapshot, Store, open_snapshot
from pvgraph.submissions import transaction
from pvgraph.tabular.spec import workbook_spec
from pvgraph.tabular.validation import Conversion, Spreadsheet, convert, validate_with_spreadsheets
from pvgraph.validation import ValidationReport, validate_parsed

log = logging.getLogger("pvgraph.submissions")

NICENESS = 5
"""Added to the child's niceness: where the query workers and the event loop want the cores too,
the child gets about a quarter of a share (Linux CFS weights 1024 against 335), so readers keep
most of the cores and a submission takes longer; idle cores it uses fully. (10 starved it on a
machine loaded by other jobs: a submission took over a minute.)"""
HOLD = "PVGRAPH_TEST_SUBMISSION_HOLD"
"""Tests only: seconds the child waits before it reasons (so that a test finds it working)."""
WORKER_STEPS = ("worker-validating", "worker-reasoned")
"""Crash points in the child (``PVGRAPH_TEST_KILL_AT``, tests only): the child kills itself
before validating, or once it has reasoned but before it answers."""

Validated = tuple[list[ParsedDocument], ValidationReport, list[Conversion]]


class WorkerStoppedError(UserError):
    """The submission's child process ended before it answered: nothing was kept."""

    http_status = 503
    code = "unavailable"


def parse_and_validate(documents: Sequence[Document | Spreadsheet], settings: Settings, lang: str,
                       referential: Store | None) -> Validated:
    """Parse the documents (once: a submission stores these quads) and validate them, with the
    spreadsheets converted first; the referential is looked up in ``referential``."""
    parsed = [parse_document(d) for d in documents if isinstance(d, Document)]
    sheets = [d for d in documents if isinstance(d, Spreadsheet)]
    if not sheets:
        return parsed, validate_parsed(parsed, settings=settings, lang=lang, referential=referential,
                                       use_store=False), []
    spec = workbook_spec(settings.root)
    conversions = [convert(sheet, spec, lang) for sheet in sheets]
    report = validate_with_spreadsheets(conversions, parsed, settings=settings, lang=lang,
                                        referential=referential, use_store=False)
    return [c.parsed for c in conversions] + parsed, report, conversions


class SubmissionWorker:
    """The server's child process for submissions (started on first use, again after a death)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.child = ChildWorker("pvgraph-submissions", niceness=NICENESS)
        self._scratch: Path | None = None

    def validate(self, documents: Sequence[Document | Spreadsheet], settings: Settings, lang: str) -> Validated:
        """:func:`parse_and_validate` in the child, over a checkpoint of the store (here, for a
        store that makes none)."""
        with self._checkpoint() as snapshot:
            if snapshot is None:
                return parse_and_validate(documents, settings, lang, self.store)
            result: Validated = self._call(_validate_on, list(documents), settings, lang, snapshot, _kill_at())
            return result

    def entailments(self, store: Store, graph: str, scratch: str) -> None:
        """What ``graph`` entails (it is stored, with its provenance), into ``scratch``: computed
        in the child over a checkpoint, written here (the ``reasoner`` of
        :func:`pvgraph.submissions.accept`)."""
        with self._checkpoint() as snapshot:
            if snapshot is None:
                transaction._entailments(store, graph, scratch)
                return
            quads: list[ox.Quad] = self._call(_entail_on, snapshot, graph, scratch, _kill_at(),
                                              float(os.environ.get(HOLD) or 0))
        store.add_to_graph(scratch, quads)

    def warm(self, settings: Settings) -> None:
        """Start the child and fill its caches (the shapes, the ontology's rule tables) in the
        background, so that the first submission does not pay for them (seconds of Python, more
        at a low priority on a busy machine); ``pvgraph serve`` calls this at start."""

        def work() -> None:
            try:
                with self._checkpoint() as snapshot:
                    if snapshot is not None:
                        self._call(_warm_on, settings, snapshot)
            except Exception:  # the first submission then pays for it, as without this
                log.exception("could not prepare the submissions' child process")

        threading.Thread(target=work, name="pvgraph-submissions-warm", daemon=True).start()

    def stop(self) -> None:
        """Stop the child (the server is stopping) and delete the checkpoints' directory."""
        self.child.stop()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _call(self, work: Any, *args: object) -> Any:
        try:
            return self.child.call(work, *args)
        except ChildStoppedError as exc:
            log.warning("%s: the submission is refused, nothing was kept", exc)
            raise error(WorkerStoppedError, "submission.worker-stopped") from None

    def _checkpoint(self) -> _Checkpoint:
        if not self.store.makes_snapshots:
            return _Checkpoint(None)
        if self._scratch is None:
            self._scratch = self.store.scratch_directory("submissions")
        directory = Path(tempfile.mkdtemp(dir=self._scratch))
        snapshot = self.store.snapshot(directory, form="checkpoint")
        if snapshot is None:  # a store in memory makes no checkpoint: the call runs in process
            shutil.rmtree(directory, ignore_errors=True)
            return _Checkpoint(None)
        return _Checkpoint(snapshot, directory)


class _Checkpoint:
    """A checkpoint for one call, deleted after it (``None`` when the store makes none)."""

    def __init__(self, snapshot: Snapshot | None, directory: Path | None = None) -> None:
        self.snapshot, self.directory = snapshot, directory

    def __enter__(self) -> Snapshot | None:
        return self.snapshot

    def __exit__(self, *exc: object) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)


# -- in the child (module-level: the child imports them by name) -----------------------------------

def _warm_on(settings: Settings, snapshot: Snapshot) -> None:
    from pvgraph.namespaces import ONTOLOGY_GRAPH
    from pvgraph.reasoning import load_rules
    from pvgraph.validation.shapes import load_schema

    load_schema(settings.root)
    store = open_snapshot(snapshot)
    try:
        load_rules(store, str(ONTOLOGY_GRAPH))
    finally:
        store.close()


def _validate_on(documents: list[Document | Spreadsheet], settings: Settings, lang: str, snapshot: Snapshot,
                 kill_at: str | None) -> Validated:
    _crash_point("worker-validating", kill_at)
    referential = open_snapshot(snapshot)
    try:
        return parse_and_validate(documents, settings, lang, referential)
    finally:
        referential.close()


def _entail_on(snapshot: Snapshot, graph: str, scratch: str, kill_at: str | None,
               hold: float) -> list[ox.Quad]:
    if hold:
        time.sleep(hold)
    copy = EmbeddedStore(snapshot.path)  # writable: the checkpoint is this call's own copy
    try:
        transaction._entailments(copy, graph, scratch)
        quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(scratch)) for q in copy.quads(scratch)]
    finally:
        copy.close()
    _crash_point("worker-reasoned", kill_at)
    return quads


def _crash_point(name: str, kill_at: str | None) -> None:
    if kill_at == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _kill_at() -> str | None:
    return os.environ.get(transaction.KILL_AT)
