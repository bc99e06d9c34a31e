"""``pvgraph harvest-check URL``: run the portals' harvesters on a catalogue, and say what they reject.

Why: a catalogue that passes the DCAT-AP shapes can still fail a harvest — a download that
answers 404, a checksum that no longer matches, a Content-Type the portal cannot parse, a
distribution without a licence (data.gouv.fr reads the licence on distributions) or without a
download URL (it drops those). This check asks for the catalogue in each format data.gouv.fr's
harvester accepts, follows Hydra paging, follows every distribution, downloads it, checks size,
checksum and media type, parses it, and reports each problem in French (or English).

When the portals' own harvesters are installed (``scripts/install-harvesters.sh``, see
:mod:`pvgraph.publish.portals`), they are run on the URL too: data.gouv.fr's udata and CKAN's
ckanext-dcat (two profiles), and the report says which harvester, in which version, accepted or
refused which dataset or data service, and why. Without them, only the checks here run (the
report says so).

Errors are what a portal would reject or a user would trip on; warnings are what a portal would
accept but degrade (no media type, no checksum…). Any error makes :attr:`HarvestReport.ok` false.
httpx is the client (its errors are translated here); parsing goes through :mod:`pvgraph.loading`.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import httpx
import rdflib
from rdflib.compare import isomorphic

import pvgraph.namespaces as ns
from pvgraph import __version__, messages
from pvgraph.errors import UserError
from pvgraph.formats import rdf_format, rdf_format_for_path
from pvgraph.loading import document_from_bytes, parse_document, to_rdflib_graph
from pvgraph.publish import portals

DCAT = ns.DCAT
DCT = ns.DCTERMS
SPDX = ns.SPDX
HYDRA = ns.HYDRA
IANA = str(ns.IANA_MEDIA_TYPES)

# What data.gouv.fr's DCAT harvester accepts (doc.data.gouv.fr, "Moissonnage DCAT"), with the
# format pvgraph parses each as (Turtle is valid N3 for what catalogues hold).
HARVEST_FORMATS: tuple[tuple[str, str], ...] = (
    *((rdf_format(name).media_type, name) for name in ("rdfxml", "turtle", "jsonld", "ntriples", "trig")),
    ("text/n3", "turtle"),
)
MAX_CATALOGUE_BYTES = 50 * 1024 * 1024  # ckanext-dcat's default limit per response
MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024 * 1024
MAX_PAGES = 100
CHECKSUM_ALGORITHMS = {
    str(SPDX["checksumAlgorithm_sha256"]): "sha256",
    str(SPDX["checksumAlgorithm_sha1"]): "sha1",
    str(SPDX["checksumAlgorithm_md5"]): "md5",
    str(SPDX["checksumAlgorithm_sha512"]): "sha512",
}

Level = Literal["error", "warning"]
Progress = Callable[[str], None]
Tell = Callable[..., None]  # tell(key, **params): a progress line of the one catalogue, in the check's language

# A finding's text is the catalogue's ``harvest.`` + its code (pvgraph.messages); its level's word:
LEVELS = {"error": "harvest.level-error", "warning": "harvest.level-warning"}


@dataclass(frozen=True)
class Finding:
    """One problem, with what is needed to say it in either language."""

    level: Level
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "fr") -> str:
        return messages.text(f"harvest.{self.code}", lang, **dict(self.params))

    def to_dict(self, lang: str = "fr") -> dict[str, object]:
        return {"level": self.level, "code": self.code, "message": self.message(lang),
                **dict(self.params)}


@dataclass
class HarvestReport:
    """What the harvest found."""

    url: str
    findings: list[Finding] = field(default_factory=list)
    formats_ok: list[str] = field(default_factory=list)
    datasets: int = 0
    distributions: int = 0
    downloads_checked: int = 0
    harvests: list[HarvestRun] = field(default_factory=list)
    """What the portals' own harvesters did (empty when none is installed)."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, level: Level, code: str, **params: object) -> None:
        self.findings.append(Finding(level, code, tuple((k, str(v)) for k, v in params.items())))

    def render(self, lang: str = "fr") -> str:
        colon = messages.text("typography.colon", lang)
        lines = [f"{messages.text(LEVELS[f.level], lang)}{colon} {f.message(lang)}"
                 for f in (*self.errors, *self.warnings)]
        lines += [run.render(lang) for run in self.harvests]
        if not self.harvests:
            lines.append(messages.text("harvest.no-harvester", lang))
        lines.append(messages.text(
            "harvest.summary", lang, url=self.url, datasets=self.datasets, distributions=self.distributions,
            downloads=self.downloads_checked,
            formats=", ".join(self.formats_ok) or messages.text("harvest.no-format", lang),
            errors=len(self.errors), warnings=len(self.warnings),
            verdict=messages.text("harvest.would-harvest" if self.ok else "harvest.would-reject", lang)))
        return "\n".join(lines)

    def to_dict(self, lang: str = "fr") -> dict[str, object]:
        return {"url": self.url, "ok": self.ok, "datasets": self.datasets,
                "distributions": self.distributions, "downloads_checked": self.downloads_checked,
                "formats": self.formats_ok, "findings": [f.to_dict(lang) for f in self.findings],
                "harvesters": [run.to_dict() for run in self.harvests]}


@dataclass(frozen=True)
class HarvestRun:
    """One run of a portal's harvester: how many datasets and services it accepted."""

    harvester: str
    datasets_accepted: int
    datasets: int
    services_accepted: int
    services: int

    def render(self, lang: str = "fr") -> str:
        return messages.text("harvest.run", lang, harvester=self.harvester, datasets_accepted=self.datasets_accepted,
                             datasets=self.datasets, services_accepted=self.services_accepted,
                             services=self.services)

    def to_dict(self) -> dict[str, object]:
        return {"harvester": self.harvester, "datasets_accepted": self.datasets_accepted,
                "datasets": self.datasets, "services_accepted": self.services_accepted,
                "services": self.services}


def harvest_check(
    url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = 120.0,
    progress: Progress | None = None,
    harvesters: list[portals.Harvester] | None = None,
    lang: str | None = None,
) -> HarvestReport:
    """Harvest the catalogue at ``url`` like a portal would, then with the portals' own
    harvesters (``harvesters``; default: those installed); never raises for what it finds.
    ``progress`` is told each step in ``lang`` (French unless English is asked)."""
    shout = progress or (lambda _m: None)

    def say(key: str, /, **params: object) -> None:
        shout(messages.text(key, lang, **params))

    own = client is None
    http = client or httpx.Client(follow_redirects=True, timeout=timeout,
                                  headers={"User-Agent": f"pvgraph-harvest-check/{__version__}"})
    report = HarvestReport(url=url)
    try:
        graph = _read_catalogue(http, url, report, say)
        if graph is not None:
            _check_catalogue(http, graph, url, report, say)
    finally:
        if own:
            http.close()
    for harvester in portals.available() if harvesters is None else harvesters:
        say("harvesting.harvester", harvester=harvester.label, url=url)
        _run_harvester(harvester, url, report, timeout)
    return report


def _run_harvester(harvester: portals.Harvester, url: str, report: HarvestReport,
                   timeout: float) -> None:
    """The portal's own verdict, item by item."""
    try:
        views = portals.harvest(harvester, url, timeout=max(timeout, 300.0))
    except portals.HarvesterFailed as exc:
        report.add("error", "harvester-failed", harvester=harvester.label, url=url, reason=str(exc))
        return
    for view in views:
        name = portals.run_name(view)
        for error in view.get("errors", []):
            report.add("error", "harvester-failed", harvester=name, url=url, reason=error)
        hexbinary = False
        for kind, items in (("le jeu de données", view["datasets"]),
                            ("le service de données", view["services"])):
            for item in items:
                if item["accepted"]:
                    continue
                reason = "; ".join(item["errors"]) or item.get("status", "?")
                hexbinary = hexbinary or "checksum.value" in reason
                report.add("error", "harvester-refused", harvester=name, kind=kind,
                           subject=item["id"] or "(sans dct:identifier)", reason=reason)
        if hexbinary:
            report.add("error", "harvester-hexbinary", harvester=name,
                       hint=_with_profile(url, harvester.profile))
        report.harvests.append(HarvestRun(
            name, sum(d["accepted"] for d in view["datasets"]), len(view["datasets"]),
            sum(s["accepted"] for s in view["services"]), len(view["services"])))


def _with_profile(url: str, profile: str) -> str:
    return str(httpx.URL(url).copy_merge_params({"profile": profile}))


def _get(http: httpx.Client, url: str, report: HarvestReport, headers: dict[str, str]) -> httpx.Response | None:
    try:
        return http.get(url, headers=headers)
    except httpx.HTTPError as exc:
        report.add("error", "unreachable", url=url, detail=f"{type(exc).__name__}: {exc}")
        return None


def _parse(data: bytes, name: str, fmt: str) -> rdflib.Graph:
    """Parse through pvgraph's only parser; raises UserError on bad input."""
    document = document_from_bytes(data, name=name, format=rdf_format(fmt),
                                   max_bytes=MAX_DOWNLOAD_BYTES)
    return to_rdflib_graph(parse_document(document, base_iri=name).quads)


def _read_catalogue(http: httpx.Client, url: str, report: HarvestReport,
                    say: Tell) -> rdflib.Graph | None:
    """The catalogue in every accepted format; the first readable one (all pages) is returned."""
    reference: tuple[str, rdflib.Graph] | None = None
    for accept, fmt in formats_to_ask(url):
        say("harvesting.catalogue", accept=accept)
        graph = _read_page(http, url, accept, fmt, report)
        if graph is None:
            continue
        report.formats_ok.append(accept)
        if reference is None:
            reference = (accept, graph)
        elif not isomorphic(reference[1], graph):
            report.add("warning", "catalog-formats-differ", accept=accept, reference=reference[0])
    if reference is None:
        return None
    accept, graph = reference
    fmt = dict(formats_to_ask(url))[accept]
    seen = {url}
    next_page = _next_page(graph)
    while next_page and next_page not in seen and len(seen) < MAX_PAGES:
        seen.add(next_page)
        page = _read_page(http, next_page, accept, fmt, report)
        if page is None:
            break
        graph += page
        next_page = _next_page(page)
    return graph


def formats_to_ask(url: str) -> list[tuple[str, str]]:
    """Every accepted format, or only one when the URL names a static file (``catalog.ttl``)."""
    path = httpx.URL(url).path
    try:
        fmt = rdf_format_for_path(path)
    except UserError:
        return list(HARVEST_FORMATS)
    return [(fmt.media_type, fmt.name)]


def _read_page(http: httpx.Client, url: str, accept: str, fmt: str,
               report: HarvestReport) -> rdflib.Graph | None:
    response = _get(http, url, report, {"Accept": accept})
    if response is None:
        return None
    if response.status_code != 200:
        report.add("error", "catalog-status", accept=accept, status=response.status_code)
        return None
    got = _base_type(response.headers.get("content-type", ""))
    acceptable = {accept, *(rdf_format(fmt).aliases), rdf_format(fmt).media_type}
    if got not in acceptable:
        report.add("error", "catalog-media-type", accept=accept, got=got or "(none)")
        return None
    if got.startswith("text/") and "charset=" not in response.headers.get("content-type", "").lower():
        report.add("warning", "catalog-no-charset", accept=accept, got=got)
    if len(response.content) > MAX_CATALOGUE_BYTES:
        report.add("error", "catalog-too-large", accept=accept, size=len(response.content),
                   limit=MAX_CATALOGUE_BYTES)
        return None
    try:
        return _parse(response.content, str(response.url), fmt)
    except UserError as exc:
        report.add("error", "catalog-parse", accept=accept, detail=exc.message)
        return None


def _next_page(graph: rdflib.Graph) -> str | None:
    for predicate in (HYDRA.next, HYDRA.nextPage):
        for value in graph.objects(None, predicate):
            return str(value)
    return None


def _check_catalogue(http: httpx.Client, graph: rdflib.Graph, url: str, report: HarvestReport,
                     say: Tell) -> None:
    catalogues = set(graph.subjects(rdflib.RDF.type, DCAT.Catalog))
    if not catalogues:
        report.add("error", "no-catalog", url=url)
    datasets = sorted({*graph.subjects(rdflib.RDF.type, DCAT.Dataset),
                       *(d for c in catalogues for d in graph.objects(c, DCAT.dataset))}, key=str)
    report.datasets = len(datasets)
    if not datasets:
        report.add("error", "no-dataset")
    downloaded: dict[str, httpx.Response | None] = {}
    for dataset in datasets:
        subject = str(dataset)
        if graph.value(dataset, DCT.title) is None:
            report.add("error", "dataset-no-title", subject=subject)
        if graph.value(dataset, DCT.description) is None:
            report.add("warning", "dataset-no-description", subject=subject)
        distributions = sorted(graph.objects(dataset, DCAT.distribution), key=str)
        if not distributions:
            report.add("warning", "dataset-no-distribution", subject=subject)
        for distribution in distributions:
            report.distributions += 1
            _check_distribution(http, graph, distribution, report, downloaded, say)


def _check_distribution(http: httpx.Client, graph: rdflib.Graph, node: rdflib.term.Node,
                        report: HarvestReport, downloaded: dict[str, httpx.Response | None],
                        say: Tell) -> None:
    subject = str(node)
    download = graph.value(node, DCAT.downloadURL)
    if graph.value(node, DCAT.accessURL) is None:
        report.add("error", "distribution-no-access-url", subject=subject)
    if graph.value(node, DCT.license) is None:
        report.add("error", "distribution-no-licence", subject=subject)
    media_node = graph.value(node, DCAT.mediaType)
    checksum = graph.value(node, SPDX.checksum)
    size = graph.value(node, DCAT.byteSize)
    for value, code in ((media_node, "distribution-no-media-type"),
                        (checksum, "distribution-no-checksum"), (size, "distribution-no-size")):
        if value is None and download is not None:
            report.add("warning", code, subject=subject)
    if download is None:
        if graph.value(node, DCAT.accessService) is None:  # a service's access point has none
            report.add("error", "distribution-no-download-url", subject=subject)
        return
    url = str(download)
    if url not in downloaded:
        say("harvesting.download", url=url)
        response = _get(http, url, report, {"Accept-Encoding": "identity"})
        if response is not None and response.status_code != 200:
            report.add("error", "download-status", url=url, status=response.status_code)
            response = None
        downloaded[url] = response
    response = downloaded[url]
    if response is None:
        return
    data = response.content
    report.downloads_checked += 1
    if size is not None and str(size) != str(len(data)):
        report.add("error", "size-mismatch", url=url, got=len(data), expected=size)
    if checksum is not None:
        _check_checksum(graph, checksum, url, data, report)
    expected = _media(media_node)
    compress = _media(graph.value(node, DCAT.compressFormat))
    got = _base_type(response.headers.get("content-type", ""))
    allowed = {t for t in (expected, compress) if t}
    if expected and compress is None:
        with contextlib.suppress(UserError):  # not an RDF type: nothing more to allow
            allowed.update(rdf_format(expected).aliases)
    if allowed and got not in allowed:
        report.add("error", "media-type-mismatch", url=url, got=got or "(none)",
                   expected=" / ".join(sorted(allowed)))
    fmt = _rdf_format_name(expected)
    if fmt is not None:
        try:
            _parse(data, url, fmt)
        except UserError as exc:
            report.add("error", "download-parse", url=url, format=fmt, detail=exc.message)


def _check_checksum(graph: rdflib.Graph, checksum: rdflib.term.Node, url: str, data: bytes,
                    report: HarvestReport) -> None:
    algorithm = str(graph.value(checksum, SPDX.algorithm))
    expected = str(graph.value(checksum, SPDX.checksumValue) or "").lower()
    name = CHECKSUM_ALGORITHMS.get(algorithm)
    if name is None:
        report.add("warning", "checksum-algorithm", url=url, algorithm=algorithm)
        return
    got = hashlib.new(name, data).hexdigest()
    if got != expected:
        report.add("error", "checksum-mismatch", url=url, algorithm=name, got=got,
                   expected=expected or "(vide)")


def _media(node: rdflib.term.Node | None) -> str | None:
    """A media type from an IANA IRI (or a plain literal, as some catalogues write it)."""
    if node is None:
        return None
    text = str(node)
    return text[len(IANA):] if text.startswith(IANA) else text.split(";")[0].strip().lower()


def _rdf_format_name(media_type: str | None) -> str | None:
    if not media_type:
        return None
    try:
        return rdf_format(media_type).name
    except UserError:
        return None


def _base_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()
