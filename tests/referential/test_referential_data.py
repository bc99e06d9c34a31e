"""The committed national referential (data/referential/) against its own rules and its source."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from pvgraph.namespaces import ID, ORG, PV
from pvgraph.referential import Package, siren_is_valid
from pvgraph.settings import PROJECT_ROOT

from .conftest import Index

TERRITORY_CLASSES = {
    "communes": "CommuneTerritory",
    "epci": "EPCITerritory",
    "departements": "DepartementTerritory",
    "regions": "RegionTerritory",
}


def _counts_in_rdf(index: Index) -> dict[str, int]:
    counts = {key: len(index.subjects_of_type(str(PV[cls]))) for key, cls in TERRITORY_CLASSES.items()}
    counts["memberships"] = len(index.by_predicate[str(ORG.memberOf)])
    counts["triples"] = index.triples
    return counts


def test_every_siren_passes_its_check_digit(referential: Index) -> None:
    sirens = [siren for _, siren in referential.by_predicate[str(PV.siren)]]
    assert len(sirens) > 36_000  # every commune and every EPCI carries one
    bad = [s for s in sirens if not siren_is_valid(s)]
    assert bad == [], f"SIRENs failing the Luhn check: {bad[:10]}"
    assert len(set(sirens)) == len(sirens), "two organisations share a SIREN"


def test_every_commune_belongs_to_at_most_one_epci(referential: Index, recorded_counts: dict) -> None:
    """At most one EPCI per commune; the communes in none are the island communes the package
    leaves out of every EPCI (Île-de-Bréhat 22016, Île-de-Sein 29083, Ouessant 29155 and
    L'Île-d'Yeu 85113 in the 2026 vintage, as recorded in counts.json at generation)."""
    per_commune = Counter(s for s, _ in referential.by_predicate[str(ORG.memberOf)])
    assert max(per_commune.values()) == 1, [s for s, n in per_commune.items() if n > 1][:10]
    communes = referential.subjects_of_type(str(PV.Commune))
    code_of = {}
    governs = dict(referential.by_predicate[str(PV.governs)])
    for organisation in communes:
        code_of[organisation] = governs[organisation].rsplit("/", 1)[1]
    without = sorted(code_of[o] for o in communes if o not in per_commune)
    assert without == recorded_counts["communes_without_epci_codes"]
    assert len(without) == recorded_counts["communes_without_epci"]


def test_counts_match_those_recorded_at_generation(referential: Index, recorded_counts: dict) -> None:
    counts = _counts_in_rdf(referential)
    assert counts == {key: recorded_counts[key] for key in counts}


def test_counts_match_the_package(referential: Index, package_data: Path) -> None:
    package = Package.read(package_data)
    expected = package.counts()
    counts = _counts_in_rdf(referential)
    assert {key: counts[key] for key in TERRITORY_CLASSES} == {key: expected[key] for key in TERRITORY_CLASSES}
    assert counts["memberships"] == expected["memberships"]
    epci_kinds = Counter(e["type"] for e in package.epci)
    organisation_kinds = Counter()
    for cls in ("CommunauteDeCommunes", "CommunauteDAgglomeration", "CommunauteUrbaine", "Metropole"):
        organisation_kinds[cls] = len(referential.subjects_of_type(str(PV[cls])))
    assert organisation_kinds == Counter({
        "CommunauteDeCommunes": epci_kinds["CC"], "CommunauteDAgglomeration": epci_kinds["CA"],
        "CommunauteUrbaine": epci_kinds["CU"], "Metropole": epci_kinds["METRO"],
    })


def test_organisations_and_territories_are_apart(referential: Index) -> None:
    """Codes sit on territories, SIRENs on organisations, and each organisation governs one."""
    territories = set().union(*(referential.subjects_of_type(str(PV[c])) for c in TERRITORY_CLASSES.values()))
    with_code = {s for s, _ in referential.by_predicate[str(PV.inseeCode)]}
    with_siren = {s for s, _ in referential.by_predicate[str(PV.siren)]}
    assert with_code == territories
    assert not with_siren & territories
    assert all(s.startswith(f"{ID}organisation/") for s in with_siren)
    assert all(o.startswith(f"{ID}territory/") for _, o in referential.by_predicate[str(PV.governs)])


def test_every_commune_is_within_its_departement_and_region(referential: Index) -> None:
    within: dict[str, set[str]] = {}
    for s, o in referential.by_predicate[str(PV.withinTerritory)]:
        within.setdefault(s, set()).add(o.split("/")[-2])
    communes = referential.subjects_of_type(str(PV.CommuneTerritory))
    assert all({"departement", "region"} <= within.get(c, set()) for c in communes)


def test_every_legal_category_used_is_defined(referential: Index) -> None:
    """The concepts the referential points to exist in the ontology or in the referential."""
    defined = set(referential.subjects_of_type(str(PV.LegalCategory)))
    for path in sorted((PROJECT_ROOT / "ontology").glob("*.ttl")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if quad.predicate.value.endswith("#type") and quad.object == ox.NamedNode(str(PV.LegalCategory)):
                defined.add(quad.subject.value)
    used = {o for _, o in referential.by_predicate[str(PV.legalCategory)]}
    assert used <= defined, sorted(used - defined)
