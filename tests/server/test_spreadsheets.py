"""The spreadsheet front door on a real server: template and schemas at stable addresses,
spreadsheets validated and submitted, the RDF made from them kept and downloadable."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import httpx
import pytest
from frictionless import Schema
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.compare import isomorphic

from pvgraph.tabular.spec import workbook_spec
from pvgraph.tabular.validation import Spreadsheet, convert
from tests.server.conftest import TOKEN, Live, live_server
from tests.tabular.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.live
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("sheets")) as live:
        yield live


def test_template_and_schemas_at_stable_addresses(server: Live) -> None:
    xlsx = httpx.get(f"{server.url}/template.xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"] == XLSX
    assert "Projets" in load_workbook(io.BytesIO(xlsx.content)).sheetnames
    ods = httpx.get(f"{server.url}/template.ods")
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(io.BytesIO(httpx.get(f"{server.url}/template.zip").content)) as archive:
        assert "enonces.csv" in archive.namelist()
    index = httpx.get(f"{server.url}/schemas/").json()["schemas"]
    assert [s["name"] for s in index][:3] == ["organisations", "adhesions", "projets"]
    schema = httpx.get(index[2]["path"])
    assert schema.status_code == 200 and schema.json()["path"] == index[2]["path"]
    Schema.from_descriptor(schema.json())
    assert httpx.get(f"{server.url}/schemas/nope.json").status_code == 404
    assert httpx.get(f"{server.url}/template.doc").status_code == 404


def test_the_pages_link_the_template(server: Live) -> None:
    for page in ("/", "/validate"):
        html = httpx.get(server.url + page).text
        assert 'href="/template.xlsx"' in html and 'href="/template.ods"' in html


def test_validate_a_spreadsheet_report_by_cell(server: Live) -> None:
    data = (FIXTURES / "table-mistakes.libreoffice.ods").read_bytes()
    r = httpx.post(f"{server.url}/validate", files={"file": ("envoi.ods", data)}, timeout=120)
    assert r.status_code == 200
    report = r.json()
    assert report["conforms"] is False
    cells = {(c["cell"]["sheet"], c["cell"]["row"], c["cell"]["column"]) for c in report["results"] if "cell" in c}
    assert ("Organisations", 3, "code_insee") in cells
    page = httpx.post(f"{server.url}/validate?lang=en", files={"file": ("envoi.ods", data)},
                      headers={"Accept": "text/html"}, timeout=120)
    assert 'class="bad"' in page.text and "Sheet Organisations, row 3, column" in page.text


def test_spreadsheet_recognised_by_content_with_no_name(server: Live) -> None:
    data = (FIXTURES / "conforming.xlsx").read_bytes()
    r = httpx.post(f"{server.url}/validate", content=data, headers={"Content-Type": "application/octet-stream"},
                   timeout=120)
    assert r.status_code == 200 and r.json()["conforms"] is True, r.text


def test_submit_a_spreadsheet_keeps_it_and_its_rdf(server: Live) -> None:
    data = (FIXTURES / "conforming.xlsx").read_bytes()
    refused = httpx.post(f"{server.url}/submissions", files={"file": ("bad.xlsx", (FIXTURES / "shape-mistakes.xlsx").read_bytes())},
                         headers=server.auth(), timeout=120)
    assert refused.status_code == 422
    r = httpx.post(f"{server.url}/submissions", files={"file": ("envoi.xlsx", data)}, headers=server.auth(), timeout=120)
    assert r.status_code == 201, r.text
    body = r.json()
    kinds = [(f["name"], f.get("kind")) for f in body["files"]]
    assert kinds == [("envoi.xlsx", "original"), ("envoi.xlsx.ttl", "rdf")]
    assert body["files"][1]["url"].endswith(f"/submissions/{body['id']}/files/1")
    status = httpx.get(r.headers["location"]).json()
    assert [f["url"] for f in status["files"]] == [f["url"] for f in body["files"]]
    original = httpx.get(body["files"][0]["url"])
    assert original.content == data
    rdf = httpx.get(f"{server.url}/submissions/{body['id']}/files/1")
    assert rdf.headers["content-type"].startswith("text/turtle")
    stored = Graph().parse(data=rdf.text, format="turtle")
    assert len(stored) == body["triples"] == server.store.graphs()[body["graph"]]
    made = convert(Spreadsheet("envoi.xlsx", data, "xlsx"), workbook_spec(ROOT), "fr").mapped.graph
    assert isomorphic(stored, made)
    # back to the template, and in again: the same graph
    back = httpx.get(f"{server.url}/submissions/{body['id']}/template.xlsx")
    assert back.status_code == 200
    again = convert(Spreadsheet("back.xlsx", back.content, "xlsx"), workbook_spec(ROOT), "fr").mapped.graph
    assert isomorphic(stored, again)


def test_a_browser_form_submits_with_its_token_field(server: Live) -> None:
    data = (FIXTURES / "conforming.zip").read_bytes()
    r = httpx.post(f"{server.url}/submissions", files={"file": ("envoi.zip", data)},
                   data={"token": TOKEN, "lang": "fr"}, headers={"Accept": "text/html"}, timeout=120)
    assert r.status_code == 201, r.text
    assert "Soumission acceptée" in r.text and "/files/1" in r.text
    wrong = httpx.post(f"{server.url}/submissions", files={"file": ("envoi.zip", data)}, data={"token": "nope"},
                       timeout=120)
    assert wrong.status_code == 403
