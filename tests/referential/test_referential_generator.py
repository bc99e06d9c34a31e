"""The generator, on a committed slice of the package (tests/referential/fixtures/package).

The slice holds four EPCI (CC de Petite-Terre in Mayotte, CC Poher Communauté across two
départements, CA Saint-Brieuc Armor Agglomération and the Métropole de Lyon) with their member
communes, the island commune Île-de-Bréhat, a commune déléguée, an arrondissement municipal and a
commune of a collectivité d'outre-mer, copied unchanged from @etalab/decoupage-administratif 6.0.0.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.errors import InputError
from pvgraph.namespaces import PV, REFERENTIAL_GRAPH
from pvgraph.referential import (
    MAYOTTE_POPULATION_YEAR,
    POPULATION_YEAR,
    Package,
    known_commune_codes,
    known_sirens,
    organisation_iri,
    referential_lines,
    siren_is_valid,
    territory_iri,
    write_ntriples_gz,
)
from pvgraph.store import EmbeddedStore

from .conftest import FIXTURE_PACKAGE, index_file


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory: pytest.TempPathFactory, fixture_package: Package) -> Path:
    path = tmp_path_factory.mktemp("ref") / "slice.nt.gz"
    write_ntriples_gz(referential_lines(fixture_package), path)
    return path


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt.gz", tmp_path / "b.nt.gz"
    write_ntriples_gz(referential_lines(Package.read(FIXTURE_PACKAGE)), first)
    write_ntriples_gz(referential_lines(Package.read(FIXTURE_PACKAGE)), second)
    assert first.read_bytes() == second.read_bytes()
    lines = gzip.decompress(first.read_bytes()).decode().splitlines()
    assert lines == sorted(set(lines))


def test_output_is_valid_ntriples(fixture_file: Path) -> None:
    text = gzip.decompress(fixture_file.read_bytes())
    assert len(list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))) == text.count(b"\n")


def test_scope_keeps_actual_communes_of_metropole_and_drom(fixture_package: Package, fixture_file: Path) -> None:
    index = index_file(fixture_file)
    communes = {t.rsplit("/", 1)[1] for t in index.subjects_of_type(str(PV.CommuneTerritory))}
    expected = {c["code"] for c in fixture_package.communes
                if c["type"] == "commune-actuelle" and c["zone"] in ("metro", "drom")}
    left_out = {c["code"] for c in fixture_package.communes} - expected
    assert communes == expected
    assert left_out and not left_out & communes  # COM commune, commune déléguée, arrondissement


def test_epci_kinds_and_memberships(fixture_package: Package, fixture_file: Path) -> None:
    index = index_file(fixture_file)
    for epci in fixture_package.epci:
        org = organisation_iri(epci["code"])
        expected = {"CC": "CommunauteDeCommunes", "CA": "CommunauteDAgglomeration",
                    "MET69": "LocalAuthority"}[epci["type"]]
        assert index.types[org] == {str(PV[expected])}
        members = {s for s, o in index.by_predicate["http://www.w3.org/ns/org#memberOf"] if o == org}
        assert members == {organisation_iri(m["siren"]) for m in epci["membres"]}
        within = {s for s, o in index.by_predicate[str(PV.withinTerritory)]
                  if o == territory_iri("epci", epci["code"])}
        assert within == {territory_iri("commune", m["code"]) for m in epci["membres"]}


def test_population_year_follows_the_source(fixture_package: Package, fixture_file: Path) -> None:
    index = index_file(fixture_file)
    years = dict(index.by_predicate[str(PV.populationYear)])
    for commune in fixture_package.kept_communes():
        expected = MAYOTTE_POPULATION_YEAR if commune["departement"] == "976" else POPULATION_YEAR
        assert years[territory_iri("commune", commune["code"])] == str(expected)


def test_known_codes_read_the_referential_graph(fixture_package: Package, fixture_file: Path) -> None:
    store = EmbeddedStore()
    with gzip.open(fixture_file, "rb") as fh:
        store.replace_graph(str(REFERENTIAL_GRAPH), ox.parse(fh, format=ox.RdfFormat.N_TRIPLES))
    codes = known_commune_codes(store)
    assert codes == {c["code"] for c in fixture_package.kept_communes()}
    assert "97501" not in codes  # a COM commune is not in the referential
    sirens = known_sirens(store)
    assert {e["code"] for e in fixture_package.epci} <= sirens
    empty = EmbeddedStore()
    assert known_commune_codes(empty) == frozenset()


def test_siren_check_digit_rejects_a_changed_digit(fixture_package: Package) -> None:
    siren = fixture_package.epci[0]["code"]
    assert siren_is_valid(siren)
    for position in range(9):
        changed = siren[:position] + str((int(siren[position]) + 1) % 10) + siren[position + 1:]
        assert not siren_is_valid(changed)
    assert not siren_is_valid("12345678")
    assert not siren_is_valid("12345678a")


def test_missing_package_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"communes\.json"):
        Package.read(tmp_path)
