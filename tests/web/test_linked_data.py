"""Dereferencing: the graph's IRIs and the ontology, as HTML or RDF by content negotiation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pvgraph.namespaces import ONTOLOGY_GRAPH
from pvgraph.server.app import create_app
from pvgraph.settings import load_settings
from pvgraph.store import EmbeddedStore

from .conftest import ALPHA, BROWSER_ACCEPT
from .htmlcheck import parse_page

HTML = {"accept": BROWSER_ACCEPT}
RDF = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def triples_of(response, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, fmt)]


def test_browsers_get_html_with_french_labels(client):
    response = client.get("/id/example/project/alpha", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = parse_page(response.text)
    assert page.html_lang == "fr"
    assert "Projet Alpha" in page.text and "porté par" in page.text
    assert "Collectivité fictive Un" in page.text
    assert '<link rel="alternate" type="text/turtle"' in response.text  # announced to crawlers


@pytest.mark.parametrize("media", list(RDF))
def test_machines_get_rdf_by_negotiation(client, media):
    response = client.get("/id/example/project/alpha", headers={"accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    triples = triples_of(response, RDF[media])
    assert ox.Triple(ox.NamedNode(ALPHA), LABEL, ox.Literal("Projet Alpha", language="fr")) in triples


def test_every_representation_varies_on_accept_and_announces_the_others(client):
    for headers in (HTML, {"accept": "text/turtle"}):
        response = client.get("/id/example/project/alpha", headers=headers)
        assert "Accept" in [v.strip() for v in response.headers["vary"].split(",")]
        link = response.headers["link"]
        for media in RDF:
            assert f'rel="alternate"; type="{media}"' in link
    page = parse_page(client.get("/id/example/project/alpha", headers=HTML).text)
    assert ("link", "href", "/id/example/project/alpha?format=ttl") in page.urls


def test_format_parameter_and_preferences(client):
    by_param = client.get("/id/example/project/alpha?format=ttl", headers=HTML)
    assert by_param.headers["content-type"].startswith("text/turtle")
    weighted = client.get("/id/example/project/alpha",
                          headers={"accept": "text/html;q=0.5, application/ld+json"})
    assert weighted.headers["content-type"].startswith("application/ld+json")
    assert client.get("/id/example/project/alpha", headers={"accept": "image/png"}).status_code == 406
    assert client.get("/id/example/project/alpha?format=pdf").status_code == 406


def test_literals_holding_markup_are_shown_as_text(client):
    html = client.get("/id/example/project/alpha", headers=HTML).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_unknown_iri_is_a_french_404_page_or_a_json_error(client):
    response = client.get("/id/nothing/here", headers=HTML)
    assert response.status_code == 404
    page = parse_page(response.text)
    assert page.html_lang == "fr" and "Ressource inconnue" in page.text
    assert "https://w3id.org/pvgraph/id/nothing/here" in page.text
    machine = client.get("/id/nothing/here", headers={"accept": "text/turtle"})
    assert machine.status_code == 404
    assert machine.json()["error"] == "not-found"


def test_conditional_get_and_head(client):
    first = client.get("/id/example/project/alpha", headers={"accept": "text/turtle"})
    again = client.get("/id/example/project/alpha",
                       headers={"accept": "text/turtle", "if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    other = client.get("/id/example/project/alpha", headers=HTML)
    assert other.headers["etag"] != first.headers["etag"]  # one ETag per representation
    head = client.head("/id/example/project/alpha", headers=HTML)
    assert head.status_code == 200 and head.content == b""


def test_any_iri_of_the_graph_has_a_page_on_this_server(client, store):
    org = "http://www.w3.org/ns/org#FormalOrganization"
    response = client.get("/resource", params={"iri": org}, headers=HTML)
    assert response.status_code == 200 and "organisation formelle" in response.text
    meta, examples = "https://w3id.org/pvgraph/graph/meta", "https://w3id.org/pvgraph/graph/examples"
    store.update(f"INSERT DATA {{ GRAPH <{meta}> {{ <{examples}> a <http://www.w3.org/ns/prov#Entity> }} }}")
    assert client.get("/graph/examples", headers=HTML).status_code == 200  # a graph described in meta


def test_public_base_is_mapped_onto_the_server(web_root):
    base = "http://data.example.test/pv/"
    store = EmbeddedStore()
    thing = ox.NamedNode(base + "id/example/x")
    store.add_to_graph("http://data.example.test/pv/graph/examples",
                       [ox.Triple(thing, LABEL, ox.Literal("Chose X", language="fr")),
                        ox.Triple(thing, ox.NamedNode(base + "id/example/rel"), ox.NamedNode(base + "id/example/y"))])
    from fastapi.testclient import TestClient

    client = TestClient(create_app(load_settings({"root": web_root, "store": ":memory:",
                                                  "public_base": base}), store=store))
    response = client.get("/id/example/x", headers=HTML)
    assert response.status_code == 200 and "Chose X" in response.text
    assert 'href="/id/example/y"' in response.text


def test_ontology_documentation_in_french_and_english(client):
    fr = client.get("/ontology", headers=HTML)
    page = parse_page(fr.text)
    assert page.html_lang == "fr"
    assert "Ontologie d'essai" in page.text
    assert "projet numérique" in page.text and "Un projet qui passe par le numérique." in page.text
    assert "A project that goes through digital means." in page.text  # both languages shown
    assert {"DigitalProject", "ledBy", "population", "ValueScheme", "ParticipationValue"} <= page.ids
    en = parse_page(client.get("/ontology?lang=en", headers=HTML).text)
    assert en.html_lang == "en" and "Test ontology" in en.text and "Class hierarchy" in en.text


@pytest.mark.parametrize("media", list(RDF))
def test_ontology_rdf_by_negotiation(client, store, media):
    response = client.get("/ontology", headers={"accept": media})
    assert response.status_code == 200
    assert "Accept" in response.headers["vary"]
    expected = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(str(ONTOLOGY_GRAPH))}
    assert set(triples_of(response, RDF[media])) == expected


def test_iris_beyond_ascii_are_served_with_ascii_headers(web_root):
    from fastapi.testclient import TestClient

    store = EmbeddedStore()
    thing = ox.NamedNode("https://w3id.org/pvgraph/id/example/œuvre-中")
    store.add_to_graph("https://w3id.org/pvgraph/graph/examples",
                       [ox.Triple(thing, LABEL, ox.Literal("Œuvre", language="fr"))])
    client = TestClient(create_app(load_settings({"root": web_root, "store": ":memory:"}), store=store))
    for accept in (BROWSER_ACCEPT, "text/turtle"):
        response = client.get("/id/example/%C5%93uvre-%E4%B8%AD", headers={"accept": accept})
        assert response.status_code == 200
        assert "/id/example/%C5%93uvre-%E4%B8%AD?format=ttl" in response.headers["link"]
    missing = client.get("/id/example/nothing", headers={"accept": "text/turtle"})
    assert missing.status_code == 404 and "Accept" in missing.headers["vary"]


def test_ontology_terms_lead_to_what_the_graph_says_of_them(client):
    page = parse_page(client.get("/ontology", headers=HTML).text)
    href = "/resource?iri=https%3A%2F%2Fw3id.org%2Fpvgraph%2Fontology%23DigitalProject"
    assert ("a", "href", href) in page.urls
    things = parse_page(client.get(href, headers=HTML).text)
    assert "Projet Alpha" in things.text and "Projet Bêta" in things.text  # its instances
