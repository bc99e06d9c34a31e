"""pvgraph's own derived relations, which a submission may not state.

``pv:mostSpecificKind``, ``pv:ledByEPCI`` and ``pv:epciLeadFor`` are pvgraph's inferences
(:mod:`pvgraph.reasoning.derived`): computed into the inferred graph from the types, leaders,
memberships and periods the data states, at every build and with every submission. Stated by a
submission they would sit in its graph beside the computed ones and could contradict them (a
"most specific kind" that is not, a project "led by an EPCI" whose lead is none), and no
withdrawal of the inferred graph would take them back. They are declared by the ontology, so the
undeclared-term check lets them through: they are refused here, one violation per statement,
naming the record, the relation and what pvgraph computes it from. The list is the reasoner's
own (``PROPERTIES``): a new derived relation is refused without a change here.
"""

from __future__ import annotations

import rdflib

from pvgraph import messages
from pvgraph.reasoning.derived import EPCI_LEAD_FOR, LED_BY_EPCI, MOST_SPECIFIC_KIND, PROPERTIES
from pvgraph.validation.explain import Namer, fill
from pvgraph.validation.report import VALIDATION_NS, Result, Severity, result_id, stable_key
from pvgraph.validation.sources import Sources

DERIVED = VALIDATION_NS + "DerivedRelationConstraintComponent"
BASIS = {MOST_SPECIFIC_KIND: "derived.basis.kind", LED_BY_EPCI: "derived.basis.lead",
         EPCI_LEAD_FOR: "derived.basis.lead"}
"""What each relation is computed from, by its entry in the one catalogue (the hint names it)."""


def derived_relation_results(data: rdflib.Graph, *, lang: str, sources: Sources | None = None) -> list[Result]:
    """One violation per statement of ``data`` whose property is one of pvgraph's derived
    relations, with the record's file and line when ``sources`` knows them."""
    namer = Namer(data, lang)
    sources = sources or Sources()
    out: list[Result] = []
    for prop in PROPERTIES:
        for subject, value in sorted(data.subject_objects(rdflib.URIRef(prop)), key=lambda so: (str(so[0]), str(so[1]))):
            focus, written, path = stable_key(data, subject), namer.term(value), namer.iri(prop)
            basis = messages.text(BASIS.get(prop, "derived.basis.other"), lang)
            # what, where and how to fix in one text, as every finding of a report says it
            message = fill(messages.template("constraint.DerivedRelationConstraintComponent", lang),
                           this=namer.label(subject), path=path, value=namer.display(value), param=basis,
                           suggestion="")
            place = sources.line_of(subject)
            out.append(Result(
                id=result_id(focus, prop, DERIVED, None, written), severity=Severity.VIOLATION,
                focus_node=focus, focus_label=namer.label(subject), path=prop, path_label=path, value=written,
                message=message, component=DERIVED, shape=None, source="derived",
                file=place[0] if place else None, line=place[1] if place else None,
                focus_term=subject, value_term=value,
            ))
    return out
