"""The engine boundary, checked on the source: what import-linter cannot see.

import-linter (``make lint``, contracts in pyproject.toml) keeps the layers and SPARQLWrapper
inside ``pvgraph.store``. pyoxigraph itself is the project's term model, parser and serialiser,
imported everywhere; its *storage engine* (``pyoxigraph.Store``) must not be, and no module may ask
which kind of store it holds (``isinstance``/``getattr`` on a store) or reach the engine through one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "pvgraph"
STORE = SRC / "store"
ENGINE_CLASSES = {"EmbeddedStore", "RemoteStore"}


def _outside_store() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if STORE not in p.parents)


def _problems(text: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(text)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr == "Store" and \
                isinstance(node.value, ast.Name) and node.value.id in ("ox", "pyoxigraph"):
            found.append(f"{where}: pyoxigraph.Store (the engine) outside pvgraph.store")
        if isinstance(node, ast.ImportFrom) and node.module == "pyoxigraph" and \
                any(alias.name == "Store" for alias in node.names):
            found.append(f"{where}: imports pyoxigraph.Store outside pvgraph.store")
        if isinstance(node, ast.Attribute) and node.attr in ("oxigraph", "_db", "_engine") and \
                isinstance(node.value, ast.Name) and "store" in node.value.id.lower():
            found.append(f"{where}: reaches the engine through a store (.{node.attr})")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = node.args
            if node.func.id == "isinstance" and len(args) == 2 and \
                    {n.id for n in ast.walk(args[1]) if isinstance(n, ast.Name)} & ENGINE_CLASSES:
                found.append(f"{where}: isinstance on a kind of store")
            if node.func.id in ("getattr", "hasattr") and args and isinstance(args[0], ast.Name) and \
                    "store" in args[0].id.lower():
                found.append(f"{where}: {node.func.id} on a store")
            # self.store / state.store asked for a named attribute (duck typing); a proxy's
            # getattr(self._store, name) passes every attribute through and is not asking
            if node.func.id in ("getattr", "hasattr") and len(args) > 1 and \
                    isinstance(args[0], ast.Attribute) and "store" in args[0].attr.lower() and \
                    isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
                found.append(f"{where}: {node.func.id} on a store")
    return found


def test_no_module_outside_store_knows_the_engine() -> None:
    problems = [p for path in _outside_store()
                for p in _problems(path.read_text(encoding="utf-8"), str(path.relative_to(SRC.parent)))]
    assert problems == []


@pytest.mark.parametrize("text", [
    "import pyoxigraph as ox\nox.Store()",
    "from pyoxigraph import Store",
    "store.oxigraph.backup('x')",
    "isinstance(store, EmbeddedStore)",
    "getattr(store, 'chunk_size', None)",
    "getattr(self.store, 'path', None)",
])
def test_the_check_sees_each_kind_of_leak(text: str) -> None:
    assert _problems(text, "probe.py")
