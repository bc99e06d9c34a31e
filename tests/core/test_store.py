"""The embedded store: opening errors are user errors, writes are all or nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.errors import NotFoundError, StoreError
from pvgraph.settings import load_settings
from pvgraph.store import EmbeddedStore, open_store

EX = "http://example.org/"


def test_damaged_store_is_a_store_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "CURRENT").write_text("garbage\n", encoding="utf-8")
    with pytest.raises(StoreError) as info:
        EmbeddedStore(tmp_path, read_only=True)
    assert "rebuild" in str(info.value)


def test_reading_a_store_that_was_never_built_says_build_first(tmp_path: Path) -> None:
    settings = load_settings({"store": str(tmp_path / "absent")}, settings_file=tmp_path / "none.toml")
    with pytest.raises(NotFoundError) as info:
        open_store(settings, read_only=True)
    assert "pvgraph build" in str(info.value)


def test_replace_graph_leaves_other_graphs_alone(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    triple = ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("1"))
    store.add_to_graph(EX + "g1", [triple])
    store.add_to_graph(EX + "g2", [triple])
    store.replace_graph(EX + "g1", [])
    counts = store.graphs()
    assert counts[EX + "g1"] == 0 and counts[EX + "g2"] == 1
    store.drop_graph(EX + "g1")
    assert EX + "g1" not in store.graphs()
    store.close()
    reopened = EmbeddedStore(tmp_path / "s", read_only=True)
    assert reopened.graphs()[EX + "g2"] == 1


def _quad(s: str, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(s), ox.NamedNode(graph))


def test_replace_contents_swaps_in_exactly_the_source(tmp_path: Path) -> None:
    target = EmbeddedStore(tmp_path / "s")
    target.add_to_graph(EX + "old", [_quad("gone", EX + "old")])
    source = EmbeddedStore(None)
    source.add_to_graph(EX + "g1", [_quad("a", EX + "g1"), _quad("b", EX + "g1")])
    source.add_to_graph(EX + "g2", [_quad("c", EX + "g2")])
    assert target.replace_contents(source) == len(source)
    assert target.graphs() == {EX + "g1": 2, EX + "g2": 1, **_meta(source)}
    target.add_to_graph(EX + "g3", [_quad("d", EX + "g3")])  # the swapped-in store is open for writes
    target.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]  # no new-/old- directory left
    assert EX + "old" not in EmbeddedStore(tmp_path / "s", read_only=True).graphs()


class _BrokenSource:
    """Stands for a store whose reading fails midway (a disk error in the staging store)."""

    def quads_for_pattern(self, *_pattern: object) -> object:
        yield _quad("first", EX + "g")
        raise RuntimeError("simulated read failure")


def test_replace_contents_that_fails_leaves_the_old_store_as_it_was(tmp_path: Path) -> None:
    target = EmbeddedStore(tmp_path / "s")
    target.add_to_graph(EX + "kept", [_quad("k", EX + "kept")])
    before = target.graphs()
    with pytest.raises(StoreError) as info:
        target.replace_contents(EmbeddedStore.wrapping(_BrokenSource()))  # type: ignore[arg-type]
    assert "simulated read failure" in str(info.value)
    assert target.graphs() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def _meta(store: EmbeddedStore) -> dict[str, int]:
    """The version token's graph, which every write updates."""
    return {g: n for g, n in store.graphs().items() if g.endswith("/graph/meta")}


def test_a_swap_interrupted_between_its_renames_is_undone_on_open(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.add_to_graph(EX + "g", [_quad("a", EX + "g")])
    store.close()
    del store
    (tmp_path / "s").rename(tmp_path / ".s.old-12345678")  # the crash: old moved aside...
    (tmp_path / ".s.new-12345678").mkdir()  # ...and the new one half-written
    reopened = EmbeddedStore(tmp_path / "s")
    assert reopened.graphs()[EX + "g"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_a_swap_whose_rename_fails_keeps_the_old_store_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = EmbeddedStore(tmp_path / "s")
    target.add_to_graph(EX + "kept", [_quad("k", EX + "kept")])
    before = target.graphs()
    source = EmbeddedStore(None)
    source.add_to_graph(EX + "new", [_quad("n", EX + "new")])
    real_rename = Path.rename

    def rename(self: Path, to: Path) -> Path:
        if self.name.startswith(".s.new-"):
            raise OSError("simulated: cannot move the new store into place")
        return real_rename(self, to)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(StoreError, match="simulated"):
        target.replace_contents(source)
    assert target.graphs() == before  # reopened on the old store, which is back in place
    target.add_to_graph(EX + "after", [_quad("a", EX + "after")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_a_swap_whose_two_renames_fail_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new store cannot move in, nor the old one back: the old data stays aside, nothing is
    opened in its place (an empty store there would hide it), and the next open puts it back."""
    target = EmbeddedStore(tmp_path / "s")
    target.add_to_graph(EX + "kept", [_quad("k", EX + "kept")])
    before = target.graphs()
    source = EmbeddedStore(None)
    source.add_to_graph(EX + "new", [_quad("n", EX + "new")])
    real_rename = Path.rename

    def rename(self: Path, to: Path) -> Path:
        if self.name.startswith(".s.new-") or self.name.startswith(".s.old-"):
            raise OSError("simulated: the directory became read-only")
        return real_rename(self, to)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(StoreError) as caught:
        target.replace_contents(source)
    assert ".s.old-" in caught.value.hint and "puts it back" in caught.value.hint
    assert not (tmp_path / "s").exists()  # nothing opened in the old store's place
    monkeypatch.undo()
    assert EmbeddedStore(tmp_path / "s").graphs() == before  # the next open restores it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_every_dialect_can_be_named_in_the_settings() -> None:
    """store_engine's choices are the dialects (adding one is an entry in each; conventions.md)."""
    from typing import get_args

    from pvgraph.settings import Settings
    from pvgraph.store.dialects import ENGINE_CHOICES

    assert set(get_args(Settings.model_fields["store_engine"].annotation)) == set(ENGINE_CHOICES)
