"""The harvesters' routes on a live server: negotiation, ETag/304, Range, gzip, harvest check."""

from __future__ import annotations

import gzip
import hashlib

import httpx
import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.publish.harvest import harvest_check
from pvgraph.publish.portals import CKAN, UDATA

from .conftest import Live, require_harvester

pytestmark = pytest.mark.live

FORMATS = ["text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples",
           "application/trig", "text/n3"]


def _client(live: Live) -> httpx.Client:
    return httpx.Client(base_url=live.url, timeout=60)


@pytest.mark.parametrize("accept", FORMATS)
def test_catalogue_is_negotiated(live: Live, accept: str) -> None:
    with _client(live) as client:
        response = client.get("/catalog", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert b"http://www.w3.org/ns/dcat#" in response.content or b"dcat:" in response.content
    assert "Accept" in response.headers["vary"]


def test_catalogue_refuses_what_it_cannot_produce(live: Live) -> None:
    with _client(live) as client:
        response = client.get("/catalog", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.json()["error"] == "not-acceptable"


def test_conditional_get_on_catalogue_void_and_dumps(live: Live) -> None:
    with _client(live) as client:
        name = client.get("/dumps/", headers={"Accept": "application/json"}).json()["files"][0]["name"]
        for path in ("/catalog", "/.well-known/void", f"/dumps/{name}", "/sitemap.xml", "/dumps/"):
            first = client.get(path)
            assert first.status_code == 200, path
            assert first.headers["cache-control"].startswith("public, max-age=")
            etag, modified = first.headers["etag"], first.headers["last-modified"]
            again = client.get(path, headers={"If-None-Match": etag})
            assert again.status_code == 304, path
            assert again.content == b""
            assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304, path


def test_dump_bytes_match_the_catalogue_and_ranges_work(live: Live) -> None:
    with _client(live) as client:
        files = client.get("/dumps/", headers={"Accept": "application/json"}).json()["files"]
        for entry in files:
            response = client.get(f"/dumps/{entry['name']}", headers={"Accept-Encoding": "identity"})
            assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
            assert len(response.content) == entry["byte_size"]
        name = files[0]["name"]
        full = client.get(f"/dumps/{name}", headers={"Accept-Encoding": "identity"}).content
        part = client.get(f"/dumps/{name}", headers={"Range": "bytes=10-29"})
    assert part.status_code == 206
    assert part.content == full[10:30]
    assert part.headers["content-range"] == f"bytes 10-29/{len(full)}"


def test_uncompressed_dumps_are_gzip_encoded_when_accepted(live: Live) -> None:
    with _client(live) as client:
        files = client.get("/dumps/", headers={"Accept": "application/json"}).json()["files"]
        entry = next(f for f in files if f["name"].endswith(".ttl"))
        plain = client.get(f"/dumps/{entry['name']}", headers={"Accept-Encoding": "identity"})
        with client.stream("GET", f"/dumps/{entry['name']}", headers={"Accept-Encoding": "gzip"}) as encoded:
            raw = b"".join(encoded.iter_raw())
            headers = encoded.headers
    assert "content-encoding" not in plain.headers
    assert headers["content-encoding"] == "gzip"
    assert headers["etag"] != plain.headers["etag"]
    assert gzip.decompress(raw) == plain.content


def test_unknown_dump_is_404_in_the_json_error_shape(live: Live) -> None:
    with _client(live) as client:
        response = client.get("/dumps/nope.ttl", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["error"] == "not-found"


def test_void_and_sitemap_use_the_servers_address(live: Live) -> None:
    with _client(live) as client:
        void = client.get("/.well-known/void", headers={"Accept": "application/n-triples"}).text
        sitemap = client.get("/sitemap.xml").text
    assert f"<{live.url}/sparql>" in void
    assert f"<loc>{live.url}/id/project/case-a</loc>" in sitemap
    assert f"<loc>{live.url}/datasets/referential</loc>" in sitemap


def test_harvest_check_passes_against_the_live_server(live: Live) -> None:
    """The data.gouv.fr profile: pvgraph's checks, then udata and ckanext-dcat themselves."""
    require_harvester(UDATA)
    require_harvester(CKAN)
    report = harvest_check(f"{live.url}/catalog?profile=datagouv")
    assert report.ok, report.render("en")
    assert report.formats_ok == FORMATS[1:2] + FORMATS[:1] + FORMATS[2:]
    assert report.datasets == 8
    assert report.downloads_checked == report.distributions > 0
    runs = {run.harvester.split()[0]: run for run in report.harvests}
    assert runs["udata"].datasets_accepted == runs["udata"].datasets == 8
    assert runs["udata"].services_accepted == runs["udata"].services == 1
    assert [r.datasets_accepted for r in report.harvests if r.harvester.startswith("ckanext")] == [8, 8]
    assert "udata 17.18.0 : accepte 8/8 jeux de données, 1/1 services de données" in report.render("fr")


def test_harvest_check_says_which_harvester_refuses_the_strict_catalogue(live: Live) -> None:
    require_harvester(UDATA)
    report = harvest_check(f"{live.url}/catalog", harvesters=[UDATA])
    assert not report.ok
    refused = [f for f in report.errors if f.code == "harvester-refused"]
    assert len(refused) == 8
    assert all(dict(f.params)["harvester"].startswith("udata ") for f in refused)
    assert "?profile=datagouv" in report.render("fr")
    assert "refuses" in report.render("en")


def test_harvest_check_command_exits_zero_and_speaks_french(live: Live) -> None:
    result = CliRunner().invoke(cli, ["harvest-check", "--quiet", f"{live.url}/catalog?profile=datagouv"])
    assert result.exit_code == 0, result.output
    assert "un portail le moissonnerait" in result.output


def test_browsers_get_a_french_page_listing_every_file(live: Live) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    with _client(live) as client:
        files = client.get("/dumps/", headers={"Accept": "application/json"}).json()["files"]
        page = client.get("/catalog", headers={"Accept": browser})
        english = client.get("/catalog?lang=en", headers={"Accept": browser})
        listing = client.get("/dumps/", headers={"Accept": browser})
        again = client.get("/catalog", headers={"Accept": browser, "If-None-Match": page.headers["etag"]})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Catalogue des données" in page.text and "Data catalogue" in english.text
    assert page.headers["etag"] != english.headers["etag"]
    assert again.status_code == 304
    for entry in files:
        assert f'href="/dumps/{entry["name"]}"' in page.text
        assert entry["sha256"] in listing.text


def test_head_requests_answer_headers_only(live: Live) -> None:
    with _client(live) as client:
        name = client.get("/dumps/", headers={"Accept": "application/json"}).json()["files"][0]
        for path in ("/catalog", f"/dumps/{name['name']}"):
            get = client.get(path, headers={"Accept-Encoding": "identity"})
            head = client.head(path, headers={"Accept-Encoding": "identity"})
            assert head.status_code == 200, path
            assert head.content == b""
            assert head.headers["etag"] == get.headers["etag"]
        assert int(head.headers["content-length"]) == name["byte_size"]


def test_profiles_are_negotiated_by_header_query_and_file_name(live: Live) -> None:
    strict = "https://semiceu.github.io/DCAT-AP/releases/3.0.1/"
    datagouv = "https://w3id.org/pvgraph/profile/datagouv"
    with _client(live) as client:
        default = client.get("/catalog", headers={"Accept": "text/turtle"})
        by_header = client.get("/catalog", headers={"Accept": "text/turtle",
                                                    "Accept-Profile": f"<{datagouv}>;q=0.9, <urn:x>"})
        by_query = client.get("/catalog.ttl?profile=datagouv")
        by_name = client.get("/catalog-datagouv.ttl")
        head = client.head("/catalog-datagouv.ttl")
        unknown_header = client.get("/catalog.ttl", headers={"Accept-Profile": "<urn:unknown>"})
        unknown_query = client.get("/catalog.ttl?profile=nope", headers={"Accept": "application/json"})
    assert default.headers["content-profile"] == f"<{strict}>"
    assert "^^xsd:hexBinary" in default.text
    for answer in (by_header, by_query, by_name):
        assert answer.status_code == 200
        assert answer.headers["content-profile"] == f"<{datagouv}>"
        assert "hexBinary" not in answer.text and "spdx:checksumValue" in answer.text
        assert "Accept-Profile" in answer.headers["vary"]
    assert head.headers["content-type"].startswith("text/turtle")
    assert f'<{datagouv}>; rel="profile"' in by_name.headers["link"]
    assert f'profile="{strict}"' in by_name.headers["link"]
    ckan_link = next(link for link in by_name.headers["link"].split(", ")
                     if 'profile="https://w3id.org/pvgraph/profile/ckan"' in link
                     and 'type="text/turtle"' in link)
    with _client(live) as client:
        followed = client.get(ckan_link[1:ckan_link.index(">")])
    assert followed.headers["content-profile"] == "<https://w3id.org/pvgraph/profile/ckan>"
    assert followed.headers["content-type"].startswith("text/turtle")
    assert unknown_header.headers["content-profile"] == f"<{strict}>"
    assert unknown_query.status_code == 404 and "datagouv" in unknown_query.json()["hint"]
