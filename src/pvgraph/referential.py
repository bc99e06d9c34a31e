"""The national territorial referential: every French commune, EPCI, département and région.

Why a module of its own: the referential is the one piece of real-world data every submission is
checked against, so its RDF must be reproducible byte for byte from a pinned source (the npm
package ``@etalab/decoupage-administratif`` 6.0.0, 2026 vintage: INSEE COG, DGCL epcicom 2026,
INSEE populations de référence 2023) and the build must never need the network. This module turns
the package's JSON into sorted N-Triples (``scripts/build_referential.py`` writes them, gzipped,
under ``data/referential/``) and answers "does this code exist?" for the validation.

Modelling choices (docs/conventions.md is the contract; data/referential/SOURCE.md repeats these):

- Scope: the package's ``commune-actuelle`` rows of metropolitan France and the DROM (34 875).
  The 94 communes of the collectivités d'outre-mer (zone ``com``) have no SIREN in the package and
  are left out; so are communes déléguées/associées and arrondissements municipaux (they are not
  local authorities with their own SIREN).
- An organisation (legal person, SIREN) is never its territory (COG object, INSEE code): the
  organisation ``pv:governs`` the territory.
- EPCI: CC/CA/CU/METRO become pv:CommunauteDeCommunes/…/pv:Metropole. The Métropole de Lyon
  (package type MET69) is a collectivité à statut particulier (INSEE legal category 7229), not an
  EPCI: it is typed pv:LocalAuthority, while its territory is still a pv:EPCITerritory (INSEE's
  igeo:Intercommunalite covers "EPCI ou Métropole") whose communes are its members, as in the
  DGCL list the package follows.
- Membership: ``org:memberOf`` from the commune's organisation to the EPCI's (the shortcut the
  conventions name; no org:Membership nodes, which would triple the size for no information the
  package holds), and ``pv:withinTerritory`` from the commune's territory to the EPCI's.
- Every commune territory is ``pv:withinTerritory`` its département's and its région's territory;
  every département territory is within its région's.
- Départements and régions have no SIREN in the package: their organisations get
  ``id/organisation/departement/{code}`` and ``id/organisation/region/{code}``. Where the
  département or région is not governed by a collectivité of that kind (Corse, Martinique,
  Guyane, Paris, Alsace, Mayotte: collectivités à statut particulier or uniques that the package
  does not describe) no organisation is minted rather than a false one.
- Population: the package's ``population`` is the INSEE *population municipale* of the
  populations de référence 2023 (in force on 1 January 2026); for Mayotte the package uses the
  2017 census, and ``pv:populationYear`` says so.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph.errors import InputError, Location, error
from pvgraph.namespaces import ID, ORG, PV, RDF, RDFS, REFERENTIAL_GRAPH, SKOS, XSD

if TYPE_CHECKING:
    from pvgraph.store import Store

PACKAGE_NAME = "@etalab/decoupage-administratif"
PACKAGE_VERSION = "6.0.0"
VINTAGE = 2026
POPULATION_YEAR = 2023
MAYOTTE_DEPARTEMENT = "976"
MAYOTTE_POPULATION_YEAR = 2017
ATTRIBUTION = f"Source : INSEE, DGCL — via {PACKAGE_NAME} {PACKAGE_VERSION}"
LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
SOURCE_IRI = f"{ID}source/decoupage-administratif-{PACKAGE_VERSION}"
FILES = ("communes.json", "epci.json", "departements.json", "regions.json")

# Zones of the package kept in the referential (see the module docstring for why not "com").
ZONES = ("metro", "drom")

# Départements and régions whose collectivité is not a plain département/région (statut
# particulier or collectivité unique): no pv:Departement / pv:Region organisation is minted.
DEPARTEMENTS_WITHOUT_DEPARTEMENTAL_AUTHORITY = frozenset({"2A", "2B", "67", "68", "75", "972", "973", "976"})
REGIONS_WITHOUT_REGIONAL_AUTHORITY = frozenset({"02", "03", "06", "94"})

# INSEE "catégorie juridique" (level III) concepts the referential needs but the ontology does not
# define (ontology/territories.ttl defines pv:LegalCategory7210, 7220, 7230, 7343, 7344, 7346,
# 7348…): code → (label fr, label en). Defining a concept twice would give it two skos:prefLabel.
EXTRA_LEGAL_CATEGORIES: dict[str, tuple[str, str]] = {
    "7229": ("(autre) collectivité territoriale", "(other) territorial authority"),
}

# Package EPCI type → (organisation class, legal category).
EPCI_KINDS: dict[str, tuple[str, str]] = {
    "CC": ("CommunauteDeCommunes", "7346"),
    "CA": ("CommunauteDAgglomeration", "7348"),
    "CU": ("CommunauteUrbaine", "7343"),
    "METRO": ("Metropole", "7344"),
    "MET69": ("LocalAuthority", "7229"),
}

KNOWN_COMMUNES_QUERY = f"""\
PREFIX pv: <{PV}>
SELECT ?code WHERE {{
  GRAPH <{REFERENTIAL_GRAPH}> {{ ?territory a pv:CommuneTerritory ; pv:inseeCode ?code }}
}}"""
"""The SPARQL pattern validation can inline: a commune territory with ``pv:inseeCode`` in the
referential graph (SHACL-SPARQL constraints may use the GRAPH block as it is)."""

KNOWN_SIRENS_QUERY = f"""\
PREFIX pv: <{PV}>
SELECT ?siren WHERE {{ GRAPH <{REFERENTIAL_GRAPH}> {{ ?organisation pv:siren ?siren }} }}"""


def territory_iri(kind: str, code: str) -> str:
    """``id/territory/{commune|epci|departement|region}/{code}`` (docs/conventions.md)."""
    return f"{ID}territory/{kind}/{code}"


def organisation_iri(siren: str) -> str:
    """``id/organisation/{siren}``: an organisation is named by its SIREN when it has one."""
    return f"{ID}organisation/{siren}"


def legal_category_iri(code: str) -> str:
    """The skos:Concept of an INSEE legal category, in pv:LegalCategoryScheme."""
    return f"{PV}LegalCategory{code}"


def siren_is_valid(siren: str) -> bool:
    """Nine digits whose Luhn sum is a multiple of ten (INSEE's SIREN check digit)."""
    if len(siren) != 9 or not siren.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(siren)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0



def fetch_package(cache: Path) -> Path:
    """The package's ``data/`` folder under ``cache``, fetched with ``npm pack`` when absent.

    The only function of pvgraph that reaches a registry: the generator script and the tests that
    compare the committed RDF with the package call it; ``pvgraph build`` never does.
    """
    data = cache / "package" / "data"
    if (data / "communes.json").is_file():
        return data
    cache.mkdir(parents=True, exist_ok=True)
    print(f"npm pack {PACKAGE_NAME}@{PACKAGE_VERSION} → {cache}", file=sys.stderr)
    out = subprocess.run(["npm", "pack", f"{PACKAGE_NAME}@{PACKAGE_VERSION}"], cwd=cache,
                         check=True, capture_output=True, text=True).stdout.split()[-1]
    with tarfile.open(cache / out) as tar:
        tar.extractall(cache, filter="data")
    return data

@dataclass(frozen=True)
class Package:
    """The four JSON files of the npm package, as read (lists of dicts)."""

    communes: list[dict[str, Any]]
    epci: list[dict[str, Any]]
    departements: list[dict[str, Any]]
    regions: list[dict[str, Any]]

    @classmethod
    def read(cls, data_dir: Path | str) -> Package:
        """Read ``data/*.json`` of an unpacked package (or of a fixture slice of it)."""
        data_dir = Path(data_dir)
        loaded: dict[str, list[dict[str, Any]]] = {}
        for name in FILES:
            path = data_dir / name
            try:
                loaded[name.removesuffix(".json")] = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise error(InputError, "referential.missing-file", name=name, directory=data_dir, package=PACKAGE_NAME, version=PACKAGE_VERSION, location=Location(str(path))) from None
            except json.JSONDecodeError as exc:
                raise error(InputError, "referential.bad-json", name=name, reason=exc.msg, location=Location(str(path), exc.lineno, exc.colno)) from None
        return cls(**loaded)

    def kept_communes(self) -> list[dict[str, Any]]:
        """The actual communes of metropolitan France and the DROM."""
        return [c for c in self.communes if c["type"] == "commune-actuelle" and c.get("zone") in ZONES]

    def kept_departements(self) -> list[dict[str, Any]]:
        return [d for d in self.departements if d.get("zone") in ZONES]

    def kept_regions(self) -> list[dict[str, Any]]:
        return [r for r in self.regions if r.get("zone") in ZONES]

    def communes_without_epci(self) -> list[str]:
        """INSEE codes of the kept communes that no EPCI lists as a member (sorted)."""
        members = {m["code"] for e in self.epci for m in e["membres"]}
        return sorted(c["code"] for c in self.kept_communes() if c["code"] not in members)

    def counts(self) -> dict[str, int]:
        """What the RDF must hold, counted on the package itself (recorded in counts.json)."""
        communes = self.kept_communes()
        return {
            "communes": len(communes),
            "epci": len(self.epci),
            "departements": len(self.kept_departements()),
            "regions": len(self.kept_regions()),
            "memberships": sum(len(e["membres"]) for e in self.epci),
            "communes_without_epci": len(self.communes_without_epci()),
        }


def _iri(value: object) -> ox.NamedNode:
    return value if isinstance(value, ox.NamedNode) else ox.NamedNode(str(value))


def _text(value: str) -> ox.Literal:
    return ox.Literal(value, language="fr")


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _typed(value: int | str, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


A = _iri(RDF.type)
LABEL = _iri(RDFS.label)


class _Writer:
    """Collects triples as N-Triples lines; a set, because sorting makes the order."""

    def __init__(self) -> None:
        self.lines: set[str] = set()

    def add(self, subject: str, predicate: Any, obj: ox.NamedNode | ox.Literal) -> None:
        self.lines.add(f"{_iri(subject)} {_iri(predicate)} {obj} .")


def _population(writer: _Writer, territory: str, population: int | None, departement: str) -> None:
    if population is None:
        return
    year = MAYOTTE_POPULATION_YEAR if departement == MAYOTTE_DEPARTEMENT else POPULATION_YEAR
    writer.add(territory, PV.population, _typed(population, str(XSD.nonNegativeInteger)))
    writer.add(territory, PV.populationYear, _typed(year, str(XSD.gYear)))


def _organisation(writer: _Writer, iri: str, cls: str, label: str, category: str, territory: str,
                  siren: str | None) -> None:
    writer.add(iri, A, _iri(PV[cls]))
    writer.add(iri, LABEL, _text(label))
    writer.add(iri, PV.legalCategory, _iri(legal_category_iri(category)))
    writer.add(iri, PV.governs, _iri(territory))
    if siren is not None:
        writer.add(iri, PV.siren, _string(siren))


def _territory(writer: _Writer, iri: str, cls: str, label: str, code: str) -> None:
    writer.add(iri, A, _iri(PV[cls]))
    writer.add(iri, LABEL, _text(label))
    writer.add(iri, PV.inseeCode, _string(code))


def _legal_categories(writer: _Writer) -> None:
    scheme = str(PV.LegalCategoryScheme)
    for code, (fr, en) in EXTRA_LEGAL_CATEGORIES.items():
        iri = legal_category_iri(code)
        writer.add(iri, A, _iri(PV.LegalCategory))
        writer.add(iri, SKOS.inScheme, _iri(scheme))
        writer.add(iri, SKOS.notation, _string(code))
        writer.add(iri, SKOS.prefLabel, _text(fr))
        writer.add(iri, SKOS.prefLabel, ox.Literal(en, language="en"))


def _source(writer: _Writer) -> None:
    dct = str(ns.DCTERMS)
    writer.add(SOURCE_IRI, A, _iri(dct + "BibliographicResource"))
    writer.add(SOURCE_IRI, _iri(dct + "title"), _string(f"{PACKAGE_NAME} {PACKAGE_VERSION}"))
    writer.add(SOURCE_IRI, _iri(dct + "license"), _iri(LICENCE))
    writer.add(SOURCE_IRI, _iri(dct + "bibliographicCitation"), _text(ATTRIBUTION))
    writer.add(SOURCE_IRI, _iri(dct + "temporal"), _typed(VINTAGE, str(XSD.gYear)))


def referential_lines(package: Package) -> list[str]:
    """Every triple of the referential as an N-Triples line, sorted and without duplicates."""
    w = _Writer()
    _source(w)
    _legal_categories(w)
    for region in package.kept_regions():
        code = region["code"]
        territory = territory_iri("region", code)
        _territory(w, territory, "RegionTerritory", region["nom"], code)
        if code not in REGIONS_WITHOUT_REGIONAL_AUTHORITY:
            _organisation(w, f"{ID}organisation/region/{code}", "Region", region["nom"], "7230",
                          territory, None)
    for dep in package.kept_departements():
        code = dep["code"]
        territory = territory_iri("departement", code)
        _territory(w, territory, "DepartementTerritory", dep["nom"], code)
        w.add(territory, PV.withinTerritory, _iri(territory_iri("region", dep["region"])))
        if code not in DEPARTEMENTS_WITHOUT_DEPARTEMENTAL_AUTHORITY:
            _organisation(w, f"{ID}organisation/departement/{code}", "Departement", dep["nom"],
                          "7220", territory, None)
    epci_of: dict[str, str] = {}
    for epci in package.epci:
        siren = epci["code"]
        cls, category = EPCI_KINDS[epci["type"]]
        territory = territory_iri("epci", siren)
        _territory(w, territory, "EPCITerritory", epci["nom"], siren)
        _population(w, territory, epci.get("populationMunicipale"), "")
        _organisation(w, organisation_iri(siren), cls, epci["nom"], category, territory, siren)
        for member in epci["membres"]:
            epci_of[member["code"]] = siren
    for commune in package.kept_communes():
        code, siren = commune["code"], commune["siren"]
        territory = territory_iri("commune", code)
        _territory(w, territory, "CommuneTerritory", commune["nom"], code)
        _population(w, territory, commune.get("population"), commune["departement"])
        w.add(territory, PV.withinTerritory, _iri(territory_iri("departement", commune["departement"])))
        w.add(territory, PV.withinTerritory, _iri(territory_iri("region", commune["region"])))
        organisation = organisation_iri(siren)
        _organisation(w, organisation, "Commune", commune["nom"], "7210", territory, siren)
        if code in epci_of:
            w.add(territory, PV.withinTerritory, _iri(territory_iri("epci", epci_of[code])))
            w.add(organisation, ORG.memberOf, _iri(organisation_iri(epci_of[code])))
    return sorted(w.lines)


def write_ntriples_gz(lines: Iterable[str], path: Path | str) -> int:
    """Write lines as gzip-compressed N-Triples, byte-identical for identical lines.

    The gzip header holds no file name and a zero mtime, so regenerating gives the same bytes.
    Returns the number of lines written.
    """
    count = 0
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                 compresslevel=9) as out:
        for line in lines:
            out.write(line.encode("utf-8") + b"\n")
            count += 1
    return count


def write_counts(package: Package, triples: int, path: Path | str) -> dict[str, Any]:
    """Record the package's counts next to the data, so tests can check without the package."""
    counts: dict[str, Any] = {
        "package": PACKAGE_NAME,
        "version": PACKAGE_VERSION,
        "vintage": VINTAGE,
        **package.counts(),
        "communes_without_epci_codes": package.communes_without_epci(),
        "triples": triples,
    }
    Path(path).write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return counts


def _column(store: Store, query: str) -> frozenset[str]:
    result = store.query(query)
    return frozenset(v for v in result.values(result.variables[0]) if v is not None)


def known_commune_codes(store: Store) -> frozenset[str]:
    """INSEE codes of every commune in the store's referential graph (empty if not loaded)."""
    return _column(store, KNOWN_COMMUNES_QUERY)


def known_sirens(store: Store) -> frozenset[str]:
    """SIRENs of every organisation in the store's referential graph."""
    return _column(store, KNOWN_SIRENS_QUERY)


def iter_triples(path: Path | str) -> Iterator[ox.Triple]:
    """The triples of a referential file (``.nt.gz``), for tests and benchmarks."""
    with gzip.open(path, "rb") as fh:
        for quad in ox.parse(fh, format=ox.RdfFormat.N_TRIPLES):  # type: ignore[arg-type]  # a binary file
            yield quad.triple
