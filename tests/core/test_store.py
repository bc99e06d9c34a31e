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
