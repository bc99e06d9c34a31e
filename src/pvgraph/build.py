"""The pipeline that turns ``ontology/``, ``shapes/`` and ``data/`` into a store.

Order matters for "nothing half-done": every source is read and parsed first (a syntax error
stops the build before anything is written; the referential, large and not validated, is parsed
by the store while it is loaded, but into a staging store that an error throws away), then the study and the examples are validated
against the shapes (a violation stops it too), and only then are graphs written, the inferred
triples computed and the provenance recorded.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph import __version__, messages
from pvgraph.errors import UserError, error
from pvgraph.formats import RDF_FORMATS
from pvgraph.gc_pause import collector_paused
from pvgraph.languages import DEFAULT_LANGUAGE, LANGUAGES
from pvgraph.loading import ParsedDocument, parse_file, read_document, to_rdflib_graph
from pvgraph.namespaces import (
    EXAMPLES_GRAPH,
    GRAPH,
    ID,
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    PV,
    REFERENTIAL_GRAPH,
    SHAPES_GRAPH,
    STUDY_GRAPH,
)
from pvgraph.settings import Settings
from pvgraph.store import Store
from pvgraph.submissions import reconcile, submissions_dir
from pvgraph.submissions.provenance import described
from pvgraph.submissions.records import WriterLock

# (directory under the repository root, named graph, validated against the shapes?)
SOURCES: tuple[tuple[str, str, bool], ...] = (
    ("ontology", str(ONTOLOGY_GRAPH), False),
    ("shapes", str(SHAPES_GRAPH), False),
    ("data/study", str(STUDY_GRAPH), True),
    ("data/examples", str(EXAMPLES_GRAPH), True),
    ("data/referential", str(REFERENTIAL_GRAPH), False),
)
RDF_SUFFIXES = (*(f.extension for f in RDF_FORMATS), ".gz")  # the sources' files, by extension

Progress = Callable[[str], None]

_PROV = str(ns.PROV)
_DCT = str(ns.DCTERMS)
_RDF_TYPE = ox.NamedNode(f"{ns.RDF}type")
_XSD = str(ns.XSD)


@dataclass
class SourceGraph:
    """One named graph to build and the documents it comes from."""

    graph: str
    directory: str
    validated: bool
    documents: list[ParsedDocument] = field(default_factory=list)
    streamed: bool = False  # documents read, not parsed: the store parses them when they are loaded

    @property
    def quads(self) -> list[ox.Quad]:
        return [q for d in self.documents for q in d.quads]

    def release(self) -> None:
        """Forget the parsed quads and the files' text once they are in the store, keeping the
        documents' names (the provenance needs only those). Why: at ten million triples they take
        about 7 GiB, which the reasoning and the final write would otherwise carry to the end."""
        for doc in self.documents:
            doc.quads = []
            doc.document = replace(doc.document, data=b"")


@dataclass
class BuildReport:
    """What a build did, for the closing summary."""

    graphs: dict[str, int]
    inferred: int
    seconds: float
    notices: list[str]  # in the language the build was asked to speak (the setting lang)

    def summary(self, lang: str | None = None) -> str:
        """The closing summary, in ``lang`` (by the one rule: French unless English is asked)."""
        lines = [messages.text("building.summary", lang, triples=sum(self.graphs.values()),
                               graphs=len(self.graphs), seconds=self.seconds)]
        lines += [messages.text("building.summary-graph", lang, graph=g.rsplit("/", 1)[-1], triples=n)
                  for g, n in sorted(self.graphs.items())]
        lines += [messages.text("building.summary-note", lang, notice=n) for n in self.notices]
        return "\n".join(lines)


class BuildError(UserError):
    """The sources do not make a valid graph (a violation of the shapes, an inconsistency)."""

    code = "build-refused"


def collect_sources(root: Path) -> list[SourceGraph]:
    """The source files, grouped by the graph they go to (no parsing yet)."""
    return [SourceGraph(graph=g, directory=d, validated=v) for d, g, v in SOURCES if (root / d).is_dir()]


def source_files(root: Path, directory: str) -> list[Path]:
    """A source directory's RDF files, in a stable order (examples' ``submissions/`` excluded)."""
    base = root / directory
    return sorted(
        p for p in base.rglob("*")
        if p.is_file() and p.name.endswith(RDF_SUFFIXES) and "submissions" not in p.relative_to(base).parts
    )


def parse_sources(root: Path, *, progress: Progress | None = None,
                  streamed: frozenset[str] = frozenset(), lang: str | None = None) -> list[SourceGraph]:
    """Read and parse every source file; raise on the first unreadable one, before any write.

    The files of the graphs in ``streamed`` are only read (a missing or undecodable file still
    stops the build here): the store parses them when they are loaded (see :func:`_build`).
    """
    say = progress or (lambda _m: None)
    sources = collect_sources(root)
    for source in sources:
        files = source_files(root, source.directory)
        source.streamed = source.graph in streamed and not source.validated
        for path in files:
            if source.streamed:
                source.documents.append(ParsedDocument(document=read_document(path, max_bytes=1 << 31), quads=[]))
            else:
                source.documents.append(parse_file(path, max_bytes=1 << 31))
        if source.streamed:
            say(messages.text("building.read-streamed", lang, directory=source.directory, files=len(files)))
        else:
            say(messages.text("building.read", lang, directory=source.directory, files=len(files),
                              triples=len(source.quads)))
    return sources


def validate_sources(sources: list[SourceGraph], *, progress: Progress | None = None,
                     lang: str | None = None) -> None:
    """Refuse to build when the study or the examples violate the shapes; the refusal carries
    the validation report in both languages, so that it is told in whichever one is asked."""
    say = progress or (lambda _m: None)
    by_graph = {s.graph: s for s in sources}
    shapes = by_graph.get(str(SHAPES_GRAPH))
    ontology = by_graph.get(str(ONTOLOGY_GRAPH))
    if shapes is None or not shapes.quads:
        say(messages.text("building.no-shapes", lang))
        return
    from pvgraph.validation import ValidationReport, validate_graph
    from pvgraph.validation.render import render_text

    def check(source: SourceGraph, in_lang: str) -> ValidationReport:
        return validate_graph(
            to_rdflib_graph(source.quads),
            shapes=to_rdflib_graph(shapes.quads),
            ontology=to_rdflib_graph(ontology.quads if ontology else []),
            lang=in_lang,
        )

    for source in sources:
        if not source.validated or not source.quads:
            continue
        report = check(source, DEFAULT_LANGUAGE)
        if not report.conforms:
            # The results' messages are chosen when validating: the refused data is validated
            # once per language (only on this path, where the build stops anyway).
            texts = {told: render_text(report if told == DEFAULT_LANGUAGE else check(source, told))
                     for told in LANGUAGES}
            raise error(BuildError, "build.nonconformant", directory=source.directory,
                        report=messages.T(fr=texts["fr"], en=texts["en"]))
        say(messages.text("building.validated", lang, directory=source.directory))


def build_project(
    settings: Settings, store: Store, *, progress: Progress | None = None, reason: bool = True
) -> BuildReport:
    """Build the whole graph from the repository's sources into ``store``.

    Accepted submissions already in the store are kept, and their entailments recomputed with
    the rest. The build writes into the store's :meth:`~pvgraph.store.Store.staging_store` (an
    embedded store on disk is built in memory first, then swapped in whole, so the target is
    touched only once everything has succeeded) and ends with its ``replace_contents``.
    """
    with collector_paused():
        return _build(settings, store, say=progress or (lambda _m: None), reason=reason)


def _build(settings: Settings, store: Store, *, say: Progress, reason: bool) -> BuildReport:
    started = time.perf_counter()
    staging = store.staging_store()
    # The referential (large, not validated) is parsed by the store as it is loaded, without a
    # Python object per triple, when the build writes into a staging store that a syntax error
    # throws away; into the store itself (a remote store), every file is parsed before any write.
    streamed = frozenset({str(REFERENTIAL_GRAPH)}) if staging is not store else frozenset()
    lang = settings.lang
    sources = parse_sources(settings.root, progress=say, streamed=streamed, lang=lang)
    validate_sources(sources, progress=say, lang=lang)
    notices = [n for s in sources for d in s.documents for n in d.notices_in(lang)]
    _reconcile_submissions(settings, store, say)
    existing = set(store.graphs())
    kept = _submission_graphs(existing)
    built = {s.graph for s in sources} | {str(INFERRED_GRAPH), str(META_GRAPH)}
    if staging is not store:
        # Everything the build does not make is carried over: submissions, and graphs put there
        # by other means (the Graph Store Protocol).
        for graph in sorted(existing - built):
            staging.replace_graph(graph, store.quads(graph))
    for source in sources:
        loaded = staging.replace_graph(source.graph, source.quads)
        if source.streamed:
            for doc in source.documents:
                staging.load_document(source.graph, doc.document)
        source.release()
        if source.streamed:
            say(messages.text("building.loaded-streamed", lang, graph=source.graph.rsplit("/", 1)[-1],
                              files=len(source.documents)))
        else:
            say(messages.text("building.loaded", lang, graph=source.graph.rsplit("/", 1)[-1],
                              triples=loaded))
    inferred = 0
    if reason:
        data_graphs = [s.graph for s in sources if s.graph != str(SHAPES_GRAPH)] + kept
        inferred = infer(staging, data_graphs, progress=say, lang=lang)
    # The meta graph is made anew: the kept submissions' provenance (who, for whom, when, their
    # report) is carried over from the store as it was.
    staging.replace_graph(str(META_GRAPH), [*provenance(settings.root, sources), *described(store, kept)])
    if staging is not store:
        written = store.replace_contents(staging)
        say(messages.text("building.written", lang, quads=written))
    counts = {g: n for g, n in staging.graphs().items() if g != str(META_GRAPH)}
    return BuildReport(graphs=counts, inferred=inferred, seconds=time.perf_counter() - started, notices=notices)


def _reconcile_submissions(settings: Settings, store: Store, say: Progress) -> None:
    """Finish or undo what a crash cut in the submissions before the build carries them over
    (a partial submission's graph would otherwise be kept and reasoned over); skipped when a
    server holds the submissions (it reconciled them when it started)."""
    directory = submissions_dir(settings)
    lock = WriterLock(directory)
    if not lock.acquire():
        return
    try:
        done = reconcile(directory, store)
        if done:
            say(messages.text("building.reconciled", settings.lang, summary=done.summary(settings.lang)))
    finally:
        lock.release()


def infer(store: Store, data_graphs: list[str], *, progress: Progress | None = None,
          lang: str | None = None) -> int:
    """Materialise the entailments of the data graphs into the inferred graph; refuse an
    inconsistent graph."""
    from pvgraph.reasoning import check_consistency, materialise

    say = progress or (lambda _m: None)
    report = materialise(store, ontology_graph=str(ONTOLOGY_GRAPH), source_graphs=data_graphs,
                         target_graph=str(INFERRED_GRAPH))
    derived = report.rule_seconds.get("derived", 0.0)
    say(messages.text("building.inferred", lang, triples=report.added, rounds=report.rounds,
                      seconds=report.seconds, derived=derived))
    problems = check_consistency(store, ontology_graph=str(ONTOLOGY_GRAPH),
                                 graphs=[*data_graphs, str(INFERRED_GRAPH)])
    if problems:
        texts = {told: "\n".join(f"  [{p.rule}] {p.message_in(told)}" for p in problems[:20])
                 for told in LANGUAGES}  # the refusal is told in either language
        raise error(BuildError, "build.inconsistent", count=len(problems),
                    listing=messages.T(fr=texts["fr"], en=texts["en"]))
    say(messages.text("building.consistent", lang))
    return report.added


def _submission_graphs(graphs: set[str]) -> list[str]:
    prefix = str(GRAPH["submission/"])
    return sorted(g for g in graphs if g.startswith(prefix))


def provenance(root: Path, sources: list[SourceGraph]) -> list[ox.Quad]:
    """PROV-O for every built graph: its source files (with SHA-256), when, by which build."""
    now = datetime.now(UTC).replace(microsecond=0)
    activity = ox.NamedNode(str(ID[f"build/{now.strftime('%Y%m%dT%H%M%SZ')}"]))
    software = ox.NamedNode(str(ID[f"software/pvgraph/{__version__}"]))
    meta = ox.NamedNode(str(META_GRAPH))
    stamp = ox.Literal(now.isoformat().replace("+00:00", "Z"), datatype=ox.NamedNode(_XSD + "dateTime"))

    def q(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.Quad:
        return ox.Quad(s, ox.NamedNode(p), o, meta)

    quads = [
        q(activity, str(_RDF_TYPE.value), ox.NamedNode(_PROV + "Activity")),
        q(activity, _PROV + "endedAtTime", stamp),
        q(activity, _PROV + "wasAssociatedWith", software),
        q(software, str(_RDF_TYPE.value), ox.NamedNode(_PROV + "SoftwareAgent")),
        q(software, _DCT + "title", ox.Literal(f"pvgraph {__version__}")),
    ]
    graphs = [(s.graph, s.documents) for s in sources] + [(str(INFERRED_GRAPH), [])]
    for graph, documents in graphs:
        g = ox.NamedNode(graph)
        quads += [
            q(g, str(_RDF_TYPE.value), ox.NamedNode(_PROV + "Entity")),
            q(g, _PROV + "generatedAtTime", stamp),
            q(g, _PROV + "wasGeneratedBy", activity),
        ]
        for doc in documents:
            rel = Path(doc.document.name).resolve().relative_to(root.resolve()).as_posix()
            source = ox.NamedNode(str(ID[f"source-file/{rel}"]))
            quads += [
                q(g, _PROV + "wasDerivedFrom", source),
                q(source, _DCT + "identifier", ox.Literal(rel)),
                q(source, str(PV["sha256"]), ox.Literal(_sha256(root / rel))),
            ]
    return quads


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
