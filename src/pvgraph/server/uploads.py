"""Reading uploaded documents: a raw body with its Content-Type, or the files of a multipart form.

Used by the Graph Store writes, ``/validate`` and ``/submissions``. The body-size limit applies
to raw bodies as they stream in, and to each part of a multipart form. Errors carry their French
twin; the routes tell them in the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException

from pvgraph.errors import InputError, error
from pvgraph.protocol import media_type
from pvgraph.server.limits import read_body


@dataclass(frozen=True)
class Upload:
    """One uploaded document: its name (file name or field), declared type and bytes."""

    name: str
    media_type: str | None
    data: bytes


async def read_form(request: Request, limit: int) -> FormData:
    """A multipart body's fields and files, each part held to ``limit`` bytes (parsed once: a
    later call, by this function or by ``request.form()``, gets the same form)."""
    try:
        return await request.form(max_part_size=limit)
    except MultiPartException as exc:
        raise error(InputError, "input.multipart-unreadable", detail=exc.message) from None


async def read_uploads(request: Request, limit: int, *, default_name: str = "upload") -> list[Upload]:
    """The documents a request carries (one for a raw body, one per file of a form)."""
    content_type = request.headers.get("content-type")
    kind, _ = media_type(content_type)
    if kind == "multipart/form-data":
        form = await read_form(request, limit)
        uploads = []
        for field, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                declared = value.content_type
                if declared and declared.split(";")[0].strip() in ("application/octet-stream", "text/plain"):
                    declared = None  # browsers' defaults say nothing: let the file name or content tell
                uploads.append(Upload(value.filename or field, declared, data))
        if not uploads:
            raise error(InputError, "input.form-without-file")
        return uploads
    if not kind:
        raise error(InputError, "input.no-content-type")
    return [Upload(default_name, content_type, await read_body(request, limit))]
