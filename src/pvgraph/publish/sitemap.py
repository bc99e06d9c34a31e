"""``sitemap.xml`` for the HTML pages, so that search engines (and dataset search) find them.

Why paged: a sitemap holds at most 50 000 URLs (sitemaps.org); the referential alone has more
things than that, so past that size ``sitemap.xml`` becomes a sitemap index pointing to
``sitemap-1.xml``, ``sitemap-2.xml``… The pages listed are the home page, the named questions,
the ontology and every thing whose IRI is under the public base's ``id/`` (each has an HTML page
at the same path on the server).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape

from pvgraph.namespaces import BASE
from pvgraph.publish.text import StoreText
from pvgraph.store import Store

MAX_URLS = 50_000
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def thing_iris(store: Store, *, public_base: str = BASE, text: StoreText | None = None) -> list[str]:
    """Every IRI under the public base's ``id/`` that is the subject of a triple in a named
    graph, sorted.

    Read from the graphs' N-Triples text (``text`` when the caller already holds it), where a
    line whose subject is such an IRI starts with ``<`` and the prefix: one regular expression
    over the text, in C. A SPARQL DISTINCT with STRSTARTS took minutes on the full graph (a
    million quads), a pass over the quads as Python objects seconds.
    """
    text = text or StoreText(store)
    subject = re.compile(rb"^<(" + re.escape(f"{public_base}id/".encode()) + rb"[^>]*)>", re.M)
    found: set[bytes] = set()
    text.read(text.names())
    for graph in text.names():
        found.update(subject.findall(text.graph(graph)))
    return sorted(iri.decode() for iri in found)


def page_urls(store: Store, base_url: str, *, query_ids: Iterable[str] = (),
              public_base: str = BASE, things: list[str] | None = None,
              dataset_pages: Iterable[str] = ()) -> list[str]:
    """Every HTML page's URL on the server at ``base_url`` (ending with ``/``), sorted.

    ``things`` (from :func:`thing_iris`) may be given to skip the pass over the store;
    ``dataset_pages`` are the datasets' landing pages (full URLs).
    """
    urls = {base_url, f"{base_url}queries", f"{base_url}ontology", *dataset_pages}
    urls.update(f"{base_url}queries/{q}" for q in query_ids)
    if things is None:
        things = thing_iris(store, public_base=public_base)
    urls.update(base_url + iri[len(public_base):] for iri in things)
    return sorted(urls)


def render_urlset(urls: list[str]) -> bytes:
    body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n{body}</urlset>\n').encode()


def render_index(sitemap_urls: list[str]) -> bytes:
    body = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>\n" for u in sitemap_urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{body}'
            "</sitemapindex>\n").encode()


def sitemap_files(urls: list[str], base_url: str, *, max_urls: int = MAX_URLS) -> dict[str, bytes]:
    """``{"sitemap.xml": …}``, plus ``sitemap-N.xml`` pages when there are too many URLs."""
    if len(urls) <= max_urls:
        return {"sitemap.xml": render_urlset(urls)}
    pages = [urls[i:i + max_urls] for i in range(0, len(urls), max_urls)]
    files = {f"sitemap-{n}.xml": render_urlset(page) for n, page in enumerate(pages, start=1)}
    files["sitemap.xml"] = render_index([f"{base_url}{name}" for name in sorted(
        files, key=lambda name: int(name[8:-4]))])
    return files
