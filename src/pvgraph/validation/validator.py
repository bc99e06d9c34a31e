"""The entry points: validate a graph (the build), documents (the CLI), parsed documents (the server).

:func:`validate_graph` runs, on one rdflib graph: pySHACL (shapes + ontology mixed in), the
undeclared-term check, and, when a store is given, the referential look-ups. "Does not conform" is
a result (``report.conforms``), never an exception; input that cannot be read is a
:class:`~pvgraph.errors.UserError` raised before any validation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import rdflib

from pvgraph import messages
from pvgraph.errors import Location, PayloadTooLargeError, UserError, error
from pvgraph.gc_pause import collector_paused
from pvgraph.languages import LANGUAGES
from pvgraph.loading import (
    Document,
    ParsedDocument,
    parse_document,
    read_document,
    simple_graph,
    to_rdflib_graph,
)
from pvgraph.namespaces import PV
from pvgraph.settings import Settings
from pvgraph.store import Store, open_store
from pvgraph.validation.derived import derived_relation_results
from pvgraph.validation.duplicates import duplicate_results
from pvgraph.validation.engine import run_shacl
from pvgraph.validation.explain import results_from_shacl
from pvgraph.validation.referential import (
    Context,
    crosscheck_results,
    has_referential,
    referential_context,
    referential_links,
    referential_results,
    referential_vintage,
    unknown_iri_results,
)
from pvgraph.validation.report import FileSummary, Provenance, Result, ValidationReport
from pvgraph.validation.shapes import load_schema, shapes_version
from pvgraph.validation.sources import Sources, sources_of
from pvgraph.validation.terms import undeclared_terms

MAX_TRIPLES = 250_000
"""Most triples one submission may hold: validating takes about 0.5 s of CPU per 10 000 triples
here (bench/RESULTS.md, Spreadsheets), so a bigger upload would keep a validator busy for minutes
on a loaded machine (the build validates its sources directly, without this limit)."""


def check_lang(lang: str) -> str:
    """``lang`` if pvgraph speaks it, else a UserError naming the languages it does speak: a
    report asked for in another language is refused, not quietly given in French."""
    if lang not in LANGUAGES:
        raise error(UserError, "input.unsupported-language", lang=repr(lang), langs=", ".join(LANGUAGES))
    return lang


class _IllTypedLiteralFilter(logging.Filter):
    """rdflib logs a traceback for every ill-typed literal (``"deux mille"^^xsd:integer``).

    For a validator such a literal is an expected input, reported as a violation with its field;
    the traceback on stderr would only frighten the steward.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiteralFilter())


def validate_graph(
    data: rdflib.Graph,
    *,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    referential: Store | None = None,
    lang: str = "fr",
    sources: Sources | None = None,
    scratch: bool = False,
) -> ValidationReport:
    """Validate ``data`` against ``shapes``, with ``ontology``'s class hierarchy, in ``lang``.

    ``referential`` is a store holding the territorial referential graph; without it, commune
    codes and SIRENs are checked for their form only, and the report says so. ``scratch=True``
    says ``data`` was made for this validation: pySHACL may work on it directly rather than on a
    copy (it holds the same triples afterwards; see :func:`~pvgraph.validation.engine.run_shacl`).
    """
    lang = check_lang(lang)
    have_referential = referential is not None and has_referential(referential)
    links = referential_links(data)
    context = referential_context(data, links, referential if have_referential else None) if links else None
    graph = data
    if context is not None and len(context.triples):
        graph = simple_graph()
        graph += data
        graph += context.triples
        scratch = True
    _conforms, shacl_report = run_shacl(graph, shapes=shapes, ontology=ontology, scratch=scratch)
    results = results_from_shacl(shacl_report, data=graph, shapes=shapes, lang=lang, ontology=ontology,
                                 sources=sources)
    if context is not None:
        results = _leave_out_context(results, context)
    described = set(data.subjects())
    results = _one_per_cause(_leave_out_ontology(results, described, ontology))
    results += undeclared_terms(data, ontology, lang=lang)
    results += derived_relation_results(data, lang=lang, sources=sources)
    results += duplicate_results(graph, lang=lang, described=described)
    notices: list[str] = []
    provenance = Provenance(shapes_version=shapes_version(shapes))
    uses_codes = (None, PV.inseeCode, None) in data or (None, PV.siren, None) in data
    if have_referential:
        assert referential is not None
        results += referential_results(data, referential, lang=lang)
        results += crosscheck_results(data, graph, referential, lang=lang)
        if context is not None:
            results += unknown_iri_results(graph, context, lang=lang)
        provenance.referential = referential_vintage(referential)
    elif links:
        notices.append(messages.text("report.links-unchecked", lang, count=len(links), example=f"<{links[0]}>"))
    elif uses_codes:
        notices.append(messages.text("report.referential-missing", lang))
    return ValidationReport(results=results, lang=lang, notices=notices, shacl_report=shacl_report,
                            provenance=provenance)


def _leave_out_ontology(results: list[Result], own: set[rdflib.term.Node], ontology: rdflib.Graph) -> list[Result]:
    """pySHACL mixes the ontology into the data graph; a SPARQL target can then select the
    ontology's own terms (their labels): those are not the submission's records."""
    return [r for r in results
            if r.focus_term is None or r.focus_term in own or (r.focus_term, None, None) not in ontology]


SECONDARY = ("PatternConstraintComponent", "InConstraintComponent")


def _one_per_cause(results: list[Result]) -> list[Result]:
    """A value written with the wrong type or kind (``1053`` for ``"01053"``, the text
    ``"PoliticalValue"`` for ``pv:PoliticalValue``) also fails the pattern or the list of allowed
    values; once a fix is given for it, those repeat the same cause and are left out."""
    fixed = {(r.focus_node, r.path, r.value) for r in results if r.fix}
    return [r for r in results
            if r.fix or not r.component.endswith(SECONDARY) or (r.focus_node, r.path, r.value) not in fixed]


def _leave_out_context(results: list[Result], context: Context) -> list[Result]:
    """Results about records the submission only links to are the referential's business, not
    the submitter's; a value the referential does not know gets its own message (not "is not
    described as an organisation" as well)."""
    only = {str(n) for n in context.only}
    unknown = {str(n) for n in context.unknown}
    return [r for r in results
            if r.focus_node not in only
            and not (r.value_term is not None and str(r.value_term) in unknown)]


def validate_documents(
    paths_or_documents: Sequence[Path | str | Document],
    *,
    settings: Settings,
    lang: str | None = None,
    referential: Store | None = None,
    use_store: bool = True,
) -> ValidationReport:
    """Read, parse and validate files or documents together (their union is validated).

    Every input is read and parsed before anything is validated, so an unreadable file stops
    everything with its own message (a :class:`UserError`, exit 2). ``referential`` defaults to
    the store the settings name, when it exists (``use_store=False`` never opens it).
    """
    if not paths_or_documents:
        raise error(UserError, "input.no-file")
    lang = check_lang(lang or settings.lang)
    parsed: list[ParsedDocument] = []
    for item in paths_or_documents:
        document = item if isinstance(item, Document) else read_document(item, max_bytes=settings.max_body_bytes)
        parsed.append(parse_document(document))
    return validate_parsed(parsed, settings=settings, lang=lang, referential=referential, use_store=use_store)


def validate_parsed(
    parsed: Sequence[ParsedDocument],
    *,
    settings: Settings,
    lang: str | None = None,
    referential: Store | None = None,
    use_store: bool = True,
) -> ValidationReport:
    """Validate documents already parsed by :func:`pvgraph.loading.parse_document`.

    For callers that keep the quads once validated (``POST /submissions`` stores them if the
    report conforms): parse once, validate, then store the same quads. The loader's notices
    (``owl:imports`` not followed…) come first in the report's notices.
    """
    lang = check_lang(lang or settings.lang)
    total = sum(len(p.quads) for p in parsed)
    if total > MAX_TRIPLES:
        raise error(PayloadTooLargeError, "input.too-many-triples", total=total, limit=MAX_TRIPLES,
                         location=Location(parsed[0].document.name if len(parsed) == 1 else None))
    with collector_paused():
        return _validate_parsed(parsed, settings=settings, lang=lang, referential=referential, use_store=use_store)


def _validate_parsed(
    parsed: Sequence[ParsedDocument], *, settings: Settings, lang: str, referential: Store | None, use_store: bool
) -> ValidationReport:
    data = to_rdflib_graph((q for p in parsed for q in p.quads), simple=True)
    schema = load_schema(settings.root)
    opened: Store | None = None
    notices: list[str] = []
    if referential is None and use_store:
        opened, notice = _open_referential(settings, lang)
        if notice:
            notices.append(notice)
    try:
        report = validate_graph(data, shapes=schema.shapes, ontology=schema.ontology,
                                referential=referential or opened, lang=lang, sources=sources_of(parsed),
                                scratch=True)
    finally:
        if opened is not None:
            opened.close()
    if schema.version:
        report.provenance.shapes_version = schema.version
    report.files = [FileSummary(p.document.name, p.document.format.name, len(p.quads)) for p in parsed]
    report.notices = [n for p in parsed for n in p.notices_in(lang)] + notices + report.notices
    return report


def _open_referential(settings: Settings, lang: str) -> tuple[Store | None, str | None]:
    """The settings' store, read-only, when there is one; otherwise None (and maybe why)."""
    target = settings.store
    if target == ":memory:":  # a fresh in-memory store holds no referential
        return None, None
    if not target.startswith(("http://", "https://")):
        path = Path(target) if Path(target).is_absolute() else settings.root / target
        if not path.is_dir():
            return None, None
    try:
        return open_store(settings, read_only=True), None
    except UserError as exc:  # a damaged store too: the store translates the engine's errors
        return None, messages.text("report.referential-unavailable", lang, error=exc.message)
