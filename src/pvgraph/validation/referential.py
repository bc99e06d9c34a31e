"""Checks against the territorial referential: does this commune code, this SIREN exist?

A shape can check that an INSEE code has five characters and that a SIREN's check digit is right,
but not that the commune or the organisation exists: that needs the referential (34 875 communes),
far too big to put in every data graph given to pySHACL. So the codes a submission uses are
looked up in the store's referential graph (``graph/referential``, written by the build from
``data/referential/``), in one query per kind, and each unknown one becomes a result.

An unknown commune code is a violation (the referential holds every commune). An unknown SIREN
is a warning: the referential holds communes and groupings, not every legal person that can lead
a project.
"""

from __future__ import annotations

import re

import rdflib
from rdflib import RDF, Literal

from pvgraph.namespaces import PV, REFERENTIAL_GRAPH
from pvgraph.store import Store
from pvgraph.validation.explain import Namer, fill
from pvgraph.validation.messages import default_message
from pvgraph.validation.report import VALIDATION_NS, Result, Severity, result_id, stable_key

UNKNOWN_INSEE = VALIDATION_NS + "UnknownInseeCodeConstraintComponent"
UNKNOWN_SIREN = VALIDATION_NS + "UnknownSirenConstraintComponent"
INSEE_COMMUNE = re.compile(r"^(?:[0-9]{2}|2[AB])[0-9]{3}$")
SIREN = re.compile(r"^[0-9]{9}$")

# The patterns of pvgraph.referential.KNOWN_COMMUNES_QUERY / KNOWN_SIRENS_QUERY, restricted to the
# codes of the submission so that the store answers from its indexes.
COMMUNE_QUERY = """
PREFIX pv: <{pv}>
SELECT DISTINCT ?code WHERE {{
  VALUES ?code {{ {values} }}
  GRAPH <{graph}> {{ ?t a pv:CommuneTerritory ; pv:inseeCode ?code }}
}}"""
SIREN_QUERY = """
PREFIX pv: <{pv}>
SELECT DISTINCT ?code WHERE {{ VALUES ?code {{ {values} }} GRAPH <{graph}> {{ ?o pv:siren ?code }} }}
"""


def has_referential(store: Store) -> bool:
    """Whether the store holds a referential graph at all (an empty one would make every code unknown)."""
    result = store.query(f"ASK {{ GRAPH <{REFERENTIAL_GRAPH}> {{ ?s ?p ?o }} }}")
    return bool(result.boolean)


VINTAGE_QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?title ?year WHERE {{ GRAPH <{graph}> {{ ?source a dct:BibliographicResource ; dct:title ?title ;
                                                    dct:temporal ?year }} }} ORDER BY ?title LIMIT 1"""


def referential_vintage(store: Store) -> str | None:
    """The referential's vintage and source as the build recorded them ("2026,
    @etalab/decoupage-administratif 6.0.0"), for the report's provenance line."""
    rows = store.query(VINTAGE_QUERY.format(graph=str(REFERENTIAL_GRAPH)))
    for year, title in zip(rows.values("year"), rows.values("title"), strict=False):
        if year is not None:
            return f"{year} ({title})" if title else str(year)
    return None


def referential_results(data: rdflib.Graph, referential: Store, *, lang: str) -> list[Result]:
    """Results for the commune codes and SIRENs of ``data`` that the referential does not know.

    Only well-formed codes are looked up (malformed ones are the shapes' business), so the values
    inlined in the query are digits and the letters A and B only.
    """
    communes = [
        (s, o) for s, o in data.subject_objects(PV.inseeCode)
        if (s, RDF.type, PV.CommuneTerritory) in data and isinstance(o, Literal) and INSEE_COMMUNE.match(str(o))
    ]
    sirens = [(s, o) for s, o in data.subject_objects(PV.siren)
              if isinstance(o, Literal) and SIREN.match(str(o))]
    out: list[Result] = []
    namer = Namer(data, lang)
    for pairs, query, component, severity, path in (
        (communes, COMMUNE_QUERY, UNKNOWN_INSEE, Severity.VIOLATION, PV.inseeCode),
        (sirens, SIREN_QUERY, UNKNOWN_SIREN, Severity.WARNING, PV.siren),
    ):
        if not pairs:
            continue
        known = _known(referential, query, sorted({str(o) for _, o in pairs}))
        for subject, code in pairs:
            if str(code) in known:
                continue
            focus = stable_key(data, subject)
            value = f'"{code}"'
            out.append(Result(
                id=result_id(focus, str(path), component, None, value),
                severity=severity,
                focus_node=focus,
                focus_label=namer.label(subject),
                path=str(path),
                path_label=namer.iri(str(path)),
                value=value,
                message=fill(default_message(component.rsplit("#", 1)[-1], lang), this=namer.label(subject),
                             path=namer.iri(str(path)), value=value, param="", suggestion=""),
                component=component,
                shape=None,
                source="referential",
                focus_term=subject,
                value_term=code,
            ))
    return out


def _known(referential: Store, query: str, codes: list[str]) -> set[str]:
    values = " ".join(f'"{code}"' for code in codes)
    sparql = query.format(pv=str(PV), values=values, graph=str(REFERENTIAL_GRAPH))
    result = referential.query(sparql)
    return {v for v in result.values("code") if v is not None}
