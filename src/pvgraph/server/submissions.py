"""``POST /validate``; a steward's submissions: ``POST /submissions``, ``GET /submissions`` (theirs),
``GET|PUT|DELETE /submissions/{id}`` (read, replace, withdraw); a submission's files are served by
:mod:`.spreadsheets` (``/submissions/{id}/files/{n}``), with the same visibility.

Both POSTs take a raw body with its Content-Type or a multipart upload (field ``file``; an
optional field ``lang``), read through :mod:`pvgraph.loading` with the same guarantees as the
command line (size, binary, encoding, syntax errors with line and column → 4xx). The report is
negotiated: HTML for a browser, JSON by default, text, CSV or Turtle on request (``?format=`` too;
the formats are validation.REPORT_FORMATS, the table the CLI reads).

The report's language is the ``lang`` asked (query parameter or form field), else the
``Accept-Language`` header, else the setting ``lang`` (French); an upload that cannot be read at all
is refused in that language too, with the one JSON error shape.

Each upload is parsed once: the quads that were validated are the quads that are stored.

Validation and reasoning run in the submissions' child process
(:mod:`pvgraph.submissions.worker`), off the server's interpreter lock. A submission that
conforms is handed to :func:`pvgraph.submissions.accept` (files, graph, provenance, entailments:
all or nothing, even across a crash), under the server's write lock; the client gets its 201 once
it is accepted. Who sends it is the steward their token names
(:mod:`.auth`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from pvgraph import messages, submissions
from pvgraph.errors import UserError, error
from pvgraph.formats import rdf_format_for_path
from pvgraph.languages import DEFAULT_LANGUAGE
from pvgraph.loading import Document, ParsedDocument, document_from_bytes
from pvgraph.query_pool import ServerBusyError
from pvgraph.server.auth import optional_steward, require_steward
from pvgraph.server.metrics import get_metrics
from pvgraph.server.sparql import write_lock
from pvgraph.server.state import ServerState, app_state, state_of
from pvgraph.server.templating import choose_language
from pvgraph.server.templating import render as render_page
from pvgraph.server.uploads import Upload, read_form, read_uploads
from pvgraph.stewards import Steward
from pvgraph.submissions import SubmittedFile, records
from pvgraph.tabular.inputs import as_spreadsheet
from pvgraph.tabular.spec import WorkbookSpec, workbook_spec
from pvgraph.tabular.template import FORMATS
from pvgraph.tabular.validation import Conversion, Spreadsheet
from pvgraph.validation import (
    REPORT_FORMATS,
    ValidationReport,
    render,
    report_format_for,
)
from pvgraph.validation.validator import check_lang

log = logging.getLogger("pvgraph.server.submissions")

VALIDATION_QUEUE_SECONDS = 60


@asynccontextmanager
async def serving_submissions(state: ServerState) -> AsyncIterator[None]:
    """While the server runs (entered by the app's lifespan): hold the submissions' writer lock,
    and first finish or undo what a crash cut (:func:`pvgraph.submissions.reconcile`)."""
    directory = submissions_dir(state.settings)
    lock = records.WriterLock(directory)
    if await asyncio.to_thread(lock.acquire):
        done = await asyncio.to_thread(submissions.reconcile, directory, state.store)
        if done:
            log.warning("submissions a crash had cut: %s", done.summary("en"))  # the log speaks English
    else:
        log.warning("another pvgraph process (pid %s) writes the submissions in %s: it reconciles "
                    "them, not this server", lock.holder(), directory)
    try:
        yield
    finally:
        lock.release()


router = APIRouter(tags=["validation and submissions"])


submissions_dir = submissions.submissions_dir  # the routes' name for it


@router.post("/validate")
async def validate(request: Request) -> Response:
    """Validate a document; answer the report (nothing is stored)."""
    fmt = _report_format(request)
    try:
        documents, lang = await _documents(request)
        _parsed, report, _conversions = await _validate(request, documents, lang)
    except UserError as exc:
        if fmt != "html":
            raise
        return _error_page(request, exc)
    return _report_response(report, fmt, back=_form_link(report.lang))


def _form_link(lang: str) -> str:
    """The validation form, in the report's language (the report page's way back)."""
    return "/validate" if lang == DEFAULT_LANGUAGE else f"/validate?lang={lang}"


def _error_page(request: Request, exc: UserError) -> Response:
    """A refused upload, for a person who sent it from the validation form: the same message,
    hint and place as the JSON error, on a page in the report's language."""
    where = exc.location.describe(exc.lang) if exc.location is not None else None
    title = messages.text("page.not-validated.title", exc.lang)
    message = f"{where}{messages.text('typography.colon', exc.lang)} {exc.message}" if where else exc.message
    return render_page(request, "error.html", {"title": title, "message": message, "hint": exc.hint,
                                               "lang": exc.lang}, status=exc.http_status)


@router.post("/submissions")
async def submit(request: Request) -> Response:
    """Validate, and if it conforms store it in its own graph with its provenance (token)."""
    steward = await _form_steward(request)
    return await _receive(request, steward, replaces=None)


@router.put("/submissions/{submission_id}")
async def replace(request: Request, submission_id: str) -> Response:
    """Replace an accepted submission of the token holder's by a new one (201, the new one's
    address); the old one is withdrawn once the new one is accepted. A new version that does
    not conform is 422, and the old one stays."""
    steward = await _form_steward(request)
    directory = submissions_dir(state_of(request).settings)
    try:
        submissions.check_owner(submissions.find(directory, submission_id), steward, "replace")
    except UserError as exc:
        raise exc.in_language(_language(request, None)) from None
    return await _receive(request, steward, replaces=submission_id)


async def _receive(request: Request, steward: Steward, *, replaces: str | None) -> Response:
    """Read, validate, and accept (or refuse with the report) one submission."""
    app = request.app
    fmt = _report_format(request)
    documents, lang = await _documents(request)
    parsed, report, conversions = await _validate(request, documents, lang)
    metrics = get_metrics(app)
    if not report.conforms:
        metrics.submissions.labels("refused").inc()
        return _report_response(report, fmt, status=422, back=_form_link(report.lang) if fmt == "html" else None)
    quads = [q for p in parsed for q in p.quads]  # the very quads that were validated
    files = [_submitted(d) for d in documents]
    # A spreadsheet's RDF is kept beside it: what was stored, downloadable, and the way back.
    files += [SubmittedFile(f"{c.spreadsheet.name}.ttl", c.turtle, media_type="text/turtle", format="turtle",
                            kind="rdf") for c in conversions]
    directory, store = submissions_dir(app_state(app).settings), app_state(app).store
    reasoner = app_state(app).submission_worker.entailments  # in the child process
    try:
        async with write_lock(app):
            if replaces is None:
                record = await asyncio.to_thread(submissions.accept, store, directory, quads=quads,
                                                 files=files, report=report, steward=steward, reasoner=reasoner)
            else:
                record = await asyncio.to_thread(submissions.replace, store, directory, replaces,
                                                 quads=quads, files=files, report=report, steward=steward,
                                                 reasoner=reasoner)
    except UserError as exc:
        raise exc.in_language(lang) from None
    metrics.submissions.labels("accepted").inc()
    body = _with_downloads(request, submissions.Submission(record, "accepted").to_dict())
    location = str(request.url_for("submission_status", submission_id=record.id))
    if fmt == "html":  # sent from the validation form: a page to read, with the links to follow
        return render_page(request, "submitted.html", {"record": record, "location": location, "lang": lang,
                                                       "files": list(enumerate(record.files))},
                           status=201, headers={"Location": location})
    return JSONResponse(body, status_code=201, headers={"Location": location})


def _submitted(document: Document | Spreadsheet) -> SubmittedFile:
    if isinstance(document, Spreadsheet):
        media = {"xlsx": FORMATS["xlsx"], "ods": FORMATS["ods"], "csv": "text/csv"}.get(document.format, "application/zip")
        return SubmittedFile(document.name, document.data, media_type=media, format=document.format)
    return SubmittedFile(document.name, document.data, media_type=document.format.media_type,
                         format=document.format.name)


@router.delete("/submissions/{submission_id}")
async def withdraw(request: Request, submission_id: str) -> Response:
    """Withdraw an accepted submission of the token holder's: its data, provenance and
    entailments leave the graph; its record stays, private."""
    steward = _steward(request)
    app = request.app
    try:
        async with write_lock(app):
            submission = await asyncio.to_thread(submissions.withdraw, app_state(app).store,
                                                 submissions_dir(app_state(app).settings), submission_id, steward)
    except UserError as exc:
        raise exc.in_language(_language(request, None)) from None
    return JSONResponse(submission.to_dict(), headers={"Cache-Control": "private, no-store"})


@router.get("/submissions")
def my_submissions(request: Request) -> Response:
    """The submissions of the token's holder (every one, for an admin), newest first."""
    steward = _steward(request)
    found = submissions.listing(submissions_dir(state_of(request).settings), steward)
    return JSONResponse({"steward": steward.name, "authority": steward.authority,
                         "submissions": [_summary(request, s) for s in found]},
                        headers={"Vary": "Authorization", "Cache-Control": "private, no-store"})


def _summary(request: Request, submission: submissions.Submission) -> dict[str, object]:
    r = submission.record
    return {"id": r.id, "status": submission.phase, "when": r.when, "who": r.who, "triples": r.triples,
            "files": [f["name"] for f in r.files if f.get("kind", "original") == "original"],
            "replaces": r.replaces, "replaced_by": submission.replaced_by,
            "url": str(request.url_for("submission_status", submission_id=r.id))}


@router.get("/submissions/{submission_id}", name="submission_status")
def submission_status(request: Request, submission_id: str) -> Response:
    """A submission's status, provenance and report: public once accepted, else for its
    submitter (and the admins) only."""
    submission = _visible(request, submission_id)
    body = submission.to_dict()
    body["files"] = [{**f, "url": str(request.url_for("submission_file", submission_id=submission_id,
                                                       index=i))}
                     for i, f in enumerate(submission.record.files)] if submission.phase != "withdrawn" \
        else submission.record.files
    body["template"] = str(request.url_for("submission_template", submission_id=submission_id, extension="xlsx"))
    private = {} if submission.public else {"Cache-Control": "private, no-store"}
    return JSONResponse(body, headers={"Vary": "Authorization", **private})


def _with_downloads(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """A new submission's files with the address each is downloaded from (a spreadsheet's RDF
    too), and the submission back in the spreadsheet template."""
    for index, file in enumerate(body.get("files", [])):
        file["url"] = str(request.url_for("submission_file", submission_id=body["id"], index=str(index)))
    body["template"] = str(request.url_for("submission_template", submission_id=body["id"], extension="xlsx"))
    return body


async def _form_steward(request: Request) -> Steward:
    """The steward of the request's bearer token, or, from a browser's form (which cannot set a
    header), of its ``token`` field; else 401/403."""
    token = None
    if "authorization" not in request.headers and request.headers.get("content-type", "").startswith("multipart/"):
        form = await read_form(request, state_of(request).settings.max_body_bytes)
        value = form.get("token")
        token = value.strip() if isinstance(value, str) and value.strip() else None
    return _steward(request, token)


def _visible(request: Request, submission_id: str) -> submissions.Submission:
    settings = state_of(request).settings
    try:
        steward = optional_steward(request, settings)
        return submissions.visible(submissions_dir(settings), submission_id, steward)
    except UserError as exc:
        raise exc.in_language(_language(request, None)) from None


def _steward(request: Request, token: str | None = None) -> Steward:
    """The steward the request's token names, or 401/403 (the 401 with its challenge)."""
    return require_steward(request, state_of(request).settings, token=token)


async def _documents(request: Request) -> tuple[list[Document | Spreadsheet], str]:
    """The uploaded documents, checked, and the report's language; an upload that cannot be read
    is refused in that language."""
    settings = state_of(request).settings
    asked = request.query_params.get("lang") or None
    lang = _language(request, asked)
    try:
        if asked is None and request.headers.get("content-type", "").startswith("multipart/"):
            form = await read_form(request, settings.max_body_bytes)  # read_uploads gets the same
            value = form.get("lang")
            if isinstance(value, str) and value:
                lang = _language(request, value)
        uploads = await read_uploads(request, settings.max_body_bytes)
        spec = workbook_spec(settings.root)
        return [_document(u, settings.max_body_bytes, spec) for u in uploads], lang
    except UserError as exc:
        raise exc.in_language(lang) from None


def _language(request: Request, asked: str | None) -> str:
    """``asked`` (the ``lang`` parameter or field) if pvgraph speaks it, else the
    ``Accept-Language`` header, else the setting; a language pvgraph does not speak is an error
    (told in the language the header or the setting chooses)."""
    default = choose_language(request, state_of(request).settings.lang)
    if asked is None:
        return default
    try:
        return check_lang(asked)
    except UserError as exc:
        raise exc.in_language(default) from None


def _document(upload: Upload, limit: int, spec: WorkbookSpec) -> Document | Spreadsheet:
    """A spreadsheet (by content, name or media type), else an RDF document, checked."""
    sheet = as_spreadsheet(upload.data, upload.name, spec, upload.media_type,
                           sniff_text=upload.media_type in (None, "text/csv"))
    if sheet is not None:
        return sheet
    fmt = None
    if upload.media_type is None:
        try:
            fmt = rdf_format_for_path(upload.name)
        except UserError:
            fmt = None  # no telling extension: the content will tell
    return document_from_bytes(upload.data, name=upload.name, format=fmt, media_type=upload.media_type,
                               max_bytes=limit)


async def _validate(request: Request, documents: list[Document | Spreadsheet],
                    lang: str) -> tuple[list[ParsedDocument], ValidationReport, list[Conversion]]:
    """Parse the documents (once: a submission stores these quads) and validate them, in ``lang``.

    This runs in the submissions' child process (:mod:`pvgraph.submissions.worker`: pySHACL is pure
    Python, and would hold the interpreter lock here), one at a time: a second upload waits for
    the first rather than share the CPU with it."""
    app = request.app
    settings = app_state(app).settings
    slot = app_state(app).validation_slot
    try:
        try:
            await asyncio.wait_for(slot.acquire(), VALIDATION_QUEUE_SECONDS)
        except TimeoutError:
            raise error(ServerBusyError, "input.validation-busy", seconds=VALIDATION_QUEUE_SECONDS) from None
        try:
            return await asyncio.to_thread(app_state(app).submission_worker.validate, documents, settings, lang)
        finally:
            slot.release()
    except UserError as exc:
        raise exc.in_language(lang) from None


def _report_format(request: Request) -> str:
    """``?format=`` (a report format name or a media type), else the Accept header."""
    asked = request.query_params.get("format")
    if asked in REPORT_FORMATS:
        return asked
    return report_format_for(asked or request.headers.get("accept"))


def _report_response(report: ValidationReport, fmt: str, *, status: int = 200,
                     back: str | None = None) -> Response:
    return Response(render(report, fmt, back=back), status_code=status, media_type=REPORT_FORMATS[fmt],
                    headers={"Vary": "Accept, Accept-Language"})
