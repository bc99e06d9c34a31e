"""The harvesters' routes on a live server: negotiation, ETag/304, Range, gzip, harvest check."""

from __future__ import annotations

import gzip
import hashlib

import httpx
import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.publish.harvest import harvest_check

from .conftest import Live

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


def test_harvest_check_passes_against_the_live_server(live: Live) -> None:
    report = harvest_check(f"{live.url}/catalog")
    assert report.ok, report.render("en")
    assert report.formats_ok == FORMATS[1:2] + FORMATS[:1] + FORMATS[2:]
    assert report.datasets == 8
    assert report.downloads_checked == report.distributions > 0


def test_harvest_check_command_exits_zero_and_speaks_french(live: Live) -> None:
    result = CliRunner().invoke(cli, ["harvest-check", "--quiet", f"{live.url}/catalog"])
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
