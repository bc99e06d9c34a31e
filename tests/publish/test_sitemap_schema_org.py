"""sitemap.xml (paged past the limit) and the home page's schema.org Dataset markup."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import rdflib

from pvgraph.publish.parts import LICENCE_OUVERTE
from pvgraph.publish.schema_org import dataset_jsonld
from pvgraph.publish.sitemap import NS, page_urls, sitemap_files
from pvgraph.store import EmbeddedStore

BASE_URL = "http://127.0.0.1:9/"


def _locs(data: bytes) -> list[str]:
    return [e.text or "" for e in ET.fromstring(data).iter(f"{{{NS}}}loc")]


def test_sitemap_lists_home_questions_and_every_thing(store: EmbeddedStore) -> None:
    urls = page_urls(store, BASE_URL, query_ids=["q1"])
    assert {BASE_URL, BASE_URL + "queries", BASE_URL + "queries/q1",
            BASE_URL + "id/project/case-a", BASE_URL + "id/territory/commune/99002"} <= set(urls)
    assert all(u.startswith(BASE_URL) for u in urls)
    files = sitemap_files(urls, BASE_URL)
    assert list(files) == ["sitemap.xml"]
    assert _locs(files["sitemap.xml"]) == urls


def test_sitemap_becomes_an_index_past_the_limit(store: EmbeddedStore) -> None:
    urls = page_urls(store, BASE_URL)
    files = sitemap_files(urls, BASE_URL, max_urls=3)
    pages = -(-len(urls) // 3)
    assert set(files) == {"sitemap.xml", *(f"sitemap-{n}.xml" for n in range(1, pages + 1))}
    assert ET.fromstring(files["sitemap.xml"]).tag == f"{{{NS}}}sitemapindex"
    assert _locs(files["sitemap.xml"]) == [f"{BASE_URL}sitemap-{n}.xml" for n in range(1, pages + 1)]
    listed = [u for n in range(1, pages + 1) for u in _locs(files[f"sitemap-{n}.xml"])]
    assert listed == urls


def test_schema_org_dataset_is_json_ld_with_licence_and_parts(store: EmbeddedStore) -> None:
    body = dataset_jsonld(store, BASE_URL)
    assert body["@type"] == "Dataset" and body["license"] == LICENCE_OUVERTE
    assert body["dateModified"]
    keys = {part["@id"].rsplit("/", 1)[-1] for part in body["hasPart"]}
    assert {"ontology", "study", "referential", "examples", "inferred"} <= keys
    # It is JSON-LD: with the schema.org context inlined, it parses to triples.
    local = dict(body, **{"@context": {"@vocab": "https://schema.org/"}})
    graph = rdflib.Graph().parse(data=json.dumps(local), format="json-ld")
    licences = {str(o) for o in graph.objects(None, rdflib.URIRef("https://schema.org/license"))}
    assert LICENCE_OUVERTE in licences
