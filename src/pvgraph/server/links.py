"""Where an IRI of the graph leads on this server, and how a page asks for RDF or HTML.

The graph's things have public IRIs under ``public_base`` (https://w3id.org/pvgraph/); the
server answers for them at its own address, so every link of a page stays on the server:

- ``{base}id/…`` and ``{base}graph/…`` → ``/id/…`` and ``/graph/…``;
- ``{base}ontology`` and ``{base}ontology#Term`` → ``/ontology`` and ``/ontology#Term``;
- any other IRI (a reused vocabulary's, another site's) → ``/resource?iri=…``, the page of what
  this graph says about it — no page links to another host.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from pvgraph.errors import NotAcceptableError, error
from pvgraph.formats import LINKED_DATA_FORMATS, RdfFormat, negotiate, rdf_format

HTML = "text/html"
RDF_MEDIA_TYPES = tuple(f.media_type for f in LINKED_DATA_FORMATS)
"""What a linked-data address offers besides HTML (browsers get HTML, the first offered)."""

FORMAT_NAMES: dict[str, str] = {"html": HTML} | {
    name: f.media_type for f in LINKED_DATA_FORMATS for name in f.names}
"""``?format=`` values (Trifid's names and ours): a link can ask for one representation."""

LINK_FORMATS: tuple[tuple[str, str], ...] = tuple(
    (f.extension[1:], f.media_type) for f in LINKED_DATA_FORMATS)

_SAFE_PATH = "/:@!$&'()*+,;=-._~"


def local_href(iri: str, public_base: str) -> str:
    """The path on this server that shows ``iri``."""
    if iri.startswith(public_base):
        rest = iri[len(public_base):]
        if rest == "ontology" or rest.startswith("ontology#"):
            return "/" + rest
        if rest.startswith(("id/", "graph/")) and "#" not in rest and "?" not in rest:
            return "/" + quote(rest, safe=_SAFE_PATH)
    return "/resource?iri=" + quote(iri, safe="")


def choose_media_type(request: Request, offered: tuple[str, ...] = (HTML, *RDF_MEDIA_TYPES)) -> str:
    """``?format=`` when given, else the best match of the ``Accept`` header (406 if none)."""
    asked = request.query_params.get("format")
    if asked:
        media = FORMAT_NAMES.get(asked.strip().lower())
        if media is None or media not in offered:
            raise error(NotAcceptableError, "format.not-offered", asked=asked, extra={"available": list(offered)})
        return media
    return negotiate(request.headers.get("accept"), list(offered))


def rdf_format_of(media_type: str) -> RdfFormat:
    return rdf_format(media_type)


def alternate_links(path: str) -> list[tuple[str, str]]:
    """(href, media type) of each RDF representation of the page at ``path``."""
    joiner = "&" if "?" in path else "?"
    return [(f"{path}{joiner}format={name}", media) for name, media in LINK_FORMATS]


def link_header(path: str) -> str:
    """The ``Link`` header announcing the alternates (and the HTML page itself)."""
    joiner = "&" if "?" in path else "?"
    parts = [f'<{href}>; rel="alternate"; type="{media}"' for href, media in alternate_links(path)]
    parts.append(f'<{path}{joiner}format=html>; rel="alternate"; type="text/html"')
    return ", ".join(parts)
