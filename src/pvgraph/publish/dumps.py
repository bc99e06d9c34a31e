"""Deterministic dumps of the store: the same content gives byte-identical files.

Why deterministic: portals and mirrors compare checksums; a dump that changes bytes without
changing content looks like a new release, and one that cannot be reproduced cannot be audited.
So: blank nodes get canonical labels (RDFC-1.0, computed over every published quad that holds a
blank node, so that labels are consistent across graphs), quads are sorted, prefixes come from
one ordered table, gzip has no file name and a zero mtime, and each file name carries the
version of what it holds (the first 12 hex digits of the SHA-256 of its canonical N-Quads).

Layout: for each part (``parts.PARTS``) with content, ``pvgraph-{part}-{version}.ttl``,
``.nt.gz`` and ``.jsonld``; for the whole asserted graph ``pvgraph-{version}.nq.gz`` and
``.trig``. A ``manifest.json`` lists each file with its size and SHA-256 (what the catalogue
publishes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph import messages
from pvgraph.formats import rdf_format
from pvgraph.publish.parts import CONCEPT_CLASSES, CONCEPT_LINKS, PARTS, WHOLE, Part
from pvgraph.publish.prefixes import OUTPUT_PREFIXES, with_stable_header
from pvgraph.publish.text import StoreText
from pvgraph.store import Store

RDF_TYPE = f"{ns.RDF}type"
MANIFEST = "manifest.json"
VERSION_DIGITS = 12


@dataclass(frozen=True)
class DumpKind:
    """One kind of dump file: serialisation, extension, IANA media type, EU file type."""

    name: str
    extension: str
    media_type: str
    eu_file_type: str
    oxigraph: ox.RdfFormat
    gzipped: bool
    quads: bool
    label: str  # the format's usual name, shown by portals

    @classmethod
    def of(cls, name: str, *, gzipped: bool = False) -> DumpKind:
        """The dump kind of a format of the one table (formats.RDF_FORMATS), gzipped or not."""
        fmt = rdf_format(name)
        return cls(fmt.name, fmt.extension + (".gz" if gzipped else ""), fmt.media_type,
                   fmt.eu_file_type, fmt.oxigraph, gzipped, fmt.datasets, fmt.label)


TURTLE = DumpKind.of("turtle")
NTRIPLES_GZ = DumpKind.of("ntriples", gzipped=True)
JSONLD = DumpKind.of("jsonld")
NQUADS_GZ = DumpKind.of("nquads", gzipped=True)
TRIG = DumpKind.of("trig")

PART_KINDS = (TURTLE, NTRIPLES_GZ, JSONLD)
WHOLE_KINDS = (NQUADS_GZ, TRIG)
KINDS = {k.name: k for k in (*PART_KINDS, *WHOLE_KINDS)}


@dataclass(frozen=True)
class DumpFile:
    """One written dump, as the catalogue and the harvest check need it."""

    name: str
    part: str
    kind: str
    version: str
    triples: int
    byte_size: int
    sha256: str

    @property
    def dump_kind(self) -> DumpKind:
        return KINDS[self.kind]

    @property
    def http_media_type(self) -> str:
        """What the server sends as Content-Type (gzip files are sent as they are)."""
        return "application/gzip" if self.dump_kind.gzipped else self.dump_kind.media_type


@dataclass
class Manifest:
    """Every dump written, in a stable order, with the version of each part."""

    files: list[DumpFile] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    triples: dict[str, int] = field(default_factory=dict)

    def for_part(self, key: str) -> list[DumpFile]:
        return [f for f in self.files if f.part == key]

    def get(self, name: str) -> DumpFile | None:
        return next((f for f in self.files if f.name == name), None)

    def to_json(self) -> bytes:
        body = {"versions": self.versions, "triples": self.triples,
                "files": [asdict(f) for f in self.files]}
        return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        body = json.loads(data)
        return cls(files=[DumpFile(**f) for f in body["files"]], versions=body["versions"],
                   triples=body["triples"])


Progress = Callable[[str], None]


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and mtime 0, so that equal input gives equal output."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def canonical_quads(store: Store, graphs: Iterable[str]) -> dict[str, list[ox.Quad]]:
    """The quads of ``graphs``, blank nodes relabelled canonically, each graph's list sorted."""
    wanted = list(dict.fromkeys(graphs))
    plain: dict[str, list[ox.Quad]] = {g: [] for g in wanted}
    with_blanks: list[ox.Quad] = []
    for graph in wanted:
        for quad in store.quads(graph):
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                with_blanks.append(quad)
            else:
                plain[graph].append(quad)
    if with_blanks:
        dataset = ox.Dataset(with_blanks)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        for quad in dataset:
            plain[quad.graph_name.value].append(quad)
    return {g: sorted(quads, key=str) for g, quads in plain.items()}


def concept_scheme_triples(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The triples about SKOS concept schemes and concepts (subjects typed or linked so)."""
    subjects = {
        q.subject for q in quads
        if (q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode)
            and q.object.value in CONCEPT_CLASSES)
        or q.predicate.value in CONCEPT_LINKS
    }
    return [q for q in quads if q.subject in subjects]


def canonical_ntriples(text: StoreText, graphs: Iterable[str]) -> dict[str, bytes]:
    """Each of ``graphs`` as N-Triples, lines sorted, blank nodes relabelled canonically.

    Graphs without blank nodes (the referential, the inferred triples: nearly every triple) are
    sorted as lines of text. The order is that of :func:`canonical_quads` (``str`` of each quad):
    within one graph a quad's text is its line without `` .``, and no line is a prefix of another
    before that suffix. Graphs whose text holds ``_:`` (a blank node, or that text in a literal)
    go through :func:`canonical_quads` together, so their labels are the same as ever.
    """
    wanted = list(dict.fromkeys(graphs))
    text.read(wanted)
    with_blanks = [g for g in wanted if b"_:" in text.graph(g)]
    result = {g: _sorted_lines(text.graph(g)) for g in wanted if g not in with_blanks}
    if with_blanks:
        for graph, quads in canonical_quads(text.store, with_blanks).items():
            result[graph] = _ntriples(quads)
    return {g: result[g] for g in wanted}


def _sorted_lines(data: bytes) -> bytes:
    lines = data.split(b"\n")
    lines.pop()  # after the last line's end: empty
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


def _ntriples(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""


def part_text(part: Part, by_graph: dict[str, bytes]) -> bytes:
    """What one part holds as sorted N-Triples (or, for the whole graph, N-Quads: one named
    graph after the other, in the part's order)."""
    if part.key == WHOLE.key:
        return b"".join(by_graph[g].replace(b" .\n", f" <{g}> .\n".encode()) for g in part.graphs)
    data = b"".join(by_graph[g] for g in part.graphs)
    if part.concept_schemes_only:
        data = _ntriples(concept_scheme_triples(list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))))
    return data


def serialise(text: bytes, kind: DumpKind) -> bytes:
    """The bytes of one dump (before gzip) from the sorted N-Triples or N-Quads ``text``.

    Oxigraph's writers keep their input's order, so each format follows the sorted lines.
    """
    if kind.oxigraph in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return text
    items = ox.parse(text, format=ox.RdfFormat.N_QUADS if kind.quads else ox.RdfFormat.N_TRIPLES)
    plain = kind.oxigraph == ox.RdfFormat.JSON_LD
    data = ox.serialize(items, format=kind.oxigraph, prefixes=None if plain else OUTPUT_PREFIXES)
    assert data is not None  # no output file given: the bytes are returned
    return data if plain else with_stable_header(data)


def version_of(text: bytes) -> str:
    """The content version: SHA-256 of the canonical N-Quads (or N-Triples) lines, each without
    its final `` .``, shortened. (A line ends with `` .\\n`` and nowhere else holds a newline.)"""
    return hashlib.sha256(text.replace(b" .\n", b"\n")).hexdigest()[:VERSION_DIGITS]


def file_name(part: Part, version: str, kind: DumpKind) -> str:
    stem = "pvgraph" if part.key == WHOLE.key else f"pvgraph-{part.key}"
    return f"{stem}-{version}{kind.extension}"


def write_dumps(store: Store, outdir: Path, *, progress: Progress | None = None,
                text: StoreText | None = None, lang: str | None = None) -> Manifest:
    """Write every dump of ``store`` into ``outdir`` and return (and write) the manifest.

    Parts whose graphs are empty are left out (a dataset without content helps nobody).
    ``text``: the store's graphs as already read, when the caller reads them for more than this.
    ``progress`` is told each file written in ``lang`` (French unless English is asked).
    """
    say = progress or (lambda _m: None)
    outdir.mkdir(parents=True, exist_ok=True)
    graphs = [g for p in (*PARTS, WHOLE) for g in p.graphs]
    by_graph = canonical_ntriples(text or StoreText(store), graphs)
    manifest = Manifest()
    for current in (WHOLE, *PARTS):
        content = part_text(current, by_graph)
        if not content:
            continue
        is_whole = current.key == WHOLE.key
        version = version_of(content)
        triples = content.count(b"\n")
        manifest.versions[current.key] = version
        manifest.triples[current.key] = triples
        for kind in WHOLE_KINDS if is_whole else PART_KINDS:
            data = serialise(content, kind)
            if kind.gzipped:
                data = gzip_bytes(data)
            name = file_name(current, version, kind)
            _write_atomically(outdir / name, data)
            manifest.files.append(DumpFile(name=name, part=current.key, kind=kind.name,
                                           version=version, triples=triples,
                                           byte_size=len(data),
                                           sha256=hashlib.sha256(data).hexdigest()))
            say(messages.text("publishing.dump", lang, name=name, size=len(data)))
    _write_atomically(outdir / MANIFEST, manifest.to_json())
    return manifest


def read_manifest(outdir: Path) -> Manifest | None:
    """The manifest of a dump directory, or ``None`` when there is none (not written yet)."""
    path = outdir / MANIFEST
    return Manifest.from_json(path.read_bytes()) if path.is_file() else None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file next to ``path``, then rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a web server must be able to read dumps
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
