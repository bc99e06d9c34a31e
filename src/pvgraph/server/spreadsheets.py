"""The spreadsheet front door over HTTP: the template, its Table Schemas, and what a spreadsheet
submission keeps (its files, and the submission back in the template).

- ``GET /template.xlsx``, ``/template.ods``, ``/template.zip`` — the template (generated from the
  shapes, :mod:`pvgraph.tabular.template`), at stable addresses linked from the home page and
  the validation form;
- ``GET /schemas/`` (the list) and ``GET /schemas/{sheet}.json`` — one Frictionless Table Schema
  per sheet, whose ``path`` is the address it is served at;
- ``GET /submissions/{id}/files/{n}`` — a file the submission keeps: what the steward sent, or
  the RDF pvgraph made from a spreadsheet (same visibility as the submission's page);
- ``GET /submissions/{id}/template.{xlsx|ods|zip}`` — the submission's records in the template.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from pvgraph import submissions
from pvgraph.errors import NotFoundError, error
from pvgraph.formats import rdf_format
from pvgraph.loading import document_from_bytes, parse_document, to_rdflib_graph
from pvgraph.server.auth import optional_steward
from pvgraph.server.state import state_of
from pvgraph.settings import Settings
from pvgraph.submissions import records
from pvgraph.tabular.export import rows_from_graph
from pvgraph.tabular.spec import WorkbookSpec, workbook_spec
from pvgraph.tabular.table_schema import table_schema
from pvgraph.tabular.template import FORMATS, write_template

router = APIRouter(tags=["spreadsheets"])

_EXTENSION_FORMAT = {"xlsx": "xlsx", "ods": "ods", "zip": "csv"}
_cache: dict[tuple[int, str], bytes] = {}
_lock = threading.Lock()


def _spec(request: Request) -> WorkbookSpec:
    return workbook_spec(state_of(request).settings.root)


def _base_url(request: Request) -> str:
    settings: Settings = state_of(request).settings
    return (settings.base_url or str(request.base_url)).rstrip("/")


def _template_bytes(spec: WorkbookSpec, fmt: str, base_url: str) -> bytes:
    key = (id(spec), fmt + base_url)
    with _lock:
        cached = _cache.get(key)
    if cached is None:
        cached = write_template(spec, fmt, base_url=base_url)
        with _lock:
            if len(_cache) > 16:
                _cache.clear()
            _cache[key] = cached
    return cached


def _download(data: bytes, fmt: str, filename: str) -> Response:
    return Response(data, media_type=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "public, max-age=300"})


@router.get("/template.{extension}", summary="The spreadsheet template (xlsx, ods, or zip of CSV files)")
def template(request: Request, extension: str) -> Response:
    fmt = _EXTENSION_FORMAT.get(extension)
    if fmt is None:
        raise error(NotFoundError, "spreadsheet.no-template", extension=extension)
    data = _template_bytes(_spec(request), fmt, _base_url(request))
    return _download(data, fmt, f"modele-pvgraph.{extension}")


@router.get("/schemas/", summary="The Table Schemas of the template's sheets")
def schemas_index(request: Request) -> Response:
    spec = _spec(request)
    base = _base_url(request)
    return JSONResponse({"schemas": [{"name": s.key, "title": s.fr, "title_en": s.en,
                                      "path": f"{base}/schemas/{s.key}.json"} for s in spec.sheets]})


@router.get("/schemas/{name}.json", summary="The Frictionless Table Schema of one sheet")
def schema(request: Request, name: str) -> Response:
    spec = _spec(request)
    sheet = next((s for s in spec.sheets if s.key == name), None)
    if sheet is None:
        raise error(NotFoundError, "spreadsheet.no-schema", name=name, names=", ".join(s.key for s in spec.sheets))
    body = json.dumps(table_schema(sheet, spec, _base_url(request)), ensure_ascii=False, indent=2) + "\n"
    return Response(body, media_type="application/json", headers={"Cache-Control": "public, max-age=300"})


def _directory(request: Request) -> Path:
    settings: Settings = state_of(request).settings
    path = Path(settings.submissions_dir)
    return path if path.is_absolute() else settings.root / path


def _visible(request: Request, submission_id: str) -> submissions.Submission:
    steward = optional_steward(request, state_of(request).settings)
    return submissions.visible(_directory(request), submission_id, steward)


@router.get("/submissions/{submission_id}/files/{index}", name="submission_file",
            summary="A file a submission keeps (what was sent, or the RDF made from a spreadsheet)")
def submission_file(request: Request, submission_id: str, index: int) -> Response:
    submission = _visible(request, submission_id)
    record = submission.record
    if not 0 <= index < len(record.files):
        raise error(NotFoundError, "spreadsheet.no-file", id=submission_id, index=index, last=len(record.files) - 1)
    path = records.file_path(_directory(request), record, index)
    if not path.is_file():
        raise error(NotFoundError, "spreadsheet.file-gone", id=submission_id, index=index)
    info = record.files[index]
    return Response(path.read_bytes(), media_type=info.get("media_type") or "application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{Path(info["name"]).name}"',
                             "Vary": "Authorization"})


@router.get("/submissions/{submission_id}/template.{extension}", name="submission_template",
            summary="A submission's records, back in the spreadsheet template")
def submission_template(request: Request, submission_id: str, extension: str) -> Response:
    fmt = _EXTENSION_FORMAT.get(extension)
    if fmt is None:
        raise error(NotFoundError, "spreadsheet.no-template-format", extension=extension)
    submission = _visible(request, submission_id)
    record = submission.record
    directory = _directory(request)
    rdf = [i for i, f in enumerate(record.files) if f.get("kind") == "rdf"] or list(range(len(record.files)))
    quads = []
    for index in rdf:
        info = record.files[index]
        path = records.file_path(directory, record, index)
        if not path.is_file():
            raise error(NotFoundError, "spreadsheet.files-gone", id=submission_id)
        fmt_name = info.get("format") or "turtle"
        document = document_from_bytes(path.read_bytes(), name=info["name"], format=rdf_format(fmt_name))
        quads += parse_document(document).quads
    spec = _spec(request)
    data = write_template(spec, fmt, rows=rows_from_graph(to_rdflib_graph(quads), spec), base_url=_base_url(request))
    return _download(data, fmt, f"soumission-{submission_id}.{extension}")
