"""Loading the shapes (``shapes/*.ttl``) and the ontology (``ontology/*.ttl``) once.

Both are read through :mod:`pvgraph.loading` like any input, and cached by the files' paths,
sizes and modification times: a server validates many submissions against the same shapes, and
an edited shapes file is picked up without a restart.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import rdflib

import pvgraph.namespaces as ns
from pvgraph.errors import ConfigError, error
from pvgraph.loading import parse_file, to_rdflib_graph
from pvgraph.namespaces import PREFIXES

SHAPES_LAYERS = ("core", "recommended", "codelists")
"""The shapes files, in order: violations, warnings, values from concept schemes and registries."""


@dataclass(frozen=True)
class Schema:
    """The shapes and ontology a validation runs against."""

    shapes: rdflib.Graph
    ontology: rdflib.Graph
    files: tuple[str, ...]
    version: str | None = None  # the shapes' owl:versionInfo and a digest of the shapes files



_cache: dict[tuple[tuple[str, int, int], ...], Schema] = {}
_lock = threading.Lock()


def shapes_files(root: Path) -> list[Path]:
    """The shapes files under ``root/shapes`` (known layers first, then any other ``.ttl``)."""
    folder = root / "shapes"
    known = [folder / f"{layer}.ttl" for layer in SHAPES_LAYERS if (folder / f"{layer}.ttl").is_file()]
    others = sorted(p for p in folder.glob("*.ttl") if p not in known)
    return known + others


def ontology_files(root: Path) -> list[Path]:
    """The ontology modules and concept schemes under ``root/ontology`` (not the queries)."""
    return sorted((root / "ontology").glob("*.ttl"))


def load_graph(paths: list[Path]) -> rdflib.Graph:
    """The union of some Turtle files as one rdflib graph, with pvgraph's prefixes bound."""
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    for path in paths:
        for triple in to_rdflib_graph(parse_file(path).quads):
            graph.add(triple)
    return graph


def load_schema(root: Path) -> Schema:
    """The shapes and ontology of the repository at ``root`` (cached until a file changes)."""
    shapes_paths = shapes_files(root)
    ontology_paths = ontology_files(root)
    if not shapes_paths:
        raise error(ConfigError, "setting.no-shapes", directory=root / "shapes")
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in shapes_paths + ontology_paths)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    shapes = load_graph(shapes_paths)
    schema = Schema(
        shapes=shapes,
        ontology=load_graph(ontology_paths),
        files=tuple(str(p) for p in shapes_paths + ontology_paths),
        version=shapes_version(shapes, shapes_paths),
    )
    with _lock:
        _cache.clear()
        _cache[key] = schema
    return schema


SHAPES_IRI = rdflib.URIRef(f"{ns.BASE}shapes")


def shapes_version(shapes: rdflib.Graph, paths: list[Path] | None = None) -> str | None:
    """The shapes' ``owl:versionInfo``, with the first 12 hex digits of a SHA-256 of the shapes
    files when they are given: a report names exactly which rules it applied, even between two
    releases (an edited shapes file changes the digest, not the version number)."""
    info = shapes.value(SHAPES_IRI, rdflib.OWL.versionInfo)
    digest = None
    if paths:
        sha = hashlib.sha256()
        for path in paths:
            sha.update(path.read_bytes())
        digest = sha.hexdigest()[:12]
    if info is None:
        return digest
    return f"{info} ({digest})" if digest else str(info)
