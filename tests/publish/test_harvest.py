"""The harvest check finds what a portal would reject, and says it in French (or English)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.formats import negotiate, rdf_format
from pvgraph.publish.catalog import build_catalog
from pvgraph.publish.dumps import write_dumps
from pvgraph.publish.harvest import harvest_check
from pvgraph.publish.rdf import serialise
from pvgraph.store import EmbeddedStore

from .conftest import make_store, static_site

BASE = "http://portal-test.invalid/"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
OFFERED = ["text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples",
           "application/trig"]

Tamper = Callable[[list[ox.Triple]], list[ox.Triple]]


def _mock(tmp_path: Path, store: EmbeddedStore, tamper: Tamper = lambda t: t,
          content_types: dict[str, str] | None = None) -> httpx.Client:
    """A portal's view of a site serving this store's catalogue (tampered) and dumps."""
    manifest = write_dumps(store, tmp_path)
    triples = tamper(build_catalog(store, manifest, BASE))

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/catalog":
            media = negotiate(request.headers.get("accept"), [*OFFERED, "text/n3"])
            fmt = rdf_format("turtle" if media == "text/n3" else media)
            return httpx.Response(200, content=serialise(triples, fmt),
                                  headers={"Content-Type": _with_charset(media)})
        name = path.removeprefix("/dumps/")
        dump = manifest.get(name)
        if dump is None:
            return httpx.Response(404)
        media = (content_types or {}).get(name, dump.http_media_type)
        return httpx.Response(200, content=(tmp_path / name).read_bytes(),
                              headers={"Content-Type": media})

    return httpx.Client(transport=httpx.MockTransport(handler))


def _with_charset(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


def _without(predicate: str, count: int = 1) -> Tamper:
    def tamper(triples: list[ox.Triple]) -> list[ox.Triple]:
        hits = [t for t in triples if t.predicate.value == predicate][:count]
        return [t for t in triples if t not in hits]
    return tamper


def test_a_clean_catalogue_passes(tmp_path: Path, store: EmbeddedStore) -> None:
    report = harvest_check(BASE + "catalog", harvesters=[], client=_mock(tmp_path, store))
    assert report.ok, report.render("en")
    assert report.findings == []
    assert len(report.formats_ok) == 6
    assert "pvgraph's own checks only" in report.render("en")


def test_a_text_catalogue_without_charset_is_a_warning(tmp_path: Path, store: EmbeddedStore) -> None:
    """Served as text/turtle with no charset, udata reads ISO-8859-1: accents come out garbled."""
    manifest = write_dumps(store, tmp_path)
    data = serialise(build_catalog(store, manifest, BASE), "turtle")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=data, headers={"Content-Type": "text/turtle"})

    report = harvest_check(BASE + "catalog.ttl", harvesters=[],
                           client=httpx.Client(transport=httpx.MockTransport(handler)))
    assert "catalog-no-charset" in {f.code for f in report.warnings}


def test_a_distribution_without_licence_is_reported_in_french(tmp_path: Path, store: EmbeddedStore) -> None:
    report = harvest_check(BASE + "catalog", harvesters=[],
                           client=_mock(tmp_path, store, _without(DCT + "license", count=1000)))
    assert not report.ok
    codes = {f.code for f in report.errors}
    assert codes == {"distribution-no-licence"}
    text = report.render("fr")
    assert "ERREUR" in text and "n'a pas de dct:license" in text
    assert "un portail en refuserait une partie" in text
    assert "has no dct:license" in report.render("en")


def test_a_distribution_without_download_url_is_reported(tmp_path: Path, store: EmbeddedStore) -> None:
    report = harvest_check(BASE + "catalog", harvesters=[],
                           client=_mock(tmp_path, store, _without(DCAT + "downloadURL")))
    assert [f.code for f in report.errors] == ["distribution-no-download-url"]


def test_a_wrong_checksum_and_a_wrong_size_are_reported(tmp_path: Path, store: EmbeddedStore) -> None:
    def tamper(triples: list[ox.Triple]) -> list[ox.Triple]:
        out = []
        for t in triples:
            if t.predicate.value == "http://spdx.org/rdf/terms#checksumValue" and "ontology" in t.subject.value \
                    and t.subject.value.endswith(".ttl#sha256"):
                t = ox.Triple(t.subject, t.predicate, ox.Literal("00" * 32, datatype=t.object.datatype))
            if t.predicate.value == DCAT + "byteSize" and "ontology" in t.subject.value \
                    and t.subject.value.endswith(".jsonld"):
                t = ox.Triple(t.subject, t.predicate, ox.Literal("1", datatype=t.object.datatype))
            out.append(t)
        return out

    report = harvest_check(BASE + "catalog", harvesters=[], client=_mock(tmp_path, store, tamper))
    assert sorted(f.code for f in report.errors) == ["checksum-mismatch", "size-mismatch"]
    assert "la somme sha256" in report.render("fr")


def test_a_wrong_media_type_is_reported(tmp_path: Path, store: EmbeddedStore) -> None:
    manifest = write_dumps(store, tmp_path / "probe")
    name = next(f.name for f in manifest.files if f.name.endswith(".jsonld"))
    report = harvest_check(BASE + "catalog", harvesters=[],
                           client=_mock(tmp_path, store, content_types={name: "text/html"}))
    assert [f.code for f in report.errors] == ["media-type-mismatch"]


def test_an_unreachable_catalogue_is_an_error(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    report = harvest_check(BASE + "catalog", harvesters=[], client=httpx.Client(transport=httpx.MockTransport(refuse)))
    assert not report.ok
    assert {f.code for f in report.errors} == {"unreachable"}
    assert "ne répond pas" in report.render("fr")


def test_the_progress_is_told_in_the_chosen_language() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    said: dict[str | None, list[str]] = {None: [], "en": []}
    for lang, lines in said.items():
        harvest_check(BASE + "catalog", harvesters=[], progress=lines.append, lang=lang,
                      client=httpx.Client(transport=httpx.MockTransport(refuse)))
    assert said[None][0].startswith("catalogue : Accept ")  # French unless English is asked
    assert said["en"][0].startswith("catalogue: Accept ")


@pytest.mark.live
def test_publish_then_harvest_a_static_site_and_catch_a_tampered_dump(tmp_path: Path) -> None:
    make_store(tmp_path / "store").close()
    site = tmp_path / "site"
    runner = CliRunner()
    with static_site(site) as url:
        site.mkdir()
        result = runner.invoke(cli, ["publish", str(site), "--store", str(tmp_path / "store"),
                                     "--base-url", url])
        assert result.exit_code == 0, result.output
        ok = runner.invoke(cli, ["harvest-check", "--quiet", "--no-portals", url + "catalog.ttl"])
        assert ok.exit_code == 0, ok.output
        victim = next((site / "dumps").glob("pvgraph-study-*.ttl"))
        victim.write_bytes(victim.read_bytes().replace(b"organisation A", b"organisation B"))
        broken = runner.invoke(cli, ["harvest-check", "--quiet", "--no-portals", url + "catalog.ttl"])
        english = runner.invoke(cli, ["harvest-check", "--quiet", "--no-portals", "--lang", "en",
                                      url + "catalog.ttl"])
    assert broken.exit_code == 1
    assert "ERREUR" in broken.output and "la somme sha256" in broken.output
    assert victim.name in broken.output
    assert english.exit_code == 1 and "checksum of" in english.output


def test_hydra_pages_are_followed_and_merged(tmp_path: Path, store: EmbeddedStore) -> None:
    """Page 1 lacks one dataset's description; page 2 (hydra:next) holds it."""
    manifest = write_dumps(store, tmp_path)
    triples = build_catalog(store, manifest, BASE)
    study = "https://w3id.org/pvgraph/id/dataset/study"
    second = [t for t in triples if t.subject.value == study]
    hydra_next = ox.Triple(ox.NamedNode(BASE + "catalog"),
                           ox.NamedNode("http://www.w3.org/ns/hydra/core#next"),
                           ox.NamedNode(BASE + "catalog?page=2"))
    first = [t for t in triples if t.subject.value != study] + [hydra_next]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/catalog":
            page = second if request.url.params.get("page") == "2" else first
            media = negotiate(request.headers.get("accept"), [*OFFERED, "text/n3"])
            fmt = rdf_format("turtle" if media == "text/n3" else media)
            return httpx.Response(200, content=serialise(page, fmt),
                                  headers={"Content-Type": _with_charset(media)})
        dump = manifest.get(request.url.path.removeprefix("/dumps/"))
        assert dump is not None
        return httpx.Response(200, content=(tmp_path / dump.name).read_bytes(),
                              headers={"Content-Type": dump.http_media_type})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    report = harvest_check(BASE + "catalog", harvesters=[], client=client)
    assert report.ok, report.render("en")
    assert report.downloads_checked == len(manifest.files)
