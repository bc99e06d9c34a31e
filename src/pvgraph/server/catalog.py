"""Routes for harvesters: ``/catalog``, ``/.well-known/void``, ``/dumps/``, ``/sitemap.xml``.

Everything is computed from the store the server serves: the dumps, VoID counts and sitemap
things once per store version, in the background (in ``settings.publish_dir``, see
:class:`pvgraph.publish.cache.PublishCache`). While a new version is written, the last complete
one is served (catalogue, dumps, VoID and sitemap agree with each other); only before any
version was ever completed does a request wait up to ``WAIT_SECONDS``, then get a 503 "try again
shortly". The descriptions are made per published version, profile and base URL (kept in
memory). Every response carries ETag, Last-Modified (of the published version, not of the
store) and Cache-Control, and answers conditional requests with 304. Browsers asking for
``/catalog`` or ``/dumps/`` get a web page; each dataset has its own at ``/datasets/{key}``.

The catalogue is offered in profiles (:mod:`pvgraph.publish.profiles`, W3C Content Negotiation
by Profile): ``?profile=TOKEN`` (or ``_profile``), ``/catalog-TOKEN.ttl`` (the file name
``pvgraph publish`` writes), or an ``Accept-Profile`` header; answers say which in
``Content-Profile`` and list the others in ``Link`` headers.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.datastructures import URL

from pvgraph import messages
from pvgraph.errors import NotFoundError, error
from pvgraph.formats import negotiate, rdf_format
from pvgraph.languages import resolve
from pvgraph.negotiation import prefers_html
from pvgraph.publish.bundle import named_queries, normalise_base_url
from pvgraph.publish.cache import NotReadyError, PublishCache, Published
from pvgraph.publish.catalog import build_catalog, dataset_iri
from pvgraph.publish.dataset_page import DatasetPage, dataset_page, published_parts
from pvgraph.publish.parts import part
from pvgraph.publish.profiles import PROFILES, Profile, negotiate_profile, profile_named
from pvgraph.publish.rdf import CATALOGUE_FORMATS, serialise
from pvgraph.publish.sitemap import page_urls, sitemap_files
from pvgraph.publish.void import build_void
from pvgraph.server.caching import (
    Validators,
    cache_control,
    make_etag,
    not_modified,
    version_time,
)
from pvgraph.server.deps import SettingsDep, StoreDep
from pvgraph.server.state import app_state
from pvgraph.server.templating import choose_language, environment, render
from pvgraph.settings import Settings
from pvgraph.store import Store

router = APIRouter(tags=["open data"])

EXTENSIONS = {"ttl": "turtle", "rdf": "rdfxml", "jsonld": "jsonld", "nt": "ntriples", "trig": "trig"}
OFFERED = [rdf_format(name).media_type for name in CATALOGUE_FORMATS] + ["text/n3"]
N3 = "text/n3"  # data.gouv.fr's harvester accepts N3; Turtle is N3, so Turtle bytes are sent
WAIT_SECONDS = 20.0
"""How long a request waits for the dumps of a new store version before answering 503."""
T = TypeVar("T")


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
    """The app's publication state (``settings``: kept for the callers' sake, the state has them)."""
    return app_state(app).publish


def start_publication(app: FastAPI) -> None:
    """Start writing the served version's dumps now, in the background, so that the first
    harvester finds them ready instead of waiting for minutes (``pvgraph serve`` calls this)."""
    with contextlib.suppress(NotReadyError):  # "being written" is exactly what was asked
        app_publish_state(app, app_state(app).settings).cache.ensure(app_state(app).store, wait=0)


def base_url_of(request: Request, settings: Settings) -> str:
    """The server's public URL: the setting, else the address this request came to."""
    return normalise_base_url(settings.base_url or str(request.base_url))


def _published(request: Request, store: Store, settings: Settings) -> Published:
    """The version being served: the store's own once written, the last complete one meanwhile."""
    return publish_state(request, settings).cache.ensure(store, wait=WAIT_SECONDS)


def _validators(published: Published, variant: str, *, vary: str | None = None,
                max_age: int | None = None) -> Validators:
    """ETag and Last-Modified of the published version (what the body is made from)."""
    return Validators(
        etag=make_etag(published.version, variant),
        last_modified=version_time(published.version),
        cache_control=cache_control() if max_age is None else cache_control(max_age),
        vary=vary,
    )


def _rdf_response(request: Request, published: Published, what: str, media_type: str,
                  make: Callable[[str], bytes], settings: Settings, *,
                  vary: str = "Accept", headers: dict[str, str] | None = None) -> Response:
    base = base_url_of(request, settings)
    validators = _validators(published, f"{what}|{media_type}|{base}", vary=vary)
    if (early := not_modified(request, validators)) is not None:
        early.headers.update(headers or {})
        return early
    state = publish_state(request, settings)
    data = state.remember((published.version, what, media_type, base), lambda: make(base))
    return Response(data, media_type=media_type, headers={**validators.headers(), **(headers or {})})


def _catalogue_bytes(store: Store, settings: Settings, published: Published, media_type: str,
                     profile: Profile) -> Callable[[str], bytes]:
    def make(base: str) -> bytes:
        triples = build_catalog(store, published.manifest, base, queries=named_queries(settings.root),
                                public_base=settings.public_base, profile=profile)
        return _serialise_as(triples, media_type)

    return make


def _profile_of(request: Request, token: str | None = None) -> Profile:
    """``/catalog-TOKEN.ext``, else ``?profile=`` / ``?_profile=``, else ``Accept-Profile``."""
    asked = token or request.query_params.get("profile") or request.query_params.get("_profile")
    if asked:
        return profile_named(asked)
    return negotiate_profile(request.headers.get("accept-profile"))


def _profile_headers(base: str, profile: Profile, media_type: str) -> dict[str, str]:
    """``Content-Profile`` and ``Link``: the profile used, and every other profile × format
    (as ``/catalog?profile=…&format=…``, which names both whatever the request's headers)."""
    links = [f'<{profile.uri}>; rel="profile"']
    catalogue = URL(f"{base}catalog")
    for other in PROFILES:
        for name in CATALOGUE_FORMATS:
            fmt = rdf_format(name)
            if other == profile and fmt.media_type == media_type:
                continue
            target = catalogue.include_query_params(profile=other.token, format=name)
            links.append(f'<{target}>; rel="alternate"; type="{fmt.media_type}"; '
                         f'profile="{other.uri}"')
    return {"Content-Profile": f"<{profile.uri}>", "Link": ", ".join(links)}


def _catalogue(request: Request, store: Store, settings: Settings, media_type: str,
               profile: Profile) -> Response:
    published = _published(request, store, settings)
    return _rdf_response(request, published, f"catalog|{profile.token}", media_type,
                         _catalogue_bytes(store, settings, published, media_type, profile),
                         settings, vary="Accept, Accept-Profile",
                         headers=_profile_headers(base_url_of(request, settings), profile,
                                                  media_type))


def _html_page(request: Request, store: Store, settings: Settings) -> Response:
    """The catalogue for people: datasets, licences and files (French first, ``?lang=en``)."""
    lang = choose_language(request, settings.lang)
    published = _published(request, store, settings)
    validators = _validators(published, f"catalog|text/html|{lang}", vary="Accept, Accept-Language")
    if (early := not_modified(request, validators)) is not None:
        return early
    manifest = published.manifest
    datasets = [
        {"key": p.key, "title_fr": p.title_fr, "title_en": p.title_en,
         "description_fr": p.description_fr, "description_en": p.description_en,
         "rights_fr": p.rights_fr, "rights_en": p.rights_en, "licence": p.licence,
         "version": manifest.versions[p.key],
         "files": [{"name": f.name, "media_type": f.dump_kind.media_type, "gzipped": f.dump_kind.gzipped,
                    "triples": f.triples, "byte_size": f.byte_size, "sha256": f.sha256}
                   for f in manifest.for_part(p.key)]}
        for p in published_parts(manifest)
    ]
    alternates = [(f"/catalog.{ext}", rdf_format(name).media_type) for ext, name in EXTENSIONS.items()]
    profiles = [(p, f"/catalog.ttl?profile={p.token}") for p in PROFILES]
    return render(request, "catalog.html",
                  {"datasets": datasets, "alternates": alternates, "lang": lang,
                   "profiles": profiles},
                  headers=validators.headers())


def landing_page(store: Store, settings: Settings, published: Published, key: str,
                 base: str) -> DatasetPage:
    """The content of one dataset's page; NotFoundError for a key that is not published."""
    try:
        current = part(key)
    except KeyError:
        current = None
    if current is None or not published.manifest.for_part(key):
        raise error(NotFoundError, "catalogue.unknown-dataset", name=key)
    return dataset_page(current, published.manifest, base,
                        dataset_iri=dataset_iri(key, settings.public_base),
                        queries=named_queries(settings.root))


def static_dataset_page(page: DatasetPage, lang: str = "fr") -> bytes:
    """A dataset's page as a standalone file, for ``pvgraph publish`` (no server behind it)."""
    def tr(fr: str, en: str) -> str:  # a data label (the dataset's title) in the page's language
        return fr if resolve(lang) == "fr" else en

    def say(key: str, **params: object) -> str:  # the page's own words, from the one catalogue
        return messages.text(key, lang, **params)

    html = environment().get_template("dataset_static.html").render(page=page, lang=lang, tr=tr, say=say)
    return html.encode()


def _choose(request: Request, fmt: str | None) -> str:
    if fmt in ("n3", N3):
        return N3
    if fmt:
        return rdf_format(EXTENSIONS.get(fmt, fmt)).media_type
    return negotiate(request.headers.get("accept"), OFFERED)


@router.api_route("/catalog", methods=["GET", "HEAD"])
def catalog(request: Request, store: StoreDep, settings: SettingsDep, format: str | None = None) -> Response:
    """The DCAT-AP 3 catalogue, by content negotiation (Turtle, RDF/XML, JSON-LD, N-Triples, TriG)
    and by profile (``?profile=datagouv``, ``Accept-Profile``); a web page for browsers."""
    profile = _profile_of(request)
    if format is None and prefers_html(request.headers.get("accept")):
        return _html_page(request, store, settings)
    return _catalogue(request, store, settings, _choose(request, format), profile)


@router.api_route("/catalog.{ext}", methods=["GET", "HEAD"])
def catalog_file(ext: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The catalogue in the format its extension names (``.ttl``, ``.rdf``, ``.jsonld``, ``.nt``, ``.trig``)."""
    return _catalogue(request, store, settings, _media_type_of(ext), _profile_of(request))


@router.api_route("/catalog-{token}.{ext}", methods=["GET", "HEAD"])
def catalog_profile_file(token: str, ext: str, request: Request, store: StoreDep,
                         settings: SettingsDep) -> Response:
    """The catalogue in one profile and format, under the file name ``pvgraph publish`` writes
    (``/catalog-datagouv.ttl``)."""
    return _catalogue(request, store, settings, _media_type_of(ext), _profile_of(request, token))


def _media_type_of(ext: str) -> str:
    if ext not in EXTENSIONS:
        raise error(NotFoundError, "catalogue.unknown-format", ext=ext, urls=", ".join(f"/catalog.{e}" for e in EXTENSIONS))
    return rdf_format(EXTENSIONS[ext]).media_type


@router.api_route("/datasets/{key}", methods=["GET", "HEAD"])
def dataset(key: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """A dataset's landing page: what it is, its files, SPARQL to start with (``.html`` optional)."""
    key = key.removesuffix(".html")
    lang = choose_language(request, settings.lang)
    published = _published(request, store, settings)
    base = base_url_of(request, settings)
    validators = _validators(published, f"dataset|{key}|{lang}|{base}", vary="Accept-Language")
    if (early := not_modified(request, validators)) is not None:
        return early
    page = landing_page(store, settings, published, key, base)
    return render(request, "dataset.html", {"page": page, "lang": lang},
                  headers=validators.headers())


@router.api_route("/.well-known/void", methods=["GET", "HEAD"])
def void(request: Request, store: StoreDep, settings: SettingsDep, format: str | None = None) -> Response:
    """The VoID description of what the SPARQL endpoint serves."""
    media_type = _choose(request, format)
    published = _published(request, store, settings)

    def make(base: str) -> bytes:
        triples = build_void(published.stats, published.manifest, base,
                             public_base=settings.public_base)
        return _serialise_as(triples, media_type)

    return _rdf_response(request, published, "void", media_type, make, settings)


@router.api_route("/dumps/", methods=["GET", "HEAD"])
def dumps_listing(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The dumps of the current version: JSON, or an HTML list for browsers."""
    media_type = negotiate(request.headers.get("accept"), ["application/json", "text/html"])
    published = _published(request, store, settings)
    validators = _validators(published, f"dumps|{media_type}", vary="Accept")
    if (early := not_modified(request, validators)) is not None:
        return early
    manifest = published.manifest
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
        last_modified=version_time(published.version),
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
    published = _published(request, store, settings)
    validators = _validators(published, f"{name}|{base}")
    if (early := not_modified(request, validators)) is not None:
        return early
    state = publish_state(request, settings)

    def make_all() -> dict[str, bytes]:
        ids = [q.id for q in named_queries(settings.root)]
        pages = [f"{base}datasets/{p.key}" for p in published_parts(published.manifest)]
        urls = page_urls(store, base, query_ids=ids, public_base=settings.public_base,
                         things=published.things, dataset_pages=pages)
        return sitemap_files(urls, base)

    files = state.remember((published.version, "sitemap", base), make_all)
    if name not in files:
        raise error(NotFoundError, "catalogue.no-file", name=name)
    return Response(files[name], media_type="application/xml", headers=validators.headers())
