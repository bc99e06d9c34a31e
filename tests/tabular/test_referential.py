"""A spreadsheet goes through the same referential look-ups as RDF, and its findings come back to
the row: a commune named by its real SIREN and INSEE code links to the referential's records; a
row whose name and code disagree (a row shifted by one) is reported at its cells.

Uses the slice of the real referential (the Ain) of tests/validation; the rows only repeat what
the referential says, or mix two of its rows up on purpose.
"""

from __future__ import annotations

from pvgraph.settings import Settings
from pvgraph.store import EmbeddedStore
from pvgraph.tabular.spec import WorkbookSpec
from pvgraph.tabular.validation import Spreadsheet, convert, validate_with_spreadsheets
from tests.validation.conftest import real_referential  # noqa: F401 (the fixture)

HEADER = "identifiant;nom;type;siren;categorie_juridique;code_insee\r\n"


def _report(rows: str, spec: WorkbookSpec, settings: Settings, referential: EmbeddedStore):
    conversion = convert(Spreadsheet("organisations.csv", (HEADER + rows).encode(), "csv"), spec, "fr")
    return conversion, validate_with_spreadsheets([conversion], settings=settings, lang="fr",
                                                  referential=referential, use_store=False)


def test_a_commune_named_as_the_referential_names_it(spec: WorkbookSpec, settings: Settings,
                                                     real_referential: EmbeddedStore) -> None:  # noqa: F811
    conversion, report = _report("bourg;Bourg-en-Bresse;commune;210100533;;01053\r\n", spec, settings,
                                 real_referential)
    subjects = {str(s) for s, _, _ in conversion.mapped.triples}
    assert "https://w3id.org/pvgraph/id/organisation/210100533" in subjects  # the referential's own IRIs
    assert "https://w3id.org/pvgraph/id/territory/commune/01053" in subjects
    assert report.conforms, [r.message for r in report.results]


def test_a_shifted_row_is_reported_at_its_cells(spec: WorkbookSpec, settings: Settings,
                                                real_referential: EmbeddedStore) -> None:  # noqa: F811
    _, report = _report("bourg;Bourg-en-Bresse;commune;210100533;;01004\r\n", spec, settings, real_referential)
    placed = [r for r in report.results if r.source == "referential" and r.cell is not None]
    assert placed, [r.message for r in report.results]
    assert all(r.cell.row == 2 and r.message.startswith("Feuille organisations.csv, ligne 2") for r in placed)
