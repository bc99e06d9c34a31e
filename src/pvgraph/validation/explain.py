"""Turn pySHACL's report graph into :class:`Result`s a steward can read.

pySHACL copies a shape's ``sh:message`` through but only substitutes variables in SPARQL-based
constraints, and says nothing when a shape has no message. Here every result gets a text in the
requested language: the shape's own ``sh:message`` (``{$this}``, ``{$value}`` and ``{$path}`` are
replaced by the record's label, the value and the field), else pvgraph's default for the
constraint component (``constraint.*`` in the one catalogue, :mod:`pvgraph.messages`).
"""

from __future__ import annotations

import re

import rdflib
from rdflib import RDF, RDFS, SKOS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF

from pvgraph import messages
from pvgraph.namespaces import ORG, PREFIXES, PV, SH
from pvgraph.validation.report import Result, Severity, result_id, stable_key
from pvgraph.validation.sources import Sources
from pvgraph.validation.suggestions import Fix, suggest, write_fix

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name)
_VAR = re.compile(r"\{[$?](\w+)\}")
VALUE_KIND = ("ClassConstraintComponent", "NodeKindConstraintComponent", "DatatypeConstraintComponent")
COUNTS = (SH.minCount, SH.maxCount)

# How an unnamed record is called through the record that links to it: the role the link gives
# it ("la période" of pv:period) and, by the linking record's class, how that record is
# introduced ("du projet"); the words are in the one catalogue.
ROLES: dict[rdflib.term.Node, str] = {
    PV.period: "role.period",
    PV.governs: "role.governs",
    PV.hasAction: "role.has-action",
    PV.createdByAction: "role.created-by-action",
    PV.coversTerritory: "role.covers-territory",
}
OWNERS: dict[rdflib.term.Node, str] = {
    PV.DigitalTerritoryProject: "role.of-digital-territory-project",
    ORG.Membership: "role.of-membership",
    PV.CaseStudy: "role.of-case-study",
    PV.ValueCreationStatement: "role.of-value-creation-statement",
    PV.PublicPolicy: "role.of-public-policy",
    PV.DigitalUsesPolicy: "role.of-digital-uses-policy",
    PV.Action: "role.of-action",
}


def has_default(component: str) -> bool:
    """Whether pvgraph has its own message for a constraint component (by its local name)."""
    return f"constraint.{component}" in messages.MESSAGES


def default_message(component: str, lang: str) -> str:
    """pvgraph's message template for a constraint component (by its local name), or the
    generic one for a component it has none for."""
    key = f"constraint.{component}" if has_default(component) else "constraint.fallback"
    return messages.template(key, lang)


class Description(str):
    """What an unnamed record is called: through the record it belongs to ("la période du projet
    « … »"), never a blank-node identifier. Messages drop their quotes around it."""


class Namer:
    """Short, readable names for IRIs, values and records (prefixed names, labels)."""

    def __init__(self, data: rdflib.Graph, lang: str, ontology: rdflib.Graph | None = None) -> None:
        self.data = data
        self.lang = lang
        self.ontology = ontology
        # Longest namespace first so that pvid: beats a shorter overlapping prefix.
        self._prefixes = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def iri(self, iri: str) -> str:
        """``pv:ledBy`` for a known namespace, ``<…>`` otherwise."""
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and re.fullmatch(r"[\w.-]*", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

    def term(self, node: rdflib.term.Node) -> str:
        """A term as it would be written in Turtle."""
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, Literal):
            lexical = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            if len(lexical) > 80:
                lexical = lexical[:77] + "…"
            if node.language:
                return f'"{lexical}"@{node.language}'
            if node.datatype == rdflib.XSD.integer and re.fullmatch(r"[+-]?[0-9]+", lexical):
                return lexical  # as written in Turtle: 1053, not "1053"^^xsd:integer
            if node.datatype is not None and str(node.datatype) != str(rdflib.XSD.string):
                return f'"{lexical}"^^{self.iri(str(node.datatype))}'
            return f'"{lexical}"'
        if isinstance(node, BNode):
            return "[ ]"
        return str(node)

    def label(self, node: rdflib.term.Node, depth: int = 2) -> str:
        """The record's label in the report's language, else any label; an unnamed record is
        described through the record it belongs to (:class:`Description`), else its short name."""
        if isinstance(node, (URIRef, BNode)):
            named = self._own_label(node)
            if named is not None:
                return named
            described = self._description(node, depth)
            if described is not None:
                return described
            if isinstance(node, BNode):
                types = sorted(str(t) for t in self.data.objects(node, RDF.type))
                kind = self._concept_label(URIRef(types[0])) if types else None
                return Description(kind or messages.text("report.unnamed-record", self.lang))
            return self.short(str(node))
        return self.term(node)

    def _own_label(self, node: rdflib.term.Node) -> str | None:
        for predicate in LABEL_PREDICATES:
            labels = list(self.data.objects(node, predicate))
            if labels:
                best = [x for x in labels if isinstance(x, Literal) and x.language == self.lang]
                return str(sorted(best or labels, key=str)[0])
        return None

    def _description(self, node: rdflib.term.Node, depth: int) -> Description | None:
        """A membership by its member and organisation; anything else by the record that links to it."""
        if depth <= 0:
            return None
        if (node, RDF.type, ORG.Membership) in self.data:
            member, organisation = self.data.value(node, ORG.member), self.data.value(node, ORG.organization)
            if member is not None and organisation is not None:
                a, b = self.label(member, depth - 1), self.label(organisation, depth - 1)
                return Description(messages.text("role.membership", self.lang, member=_quoted(a, self.lang),
                                                 organisation=_quoted(b, self.lang)))
        links = sorted(((p, s) for s, p in self.data.subject_predicates(node) if s != node),
                       key=lambda ps: (str(ps[0]), str(ps[1])))
        for predicate, parent in links:
            role = messages.text(ROLES[predicate], self.lang) if predicate in ROLES else self.iri(str(predicate))
            parent_label = self.label(parent, depth - 1)
            kind = self._kind_phrase(parent)
            return Description(f"{role} {kind}{_quoted(parent_label, self.lang)}")
        return None

    def _kind_phrase(self, node: rdflib.term.Node) -> str:
        """« du projet », « de l'organisation »… from the record's class (French first)."""
        for cls in sorted(self.data.objects(node, RDF.type), key=str):
            if cls in OWNERS:
                return messages.text(OWNERS[cls], self.lang) + " "
        return messages.text("role.of", self.lang) + " "

    def _concept_label(self, iri: URIRef) -> str | None:
        graph = self.ontology
        if graph is None:
            return None
        labels = [x for x in graph.objects(iri, SKOS.prefLabel) if isinstance(x, Literal)]
        labels += [x for x in graph.objects(iri, RDFS.label) if isinstance(x, Literal)]
        best = [x for x in labels if x.language == self.lang]
        return str(sorted(best, key=str)[0]) if best else None

    def display(self, node: rdflib.term.Node) -> str:
        """A value as a message shows it: a concept with its name in the report's language
        ("pv:PoliticalValue (valeur politique)"), a record with its label, a blank node described."""
        if isinstance(node, BNode):
            return str(self.label(node))
        if isinstance(node, URIRef):
            written = self.iri(str(node))
            concept = self._concept_label(node)
            if concept:
                return f"{written} ({concept})"
            named = self._own_label(node)
            if named:
                return f"{_quoted(named, self.lang)} ({written})"
            return written
        return self.term(node)

    def short(self, iri: str) -> str:
        """A compact name for display only (``pvid:example/p1``), not necessarily valid Turtle."""
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and re.fullmatch(r"[\w./-]+", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def path(self, shapes: rdflib.Graph, path: rdflib.term.Node | None) -> tuple[str | None, str | None]:
        """(key, label) of a result path; complex paths are written in SPARQL property-path syntax."""
        if path is None:
            return None, None
        if isinstance(path, URIRef):
            return str(path), self.iri(str(path))
        inverse = shapes.value(path, SH.inversePath)
        if inverse is not None:
            key, label = self.path(shapes, inverse)
            return f"^{key}", f"^{label}"
        alternatives = shapes.value(path, SH.alternativePath)
        if alternatives is not None:
            parts = [self.path(shapes, item) for item in Collection(shapes, alternatives)]
            return "|".join(p[0] or "" for p in parts), "|".join(p[1] or "" for p in parts)
        items = list(Collection(shapes, path)) if (path, RDF.first, None) in shapes else []
        if items:
            parts = [self.path(shapes, item) for item in items]
            return "/".join(p[0] or "" for p in parts), "/".join(p[1] or "" for p in parts)
        key = stable_key(shapes, path)
        return key, key


def _quoted(text: str, lang: str) -> str:
    if isinstance(text, Description):
        return str(text)
    return messages.text("typography.quoted", lang, text=text)


def results_from_shacl(
    report: rdflib.Graph, *, data: rdflib.Graph, shapes: rdflib.Graph, lang: str,
    ontology: rdflib.Graph | None = None, sources: Sources | None = None,
) -> list[Result]:
    """One :class:`Result` per ``sh:result`` of pySHACL's report graph (nested details skipped).

    One message per cause: a shape's ``sh:message`` speaks for all its constraints, so where a
    shape both counts values (``sh:minCount``…) and checks their kind, a value of the wrong kind
    gets pvgraph's message for its kind, not the count's ("must name exactly one"). A fix built
    from the value received, in the syntax of the record's file (``sources``), ends the message.
    """
    namer = Namer(data, lang, ontology)
    sources = sources or Sources()
    out: list[Result] = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        raw_path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        component = report.value(node, SH.sourceConstraintComponent)
        shape = report.value(node, SH.sourceShape)
        constraint = report.value(node, SH.sourceConstraint)
        severity = Severity.from_iri(report.value(node, SH.resultSeverity))
        # pySHACL copies complex paths into the report graph; look for them there first.
        path_graph = report if raw_path is None or (raw_path, None, None) in report else shapes
        path_key, path_label = namer.path(path_graph, raw_path)
        focus_key = stable_key(data, focus) if focus is not None else ""
        shape_key = stable_key(shapes, shape) if shape is not None else None
        value_text = namer.term(value) if value is not None else None
        component_iri = str(component) if component is not None else str(SH.ConstraintComponent)
        local = _local(component_iri)
        fix = suggest(value, path=raw_path, shapes=shapes, shape=shape, component=local, ontology=ontology)
        special = _territory_not_organisation(local, value, shapes, shape, data, ontology, namer)
        # The shape's own words first (unless they speak of another cause, or show another value
        # than the fix built from the steward's), then pvgraph's default for the component, then pySHACL's.
        own = _shape_message(shapes, constraint, lang) or _shape_message(shapes, shape, lang)
        if own is not None and local in VALUE_KIND and value is not None and (
                fix is not None or any((shape, c, None) in shapes for c in COUNTS)) \
                and shapes.value(shape, SH.datatype) != RDF.langString:  # those speak of the language tag
            own = None
        if own is not None and local == "OrConstraintComponent" and fix is not None:
            own = None
        template = own
        if special is not None:
            template, fix = special
        if template is None and has_default(local):
            template = default_message(local, lang)
        if template is None:
            template = _report_message(report, node, lang) or default_message(local, lang)
        syntax = sources.syntax_of(focus)
        written = write_fix(raw_path if isinstance(raw_path, URIRef) else None, fix, syntax) if fix else None
        this = namer.label(focus) if focus is not None else ""
        message = fill(
            template,
            this=this,
            path=_field(shapes, shape, path_label, lang),
            value=namer.display(value) if value is not None else "",
            param=_parameter(shapes, shape, component_iri, namer),
            suggestion=written or "",
        )
        if written and "{suggestion}" not in template:
            message += " " + messages.text("report.fix-guess" if fix and fix.guess else "report.fix", lang, fix=written)
        place = sources.line_of(focus) or _parent_line(data, focus, sources)
        out.append(
            Result(
                id=result_id(focus_key, path_key, component_iri, shape_key, value_text),
                severity=severity,
                focus_node=focus_key,
                focus_label=str(this),
                path=path_key,
                path_label=path_label,
                value=value_text,
                message=message,
                component=component_iri,
                shape=shape_key,
                source="shacl",
                fix=written,
                line=place[1] if place else None,
                file=place[0] if place else None,
                focus_term=focus,
                value_term=value,
                report_node=node,
            )
        )
    return out


def fill(template: str, *, this: str, path: str, value: str, param: str, suggestion: str) -> str:
    """Replace SHACL's ``{$var}``/``{?var}`` and pvgraph's ``{var}`` placeholders.

    A :class:`Description` of an unnamed record replaces the quotes around ``{this}`` too, and a
    message that starts with it gets a capital letter ("La période du projet « … » doit…").
    """
    if isinstance(this, Description):
        for quoted in ("« {$this} »", "« {this} »", "“{$this}”", "“{this}”", '"{$this}"', "{$this}"):
            template = template.replace(quoted, "{this}")
        template = _drop_repeated_kind(template, this)
    values = {"this": this, "path": path, "value": value, "param": param, "suggestion": suggestion}

    def sub(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    text = _VAR.sub(sub, template)
    for key, val in values.items():
        text = text.replace("{" + key + "}", val)
    if not value:  # "; valeur reçue : ." when there is no value (a missing field)
        text = _NO_VALUE.sub("", text)
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] if isinstance(this, Description) else text


_NO_VALUE = re.compile(r"\s*[;,]\s*(?:valeur reçue|value received)\s*:\s*(?=[.)]|$)")
_ARTICLE = re.compile(r"^(?:la |le |les |l'|l’|the |a |an )", re.I)


def _drop_repeated_kind(template: str, this: str) -> str:
    """ "La période {this}" with this = "la période du projet « … »" → "{this}" (the kind once)."""
    position = template.find("{this}")
    prefix = template[:position].strip()
    if not prefix or len(prefix.split()) > 3:
        return template
    kind = _ARTICLE.sub("", prefix.casefold())
    if kind and _ARTICLE.sub("", this.casefold()).startswith(kind):
        return template[position:]
    return template


def _shape_message(shapes: rdflib.Graph, node: rdflib.term.Node | None, lang: str) -> str | None:
    if node is None:
        return None
    given = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
    chosen = [m for m in given if m.language == lang]
    return str(chosen[0]) if chosen else None


def _report_message(report: rdflib.Graph, node: rdflib.term.Node, lang: str) -> str | None:
    """pySHACL's own message, only when it is in the right language (its defaults are English)."""
    given = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    chosen = [m for m in given if m.language == lang or (lang == "en" and m.language is None)]
    return str(sorted(chosen)[0]) if chosen else None


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _parameter(shapes: rdflib.Graph, shape: rdflib.term.Node | None, component: str, namer: Namer) -> str:
    """The value of the parameter a component is named after (sh:minCount for MinCount…)."""
    if shape is None:
        return ""
    name = _local(component).removesuffix("ConstraintComponent")
    if not name:
        return ""
    parameter = SH[name[0].lower() + name[1:]]
    value = shapes.value(shape, parameter)
    if value is None:
        return ""
    if isinstance(value, BNode) and (value, RDF.first, None) in shapes:
        return ", ".join(namer.term(v) for v in Collection(shapes, value))
    if isinstance(value, Literal):
        return str(value)
    return namer.term(value)


def _field(shapes: rdflib.Graph, shape: rdflib.term.Node | None, path_label: str | None, lang: str) -> str:
    """The field as written (``pv:startYear``), with its name when the shape gives one."""
    if path_label is None:
        return ""
    names = [n for n in shapes.objects(shape, SH.name) if isinstance(n, Literal) and n.language == lang] \
        if shape is not None else []
    return f"{path_label} ({names[0]})" if names else path_label


def _parent_line(data: rdflib.Graph, focus: rdflib.term.Node | None, sources: Sources) -> tuple[str, int] | None:
    """The line of the record an unnamed record belongs to (a period is written inside its project)."""
    if focus is None:
        return None
    for parent in sorted(set(data.subjects(None, focus)), key=str):
        if parent != focus and (place := sources.line_of(parent)) is not None:
            return place
    return None


def _territory_not_organisation(
    component: str, value: rdflib.term.Node | None, shapes: rdflib.Graph, shape: rdflib.term.Node | None,
    data: rdflib.Graph, ontology: rdflib.Graph | None, namer: Namer,
) -> tuple[str, Fix | None] | None:
    """An organisation was expected and a territory given (the commune's territory for the
    commune): say so, and name the organisation that governs it (from the submission or the
    referential), rather than "there is no lead"."""
    if component != "ClassConstraintComponent" or value is None or shape is None or ontology is None:
        return None
    expected = shapes.value(shape, SH["class"])
    if expected is None or not _is_subclass(ontology, expected, ORG.Organization):
        return None
    if not any(_is_subclass(ontology, t, PV.Territory) for t in data.objects(value, RDF.type)):
        return None
    organisations = sorted(set(data.subjects(PV.governs, value)), key=str)
    key = "constraint.territory-not-organisation" if organisations else "constraint.territory-not-organisation-unknown"
    template = messages.template(key, namer.lang).replace("{organisation}", namer.display(organisations[0])
                                                           if organisations else "")
    return template, (Fix(organisations[0]) if organisations else None)


def _is_subclass(ontology: rdflib.Graph, cls: rdflib.term.Node, ancestor: rdflib.term.Node) -> bool:
    seen: set[rdflib.term.Node] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current == ancestor:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo.extend(ontology.objects(current, RDFS.subClassOf))
    return False
