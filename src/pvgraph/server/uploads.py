"""Reading uploaded documents: a raw body with its Content-Type, or the files of a multipart form.

Used by the Graph Store writes, ``/validate`` and ``/submissions``. The body-size limit applies
to raw bodies as they stream in, and to each part of a multipart form.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from pvgraph.errors import InputError
from pvgraph.server.limits import read_body
from pvgraph.server.protocol import media_type


@dataclass(frozen=True)
class Upload:
    """One uploaded document: its name (file name or field), declared type and bytes."""

    name: str
    media_type: str | None
    data: bytes


async def read_uploads(request: Request, limit: int, *, default_name: str = "upload") -> list[Upload]:
    """The documents a request carries (one for a raw body, one per file of a form)."""
    content_type = request.headers.get("content-type")
    kind, _ = media_type(content_type)
    if kind == "multipart/form-data":
        try:
            form = await request.form(max_part_size=limit)
        except MultiPartException as exc:
            raise InputError(f"the multipart body cannot be read: {exc.message}",
                             hint="send a well-formed multipart/form-data body") from None
        uploads = []
        for field, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                declared = value.content_type
                if declared and declared.split(";")[0].strip() in ("application/octet-stream", "text/plain"):
                    declared = None  # browsers' defaults say nothing: let the file name or content tell
                uploads.append(Upload(value.filename or field, declared, data))
        if not uploads:
            raise InputError("the form holds no file", hint="attach the document as a file field")
        return uploads
    if not kind:
        raise InputError("the body has no Content-Type",
                         hint="say which RDF format it is (e.g. text/turtle), or upload it as a form file")
    return [Upload(default_name, content_type, await read_body(request, limit))]
