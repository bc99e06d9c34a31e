"""A submission on disk: its directory, its record, and the journal of where its transaction is.

``submissions_dir/{id}/`` holds:

- the files received, in order (``00-name.ttl``…), and any file made from them (the RDF read
  from a spreadsheet), each described in the record;
- ``record.json``: what does not change (who, for which authority, when, SHA-256, the report);
- ``state.json``: the phase of the submission's transaction (:data:`PHASES`), replaced
  atomically (written beside, fsync'ed, renamed, the directory fsync'ed) at each step, so that
  after a crash :func:`pvgraph.submissions.transaction.reconcile` knows what to finish or undo.

The directory appears at once, whole: it is written as ``.incoming-{id}/`` and renamed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pvgraph.namespaces import GRAPH, INFERRED_GRAPH

Phase = Literal["storing", "accepted", "withdrawing", "withdrawn"]
PHASES: tuple[Phase, ...] = ("storing", "accepted", "withdrawing", "withdrawn")
"""``storing``: files kept, the store being written (a crash here is undone);
``accepted``: data, provenance and entailments are in the store and flushed (the commit point);
``withdrawing``: the withdrawal has begun (a crash here is finished); ``withdrawn``: gone from
the store, the record kept for its submitter."""

RECORD = "record.json"
STATE = "state.json"
SUBMISSION_PREFIX = str(GRAPH["submission/"])
SCRATCH_PREFIX = f"{INFERRED_GRAPH}/submission/"
REBUILD_PREFIX = f"{INFERRED_GRAPH}/rebuild/"
_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class SubmittedFile:
    """One file of a submission: what the steward sent (``kind="original"``), or RDF pvgraph
    made from it (``kind="rdf"``: the triples read from a spreadsheet), kept beside it."""

    name: str
    data: bytes
    media_type: str | None = None
    format: str | None = None  # the format's name (``turtle``, ``xlsx``…), when known
    kind: Literal["original", "rdf"] = "original"


@dataclass(frozen=True)
class Record:
    """What is kept about a submission (``record.json``); its phase is in ``state.json``."""

    id: str
    graph: str
    who: str  # the steward's name (their token's name), recorded as the author
    when: str
    sha256: str  # of the original files' bytes, in order
    files: list[dict[str, Any]]
    triples: int
    report: dict[str, Any]
    authority: str | None = None  # the IRI of the authority the steward speaks for
    admin: bool = False  # sent with an admin token
    replaces: str | None = None  # the id of the submission this one replaces
    status: str = "accepted"  # kept for records written before state.json; see read_state

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class State:
    """``state.json``: the phase, when it was reached, and what the phase needs to resume."""

    phase: Phase
    at: str
    replaced_by: str | None = None
    history: list[dict[str, str]] = field(default_factory=list)


def new_id() -> str:
    return uuid.uuid4().hex


def is_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


def graph_iri(submission_id: str) -> str:
    return f"{SUBMISSION_PREFIX}{submission_id}"


def scratch_graph(submission_id: str) -> str:
    """Where a submission's entailments are computed before they join the inferred graph."""
    return f"{SCRATCH_PREFIX}{submission_id}"


def checksum(files: list[SubmittedFile]) -> str:
    """SHA-256 of the bytes the steward sent (of the one file, or of the files in order)."""
    digest = hashlib.sha256()
    for file in files:
        if file.kind == "original":
            digest.update(file.data)
    return digest.hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def write_new(directory: Path, record: Record, files: list[SubmittedFile]) -> Path:
    """The submission's directory, whole and durable, in phase ``storing``."""
    directory.mkdir(parents=True, exist_ok=True)
    incoming = directory / f".incoming-{record.id}"
    incoming.mkdir()
    try:
        for index, file in enumerate(files):
            _write_synced(incoming / stored_name(index, file.name), file.data)
        _write_synced(incoming / RECORD, _json(asdict(record)))
        _write_synced(incoming / STATE, _json(asdict(State("storing", now()))))
        _fsync_dir(incoming)
        final = directory / record.id
        os.rename(incoming, final)
        _fsync_dir(directory)
        return final
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise


def stored_name(index: int, name: str) -> str:
    """The file's name on disk: its rank, then its name made safe."""
    safe = re.sub(r"[^\w.-]", "_", Path(name).name or "upload")[:100]
    return f"{index:02d}-{safe}"


def read_record(directory: Path, submission_id: str) -> Record | None:
    """The record of a submission, or None when there is no such submission."""
    if not is_id(submission_id):
        return None
    path = directory / submission_id / RECORD
    if not path.is_file():
        return None
    return Record.from_json(json.loads(path.read_text(encoding="utf-8")))


def read_state(directory: Path, submission_id: str) -> State | None:
    """The submission's phase; None for a directory written before the journal existed (its
    record says ``accepted``; :func:`~pvgraph.submissions.transaction.reconcile` checks it)."""
    path = directory / submission_id / STATE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return State(phase=data["phase"], at=data["at"], replaced_by=data.get("replaced_by"),
                 history=data.get("history", []))


def write_state(directory: Path, submission_id: str, phase: Phase, *,
                replaced_by: str | None = None) -> State:
    """Move the submission to ``phase``, atomically and durably (the previous phases are kept
    in ``history``, with when they were reached)."""
    folder = directory / submission_id
    before = read_state(directory, submission_id)
    history = [*before.history, {"phase": before.phase, "at": before.at}] if before else []
    state = State(phase, now(), replaced_by or (before.replaced_by if before else None), history)
    tmp = folder / f".{STATE}.tmp"
    _write_synced(tmp, _json(asdict(state)))
    os.replace(tmp, folder / STATE)
    _fsync_dir(folder)
    return state


def submission_ids(directory: Path) -> Iterator[str]:
    """Every submission directory's id (debris and foreign entries skipped)."""
    if directory.is_dir():
        for entry in sorted(directory.iterdir()):
            if is_id(entry.name) and entry.is_dir():
                yield entry.name


def debris(directory: Path) -> list[Path]:
    """Directories a crash left before they were complete (``.incoming-*``)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.startswith(".incoming-"))


def file_path(directory: Path, record: Record, index: int) -> Path:
    return directory / record.id / stored_name(index, record.files[index]["name"])


def remove_files(directory: Path, record: Record) -> None:
    """Delete the files a submission received (its record and journal stay)."""
    for index in range(len(record.files)):
        with contextlib.suppress(FileNotFoundError):
            file_path(directory, record, index).unlink()
    _fsync_dir(directory / record.id)


def remove(directory: Path, submission_id: str) -> None:
    """Delete a submission's directory (a submission that never was accepted)."""
    shutil.rmtree(directory / submission_id, ignore_errors=True)


class WriterLock:
    """One process at a time writes the submissions of a ``submissions_dir``: the server, or
    ``pvgraph submit``, or a build's reconciliation — never two, or one's :func:`reconcile
    <pvgraph.submissions.transaction.reconcile>` would undo the other's submission in flight (a
    remote store can be written by several processes). An ``flock`` on ``.writer.lock``: the
    system releases it when the holder dies, ``kill -9`` included."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / ".writer.lock"
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if it is free; False when another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def holder(self) -> str:
        """The process id written by the holder (for messages)."""
        try:
            return self.path.read_text(encoding="utf-8").strip() or "?"
        except OSError:
            return "?"

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
