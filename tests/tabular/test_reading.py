"""French spreadsheet habits are read as the steward meant them; what cannot be read is a clear error."""

from __future__ import annotations

import io
import zipfile

import pytest
from rdflib import XSD, Literal, URIRef

from pvgraph.errors import InputError
from pvgraph.settings import Settings
from pvgraph.tabular.inputs import as_spreadsheet
from pvgraph.tabular.spec import WorkbookSpec
from pvgraph.tabular.validation import convert
from tests.tabular.conftest import FIXTURES, cells, validate_bytes

HEADER = "identifiant;nom;type;siren;categorie_juridique;code_insee;population;annee_population;fictif"
ROW = "brume-sur-lac;Brume-sur-Lac (commune fictive);commune;;;{code};{population};{year};oui"
TERRITORY = URIRef("https://w3id.org/pvgraph/id/territory/brume-sur-lac")
PV = "https://w3id.org/pvgraph/ontology#"


def _organisations(code: str = "", population: str = "6200", year: str = "2023", *, sep: str = ";") -> str:
    return (HEADER + "\r\n" + ROW.format(code=code, population=population, year=year) + "\r\n").replace(";", sep)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_encodings_and_separators(encoding: str, sep: str, spec: WorkbookSpec, settings: Settings) -> None:
    data = _organisations(sep=sep).encode(encoding)
    report = validate_bytes(data, "organisations.csv", spec, settings)
    assert report.conforms, [r.message for r in report.results]
    conversion = convert(as_spreadsheet(data, "organisations.csv", spec), spec, "fr")
    labels = {str(o) for o in conversion.mapped.graph.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert "Brume-sur-Lac (commune fictive)" in labels  # the accents survived Windows-1252


@pytest.mark.parametrize(("written", "value"), [("18 400", 18400), ("18\u00a0400", 18400), ("18\u202f400", 18400),
                                                 ("6 200,00", 6200), ("6200", 6200)])
def test_thousands_and_decimal_commas(written: str, value: int, spec: WorkbookSpec) -> None:
    data = _organisations(population=written).encode("utf-8")
    graph = convert(as_spreadsheet(data, "organisations.csv", spec), spec, "fr").mapped.graph
    assert graph.value(TERRITORY, URIRef(PV + "population")) == Literal(value, datatype=XSD.integer)


@pytest.mark.parametrize("written", ["2023", "31/12/2023", "2023-12-31"])
def test_years_and_dates(written: str, spec: WorkbookSpec) -> None:
    data = _organisations(year=written).encode("utf-8")
    graph = convert(as_spreadsheet(data, "organisations.csv", spec), spec, "fr").mapped.graph
    assert graph.value(TERRITORY, URIRef(PV + "populationYear")) == Literal("2023", datatype=XSD.gYear)


def test_a_lost_leading_zero_is_an_error_with_the_likely_fix(spec: WorkbookSpec, settings: Settings) -> None:
    report = validate_bytes(_organisations(code="1053").encode(), "organisations.csv", spec, settings)
    assert not report.conforms  # never a silent guess
    (result,) = [r for r in report.results if r.cell and r.cell.column == "code_insee"]
    assert "« 01053 » ?" in result.message and result.cell.text == "1053"
    assert result.message.startswith("Feuille organisations.csv, ligne 2, colonne « code_insee » :")


def test_recognised_by_content_whatever_the_name(spec: WorkbookSpec) -> None:
    for fixture, fmt in (("conforming.xlsx", "xlsx"), ("conforming.libreoffice.ods", "ods"), ("conforming.zip", "csv-zip")):
        sheet = as_spreadsheet((FIXTURES / fixture).read_bytes(), "upload.bin", spec)
        assert sheet is not None and sheet.format == fmt
    csv = as_spreadsheet(_organisations().encode(), "upload", spec)
    assert csv is not None and csv.format == "csv"
    assert as_spreadsheet(b"@prefix pv: <https://w3id.org/pvgraph/ontology#> .\n", "x", spec) is None


def test_an_xls_file_is_refused_with_advice(spec: WorkbookSpec) -> None:
    sheet = as_spreadsheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "vieux.xls", spec)
    with pytest.raises(InputError) as caught:
        convert(sheet, spec, "fr")
    assert ".xlsx" in caught.value.in_language("fr").hint


def test_a_damaged_workbook_is_an_input_error(spec: WorkbookSpec) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    sheet = as_spreadsheet(buffer.getvalue(), "abime.xlsx", spec)
    with pytest.raises(InputError):
        convert(sheet, spec, "fr")


def test_no_sheet_of_the_template(spec: WorkbookSpec) -> None:
    with pytest.raises(InputError) as caught:
        convert(as_spreadsheet(b"a;b\n1;2\n", "autre.csv", spec), spec, "fr")
    assert "Organisations" in caught.value.in_language("fr").hint


def test_header_problems(spec: WorkbookSpec, settings: Settings) -> None:
    data = (b"identifiant;nom;couleur\r\nbrume;Brume (fictive);bleu\r\n")
    report = validate_bytes(data, "organisations.csv", spec, settings)
    assert ("organisations.csv", 1, "type") in cells(report)  # a mandatory column is missing
    assert ("organisations.csv", 1, "couleur") in cells(report, severity="Warning")  # an unknown one is ignored


def test_header_in_french_or_english_words(spec: WorkbookSpec, settings: Settings) -> None:
    data = b"Identifiant;Name;Kind\r\nbrume;Brume (fictive);commune\r\n"
    report = validate_bytes(data, "organisations.csv", spec, settings)
    assert not cells(report), [r.message for r in report.results]


def test_the_same_commune_twice(spec: WorkbookSpec, settings: Settings) -> None:
    data = (HEADER + "\r\n" + ROW.format(code="01053", population="", year="") + "\r\n"
            + ROW.format(code="01053", population="", year="").replace("brume-sur-lac", "brume-bis") + "\r\n").encode()
    report = validate_bytes(data, "organisations.csv", spec, settings)
    (twice,) = [r for r in report.results if r.cell and r.cell.column == "code_insee"]
    assert twice.cell.row == 3 and "ligne 2" in twice.message
