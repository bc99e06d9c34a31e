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

The child holds hundreds of MB on the national graph, so it never outlives the server: it asks
Linux to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)``: a ``kill -9`` of the server
included) and, elsewhere too, watches its parent and leaves when it is gone; the server stops
it on a clean shutdown (:meth:`Children.stop`, from the publication cache's ``close``).

A finished directory holds ``manifest.json`` and ``generation.json`` (the version, VoID counts
and sitemap things): the server can serve it again after a restart, without regenerating, while
it writes the store's current version.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from pvgraph.publish.dumps import Manifest, read_manifest, write_dumps
from pvgraph.publish.sitemap import thing_iris
from pvgraph.publish.stats import Statistics, statistics, statistics_aside
from pvgraph.publish.text import StoreText
from pvgraph.store import Snapshot, Store, open_snapshot

HOLD = "PVGRAPH_TEST_PUBLISH_HOLD"
"""Tests only: seconds the child waits before it starts (so that a test finds it running)."""
PR_SET_PDEATHSIG = 1


class PublicationStoppedError(RuntimeError):
    """The server is stopping: no publication is started, and the running one is stopped."""


class Children:
    """The publication child processes of one server, so that its shutdown stops them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[BaseProcess] = set()
        self._stopped = False

    def start(self, process: BaseProcess) -> None:
        with self._lock:
            if self._stopped:
                raise PublicationStoppedError("the server is stopping")
            process.start()
            self._running.add(process)

    def discard(self, process: BaseProcess) -> None:
        with self._lock:
            self._running.discard(process)

    def stop(self) -> None:
        """Stop every running child (SIGTERM, then SIGKILL after 5 s), and start no more."""
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for process in running:
            process.terminate()
        for process in running:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)


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
    """``work(*args)`` in a child process tied to this one; its result, or its exception."""
    # spawn, not the query workers' forkserver: its preloaded modules are set by the query
    # pool, and a forkserver started here first would start without them. Daemonic: should
    # this process end without stopping it, multiprocessing's exit handler still does.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(send, os.getpid(), work, args),
                            name="pvgraph-publication", daemon=True)
    try:
        children.start(child)
        send.close()  # the child's end: its death then closes the pipe
        while not receive.poll(0.5):
            if not child.is_alive() and not receive.poll(0):
                raise PublicationStoppedError(
                    f"the publication process ended without a result (exit code {child.exitcode})")
        outcome, value = receive.recv()
    except EOFError:
        raise PublicationStoppedError("the publication process ended without a result") from None
    finally:
        receive.close()
        if child.pid is not None:  # started
            child.join(5)
            if child.is_alive():
                child.kill()
                child.join(5)
        children.discard(child)
    if outcome == "error":
        raise value
    return value


def _child_main(conn: Connection, parent: int, work: Callable[..., Generation], args: tuple[object, ...]) -> None:
    """The child: tie its life to the parent's, do the work, send back the outcome."""
    _tie_to_parent(parent)
    hold = float(os.environ.get(HOLD) or 0)
    if hold:
        time.sleep(hold)
    try:
        outcome: tuple[str, object] = ("ok", work(*args))
    except BaseException as exc:  # handed to the parent, which raises it
        outcome = ("error", exc)
    try:
        conn.send(outcome)
    except Exception as exc:  # an exception that does not pickle: its text
        conn.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({exc})")))
    conn.close()


def _tie_to_parent(parent: int) -> None:
    """Die with the parent: Linux kills this process when the parent dies (any death, ``kill -9``
    included); elsewhere a thread notices that the parent is gone within a second."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _from_snapshot(snapshot: Snapshot, directory: str, public_base: str, version: str) -> Generation:
    """The child's work on a checkpoint (module-level functions, so that the child imports them)."""
    return generate_here(open_snapshot(snapshot), Path(directory), public_base=public_base,
                         version=version)


def _from_store(store: Store, directory: str, public_base: str, version: str) -> Generation:
    """The child's work on a store shared across processes (a remote store)."""
    return generate_here(store, Path(directory), public_base=public_base, version=version)
