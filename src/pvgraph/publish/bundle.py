"""``pvgraph publish``: dumps, catalogue, VoID and sitemap written into one directory.

Why one function: the command line and the server publish the same things; the server keeps
the dumps in a cache directory per store version (:mod:`pvgraph.publish.cache`) and builds the
descriptions per request, the command writes everything at once for a static host. Layout::

    OUTDIR/dumps/pvgraph-….nq.gz …  manifest.json
    OUTDIR/catalog.ttl  catalog.rdf  catalog.jsonld  catalog.nt       (strict DCAT-AP 3, default)
    OUTDIR/catalog-datagouv.ttl …  catalog-ckan.ttl …                 (the other profiles)
    OUTDIR/datasets/{key}.html                                         (each dataset's landing page)
    OUTDIR/void.ttl
    OUTDIR/sitemap.xml  (and sitemap-N.xml past 50 000 pages)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pvgraph import messages
from pvgraph.errors import NotFoundError
from pvgraph.formats import rdf_format
from pvgraph.namespaces import BASE
from pvgraph.publish.catalog import build_catalog, dataset_iri, landing_pages
from pvgraph.publish.dataset_page import DatasetPage, dataset_page, published_parts
from pvgraph.publish.dumps import Manifest, write_dumps
from pvgraph.publish.profiles import DEFAULT, PROFILES, Profile
from pvgraph.publish.rdf import serialise
from pvgraph.publish.sitemap import page_urls, sitemap_files, thing_iris
from pvgraph.publish.stats import statistics_aside
from pvgraph.publish.text import StoreText
from pvgraph.publish.void import build_void
from pvgraph.queries import NamedQuery, load_queries
from pvgraph.store import Store

Progress = Callable[[str], None]
PageRenderer = Callable[[DatasetPage], bytes]
CATALOGUE_FILES = {"turtle": "catalog.ttl", "rdfxml": "catalog.rdf", "jsonld": "catalog.jsonld",
                   "ntriples": "catalog.nt"}


def catalogue_file(fmt: str, profile: Profile = DEFAULT) -> str:
    """``catalog.ttl`` for the default profile, ``catalog-datagouv.ttl`` for another one (the
    server answers the same names)."""
    name = CATALOGUE_FILES[fmt]
    return name if profile == DEFAULT else name.replace("catalog.", f"catalog-{profile.token}.")


@dataclass
class PublishReport:
    outdir: Path
    manifest: Manifest
    written: list[str] = field(default_factory=list)

    def summary(self, lang: str | None = None) -> str:
        """The closing summary, in ``lang`` (by the one rule: French unless English is asked)."""
        lines = [messages.text("publishing.summary", lang, dumps=len(self.manifest.files),
                               descriptions=len(self.written), outdir=self.outdir)]
        lines += [messages.text("publishing.summary-file", lang, name=f.name, size=f.byte_size, triples=f.triples)
                  for f in self.manifest.files]
        lines += [f"  {name}" for name in self.written]
        return "\n".join(lines)


def named_queries(root: Path) -> list[NamedQuery]:
    """The named questions to describe (none yet is not an error when publishing)."""
    try:
        return list(load_queries(root / "ontology" / "queries").values())
    except NotFoundError:
        return []


def normalise_base_url(url: str) -> str:
    """Base URLs end with exactly one ``/`` so that ``base + "dumps/x"`` is right."""
    return url.rstrip("/") + "/"


def publish(
    store: Store,
    outdir: Path,
    base_url: str,
    *,
    queries: list[NamedQuery] | None = None,
    public_base: str = BASE,
    progress: Progress | None = None,
    render_page: PageRenderer | None = None,
    lang: str | None = None,
) -> PublishReport:
    """Write every published file of ``store`` into ``outdir``; the datasets' landing pages
    too when given how to render them (HTML is the shells' business, not the core's).
    ``progress`` is told each step in ``lang`` (French unless English is asked)."""
    say = progress or (lambda _m: None)
    base_url = normalise_base_url(base_url)
    questions = queries or []
    counts = statistics_aside(store)  # for VoID, counted while the dumps are written
    text = StoreText(store)  # each graph read once, for the dumps and the sitemap
    manifest = write_dumps(store, outdir / "dumps", progress=say, text=text, lang=lang)
    report = PublishReport(outdir=outdir, manifest=manifest)
    pages = landing_pages(base_url, ".html")
    for profile in PROFILES:
        catalogue = build_catalog(store, manifest, base_url, queries=questions,
                                  public_base=public_base, profile=profile, landing_page=pages)
        for fmt in CATALOGUE_FILES:
            name = catalogue_file(fmt, profile)
            (outdir / name).write_bytes(serialise(catalogue, rdf_format(fmt)))
            report.written.append(name)
        say(messages.text("publishing.catalogue", lang, profile=profile.token, triples=len(catalogue)))
    if render_page is not None:
        (outdir / "datasets").mkdir(exist_ok=True)
        for current in published_parts(manifest):
            page = dataset_page(current, manifest, base_url, queries=questions,
                                dataset_iri=dataset_iri(current.key, public_base))
            name = f"datasets/{current.key}.html"
            (outdir / name).write_bytes(render_page(page))
            report.written.append(name)
        say(messages.text("publishing.pages", lang))
    void = build_void(counts(), manifest, base_url, public_base=public_base)
    (outdir / "void.ttl").write_bytes(serialise(void, rdf_format("turtle")))
    report.written.append("void.ttl")
    say(messages.text("publishing.void", lang, triples=len(void)))
    urls = page_urls(store, base_url, query_ids=[q.id for q in questions], public_base=public_base,
                     things=thing_iris(store, public_base=public_base, text=text),
                     dataset_pages=[pages(p.key) for p in published_parts(manifest)]
                     if render_page is not None else ())
    for name, data in sitemap_files(urls, base_url).items():
        (outdir / name).write_bytes(data)
        report.written.append(name)
    say(messages.text("publishing.sitemap", lang, pages=len(urls)))
    return report
