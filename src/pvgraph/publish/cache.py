"""What the server publishes, generated once per store version, in the background.

Why: the catalogue must carry each dump's checksum and size, so the dumps must exist before the
catalogue can be served; on the full graph (a million quads) writing them, counting for VoID and
listing the pages for the sitemap takes minutes. The server does it once per store version (the
directory is named after ``store.version()``), from one background thread per version, so that
concurrent requests wait for one generation instead of starting several; the work itself runs in
a child process (:mod:`pvgraph.publish.generation`), so that serving does not slow down meanwhile.

While a new version is being written, requests get the last complete version (its catalogue,
dumps and counts agree with each other): a harvest that starts during a rebuild or a submission
succeeds, with the previous data, instead of failing on a 503. Only when no version was ever
completed (a first start on an empty publication directory) does a request wait, up to ``wait``
seconds, then get :class:`NotReadyError` (HTTP 503, "try again shortly"). A complete version
found on disk (written by an earlier run of the server) counts as complete. A half-written
generation is never visible: it is written into a temporary directory, then renamed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from pvgraph.errors import NotFoundError, UserError, error
from pvgraph.namespaces import BASE
from pvgraph.publish.dumps import Manifest, gzip_bytes
from pvgraph.publish.generation import (
    Children,
    PublicationStoppedError,
    generate,
    read_generation,
)
from pvgraph.publish.stats import Statistics
from pvgraph.store import Store

log = logging.getLogger("pvgraph.publish")
ENCODED = "encoded"
KEEP_VERSIONS = 3
"""Version directories kept in the cache root; older ones are removed after a generation."""
_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


class NotReadyError(UserError):
    """The dumps of this version are still being written."""

    http_status = 503
    code = "not-ready"


@dataclass(frozen=True)
class Published:
    """Everything the routes need for one store version (the base URL is applied later)."""

    version: str
    directory: Path
    manifest: Manifest
    stats: Statistics
    things: list[str]


class PublishCache:
    """Per store version: dumps under ``root``, VoID statistics and sitemap things in memory."""

    def __init__(self, root: Path, *, public_base: str = BASE) -> None:
        self.root = root
        self.public_base = public_base
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._ready: dict[str, Published] = {}
        self._running: dict[str, threading.Thread] = {}
        self._failed: dict[str, BaseException] = {}
        self._latest: Published | None = None  # the last complete version, served meanwhile
        self._looked_on_disk = False
        self._children = Children()

    def close(self) -> None:
        """Stop the generation under way, if any, and start no more (the server is stopping:
        the child process must not outlive it)."""
        self._children.stop()

    def directory(self, version: str) -> Path:
        name = version if _SAFE.match(version) else hashlib.sha256(version.encode()).hexdigest()
        return self.root / name

    def ensure(self, store: Store, *, wait: float | None = None, fresh: bool = False) -> Published:
        """What is published for the store as it is now; generated if needed.

        When this version is not written yet, its generation starts (once) and the last complete
        version is returned at once; with none (or with ``fresh``: this very version is wanted),
        waits at most ``wait`` seconds (``None``: as long as it takes), then raises NotReadyError.
        """
        version = store.version()
        with self._lock:
            if version in self._ready:
                return self._ready[version]
            if not self._looked_on_disk:
                self._looked_on_disk = True
                self._latest = self._latest or self._complete_on_disk()
            previous = None if fresh else self._latest
            if version in self._failed and previous is not None:
                return previous  # logged when it failed; retried on the next store version
            thread = self._running.get(version)
            if thread is None:
                thread = threading.Thread(target=self._generate, args=(store, version),
                                          name=f"publish-{version[:8]}", daemon=True)
                self._running[version] = thread
                thread.start()
        if previous is not None:
            return previous
        thread.join(wait)
        with self._lock:
            if version in self._ready:
                return self._ready[version]
            failure = self._failed.pop(version, None)
        if failure is not None:
            raise failure
        raise error(NotReadyError, "dump.not-ready")

    def _generate(self, store: Store, version: str) -> None:
        try:
            directory = self.directory(version)
            made = generate(store, directory, public_base=self.public_base,
                            children=self._children, version=version)
            published = Published(version, directory, made.manifest, made.stats, made.things)
            with self._lock:
                self._ready = {version: published}  # older versions are no longer served
                self._latest = published
                self._failed.pop(version, None)
            self._prune(keep=directory)
        except PublicationStoppedError as exc:
            log.info("publication of version %s stopped: %s", version, exc)
            with self._lock:
                self._failed[version] = exc
        except BaseException as exc:  # handed to the waiting request, which reports it
            log.exception("publishing version %s failed", version)
            with self._lock:
                self._failed[version] = exc
        finally:
            with self._lock:
                self._running.pop(version, None)

    def _complete_on_disk(self) -> Published | None:
        """The newest version directory a previous run completed, if any."""
        if not self.root.is_dir():
            return None
        candidates = sorted((d for d in self.root.iterdir() if d.is_dir() and not d.name.startswith(".")),
                            key=lambda d: d.stat().st_mtime, reverse=True)
        for directory in candidates:
            made = read_generation(directory)
            if made is not None:
                return Published(made.version, directory, made.manifest, made.stats, made.things)
        return None

    def _prune(self, keep: Path) -> None:
        """Remove all but the most recent version directories (other servers may share the root)."""
        versions = sorted((d for d in self.root.iterdir() if d.is_dir() and not d.name.startswith(".")),
                          key=lambda d: d.stat().st_mtime, reverse=True)
        for old in versions[KEEP_VERSIONS:]:
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)

    def file(self, store: Store, name: str, *, wait: float | None = None) -> tuple[Path, Published]:
        """One dump of the version being served, or of a recent one still on disk (a harvester
        that read the previous catalogue downloads its files); NotFoundError otherwise."""
        published = self.ensure(store, wait=wait)
        if not published.directory.is_dir():  # pruned by another server sharing the root
            with self._lock:
                self._ready.pop(published.version, None)
                if self._latest is published:
                    self._latest = None
            published = self.ensure(store, wait=wait)
        if published.manifest.get(name) is not None:
            return published.directory / name, published
        for directory in self._kept_directories():
            made = read_generation(directory)
            if made is not None and made.manifest.get(name) is not None:
                return directory / name, Published(made.version, directory, made.manifest,
                                                   made.stats, made.things)
        raise error(NotFoundError, "dump.unknown", name=name)

    def _kept_directories(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return [d for d in self.root.iterdir() if d.is_dir() and not d.name.startswith(".")]

    def gzip_encoded(self, path: Path) -> Path:
        """A gzip copy of an uncompressed dump, for ``Content-Encoding: gzip`` (made once)."""
        target = path.parent / ENCODED / (path.name + ".gz")
        if target.is_file():
            return target
        with self._encode_lock:
            if not target.is_file():
                target.parent.mkdir(exist_ok=True)
                tmp = target.with_name(".tmp-" + target.name)
                tmp.write_bytes(gzip_bytes(path.read_bytes()))
                tmp.replace(target)
        return target
