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
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pvgraph.publish.dumps import Manifest, read_manifest, write_dumps
from pvgraph.publish.sitemap import thing_iris
from pvgraph.publish.stats import Statistics, statistics
from pvgraph.remote_store import RemoteStore
from pvgraph.store import EmbeddedStore, Store


@dataclass(frozen=True)
class Generation:
    """What one version publishes, besides the files in its directory."""

    manifest: Manifest
    stats: Statistics
    things: list[str]


def generate(store: Store, directory: Path, *, public_base: str) -> Generation:
    """Publish ``store`` into ``directory`` (kept as it is if a manifest is already there),
    in a child process when the store is on disk, else here."""
    if isinstance(store, EmbeddedStore) and store.path is not None:
        return _generate_in_child(store, directory, public_base=public_base)
    if isinstance(store, RemoteStore):
        return _in_child(_from_remote, store, str(directory), public_base)
    return generate_here(store, directory, public_base=public_base)


def generate_here(store: Store, directory: Path, *, public_base: str) -> Generation:
    """Write the dumps unless ``directory`` already holds them, then count and list.

    The dumps are written into a temporary directory beside ``directory``, then renamed: a
    half-written generation is never visible.
    """
    manifest = read_manifest(directory)
    if manifest is None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".generating-"))
        tmp.chmod(0o755)  # mkdtemp makes 0700; a front web server may serve these files
        try:
            manifest = write_dumps(store, tmp)
            if directory.exists():
                shutil.rmtree(directory)
            tmp.rename(directory)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return Generation(manifest, statistics(store), thing_iris(store, public_base=public_base))


def _generate_in_child(store: EmbeddedStore, directory: Path, *, public_base: str) -> Generation:
    directory.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".snapshot-"))
    try:
        snapshot = scratch / "store"
        store.oxigraph.backup(str(snapshot))
        return _in_child(_from_snapshot, str(snapshot), str(directory), public_base)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _in_child(work: Callable[..., Generation], *args: object) -> Generation:
    # spawn, not the query workers' forkserver: its preloaded modules are set by the query
    # pool, and a forkserver started here first would start without them.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as child:
        return child.submit(work, *args).result()


def _from_snapshot(snapshot: str, directory: str, public_base: str) -> Generation:
    """The child's work on a checkpoint (module-level functions, so that the child imports them)."""
    store = EmbeddedStore(snapshot, read_only=True)
    return generate_here(store, Path(directory), public_base=public_base)


def _from_remote(store: RemoteStore, directory: str, public_base: str) -> Generation:
    """The child's work on a remote store."""
    return generate_here(store, Path(directory), public_base=public_base)
