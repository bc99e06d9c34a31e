"""An accepted spreadsheet goes back to the template and comes back as the same graph."""

from __future__ import annotations

import pytest
from rdflib.compare import graph_diff, isomorphic

from pvgraph.tabular.export import rows_from_graph
from pvgraph.tabular.spec import WorkbookSpec
from pvgraph.tabular.template import write_template
from pvgraph.tabular.validation import Spreadsheet, convert
from tests.tabular.conftest import FIXTURES


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
@pytest.mark.parametrize("fixture", ["conforming.xlsx", "conforming.libreoffice.ods"])
def test_export_and_reimport_give_the_same_graph(fixture: str, fmt: str, spec: WorkbookSpec) -> None:
    data = (FIXTURES / fixture).read_bytes()
    first = convert(Spreadsheet(fixture, data, "ods" if fixture.endswith(".ods") else "xlsx"), spec, "fr")
    assert len(first.mapped.graph) > 50
    exported = write_template(spec, fmt, rows=rows_from_graph(first.mapped.graph, spec))
    again = convert(Spreadsheet("back", exported, {"csv": "csv-zip"}.get(fmt, fmt)), spec, "fr")
    assert again.checked.conforms
    if not isomorphic(first.mapped.graph, again.mapped.graph):
        _, only_first, only_again = graph_diff(first.mapped.graph, again.mapped.graph)
        pytest.fail(f"lost: {sorted(only_first)[:5]}; gained: {sorted(only_again)[:5]}")


def test_an_organisation_with_a_siren_keeps_its_identifier(spec: WorkbookSpec) -> None:
    """Its IRI is the referential's (…/organisation/{siren}); the steward's key goes back to the sheet."""
    header = "identifiant;nom;type;siren\r\n"
    data = (header + "ma-commune;Ma commune (fictive);commune;213500000\r\n").encode()
    first = convert(Spreadsheet("organisations.csv", data, "csv"), spec, "fr")
    assert any(str(s).endswith("/organisation/213500000") for s in first.mapped.graph.subjects())
    rows = rows_from_graph(first.mapped.graph, spec)
    assert rows["organisations"][0][:4] == ["ma-commune", "Ma commune (fictive)", "commune", "213500000"]
