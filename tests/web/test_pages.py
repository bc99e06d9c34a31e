"""The front door's pages: home, editor (plain form), validator form, error pages, accessibility."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ALPHA, BROWSER_ACCEPT
from .htmlcheck import is_external, parse_page

HTML = {"accept": BROWSER_ACCEPT}
PAGES = ["/", "/?lang=en", "/editor", "/validate", "/ontology", "/ontology?lang=en",
         "/id/example/project/alpha", "/id/example/authority/one?lang=en",
         "/resource?iri=http%3A%2F%2Fwww.w3.org%2Fns%2Forg%23FormalOrganization"]


def test_home_is_french_by_default_with_counts_from_the_store(client, store):
    response = client.get("/", headers=HTML)
    assert response.status_code == 200
    page = parse_page(response.text)
    assert page.html_lang == "fr"
    assert "Ce que contient le graphe" in page.text
    total = sum(store.graphs().values())
    assert f"{total:,}".replace(",", "\u202f") in page.text
    assert "Accept-Language" in response.headers["vary"]
    # every part of the site is one click away
    hrefs = {value for _, attr, value in page.urls if attr == "href"}
    assert {"/editor", "/queries", "/ontology", "/validate", "/catalog", "/dumps/"} <= hrefs


def test_home_in_english_by_parameter_or_header(client):
    assert parse_page(client.get("/?lang=en", headers=HTML).text).html_lang == "en"
    by_header = client.get("/", headers={**HTML, "accept-language": "en-GB,en;q=0.9,fr;q=0.5"})
    page = parse_page(by_header.text)
    assert page.html_lang == "en" and "What the graph holds" in page.text
    french_first = client.get("/", headers={**HTML, "accept-language": "fr-FR,en;q=0.8"})
    assert parse_page(french_first.text).html_lang == "fr"


def test_a_chosen_language_follows_the_links(client):
    page = parse_page(client.get("/?lang=en", headers=HTML).text)
    hrefs = {value for _, attr, value in page.urls if attr == "href"}
    assert "/editor?lang=en" in hrefs
    switch = parse_page(client.get("/editor?lang=en", headers=HTML).text)
    assert "/editor?lang=fr" in {v for _, a, v in switch.urls if a == "href"}


def test_home_embeds_a_schema_org_dataset(client, store):
    page = parse_page(client.get("/", headers=HTML).text)
    blocks = [json.loads(s) for s in page.scripts if s.strip().startswith("{")]
    datasets = [b for b in blocks if b.get("@type") == "Dataset"]
    assert len(datasets) == 1
    assert datasets[0]["license"] and datasets[0]["inLanguage"] == ["fr", "en"]
    assert datasets[0]["url"] == "http://testserver/"  # the server's own address
    # the markup is JSON inside <script>: nothing in it may close the element early
    assert "</" not in next(s for s in page.scripts if '"Dataset"' in s)


def test_home_answers_304_to_a_current_copy(client):
    first = client.get("/", headers=HTML)
    again = client.get("/", headers={**HTML, "if-none-match": first.headers["etag"]})
    assert again.status_code == 304


def test_editor_offers_the_named_questions_and_a_plain_form(client):
    response = client.get("/editor", headers=HTML)
    page = parse_page(response.text)
    assert "Quels projets sont portés par quelle collectivité ?" in page.text
    assert ("a", "href", "/editor?question=projects-and-leaders") in page.urls
    assert ("script", "src", "/-/static/vendor/yasgui/yasgui-4.6.2.min.js") in page.urls
    examples = json.loads(next(s for s in page.scripts if s.strip().startswith("[")))
    assert [e["id"] for e in examples] == ["projects-and-leaders"]
    assert "SELECT ?projet" in examples[0]["query"]
    assert ("form", "action", "/editor") in page.urls
    assert "query" in page.label_for


def test_the_plain_form_runs_a_named_question_without_javascript(running_client):
    response = running_client.get("/editor?question=projects-and-leaders", headers=HTML)
    assert response.status_code == 200
    table = response.text[response.text.index('<table id="results">'):]
    rows = re.findall(r"<tr>", table.split("</table>")[0])
    assert len(rows) == 1 + 2  # the header, then Projet Alpha and Projet Bêta
    assert "Projet Alpha" in table and "Projet Bêta" in table
    assert 'href="/id/example/authority/one"' in table  # results link to the server's own pages
    # the link reads as a compact name (the graph's prefixes), its title keeps the full IRI
    assert 'title="https://w3id.org/pvgraph/id/example/authority/one">ex:authority/one</a>' in table


def test_the_plain_form_escapes_results_and_shows_errors(running_client):
    query = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    response = running_client.get("/editor", params={"query": query}, headers=HTML)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    broken = running_client.get("/editor", params={"query": "SELECT ?x WHERE {"}, headers=HTML)
    assert broken.status_code == 400
    assert "La requête n’a pas abouti." in broken.text


def test_unknown_named_question_is_a_404_page(client):
    response = client.get("/editor?question=nope", headers=HTML)
    assert response.status_code == 404
    assert "nope" in response.text


def test_validate_form_posts_a_file_to_validate(client):
    page = parse_page(client.get("/validate", headers=HTML).text)
    assert ("form", "action", "/validate") in page.urls
    html = client.get("/validate", headers=HTML).text
    assert 'method="post"' in html and 'enctype="multipart/form-data"' in html
    files = [f for f in page.fields if f.get("type") == "file"]
    assert len(files) == 1 and files[0]["name"] == "file" and files[0]["id"] in page.label_for


def test_static_files_are_served_here(client):
    assert client.get("/-/static/pvgraph.css").status_code == 200
    js = client.get("/-/static/vendor/yasgui/yasgui-4.6.2.min.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    assert client.get("/-/static/editor.js").status_code == 200


def test_unknown_address_gives_browsers_a_french_page_and_programs_json(client):
    page = client.get("/nothing/here", headers=HTML)
    assert page.status_code == 404 and "Page introuvable" in page.text
    assert client.get("/nothing/here", headers={"accept": "*/*"}).headers["content-type"].startswith(
        "application/json")


@pytest.mark.parametrize("path", [*PAGES, "/queries", "/-/docs"])
def test_no_page_fetches_or_links_to_another_host(client, path):
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    external = [u for u in parse_page(response.text).urls if is_external(u[2])]
    assert external == []


def test_the_api_docs_load_swagger_ui_from_this_server(client):
    """FastAPI's own page loads Swagger UI from a CDN: pvgraph serves its pinned copy."""
    page = client.get("/-/docs")
    assert "cdn." not in page.text and "validator.swagger.io" not in page.text
    urls = [u[2] for u in parse_page(page.text).urls]
    assets = [u for u in urls if u.startswith("/-/static/vendor/swagger-ui/")]
    assert len(assets) == 2
    for url in [*assets, "/-/openapi.json"]:
        response = client.get(url)
        assert response.status_code == 200 and len(response.content) > 10_000, url


@pytest.mark.parametrize("path", [*PAGES, "/id/nothing", "/nothing/here"])
def test_accessibility_basics(client, path):
    """Landmarks, a skip link, a lang attribute, one h1, a label for every form field."""
    response = client.get(path, headers=HTML)
    page = parse_page(response.text)
    assert page.html_lang in ("fr", "en")
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in page.tags, landmark
    assert page.tags.count("main") == 1 and page.tags.count("h1") == 1
    assert ("a", "href", "#contenu") in page.urls and "contenu" in page.ids
    assert len(page.id_list) == len(page.ids), "an id is used twice"
    for form_field in page.fields:
        assert form_field.get("id") in page.label_for or form_field.get("aria-label"), form_field
    # every in-page link points at something that exists
    for _, attr, value in page.urls:
        if attr == "href" and value.startswith("#") and len(value) > 1:
            assert value[1:] in page.ids, value


def test_resource_pages_link_back_to_the_server(client):
    page = parse_page(client.get("/id/example/project/alpha", headers=HTML).text)
    hrefs = {v for _, a, v in page.urls if a == "href"}
    assert "/id/example/authority/one" in hrefs
    assert "/ontology#PoliticalValue" in hrefs  # ontology terms resolve to their documentation
    assert ALPHA not in hrefs


def test_home_counts_things_by_class_per_graph_and_follows_writes(client, store):
    import pyoxigraph as ox

    page = parse_page(client.get("/", headers=HTML).text)
    assert "Exemples fictifs" in page.text
    assert re.search(r"projet numérique\s*2\b", page.text)
    assert re.search(r"collectivité\s*1\b", page.text)
    extra = ox.NamedNode("https://w3id.org/pvgraph/id/example/authority/two")
    store.add_to_graph("https://w3id.org/pvgraph/graph/examples", [ox.Triple(
        extra, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/pvgraph/ontology#Authority"))])
    page = parse_page(client.get("/", headers=HTML).text)
    assert re.search(r"collectivité\s*2\b", page.text)  # a new store version, new counts
