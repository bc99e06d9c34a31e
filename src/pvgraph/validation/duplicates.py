"""The same commune or organisation given twice in one submission.

Two records with the same INSEE commune code, or the same SIREN, describe one real thing twice
(a row copied in a spreadsheet, a commune described under two IRIs): the graph would then hold two
communes where there is one. SHACL cannot see it (each record is fine on its own), so it is
checked here, on the submission alone (no referential needed): every record after the first gets
a violation naming the first.
"""

from __future__ import annotations

import rdflib
from rdflib import RDF

from pvgraph.namespaces import PV
from pvgraph.validation.explain import Namer, default_message, fill
from pvgraph.validation.report import VALIDATION_NS, Result, Severity, result_id, stable_key

DUPLICATE = VALIDATION_NS + "DuplicateIdentifierConstraintComponent"


def duplicate_results(data: rdflib.Graph, *, lang: str, described: set[rdflib.term.Node] | None = None) -> list[Result]:
    """One violation per record whose commune code or SIREN an earlier record already has.

    ``described`` limits the check to the submission's own records (``data`` may carry the
    referential's description of records it only links to).
    """
    namer = Namer(data, lang)
    out: list[Result] = []
    for path, kind in ((PV.inseeCode, PV.CommuneTerritory), (PV.siren, None)):
        first: dict[str, rdflib.term.Node] = {}
        for subject, code in sorted(data.subject_objects(path), key=lambda so: (str(so[1]), str(so[0]))):
            if described is not None and subject not in described:
                continue
            if kind is not None and (subject, RDF.type, kind) not in data:
                continue
            earlier = first.setdefault(str(code), subject)
            if earlier == subject:
                continue
            focus = stable_key(data, subject)
            value = namer.term(code)
            other = namer.label(earlier)
            out.append(Result(
                id=result_id(focus, str(path), DUPLICATE, None, value),
                severity=Severity.VIOLATION, focus_node=focus, focus_label=namer.label(subject),
                path=str(path), path_label=namer.iri(str(path)), value=value,
                message=fill(default_message("DuplicateIdentifierConstraintComponent", lang),
                             this=namer.label(subject), path=namer.iri(str(path)), value=value,
                             param=other, suggestion=""),
                component=DUPLICATE, shape=None, source="duplicates", focus_term=subject, value_term=code,
            ))
    return out
