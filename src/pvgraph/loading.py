"""The only place that reads RDF from files, uploads and strings.

Everything is parsed by pyoxigraph (fast, streaming, never touches the network: a JSON-LD remote
``@context`` is refused because no document loader is set). RDF/XML is first checked with
defusedxml so that entity bombs and external entities are refused before any expansion.
Parser errors become :class:`RdfSyntaxError` naming file, line and column; nothing is half-read:
a document is parsed whole before anything uses it. Every error raised here carries its French
twin (from the one catalogue, :mod:`pvgraph.messages`), told by the CLI and the server in the report's language.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any
from xml.etree import ElementTree

import pyoxigraph as ox
import rdflib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from rdflib.plugins.stores.memory import SimpleMemory

import pvgraph.namespaces as ns
from pvgraph import messages
from pvgraph.errors import (
    InputError,
    Location,
    PayloadTooLargeError,
    RdfSyntaxError,
    UnsupportedFormatError,
    error,
)
from pvgraph.formats import RDF_FORMATS, RdfFormat, rdf_format, rdf_format_for_path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
OWL_IMPORTS = f"{ns.OWL}imports"
_SNIFF = 4096


@dataclass(frozen=True)
class Document:
    """Bytes known to be UTF-8 text in an RDF format, with the name used in messages."""

    name: str
    data: bytes
    format: RdfFormat


@dataclass
class ParsedDocument:
    """The quads of one document and what the reader noticed on the way (not errors)."""

    document: Document
    quads: list[ox.Quad]
    imports: list[str] = field(default_factory=list)  # owl:imports IRIs, noticed, never fetched

    @property
    def notices(self) -> list[str]:
        """What the reader noticed, in English (build logs)."""
        return self.notices_in("en")

    def notices_in(self, lang: str) -> list[str]:
        """What the reader noticed, in a report's language."""
        if not self.imports:
            return []
        return [messages.text("notice.imports-not-followed", lang, iris=", ".join(self.imports))]


def read_document(
    path: Path | str, *, format: RdfFormat | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    sniff: bool = False,
) -> Document:
    """Read a file (``.gz`` decompressed) into a checked :class:`Document`.

    With ``sniff``, a file whose extension says nothing (``.txt``, none) is recognised by its
    content, as standard input is; only when the content does not tell either is it refused, with
    the extension's message.
    """
    path = Path(path)
    if not path.exists():
        raise error(InputError, "input.file-not-found", path=path, location=Location(str(path)))
    if path.is_dir():
        raise error(InputError, "input.is-directory", path=path, location=Location(str(path)))
    size = path.stat().st_size
    if size > max_bytes:
        raise _too_large(str(path), size, max_bytes)
    unknown: UnsupportedFormatError | None = None
    try:
        fmt = format or format_for_path(path)
    except UnsupportedFormatError as exc:
        if not sniff:
            raise
        fmt, unknown = None, exc
    raw = path.read_bytes()
    if path.suffix.lower() == ".gz":
        raw = _gunzip(raw, str(path), max_bytes)
    try:
        return document_from_bytes(raw, name=str(path), format=fmt, max_bytes=max_bytes)
    except UnsupportedFormatError:
        if unknown is not None:
            raise unknown from None
        raise


def document_from_bytes(
    data: bytes,
    *,
    name: str,
    format: RdfFormat | None = None,
    media_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Check raw bytes (size, emptiness, binary, UTF-8) and settle their format.

    The format comes from ``format``, else ``media_type``, else the content itself.
    """
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, name, max_bytes)
    if not data.strip():
        raise error(InputError, "input.empty", location=Location(name))
    if b"\x00" in data[:_SNIFF * 4]:
        raise error(InputError, "input.binary", location=Location(name))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(InputError, "input.not-utf8", byte=f"{data[exc.start]:02x}",
                         location=Location(name, line, column)) from None
    if format is None and media_type and media_type.split(";")[0].strip() not in (
        "", "application/octet-stream", "multipart/form-data", "application/x-www-form-urlencoded"
    ):
        format = format_named(media_type, name)
    if format is None:
        format = sniff_format(text, name)
    return Document(name=name, data=data, format=format)


def sniff_format(text: str, name: str = "<input>") -> RdfFormat:
    """Guess the RDF format of text whose name or media type says nothing."""
    head = text[:_SNIFF].lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return rdf_format("jsonld")
    if head.startswith("<?xml") or re.match(r"<(\w+:)?RDF\b", head):
        return rdf_format("rdfxml")
    if re.search(r"^\s*(@prefix|@base|PREFIX|BASE)\b", head, re.M | re.I):
        return rdf_format("trig")  # TriG is a superset of Turtle
    if re.match(r"(<[^>]*>|_:\S+)\s+<[^>]*>\s+\S.*\s(<[^>]*>|_:\S+)\s*\.\s*$", (head.splitlines() or [""])[0]):
        return rdf_format("nquads")  # N-Quads is a superset of N-Triples
    if re.match(r"(<[^>]*>|_:\S+)\s+<", head):
        return rdf_format("nquads")
    if head.startswith("<") or re.match(r"[\w-]*:\w*\s", head):
        return rdf_format("trig")
    raise error(UnsupportedFormatError, "input.format-not-recognised", location=Location(name))


def format_for_path(path: Path | str) -> RdfFormat:
    """The RDF format a file's extension announces, or an error (in French and English) naming
    the file."""
    try:
        return rdf_format_for_path(path)
    except UnsupportedFormatError:
        suffixes = [s.lower() for s in PurePath(path).suffixes if s.lower() != ".gz"]
        name = repr(PurePath(path).name)
        if not suffixes:
            raise error(UnsupportedFormatError, "input.no-extension", name=name,
                             location=Location(str(path))) from None
        raise error(UnsupportedFormatError, "input.unknown-extension", name=name, extension=repr(suffixes[-1]),
                         location=Location(str(path))) from None


def format_named(name_or_type: str, document: str) -> RdfFormat:
    """The RDF format with this name or media type, or an error (in French and English) naming
    the document it was given for."""
    try:
        return rdf_format(name_or_type)
    except UnsupportedFormatError:
        raise error(UnsupportedFormatError, "input.unknown-format", name=repr(name_or_type),
                         formats=", ".join(f.name for f in RDF_FORMATS), location=Location(document)) from None


def parse_document(document: Document, *, base_iri: str | None = None) -> ParsedDocument:
    """Parse a whole document into quads, or raise without having produced any."""
    if document.format.name == "rdfxml":
        _refuse_xml_attacks(document)
    try:
        quads = list(
            ox.parse(
                document.data,
                document.format.oxigraph,
                base_iri=base_iri or _file_base(document.name),
                without_named_graphs=not document.format.datasets,
            )
        )
    except SyntaxError as exc:
        raise _syntax_error(document, exc) from None
    except (ValueError, OSError) as exc:  # pyoxigraph reports some malformed input this way
        raise error(RdfSyntaxError, "input.unreadable", format=document.format.name, detail=exc,
                         location=Location(document.name)) from None
    imported = sorted({q.object.value for q in quads if q.predicate.value == OWL_IMPORTS})
    return ParsedDocument(document=document, quads=quads, imports=imported)


def parse_with(document: Document, parse: Callable[[Document, str], None], *,
               base_iri: str | None = None) -> None:
    """Let a store's engine parse a document of triples itself: ``parse(document, base_iri)``,
    with this module's checks before and its error mapping after.

    Why: :func:`parse_document` makes a Python object per triple, about 600 bytes each; the
    national referential plus ten million benchmark triples took 7 GiB that way before they
    reached the store, and two minutes. Raises like :func:`parse_document`, but a document that is
    wrong halfway may leave its first triples where ``parse`` put them: parse into a store that is
    thrown away on error (a build's staging store). Formats with named graphs are refused (their
    quads would keep their own graphs): parse those with :func:`parse_document`.
    """
    if document.format.datasets:
        raise ValueError(f"{document.format.name} carries named graphs: use parse_document")
    if document.format.name == "rdfxml":
        _refuse_xml_attacks(document)
    try:
        parse(document, base_iri or _file_base(document.name))
    except SyntaxError as exc:
        raise _syntax_error(document, exc) from None
    except (ValueError, OSError) as exc:  # pyoxigraph reports some malformed input this way
        raise error(RdfSyntaxError, "input.unreadable", format=document.format.name, detail=exc,
                         location=Location(document.name)) from None


def parse_file(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse one file."""
    return parse_document(read_document(path, max_bytes=max_bytes))


def to_rdflib_graph(quads: Iterable[ox.Quad], *, simple: bool = False) -> rdflib.Graph:
    """The union of the quads' graphs as one rdflib Graph; ``simple``: on rdflib's SimpleMemory
    store (:func:`simple_graph`).

    Terms met again (a predicate, a class, a record named in several triples) are converted once.
    """
    g = simple_graph() if simple else rdflib.Graph()
    converted: dict[ox.NamedNode | ox.BlankNode | ox.Literal, rdflib.term.Node] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
        found = converted.get(t)
        if found is None:
            found = converted[t] = to_rdflib_term(t)
        return found

    add = g.add
    for q in quads:
        add((term(q.subject), term(q.predicate), term(q.object)))  # type: ignore[arg-type]
    return g


def simple_graph() -> rdflib.Graph:
    """An empty rdflib graph on the SimpleMemory store: the same triples and answers as the
    default store, without its per-triple context bookkeeping and events, so about twice as fast
    to fill and to read (pySHACL reads a submission's graph hundreds of thousands of times)."""
    store = _GraphStore()
    graph = rdflib.Graph(store=store)
    store.hold(graph)
    return graph


class _GraphStore(SimpleMemory):
    """SimpleMemory as :func:`simple_graph` needs it, holding the triples of one graph.

    It keeps a count of its triples (SimpleMemory counts them one by one, and pySHACL asks for the
    data graph's length for every result it makes, even inside ``sh:or``). It says it is
    context- and graph-aware, and gives its one graph as every triple's context, because pySHACL
    wraps the graph it is given in an rdflib Dataset, which asserts those flags, and looks blank
    nodes up through the Dataset's quads when it writes them in a message.
    """

    context_aware = True
    graph_aware = True

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        self._contexts: tuple[rdflib.Graph, ...] = ()

    def hold(self, graph: rdflib.Graph) -> None:
        self._contexts = (graph,)

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        s, p, o = triple
        # SimpleMemory's own index (a private name: tests/core/test_loading.py counts through it)
        if o not in self._SimpleMemory__spo.get(s, {}).get(p, ()):  # type: ignore[attr-defined]
            self._count += 1
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        for triple, _contexts in list(self.triples(triple_pattern)):
            super().remove(triple)
            self._count -= 1

    def _SimpleMemory__contexts(self) -> tuple[rdflib.Graph, ...]:
        """Every triple's contexts, as SimpleMemory.triples yields them: the one graph."""
        return self._contexts

    def contexts(self, triple: Any = None) -> Generator[rdflib.Graph, None, None]:
        yield from self._contexts

    def __len__(self, context: Any = None) -> int:
        return self._count


def to_rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> rdflib.term.Node:
    """One pyoxigraph term as the equivalent rdflib term (quoted triples are not supported)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def from_rdflib_term(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as the equivalent pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def _file_base(name: str) -> str:
    if name.startswith(("http://", "https://", "file:")):
        return name
    try:
        return Path(name).resolve().as_uri()
    except ValueError:
        return "file:///upload"


def _syntax_error(document: Document, exc: SyntaxError) -> RdfSyntaxError:
    text = str(exc)
    line, column = exc.lineno, exc.offset
    if line is None:
        match = re.search(r"line (\d+) column (\d+)", text)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
    # pyoxigraph counts lines from 0 in some messages and from 1 in lineno; lineno is 1-based.
    if "No LoadDocumentCallback" in text or "remote context" in text.lower():
        return error(RdfSyntaxError, "input.remote-context", location=Location(document.name))
    return error(RdfSyntaxError, "input.syntax-error", format=document.format.name, detail=text,
                      reason=_parser_reason(text), location=Location(document.name, line, column))


def _parser_reason(text: str) -> str:
    """The parser's words without the place, which the error's location already gives (and in
    the reader's language): ``Parser error at line 1 column 33: Object keys… (line 1)`` →
    ``Object keys…``."""
    text = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ", "", text)
    text = re.sub(r"(: line \d+, column \d+| \(line \d+\))$", "", text)
    return text


def _refuse_xml_attacks(document: Document) -> None:
    try:
        defused_fromstring(document.data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise error(InputError, "input.xml-entities", kind=type(exc).__name__,
                         location=Location(document.name)) from None
    except ElementTree.ParseError as exc:  # malformed XML: a syntax error, with its place
        position = getattr(exc, "position", None)
        line, column = (position[0], position[1] + 1) if position else (None, None)
        raise error(RdfSyntaxError, "input.xml-malformed", detail=exc, reason=_parser_reason(str(exc)),
                         location=Location(document.name, line, column)) from None


def _gunzip(raw: bytes, name: str, max_bytes: int) -> bytes:
    try:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = decompressor.decompress(raw, max_bytes + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise error(InputError, "input.gzip-corrupt", detail=exc, location=Location(name)) from None
    if len(out) > max_bytes:
        raise _too_large(name, len(out), max_bytes, compressed=True)
    return out


def _too_large(name: str, size: int, limit: int, *, compressed: bool = False) -> PayloadTooLargeError:
    key = "input.too-large-decompressed" if compressed else "input.too-large"
    return error(PayloadTooLargeError, key, size=size, limit=limit, location=Location(name))
