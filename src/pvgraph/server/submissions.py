"""``POST /validate``, ``POST /submissions`` (token) and ``GET /submissions/{id}``.

Both POSTs take a raw body with its Content-Type or a multipart upload (field ``file``; an
optional field ``lang``), read through :mod:`pvgraph.loading` with the same guarantees as the
command line (size, binary, encoding, syntax errors with line and column → 4xx). The report is
negotiated: HTML for a browser, JSON by default, CSV or Turtle on request (``?format=`` too).

The report's language is the ``lang`` asked (query parameter or form field), else the
``Accept-Language`` header, else the setting ``lang`` (French); an upload that cannot be read at all
is refused in that language too, with the one JSON error shape.

Each upload is parsed once: the quads that were validated are the quads that are stored.

A submission that conforms is stored as described in :mod:`.submission_records`; its entailments
are computed by :func:`pvgraph.reasoning.materialise_increment` into a scratch graph of its own,
then added to the inferred graph by one update; the store is flushed, and only then does the
client get its 201. Anything that fails before the 201 undoes what was done, all of it: the
inferred graph loses exactly what the scratch graph added, and the scratch graph is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from pvgraph.errors import QueryError, QueryTimeoutError, StoreError, UserError
from pvgraph.formats import negotiate, rdf_format_for_path
from pvgraph.input_messages import twin_error
from pvgraph.loading import Document, ParsedDocument, document_from_bytes, parse_document
from pvgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from pvgraph.server import submission_records as records
from pvgraph.server.auth import CHALLENGE, require_token
from pvgraph.server.metrics import get_metrics
from pvgraph.server.query_pool import ServerBusyError
from pvgraph.server.sparql import write_lock
from pvgraph.server.templating import choose_language
from pvgraph.server.templating import render as render_page
from pvgraph.server.uploads import Upload, read_form, read_uploads
from pvgraph.settings import Settings
from pvgraph.store import Store
from pvgraph.validation import REPORT_FORMATS, ValidationReport, render, validate_parsed
from pvgraph.validation.messages import check_lang
from pvgraph.validation.render import report_graph

log = logging.getLogger("pvgraph.server.submissions")

VALIDATION_QUEUE_SECONDS = 60
REPORT_MEDIA = {"json": "application/json", "html": "text/html", "csv": "text/csv", "turtle": "text/turtle"}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Clear what a crash left half-done before serving (see :func:`records.reconcile`)."""
    removed = await asyncio.to_thread(records.reconcile, submissions_dir(app.state.settings),
                                      app.state.store)
    if removed:
        log.warning("removed unacknowledged submission leftovers: %s", ", ".join(removed))
    yield


router = APIRouter(tags=["validation and submissions"], lifespan=lifespan)


def submissions_dir(settings: Settings) -> Path:
    path = Path(settings.submissions_dir)
    return path if path.is_absolute() else settings.root / path


@router.post("/validate")
async def validate(request: Request) -> Response:
    """Validate a document; answer the report (nothing is stored)."""
    fmt = _report_format(request)
    try:
        documents, lang = await _documents(request)
        _parsed, report = await _validate(request, documents, lang)
    except UserError as exc:
        if fmt != "html":
            raise
        return _error_page(request, exc)
    return _report_response(report, fmt, back=_form_link(report.lang))


def _form_link(lang: str) -> str:
    """The validation form, in the report's language (the report page's way back)."""
    return "/validate" if lang == "fr" else f"/validate?lang={lang}"


def _error_page(request: Request, exc: UserError) -> Response:
    """A refused upload, for a person who sent it from the validation form: the same message,
    hint and place as the JSON error, on a page in the report's language."""
    fr = exc.lang == "fr"
    where = exc.location.describe(exc.lang) if exc.location is not None else None
    title = "Le document n’a pas pu être validé" if fr else "The document could not be validated"
    message = f"{where} : {exc.message}" if where and fr else f"{where}: {exc.message}" if where else exc.message
    return render_page(request, "error.html", {"title": title, "message": message, "hint": exc.hint,
                                               "lang": exc.lang}, status=exc.http_status)


@router.post("/submissions")
async def submit(request: Request) -> Response:
    """Validate, and if it conforms store it in its own graph with its provenance (token)."""
    app = request.app
    settings = app.state.settings
    try:
        who = require_token(request, settings)
    except UserError as exc:
        headers = CHALLENGE if exc.http_status == 401 else {}
        return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)
    fmt = _report_format(request)
    documents, lang = await _documents(request)
    parsed, report = await _validate(request, documents, lang)
    metrics = get_metrics(app)
    if not report.conforms:
        metrics.submissions.labels("refused").inc()
        return _report_response(report, fmt, status=422)
    quads = [q for p in parsed for q in p.quads]  # the very quads that were validated
    submission_id = records.new_id()
    files = [(d.name, d.data) for d in documents]
    record = records.Record(
        id=submission_id, graph=records.graph_iri(submission_id), who=who, when=records.now(),
        sha256=records.checksum(files),
        files=[{"name": d.name, "format": d.format.name, "bytes": len(d.data)} for d in documents],
        triples=len(quads), report=report.to_dict(),
    )
    async with write_lock(app):
        await asyncio.to_thread(_accept, app, record, files, quads, report)
    metrics.submissions.labels("accepted").inc()
    body = {"id": submission_id, "status": "accepted", "graph": record.graph, "who": who,
            "when": record.when, "sha256": record.sha256, "triples": record.triples,
            "report": record.report}
    location = str(request.url_for("submission_status", submission_id=submission_id))
    return JSONResponse(body, status_code=201, headers={"Location": location})


@router.get("/submissions/{submission_id}", name="submission_status")
def submission_status(request: Request, submission_id: str) -> Response:
    """An accepted submission's status, provenance and report."""
    record = records.read_record(submissions_dir(request.app.state.settings), submission_id)
    return JSONResponse({"id": record.id, "status": record.status, "graph": record.graph,
                         "who": record.who, "when": record.when, "sha256": record.sha256,
                         "files": record.files, "triples": record.triples, "report": record.report})


def _accept(app: FastAPI, record: records.Record, files: list[tuple[str, bytes]],
            quads: list[ox.Quad], report: ValidationReport) -> None:
    """Files, then graph + provenance, then entailments, then flush — or undo everything.

    The entailments go to a scratch graph first, then into the inferred graph by one update:
    reasoning that fails midway has written nothing the others read, and since every triple of
    the scratch graph was new to the inferred graph, the undo can take exactly those back out.
    The scratch graph is kept until the flush has succeeded, for that undo.
    """
    store = app.state.store
    directory = submissions_dir(app.state.settings)
    scratch = records.scratch_graph(record.id)
    records.write_files(directory, record, files)
    stored = False
    try:
        updates = records.store_updates(record, quads, report_graph(report),
                                        chunk_size=getattr(store, "chunk_size", None))
        stored = True  # from the first update on, a failure takes back whatever part got in
        for update in updates:
            store.update(update)
        _entailments(store, record.graph, scratch)
        store.update(f"INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }} "
                     f"WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }}")
        flush = getattr(store, "flush", None)
        if flush is not None:
            flush()
    except BaseException as exc:
        if stored:
            _undo(store, record, scratch)
        records.remove(directory, record.id)
        if isinstance(exc, QueryError) and not isinstance(exc, QueryTimeoutError):
            raise _refused(exc) from None
        raise
    try:
        store.update(f"DROP SILENT GRAPH <{scratch}>")
    except Exception:  # accepted all the same: the scratch graph only repeats inferred triples
        log.exception("could not drop %s (it is dropped at the next start)", scratch)


def _refused(exc: QueryError) -> StoreError:
    """The store refused an update of pvgraph's own making (storing, reasoning): not the
    submitter's mistake — their data conformed — so not a 400 telling them to fix it."""
    return StoreError(f"the store refused to record the submission: {exc.message}",
                      hint="nothing was kept; report this to the service's operators "
                           "(the store's message is above)")


def _entailments(store: Store, graph: str, target: str) -> None:
    """What ``graph`` entails with everything already stored (the inferred graph included,
    so nothing it holds is derived again), written into ``target``."""
    from pvgraph.reasoning import materialise_increment  # the reasoning engine, when accepted

    materialise_increment(store, ontology_graph=str(ONTOLOGY_GRAPH), new_graph=graph,
                          target_graph=target)


def _undo(store: Store, record: records.Record, scratch: str) -> None:
    """Take back, in one update, the submission's entailments from the inferred graph, its
    scratch graphs (and their deltas, should the reasoning have left any), its graph and its
    provenance (blank nodes included)."""
    try:
        leftovers = [g for g in store.graphs() if g.startswith(f"{scratch}/")]
        store.update(
            f"DELETE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }} ;\n"
            + "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in [scratch, *leftovers])
            + records.remove_update(record)
        )
    except Exception:
        log.exception("could not undo the half-stored submission %s", record.id)


async def _documents(request: Request) -> tuple[list[Document], str]:
    """The uploaded documents, checked, and the report's language; an upload that cannot be read
    is refused in that language."""
    settings = request.app.state.settings
    asked = request.query_params.get("lang") or None
    lang = _language(request, asked)
    try:
        if asked is None and request.headers.get("content-type", "").startswith("multipart/"):
            form = await read_form(request, settings.max_body_bytes)  # read_uploads gets the same
            value = form.get("lang")
            if isinstance(value, str) and value:
                lang = _language(request, value)
        uploads = await read_uploads(request, settings.max_body_bytes)
        return [_document(u, settings.max_body_bytes) for u in uploads], lang
    except UserError as exc:
        raise exc.in_language(lang) from None


def _language(request: Request, asked: str | None) -> str:
    """``asked`` (the ``lang`` parameter or field) if pvgraph speaks it, else the
    ``Accept-Language`` header, else the setting; a language pvgraph does not speak is an error
    (told in the language the header or the setting chooses)."""
    default = choose_language(request, request.app.state.settings.lang)
    if asked is None:
        return default
    try:
        return check_lang(asked)
    except UserError as exc:
        raise exc.in_language(default) from None


def _document(upload: Upload, limit: int) -> Document:
    fmt = None
    if upload.media_type is None:
        try:
            fmt = rdf_format_for_path(upload.name)
        except UserError:
            fmt = None  # no telling extension: the content will tell
    return document_from_bytes(upload.data, name=upload.name, format=fmt, media_type=upload.media_type,
                               max_bytes=limit)


async def _validate(request: Request, documents: list[Document],
                    lang: str) -> tuple[list[ParsedDocument], ValidationReport]:
    """Parse the documents (once: a submission stores these quads) and validate them, in ``lang``.

    This runs in a thread (pySHACL is pure Python), one at a time: a second upload waits for the
    first rather than share the CPU with it and with the event loop."""
    app = request.app
    settings, store = app.state.settings, app.state.store
    slot = getattr(app.state, "validation_slot", None)
    if slot is None:
        slot = app.state.validation_slot = asyncio.Semaphore(1)
    try:
        try:
            await asyncio.wait_for(slot.acquire(), VALIDATION_QUEUE_SECONDS)
        except TimeoutError:
            raise twin_error(ServerBusyError, "validation-busy", seconds=VALIDATION_QUEUE_SECONDS) from None
        try:
            return await asyncio.to_thread(_parse_and_validate, documents, settings, lang, store)
        finally:
            slot.release()
    except UserError as exc:
        raise exc.in_language(lang) from None


def _parse_and_validate(documents: list[Document], settings: Settings, lang: str,
                        store: Store) -> tuple[list[ParsedDocument], ValidationReport]:
    parsed = [parse_document(d) for d in documents]
    return parsed, validate_parsed(parsed, settings=settings, lang=lang, referential=store, use_store=False)


def _report_format(request: Request) -> str:
    """``?format=`` (a report format name or a media type), else the Accept header."""
    asked = request.query_params.get("format")
    if asked in REPORT_MEDIA:
        return asked
    media = negotiate(asked or request.headers.get("accept"), list(REPORT_MEDIA.values()))
    return next(k for k, v in REPORT_MEDIA.items() if v == media)


def _report_response(report: ValidationReport, fmt: str, *, status: int = 200,
                     back: str | None = None) -> Response:
    return Response(render(report, fmt, back=back), status_code=status, media_type=REPORT_FORMATS[fmt],
                    headers={"Vary": "Accept, Accept-Language"})
