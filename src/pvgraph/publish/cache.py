"""The server's dumps, generated once per store version into a cache directory.

Why: the catalogue must carry each dump's checksum and size, so the dumps must exist before the
catalogue can be served; generating them takes seconds to a minute on the full graph. The
server does it lazily, on the first request that needs them, once per store version (the
directory is named after ``store.version()``), behind a lock so that concurrent requests wait
for one generation instead of starting several. A half-written generation is never visible:
it is written into a temporary directory, then renamed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
from pathlib import Path

from pvgraph.errors import NotFoundError
from pvgraph.publish.dumps import Manifest, gzip_bytes, read_manifest, write_dumps
from pvgraph.store import Store

ENCODED = "encoded"
_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


class DumpCache:
    """Dumps per store version under ``root`` (one instance per server)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._manifests: dict[str, Manifest] = {}

    def directory(self, version: str) -> Path:
        name = version if _SAFE.match(version) else hashlib.sha256(version.encode()).hexdigest()
        return self.root / name

    def ensure(self, store: Store) -> tuple[Path, Manifest]:
        """The dump directory and manifest for the store as it is now (generated if needed)."""
        version = store.version()
        directory = self.directory(version)
        if version in self._manifests:
            return directory, self._manifests[version]
        with self._lock:
            manifest = self._manifests.get(version) or read_manifest(directory)
            if manifest is None:
                self.root.mkdir(parents=True, exist_ok=True)
                tmp = Path(tempfile.mkdtemp(dir=self.root, prefix=".generating-"))
                try:
                    manifest = write_dumps(store, tmp)
                    if directory.exists():
                        shutil.rmtree(directory)
                    tmp.rename(directory)
                finally:
                    if tmp.exists():
                        shutil.rmtree(tmp, ignore_errors=True)
            self._manifests[version] = manifest
            return directory, manifest

    def file(self, store: Store, name: str) -> tuple[Path, Manifest]:
        """The path of one dump of the current version; NotFoundError if there is no such dump."""
        directory, manifest = self.ensure(store)
        if manifest.get(name) is None:
            raise NotFoundError(f"there is no dump named {name!r}",
                                hint="GET /dumps/ lists the dumps of the current version")
        return directory / name, manifest

    def gzip_encoded(self, path: Path) -> Path:
        """A gzip copy of an uncompressed dump, for ``Content-Encoding: gzip`` (made once)."""
        target = path.parent / ENCODED / (path.name + ".gz")
        if target.is_file():
            return target
        with self._lock:
            if not target.is_file():
                target.parent.mkdir(exist_ok=True)
                tmp = target.with_name(".tmp-" + target.name)
                tmp.write_bytes(gzip_bytes(path.read_bytes()))
                tmp.replace(target)
        return target
