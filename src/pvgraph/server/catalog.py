"""Routes for harvesters: ``/catalog``, ``/.well-known/void``, ``/dumps/``, ``/sitemap.xml``.

Everything is computed from the store the server serves: the dumps, VoID counts and sitemap
things once per store version, in the background (in ``settings.publish_dir``, see
:class:`pvgraph.publish.cache.PublishCache`; a request waits up to ``WAIT_SECONDS``, then gets a
503 "try again shortly"), the descriptions per version and base URL (kept in memory). Every
response carries ETag, Last-Modified and Cache-Control; conditional requests get 304 before
anything is computed. Browsers asking for ``/catalog`` or ``/dumps/`` get a web page.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from pvgraph.errors import NotFoundError
from pvgraph.formats import negotiate, rdf_format
from pvgraph.publish.bundle import named_queries, normalise_base_url
from pvgraph.publish.cache import NotReadyError, PublishCache
from pvgraph.publish.catalog import build_catalog
from pvgraph.publish.parts import PARTS, WHOLE
from pvgraph.publish.rdf import CATALOGUE_FORMATS, serialise
from pvgraph.publish.sitemap import page_urls, sitemap_files
from pvgraph.publish.void import build_void
from pvgraph.server.caching import Validators, cache_control, cached, not_modified, version_time
from pvgraph.server.deps import SettingsDep, StoreDep
from pvgraph.server.negotiation import prefers_html
from pvgraph.server.templating import choose_language, render
from pvgraph.settings import Settings
from pvgraph.store import Store


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, stop the publication under way: its child process must not outlive the
    server (it holds hundreds of MB on the national graph)."""
    try:
        yield
    finally:
        state = getattr(app.state, "publish", None)
        if state is not None:
            await asyncio.to_thread(state.cache.close)


router = APIRouter(tags=["open data"], lifespan=lifespan)

EXTENSIONS = {"ttl": "turtle", "rdf": "rdfxml", "jsonld": "jsonld", "nt": "ntriples", "trig": "trig"}
OFFERED = [rdf_format(name).media_type for name in CATALOGUE_FORMATS] + ["text/n3"]
N3 = "text/n3"  # data.gouv.fr's harvester accepts N3; Turtle is N3, so Turtle bytes are sent
WAIT_SECONDS = 20.0
"""How long a request waits for the dumps of a new store version before answering 503."""
T = TypeVar("T")
_state_lock = threading.Lock()


def _serialise_as(triples: list[ox.Triple], media_type: str) -> bytes:
    return serialise(triples, rdf_format("turtle" if media_type == N3 else media_type))


@dataclass
class PublishState:
    """What the server keeps between requests: the dump cache and rendered descriptions."""

    cache: PublishCache
    rendered: dict[tuple[str, ...], Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """``make()`` once per key (its first item is the store version; older ones are dropped)."""
        with self.lock:
            if key in self.rendered:
                return self.rendered[key]
        data = make()
        with self.lock:
            for old in [k for k in self.rendered if k[0] != key[0]]:
                del self.rendered[old]
            self.rendered[key] = data
        return data


def publish_state(request: Request, settings: Settings) -> PublishState:
    return app_publish_state(request.app, settings)


def app_publish_state(app: FastAPI, settings: Settings) -> PublishState:
    """The app's publication state, created on first use."""
    state = getattr(app.state, "publish", None)
    if state is None:
        with _state_lock:
            state = getattr(app.state, "publish", None)
            if state is None:
                root = Path(settings.publish_dir)
                if not root.is_absolute():
                    root = settings.root / root
                state = PublishState(cache=PublishCache(root, public_base=settings.public_base))
                app.state.publish = state
    return state


def start_publication(app: FastAPI) -> None:
    """Start writing the served version's dumps now, in the background, so that the first
    harvester finds them ready instead of waiting for minutes (``pvgraph serve`` calls this)."""
    with contextlib.suppress(NotReadyError):  # "being written" is exactly what was asked
        app_publish_state(app, app.state.settings).cache.ensure(app.state.store, wait=0)


def base_url_of(request: Request, settings: Settings) -> str:
    """The server's public URL: the setting, else the address this request came to."""
    return normalise_base_url(settings.base_url or str(request.base_url))


def _rdf_response(request: Request, store: Store, what: str, media_type: str,
                  make: Callable[[str], bytes], settings: Settings) -> Response:
    base = base_url_of(request, settings)
    validators = cached(store, f"{what}|{media_type}|{base}", vary="Accept")
    if (early := not_modified(request, validators)) is not None:
        return early
    state = publish_state(request, settings)
    data = state.remember((store.version(), what, media_type, base), lambda: make(base))
    return Response(data, media_type=media_type, headers=validators.headers())


def _catalogue_bytes(request: Request, store: Store, settings: Settings,
                     media_type: str) -> Callable[[str], bytes]:
    def make(base: str) -> bytes:
        published = publish_state(request, settings).cache.ensure(store, wait=WAIT_SECONDS)
        triples = build_catalog(store, published.manifest, base, queries=named_queries(settings.root),
                                public_base=settings.public_base)
        return _serialise_as(triples, media_type)

    return make


def _html_page(request: Request, store: Store, settings: Settings) -> Response:
    """The catalogue for people: datasets, licences and files (French first, ``?lang=en``)."""
    lang = choose_language(request, settings.lang)
    validators = cached(store, f"catalog|text/html|{lang}", vary="Accept, Accept-Language")
    if (early := not_modified(request, validators)) is not None:
        return early
    manifest = publish_state(request, settings).cache.ensure(store, wait=WAIT_SECONDS).manifest
    datasets = [
        {"key": p.key, "title_fr": p.title_fr, "title_en": p.title_en,
         "description_fr": p.description_fr, "description_en": p.description_en,
         "rights_fr": p.rights_fr, "rights_en": p.rights_en, "licence": p.licence,
         "version": manifest.versions[p.key],
         "files": [{"name": f.name, "media_type": f.dump_kind.media_type, "gzipped": f.dump_kind.gzipped,
                    "triples": f.triples, "byte_size": f.byte_size, "sha256": f.sha256}
                   for f in manifest.for_part(p.key)]}
        for p in (WHOLE, *PARTS) if manifest.for_part(p.key)
    ]
    alternates = [(f"/catalog.{ext}", rdf_format(name).media_type) for ext, name in EXTENSIONS.items()]
    return render(request, "catalog.html",
                  {"datasets": datasets, "alternates": alternates, "lang": lang},
                  headers=validators.headers())


def _choose(request: Request, fmt: str | None) -> str:
    if fmt in ("n3", N3):
        return N3
    if fmt:
        return rdf_format(EXTENSIONS.get(fmt, fmt)).media_type
    return negotiate(request.headers.get("accept"), OFFERED)


@router.api_route("/catalog", methods=["GET", "HEAD"])
def catalog(request: Request, store: StoreDep, settings: SettingsDep, format: str | None = None) -> Response:
    """The DCAT-AP 3 catalogue, by content negotiation (Turtle, RDF/XML, JSON-LD, N-Triples, TriG);
    a web page for browsers."""
    if format is None and prefers_html(request.headers.get("accept")):
        return _html_page(request, store, settings)
    media_type = _choose(request, format)
    return _rdf_response(request, store, "catalog", media_type,
                         _catalogue_bytes(request, store, settings, media_type), settings)


@router.api_route("/catalog.{ext}", methods=["GET", "HEAD"])
def catalog_file(ext: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The catalogue in the format its extension names (``.ttl``, ``.rdf``, ``.jsonld``, ``.nt``, ``.trig``)."""
    if ext not in EXTENSIONS:
        raise NotFoundError(f"no catalogue in format {ext!r}",
                            hint="use one of: " + ", ".join(f"/catalog.{e}" for e in EXTENSIONS))
    media_type = rdf_format(EXTENSIONS[ext]).media_type
    return _rdf_response(request, store, "catalog", media_type,
                         _catalogue_bytes(request, store, settings, media_type), settings)


@router.api_route("/.well-known/void", methods=["GET", "HEAD"])
def void(request: Request, store: StoreDep, settings: SettingsDep, format: str | None = None) -> Response:
    """The VoID description of what the SPARQL endpoint serves."""
    media_type = _choose(request, format)

    def make(base: str) -> bytes:
        published = publish_state(request, settings).cache.ensure(store, wait=WAIT_SECONDS)
        triples = build_void(published.stats, published.manifest, base,
                             public_base=settings.public_base)
        return _serialise_as(triples, media_type)

    return _rdf_response(request, store, "void", media_type, make, settings)


@router.api_route("/dumps/", methods=["GET", "HEAD"])
def dumps_listing(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The dumps of the current version: JSON, or an HTML list for browsers."""
    media_type = negotiate(request.headers.get("accept"), ["application/json", "text/html"])
    validators = cached(store, f"dumps|{media_type}", vary="Accept")
    if (early := not_modified(request, validators)) is not None:
        return early
    manifest = publish_state(request, settings).cache.ensure(store, wait=WAIT_SECONDS).manifest
    if media_type == "application/json":
        body = {"files": [{"name": f.name, "dataset": f.part, "format": f.kind,
                           "media_type": f.dump_kind.media_type, "byte_size": f.byte_size,
                           "sha256": f.sha256, "triples": f.triples, "url": f.name}
                          for f in manifest.files]}
        return JSONResponse(body, headers=validators.headers())
    return _html_page(request, store, settings)


@router.api_route("/dumps/{name}", methods=["GET", "HEAD"])
def dump_file(name: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """One dump: Range requests, gzip content encoding when accepted, ETag from its checksum."""
    state = publish_state(request, settings)
    path, published = state.cache.file(store, name, wait=WAIT_SECONDS)
    dump = published.manifest.get(name)
    assert dump is not None  # checked by PublishCache.file
    encode = (not dump.dump_kind.gzipped and "range" not in request.headers
              and "gzip" in request.headers.get("accept-encoding", ""))
    validators = Validators(
        etag=f'"{dump.sha256[:32]}{"-gz" if encode else ""}"',
        last_modified=version_time(store.version()),
        cache_control=cache_control(3600),
        vary=None if dump.dump_kind.gzipped else "Accept-Encoding",
    )
    if (early := not_modified(request, validators)) is not None:
        return early
    headers = validators.headers()
    if encode:
        path = state.cache.gzip_encoded(path)
        headers["Content-Encoding"] = "gzip"
    return FileResponse(path, media_type=dump.http_media_type, headers=headers,
                        content_disposition_type="inline")


@router.api_route("/sitemap.xml", methods=["GET", "HEAD"])
def sitemap(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The sitemap of the HTML pages (a sitemap index when there are more than 50 000)."""
    return _sitemap_file("sitemap.xml", request, store, settings)


@router.api_route("/sitemap-{number}.xml", methods=["GET", "HEAD"])
def sitemap_page(number: int, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return _sitemap_file(f"sitemap-{number}.xml", request, store, settings)


def _sitemap_file(name: str, request: Request, store: Store, settings: Settings) -> Response:
    base = base_url_of(request, settings)
    validators = cached(store, f"{name}|{base}")
    if (early := not_modified(request, validators)) is not None:
        return early
    state = publish_state(request, settings)

    def make_all() -> dict[str, bytes]:
        things = state.cache.ensure(store, wait=WAIT_SECONDS).things
        ids = [q.id for q in named_queries(settings.root)]
        urls = page_urls(store, base, query_ids=ids, public_base=settings.public_base,
                         things=things)
        return sitemap_files(urls, base)

    files = state.remember((store.version(), "sitemap", base), make_all)
    if name not in files:
        raise NotFoundError(f"there is no {name}", hint="GET /sitemap.xml")
    return Response(files[name], media_type="application/xml", headers=validators.headers())
