"""The server's publication cache: one generation per store version, 503 while it runs."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.publish.cache import NotReadyError, PublishCache
from pvgraph.store import EmbeddedStore

from .conftest import make_store


class SlowStore(EmbeddedStore):
    """A store whose reads wait for a signal, to hold a generation in progress."""

    def __init__(self) -> None:
        super().__init__(None)
        self.release = threading.Event()
        self.reads = 0

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        self.reads += 1
        self.release.wait(30)
        return super().quads(graph)


def test_a_request_that_cannot_wait_gets_not_ready_then_the_result(tmp_path: Path) -> None:
    store = SlowStore()
    for quad in make_store().quads():
        store.add_to_graph(quad.graph_name.value, [quad])
    cache = PublishCache(tmp_path)
    with pytest.raises(NotReadyError) as caught:
        cache.ensure(store, wait=0)
    assert caught.value.http_status == 503
    store.release.set()
    published = cache.ensure(store, wait=30, fresh=True)
    assert published.manifest.files and published.stats.triples == sum(store.graphs().values())
    assert cache.ensure(store, wait=0) is published  # no second generation
    assert (published.directory / published.manifest.files[0].name).is_file()


def test_a_new_store_version_gets_new_dumps_and_the_old_directory_is_kept_apart(tmp_path: Path) -> None:
    store = make_store()
    cache = PublishCache(tmp_path)
    first = cache.ensure(store, fresh=True)
    ex = ox.NamedNode("https://w3id.org/pvgraph/id/example/project-9")
    store.add_to_graph("https://w3id.org/pvgraph/graph/examples",
                       [ox.Triple(ex, ex, ox.Literal("neuf"))])
    second = cache.ensure(store, fresh=True)
    assert second.directory != first.directory
    assert second.manifest.versions["examples"] != first.manifest.versions["examples"]
    assert second.manifest.versions["study"] == first.manifest.versions["study"]
    assert "https://w3id.org/pvgraph/id/example/project-9" in second.things


def test_old_version_directories_are_pruned_and_a_pruned_one_is_regenerated(tmp_path: Path) -> None:
    store = make_store()
    cache = PublishCache(tmp_path)
    first = cache.ensure(store, fresh=True)
    ex = ox.NamedNode("https://w3id.org/pvgraph/id/example/project-9")
    for n in range(4):
        store.add_to_graph("https://w3id.org/pvgraph/graph/examples",
                           [ox.Triple(ex, ex, ox.Literal(str(n)))])
        latest = cache.ensure(store, fresh=True)
    kept = [d for d in tmp_path.iterdir() if not d.name.startswith(".")]
    assert len(kept) == 3 and latest.directory in kept and not first.directory.exists()
    shutil.rmtree(latest.directory)  # as another server sharing the root would
    name = latest.manifest.files[0].name
    path, again = cache.file(store, name)
    assert path.is_file() and again.manifest == latest.manifest
    assert oct(again.directory.stat().st_mode & 0o777) == "0o755"


def test_an_on_disk_store_is_published_by_a_child_process_with_the_same_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pvgraph.publish import generation

    store = make_store(tmp_path / "store")
    here = generation.generate_here(store, tmp_path / "here", public_base="https://w3id.org/pvgraph/")

    def not_in_the_server(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the on-disk store was published in the server's own process")

    # The child imports its own copy of the module: only work done in this process is refused.
    monkeypatch.setattr(generation, "generate_here", not_in_the_server)
    published = PublishCache(tmp_path / "cache").ensure(store, wait=120, fresh=True)
    assert published.manifest == here.manifest
    assert published.stats == here.stats and published.things == here.things
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")] == []


def test_the_last_complete_version_is_served_while_the_next_is_written(tmp_path: Path) -> None:
    store = SlowStore()
    for quad in make_store().quads():
        store.add_to_graph(quad.graph_name.value, [quad])
    store.release.set()
    cache = PublishCache(tmp_path)
    first = cache.ensure(store, wait=30)
    store.release.clear()  # the next generation will hang until released
    ex = ox.NamedNode("https://w3id.org/pvgraph/id/example/project-9")
    store.add_to_graph("https://w3id.org/pvgraph/graph/examples", [ox.Triple(ex, ex, ox.Literal("9"))])
    assert cache.ensure(store, wait=0) is first  # no 503: the previous version, at once
    path, served = cache.file(store, first.manifest.files[0].name, wait=0)
    assert served is first and path.is_file()
    with pytest.raises(NotReadyError):
        cache.ensure(store, wait=0, fresh=True)
    store.release.set()
    second = cache.ensure(store, wait=30, fresh=True)
    assert second.version == store.version() != first.version
    assert cache.ensure(store, wait=0) is second
    # a dump of the previous version is still served to a harvester that read the old catalogue
    old = next(f.name for f in first.manifest.files if f.part == "examples")
    assert cache.file(store, old)[0].is_file()


def test_after_a_restart_the_version_on_disk_is_served_at_once(tmp_path: Path) -> None:
    store = make_store()
    first = PublishCache(tmp_path).ensure(store, wait=30, fresh=True)
    ex = ox.NamedNode("https://w3id.org/pvgraph/id/example/project-9")
    store.add_to_graph("https://w3id.org/pvgraph/graph/examples", [ox.Triple(ex, ex, ox.Literal("9"))])
    restarted = PublishCache(tmp_path)  # a new server process on the same publication directory
    served = restarted.ensure(store, wait=0)
    assert served.version == first.version and served.manifest == first.manifest
    assert served.stats == first.stats and served.things == first.things
    restarted.ensure(store, wait=30, fresh=True)  # let the background generation finish
