"""HTTP caching helpers: ETag, Last-Modified, conditional GET (304) and Cache-Control.

Why: harvesters (data.gouv.fr, data.europa.eu, CKAN) and linked-data crawlers poll the same
resources again and again. Every representation pvgraph serves is a function of the store's
content, so its validators derive from ``store.version()`` (which changes on every write): the
ETag is a hash of the version plus the *variant* (media type, language, encoding, path…) so two
representations of one resource never share an ETag; Last-Modified is the moment this process
first saw that version (the store keeps no timestamp with its version; a restart may move the
date forward, never backward, which only costs a full response).

Typical use in a route::

    from pvgraph.server.caching import cached, not_modified

    @router.get("/thing")
    def thing(request: Request, store: StoreDep) -> Response:
        validators = cached(store, variant="text/turtle")
        if (early := not_modified(request, validators)) is not None:
            return early                      # 304, nothing computed
        body = ...                            # the expensive part
        return Response(body, media_type="text/turtle", headers=validators.headers())
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

from pvgraph.store import Store

DEFAULT_MAX_AGE = 300
"""Seconds a client may reuse a representation without asking again (5 minutes)."""

_first_seen: dict[str, datetime] = {}
_first_seen_lock = threading.Lock()


def version_time(version: str) -> datetime:
    """When this process first saw ``version`` (UTC, whole seconds, as HTTP dates are)."""
    with _first_seen_lock:
        seen = _first_seen.get(version)
        if seen is None:
            seen = datetime.now(UTC).replace(microsecond=0)
            _first_seen[version] = seen
        return seen


def make_etag(version: str, variant: str = "") -> str:
    """A strong ETag (quoted) for one representation of one version of the graph.

    Remembered for the last few hundred (version, variant) pairs: a repeated request (a cached
    SPARQL answer, a polled page) would otherwise hash again what it hashed a moment ago.
    """
    if len(variant) <= 4096:
        return _etag(version, variant)
    return _etag.__wrapped__(version, variant)


@functools.lru_cache(maxsize=512)
def _etag(version: str, variant: str) -> str:
    digest = hashlib.sha256(f"{version}\x00{variant}".encode()).hexdigest()[:24]
    return f'"{digest}"'


def cache_control(max_age: int = DEFAULT_MAX_AGE, *, public: bool = True) -> str:
    """A ``Cache-Control`` value: reusable for ``max_age`` seconds, then revalidate."""
    scope = "public" if public else "private"
    return f"{scope}, max-age={max_age}, must-revalidate"


@dataclass(frozen=True)
class Validators:
    """What a response carries so that a client can ask "has it changed?"."""

    etag: str
    last_modified: datetime
    cache_control: str = cache_control()
    vary: str | None = None

    def headers(self) -> dict[str, str]:
        """Headers to put on the 200 (and on the 304)."""
        headers = {
            "ETag": self.etag,
            "Last-Modified": http_date(self.last_modified),
            "Cache-Control": self.cache_control,
        }
        if self.vary:
            headers["Vary"] = self.vary
        return headers


def cached(
    store: Store,
    variant: str = "",
    *,
    max_age: int = DEFAULT_MAX_AGE,
    vary: str | None = None,
    version: str | None = None,
) -> Validators:
    """Validators for a representation computed from ``store``.

    ``variant`` names what distinguishes this representation from others of the same version
    (path, media type, language, content encoding): use e.g. ``f"{path}|{media_type}"``.
    ``vary`` is the ``Vary`` header value when the representation was negotiated
    (e.g. ``"Accept"``). ``version``: the version the representation was computed from, when
    it is not the store's own of this moment (a query answer: the version readers see).
    """
    version = version if version is not None else store.version()
    return Validators(
        etag=make_etag(version, variant),
        last_modified=version_time(version),
        cache_control=cache_control(max_age),
        vary=vary,
    )


@functools.lru_cache(maxsize=64)  # a few versions' dates, asked on every cached answer
def http_date(moment: datetime) -> str:
    """An IMF-fixdate (``Fri, 27 Nov 2026 15:00:00 GMT``)."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    """An HTTP date, or ``None`` when it does not parse (RFC 9110 says: ignore it)."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _etag_list(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(",") if tag.strip()]


def _weak_match(a: str, b: str) -> bool:
    """Weak comparison (RFC 9110 §8.8.3.2), the one If-None-Match uses."""
    return a.removeprefix("W/") == b.removeprefix("W/")


def is_fresh(request_headers: Mapping[str, str], validators: Validators) -> bool:
    """True when the client's copy is current: If-None-Match first, else If-Modified-Since.

    ``request_headers`` is any mapping with case-insensitive ``get`` (Starlette's Headers).
    """
    get = request_headers.get
    if_none_match = get("if-none-match")
    if if_none_match is not None:
        tags = _etag_list(if_none_match)
        return "*" in tags or any(_weak_match(tag, validators.etag) for tag in tags)
    if_modified_since = get("if-modified-since")
    if if_modified_since is not None:
        since = parse_http_date(if_modified_since)
        return since is not None and validators.last_modified <= since
    return False


def not_modified(request: Request, validators: Validators) -> Response | None:
    """A 304 response when the client's copy is current (GET/HEAD only), else ``None``."""
    if request.method not in ("GET", "HEAD"):
        return None
    if is_fresh(request.headers, validators):
        return Response(status_code=304, headers=validators.headers())
    return None
