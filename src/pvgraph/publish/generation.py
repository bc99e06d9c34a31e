"""One store version's publication — dumps, VoID counts, sitemap things — made off the server.

Why a child process: on the national graph this is minutes of Python (canonical sorting,
serialisers, gzip, counting). Run in a thread of the server, it held the interpreter lock and
every request queued behind it (``/healthz`` answered in about 300 ms instead of a few while the
dumps were written). The child reads a RocksDB checkpoint of the store (hard links: made in
milliseconds), so the live store stays writable and the child sees one frozen version.
A remote store is handed to the child as it is (its URLs and credentials): the child asks the
endpoint itself, so the dumps are not a snapshot there, as they never were. An in-memory store
cannot be shared with another process; it is published in the calling thread (in-memory stores
are small: tests and trials).

The child holds hundreds of MB on the national graph, so it never outlives the server
(:mod:`pvgraph.child_process`: it dies with its parent, ``kill -9`` included); the server stops
it on a clean shutdown (:meth:`Children.stop`, from the publication cache's ``close``).

A finished directory holds ``manifest.json`` and ``generation.json`` (the version, VoID counts
and sitemap things): the server can serve it again after a restart, without regenerating, while
it writes the store's current version.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from pvgraph.child_process import Children as _Children
from pvgraph.child_process import ChildStoppedError, run_in_child
from pvgraph.publish.dumps import Manifest, read_manifest, write_dumps
from pvgraph.publish.sitemap import thing_iris
from pvgraph.publish.stats import Statistics, statistics, statistics_aside
from pvgraph.publish.text import StoreText
from pvgraph.store import Snapshot, Store, open_snapshot

HOLD = "PVGRAPH_TEST_PUBLISH_HOLD"
"""Tests only: seconds the child waits before it starts (so that a test finds it running)."""


class PublicationStoppedError(ChildStoppedError):
    """The server is stopping: no publication is started, and the running one is stopped."""


class Children(_Children):
    """The publication child processes of one server, so that its shutdown stops them."""

    def __init__(self) -> None:
        super().__init__(PublicationStoppedError)


@dataclass(frozen=True)
class Generation:
    """What one version publishes, besides the files in its directory."""

    manifest: Manifest
    stats: Statistics
    things: list[str]
    version: str = ""


GENERATION = "generation.json"


def read_generation(directory: Path) -> Generation | None:
    """A finished generation written into ``directory``, or ``None`` (none, or half a one)."""
    manifest = read_manifest(directory)
    path = directory / GENERATION
    if manifest is None or not path.is_file():
        return None
    try:
        body = json.loads(path.read_bytes())
        return Generation(manifest, Statistics(**body["stats"]), list(body["things"]),
                          str(body["version"]))
    except (ValueError, KeyError, TypeError):
        return None


def generate(store: Store, directory: Path, *, public_base: str, children: Children | None = None,
             version: str | None = None) -> Generation:
    """Publish ``store`` into ``directory`` (kept as it is if a manifest is already there),
    in a child process (one of ``children``) when the store can be read from one (a checkpoint
    of it, or the store itself when it is shared across processes), else here."""
    children = children if children is not None else Children()
    version = version if version is not None else store.version()
    if store.shared_across_processes:
        return _in_child(children, _from_store, store, str(directory), public_base, version)
    directory.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".snapshot-"))
    try:
        snapshot = store.snapshot(scratch, form="checkpoint")
        if snapshot is not None:
            return _in_child(children, _from_snapshot, snapshot, str(directory), public_base,
                             version)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return generate_here(store, directory, public_base=public_base, version=version)


def generate_here(store: Store, directory: Path, *, public_base: str,
                  version: str | None = None) -> Generation:
    """Write the dumps unless ``directory`` already holds them, then count and list.

    The dumps are written into a temporary directory beside ``directory``, then renamed: a
    half-written generation is never visible.
    """
    version = version if version is not None else store.version()
    manifest = read_manifest(directory)
    if manifest is None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".generating-"))
        tmp.chmod(0o755)  # mkdtemp makes 0700; a front web server may serve these files
        try:
            counts = statistics_aside(store)  # counted while the dumps are written
            text = StoreText(store)  # each graph read once, for the dumps and the things
            manifest = write_dumps(store, tmp, text=text)
            made = Generation(manifest, counts(),
                              thing_iris(store, public_base=public_base, text=text), version)
            _write_generation(tmp, made)
            if directory.exists():
                shutil.rmtree(directory)
            tmp.rename(directory)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return made
    made = Generation(manifest, statistics(store), thing_iris(store, public_base=public_base),
                      version)
    _write_generation(directory, made)
    return made


def _write_generation(directory: Path, made: Generation) -> None:
    body = {"version": made.version, "stats": asdict(made.stats), "things": made.things}
    tmp = directory / f".tmp-{GENERATION}"
    tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    tmp.replace(directory / GENERATION)


def _in_child(children: Children, work: Callable[..., Generation], *args: object) -> Generation:
    """``work(*args)`` in a child process tied to this one (:func:`pvgraph.child_process.run_in_child`)."""
    result: Generation = run_in_child(children, work, *args, name="pvgraph-publication",
                                      hold=float(os.environ.get(HOLD) or 0))
    return result


def _from_snapshot(snapshot: Snapshot, directory: str, public_base: str, version: str) -> Generation:
    """The child's work on a checkpoint (module-level functions, so that the child imports them)."""
    return generate_here(open_snapshot(snapshot), Path(directory), public_base=public_base,
                         version=version)


def _from_store(store: Store, directory: str, public_base: str, version: str) -> Generation:
    """The child's work on a store shared across processes (a remote store)."""
    return generate_here(store, Path(directory), public_base=public_base, version=version)
