"""One table of RDF and query-result formats, and HTTP content negotiation over it.

Adding a format is one entry here: the readers (loading), the build's source files, the SPARQL
endpoint, the linked-data pages and their links, the dumps, the catalogue (EU file type, media
type) and the harvest check all read this table (docs/conventions.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pyoxigraph as ox

from pvgraph.errors import NotAcceptableError, UnsupportedFormatError, error


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation, under every name the libraries and HTTP give it."""

    name: str  # our short name, used in --format and ?format=
    media_type: str
    extensions: tuple[str, ...]
    rdflib: str
    oxigraph: ox.RdfFormat
    datasets: bool  # can carry named graphs
    aliases: tuple[str, ...] = ()  # other media types seen in the wild
    label: str = ""  # the format's usual name, shown by portals
    eu_file_type: str = ""  # its code in the EU file-type authority table (dct:format of a dump)
    linked_data: bool = False  # offered by the linked-data pages (besides HTML), in this order

    @property
    def extension(self) -> str:
        """The extension pvgraph writes, and the one the build reads sources by."""
        return self.extensions[0]

    @property
    def names(self) -> tuple[str, ...]:
        """Every ``?format=`` name: ours, the extension's (Trifid's) and rdflib's."""
        return tuple(dict.fromkeys((self.name, self.extension[1:], self.rdflib)))

    def __reduce__(self) -> tuple[object, tuple[dict[str, object]]]:
        """Pickled without pyoxigraph's format, which does not pickle, found again from the media
        type: a document sent to the submissions' child process keeps its format there."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "oxigraph"}
        return _unpickled_rdf_format, (fields,)


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", (".ttl",), "turtle", ox.RdfFormat.TURTLE, False,
              ("application/x-turtle",), "Turtle", "RDF_TURTLE", True),
    RdfFormat("jsonld", "application/ld+json", (".jsonld", ".json"), "json-ld", ox.RdfFormat.JSON_LD,
              True, (), "JSON-LD", "JSON_LD", True),
    RdfFormat("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), "xml", ox.RdfFormat.RDF_XML,
              False, ("application/xml", "text/xml"), "RDF/XML", "RDF_XML", True),
    RdfFormat("ntriples", "application/n-triples", (".nt",), "nt", ox.RdfFormat.N_TRIPLES, False,
              ("text/plain",), "N-Triples", "RDF_N_TRIPLES", True),
    RdfFormat("trig", "application/trig", (".trig",), "trig", ox.RdfFormat.TRIG, True, (), "TriG",
              "RDF_TRIG"),
    RdfFormat("nquads", "application/n-quads", (".nq",), "nquads", ox.RdfFormat.N_QUADS, True, (),
              "N-Quads", "RDF_N_QUADS"),
)
LINKED_DATA_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in RDF_FORMATS if f.linked_data)
"""What a linked-data address offers besides HTML, in the order of its links."""


@dataclass(frozen=True)
class ResultFormat:
    """A SPARQL SELECT/ASK result serialisation."""

    name: str
    media_type: str
    extension: str
    oxigraph: ox.QueryResultsFormat
    aliases: tuple[str, ...] = ()


RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", ".srj", ox.QueryResultsFormat.JSON,
                 ("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", ".srx", ox.QueryResultsFormat.XML,
                 ("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv", ".csv", ox.QueryResultsFormat.CSV),
    ResultFormat("tsv", "text/tab-separated-values", ".tsv", ox.QueryResultsFormat.TSV),
)


def _unpickled_rdf_format(fields: dict[str, Any]) -> RdfFormat:
    """A pickled :class:`RdfFormat` (the registry's own object when it is one of them)."""
    for fmt in RDF_FORMATS:
        if fmt.name == fields["name"] and fmt.media_type == fields["media_type"]:
            return fmt
    base = next(f for f in RDF_FORMATS if f.media_type == fields["media_type"])
    return RdfFormat(**fields, oxigraph=base.oxigraph)


def rdf_format(name_or_type: str) -> RdfFormat:
    """The RDF format with this short name, media type or alias."""
    key = name_or_type.split(";")[0].strip().lower()
    for fmt in RDF_FORMATS:
        if key in (fmt.name, fmt.media_type, *fmt.aliases, fmt.rdflib):
            return fmt
    raise error(UnsupportedFormatError, "format.unknown-rdf", name=name_or_type, names=", ".join(f.name for f in RDF_FORMATS))


def result_format(name_or_type: str) -> ResultFormat:
    """The result format with this short name, media type or alias."""
    key = name_or_type.split(";")[0].strip().lower()
    for fmt in RESULT_FORMATS:
        if key in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    raise error(UnsupportedFormatError, "format.unknown-result", name=name_or_type, names=", ".join(f.name for f in RESULT_FORMATS))


def rdf_format_for_path(path: str | PurePath) -> RdfFormat:
    """The RDF format a file name's extension announces (``.gz`` is looked through)."""
    suffixes = [s.lower() for s in PurePath(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    ext = suffixes[-1] if suffixes else ""
    for fmt in RDF_FORMATS:
        if ext in fmt.extensions:
            return fmt
    name = repr(PurePath(path).name)
    if ext:
        raise error(UnsupportedFormatError, "input.unknown-extension", name=name, extension=repr(ext))
    raise error(UnsupportedFormatError, "input.no-extension", name=name)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    ranges.sort(key=lambda r: (-r[1], _specificity(r[0]), r[2]))
    return [(m, q) for m, q, _ in ranges]


def _specificity(media: str) -> int:
    if media == "*/*":
        return 2
    if media.endswith("/*"):
        return 1
    return 0


def negotiate(accept: str | None, offered: list[str]) -> str:
    """The media type from ``offered`` (preference order) that best fits ``accept``.

    Raises NotAcceptableError (406) when nothing fits.
    """
    for media, q in parse_accept(accept):
        if q <= 0:
            continue
        for candidate in offered:
            if _matches(media, candidate) and not _refused(accept, candidate):
                return candidate
    raise error(NotAcceptableError, "format.not-acceptable", accept=accept, offered=", ".join(offered), extra={"available": offered})


def _matches(media: str, candidate: str) -> bool:
    if media == "*/*":
        return True
    if media.endswith("/*"):
        return candidate.startswith(media[:-1])
    return media == candidate


def _refused(accept: str | None, candidate: str) -> bool:
    """True when the header explicitly gives this exact type q=0."""
    return any(m == candidate and q <= 0 for m, q in parse_accept(accept))
