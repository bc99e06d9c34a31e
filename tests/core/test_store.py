"""The embedded store: opening errors are user errors, writes are all or nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.errors import NotFoundError, QueryError, StoreError
from pvgraph.namespaces import META_GRAPH
from pvgraph.settings import load_settings
from pvgraph.store import VERSION_PREDICATE, EmbeddedStore, open_store
from pvgraph.store import embedded as store_module
from pvgraph.store.embedded import VERSION_FILE

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
    assert target.graphs() == {EX + "g1": 2, EX + "g2": 1}
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


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(store: EmbeddedStore, **kwargs: object) -> int:
    return int(store.query(COUNT, **kwargs).values("n")[0])  # type: ignore[arg-type]


@pytest.mark.parametrize("on_disk", [True, False], ids=["disk", "memory"])
def test_the_version_token_changes_with_every_write_and_is_not_data(tmp_path: Path, on_disk: bool) -> None:
    """Bookkeeping stays out of what queries see: an emptied store counts 0 triples."""
    store = EmbeddedStore(tmp_path / "s" if on_disk else None)
    seen = {store.version()}
    store.add_to_graph(EX + "g", [_quad("a", EX + "g")])
    seen.add(store.version())
    store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}b> <{EX}p> 1 }} }}")
    seen.add(store.version())
    assert _count(store) == 2
    store.update("DROP ALL")
    seen.add(store.version())
    assert len(seen) == 4
    assert _count(store) == 0 and store.graphs() == {} and store.is_empty()


def test_the_version_token_survives_a_restart_and_is_seen_by_readers(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "s")
    writer.add_to_graph(EX + "g", [_quad("a", EX + "g")])
    version = writer.version()
    assert (tmp_path / "s" / VERSION_FILE).read_text(encoding="ascii") == version
    reader = EmbeddedStore(tmp_path / "s", read_only=True)
    assert reader.version() == version
    writer.drop_graph(EX + "g")
    assert reader.version() == writer.version() != version  # read again: the writer is elsewhere
    writer.close()
    del writer, reader
    assert EmbeddedStore(tmp_path / "s").version() != version


def test_a_token_kept_as_a_triple_by_earlier_versions_moves_out_of_the_data(tmp_path: Path) -> None:
    meta = ox.NamedNode(str(META_GRAPH))
    old = ox.Store(str(tmp_path / "s"))
    old.add(ox.Quad(meta, VERSION_PREDICATE, ox.Literal("legacy-token"), meta))
    old.add(ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("1"), ox.NamedNode(EX + "g")))
    old.flush()
    del old
    store = EmbeddedStore(tmp_path / "s")
    assert store.version() == "legacy-token"
    assert store.graphs() == {EX + "g": 1}  # the meta graph held only the token: gone with it


def test_an_update_that_empties_a_large_store_first_is_swapped_in_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CLEAR/DROP ALL at the head of an update: run on an empty store, then swapped in (RocksDB's
    transactional CLEAR ALL took 49 s over a million quads); all or nothing still."""
    monkeypatch.setattr(store_module, "BULK_THRESHOLD", 2)
    store = EmbeddedStore(tmp_path / "s")
    store.add_to_graph(EX + "old", [_quad("a", EX + "old"), _quad("b", EX + "old"), _quad("c", EX + "old")])
    before = store.version()
    with pytest.raises(QueryError):
        store.update(f"PREFIX ex: <{EX}>\n# a comment\nDROP ALL ; INSERT DATA {{ ex:a ex:p }}")
    assert store.graphs() == {EX + "old": 3}
    store.update(f"BASE <{EX}> PREFIX ex: <{EX}> CLEAR SILENT ALL ; "
                 f"INSERT DATA {{ GRAPH ex:new {{ ex:x ex:p <y> }} }} ; "
                 f"INSERT {{ GRAPH ex:copy {{ ?s ?p ?o }} }} WHERE {{ GRAPH ex:new {{ ?s ?p ?o }} }}")
    assert store.graphs() == {EX + "new": 1, EX + "copy": 1}
    assert store.version() != before
    store.update("DROP ALL")
    assert store.graphs() == {} and _count(store) == 0
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_the_default_graph_is_the_union_unless_asked_otherwise(tmp_path: Path) -> None:
    store = EmbeddedStore(None)
    store.add_to_graph(EX + "g", [_quad("a", EX + "g")])
    store.update(f"INSERT DATA {{ <{EX}d> <{EX}p> 1 }}")  # the store's own default graph
    assert _count(store) == 2
    assert _count(store, union_default_graph=False) == 1
    named = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
    assert named.values("g") == [EX + "g"]


@pytest.mark.parametrize("on_disk", [False, True])
def test_replace_graph_reads_an_iterator_of_the_same_graph_before_it_empties_it(tmp_path: Path, on_disk: bool) -> None:
    store = EmbeddedStore(tmp_path / "s" if on_disk else None)
    store.add_to_graph(EX + "g", [_quad("a", EX + "g"), _quad("b", EX + "g")])
    # An iterator over the very graph being replaced: read whole before the graph is emptied.
    assert store.replace_graph(EX + "g", store.quads(EX + "g")) == 2
    # A list is written as it is moved into the graph, and counted.
    assert store.replace_graph(EX + "h", [_quad("c", EX + "other")]) == 1
    assert store.graphs() == {EX + "g": 2, EX + "h": 1}
    assert [q.graph_name for q in store.quads(EX + "h")] == [ox.NamedNode(EX + "h")]


@pytest.mark.parametrize("on_disk", [False, True])
def test_load_document_puts_the_same_triples_as_the_parser_in_the_graph(tmp_path: Path, on_disk: bool) -> None:
    from pvgraph.loading import document_from_bytes, parse_document

    text = f"<{EX}a> <{EX}p> \"1\" .\n<{EX}b> <{EX}p> <{EX}a> .\n_:x <{EX}p> \"2\"@fr .\n".encode()
    document = document_from_bytes(text, name="ref.nt")
    store = EmbeddedStore(tmp_path / "s" if on_disk else None)
    before = store.version()
    store.load_document(EX + "g", document)
    assert store.version() != before
    assert store.graphs() == {EX + "g": 3}
    expected = EmbeddedStore(None)
    expected.add_to_graph(EX + "g", parse_document(document).quads)
    def ground(s: EmbeddedStore) -> set[str]:
        return {str(q) for q in s.quads(EX + "g") if not isinstance(q.subject, ox.BlankNode)}
    assert ground(store) == ground(expected) and len(ground(store)) == 2


def test_load_document_reports_a_syntax_error_with_its_line(tmp_path: Path) -> None:
    from pvgraph.errors import RdfSyntaxError
    from pvgraph.loading import document_from_bytes

    document = document_from_bytes(f"<{EX}a> <{EX}p> \"1\" .\n<{EX}b> <{EX}p> .\n".encode(), name="ref.nt")
    with pytest.raises(RdfSyntaxError) as info:
        EmbeddedStore(None).load_document(EX + "g", document)
    assert info.value.location is not None and info.value.location.line == 2
