"""The shapes, the template's columns and the Table Schemas cannot drift apart.

Every property a steward fills — every property shape (violations and warnings) on the classes
of the sheets and of their secondary nodes, except the study's own records (case studies) — has a
column; every column fills a property shape, or says why it exists; every column is a field of
its sheet's Table Schema, with the shapes' constraints.
"""

from __future__ import annotations

import json

import rdflib
from frictionless import Schema
from rdflib import RDF, URIRef
from rdflib.collection import Collection

from pvgraph.namespaces import PV, SH
from pvgraph.tabular.spec import SHAPES_NS, WorkbookSpec
from pvgraph.tabular.table_schema import table_schema
from pvgraph.tabular.template import write_template
from pvgraph.validation.shapes import load_schema
from tests.tabular.conftest import ROOT

# Shapes a steward does not fill through the spreadsheet, and why.
NOT_FILLED = {
    "CaseStudy": "case studies are the research's records, written by the study, not by stewards",
}


def steward_shapes(spec: WorkbookSpec) -> set[str]:
    """The property shapes (with a simple or alternative path) that apply to a record or node of the sheets."""
    schema = load_schema(ROOT)
    shapes, ontology = schema.shapes, schema.ontology
    classes: set[rdflib.term.Node] = set()
    for sheet in spec.sheets:
        for cls in sheet.classes():
            classes |= set(ontology.transitive_objects(cls, rdflib.RDFS.subClassOf))
    classes |= {PV.Period, PV.Territory, PV.CommuneTerritory, PV.EPCITerritory, PV.DepartementTerritory,
                PV.RegionTerritory}
    found = set()
    for owner in set(shapes.subjects(SH.targetClass, None)):
        if not set(shapes.objects(owner, SH.targetClass)) & classes:
            continue
        members = [owner] if (owner, SH.path, None) in shapes else list(shapes.objects(owner, SH.property))
        for shape in members:
            name = str(shape).removeprefix(SHAPES_NS)
            if isinstance(shape, URIRef) and not any(name.startswith(k) for k in NOT_FILLED):
                found.add(name)
    return found


def covered_predicates(spec: WorkbookSpec) -> set[rdflib.term.Node]:
    out: set[rdflib.term.Node] = {RDF.type}
    for sheet in spec.sheets:
        out |= {c.predicate for c in sheet.columns if c.predicate is not None}
        out |= {c.inverse for c in sheet.columns if c.inverse is not None}
        out |= {n.link for n in sheet.nodes}
    return out


def path_covered(shapes: rdflib.Graph, path: rdflib.term.Node, predicates: set[rdflib.term.Node]) -> bool:
    """A simple path is covered by a column of its predicate; an alternative path when one of its
    alternatives is; an inverse or a sequence when all of its steps are."""
    if isinstance(path, URIRef):
        return path in predicates
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return any(path_covered(shapes, p, predicates) for p in Collection(shapes, alternatives))
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return path_covered(shapes, inverse, predicates)
    return all(path_covered(shapes, p, predicates) for p in Collection(shapes, path))


def test_every_shape_property_a_steward_fills_has_a_column(spec: WorkbookSpec) -> None:
    shapes = load_schema(ROOT).shapes
    predicates = covered_predicates(spec)
    missing = {name for name in steward_shapes(spec)
               if not path_covered(shapes, shapes.value(URIRef(SHAPES_NS + name), SH.path), predicates)}
    assert not missing, missing
    # and the other way: dropping a column leaves its shape uncovered (the test can fail)
    without = predicates - {PV.ledBy}
    assert not path_covered(shapes, PV.ledBy, without)


def test_every_column_fills_a_shape_or_says_why(spec: WorkbookSpec) -> None:
    schema = load_schema(ROOT)
    for sheet in spec.sheets:
        for column in sheet.columns:
            if column.why:
                assert not column.shapes
                continue
            assert column.shapes, f"{sheet.key}.{column.name} fills no shape"
            paths = {schema.shapes.value(URIRef(s), SH.path) for s in column.shapes}
            assert column.predicate in paths or any(
                (p, SH.alternativePath, None) in schema.shapes for p in paths), (sheet.key, column.name)


def test_columns_carry_the_shapes_constraints(spec: WorkbookSpec) -> None:
    projets = spec.sheet("projets")
    assert projets.column("porteur").required  # pvs:Project-ledBy sh:minCount 1
    assert projets.column("porteur").multi  # no sh:maxCount
    organisations = spec.sheet("organisations")
    assert organisations.column("siren").pattern == "^(?:[0-9]{9})$"  # pvs:Siren-pattern
    assert "2[AB]" in (organisations.column("code_insee").pattern or "")  # pvs:CommuneCode-pattern
    values = [c.fr for c in spec.sheet("enonces").column("type_valeur").choices]
    assert len(values) == 7 and "valeur politique" in values  # the seven value types, in French
    assert not spec.sheet("enonces").column("type_valeur").multi  # sh:maxCount 1


def test_table_schemas_are_the_columns_and_valid(spec: WorkbookSpec) -> None:
    for sheet in spec.sheets:
        descriptor = table_schema(sheet, spec)
        assert [f["name"] for f in descriptor["fields"]] == [c.name for c in sheet.columns]
        for field, column in zip(descriptor["fields"], sheet.columns, strict=True):
            assert field.get("constraints", {}).get("required", False) == column.required
        Schema.from_descriptor(descriptor)  # raises on an invalid Table Schema
        for key in ("name", "title", "description", "homepage", "path", "version", "contributors", "licenses"):
            assert descriptor[key], key  # what schema.data.gouv.fr checks when it references a schema


def test_the_template_zip_holds_the_same_schemas(spec: WorkbookSpec) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(write_template(spec, "csv"))) as archive:
        for sheet in spec.sheets:
            assert json.loads(archive.read(f"schemas/{sheet.key}.json"))["fields"] == table_schema(sheet, spec)["fields"]
            header = archive.read(f"{sheet.key}.csv").decode("utf-8-sig").splitlines()[0]
            assert header.split(";") == [c.name for c in sheet.columns]


def test_kinds_come_from_the_ontology(spec: WorkbookSpec) -> None:
    schema = load_schema(ROOT)
    for sheet in spec.sheets:
        for kind in sheet.kinds:
            assert (kind.iri, RDF.type, None) in schema.ontology
