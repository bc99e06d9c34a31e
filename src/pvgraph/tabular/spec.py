"""The workbook a steward fills, read from the declarative mapping (``sheets.toml``) and the shapes.

``sheets.toml`` says which sheets exist, which property shape each column fills, how a row's
IRI is made and where references point. Everything else about a column — its French and English
names, its help text, whether it is mandatory, whether it takes several values, its pattern,
its closed list — is read here from the shapes (every property shape on the column's path that
applies to the row's classes) and from the ontology (labels of classes and concepts). The
template, the Table Schemas, the table checks and the mapping all read the one
:class:`WorkbookSpec` made here, so they cannot disagree with each other or with the shapes.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.collection import Collection

import pvgraph.namespaces as ns
from pvgraph.languages import resolve
from pvgraph.namespaces import ORG, PV, SH
from pvgraph.validation.shapes import load_schema

SHAPES_NS = f"{ns.BASE}shapes#"
MAPPING_FILE = Path(__file__).with_name("sheets.toml")

IDENTIFIER_PATTERN = r"[a-z][a-z0-9-]*"
SPACES = " \u00a0\u202f"  # a space, a no-break space, a narrow no-break space (French thousands)
INTEGER_PATTERN = rf"[0-9]{{1,3}}(?:[{SPACES}]?[0-9]{{3}})*(?:,0+)?"
TRUE_VALUES = ("oui", "Oui", "OUI", "vrai", "Vrai", "VRAI", "1")
FALSE_VALUES = ("non", "Non", "NON", "faux", "Faux", "FAUX", "0")


@dataclass(frozen=True)
class Choice:
    """One value of a closed list: what the cell says (French label), and the IRI it stands for."""

    iri: URIRef
    fr: str
    en: str
    notation: str | None = None


@dataclass(frozen=True)
class Column:
    """One column of a sheet, as the template shows it and the reader checks it."""

    name: str  # the Table Schema field name and the header cell
    fr: str
    en: str
    help_fr: str
    help_en: str
    example: str
    kind: str  # identifier, text, string, integer, year, choice, ref, boolean, class
    required: bool = False
    recommended: bool = False
    required_in_node: bool = False  # mandatory as soon as its node (the period…) is given
    multi: bool = False
    unique: bool = False
    predicate: URIRef | None = None
    node: str | None = None  # the secondary node the value goes on (territoire, periode)
    lang: str | None = None
    choices: tuple[Choice, ...] = ()
    ref: str | None = None  # the sheet a reference points into
    ref_node: str | None = None  # …and which node of that row
    inverse: URIRef | None = None  # also stated the other way round (pv:hasAction)
    shapes: tuple[str, ...] = ()  # the property shapes the column fills or is checked by
    rdf_patterns: tuple[str, ...] = ()  # the shapes' sh:pattern on the literal
    minimum: int | None = None
    maximum: int | None = None
    why: str | None = None  # for a column no shape fills: why it exists
    every_node: bool = False  # said of the row's secondary nodes too

    @property
    def pattern(self) -> str | None:
        """The pattern a cell's text must match (Table Schema ``constraints.pattern``)."""
        one = self.value_pattern
        if one is None:
            return None
        if self.multi:
            return rf"^(?:{one})(?:\s*,\s*(?:{one}))*$"
        return rf"^(?:{one})$"

    @property
    def value_pattern(self) -> str | None:
        """The pattern one value matches (without anchors)."""
        if self.kind in ("identifier", "ref"):
            return IDENTIFIER_PATTERN
        if self.kind == "integer":
            return INTEGER_PATTERN
        if self.kind == "year":
            year = _strip_anchors(self.rdf_patterns[0]) if self.rdf_patterns else "[0-9]{4}"
            return rf"{year}|[0-3]?[0-9]/[01]?[0-9]/(?:{year})|(?:{year})-[01][0-9]-[0-3][0-9]"
        if self.kind == "string" and self.rdf_patterns:
            return "|".join(_strip_anchors(p) for p in self.rdf_patterns)
        if self.kind == "choice" and self.multi:
            return "|".join(_regex_escape(c.fr) for c in self.choices)
        return None

    def title(self, lang: str) -> str:
        return self.fr if resolve(lang) == "fr" else self.en

    def help(self, lang: str) -> str:
        return self.help_fr if resolve(lang) == "fr" else self.help_en


@dataclass(frozen=True)
class Node:
    """A secondary node a row makes (an organisation's territory, a project's period)."""

    key: str
    link: URIRef  # the predicate from the row's record to this node
    link_shape: str
    iri: tuple[str, ...]
    cls: URIRef | None = None
    class_from_kind: str | None = None  # read the class from the row's kind (kinds.X.territory)
    label: str | None = None  # the column whose text labels the node too


@dataclass(frozen=True)
class Sheet:
    """One kind of record: a sheet of the template, a CSV file, a Table Schema."""

    key: str
    fr: str
    en: str
    columns: tuple[Column, ...]
    iri: tuple[str, ...]
    cls: URIRef | None = None
    class_from: str | None = None
    kinds: tuple[Choice, ...] = ()
    nodes: tuple[Node, ...] = ()
    primary_key: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return self.fr if resolve(lang) == "fr" else self.en

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def identifier(self) -> str | None:
        return "identifiant" if any(c.kind == "identifier" for c in self.columns) else None

    def classes(self) -> list[URIRef]:
        return [self.cls] if self.cls is not None else [k.iri for k in self.kinds]


@dataclass(frozen=True)
class WorkbookSpec:
    """Every sheet, and what the mapping needs beyond them."""

    sheets: tuple[Sheet, ...]
    base: str
    separator: str
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)  # class local name → extras
    shapes_version: str = ""

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)

    def find_sheet(self, name: str) -> Sheet | None:
        """The sheet a file or tab name means: its key, French or English name (any case or accents)."""
        wanted = fold(Path(name).stem if name.lower().endswith(".csv") else name)
        for sheet in self.sheets:
            if wanted in {fold(sheet.key), fold(sheet.fr), fold(sheet.en)}:
                return sheet
        return None


def fold(text: str) -> str:
    """Case, accents, spaces and punctuation folded away: how names are compared."""
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "", text)


_cache: dict[tuple[str, ...], WorkbookSpec] = {}
_lock = threading.Lock()


def workbook_spec(root: Path) -> WorkbookSpec:
    """The workbook described by ``sheets.toml`` and the shapes of the repository at ``root``
    (cached like the shapes themselves)."""
    schema = load_schema(root)
    key = (*schema.files, str(MAPPING_FILE.stat().st_mtime_ns))
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    spec = build_spec(tomllib.loads(MAPPING_FILE.read_text(encoding="utf-8")), schema.shapes, schema.ontology)
    with _lock:
        _cache.clear()
        _cache[key] = spec
    return spec


def build_spec(mapping: dict[str, Any], shapes: rdflib.Graph, ontology: rdflib.Graph) -> WorkbookSpec:
    """Join the mapping to the shapes. A column naming a shape that does not exist is a bug of
    the mapping (``KeyError`` naming it), caught by the tests, not a steward's problem."""
    reader = _ShapesReader(shapes, ontology)
    kinds_extra: dict[str, dict[str, str]] = mapping.get("kinds", {})
    sheets = []
    for raw in mapping["sheets"]:
        kinds = tuple(reader.class_choice(PV[name]) for name in raw.get("classes", []))
        row_classes = [_curie(raw["class"])] if "class" in raw else [k.iri for k in kinds]
        nodes = []
        node_classes: dict[str | None, list[URIRef]] = {None: row_classes}
        for key, node in raw.get("nodes", {}).items():
            if "class" in node:
                classes = [_curie(node["class"])]
            else:
                extra = node["class_from_kind"]
                classes = sorted({PV[kinds_extra[k.iri.split("#")[-1]][extra]] for k in kinds
                                  if extra in kinds_extra.get(k.iri.split("#")[-1], {})})
            node_classes[key] = classes
            nodes.append(Node(key=key, link=reader.path(node["link"]), link_shape=node["link"],
                              iri=tuple(node["iri"]), cls=_curie(node["class"]) if "class" in node else None,
                              class_from_kind=node.get("class_from_kind"), label=node.get("label")))
        columns = []
        for col in raw["columns"]:
            if "common" in col:
                columns.append(_common_column(col, mapping["common"][col["common"]], kinds))
            else:
                link = raw.get("nodes", {}).get(col.get("node"), {}).get("link")
                columns.append(reader.column(col, node_classes[col.get("node")],
                                             node_recommended=bool(link) and reader.recommended(link, row_classes)))
        sheets.append(Sheet(key=raw["key"], fr=raw["fr"], en=raw["en"], columns=tuple(columns),
                            iri=tuple(raw["iri"]), cls=_curie(raw["class"]) if "class" in raw else None,
                            class_from=raw.get("class_from"), kinds=kinds, nodes=tuple(nodes),
                            primary_key=tuple(raw.get("primary_key", ()))))
    examples = {s.key: s.columns[0].example for s in sheets if s.identifier}
    sheets = [dataclasses.replace(s, columns=tuple(
        dataclasses.replace(c, example=examples.get(c.ref or "", c.example)) if c.kind == "ref" else c
        for c in s.columns)) for s in sheets]
    for sheet in sheets:
        for column in sheet.columns:
            for choice in column.choices:
                if mapping["separator"] in choice.fr and column.multi:
                    raise ValueError(f"{sheet.key}.{column.name}: {choice.fr!r} holds the separator")
    version = str(shapes.value(URIRef(f"{ns.BASE}shapes"), rdflib.OWL.versionInfo) or "")
    return WorkbookSpec(sheets=tuple(sheets), base=mapping["base"], separator=mapping["separator"],
                        kinds=kinds_extra, shapes_version=version)


def _common_column(col: dict[str, Any], common: dict[str, Any], kinds: tuple[Choice, ...]) -> Column:
    kind = {"identifiant": "identifier", "type": "class", "fictif": "boolean"}[col["common"]]
    return Column(
        name=col["name"], fr=common["fr"], en=common["en"], help_fr=common["help_fr"], help_en=common["help_en"],
        example=col.get("example", common.get("example", kinds[0].fr if kinds else "")), kind=kind,
        required=kind in ("identifier", "class"), unique=kind == "identifier",
        predicate=_curie(common["predicate"]) if "predicate" in common else None,
        choices=kinds if kind == "class" else (), why=common["why"], every_node=common.get("every_node", False),
    )


class _ShapesReader:
    """What the shapes say about a path on some classes."""

    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology

    def path(self, shape_name: str) -> URIRef:
        path = self.shapes.value(URIRef(SHAPES_NS + shape_name), SH.path)
        if not isinstance(path, URIRef):
            raise KeyError(f"pvs:{shape_name} has no simple sh:path")
        return path

    def superclasses(self, cls: URIRef) -> set[rdflib.term.Node]:
        return {c for c in self.ontology.transitive_objects(cls, RDFS.subClassOf) if c is not None} | {cls}

    def applicable(self, path: URIRef, classes: list[URIRef]) -> list[rdflib.term.Node]:
        """The property shapes on ``path`` that apply to a node of any of ``classes``."""
        targets: set[rdflib.term.Node] = set()
        for cls in classes:
            targets |= self.superclasses(cls)
        found = []
        alternatives = [p for p in self.shapes.subjects(SH.alternativePath, None)
                        if path in Collection(self.shapes, self.shapes.value(p, SH.alternativePath) or RDF.nil)]
        candidates = [*self.shapes.subjects(SH.path, path),
                      *(s for p in alternatives for s in self.shapes.subjects(SH.path, p))]
        for shape in candidates:
            owners = [shape, *self.shapes.subjects(SH.property, shape)]
            for owner in owners:
                if any(t in targets for t in self.shapes.objects(owner, SH.targetClass)) \
                        or (owner, SH.targetSubjectsOf, path) in self.shapes:
                    found.append(shape)
                    break
        return found

    def column(self, col: dict[str, Any], classes: list[URIRef], node_recommended: bool = False) -> Column:
        primary = URIRef(SHAPES_NS + col["shape"])
        if (primary, SH.path, None) not in self.shapes:
            raise KeyError(f"column {col['name']}: no shape pvs:{col['shape']}")
        path = self.path(col["shape"])
        applicable = self.applicable(path, classes) or [primary]
        violations = [s for s in applicable if self.shapes.value(s, SH.severity) in (None, SH.Violation)]
        warnings = [s for s in applicable if self.shapes.value(s, SH.severity) == SH.Warning]
        # On an alternative path (action or kind of initiative) a minimum is for the set, not the column.
        min_counts = [int(str(v)) for s in violations if isinstance(self.shapes.value(s, SH.path), URIRef)
                      for v in self.shapes.objects(s, SH.minCount)]
        max_counts = [int(str(v)) for s in violations for v in self.shapes.objects(s, SH.maxCount)]
        recommended = any(int(str(v)) >= 1 for s in warnings for v in self.shapes.objects(s, SH.minCount))
        patterns = tuple(sorted({str(v) for s in applicable for v in self.shapes.objects(s, SH.pattern)}))
        choices: tuple[Choice, ...] = ()
        for s in applicable:
            listed = self.shapes.value(s, SH["in"])
            if listed is not None:
                choices = tuple(self.concept_choice(c) for c in Collection(self.shapes, listed))
        datatypes = {self.shapes.value(s, SH.datatype) for s in applicable} - {None}
        for s in applicable:
            for alternatives in self.shapes.objects(s, SH["or"]):
                for member in Collection(self.shapes, alternatives):
                    datatypes |= set(self.shapes.objects(member, SH.datatype))
        bounds = [(self.shapes.value(m, SH.minInclusive), self.shapes.value(m, SH.maxInclusive))
                  for s in applicable for alts in self.shapes.objects(s, SH["or"]) for m in Collection(self.shapes, alts)]
        if choices:
            kind = "choice"
        elif "ref" in col:
            kind = "ref"
        elif rdflib.XSD.gYear in datatypes:
            kind = "year"
        elif datatypes & {rdflib.XSD.integer, rdflib.XSD.nonNegativeInteger}:
            kind = "integer"
        elif "lang" in col:
            kind = "text"
        else:
            kind = "string"
        required = col.get("required", any(n >= 1 for n in min_counts))
        if col.get("node"):
            # A secondary node is made only when one of its columns is filled: its own mandatory
            # properties are the shapes' business then (a period with an end but no start).
            recommended, required_in_node, required = node_recommended and required, required, False
        else:
            required_in_node = False
        multi = kind in ("choice", "ref") and not any(n <= 1 for n in max_counts)
        minimum = max((int(str(lo)) for lo, _ in bounds if lo is not None), default=None)
        maximum = min((int(str(hi)) for _, hi in bounds if hi is not None), default=None)
        help_fr = self.text(primary, SH.description, "fr")
        help_en = self.text(primary, SH.description, "en")
        return Column(
            name=col["name"], fr=self.text(primary, SH.name, "fr"), en=self.text(primary, SH.name, "en"),
            help_fr=help_fr, help_en=help_en, example=col.get("example") or self.example(kind, choices, help_fr),
            kind=kind, required=required, recommended=recommended and not required, multi=multi,
            required_in_node=required_in_node,
            unique=bool(col.get("unique", False)), predicate=path, node=col.get("node"), lang=col.get("lang"),
            choices=choices, ref=col.get("ref"), ref_node=col.get("ref_node"),
            inverse=self.path(col["inverse"]) if "inverse" in col else None,
            shapes=tuple(sorted({str(s) for s in applicable if isinstance(s, URIRef)}
                                | ({SHAPES_NS + col["inverse"]} if "inverse" in col else set()))),
            rdf_patterns=patterns, minimum=minimum, maximum=maximum,
        )

    def recommended(self, shape_name: str, classes: list[URIRef]) -> bool:
        """Whether a warning shape asks for at least one value of this shape's path."""
        shapes = self.applicable(self.path(shape_name), classes)
        return any(self.shapes.value(s, SH.severity) == SH.Warning and int(str(v)) >= 1
                   for s in shapes for v in self.shapes.objects(s, SH.minCount))

    def text(self, node: rdflib.term.Node, predicate: URIRef, lang: str) -> str:
        values = [v for v in self.shapes.objects(node, predicate) if isinstance(v, Literal) and v.language == lang]
        return str(values[0]) if values else ""

    def label(self, iri: rdflib.term.Node, lang: str) -> str:
        for predicate in (SKOS.prefLabel, RDFS.label):
            values = [v for v in self.ontology.objects(iri, predicate) if isinstance(v, Literal) and v.language == lang]
            if values:
                return str(sorted(values)[0])
        return str(iri).split("#")[-1]

    def concept_choice(self, iri: rdflib.term.Node) -> Choice:
        notation = self.ontology.value(iri, SKOS.notation)
        return Choice(URIRef(str(iri)), self.label(iri, "fr"), self.label(iri, "en"),
                      str(notation) if notation is not None else None)

    def class_choice(self, iri: URIRef) -> Choice:
        if (iri, RDF.type, None) not in self.ontology:
            raise KeyError(f"kind {iri} is not declared in the ontology")
        return Choice(iri, self.label(iri, "fr"), self.label(iri, "en"))

    @staticmethod
    def example(kind: str, choices: tuple[Choice, ...], help_fr: str) -> str:
        if choices:
            return choices[0].fr
        quoted = re.search(r'"([^"]+)"(?:\^\^xsd:gYear)?', help_fr)
        if kind == "integer":
            return "12 500"
        if kind == "year":
            return quoted.group(1) if quoted else "2022"
        if kind == "ref":
            return "cc-val-de-brume"
        if quoted and kind == "string":
            return quoted.group(1)
        return ""


def _curie(text: str) -> URIRef:
    prefix, local = text.split(":", 1)
    return URIRef({"pv": str(PV), "org": str(ORG)}[prefix] + local)


def _strip_anchors(pattern: str) -> str:
    return pattern.removeprefix("^").removesuffix("$")


def _regex_escape(text: str) -> str:
    """Escape the characters regular expressions give a meaning to (and only those, so the
    pattern reads the same in Python, XML Schema and JavaScript)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)
