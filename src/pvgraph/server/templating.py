"""HTML pages: one Jinja2 environment, language selection, and ``render()``.

Every HTML page of the server goes through :func:`render`, so every page gets the same things in
its context: the chosen language (French by default, ``?lang=en`` or ``Accept-Language`` for
English), ``say('page.…')`` for the page's own words (entries of :mod:`pvgraph.messages`),
``tr(fr, en)`` for a data label given in both languages, the navigation, and links that keep the
chosen language. Autoescaping is on for ``.html`` templates: a string from the data is
always shown as text, never interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pvgraph import __version__, messages
from pvgraph.languages import DEFAULT_LANGUAGE, LANGUAGES, resolve
from pvgraph.text_table import Compactor

STATIC_PREFIX = "/-/static"


@dataclass(frozen=True)
class NavItem:
    """One entry of the site's main navigation: its path and its name's key in the catalogue."""

    path: str
    name: str


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("/", "nav.home"),
    NavItem("/editor", "nav.editor"),
    NavItem("/queries", "nav.queries"),
    NavItem("/ontology", "nav.ontology"),
    NavItem("/validate", "nav.validate"),
    NavItem("/catalog", "nav.catalog"),
    NavItem("/dumps/", "nav.dumps"),
)


@cache
def environment() -> Environment:
    """The one template environment (templates ship as package data in ``pvgraph/templates``).

    Built once per process: it holds compiled templates only, no request state.
    """
    env = Environment(
        loader=PackageLoader("pvgraph", "templates"),
        autoescape=select_autoescape(["html", "htm", "xml"], default_for_string=True),
        undefined=StrictUndefined,  # a typo in a template fails loudly in tests, not silently
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = static_url
    env.filters["number"] = format_number
    env.filters["short_iri"] = short_iri
    env.globals["version"] = __version__
    return env


def format_number(value: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """12 345 in French (narrow no-break space), 12,345 in English."""
    text = f"{value:,}"
    return text.replace(",", "\u202f") if resolve(lang) == "fr" else text


def short_iri(iri: str) -> str:
    """An IRI as a results table shows it: compacted with the graph's prefixes (``ex:…``,
    ``pv:…``), as in ``pvgraph query``'s table; the link and its title keep the full IRI."""
    return Compactor().iri(iri)


def static_url(path: str) -> str:
    """The URL of a file under ``pvgraph/static`` (served by the app at ``/-/static/``)."""
    return f"{STATIC_PREFIX}/{path.lstrip('/')}"


def choose_language(request: Request, default: str = DEFAULT_LANGUAGE) -> str:
    """``?lang=`` first, then the ``Accept-Language`` header, then ``default`` (French)."""
    asked = request.query_params.get("lang", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    best, best_q = None, 0.0
    for part in request.headers.get("accept-language", "").split(","):
        fields = [f.strip() for f in part.split(";")]
        tag = fields[0].lower().split("-")[0]
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        # strictly better only: among equals the first listed wins (it is the user's order)
        if tag in LANGUAGES and q > best_q:
            best, best_q = tag, q
    return best or (default if default in LANGUAGES else DEFAULT_LANGUAGE)


def url_with(request: Request, path: str | None = None, **params: str | None) -> str:
    """``path`` (default: the current one) with the current query string changed by ``params``.

    A ``None`` value removes the parameter. Used for the language switch and pagination links.
    """
    query = dict(request.query_params)
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    target = path if path is not None else request.url.path
    return f"{target}?{urlencode(query)}" if query else target


def page_context(request: Request, lang: str) -> dict[str, Any]:
    """What every page's template may use, besides its own context."""

    def tr(fr: str, en: str) -> str:
        """A data label given in both languages (a dataset's title, a named question's wording),
        by the one rule (the asked language, else French); the page's own words are ``say``'s."""
        return fr if resolve(lang) == "fr" else en

    def say(key: str, **params: object) -> str:
        """A text of the one catalogue (pvgraph.messages)."""
        return messages.text(key, lang, **params)

    explicit = request.query_params.get("lang") in LANGUAGES

    def link(path: str) -> str:
        """An internal link that keeps the language the reader chose (by ``?lang=`` or not French)."""
        if lang == DEFAULT_LANGUAGE and not explicit:
            return path
        return f"{path}{'&' if '?' in path else '?'}lang={lang}"

    other = next(code for code in LANGUAGES if code != lang)  # the language switch's target
    return {
        "request": request,
        "lang": lang,
        "tr": tr,
        "say": say,
        "link": link,
        "navigation": NAVIGATION,
        "current_path": request.url.path,
        "other_lang": other,
        "other_lang_url": url_with(request, lang=other),
        "url_with": lambda path=None, **params: url_with(request, path, **params),
    }


def render(
    request: Request,
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render a template of ``pvgraph/templates`` as an HTML response.

    The page's own ``context`` is added to :func:`page_context`; a ``lang`` in ``context`` wins
    over the one chosen from the request (for pages that decided it themselves).
    """
    state = getattr(request.app.state, "pvgraph", None)  # None: an app of pages only (tests)
    default = state.settings.lang if state is not None else DEFAULT_LANGUAGE
    lang = (context or {}).get("lang") or choose_language(request, default)
    values = page_context(request, lang)
    values.update(context or {})
    html = environment().get_template(template_name).render(values)
    response = HTMLResponse(html, status_code=status, headers=dict(headers or {}))
    vary = {v.strip() for v in response.headers.get("vary", "").split(",") if v.strip()}
    vary.add("Accept-Language")
    response.headers["Vary"] = ", ".join(sorted(vary))
    return response


def mount_static(app: FastAPI) -> None:
    """Serve ``pvgraph/static`` at ``/-/static/`` (CSS, the vendored YASGUI): never a CDN."""
    app.mount(STATIC_PREFIX, StaticFiles(packages=[("pvgraph", "static")]), name="static")
