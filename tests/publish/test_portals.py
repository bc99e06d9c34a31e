"""data.gouv.fr's and CKAN's own harvesters, run on the catalogue the live server serves and on
the one `pvgraph publish` writes: every dataset and the SPARQL service accepted, with what a
portal shows of them (title, description, licence, coverage, keywords, publisher, contact,
frequency; every file's URL, format, media type, size and checksum).

The harvesters run in their own environments (scripts/install-harvesters.sh, which `make test`
runs), through the drivers in src/pvgraph/publish/harvesters/ (:mod:`pvgraph.publish.portals`).
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.publish.catalog import dataset_iri, service_iri
from pvgraph.publish.parts import PARTS, WHOLE, Part
from pvgraph.publish.portals import CKAN, UDATA, harvest
from pvgraph.server import catalog as catalog_routes

from .conftest import Live, live_server, make_store, require_harvester, static_site

pytestmark = [pytest.mark.live, pytest.mark.slow]

ALL_PARTS: tuple[Part, ...] = (WHOLE, *PARTS)
UDATA_FREQUENCY = {"IRREG": "irregular", "ANNUAL": "annual"}
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
CKAN_FORMATS = {"text/turtle": "Turtle", "application/n-triples": "N-Triples",
                "application/ld+json": "JSON-LD", "application/n-quads": "N-Quads",
                "application/trig": "TriG"}
UDATA_FORMATS = {"text/turtle": "rdf_turtle", "application/n-triples": "rdf_n_triples",
                 "application/ld+json": "json_ld", "application/n-quads": "rdf_n_quads",
                 "application/trig": "rdf_trig"}
TOKEN = "harvest-test-token"


def _dumps(base: str) -> list[dict[str, Any]]:
    return httpx.get(f"{base}/dumps/", headers={"Accept": "application/json"}, timeout=60).json()["files"]


def _by_id(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in view["datasets"]}


def _assert_portal_shows(view: dict[str, Any], dumps: list[dict[str, Any]], dump_base: str,
                         landing: str, *, licence: str, formats: dict[str, str],
                         frequency: dict[str, str], checksum_algorithm: str) -> None:
    """Every dataset accepted, with everything a portal page shows; every dump a resource."""
    refused = [(d["id"], d["errors"]) for d in view["datasets"] if not d["accepted"]]
    assert refused == []
    datasets = _by_id(view)
    assert set(datasets) == {dataset_iri(p.key) for p in ALL_PARTS}
    for current in ALL_PARTS:
        shown = datasets[dataset_iri(current.key)]
        assert shown["title"] == current.title_fr
        assert shown["description"] == current.description_fr
        assert shown["license"] == licence
        assert shown["frequency"] == frequency[current.frequency]
        if current.temporal:
            assert shown["temporal"] == {"start": current.temporal[0], "end": current.temporal[1]}
        assert shown["spatial"]["type"] == "MultiPolygon"
        assert len(shown["spatial"]["coordinates"]) == 6  # metropolitan France + 5 overseas
        assert len(shown["keywords"]) >= len(current.keywords_fr)
        assert shown["publisher"] == "Projet pvgraph"
        assert shown["contact"]["name"] == "pvgraph"
        assert shown["landing_page"] == landing.format(key=current.key)
        files = {r["url"]: r for r in shown["resources"]}
        mine = [d for d in dumps if d["dataset"] == current.key]
        assert mine
        for dump in mine:
            resource = files[f"{dump_base}{dump['name']}"]
            assert resource["format"] == formats[dump["media_type"]]
            assert resource["mime"] == dump["media_type"]
            assert int(resource["size"]) == dump["byte_size"]
            assert resource["checksum"] == {"algorithm": checksum_algorithm, "value": dump["sha256"]}


def _assert_service(view: dict[str, Any], endpoint: str) -> None:
    services = {s["id"]: s for s in view["services"]}
    assert set(services) == {service_iri()}
    service = services[service_iri()]
    assert service["accepted"], service["errors"]
    assert service["endpoint"] == endpoint
    assert service["title"] == "pvgraph — point d'accès SPARQL"
    assert set(service["datasets"]) == {dataset_iri(p.key) for p in ALL_PARTS}


def test_data_gouv_fr_harvests_every_dataset_and_the_sparql_service(live: Live) -> None:
    require_harvester(UDATA)
    [view] = harvest(UDATA, f"{live.url}/catalog?profile=datagouv")
    assert view["status"] == "done", view
    _assert_portal_shows(view, _dumps(live.url), f"{live.url}/dumps/", live.url + "/datasets/{key}",
                         licence="lov2", formats=UDATA_FORMATS, frequency=UDATA_FREQUENCY,
                         checksum_algorithm="sha256")
    _assert_service(view, f"{live.url}/sparql")


def test_data_gouv_fr_refuses_the_strict_profile_only_for_the_hexbinary_checksums(live: Live) -> None:
    """Why the datagouv profile exists (docs/publishing.md): on the strict DCAT-AP catalogue
    udata fails every dataset on its checksums, and skips the service reached through the
    distributions. When udata is fixed upstream this test fails: drop the workaround then."""
    require_harvester(UDATA)
    [view] = harvest(UDATA, f"{live.url}/catalog")
    assert len(view["datasets"]) == len(ALL_PARTS)
    for dataset in view["datasets"]:
        assert not dataset["accepted"]
        assert all("checksum.value" in e and "StringField" in e for e in dataset["errors"]), dataset
    assert view["services"] == []


def test_ckan_parses_every_dataset_with_both_dcat_ap_profiles(live: Live) -> None:
    require_harvester(CKAN)
    views = harvest(CKAN, f"{live.url}/catalog?profile=ckan")
    assert [v["profile"] for v in views] == ["euro_dcat_ap_3", "euro_dcat_ap_2"]
    dumps = _dumps(live.url)
    for view in views:
        _assert_portal_shows(view, dumps, f"{live.url}/dumps/", live.url + "/datasets/{key}",
                             licence="etalab-2.0", formats=CKAN_FORMATS,
                             frequency={k: EU_FREQUENCY + k for k in UDATA_FREQUENCY},
                             checksum_algorithm="http://spdx.org/rdf/terms#checksumAlgorithm_sha256")
        _assert_service(view, f"{live.url}/sparql")
        for dataset in view["datasets"]:
            sparql = [r for r in dataset["resources"] if r["format"] == "SPARQL"]
            assert [r["url"] for r in sparql] == [f"{live.url}/sparql"]
            assert sparql[0]["access_services"] == [service_iri()]


def test_ckan_also_accepts_the_strict_catalogue(live: Live) -> None:
    require_harvester(CKAN)
    for view in harvest(CKAN, f"{live.url}/catalog.rdf"):
        assert all(d["accepted"] for d in view["datasets"])
        assert len(view["datasets"]) == len(ALL_PARTS)
        assert all(d["license"] == "etalab-2.0" for d in view["datasets"])


def test_landing_pages_describe_the_dataset_its_files_and_sparql(live: Live) -> None:
    files = _dumps(live.url)
    with httpx.Client(base_url=live.url, timeout=60) as client:
        for current in ALL_PARTS:
            page = client.get(f"/datasets/{current.key}")
            assert page.status_code == 200, current.key
            assert page.headers["content-type"].startswith("text/html")
            assert current.title_fr in html.unescape(page.text)
            for dump in files:
                if dump["dataset"] == current.key:
                    assert dump["name"] in page.text and dump["sha256"] in page.text
            assert "SELECT ?class" in page.text and "/editor?query=" in page.text
            assert current.graphs[0] in page.text
        english = client.get("/datasets/study?lang=en")
        missing = client.get("/datasets/nope", headers={"Accept": "application/json"})
    assert "pvgraph — study data" in english.text
    assert missing.status_code == 404 and missing.json()["error"] == "not-found"


def test_the_published_directory_is_harvested_by_both_portals(tmp_path: Path) -> None:
    require_harvester(UDATA)
    require_harvester(CKAN)
    make_store(tmp_path / "store").close()
    site = tmp_path / "site"
    site.mkdir()
    with static_site(site) as url:
        done = CliRunner().invoke(cli, ["publish", str(site), "--store", str(tmp_path / "store"),
                                        "--base-url", url])
        assert done.exit_code == 0, done.output
        dumps = [{"name": f["name"], "dataset": f["part"], "media_type": f["dump_kind_media_type"],
                  "byte_size": f["byte_size"], "sha256": f["sha256"]}
                 for f in _manifest_files(site)]
        [udata] = harvest(UDATA, f"{url}catalog-datagouv.ttl")
        ckan = harvest(CKAN, f"{url}catalog-ckan.ttl")
        page = httpx.get(f"{url}datasets/referential.html")
    _assert_portal_shows(udata, dumps, f"{url}dumps/", url + "datasets/{key}.html",
                         licence="lov2", formats=UDATA_FORMATS, frequency=UDATA_FREQUENCY,
                         checksum_algorithm="sha256")
    _assert_service(udata, f"{url}sparql")
    for view in ckan:
        assert all(d["accepted"] for d in view["datasets"]) and len(view["datasets"]) == len(ALL_PARTS)
        _assert_service(view, f"{url}sparql")
    assert page.status_code == 200 and "pvgraph — référentiel territorial" in page.text


def _manifest_files(site: Path) -> list[dict[str, Any]]:
    from pvgraph.publish.dumps import read_manifest

    manifest = read_manifest(site / "dumps")
    assert manifest is not None
    return [{"name": f.name, "part": f.part, "dump_kind_media_type": f.dump_kind.media_type,
             "byte_size": f.byte_size, "sha256": f.sha256} for f in manifest.files]


def test_a_harvest_while_the_data_change_never_gets_a_503(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A write through the live server starts a new publication; meanwhile both portals harvest
    and every route they use answers 200 (the last complete version), never 503; then the new
    version is served. The routes are told not to wait at all, so that any 503 would show."""
    require_harvester(UDATA)
    require_harvester(CKAN)
    with live_server(tmp_path, update_token=TOKEN) as running, \
            httpx.Client(base_url=running.url, timeout=120) as client:
        assert client.get("/catalog").status_code == 200  # the first version, complete
        before = {f["dataset"]: f["name"] for f in _dumps(running.url)}
        monkeypatch.setattr(catalog_routes, "WAIT_SECONDS", 0.0)
        update = client.post("/sparql", headers={"Authorization": f"Bearer {TOKEN}"}, data={
            "update": "INSERT DATA { GRAPH <https://w3id.org/pvgraph/graph/examples> { "
                      "<https://w3id.org/pvgraph/id/example/harvest> "
                      "<http://www.w3.org/2000/01/rdf-schema#label> \"pendant la moisson\"@fr } }"})
        assert update.status_code == 204, update.text
        statuses: list[tuple[str, int]] = []
        [udata] = harvest(UDATA, f"{running.url}/catalog?profile=datagouv")
        ckan = harvest(CKAN, f"{running.url}/catalog?profile=ckan")
        deadline = time.monotonic() + 120
        while True:
            for path in ("/catalog", "/catalog?profile=datagouv", "/dumps/", "/.well-known/void",
                         "/sitemap.xml", "/datasets/examples"):
                statuses.append((path, client.get(path).status_code))
            listing = client.get("/dumps/", headers={"Accept": "application/json"}).json()["files"]
            for entry in listing:
                statuses.append((entry["name"], client.get(f"/dumps/{entry['name']}").status_code))
            after = {f["dataset"]: f["name"] for f in listing}
            if after["examples"] != before["examples"] or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert [s for s in statuses if s[1] != 200] == []
    assert after["examples"] != before["examples"]  # the new version did arrive
    assert after["study"] == before["study"]
    assert all(d["accepted"] for d in udata["datasets"]) and len(udata["datasets"]) == len(ALL_PARTS)
    assert all(s["accepted"] for s in udata["services"])
    for view in ckan:
        assert all(d["accepted"] for d in view["datasets"]) and len(view["datasets"]) == len(ALL_PARTS)
